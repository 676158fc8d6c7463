"""python -m i18n: section-level staleness, the notices readers see, new languages and
imports, each checked end to end on a copy of the project."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT, copy_project, mkdocs_build

from i18n.importer import import_translation, repair
from i18n.pages import parse_page

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
COMMANDS = ["check", "status", "mark-translated", "new-language", "import", "fix"]


def tool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "i18n", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    done = tool(*([command] if command else []), "--help")
    assert done.returncode == 0 and "usage: python -m i18n" in done.stdout
    assert len(done.stdout) > 200


def test_the_repository_translations_are_clean_and_up_to_date():
    """What CI requires: check is clean and status --check finds nothing stale or missing."""
    done = tool("check")
    assert done.returncode == 0, done.stdout[-3000:]
    done = tool("status", "--check")
    assert done.returncode == 0, done.stdout[-3000:]


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


# ---------------------------------------------------------------- staleness, end to end


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory):
    """A copy of the project, in git, where overfitting.md is marked translated in every
    language and then one English section changes."""
    root = copy_project(tmp_path_factory.mktemp("stale"))
    for lang in TRANSLATED:
        done = tool("mark-translated", "overfitting.md", "--lang", lang, cwd=root)
        assert done.returncode == 0, done.stderr
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "translated"], cwd=root, check=True)
    before = json.loads(tool("status", "--json", cwd=root).stdout)
    page = root / "docs" / "en" / "overfitting.md"
    text = page.read_text(encoding="utf-8")
    anchor = "why-overfitting-happens"
    heading = next(line for line in text.splitlines() if line.endswith(f"{{ #{anchor} }}"))
    page.write_text(
        text.replace(heading, heading + "\n\nA sentence added to the English source.", 1),
        encoding="utf-8",
    )
    after = json.loads(tool("status", "--json", cwd=root).stdout)
    return root, anchor, before, after


def _states(report: dict) -> dict[tuple[str, str, str], str]:
    return {(r["lang"], r["page"], r["section"]): r["state"] for r in report["sections"]}


def test_editing_one_english_section_makes_exactly_it_stale_in_every_language(stale_project):
    _root, anchor, before, after = stale_project
    old, new = _states(before), _states(after)
    changed = {key for key in new if new[key] != old[key]}
    assert changed == {(lang, "overfitting.md", anchor) for lang in TRANSLATED}
    assert all(new[key] == "stale" for key in changed)
    assert all(old[(lang, "overfitting.md", anchor)] == "up to date" for lang in TRANSLATED)


def test_status_shows_the_english_diff_and_fails_the_check(stale_project):
    root, anchor, _, after = stale_project
    stale = [r for r in after["sections"] if r["state"] == "stale"]
    assert stale and all("+A sentence added to the English source." in r["diff"] for r in stale)
    done = tool("status", "--lang", "ro", "--check", cwd=root)
    assert done.returncode == 1
    assert f"#{anchor}: stale" in done.stdout and "+A sentence added" in done.stdout
    assert "ro:" in done.stdout and "% up to date" in done.stdout


def test_marking_one_section_brings_only_that_language_up_to_date(stale_project, tmp_path):
    root, anchor, _, _ = stale_project
    ledger = root / "i18n" / "translations" / "sv.yml"
    saved = ledger.read_text(encoding="utf-8")
    try:
        done = tool(
            "mark-translated", "overfitting.md", "--lang", "sv", "--section", anchor, cwd=root
        )
        assert done.returncode == 0, done.stderr
        states = _states(json.loads(tool("status", "--json", cwd=root).stdout))
        assert states[("sv", "overfitting.md", anchor)] == "up to date"
        assert states[("fr", "overfitting.md", anchor)] == "stale"
    finally:
        ledger.write_text(saved, encoding="utf-8")


def test_the_stale_notice_appears_on_that_section_only(stale_project, filled_cache, tmp_path):
    root, anchor, _, _ = stale_project
    site = tmp_path / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr[-3000:]
    english = BeautifulSoup(
        (site / "overfitting" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert not english.select(".admonition.warning a[href*='#']")
    for lang in TRANSLATED:
        page = BeautifulSoup(
            (site / lang / "overfitting" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        notices = [
            a for a in page.select(".admonition.warning") if a.select_one(f"a[href$='#{anchor}']")
        ]
        assert len(notices) == 1, lang
        heading = page.find(id=anchor)
        assert heading.find_next(class_="admonition") is notices[0], lang
        assert notices[0].select_one("a")["href"] == f"../../overfitting/#{anchor}"
        all_notices = [
            a for a in page.select(".admonition.warning") if "../../overfitting/#" in str(a)
        ]
        assert len(all_notices) == 1, lang
        # the reader's language: not the English notice
        assert "The English original of this section has changed" not in notices[0].get_text()
        other = BeautifulSoup(
            (site / lang / "frameworks" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert not [
            a for a in other.select(".admonition.warning") if "../../frameworks/#" in str(a)
        ]
    dashboard = BeautifulSoup(
        (site / "translation-status" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    stale_cells = dashboard.select("table.translation-grid td.state-stale a")
    assert {a["href"] for a in stale_cells} == {
        f"../{lang}/overfitting/#{anchor}" for lang in TRANSLATED
    }


# ---------------------------------------------------------------- new language


def test_new_language_adds_a_language_that_builds_strictly(filled_cache, tmp_path):
    root = copy_project(tmp_path / "project")
    done = tool("new-language", "de", "Deutsch", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "locale: de" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (root / "i18n" / "translations" / "de.yml").is_file()
    pages = sorted(p.name for p in (root / "docs" / "de").glob("*.md"))
    assert pages == sorted(p.name for p in (root / "docs" / "en").glob("*.md"))
    assert parse_page(root / "docs" / "de" / "overfitting.md").meta["translation"] == "untranslated"
    assert tool("check", cwd=root).returncode == 0, tool("check", cwd=root).stdout[-2000:]
    status = json.loads(tool("status", "--lang", "de", "--json", cwd=root).stdout)
    assert status["languages"]["de"]["percent"] == 0.0
    assert {r["state"] for r in status["sections"]} == {"missing"}
    again = tool("new-language", "de", "Deutsch", cwd=root)
    assert again.returncode == 2 and "already has the language" in again.stderr

    notebook = root / "docs" / "de" / "lab-workbook.ipynb"  # a copy, marked untranslated
    course = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["course"]
    assert course["translation"] == "untranslated"
    notebook.unlink()  # and a language may lack a notebook altogether: English stands in

    site = tmp_path / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("overfitting", "lab-workbook"):
        page = BeautifulSoup(
            (site / "de" / name / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert page.html["lang"] == "de"
        notice = page.select_one(".admonition.warning")
        assert notice and notice.select_one("a")["href"] == f"../../{name}/", name
        here = f"https://nn-course.example.org/de/{name}/"
        selector = {a["hreflang"]: urljoin(here, a["href"]) for a in page.select("a[hreflang]")}
        assert selector["de"] == here
        assert selector["en"] == f"https://nn-course.example.org/{name}/"
        assert page.select_one(".md-nav a.md-nav__link--active"), name
    english = BeautifulSoup(
        (site / "lab-workbook" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article h1").get_text() == english.select_one("article h1").get_text()
    assert (site / "de" / "lab-workbook" / "lab-workbook.ipynb").is_file()
    # the notebook's code did not change, so this build executed nothing
    assert "lab-workbook.ipynb: executed" not in done.stderr
    assert done.stderr.count("lab-workbook.ipynb: outputs from the cache") == 6


# ---------------------------------------------------------------- import

OUR_ENGLISH = """\
---
description: Overfitting in brief.
requires: []
---

