"""i18n.check: every translation of the site has the English structure, the glossary's
terms and clean text; each check catches the defect it exists for, at its line; and the
typography fixes change prose only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import LANGUAGES, ROOT

from i18n.check import check_glossary, check_page, fix_typography, glossary, uses
from i18n.pages import source_pages

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PAGES = source_pages()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_english_page_exists_in_every_language(lang):
    missing = [name for name in PAGES if not (ROOT / "docs" / lang / name).is_file()]
    assert not missing, f"docs/{lang}/ lacks {missing}"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_translation_keeps_the_english_structure_and_terms(lang, name):
    path = ROOT / "docs" / lang / name
    if not path.is_file():
        pytest.fail(f"docs/{lang}/{name} does not exist")
    problems = check_page(path)
    assert not problems, "\n".join(map(str, problems))


def test_glossary_has_every_term_of_the_glossary_page_in_every_language():
    assert not check_glossary(), "\n".join(map(str, check_glossary()))
    terms = glossary()
    assert {"overfitting", "tensor", "dropout", "learning-rate"} <= set(terms)
    for entry in terms.values():
        assert set(LANGUAGES) <= set(entry)


def test_glossary_forms_match_inflections_at_the_start_of_a_word():
    assert uses("Переобучения можно избежать", ["переобучени"])
    assert uses("по кривым обучения", ["крив* обучения"])
    assert uses("le taux d'apprentissage", ["taux d’apprentissage"])  # either apostrophe
    assert not uses("непереобучение", ["переобучени"])
    assert not uses("learning", ["learning rate"])
    # a leading * lets the term stand inside a Swedish compound word
    assert uses("valideringsförlusten steg", ["*förlust"])
    assert uses("en flerlagersperceptron", ["*lager"])
    assert not uses("förlorade", ["*förlust"])
    assert not uses("förlustfri", ["*lager"])


# ---------------------------------------------------------------- planted defects

ENGLISH = """\
---
description: A page about overfitting.
requires: [torch]
---

# Overfitting { #overfitting }

