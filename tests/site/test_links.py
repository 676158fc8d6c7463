"""The built site as a reader's browser and a search engine read it: every internal link
and #anchor resolves in all five languages (the language selector's links and the
hreflang alternates included), links to other sites are few and listed, and every page
says its language, describes itself and names its translations."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, configured_repo_url, configured_site_url

from benchmarks.site import page_url

# Links to other sites that pages may carry, each on purpose: the course's repository
# (mkdocs.yml's repo_url, in every page's header) and, in a lesson's "Further reading"
# section only, the papers and documentation behind it. Otherwise the course names its
# sources in words; nothing is loaded from another host, and the site works offline.
EXTERNAL_LINKS: set[str] = {configured_repo_url()}
FURTHER_READING = "further-reading"  # the anchor of that section, in every language


def further_reading(soup: BeautifulSoup) -> set[str]:
    """The addresses a page's "Further reading" section links to."""
    heading = soup.find("h2", id=FURTHER_READING)
    found = set()
    for element in heading.find_all_next() if heading else []:
        if element.name == "h2":
            break
        if element.name == "a" and element.get("href", "").startswith("http"):
            found.add(element["href"])
    return found


# hreflang values: a language code, optionally a region, or x-default (BCP 47 subset)
HREFLANG_RE = re.compile(r"^(x-default|[a-z]{2,3}(-[A-Za-z]{2,4})?)$")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@functools.cache
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids(path: Path) -> frozenset[str]:
    return frozenset(el["id"] for el in parsed(path).find_all(id=True))


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a server sends for an address below the site's root, if any."""
    rel = unquote(url_path).lstrip("/")
    candidate = site / rel
    if url_path.endswith("/") or not rel or not candidate.suffix:
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def language_of(site: Path, path: Path) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in LANGUAGES[1:] else "en"


def check_link(site: Path, base_url: str, root: str, href: str) -> str | None:
    """None if `href`, found on the page at `base_url`, resolves; else what is wrong."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "javascript", "data"):
        return None
    absolute = urljoin(base_url, href)
    if not absolute.startswith(root):
        return None  # another site: listed, not followed
    path = "/" + absolute[len(root) :].split("#")[0].split("?")[0]
    found = target_file(site, path)
    if found is None:
        return f"{href} -> {path}: no such page"
    fragment = unquote(urlsplit(absolute).fragment)
    if fragment and found.suffix == ".html" and fragment not in ids(found):
        return f"{href} -> {path}#{fragment}: no such anchor"
    return None


def links_of(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(what, href) of every link a reader can follow or a crawler reads."""
    found = [("a", a["href"]) for a in soup.find_all("a", href=True)]
    found += [
        ("alternate", link["href"])
        for link in soup.find_all("link", href=True)
        if "alternate" in link.get("rel", []) and link.get("hreflang")
    ]
    return found


def test_every_internal_link_and_anchor_resolves_in_every_language(built_site):
    root = configured_site_url()
    broken, external, reading = [], set(), 0
    for path in html_pages(built_site):
        soup = parsed(path)
        base = urljoin(root, page_url(path, built_site).lstrip("/"))
        sources = further_reading(soup)
        reading += len(sources)
        for what, href in links_of(soup):
            absolute = urljoin(base, href)
            if urlsplit(absolute).scheme in ("http", "https") and not absolute.startswith(root):
                if href not in sources:
                    external.add(absolute)
                continue
            problem = check_link(built_site, base, root, href)
            if problem:
                broken.append(f"{path.relative_to(built_site)} ({what}): {problem}")
    assert broken == []
    assert external == EXTERNAL_LINKS, "a link to another site: list it in EXTERNAL_LINKS"
    assert reading >= 5 * len(LANGUAGES), "the lessons' Further reading sections are gone"


def test_the_link_check_finds_a_broken_page_and_a_broken_anchor(built_site):
    root = configured_site_url()
    base = urljoin(root, "fr/overfitting/")
    assert check_link(built_site, base, root, "../regularisation/#dropout") is None
    assert check_link(built_site, base, root, "../regularisation/#dropout-typo").endswith(
        "no such anchor"
    )
    assert check_link(built_site, base, root, "../no-such-page/").endswith("no such page")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_selector_leads_to_the_same_page_in_every_language(built_site, lang):
    """On every page of `lang`, the selector offers each language once, and each entry
    leads to a page that exists (the same page where it is translated)."""
    root = configured_site_url()
    for path in html_pages(built_site):
        if language_of(built_site, path) != lang or path.name == "404.html":
            continue
        soup = parsed(path)
        entries = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
        assert sorted(entries) == sorted(LANGUAGES), path
        base = urljoin(root, page_url(path, built_site).lstrip("/"))
        same = page_url(path, built_site).removeprefix(f"/{lang}/" if lang != "en" else "/")
        for code, href in entries.items():
            assert check_link(built_site, base, root, href) is None, (path, code, href)
            expected = "/" + ("" if code == "en" else f"{code}/") + same.lstrip("/")
            assert urlsplit(urljoin(base, href)).path == expected, (path, code)


def test_every_page_says_its_language_and_describes_itself(built_site):
    problems = []
    for path in html_pages(built_site):
        soup = parsed(path)
        lang = language_of(built_site, path)
        if soup.html.get("lang") != lang:
            problems.append(f"{path.relative_to(built_site)}: <html lang={soup.html.get('lang')}>")
        description = soup.find("meta", attrs={"name": "description"})
        if path.name != "404.html" and not (description and description.get("content", "").strip()):
            problems.append(f"{path.relative_to(built_site)}: no meta description")
    assert problems == []


def test_hreflang_alternates_are_absolute_valid_and_reciprocal(built_site):
    """Each page lists itself and its translations (and x-default, the English page) by
    absolute address; each listed page lists this one back."""
    root = configured_site_url()
    alternates = {}
    for path in html_pages(built_site):
        if path.name == "404.html":
            continue
        links = {
            link["hreflang"]: link["href"]
            for link in parsed(path).find_all("link", rel="alternate", hreflang=True)
        }
        url = urljoin(root, page_url(path, built_site).lstrip("/"))
        alternates[url] = links
        assert all(HREFLANG_RE.match(code) for code in links), (path, links)
        assert all(href.startswith(root) for href in links.values()), (path, links)
        assert links.get(language_of(built_site, path)) == url, (path, links)
        assert links.get("x-default") == links.get("en"), (path, links)
    for url, links in alternates.items():
        for code, href in links.items():
            assert href in alternates, (url, code, href)
            assert alternates[href].get(code) == href
            assert url in alternates[href].values(), (url, href)
