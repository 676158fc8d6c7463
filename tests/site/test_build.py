"""The site builds strictly in every language, and each home page is wired to the others."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT, configured_site_url, language_names, mkdocs_build

NAMES = language_names()  # what the language selector shows: mkdocs.yml's names
# how these languages write their own names (a language added since has its own line in
# mkdocs.yml, which its volunteer writes)
ENDONYMS = {"en": "English", "fr": "Français", "ro": "Română", "ru": "Русский", "sv": "Svenska"}


def home_url(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


def read_home(site, lang):
    path = site / home_url(lang).strip("/") / "index.html"
    assert path.is_file(), f"no home page for {lang} at {path}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_build_is_strict_and_silent(site_build):
    _, result = site_build
    problems = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_language(built_site, lang):
    page = read_home(built_site, lang)
    assert page.html["lang"] == lang
    # Material's own labels come in the page's language: the search box is one of them.
    placeholders = {
        lang_: read_home(built_site, lang_).select_one("input.md-search__input")["placeholder"]
        for lang_ in LANGUAGES
    }
    assert len(set(placeholders.values())) == len(LANGUAGES), placeholders


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_selector_links_to_same_page_in_every_language(built_site, lang):
    page = read_home(built_site, lang)
    links = {a["hreflang"]: a for a in page.select("a.md-select__link[hreflang]")}
    assert set(links) == set(LANGUAGES)
    assert [code for code in ENDONYMS if code in NAMES and NAMES[code] != ENDONYMS[code]] == []
    for other in LANGUAGES:
        assert links[other].get_text(strip=True) == NAMES[other]
        target = urlparse(urljoin(home_url(lang), links[other]["href"])).path
        assert target == home_url(other)
        assert (built_site / target.strip("/") / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_has_included_python(built_site, lang):
    page = read_home(built_site, lang)
    code = "\n".join(block.get_text() for block in page.select("div.language-python pre code"))
    assert "x.grad" in code and "backward()" in code  # the snippet text, not the include line
    assert "--8<--" not in page.get_text()


def test_canonical_and_sitemap_urls_are_absolute(built_site):
    site_url = configured_site_url()
    assert urlparse(site_url).scheme == "https" and urlparse(site_url).netloc
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(built_site / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().iterfind("s:url/s:loc", ns)]
    assert {site_url + ("" if lang == "en" else f"{lang}/") for lang in LANGUAGES} <= set(locs)
    for lang in LANGUAGES:
        canonical = read_home(built_site, lang).find("link", rel="canonical")["href"]
        assert canonical == urljoin(site_url, home_url(lang).lstrip("/"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_title_names_the_site_once(built_site, lang):
    title = read_home(built_site, lang).title.get_text()
    assert title.count(" - ") == 0, title


def test_no_page_loads_anything_from_another_host(built_site):
    """Scripts, stylesheets, images, fonts and math are served by the site itself.
    (Links a reader may follow are not loads; issue 8's browser test watches requests.)"""
    loads = []
    for page in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (
            ("script", "src"),
            ("img", "src"),
            ("link", "href"),
            ("iframe", "src"),
            ("source", "src"),
        ):
            for element in soup.find_all(tag):
                url = element.get(attr) or ""
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload"} & set(
                    element.get("rel", [])
                ):
                    continue
                if urlparse(url).netloc:
                    loads.append(f"{page.relative_to(built_site)}: <{tag} {attr}={url}>")
    assert loads == []


def test_a_link_to_a_missing_anchor_fails_the_build_in_any_language(tmp_path, filled_cache):
    from support import copy_project

    root = copy_project(tmp_path / "project")
    page = root / "docs" / "sv" / "overfitting.md"
    text = page.read_text(encoding="utf-8")
    assert "(lab.md)" in text
    page.write_text(text.replace("(lab.md)", "(lab.md#no-such-section)", 1), encoding="utf-8")
    done = mkdocs_build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "no-such-section" in done.stderr and "sv/overfitting.md" in done.stderr


@pytest.mark.slow
def test_two_builds_sharing_a_cache_both_succeed_with_the_same_files(tmp_path, filled_cache):
    """Two builds at once, one cache: the session's, without the home page's run, so that
    both run that page and write its entry at the same time. Both succeed, and they
    write the same bytes, file for file (French alone, to keep it short)."""
    from concurrent.futures import ThreadPoolExecutor

    from sitebuild import cache
    from sitebuild.runner import load_program

    shared = tmp_path / "cache"
    shutil.copytree(filled_cache, shared)
    home = cache.entry("page-run", load_program(ROOT / "docs" / "en" / "index.md").key(), shared)
    assert home.is_file(), "the session's cache should hold the home page's run"
    home.unlink()
    env = {"COURSE_LANGUAGE": "fr", "COURSE_CACHE_DIR": str(shared)}
    with ThreadPoolExecutor(2) as pool:
        builds = list(
            pool.map(lambda n: mkdocs_build(ROOT, tmp_path / f"site-{n}", env=env), (1, 2))
        )
    for build in builds:
        assert build.returncode == 0, build.stderr[-3000:]
    assert any("index.md: running its program" in build.stderr for build in builds)

    def files(site):
        return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    first, second = files(tmp_path / "site-1"), files(tmp_path / "site-2")
    assert first.keys() == second.keys()
    assert [str(p) for p in first if first[p] != second[p]] == []
    assert cache.read(home)["blocks"], "the entry both wrote is whole"


@pytest.mark.slow
def test_properdocs_builds_the_same_site(tmp_path, filled_cache):
    """The way out of MkDocs 1.x's end of life: ProperDocs, its maintained fork, builds
    this site with the same hooks and plugins into the same files, byte for byte but
    for the generator's name (French alone, to keep it short)."""
    import os
    import subprocess
    import sys

    env = {"COURSE_LANGUAGE": "fr"}
    with_mkdocs = mkdocs_build(ROOT, tmp_path / "mkdocs", env=env)
    assert with_mkdocs.returncode == 0, with_mkdocs.stderr[-3000:]
    with_properdocs = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "pd"),
        ],
        cwd=ROOT,
        env={**os.environ, **env, "DISABLE_MKDOCS_2_WARNING": "1", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert with_properdocs.returncode == 0, with_properdocs.stderr[-3000:]
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')

    def files(site):
        return {
            p.relative_to(site): generator.sub(b"", p.read_bytes())
            for p in site.rglob("*")
            if p.is_file()
        }

    ours, theirs = files(tmp_path / "mkdocs"), files(tmp_path / "pd")
    assert ours.keys() == theirs.keys()
    assert [str(p) for p in ours if ours[p] != theirs[p]] == []
