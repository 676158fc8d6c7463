"""sitebuild.dashboard: the Translation status page's tables, from the ledger: a summary per
language, then per page a grid of sections by language, each cell linking to that
section in that language, in the reader's language."""

from __future__ import annotations

import functools

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT

from i18n import ledger
from i18n.words import ui
from sitebuild import dashboard

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]

PAGES = {
    "index.md": ("# Home { #home }\n\nWelcome.\n", "# Accueil { #home }\n\nBienvenue.\n"),
    "p.md": (
        "# Q & A { #qa }\n\nIntro.\n\n## <b>Bold</b> move { #move }\n\nMove.\n",
        "# Q & R { #qa }\n\nIntroduction.\n\n## <b>Audace</b> { #move }\n\nBouger.\n",
    ),
}


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """Two pages in English and French; p.md is marked translated, then the English of
    its #move section changes: #qa up to date, #move stale, index.md missing in French,
    and every section missing in the other languages."""
    docs = tmp_path / "docs"
    base = tmp_path / "translations"
    for name, texts in PAGES.items():
        for lang, text in zip(("en", "fr"), texts, strict=True):
            (docs / lang).mkdir(parents=True, exist_ok=True)
            (docs / lang / name).write_text(text, encoding="utf-8")
    ledger.mark_translated("p.md", "fr", docs=docs, base=base)
    english = docs / "en" / "p.md"
    english.write_text(english.read_text().replace("Move.", "Move on."), encoding="utf-8")
    monkeypatch.setattr(dashboard, "status", functools.partial(ledger.status, base=base))
    return docs


def soup(docs, lang="en", url="translation-status/") -> BeautifulSoup:
    return BeautifulSoup(dashboard.dashboard(lang, docs, url), "html.parser")


def cells(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in table("tr")]


def test_the_summary_counts_each_languages_sections(docs):
    summary = soup(docs).select_one("table.translation-summary")
    assert cells(summary) == [
        ["Language", *(ui(f"state_{s}", "en") for s in ("up_to_date", "stale", "missing")), "%"],
        ["fr", "1", "1", "1", "33.3"],
        *([code, "0", "0", "3", "0.0"] for code in TRANSLATED if code != "fr"),
    ]


def test_each_page_has_a_grid_of_its_sections_by_language(docs):
    page = soup(docs)
    assert [(h["id"], h.get_text()) for h in page("h3")] == [
        ("status-index", "index.md"),
        ("status-p", "p.md"),
    ]
    index, p = page.select("table.translation-grid")
    assert [th.get_text() for th in p.select("thead th")] == ["#", *TRANSLATED]
    rows = {row.th.get_text(): row for row in p.select("tbody tr")}
    assert list(rows) == ["Q & A", "<b>Bold</b> move"]  # the titles as text, escaped
    assert not p.select("tbody b")  # a title's markup is not the dashboard's
    assert rows["Q & A"].th.a["href"] == "../p/#qa"
    states = {
        (title, cell.a["href"]): cell["class"] for title, row in rows.items() for cell in row("td")
    }
    assert states[("Q & A", "../fr/p/#qa")] == ["state-up-to-date"]
    assert states[("<b>Bold</b> move", "../fr/p/#move")] == ["state-stale"]
    assert states[("Q & A", "../sv/p/#qa")] == ["state-missing"]
    (home,) = index.select("tbody tr")
    assert home.th.a["href"] == "../#home"  # index.md is the language's root
    assert [td.a["href"] for td in home("td")] == [f"../{code}/#home" for code in TRANSLATED]


def test_a_cell_shows_a_mark_and_says_its_state_in_words(docs):
    cell = soup(docs, "fr", "fr/translation-status/").select_one("td.state-stale")
    assert cell.a["title"] == ui("state_stale", "fr")
    assert cell.a.get_text() == f"! {ui('state_stale', 'fr')}"
    assert cell.select_one(".visually-hidden").get_text().strip() == ui("state_stale", "fr")
    assert cell.a["href"] == "../../fr/p/#move"  # from the French page: two levels up


def test_the_dashboard_is_in_the_readers_language(docs):
    summary = soup(docs, "ru", "ru/translation-status/").select_one("table.translation-summary")
    header = [th.get_text() for th in summary.select("thead th")]
    assert header == [
        ui("language", "ru"),
        ui("state_up_to_date", "ru"),
        ui("state_stale", "ru"),
        ui("state_missing", "ru"),
        "%",
    ]


def test_a_reader_sees_the_section_names_of_their_language_where_translated(docs):
    rows = soup(docs, "fr", "fr/translation-status/").select("table.translation-grid tbody tr")
    titles = [row.th.get_text() for row in rows]
    # index.md is missing in French: its title stays English; p.md's two sections are
    # translated (one up to date, one stale): their French titles, as text
    assert titles == ["Home", "Q & R", "<b>Audace</b>"]
    english = soup(docs, "en").select("table.translation-grid tbody tr")
    assert [row.th.get_text() for row in english] == ["Home", "Q & A", "<b>Bold</b> move"]


def test_the_share_translated_is_written_as_the_language_writes_numbers(docs):
    """The percentage column follows ui.yml's decimal mark like every number the build
    writes: 66.7 in English, 66,7 in French."""
    shares = {}
    for lang, url in (("en", ""), ("fr", "fr/translation-status/")):
        summary = soup(docs, lang, url).select_one("table.translation-summary")
        shares[lang] = [tr("td")[-1].get_text() for tr in summary.select("tbody tr")]
    assert any("." in share for share in shares["en"]), shares
    assert shares["fr"] == [share.replace(".", ",") for share in shares["en"]]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_guide_names_the_states_with_the_dashboards_words(code):
    """How to translate explains the three states a section can be in; the translation
    status page shows them: the same words in each language, or a translator looks in
    vain for the word the guide taught."""
    from i18n.pages import parse_page

    workflow = parse_page(ROOT / "docs" / code / "translate.md").section("the-workflow")
    prose = " ".join(text for _, text in workflow.prose)
    for state in ("up_to_date", "stale", "missing"):
        assert f"*{ui(f'state_{state}', code)}*" in prose, (code, state)
