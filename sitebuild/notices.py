"""Translation notices, in the reader's language, linking to the English original.

A section of a translation is up to date, stale or missing (i18n.ledger). On a page that
has at least one translated section (up to date or stale), a notice goes under each stale
section's heading (its English changed since it was translated) and under each missing
one's (its text is still English's: a page started from English and translated in part).
A page none of whose sections is translated, or one shown in English because the
language lacks it, gets a single notice under its title instead."""

from __future__ import annotations

import html
import re
from pathlib import Path

from i18n.ledger import is_untranslated, section_states
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
    """(the notice for the top when no section of the page is translated, {anchor: the
    notice for each stale or untranslated section}), as Markdown. None on an English page."""
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
    states = section_states(lang, Path(*rel.parts[1:]).as_posix(), docs=docs)
    if states and all(state == "missing" for state in states.values()):
        return notice("untranslated", lang, url=english), {}
    kinds = {"stale": "stale", "missing": "untranslated_section"}
    return None, {
        anchor: notice(kinds[state], lang, url=f"{english}#{anchor}")
        for anchor, state in states.items()
        if state in kinds
    }


def add_notices(markdown: str, page: Page, lang: str, docs: Path, page_url: str) -> str:
    """The page's Markdown with its notices in place."""
    top, below = page_notices(page, lang, docs, page_url)
    if top:
        return after_title(markdown, top)
    if not below:
        return markdown
    out = []
    lines = markdown.split("\n")
    for line, code in zip(lines, in_code(lines), strict=True):
        out.append(line)
        m = HEADING_RE.match(line) if not code and line.startswith("#") else None
        if m and m["id"] in below:
            out += ["", below[m["id"]], ""]
    return "\n".join(out)
