"""Every page with code downloads as a notebook (.ipynb) and as a script (.py), made at
build time from the page itself: its prose as markdown cells in the page's language,
its code blocks as code cells with what they printed and the figures they drew, links
as addresses on the site. The script is the same notebook in jupytext's percent format.
"""

from __future__ import annotations

import copy
import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

from i18n.files import write_atomic
from i18n.notebooks import META, write_text
from i18n.pages import FIGURE_RE, HEADING_RE, LINK_RE, VALUE_RE, parse_page
from i18n.words import ui
from sitebuild.outputs import value_text
from sitebuild.runner import Program, python_blocks
from sitebuild.text import after_title

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
ATTR_LIST_RE = re.compile(r"[ \t]*\{[ \t]*[#.:][^{}\n]*\}[ \t]*$")
CONTAINER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+\"(?P<title>[^\"]*)\")?"
    r"|===[ \t]+\"(?P<tab>[^\"]*)\")[ \t]*$"
)
ABBREVIATION_RE = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


class DownloadError(Exception):
    """The page cannot be made into a notebook; the message says where."""


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
):
    """The page (its Markdown body) as a notebook: markdown cells in the page's
    language, code cells with exactly the page's code, each with what it printed and
    the figures it drew.

    page_url is the page's absolute address, page_path its file inside its language
    folder (e.g. "overfitting.md"): links to other pages become absolute addresses, so
    they work from a downloaded file. intro goes under the title, footer at the end.
    """
    import nbformat

    new_code, new_md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    blocks = python_blocks(parse_page(Path(program.page), markdown))
    if len(blocks) != len(program.blocks):
        raise DownloadError(
            f"{program.page}: found {len(blocks)} code blocks, expected {len(program.blocks)}"
        )
    lines = plain_markdown(markdown.split("\n"))
    cells, last = [], 0

    def prose(chunk: list[str], first: bool = False):
        text = _clean_prose("\n".join(chunk), result, page_url, page_path, program.page, lang)
        if first:
            text = after_title(text, intro)
        if text.strip():
            cells.append(new_md(text.strip("\n")))

    for i, ((line, end, _), block) in enumerate(zip(blocks, program.blocks, strict=True)):
        prose(lines[last : line - 1], first=(i == 0))
        last = end
        outputs = cell_outputs(result, i, lang)
        cells.append(new_code(block.code.rstrip("\n"), outputs=outputs, execution_count=i + 1))
    prose(lines[last:], first=not blocks)
    cells.append(new_md(footer))
    for number, cell in enumerate(cells, 1):
        cell["id"] = f"cell-{number}"  # not nbformat's random ids: a build is reproducible
    return new_notebook(cells, {META: {"page": page_url, "language": lang}})


def cell_outputs(result: dict, block: int, lang: str) -> list:
    """The outputs of a page run's block as a code cell's: what it printed, then the
    figures it drew, in lang's words."""
    import nbformat

    outputs = []
    printed = result["blocks"][block] if block < len(result["blocks"]) else ""
    if printed:
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text=printed))
    for fig in result["figures"]:
        if fig["block"] == block:
            outputs.append(
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "image/svg+xml": fig.get("svgs", {}).get(lang, fig["svg"]),
                        "text/plain": f"<Figure {fig['label']}>",
                    },
                    metadata={META: {"label": fig["label"]}},
                )
            )
    return outputs


def script_of(nb) -> str:
    """The notebook as a Python script that runs as is (jupytext's percent format:
    markdown cells become comments, code cells stay code)."""
    import jupytext

    plain = copy.deepcopy(nb)
    for cell in plain.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return jupytext.writes(plain, fmt="py:percent")


def plain_markdown(lines: list[str]) -> list[str]:
    """Material's containers (admonitions, collapsible blocks, tabs) as a bold title and
    their content, un-indented: Jupyter's Markdown has no such blocks. Line for line:
    the result's line i comes from line i (a container's line becomes two)."""
    out: list[str] = []
    stack: list[int] = []  # content indent of each open container
    for line in lines:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            while stack and indent < stack[-1]:
                stack.pop()
        shift = 4 * len(stack)
        m = CONTAINER_RE.match(line)
        if m:
            title = m["title"] if m["title"] is not None else (m["tab"] or m["type"].capitalize())
            outer = len(m["indent"]) - shift
            out.append(" " * max(outer, 0) + (f"**{title}**" if title else "") + "\n")
            stack.append(len(m["indent"]) + 4)
            continue
        out.append(line[shift:] if line[:shift].strip() == "" else line.lstrip())
    return out


def _clean_prose(
    chunk: str, result: dict, page_url: str, page_path: str, where: str, lang: str
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
    chunk = VALUE_RE.sub(lambda m: value_text(m, result["values"], lang, where)[2], chunk)
    chunk = LINK_RE.sub(
        lambda m: f"[{m['text']}]({absolute(m['target'], page_url, page_path)})", chunk
    )
    return re.sub(r"\n{3,}", "\n\n", chunk)


def absolute(target: str, page_url: str, page_path: str) -> str:
    """A link of a page, as an absolute address: another page (x.md#anchor) on the site."""
    path, hash_, anchor = target.partition("#")
    if not path or "://" in path or path.startswith("mailto:"):
        return target
    if not path.endswith((".md", ".ipynb")):
        return urljoin(page_url, path) + (hash_ + anchor)
    own = page_address(page_path)
    root = page_url[: len(page_url) - len(own)] if own and page_url.endswith(own) else page_url
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    return urljoin(root, page_address(resolved)) + (hash_ + anchor)


def page_address(md_path: str) -> str:
    """overfitting.md -> overfitting/, index.md -> "", a/index.md -> a/ (directory URLs);
    a notebook (lab-workbook.ipynb) like a Markdown page."""
    stem = re.sub(r"\.(md|ipynb)$", "", md_path)
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def download_name(src_uri: str) -> str:
    stem = Path(src_uri).stem
    return "home" if stem == "index" else stem


def write_downloads(nb, folder: Path, name: str) -> tuple[str, str]:
    """The page as <name>.ipynb and <name>.py in folder (next to its index.html)."""
    write_atomic(folder / f"{name}.ipynb", write_text(nb))
    write_atomic(folder / f"{name}.py", script_of(nb))
    return f"{name}.ipynb", f"{name}.py"


def download_buttons(names: tuple[str, str], lang: str) -> str:
    """Links to the page's notebook and script (relative: they sit next to the page)."""
    notebook, script = (html.escape(n) for n in names)
    return (
        f'<p class="downloads">'
        f'<a class="md-button" href="{notebook}" download title="{html.escape(ui("download_notebook_title", lang))}">'
        f"{html.escape(ui('download_notebook', lang))}</a> "
        f'<a class="md-button" href="{script}" download title="{html.escape(ui("download_script_title", lang))}">'
        f"{html.escape(ui('download_script', lang))}</a></p>"
    )
