"""Figures speak the page's language: every word a page's code draws has a line in
i18n/figures.yml for every language, and the translated figure is laid out again around
the new words. A line may still be the English text (a new language's, until translated):
then that language's figure shows the English word, as its page shows English text."""

from __future__ import annotations

import html
import re

import pytest
from support import LANGUAGES

from i18n.words import figure_translation, figure_translations, figure_words

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def svg_texts(svg: str) -> list[str]:
    """The texts of an SVG saved with svg.fonttype none (one <text> element each)."""
    found = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in found]


def has_words(text: str) -> bool:
    """A text a reader reads: two letters in a row, not a number or matplotlib math."""
    return not text.startswith("$") and re.search(r"[^\W\d_]{2}", text) is not None


def figures(page_runs):
    """(page, figure) for every figure the pages' and notebooks' programs drew."""
    for name, run in page_runs.items():
        if isinstance(run, Exception):
            pytest.fail(str(run))
        for figure in run["figures"]:
            yield name, figure


def test_the_workbook_figures_are_drawn_in_every_language(page_runs):
    drawn = page_runs["lab-workbook.ipynb"]["figures"]
    with_words = [f for f in drawn if any(has_words(t) for t in f["texts"])]
    assert len(drawn) >= 5 and len(with_words) >= 4
    tables = figure_translations()
    for figure in with_words:
        assert set(figure["svgs"]) <= set(TRANSLATED), figure["label"]
        for lang, table in tables.items():  # drawn again where one of its words differs
            if any(figure_translation(t, table) not in (None, t) for t in figure["texts"]):
                assert lang in figure["svgs"], (figure["label"], lang)


def test_every_figure_line_is_a_word_some_figure_draws(page_runs):
    """A line no figure draws any more (its figure was removed) is left for translators to
    keep up for nothing: each entry of figures.yml matches a text of some figure."""
    drawn = {text for _, figure in figures(page_runs) for text in figure["texts"]}
    entries = figure_words()["fr"]
    unused = sorted(
        source
        for source in entries
        if not any(figure_translation(text, {source: source}) is not None for text in drawn)
    )
    assert not unused, "remove these from i18n/figures.yml:\n" + "\n".join(unused)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_word_in_every_figure_has_a_translation(page_runs, lang):
    table = figure_words().get(lang)
    assert table, f"i18n/figures.yml has no {lang} lines (python -m i18n new-language adds them)"
    missing = sorted(
        {
            f"{name} {figure['label']}: {text!r}"
            for name, figure in figures(page_runs)
            for text in figure["texts"]
            if has_words(text) and figure_translation(text, table) is None
        }
    )
    assert not missing, "add these to i18n/figures.yml:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_figures_show_the_translated_words(page_runs, lang):
    table = figure_translations().get(lang)
    if table is None:  # every line still English: the English figures serve, none is drawn
        assert not [f["label"] for _, f in figures(page_runs) if lang in f["svgs"]]
        return
    checked = 0
    for name, figure in figures(page_runs):
        words = [t for t in figure["texts"] if has_words(t)]
        if not words:
            continue
        shown = svg_texts(figure["svgs"].get(lang, figure["svg"]))  # as the build picks it
        for text in words:
            wanted = figure_translation(text, table)
            assert wanted in shown, f"{name} {figure['label']} ({lang}): {wanted!r} not drawn"
            if wanted != text:
                assert text not in shown, (
                    f"{name} {figure['label']} ({lang}): {text!r} still in English"
                )
                checked += 1
    assert checked > 0, f"no figure shows a word translated into {lang}"


def test_figures_are_drawn_from_the_same_run_in_every_language(page_runs):
    """Only the words differ: the English and French figures draw the same lines."""
    for name, figure in figures(page_runs):
        english, french = figure["svg"], figure["svgs"].get("fr", figure["svg"])
        paths = re.compile(r'<path d="([^"]+)"')
        data_en = [p for p in paths.findall(english) if len(p) > 400]  # the plotted curves
        data_fr = [p for p in paths.findall(french) if len(p) > 400]
        assert len(data_en) == len(data_fr), f"{name} {figure['label']}"


def test_a_template_translates_the_numbers_it_contains():
    table = {"dropout {p}": "abandon {p}", "epoch": "époque"}
    assert figure_translation("dropout 0.3", table) == "abandon 0.3"
    assert figure_translation("epoch", table) == "époque"
    assert figure_translation("epochs", table) is None


def test_a_language_whose_figure_lines_are_all_english_draws_the_english_figures(tmp_path):
    """A new language's lines are the English text: it is left out of the table the page
    programs get (and are cached by), so its figures are English's; one translated line
    puts it in."""
    figures_yml = tmp_path / "figures.yml"
    figures_yml.write_text(
        "keep: [Adam]\ntext:\n  epoch:\n    fr: époque\n    de: epoch\n"
        "  dropout {p}:\n    fr: dropout {p}\n    de: dropout {p}\n",
        encoding="utf-8",
    )
    assert set(figure_words(figures_yml)) == {"fr", "de"}
    assert figure_words(figures_yml)["de"] == {
        "epoch": "epoch",
        "dropout {p}": "dropout {p}",
        "Adam": "Adam",
    }
    assert set(figure_translations(figures_yml)) == {"fr"}
    figures_yml.write_text(
        figures_yml.read_text(encoding="utf-8").replace("de: epoch", "de: Epoche"),
        encoding="utf-8",
    )
    assert figure_translations(figures_yml)["de"]["epoch"] == "Epoche"