A model **overfits** when it learns its training data by heart: see the
[glossary](glossary.md#overfitting) and [PyTorch](https://pytorch.org/).

```python
--8<-- "overfitting/few_points.py:data"
```

!!! note "Seven points"
    The error is $\\sigma^2$ = {{ noise:.2f }} after 300 epochs, with `torch.linalg.lstsq`.

$$
\\text{MSE} = \\frac{1}{N} \\sum_i (\\hat y_i - y_i)^2
$$

![Two panels](figure:fits)

## Detecting it { #detecting-it }

Watch the validation loss.
"""

FRENCH = """\
---
description: Une page sur le surapprentissage.
requires: [torch]
---

# Surapprentissage { #overfitting }

Un modèle est en **surapprentissage** quand il apprend ses données par cœur\u00a0: voir le
[glossaire](glossary.md#overfitting) et [PyTorch](https://pytorch.org/).

```python
--8<-- "overfitting/few_points.py:data"
```

!!! note "Sept points"
    L’erreur vaut $\\sigma^2$ = {{ noise:.2f }} après 300 époques, avec `torch.linalg.lstsq`.

$$
\\text{MSE} = \\frac{1}{N} \\sum_i (\\hat y_i - y_i)^2
$$

![Deux panneaux](figure:fits)

## Le détecter { #detecting-it }

Surveillez la perte de validation.
"""


@pytest.fixture
def pair(tmp_path):
    """(write the French page, check it): a one-page site of our own in tmp_path."""
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")

    def check(text: str, lang: str = "fr") -> list[str]:
        path = tmp_path / "fr" / "page.md"
        path.write_text(text, encoding="utf-8")
        return [
            f"{p.line}: {p.message}: {p.fix}"
            for p in check_page(path, lang, tmp_path / "en" / "page.md")
        ]

    return check


def test_a_faithful_translation_is_clean(pair):
    assert pair(FRENCH) == []


PLANTED = [
    # (what, old, new, expected line, words the message must contain)
    (
        "heading anchor",
        "{ #detecting-it }",
        "{ #le-detecter }",
        24,
        ["#le-detecter", "not in the English", "keep `{ #detecting-it }` as in English"],
    ),
    ("heading level", "## Le détecter", "### Le détecter", 24, ["level 3", "level 2"]),
    (
        "include",
        "few_points.py:data",
        "few_points.py:fit",
        11,
        ["snippet include", "few_points.py:fit", 'write `--8<-- "overfitting/few_points.py:data"`'],
    ),
    (
        "code typed in",
        '--8<-- "overfitting/few_points.py:data"',
        'print("hi")',
        11,
        ["code block 'print(\"hi\")'", "snippet include"],
    ),
    ("display math", "\\frac{1}{N}", "\\frac{1}{M}", 18, ["formula", "differs"]),
    ("inline math", "$\\sigma^2$", "$\\sigma$", 16, ["formula"]),
    ("figure", "figure:fits", "figure:fit", 22, ["figure", "'fit'"]),
    ("admonition", '!!! note "Sept points"', '!!! tip "Sept points"', 15, ["admonition", "tip"]),
    ("computed value", "{{ noise:.2f }}", "0.25", 6, ["lacks the computed value", "noise:.2f"]),
    (
        "link target",
        "glossary.md#overfitting",
        "glossary.md#surapprentissage",
        9,  # where the link is
        ["link", "glossary.md#surapprentissage", "where English has 'glossary.md#overfitting'"],
    ),
    (
        "new host",
        "https://pytorch.org/",
        "https://example.com/",
        9,
        ["unsafe content", "example.com", "a host the English page does not use"],
    ),
    (
        "inline code",
        "`torch.linalg.lstsq`",
        "`torch.lstsq`",
        16,
        ["inline code", "torch.linalg.lstsq"],
    ),
    ("number", "après 300 époques", "après 30 époques", 16, ["number", "'300'"]),
    (
        "glossary term",
        "la perte de validation",
        "le coût de validation",
        24,
        ["glossary", "'perte'"],
    ),
    ("mojibake", "L’erreur vaut", "Lâ€™erreur vaut", 16, ["mojibake", "â€"]),
    ("mac roman mojibake", "époques", "√©poques", 16, ["mojibake"]),
    (
        "script",
        "Surveillez la perte",
        "<script>alert(1)</script> Surveillez la perte",
        26,
        ["unsafe", "<script>"],
    ),
    (
        "iframe",
        "Surveillez la perte",
        '<iframe src="x"></iframe> Surveillez',
        26,
        ["unsafe", "<iframe src="],
    ),
    (
        "event attribute",
        "Surveillez la perte",
        '<img src="a.png" onerror="x()"> Surveillez',
        26,
        ["unsafe", "onerror"],
    ),
    (
        "javascript url",
        "(glossary.md#overfitting)",
        "(javascript:alert(1))",
        9,
        ["unsafe", "javascript:"],
    ),
    ("front matter", "requires: [torch]", "requires: [torch", 1, ["front matter"]),
    ("requires", "requires: [torch]", "requires: [torch, trainlab]", 1, ["requires"]),
    ("french spacing", "cœur\u00a0:", "cœur :", 8, ["no-break space", "':'"]),
    (
        "missing heading id",
        "## Le détecter { #detecting-it }",
        "## Le détecter",
        24,
        ["no explicit anchor"],
    ),
]


@pytest.mark.parametrize(
    ("what", "old", "new", "line", "words"), PLANTED, ids=[p[0] for p in PLANTED]
)
def test_check_catches_a_planted_defect(pair, what, old, new, line, words):
    assert old in FRENCH
    problems = pair(FRENCH.replace(old, new, 1))
    matching = [p for p in problems if all(w in p for w in words)]
    assert matching, f"{what}: nothing reported like {words}; got {problems}"
    assert any(p.startswith(f"{line}:") for p in matching), f"{what}: wrong line in {matching}"


def test_every_problem_has_a_kind_and_a_one_line_fix(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")
    page = tmp_path / "fr" / "page.md"
    for what, old, new, _, _ in PLANTED:
        page.write_text(FRENCH.replace(old, new, 1), encoding="utf-8")
        for p in check_page(page, "fr", tmp_path / "en" / "page.md"):
            assert p.kind != "page" and p.fix and "\n" not in p.fix, (what, p)


def test_romanian_cedilla_letters_are_reported_and_fixed(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "ro").mkdir()
    (tmp_path / "en" / "p.md").write_text("# Title { #t }\n\nSome text.\n", encoding="utf-8")
    page = tmp_path / "ro" / "p.md"
    page.write_text("# Titlu { #t }\n\nAceastă funcţie şi `ş`.\n", encoding="utf-8")
    problems = [str(p) for p in check_page(page, "ro", tmp_path / "en" / "p.md")]
    assert any(":3: Romanian 'ţ'" in p for p in problems) and any("'ş'" in p for p in problems)
    fixed = fix_typography(page.read_text(encoding="utf-8"), "ro")
    assert "funcție și `ş`" in fixed  # prose fixed, inline code untouched


def test_french_spacing_fix_leaves_code_math_and_links_alone():
    text = (
        "Voici : « le code » ; ça marche ?\n\n"
        "```python\nx = {'a': 1}  # ok ?\n```\n\n"
        "$$\na : b\n$$\n\n"
        "Voir [ceci](https://x.org/a:b) et `d = {1 : 2}`.\n"
    )
    fixed = fix_typography(text, "fr")
    assert fixed.splitlines()[0] == "Voici\u00a0: «\u00a0le code\u00a0»\u00a0; ça marche\u00a0?"
    assert "x = {'a': 1}  # ok ?" in fixed and "a : b" in fixed
    assert "(https://x.org/a:b)" in fixed and "`d = {1 : 2}`" in fixed
    assert fix_typography(fixed, "fr") == fixed


def test_docs_tree_has_no_stray_language_folders():
    langs = {p.name for p in (ROOT / "docs").iterdir() if p.is_dir() and p.name != "assets"}
    assert langs == set(LANGUAGES), langs


def test_a_decimal_point_in_comma_languages_prose_and_formulas_is_reported_and_fixed(tmp_path):
    (tmp_path / "en").mkdir()
    english = "# Title { #t }\n\nA rate of 0.01, `lr=0.01`, $\\gamma = 0.9$, Python 3.11, 0.5.\n"
    (tmp_path / "en" / "p.md").write_text(english, encoding="utf-8")
    for lang, words in [
        ("ru", "# Заголовок { #t }\n\nСкорость"),
        ("sv", "# Rubrik { #t }\n\nTakten"),
    ]:
        (tmp_path / lang).mkdir()
        page = tmp_path / lang / "p.md"
        text = f"{words} 0.01, `lr=0.01`, $\\gamma = 0.9$, Python 3.11, 0.5.\n"
        page.write_text(text, encoding="utf-8")
        problems = [str(p) for p in check_page(page, lang, tmp_path / "en" / "p.md")]
        pointed = [p.split(": ", 1)[1] for p in problems if "written with a point" in p]
        assert [p.split(" ")[0] for p in pointed] == ["0.01", "0.5"], problems
        assert all(p.split(": ", 1)[0].endswith(":3") for p in problems if "point" in p)
        assert "writes decimals with a comma (" in pointed[0] and ": write 0,01 (" in pointed[0]
        # the formula's decimal too, the TeX way; the code and the version keep their point
        formula = [p for p in problems if "formula" in p and "with a point" in p]
        assert len(formula) == 1 and "write `\\gamma = 0{,}9`" in formula[0], problems
        fixed = fix_typography(text, lang)
        expected = text.replace(" 0.01,", " 0,01,").replace("0.5.", "0,5.")
        assert fixed == expected.replace("0.9$", "0{,}9$")
        (tmp_path / lang / "p.md").write_text(fixed, encoding="utf-8")
        assert check_page(page, lang, tmp_path / "en" / "p.md") == []
    # English writes the point: nothing to report or fix
    assert fix_typography(english, "en") == english
    en_problems = check_page(tmp_path / "en" / "p.md", "en")
    assert not [p for p in en_problems if "written with a point" in str(p)]


# ---------------------------------------------------------------- every problem in one run


def test_three_mistakes_on_one_page_are_all_reported_at_their_lines(pair):
    """A translated anchor, a broken placeholder and a changed include: one run names
    the three, each at its own line, with its fix, sorted by line."""
    text = (
        FRENCH.replace("{ #detecting-it }", "{ #le-detecter }")
        .replace("{{ noise:.2f }}", "{{ noise:.2f }")
        .replace("few_points.py:data", "few_points.py:fit")
    )
    problems = pair(text)
    assert [p.split(":")[0] for p in problems] == ["11", "16", "24"], problems
    include, placeholder, anchor = problems
    assert "few_points.py:fit" in include
    assert include.endswith('write `--8<-- "overfitting/few_points.py:data"` as in English')
    assert "broken placeholder `{{ noise:.2f }`" in placeholder
    assert placeholder.endswith("write `{{ noise:.2f }}` as in English")
    assert "#le-detecter" in anchor and anchor.endswith("keep `{ #detecting-it }` as in English")


def test_sections_whose_headings_differ_from_english_are_still_compared(pair):
    """The first section's anchor translated: its section is paired with English's by
    position, and what it lacks is reported (an include, a value, a figure, a formula),
    each saying how the sections were paired."""
    text = (
        FRENCH.replace("{ #overfitting }", "{ #surapprentissage }")
        .replace('```python\n--8<-- "overfitting/few_points.py:data"\n```\n\n', "")
        .replace("{{ noise:.2f }}", "0,25")
        .replace("![Deux panneaux](figure:fits)", "Deux panneaux")
        .replace("$$\n\\text{MSE} = \\frac{1}{N} \\sum_i (\\hat y_i - y_i)^2\n$$\n\n", "")
    )
    problems = pair(text)
    assert problems[0].startswith("6: heading anchor { #surapprentissage } is not in the English")
    lacks = {
        kind: [p for p in problems if f"lacks the {kind}" in p]
        for kind in ("code block", "computed value", "figure", "formula")
    }
    assert all(len(found) == 1 for found in lacks.values()), problems
    assert "overfitting/few_points.py:data" in lacks["code block"][0]
    assert "{{ noise:.2f }}" in lacks["computed value"][0]
    assert "'fits'" in lacks["figure"][0] and "\\frac{1}{N}" in lacks["formula"][0]
    paired = "section #surapprentissage (paired by position with English #overfitting)"
    assert all(paired in found[0] for found in lacks.values()), problems


def test_a_dropped_heading_leaves_its_section_compared_with_the_one_before(pair):
    """Its English section's content is looked for in the section above: what is there
    is not reported, what is missing from the page still is."""
    text = FRENCH.replace("## Le détecter { #detecting-it }\n\n", "").replace(
        "![Deux panneaux](figure:fits)", "Deux panneaux"
    )
    problems = pair(text)
    assert len(problems) == 2, problems
    figure, heading = problems
    assert figure.startswith("22: section #overfitting (compared with English #overfitting")
    assert "lacks the figure 'fits'" in figure
    assert heading.startswith(
        "24: the heading ## … { #detecting-it } of English line 24 is missing"
    )
    assert heading.endswith("add it at the end of the page, ending with `{ #detecting-it }`, "
                            "with its section translated")  # fmt: skip


def test_a_missing_anchor_and_a_broken_placeholder_are_reported_at_their_own_lines(pair):
    """Not at the front matter's end (where the page body starts) nor at the section's
    heading: at the line that is wrong."""
    problems = pair(FRENCH.replace("{ #detecting-it }", "{ #le-detecter }"))
    assert [p for p in problems if "detecting-it" in p] == problems
    assert [p.split(":")[0] for p in problems] == ["24"], problems
    problems = pair(FRENCH.replace("{{ noise:.2f }}", "{ noise:.2f }}"))
    assert [p.split(":")[0] for p in problems] == ["16"], problems
    assert "closes with }} but does not open with {{" in problems[0]
    moved = FRENCH.replace(
        "## Le détecter { #detecting-it }\n", "## Le détecter { #le-detecter }\n"
    )
    moved = moved.replace("Surveillez", "## Autre { #autre }\n\nSurveillez")
    problems = pair(moved)
    assert [p.split(":")[0] for p in problems] == ["24", "26"], problems
    assert "not in the English page, which has no heading here" in problems[1]


@pytest.mark.parametrize(
    ("placeholder", "words"),
    [
        ("{{ noise:.2f }", "opens with {{ but does not close with }}"),
        ("{ noise:.2f }}", "closes with }} but does not open with {{"),
        ("{{ 1 + 1 }}", "holds no name"),
        ("{{ }}", "is empty"),
        ("{{ noise:.2ff }}", "has a format '.2ff' that is not one"),
    ],
)
def test_a_placeholder_written_wrong_is_a_problem_at_its_line(pair, placeholder, words):
    problems = pair(FRENCH.replace("{{ noise:.2f }}", placeholder))
    assert len(problems) == 1 and problems[0].startswith("16: "), problems
    assert words in problems[0] and problems[0].endswith("write `{{ noise:.2f }}` as in English")


def test_a_heading_anchor_written_without_a_space_is_one_attr_list_does_not_read():
    """attr_list takes `{#id}` as well as `{ #id }`, but only after a space: the page
    model reads exactly what the build will."""
    from i18n.pages import parse_page

    assert parse_page(Path("fr/p.md"), "# Titre {#t}\n").anchors == ["t"]
    page = parse_page(Path("fr/p.md"), "# Titre{#t}\n")
    assert page.anchors == [] and [p.fix for p in page.problems] == ["write `# Titre { #t }`"]


# ---------------------------------------------------------------- the command


def test_check_json_lists_every_problem_for_editors_and_ci(tmp_path, capsys):
    from i18n.__main__ import main

    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")
    page = tmp_path / "fr" / "page.md"
    page.write_text(
        FRENCH.replace("{ #detecting-it }", "{ #le-detecter }")
        .replace("{{ noise:.2f }}", "{{ noise:.2f }")
        .replace("few_points.py:data", "few_points.py:fit"),
        encoding="utf-8",
    )
    assert main(["check", "--json", str(page)]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(p["file"], p["line"], p["kind"]) for p in found] == [
        (str(page), 11, "code"),
        (str(page), 16, "placeholder"),
        (str(page), 24, "heading"),
    ]
    assert all(set(p) == {"file", "line", "kind", "message", "fix"} for p in found)
    assert found[2]["fix"] == "keep `{ #detecting-it }` as in English"

    assert main(["check", str(page)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(f"{page}:11: code block ") and lines[2].startswith(f"{page}:24: ")
    assert lines[-1] == "by kind: 1 code, 1 heading, 1 placeholder"
    assert err == "3 problem(s) in 1 file(s)\n"

    page.write_text(FRENCH, encoding="utf-8")
    assert main(["check", "--json", str(page)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_bang_of_an_image_is_not_french_punctuation(tmp_path):
    """`![alt](address)` (an image that is not a figure) starts with `!`: neither check
    nor fix may take it for an exclamation mark needing a no-break space, and its
    address is compared with English like a link's."""
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    head = "---\ndescription: A page with an image that is not a computed figure.\n---\n\n"
    english = head + "# Title { #title }\n\nThe layers, drawn: ![The layers](layers.png)\n"
    french = (
        head + "# Titre { #title }\n\nLes couches, dessinées\u00a0: ![Les couches](layers.png)\n"
    )
    (tmp_path / "en" / "page.md").write_text(english, encoding="utf-8")
    page = tmp_path / "fr" / "page.md"
    page.write_text(french, encoding="utf-8")
    assert check_page(page, "fr", tmp_path / "en" / "page.md") == []
    assert fix_typography(french, "fr") == french
    page.write_text(french.replace("(layers.png)", "(other.png)"), encoding="utf-8")
    problems = check_page(page, "fr", tmp_path / "en" / "page.md")
    assert [p.line for p in problems] == [7] and "other.png" in problems[0].message


def test_a_formula_may_translate_its_text_words_and_write_decimal_commas(pair):
    """Modulo exactly two things, the words in \\text{} and the decimal mark, a
    translated formula is English's."""
    french = FRENCH.replace("\\text{MSE}", "\\text{EQM}").replace("$\\sigma^2$", "$\\sigma^{2}$")
    assert pair(FRENCH.replace("\\text{MSE}", "\\text{EQM moyenne}")) == []
    assert any("formula" in p for p in pair(french))  # a changed formula still differs
    english = FRENCH.replace("\\text{MSE}", "\\text{MSE} + 0{,}5")
    assert [p for p in pair(english) if "formula" in p], "0.5 was added, not translated"


@pytest.mark.parametrize(
    "written",
    [
        "\\text{\\href{javascript:alert(1)}{EQM}}",  # a command inside the words
        "\\text{EQM} \\text{}",  # a \\text{} English lacks
        "\\text{EQM $x$}",
        "\\textbf{EQM}",  # another command than \\text
        "\\text{MSE}0,5",  # a bare decimal comma is not 0{,}5
    ],
)
def test_a_formula_changed_beyond_its_words_is_reported(pair, written):
    assert any("formula" in p for p in pair(FRENCH.replace("\\text{MSE}", written))), written


# ---------------------------------------------------------------- the words the build inserts

UI_YML = """\
# a comment: the fixes leave it alone
run_note:
  en: "Run it: twice; then stop."
  fr: "Lancez-le : deux fois ; puis arrêtez."
  ro: "Rulaţi-l: de două ori."
  sv: "Kör den: två gånger."
plain:
  en: Output
  fr: Sortie
escaped:
  en: "Done; next."
  fr: "Fait\\u00a0; ensuite."
"""

MKDOCS_YML = """\
site_name: Course
repo_url: !ENV [REPO_URL, "https://example.org/x"]
plugins:
  - i18n:
      languages:
        - locale: en
          default: true
          site_description: "English: keeps its colon."
        - locale: fr
          site_name: Cours
          site_description: >-
            Un cours : tenseurs ; gradients.
          nav_translations:
            Home: Accueil
            Lessons: Leçons !
"""


def test_the_words_the_build_inserts_follow_the_typography_rules(tmp_path):
    """ui.yml, figures.yml and mkdocs.yml's site texts are checked like a page's prose,
    at their lines; English and the YAML around them are not."""
    from i18n.check import check_words

    ui, mkdocs = tmp_path / "ui.yml", tmp_path / "mkdocs.yml"
    ui.write_text(UI_YML, encoding="utf-8")
    mkdocs.write_text(MKDOCS_YML, encoding="utf-8")
    found = [
        (Path(p.path).name, p.line, p.message.split(" must")[0]) for p in check_words([ui, mkdocs])
    ]
    assert found == sorted(found, key=lambda f: (f[0] != "ui.yml", f[1])) and set(found) == {
        ("ui.yml", 4, "French: the space next to ':'"),
        ("ui.yml", 4, "French: the space next to ';'"),
        ("ui.yml", 5, "Romanian 'ţ' with a cedilla"),
        ("mkdocs.yml", 11, "French: the space next to ':'"),
        ("mkdocs.yml", 11, "French: the space next to ';'"),
        ("mkdocs.yml", 15, "French: the space next to '!'"),
    }, found


def test_fix_makes_the_words_files_typography_right_and_nothing_else(tmp_path, capsys):
    from i18n.__main__ import main
    from i18n.check import check_words, fix_words

    ui, mkdocs = tmp_path / "ui.yml", tmp_path / "mkdocs.yml"
    ui.write_text(UI_YML, encoding="utf-8")
    mkdocs.write_text(MKDOCS_YML, encoding="utf-8")
    fixed = fix_words(ui)
    assert fixed.splitlines()[3] == '  fr: "Lancez-le\u00a0: deux fois\u00a0; puis arrêtez."'
    assert fixed.splitlines()[4] == '  ro: "Rulați-l: de două ori."'
    changed = [
        i
        for i, (a, b) in enumerate(zip(UI_YML.splitlines(), fixed.splitlines(), strict=True))
        if a != b
    ]
    assert changed == [3, 4]  # "Fait\\u00a0; ensuite." is right: its escape is the space
    fixed = fix_words(mkdocs)
    assert "Un cours\u00a0: tenseurs\u00a0; gradients." in fixed
    assert "Leçons\u00a0!" in fixed and "English: keeps its colon." in fixed
    assert 'repo_url: !ENV [REPO_URL, "https://example.org/x"]' in fixed
    mkdocs.write_text(fixed, encoding="utf-8")
    ui.write_text(fix_words(ui), encoding="utf-8")
    assert check_words([ui, mkdocs]) == []
    # the command takes the real files by their paths; anything else is refused clearly
    assert main(["fix", str(tmp_path / "ui.yml")]) == 2
    assert "not a translation" in capsys.readouterr().err


def test_a_words_file_that_is_not_yaml_is_one_clear_message(tmp_path, capsys):
    from i18n.check import check_words

    ui = tmp_path / "ui.yml"
    ui.write_text('key:\n  fr: "unclosed\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"ui.yml:\d+: not valid YAML \("):
        check_words([ui])


@pytest.mark.parametrize(
    ("lang", "typed", "fixed", "message"),
    [
        ("fr", "soit 15% des poids", "soit 15\u00a0% des poids", "no-break space before %"),
        ("ro", "adică 15 % din ponderi", "adică 15\u00a0% din ponderi", "no-break space before %"),
        ("ru", "в [-1, 1] и от -0,5", "в [−1, 1] и от −0,5", "minus sign"),
        ("sv", "ett svar — kort", "ett svar – kort", "spaced en dash"),
        ("fr", "dans l’intervalle (0, 1), donc", "dans l’intervalle ]0, 1[, donc", "outwards"),
        ("fr", "les intervalles [0, 1) ou (2, 3)", "les intervalles [0, 1[ ou (2, 3)", "outwards"),
        ("fr", "l’intervalle (−∞, 0]", "l’intervalle ]−∞, 0]", "outwards"),
        ("fr", "l’intervalle (0,5, 1]", "l’intervalle ]0,5\u202f; 1]", "outwards"),
    ],
)
def test_percent_minus_and_dash_typography_is_reported_and_fixed(lang, typed, fixed, message):
    from i18n.check import text_problems

    assert any(message in f.message for f in text_problems(lang, 1, typed)), typed
    assert fix_typography(typed + "\n", lang) == fixed + "\n"
    assert not text_problems(lang, 1, fixed)


@pytest.mark.parametrize(
    "kept",
    [
        "x-1 et 1-5",
        "--lr",
        "le modèle v2-3",
        "`-1`",
        "{{ share:.0% }}",
        "$-1$",
        "N(0, 1) et le point (0, 1)",  # a pair that is not named an interval
        "l’intervalle [−1, 1]",  # closed: the same in French
    ],
)
def test_typography_fixes_leave_what_is_not_a_number_or_not_prose_alone(kept):
    assert fix_typography(f"Texte {kept}.\n", "fr").replace("\u00a0", " ") == f"Texte {kept}.\n"


def test_a_title_kept_in_english_asks_for_no_translated_term(tmp_path):
    """A paper's title stays in English in every language: its words (here "overfits",
    a glossary term) do not require the page's term; the same word in prose does."""
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    title = "*Why a Model Overfits*"
    english = f"# Reading {{ #reading }}\n\n- Smith (2020), {title}: the paper.\n"
    (tmp_path / "en" / "p.md").write_text(english, encoding="utf-8")

    def check(text: str) -> list[str]:
        (tmp_path / "fr" / "p.md").write_text(text, encoding="utf-8")
        problems = check_page(tmp_path / "fr" / "p.md", "fr", tmp_path / "en" / "p.md")
        return [p.message for p in problems if p.kind == "glossary"]

    assert check(f"# Lectures {{ #reading }}\n\n- Smith (2020), {title}\u00a0: l’article.\n") == []
    (tmp_path / "en" / "p.md").write_text(
        english.replace("the paper", "why a model overfits"), encoding="utf-8"
    )
    assert check(f"# Lectures {{ #reading }}\n\n- Smith (2020), {title}\u00a0: pourquoi.\n")


def test_code_in_a_title_asks_for_no_translated_term(tmp_path):
    """`optimizer.zero_grad()` in an admonition's or heading's title is code, as in a
    paragraph: it does not make the section use the term "optimizer"."""
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    english = '# Practice { #practice }\n\n??? question "Why call `optimizer.zero_grad()`?"\n    Gradients add up.\n'
    (tmp_path / "en" / "p.md").write_text(english, encoding="utf-8")
    french = '# Exercices { #practice }\n\n??? question "Pourquoi appeler `optimizer.zero_grad()`\u00a0?"\n    Les gradients s’additionnent.\n'
    (tmp_path / "fr" / "p.md").write_text(french, encoding="utf-8")

    def glossary_problems() -> list[str]:
        problems = check_page(tmp_path / "fr" / "p.md", "fr", tmp_path / "en" / "p.md")
        return [p.message for p in problems if p.kind == "glossary"]

    assert glossary_problems() == []
    # the same word in the title's prose is the term, and asks for the French one
    (tmp_path / "en" / "p.md").write_text(
        english.replace("Why call", "Why does the optimizer call"), encoding="utf-8"
    )
    assert any("'optimizer'" in m for m in glossary_problems())
