"""The built site in a real browser (Playwright driving Debian's Chromium): switching
language keeps the reader on the same section."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def served(built_site):
    """The built site over HTTP on a free local port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


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
