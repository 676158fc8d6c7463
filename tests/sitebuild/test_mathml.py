"""sitebuild.mathml: a LaTeX formula becomes MathML that a browser renders with no script
and no font download; a formula it cannot read is an error that quotes it."""

from __future__ import annotations

import pytest

from sitebuild.mathml import MathError, to_mathml


def test_an_inline_formula_is_inline_mathml_without_a_namespace():
    mathml = to_mathml(" x^2 ", display=False)
    assert mathml.startswith('<math display="inline">') and mathml.endswith("</math>")
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in mathml
    assert "xmlns" not in mathml and "tabindex" not in mathml


def test_a_display_formula_is_a_block_that_takes_the_keyboard_focus():
    mathml = to_mathml("\\sigma = \\sqrt{\\frac{2}{n}}", display=True)
    assert mathml.startswith('<math tabindex="0" display="block">')
    assert "<mfrac>" in mathml and "<msqrt>" in mathml and "xmlns" not in mathml


@pytest.mark.parametrize("latex", ["x^", "\\frac{1}{"])
def test_a_formula_it_cannot_read_is_an_error_quoting_it(latex):
    with pytest.raises(MathError) as caught:
        to_mathml(f"  {latex} ", display=False)
    assert str(caught.value).startswith(f"cannot render the formula {latex!r}: ")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("command", ["text", "textbf", "mbox"])
def test_the_words_of_a_formula_are_text_whatever_characters_they_hold(command):
    """latex2mathml copies a \\text argument into <mtext> as it is: a translated word
    with < > or & must reach the reader as those characters, never as markup."""
    from bs4 import BeautifulSoup

    mathml = to_mathml(f"\\{command}{{si a < b & <img src=x>}} + 1", display=False)
    math = BeautifulSoup(mathml, "html.parser")
    assert math.find("img") is None
    assert math.find("mtext").get_text() == "si\xa0a\xa0<\xa0b\xa0&\xa0<img\xa0src=x>"
    assert "\ue000" not in mathml and "&#x0E000;" not in mathml


def test_a_decimal_comma_renders_as_one_number():
    """0{,}5 (how a translation writes 0.5) shows the comma between the digits."""
    from bs4 import BeautifulSoup

    math = BeautifulSoup(to_mathml("\\sigma = 0{,}5", display=False), "html.parser")
    assert math.get_text() == "σ=0,5"