# Overfitting { #overfitting }

A model overfits when it learns noise.

## Detecting it { #detecting-it }

Watch the validation loss.
"""

OUR_FRENCH = """\
# Surapprentissage

Un modèle est en surapprentissage quand il apprend le bruit : « déjà vu ».

## Le détecter

Surveillez la perte de validation, époque après époque.
"""

METADATA = """<!--
CO_OP_TRANSLATOR_METADATA:
{
  "original_hash": "0123456789abcdef",
  "source_file": "overfitting.md",
  "language_code": "fr"
}
-->
"""


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_repair_undoes_a_wrong_decoding(encoding):
    broken = OUR_FRENCH.encode("utf-8").decode(encoding)
    assert broken != OUR_FRENCH
    fixed, how = repair(broken, "fr")
    assert fixed == OUR_FRENCH
    assert encoding in how or how.startswith("ftfy")


def test_a_lost_byte_spoils_one_character_and_is_reported_by_line(tmp_path):
    broken = OUR_FRENCH.encode("utf-8").decode("cp1252")
    broken = broken.replace("Ã©poque", "Ãpoque", 1)  # one byte lost on the way
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "overfitting.md").write_text(OUR_ENGLISH, encoding="utf-8")
    result = import_translation(METADATA + broken, "fr", "overfitting.md", docs=docs)
    assert "Un modèle est en surapprentissage quand il apprend le bruit" in result.text
    assert "Ãpoque après époque" in result.text  # the rest of the line is repaired
    line = METADATA.count("\n") + 7  # the line in the file as delivered
    assert [n for n, _ in result.unrepaired] == [line], result.unrepaired
    assert "'Ã'" in result.unrepaired[0][1]
    assert result.dropped_metadata and result.mapped == ["overfitting", "detecting-it"]
    assert "# Surapprentissage { #overfitting }" in result.text


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
    imported = parse_page(root / "docs" / "fr" / "overfitting.md")
    text = (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8")
    assert "CO_OP_TRANSLATOR_METADATA" not in text and "√" not in text
    assert imported.anchors == [s.id for s in source.sections if s.id]
    assert imported.meta["requires"] == source.meta["requires"]
    status = json.loads(tool("status", "--lang", "fr", "--json", cwd=root).stdout)
    states = {r["section"]: r["state"] for r in status["sections"] if r["page"] == "overfitting.md"}
    assert set(states.values()) == {"up to date"}
