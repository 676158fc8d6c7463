"""The code is one click away: the built site links to the repository (without asking
the host's API for stars at view time), publishes trainlab's wheel, and every page that
tells a reader to install trainlab gives the command that installs that wheel."""

from __future__ import annotations

import re

import pytest
import trainlab
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT, configured_repo_url, configured_site_url

from sitebuild import wheel

NAME = f"trainlab-{trainlab.__version__}-py3-none-any.whl"


def command() -> str:
    return f"pip install {configured_site_url().rstrip('/')}/downloads/{NAME}"


def html(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_wheel_is_published_once_for_every_language(built_site):
    published = built_site / "downloads" / NAME
    assert published.is_file()
    assert published.read_bytes() == wheel.trainlab_wheel(ROOT).read_bytes()
    assert sorted(p.name for p in built_site.rglob("*.whl")) == [NAME]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_install_note_gives_the_command_for_this_site(built_site, lang):
    """The home page's set-up steps, the lab's introduction, the exercises of the page on
    low- and high-level APIs and the run note of every page that needs trainlab."""
    folder = built_site if lang == "en" else built_site / lang
    for page in ("index.html", "lab/index.html", "apis/index.html"):
        codes = [c.get_text() for c in html(folder / page).find_all("code")]
        assert command() in codes, f"{lang}/{page}"
    note = html(folder / "lab-workbook" / "index.html").select_one("details.info")
    assert command() in [c.get_text() for c in note.find_all("code")]


def test_no_page_says_install_from_a_clone_or_shows_the_placeholder(built_site):
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "trainlab_install" not in text, page
        assert "pip install -e ." not in text, page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_links_to_the_repository(built_site, lang):
    home = built_site / ("" if lang == "en" else lang) / "index.html"
    links = html(home).select("a.md-source")
    assert links and {a["href"] for a in links} == {configured_repo_url()}


def test_no_page_asks_the_repositorys_host_for_stars(built_site):
    """Material's script fetches stars, forks and the latest release from the host's
    API (api.github.com, a GitLab's /api/v4) for an element marked
    data-md-component="source", whatever the host: no page has one."""
    marked = re.compile(r"data-md-component=\W?source\b")
    found = [
        str(p.relative_to(built_site))
        for p in built_site.rglob("*.html")
        if marked.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
    template = (ROOT / "overrides" / "partials" / "source.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in template and "data-md-component" not in template.split("-#}")[1]
