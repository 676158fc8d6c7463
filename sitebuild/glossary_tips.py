"""Glossary terms on lesson pages: the first time a page uses a term of the glossary
(i18n/glossary.yml, in the page's language), the word links to the term's entry on that
language's glossary page. The build writes the definitions once per language, next to
that glossary page (glossary/tips.json); the site's script (course.js) shows a term's
definition in a tooltip on hover and on keyboard focus. Definitions in every link's
title attribute, which Material would show itself, cost a Russian lesson page 13 KB of
its 100 KB budget; the links cost 2 KB, and the file is fetched once per language.

The definitions come from docs/<lang>/glossary.md, a translation anyone may have
written: they reach the reader only as JSON strings that the script puts in a tooltip
as text (textContent), never as HTML."""

from __future__ import annotations

import functools
import json
import posixpath
import re
import unicodedata
from pathlib import Path

from i18n.check import glossary
from i18n.files import write_atomic
from i18n.pages import SOURCE_LANGUAGE, lesson_pages, parse_page

# a glossary entry: `Term { #anchor }`, then `:   definition` and its indented lines
ENTRY_RE = re.compile(
    r"^(?P<term>\S[^\n]*?)[ \t]*\{[ \t]*#(?P<id>[\w-]+)[ \t]*\}[ \t]*\n"
    r":[ \t]+(?P<first>[^\n]*)\n(?P<rest>(?:(?:[ ]{4}|\t)[^\n]*\n)*)",
    re.M,
)
MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# where a term is not marked: code, formulas, links (a link in a link is not allowed),
# headings, and the controls and labels of the page
SKIPPED = {
    "a", "code", "pre", "kbd", "samp", "math", "abbr", "script", "style", "button",
    "label", "summary", "svg", "textarea", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w-]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)
# product names that start like a term but are not one ("TensorFlow" is not "tensor")
NAMES_RE = re.compile(r"TensorFlow")


INLINE_MATH_RE = re.compile(r"\$([^$\n]+)\$")
TEX_SYMBOLS = {
    "leftarrow": "←", "rightarrow": "→", "nabla": "∇", "sum": "Σ", "cdot": "·",
    "times": "×", "infty": "∞", "approx": "≈", "le": "≤", "ge": "≥", "ldots": "…",
    "dots": "…", "log": "log", "max": "max", "min": "min", "exp": "exp", "mid": "|",
}  # fmt: skip
TEX_WORD_RE = re.compile(r"\\(?:operatorname|text|mathrm|mathbf|mathit)\{([^{}]*)\}")
TEX_FRAC_RE = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
TEX_SQRT_RE = re.compile(r"\\sqrt\{([^{}]*)\}")
TEX_SCRIPT_RE = re.compile(r"([_^])\{([^{}]*)\}")
TEX_COMMAND_RE = re.compile(r"\\([a-zA-Z]+)")


def _tex_symbol(m: re.Match) -> str:
    name = m[1]
    if name in TEX_SYMBOLS:
        return TEX_SYMBOLS[name]
    try:  # \eta, \lambda, \Theta ...
        case = "CAPITAL" if name[0].isupper() else "SMALL"
        letter = name.upper().replace("LAMBDA", "LAMDA")  # Unicode's spelling
        return unicodedata.lookup(f"GREEK {case} LETTER {letter}")
    except KeyError:
        return name


def _grouped(text: str, script: str = "") -> str:
    """A group as text: one token as it is (n_in, 2), several in parentheses."""
    simple = re.fullmatch(r"\\?[\w.]+", text) and (script == "_" or len(text) == 1)
    return text if simple or re.fullmatch(r"\\[a-zA-Z]+", text) else f"({text})"


def tex_text(tex: str) -> str:
    """A formula of a definition as text a title attribute can show: $\\eta$ as η,
    $w \\leftarrow w - \\eta v$ as w ← w − η v, $\\frac{a}{b}$ as a/b."""
    text = TEX_WORD_RE.sub(r"\1", tex)
    text = TEX_SCRIPT_RE.sub(lambda m: m[1] + _grouped(m[2], "_" if m[1] == "_" else "^"), text)
    text = TEX_FRAC_RE.sub(lambda m: f"{_grouped(m[1])}/{_grouped(m[2])}", text)
    text = TEX_SQRT_RE.sub(lambda m: f"√{_grouped(m[1])}", text)
    text = TEX_COMMAND_RE.sub(_tex_symbol, text)
    text = text.replace("{", "").replace("}", "").replace(" - ", " − ")
    return text.replace("\\", "")


def plain_definition(markdown: str) -> str:
    """A definition's Markdown as one line of text: links as their text, formulas as
    text, code and emphasis without their marks."""
    text = MARKDOWN_LINK_RE.sub(r"\1", markdown)
    text = INLINE_MATH_RE.sub(lambda m: tex_text(m[1]), text)
    text = text.replace("`", "")
    text = EMPHASIS_RE.sub(r"\2", text)
    return " ".join(text.split())


