"""HTML post-processing of every page: formulas as MathML, lighter code markup and
white space, absolute language alternates, and an accessible name for the search."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from i18n.pages import SOURCE_LANGUAGE
from sitebuild.mathml import to_mathml

# ---------------------------------------------------------------- page content

ARITHMATEX_RE = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])</(?P=tag)>',
    re.S,
)
# Pygments wraps every token in a span. Names and whitespace get the code's own colour
# in Material's theme, and operators and punctuation a slightly lighter one; showing
# those in the code's colour too lets the build drop all four kinds of span, which
# were half of a lesson page's HTML. Keywords, strings, numbers and comments keep
# their colours, and copying is unaffected: the text stays the same.
# The affix of f"…" and a string's delimiters have no colour of their own in the theme
# either. And the theme gives the parts of a string (its quotes and text, an f-string's
# braces and format) one colour: a run of them becomes one span, which looks the same.
PLAIN_TOKEN_RE = re.compile(r'<span class="(?:n|w|p|o|sa|dl)">([^<]*)</span>')
STRING_PARTS = "s|s1|s2|sb|sc|si|ss"  # Material: .s, .s1, .s2, .sb, .sc, .si, .ss share a colour
STRING_RUN_RE = re.compile(rf'(?:<span class="(?:{STRING_PARTS})">[^<]*</span>){{2,}}')
STRING_PART_RE = re.compile(rf'<span class="(?:{STRING_PARTS})">([^<]*)</span>')


def plain_tokens(content: str) -> str:
    content = PLAIN_TOKEN_RE.sub(r"\1", content)
    return STRING_RUN_RE.sub(
        lambda m: '<span class="s">' + "".join(STRING_PART_RE.findall(m[0])) + "</span>", content
    )


def math_as_mathml(content: str) -> str:
    """pymdownx.arithmatex's formulas (generic mode) as MathML: no script, no CDN.
    A formula latex2mathml cannot read raises sitebuild.mathml.MathError."""
    if "arithmatex" not in content:
        return content

    def replace(m):
        latex = html.unescape(m["inline"] if m["inline"] is not None else m["block"])
        return to_mathml(latex, display=m["block"] is not None)

    return ARITHMATEX_RE.sub(replace, content)


# ---------------------------------------------------------------- the whole document

# static-i18n writes each page's alternates with relative addresses, which search
# engines (and Lighthouse's hreflang audit) reject: they must be absolute. x-default,
# the page for readers of any other language, is the English one.
ALTERNATE_RE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')
# Material's search dialog has no accessible name; it gets its input's, which the theme
# writes in the page's language.
SEARCH_DIALOG_RE = re.compile(
    r'(<div class="md-search" data-md-component="search" role="dialog")>(.*?placeholder="([^"]+)")',
    re.S,
)
# The theme's templates indent every tag and leave runs of blank lines: about a tenth of
# a page's bytes. Outside <pre>, <textarea> and <script>, any run of white space shows as
# one space, so a newline alone shows the same. (A minifier that also rewrites tags and
# attributes would save little more, and cost seconds per build.)
VERBATIM_RE = re.compile(r"<(pre|textarea|script)\b.*?</\1>", re.S | re.I)
BLANK_RUN_RE = re.compile(r"\n[ \t\r\n]+")  # a newline and the white space after it


def absolute_alternates(output: str, page_url: str) -> str:
    found = list(ALTERNATE_RE.finditer(output))
    if not found or not page_url:
        return output
    english = next((urljoin(page_url, m[1]) for m in found if m[2] == SOURCE_LANGUAGE), None)
    x_default = (
        f'\n    <link rel="alternate" href="{html.escape(english)}" hreflang="x-default">'
        if english
        else ""
    )
    last = found[-1].end()
    return (
        ALTERNATE_RE.sub(
            lambda m: (
                f'<link rel="alternate" href="{html.escape(urljoin(page_url, html.unescape(m[1])))}" '
                f'hreflang="{m[2]}">'
            ),
            output[:last],
        )
        + x_default
        + output[last:]
    )


def name_the_search(output: str) -> str:
    return SEARCH_DIALOG_RE.sub(r'\1 aria-label="\3">\2', output, count=1)


def squeeze_whitespace(output: str) -> str:
    pieces, last = [], 0
    for m in VERBATIM_RE.finditer(output):
        pieces += [BLANK_RUN_RE.sub("\n", output[last : m.start()]), m[0]]
        last = m.end()
    pieces.append(BLANK_RUN_RE.sub("\n", output[last:]))
    return "".join(pieces)


def document(output: str, page_url: str) -> str:
    """What every built page gets: its search named, absolute alternates, less space."""
    return squeeze_whitespace(absolute_alternates(name_the_search(output), page_url))
