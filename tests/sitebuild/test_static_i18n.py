"""sitebuild.static_i18n: mkdocs-static-i18n makes each language's files; wrapped once, it
makes a notebook a documentation page at a page's address (lab-workbook/, fr/lab-workbook/)
instead of an asset copied as raw JSON, and leaves every other file as it was."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File
from mkdocs_static_i18n import folder

from sitebuild.static_i18n import NotebookPageFile, is_notebook, notebooks_as_pages

LANGUAGES = ["en", "fr"]


@pytest.fixture
def wrapped(monkeypatch):
    """static-i18n's create_i18n_file, wrapped for this test only."""
    monkeypatch.setattr(folder, "create_i18n_file", folder.create_i18n_file)  # put back after
    original = folder.create_i18n_file
    notebooks_as_pages()
    assert folder.create_i18n_file is not original
    return original


def config(directory_urls: bool = True):
    return SimpleNamespace(docs_dir="/docs", site_dir="/site", use_directory_urls=directory_urls)


def made(src_uri: str, language: str, *, directory_urls: bool = True) -> File:
    """The file static-i18n makes of docs/<src_uri> for the language being built."""
    file = File(src_uri, "/docs", "/site", directory_urls)
    return folder.create_i18n_file(file, language, "en", LANGUAGES, config(directory_urls))


def test_is_notebook_goes_by_the_name():
    assert is_notebook(SimpleNamespace(src_uri="fr/lab-workbook.ipynb"))
    assert not is_notebook(SimpleNamespace(src_uri="fr/lab.md"))
    assert not is_notebook(SimpleNamespace(src_uri="en/notebooks.ipynb.txt"))


def test_unwrapped_a_notebook_is_an_asset_copied_as_json(monkeypatch):
    monkeypatch.setattr(folder, "create_i18n_file", folder.create_i18n_file)
    file = made("en/lab-workbook.ipynb", "en")
    assert not file.is_documentation_page() and file.dest_uri == "lab-workbook.ipynb"


@pytest.mark.parametrize(
    ("src_uri", "language", "dest_uri", "url"),
    [
        ("en/lab-workbook.ipynb", "en", "lab-workbook/index.html", "lab-workbook/"),
        ("fr/lab-workbook.ipynb", "fr", "fr/lab-workbook/index.html", "fr/lab-workbook/"),
        # English standing in for a translation that lacks the notebook
        ("en/lab-workbook.ipynb", "fr", "fr/lab-workbook/index.html", "fr/lab-workbook/"),
    ],
)
def test_wrapped_a_notebook_is_a_page_at_a_pages_address(wrapped, src_uri, language, dest_uri, url):
    file = made(src_uri, language)
    assert isinstance(file, NotebookPageFile) and file.is_documentation_page()
    assert (file.src_uri, file.dest_uri, file.url) == (src_uri, dest_uri, url)
    assert file.abs_dest_path == f"/site/{dest_uri}"
    assert file.locale_alternate_of == language  # static-i18n's own bookkeeping holds
    assert file.norm_src_uri == "lab-workbook.ipynb"


def test_without_directory_urls_a_notebook_is_a_page_file(wrapped):
    file = made("en/lab-workbook.ipynb", "en", directory_urls=False)
    assert file.dest_uri == "lab-workbook.html" and file.is_documentation_page()


@pytest.mark.parametrize(
    ("src_uri", "language"),
    [("en/lab.md", "en"), ("fr/lab.md", "fr"), ("en/lab.md", "fr"), ("en/figures/x.svg", "fr")],
)
def test_other_files_are_made_as_static_i18n_makes_them(wrapped, src_uri, language):
    file = made(src_uri, language)
    expected = wrapped(File(src_uri, "/docs", "/site", True), language, "en", LANGUAGES, config())
    assert type(file) is File
    assert (file.dest_uri, file.url, file.is_documentation_page()) == (
        expected.dest_uri,
        expected.url,
        expected.is_documentation_page(),
    )


def test_wrapping_twice_wraps_once(wrapped):
    once = folder.create_i18n_file
    notebooks_as_pages()
    assert folder.create_i18n_file is once
    assert made("en/lab-workbook.ipynb", "en").dest_uri == "lab-workbook/index.html"
