"""A page's structure, as the translation checks see it.

A page is front matter plus sections. A section starts at a heading with an explicit
anchor (`## Title { #id }`) and runs to the next heading; the text before the first
heading belongs to the section "" (normally empty). Within each section we record what a
translation must keep (includes, code, math, figures, computed values, admonition types,
links, inline code, typed numbers) and the prose a translation changes.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCE_LANGUAGE = "en"

HEADING_RE = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t]*(?:\{[ \t]*#(?P<id>[\w-]+)[ \t]*\})?[ \t]*$"
)
ANCHOR_RE = re.compile(r"\{[ \t]*#(?P<id>[\w-]+)[ \t]*\}[ \t]*$")
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ADMONITION_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<rest>.*)$"
)
FIGURE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(figure:(?P<label>[\w.-]+)\)")
VALUE_RE = re.compile(r"\{\{\s*(?P<expr>[^}]+?)\s*\}\}")
LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
AUTOLINK_RE = re.compile(r"<(?P<target>https?://[^>]+)>")
INLINE_CODE_RE = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
DISPLAY_MATH_RE = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?!\s)(?P<tex>[^$\n]+?)(?<![\s\\])\$(?![\w$])")
# a number as prose writes it: 300, 0.5 or 0,5, 1,024 or 1 024 or 1.024 (thousands)
NUMBER_RE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d,.]\d)|(?<![\w.,])\d+(?:[.,]\d+)?"
)
HTML_TAG_RE = re.compile(r"<[^>\n]+>")


@dataclass
class Item:
    """Something a translation keeps: kind, the value that must match, and its line."""

    kind: str
    value: str
    line: int


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
    problems: list[tuple[int, str]]  # structure that is wrong on its own (line, message)
    unreadable: bool = False  # a notebook that is not one: its problems say why, nothing else

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.id == anchor), None)

    @property
    def anchors(self) -> list[str]:
        return [s.id for s in self.sections if s.id]


def split_front_matter(text: str) -> tuple[dict, str | None, int]:
    """(metadata, error or None, line where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, None, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
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
    return {}, "front matter opened with --- but never closed", 1


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
    page.problems = [(line(n), message) for n, message in page.problems] + view.problems
    page.unreadable = not view.file_lines and bool(view.problems)
    for section in page.sections:
        section.line = line(section.line)
        section.prose = [(line(n), text) for n, text in section.prose]
        for item in (*section.kept, *section.loose):
            item.line = line(item.line)
    return page


@functools.lru_cache(maxsize=512)
def _parse(path: Path, text: str) -> Page:
    meta, meta_error, body_start = split_front_matter(text)
    lines = text.splitlines()
    problems: list[tuple[int, str]] = []
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
            _scan_inline("\n".join(paragraph), paragraph_line, sections[-1])
            paragraph.clear()

    for number in range(body_start, len(lines) + 1):
        line = lines[number - 1]
        current = sections[-1]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[1]) and set(stripped) <= set(fence[1][0]):
                current.kept.append(Item("code", "\n".join(code), code_line))
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
                problems.append(
                    (number, f"heading {line.strip()!r} has no explicit anchor {{ #id }}")
                )
            sections.append(
                Section(h["id"] or "", h["title"], len(h["hashes"]), number, line + "\n")
            )
            sections[-1].prose.append((number, h["title"]))
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
                current.prose.append((number, title))
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
    if fence is not None:
        problems.append((code_line, "code block is never closed"))
    if math is not None:
        problems.append((math_line, "$$ math block is never closed"))
    seen: dict[str, int] = {}
    for s in sections:
        if s.id and s.id in seen:
            problems.append((s.line, f"anchor #{s.id} is used twice (first on line {seen[s.id]})"))
        seen.setdefault(s.id, s.line)
    if not sections[0].text.strip():
        sections = sections[1:]
    return Page(path, meta, meta_error, body_start, sections, problems)


def _normal_tex(tex: str) -> str:
    return " ".join(tex.split())


def _scan_inline(text: str, first: int, section: Section) -> None:
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
    take(VALUE_RE, "value", lambda m: " ".join(m["expr"].split()), " ")
    take(LINK_RE, "link", lambda m: m["target"], lambda m: f" {m['text']} ")
    take(AUTOLINK_RE, "link", lambda m: m["target"], " ")
    text = re.sub(ANCHOR_RE.pattern, " ", text, flags=re.M)
    # numbers are compared by their digits, so each language may write its own separators
    take(NUMBER_RE, "number", lambda m: re.sub(r"\D", "", m[0]), lambda m: m[0])
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            section.prose.append((first + k, line))


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
