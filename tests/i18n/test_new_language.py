"""i18n.new_language: a language is added to mkdocs.yml, ui.yml and glossary.yml (edited as
text, their comments kept) with a copy of every English page marked untranslated and an
empty ledger; bad input writes nothing. The site then builds strictly in it."""

from __future__ import annotations

import difflib
import json
import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_pages import notebook_text
from support import copy_project, mkdocs_build
from support import i18n_tool as tool

from i18n import notebooks
from i18n.ledger import HEADER, load_ledger
from i18n.new_language import mark_untranslated, new_language, plan_new_language
from i18n.pages import languages, parse_page, source_pages


@pytest.fixture
def project(tmp_path):
    """What new_language edits, copied: mkdocs.yml, i18n/ and docs/."""
    return copy_project(tmp_path / "project")


def snapshot(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("docs", "i18n")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    } | {"mkdocs.yml": (root / "mkdocs.yml").read_bytes()}


# ---------------------------------------------------------------- what it changes


def test_the_plan_adds_the_language_everywhere_and_writes_nothing(project):
    before = snapshot(project)
    plan = plan_new_language("de", "  Deutsch ", root=project)
    assert snapshot(project) == before
    pages = source_pages(project / "docs")
    assert set(plan) == {
        project / "mkdocs.yml",
        project / "i18n" / "ui.yml",
        project / "i18n" / "glossary.yml",
        project / "i18n" / "translations" / "de.yml",
        *(project / "docs" / "de" / page for page in pages),
    }
    assert plan[project / "i18n" / "translations" / "de.yml"] == HEADER + "{}\n"
    assert "- locale: de\n" in plan[project / "mkdocs.yml"]
    assert "  name: Deutsch\n" in plan[project / "mkdocs.yml"]  # its white space normalised


def test_mkdocs_yml_gets_the_language_with_its_navigation_to_translate(project):
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    new_language("de", "Deutsch", root=project)
    after = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert languages(project / "mkdocs.yml") == [*languages(), "de"]
    # edited as text: lines are added, none removed or changed (comments and tags kept)
    changes = difflib.ndiff(before.splitlines(), after.splitlines())
    assert not [line for line in changes if line.startswith(("- ", "? "))]
    assert "!ENV [COURSE_LANGUAGE, null]" in after
    block = after[after.index("- locale: de") :]
    assert "name: Deutsch" in block and "build: true" in block
    assert "Overfitting: Overfitting" in block and "Lab: Lab" in block


def test_ui_words_are_englishs_and_glossary_forms_empty_for_the_new_language(project):
    new_language("de", "Deutsch", root=project)
    ui = yaml.safe_load((project / "i18n" / "ui.yml").read_text(encoding="utf-8"))
    assert all(entry["de"] == entry["en"] for entry in ui.values())
    glossary_text = (project / "i18n" / "glossary.yml").read_text(encoding="utf-8")
    glossary = yaml.safe_load(glossary_text)
    assert all(entry["de"] == [] for entry in glossary.values())
    assert glossary_text.startswith("# The course's terminology")  # comments kept


def test_every_page_is_a_copy_of_english_marked_untranslated(project):
    new_language("de", "Deutsch", root=project)
    for name in source_pages(project / "docs"):
        page = parse_page(project / "docs" / "de" / name)
        english = parse_page(project / "docs" / "en" / name)
        assert page.meta == {**english.meta, "translation": "untranslated"}, name
        assert page.anchors == english.anchors and not page.problems, name
    assert load_ledger("de", project / "i18n" / "translations") == {}


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("Deutsch", "de", "'Deutsch' is not a language code"),
        ("de-DE", "Deutsch", "is not a language code"),
        ("de", "   ", "give the language's name"),
        ("fr", "Français", "the site already has the language 'fr'"),
        ("de", "Deutsch", r"docs/de/ already exists"),
    ],
    ids=["name for code", "code with a dash", "no name", "existing language", "existing folder"],
)
def test_bad_input_is_refused_and_nothing_is_written(project, code, name, message):
    if message.startswith("docs/de"):
        (project / "docs" / "de").mkdir()
    before = snapshot(project)
    with pytest.raises(ValueError, match=message):
        new_language(code, name, root=project)
    assert snapshot(project) == before


