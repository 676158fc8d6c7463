"""sitebuild.postprocess: formulas as MathML, lighter code markup, less white space."""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import postprocess


def test_formulas_become_mathml_without_scripts():
    html = '<p><span class="arithmatex">\\(w^{t+1} = w^t - \\eta \\nabla \\mathcal{L}\\)</span></p>'
    out = postprocess.math_as_mathml(html)
    assert "<math" in out and "arithmatex" not in out and "<script" not in out
    block = '<div class="arithmatex">\\[\\sigma = \\sqrt{\\frac{2}{n_{in}}}\\]</div>'
    assert 'display="block"' in postprocess.math_as_mathml(block)


def test_white_space_is_squeezed_outside_pre_only():
    page = "<div>\n    <p>a</p>\n\n\n</div><pre>  keep\n\n  this</pre>"
    assert (
        postprocess.squeeze_whitespace(page) == "<div>\n<p>a</p>\n</div><pre>  keep\n\n  this</pre>"
    )


def test_plain_tokens_lose_their_spans_and_keep_their_text():
    code = '<span class="n">x</span><span class="w"> </span><span class="o">=</span><span class="mi">1</span>'
    assert postprocess.plain_tokens(code) == 'x =<span class="mi">1</span>'


def test_the_parts_of_a_string_become_one_span_of_the_same_colour():
    """What Pygments makes of f"loss {x:.3f}": an affix, three kinds of string span and a
    name. The theme colours .s2, .si and .s alike and the affix not at all, so one span
    shows the same; the text is unchanged, so copying is too."""
    from bs4 import BeautifulSoup

    code = (
        '<span class="sa">f</span><span class="s2">&quot;loss </span><span class="si">{</span>'
        '<span class="n">x</span><span class="si">:.3f</span><span class="si">}</span>'
        '<span class="s2">&quot;</span> <span class="s1">&#39;a&#39;</span>'
    )
    plain = postprocess.plain_tokens(code)
    assert plain == (
        'f<span class="s">&quot;loss {</span>x<span class="s">:.3f}&quot;</span> '
        '<span class="s1">&#39;a&#39;</span>'
    )
    text = BeautifulSoup(code, "html.parser").get_text()
    assert BeautifulSoup(plain, "html.parser").get_text() == text == "f\"loss {x:.3f}\" 'a'"
    # the theme colours every part alike (checked against the installed theme's CSS)
    import material

    (css,) = Path(material.__file__).parent.glob("templates/assets/stylesheets/main.*.min.css")
    rules = re.findall(r"([^{}]*)\{color:var\(--md-code-hl-string-color\)\}", css.read_text())
    coloured = {c.strip() for rule in rules for c in rule.split(",")}
    assert {f".highlight .{part}" for part in postprocess.STRING_PARTS.split("|")} <= coloured
    assert not {".highlight .sa", ".highlight .dl"} & {
        c.strip() for rule in re.findall(r"([^{}]*)\{", css.read_text()) for c in rule.split(",")
    }
