"""The page runner's child: runs one page's program in a fresh interpreter.

    python -I sitebuild/child.py request.json result.json

The parent (sitebuild/runner.py) writes the request: the program's blocks (code from
snippets/ only), the modules the page may not import, the folders to add to the path
and the words of its figures in every language. This file runs the blocks in order, as
one program, and writes what each printed, the figures it drew (SVG, in every
language), the program's simple global values, and where it ran. It imports nothing of
the project: the interpreter may be a reader's, without the build's packages.

The notebook pages' kernel uses the figure functions too (sitebuild/kernel.py).
"""

import contextlib
import datetime
import importlib.abc
import io
import json
import os
import re
import sys
import traceback
import warnings

# ---------------------------------------------------------------- figures in every language


def to_svg(fig, plt) -> str:
    svg = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "course"}):
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return svg.getvalue()


def templates(table: dict) -> list:
    """The entries of a figure-words table that are templates ("dropout {p}"), as
    (pattern, translation)."""
    found = []
    for source, target in table.items():
        if "{" in source:
            parts = re.split(r"\{(\w+)\}", source)
            pattern = "".join(
                re.escape(p) if k % 2 == 0 else f"(?P<{p}>.+?)" for k, p in enumerate(parts)
            )
            found.append((re.compile(pattern + r"\Z"), target))
    return found


def translate(text: str, table: dict, patterns: list) -> str:
    if text in table:
        return table[text]
    for pattern, target in patterns:
        m = pattern.match(text)
        if m:
            return target.format(**m.groupdict())
    return text


def texts_of(fig) -> list:
    import matplotlib.text

    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def translated(fig, table: dict, patterns: list) -> list:
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


def figure_svgs(fig, plt, figure_text: dict) -> tuple:
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


# ---------------------------------------------------------------- imports a page may not use


def probing() -> bool:
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
    """Refuses the modules the page's front matter does not name (`requires:`)."""

    def __init__(self, blocked):
        self.blocked = set(blocked)

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in self.blocked:
            if probing():
                return None  # a probe (not an import) may see what is installed
            raise ModuleNotFoundError(
                f"No module named {top!r}: this page does not name it in its front matter (requires:)",
                name=top,
            )
        return None


# ---------------------------------------------------------------- running the program


def collect_figures(block: int, figure_text: dict, result: dict) -> None:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for num in plt.get_fignums():
        fig = plt.figure(num)
        svg, per_language, texts = figure_svgs(fig, plt, figure_text)
        w, h = fig.get_size_inches() * fig.dpi
        result["figures"].append(
            {
                "label": fig.get_label() or f"figure-{num}",
                "block": block,
                "svg": svg,
                "svgs": per_language,
                "texts": texts,
                "width": round(w),
                "height": round(h),
            }
        )
    plt.close("all")


def simple(v):
    """Plain numbers and strings, and one-element tensors or arrays as numbers."""
    if isinstance(v, bool | int | float | str):
        return v
    try:
        numel = getattr(v, "numel", None)
        size = getattr(v, "size", None)
        if (callable(numel) and numel() == 1) or (isinstance(size, int) and size == 1):
            value = v.item()
            return value if isinstance(value, bool | int | float) else None
    except Exception:
        pass
    return None


def where_it_ran(ns: dict) -> dict:
    """The torch version and device of the run (the program's `device`, if it has one)."""
    torch = sys.modules.get("torch")
    run = {"torch": None, "device": "cpu"}
    if torch is not None:
        device = str(ns.get("device") or ("cuda" if torch.cuda.is_available() else "cpu"))
        name = device
        if device.startswith("cuda") and torch.cuda.is_available():
            name = f"{device} ({torch.cuda.get_device_name(torch.device(device))})"
        run = {"torch": torch.__version__.split("+")[0], "device": name}
    run["date"] = datetime.date.today().isoformat()
    run["python"] = sys.version.split()[0]
    return run


def run(request: dict) -> dict:
    sys.path[:0] = request["extra_paths"]
    sys.meta_path.insert(0, Blocker(request["blocked"]))
    os.environ["MPLBACKEND"] = "Agg"
    warnings.filterwarnings("ignore", message=".*non-interactive.*")
    ns = {"__name__": "__main__"}
    # stderr: what each block wrote there (warnings, progress bars): not shown on the
    # page, but there for the tests, which want none
    result = {"blocks": [], "stderr": [], "figures": [], "values": {}, "error": None}
    for i, code in enumerate(request["blocks"]):
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                exec(compile(code, f"<block {i + 1}>", "exec"), ns)
        except BaseException as error:
            frames = [
                f
                for f in traceback.extract_tb(error.__traceback__)
                if f.filename.startswith("<block")
            ]
            where = (
                f"{frames[-1].filename} line {frames[-1].lineno}" if frames else f"<block {i + 1}>"
            )
            result["error"] = {
                "block": i,
                "where": where,
                "type": type(error).__name__,
                "message": str(error),
            }
            result["blocks"].append(out.getvalue())
            result["stderr"].append(err.getvalue())
            break
        result["blocks"].append(out.getvalue())
        result["stderr"].append(err.getvalue())
        collect_figures(i, request["figure_text"], result)
    for name, value in ns.items():
        if not name.startswith("_"):
            value = simple(value)
            if value is not None and not (isinstance(value, str) and len(value) > 200):
                result["values"][name] = value
    result["run"] = where_it_ran(ns)
    return result


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as request_file:
        answer = run(json.load(request_file))
    with open(sys.argv[2], "w", encoding="utf-8") as result_file:
        json.dump(answer, result_file)
