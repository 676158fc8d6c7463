"""A translated page's HTML, made safe to publish (DESIGN.md, principle 6).

A translation may come from a stranger, and the build must be safe even when the parity
check with English is skipped. So a translated page's content (MkDocs' page.content)
goes through an allow-list: the tags, attributes, classes and URLs that the site's own
build writes into an English page (Python-Markdown and Material, the build's hooks,
latex2mathml's MathML, the notebook renderer), and nothing else. English pages are
trusted; tests/sitebuild/test_sanitize.py checks that cleaning one changes nothing.

nh3 (ammonia on html5ever, a parser that follows the browsers' HTML5 rules) parses and
writes the HTML back; the code here only decides about single attribute values.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from pygments.token import STANDARD_TYPES

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# latex2mathml's output (sitebuild/mathml.py). No <semantics>/<annotation-xml>: they can
# hold HTML inside MathML, the classic way to confuse a sanitiser's parser.
MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup",
    "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable",
    "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "none",
}  # fmt: skip
TAGS = HEADINGS | MATHML_TAGS | {
    "p", "div", "span", "br", "hr", "blockquote", "pre", "code", "kbd", "small", "sub",
    "sup", "em", "strong", "b", "i", "del", "ins", "mark", "abbr", "a", "img", "figure",
    "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead",
    "tbody", "tfoot", "tr", "th", "td", "details", "summary",
    "input", "label",  # Material's tabbed blocks: radio buttons and their labels
}  # fmt: skip
# Removed with everything inside them, not only their tags (the others lose only the tag):
# with the MathML ones, whose content a browser reads as HTML, nothing can change
# namespace when its parent goes (ammonia's past mXSS advisories)
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
    "textarea", "select", "title", "xmp", "noembed", "noframes",
    "annotation-xml", "annotation", "semantics", "mglyph", "malignmark",
}  # fmt: skip

# Layout attributes of latex2mathml's elements. Not href (MathML links), style, class
# or mathcolor/mathbackground (\href, \style, \class, \color: no English formula uses them).
MATHML_ATTRIBUTES = {
    "display", "mathvariant", "mathsize", "stretchy", "fence", "separator", "form",
    "lspace", "rspace", "minsize", "maxsize", "largeop", "movablelimits", "symmetric",
    "accent", "accentunder", "displaystyle", "scriptlevel", "width", "height", "depth",
    "voffset", "linethickness", "notation", "columnalign", "rowalign", "columnlines",
    "rowlines", "columnspacing", "rowspacing", "frame",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class"},  # each class is checked against CLASSES below
    **{tag: {"id"} for tag in HEADINGS | {"dt", "li", "sup"}},  # anchors, footnotes
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
    "a": {"href", "title", "download"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
    "details": {"open"},
    "input": {"id", "name", "checked"},
    "label": {"for"},
    "div": {
        "id",  # the notebook's cell-NN
        "data-tabs",  # Material's tabbed blocks
        "data-mime-type",  # nbconvert's, on the notebook page
        "data-type",
        "data-jp-theme-light",
        "data-jp-theme-name",
    },
    "span": {"data-name", "data-format"},  # the build's computed numbers
}
# Attributes allowed with these values only
ATTRIBUTE_VALUES = {
    # Markdown tables' column alignment: the only inline style the build writes
    "th": {"style": {f"text-align: {side};" for side in ("left", "center", "right")}},
    "td": {"style": {f"text-align: {side};" for side in ("left", "center", "right")}},
    # scrollable formulas and notebook outputs take the keyboard focus, in page order
    "math": {"tabindex": {"0"}, "xmlns": {"http://www.w3.org/1998/Math/MathML"}},
    "div": {"tabindex": {"0"}},
    "img": {"loading": {"lazy"}},
}
# An <input> without a type is a text box: every input is a tabbed block's radio button
SET_ATTRIBUTE_VALUES = {"input": {"type": "radio"}}

ADMONITIONS = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution",
    "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
    "quote", "cite",
}  # fmt: skip
CLASSES = ADMONITIONS | set(STANDARD_TYPES.values()) - {""} | {
    # Python-Markdown and Material
    "admonition", "admonition-title", "headerlink", "highlight", "filename", "annotate",
    "footnote", "footnote-ref", "footnote-backref", "md-button",
    "tabbed-set", "tabbed-alternate", "tabbed-labels", "tabbed-content", "tabbed-block",
    # the build's own (sitebuild/, docs/assets/stylesheets/course.css)
    "page-figure", "page-output", "computed", "last-run", "downloads", "visually-hidden",
    "translation-summary", "translation-grid", "numeric", "glossary-term",
    "state-up-to-date", "state-stale", "state-missing",
    "benchmark-setup", "benchmark-sweep", "benchmark-targets",
    # the notebook page (nbconvert's markup that sitebuild/notebook_page.py keeps)
    "jupyter-wrapper", "CodeMirror", "cm-s-jupyter",
}  # fmt: skip
# language-python etc. (pymdownx.highlight), jp-Cell etc. (JupyterLab): names no stylesheet
# of the site gives a position or a picture, so they can restyle nothing but code and cells
CLASS_PREFIXES = ("language-", "jp-")

# Material's own controls have ids like __drawer, __search, __toc and __palette_0; an
# element in the content with one of them (or a <label for> it) would take them over.
# The content's only such ids are the radio buttons of its tabbed blocks.
TABBED_ID_RE = re.compile(r"__tabbed_\d+(_\d+)?")

URL_SCHEMES = {"http", "https", "mailto"}
OFF_SITE_REL = "noopener noreferrer nofollow"


def _address(value: str) -> tuple[str, str]:
    """(scheme, host) of a URL as a browser reads it: it ignores tabs and newlines
    anywhere, spaces and control characters at either end, and takes a backslash for a
    slash (so "/\\evil.example" is another host)."""
    value = re.sub(r"[\t\n\r]", "", value).strip("\x00- ").replace("\\", "/")
    parts = urlsplit(value)
    return parts.scheme, parts.netloc


def _off_site(url: str) -> bool:
    return any(_address(url))


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute_filter: the value to keep (maybe trimmed), or None to drop it.
    It sees values with entities decoded, after nh3 has checked URL schemes."""
    if attribute == "class":
        kept = [c for c in value.split() if c in CLASSES or c.startswith(CLASS_PREFIXES)]
        return " ".join(kept) or None
    if attribute in {"id", "name", "for"} and value.startswith("__"):
        return value if TABBED_ID_RE.fullmatch(value) else None
    if tag == "img" and attribute == "src" and _off_site(value):
        return None  # images only from this site: no tracking pixels, no spoofed figures
    return value


