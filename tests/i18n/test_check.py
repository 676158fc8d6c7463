"""i18n.check: every translation of the site has the English structure, the glossary's
terms and clean text; each check catches the defect it exists for, at its line; and the
typography fixes change prose only."""

from __future__ import annotations

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
            f"{p.line}: {p.message}" for p in check_page(path, lang, tmp_path / "en" / "page.md")
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
        ["#le-detecter", "not in the English"],
    ),
    ("heading level", "## Le détecter", "### Le détecter", 24, ["level 3", "level 2"]),
    (
        "include",
        "few_points.py:data",
        "few_points.py:fit",
        11,
        ["include or code", "few_points.py:fit"],
    ),
    (
        "code typed in",
        '--8<-- "overfitting/few_points.py:data"',
        'print("hi")',
        11,
        ["include or code"],
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
        6,
        ["link", "glossary.md#overfitting"],
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
        6,
        ["inline code", "torch.linalg.lstsq"],
    ),
    ("number", "après 300 époques", "après 30 époques", 6, ["number", "'300'"]),
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


def test_a_decimal_point_in_comma_languages_prose_is_reported_and_fixed(tmp_path):
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
        assert "writes decimals with a comma: 0,01 (" in pointed[0]
        fixed = fix_typography(text, lang)
        assert fixed == text.replace(" 0.01,", " 0,01,").replace("0.5.", "0,5.")
    # English writes the point: nothing to report or fix
    assert fix_typography(english, "en") == english
    en_problems = check_page(tmp_path / "en" / "p.md", "en")
    assert not [p for p in en_problems if "written with a point" in str(p)]
