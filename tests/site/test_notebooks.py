"""Notebooks on the built site: every page with code downloads as a notebook and a
script made from the page itself, and the lab workbook is a page in every language,
rendered by mkdocs-jupyter from one execution, light and private."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from site_pages import lesson_pages
from support import LANGUAGES, ROOT, copy_project

from i18n.words import figure_translations
from sitebuild.notebook_page import executed
from sitebuild.runner import load_program

PAGES = [p.name for p in lesson_pages("en")]
NOTEBOOKS = sorted(p.name for p in (ROOT / "docs" / "en").glob("*.ipynb"))
CODE_IN_PROSE = re.compile(r"^ *```.*?^ *```|`[^`\n]+`", re.S | re.M)  # may show the syntax
MKDOCS_SYNTAX = re.compile(r"--8<--|\{\{|\{ *#|figure:|^ *(?:!!!|\?\?\?|===) ", re.M)


def page_folder(site: Path, lang: str, name: str) -> Path:
    stem = Path(name).stem
    parts = ([] if lang == "en" else [lang]) + ([] if stem == "index" else [stem])
    return site.joinpath(*parts)


def downloads(site: Path, lang: str, name: str) -> tuple[BeautifulSoup, Path, Path]:
    """The built page, and the notebook and script its download buttons link to."""
    folder = page_folder(site, lang, name)
    page = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in page.select("p.downloads a.md-button[download]")}
    stem = "home" if Path(name).stem == "index" else Path(name).stem
    assert links == {f"{stem}.ipynb", f"{stem}.py"}, (lang, name, links)
    notebook, script = folder / f"{stem}.ipynb", folder / f"{stem}.py"
    assert notebook.is_file() and script.is_file(), (lang, name)
    return page, notebook, script


# ---------------------------------------------------------------- every page with code


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_with_code_downloads_as_its_own_notebook_and_script(
    built_site, page_runs, lang, name
):
    page, notebook_file, script_file = downloads(built_site, lang, name)
    nb = nbformat.read(notebook_file, as_version=4)
    nbformat.validate(nb)
    blocks = load_program(ROOT / "docs" / lang / name).blocks
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [b.code.rstrip("\n") for b in blocks]
    printed = ["".join(o.text for o in c.outputs if o.output_type == "stream") for c in code]
    assert printed == page_runs[name]["blocks"]
    drawn = [o for c in code for o in c.outputs if "image/svg+xml" in o.get("data", {})]
    assert len(drawn) == len(page_runs[name]["figures"])
    prose = [c.source for c in nb.cells if c.cell_type == "markdown"]
    left = [p for p in prose if MKDOCS_SYNTAX.search(CODE_IN_PROSE.sub("", p))]
    assert not left, "MkDocs syntax left in the prose"
    title = page.select_one("article h1").get_text().rstrip("¶").strip()
    assert prose[0].startswith(f"# {title}"), "the prose is the page's, in its language"
    assert nb.metadata["course"]["language"] == lang
    # the script is the same program, the prose as comments
    script = script_file.read_text(encoding="utf-8")
    program = "".join(b.code for b in blocks)
    assert ast.dump(ast.parse(script)) == ast.dump(ast.parse(program))
    assert title in script


@pytest.mark.parametrize("name", ["index.md", "training-tricks.md"])
def test_a_downloaded_script_runs_as_is(built_site, page_env, page_runs, tmp_path, name):
    """Run the way a reader runs it: `python training-tricks.py`, in an empty folder, in
    an environment with the page's packages and no repository. (Every page's script is
    its program, token for token: the test above; these two are run for real.)"""
    python, _ = page_env
    _, _, script = downloads(built_site, "en", name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(python), "-I", str(script)],
        cwd=tmp_path,
        env={**env, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "".join(page_runs[name]["blocks"])


@pytest.mark.parametrize(("lang", "name"), [("fr", "lab-workbook.ipynb"), ("sv", "index.md")])
def test_a_downloaded_notebook_runs_in_a_real_jupyter_kernel(
    built_site, page_runs, tmp_path, lang, name
):
    """Open the download in Jupyter and run all: a fresh kernel, an empty folder, errors
    not allowed; each cell prints what the page shows under it."""
    from nbclient import NotebookClient

    _, notebook, _ = downloads(built_site, lang, name)
    nb = nbformat.read(notebook, as_version=4)
    shown = [
        "".join(o.text for o in c.outputs if o.output_type == "stream")
        for c in nb.cells
        if c.cell_type == "code"
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False).execute(
        cwd=str(tmp_path), env=env
    )
    printed = [
        "".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
        for c in nb.cells
        if c.cell_type == "code"
    ]
    assert printed == shown == page_runs[name]["blocks"]


# ---------------------------------------------------------------- notebook pages


@pytest.mark.parametrize("name", NOTEBOOKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_notebook_page_light_and_in_its_language(built_site, lang, name):
    page, notebook_file, script_file = downloads(built_site, lang, name)
    html_file = page_folder(built_site, lang, name) / "index.html"
    assert page.html["lang"] == lang
    source = nbformat.read(ROOT / "docs" / lang / name, as_version=4)
    title = re.sub(r"<a id=.*", "", source.cells[0].source.splitlines()[0]).lstrip("# ").strip()
    assert page.select_one("article h1").get_text().rstrip("¶").strip() == title
    lab = BeautifulSoup(
        (page_folder(built_site, lang, "lab.md") / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert lab.select(f'.md-nav a.md-nav__link[href="../{Path(name).stem}/"]'), "not in the nav"
    assert page.select_one(".md-nav a.md-nav__link--active").get_text().strip()
    # light and private: no inlined theme, no script, math as MathML, figures as files
    text = html_file.read_text(encoding="utf-8")
    assert html_file.stat().st_size < 100 * 1024
    article = page.select_one("article")
    assert not article.select("style, script, clipboard-copy, .clipboard-copy-txt")
    # every code block, the prose's shell commands too, is Material's: pre > code
    blocks = article.select("div.highlight > pre")
    assert blocks and all(pre.find("code", recursive=False) for pre in blocks)
    assert "mathjax" not in text.lower()
    for prose in article.select(".jp-RenderedMarkdown"):
        for code in prose.select("pre, code"):
            code.decompose()  # a shell prompt's $ is not a formula
        assert "$" not in prose.get_text(), "a formula left for MathJax"
    assert article.select("math")
    for img in article.select("img"):
        assert img["alt"].strip() and (html_file.parent / img["src"]).is_file()
    # the anchors of the source notebook, in every language
    anchors = re.findall(r'<a id="([\w-]+)"></a>', "".join(c.source for c in source.cells))
    assert all(page.find(id=a) for a in anchors)
    assert page.select(f'.md-sidebar--secondary a[href="#{anchors[1]}"]'), "a table of contents"
    # what the code printed, under each cell as on the Markdown pages
    nb = nbformat.read(notebook_file, as_version=4)
    printed = [
        "".join(o.text for o in c.outputs if o.output_type == "stream").rstrip()
        for c in nb.cells
        if c.cell_type == "code"
    ]
    shown = [code.get_text().rstrip() for code in article.select("div.page-output pre code")]
    assert shown == [p for p in printed if p]
    # the script is the notebook's code, which ran as the page's program (page_runs)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert ast.dump(ast.parse(script_file.read_text(encoding="utf-8"))) == ast.dump(ast.parse(code))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_code_is_the_same_in_every_language_and_ran_once(built_site, page_runs, name):
    def code(lang):
        nb = nbformat.read(downloads(built_site, lang, name)[1], as_version=4)
        return [(c.source, c.outputs) for c in nb.cells if c.cell_type == "code"]

    source = ROOT / "docs" / "en" / name
    english = nbformat.read(source, as_version=4)
    program = load_program(source)
    sources = [b.code.rstrip("\n") for b in program.blocks]
    for lang in LANGUAGES:
        # the same code and outputs in every language, the figures in its words
        ran = executed(english, program, page_runs[name], lang)
        assert code(lang) == [(c.source, c.outputs) for c in ran.cells if c.cell_type == "code"]
        assert [s for s, _ in code(lang)] == sources
    # the figures in each language's words: its own where its figure words differ from
    # English's, English's where they are still English (a language just added)
    figures = {lang: tuple(svg_of(code(lang))) for lang in LANGUAGES}
    own = ["en", *(lang for lang in LANGUAGES if lang in figure_translations())]
    assert len({figures[lang] for lang in own}) == len(own)
    assert [lang for lang in LANGUAGES if lang not in own and figures[lang] != figures["en"]] == []
    assert "époque" in figures["fr"][0] and "epoch" in figures["en"][0]


def svg_of(cells) -> list[str]:
    return [
        o.data["image/svg+xml"]
        for _, outs in cells
        for o in outs
        if "data" in o and "image/svg+xml" in o.data
    ]


def test_a_build_without_code_changes_runs_nothing(site_build):
    """The session's build came after every page and notebook ran (page_runs): every
    language took the outputs from the cache, one run per page whatever the number of
    languages, the same runner and cache for notebooks as for Markdown pages."""
    log = site_build[1].stderr
    assert "running its program" not in log, log[-3000:]
    programs = len(lesson_pages("en")) + len(NOTEBOOKS)
    assert f"page programs: all {programs} from the cache" in log, log[-3000:]


def test_a_failing_cell_fails_the_build_and_names_the_cell(tmp_path, page_runs):
    root = copy_project(tmp_path / "project")
    planted = root / "snippets" / "planted"
    planted.mkdir()
    (planted / "fail.py").write_text(
        "# --8<-- [start:boom]\nraise ValueError('planted failure')\n# --8<-- [end:boom]\n",
        encoding="utf-8",
    )
    path = root / "docs" / "en" / "lab-workbook.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell('--8<-- "planted/fail.py:boom"'))
    nbformat.write(nb, path)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "COURSE_LANGUAGE": "en"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode != 0
    assert re.search(
        r"docs/en/lab-workbook\.ipynb:\d+: the block including planted/fail\.py:boom raised "
        r"ValueError: planted failure",
        done.stderr,
    ), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
