"""A notebook page's HTML: rendered by mkdocs-jupyter (nbconvert), made light and private.

nbconvert's page inlines about 600 KB of JupyterLab CSS, a copy of every code cell for
its own copy button, a clipboard script and MathJax from a CDN. What the site keeps:

- code cells in Material's code-block markup, so they get the site's colours, copy
  button and fonts like every other page;
- formulas as MathML, made at build time (sitebuild.mathml), like on the Markdown pages;
- figures as SVG files next to the page, with the alt text the notebook's prose gives
  them (`![what it shows](figure:label)` after the cell that draws them);
- headings with the anchors the notebook gives them (`<a id="anchor"></a>`), so every
  language has the same anchors, and a table of contents from them.
"""

from __future__ import annotations

import copy
import html
import re
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from i18n.notebooks import META, NotebookError, cell_text, write_text
from i18n.pages import DISPLAY_MATH_RE, FIGURE_RE, INLINE_CODE_RE, INLINE_MATH_RE, LINK_RE
from sitebuild import cache
from sitebuild.downloads import KERNEL, absolute, cell_outputs, page_address
from sitebuild.mathml import MathError, to_mathml

COMMENT_RE = re.compile(r"<!--.*?-->\s*", re.S)  # nbconvert's notes on its MathJax set-up
STYLE_RE = re.compile(r"<style\b.*?</style>\s*", re.S | re.I)
SCRIPT_RE = re.compile(r"<script\b.*?</script>\s*", re.S | re.I)
COPY_BUTTON_RE = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.S
)
COPY_TEXT_RE = re.compile(
    r'<div (?:class="clipboard-copy-txt" id="cell-\d+"|id="cell-\d+" class="clipboard-copy-txt")>.*?</div>\s*',
    re.S,
)
EMPTY_COLLAPSER_RE = re.compile(r'<div class="jp-Collapser[^"]*">\s*</div>\s*')
CELL_ID_RE = re.compile(r'id="cell-id=([\w-]+)"')  # nbconvert's; "=" breaks Material's selectors
INPUT_TABINDEX_RE = re.compile(r'(<div class="jp-Cell-inputWrapper") tabindex="0"')
TEXT_OUTPUT_RE = re.compile(
    r'<div class="jp-RenderedText jp-OutputArea-output"(?: data-mime-type="(?P<mime>[^"]*)")?[^>]*>\s*<pre>(?P<text>.*?)</pre>\s*</div>',
    re.S,
)
# a code cell (highlight-ipynb), or a fenced block in a markdown cell (a shell command):
# without <code>, Material neither styles it as code (background, horizontal scrolling)
# nor gives it a copy button
CODE_RE = re.compile(
    r'<div class="(?:highlight-ipynb hl-(?P<lang>[\w-]+)[^"]*|highlight)"><pre><span></span>(?P<code>.*?)</pre></div>',
    re.S,
)
HEADING_RE = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<auto>[^"]*)">(?P<title>.*?)<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>',
    re.S,
)
INNER_ANCHOR_RE = re.compile(r'\s*<a id="(?P<id>[\w-]+)"></a>\s*')
MATH_TOKEN = "MATHPLACEHOLDER{}X"
MATH_TOKEN_RE = re.compile(r"(?:<p>)?MATHPLACEHOLDER(\d+)X(?:</p>)?")
FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.S | re.M)


@dataclass
class Rendered:
    html: str
    toc: list[dict]  # mkdocs' toc tokens: level, id, name, children


def render(
    nb,
    where: str,
    figures: Path,
    figure_prefix: str,
    figure_url: str,
    output_label: str,
    cache_dir: Path | None = None,
) -> Rendered:
    """The page content of an executed notebook. Its figures are written to
    figures/<figure_prefix>-<n>.svg and linked as figure_url + that name; what a cell
    printed shows as on the Markdown pages, under output_label.

    With a cache_dir, a notebook rendered before (same cells, outputs and words) is not
    rendered again: nbconvert takes about half a second per language and build."""
    import mkdocs_jupyter

    path = cache.entry(
        "notebook-page",
        cache.key_of(
            Path(__file__).read_text(encoding="utf-8"),  # how it renders is part of the key
            mkdocs_jupyter.__version__,
            nb,
            figure_prefix,
            figure_url,
            output_label,
        ),
        cache_dir,
    )
    record = cache.read(path) if cache_dir else None
    if record is None:
        record = _render(nb, where, figure_prefix, figure_url, output_label)
        if cache_dir:
            cache.write(path, record)
    for name, svg in record["figures"].items():
        figures.mkdir(parents=True, exist_ok=True)
        (figures / name).write_text(svg, encoding="utf-8")
    return Rendered(record["html"], record["toc"])


