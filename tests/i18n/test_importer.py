"""i18n.importer: a translation made elsewhere has its encoding repaired (what cannot be
repaired is reported by line), its Co-op Translator metadata read (comment or
.co-op-translator.json) and dropped, its headings paired with the English sections by
content, and is written only when every English section found its heading, never over a
translation already there, its sections recorded as needing review."""

from __future__ import annotations

import json

import pytest
import yaml

from i18n.importer import (
    NEEDS_REVIEW,
    ImportRefused,
    Unmatched,
    import_translation,
    repair,
    run_import,
)
from i18n.ledger import load_ledger, mark_translated, status
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
    assert result.unmapped == [
        Unmatched(
            line,
            "Un aparté",
            3,
            "holds nothing a translation keeps: prose only",
            "matches no section of docs/en/overfitting.md by level, place and content",
        )
    ]
    assert "### Un aparté\n" in result.text  # kept, without an anchor, for a person to merge


def test_a_heading_inside_a_code_block_is_not_a_section(docs_tree):
    block = "```bash\n# une commande\n```\n\n"
    english = docs_tree / "en" / "overfitting.md"
    english.write_text(
        OUR_ENGLISH.replace("## Detecting", block + "## Detecting"), encoding="utf-8"
    )
    fenced = OUR_FRENCH.replace("## Le détecter", block + "## Le détecter")
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
        "overfitting.md": {
            a: NEEDS_REVIEW + english.section(a).source_hash() for a in english.anchors
        }
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


# ---------------------------------------------------------------- pairing by content
# The case of issue 20: a Co-op Translator file that holds an older text before the
# lesson (its sections do not line up with English) was given English anchors by
# position, each section the next one's, and recorded as up to date.

FRAMEWORKS_ENGLISH = """\
---
description: Tensors and gradients.
requires: [torch]
---

## Tensors { #tensors }

Create one with `torch.zeros`:

```python
--8<-- "frameworks/tensors.py:create"
```

## Gradients { #gradients }

$$
\\nabla_w L = X^\\top (p - y)
$$

![The slope of the sigmoid](figure:sigmoid-slope)

## Summary { #summary }

The loss fell to {{ final_loss }}; see [the lab](lab.md).
"""

OLDER_SECTION = """\
## Cadres de réseaux neuronaux

Bien que la bibliothèque `numpy` sache calculer, il faut programmer `backward` à la main.

"""

FRAMEWORKS_FRENCH = """\
## Tenseurs

Créez-en un avec `torch.zeros` :

```python
--8<-- "frameworks/tensors.py:create"
```

## Gradients

$$
\\nabla_w L = X^\\top (p - y)
$$

![La pente de la sigmoïde](figure:sigmoid-slope)

## Résumé

La perte est tombée à {{ final_loss }} ; voir [le TP](lab.md).
"""


def co_op_comment(source_file: str, lang: str = "fr") -> str:
    fields = {
        "original_hash": "b5466bcedc3c75aa35476270362f626a",
        "translation_date": "2025-05-20T01:47:57+00:00",
        "source_file": source_file,
        "language_code": lang,
    }
    return f"<!--\nCO_OP_TRANSLATOR_METADATA:\n{json.dumps(fields, indent=2)}\n-->\n"


@pytest.fixture
def two_pages(docs_tree):
    (docs_tree / "en" / "frameworks.md").write_text(FRAMEWORKS_ENGLISH, encoding="utf-8")
    return docs_tree


def states(docs, ledger_dir, page):
    return {
        r.section: r.state
        for r in status(["fr"], pages=[page], docs=docs, base=ledger_dir, with_diff=False)
    }


def test_an_older_section_first_is_reported_and_gives_no_anchor_by_position(two_pages, tmp_path):
    file = tmp_path / "frameworks.fr.md"
    comment = co_op_comment("15-rag-and-vector-databases/data/frameworks.md")
    file.write_text(comment + OLDER_SECTION + FRAMEWORKS_FRENCH, encoding="utf-8")
    ledger_dir = tmp_path / "translations"
    result, target = run_import(file, "fr", "frameworks.md", docs=two_pages, ledger_dir=ledger_dir)
    line = comment.count("\n") + 1  # the older heading, in the file as delivered
    assert result.unmapped == [
        Unmatched(
            line,
            "Cadres de réseaux neuronaux",
            2,
            "holds `numpy`, `backward`",
            "matches no section of docs/en/frameworks.md by level, place and content",
        )
    ]
    assert result.mapped == ["tensors", "gradients", "summary"] and result.missing == []
    text = target.read_text(encoding="utf-8")
    assert "## Cadres de réseaux neuronaux\n" in text  # kept for a person, no anchor
    assert "## Tenseurs { #tensors }" in text and "## Résumé { #summary }" in text
    assert parse_page(target).anchors == ["tensors", "gradients", "summary"]
    assert "up to date" not in states(two_pages, ledger_dir, "frameworks.md").values()