# a sentence ends at . ! ? or … followed by a space and a capital letter
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[(«„\"]?[^\W\d_])")
SHORT = 80  # characters: a first sentence shorter than this takes the next one too


def first_sentences(text: str) -> str:
    """What a tooltip shows: the definition's first sentence (two, if the first is
    short). The whole entry is one click away, and every lesson page carries a few
    dozen definitions, so they cost bytes on every page."""
    sentences: list[str] = []
    for piece in SENTENCE_END_RE.split(text):
        if sentences and not (piece[:1].isupper() or piece[:1] in '(«„"'):
            sentences[-1] += " " + piece  # "e.g. Adam": not the start of a sentence
        else:
            sentences.append(piece)
    shown = sentences[0] if sentences else ""
    if len(shown) < SHORT and len(sentences) > 1:
        shown += " " + sentences[1]
    return shown


@functools.cache
def _definitions(path: Path, mtime: float) -> dict[str, str]:
    definitions = {}
    for section in parse_page(path).sections:
        for m in ENTRY_RE.finditer(section.text + "\n"):
            definitions[m["id"]] = first_sentences(plain_definition(m["first"] + " " + m["rest"]))
    return definitions


def definitions(glossary_page: Path) -> dict[str, str]:
    """anchor -> definition as plain text, from a language's glossary page."""
    path = Path(glossary_page)
    if not path.is_file():
        return {}
    return _definitions(path.resolve(), path.stat().st_mtime)


@functools.cache
def _form_pattern(form: str) -> str:
    # as i18n.check matches forms: at the start of a word, ignoring case, * for any
    # ending; the whole word is marked ("tensor" marks "tensors")
    pattern = re.escape(form).replace(r"\ ", r"[\s\u00a0\u202f]+").replace(r"\*", r"\w*")
    return r"(?<!\w)" + pattern.replace("'", "['’]") + r"\w*"


def term_patterns(lang: str, known: set[str]) -> list[tuple[str, re.Pattern]]:
    """(anchor, pattern of every form) for the terms of the glossary that have a
    definition in the language; longer forms first, so "learning rate schedule" wins
    over "learning rate" where both would start at one word."""
    terms = []
    for anchor, languages in glossary().items():
        forms = [f for f in languages.get(lang, []) if f.strip()]
        if anchor in known and forms:
            forms.sort(key=len, reverse=True)
            pattern = "|".join(_form_pattern(f) for f in forms)
            terms.append((anchor, re.compile(pattern, re.I)))
    return terms


def mark_terms(content: str, lang: str, glossary_page: Path, glossary_url: str) -> str:
    """The page's HTML with the first use of each glossary term linked to its entry
    (see the module's docstring)."""
    known = definitions(glossary_page)
    if not known:
        return content
    todo = term_patterns(lang, set(known))
    out, skipping, last = [], [], 0

    def text(chunk: str) -> str:
        nonlocal todo
        if skipping or not todo or not chunk.strip():
            return chunk
        found = []  # (start, end, anchor): the first use of each term in this text
        for anchor, pattern in todo:
            for m in pattern.finditer(chunk):
                if not NAMES_RE.match(chunk, m.start()):
                    found.append((m.start(), m.end(), anchor))
                    break
        found.sort()
        pieces, at, marked = [], 0, set()
        for start, end, anchor in found:
            if start < at:
                continue  # overlaps a longer term marked already; it may come later
            pieces += [
                chunk[at:start],
                f'<a class="glossary-term" href="{glossary_url}#{anchor}">{chunk[start:end]}</a>',
            ]
            at = end
            marked.add(anchor)
        if not marked:
            return chunk
        todo = [(a, p) for a, p in todo if a not in marked]
        return "".join(pieces) + chunk[at:]

    for m in TAG_RE.finditer(content):
        out.append(text(content[last : m.start()]))
        out.append(m[0])
        last = m.end()
        if m[2] is None:
            continue  # a comment
        name = m[2].lower()
        if m[1] and skipping and skipping[-1] == name:
            skipping.pop()
        elif not m[1] and not m[3] and name not in VOID and (skipping or name in SKIPPED):
            skipping.append(name)  # inside a skipped element, every element is counted
    out.append(text(content[last:]))
    return "".join(out)


def glossary_address(url: str, path_in_language: str) -> str:
    """The glossary page of the page's language, relative to the page (directory URLs):
    ("fr/overfitting/", "overfitting.md") -> "../glossary/"."""
    own = posixpath.splitext(path_in_language)[0]
    own = "" if own == "index" else own.removesuffix("/index") + "/"
    prefix = url[: len(url) - len(own)] if own and url.endswith(own) else url
    relative = posixpath.relpath(prefix + "glossary/", url or ".")
    return relative.rstrip("/") + "/"


@functools.cache
def _lesson_pages() -> frozenset[str]:
    return frozenset(lesson_pages())


def glossary_page(context) -> Path:
    """The glossary page of the page's language: its own, or English's while it has none
    (static-i18n then publishes the English one in its place)."""
    page = context.docs / context.lang / "glossary.md"
    return page if page.is_file() else context.docs / SOURCE_LANGUAGE / "glossary.md"


def page_content(content: str, context) -> str:
    """on_page_content for a page (sitebuild.page.PageContext): on a lesson page, terms
    linked; on a glossary page, its definitions written beside it (TIPS)."""
    if context.path_in_language == "glossary.md":
        write_tips(glossary_page(context), context.dest_dir / TIPS)
        return content
    if context.path_in_language not in _lesson_pages():
        return content
    address = glossary_address(context.url, context.path_in_language)
    return mark_terms(content, context.lang, glossary_page(context), address)


TIPS = "tips.json"  # in the folder of each language's glossary page


def write_tips(page: Path, target: Path) -> None:
    """The tooltips' texts of a language: {anchor: definition}, sorted, so that two
    builds write the same bytes."""
    text = json.dumps(definitions(page), ensure_ascii=False, sort_keys=True, indent=0)
    # < and > as escapes: the file means the same, and no tag can be read into it even
    # by something that takes it for HTML
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    write_atomic(target, text + "\n")
