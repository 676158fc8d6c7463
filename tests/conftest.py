"""Shared fixtures: every page run once as a reader would run it, a strict build of the
whole site that shows those runs, and GPU tests skipped without CUDA."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from support import ROOT, mkdocs_build


def pytest_configure(config):
    # One page-run cache for this session, shared by the isolated runs and every build:
    # each page's program runs once, and builds show exactly those runs.
    os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="course-page-runs-")


@pytest.fixture(scope="session")
def page_env(tmp_path_factory):
    """(python, trainlab folder): a fresh environment for running pages like a reader."""
    from site_pages import install_trainlab, make_page_env

    base = tmp_path_factory.mktemp("page-env")
    return make_page_env(base / "venv"), install_trainlab(base / "trainlab")


@pytest.fixture(scope="session")
def page_runs(page_env):
    """{page: result or exception} for every page with code, in every language folder.

    Translations include the same code, so they share a run (same cache key)."""
    from site_pages import lesson_pages

    from i18n.page_program import PageProgramError, load_program, run_program

    python, trainlab_dir = page_env
    runs = {}
    for page in lesson_pages("en"):
        program = load_program(page)
        extra = [str(trainlab_dir)] if "trainlab" in program.requires else []
        try:
            runs[page.name] = run_program(
                program, python=str(python), extra_paths=extra, use_cache=False, write_cache=True
            )
        except PageProgramError as error:
            runs[page.name] = error
    return runs


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, page_runs):
    """(site folder, mkdocs's CompletedProcess): the whole five-language site, built once
    per test session with --strict, showing the page runs above."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site, result


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    return site_build[0]


def pytest_collection_modifyitems(config, items):
    import torch

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def one_thread():
    """One torch thread for a whole test module: its models are tiny, and extra threads
    only add overhead (and spin on a busy 2-core machine). A module opts in with
    `pytestmark = pytest.mark.usefixtures("one_thread")`."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