def _render(nb, where: str, figure_prefix: str, figure_url: str, output_label: str) -> dict:
    from mkdocs_jupyter import convert

    nb = copy.deepcopy(nb)
    drawn = _place_figures(nb, where, figure_prefix, figure_url)
    formulas = _protect_math(nb)
    with tempfile.TemporaryDirectory(prefix="notebook-page-") as folder:
        path = Path(folder) / "page.ipynb"
        path.write_text(write_text(nb), encoding="utf-8")
        body = convert.nb2html(
            str(path), execute=False, allow_errors=False, no_prompt=True, custom_mathjax_url=""
        )
    body = STYLE_RE.sub("", body)
    body = COMMENT_RE.sub("", body)
    body = SCRIPT_RE.sub("", body)
    body = COPY_BUTTON_RE.sub("", body)
    body = COPY_TEXT_RE.sub("", body)
    body = EMPTY_COLLAPSER_RE.sub("", body)
    body = CELL_ID_RE.sub(r'id="\1"', body)
    body = INPUT_TABINDEX_RE.sub(r"\1", body)
    label = html.escape(output_label)

    def text_output(m):
        kind = "page-output" if m["mime"] in (None, "text/plain") else "page-output page-stderr"
        return (
            f'<div class="{kind} language-text highlight"><span class="filename">{label}</span>'
            f"<pre><span></span><code>{m['text'].rstrip()}</code></pre></div>"
        )

    body = TEXT_OUTPUT_RE.sub(text_output, body)

    def code_block(m):
        kind = f"language-{m['lang']} highlight" if m["lang"] else "highlight"
        return f'<div class="{kind}"><pre><span></span><code>{m["code"]}</code></pre></div>'

    body = CODE_RE.sub(code_block, body)
    headings: list[tuple[int, str, str]] = []

    def heading(m):
        inner = INNER_ANCHOR_RE.search(m["title"])
        anchor = inner["id"] if inner else m["auto"]
        title = INNER_ANCHOR_RE.sub("", m["title"]).strip()
        headings.append((int(m["level"]), anchor, title))
        return (
            f'<h{m["level"]} id="{anchor}">{title}<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">¶</a></h{m["level"]}>'
        )

    body = HEADING_RE.sub(heading, body)

    def formula(m):
        latex, display = formulas[int(m[1])]
        try:
            return to_mathml(latex, display)
        except MathError as error:
            raise NotebookError(f"{where}: {error}") from None

    body = MATH_TOKEN_RE.sub(formula, body)
    return {"html": body, "toc": _toc(headings), "figures": drawn}


def _place_figures(nb, where: str, prefix: str, url: str) -> dict[str, str]:
    """Each figure a code cell drew becomes an <img> of an SVG file, with the alt text
    of the next `![alt](figure:label)` in the prose after it; returns {file name: SVG}."""
    drawn: dict[str, str] = {}
    waiting: list[dict] = []  # figure outputs whose alt text has not come yet
    number = cell_of_figures = 0
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            if waiting:
                break  # reported below
            waiting = [o for o in cell.outputs if "image/svg+xml" in o.get("data", {})]
            cell_of_figures = index
            continue
        if cell.cell_type != "markdown":
            continue
        text = cell_text(cell)
        for m in FIGURE_RE.finditer(text):
            if not waiting:
                raise NotebookError(
                    f"{where}: cell {index}: figure:{m['label']} has no figure to describe: "
                    "the code cell before it draws none (or fewer)"
                )
            output = waiting.pop(0)
            alt = m["alt"].strip()
            if not alt:
                raise NotebookError(f"{where}: cell {index}: figure:{m['label']} needs alt text")
            number += 1
            name = f"{prefix}-{number}.svg"
            svg = output["data"]["image/svg+xml"]
            svg = "".join(svg) if isinstance(svg, list) else svg
            drawn[name] = svg
            width, height = _svg_size(svg)
            size = f' width="{width}" height="{height}"' if width else ""
            output["data"] = {
                "text/html": f'<figure class="page-figure"><img src="{html.escape(url + name)}" '
                f'alt="{html.escape(alt)}"{size} loading="lazy"></figure>'
            }
        cell.source = FIGURE_RE.sub("", text)
    if waiting:
        raise NotebookError(
            f"{where}: cell {cell_of_figures} draws {len(waiting)} figure(s) that no "
            "`![what it shows](figure:label)` in the next markdown cell describes"
        )
    return drawn


