"""Jupyter notebooks in the course.

Two kinds:

- **Downloads.** Every page with code can be downloaded as a notebook (.ipynb) and as a
  script (.py), made at build time from the page itself (`page_notebook`,
  `script_of`): its prose as markdown cells in the page's language, its code blocks
  as code cells with the output they printed and the figures they drew.
- **Notebook pages** (docs/<lang>/*.ipynb, the lab workbook). As on Markdown pages, a
  code cell holds snippet includes only (``--8<-- "lab/classify.py:setup"``), so the
  code is the tested code and is the same in every language; `resolve` puts the code
  in. They are executed at build time with errors not allowed (`execute`), cached by
  their code: the five languages share one execution, and a build without changes
  executes nothing.

For the translation tools (check, ledger, status) a notebook reads as a Markdown page
(`as_page`): its markdown cells as they are, each code cell as a ```python fence and
`metadata["course"]` as front matter. A heading's anchor is written the way Jupyter
shows it, `## Title <a id="anchor"></a>`, and reads as `## Title { #anchor }`. Line
numbers point into the .ipynb file, so a translator's editor jumps to the right line.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import posixpath
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import yaml

from i18n.includes import SNIPPETS, find_includes
from i18n.page_program import (
    FIGURE_CODE,
    PLACEHOLDER_RE,
    PageProgramError,
    Program,
    figure_translations,
    format_value,
    include_code,
    python_fences,
)
from i18n.pages import FIGURE_RE, HEADING_RE, LINK_RE

META = "course"  # our key in a notebook's (and a cell's) metadata
CACHE_VERSION = "2"  # 2: figures drawn in every language
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

ANCHOR_TAG_RE = re.compile(r'[ \t]*<a id="(?P<id>[\w-]+)"></a>[ \t]*$')
ATTR_LIST_RE = re.compile(r"[ \t]*\{[ \t]*[#.:][^{}\n]*\}[ \t]*$")
CONTAINER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+\"(?P<title>[^\"]*)\")?"
    r"|===[ \t]+\"(?P<tab>[^\"]*)\")[ \t]*$"
)
ABBREVIATION_RE = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


class NotebookError(Exception):
    """A notebook that cannot be read, resolved or executed; the message says where."""


# ---------------------------------------------------------------- reading notebooks


def read(text: str, where: str):
    """The notebook in `text` (nbformat 4), or a NotebookError naming the line."""
    import nbformat

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"{where}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        raise NotebookError(f"{where}: not a Jupyter notebook in format 4")
    try:
        return nbformat.reads(text, as_version=4)  # sources as strings, as Jupyter has them
    except Exception as error:
        raise NotebookError(f"{where}: not a valid notebook ({error})") from None


def cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


SOURCE_KEY_RE = re.compile(r'^(?P<indent>\s*)"source": (?P<rest>.*)$')


def source_lines(text: str, n_cells: int) -> list[list[int]]:
    """For each cell, the line of the .ipynb file that holds each of its source lines.
    Jupyter and nbformat write a cell's source as a list, one line of the cell per line
    of the file; a notebook written otherwise gets each cell's "source" line."""
    found: list[list[int]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = SOURCE_KEY_RE.match(lines[i])
        if m:
            if m["rest"].rstrip(",") == "[":
                cell, i = [], i + 1
                while i < len(lines) and lines[i].strip() not in ("]", "],"):
                    cell.append(i + 1)
                    i += 1
                found.append(cell or [i])
            else:
                found.append([i + 1])
        i += 1
    if len(found) != n_cells:
        return [[1] for _ in range(n_cells)]
    return found


@dataclass
class PageView:
    """A notebook as the translation tools read it: Markdown, and for each of its lines
    the line of the .ipynb file it comes from."""

    markdown: str
    file_lines: list[int]
    problems: list[tuple[int, str]]  # (file line, message): what is wrong with the notebook itself

    def file_line(self, page_line: int) -> int:
        if 1 <= page_line <= len(self.file_lines):
            return self.file_lines[page_line - 1]
        return 1


def as_page(text: str) -> PageView:
    """The Markdown page a notebook reads as (see the module's docstring). A notebook
    that is not valid JSON reads as a page whose front matter is broken, so the checks
    report it with the line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return PageView("", [], [(error.lineno, f"not valid JSON: {error.msg}")])
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        return PageView("", [], [(1, "not a Jupyter notebook in format 4")])
    cells = data.get("cells", [])
    problems: list[tuple[int, str]] = []
    lines_of = source_lines(text, len(cells))
    out: list[str] = []
    where: list[int] = []

    def add(line: str, file_line: int) -> None:
        out.append(line)
        where.append(file_line)

    meta = (data.get("metadata") or {}).get(META) if isinstance(data, dict) else None
    if meta:
        meta_line = next(
            (n for n, line in enumerate(text.splitlines(), 1) if f'"{META}":' in line), 1
        )
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        for line in ["---", *front.splitlines(), "---", ""]:
            add(line, meta_line)
    for cell, file_lines in zip(cells, lines_of, strict=True):
        source = cell_text(cell).splitlines()
        first, last = file_lines[0], file_lines[-1]
        if cell.get("cell_type") == "code":
            lines = [line for line in source if line.strip()]
            if len(find_includes("\n".join(source))) != len(lines) or not lines:
                problems.append(
                    (first, 'a code cell may hold snippet includes only (--8<-- "file.py:section")')
                )
            if cell.get("outputs"):
                problems.append(
                    (
                        first,
                        "a code cell has stored outputs: clear them (the build runs the notebook)",
                    )
                )
            add("```python", first)
            for k, line in enumerate(source):
                add(line, file_lines[min(k, len(file_lines) - 1)])
            add("```", last)
        elif cell.get("cell_type") == "markdown":
            for k, line in enumerate(source):
                add(_anchor_as_attribute(line), file_lines[min(k, len(file_lines) - 1)])
        else:
            continue
        add("", last)
    return PageView("\n".join(out) + "\n", where, problems)


def _anchor_as_attribute(line: str) -> str:
    if not line.startswith("#"):
        return line
    m = ANCHOR_TAG_RE.search(line)
    return f"{line[: m.start()]} {{ #{m['id']} }}" if m else line


def markdown_cells_map(nb, change) -> bool:
    """Apply change(text) -> text to every markdown cell and to the metadata's
    description; True when something changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = change(cell_text(cell))
            if new != cell_text(cell):
                cell.source, changed = new, True
    meta = nb.metadata.get(META) or {}
    if isinstance(meta.get("description"), str):
        new = change(meta["description"])
        if new != meta["description"]:
            meta["description"], changed = new, True
    return changed


def write_text(nb) -> str:
    """The notebook as Jupyter writes it (one line of a cell per line of the file)."""
    import nbformat

    return nbformat.writes(nb) + "\n"


# ---------------------------------------------------------------- notebook pages


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
            code = "".join(include_code(inc, snippets_dir) for inc in includes)
        except PageProgramError as error:
            raise NotebookError(f"{where}: cell {number}: {error}") from None
        cell.source = code.rstrip("\n")
        cell.metadata[META] = {"snippets": [inc.target for inc in includes]}
        cell.outputs, cell.execution_count = [], None
    nb.metadata.setdefault("kernelspec", dict(KERNEL))
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def execution_key(nb) -> str:
    """What an execution depends on: the code, in order, the interpreter, and the words
    its figures are drawn with in each language (i18n/figures.yml)."""
    code = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    payload = json.dumps([CACHE_VERSION, code, sys.version_info[:2], figure_translations()])
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


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
_course = {}
exec(%(code)r, _course)
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
    cache_dir: Path,
    use_cache: bool = True,
    timeout: float = 600,
) -> tuple[object, dict, bool]:
    """(executed copy of the resolved nb, the run's torch/device/date, whether it ran).

    Executed in a fresh kernel, in an empty folder, with errors not allowed; the outputs
    are cached by `execution_key`, so translations, which share the code, share them.
    """
    key = execution_key(nb)
    cached = Path(cache_dir) / f"notebook-run-{key}.json"
    nb = copy.deepcopy(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if use_cache and cached.is_file():
        record = json.loads(cached.read_text(encoding="utf-8"))
        ran = False
    else:
        record = _run(nb, where, timeout)
        ran = True
        from i18n.files import write_atomic

        write_atomic(cached, json.dumps(record))
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
        "code": FIGURE_CODE,
        "words": json.dumps(figure_translations()),
        "meta": META,
    }
    work.cells.insert(0, nbformat.v4.new_code_cell(setup))
    work.cells.append(nbformat.v4.new_code_cell(RUN_PROBE))
    # figures as SVG (sharp at any zoom); the inline backend, not a headless one a
    # parent process may have asked for with MPLBACKEND
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with (
        tempfile.TemporaryDirectory(prefix="notebook-") as folder,
        tempfile.TemporaryFile("w+", encoding="utf-8") as kernel_log,
    ):
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


