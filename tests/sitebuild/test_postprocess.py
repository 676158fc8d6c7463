"""sitebuild.postprocess: formulas as MathML, lighter code markup, less white space."""

from __future__ import annotations

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
