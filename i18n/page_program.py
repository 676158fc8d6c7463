"""A page is a program: its Python blocks, in page order, run as one program.

This module collects a page's blocks (each a list of snippet includes), runs them in a
fresh interpreter that can import only the packages the page names in its front matter
(`requires:`), and returns what each block printed, the figures it drew (SVG, by their
matplotlib label) and the program's global values (for `{{ name }}` in the prose).

Runs are cached by the code itself: a page whose code did not change is not run again.

    python -m i18n.page_program docs/en/overfitting.md   # run a page as the build does
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from i18n.includes import SNIPPETS, Include, find_includes, sections_of

ROOT = Path(__file__).resolve().parents[1]
CACHE_VERSION = "2"
FIGURE_TEXT = ROOT / "i18n" / "figures.yml"


def figure_translations(path: Path = FIGURE_TEXT) -> dict[str, dict[str, str]]:
    """language -> {English text in a figure: its translation}, from i18n/figures.yml.
    A text may be a template: "dropout {p}" translates "dropout 0.3" too."""
    if not Path(path).is_file():
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    table: dict[str, dict[str, str]] = {}
    for source, targets in (data.get("text") or {}).items():
        for lang, target in (targets or {}).items():
            table.setdefault(lang, {})[str(source)] = str(target)
    for word in data.get("keep") or []:
        for lang in table:
            table[lang].setdefault(str(word), str(word))
    return table


FENCE_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)
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


class PageProgramError(Exception):
    """A page's program could not be assembled or did not run; the message says where."""


@dataclass(frozen=True)
class Block:
    line: int  # line of the opening fence in the page source
    includes: tuple[Include, ...]
    code: str


@dataclass
class Program:
    page: str  # path for messages, e.g. docs/en/overfitting.md
    requires: list[str]
    blocks: list[Block] = field(default_factory=list)

    def key(self) -> str:
        """Content hash: the code, what may be imported, and the interpreter."""
        payload = json.dumps(
            [
                CACHE_VERSION,
                sorted(self.requires),
                [b.code for b in self.blocks],
                figure_translations(),  # figures are drawn once per language
                sys.version_info[:2],
            ]
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:24]


# ---------------------------------------------------------------- reading a page


def split_front_matter(text: str) -> tuple[dict, int]:
    """(metadata, number of lines it takes) of a Markdown file with YAML front matter."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---\n", 4)
    if end < 0:
        raise PageProgramError("front matter starts with --- but never ends")
    meta = yaml.safe_load(text[4:end]) or {}
    if not isinstance(meta, dict):
        raise PageProgramError("front matter is not a mapping")
    return meta, text[: end + 5].count("\n")


def python_fences(markdown: str):
    """(match, line) for each Python fence of a Markdown text, in order."""
    for m in FENCE_RE.finditer(markdown):
        info = m["info"].split()
        if info and info[0] in PYTHON_INFOS:
            yield m, markdown.count("\n", 0, m.start()) + 1


def include_code(include: Include, snippets_dir: Path = SNIPPETS) -> str:
    """The text an include inserts (a named section, dedented, or the whole file)."""
    file = snippets_dir / include.path
    if not file.is_file():
        raise PageProgramError(f'snippet file "snippets/{include.path}" does not exist')
    source = file.read_text(encoding="utf-8")
    if include.section is None:
        return source
    span = sections_of(source).get(include.section)
    if span is None:
        raise PageProgramError(
            f'snippet file "snippets/{include.path}" has no section "{include.section}"'
        )
    start, end = span
    lines = source.splitlines()[start : end - 1]
    return textwrap.dedent("\n".join(lines)) + "\n"


def load_program(page: Path, snippets_dir: Path = SNIPPETS) -> Program:
    text = page.read_text(encoding="utf-8")
    where = _display(page)
    try:
        meta, _ = split_front_matter(text)
    except (PageProgramError, yaml.YAMLError) as error:
        raise PageProgramError(f"{where}: {error}") from None
    requires = meta.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise PageProgramError(f"{where}: front matter 'requires' must be a list of package names")
    program = Program(where, requires)
    for m, line in python_fences(text):
        includes = tuple(find_includes(m["body"]))
        body_lines = [b.strip() for b in m["body"].splitlines() if b.strip()]
        if len(includes) != len(body_lines):
            raise PageProgramError(f"{where}:{line}: a Python block may hold snippet includes only")
        try:
            code = "".join(include_code(inc, snippets_dir) for inc in includes)
        except PageProgramError as error:
            raise PageProgramError(f"{where}:{line}: {error}") from None
        program.blocks.append(Block(line, includes, code))
    if program.blocks and "requires" not in meta:
        raise PageProgramError(
            f"{where}: the page has Python blocks, so its front matter must name what they need, "
            "e.g. requires: [torch, matplotlib]"
        )
    return program


def _display(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# ---------------------------------------------------------------- running it

# Drawing a figure in every language, from i18n/figures.yml: the page programs' child
# interpreter and the notebooks' kernel (i18n/notebooks.py) both run this code.
FIGURE_CODE = r'''
import io

def to_svg(fig, plt):
    svg = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "course"}):
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return svg.getvalue()

def templates(table):
    import re
    found = []
    for source, target in table.items():
        if "{" in source:
            parts = re.split(r"\{(\w+)\}", source)
            pattern = "".join(re.escape(p) if k % 2 == 0 else f"(?P<{p}>.+?)" for k, p in enumerate(parts))
            found.append((re.compile(pattern + r"\Z"), target))
    return found

def translate(text, table, patterns):
    if text in table:
        return table[text]
    for pattern, target in patterns:
        m = pattern.match(text)
        if m:
            return target.format(**m.groupdict())
    return text

def texts_of(fig):
    import matplotlib.text
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]

def translated(fig, table, patterns):
    """Put fig's words in another language; returns how to put them back."""
    import matplotlib.ticker
    undo = []
    for t in texts_of(fig):
        old = t.get_text()
        new = translate(old, table, patterns)
        if new != old:
            t.set_text(new)
            undo.append((t.set_text, old))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, matplotlib.ticker.FixedFormatter):
                old = list(fmt.seq)
                fmt.seq = [translate(s, table, patterns) for s in old]
                undo.append((lambda seq, f=fmt: setattr(f, "seq", seq), old))
    return undo

