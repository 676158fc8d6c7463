"""i18n.importer: a translation made elsewhere has its encoding repaired (what cannot be
repaired is reported by line), its foreign metadata dropped, its headings mapped onto the
English sections, and is written and recorded in the ledger, never over a translation
already there."""

from __future__ import annotations

import pytest
import yaml

from i18n.importer import import_translation, repair, run_import
from i18n.ledger import load_ledger
from i18n.pages import parse_page

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


@pytest.fixture
def docs_tree(tmp_path):
    """docs/en/overfitting.md (OUR_ENGLISH) under tmp_path."""
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "overfitting.md").write_text(OUR_ENGLISH, encoding="utf-8")
    return tmp_path / "docs"


# ---------------------------------------------------------------- encoding


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_repair_undoes_a_wrong_decoding(encoding):
    broken = OUR_FRENCH.encode("utf-8").decode(encoding)
    assert broken != OUR_FRENCH
    fixed, how = repair(broken, "fr")
    assert fixed == OUR_FRENCH
    assert encoding in how or how.startswith("ftfy")


def test_repair_leaves_clean_text_alone():
    assert repair(OUR_FRENCH, "fr") == (OUR_FRENCH, "none")
    assert repair("\ufeff" + OUR_FRENCH, "fr") == (OUR_FRENCH, "none")  # a BOM goes
    russian = "# Переобучение\n\nМодель запоминает шум.\n"
    assert repair(russian, "ru") == (russian, "none")


def test_a_lost_byte_spoils_one_character_and_is_reported_by_line(docs_tree):
    broken = OUR_FRENCH.encode("utf-8").decode("cp1252")
    broken = broken.replace("Ã©poque", "Ãpoque", 1)  # one byte lost on the way
    result = import_translation(METADATA + broken, "fr", "overfitting.md", docs=docs_tree)
    assert "Un modèle est en surapprentissage quand il apprend le bruit" in result.text
    assert "Ãpoque après époque" in result.text  # the rest of the line is repaired
    line = METADATA.count("\n") + 7  # the line in the file as delivered
    assert [n for n, _ in result.unrepaired] == [line], result.unrepaired
    assert "'Ã'" in result.unrepaired[0][1]
    assert result.dropped_metadata and result.mapped == ["overfitting", "detecting-it"]
    assert "# Surapprentissage { #overfitting }" in result.text


# ---------------------------------------------------------------- structure


def test_headings_are_mapped_onto_the_english_sections_and_front_matter_is_englishs(docs_tree):
    theirs = "---\ndescription: Leur description.\nauthor: a machine\n---\n\n" + OUR_FRENCH
    result = import_translation(theirs, "fr", "overfitting.md", docs=docs_tree)
    assert result.encoding == "none" and not result.dropped_metadata and not result.unrepaired
    assert result.mapped == ["overfitting", "detecting-it"] and result.unmapped == []
    page = parse_page(docs_tree / "fr" / "overfitting.md", result.text)
    assert page.anchors == ["overfitting", "detecting-it"]
    assert page.meta == {"requires": [], "description": ""}  # English's, to be translated
    assert "author" not in result.text and "Leur description" not in result.text
    assert "## Le détecter { #detecting-it }" in result.text
    assert "Surveillez la perte de validation, époque après époque." in result.text


def test_a_heading_english_does_not_have_is_reported_at_its_line(docs_tree):
    extra = OUR_FRENCH.replace("## Le détecter", "### Un aparté\n\nTexte.\n\n## Le détecter")
    result = import_translation(METADATA + extra, "fr", "overfitting.md", docs=docs_tree)
    assert result.mapped == ["overfitting", "detecting-it"]
    line = METADATA.count("\n") + 5  # "### Un aparté" in the file as delivered
    assert result.unmapped == [(line, "Un aparté")]
    assert "### Un aparté\n" in result.text  # kept, without an anchor, for a person to merge


def test_a_heading_inside_a_code_block_is_not_a_section(docs_tree):
    fenced = OUR_FRENCH.replace("## Le détecter", "```bash\n# une commande\n```\n\n## Le détecter")
    result = import_translation(fenced, "fr", "overfitting.md", docs=docs_tree)
    assert result.mapped == ["overfitting", "detecting-it"] and result.unmapped == []
    assert "# une commande\n" in result.text


def test_a_page_english_does_not_have_is_refused(docs_tree):
    with pytest.raises(ValueError, match=r"there is no English page docs/en/nope.md"):
        import_translation(OUR_FRENCH, "fr", "nope.md", docs=docs_tree)


# ---------------------------------------------------------------- writing and recording


def test_run_import_writes_the_page_and_records_its_sections(docs_tree, tmp_path):
    file = tmp_path / "delivered.md"
    file.write_bytes((METADATA + OUR_FRENCH).encode("utf-8"))
    ledger_dir = tmp_path / "translations"
    result, target = run_import(file, "fr", "overfitting.md", docs=docs_tree, ledger_dir=ledger_dir)
    assert target == docs_tree / "fr" / "overfitting.md"
    assert target.read_text(encoding="utf-8") == result.text
    english = parse_page(docs_tree / "en" / "overfitting.md")
    assert load_ledger("fr", ledger_dir) == {
        "overfitting.md": {a: english.section(a).source_hash() for a in english.anchors}
    }
    assert yaml.safe_load((ledger_dir / "fr.yml").read_text(encoding="utf-8"))


def test_run_import_never_overwrites_a_translation_without_force(docs_tree, tmp_path):
    file = tmp_path / "delivered.md"
    file.write_text(OUR_FRENCH, encoding="utf-8")
    target = docs_tree / "fr" / "overfitting.md"
    target.parent.mkdir()
    target.write_text("ours\n", encoding="utf-8")
    ledger_dir = tmp_path / "translations"
    with pytest.raises(
        ValueError, match=r"docs/fr/overfitting.md exists: nothing written.*--force"
    ):
        run_import(file, "fr", "overfitting.md", docs=docs_tree, ledger_dir=ledger_dir)
    assert target.read_text(encoding="utf-8") == "ours\n"
    assert not ledger_dir.exists()
    run_import(file, "fr", "overfitting.md", force=True, docs=docs_tree, ledger_dir=ledger_dir)
    assert "# Surapprentissage { #overfitting }" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "file", "message"),
    [
        ("en", "delivered.md", "--lang en: not a translated language of the site"),
        ("xx", "delivered.md", "--lang xx: not a translated language of the site"),
        ("fr", "missing.md", "missing.md: no such file"),
    ],
)
def test_run_import_refuses_bad_arguments_before_writing(docs_tree, tmp_path, lang, file, message):
    (tmp_path / "delivered.md").write_text(OUR_FRENCH, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        run_import(
            tmp_path / file, lang, "overfitting.md", docs=docs_tree, ledger_dir=tmp_path / "ledger"
        )
    assert [p.name for p in docs_tree.iterdir()] == ["en"] and not (tmp_path / "ledger").exists()
