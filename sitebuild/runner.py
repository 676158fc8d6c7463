"""A page is a program: its Python blocks, in page order, run as one program.

The program is read from the page model (i18n.pages): only the page's code blocks, never
its front matter, and each block may hold snippet includes only, resolved from
snippets/ by i18n.includes. It runs in a fresh interpreter (sitebuild/child.py) that can
import only the packages the page names in its front matter (`requires:`), with a
minimal environment (no secrets of the build's), a timeout, and no life of its own: it
is killed when the build stops. Results are cached by everything they depend on.

    python -m sitebuild.runner docs/en/overfitting.md   # run a page as the build does
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from i18n.includes import Include, IncludeError, find_includes, resolve
from i18n.pages import ROOT, Page, parse_page
from i18n.words import figure_translations
from sitebuild import cache

CHILD = Path(__file__).resolve().with_name("child.py")
PYTHON_INFOS = {"python", "py", "python3"}
# Packages a lesson might use without saying so. A page can import one only if its
# front matter names it (trainlab brings scikit-learn). A library that only probes with
# importlib.util.find_spec (torch does, for sklearn and pandas) is left alone; an import
# statement gets a message that names the front matter.
GUARDED = {
    "trainlab",
    "sklearn",
    "scipy",
    "pandas",
    "tqdm",
    "torchvision",
    "lightning",
    "pytorch_lightning",
}
MODULE_OF = {"scikit-learn": "sklearn", "pytorch-lightning": "pytorch_lightning"}
BRINGS = {"trainlab": {"sklearn", "scipy", "tqdm"}}
# What every page's run depends on besides what it names: their versions are in the key.
ALWAYS = ("torch", "numpy", "matplotlib")
# The distributions a requirement brings (trainlab imports these); trainlab itself is the
# project's own code: its source, not its version number, is in the key.
DISTRIBUTIONS_OF = {"trainlab": ("scikit-learn", "scipy", "tqdm")}
TRAINLAB = ROOT / "snippets" / "trainlab"
log = logging.getLogger("mkdocs.hooks.course")
# The child's whole environment: the build's own variables (tokens, credentials) stay out.
PASSED_ON = ("PATH", "LANG", "LC_ALL", "TZ", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PASSED_ON_PREFIXES = ("CUDA_", "TRAINLAB_")


class PageProgramError(Exception):
    """A page's program could not be assembled or did not run; the message says where."""


@dataclass(frozen=True)
class Block:
    line: int  # line of the opening fence in the page's file
    end: int  # line of its closing fence
    includes: tuple[Include, ...]
    code: str


@dataclass
class Program:
    page: str  # path for messages, e.g. docs/en/overfitting.md
    requires: list[str]
    blocks: list[Block] = field(default_factory=list)

    def key(self, python: str = sys.executable) -> str:
        """Everything the result depends on: the code, what may be imported, the words
        of its figures, this runner, the versions of Python and of the packages, and
        trainlab's source when the page imports it."""
        packages = [*ALWAYS, *(r for r in self.requires if r != "trainlab")]
        for requirement in self.requires:
            packages += DISTRIBUTIONS_OF.get(requirement, ())
        return cache.key_of(
            self.requires,
            [b.code for b in self.blocks],
            figure_translations(),
            CHILD.read_text(encoding="utf-8"),
            versions(python, packages),
            source_digest(TRAINLAB) if "trainlab" in self.requires else None,
        )


def source_digest(folder: Path) -> str:
    """A hash of a package's Python source, file names included."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def python_blocks(page: Page) -> list[tuple[int, int, str]]:
    """(opening line, closing line, body) of each Python block of a page, in order."""
    found, info = [], None
    for section in page.sections:
        for item in section.kept:
            if item.kind == "fence":
                info = item.value.split()[0] if item.value.split() else ""
            elif item.kind == "code" and info in PYTHON_INFOS:
                found.append((item.line, item.end, item.value))
    return found


def load_program(page_path: Path, snippets_dir: Path | None = None) -> Program:
    """The page's program, from the page model: a PageProgramError names what is wrong."""
    page = parse_page(Path(page_path))
    where = display(page_path)
    if page.meta_error:
        raise PageProgramError(f"{where}: {page.meta_error}")
    requires = page.meta.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise PageProgramError(f"{where}: front matter 'requires' must be a list of package names")
    program = Program(where, requires)
    for line, end, body in python_blocks(page):
        includes = tuple(find_includes(body))
        if not includes or len(includes) != len([b for b in body.splitlines() if b.strip()]):
            raise PageProgramError(f"{where}:{line}: a Python block may hold snippet includes only")
        try:
            code = "".join(
                resolve(inc, snippets_dir) if snippets_dir else resolve(inc) for inc in includes
            )
        except IncludeError as error:
            raise PageProgramError(f"{where}:{line}: {error}") from None
        program.blocks.append(Block(line, end, includes, code))
    if program.blocks and "requires" not in page.meta:
        raise PageProgramError(
            f"{where}: the page has Python blocks, so its front matter must name what they need, "
            "e.g. requires: [torch, matplotlib]"
        )
    return program


