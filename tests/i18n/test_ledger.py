"""i18n.ledger: which English version each translated section follows. Marking a page
records its sections' English hashes; a section is then up to date, stale when its
English changed (with the English diff from git history), or missing. A page started
from a copy of English is marked section by section: a section whose text is still
English's is never recorded as translated."""

from __future__ import annotations

import pytest
from support import (
    ADDED_SENTENCE,
    LANGUAGES,
    STALE_ANCHOR,
    STALE_PAGE,
    change_english_section,
    commit_all,
    copy_project,
    translated_in,
)

from i18n.ledger import (
    HEADER,
    as_json,
    load_ledger,
    mark_translated,
    page_name,
    section_states,
    stale_sections,
    status,
    still_english,
    summary,
)
from i18n.pages import parse_page

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]

ENGLISH = """\
---
description: A page.
requires: []
---

# Title { #title }

Intro.

## First { #first }

One.

## Second { #second }

Two.
"""

FRENCH = """\
---
description: Une page.
requires: []
---

# Titre { #title }

Introduction.

## Premier { #first }

Un.

## Second { #second }

Deux.
"""


@pytest.fixture
def tree(tmp_path):
    """(docs, ledger folder): docs/en/p.md and its French translation, no ledger yet."""
    docs = tmp_path / "docs"
    for lang, text in [("en", ENGLISH), ("fr", FRENCH)]:
        (docs / lang).mkdir(parents=True)
        (docs / lang / "p.md").write_text(text, encoding="utf-8")
    return docs, tmp_path / "translations"


def states(docs, base, lang="fr", **kwargs) -> dict[str, str]:
    return {r.section: r.state for r in status([lang], docs=docs, base=base, **kwargs)}


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- marking


def test_marking_records_each_sections_english_hash(tree):
    docs, base = tree
    assert states(docs, base) == dict.fromkeys(["title", "first", "second"], "missing")
    assert mark_translated("p.md", "fr", docs=docs, base=base) == ["title", "first", "second"]
    english = parse_page(docs / "en" / "p.md")
    assert load_ledger("fr", base) == {"p.md": {s.id: s.source_hash() for s in english.sections}}
    assert (base / "fr.yml").read_text(encoding="utf-8").startswith(HEADER)
    assert states(docs, base) == dict.fromkeys(["title", "first", "second"], "up to date")


