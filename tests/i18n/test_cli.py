"""python -m i18n (i18n/__main__.py): every command as a translator runs it, with its help,
its output, its exit status and its one-line errors. What the commands do is tested with
their modules: test_check, test_ledger, test_importer and test_new_language."""

from __future__ import annotations

import json
import re

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_pages import notebook_text
from support import (
    ADDED_SENTENCE,
    LANGUAGES,
    ROOT,
    STALE_ANCHOR,
    STALE_PAGE,
    change_english_section,
    commit_all,
    copy_project,
)
from support import i18n_tool as tool

from i18n.__main__ import main
from i18n.pages import parse_page

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
COMMANDS = ["check", "status", "mark-translated", "new-language", "import", "fix"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    done = tool(*([command] if command else []), "--help")
    assert done.returncode == 0 and "usage: python -m i18n" in done.stdout
    assert len(done.stdout) > 200


def test_the_repository_translations_are_clean_and_up_to_date():
    """What CI requires: check is clean and status --check finds nothing stale or missing."""
    done = tool("check")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "clean: every translation matches the English structure" in done.stdout
    done = tool("status", "--check")
    assert done.returncode == 0, done.stdout[-3000:]
    assert all(f"{lang}: 100.0% up to date" in done.stdout for lang in TRANSLATED), done.stdout


def test_bad_input_gets_one_line_and_no_traceback():
    for args, words in [
        (["status", "--lang", "xx"], "not a translated language"),
        (["mark-translated", "nope.md", "--lang", "fr"], "no English page"),
        (
            ["mark-translated", "overfitting.md", "--lang", "fr", "--section", "nope"],
            "has no section #nope",
        ),
        (["import", "missing.md", "--lang", "fr", "--page", "overfitting.md"], "no such file"),
        (["new-language", "Deutsch", "de"], "not a language code"),
        (["new-language", "fr", "Français"], "already has the language"),
    ]:
        done = tool(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)


# ---------------------------------------------------------------- check


def test_the_check_command_reports_file_and_line(tmp_path):
    page = ROOT / "docs" / "fr" / "index.md"
    done = tool("check", str(page.relative_to(ROOT)))
    assert done.returncode == 0, done.stdout + done.stderr
    done = tool("check", str(tmp_path / "missing.md"))
    assert done.returncode == 2 and "no such file" in done.stderr and "Traceback" not in done.stderr

    for lang, text in [("en", "# Title { #t }\n\nSome text.\n"), ("fr", "# Titre\n\nDu texte.\n")]:
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "p.md").write_text(text, encoding="utf-8")
    done = tool("check", str(tmp_path / "docs" / "fr" / "p.md"))
    assert done.returncode == 1, done.stdout + done.stderr
    where = f"{tmp_path / 'docs' / 'fr' / 'p.md'}:1: "
    assert f"{where}heading '# Titre' has no explicit anchor" in done.stdout
    assert "problem(s)" in done.stderr


# ---------------------------------------------------------------- status and mark-translated


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory):
    """A copy of the project, in git, where overfitting.md is marked translated in every
    language (by the command) and then one English section changes."""
    root = copy_project(tmp_path_factory.mktemp("stale"))
    for lang in TRANSLATED:
        done = tool("mark-translated", STALE_PAGE, "--lang", lang, cwd=root)
        assert done.returncode == 0, done.stderr
        assert f"docs/{lang}/{STALE_PAGE}:" in done.stdout and "marked in step" in done.stdout
    commit_all(root, "translated")
    change_english_section(root)
    return root


def _states(report: dict) -> dict[tuple[str, str, str], str]:
    return {(r["lang"], r["page"], r["section"]): r["state"] for r in report["sections"]}


def test_status_shows_the_english_diff_and_fails_the_check(stale_project):
    root = stale_project
    report = json.loads(tool("status", "--json", cwd=root).stdout)
    stale = [r for r in report["sections"] if r["state"] == "stale"]
    assert {(r["lang"], r["page"], r["section"]) for r in stale} == {
        (lang, STALE_PAGE, STALE_ANCHOR) for lang in TRANSLATED
    }
    assert all(f"+{ADDED_SENTENCE}" in r["diff"] for r in stale)
    assert set(report["languages"]) == set(TRANSLATED)

    done = tool("status", "--lang", "ro", "--check", cwd=root)
    assert done.returncode == 1
    assert f"#{STALE_ANCHOR}: stale" in done.stdout and f"+{ADDED_SENTENCE}" in done.stdout
    assert "ro:" in done.stdout and "% up to date" in done.stdout
    assert "fr:" not in done.stdout  # --lang: that language only
    assert tool("status", "--lang", "ro", cwd=root).returncode == 0  # no --check: a report