def _svg_size(svg: str) -> tuple[int | None, int | None]:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)(pt|px)?"[^>]*\bheight="([\d.]+)(pt|px)?"', svg)
    if not m:
        return None, None
    scale = 4 / 3 if m[2] == "pt" else 1
    return round(float(m[1]) * scale), round(float(m[3]) * scale)


def _protect_math(nb) -> list[tuple[str, bool]]:
    """Replace each formula in the markdown cells by a token that Markdown leaves alone;
    returns (LaTeX, display) per token."""
    formulas: list[tuple[str, bool]] = []

    def keep(latex: str, display: bool) -> str:
        formulas.append((latex, display))
        token = MATH_TOKEN.format(len(formulas) - 1)
        return f"\n\n{token}\n\n" if display else token

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _protect_cell_math(cell_text(cell), keep)
    return formulas


def _protect_cell_math(text: str, keep) -> str:
    """The formulas of one markdown cell through keep(), code spans and blocks untouched."""
    kept: list[str] = []

    def hide(m):
        kept.append(m[0])
        return f"\x00{len(kept) - 1}\x00"

    text = FENCE_RE.sub(hide, text)
    text = INLINE_CODE_RE.sub(hide, text)
    text = DISPLAY_MATH_RE.sub(lambda m: keep(m["tex"], True), text)
    text = INLINE_MATH_RE.sub(lambda m: keep(m["tex"], False), text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], text)


def _toc(headings: list[tuple[int, str, str]]) -> list[dict]:
    """Nested toc tokens, as Python-Markdown's toc extension makes them: a heading's
    name is its text, without tags. Material writes the names into the tables of
    contents as they are, and those are not page.content, which a translation's HTML is
    sanitised in: `## <b onmouseover="...">Title</b>` would reach the page whole."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, title in headings:
        token = {"level": level, "id": anchor, "name": _text(title), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def without_figure_text(nb):
    """A copy of nb without the `![alt](figure:label)` lines the site uses for its
    figures' alt text: in Jupyter they would show as broken images."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\n{3,}", "\n\n", FIGURE_RE.sub("", cell_text(cell))).strip("\n")
    return nb


def with_links(nb, page_url: str, page_path: str, *, absolute_links: bool):
    """A copy of nb whose links to other pages (lab.md#tasks) are site addresses:
    absolute (for a downloaded file) or relative to the page (for the site)."""
    import posixpath

    nb = copy.deepcopy(nb)

    def address(target: str) -> str:
        if absolute_links:
            return absolute(target, page_url, page_path)
        path, hash_, anchor = target.partition("#")
        if not path.endswith((".md", ".ipynb")) or "://" in path:
            return target
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        relative = posixpath.relpath(page_address(resolved) or ".", page_address(page_path) or ".")
        return ("" if relative == "." else relative + "/") + hash_ + anchor

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LINK_RE.sub(
                lambda m: f"[{m['text']}]({address(m['target'])})", cell_text(cell)
            )
    return nb


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _text(fragment: str) -> str:
    """An HTML fragment's text, as HTML: tags dropped, the text escaped."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return html.escape(" ".join("".join(parser.parts).split()), quote=False)


def executed(nb, program, result: dict, lang: str):
    """A copy of a notebook page (nbformat nodes) as its run left it: each code cell holds
    the code its includes name and the outputs of its block (figures in lang's words).
    A cell's own metadata is replaced: a translation's cell tags steer nothing."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    if len(cells) != len(program.blocks):
        raise NotebookError(
            f"{program.page}: {len(cells)} code cells, but its program has {len(program.blocks)}"
        )
    for number, (cell, block) in enumerate(zip(cells, program.blocks, strict=True)):
        cell.source = block.code.rstrip("\n")
        cell.metadata = {META: {"snippets": [inc.target for inc in block.includes]}}
        cell.outputs = cell_outputs(result, number, lang)
        cell.execution_count = number + 1
    nb.metadata.setdefault("kernelspec", dict(KERNEL))
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb
