"""Small notebooks for the tests of the notebook reader, the kernel and the downloads."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from i18n import notebooks


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
