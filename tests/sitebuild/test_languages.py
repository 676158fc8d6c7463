"""sitebuild.languages: each language's site is whole on its own: its own search index
(with its own stemmer) that its pages' search reads, its own sitemap, and its own 404
page, while the site root keeps the English ones."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from i18n.words import ui
from sitebuild import languages
from sitebuild.languages import (
    NotFoundPages,
    language_search_base,
    language_sitemaps,
    split_search_index,
)

LOCALES = ("en", "fr", "sv")


def config(lang: str, site_dir, *, build=LOCALES, site_url="https://example.org/course/"):
    """What the module reads of MkDocs' config while static-i18n builds `lang`."""
    plugin = SimpleNamespace(
        config=SimpleNamespace(
            languages=[SimpleNamespace(locale=code, default=code == "en") for code in LOCALES]
        ),
        build_languages=list(build),
    )
    return {
        "theme": {"language": lang},
        "plugins": {"i18n": plugin},
        "site_url": site_url,
        "site_dir": str(site_dir),
    }


def test_what_is_read_of_the_config(tmp_path):
    assert languages.page_language(config("fr", tmp_path)) == "fr"
    assert languages.page_language({"theme": {}}) == "en"
    assert languages.language_prefixes(config("en", tmp_path)) == ["fr", "sv"]
    assert not languages.building_one_language_only(config("en", tmp_path))
    assert languages.building_one_language_only(config("fr", tmp_path, build=["fr"]))


# ---------------------------------------------------------------- search


def page_with_base(base: str) -> str:
    return (
        '<html><script id="__config" type="application/json">'
        f'{{"annotate": null, "base": "{base}", "features": []}}</script>'
        '<a href="x" data-base="..">only the config\'s base changes</a></html>'
    )


def test_a_translated_page_searches_its_own_languages_index():
    assert language_search_base(page_with_base("../.."), "fr", "fr/overfitting/") == (
        page_with_base("../../fr/")
    )
    assert language_search_base(page_with_base(".."), "sv", "sv/") == page_with_base("../sv/")


def test_an_english_page_or_a_language_built_alone_keeps_its_base():
    page = page_with_base("..")
    assert language_search_base(page, "en", "overfitting/") == page
    assert language_search_base(page, "fr", "overfitting/") == page  # COURSE_LANGUAGE=fr


