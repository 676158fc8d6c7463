"""Every language has its 404 page in that language; the site root keeps English (each
language's build used to overwrite the root one, leaving the last language built)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES

from i18n.words import ui


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_own_not_found_page(built_site, code):
    path = built_site / "404.html" if code == "en" else built_site / code / "404.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == code
    article = soup.select_one("article")
    assert article.h1.get_text() == ui("not_found_title", code)
    home = "/" if code == "en" else f"/{code}/"
    assert [a["href"] for a in article.select("p a")] == [home]
    assert "404 - Not found" not in article.get_text()
