"""i18n.notebooks: notebooks as the translation tools read them (a page with its
anchors, code cells and front matter, line numbers into the .ipynb) and write them."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_pages import french, notebook_text

from i18n import notebooks
from i18n.check import check_page
from i18n.ledger import mark_translated, status
from i18n.pages import ROOT, parse_page

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


def test_written_as_jupyter_writes_it_without_nbformat():
    """The tool reads and writes notebooks with json alone; the file is byte for byte
    what nbformat (Jupyter) writes, so a fix changes only the text it fixes."""
    for path in sorted((ROOT / "docs").glob("*/*.ipynb")):
        text = path.read_text(encoding="utf-8")
        ours = notebooks.write_text(notebooks.read(text, str(path)))
        assert ours == nbformat.writes(nbformat.reads(text, as_version=4)) + "\n"
        assert ours == text, f"{path} is not as Jupyter writes it"


def test_a_file_that_is_not_a_notebook_is_refused_with_one_message():
    with pytest.raises(notebooks.NotebookError, match=r"x.ipynb:2: not valid JSON"):
        notebooks.read('{\n  "cells": ]', "x.ipynb")
    with pytest.raises(notebooks.NotebookError, match="not a Jupyter notebook in format 4"):
        notebooks.read('{"nbformat": 3, "cells": []}', "x.ipynb")
    with pytest.raises(notebooks.NotebookError, match="its cells are not a list of cells"):
        notebooks.read('{"nbformat": 4, "cells": [1, 2]}', "x.ipynb")
