"""sitebuild.outputs: what a page's run adds to the page, and its messages when a page
does not fit its run."""

from __future__ import annotations

import pytest

from sitebuild import outputs
from sitebuild.outputs import PageError
from sitebuild.runner import Block, Program

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


PROGRAM = Program("p.md", [], [Block(3, 5, (), ""), Block(7, 9, (), ""), Block(13, 15, (), "")])


def test_outputs_follow_the_blocks_that_printed():
    out = outputs.insert_outputs(PAGE, PROGRAM, RESULT, "fr", 1)
    assert out.count('title="Sortie"') == 2
    first = out.index('--8<-- "a.py:one"')
    assert out.index("x = 3") > first and out.index("x = 3") < out.index('--8<-- "a.py:two"')
    assert out.index("done") > out.index('--8<-- "a.py:three"')


def test_output_goes_after_a_blocks_code_annotations():
    page = '```python\n--8<-- "a.py:one"\n```\n\n1.  First note\n2.  Second note,\n    on two lines\n\nProse.\n'
    program = Program("p.md", [], [Block(1, 3, (), "")])
    out = outputs.insert_outputs(page, program, {"blocks": ["x = 3\n"]}, "en", 1)
    assert out.index("on two lines") < out.index('title="Output"') < out.index("Prose.")


def test_values_are_formatted_and_marked():
    out = outputs.fill_values(PAGE, RESULT, "docs/en/p.md", "en")
    assert '<span class="computed" data-name="accuracy" data-format=".1%">93.5%</span>' in out
    assert '<span class="computed" data-name="epochs">12</span>' in out


def test_unknown_value_is_a_build_error():
    with pytest.raises(
        PageError,
        match=r"docs/en/p.md: \{\{ loss \}\} is not a value computed by the page's program",
    ):
        outputs.fill_values("Loss {{ loss }}", RESULT, "docs/en/p.md", "en")
    with pytest.raises(PageError, match=r"\{\{ accuracy:d \}\}: Unknown format code 'd'"):
        outputs.fill_values("{{ epochs:d }} {{ accuracy:d }}", RESULT, "docs/en/p.md", "en")


def test_figures_are_written_and_linked_with_alt_text(tmp_path):
    site = tmp_path / "site"
    write = outputs.figure_writer(site / "lesson", site)
    out = outputs.place_figures(
        "See ![Loss per epoch](figure:demo-plot).", RESULT, "en", write, "p.md"
    )
    assert (
        '<img src="../figures/demo-plot.svg" alt="Loss per epoch" width="640" height="480"' in out
    )
    assert (site / "figures" / "demo-plot.svg").read_text().startswith("<?xml")
    write = outputs.figure_writer(site / "sv" / "lesson", site / "sv")  # each language its own
    assert 'src="../figures/demo-plot.svg"' in outputs.place_figures(
        "![x](figure:demo-plot)", RESULT, "sv", write, "p.md"
    )
    assert (site / "sv" / "figures" / "demo-plot.svg").is_file()


def test_missing_figure_or_alt_text_is_a_build_error(tmp_path):
    write = outputs.figure_writer(tmp_path / "lesson", tmp_path)
    with pytest.raises(
        PageError,
        match="figure:other is placed on the page, but its program drew no figure labelled 'other' \\(it drew: demo-plot\\)",
    ):
        outputs.place_figures("![x](figure:other)", RESULT, "en", write, "p.md")
    with pytest.raises(PageError, match="needs alt text"):
        outputs.place_figures("![ ](figure:demo-plot)", RESULT, "en", write, "p.md")


def test_a_placeholder_that_is_not_a_name_is_a_build_error():
    with pytest.raises(PageError, match=r"\{\{ 1 \+ 1 \}\} is not a value placeholder"):
        outputs.fill_values("Two: {{ 1 + 1 }}", RESULT, "docs/en/p.md", "en")


def test_run_note_sits_under_the_title_in_the_pages_language():
    command = "pip install https://example.org/downloads/trainlab-0.1.0-py3-none-any.whl"
    out = outputs.add_run_note(PAGE, ["torch", "matplotlib", "trainlab"], "ro", command=command)
    lines = out.splitlines()
    assert lines[0] == "# Title { #title }"
    assert '??? info "Rulați codul acestei pagini"' in out
    assert "`torch`, `matplotlib` și `trainlab`" in out and f"`{command}`" in out


def test_values_are_written_the_way_the_page_language_writes_numbers():
    page = "Accuracy {{ accuracy:.1% }}, {{ accuracy:.3f }}, after {{ epochs }} epochs."
    english = outputs.fill_values(page, RESULT, "docs/en/p.md", "en")
    french = outputs.fill_values(page, RESULT, "docs/fr/p.md", "fr")
    assert ">93.5%<" in english and ">0.935<" in english
    assert ">93,5\u00a0%<" in french and ">0,935<" in french and ">12<" in french


def test_values_the_run_cannot_give_fail_the_build_at_file_and_line():
    """Every one of them, before any is filled in, each at its line of the file (front
    matter counted)."""
    from pathlib import Path

    from i18n.pages import parse_page

    text = (
        "---\nrequires: [torch]\n---\n\n# T { #t }\n\n"
        "{{ accuracy:.1% }} and\n{{ loss }}, {{ accuracy:d }}.\n"
    )
    page = parse_page(Path("docs/fr/p.md"), text)
    outputs.check_values(page, {"accuracy": 1, "loss": 0.1}, "docs/fr/p.md", "fr")  # all fit
    with pytest.raises(PageError) as caught:
        outputs.check_values(page, RESULT["values"], "docs/fr/p.md", "fr")
    message = str(caught.value)
    assert (
        "docs/fr/p.md:8: {{ loss }}: loss is not a value computed by the page's program" in message
    )
    assert "docs/fr/p.md:8: {{ accuracy:d }}: Unknown format code 'd'" in message
    assert "p.md:7" not in message
    with pytest.raises(PageError, match=r"p.md:7: \{\{ accuracy:.1% \}\}: the page has no Python"):
        outputs.check_values(page, None, "docs/fr/p.md", "fr")
