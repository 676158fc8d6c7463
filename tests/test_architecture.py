"""The layout holds: i18n/ (the languages and the translators' tool) stands alone on
PyYAML and ftfy, sitebuild/ (the build) stands on it and is never imported by it, no
module imports itself back through others, the hooks file only dispatches, and every
source module has its mirrored test module."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from support import ROOT, copy_project

PACKAGES = {  # import name: folder
    "i18n": ROOT / "i18n",
    "sitebuild": ROOT / "sitebuild",
    "benchmarks": ROOT / "benchmarks",
    "trainlab": ROOT / "snippets" / "trainlab",
}


def modules() -> dict[str, Path]:
    """Every project module by its dotted name (i18n.pages, sitebuild.runner, …)."""
    found = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in known
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def third_party_imports_of(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            tops.add(node.module.partition(".")[0])
    return tops - set(sys.stdlib_module_names) - {"__future__"}


def test_no_module_imports_itself_back():
    known = modules()
    graph = {name: imports_of(path, known) - {name} for name, path in known.items()}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for nxt in sorted(graph[name]):
            if nxt in path:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles)))


def test_i18n_stands_alone_on_pyyaml_and_ftfy():
    known = modules()
    for name, path in known.items():
        if name.startswith("i18n"):
            project = {m.partition(".")[0] for m in imports_of(path, known)}
            assert project <= {"i18n"}, f"{path}: i18n/ imports {project - {'i18n'}}"
            outside = third_party_imports_of(path) - {"i18n", "yaml", "ftfy"}
            assert not outside, (
                f"{path} imports {sorted(outside)}: i18n/ needs only PyYAML and ftfy"
            )


def test_the_hooks_file_only_dispatches():
    path = ROOT / "sitebuild" / "hooks.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert len(path.read_text(encoding="utf-8").splitlines()) < 150
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            size = node.end_lineno - node.lineno + 1 - len(node.decorator_list)
            assert size <= 12, f"hooks.{node.name} is {size} lines: move its work to a module"


def test_every_source_module_has_its_mirrored_test():
    missing = []
    for package in ("i18n", "sitebuild"):
        for path in sorted((ROOT / package).glob("*.py")):
            if path.stem == "__init__":
                continue
            name = "cli" if path.stem == "__main__" else path.stem
            test = ROOT / "tests" / package / f"test_{name}.py"
            if not test.is_file():
                missing.append(f"{path.relative_to(ROOT)}: no {test.relative_to(ROOT)}")
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_the_translators_tool_runs_with_only_pyyaml_and_ftfy(tmp_path):
    """A translator's environment: Python with PyYAML and ftfy, nothing else (no MkDocs,
    no torch, no nbformat): --help, status, check and fix all work."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    packages = tmp_path / "packages"
    site = Path(sysconfig.get_paths()["purelib"])
    for name in ("yaml", "_yaml", "ftfy", "wcwidth"):  # ftfy needs wcwidth
        if (site / name).is_dir():
            shutil.copytree(site / name, packages / name)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "packages.pth").write_text(f"{packages}\n", encoding="utf-8")
    project = copy_project(tmp_path / "project")
    nothing_else = subprocess.run(
        [python, "-c", "import mkdocs"], capture_output=True, text=True, cwd=tmp_path
    )
    assert nothing_else.returncode != 0, "the translator's environment must not have MkDocs"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [python, "-m", "i18n", *args], capture_output=True, text=True, cwd=project, timeout=300
        )

    assert run("--help").returncode == 0
    status = run("status", "--check")
    assert status.returncode == 0 and "100.0% up to date" in status.stdout, status.stderr
    check = run("check")
    assert check.returncode == 0 and "Traceback" not in check.stderr, check.stderr
    fixed = run("fix", "docs/fr/overfitting.md", "docs/fr/lab-workbook.ipynb")
    assert fixed.returncode == 0 and "0 file(s) changed" in fixed.stdout, fixed.stderr
