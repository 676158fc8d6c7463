"""sitebuild.hooks: MkDocs' events handed to the modules named for each job. The file only
dispatches; what it hands on is checked here with fake pages: a translated page's HTML is
sanitised and an English page's is not, formulas become MathML on every page, and a
translated page's search reads its language's index."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import hooks

HOOKS = hooks.__file__

HOSTILE = (
    '<p>Text <a href="https://pytorch.org/" onclick="steal()">PyTorch</a>'
    "<script>alert(1)</script></p>"
)
FORMULA = '<p><span class="arithmatex">\\(x^2\\)</span></p>'
CODE = '<pre><code><span class="n">x</span><span class="o">=</span><span class="mi">1</span></code></pre>'


def fake(tmp_path, src_uri: str, dest_uri: str, lang: str):
    """(page, config) as MkDocs and static-i18n give them to the hooks."""
    plugin = SimpleNamespace(
        config=SimpleNamespace(
            languages=[SimpleNamespace(locale=c, default=c == "en") for c in ("en", "fr")]
        ),
        build_languages=["en", "fr"],
    )
    config = {
        "docs_dir": str(tmp_path / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"language": lang},
        "plugins": {"i18n": plugin},
        "mdx_configs": {"pymdownx.snippets": {"base_path": ["snippets"]}},
    }
    url = dest_uri.removesuffix("index.html")
    page = SimpleNamespace(
        file=SimpleNamespace(
            src_uri=src_uri,
            abs_src_path=str(tmp_path / "docs" / src_uri),
            dest_uri=dest_uri,
            abs_dest_path=str(tmp_path / "site" / dest_uri),
        ),
        url=url,
        canonical_url=f"https://example.org/{url}",
    )
    return page, config


def test_a_translated_pages_content_is_sanitised(tmp_path):
    page, config = fake(tmp_path, "fr/p.md", "fr/p/index.html", "fr")
    out = hooks.on_page_content(HOSTILE, page, config, None)
    assert "<script" not in out and "onclick" not in out and "alert(1)" not in out
    assert 'href="https://pytorch.org/"' in out and ">PyTorch</a>" in out


@pytest.mark.parametrize(
    ("src_uri", "dest_uri", "lang"),
    [("en/p.md", "p/index.html", "en"), ("en/p.md", "fr/p/index.html", "fr")],
    ids=["english", "english standing in for a translation"],
)
def test_an_english_pages_content_is_left_alone(tmp_path, src_uri, dest_uri, lang):
    """Not sanitised: only its links to other hosts get the rel a translation's get."""
    page, config = fake(tmp_path, src_uri, dest_uri, lang)
    out = hooks.on_page_content(HOSTILE, page, config, None)
    assert out == HOSTILE.replace(
        'onclick="steal()">', 'onclick="steal()" rel="noopener noreferrer nofollow">'
    )
    assert "<script" in out and "onclick" in out


@pytest.mark.parametrize("src_uri", ["en/p.md", "fr/p.md"])
def test_every_pages_formulas_become_mathml_and_its_code_lighter(tmp_path, src_uri):
    page, config = fake(tmp_path, src_uri, src_uri.replace(".md", "/index.html"), src_uri[:2])
    out = hooks.on_page_content(FORMULA + CODE, page, config, None)
    assert "<math" in out and "arithmatex" not in out
    assert "<code>x=<span" in out  # names and operators without their spans


def test_a_formula_that_cannot_be_read_fails_the_build_naming_the_page(tmp_path):
    page, config = fake(tmp_path, "fr/p.md", "fr/p/index.html", "fr")
    bad = '<p><span class="arithmatex">\\(x^\\)</span></p>'
    with pytest.raises(PluginError, match=r"^fr/p.md: cannot render the formula 'x\^'"):
        hooks.on_page_content(bad, page, config, None)


def test_a_translated_page_searches_its_own_language(tmp_path):
    output = '<html><script id="__config" type="application/json">{"base": "../.."}</script></html>'
    page, config = fake(tmp_path, "fr/p.md", "fr/p/index.html", "fr")
    assert '"base": "../../fr/"' in hooks.on_post_page(output, page, config)
    page, config = fake(tmp_path, "en/p.md", "p/index.html", "en")
    assert '"base": "../.."' in hooks.on_post_page(output, page, config)


def test_a_notebook_is_rendered_by_the_notebook_page_and_a_markdown_page_by_mkdocs(tmp_path):
    notebook, config = fake(tmp_path, "en/wb.ipynb", "wb/index.html", "en")
    notebook.render = None
    assert hooks.on_pre_page(notebook, config, None) is notebook
    assert callable(notebook.render)
    assert hooks.on_page_markdown("# As written", notebook, config, None) == "# As written"
    markdown, _ = fake(tmp_path, "en/p.md", "p/index.html", "en")
    markdown.render = None
    hooks.on_pre_page(markdown, config, None)
    assert markdown.render is None


# ---------------------------------------------------------------- a dispatcher


def test_the_hooks_file_is_a_short_dispatcher():
    source = Path(HOOKS).read_text(encoding="utf-8")
    assert len(source.splitlines()) < 150
    functions = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
    assert functions and all(f.name.startswith("on_") for f in functions), [
        f.name for f in functions
    ]
    for f in functions:  # each hands its event on in a few lines
        assert f.end_lineno - f.lineno < 15, f.name
    assert not [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)]
