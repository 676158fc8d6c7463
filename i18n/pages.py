"""A page's structure, as the translation checks see it.

A page is front matter plus sections. A section starts at a heading with an explicit
anchor (`## Title { #id }`) and runs to the next heading; the text before the first
heading belongs to the section "" (normally empty). Within each section we record what a
translation must keep (includes, code, math, figures, computed values, admonition types,
links, inline code, typed numbers) and the prose a translation changes. What is wrong
with a page on its own (a heading without its anchor, a placeholder written wrong, ...)
is a problem at its line, with a fix; the build fails on them.

A translation is read beside its English page by pairing their headings
(align_headings) and sections (section_groups): by anchor, and by position where an
anchor was translated or dropped. The checker compares what the paired sections hold,
i18n.trust their HTML, and the build refuses anchors that are not English's.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCE_LANGUAGE = "en"

# attr_list reads a heading's `{ #id }` only after a space or tab: `# Title{#id}` gets
# no id from it (the build would make one from the title), so the page model reads none
HEADING_RE = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)(?:[ \t]+\{[ \t]*#(?P<id>[\w-]+)[ \t]*\})?[ \t]*$"
)
GLUED_ANCHOR_RE = re.compile(r"\S(?P<anchor>\{[ \t]*#(?P<id>[\w-]+)[ \t]*\})[ \t]*$")
ANCHOR_RE = re.compile(r"\{[ \t]*#(?P<id>[\w-]+)[ \t]*\}[ \t]*$")
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ADMONITION_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<rest>.*)$"
)
FIGURE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(figure:(?P<label>[\w.-]+)\)")
VALUE_RE = re.compile(r"\{\{\s*(?P<expr>[^}]+?)\s*\}\}")
# what a placeholder may hold: a name and a format spec (format()'s mini-language)
PLACEHOLDER_RE = re.compile(
    r"(?P<name>[A-Za-z_]\w*)\s*(?::\s*(?P<spec>(?:[^{}\n]?[<>=^])?[-+ ]?z?#?0?\d*[,_]?"
    r"(?:\.\d+)?[bcdeEfFgGnosxX%]?)\s*)?"
)
# half a placeholder, left in prose once the whole ones are taken out
BROKEN_PLACEHOLDER_RE = re.compile(r"\{\{[ \t]*[^{}\s]*[ \t]*\}?|\{?[ \t]*[^{}\s]*[ \t]*\}\}")
LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
# an image that is not a figure: its address compares as a link, its alt text is prose
IMAGE_RE = re.compile(r"!\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
AUTOLINK_RE = re.compile(r"<(?P<target>https?://[^>]+)>")
INLINE_CODE_RE = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
DISPLAY_MATH_RE = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?!\s)(?P<tex>[^$\n]+?)(?<![\s\\])\$(?![\w$])")
# a number as prose writes it: 300, 0.5 or 0,5, 1,024 or 1 024 or 1.024 (thousands)
NUMBER_RE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d,.]\d)|(?<![\w.,])\d+(?:[.,]\d+)?"
)
# where Markdown takes an address: an inline link's or image's `](target`, a reference
# definition `[id]: target`, an autolink `<scheme:...>` or `<name@host>`
INLINE_TARGET_RE = re.compile(r"\]\(\s*")
REFERENCE_RE = re.compile(
    r"^[ \t>]*\[(?!\^)[^\]\n]*\]:[ \t]*\n?[ \t]*(?P<target><[^>\n]*>|\S+)", re.M
)
ANY_AUTOLINK_RE = re.compile(
    r"<(?P<target>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@/:]+@[^\s<>@]+)>"
)
BARE_URL_RE = re.compile(r"(?<![\w+.\-])[A-Za-z][A-Za-z0-9+.\-]*://[^\s<>\"'`]+")
# attr_list's `{ ... }` or `{: ... }` (to the line's last brace, as attr_list reads it)
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*[^\s}][^\n]*\}")
PURE_ANCHOR_RE = re.compile(r"\{[ \t]*#[\w-]+[ \t]*\}")


class Found(tuple):
    """A problem found in a page: `(line, message)` to whoever unpacks or compares it,
    as the build and the ledger do, with its kind (`heading`, `placeholder`, ...) and a
    one-line fix as attributes, which `python -m i18n check` reports too."""

    kind: str
    fix: str

    def __new__(cls, line: int, message: str, kind: str = "page", fix: str = ""):
        self = super().__new__(cls, (line, message))
        self.kind, self.fix = kind, fix
        return self

    def __getnewargs__(self):  # copy and pickle it whole
        return (*self, self.kind, self.fix)

    @property
    def line(self) -> int:
        return self[0]

    @property
    def message(self) -> str:
        return self[1]

    def at(self, line: int) -> Found:
        return Found(line, self.message, self.kind, self.fix)


@dataclass
class Item:
    """Something a translation keeps: kind, the value that must match, and its line."""

    kind: str
    value: str
    line: int
    end: int = 0  # a code block's closing fence line (0 for the others)

    @property
    def key(self) -> str:
        """What must equal English's: the value, except that a formula's \\text{} words
        and decimal marks are the page language's own (see formula_key)."""
        return formula_key(self.value) if self.kind == "math" else self.value


