"""snippets/lab/tasks.py: the starting points of the lab's tasks, as the lab workbook
(docs/en/lab-workbook.ipynb) runs them after the lab's code, as one program.

The workbook runs once per test session (the `notebook_runs` fixture); these
tests read what its cells printed and drew, and check it against what the lab and the
workbook say.
"""

from __future__ import annotations

import itertools
import re

import pytest
from support import ROOT

from i18n import notebooks
from i18n.includes import find_includes, sections_of

WORKBOOK = ROOT / "docs" / "en" / "lab-workbook.ipynb"
TASKS = ROOT / "snippets" / "lab" / "tasks.py"


@pytest.fixture(scope="module")
def cells(notebook_runs) -> dict[str, object]:
    """section of tasks.py -> the workbook's executed code cell that includes it."""
    found = {}
    for cell in notebook_runs["lab-workbook.ipynb"].cells:
        for target in cell.metadata.get("course", {}).get("snippets", []):
            path, _, section = target.partition(":")
            if path == "lab/tasks.py":
                found[section] = cell
    return found


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def rows(cell) -> list[list[str]]:
    """The printed table's rows (after its header), split on runs of spaces."""
    lines = printed(cell).strip().splitlines()
    return [re.split(r"\s{2,}", line.strip()) for line in lines[1:]]


def test_every_task_section_is_a_cell_of_the_workbook_in_file_order(cells):
    sections = sorted(
        sections_of(TASKS.read_text(encoding="utf-8")).items(), key=lambda item: item[1]
    )
    assert list(cells) == [name for name, _ in sections]
    nb = notebooks.read(WORKBOOK.read_text(encoding="utf-8"), "lab-workbook.ipynb")
    includes = [
        inc.target
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for inc in find_includes(cell["source"])
    ]
    assert includes[:9] == [  # the lab's own code first, in the lab page's order
        "lab/classify.py:setup",
        "lab/classify.py:iris_data",
        "lab/classify.py:networks",
        "lab/classify.py:train",
        "lab/classify.py:iris_curves",
        "lab/classify.py:digits_data",
        "lab/classify.py:digits_train",
        "lab/linear_limits.py:rings",
        "lab/tasks.py:seeds",
    ]


def test_no_cell_printed_to_stderr_or_failed(page_runs):
    run = page_runs["lab-workbook.ipynb"]
    assert not isinstance(run, Exception), run
    assert run["stderr"] and not any(run["stderr"]), run["stderr"]


def test_seeds_gives_both_networks_three_seeds_each_with_its_own_split(cells):
    table = rows(cells["seeds"])
    assert [r[0] for r in table] == ["0", "1", "2"]
    accuracies = [float(a) for r in table for a in r[1:]]
    assert all(0.9 < a <= 1.0 for a in accuracies)
    assert len(set(accuracies)) > 2, "other seeds, other results: the seed must reach the runs"


def test_the_workbook_gets_the_lab_pages_numbers(page_runs, cells):
    """The workbook runs the lab's code in a kernel, the lab page runs it as a page
    program: the same code, the same results. Its seed-0 row, and the same runs in the
    other tables, are the lab page's numbers."""
    lab = page_runs["lab.md"]["values"]
    single, multi = f"{lab['digits_single_test']:.3f}", f"{lab['digits_multi_test']:.3f}"
    assert rows(cells["seeds"])[0][1:] == [single, multi]
    hidden = {r[0]: r[2] for r in rows(cells["hidden"])}
    assert (hidden["()"], hidden["(64, 32)"]) == (single, multi)
    none = rows(cells["regularisation"])[0]
    assert none[0] == "none" and none[1] == str(lab["digits_multi_best"]) and none[-1] == multi


def test_hidden_layers_counts_parameters_as_weights_plus_biases(cells):
    def mlp(*widths):
        return sum(a * b + b for a, b in itertools.pairwise(widths))

    table = {r[0]: int(r[1]) for r in rows(cells["hidden"])}
    assert table == {
        "()": mlp(64, 10),
        "(16,)": mlp(64, 16, 10),
        "(64, 32)": mlp(64, 64, 32, 10),
        "(128, 64)": mlp(64, 128, 64, 10),
    }


def test_optimizers_plain_sgd_needs_a_larger_learning_rate_than_adam(cells):
    """The lab's task 3 says so; at lr=0.01 plain SGD is far behind Adam on Iris."""
    table = {(r[0], float(r[1])): (int(r[2]), float(r[3])) for r in rows(cells["optimizers"])}
    assert set(table) == {(o, lr) for o in ("sgd", "momentum", "adam") for lr in (0.01, 0.1)}
    assert table["sgd", 0.01][1] > 2 * table["adam", 0.01][1]
    assert table["sgd", 0.1][1] < table["sgd", 0.01][1]


def test_regularisation_runs_the_three_variants(cells):
    table = {r[0]: r[1:] for r in rows(cells["regularisation"])}
    assert list(table) == ["none", "dropout 0.2", "l2 1e-3"]
    for best, best_loss, last_loss, test in table.values():
        assert int(best) >= 1 and float(last_loss) >= float(best_loss)  # kept the best epoch
        assert 0.9 < float(test) <= 1.0


def test_patience_draws_the_validation_loss_of_three_runs(cells):
    figures = [o for o in cells["patience"].outputs if "image/svg+xml" in o.get("data", {})]
    assert len(figures) == 1
    svg = figures[0]["data"]["image/svg+xml"]
    # the longest run first, under the two that stop early, each of which ends in a dot
    legend = re.findall(r"<text[^>]*>((?:patience \d+|no early stopping): test [\d.]+)</text>", svg)
    assert [t.split(":")[0] for t in legend] == ["no early stopping", "patience 20", "patience 5"]
    # markers in colour (tick marks are black): the two dots
    dots = re.findall(r'<use [^>]*style="fill: (#[0-9a-f]{6})', svg)
    assert len([c for c in dots if c != "#000000"]) == 2, dots


def test_a_third_input_lets_the_single_layer_separate_the_rings(cells):
    """Task 7: with x1² + x2² as an input, one flat border (a circle in the plane)
    separates the rings, which the lab's single-layer network could not (0.5)."""
    m = re.search(r"test accuracy (\d\.\d+)", printed(cells["rings"]))
    assert m and float(m[1]) >= 0.95
