"""sitebuild.notices: on a translated page, a notice in the reader's language under each
section whose English changed since it was translated, and under each section not
translated yet (a page started from English, translated in part); on a page none of whose
sections is translated, or shown in English for want of a translation, one under the
title; none on an English page. Each links to the English original."""

from __future__ import annotations

import functools

import pytest
from bs4 import BeautifulSoup
from support import (
    LANGUAGES,
    STALE_ANCHOR,
    STALE_PAGE,
    change_english_section,
    commit_all,
    copy_project,
    mkdocs_build,
    translated_in,
)

from i18n import ledger
from i18n.pages import parse_page
from i18n.words import ui
from sitebuild import notices
from sitebuild.notices import add_notices, english_url, notice

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]

ENGLISH = """\
# Title { #title }

Intro.

## First { #first }

One.

```bash
## First { #first }
```

## Second { #second }

Two.
"""

FRENCH = """\
# Titre { #title }

Introduction.

## Premier { #first }

Un.

```bash
## First { #first }
```

## Second { #second }

Deux.
"""


# a new language's page, a copy of English, whose title section alone is translated
GERMAN = ENGLISH.replace("# Title { #title }\n\nIntro.", "# Titel { #title }\n\nEinleitung.")


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """docs/en/p.md, its French translation marked in step with it in a ledger under
    tmp_path (which the notices read), docs/sv/p.md, a copy marked untranslated (as an
    older new-language made them), docs/ru/p.md, a plain copy of English nothing of
    which is marked, and docs/de/p.md, a copy whose title section is translated and
    marked."""
    docs = tmp_path / "docs"
    for lang, text in [
        ("en", ENGLISH),
        ("fr", FRENCH),
        ("sv", "---\ntranslation: untranslated\n---\n\n" + ENGLISH),
        ("ru", ENGLISH),
        ("de", GERMAN),
    ]:
        (docs / lang).mkdir(parents=True)
        (docs / lang / "p.md").write_text(text, encoding="utf-8")
    base = tmp_path / "translations"
    ledger.mark_translated("p.md", "fr", docs=docs, base=base)
    ledger.mark_translated("p.md", "de", docs=docs, base=base)  # records what is translated
    monkeypatch.setattr(
        notices, "section_states", functools.partial(ledger.section_states, base=base)
    )
    return docs


def notices_of(docs, lang: str, url: str, source: str | None = None) -> str:
    """The page's Markdown (docs/<source>/p.md, built in lang at url) with its notices."""
    path = docs / (source or lang) / "p.md"
    markdown = path.read_text(encoding="utf-8")
    return add_notices(markdown, parse_page(path), lang, docs, url)


def change_english(docs, old: str, new: str) -> None:
    path = docs / "en" / "p.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_english_url_leads_from_a_page_to_its_english_original():
    assert english_url("fr/overfitting/", "fr") == "../../overfitting/"
    assert english_url("fr/", "fr") == "../"
    assert english_url("fr/a/b/", "fr") == "../../../a/b/"
    assert english_url("overfitting/", "fr") == "../overfitting/"  # French built alone


def test_a_notice_is_a_warning_in_the_readers_language_with_an_html_link():
    text = notice("stale", "fr", url="../../p/#first")
    lines = text.splitlines()
    assert lines[0] == f'!!! warning "{ui("stale_title", "fr")}"'
    assert all(line.startswith("    ") for line in lines[1:]) and len(lines) > 1
    assert '<a href="../../p/#first">Lire la section en anglais</a>' in text
    assert "](" not in text  # not a Markdown link, which MkDocs would validate as a page
    assert '<a href="../?a=1&amp;b=&quot;2&quot;">' in notice(
        "untranslated", "en", url='../?a=1&b="2"'
    )


def test_an_english_page_and_an_up_to_date_translation_get_no_notice(docs):
    assert notices_of(docs, "en", "p/") == ENGLISH
    assert notices_of(docs, "fr", "fr/p/") == FRENCH


def test_a_stale_section_gets_a_notice_under_its_heading_and_nowhere_else(docs):
    change_english(docs, "One.", "One, and more.")
    out = notices_of(docs, "fr", "fr/p/")
    warning = notice("stale", "fr", url="../../p/#first")
    assert out.count("!!! warning") == 1
    assert out == FRENCH.replace(
        "## Premier { #first }\n", f"## Premier {{ #first }}\n\n{warning}\n\n", 1
    )  # not under the heading that the code block shows


def test_two_stale_sections_get_a_notice_each(docs):
    change_english(docs, "One.", "One, and more.")
    change_english(docs, "Two.", "Two, and more.")
    out = notices_of(docs, "fr", "fr/p/")
    assert out.count("!!! warning") == 2
    assert out.index("../../p/#first") < out.index("## Second") < out.index("../../p/#second")