def display(path: Path) -> str:
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


_versions: dict[tuple, dict] = {}


def versions(python: str, packages: list[str]) -> dict[str, str | None]:
    """Python's and the packages' versions in the interpreter that runs the pages."""
    key = (python, tuple(sorted(packages)))
    if key not in _versions:
        if python == sys.executable:
            found = {"python": platform.python_version()}
            for name in sorted(packages):
                try:
                    found[name] = importlib.metadata.version(name)
                except importlib.metadata.PackageNotFoundError:
                    found[name] = None
        else:
            found = _probe_versions(python, packages)
        _versions[key] = found
    return _versions[key]


def _probe_versions(python: str, packages: list[str]) -> dict[str, str | None]:
    code = (
        "import importlib.metadata as m, json, platform, sys\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return None\n"
        "print(json.dumps({'python': platform.python_version(), "
        "**{n: v(n) for n in sys.argv[1:]}}))"
    )
    done = subprocess.run(
        [python, "-I", "-c", code, *sorted(packages)],
        capture_output=True,
        text=True,
        timeout=60,
        env=child_environment(tempfile.gettempdir()),
    )
    return json.loads(done.stdout) if done.returncode == 0 else {"python": python}


def blocked_modules(requires: list[str]) -> list[str]:
    allowed = {MODULE_OF.get(r, r) for r in requires}
    for name in list(allowed):
        allowed |= BRINGS.get(name, set())
    return sorted(GUARDED - allowed)


def child_environment(home: str, threads: int | None = None) -> dict[str, str]:
    """The child's environment: a path, a locale, thread and device settings, and a
    home of its own (matplotlib and torch write their caches there). threads, when
    given, caps its compute threads, unless the user set OMP_NUM_THREADS."""
    env = {
        k: v for k, v in os.environ.items() if k in PASSED_ON or k.startswith(PASSED_ON_PREFIXES)
    }
    env.setdefault("PATH", os.defpath)
    if threads:
        env.setdefault("OMP_NUM_THREADS", str(threads))
        env.setdefault("MKL_NUM_THREADS", str(threads))
    return {**env, "HOME": home, "MPLCONFIGDIR": str(Path(home) / "matplotlib")}


def run_program(
    program: Program,
    *,
    python: str = sys.executable,
    extra_paths: list[str] | tuple[str, ...] = (),
    cache_dir: Path | None = None,
    use_cache: bool = True,
    write_cache: bool | None = None,
    timeout: float = 600,
    threads: int | None = None,
) -> dict:
    """Run the program in a fresh interpreter, or read its cached result.

    use_cache=False always runs; write_cache (default: use_cache) stores the result.
    A program that failed in this process before (in `run_programs`) fails again at
    once, with the same message."""
    key = program.key(python)
    path = cache.entry("page-run", key, cache_dir)
    write_cache = use_cache if write_cache is None else write_cache
    if use_cache and key in _failed:
        raise PageProgramError(_failed[key])
    if use_cache and (found := cache.read(path)) is not None:
        log.debug("%s: outputs from the cache (code unchanged)", program.page)
        return found
    log.info("%s: running its program (%d blocks)", program.page, len(program.blocks))
    started = time.monotonic()
    result = _run_child(program, python, extra_paths, timeout, threads)
    log.info("%s: ran in %.1f s", program.page, time.monotonic() - started)
    if result["error"]:
        error = result["error"]
        block = program.blocks[error["block"]]
        targets = ", ".join(inc.target for inc in block.includes)
        raise PageProgramError(
            f"{program.page}:{block.line}: the block including {targets} raised "
            f"{error['type']}: {error['message']} ({error['where']} of the page program)"
        )
    if write_cache:
        cache.write(path, result)
    return result


def _run_child(
    program: Program, python: str, extra_paths, timeout: float, threads: int | None = None
) -> dict:
    with tempfile.TemporaryDirectory(prefix="page-program-") as tmp:
        request, answer = Path(tmp) / "request.json", Path(tmp) / "result.json"
        request.write_text(
            json.dumps(
                {
                    "blocks": [b.code for b in program.blocks],
                    "blocked": blocked_modules(program.requires),
                    "extra_paths": [str(p) for p in extra_paths],
                    "figure_text": figure_translations(),
                }
            ),
            encoding="utf-8",
        )
        home = Path(tmp) / "home"
        home.mkdir()
        child = subprocess.Popen(
            [python, "-I", str(CHILD), str(request), str(answer)],
            cwd=tmp,  # not the repository: its source tree is not on the path
            env=child_environment(str(home), threads),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, killed whole below
            preexec_fn=_die_with_parent,
        )
        try:
            _, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PageProgramError(
                f"{program.page}: its program ran longer than {timeout:.0f} s"
            ) from None
        finally:
            _kill(child)  # also when the build itself is interrupted (KeyboardInterrupt)
        if not answer.is_file():
            raise PageProgramError(f"{program.page}: its program crashed:\n{stderr[-2000:]}")
        return json.loads(answer.read_text(encoding="utf-8"))


