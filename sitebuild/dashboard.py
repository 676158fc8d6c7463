"""The translation dashboard (the Translation status page's `<!-- translation-dashboard -->`):
a summary per language, then a language x section grid per page, from the ledger
(i18n/translations/), in the reader's language."""

from __future__ import annotations

import html
import re
from pathlib import Path

from i18n.ledger import status, summary
from i18n.pages import SOURCE_LANGUAGE, parse_page
from i18n.words import format_value, number_style, ui

MARKER = "<!-- translation-dashboard -->"
STATES = ("up to date", "stale", "missing")
MARKS = {"up to date": "✓", "stale": "!", "missing": "–"}


def dashboard(lang: str, docs: Path, page_url: str) -> str:
    rows = status(docs=docs, with_diff=False)
    langs = list(dict.fromkeys(r.lang for r in rows))
    words = {s: ui(f"state_{s.replace(' ', '_')}", lang) for s in STATES}
    root = "../" * page_url.count("/")
    out = [
        f'<table class="translation-summary"><thead><tr><th>{html.escape(ui("language", lang))}</th>'
        + "".join(f"<th>{html.escape(words[s])}</th>" for s in words)
        + "<th>%</th></tr></thead><tbody>"
    ]
    for code, counts in summary(rows).items():
        out.append(
            f"<tr><th>{code}</th>"
            + "".join(f"<td>{counts[s]}</td>" for s in words)
            + f"<td>{format_value(counts['percent'], '.1f', **number_style(lang))}</td></tr>"
        )
    out.append("</tbody></table>")
    for name in dict.fromkeys(r.page for r in rows):
        slug = re.sub(r"\.(md|ipynb)$", "", name)
        slug = "" if slug == "index" else slug + "/"
        out.append(
            f'<h3 id="status-{html.escape(slug.strip("/") or "index")}">{html.escape(name)}</h3>'
        )
        out.append(
            '<table class="translation-grid"><thead><tr><th>#</th>'
            + "".join(f"<th>{code}</th>" for code in langs)
            + "</tr></thead><tbody>"
        )
        by_section: dict[str, dict[str, str]] = {}
        titles: dict[str, str] = {}
        for r in rows:
            if r.page == name:
                by_section.setdefault(r.section, {})[r.lang] = r.state
                titles[r.section] = r.title
        titles |= translated_titles(docs, lang, name, by_section)
        for anchor, states in by_section.items():
            cells = []
            for code in langs:
                state = states.get(code, "missing")
                href = f"{root}{code}/{slug}#{anchor}"
                cells.append(
                    f'<td class="state-{state.replace(" ", "-")}"><a href="{html.escape(href)}" '
                    f'title="{html.escape(words[state])}">{MARKS[state]}<span class="visually-hidden"> '
                    f"{html.escape(words[state])}</span></a></td>"
                )
            out.append(
                f'<tr><th scope="row"><a href="{root}{slug}#{anchor}">{html.escape(titles[anchor])}</a></th>'
                + "".join(cells)
                + "</tr>"
            )
        out.append("</tbody></table>")
    return "\n".join(out)


def translated_titles(docs: Path, lang: str, name: str, states: dict[str, dict[str, str]]):
    """{anchor: the section's title in the reader's language}, for the sections of the
    page that language has translated (the others keep their English title)."""
    page = Path(docs) / lang / name
    if lang == SOURCE_LANGUAGE or not page.is_file():
        return {}
    model = parse_page(page)
    return {
        anchor: section.title
        for anchor, by_lang in states.items()
        if by_lang.get(lang) in ("up to date", "stale") and (section := model.section(anchor))
    }