def test_an_untranslated_page_gets_one_notice_under_its_title(docs):
    change_english(docs, "One.", "One, and more.")  # stale or not: it is all English
    markdown = (docs / "sv" / "p.md").read_text(encoding="utf-8")
    out = notices_of(docs, "sv", "sv/p/")
    warning = notice("untranslated", "sv", url="../../p/")
    assert out == markdown.replace("# Title { #title }", f"# Title {{ #title }}\n\n{warning}\n", 1)
    assert ui("untranslated_title", "sv") in out


def test_a_plain_copy_of_english_gets_one_notice_under_its_title(docs):
    out = notices_of(docs, "ru", "ru/p/")
    warning = notice("untranslated", "ru", url="../../p/")
    assert out == ENGLISH.replace("# Title { #title }", f"# Title {{ #title }}\n\n{warning}\n", 1)


def test_each_untranslated_section_of_a_page_translated_in_part_gets_a_notice(docs):
    out = notices_of(docs, "de", "de/p/")
    first = notice("untranslated_section", "de", url="../../p/#first")
    second = notice("untranslated_section", "de", url="../../p/#second")
    assert out == GERMAN.replace(
        "## First { #first }\n", f"## First {{ #first }}\n\n{first}\n\n", 1
    ).replace("## Second { #second }\n", f"## Second {{ #second }}\n\n{second}\n\n", 1)
    assert "../../p/#title" not in out and notice("untranslated", "de", url="../../p/") not in out
    french = notice("untranslated_section", "fr", url="../../p/#first")
    assert ui("untranslated_section_title", "fr") in french  # in the reader's language
    assert '<a href="../../p/#first">' in french


def test_a_stale_section_and_an_untranslated_one_each_get_their_notice(docs):
    change_english(docs, "Intro.", "Intro, and more.")  # the translated title section
    out = notices_of(docs, "de", "de/p/")
    assert out.count(notice("stale", "de", url="../../p/#title")) == 1
    assert out.count("!!! warning") == 3
    assert out.index("../../p/#title") < out.index("../../p/#first") < out.index("../../p/#second")


def test_english_standing_in_for_a_missing_translation_says_so(docs):
    out = notices_of(docs, "ro", "ro/p/", source="en")  # docs/ro/p.md does not exist
    assert out.count("!!! warning") == 1
    assert notice("untranslated", "ro", url="../../p/") in out


def test_a_page_outside_the_docs_folder_gets_no_notice(docs, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "fr" / "p.md"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(FRENCH, encoding="utf-8")
    assert add_notices(FRENCH, parse_page(elsewhere), "fr", docs, "fr/p/") == FRENCH


# ---------------------------------------------------------------- on the built site


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory):
    """(root, translators): a copy of the project, in git, where overfitting.md is marked
    translated in every language that translated its section (translators; not a
    language added since, whose page is still a copy of English), and then that English
    section changes."""
    root = copy_project(tmp_path_factory.mktemp("stale"))
    translators = translated_in(root=root)
    for lang in translators:
        ledger.mark_translated(
            STALE_PAGE, lang, docs=root / "docs", base=root / "i18n" / "translations"
        )
    commit_all(root, "translated")
    change_english_section(root)
    return root, translators


def test_the_stale_notice_appears_on_that_section_only(stale_project, filled_cache, tmp_path):
    (root, translators), anchor = stale_project, STALE_ANCHOR
    assert translators
    site = tmp_path / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr[-3000:]
    english = BeautifulSoup(
        (site / "overfitting" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert not english.select(".admonition.warning a[href*='#']:not(.glossary-term)")
    for lang in set(TRANSLATED) - set(translators):  # a copy of English: no section stale
        page = BeautifulSoup(
            (site / lang / "overfitting" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert not page.select(f".admonition.warning a[href$='#{anchor}']"), lang
    for lang in translators:
        page = BeautifulSoup(
            (site / lang / "overfitting" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        found = [
            a for a in page.select(".admonition.warning") if a.select_one(f"a[href$='#{anchor}']")
        ]
        assert len(found) == 1, lang
        heading = page.find(id=anchor)
        assert heading.find_next(class_="admonition") is found[0], lang
        assert (
            found[0].select_one("a:not(.glossary-term)")["href"] == f"../../overfitting/#{anchor}"
        )
        all_notices = [
            a for a in page.select(".admonition.warning") if "../../overfitting/#" in str(a)
        ]
        assert len(all_notices) == 1, lang
        # the reader's language: not the English notice
        assert "The English original of this section has changed" not in found[0].get_text()
        other = BeautifulSoup(
            (site / lang / "frameworks" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert not [
            a for a in other.select(".admonition.warning") if "../../frameworks/#" in str(a)
        ]
    dashboard = BeautifulSoup(
        (site / "translation-status" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    stale_cells = dashboard.select("table.translation-grid td.state-stale a")
    assert {a["href"] for a in stale_cells} == {
        f"../{lang}/overfitting/#{anchor}" for lang in translators
    }
