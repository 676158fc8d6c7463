"""Translation notices, in the reader's language, linking to the English original: on a
translated page, one under each section whose English changed since it was translated;
on a page shown in English because it is not translated yet, one under the title."""

from __future__ import annotations

import html
import re
from pathlib import Path

from i18n.ledger import is_untranslated, stale_sections
from i18n.pages import HEADING_RE, SOURCE_LANGUAGE, Page, in_code
from i18n.words import ui
from sitebuild.text import after_title


def english_url(page_url: str, lang: str) -> str:
    """From a page, the relative URL of the same page in English."""
    english = page_url[len(lang) + 1 :] if page_url.startswith(f"{lang}/") else page_url
    return "../" * page_url.count("/") + english


def notice(kind: str, lang: str, **values) -> str:
    """An admonition (Markdown) with ui.yml's {kind}_title and {kind}_body."""
    title = ui(f"{kind}_title", lang, **values)
    body = ui(f"{kind}_body", lang, **values)
    # a site URL, not a page path: written as HTML so that MkDocs' link validation (which
    # checks Markdown links between .md files) leaves it alone
    body = re.sub(
        r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{html.escape(m[2])}">{m[1]}</a>', body
    )
    return f'!!! warning "{title}"\n' + "\n".join("    " + line for line in body.splitlines())


def page_notices(
    page: Page, lang: str, docs: Path, page_url: str
) -> tuple[str | None, dict[str, str]]:
    """(the notice for the top when the page is not translated, {anchor: the notice for
    each stale section}), as Markdown. No notices on an English page."""
    if lang == SOURCE_LANGUAGE:
        return None, {}
    try:
        rel = Path(page.path).resolve().relative_to(docs.resolve())
    except ValueError:
        return None, {}
    if len(rel.parts) < 2:
        return None, {}
    english = english_url(page_url, lang)
    if rel.parts[0] != lang or is_untranslated(page):
        return notice("untranslated", lang, url=english), {}
    stale = stale_sections(lang, Path(*rel.parts[1:]).as_posix(), docs=docs)
    return None, {
        anchor: notice("stale", lang, url=f"{english}#{anchor}") for anchor in sorted(stale)
    }


def add_notices(markdown: str, page: Page, lang: str, docs: Path, page_url: str) -> str:
    """The page's Markdown with its notices in place."""
    top, stale = page_notices(page, lang, docs, page_url)
    if top:
        return after_title(markdown, top)
    if not stale:
        return markdown
    out = []
    lines = markdown.split("\n")
    for line, code in zip(lines, in_code(lines), strict=True):
        out.append(line)
        m = HEADING_RE.match(line) if not code and line.startswith("#") else None
        if m and m["id"] in stale:
            out += ["", stale[m["id"]], ""]
    return "\n".join(out)
