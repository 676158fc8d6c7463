"""Every page is a program: it runs as a reader runs it, and the built page shows exactly
the code that ran and what it printed, drew and computed — in every language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_pages import lesson_pages
from support import LANGUAGES, ROOT, configured_site_url

from i18n.words import format_value, number_style
from sitebuild.runner import load_program

PAGES = [p.name for p in lesson_pages("en")]


def built_page(site: Path, lang: str, name: str) -> BeautifulSoup:
    stem = name.removesuffix(".md")
    parts = ([] if lang == "en" else [lang]) + ([] if stem == "index" else [stem]) + ["index.html"]
    path = site.joinpath(*parts)
    assert path.is_file(), f"{path} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"), path


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_like_a_reader_runs_it(page_runs, name):
    """Fresh interpreter, only the packages the page names, trainlab only as an
    installed package and only where named, no repository on the path."""
    run = page_runs[name]
    if isinstance(run, Exception):
        pytest.fail(str(run))
    assert run["run"]["torch"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_page_shows_what_its_program_did(built_site, page_runs, lang, name):
    run = page_runs[name]
    if isinstance(run, Exception):
        pytest.skip("the page's program failed (reported by the test above)")
    page, path = built_page(built_site, lang, name)
    program = load_program(ROOT / "docs" / "en" / name)

    shown = [code.get_text() for code in page.select("div.language-python pre code")]
    assert [s.rstrip("\n") for s in shown] == [b.code.rstrip("\n") for b in program.blocks]

    outputs = [code.get_text().rstrip("\n") for code in page.select("div.page-output pre code")]
    assert outputs == [o.rstrip("\n") for o in run["blocks"] if o.strip()]

    for span in page.select("span.computed"):
        value = run["values"][span["data-name"]]
        expected = format_value(value, span.get("data-format"), **number_style(lang))
        assert span.get_text() == expected, span["data-name"]

    source = (
        (ROOT / "docs" / lang / name)
        if (ROOT / "docs" / lang / name).is_file()
        else ROOT / "docs" / "en" / name
    )
    placed = re.findall(r"\]\(figure:([\w.-]+)\)", source.read_text(encoding="utf-8"))
    images = page.select("figure.page-figure img")
    assert len(images) == len(placed)
    drawn = {f["label"]: f for f in run["figures"]}
    for img, label in zip(images, placed, strict=True):
        assert img["alt"].strip()
        figure = (path.parent / img["src"]).resolve()
        # the figure this run drew, with its words in the page's language
        expected = drawn[label]["svgs"].get(lang, drawn[label]["svg"])
        assert figure.read_text(encoding="utf-8") == expected, f"{label} in {lang}"

    last_run = page.select_one("p.last-run").get_text()
    for fact in (run["run"]["torch"], run["run"]["date"], run["run"]["device"]):
        assert fact in last_run


IMPORTS_TRAINLAB = re.compile(r"^\s*(?:import trainlab\b|from trainlab\b)", re.M)


# The one page that needs more than torch, matplotlib and trainlab: it trains a network
# with PyTorch Lightning and with Keras, and says so (pip install lightning keras).
HIGH_LEVEL_LIBRARIES = {"apis.md": ("lightning", "keras")}


def test_lessons_need_torch_and_matplotlib_and_two_pages_import_trainlab():
    """The rule of snippets/README.md: lessons embed the trainlab code they teach and
    need only torch and matplotlib; two pages import trainlab itself, the lab and the
    page on low- and high-level APIs (it is about calling `trainlab.fit`), which alone
    also needs Lightning and Keras."""
    importing = set()
    for page in lesson_pages("en"):
        program = load_program(page)
        code = "\n".join(b.code for b in program.blocks)
        allowed = {"torch", "matplotlib", "trainlab", *HIGH_LEVEL_LIBRARIES.get(page.name, ())}
        assert set(program.requires) <= allowed, page.name
        assert bool(IMPORTS_TRAINLAB.search(code)) == ("trainlab" in program.requires), page.name
        if "trainlab" in program.requires:
            importing.add(page.name)
    assert importing == {"apis.md", "lab.md"}
    for name, libraries in HIGH_LEVEL_LIBRARIES.items():
        program = load_program(ROOT / "docs" / "en" / name)
        assert set(libraries) <= set(program.requires), name
        text = (ROOT / "docs" / "en" / name).read_text(encoding="utf-8")
        assert f"pip install {' '.join(libraries)}" in text, name


def test_the_apis_page_runs_without_a_warning_or_a_banner(page_runs):
    """Lightning and Keras are talkative (accelerator banners, advice on data-loading
    workers, deprecations): the page's program keeps all of it off stderr, and its
    data-parallel Trainer, forked on two processes, finishes."""
    run = page_runs["apis.md"]
    assert not isinstance(run, Exception), run
    assert run["stderr"] and not any(run["stderr"]), run["stderr"]
    assert run["values"]["copies_differ_by"] == 0.0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_that_imports_trainlab_says_first_how_to_install_it(built_site, lang):
    """...with the command that installs the wheel the site publishes (sitebuild/wheel.py)."""
    from sitebuild.wheel import install_command

    (wheel,) = (built_site / "downloads").glob("trainlab-*.whl")
    command = install_command(configured_site_url(), wheel)
    for name in ("apis.md", "lab.md"):
        page, _ = built_page(built_site, lang, name)
        note = page.select_one("h1 ~ details.info")
        first_code = page.select_one("div.language-python")
        assert note is not None and command in note.get_text(), (lang, name)
        assert note.sourceline < first_code.sourceline or (
            note.sourceline == first_code.sourceline and note.sourcepos < first_code.sourcepos
        )


def test_the_page_environment_sees_trainlab_only_as_an_installed_package(page_env, tmp_path):
    python, trainlab_dir = page_env
    probe = "import trainlab, torch, matplotlib; print(trainlab.__file__)"
    without = subprocess.run(
        [python, "-I", "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert without.returncode != 0 and "No module named 'trainlab'" in without.stderr
    with_it = subprocess.run(
        [python, "-I", "-c", f"import sys; sys.path.insert(0, {str(trainlab_dir)!r}); {probe}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert with_it.returncode == 0, with_it.stderr
    assert Path(with_it.stdout.strip()).is_relative_to(trainlab_dir)