@dataclass
class Attribute:
    name: str  # lowercased
    value: str  # entities decoded, as a browser reads it
    line: int


@dataclass
class Html:
    """A piece of raw HTML in a page, as a browser reads it."""

    kind: str  # "tag", "end tag", "comment", "declaration", "unfinished tag"
    name: str  # a tag's lowercased name, a comment's text, or else the text as written
    attrs: list[Attribute]
    line: int

    def __str__(self) -> str:
        if self.kind == "tag":
            attrs = "".join(
                f' {a.name}="{a.value}"' if a.value else f" {a.name}" for a in self.attrs
            )
            return f"<{self.name}{attrs}>"
        if self.kind == "end tag":
            return f"</{self.name}>"
        if self.kind == "comment":
            return f"<!--{self.name}-->"
        return self.name


@dataclass
class Section:
    id: str
    title: str
    level: int
    line: int
    text: str = ""  # the section's Markdown, heading included (what its source hash covers)
    prose: list[tuple[int, str]] = field(
        default_factory=list
    )  # (line, prose with code etc. removed)
    kept: list[Item] = field(default_factory=list)  # compared with English in order
    loose: list[Item] = field(default_factory=list)  # compared with English as a multiset
    # what reaches the HTML, for i18n.trust: the text raw HTML is read from (line, text),
    # the raw HTML read from it, attribute lists { ... } (anchors aside) and the
    # addresses Markdown links to (kind: link, image, reference, autolink, text)
    markup: list[tuple[int, str]] = field(default_factory=list)
    html: list[Html] = field(default_factory=list)
    attr_lists: list[Item] = field(default_factory=list)
    urls: list[Item] = field(default_factory=list)

    def source_hash(self) -> str:
        """The hash the translation ledger records for this section's English text."""
        normal = "\n".join(line.rstrip() for line in self.text.strip().splitlines())
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass
class Page:
    path: Path
    meta: dict
    meta_error: str | None
    body_start: int  # line number of the first body line
    sections: list[Section]
    problems: list[Found]  # what is wrong on its own: (line, message), with kind and fix
    unreadable: bool = False  # a notebook that is not one: its problems say why, nothing else

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.id == anchor), None)

    @property
    def anchors(self) -> list[str]:
        return [s.id for s in self.sections if s.id]