# ---------------------------------------------------------------- pages as notebooks


def new_notebook(cells, metadata: dict):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update({"kernelspec": dict(KERNEL), "language_info": {"name": "python"}})
    nb.metadata.update(metadata)
    return nb


def page_notebook(
    markdown: str,
    program: Program,
    result: dict,
    *,
    lang: str,
    page_url: str,
    page_path: str,
    intro: str,
    footer: str,
    number_style: dict[str, str] | None = None,
):
    """The page as a notebook: markdown cells in the page's language, code cells with
    exactly the page's code, each with what it printed and the figures it drew.

    page_url is the page's absolute address, page_path its file inside its language
    folder (e.g. "overfitting.md"): links to other pages become absolute addresses, so
    they work from a downloaded file. intro goes under the title, footer at the end.
    """
    import nbformat

    new_code, new_md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    text = _plain_markdown(_without_front_matter(markdown))
    figures: dict[int, list[dict]] = {}
    for fig in result["figures"]:
        figures.setdefault(fig["block"], []).append(fig)
    cells, last = [], 0
    blocks = list(python_fences(text))
    if len(blocks) != len(program.blocks):
        raise NotebookError(
            f"{program.page}: found {len(blocks)} code blocks, expected {len(program.blocks)}"
        )

    def prose(chunk: str, first: bool = False):
        chunk = _clean_prose(
            chunk, result.get("values", {}), page_url, page_path, program.page, number_style or {}
        )
        if first:
            chunk = _after_title(chunk, intro)
        if chunk.strip():
            cells.append(new_md(chunk.strip("\n")))

    for i, ((m, _), block) in enumerate(zip(blocks, program.blocks, strict=True)):
        prose(text[last : m.start()], first=(i == 0))
        last = m.end()
        outputs = []
        printed = result["blocks"][i] if i < len(result["blocks"]) else ""
        if printed:
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=printed))
        for fig in figures.get(i, []):
            svg = fig.get("svgs", {}).get(lang, fig["svg"])
            outputs.append(
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/svg+xml": svg, "text/plain": f"<Figure {fig['label']}>"},
                    metadata={META: {"label": fig["label"]}},
                )
            )
        cells.append(new_code(block.code.rstrip("\n"), outputs=outputs, execution_count=i + 1))
    prose(text[last:], first=not blocks)
    cells.append(new_md(footer))
    return new_notebook(cells, {META: {"page": page_url, "language": lang}})


def script_of(nb) -> str:
    """The notebook as a Python script that runs as is (jupytext's percent format:
    markdown cells become comments, code cells stay code)."""
    import jupytext

    plain = copy.deepcopy(nb)
    for cell in plain.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return jupytext.writes(plain, fmt="py:percent")


def _without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5 :]
    return markdown


def _plain_markdown(markdown: str) -> str:
    """Material's containers (admonitions, collapsible blocks, tabs) as a bold title and
    their content, un-indented: Jupyter's Markdown has no such blocks."""
    out: list[str] = []
    stack: list[int] = []  # content indent of each open container
    for line in markdown.split("\n"):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            while stack and indent < stack[-1]:
                stack.pop()
        shift = 4 * len(stack)
        m = CONTAINER_RE.match(line)
        if m:
            title = m["title"] if m["title"] is not None else (m["tab"] or m["type"].capitalize())
            outer = len(m["indent"]) - shift
            out.append(" " * max(outer, 0) + (f"**{title}**" if title else ""))
            out.append("")
            stack.append(len(m["indent"]) + 4)
            continue
        out.append(line[shift:] if line[:shift].strip() == "" else line.lstrip())
    return "\n".join(out)


def _clean_prose(
    chunk: str, values: dict, page_url: str, page_path: str, where: str, style: dict[str, str]
) -> str:
    chunk = COMMENT_RE.sub("", chunk)
    chunk = ABBREVIATION_RE.sub("", chunk)
    chunk = FIGURE_RE.sub("", chunk)  # the figure is the output of the cell that draws it
    lines = []
    for line in chunk.split("\n"):
        heading = HEADING_RE.match(line) if line.startswith("#") else None
        line = ATTR_LIST_RE.sub("", line)
        if heading and heading["id"]:
            line = f'{line.rstrip()} <a id="{heading["id"]}"></a>'
        lines.append(line)
    chunk = "\n".join(lines)

    def value(m):
        name = m["name"]
        if name not in values:
            raise NotebookError(f"{where}: {{{{ {name} }}}} is not a value its program computed")
        return format_value(values[name], (m["spec"] or "").strip(), **style)

    chunk = PLACEHOLDER_RE.sub(value, chunk)
    chunk = LINK_RE.sub(
        lambda m: f"[{m['text']}]({_absolute(m['target'], page_url, page_path)})", chunk
    )
    return re.sub(r"\n{3,}", "\n\n", chunk)