def test_the_search_index_is_split_by_language(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [
        {"location": "", "title": "Home", "text": "Welcome"},
        {"location": "overfitting/#why", "title": "Why", "text": "noise"},
        {"location": "fr/", "title": "Accueil", "text": "Bienvenue"},
        {"location": "fr/overfitting/#why", "title": "Pourquoi", "text": "bruit"},
        {"location": "french-fries/", "title": "Not French", "text": "an English page"},
    ]
    index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": docs}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    split_search_index(tmp_path, ["fr", "sv"])

    def read(*parts):
        return json.loads(tmp_path.joinpath(*parts, "search", "search_index.json").read_text())

    english, french, swedish = read(), read("fr"), read("sv")
    assert [d["location"] for d in english["docs"]] == ["", "overfitting/#why", "french-fries/"]
    assert english["config"] == index["config"]
    assert french["docs"] == [
        {"location": "", "title": "Accueil", "text": "Bienvenue"},
        {"location": "overfitting/#why", "title": "Pourquoi", "text": "bruit"},
    ]
    assert french["config"] == {"lang": ["fr"], "separator": "[\\s\\-]+"}  # its stemmer
    assert swedish == {"config": {"lang": ["sv"], "separator": "[\\s\\-]+"}, "docs": []}


def test_no_search_index_nothing_to_split(tmp_path):
    split_search_index(tmp_path, ["fr"])
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- sitemaps

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url><loc>https://example.org/course/</loc>
    <xhtml:link rel="alternate" hreflang="fr" href="https://example.org/course/fr/"/></url>
  <url><loc>https://example.org/course/fr/</loc>
    <xhtml:link rel="alternate" hreflang="en" href="https://example.org/course/"/></url>
  <url><loc>https://example.org/course/fr/overfitting/</loc></url>
  <url><loc>https://example.org/course/sv/</loc></url>
  <url><loc>https://example.org/course/french/</loc></url>
</urlset>
"""
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_each_language_gets_a_sitemap_of_its_pages_with_their_alternates(tmp_path):
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    language_sitemaps(tmp_path, "https://example.org/course", ["fr", "sv"])
    french = ET.parse(tmp_path / "fr" / "sitemap.xml").getroot()
    assert french.tag == f"{{{NS['s']}}}urlset"
    assert [loc.text for loc in french.findall("s:url/s:loc", NS)] == [
        "https://example.org/course/fr/",
        "https://example.org/course/fr/overfitting/",
    ]
    (alternate,) = french.findall("s:url/x:link", NS)
    assert alternate.get("hreflang") == "en"
    swedish = ET.parse(tmp_path / "sv" / "sitemap.xml").getroot()
    assert [loc.text for loc in swedish.findall("s:url/s:loc", NS)] == [
        "https://example.org/course/sv/"
    ]
    assert (tmp_path / "fr" / "sitemap.xml").read_text().startswith('<?xml version="1.0"')
    assert (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == SITEMAP  # root: all


def test_no_sitemap_nothing_to_split(tmp_path):
    language_sitemaps(tmp_path, "https://example.org/", ["fr"])
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 404 pages

THEME_404 = "<html><body>\n  <article>\n    <h1>404 - Not found</h1>\n  </article>\n</body></html>"


def test_each_language_gets_its_404_page_and_the_root_keeps_englishs(tmp_path):
    pages = NotFoundPages()
    # static-i18n builds the translations inside the English build: French comes first
    early = pages.render(THEME_404, config("fr", tmp_path))
    french = (tmp_path / "fr" / "404.html").read_text(encoding="utf-8")
    assert early == french  # no English yet: the root gets the French for now
    assert f"<h1>{ui('not_found_title', 'fr')}</h1>" in french
    assert 'href="/course/fr/"' in french and "<script" not in french

    english = pages.render(THEME_404, config("en", tmp_path))
    assert f"<h1>{ui('not_found_title', 'en')}</h1>" in english
    assert 'href="/course/"' in english
    assert pages.render(THEME_404, config("sv", tmp_path)) == english  # the root stays English
    assert f"<h1>{ui('not_found_title', 'sv')}</h1>" in (tmp_path / "sv" / "404.html").read_text()

    pages.finish(tmp_path)
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == english


def test_the_english_404_page_sends_a_translations_reader_to_its_language(tmp_path):
    english = NotFoundPages().render(THEME_404, config("en", tmp_path))
    script = english[english.index("<script>") : english.index("</script>")]
    assert 'var root = "/course/", languages = ["fr", "sv"];' in script
    assert "location.replace(root + lang + '/404.html')" in script
    assert english.index("</script>") < english.index("</body>")


def test_a_language_built_alone_has_its_404_page_at_the_root(tmp_path):
    pages = NotFoundPages()
    french = pages.render(THEME_404, config("fr", tmp_path, build=["fr"], site_url=""))
    assert f"<h1>{ui('not_found_title', 'fr')}</h1>" in french
    assert 'href="/"' in french and "<script" not in french
    assert not (tmp_path / "fr").exists()
    pages.finish(tmp_path)
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == french


def test_finish_writes_nothing_when_no_404_page_was_rendered(tmp_path):
    NotFoundPages().finish(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_404_page_loses_the_themes_indentation(tmp_path, lang):
    page = NotFoundPages().render(THEME_404, config(lang, tmp_path))
    assert "\n  " not in page.split("<script>")[0]  # the theme's indentation is gone
