"""Notebook pages' code: resolved from snippets/ and executed in a fresh Jupyter kernel.

A notebook page's code cells hold snippet includes only; `resolve` puts the code in
(i18n.includes, the one resolver). `execute` runs it in a kernel of the build's own
interpreter, in an empty folder, with errors not allowed, and caches the outputs by
everything they depend on, so the five languages share one execution and a build
without changes executes nothing. Figures are drawn in every language (the figure
functions of sitebuild/child.py), and `in_language` picks the page's.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path

from i18n.includes import SNIPPETS, IncludeError, find_includes
from i18n.includes import resolve as resolve_include
from i18n.notebooks import META, NotebookError, cell_text
from i18n.words import figure_translations
from sitebuild import cache
from sitebuild.runner import ALWAYS, CHILD, child_environment, versions

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def from_text(text: str, where: str):
    """The notebook in text as nbformat nodes (the tool's reader, then nbformat's)."""
    import nbformat

    from i18n.notebooks import read

    try:
        return nbformat.from_dict(read(text, where))
    except NotebookError:
        raise
    except Exception as error:
        raise NotebookError(f"{where}: not a valid notebook ({error})") from None


def resolve(nb, where: str, snippets_dir: Path = SNIPPETS):
    """A copy of nb whose code cells hold the code their includes name."""
    nb = copy.deepcopy(nb)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        text = cell_text(cell)
        includes = find_includes(text)
        lines = [line for line in text.splitlines() if line.strip()]
        if not includes or len(includes) != len(lines):
            raise NotebookError(
                f'{where}: cell {number}: a code cell may hold snippet includes only (--8<-- "file.py:section")'
            )
        try:
            code = "".join(resolve_include(inc, snippets_dir) for inc in includes)
        except IncludeError as error:
            raise NotebookError(f"{where}: cell {number}: {error}") from None
        cell.source = code.rstrip("\n")
        # only ours: nbclient obeys a cell's tags (skip-execution, raises-exception), and a
        # translation's run is cached under the same key as English's (the code's)
        cell.metadata.clear()
        cell.metadata[META] = {"snippets": [inc.target for inc in includes]}
        cell.outputs, cell.execution_count = [], None
    nb.metadata.setdefault("kernelspec", dict(KERNEL))
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def execution_key(nb) -> str:
    """What an execution depends on: the code, in order, the words its figures are drawn
    with in each language (i18n/figures.yml), the kernel's set-up and the versions of
    Python and of the packages the notebook needs."""
    code = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    requires = list((nb.metadata.get(META) or {}).get("requires") or [])
    return cache.key_of(
        code,
        figure_translations(),
        KERNEL_SETUP,
        RUN_PROBE,
        CHILD.read_text(encoding="utf-8"),
        versions(sys.executable, [*ALWAYS, "ipykernel", *requires]),
    )


# Run first in the kernel, as a cell of its own that the notebook does not keep: every
# figure a cell shows is displayed as SVG (text as text, as on the Markdown pages) with,
# in the output's metadata, the same figure drawn with each language's words, which
# `in_language` puts in place. The inline backend sets its own SVG formatter when it
# loads, which is when the first figure is made: the setup loads it first, and puts
# this formatter back before every cell.
KERNEL_SETUP = """\
import json as _j
import matplotlib.pyplot as _plt
from matplotlib.figure import Figure as _Figure
_course = {"__name__": "course_figures"}
exec(compile(open(%(child)r, encoding="utf-8").read(), %(child)r, "exec"), _course)
_course_words = _j.loads(%(words)r)

def _course_svg(fig):
    svg, svgs, texts = _course["figure_svgs"](fig, _plt, _course_words)
    return svg, {"%(meta)s": {"svgs": svgs, "texts": texts}}

def _course_formatter(*_):
    get_ipython().display_formatter.formatters["image/svg+xml"].for_type(_Figure, _course_svg)

_plt.close(_plt.figure())  # loads the inline backend
_course_formatter()
get_ipython().events.register("pre_execute", _course_formatter)
del _j
"""


def in_language(nb, lang: str):
    """A copy of an executed nb whose figures show lang's words (see KERNEL_SETUP)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            # IPython files a formatter's metadata under its MIME type
            svg_meta = output.get("metadata", {}).get("image/svg+xml", {})
            course = svg_meta.pop(META, None)
            if not svg_meta:
                output.get("metadata", {}).pop("image/svg+xml", None)
            if course and "image/svg+xml" in output.get("data", {}):
                output["data"]["image/svg+xml"] = course["svgs"].get(
                    lang, output["data"]["image/svg+xml"]
                )
    return nb


