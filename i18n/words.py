"""The words and number style of each language that the build writes on its pages:
i18n/ui.yml (buttons, notices, labels) and i18n/figures.yml (the words in figures).

The translators edit these files; the build (sitebuild/) reads them through here."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from i18n.pages import ROOT, SOURCE_LANGUAGE

UI = ROOT / "i18n" / "ui.yml"
FIGURES = ROOT / "i18n" / "figures.yml"


@functools.cache
def ui_strings(path: Path = UI) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def ui(key: str, lang: str, **values) -> str:
    """ui.yml's words for key in lang (English when lang has none), with {values} filled."""
    words = ui_strings()[key]
    return words.get(lang, words[SOURCE_LANGUAGE]).format(**values)


def number_style(lang: str) -> dict[str, str]:
    """How the language writes a computed number: its decimal mark, its separator of
    thousands and its percent sign."""
    return {
        "decimal": ui("decimal_mark", lang),
        "thousands": ui("thousands_separator", lang),
        "percent": ui("percent_sign", lang),
    }


def format_value(
    value, spec: str | None, *, decimal: str = ".", thousands: str = ",", percent: str = "%"
) -> str:
    """A computed number as the page writes it: formatted by spec (".3f", ".1%", ",.0f"),
    with the page language's decimal mark, separator of thousands and percent sign
    (French writes 0,978, 12,3 % and 60 000)."""
    text = format(value, spec or "")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text
    text = text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
    return text[:-1] + percent if text.endswith("%") else text


def figure_words(path: Path = FIGURES) -> dict[str, dict[str, str]]:
    """language -> {English text in a figure: that language's line for it}, from
    i18n/figures.yml, every line there (one still in English too), `keep` names included.
    A text may be a template: "dropout {p}" translates "dropout 0.3" too."""
    if not Path(path).is_file():
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    table: dict[str, dict[str, str]] = {}
    for source, targets in (data.get("text") or {}).items():
        for lang, target in (targets or {}).items():
            table.setdefault(lang, {})[str(source)] = str(target)
    for word in data.get("keep") or []:
        for lang in table:
            table[lang].setdefault(str(word), str(word))
    return table


def figure_translations(path: Path = FIGURES) -> dict[str, dict[str, str]]:
    """figure_words for the languages whose figures differ from English's: a language
    every line of which is still the English text (a new language, as
    `python -m i18n new-language` adds it) is left out, so its pages show the English
    figures and adding it changes no page run (this table is part of their cache key)."""
    return {
        lang: table
        for lang, table in figure_words(path).items()
        if any(target != source for source, target in table.items())
    }


def figure_translation(text: str, table: dict[str, str]) -> str | None:
    """text's translation by one language's table (an entry, or a template that matches
    it, its {names} carried over), None when the table has none."""
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
