"""Shared fixtures: every page run once as a reader would run it, a strict build of the
whole site that shows those runs, and GPU tests skipped without CUDA."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from support import ROOT, mkdocs_build


def pytest_configure(config):
    # One page-run cache for this session, shared by the isolated runs and every build:
    # each page's program runs once, and builds show exactly those runs. pytest-xdist's
    # workers inherit it from the process that starts them.
    if not hasattr(config, "workerinput"):
        os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="course-page-runs-")
        # Every process the tests start (page programs, scripts, the lab's command
        # line) computes with one thread too. Left to itself, each would start one
        # thread per core and spin against the two workers: the default lab took 48 s
        # that way in the suite, against 9 s with one thread beside one busy core.
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
    else:
        import torch

        torch.set_num_threads(1)  # two workers on two cores: one thread each


@contextlib.contextmanager
def once(tmp_path_factory, name: str):
    """Work done once per test session, also when pytest-xdist runs it in several
    workers: the first worker to get here does it (`fresh` is True) in `folder`; the
    others wait for it, then find it done there."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers
    folder, done = base / name, base / f"{name}.done"
    with FileLock(str(base / f"{name}.lock")):
        yield folder, not done.exists()
        done.touch()


@pytest.fixture(scope="session")
def page_env(tmp_path_factory):
    """(python, trainlab folder): a fresh environment for running pages like a reader."""
    from site_pages import install_trainlab, make_page_env

    with once(tmp_path_factory, "page-env") as (base, fresh):
        if fresh:
            make_page_env(base / "venv")
            install_trainlab(base / "trainlab")
    return base / "venv" / "bin" / "python", base / "trainlab"


@pytest.fixture(scope="session")
def page_runs(page_env, tmp_path_factory):
    """{page: result or exception} for every English page with code and every notebook
    page, each run once as a reader would run it, never read from a cache. Translations
    include the same code, so they share a run (same cache key): the results go to the
    session's cache, where the site build finds them."""
    from site_pages import lesson_pages

    from sitebuild.runner import PageProgramError, load_program, run_program

    python, trainlab_dir = page_env
    with once(tmp_path_factory, "page-runs") as (folder, fresh):
        saved = folder.with_suffix(".json")
        if fresh:
            runs = {}
            for page in [*lesson_pages("en"), *notebook_pages()]:
                program = load_program(page)
                extra = [str(trainlab_dir)] if "trainlab" in program.requires else []
                try:
                    runs[page.name] = run_program(
                        program,
                        python=str(python),
                        extra_paths=extra,
                        use_cache=False,
                        write_cache=True,
                    )
                except PageProgramError as error:
                    runs[page.name] = {"page_program_error": str(error)}
            saved.write_text(json.dumps(runs), encoding="utf-8")
        runs = json.loads(saved.read_text(encoding="utf-8"))
    return {
        name: PageProgramError(run["page_program_error"]) if "page_program_error" in run else run
        for name, run in runs.items()
    }


def notebook_pages() -> list[Path]:
    return sorted((ROOT / "docs" / "en").glob("*.ipynb"))


@pytest.fixture(scope="session")
def notebook_runs(page_runs) -> dict:
    """{name: the English notebook page with its outputs}, from its run in page_runs (a
    notebook page's code cells run as a page's program)."""
    import nbformat

    from i18n import notebooks
    from sitebuild.notebook_page import executed
    from sitebuild.runner import load_program

    found = {}
    for path in notebook_pages():
        run = page_runs[path.name]
        if isinstance(run, Exception):
            pytest.fail(str(run))
        nb = nbformat.from_dict(notebooks.read(path.read_text(encoding="utf-8"), path.name))
        found[path.name] = executed(nb, load_program(path), run, "en")
    return found


@pytest.fixture(scope="session")
def filled_cache(page_runs, notebook_runs):
    """The session's run cache (COURSE_CACHE_DIR), holding every page's and notebook's
    run. A test that builds the site or a copy of it asks for it: its build then finds
    those runs instead of running the programs again beside the fixtures, on the same
    two cores, and writing the same cache entries."""
    return Path(os.environ["COURSE_CACHE_DIR"])


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, page_runs, notebook_runs):
    """(site folder, mkdocs's CompletedProcess): the whole five-language site, built once
    per test session with --strict, showing the page runs above."""
    with once(tmp_path_factory, "site") as (site, fresh):
        log = site.with_suffix(".json")
        if fresh:
            result = mkdocs_build(ROOT, site)
            log.write_text(
                json.dumps([result.args, result.returncode, result.stdout, result.stderr])
            )
        result = subprocess.CompletedProcess(*json.loads(log.read_text()))
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site, result


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    return site_build[0]


# The session fixtures above, in the order they are built: page runs, notebook run,
# site build. About two minutes of work in one worker before any test that uses them can
# start.
BUILT_ONCE = {
    "page_env",
    "page_runs",
    "notebook_runs",
    "filled_cache",
    "site_build",
    "built_site",
    "served",
}
# The module with the most work after the build starts it, first thing in the session.
STARTS_THE_BUILD = "tests/site/test_browser.py"
# The longest of the others that need the build (two halves, one per worker), first
# among them, so that the short ones fill the time left after it.
LONGEST_AFTER_THE_BUILD = "tests/site/test_lighthouse.py"


def pytest_collection_modifyitems(config, items):
    """Order the modules for the two workers (pytest-xdist hands them out in this order,
    see pyproject.toml): the browser tests first, so that one worker builds the site
    from the start; then every module that does not need the build, which the other
    worker runs meanwhile; last the other modules that need the build, which is done by
    the time either worker reaches them, the longest first. In the order xdist chose by itself, both
    workers began with a module that needs the build, and one of them waited for it,
    idle, for about 100 seconds."""

    def module(item) -> str:
        return item.nodeid.split("::")[0]

    needing_build = {
        module(item) for item in items if BUILT_ONCE & set(getattr(item, "fixturenames", ()))
    }

    def rank(item) -> int:
        if module(item) == STARTS_THE_BUILD:
            return 0
        if module(item) == LONGEST_AFTER_THE_BUILD:
            return 2
        return 3 if module(item) in needing_build else 1

    items.sort(key=rank)  # stable: the order within each group stays pytest's

    import torch

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def docs(tmp_path):
    """docs/en and docs/fr in tmp_path, with a small English notebook page (wb.ipynb)."""
    from notebook_pages import ENGLISH, notebook_text

    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "wb.ipynb").write_text(
        notebook_text(ENGLISH, description="A workbook.", requires=["torch"]), encoding="utf-8"
    )
    return tmp_path


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
