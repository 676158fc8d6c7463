"""Figures speak the page's language: every word a page's code draws is translated from
i18n/figures.yml, and the translated figure is laid out again around the new words."""

from __future__ import annotations

import html
import re

import pytest
from support import LANGUAGES

from i18n.words import figure_translations

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def svg_texts(svg: str) -> list[str]:
    """The texts of an SVG saved with svg.fonttype none (one <text> element each)."""
    found = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in found]


def has_words(text: str) -> bool:
    """A text a reader reads: two letters in a row, not a number or matplotlib math."""
    return not text.startswith("$") and re.search(r"[^\W\d_]{2}", text) is not None


def translation(text: str, table: dict[str, str]) -> str | None:
    if text in table:
        return table[text]
    for source, target in table.items():
        parts = re.split(r"\{(\w+)\}", source)
        if len(parts) == 1:
            continue
        pattern = "".join(
            re.escape(p) if k % 2 == 0 else f"(?P<{p}>.+?)" for k, p in enumerate(parts)
        )
        m = re.fullmatch(pattern, text)
        if m:
            return target.format(**m.groupdict())
    return None


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
    assert all(set(figure["svgs"]) == set(TRANSLATED) for figure in with_words)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_word_in_every_figure_has_a_translation(page_runs, lang):
    table = figure_translations()[lang]
    missing = sorted(
        {
            f"{name} {figure['label']}: {text!r}"
            for name, figure in figures(page_runs)
            for text in figure["texts"]
            if has_words(text) and translation(text, table) is None
        }
    )
    assert not missing, "add these to i18n/figures.yml:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_figures_show_the_translated_words(page_runs, lang):
    table = figure_translations()[lang]
    checked = 0
    for name, figure in figures(page_runs):
        words = [t for t in figure["texts"] if has_words(t)]
        if not words:
            continue
        shown = svg_texts(figure["svgs"][lang])
        for text in words:
            wanted = translation(text, table)
            assert wanted in shown, f"{name} {figure['label']} ({lang}): {wanted!r} not drawn"
            if wanted != text:
                assert text not in shown, (
                    f"{name} {figure['label']} ({lang}): {text!r} still in English"
                )
                checked += 1
    assert checked > 20


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
    assert translation("dropout 0.3", table) == "abandon 0.3"
    assert translation("epoch", table) == "époque"
    assert translation("epochs", table) is None
