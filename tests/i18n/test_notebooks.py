"""i18n.notebooks: pages as downloadable notebooks and scripts, and notebooks as pages
(read by the translation tools, resolved, executed once and cached by their code)."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from i18n import notebooks
from i18n.check import check_page
from i18n.ledger import mark_translated, status
from i18n.page_program import Block, Program
from i18n.pages import parse_page


def notebook_text(cells, **course) -> str:
    nb = new_notebook(cells=cells, metadata={"course": course} if course else {})
    for n, cell in enumerate(nb.cells, 1):
        cell["id"] = f"cell-{n}"
    return notebooks.write_text(nb)


ENGLISH = [
    new_markdown_cell('# Workbook <a id="workbook"></a>\n\nTrain a [model](lab.md#tasks).'),
    new_code_cell('--8<-- "demo/code.py:first"'),
    new_markdown_cell('## Task 1: seeds <a id="task-seeds"></a>\n\nRun it 3 times, $x^2$.'),
    new_code_cell('--8<-- "demo/code.py:second"'),
]


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / "en" / "wb.ipynb").write_text(
        notebook_text(ENGLISH, description="A workbook.", requires=["torch"]), encoding="utf-8"
    )
    return tmp_path


def french(**changes) -> str:
    cells = [
        new_markdown_cell(
            changes.get(
                "title", '# Cahier <a id="workbook"></a>\n\nEntraînez un [modèle](lab.md#tasks).'
            )
        ),
        new_code_cell(changes.get("code", '--8<-- "demo/code.py:first"')),
        new_markdown_cell(
            '## Exercice 1\u00a0: graines <a id="task-seeds"></a>\n\nLancez-le 3 fois, $x^2$.'
        ),
        new_code_cell('--8<-- "demo/code.py:second"'),
    ]
    return notebook_text(cells, description="Un cahier.", requires=["torch"])


# ---------------------------------------------------------------- as a page


def test_a_notebook_reads_as_a_page_with_its_anchors_code_and_front_matter(docs):
    page = parse_page(docs / "en" / "wb.ipynb")
    assert page.meta == {"description": "A workbook.", "requires": ["torch"]}
    assert [(s.level, s.id) for s in page.sections] == [(1, "workbook"), (2, "task-seeds")]
    code = [i.value for s in page.sections for i in s.kept if i.kind == "code"]
    assert code == ['--8<-- "demo/code.py:first"', '--8<-- "demo/code.py:second"']
    assert not page.problems


def test_line_numbers_point_into_the_ipynb_file(docs):
    text = (docs / "en" / "wb.ipynb").read_text(encoding="utf-8")
    page = parse_page(docs / "en" / "wb.ipynb")
    line = page.section("task-seeds").line
    assert "Task 1: seeds" in text.splitlines()[line - 1]


def test_a_clean_translation_has_no_problems_and_a_changed_code_cell_is_named(docs):
    target = docs / "fr" / "wb.ipynb"
    target.write_text(french(), encoding="utf-8")
    assert check_page(target, "fr", docs / "en" / "wb.ipynb") == []

    target.write_text(french(code='--8<-- "demo/code.py:other"'), encoding="utf-8")
    problems = check_page(target, "fr", docs / "en" / "wb.ipynb")
    assert problems, "a changed code cell must be reported"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert any("demo/code.py:other" in lines[p.line - 1] for p in problems), problems


def test_a_code_cell_with_typed_code_or_stored_outputs_is_reported(docs):
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell("print(1)")]
    cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    path = docs / "en" / "typed.ipynb"
    path.write_text(notebook_text(cells), encoding="utf-8")
    messages = [m for _, m in parse_page(path).problems]
    assert any("snippet includes only" in m for m in messages)
    assert any("stored outputs" in m for m in messages)


def test_a_broken_notebook_is_reported_with_its_line(docs):
    path = docs / "fr" / "wb.ipynb"
    path.write_text('{\n "cells": [\n  {oops}\n', encoding="utf-8")
    problems = check_page(path, "fr", docs / "en" / "wb.ipynb")
    assert [(p.line, p.message[:14]) for p in problems] == [(3, "not valid JSON")], problems
    with pytest.raises(ValueError, match=r"fr/wb.ipynb:3: not valid JSON"):
        mark_translated("wb.ipynb", "fr", docs=docs, base=docs / "ledger")


def test_a_changed_markdown_cell_makes_its_section_stale(docs, tmp_path):
    (docs / "fr" / "wb.ipynb").write_text(french(), encoding="utf-8")
    ledger = tmp_path / "ledger"
    mark_translated("wb.ipynb", "fr", docs=docs, base=ledger)
    states = {
        r.section: r.state for r in status(["fr"], pages=["wb.ipynb"], docs=docs, base=ledger)
    }
    assert states == {"workbook": "up to date", "task-seeds": "up to date"}
    nb = json.loads((docs / "en" / "wb.ipynb").read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = [
        '## Task 1: seeds <a id="task-seeds"></a>\n',
        "\n",
        "Run it 5 times.",
    ]
    (docs / "en" / "wb.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")
    states = {
        r.section: r.state
        for r in status(["fr"], pages=["wb.ipynb"], docs=docs, base=ledger, with_diff=False)
    }
    assert states == {"workbook": "up to date", "task-seeds": "stale"}


# ---------------------------------------------------------------- resolving, executing


def snippets(tmp_path):
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "code.py").write_text(
        "# --8<-- [start:first]\nx = 6 * 7\nprint('x is', x)\n# --8<-- [end:first]\n"
        "# --8<-- [start:second]\nprint(x + 1)\n# --8<-- [end:second]\n"
        "# --8<-- [start:other]\nprint(x + 2)\n# --8<-- [end:other]\n"
        "# --8<-- [start:fails]\nraise ValueError('no luck')\n# --8<-- [end:fails]\n",
        encoding="utf-8",
    )
    return tmp_path / "snippets"


def test_resolve_puts_the_snippets_code_in_and_refuses_typed_code(docs, tmp_path):
    nb = notebooks.read((docs / "en" / "wb.ipynb").read_text(encoding="utf-8"), "wb.ipynb")
    resolved = notebooks.resolve(nb, "wb.ipynb", snippets(tmp_path))
    code = [c.source for c in resolved.cells if c.cell_type == "code"]
    assert code == ["x = 6 * 7\nprint('x is', x)", "print(x + 1)"]
    assert resolved.cells[1].metadata["course"] == {"snippets": ["demo/code.py:first"]}
    nb.cells[3].source = "print('typed')"
    with pytest.raises(notebooks.NotebookError, match=r"wb.ipynb: cell 4: a code cell may hold"):
        notebooks.resolve(nb, "wb.ipynb", snippets(tmp_path / "again"))


def test_execution_runs_once_per_code_and_is_shared_by_languages(docs, tmp_path):
    folder = snippets(tmp_path)
    cache = tmp_path / "cache"
    (docs / "fr" / "wb.ipynb").write_text(french(), encoding="utf-8")
    english = notebooks.resolve(
        notebooks.read((docs / "en" / "wb.ipynb").read_text(encoding="utf-8"), "en"), "en", folder
    )
    done, run, ran = notebooks.execute(english, "en", cache_dir=cache)
    assert ran and run["date"] and run["python"]
    assert [o["text"] for c in done.cells if c.cell_type == "code" for o in c.outputs] == [
        "x is 42\n",
        "43\n",
    ]
    translation = notebooks.resolve(
        notebooks.read((docs / "fr" / "wb.ipynb").read_text(encoding="utf-8"), "fr"), "fr", folder
    )
    again, _, ran = notebooks.execute(translation, "fr", cache_dir=cache)
    assert not ran, "the translation has the same code: its outputs come from the cache"
    assert again.cells[0].source.startswith("# Cahier")
    assert [c.outputs for c in again.cells if c.cell_type == "code"] == [
        c.outputs for c in done.cells if c.cell_type == "code"
    ]
    assert len(list(cache.iterdir())) == 1


def test_a_failing_cell_fails_with_its_number_snippet_and_error(docs, tmp_path):
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell('--8<-- "demo/code.py:fails"')]
    nb = notebooks.resolve(
        notebooks.read(notebook_text(cells), "bad.ipynb"), "bad.ipynb", snippets(tmp_path)
    )
    with pytest.raises(notebooks.NotebookError) as error:
        notebooks.execute(nb, "bad.ipynb", cache_dir=tmp_path / "cache")
    assert str(error.value) == ("bad.ipynb: cell 2 (demo/code.py:fails) raised ValueError: no luck")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


# ---------------------------------------------------------------- pages as notebooks

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


def page_notebook(lang="en", style=None):
    program = Program(
        "docs/en/overfitting.md",
        ["torch"],
        [Block(5, (), "x = 6 * 7\nprint('x is', x)\n"), Block(22, (), "print(x + 1)\n")],
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
    return notebooks.page_notebook(
        PAGE,
        program,
        result,
        lang=lang,
        page_url="https://example.org/fr/overfitting/",
        page_path="overfitting.md",
        intro="INTRO",
        footer="FOOTER",
        number_style=style,
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
    assert "The loss is 0.12;" in second
    assert "[the lab](https://example.org/fr/lab/#tasks)" in second
    assert "[above](#overfitting)" in second
    assert "**The next step**\n\nIt prints one more:" in second
    assert "*[SGD]" not in second and "    " not in second
    assert last == "FOOTER"


def test_numbers_in_the_prose_are_written_the_page_languages_way():
    nb = page_notebook("fr", {"decimal": ",", "percent": "\u00a0%"})
    assert "The loss is 0,12;" in nb.cells[2].source


def test_the_script_runs_as_is_and_is_exactly_the_code():
    script = notebooks.script_of(page_notebook())
    assert ast.dump(ast.parse(script)) == ast.dump(
        ast.parse("x = 6 * 7\nprint('x is', x)\nprint(x + 1)\n")
    )
    assert "# The loss is 0.12;" in script  # the prose, as comments


def test_a_page_whose_blocks_do_not_match_its_program_is_refused():
    program = Program("docs/en/p.md", [], [Block(1, (), "x = 1\n")])
    with pytest.raises(notebooks.NotebookError, match="found 0 code blocks, expected 1"):
        notebooks.page_notebook(
            "# P\n\nNo code.\n",
            program,
            {"blocks": [], "figures": [], "values": {}},
            lang="en",
            page_url="https://e.org/p/",
            page_path="p.md",
            intro="",
            footer="",
        )


def test_the_kernel_is_this_python_whatever_kernel_a_user_installed(monkeypatch, tmp_path):
    """A "python3" kernel spec of the user's (here one that cannot start) is not used:
    the build's kernel is the interpreter that has torch and trainlab."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["/bin/false", "{connection_file}"], "display_name": "broken"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    cells = [new_markdown_cell('# T <a id="t"></a>'), new_code_cell('--8<-- "demo/code.py:first"')]
    nb = notebooks.resolve(
        notebooks.read(notebook_text(cells), "k.ipynb"), "k.ipynb", snippets(tmp_path)
    )
    done, _, ran = notebooks.execute(nb, "k.ipynb", cache_dir=tmp_path / "cache")
    assert ran and done.cells[1].outputs[0]["text"] == "x is 42\n"