# ---------------------------------------------------------------- marking a copy untranslated


def test_a_markdown_page_is_marked_in_its_front_matter():
    marked = mark_untranslated("---\ndescription: A page.\n---\n\n# T { #t }\n", "p.md")
    assert marked == "---\ntranslation: untranslated\ndescription: A page.\n---\n\n# T { #t }\n"
    assert mark_untranslated("# T { #t }\n", "p.md") == (
        "---\ntranslation: untranslated\n---\n\n# T { #t }\n"
    )
    with pytest.raises(ValueError, match="English page's front matter: .*never closed"):
        mark_untranslated("---\ndescription: A page.\n\n# T { #t }\n", "p.md")


def test_a_notebook_is_marked_in_its_course_metadata():
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell('--8<-- "a/b.py:c"')]
    text = notebook_text(cells, description="A workbook.", requires=["torch"])
    marked = json.loads(mark_untranslated(text, "wb.ipynb"))
    assert marked["metadata"][notebooks.META] == {
        "description": "A workbook.",
        "requires": ["torch"],
        "translation": "untranslated",
    }
    assert marked["cells"] == json.loads(text)["cells"]


# ---------------------------------------------------------------- end to end


def test_new_language_adds_a_language_that_builds_strictly(filled_cache, tmp_path):
    root = copy_project(tmp_path / "project")
    done = tool("new-language", "de", "Deutsch", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "locale: de" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (root / "i18n" / "translations" / "de.yml").is_file()
    pages = sorted(p.name for p in (root / "docs" / "de").glob("*.md"))
    assert pages == sorted(p.name for p in (root / "docs" / "en").glob("*.md"))
    assert parse_page(root / "docs" / "de" / "overfitting.md").meta["translation"] == "untranslated"
    assert tool("check", cwd=root).returncode == 0, tool("check", cwd=root).stdout[-2000:]
    status = json.loads(tool("status", "--lang", "de", "--json", cwd=root).stdout)
    assert status["languages"]["de"]["percent"] == 0.0
    assert {r["state"] for r in status["sections"]} == {"missing"}
    again = tool("new-language", "de", "Deutsch", cwd=root)
    assert again.returncode == 2 and "already has the language" in again.stderr

    notebook = root / "docs" / "de" / "lab-workbook.ipynb"  # a copy, marked untranslated
    course = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["course"]
    assert course["translation"] == "untranslated"
    notebook.unlink()  # and a language may lack a notebook altogether: English stands in

    site = tmp_path / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("overfitting", "lab-workbook"):
        page = BeautifulSoup(
            (site / "de" / name / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert page.html["lang"] == "de"
        notice = page.select_one(".admonition.warning")
        assert notice and notice.select_one("a")["href"] == f"../../{name}/", name
        here = f"https://nn-course.example.org/de/{name}/"
        selector = {a["hreflang"]: urljoin(here, a["href"]) for a in page.select("a[hreflang]")}
        assert selector["de"] == here
        assert selector["en"] == f"https://nn-course.example.org/{name}/"
        assert page.select_one(".md-nav a.md-nav__link--active"), name
    english = BeautifulSoup(
        (site / "lab-workbook" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article h1").get_text() == english.select_one("article h1").get_text()
    assert (site / "de" / "lab-workbook" / "lab-workbook.ipynb").is_file()
    # no page's code changed (the new language's pages are English's), so nothing ran
    assert "running its program" not in done.stderr
    assert re.search(r"page programs: all \d+ from the cache", done.stderr), done.stderr[-2000:]