def _kill(child: subprocess.Popen) -> None:
    """Kill the child and whatever it started (its process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _die_with_parent() -> None:
    """In the child, before it runs: on Linux, the kernel kills it when the build dies,
    even by SIGKILL, which no finally clause sees."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


# ---------------------------------------------------------------- many programs at once

_failed: dict[str, str] = {}  # key -> message, for the programs that failed in this process


def workers() -> int:
    """How many programs run at once: COURSE_BUILD_WORKERS, else one per core."""
    value = os.environ.get("COURSE_BUILD_WORKERS", "")
    return int(value) if value.isdigit() and int(value) > 0 else os.cpu_count() or 1


def run_programs(programs: list[Program], jobs: int | None = None) -> dict[str, int]:
    """Run every program whose result is not cached, `jobs` at a time (one compute
    thread each, so they do not fight over the cores), and say what happens: a line
    when each starts and ends, a progress bar on a terminal, and a total. Programs with
    the same code (a page and its translations) run once. A failure is remembered for
    run_program, which reports it where the page is built. Returns the counts."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    jobs = jobs or workers()
    unique: dict[str, Program] = {}
    for program in programs:
        unique.setdefault(program.key(), program)  # named by the first: English
    waiting = [p for k, p in unique.items() if not cache.entry("page-run", k).is_file()]
    # the longest first, so that no core waits at the end: a notebook page (the lab's
    # workbook runs the lab and its tasks), then by number of blocks
    waiting.sort(key=lambda p: (not p.page.endswith(".ipynb"), -len(p.blocks)))
    counts = {"cached": len(unique) - len(waiting), "ran": 0, "failed": 0}
    if not waiting:
        log.info("page programs: all %d from the cache (code unchanged)", len(unique))
        return counts
    log.info(
        "running %d page programs (%d from the cache), %d at a time: the first build takes "
        "a minute or two, later builds only rerun what changed",
        len(waiting),
        counts["cached"],
        jobs,
    )
    started = time.monotonic()
    bar = _progress_bar(len(waiting))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {pool.submit(run_program, p, threads=1 if jobs > 1 else None): p for p in waiting}
        for done in as_completed(running):
            try:
                done.result()
                counts["ran"] += 1
            except PageProgramError as error:
                _failed[running[done].key()] = str(error)
                counts["failed"] += 1
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()
    log.info(
        "page programs: %d ran, %d failed, %d from the cache, in %.1f s",
        counts["ran"],
        counts["failed"],
        counts["cached"],
        time.monotonic() - started,
    )
    return counts


def _progress_bar(total: int):
    """A tqdm bar on a terminal (stderr), nothing in a log or CI."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc="page programs", unit="page", leave=False)


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    from i18n.pages import FIGURE_RE, VALUE_RE

    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.runner",
        description="Run the Python blocks of pages as the site build does, and show what they produce.",
    )
    parser.add_argument(
        "pages", nargs="+", type=Path, help="Markdown pages, e.g. docs/en/overfitting.md"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="run even if the code has not changed"
    )
    args = parser.parse_args(argv)
    status = 0
    for page in args.pages:
        try:
            if not page.is_file():
                raise PageProgramError(f"{page}: no such page")
            program = load_program(page)
            print(
                f"== {program.page}: {len(program.blocks)} Python blocks, requires {program.requires}"
            )
            if not program.blocks:
                continue
            result = run_program(program, use_cache=not args.no_cache)
        except PageProgramError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 1
            continue
        for block, output in zip(program.blocks, result["blocks"], strict=False):
            targets = ", ".join(inc.target for inc in block.includes)
            print(f"-- line {block.line}: {targets}")
            if output:
                print(textwrap.indent(output.rstrip("\n"), "   | "))
        for fig in result["figures"]:
            print(
                f"figure {fig['label']!r} (block {fig['block'] + 1}, {len(fig['svg']) // 1024} KB SVG)"
            )
        text = page.read_text(encoding="utf-8")
        used = {m["expr"].split(":")[0].strip() for m in VALUE_RE.finditer(text)}
        for name in sorted(used):
            value = result["values"].get(name, "<MISSING: not a global of the program>")
            print(f"value {name} = {value!r}")
            if name not in result["values"]:
                status = 1
        wanted = {m["label"] for m in FIGURE_RE.finditer(text)}
        drawn = {f["label"] for f in result["figures"]}
        for label in sorted(wanted - drawn):
            print(
                f"error: {program.page}: figure:{label} is placed but the program drew no such figure",
                file=sys.stderr,
            )
            status = 1
        print(f"run: {result['run']} ({platform.node()})")
    return status


if __name__ == "__main__":
    sys.exit(main())