def test_sections_that_cannot_be_told_apart_are_refused_and_nothing_is_written(two_pages, tmp_path):
    """The older section holds nothing a translation keeps, like the English section it
    could stand for: which one translates #tensors cannot be known."""
    english = FRAMEWORKS_ENGLISH.replace(
        'Create one with `torch.zeros`:\n\n```python\n--8<-- "frameworks/tensors.py:create"\n```\n',
        "A tensor is an array of numbers.\n",
    )
    (two_pages / "en" / "frameworks.md").write_text(english, encoding="utf-8")
    french = FRAMEWORKS_FRENCH.replace(
        "Créez-en un avec `torch.zeros` :\n\n```python\n"
        '--8<-- "frameworks/tensors.py:create"\n```\n',
        "Un tenseur est un tableau de nombres.\n",
    )
    older = "## Cadres de réseaux neuronaux\n\nUn texte plus ancien.\n\n"
    file = tmp_path / "frameworks.fr.md"
    file.write_text(older + french, encoding="utf-8")
    ledger_dir = tmp_path / "translations"
    with pytest.raises(ImportRefused) as refused:
        run_import(file, "fr", "frameworks.md", docs=two_pages, ledger_dir=ledger_dir)
    assert str(refused.value) == (
        f"{file}: 1 of 3 section(s) of docs/en/frameworks.md have no matching heading in it "
        "(#tensors): nothing written (--force writes the page without them)"
    )
    result = refused.value.result
    why = "could translate #tensors, as could the heading(s) on line(s) {}: the content cannot tell which"
    assert [(u.line, u.reason) for u in result.unmapped] == [(1, why.format(5)), (5, why.format(1))]
    assert [(m.anchor, m.reason) for m in result.missing] == [
        (
            "tensors",
            "the headings on lines 1, 5 could each translate it: the content cannot tell which",
        )
    ]
    assert not (two_pages / "fr").exists() and not ledger_dir.exists()

    result, target = run_import(
        file, "fr", "frameworks.md", force=True, docs=two_pages, ledger_dir=ledger_dir
    )
    assert parse_page(target).anchors == ["gradients", "summary"]  # never more than it knows
    assert load_ledger("fr", ledger_dir)["frameworks.md"].keys() == {"gradients", "summary"}


def test_an_import_needs_review_until_it_is_marked_translated(docs_tree, tmp_path):
    file = tmp_path / "delivered.md"
    file.write_text(METADATA + OUR_FRENCH, encoding="utf-8")
    ledger_dir = tmp_path / "translations"
    run_import(file, "fr", "overfitting.md", docs=docs_tree, ledger_dir=ledger_dir)
    recorded = load_ledger("fr", ledger_dir)["overfitting.md"]
    assert all(value.startswith(NEEDS_REVIEW) for value in recorded.values())
    assert states(docs_tree, ledger_dir, "overfitting.md") == {
        "overfitting": "stale",
        "detecting-it": "stale",
    }
    mark_translated("overfitting.md", "fr", "detecting-it", docs=docs_tree, base=ledger_dir)
    assert states(docs_tree, ledger_dir, "overfitting.md") == {
        "overfitting": "stale",
        "detecting-it": "up to date",
    }


# ---------------------------------------------------------------- Co-op Translator metadata


def delivered_with_json(tmp_path, source_file: str, lang: str = "fr"):
    """Co-op Translator 0.16+ output: translations/<lang>/<source_file>, and the
    language folder's .co-op-translator.json."""
    folder = tmp_path / "translations" / lang
    file = folder / source_file
    file.parent.mkdir(parents=True)
    file.write_text(OUR_FRENCH, encoding="utf-8")
    other = {"README.md": {"source_file": "README.md", "language_code": lang}}
    entry = {
        "original_hash": "0123456789abcdef0123456789abcdef",
        "translation_date": "2026-01-15T10:42:15+00:00",
        "source_file": source_file,
        "language_code": lang,
    }
    (folder / ".co-op-translator.json").write_text(
        json.dumps({**other, source_file: entry}, indent=2), encoding="utf-8"
    )
    return file


