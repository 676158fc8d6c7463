"""Search per language in the built site: one index per language, each with only its
language's pages and its own stemmer, and a sitemap under each language's root."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def language_root(site, code):
    return site if code == "en" else site / code


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_own_index(built_site, code):
    root = language_root(built_site, code)
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [code]  # this language's stemmer and stop words only
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "overfitting/" in pages and len(pages) >= 9
    for location in pages:  # every result resolves to a page of this language
        target = root / location.split("?")[0] / "index.html" if location else root / "index.html"
        assert target.is_file(), location
        assert not location.startswith(tuple(f"{c}/" for c in LANGUAGES))
    # the pages of this language tell Material where their index is
    soup = BeautifulSoup((root / "overfitting" / "index.html").read_text(), "html.parser")
    base = json.loads(soup.select_one("#__config").string)["base"]
    assert base == (".." if code == "en" else f"../../{code}/")


@pytest.mark.parametrize("code", LANGUAGES[1:])
def test_each_translation_has_a_sitemap_of_its_pages(built_site, code):
    """Material looks for <lang>/sitemap.xml; each entry keeps its hreflang alternates."""
    tree = ET.parse(built_site / code / "sitemap.xml")
    urls = tree.getroot().findall(f"{SITEMAP}url")
    locs = [u.find(f"{SITEMAP}loc").text for u in urls]
    assert locs and all(f"/{code}/" in loc for loc in locs)
    assert any(loc.endswith(f"/{code}/overfitting/") for loc in locs)
    for url in urls:
        alternates = {
            link.get("hreflang") for link in url.findall("{http://www.w3.org/1999/xhtml}link")
        }
        assert alternates == set(LANGUAGES)
