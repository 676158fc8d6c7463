"""sitebuild.child, run as the page runner runs it (`python -I sitebuild/child.py request
result`): a page's blocks are one program in one namespace; what each block printed and
drew is kept per block, its figures in every language; an exception stops the program
and names its block and line; a module the page does not name cannot be imported, though
a probe for it may look."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitebuild import child
from sitebuild.runner import CHILD

FIGURE_TEXT = {
    "fr": {"epoch": "époque", "dropout {p}": "abandon {p}", "loss": "perte"},
    "sv": {},  # a language with no words for these figures: no copy of its own
}

PROGRAM = [
    "x = 6 * 7\nprint('x is', x)\n",
    "import matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots(num='demo-plot', figsize=(4, 3), dpi=100)\n"
    "ax.plot([0, 1], [1, 0], label='dropout 0.3')\n"
    "ax.set_xlabel('epoch')\n"
    "ax.set_ylabel('accuracy')\n"
    "ax.legend()\n"
    "print(x + 1)\n",
    "import numpy as np\n"
    "loss = np.array([0.25])\n"
    "vector = np.zeros(2)\n"
    "name = 'short'\n"
    "long_text = 'a' * 300\n"
    "_hidden = 5\n"
    "flag = True\n",
]


def run_child(tmp_path, blocks, blocked=(), figure_text=None) -> dict:
    request = {
        "blocks": blocks,
        "blocked": list(blocked),
        "extra_paths": [],
        "figure_text": figure_text or {},
    }
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(CHILD), "request.json", "result.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"MPLCONFIGDIR": str(tmp_path / "mpl"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> dict:
    return run_child(tmp_path_factory.mktemp("child"), PROGRAM, figure_text=FIGURE_TEXT)


def test_the_blocks_are_one_program_and_each_keeps_what_it_printed(result):
    assert result["error"] is None
    assert result["blocks"] == ["x is 42\n", "43\n", ""]


def test_simple_global_values_are_returned(result):
    assert result["values"] == {
        "x": 42,
        "loss": 0.25,  # a one-element array, as a number
        "name": "short",
        "flag": True,
    }  # not the long text, the vector, the modules or _private names


def test_a_figure_belongs_to_the_block_that_drew_it(result):
    (figure,) = result["figures"]
    assert figure["label"] == "demo-plot" and figure["block"] == 1
    assert (figure["width"], figure["height"]) == (400, 300)
    assert {"epoch", "accuracy", "dropout 0.3"} <= set(figure["texts"])
    assert ">epoch<" in figure["svg"] and figure["svg"].lstrip().startswith("<?xml")


def test_a_figure_is_drawn_again_with_each_languages_words(result):
    (figure,) = result["figures"]
    assert set(figure["svgs"]) == {"fr"}  # Swedish has no words for it: English serves
    french = figure["svgs"]["fr"]
    assert ">époque<" in french and ">epoch<" not in french
    assert ">abandon 0.3<" in french  # from the template "dropout {p}"
    assert ">accuracy<" in french  # no translation: left as it is
    assert ">epoch<" in figure["svg"]  # the English figure was put back


def test_where_it_ran_is_reported(result):
    run = result["run"]
    assert run["python"] == sys.version.split()[0] and run["date"]
    assert run["torch"] is None and run["device"] == "cpu"  # no torch imported


def test_an_exception_stops_the_program_and_names_its_block_and_line(tmp_path):
    blocks = [
        "def check(v):\n    if v > 1:\n        raise ValueError(f'{v} is too big')\n",
        "a = 1\nprint('before')\n",
        "print('partial')\ncheck(a)\ncheck(a + 1)\n",
        "print('never')\n",
    ]
    result = run_child(tmp_path, blocks)
    assert result["error"] == {
        "block": 2,
        "where": "<block 1> line 3",  # the innermost line of the page's code
        "type": "ValueError",
        "message": "2 is too big",
    }
    assert result["blocks"] == ["", "before\n", "partial\n"]
    assert result["values"] == {"a": 1}


def test_a_module_the_page_does_not_name_cannot_be_imported_but_may_be_probed(tmp_path):
    blocks = [
        "import importlib.util\n"
        "found = importlib.util.find_spec('sklearn') is not None\n"
        "print('probed')\n",
        "import sklearn.linear_model\n",
    ]
    result = run_child(tmp_path, blocks, blocked=["sklearn"])
    assert result["blocks"] == ["probed\n", ""]
    assert result["values"]["found"] is True  # installed, and the probe may see it
    error = result["error"]
    assert (error["block"], error["where"], error["type"]) == (
        1,
        "<block 2> line 1",
        "ModuleNotFoundError",
    )
    assert error["message"] == (
        "No module named 'sklearn': this page does not name it in its front matter (requires:)"
    )


# ---------------------------------------------------------------- its parts, in this process


def test_figure_words_are_translated_whole_or_by_template():
    table = FIGURE_TEXT["fr"]
    patterns = child.templates(table)
    assert child.translate("epoch", table, patterns) == "époque"
    assert child.translate("dropout 0.5", table, patterns) == "abandon 0.5"
    assert child.translate("dropout", table, patterns) == "dropout"
    assert child.translate("epochs", table, patterns) == "epochs"  # whole words only
    assert child.translate("my dropout 0.5", table, patterns) == "my dropout 0.5"


def test_simple_values_are_numbers_and_strings_and_one_element_tensors():
    import numpy as np
    import torch

    assert child.simple(3) == 3 and child.simple(2.5) == 2.5 and child.simple("s") == "s"
    assert child.simple(False) is False
    assert child.simple(torch.tensor(0.5)) == 0.5
    assert child.simple(torch.tensor([7])) == 7 and isinstance(child.simple(torch.tensor([7])), int)
    assert child.simple(torch.tensor([[True]])) is True
    assert child.simple(np.array([1.5])) == 1.5
    for other in (torch.zeros(2), np.zeros(3), [1], {"a": 1}, None, torch.nn.Linear(1, 1)):
        assert child.simple(other) is None, other


def test_the_blocker_refuses_imports_and_lets_probes_look(monkeypatch):
    import importlib
    import importlib.util

    name = "course_test_module_never_installed"
    blocker = child.Blocker([name])
    monkeypatch.setattr(sys, "meta_path", [blocker, *sys.meta_path])
    assert importlib.util.find_spec(name) is None  # a probe: not refused
    assert importlib.util.find_spec("json") is not None  # what is not blocked is found
    with pytest.raises(ModuleNotFoundError, match="this page does not name it") as caught:
        importlib.import_module(f"{name}.sub")
    assert caught.value.name == name