def figure_svgs(fig, plt, figure_text):
    """(the figure as SVG, {language: SVG with its words translated}, its words)."""
    svg = to_svg(fig, plt)
    texts = sorted({t.get_text() for t in texts_of(fig)})
    per_language = {}
    for lang, table in figure_text.items():
        undo = translated(fig, table, templates(table))
        if undo:
            per_language[lang] = to_svg(fig, plt)
        for put_back, old in reversed(undo):
            put_back(old)
    return svg, per_language, texts
'''

# Runs in the child interpreter: python -I -c BOOTSTRAP request.json result.json
BOOTSTRAP = (
    r'''
import contextlib, datetime, importlib.abc, io, json, os, sys, traceback, warnings

request = json.load(open(sys.argv[1], encoding="utf-8"))
sys.path[:0] = request["extra_paths"]
blocked = set(request["blocked"])

def probing():
    """True when called through importlib.util.find_spec (a library checking whether an
    optional package is installed), not by an import statement."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        util = code.co_filename == "<frozen importlib.util>" or code.co_filename.endswith(
            os.path.join("importlib", "util.py")
        )
        if code.co_name == "find_spec" and util:
            return True
        frame = frame.f_back
    return False

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in blocked:
            if probing():
                return None  # a probe (not an import) may see what is installed
            raise ModuleNotFoundError(
                f"No module named {top!r}: this page does not name it in its front matter (requires:)",
                name=top,
            )
        return None

sys.meta_path.insert(0, Blocker())
os.environ["MPLBACKEND"] = "Agg"
warnings.filterwarnings("ignore", message=".*non-interactive.*")
ns = {"__name__": "__main__"}
result = {"blocks": [], "figures": [], "values": {}, "error": None}

'''
    + FIGURE_CODE
    + r'''
def collect_figures(block):
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for num in plt.get_fignums():
        fig = plt.figure(num)
        svg, per_language, texts = figure_svgs(fig, plt, request["figure_text"])
        w, h = fig.get_size_inches() * fig.dpi
        result["figures"].append({"label": fig.get_label() or f"figure-{num}", "block": block,
                                  "svg": svg, "svgs": per_language, "texts": texts,
                                  "width": round(w), "height": round(h)})
    plt.close("all")

for i, code in enumerate(request["blocks"]):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"<block {i + 1}>", "exec"), ns)
    except BaseException as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<block")]
        where = f"{frames[-1].filename} line {frames[-1].lineno}" if frames else f"<block {i + 1}>"
        result["error"] = {"block": i, "where": where, "type": type(error).__name__, "message": str(error)}
        result["blocks"].append(out.getvalue())
        break
    result["blocks"].append(out.getvalue())
    collect_figures(i)

def simple(v):
    """Plain numbers and strings, and one-element tensors or arrays as numbers."""
    if isinstance(v, (bool, int, float, str)):
        return v
    try:
        numel = getattr(v, "numel", None)
        size = getattr(v, "size", None)
        if (callable(numel) and numel() == 1) or (isinstance(size, int) and size == 1):
            value = v.item()
            return value if isinstance(value, (bool, int, float)) else None
    except Exception:
        pass
    return None

for name, value in ns.items():
    if not name.startswith("_"):
        value = simple(value)
        if value is not None and not (isinstance(value, str) and len(value) > 200):
            result["values"][name] = value

torch = sys.modules.get("torch")
device = ns.get("device")
if torch is not None:
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    device = str(device)
    name = device
    if device.startswith("cuda") and torch.cuda.is_available():
        name = f"{device} ({torch.cuda.get_device_name(torch.device(device))})"
    result["run"] = {"torch": torch.__version__.split("+")[0], "device": name}
else:
    result["run"] = {"torch": None, "device": "cpu"}
result["run"]["date"] = datetime.date.today().isoformat()
result["run"]["python"] = sys.version.split()[0]
json.dump(result, open(sys.argv[2], "w", encoding="utf-8"))
'''
)


def blocked_modules(requires: list[str]) -> list[str]:
    allowed = {MODULE_OF.get(r, r) for r in requires}
    for name in list(allowed):
        allowed |= BRINGS.get(name, set())
    return sorted(GUARDED - allowed)


def default_cache_dir() -> Path:
    return Path(os.environ.get("COURSE_CACHE_DIR") or ROOT / ".cache" / "page-runs")


def run_program(
    program: Program,
    *,
    python: str = sys.executable,
    extra_paths: list[str] | tuple[str, ...] = (),
    cache_dir: Path | None = None,
    use_cache: bool = True,
    write_cache: bool | None = None,
    timeout: float = 600,
) -> dict:
    """Run the program in a fresh interpreter, or read its cached result.

    use_cache=False always runs; write_cache (default: use_cache) stores the result.
    """
    cache_dir = cache_dir or default_cache_dir()
    cached = cache_dir / f"{program.key()}.json"
    write_cache = use_cache if write_cache is None else write_cache
    if use_cache and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
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
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        try:
            done = subprocess.run(
                [python, "-I", "-c", BOOTSTRAP, str(request), str(answer)],
                cwd=tmp,  # not the repository: its source tree is not on the path
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise PageProgramError(
                f"{program.page}: its program ran longer than {timeout:.0f} s"
            ) from None
        if not answer.is_file():
            raise PageProgramError(f"{program.page}: its program crashed:\n{done.stderr[-2000:]}")
        result = json.loads(answer.read_text(encoding="utf-8"))
    if result["error"]:
        error = result["error"]
        block = program.blocks[error["block"]]
        targets = ", ".join(inc.target for inc in block.includes)
        raise PageProgramError(
            f"{program.page}:{block.line}: the block including {targets} raised "
            f"{error['type']}: {error['message']} ({error['where']} of the page program)"
        )
    if write_cache:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp_file = cached.with_suffix(".tmp")
        tmp_file.write_text(json.dumps(result), encoding="utf-8")
        os.replace(tmp_file, cached)
    return result


# ---------------------------------------------------------------- placeholders

PLACEHOLDER_RE = re.compile(r"\{\{\s*(?P<name>[A-Za-z_]\w*)\s*(?::(?P<spec>[^}]*))?\}\}")


def format_value(value, spec: str | None, *, decimal: str = ".", percent: str = "%") -> str:
    """A computed number as the page writes it: formatted by spec (".3f", ".1%"), with
    the page language's decimal mark and percent sign (French writes 0,978 and 12,3 %)."""
    text = format(value, spec or "")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text
    text = text.replace(".", decimal)
    return text[:-1] + percent if text.endswith("%") else text


def placeholders(markdown: str) -> list[tuple[str, str | None, int]]:
    return [
        (m["name"], m["spec"], markdown.count("\n", 0, m.start()) + 1)
        for m in PLACEHOLDER_RE.finditer(markdown)
    ]


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m i18n.page_program",
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
        used = {name for name, _, _ in placeholders(text)}
        for name in sorted(used):
            value = result["values"].get(name, "<MISSING: not a global of the program>")
            print(f"value {name} = {value!r}")
            if name not in result["values"]:
                status = 1
        wanted = set(re.findall(r"\]\(figure:([\w.-]+)\)", text))
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
