"""i18n.new_language: a language is added to mkdocs.yml (with its site name, description
and navigation titles), ui.yml, figures.yml and glossary.yml (edited as text, their
comments kept), with a plain copy of every English page and an empty ledger, and the
command says what is left to translate; bad input writes nothing. Right after it, the
checks the suite runs on every language pass (status --check, check, the figure words),
and the site builds strictly in it."""

from __future__ import annotations

import difflib
import json
import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from support import NEW_LANGUAGE, NEW_LANGUAGE_NAME, copy_project, mkdocs_build
from support import i18n_tool as tool

from i18n.ledger import HEADER, load_ledger
from i18n.new_language import new_language, plan_new_language
from i18n.pages import languages, parse_page, source_pages
from i18n.words import figure_translation, figure_translations, figure_words

# a language the site does not have yet (German, until a volunteer has added it)
CODE, NAME = NEW_LANGUAGE, NEW_LANGUAGE_NAME


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


def config_of(text: str) -> dict:
    """mkdocs.yml as data, its tags (!ENV, !relative) read as nothing."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(text, Loader=Loader)


# ---------------------------------------------------------------- what it changes


def test_the_plan_adds_the_language_everywhere_and_writes_nothing(project):
    before = snapshot(project)
    plan = plan_new_language(CODE, f"  {NAME} ", root=project)
    assert snapshot(project) == before
    pages = source_pages(project / "docs")
    assert set(plan.changes) == {
        project / "mkdocs.yml",
        project / "i18n" / "ui.yml",
        project / "i18n" / "figures.yml",
        project / "i18n" / "glossary.yml",
        project / "i18n" / "translations" / f"{CODE}.yml",
        *(project / "docs" / CODE / page for page in pages),
    }
    assert plan.changes[project / "i18n" / "translations" / f"{CODE}.yml"] == HEADER + "{}\n"
    assert f"- locale: {CODE}\n" in plan.changes[project / "mkdocs.yml"]
    assert f"  name: {NAME}\n" in plan.changes[project / "mkdocs.yml"]  # its white space normalised


def test_it_counts_what_is_left_to_translate_file_by_file(project):
    plan = plan_new_language(CODE, NAME, root=project)
    left = {where: (count, what) for where, count, what in plan.left}
    assert list(left) == [
        f"docs/{CODE}/",
        "mkdocs.yml",
        "i18n/ui.yml",
        "i18n/figures.yml",
        "i18n/glossary.yml",
    ]
    docs = project / "docs"
    sections = sum(len(parse_page(docs / "en" / page).anchors) for page in source_pages(docs))
    assert left[f"docs/{CODE}/"] == (
        len(source_pages(docs)),
        f"pages, copies of English ({sections} sections to translate)",
    )
    ui = yaml.safe_load((project / "i18n" / "ui.yml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((project / "i18n" / "figures.yml").read_text(encoding="utf-8"))
    glossary = yaml.safe_load((project / "i18n" / "glossary.yml").read_text(encoding="utf-8"))
    assert left["i18n/ui.yml"][0] == len(ui)
    assert left["i18n/figures.yml"][0] == len(figures["text"])
    assert left["i18n/glossary.yml"][0] == len(glossary)
    assert left["mkdocs.yml"] == (
        21,
        "lines: site_name, site_description, copyright and 18 navigation titles (nav_translations)",
    )
    named = plan_new_language(CODE, NAME, site_name="Neuronale Netze", root=project)
    assert dict((w, c) for w, c, _ in named.left)["mkdocs.yml"] == 20  # the name is done


def test_mkdocs_yml_gets_the_language_with_its_site_name_and_navigation_to_translate(project):
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    new_language(CODE, NAME, root=project)
    after = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert languages(project / "mkdocs.yml") == [*languages(), CODE]
    # edited as text: lines are added, none removed or changed (comments and tags kept)
    changes = difflib.ndiff(before.splitlines(), after.splitlines())
    assert not [line for line in changes if line.startswith(("- ", "? "))]
    assert "!ENV [COURSE_LANGUAGE, null]" in after
    block = after[after.index(f"- locale: {CODE}\n") :]
    assert f"name: {NAME}" in block and "build: true" in block
    assert "Overfitting: Overfitting" in block and "Lab: Lab" in block
    config = config_of(before)
    (added,) = [
        lang
        for plugin in config_of(after)["plugins"]
        if isinstance(plugin, dict) and "i18n" in plugin
        for lang in plugin["i18n"]["languages"]
        if lang["locale"] == CODE
    ]
    assert added["site_name"] == config["site_name"]  # English's, to translate
    assert added["site_description"] == " ".join(config["site_description"].split())
    assert added["copyright"] == config["copyright"]  # the footer, to translate
    assert len(added["nav_translations"]) == 18


def test_the_site_name_can_be_given_in_the_language(tmp_path):
    root = copy_project(tmp_path / "project")
    done = tool("new-language", CODE, NAME, "--site-name", "Neuronale Netze mit PyTorch", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "  site_name: Neuronale Netze mit PyTorch\n" in (root / "mkdocs.yml").read_text(
        encoding="utf-8"
    )
    assert (
        "mkdocs.yml: 20 lines: site_description, copyright and 18 navigation titles" in done.stdout
    )


def test_ui_figure_and_glossary_lines_are_added_for_the_new_language(project):
    new_language(CODE, NAME, root=project)
    ui = yaml.safe_load((project / "i18n" / "ui.yml").read_text(encoding="utf-8"))
    assert all(entry[CODE] == entry["en"] for entry in ui.values())
    figures_text = (project / "i18n" / "figures.yml").read_text(encoding="utf-8")
    figures = yaml.safe_load(figures_text)
    assert all(entry[CODE] == source for source, entry in figures["text"].items())
    assert figures_text.startswith("# The words in the figures")  # comments kept
    glossary_text = (project / "i18n" / "glossary.yml").read_text(encoding="utf-8")
    glossary = yaml.safe_load(glossary_text)
    assert all(entry[CODE] == [] for entry in glossary.values())
    assert glossary_text.startswith("# The course's terminology")  # comments kept


def test_an_entry_that_cannot_be_given_a_line_writes_nothing(project):
    ui = project / "i18n" / "ui.yml"
    ui.write_text(
        ui.read_text(encoding="utf-8") + "one_line: {en: One, fr: Un, ro: Unu, ru: Один, sv: En}\n",
        encoding="utf-8",
    )
    before = snapshot(project)
    with pytest.raises(
        ValueError, match=r"i18n/ui\.yml:\d+: the entry 'one_line' is written on one"
    ):
        new_language(CODE, NAME, root=project)
    assert snapshot(project) == before


def test_every_page_is_a_plain_copy_of_english(project):
    new_language(CODE, NAME, root=project)
    for name in source_pages(project / "docs"):
        copy = (project / "docs" / CODE / name).read_bytes()
        assert copy == (project / "docs" / "en" / name).read_bytes(), name
        assert "translation" not in parse_page(project / "docs" / CODE / name).meta, name
    assert load_ledger(CODE, project / "i18n" / "translations") == {}


@pytest.mark.parametrize(
    ("code", "name", "site_name", "message"),
    [
        (NAME, CODE, None, f"'{NAME}' is not a language code"),
        (f"{CODE}-XX", NAME, None, "is not a language code"),
        (CODE, "   ", None, "give the language's name"),
        (CODE, NAME, "  ", "--site-name: give the site's name"),
        ("fr", "Français", None, "the site already has the language 'fr'"),
        (CODE, NAME, None, f"docs/{CODE}/ already exists"),
    ],
    ids=[
        "name for code",
        "code with a dash",
        "no name",
        "blank site name",
        "existing language",
        "existing folder",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(project, code, name, site_name, message):
    if message.startswith("docs/"):
        (project / "docs" / CODE).mkdir()
    before = snapshot(project)
    with pytest.raises(ValueError, match=message):
        new_language(code, name, site_name=site_name, root=project)
    assert snapshot(project) == before


# ---------------------------------------------------------------- the suite passes at once


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """(copy of the project, the command's output): `python -m i18n new-language CODE
    NAME` run on a copy of the project, as a volunteer runs it."""
    root = copy_project(tmp_path_factory.mktemp("added"))
    done = tool("new-language", CODE, NAME, cwd=root)
    assert done.returncode == 0, done.stderr
    return root, done.stdout


def test_the_command_says_what_is_left_to_translate(added):
    root, out = added
    docs = root / "docs"
    pages = source_pages(docs)
    sections = sum(len(parse_page(docs / "en" / page).anchors) for page in pages)
    ui = yaml.safe_load((root / "i18n" / "ui.yml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((root / "i18n" / "figures.yml").read_text(encoding="utf-8"))
    glossary = yaml.safe_load((root / "i18n" / "glossary.yml").read_text(encoding="utf-8"))
    for line in [
        f"  docs/{CODE}/: {len(pages)} pages, copies of English ({sections} sections to translate)",
        "  mkdocs.yml: 21 lines: site_name, site_description, copyright and 18 navigation titles "
        "(nav_translations)",
        f"  i18n/ui.yml: {len(ui)} words the build writes on pages (English to translate)",
        f"  i18n/figures.yml: {len(figures['text'])} words in figures (English to translate)",
        f"  i18n/glossary.yml: {len(glossary)} terms (empty lists to fill)",
        f"`python -m i18n mark-translated docs/{CODE}/PAGE.md`",
        f"`python -m i18n status --lang {CODE}`",
    ]:
        assert line in out.splitlines() or line in out, (line, out)


def test_status_check_and_check_pass_with_every_new_section_missing(added):
    root, _ = added
    done = tool("status", "--check", cwd=root)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert f"{CODE}: 0.0% up to date (0 up to date, 0 stale, " in done.stdout
    assert "  overfitting.md: not translated yet (" in done.stdout
    assert "missing section(s) allowed" in done.stderr
    report = json.loads(tool("status", "--lang", CODE, "--json", cwd=root).stdout)
    assert {r["state"] for r in report["sections"]} == {"missing"}
    done = tool("check", cwd=root)
    assert done.returncode == 0, done.stdout[-2000:]


def test_every_figure_word_has_a_line_in_the_new_language_and_no_page_runs_again(added):
    """The figure-words test's rule for the new language: every word a figure draws has a
    line (tests/i18n/test_figures.py checks the drawn words against the languages' lines;
    the new language has a line for every text any language translates). And the new
    language, all of it still English, is not in the table page runs are cached by:
    nothing runs again."""
    root, _ = added
    path = root / "i18n" / "figures.yml"
    lines = figure_words(path)
    assert CODE in lines
    for lang, table in lines.items():
        for text in table:
            assert figure_translation(text, lines[CODE]) is not None, (lang, text)
    assert figure_translations(path) == figure_translations()
    ui = yaml.safe_load((root / "i18n" / "ui.yml").read_text(encoding="utf-8"))
    assert all(set(words) == set(languages(root / "mkdocs.yml")) for words in ui.values())


# ---------------------------------------------------------------- end to end


def test_new_language_adds_a_language_that_builds_strictly(filled_cache, tmp_path):
    root = copy_project(tmp_path / "project")
    done = tool("new-language", CODE, NAME, cwd=root)
    assert done.returncode == 0, done.stderr
    assert f"locale: {CODE}" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (root / "i18n" / "translations" / f"{CODE}.yml").is_file()
    pages = sorted(p.name for p in (root / "docs" / CODE).glob("*.md"))
    assert pages == sorted(p.name for p in (root / "docs" / "en").glob("*.md"))
    assert "translation" not in parse_page(root / "docs" / CODE / "overfitting.md").meta
    assert tool("check", cwd=root).returncode == 0, tool("check", cwd=root).stdout[-2000:]
    status = json.loads(tool("status", "--lang", CODE, "--json", cwd=root).stdout)
    assert status["languages"][CODE]["percent"] == 0.0
    assert {r["state"] for r in status["sections"]} == {"missing"}
    again = tool("new-language", CODE, NAME, cwd=root)
    assert again.returncode == 2 and "already has the language" in again.stderr

    notebook = root / "docs" / CODE / "lab-workbook.ipynb"  # a plain copy
    assert notebook.read_bytes() == (root / "docs" / "en" / "lab-workbook.ipynb").read_bytes()
    notebook.unlink()  # and a language may lack a notebook altogether: English stands in
    # a page translated in part: its title section translated, marked; the rest English
    frameworks = root / "docs" / CODE / "frameworks.md"
    text = frameworks.read_text(encoding="utf-8")
    frameworks.write_text(
        text.replace("# Neural network frameworks {", "# Frameworks für neuronale Netze {", 1),
        encoding="utf-8",
    )
    done = tool("mark-translated", f"docs/{CODE}/frameworks.md", cwd=root)
    assert done.returncode == 0 and "1 section(s) marked" in done.stdout, done.stderr

    site = tmp_path / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("overfitting", "lab-workbook"):
        page = BeautifulSoup(
            (site / CODE / name / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert page.html["lang"] == CODE
        notice = page.select_one(".admonition.warning")
        assert notice and notice.select_one("a")["href"] == f"../../{name}/", name
        here = f"https://nn-course.example.org/{CODE}/{name}/"
        selector = {a["hreflang"]: urljoin(here, a["href"]) for a in page.select("a[hreflang]")}
        assert selector[CODE] == here
        assert selector["en"] == f"https://nn-course.example.org/{name}/"
        assert page.select_one(".md-nav a.md-nav__link--active"), name
    english = BeautifulSoup(
        (site / "lab-workbook" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article h1").get_text() == english.select_one("article h1").get_text()
    assert (site / CODE / "lab-workbook" / "lab-workbook.ipynb").is_file()
    page = BeautifulSoup(
        (site / CODE / "frameworks" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    links = [a["href"] for a in page.select(".admonition.warning a[href^='../../frameworks/']")]
    anchors = parse_page(root / "docs" / "en" / "frameworks.md").anchors
    assert links == [f"../../frameworks/#{anchor}" for anchor in anchors[1:]]  # not the title's
    # the Performance page: the page weights have a column for the new language, which the
    # committed results do not measure yet
    page = BeautifulSoup(
        (site / CODE / "performance" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    (weights,) = [t for t in page.select("article table") if t.find("th", string=CODE)]
    column = [th.get_text() for th in weights.select("thead th")].index(CODE)
    assert {tr("td")[column].get_text() for tr in weights.select("tbody tr")} == {"–"}
    # no page's code changed (the new language's pages are English's), so nothing ran
    assert "running its program" not in done.stderr
    assert re.search(r"page programs: all \d+ from the cache", done.stderr), done.stderr[-2000:]