OPTIONS = dict(
    tags=TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    set_tag_attribute_values=SET_ATTRIBUTE_VALUES,
    attribute_filter=_keep,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # nh3 would add rel to every link; only off-site ones get it, below
    strip_comments=True,
)


class _OffSiteRel(HTMLParser):
    """Writes nh3's output back unchanged, except that a link to another host gets
    rel="noopener noreferrer nofollow" (nh3 can only give every link the same rel)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        href = dict(attrs).get("href")
        if tag == "a" and href and _off_site(href):
            text = f'{text[:-1]} rel="{OFF_SITE_REL}">'  # nh3 writes <a ...>, never <a/>
        self.out.append(text)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def clean_html(fragment: str) -> str:
    """A page's content HTML with everything outside the allow-list removed."""
    cleaned = nh3.clean(fragment, **OPTIONS)
    writer = _OffSiteRel()
    writer.feed(cleaned)
    writer.close()
    return "".join(writer.out)


def plain_text(value: str) -> str:
    """Page metadata (page.meta description or title) as text for a template to write
    into HTML as it is.

    MkDocs' Jinja environment does not autoescape, and Material writes
    page.meta.description into <meta name="description" content="…"> (and
    page.meta.title into <title> and the header) unescaped: a translated front matter's
    `description: '"><script>…'` would end the attribute. Front matter is plain text
    (the English descriptions hold no entities), so escaping once is right; unescaping
    first keeps a value that is already escaped from being escaped twice, and the English
    pages' meta tags mean exactly what they meant before.

    Not for page.title taken from the page's <h1>: MkDocs gives it as HTML already
    (entities escaped, tags stripped), so it must not be escaped again. Material's
    `{{ page.title | striptags }}` in <title> unescapes it, though: an <h1> of
    `&lt;/title&gt;&lt;script&gt;…` ends the <title>. The template needs
    `page.title | striptags | e` there (overrides/main.html has the same line).
    """
    return html.escape(html.unescape(str(value)), quote=True)


# a link as Python-Markdown writes it: the address first, no rel of its own
MARKDOWN_LINK_RE = re.compile(r'<a href="(?P<href>[^"]*)"(?P<rest>(?:(?!\brel=)[^>])*)>')


def off_site_rel(content: str) -> str:
    """Every page's links to other hosts (the lessons' Further reading) open without
    access to the page and without telling the other host where the reader came from,
    as a translation's do after clean_html: rel="noopener noreferrer nofollow"."""

    def add(m: re.Match) -> str:
        if not _off_site(html.unescape(m["href"])):
            return m[0]
        return f'<a href="{m["href"]}"{m["rest"]} rel="{OFF_SITE_REL}">'

    return MARKDOWN_LINK_RE.sub(add, content)