def test_editing_one_english_section_makes_only_it_stale(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    edit(docs / "en" / "p.md", "Two.", "Two, and more.")
    assert states(docs, base, with_diff=False) == {
        "title": "up to date",
        "first": "up to date",
        "second": "stale",
    }
    assert stale_sections("fr", "p.md", docs=docs, base=base) == {"second"}
    # white space at line ends is no change
    edit(docs / "en" / "p.md", "One.", "One.   ")
    assert stale_sections("fr", "p.md", docs=docs, base=base) == {"second"}


def test_marking_one_section_leaves_the_others_as_they_were(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    edit(docs / "en" / "p.md", "One.", "One, changed.")
    edit(docs / "en" / "p.md", "Two.", "Two, changed.")
    assert mark_translated("p.md", "fr", "second", docs=docs, base=base) == ["second"]
    assert states(docs, base, with_diff=False) == {
        "title": "up to date",
        "first": "stale",
        "second": "up to date",
    }


def test_marking_forgets_sections_english_no_longer_has(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    for lang in ("en", "fr"):
        path = docs / lang / "p.md"
        path.write_text(path.read_text(encoding="utf-8").split("\n## Second")[0], encoding="utf-8")
    mark_translated("p.md", "fr", "first", docs=docs, base=base)
    assert set(load_ledger("fr", base)["p.md"]) == {"title", "first"}


@pytest.mark.parametrize(
    ("lang", "page", "section", "change", "message"),
    [
        ("en", "p.md", None, None, "English is the source"),
        ("fr", "nope.md", None, None, "there is no English page docs/en/nope.md"),
        ("sv", "p.md", None, None, "there is no translation docs/sv/p.md to mark"),
        ("fr", "p.md", "nope", None, r"has no section #nope \(it has: title, first, second\)"),
        (
            "fr",
            "p.md",
            None,
            ("## Second { #second }", "## Second"),
            r"docs/fr/p.md lacks the section\(s\) #second: translate them before marking",
        ),
        (
            "fr",
            "p.md",
            None,
            ("requires: []", "requires: []\ntranslation: untranslated"),
            "still marked `translation: untranslated`",
        ),
    ],
    ids=["english", "no english page", "no translation", "no section", "lacking", "untranslated"],
)
def test_marking_what_cannot_be_marked_is_refused_and_records_nothing(
    tree, lang, page, section, change, message
):
    docs, base = tree
    if change:
        edit(docs / "fr" / "p.md", *change)
    with pytest.raises(ValueError, match=message):
        mark_translated(page, lang, section, docs=docs, base=base)
    assert not base.exists()


# ---------------------------------------------------------------- a page started from English


@pytest.fixture
def copy_tree(tree):
    """tree, plus docs/de/p.md: a plain copy of the English page (what new-language
    writes), in which the translator has translated the title section only."""
    docs, base = tree
    (docs / "de").mkdir()
    german = ENGLISH.replace("# Title { #title }\n\nIntro.", "# Titel { #title }\n\nEinleitung.")
    (docs / "de" / "p.md").write_text(german, encoding="utf-8")
    return docs, base


def test_marking_a_page_started_from_english_records_only_what_was_translated(copy_tree):
    docs, base = copy_tree
    assert still_english("p.md", "de", docs) == ["first", "second"]
    assert mark_translated("p.md", "de", docs=docs, base=base) == ["title"]
    assert set(load_ledger("de", base)["p.md"]) == {"title"}
    assert section_states("de", "p.md", docs=docs, base=base) == {
        "title": "up to date",
        "first": "missing",
        "second": "missing",
    }
    edit(docs / "de" / "p.md", "One.", "Eins.")  # one more section translated
    assert mark_translated("p.md", "de", "first", docs=docs, base=base) == ["first"]
    assert section_states("de", "p.md", docs=docs, base=base)["second"] == "missing"


def test_a_section_still_in_english_is_marked_only_when_said_to_read_the_same(copy_tree):
    docs, base = copy_tree
    with pytest.raises(ValueError, match=r"docs/de/p\.md#second is still the English text"):
        mark_translated("p.md", "de", "second", docs=docs, base=base)
    assert not base.exists()
    with pytest.raises(ValueError, match="--same-as-english marks one section"):
        mark_translated("p.md", "de", same_as_english=True, docs=docs, base=base)
    marked = mark_translated("p.md", "de", "second", same_as_english=True, docs=docs, base=base)
    assert marked == ["second"]
    assert section_states("de", "p.md", docs=docs, base=base)["second"] == "up to date"


def test_a_page_with_nothing_translated_is_not_marked(tree):
    docs, base = tree
    (docs / "de").mkdir()
    (docs / "de" / "p.md").write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(ValueError, match="every section is still the English text"):
        mark_translated("p.md", "de", docs=docs, base=base)
    assert not base.exists()


def test_a_copy_of_an_earlier_english_version_is_still_english(copy_tree):
    """English changed after the copy was made: the copy's section is an English text
    from git history, not a translation."""
    docs, base = copy_tree
    commit_all(docs.parent, "the English the copy was made from")
    edit(docs / "en" / "p.md", "Two.", "Two, and more.")
    commit_all(docs.parent, "English changed")
    assert still_english("p.md", "de", docs) == ["first", "second"]
    assert mark_translated("p.md", "de", docs=docs, base=base) == ["title"]


@pytest.mark.parametrize(
    ("given", "lang", "expected"),
    [
        ("overfitting.md", "de", ("overfitting.md", None)),
        ("de/overfitting.md", None, ("overfitting.md", "de")),
        ("docs/de/overfitting.md", None, ("overfitting.md", "de")),
        ("./docs/fr/overfitting.md", "fr", ("overfitting.md", "fr")),
        ("docs/en/overfitting.md", "de", ("overfitting.md", "en")),
        ("docs\\sv\\overfitting.md", None, ("overfitting.md", "sv")),
    ],
)
def test_a_page_is_named_by_its_name_or_its_path(tree, given, lang, expected):
    docs, _ = tree
    assert page_name(given, lang, docs) == expected
    assert page_name(str(docs / "fr" / "p.md"), None, docs) == ("p.md", "fr")  # absolute
    with pytest.raises(ValueError, match="give a page"):
        page_name("docs/fr/../../x.md", None, docs)


# ---------------------------------------------------------------- status


def test_a_section_is_missing_without_a_translation_or_a_record_of_it(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    assert set(states(docs, base, lang="sv").values()) == {"missing"}  # no docs/sv/p.md
    edit(docs / "fr" / "p.md", "## Premier { #first }", "## Premier { #premier }")
    assert states(docs, base)["first"] == "missing"  # the translation lacks the section
    edit(docs / "fr" / "p.md", "requires: []", "requires: []\ntranslation: untranslated")
    assert set(states(docs, base).values()) == {"missing"}  # a copy of English
    (base / "fr.yml").write_text(HEADER + "{}\n", encoding="utf-8")
    edit(docs / "fr" / "p.md", "translation: untranslated\n", "")
    assert set(states(docs, base).values()) == {"missing"}  # nothing recorded


def test_summary_counts_each_state_and_the_share_up_to_date(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    edit(docs / "en" / "p.md", "Two.", "Two, changed.")
    rows = status(["fr", "sv"], docs=docs, base=base, with_diff=False)
    assert summary(rows) == {
        "fr": {"up to date": 2, "stale": 1, "missing": 0, "percent": 66.7},
        "sv": {"up to date": 0, "stale": 0, "missing": 3, "percent": 0.0},
    }
    report = as_json(rows)
    assert report["languages"] == summary(rows)
    assert report["sections"][0] == {
        "lang": "fr",
        "page": "p.md",
        "section": "title",
        "title": "Title",
        "state": "up to date",
        "diff": None,
    }


def test_a_stale_section_shows_the_english_diff_from_git_history(tree):
    docs, base = tree
    mark_translated("p.md", "fr", docs=docs, base=base)
    edit(docs / "en" / "p.md", "Two.", "Two, changed.")
    (stale,) = [r for r in status(["fr"], docs=docs, base=base) if r.state == "stale"]
    assert stale.diff is None  # no git history: stale, without a diff

    commit_all(docs.parent, "translated")  # history with the English as translated...
    edit(docs / "en" / "p.md", "Two, changed.", "Two, changed again.")
    commit_all(docs.parent, "edited")  # ...and a later version
    mark_translated("p.md", "fr", docs=docs, base=base)
    edit(docs / "en" / "p.md", "Two, changed again.", "Two, now.")
    (stale,) = [r for r in status(["fr"], docs=docs, base=base) if r.state == "stale"]
    lines = stale.diff.splitlines()
    assert lines[0].startswith("--- English #second as translated (")
    assert "-Two, changed again." in lines and "+Two, now." in lines
    assert not any(line.startswith(("-## ", "+## ")) for line in lines)


def test_a_ledger_that_is_not_a_ledger_is_reported_with_its_path(tree):
    docs, base = tree
    assert load_ledger("fr", base) == {}  # none yet: nothing recorded
    base.mkdir()
    (base / "fr.yml").write_text("p.md: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"fr\.yml: not valid YAML"):
        load_ledger("fr", base)
    (base / "fr.yml").write_text("- p.md\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"fr\.yml: must map pages to sections"):
        status(["fr"], docs=docs, base=base)


# ---------------------------------------------------------------- the real pages


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory):
    """(docs, ledger folder, states before, states after, translators): a copy of the
    project, in git, where overfitting.md is marked translated in every language that
    translated its section (translators; not a language added since, whose page is still
    a copy of English), then that English section changes."""
    root = copy_project(tmp_path_factory.mktemp("stale"))
    docs, base = root / "docs", root / "i18n" / "translations"
    translators = translated_in(root=root)
    for lang in translators:
        mark_translated(STALE_PAGE, lang, docs=docs, base=base)
    commit_all(root, "translated")

    def now():
        return {
            (r.lang, r.page, r.section): r
            for r in status(TRANSLATED, pages=[STALE_PAGE], docs=docs, base=base)
        }

    before = now()
    change_english_section(root)
    return docs, base, before, now(), translators


def test_editing_one_english_section_makes_exactly_it_stale_in_every_language(stale_project):
    _docs, _base, before, after, translators = stale_project
    assert translators
    assert {r.state for (lang, *_), r in before.items() if lang in translators} == {"up to date"}
    changed = {key for key in after if after[key].state != before[key].state}
    assert changed == {(lang, STALE_PAGE, STALE_ANCHOR) for lang in translators}
    assert all(after[key].state == "stale" for key in changed)
    # a language that has not translated the page yet: its sections stay missing
    others = [r.state for (lang, *_), r in after.items() if lang not in translators]
    assert set(others) <= {"missing"}


def test_the_stale_sections_diff_is_the_english_change(stale_project):
    _docs, _base, _, after, translators = stale_project
    for lang in translators:
        diff = after[(lang, STALE_PAGE, STALE_ANCHOR)].diff
        assert diff and f"+{ADDED_SENTENCE}" in diff.splitlines(), lang
        assert not [line for line in diff.splitlines()[2:] if line.startswith("-")], lang


def test_an_imported_section_is_stale_and_says_it_needs_review(tmp_path):
    from i18n.ledger import IMPORTED_NOTE, NEEDS_REVIEW, save_ledger, status

    docs = tmp_path / "docs"
    for lang in ("en", "fr"):
        (docs / lang).mkdir(parents=True)
    (docs / "en" / "p.md").write_text("# P { #p }\n\nText.\n", encoding="utf-8")
    (docs / "fr" / "p.md").write_text("# P { #p }\n\nTexte.\n", encoding="utf-8")
    english = parse_page(docs / "en" / "p.md")
    save_ledger("fr", {"p.md": {"p": NEEDS_REVIEW + english.section("p").source_hash()}}, tmp_path)
    (row,) = status(["fr"], pages=["p.md"], docs=docs, base=tmp_path)
    assert row.state == "stale" and row.diff == IMPORTED_NOTE
