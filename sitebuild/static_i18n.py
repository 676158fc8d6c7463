"""Notebook pages through mkdocs-static-i18n.

static-i18n rebuilds every file as a plain mkdocs File in its on_files (priority -100),
after mkdocs-jupyter has wrapped the notebooks: a notebook then is an asset, copied as
raw JSON (its issue #198). Re-wrapping it afterwards renders it, but at the asset's
address (/en/lab-workbook/ for English), with no fallback to English for a language
that lacks it and no alternates for the language selector.

So static-i18n is given each notebook as a page from the start: its function that makes
the per-language file is wrapped, and for a notebook it starts from a page's destination
(lab-workbook/index.html) and returns a file that is a documentation page. Everything
static-i18n does for pages then holds for notebooks. (This reaches into
mkdocs_static_i18n.folder.create_i18n_file, a private function: sitebuild/internals.py
checks it before the build starts.)
"""

from __future__ import annotations

from mkdocs.structure.files import File


def is_notebook(file) -> bool:
    return str(file.src_uri).endswith(".ipynb")


class NotebookPageFile(File):
    """A notebook that static-i18n handles as a documentation page."""

    def is_documentation_page(self) -> bool:
        return True


def notebooks_as_pages() -> None:
    from mkdocs_static_i18n import folder

    if getattr(folder.create_i18n_file, "notebooks_as_pages", False):
        return
    original = folder.create_i18n_file

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        if not is_notebook(file):
            return original(file, current_language, default_language, all_languages, config)
        stem = file.src_uri[: -len(".ipynb")]
        dest = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
        as_page = File(
            file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls, dest_uri=dest
        )
        made = original(as_page, current_language, default_language, all_languages, config)
        made.__class__ = NotebookPageFile
        return made

    create_i18n_file.notebooks_as_pages = True
    folder.create_i18n_file = create_i18n_file