def in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included), by
    the page model's rule: the tools that edit or scan a page's text skip those lines."""
    flags, fence = [], None
    for line in lines:
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) <= set(fence[0]):
                fence = None
            flags.append(True)
            continue
        m = FENCE_RE.match(line)
        if m:
            fence = m["fence"]
        flags.append(m is not None)
    return flags


def split_front_matter(text: str) -> tuple[dict, str | None, int]:
    """(metadata, error or None, line where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, None, 1
    i = front_matter_end(lines)
    if i is None:
        return {}, "front matter opened with --- but never closed", 1
    try:
        meta = yaml.safe_load("\n".join(lines[1:i])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark else 1
        return (
            {},
            f"line {line}: front matter is not valid YAML ({getattr(error, 'problem', error)})",
            i + 2,
        )
    if not isinstance(meta, dict):
        return {}, "front matter must be a mapping (key: value lines)", i + 2
    return meta, None, i + 2


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on the first line."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)


# The front matter a page may have. It reaches the build (description goes into the
# page's <meta> and search index, requires into the page's program), so a translation
# may not add keys or types the build does not expect.
FRONT_MATTER_KEYS = ("description", "requires", "translation")
PACKAGE_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def front_matter_problems(text: str) -> list[Found]:
    """Where well-formed front matter breaks its schema: an unknown or repeated key, or
    a value of the wrong kind, each at the line of its key."""
    meta, error, _ = split_front_matter(text)
    if error or not meta:
        return []
    lines = text.splitlines()
    node = yaml.compose("\n".join(lines[1 : front_matter_end(lines)]))
    problems, seen = [], set()
    for key_node, _value in node.value:
        line, key = 2 + key_node.start_mark.line, key_node.value
        if key_node.tag != "tag:yaml.org,2002:str" or key not in FRONT_MATTER_KEYS:
            shown = key if isinstance(key, str) else "a key that is not a name"
            problems.append(
                Found(
                    line,
                    f"front matter: unknown key {_short_repr(shown)} (a page's front matter "
                    f"holds only {', '.join(FRONT_MATTER_KEYS)})",
                    "front matter",
                    "remove the line",
                )
            )
        elif key in seen:
            problems.append(
                Found(line, f"front matter: {key} is given twice", "front matter", "keep one")
            )
        else:
            seen.add(key)
            if wrong := _front_matter_value_problem(key, meta[key]):
                problems.append(Found(line, f"front matter: {wrong}", "front matter", FIXES[key]))
    return problems


FIXES = {  # how to mend a front matter value
    "description": "write the description as one line of plain text",
    "requires": "write the list the English page has, like requires: [torch, matplotlib]",
    "translation": "remove the line once the page is translated",
}


def _front_matter_value_problem(key: str, value) -> str | None:
    if key == "description":
        if not isinstance(value, str):
            return f"description must be text, not {_short_repr(value)}"
        bad = sorted({c for c in value if c in "<>" or is_control_character(c)})
        if bad:
            return (
                f"description must be plain text, without {', '.join(map(repr, bad))} "
                f"(it goes into the page's HTML head): {_short_repr(value)}"
            )
    elif key == "requires":
        names = value if isinstance(value, list) else None
        if names is None or not all(isinstance(n, str) and PACKAGE_RE.fullmatch(n) for n in names):
            return (
                "requires must be a list of package names, like [torch, matplotlib], "
                f"not {_short_repr(value)}"
            )
    elif key == "translation" and value != "untranslated":
        return f"translation may only be 'untranslated', not {_short_repr(value)}"
    return None


def is_control_character(char: str) -> bool:
    """A control character, or one that reorders text on screen (bidirectional)."""
    return unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS


def _short_repr(value, limit: int = 60) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def parse_page(path: Path, text: str | None = None) -> Page:
    """The page's structure. Parsed once per distinct text: a build asks about each page
    dozens of times (notices, dashboard), so the result is shared; do not modify it."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if text is None else text
    if path.suffix == ".ipynb":
        return _parse_notebook(path, text)
    return _parse(path, text)


@functools.lru_cache(maxsize=64)
def _parse_notebook(path: Path, text: str) -> Page:
    """A notebook read as a Markdown page (i18n.notebooks.as_page), with every line
    number pointing into the .ipynb file."""
    import copy

    from i18n.notebooks import as_page

    view = as_page(text)
    page = copy.deepcopy(_parse(path, view.markdown))
    line = view.file_line
    page.body_start = line(page.body_start)
    page.problems = [p.at(line(p.line)) for p in page.problems] + [
        Found(n, message, "notebook", _notebook_fix(message)) for n, message in view.problems
    ]
    page.unreadable = not view.file_lines and bool(view.problems)
    for section in page.sections:
        section.line = line(section.line)
        section.prose = [(line(n), text) for n, text in section.prose]
        section.markup = [(line(n), text) for n, text in section.markup]
        for item in (*section.kept, *section.loose, *section.attr_lists, *section.urls):
            item.line = line(item.line)
        for html in section.html:
            html.line = line(html.line)
            html.attrs = [replace(a, line=line(a.line)) for a in html.attrs]
    if not page.unreadable:
        page.problems += _cells_the_page_omits(text)
    return page


NOTEBOOK_FIXES = {  # i18n.notebooks says what is wrong; how to mend it, by its words
    "not valid JSON": "correct the JSON, or save the notebook again from Jupyter",
    "not a Jupyter notebook": "save it from Jupyter (notebook format 4)",
    "a code cell may hold": "keep the English cell's include, and nothing else, in the cell",
    "a code cell has stored outputs": "clear the outputs (Jupyter: Edit > Clear Outputs)",
}


def _notebook_fix(message: str) -> str:
    return next(
        (fix for start, fix in NOTEBOOK_FIXES.items() if message.startswith(start)),
        "open the notebook in Jupyter, correct it and save it",
    )


def _cells_the_page_omits(text: str) -> list[Found]:
    """Raw cells: the page view leaves them out, but nbconvert copies a raw cell into
    the page as it is (HTML included), so a notebook page may not have one."""
    from i18n.notebooks import source_lines

    cells = json.loads(text).get("cells", [])
    return [
        Found(
            lines[0],
            f"unsafe content: a {cell.get('cell_type')} cell (nbconvert puts it into the "
            "page unchecked): a notebook page has markdown and code cells only",
            "unsafe",
            "make it a markdown cell, or remove it",
        )
        for cell, lines in zip(cells, source_lines(text, len(cells)), strict=True)
        if cell.get("cell_type") not in ("markdown", "code")
    ]


@functools.lru_cache(maxsize=512)
def _parse(path: Path, text: str) -> Page:
    meta, meta_error, body_start = split_front_matter(text)
    lines = text.splitlines()
    problems: list[Found] = []
    sections = [Section("", "", 0, body_start)]
    fence: tuple[str, str] | None = None  # (indent, fence chars) while inside a code block
    code: list[str] = []
    code_line = 0
    math: list[str] | None = None
    math_line = 0
    paragraph: list[str] = []  # prose lines waiting to be scanned together
    paragraph_line = 0

    def flush():
        if paragraph:
            _scan_inline("\n".join(paragraph), paragraph_line, sections[-1], problems)
            paragraph.clear()

    for number in range(body_start, len(lines) + 1):
        line = lines[number - 1]
        current = sections[-1]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[1]) and set(stripped) <= set(fence[1][0]):
                current.kept.append(Item("code", "\n".join(code), code_line, number))
                fence = None
            else:
                code.append(line[len(fence[0]) :] if line.startswith(fence[0]) else line.lstrip())
            current.text += line + "\n"
            continue
        if math is not None:
            current.text += line + "\n"
            if "$$" in line:
                math.append(line.split("$$")[0])
                current.kept.append(Item("math", _normal_tex("\n".join(math)), math_line))
                math = None
            else:
                math.append(line)
            continue

        m = FENCE_RE.match(line)
        if m or line.startswith("#") or line.strip().startswith("$$") or ADMONITION_RE.match(line):
            flush()
        if m:
            fence = (m["indent"], m["fence"])
            code, code_line = [], number
            current.kept.append(Item("fence", m["info"].strip(), number))
            current.text += line + "\n"
            continue

        h = HEADING_RE.match(line) if line.startswith("#") else None
        if h:
            if not h["id"]:
                problems.append(heading_anchor_problem(line, number))
            sections.append(
                Section(h["id"] or "", h["title"], len(h["hashes"]), number, line + "\n")
            )
            sections[-1].prose.append((number, _title_words(h["title"])))
            _scan_title(line.lstrip("#"), number, sections[-1], problems)
            continue

        current.text += line + "\n"
        stripped = line.strip()
        if stripped.startswith("$$"):
            rest = stripped[2:]
            if "$$" in rest:
                current.kept.append(Item("math", _normal_tex(rest.split("$$")[0]), number))
            else:
                math, math_line = [rest], number
            continue

        a = ADMONITION_RE.match(line)
        if a:
            current.kept.append(
                Item("admonition", f"{len(a['indent'])}{a['marker']} {a['type']}", number)
            )
            title = a["rest"].strip().strip('"')
            if title:
                current.prose.append((number, _title_words(title)))
            _scan_title(a["rest"], number, current, problems)
            continue
        anchor = ANCHOR_RE.search(line)
        if anchor:  # an anchored term (definition lists) or attribute list
            current.kept.append(Item("anchor", anchor["id"], number))
        if not paragraph:
            paragraph_line = number
        paragraph.append(line)
        if not stripped:
            flush()

    flush()
    _read_html(sections)
    if meta_error is None:
        problems += front_matter_problems(text)
    if fence is not None:
        problems.append(
            Found(
                code_line,
                "code block is never closed",
                "code",
                "close it with a line of ``` as long as the fence that opens it",
            )
        )
    if math is not None:
        problems.append(
            Found(math_line, "$$ math block is never closed", "formula", "close it with $$")
        )
    seen: dict[str, int] = {}
    for s in sections:
        if s.id and s.id in seen:
            problems.append(
                Found(
                    s.line,
                    f"anchor #{s.id} is used twice (first on line {seen[s.id]})",
                    "heading",
                    "give each heading the anchor of the English heading it translates",
                )
            )
        seen.setdefault(s.id, s.line)
    if not sections[0].text.strip():
        sections = sections[1:]
    return Page(path, meta, meta_error, body_start, sections, problems)


def _normal_tex(tex: str) -> str:
    return " ".join(tex.split())


# The words a formula shows as text, which a translation writes in its own language:
# plain words only (no command, group or formula inside), so nothing else can change
TEXT_WORDS_RE = re.compile(r"\\text\{[^{}\\$]*\}")
# a decimal comma as TeX needs it between digits, 0{,}5 (a bare comma would add a space)
DECIMAL_COMMA_RE = re.compile(r"(?<=\d)\{,\}(?=\d)")
DECIMAL_POINT_RE = re.compile(r"(?<=\d)\.(?=\d)")


def formula_key(tex: str) -> str:
    """A formula as a translation must keep it: its \\text{} words emptied and its
    decimal commas read as points, so `\\text{biais}` matches `\\text{bias}` and
    `0{,}5` matches `0.5`, and nothing else differs."""
    return DECIMAL_COMMA_RE.sub(".", TEXT_WORDS_RE.sub(r"\\text{}", tex))


def comma_decimals(tex: str) -> str:
    """A formula's decimals written with a comma, the TeX way: 0.5 -> 0{,}5."""
    return DECIMAL_POINT_RE.sub("{,}", tex)


def heading_anchor_problem(line: str, number: int) -> Found:
    """The problem of a heading the page model reads no `{ #id }` from, at its line."""
    glued = GLUED_ANCHOR_RE.search(line)
    if glued:
        spaced = f"{line[: glued.start('anchor')].rstrip()} {{ #{glued['id']} }}"
        return Found(
            number,
            f"heading {line.strip()!r} has no explicit anchor: attr_list reads "
            f"{glued['anchor']} as its anchor only after a space",
            "heading",
            f"write `{spaced.strip()}`",
        )
    return Found(
        number,
        f"heading {line.strip()!r} has no explicit anchor {{ #id }}",
        "heading",
        "end it with ` { #id }`, the English heading's anchor (every language keeps it)",
    )


def placeholder_problem(written: str) -> tuple[str, str, str]:
    """(message, fix, the value it was meant to be or "") of a computed value written
    wrong: `{{ name }` or `{ name }}` (the page would show it as it is), or `{{ }}` or
    `{{ 1 + 1 }}`, which hold no name of a value the page's program computes."""
    inner = " ".join(written.strip().strip("{}").split())
    if written.startswith("{{") and written.endswith("}}"):
        named = re.match(r"(?P<name>[A-Za-z_]\w*)\s*:(?P<spec>.*)", inner)
        fix = "write the name of a value the page's code computes, like `{{ loss:.3f }}`"
        if not inner:
            what = "is empty"
        elif named:
            what = f"has a format {named['spec'].strip()!r} that is not one, like .3f, .1% or .2e"
            fix = f"write a format like `{{{{ {named['name']}:.3f }}}}`, or none"
        else:
            what = "holds no name: a placeholder is {{ name }} or {{ name:format }}"
        return f"placeholder `{written}` {what}", fix, ""
    meant = inner if PLACEHOLDER_RE.fullmatch(inner) else ""
    half = "opens with {{ but does not close with }}"
    if not written.startswith("{{"):
        half = "closes with }} but does not open with {{"
    return (
        f"broken placeholder `{written}`: it {half}, so the page would show it as it is",
        f"write `{{{{ {meant} }}}}`"
        if meant
        else "write it as `{{ name }}` or `{{ name:format }}`",
        meant,
    )


def _placeholders(text: str, first: int, section: Section | None, problems: list) -> str:
    """Take the computed values `{{ name:format }}` out of a paragraph (recorded in the
    section, unless None), and every placeholder written wrong (a problem at its line,
    and an item "placeholder" holding it as written): the text without them."""

    def line_of(m: re.Match) -> int:
        return first + text.count("\n", 0, m.start())

    def blank(m: re.Match) -> str:  # keeps the paragraph's newlines
        return " " + "\n" * m[0].count("\n")

    wrong = []
    for m in VALUE_RE.finditer(text):
        expr = " ".join(m["expr"].split())
        if PLACEHOLDER_RE.fullmatch(expr):
            if section is not None:
                section.loose.append(Item("value", expr, line_of(m)))
        else:
            wrong.append((line_of(m), m[0]))
    text = VALUE_RE.sub(blank, text)
    wrong += [(line_of(m), m[0].strip()) for m in BROKEN_PLACEHOLDER_RE.finditer(text)]
    text = BROKEN_PLACEHOLDER_RE.sub(blank, text)
    for line, written in sorted(wrong, key=lambda found: found[0]):
        message, fix, _ = placeholder_problem(written)
        problems.append(Found(line, message, "placeholder", fix))
        if section is not None:
            section.loose.append(Item("placeholder", written, line))
    return text


def _scan_inline(text: str, first: int, section: Section, problems: list) -> None:
    """Record a paragraph's kept items and its remaining prose. The paragraph is scanned
    as a whole, so a link whose text runs over two lines is still one link."""

    def line_of(m: re.Match) -> int:
        return first + text.count("\n", 0, m.start())

    def take(pattern, kind, value, replace, *, kept=False):
        nonlocal text
        for m in pattern.finditer(text):
            (section.kept if kept else section.loose).append(Item(kind, value(m), line_of(m)))
        text = pattern.sub(replace, text)  # replacements keep the paragraph's newlines

    take(INLINE_CODE_RE, "inline code", lambda m: m["code"], " ")
    take(INLINE_MATH_RE, "math", lambda m: _normal_tex(m["tex"]), " ")
    take(FIGURE_RE, "figure", lambda m: m["label"], lambda m: f" {m['alt']} ", kept=True)
    text = _placeholders(text, first, section, problems)
    _scan_markup(text, first, section)
    take(IMAGE_RE, "link", lambda m: m["target"], lambda m: f" {m['text']} ")
    take(LINK_RE, "link", lambda m: m["target"], lambda m: f" {m['text']} ")
    take(AUTOLINK_RE, "link", lambda m: m["target"], " ")
    text = re.sub(ANCHOR_RE.pattern, " ", text, flags=re.M)
    # numbers are compared by their digits, so each language may write its own separators
    take(NUMBER_RE, "number", lambda m: re.sub(r"\D", "", m[0]), lambda m: m[0])
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            section.prose.append((first + k, line))


def _title_words(title: str) -> str:
    """A title's prose: its words, without the code and formulas a paragraph's prose also
    leaves out (`optimizer.zero_grad()` in a title does not use the term "optimizer")."""
    for pattern in (INLINE_CODE_RE, INLINE_MATH_RE):
        title = pattern.sub(" ", title)
    return title


def _scan_title(text: str, line: int, section: Section, problems: list) -> None:
    """A heading's or admonition's title: Markdown, so it may hold links and raw HTML."""
    text = _placeholders(_title_words(text), line, None, problems)
    _scan_markup(text, line, section)


def _scan_markup(text: str, first: int, section: Section) -> None:
    """Record what a paragraph (code, math and values taken out) puts into the HTML: the
    addresses its Markdown links to, its attribute lists, and its text, from which
    _read_html reads the raw HTML of the whole page."""
    blanks = []
    for kind, start, end, target in _markdown_targets(text):
        section.urls.append(Item(kind, target, first + text.count("\n", 0, start)))
        blanks.append((start, end))
    for start, end in reversed(blanks):  # `](<x>)` and `<https://x>` are not tags
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    for m in ATTR_LIST_RE.finditer(text):
        rest_of_line = text[m.end() :].split("\n", 1)[0]
        if PURE_ANCHOR_RE.fullmatch(m[0]) and not rest_of_line.strip():
            continue  # an anchor { #id }: a kept item, compared on its own
        section.attr_lists.append(
            Item("attribute list", m[0], first + text.count("\n", 0, m.start()))
        )
    section.markup.append((first, text))


def _markdown_targets(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, address) of every address Markdown takes from `text`, in order
    (start and end span what is not prose: the address, with its angle brackets)."""
    found = []
    for m in INLINE_TARGET_RE.finditer(text):
        start = m.end()
        if text.startswith("<", start) and ">" in text[start:].split("\n", 1)[0]:
            end = text.index(">", start) + 1
            target = text[start + 1 : end - 1]
        else:
            end, depth = start, 0  # to the first space or unbalanced ")"
            while end < len(text) and not text[end].isspace():
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth < 0:
                    break
                end += 1
            target = text[start:end]
        opening = text.rfind("[", 0, m.start())
        kind = "image" if opening > 0 and text[opening - 1] == "!" else "link"
        if target:
            found.append((kind, start, end, target))
    for m in REFERENCE_RE.finditer(text):
        target = m["target"]
        found.append(("reference", m.start("target"), m.end("target"), target.strip("<>")))
    for m in ANY_AUTOLINK_RE.finditer(text):
        target = m["target"]
        target = target if ":" in target else f"mailto:{target}"
        found.append(("autolink", m.start(), m.end(), target))
    return sorted(found, key=lambda f: f[1])


def _read_html(sections: list[Section]) -> None:
    """Read the raw HTML of the whole page at once, as a browser would (a tag may run
    over blank lines or past a heading), and give each piece to the section where it
    starts. Also records addresses written as plain text in it."""
    markup: dict[int, str] = {}
    for section in sections:
        for first, text in section.markup:
            for k, line in enumerate(text.split("\n")):
                markup[first + k] = line
    if not markup:
        return
    last = max(markup)
    reader = _HtmlReader()
    reader.feed("\n".join(markup.get(n, "") for n in range(1, last + 1)))
    reader.close()
    starts = [s.line for s in sections]
    for kind, item in reader.found:
        section = sections[max(0, bisect.bisect_right(starts, item.line) - 1)]
        (section.html if kind == "html" else section.urls).append(item)


class _HtmlReader(HTMLParser):
    """HTML tokens with their lines. Attribute values come decoded (html.unescape);
    text is kept raw (an entity in text stays text to a browser), so a `<` left in it
    is a tag the parser could not finish."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[str, Html | Item]] = []
        self.text: list[str] = []
        self.text_line = 0

    def add(self, kind: str, name: str, attrs: list[Attribute] | None = None) -> None:
        self.flush_text()
        self.found.append(("html", Html(kind, name, attrs or [], self.getpos()[0])))

    def handle_starttag(self, tag, attrs):
        source = self.get_starttag_text() or ""
        line, at = self.getpos()[0], len(tag) + 1
        located = []
        for name, value in attrs:
            m = re.compile(rf"(?<=[\s\"'/]){re.escape(name)}(?=[\s=/>]|$)", re.I).search(source, at)
            at = m.end() if m else at
            located.append(Attribute(name, value or "", line + source.count("\n", 0, at)))
        self.add("tag", tag, located)

    handle_startendtag = handle_starttag

    def parse_html_declaration(self, i):
        if self.rawdata.startswith("<![", i):  # to a browser, a comment up to the next ">"
            return self.parse_bogus_comment(i)  # (html.parser would raise on a bad one)
        return super().parse_html_declaration(i)

    def handle_endtag(self, tag):
        self.add("end tag", tag)

    def handle_comment(self, data):
        self.add("comment", data)

    def handle_decl(self, decl):
        self.add("declaration", f"<!{decl}>")

    def unknown_decl(self, data):
        self.add("declaration", f"<![{data}]>")

    def handle_pi(self, data):
        self.add("declaration", f"<?{data}>")

    def handle_data(self, data):
        if not self.text:
            self.text_line = self.getpos()[0]
        self.text.append(data)

    def close(self):
        super().close()
        self.flush_text()

    def flush_text(self):
        text, line = "".join(self.text), self.text_line
        self.text.clear()

        def line_of(m: re.Match) -> int:
            return line + text.count("\n", 0, m.start())

        for m in re.finditer(r"<[A-Za-z!/?][^\n]*", text):
            self.found.append(("html", Html("unfinished tag", m[0][:60], [], line_of(m))))
        for m in BARE_URL_RE.finditer(text):
            self.found.append(("url", Item("text", m[0], line_of(m))))


# ---------------------------------------------------------------- a translation beside English


@dataclass
class HeadingPair:
    """A heading of a translation and the English heading it stands for."""

    mine: Section | None  # None: English has a heading the translation lacks
    english: Section | None  # None: the translation has a heading English has no place for
    by: str  # "anchor" (in English's order), "moved" (same anchor, out of order),
    # "position" (anchors differ: the headings in the same place), "" (unpaired)


@dataclass
class SectionGroup:
    """Translated sections and the English ones whose content they must hold: one each,
    or more where a heading is missing on one side (its content is looked for in the
    section before it)."""

    mine: list[Section]
    english: list[Section]
    by: str  # how the first pair was made: "anchor", "position", or "" (none)


def align_headings(page: Page, english: Page) -> list[HeadingPair]:
    """Each heading of the translation with its English heading, in the translation's
    order, English headings it lacks placed where they would be. Headings are paired by
    anchor where the anchors match, and by position between those (a translated
    anchor, a heading without one): what does not pair is left alone."""
    mine = [s for s in page.sections if s.level]
    theirs = [s for s in english.sections if s.level]
    english_at: dict[str, int] = {}
    mine_at: dict[str, int] = {}
    for j, s in enumerate(theirs):
        english_at.setdefault(s.id, j)
    for i, s in enumerate(mine):
        mine_at.setdefault(s.id, i)

    def shared(s: Section, k: int, here: dict, there: dict) -> bool:
        return bool(s.id) and here[s.id] == k and s.id in there

    a = [s.id if shared(s, i, mine_at, english_at) else ("mine", i) for i, s in enumerate(mine)]
    b = [s.id if shared(s, j, english_at, mine_at) else ("en", j) for j, s in enumerate(theirs)]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pairs: list[HeadingPair] = []
    i = j = 0
    for block in matcher.get_matching_blocks():
        # between two runs of matching anchors: anchors English has elsewhere, then the
        # others, paired in order
        waiting = [theirs[k] for k in range(j, block.b) if isinstance(b[k], tuple)]
        for k in range(i, block.a):
            if isinstance(a[k], str):
                pairs.append(HeadingPair(mine[k], theirs[english_at[a[k]]], "moved"))
            elif waiting:
                pairs.append(HeadingPair(mine[k], waiting.pop(0), "position"))
            else:
                pairs.append(HeadingPair(mine[k], None, ""))
        pairs += [HeadingPair(None, t, "") for t in waiting]
        pairs += [
            HeadingPair(mine[block.a + k], theirs[block.b + k], "anchor") for k in range(block.size)
        ]
        i, j = block.a + block.size, block.b + block.size
    return pairs


def section_groups(page: Page, english: Page) -> list[SectionGroup]:
    """The translation's sections with the English sections they translate, for
    comparing what they hold: paired as align_headings pairs their headings; a section
    left unpaired on either side joins the group before it (a heading dropped or
    added: its content is then still compared)."""
    groups = []
    before = [s for s in page.sections if not s.level], [s for s in english.sections if not s.level]
    if any(before):
        groups.append(SectionGroup(*before, "anchor"))
    for pair in align_headings(page, english):
        if pair.mine and pair.english:
            by = "position" if pair.by == "position" else "anchor"
            groups.append(SectionGroup([pair.mine], [pair.english], by))
        elif not groups:
            groups.append(SectionGroup([], [], ""))
        if not (pair.mine and pair.english):
            group = groups[-1]
            group.mine.extend([pair.mine] if pair.mine else [])
            group.english.extend([pair.english] if pair.english else [])
    return groups


def last_line(section: Section) -> int:
    """The last line the section is known to hold something on (its heading at least)."""
    return max(
        [section.line]
        + [i.end or i.line for i in (*section.kept, *section.loose)]
        + [n for n, _ in section.prose]
    )


# ---------------------------------------------------------------- the site's pages


def languages(config_path: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The site's languages, English first, as mkdocs.yml's i18n plugin lists them."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_Loader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            found = [lang["locale"] for lang in plugin["i18n"]["languages"]]
            return sorted(found, key=lambda code: code != SOURCE_LANGUAGE)
    raise RuntimeError(f"{config_path}: no i18n plugin configured")


LESSON_SECTIONS = ("Lessons", "Lab")  # the nav entries that hold the course's lessons


def lesson_pages(config_path: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The lesson pages (e.g. 'overfitting.md'), in nav order: every page under the
    nav's Lessons section, at any depth, and the lab."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_Loader)

    def pages(entry) -> list[str]:
        if isinstance(entry, str):
            return [entry]
        if isinstance(entry, list):
            return [page for item in entry for page in pages(item)]
        return [page for value in entry.values() for page in pages(value)]

    return [
        page
        for item in config["nav"]
        if isinstance(item, dict) and next(iter(item)) in LESSON_SECTIONS
        for page in pages(item)
    ]


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its !ENV, !relative and !!python tags."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def source_pages(docs: Path = DOCS) -> list[str]:
    """The English pages and notebooks, as paths relative to docs/en/ (e.g.
    'overfitting.md', 'lab-workbook.ipynb')."""
    base = docs / SOURCE_LANGUAGE
    return sorted(
        p.relative_to(base).as_posix() for suffix in PAGE_SUFFIXES for p in base.rglob(f"*{suffix}")
    )


PAGE_SUFFIXES = (".md", ".ipynb")  # Markdown pages and notebooks
