"""A page that includes a missing snippet file or section fails the build, naming it."""

from __future__ import annotations

import pytest
from support import copy_project, mkdocs_build

# Its builds find the page and notebook runs in the session cache (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("filled_cache")


def plant(tmp_path, old: str, new: str):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "fr" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return mkdocs_build(project, tmp_path / "site"), line


def test_missing_snippet_file_fails_the_build(tmp_path):
    result, line = plant(tmp_path, "home/first_gradient.py:tensor", "home/no_such_file.py:tensor")
    assert result.returncode != 0
    assert f"docs/fr/index.md:{line}" in result.stderr
    assert "snippets/home/no_such_file.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_snippet_section_fails_the_build(tmp_path):
    result, line = plant(tmp_path, "first_gradient.py:gradient", "first_gradient.py:gradients")
    assert result.returncode != 0
    assert f"docs/fr/index.md:{line}" in result.stderr
    assert 'no section "gradients"' in result.stderr
    assert "snippets/home/first_gradient.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_unterminated_section_fails_the_build(tmp_path):
    """A section whose end marker was deleted is as missing as a misspelt one."""
    project = copy_project(tmp_path / "project")
    snippet = project / "snippets" / "home" / "first_gradient.py"
    snippet.write_text(
        snippet.read_text(encoding="utf-8").replace("# --8<-- [end:gradient]\n", ""),
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert 'no section "gradient"' in result.stderr