def _absolute(target: str, page_url: str, page_path: str) -> str:
    """A link of a page, as an absolute address: another page (x.md#anchor) on the site."""
    path, hash_, anchor = target.partition("#")
    if not path or "://" in path or path.startswith("mailto:"):
        return target
    if not path.endswith((".md", ".ipynb")):
        return urljoin(page_url, path) + (hash_ + anchor)
    own = _page_address(page_path)
    root = page_url[: len(page_url) - len(own)] if own and page_url.endswith(own) else page_url
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    return urljoin(root, _page_address(resolved)) + (hash_ + anchor)


def _page_address(md_path: str) -> str:
    """overfitting.md -> overfitting/, index.md -> "", a/index.md -> a/ (directory URLs);
    a notebook (lab-workbook.ipynb) like a Markdown page."""
    stem = re.sub(r"\.(md|ipynb)$", "", md_path)
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _after_title(chunk: str, intro: str) -> str:
    m = re.search(r"^# .*$", chunk, re.M)
    if not m:
        return f"{intro}\n\n{chunk}"
    return f"{chunk[: m.end()]}\n\n{intro}\n{chunk[m.end() :]}"


def without_figure_text(nb):
    """A copy of nb without the `![alt](figure:label)` lines the site uses for its
    figures' alt text: in Jupyter they would show as broken images."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\n{3,}", "\n\n", FIGURE_RE.sub("", cell_text(cell))).strip("\n")
    return nb


def with_links(nb, page_url: str, page_path: str, *, absolute: bool):
    """A copy of nb whose links to other pages (lab.md#tasks) are site addresses:
    absolute (for a downloaded file) or relative to the page (for the site)."""
    nb = copy.deepcopy(nb)

    def address(target: str) -> str:
        if absolute:
            return _absolute(target, page_url, page_path)
        path, hash_, anchor = target.partition("#")
        if not path.endswith((".md", ".ipynb")) or "://" in path:
            return target
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        relative = posixpath.relpath(
            _page_address(resolved) or ".", _page_address(page_path) or "."
        )
        return ("" if relative == "." else relative + "/") + hash_ + anchor

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LINK_RE.sub(
                lambda m: f"[{m['text']}]({address(m['target'])})", cell_text(cell)
            )
    return nb
