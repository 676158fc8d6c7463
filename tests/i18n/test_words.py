"""i18n.words: the words the build writes, in every language, and how each writes numbers."""

from __future__ import annotations

import re

from support import LANGUAGES

from i18n.words import format_value, number_style, ui, ui_strings


def test_every_ui_string_exists_in_every_language():
    for key, words in ui_strings().items():
        assert set(words) == set(LANGUAGES), key
        placeholders = {
            lang: sorted(re.findall(r"\{(\w+)\}", text)) for lang, text in words.items()
        }
        assert len({tuple(p) for p in placeholders.values()}) == 1, key


def test_numbers_follow_the_languages_decimal_mark_and_percent_sign():
    assert format_value(0.9345, ".1%", **number_style("en")) == "93.5%"
    assert format_value(0.9345, ".1%", **number_style("fr")) == "93,5\u00a0%"
    assert format_value(0.9346, ".3f", **number_style("ru")) == "0,935"
    assert format_value(True, "", **number_style("fr")) == "True"  # not a number to localise
    assert format_value(60000, ",", **number_style("fr")) == "60\u202f000"  # not 60,000
    assert format_value(60000.5, ",.1f", **number_style("ro")) == "60.000,5"
    assert ui("output", "fr") == "Sortie"
