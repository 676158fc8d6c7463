"""sitebuild.runner: a page's Python blocks run as one program, in a fresh interpreter
that can import only what the page names, with a minimal environment; results cached."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_pages import french, notebook_text
from support import ROOT

from i18n.includes import Include
from sitebuild import cache, runner
from sitebuild.runner import Block, PageProgramError, Program, load_program, run_program


def test_pages_cannot_import_a_package_they_do_not_name(page_env):
    python, _ = page_env
    program = Program(
        "docs/en/probe.md",
        ["torch"],
        [Block(7, 9, (Include(8, "probe.py", "x"),), "import sklearn\n")],
    )
    with pytest.raises(PageProgramError) as caught:
        run_program(program, python=str(python), use_cache=False)
    message = str(caught.value)
    assert message.startswith(
        "docs/en/probe.md:7: the block including probe.py:x raised ModuleNotFoundError"
    )
    assert "does not name it in its front matter" in message


def test_probes_for_optional_packages_are_not_imports(tmp_path):
    """torch asks importlib.util.find_spec about sklearn and pandas when an optimizer
    first runs: that probe must not fail, while importing them still does."""
    probe = "import importlib.util\nimportlib.util.find_spec('sklearn')\nimportlib.util.find_spec('pandas')\nprint('probed')\n"
    program = Program(
        "docs/en/probe.md", ["torch"], [Block(3, 5, (), probe), Block(9, 11, (), "import pandas\n")]
    )
    with pytest.raises(
        PageProgramError,
        match=r"probe.md:9: .*No module named 'pandas': this page does not name it",
    ):
        run_program(program, cache_dir=tmp_path, use_cache=False)
    assert run_program(
        Program("p", ["torch"], [Block(3, 5, (), probe)]), use_cache=False, write_cache=False
    )["blocks"] == ["probed\n"]


def test_a_failing_block_names_the_page_line_and_include(tmp_path):
    program = Program(
        "docs/en/x.md",
        [],
        [Block(3, 5, (), "a = 1\n"), Block(9, 11, (Include(10, "x/y.py", "boom"),), "1 / 0\n")],
    )
    with pytest.raises(
        PageProgramError,
        match=r"^docs/en/x.md:9: the block including x/y.py:boom raised ZeroDivisionError",
    ):
        run_program(program, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # failures are not cached


# ---------------------------------------------------------------- what a page's program is


def page_with(tmp_path, text: str):
    snippets = tmp_path / "snippets" / "demo"
    snippets.mkdir(parents=True)
    (snippets / "code.py").write_text(
        "# --8<-- [start:one]\nx = 41 + 1\nprint(x)\n# --8<-- [end:one]\n", encoding="utf-8"
    )
    page = tmp_path / "docs" / "fr" / "p.md"
    page.parent.mkdir(parents=True)
    page.write_text(text, encoding="utf-8")
    return page, tmp_path / "snippets"


def test_the_program_is_the_pages_includes_and_never_its_front_matter(tmp_path):
    page, snippets = page_with(
        tmp_path,
        "---\nrequires: [torch]\nnote: |\n  ```python\n  import os; os.system('id')\n  ```\n---\n\n"
        '# P { #p }\n\n```python\n--8<-- "demo/code.py:one"\n```\n',
    )
    program = load_program(page, snippets)
    assert [b.code for b in program.blocks] == ["x = 41 + 1\nprint(x)\n"]
    assert [(b.line, b.end) for b in program.blocks] == [(11, 13)]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('--8<-- "../docs/fr/overfitting.md:section"', "not a Python file inside snippets/"),
        ('--8<-- "demo/code.py:1:3"', "line ranges are not allowed"),
        ("import os\nos.system('id')", "a Python block may hold snippet includes only"),
        (
            '--8<-- "demo/code.py:one"\nprint("typed")',
            "a Python block may hold snippet includes only",
        ),
    ],
    ids=["include from docs", "line range", "typed code", "include and typed code"],
)
def test_a_block_that_is_not_includes_from_snippets_never_runs(tmp_path, block, message):
    page, snippets = page_with(
        tmp_path, f"---\nrequires: []\n---\n\n# P {{ #p }}\n\n```python\n{block}\n```\n"
    )
    with pytest.raises(PageProgramError, match=rf"docs/fr/p.md:7: .*{message}"):
        load_program(page, snippets)


# ---------------------------------------------------------------- how it runs


def test_the_child_sees_none_of_the_builds_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("CI_DEPLOY_TOKEN", "s3cret")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    probe = (
        "import os, sys\n"
        "print(sorted(k for k in os.environ if 'TOKEN' in k or k.startswith('PYTHON')))\n"
        "home = os.environ['HOME']\n"
    )
    result = run_program(
        Program("p", [], [Block(3, 5, (), probe)]), cache_dir=tmp_path, use_cache=False
    )
    assert result["blocks"] == ["[]\n"]
    assert result["values"]["home"] != os.environ.get("HOME")


def test_a_program_that_runs_too_long_is_stopped_and_killed(tmp_path):
    marker = tmp_path / "pid"
    code = SLEEPER.format(marker=str(marker))
    with pytest.raises(PageProgramError, match=r"p: its program ran longer than 2 s"):
        run_program(Program("p", [], [Block(3, 5, (), code)]), use_cache=False, timeout=2)
    pid = int(marker.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, not left running without a timeout


SLEEPER = "import os, time\nopen({marker!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n"


def test_the_child_dies_with_the_build(tmp_path):
    """A build killed outright (SIGKILL runs no cleanup) takes its page program with it."""
    marker = tmp_path / "pid"
    script = (
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}]\n"
        "from sitebuild.runner import Block, Program, run_program\n"
        f"code = {SLEEPER.format(marker=str(marker))!r}\n"
        "run_program(Program('p', [], [Block(3, 5, (), code)]), use_cache=False)\n"
    )
    build = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the page program never started"
        time.sleep(0.1)
    build.send_signal(signal.SIGKILL)
    build.wait()
    pid = int(marker.read_text())
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("the page program outlived the build that started it")


# ---------------------------------------------------------------- its cache


def test_results_are_cached_by_the_versions_of_python_and_the_packages(tmp_path, monkeypatch):
    program = Program("p", ["torch"], [Block(3, 5, (), "print(1)\n")])
    first = run_program(program, cache_dir=tmp_path)
    assert run_program(program, cache_dir=tmp_path) == first
    entries = set(tmp_path.iterdir())
    upgraded = {**runner.versions(sys.executable, ["matplotlib"]), "matplotlib": "99.0"}
    monkeypatch.setattr(runner, "versions", lambda python, packages: upgraded)
    run_program(program, cache_dir=tmp_path)
    assert len(set(tmp_path.iterdir()) - entries) == 1, "an upgrade must run the page again"


def test_a_corrupt_cache_entry_is_run_again_with_a_warning(tmp_path, caplog):
    program = Program("p", [], [Block(3, 5, (), "print(2)\n")])
    run_program(program, cache_dir=tmp_path)
    (entry,) = tmp_path.iterdir()
    entry.write_text('{"blocks": [', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.course"):
        assert run_program(program, cache_dir=tmp_path)["blocks"] == ["2\n"]
    assert str(entry) in caplog.text
    assert cache.read(entry)["blocks"] == ["2\n"]


def test_a_page_that_imports_trainlab_runs_again_when_trainlabs_source_changes(
    tmp_path, monkeypatch
):
    package = tmp_path / "trainlab"
    package.mkdir()
    (package / "fit.py").write_text("def fit(): return 1\n", encoding="utf-8")
    monkeypatch.setattr(runner, "TRAINLAB", package)
    with_it = Program("p", ["torch", "trainlab"], [Block(3, 5, (), "print(1)\n")])
    without = Program("p", ["torch"], [Block(3, 5, (), "print(1)\n")])
    before = with_it.key(), without.key()
    (package / "fit.py").write_text("def fit(): return 2\n", encoding="utf-8")
    assert with_it.key() != before[0]
    assert without.key() == before[1]  # a page that does not import trainlab keeps its run


# ---------------------------------------------------------------- notebook pages


def notebook_snippets(tmp_path):
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "code.py").write_text(
        "# --8<-- [start:first]\nx = 6 * 7\nprint('x is', x)\n# --8<-- [end:first]\n"
        "# --8<-- [start:second]\nprint(x + 1)\n# --8<-- [end:second]\n"
        "# --8<-- [start:fails]\nraise ValueError('no luck')\n# --8<-- [end:fails]\n",
        encoding="utf-8",
    )
    return tmp_path / "snippets"


def test_a_notebook_pages_code_cells_are_its_program_shared_by_its_translations(docs, tmp_path):
    snippets = notebook_snippets(tmp_path)
    (docs / "fr" / "wb.ipynb").write_text(french(), encoding="utf-8")
    english = load_program(docs / "en" / "wb.ipynb", snippets)
    assert english.requires == ["torch"]
    assert [b.code for b in english.blocks] == ["x = 6 * 7\nprint('x is', x)\n", "print(x + 1)\n"]
    result = run_program(english, cache_dir=tmp_path / "cache")
    assert result["blocks"] == ["x is 42\n", "43\n"]
    french_program = load_program(docs / "fr" / "wb.ipynb", snippets)
    assert french_program.key() == english.key()  # one run for every language
    assert run_program(french_program, cache_dir=tmp_path / "cache") == result


def test_a_notebook_cell_with_typed_code_or_a_failing_include_is_named(docs, tmp_path):
    snippets = notebook_snippets(tmp_path)
    path = docs / "en" / "typed.ipynb"
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell("print('typed')")]
    path.write_text(notebook_text(cells, requires=[]), encoding="utf-8")
    with pytest.raises(PageProgramError, match=r"typed.ipynb:\d+: a Python block may hold"):
        load_program(path, snippets)
    cells[1] = new_code_cell('--8<-- "demo/code.py:fails"')
    path.write_text(notebook_text(cells, requires=[]), encoding="utf-8")
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "demo/code.py:fails" in text
    )
    with pytest.raises(
        PageProgramError,
        match=rf"typed.ipynb:{line}: the block including demo/code.py:fails raised ValueError: no luck",
    ):
        run_program(load_program(path, snippets), cache_dir=tmp_path / "cache")


# ---------------------------------------------------------------- many programs at once

RENDEZVOUS = (
    "import pathlib, time\n"
    "here, other = pathlib.Path({mine!r}), pathlib.Path({theirs!r})\n"
    "here.touch()\n"
    "deadline = time.monotonic() + 60\n"
    "while not other.exists():\n"
    "    assert time.monotonic() < deadline, 'the other program never started'\n"
    "    time.sleep(0.05)\n"
    "print('met')\n"
)


def test_programs_run_at_the_same_time_and_each_once(tmp_path, monkeypatch, caplog):
    """Two programs that can only finish if both run at once (each waits for the
    other's file); a translation with the same code does not run a third time."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    a, b = tmp_path / "a", tmp_path / "b"
    first = Program(
        "docs/en/a.md", [], [Block(3, 5, (), RENDEZVOUS.format(mine=str(a), theirs=str(b)))]
    )
    second = Program(
        "docs/en/b.md", [], [Block(3, 5, (), RENDEZVOUS.format(mine=str(b), theirs=str(a)))]
    )
    translation = Program("docs/fr/a.md", [], first.blocks)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.course"):
        counts = runner.run_programs([first, translation, second], jobs=2)
    assert counts == {"cached": 0, "ran": 2, "failed": 0}
    assert "docs/en/a.md: running its program" in caplog.text
    assert "docs/fr/a.md" not in caplog.text  # named by its English page, run once
    assert "page programs: 2 ran, 0 failed, 0 from the cache" in caplog.text
    assert run_program(translation)["blocks"] == ["met\n"]  # from the cache
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.course"):
        assert runner.run_programs([first, second], jobs=2)["cached"] == 2
    assert "page programs: all 2 from the cache" in caplog.text


def test_a_program_that_failed_fails_again_where_its_page_is_built_without_running(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    runs = tmp_path / "runs"
    code = f"open({str(runs)!r}, 'a').write('ran\\n')\nraise ValueError('broken')\n"
    program = Program("docs/en/p.md", [], [Block(3, 5, (Include(4, "x.py", "s"),), code)])
    assert runner.run_programs([program], jobs=2)["failed"] == 1
    with pytest.raises(PageProgramError, match=r"docs/en/p.md:3: .* raised ValueError: broken"):
        run_program(program)
    assert runs.read_text() == "ran\n"  # once, in run_programs


def test_parallel_programs_compute_with_one_thread_unless_the_user_says(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert runner.child_environment("/h", threads=1)["OMP_NUM_THREADS"] == "1"
    assert "OMP_NUM_THREADS" not in runner.child_environment("/h")
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert runner.child_environment("/h", threads=1)["OMP_NUM_THREADS"] == "4"