@pytest.mark.parametrize("form", ["comment", "json"])
def test_the_page_defaults_to_the_one_source_file_names(docs_tree, tmp_path, form):
    source_file = "lessons/3-NeuralNetworks/06-Overfitting/overfitting.md"
    if form == "comment":
        file = tmp_path / "README.fr.md"
        file.write_text(co_op_comment(source_file) + OUR_FRENCH, encoding="utf-8")
    else:
        file = delivered_with_json(tmp_path, source_file)
    result, target = run_import(file, "fr", docs=docs_tree, ledger_dir=tmp_path / "ledger")
    assert target == docs_tree / "fr" / "overfitting.md" and result.page == "overfitting.md"
    assert result.metadata.source_file == source_file
    assert result.dropped_metadata == (form == "comment")
    where = "its CO_OP_TRANSLATOR_METADATA comment"
    if form == "json":
        where = str(tmp_path / "translations" / "fr" / ".co-op-translator.json")
    assert result.metadata.where == where
    assert "CO_OP_TRANSLATOR_METADATA" not in target.read_text(encoding="utf-8")
    assert result.mapped == ["overfitting", "detecting-it"]


@pytest.mark.parametrize("form", ["comment", "json"])
def test_a_page_that_contradicts_source_file_is_refused(two_pages, tmp_path, form):
    if form == "comment":
        file = tmp_path / "delivered.md"
        file.write_text(METADATA + OUR_FRENCH, encoding="utf-8")
        where = "its CO_OP_TRANSLATOR_METADATA comment"
    else:
        file = delivered_with_json(tmp_path, "overfitting.md")
        where = str(tmp_path / "translations" / "fr" / ".co-op-translator.json")
    with pytest.raises(ValueError) as refused:
        run_import(file, "fr", "frameworks.md", docs=two_pages, ledger_dir=tmp_path / "ledger")
    assert str(refused.value) == (
        f"{file}: --page frameworks.md contradicts its source_file 'overfitting.md' ({where}), "
        "which is docs/en/overfitting.md: nothing written (--force imports it as frameworks.md "
        "anyway)"
    )
    assert not (two_pages / "fr").exists() and not (tmp_path / "ledger").exists()


@pytest.mark.parametrize(
    ("metadata_json", "message"),
    [
        ("{not json", r"\.co-op-translator\.json:1: not valid JSON \(Expecting property name"),
        ('["a list"]', r"\.co-op-translator\.json: must be a JSON object mapping source files"),
        ('{"fr/overfitting.md": "x"}', r"the entry for 'fr/overfitting.md' is not a JSON object"),
        (
            '{"x": {"source_file": "fr/overfitting.md", "language_code": "ro"}}',
            r"overfitting\.md: --lang fr contradicts its language_code 'ro' \(.*\.co-op-translator"
            r"\.json\): nothing written",
        ),
    ],
)
def test_bad_metadata_is_refused_in_one_line(docs_tree, tmp_path, metadata_json, message):
    file = tmp_path / "fr" / "overfitting.md"  # the .co-op-translator.json is a folder above
    file.parent.mkdir()
    file.write_text(OUR_FRENCH, encoding="utf-8")
    (tmp_path / ".co-op-translator.json").write_text(metadata_json, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as refused:
        run_import(file, "fr", docs=docs_tree, ledger_dir=tmp_path / "l")
    assert "\n" not in str(refused.value)
    assert [p.name for p in docs_tree.iterdir()] == ["en"] and not (tmp_path / "l").exists()


def test_without_page_or_metadata_the_page_must_be_given(docs_tree, tmp_path):
    file = tmp_path / "delivered.md"
    file.write_text(OUR_FRENCH, encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        run_import(file, "fr", docs=docs_tree, ledger_dir=tmp_path / "ledger")
    assert str(refused.value) == (
        f"{file}: no --page given and it has no Co-op Translator metadata naming its "
        "source_file: give --page (the English page it translates)"
    )
    file.write_text(co_op_comment("lessons/TrainingTricks.md") + OUR_FRENCH, encoding="utf-8")
    with pytest.raises(ValueError, match=r"its source_file 'lessons/TrainingTricks.md' \("):
        run_import(file, "fr", docs=docs_tree, ledger_dir=tmp_path / "ledger")
    # a source_file that names none of our pages does not contradict --page
    result, _ = run_import(
        file, "fr", "overfitting.md", docs=docs_tree, ledger_dir=tmp_path / "ledger"
    )
    assert result.mapped == ["overfitting", "detecting-it"]
