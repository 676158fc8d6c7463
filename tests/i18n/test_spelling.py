"""i18n.spelling: hunspell with each language's dictionary reads the translations' prose
(not code, formulas or addresses, nor a title kept in English), and every word it does
not know is either a misspelling to fix or a right word on the language's allow-list."""

from __future__ import annotations

import pytest
from support import LANGUAGES

from i18n import spelling
from i18n.__main__ import main

TRANSLATED = [lang for lang in LANGUAGES if lang in spelling.DICTIONARIES]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_translations_have_no_misspelling(lang):
    found = spelling.misspelled(lang)
    assert not found, "\n".join(
        f"{word!r} at {', '.join(places)}" for word, places in found.items()
    )


ENGLISH = """\
# Reading { #reading }

A page about *Dropout: A Simple Way* and `some_code()` with $\\sigma$.
"""


@pytest.fixture
def site(tmp_path):
    """docs/en and docs/fr with one page, and an empty allow-list folder."""
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "fr").mkdir()
    (tmp_path / "spelling").mkdir()
    (tmp_path / "docs" / "en" / "p.md").write_text(ENGLISH, encoding="utf-8")

    def run(french: str) -> dict[str, list[str]]:
        (tmp_path / "docs" / "fr" / "p.md").write_text(french, encoding="utf-8")
        return spelling.misspelled("fr", tmp_path / "docs", tmp_path / "spelling")

    run.allow = lambda text: (tmp_path / "spelling" / "fr.txt").write_text(text, encoding="utf-8")
    return run


def test_a_misspelled_word_is_reported_where_it_is_and_code_and_titles_are_not(site):
    french = (
        "# Lectures { #reading }\n\n"
        "Une page sur *Dropout: A Simple Way* et `some_code()` avec $\\sigma$.\n\n"
        "Le modèle aprend vite et *Whatever Englsh*.\n"
    )
    found = site(french)
    # the title English has word for word is left out, the code and the formula too;
    # an emphasised span English does not have is the translation's own words
    assert found == {
        "aprend": ["docs/fr/p.md:5"],
        "Englsh": ["docs/fr/p.md:5"],
        "Whatever": ["docs/fr/p.md:5"],
    }
    site.allow("# English words kept on purpose\nWhatever\nEnglsh  # a comment after a word\n")
    assert site(french) == {"aprend": ["docs/fr/p.md:5"]}


def test_without_hunspell_the_message_says_what_to_install(site, monkeypatch, capsys):
    monkeypatch.setattr(spelling.shutil, "which", lambda name: None)
    with pytest.raises(spelling.SpellingError, match="apt-get install hunspell hunspell-fr"):
        site("# Lectures { #reading }\n\nTexte.\n")
    assert main(["spell", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("error: hunspell is not installed: apt-get install")
        and "Traceback" not in err
    )


def test_the_command_lists_each_word_and_fails_until_none_is_left(monkeypatch, capsys):
    monkeypatch.setattr(spelling, "misspelled", lambda lang: {"aprend": ["docs/fr/p.md:5"]})
    assert main(["spell", "--lang", "fr"]) == 1
    out, err = capsys.readouterr()
    assert out == "fr: 'aprend' at docs/fr/p.md:5\n" and "i18n/spelling/<lang>.txt" in err
    monkeypatch.setattr(spelling, "misspelled", lambda lang: {})
    assert main(["spell", "--lang", "fr"]) == 0
    assert capsys.readouterr().out == "no misspelling\n"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_allow_lists_hold_only_words_the_pages_still_need(lang):
    """A word allowed once and no longer on any page would let the same spelling through
    unnoticed later, perhaps as a mistake."""
    assert not spelling.unused_allowed(lang), sorted(spelling.unused_allowed(lang))