def test_marking_one_section_brings_only_that_language_up_to_date(stale_project):
    root = stale_project
    ledger = root / "i18n" / "translations" / "sv.yml"
    saved = ledger.read_text(encoding="utf-8")
    try:
        done = tool(
            "mark-translated", STALE_PAGE, "--lang", "sv", "--section", STALE_ANCHOR, cwd=root
        )
        assert done.returncode == 0, done.stderr
        assert "1 section(s) marked in step with English" in done.stdout
        states = _states(json.loads(tool("status", "--json", cwd=root).stdout))
        assert states[("sv", STALE_PAGE, STALE_ANCHOR)] == "up to date"
        assert states[("fr", STALE_PAGE, STALE_ANCHOR)] == "stale"
    finally:
        ledger.write_text(saved, encoding="utf-8")


# ---------------------------------------------------------------- import

METADATA = """<!--
CO_OP_TRANSLATOR_METADATA:
{
  "original_hash": "0123456789abcdef",
  "source_file": "overfitting.md",
  "language_code": "fr"
}
-->
"""


def test_import_repairs_maps_records_and_never_overwrites(tmp_path):
    root = copy_project(tmp_path / "project")
    english = root / "docs" / "en" / "overfitting.md"
    source = parse_page(english)
    # a translation of our own page, as another tool would deliver it: metadata comment,
    # no anchors, UTF-8 read as Mac Roman
    ours = (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8")
    body = ours.split("---\n", 2)[2]
    delivered = METADATA + re.sub(r" \{ #[\w-]+ \}", "", body)
    file = tmp_path / "overfitting.fr.md"
    file.write_text(delivered.encode("utf-8").decode("mac_roman"), encoding="utf-8")
    done = tool("import", str(file), "--lang", "fr", "--page", "overfitting.md", cwd=root)
    assert done.returncode == 2 and "exists" in done.stderr and "--force" in done.stderr
    assert (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8") == ours

    (root / "i18n" / "translations" / "fr.yml").unlink(missing_ok=True)
    done = tool(
        "import", str(file), "--lang", "fr", "--page", "overfitting.md", "--force", cwd=root
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        re.search(r"encoding: (mac_roman|ftfy)", done.stdout)
        and "CO_OP_TRANSLATOR_METADATA" in done.stdout
    )
    assert "Next: python -m i18n check docs/fr/overfitting.md" in done.stdout
    imported = parse_page(root / "docs" / "fr" / "overfitting.md")
    text = (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8")
    assert "CO_OP_TRANSLATOR_METADATA" not in text and "√" not in text
    assert imported.anchors == [s.id for s in source.sections if s.id]
    assert imported.meta["requires"] == source.meta["requires"]
    status = json.loads(tool("status", "--lang", "fr", "--json", cwd=root).stdout)
    states = {r["section"]: r["state"] for r in status["sections"] if r["page"] == "overfitting.md"}
    assert set(states.values()) == {"up to date"}


# ---------------------------------------------------------------- fix


def test_fix_changes_translations_in_place_and_says_which(tmp_path, capsys):
    (tmp_path / "fr").mkdir()
    page = tmp_path / "fr" / "p.md"
    page.write_text("# Titre { #t }\n\nVoici : « le code ».\n", encoding="utf-8")
    notebook = tmp_path / "fr" / "wb.ipynb"
    code = 'print("a : b")'
    notebook.write_text(
        notebook_text(
            [new_markdown_cell('# Cahier <a id="c"></a>\n\nÇa marche ?'), new_code_cell(code)]
        ),
        encoding="utf-8",
    )
    assert main(["fix", str(page), str(notebook)]) == 0
    out = capsys.readouterr().out
    assert "2 file(s) changed" in out and out.count("fixed ") == 2
    assert "Voici\u00a0: «\u00a0le code\u00a0»." in page.read_text(encoding="utf-8")
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert "".join(cells[0]["source"]).endswith("Ça marche\u00a0?")
    assert "".join(cells[1]["source"]) == code  # code is never touched

    assert main(["fix", str(page), str(notebook)]) == 0  # nothing left to fix
    assert "0 file(s) changed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("where", "words"),
    [("en/p.md", "not a translation"), ("fr/missing.md", "no such file")],
)
def test_fix_refuses_what_is_not_a_translation(tmp_path, capsys, where, words):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "p.md").write_text("# Title { #t }\n\nHere : there.\n", encoding="utf-8")
    assert main(["fix", str(tmp_path / where)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and err.count("\n") == 1
    assert (tmp_path / "en" / "p.md").read_text(encoding="utf-8").endswith("Here : there.\n")
