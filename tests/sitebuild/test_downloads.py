"""sitebuild.downloads: every page with code as a notebook and a script, made from the
page itself: prose in its language, exactly its code, with what the code printed and drew."""

from __future__ import annotations

import ast

import nbformat
import pytest

from sitebuild import downloads
from sitebuild.runner import Block, Program

PAGE = """\
# Overfitting { #overfitting }

!!! abstract "What you will learn"
    - How to see it.

```python
--8<-- "demo/code.py:first"
```

![A curve](figure:demo-curve)

## Detecting it { #detecting-it }

The loss is {{ loss:.2f }}; see [the lab](lab.md#tasks) and [above](#overfitting).

??? example "The next step"
    It prints one more:

    ```python
    --8<-- "demo/code.py:second"
    ```

*[SGD]: stochastic gradient descent
"""


def page_notebook(lang="en"):
    program = Program(
        "docs/en/overfitting.md",
        ["torch"],
        [Block(6, 8, (), "x = 6 * 7\nprint('x is', x)\n"), Block(19, 21, (), "print(x + 1)\n")],
    )
    result = {
        "blocks": ["x is 42\n", "43\n"],
        "figures": [
            {
                "label": "demo-curve",
                "block": 0,
                "svg": "<svg>en</svg>",
                "svgs": {"fr": "<svg>fr</svg>"},
            }
        ],
        "values": {"loss": 0.123},
    }
    return downloads.page_notebook(
        PAGE,
        program,
        result,
        lang=lang,
        page_url="https://example.org/fr/overfitting/",
        page_path="overfitting.md",
        intro="INTRO",
        footer="FOOTER",
    )


def test_a_page_becomes_a_notebook_of_its_prose_code_and_outputs():
    nb = page_notebook("fr")
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["markdown", "code", "markdown", "code", "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == ["x = 6 * 7\nprint('x is', x)", "print(x + 1)"]
    assert code[0].outputs[0]["text"] == "x is 42\n"
    assert code[0].outputs[1]["data"]["image/svg+xml"] == "<svg>fr</svg>"  # the page's language
    assert code[1].outputs[0]["text"] == "43\n"
    first, second, last = (c.source for c in nb.cells if c.cell_type == "markdown")
    assert first.startswith('# Overfitting <a id="overfitting"></a>\n\nINTRO')
    assert "**What you will learn**\n\n- How to see it." in first
    assert "figure:" not in second and "A curve" not in second
    assert '## Detecting it <a id="detecting-it"></a>' in second
    assert "The loss is 0,12;" in second  # French writes a decimal comma
    assert "[the lab](https://example.org/fr/lab/#tasks)" in second
    assert "[above](#overfitting)" in second
    assert "**The next step**\n\nIt prints one more:" in second
    assert "*[SGD]" not in second and "    " not in second
    assert last == "FOOTER"


def test_numbers_in_the_prose_are_written_the_page_languages_way():
    assert "The loss is 0,12;" in page_notebook("fr").cells[2].source
    assert "The loss is 0.12;" in page_notebook("en").cells[2].source


def test_the_script_runs_as_is_and_is_exactly_the_code():
    script = downloads.script_of(page_notebook())
    assert ast.dump(ast.parse(script)) == ast.dump(
        ast.parse("x = 6 * 7\nprint('x is', x)\nprint(x + 1)\n")
    )
    assert "# The loss is 0.12;" in script  # the prose, as comments


def test_a_page_whose_blocks_do_not_match_its_program_is_refused():
    program = Program("docs/en/p.md", [], [Block(1, 3, (), "x = 1\n")])
    with pytest.raises(downloads.DownloadError, match="found 0 code blocks, expected 1"):
        downloads.page_notebook(
            "# P\n\nNo code.\n",
            program,
            {"blocks": [], "figures": [], "values": {}},
            lang="en",
            page_url="https://e.org/p/",
            page_path="p.md",
            intro="",
            footer="",
        )
