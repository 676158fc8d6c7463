"""sitebuild/glossary_tips.py: the first use of each glossary term on a lesson page
links to its entry, in the page's language; code, headings and links are left alone;
each language's definitions are written as JSON beside its glossary page, where a
hostile translation's text stays text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LANGUAGES, ROOT

from i18n.check import glossary
from sitebuild.glossary_tips import (
    definitions,
    first_sentences,
    glossary_address,
    mark_terms,
    tex_text,
    write_tips,
)

GLOSSARY_PAGE = """\
---
description: A glossary with a hostile definition, for the tests of glossary tooltips.
---

# Glossaire { #glossary }

## Bases { #bases }

Tenseur { #tensor }
:   Un tableau de nombres, avec une [forme](#shape); le pas vaut $\\eta$.
    Voir `torch.Tensor`.

Surapprentissage { #overfitting }
:   Quand un modèle apprend ses données par cœur "><script>alert(1)</script>.
"""


@pytest.fixture
def french_glossary(tmp_path) -> Path:
    page = tmp_path / "glossary.md"
    page.write_text(GLOSSARY_PAGE, encoding="utf-8")
    return page


def marked(content: str, page: Path, lang: str = "fr") -> BeautifulSoup:
    return BeautifulSoup(mark_terms(content, lang, page, "../glossary/"), "html.parser")


def test_definitions_are_one_line_of_plain_text(french_glossary):
    found = definitions(french_glossary)
    assert set(found) == {"tensor", "overfitting"}
    assert found["tensor"] == (
        "Un tableau de nombres, avec une forme; le pas vaut η. Voir torch.Tensor."
    )


def test_the_first_use_of_each_term_links_to_its_entry_with_its_definition(french_glossary):
    soup = marked(
        "<p>Un <strong>tenseur</strong> puis des tenseurs.</p><p>Les tenseurs et le "
        "surapprentissage.</p>",
        french_glossary,
    )
    terms = soup.select("a.glossary-term")
    assert [(t.get_text(), t["href"]) for t in terms] == [
        ("tenseur", "../glossary/#tensor"),
        ("surapprentissage", "../glossary/#overfitting"),
    ]
    assert soup.get_text() == "Un tenseur puis des tenseurs.Les tenseurs et le surapprentissage."


def test_code_headings_links_and_formulas_are_left_alone(french_glossary):
    content = (
        "<h2>Tenseur</h2><p><code>tenseur</code> <a href='x'>tenseur</a> "
        "<math><mi>tenseur</mi></math></p><pre><code>tenseurs</code></pre>"
        "<p>Enfin un tenseur.</p>"
    )
    soup = marked(content, french_glossary)
    (term,) = soup.select("a.glossary-term")
    assert term.parent.name == "p" and term.parent.get_text() == "Enfin un tenseur."
    assert soup.h2.get_text() == "Tenseur" and soup.pre.get_text() == "tenseurs"


def test_the_definitions_file_holds_every_definition_as_text(french_glossary, tmp_path):
    target = tmp_path / "site" / "glossary" / "tips.json"
    write_tips(french_glossary, target)
    raw = target.read_text(encoding="utf-8")
    assert json.loads(raw) == definitions(french_glossary)
    assert "<" not in raw and ">" not in raw  # the hostile tag is there only as escapes
    assert json.loads(raw)["overfitting"].endswith('"><script>alert(1)</script>.')
    write_tips(french_glossary, target)
    assert target.read_text(encoding="utf-8") == raw  # the same bytes every build


def test_a_page_without_a_glossary_is_unchanged(tmp_path):
    content = "<p>Un tenseur.</p>"
    assert mark_terms(content, "fr", tmp_path / "none.md", "../glossary/") == content


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"w \leftarrow w - \eta(\nabla L + \lambda w)", "w ← w − η(∇ L + λ w)"),
        (r"\frac{\lambda}{2} \sum w^2", "λ/2 Σ w^2"),
        (r"\sqrt{n_{in}}", "√(n_in)"),
        (r"\sigma(z) = 1 / (1 + e^{-z})", "σ(z) = 1 / (1 + e^(-z))"),
    ],
)
def test_formulas_of_a_definition_read_as_text(tex, text):
    assert tex_text(tex) == text


@pytest.mark.parametrize(
    ("url", "path", "address"),
    [
        ("fr/overfitting/", "overfitting.md", "../glossary/"),
        ("overfitting/", "overfitting.md", "../glossary/"),
        ("sv/lab-workbook/", "lab-workbook.ipynb", "../glossary/"),
        ("", "index.md", "glossary/"),
    ],
)
def test_the_glossary_address_is_relative_to_the_page(url, path, address):
    assert glossary_address(url, path) == address


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_of_every_language_has_a_definition_on_its_glossary_page(lang):
    """Otherwise a term on a lesson page would get no tooltip in that language. (A
    language just added has no terms yet: its glossary page is English's copy.)"""
    known = definitions(ROOT / "docs" / lang / "glossary.md")
    terms = {anchor for anchor, forms in glossary().items() if forms.get(lang)}
    assert len(known) > 50 and terms <= set(known), sorted(terms - set(known))


@pytest.mark.parametrize(
    ("definition", "shown"),
    [
        ("Short. Then a second sentence. And a third one.", "Short. Then a second sentence."),
        (
            "A rule that adapts each weight's step, e.g. Adam, from the gradients seen so far "
            "by that weight. A second sentence.",
            "A rule that adapts each weight's step, e.g. Adam, from the gradients seen so far "
            "by that weight.",
        ),
        (
            "Один. Два предложения здесь, и это всё, что нужно знать о нём на первых порах. Три.",
            "Один. Два предложения здесь, и это всё, что нужно знать о нём на первых порах.",
        ),
    ],
)
def test_a_tooltip_shows_the_first_sentence_or_two(definition, shown):
    assert first_sentences(definition) == shown