def figures_of(nb) -> list[dict]:
    """The figures of an executed nb (before `in_language`): for each, where it is
    ("code cell N"), its SVG, its SVG in each language and the texts it shows."""
    found = []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, 1):
        for output in cell.outputs:
            course = output.get("metadata", {}).get("image/svg+xml", {}).get(META)
            if course and "image/svg+xml" in output.get("data", {}):
                found.append(
                    {
                        "label": f"code cell {number}",
                        "svg": output["data"]["image/svg+xml"],
                        "svgs": course["svgs"],
                        "texts": course["texts"],
                    }
                )
    return found


RUN_PROBE = """\
import datetime as _d, json as _j, sys as _s
_t = _s.modules.get("torch")
_dev = globals().get("device")
if _t is not None:
    _dev = str(_dev or ("cuda" if _t.cuda.is_available() else "cpu"))
    if _dev.startswith("cuda") and _t.cuda.is_available():
        _dev = f"{_dev} ({_t.cuda.get_device_name(_t.device(_dev))})"
print(_j.dumps({"torch": _t and _t.__version__.split("+")[0], "device": _dev or "cpu",
               "date": _d.date.today().isoformat(), "python": _s.version.split()[0]}))
"""


def execute(
    nb,
    where: str,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    timeout: float = 600,
) -> tuple[object, dict, bool]:
    """(executed copy of the resolved nb, the run's torch/device/date, whether it ran).

    Executed in a fresh kernel, in an empty folder, with errors not allowed; the outputs
    are cached by `execution_key`, so translations, which share the code, share them.
    """
    path = cache.entry("notebook-run", execution_key(nb), cache_dir)
    nb = copy.deepcopy(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    record = cache.read(path) if use_cache else None
    ran = record is None
    if ran:
        record = _run(nb, where, timeout)
        cache.write(path, record)
    for cell, outputs, count in zip(
        code_cells, record["outputs"], record["execution_counts"], strict=True
    ):
        cell.outputs, cell.execution_count = _as_nodes(outputs), count
    return nb, record["run"], ran


def _as_nodes(outputs: list[dict]):
    import nbformat

    return [nbformat.from_dict(o) for o in outputs]


def _this_python_kernels():
    """A kernel manager whose kernel is always this interpreter (the build's, with
    torch and trainlab), not whatever a user's own "python3" kernel spec points to."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())

    class Kernels(KernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return ThisPython(data_dir=self.data_dir)

    return Kernels


def _run(nb, where: str, timeout: float) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    work = copy.deepcopy(nb)
    setup = KERNEL_SETUP % {
        "child": str(CHILD),
        "words": json.dumps(figure_translations()),
        "meta": META,
    }
    work.cells.insert(0, nbformat.v4.new_code_cell(setup))
    work.cells.append(nbformat.v4.new_code_cell(RUN_PROBE))
    # figures as SVG (sharp at any zoom); the inline backend, not a headless one a
    # parent process may have asked for with MPLBACKEND
    with (
        tempfile.TemporaryDirectory(prefix="notebook-") as folder,
        tempfile.TemporaryFile("w+", encoding="utf-8") as kernel_log,
    ):
        home = Path(folder) / ".home"
        home.mkdir()
        env = child_environment(str(home))  # the page runner's: none of the build's secrets
        client = NotebookClient(
            work,
            timeout=timeout,
            kernel_name=KERNEL["name"],
            allow_errors=False,
            resources={"metadata": {"path": folder}},
            kernel_manager_class=_this_python_kernels(),
            extra_arguments=["--InlineBackend.figure_formats=svg"],
        )
        try:
            # the kernel's own messages (a warning about TCP on every start) go to a
            # log that is shown only if the kernel dies
            client.execute(env=env, cwd=folder, stderr=kernel_log)
        except CellExecutionError as error:
            number = next(
                (
                    n
                    for n, c in enumerate(work.cells[1:], 1)  # not the setup cell
                    if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)
                ),
                "?",
            )
            snippets = ", ".join(
                work.cells[number].metadata.get(META, {}).get("snippets", [])
                if isinstance(number, int)
                else []
            )
            raise NotebookError(
                f"{where}: cell {number} ({snippets}) raised {error.ename}: {error.evalue}"
            ) from None
        except (CellTimeoutError, DeadKernelError, RuntimeError) as error:
            kernel_log.seek(0)
            said = kernel_log.read()[-2000:].strip()
            raise NotebookError(
                f"{where}: the notebook did not run to the end: {error}"
                + (f"\nThe kernel said:\n{said}" if said else "")
            ) from None
    probe = work.cells.pop()
    work.cells.pop(0)  # the setup
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    run = json.loads(text.strip().splitlines()[-1])
    code_cells = [c for c in work.cells if c.cell_type == "code"]
    return {
        "outputs": [[dict(o) for o in c.outputs] for c in code_cells],
        "execution_counts": [c.execution_count for c in code_cells],
        "run": run,
    }
