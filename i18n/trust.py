"""What a translation may put into a page's HTML: only what its English page has.

A translation comes from a stranger, so it is checked by parity with English, not
against a list of bad words (a list misses `jav&#x61;script:`, a tag split over two
lines, `{ onclick=... }`). Per section, against the English section it translates
(i18n.pages.section_groups: the same anchor, or the same place where an anchor was
translated, so that one wrong anchor does not make its section's HTML look foreign):

- raw HTML (tags, end tags, comments, declarations, as html.parser reads the whole page):
  the same pieces in the same order, with the same attributes and values, except the
  text attributes (title, alt, aria-label), which are translated but must stay plain text;
- attribute lists `{ ... }` (attr_list, which lets Markdown add any attribute): the
  same, in the same order (`{ #id }` anchors are compared by the page model);

and over the whole page, every address the translation writes (Markdown links, images,
reference definitions, autolinks, bare URLs, URL attributes of raw HTML and attribute
lists, CSS `url()`), read as a browser reads it, is relative to the site or is in the
English page; a scheme other than http, https or mailto is never allowed.

A translation's folder holds its pages as plain files, nothing else (`folder_problems`):
MkDocs publishes every other file of docs/ as it is, and reads a page through a link.

Every message starts with "unsafe content:" (tools grep for it), except for what English
has and the translation lacks, which is not unsafe, only wrong.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from i18n.pages import (
    DOCS,
    PAGE_SUFFIXES,
    SOURCE_LANGUAGE,
    Found,
    Html,
    Item,
    Page,
    Section,
    is_control_character,
    languages,
    section_groups,
)

TEXT_ATTRIBUTES = frozenset({"title", "alt", "aria-label"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "imagesrcset",
        "action",
        "formaction",
        "poster",
        "background",
        "xlink:href",
        "data",
        "codebase",
        "cite",
        "longdesc",
        "ping",
        "manifest",
        "lowsrc",
        "dynsrc",
        "usemap",
    }
)
ALLOWED_SCHEMES = ("http", "https", "mailto")
SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
CSS_URL_RE = re.compile(
    r"url\(\s*(['\"]?)(?P<url>.*?)\1\s*\)|@import\s*(['\"])(?P<imported>.*?)\3", re.I
)
ATTR_LIST_PAIR_RE = re.compile(r"(?P<name>[^\s={}:]+)=(?P<value>\"[^\"]*\"|'[^']*'|[^\s}]+)")
SCHEME_IN_TEXT_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?=[^\s\d])")

PREFIX = "unsafe content: "
WHERE = {  # the page model's kinds of Markdown address, for messages
    "link": "a link",
    "image": "an image",
    "reference": "a reference definition",
    "autolink": "an autolink",
    "text": "plain text",
}


def trust_problems(page: Page, english: Page) -> list[Found]:
    """(line, message), with kind and fix, for each piece of HTML, attribute list or
    address in `page` that its English page does not vouch for."""
    problems = []
    for group in section_groups(page, english):
        if not group.mine:
            continue
        section, source = _joined(group.mine), _joined(group.english)
        first = group.mine[0]
        at = (
            f"section #{first.id}"
            if first.id
            else f"section of line {first.line}"
            if first.level
            else "text before the first heading"
        )
        problems += _compare_html(section, source, at)
        problems += _compare_attr_lists(section, source, at)
    known = {_normal(url) for _, _, url in addresses(english)}
    hosts = sorted({host for url in known if (host := _host(url))})
    for line, where, url in addresses(page):
        wrong = _address_problem(url, known, hosts)
        if wrong:
            normal = _normal(url)
            shown = _shown(url) + (f", read as {_shown(normal)}" if normal != url else "")
            problems.append(
                Found(
                    line,
                    f"{PREFIX}{where} holds {shown}: {wrong}",
                    "unsafe",
                    "link to an address the English page has, or to a page of this site",
                )
            )
    return problems


def _joined(sections: list[Section]) -> Section:
    """Sections read as one (where a heading is missing on one side)."""
    first = sections[0] if sections else Section("", "", 0, 0)
    joined = Section(first.id, first.title, first.level, first.line)
    for s in sections:
        joined.html += s.html
        joined.attr_lists += s.attr_lists
    return joined


# ---------------------------------------------------------------- the folder

LINKED = (
    f"{PREFIX}a symbolic link: the site would publish the file it points to, wherever it "
    "is on the machine that builds the site; a translation's pages are plain files"
)
NOT_A_PAGE = (
    f"{PREFIX}not a page ({', '.join(PAGE_SUFFIXES)}): the site would publish this file as "
    "it is (an .html or .svg file runs its scripts on the site); a translation's folder "
    "holds its pages only"
)


def folder_problems(
    docs: Path = DOCS, langs: Iterable[str] | None = None
) -> list[tuple[Path, str]]:
    """(path, message) for each link, and each file that is not a page, in the folders of
    the translations (docs/<lang>/ but English). Names starting with "." are left out:
    MkDocs publishes none of them."""
    found = []
    for lang in languages() if langs is None else langs:
        folder = Path(docs) / lang
        if lang == SOURCE_LANGUAGE or not (folder.is_dir() or folder.is_symlink()):
            continue
        if folder.is_symlink():
            found.append((folder, LINKED))
            continue
        for parent, dirs, files in os.walk(folder):  # never into a linked folder
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in [*dirs, *sorted(f for f in files if not f.startswith("."))]:
                path = Path(parent, name)
                if path.is_symlink():
                    found.append((path, LINKED))
                elif name in files and path.suffix not in PAGE_SUFFIXES:
                    found.append((path, NOT_A_PAGE))
    return found


# ---------------------------------------------------------------- raw HTML


def _signature(piece: Html) -> tuple:
    """What must equal English: all of it but the values of text attributes."""
    names = tuple(a.name for a in piece.attrs)
    values = tuple(a.value for a in piece.attrs if a.name not in TEXT_ATTRIBUTES)
    return piece.kind, piece.name, names, values


def _compare_html(section: Section, source: Section, at: str) -> list[Found]:
    problems = []
    mine, theirs = section.html, source.html
    matcher = difflib.SequenceMatcher(
        a=[_signature(p) for p in mine], b=[_signature(p) for p in theirs], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for piece in mine[i1:i2]:
                problems += _text_attribute_problems(piece)
            continue
        for k, piece in enumerate(mine[i1:i2]):
            english = theirs[j1 + k] if j1 + k < j2 else None
            if english and (english.kind, english.name) == (piece.kind, piece.name):
                problems += _attribute_differences(piece, english, at)
                problems += _text_attribute_problems(piece)
            elif english:
                problems.append(
                    Found(
                        piece.line,
                        f"{PREFIX}raw HTML {_shown(str(piece))} is not in the English {at}: "
                        f"English has {_shown(str(english))} here (line {english.line})",
                        "unsafe",
                        f"write `{_one_line(str(english))}` as in English",
                    )
                )
            else:
                problems.append(
                    Found(
                        piece.line,
                        f"{PREFIX}raw HTML {_shown(str(piece))} is not in the English {at} "
                        f"(English has {_listed(theirs)})",
                        "unsafe",
                        "remove it: a translation keeps English's raw HTML and adds none",
                    )
                )
        for english in theirs[j1 + (i2 - i1) : j2]:
            problems.append(
                Found(
                    section.line,
                    f"the {at} lacks the raw HTML {_shown(str(english))} that English has "
                    f"(English line {english.line})",
                    "markup",
                    f"add `{_one_line(str(english))}` where English has it",
                )
            )
    return problems


def _attribute_differences(piece: Html, english: Html, at: str) -> list[Found]:
    """The attributes of a tag that English has here with other attributes."""
    theirs = {a.name: a.value for a in english.attrs}
    mine = {a.name for a in piece.attrs}
    head = (
        f"{PREFIX}<{piece.name}> of the {at} differs from English's "
        f"{_shown(str(english))} (line {english.line}):"
    )
    fix = f"write the tag as English has it: `{_one_line(str(english))}`"
    found = []
    for a in piece.attrs:
        if a.name not in theirs:
            found.append(
                Found(
                    a.line,
                    f"{head} attribute {a.name}={_shown(a.value)} is not in English",
                    "unsafe",
                    fix,
                )
            )
        elif a.value != theirs[a.name] and a.name not in TEXT_ATTRIBUTES:
            found.append(
                Found(
                    a.line,
                    f"{head} {a.name} is {_shown(a.value)}, English has {_shown(theirs[a.name])}",
                    "unsafe",
                    fix,
                )
            )
    for name in theirs:
        if name not in mine:
            found.append(Found(piece.line, f"{head} it lacks the attribute {name}", "unsafe", fix))
    if not found:  # same attributes, other order or repeated
        found.append(
            Found(piece.line, f"{head} its attributes are {_shown(str(piece))}", "unsafe", fix)
        )
    return found


def _text_attribute_problems(piece: Html) -> list[Found]:
    return [
        Found(
            a.line,
            f"{PREFIX}the {a.name} of <{piece.name}> must be plain text (no '<', '>', "
            f"control character or address scheme): {_shown(a.value)}",
            "unsafe",
            f"write the {a.name} as words only",
        )
        for a in piece.attrs
        if a.name in TEXT_ATTRIBUTES and not _is_plain_text(a.value)
    ]


def _is_plain_text(text: str) -> bool:
    return not (
        "<" in text
        or ">" in text
        or any(is_control_character(c) for c in text)
        or SCHEME_IN_TEXT_RE.search(text)
    )


# ---------------------------------------------------------------- attribute lists


def _compare_attr_lists(section: Section, source: Section, at: str) -> list[Found]:
    problems = []
    mine, theirs = section.attr_lists, source.attr_lists
    matcher = difflib.SequenceMatcher(
        a=[i.value for i in mine], b=[i.value for i in theirs], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for k, item in enumerate(mine[i1:i2]):
            english = theirs[j1 + k] if j1 + k < j2 else None
            has = (
                f"English has {_shown(english.value)} here (line {english.line})"
                if english
                else f"English has {_listed(theirs)}"
            )
            problems.append(
                Found(
                    item.line,
                    f"{PREFIX}attribute list {_shown(item.value)} is not in the English {at} "
                    f"({has}); an attribute list adds any HTML attribute",
                    "unsafe",
                    f"write `{english.value}` as in English" if english else "remove it",
                )
            )
        for english in theirs[j1 + (i2 - i1) : j2]:
            problems.append(
                Found(
                    section.line,
                    f"the {at} lacks the attribute list {_shown(english.value)} that English has "
                    f"(English line {english.line})",
                    "markup",
                    f"add `{english.value}` where English has it",
                )
            )
    return problems


# ---------------------------------------------------------------- addresses


def addresses(page: Page) -> Iterator[tuple[int, str, str]]:
    """(line, where, address as written) for every address the page writes."""
    for section in page.sections:
        for item in section.urls:
            yield item.line, WHERE[item.kind], item.value
        for piece in section.html:
            for a in piece.attrs:
                for url in _attribute_urls(a.name, a.value):
                    yield a.line, f"<{piece.name} {a.name}>", url
        for item in section.attr_lists:
            for m in ATTR_LIST_PAIR_RE.finditer(item.value):
                name, value = m["name"].lower(), m["value"].strip("'\"")
                for url in _attribute_urls(name, html.unescape(value)):
                    yield item.line, f"attribute list {name}", url


def _attribute_urls(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [c.split()[0] for c in value.split(",") if c.strip()]
    if name == "style":
        return [
            m["url"] if m["url"] is not None else m["imported"] for m in CSS_URL_RE.finditer(value)
        ]
    return [value] if name in URL_ATTRIBUTES else []


def _normal(url: str) -> str:
    """The address a browser follows: entities and percent-escapes decoded, whitespace
    and control characters dropped (browsers skip them), backslashes as slashes."""
    url = unquote(html.unescape(url))
    url = "".join(c for c in url if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf")))
    # `\\host` and `/\\host` reach another host, as `//host` does
    return url.replace("\\", "/")


def _host(normal: str) -> str | None:
    """The host of an absolute or protocol-relative address (`//host`, `https:host`)."""
    m = SCHEME_RE.match(normal)
    if m and m[1].lower() not in ("http", "https"):
        return None
    rest = normal[m.end() :] if m else normal
    if not m and not rest.startswith("//"):
        return None
    authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]
    return authority.rpartition("@")[2].split(":")[0].lower() or None


def _address_problem(url: str, known: set[str], hosts: list[str]) -> str | None:
    normal = _normal(url)
    m = SCHEME_RE.match(normal)
    scheme = m[1].lower() if m else None
    if scheme and scheme not in ALLOWED_SCHEMES:
        return (
            f"a {scheme}: address, and a page may link only within the site or to http:, "
            "https: and mailto: addresses that its English page has"
        )
    host = _host(normal)
    if normal in known or (scheme is None and host is None):
        return None
    english = f"English links to {', '.join(hosts)}" if hosts else "English links to no other host"
    if host and host not in hosts:
        return f"{host} is a host the English page does not use ({english})"
    return f"an address the English page does not have ({english})"


# ---------------------------------------------------------------- messages


def _shown(text: str, limit: int = 80) -> str:
    """Short and one line, with control characters visible."""
    text = repr(" ".join(text.split()) if "\n" in text else text)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def _one_line(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listed(pieces: list) -> str:
    if not pieces:
        return "none"
    shown = ", ".join(_shown(str(p.value if isinstance(p, Item) else p)) for p in pieces[:3])
    return shown + (", …" if len(pieces) > 3 else "")
