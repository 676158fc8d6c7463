"""The built site in a real browser (Playwright driving Debian's Chromium): switching
language keeps the reader on the same section."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def served(built_site):
    """The built site over HTTP on a free local port, served by another process (the
    browser's requests must not wait for this test process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=built_site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):  # until it answers
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = "Debian's chromium is needed: apt-get install -y chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize(
    ("start", "target", "landing", "anchor"),
    [
        ("fr/overfitting/", "ru", "ru/overfitting/", "bias-variance-trade-off"),
        ("overfitting/", "sv", "sv/overfitting/", "how-to-detect-overfitting"),
        ("ro/training-tricks/", "en", "training-tricks/", "dropout"),
    ],
)
def test_switching_language_lands_on_the_same_section(served, browser, start, target, landing, anchor):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/{start}#{anchor}")
    page.wait_for_load_state("load")
    page.hover(".md-header__option .md-select")
    page.click(f".md-select a[hreflang={target}]")
    page.wait_for_load_state("load")
    assert page.url == f"{served}/{landing}#{anchor}"
    heading = page.locator(f"[id='{anchor}']")
    assert heading.count() == 1
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the section is not on screen"
    page.close()


SEARCHES = {  # language: a word of that language that names the overfitting lesson
    "en": "overfitting",
    "fr": "surapprentissage",
    "ro": "supraînvățare",
    "ru": "переобучение",
    "sv": "överanpassning",
}


@pytest.mark.parametrize(("lang", "word"), SEARCHES.items())
def test_search_finds_the_pages_of_the_readers_language_only(served, browser, lang, word):
    """Each language searches its own index with its own stemmer: the word finds that
    language's overfitting lesson, and no result is a page of another language."""
    root = "" if lang == "en" else f"{lang}/"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")) as index:
        page.goto(f"{served}/{root}")
    assert index.value.url == f"{served}/{root}search/search_index.json"
    page.wait_for_load_state("networkidle")
    # Material reads the query on keyup (and once its worker is ready): type the word,
    # then a key, as a reader's last keystroke does
    box = page.locator("input[data-md-component=search-query]")
    box.fill(word)
    box.press("End")
    page.wait_for_selector(".md-search-result__link", state="attached", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    paths = [link.removeprefix(served).split("?")[0].split("#")[0] for link in links]
    assert f"/{root}overfitting/" in paths
    others = [f"/{code}/" for code in SEARCHES if code not in ("en", lang)]
    assert not [p for p in paths if p.startswith(tuple(others))], paths
    if lang != "en":
        assert all(p.startswith(f"/{lang}/") for p in paths), paths
    assert not failed, failed  # nothing the page or the search asked for was missing
    page.close()
