"""i18n.hooks: what the build adds to a page, and its messages when a page is wrong."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from i18n import hooks

RESULT = {
    "blocks": ["x = 3\n", "", "done\n"],
    "figures": [
        {
            "label": "demo-plot",
            "block": 0,
            "svg": "<?xml version='1.0'?><svg/>",
            "width": 640,
            "height": 480,
        }
    ],
    "values": {"accuracy": 0.93456, "epochs": 12},
    "run": {"torch": "2.13.0", "device": "cpu", "date": "2026-11-22"},
}

PAGE = """# Title { #title }

```python
--8<-- "a.py:one"
```

```python
--8<-- "a.py:two"
```

Accuracy {{ accuracy:.1% }} after {{epochs}} epochs.

```python
--8<-- "a.py:three"
```
"""


def test_outputs_follow_the_blocks_that_printed():
    out = hooks._insert_outputs(PAGE, RESULT, "fr")
    assert out.count('title="Sortie"') == 2
    first = out.index('--8<-- "a.py:one"')
    assert out.index("x = 3") > first and out.index("x = 3") < out.index('--8<-- "a.py:two"')
    assert out.index("done") > out.index('--8<-- "a.py:three"')


def test_output_goes_after_a_blocks_code_annotations():
    page = '```python\n--8<-- "a.py:one"\n```\n\n1.  First note\n2.  Second note,\n    on two lines\n\nProse.\n'
    out = hooks._insert_outputs(page, {"blocks": ["x = 3\n"]}, "en")
    assert out.index("on two lines") < out.index('title="Output"') < out.index("Prose.")


def test_values_are_formatted_and_marked():
    out = hooks._fill_values(PAGE, RESULT, "docs/en/p.md")
    assert '<span class="computed" data-name="accuracy" data-format=".1%">93.5%</span>' in out
    assert '<span class="computed" data-name="epochs">12</span>' in out


def test_unknown_value_is_a_build_error():
    with pytest.raises(
        PluginError,
        match=r"docs/en/p.md: \{\{ loss \}\} is not a value computed by the page's program",
    ):
        hooks._fill_values("Loss {{ loss }}", RESULT, "docs/en/p.md")
    with pytest.raises(PluginError, match=r"\{\{ accuracy:d \}\}: Unknown format code 'd'"):
        hooks._fill_values("{{ epochs:d }} {{ accuracy:d }}", RESULT, "docs/en/p.md")


def fake_page(tmp_path, lang="en"):
    prefix = "" if lang == "en" else f"{lang}/"
    dest = tmp_path / "site" / f"{prefix}lesson" / "index.html"
    file = SimpleNamespace(abs_dest_path=str(dest), dest_path=f"{prefix}lesson/index.html")
    return SimpleNamespace(file=file), {
        "site_dir": str(tmp_path / "site"),
        "theme": {"language": lang},
    }


def test_figures_are_written_and_linked_with_alt_text(tmp_path):
    page, config = fake_page(tmp_path)
    out = hooks._place_figures(
        "See ![Loss per epoch](figure:demo-plot).", RESULT, page, config, "p.md"
    )
    assert (
        '<img src="../figures/demo-plot.svg" alt="Loss per epoch" width="640" height="480"' in out
    )
    assert (tmp_path / "site" / "figures" / "demo-plot.svg").read_text().startswith("<?xml")
    page, config = fake_page(tmp_path, "sv")  # each language's site has its own figures
    assert 'src="../figures/demo-plot.svg"' in hooks._place_figures(
        "![x](figure:demo-plot)", RESULT, page, config, "p.md"
    )
    assert (tmp_path / "site" / "sv" / "figures" / "demo-plot.svg").is_file()


def test_missing_figure_or_alt_text_is_a_build_error(tmp_path):
    page, config = fake_page(tmp_path)
    with pytest.raises(
        PluginError,
        match="figure:other is placed on the page, but its program drew no figure labelled 'other' \\(it drew: demo-plot\\)",
    ):
        hooks._place_figures("![x](figure:other)", RESULT, page, config, "p.md")
    with pytest.raises(PluginError, match="needs alt text"):
        hooks._place_figures("![ ](figure:demo-plot)", RESULT, page, config, "p.md")


def test_run_note_sits_under_the_title_in_the_pages_language():
    out = hooks._add_run_note(PAGE, ["torch", "matplotlib", "trainlab"], "ro")
    lines = out.splitlines()
    assert lines[0] == "# Title { #title }"
    assert '??? info "Rulați codul acestei pagini"' in out
    assert "`torch`, `matplotlib` și `trainlab`" in out and "pip install -e ." in out


def test_formulas_become_mathml_without_scripts():
    html = '<p><span class="arithmatex">\\(w^{t+1} = w^t - \\eta \\nabla \\mathcal{L}\\)</span></p>'
    out = hooks.on_page_content(
        html, SimpleNamespace(file=SimpleNamespace(src_uri="p.md")), {}, None
    )
    assert "<math" in out and "arithmatex" not in out and "<script" not in out
    block = '<div class="arithmatex">\\[\\sigma = \\sqrt{\\frac{2}{n_{in}}}\\]</div>'
    assert 'display="block"' in hooks.on_page_content(block, None, {}, None)


def test_every_ui_string_exists_in_every_language():
    from support import LANGUAGES

    for key, words in hooks.ui_strings().items():
        assert set(words) == set(LANGUAGES), key
        placeholders = {
            lang: sorted(__import__("re").findall(r"\{(\w+)\}", text))
            for lang, text in words.items()
        }
        assert len({tuple(p) for p in placeholders.values()}) == 1, key


def test_values_are_written_the_way_the_page_language_writes_numbers():
    page = "Accuracy {{ accuracy:.1% }}, {{ accuracy:.3f }}, after {{ epochs }} epochs."
    english = hooks._fill_values(page, RESULT, "docs/en/p.md", "en")
    french = hooks._fill_values(page, RESULT, "docs/fr/p.md", "fr")
    assert ">93.5%<" in english and ">0.935<" in english
    assert ">93,5\u00a0%<" in french and ">0,935<" in french and ">12<" in french
