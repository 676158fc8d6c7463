"""Glossary terms on the built lesson pages, in every language: each term's first use
links to its entry on the glossary page of the page's language, whose definitions the
site publishes beside it (glossary/tips.json) for the tooltip; no term is marked in
code, headings or another link, and each term at most once per page."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT

from i18n.check import glossary
from i18n.pages import lesson_pages
from sitebuild.glossary_tips import definitions

pytestmark = pytest.mark.slow


def language_root(built_site, lang):
    return built_site if lang == "en" else built_site / lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_publishes_its_own_definitions(built_site, lang):
    tips = json.loads((language_root(built_site, lang) / "glossary/tips.json").read_text())
    assert tips == definitions(ROOT / "docs" / lang / "glossary.md")
    glossary = BeautifulSoup(
        (language_root(built_site, lang) / "glossary/index.html").read_text(), "html.parser"
    )
    assert all(glossary.find(id=anchor) for anchor in tips)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_lesson_page_links_its_terms_to_the_glossary_of_its_language(built_site, lang):
    tips = json.loads((language_root(built_site, lang) / "glossary/tips.json").read_text())
    # a language just added (python -m i18n new-language) has no terms to find yet
    least = 5 if any(forms.get(lang) for forms in glossary().values()) else 0
    for name in lesson_pages():
        folder = language_root(built_site, lang) / name.rsplit(".", 1)[0]
        soup = BeautifulSoup((folder / "index.html").read_text(), "html.parser")
        terms = soup.select("article a.glossary-term")
        assert len(terms) >= least, f"{lang}/{name}: {len(terms)} terms"
        anchors = [t["href"].split("#", 1)[1] for t in terms]
        assert len(anchors) == len(set(anchors)), f"{lang}/{name}: a term marked twice"
        for term in terms:
            assert term["href"] == f"../glossary/#{term['href'].split('#', 1)[1]}"
            assert term["href"].split("#", 1)[1] in tips
            assert not term.find_parent(["a", "code", "pre", "h1", "h2", "h3", "h4", "math"])
