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
    translated_in,
)
from support import i18n_tool as tool

from i18n.__main__ import main
from i18n.check import fix_typography, quote_front_matter
from i18n.pages import parse_page

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
COMMANDS = ["check", "status", "mark-translated", "new-language", "import", "fix"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    done = tool(*([command] if command else []), "--help")
    assert done.returncode == 0 and "usage: python -m i18n" in done.stdout
    assert len(done.stdout) > 200


def test_the_repository_translations_are_clean_and_up_to_date():
    """What CI requires: check is clean, and status --check finds nothing stale in any
    language. Sections not translated yet (all of a language just added) are missing,
    which is allowed: readers see them in English with a notice."""
    done = tool("check")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "clean: every translation matches the English structure" in done.stdout
    done = tool("status", "--check")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    counts = dict(re.findall(r"^(\w+): [\d.]+% up to date \((.*)\)$", done.stdout, re.M))
    assert set(counts) == set(TRANSLATED), done.stdout
    assert {lang: c for lang, c in counts.items() if ", 0 stale, " not in c} == {}


def test_bad_input_gets_one_line_and_no_traceback():
    for args, words in [
        (["status", "--lang", "xx"], "not a translated language"),
        (["mark-translated", "nope.md", "--lang", "fr"], "no English page"),
        (
            ["mark-translated", "overfitting.md", "--lang", "fr", "--section", "nope"],
            "has no section #nope",
        ),
        (["import", "missing.md", "--lang", "fr", "--page", "overfitting.md"], "no such file"),
        (["mark-translated", "overfitting.md"], "which language? give the translation's path"),
        (["mark-translated", "docs/fr/overfitting.md", "--lang", "ro"], "is a page of fr"),
        (["mark-translated", "docs/en/overfitting.md"], "English is the source"),
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
    """(root, translators): a copy of the project, in git, where overfitting.md is marked
    translated (by the command) in every language that translated its section
    (translators; not a language added since, whose page is still a copy of English), and
    then that English section changes."""
    root = copy_project(tmp_path_factory.mktemp("stale"))
    translators = translated_in(root=root)
    assert {"fr", "ro", "sv"} <= set(translators)  # the tests below use them
    for lang in translators:
        done = tool("mark-translated", STALE_PAGE, "--lang", lang, cwd=root)
        assert done.returncode == 0, done.stderr
        assert f"docs/{lang}/{STALE_PAGE}:" in done.stdout and "marked in step" in done.stdout
    commit_all(root, "translated")
    change_english_section(root)
    return root, translators


def _states(report: dict) -> dict[tuple[str, str, str], str]:
    return {(r["lang"], r["page"], r["section"]): r["state"] for r in report["sections"]}


def test_status_shows_the_english_diff_and_fails_the_check(stale_project):
    root, translators = stale_project
    report = json.loads(tool("status", "--json", cwd=root).stdout)
    stale = [r for r in report["sections"] if r["state"] == "stale"]
    assert {(r["lang"], r["page"], r["section"]) for r in stale} == {
        (lang, STALE_PAGE, STALE_ANCHOR) for lang in translators
    }
    for lang in set(TRANSLATED) - set(translators):  # not translated yet: missing, not stale
        assert _states(report)[(lang, STALE_PAGE, STALE_ANCHOR)] == "missing"
    assert all(f"+{ADDED_SENTENCE}" in r["diff"] for r in stale)
    assert set(report["languages"]) == set(TRANSLATED)

    done = tool("status", "--lang", "ro", "--check", cwd=root)
    assert done.returncode == 1
    assert f"#{STALE_ANCHOR}: stale" in done.stdout and f"+{ADDED_SENTENCE}" in done.stdout
    assert "ro:" in done.stdout and "% up to date" in done.stdout
    assert "fr:" not in done.stdout  # --lang: that language only
    assert tool("status", "--lang", "ro", cwd=root).returncode == 0  # no --check: a report


@pytest.mark.parametrize(
    "page",
    [
        [STALE_PAGE, "--lang", "sv"],
        [f"docs/sv/{STALE_PAGE}"],
        [f"sv/{STALE_PAGE}"],
        [f"./docs/sv/{STALE_PAGE}", "--lang", "sv"],
    ],
    ids=["name and --lang", "path", "path in docs", "path and --lang"],
)
def test_marking_one_section_brings_only_that_language_up_to_date(stale_project, page):
    root, _ = stale_project
    ledger = root / "i18n" / "translations" / "sv.yml"
    saved = ledger.read_text(encoding="utf-8")
    try:
        done = tool("mark-translated", *page, "--section", STALE_ANCHOR, cwd=root)
        assert done.returncode == 0, done.stderr
        assert "1 section(s) marked in step with English" in done.stdout
        states = _states(json.loads(tool("status", "--json", cwd=root).stdout))
        assert states[("sv", STALE_PAGE, STALE_ANCHOR)] == "up to date"
        assert states[("fr", STALE_PAGE, STALE_ANCHOR)] == "stale"
    finally:
        ledger.write_text(saved, encoding="utf-8")


def test_status_check_allows_missing_sections_and_lists_them(tmp_path):
    """A section not translated (or not marked) yet is missing: readers see it in English
    with a notice, and status --check, which CI runs, passes; only stale ones fail it."""
    root = copy_project(tmp_path / "project")
    ledger = root / "i18n" / "translations" / "fr.yml"
    text = ledger.read_text(encoding="utf-8")
    entry = re.search(rf"^{re.escape(STALE_PAGE)}:\n(?:  .*\n)+", text, re.M)
    ledger.write_text(text.replace(entry[0], ""), encoding="utf-8")  # the page: missing
    sections = len(parse_page(root / "docs" / "en" / STALE_PAGE).anchors)
    done = tool("status", "--lang", "fr", "--check", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"0 stale, {sections} missing)" in done.stdout
    assert f"  {STALE_PAGE}: not translated yet ({sections} section(s) missing)" in done.stdout
    assert f"{sections} missing section(s) allowed" in done.stderr


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


def test_import_repairs_pairs_records_for_review_and_never_overwrites(tmp_path):
    root = copy_project(tmp_path / "project")
    english = root / "docs" / "en" / "overfitting.md"
    source = parse_page(english)
    anchors = [s.id for s in source.sections if s.id]
    # a translation of our own page, as another tool would deliver it: metadata comment,
    # no anchors, UTF-8 read as Mac Roman
    ours = (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8")
    body = re.sub(r" \{ #[\w-]+ \}", "", ours.split("---\n", 2)[2])
    file = tmp_path / "overfitting.fr.md"
    file.write_text((METADATA + body).encode("utf-8").decode("mac_roman"), encoding="utf-8")
    done = tool("import", str(file), "--lang", "fr", cwd=root)  # the page from source_file
    assert done.returncode == 2 and "exists" in done.stderr and "--force" in done.stderr
    assert (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8") == ours
    done = tool("import", str(file), "--lang", "fr", "--page", "frameworks.md", cwd=root)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert (
        f"error: {file}: --page frameworks.md contradicts its source_file 'overfitting.md' "
        "(its CO_OP_TRANSLATOR_METADATA comment), which is docs/en/overfitting.md: nothing "
        "written" in done.stderr
    )

    ledger = root / "i18n" / "translations" / "fr.yml"
    done = tool("import", str(file), "--lang", "fr", "--force", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        re.search(r"encoding: (mac_roman|ftfy)", done.stdout)
        and "CO_OP_TRANSLATOR_METADATA" in done.stdout
    )
    assert (
        "page overfitting.md: named by its source_file 'overfitting.md' "
        "(its CO_OP_TRANSLATOR_METADATA comment)" in done.stdout
    )
    assert (
        f"{len(anchors)} of {len(anchors)} English section(s) paired with its headings by "
        "content, recorded in the ledger as imported, needing review" in done.stdout
    )
    assert (
        "Next: python -m i18n check docs/fr/overfitting.md; compare it with English, then "
        "python -m i18n mark-translated overfitting.md --lang fr" in done.stdout
    )
    imported = parse_page(root / "docs" / "fr" / "overfitting.md")
    text = (root / "docs" / "fr" / "overfitting.md").read_text(encoding="utf-8")
    assert "CO_OP_TRANSLATOR_METADATA" not in text and "√" not in text
    assert imported.anchors == anchors
    assert imported.meta["requires"] == source.meta["requires"]

    def states() -> dict[str, str]:
        report = json.loads(tool("status", "--lang", "fr", "--json", cwd=root).stdout)
        return {r["section"]: r["state"] for r in report["sections"] if r["page"] == STALE_PAGE}

    assert set(states().values()) == {"stale"}  # needs review, never up to date
    assert tool("status", "--lang", "fr", "--check", cwd=root).returncode == 1
    assert tool("mark-translated", STALE_PAGE, "--lang", "fr", cwd=root).returncode == 0
    assert set(states().values()) == {"up to date"}

    # the file holds an older text first, and one section of the lesson lost its heading:
    # refused, the headings and sections that could not be paired named by line
    (root / "docs" / "fr" / "overfitting.md").unlink()
    recorded = ledger.read_bytes()
    older = "# Cadres de réseaux neuronaux\n\nLa bibliothèque `numpy` ne fait pas `backward`.\n\n"
    lost = re.sub(r"^## Pourquoi le surapprentissage se produit\n", "", body, flags=re.M)
    file.write_text(METADATA + older + lost, encoding="utf-8")
    done = tool("import", str(file), "--lang", "fr", cwd=root)
    assert done.returncode == 2, done.stdout + done.stderr
    line = METADATA.count("\n") + 1
    assert (
        f"  {file}:{line}: heading 'Cadres de réseaux neuronaux' (holds `numpy`, `backward`) "
        "matches no section of docs/en/overfitting.md by level, place and content: given no "
        "anchor; merge it into its section or remove it" in done.stdout
    )
    why = source.section("why-overfitting-happens")
    assert (
        f"  docs/en/overfitting.md:{why.line}: #why-overfitting-happens 'Why overfitting "
        "happens' (holds `!!! note`): no heading of the file has its level, place and content"
        in done.stdout
    )
    assert done.stderr == (
        f"error: {file}: 1 of {len(anchors)} section(s) of docs/en/overfitting.md have no "
        "matching heading in it (#why-overfitting-happens): nothing written (--force writes "
        "the page without them)\n"
    )
    assert not (root / "docs" / "fr" / "overfitting.md").exists()
    assert ledger.read_bytes() == recorded


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


@pytest.mark.parametrize(
    "description",
    [
        "Le guide : tout ce qu’il faut",  # the colon a translator types
        'Règle : ne touchez qu’au texte, pas au "code" ni à C:\\chemin #1',
        "Ends with a colon:",
    ],
)
def test_fix_quotes_a_description_that_breaks_the_front_matter(tmp_path, capsys, description):
    """A colon followed by a space inside a plain YAML value makes the front matter
    invalid; fix writes the value in double quotes, so it reads as the words typed."""
    (tmp_path / "fr").mkdir()
    page = tmp_path / "fr" / "p.md"
    page.write_text(f"---\ndescription: {description}\n---\n\n# Titre {{ #t }}\n", "utf-8")
    assert parse_page(page, page.read_text(encoding="utf-8")).meta_error
    assert main(["fix", str(page)]) == 0
    fixed = parse_page(page, page.read_text(encoding="utf-8"))
    assert fixed.meta_error is None
    assert fixed.meta["description"] == fix_typography(description, "fr").strip()
    assert "1 file(s) changed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "front_matter",
    [
        "description: fine as it is\nrequires: []\n",  # valid: left alone
        'description: "already: quoted"\n',
        "description: [unclosed: list\n",  # broken another way: fix cannot guess
        "description: a: b\n  bad indent: c\n",  # quoting a: b leaves it broken
    ],
)
def test_quote_front_matter_leaves_what_quoting_cannot_mend(front_matter):
    text = f"---\n{front_matter}---\n\nBody: text\n"
    assert quote_front_matter(text) == text  # quoting would not make it valid YAML
