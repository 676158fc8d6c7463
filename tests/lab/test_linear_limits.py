"""snippets/lab/linear_limits.py: a single layer cannot separate two rings; two can."""

from __future__ import annotations

import math
import re

import pytest
import torch
from support import ROOT, pyplot, run_example, run_script

plt = pyplot()

SCRIPT = ROOT / "snippets" / "lab" / "linear_limits.py"
PAGE = ROOT / "docs" / "en" / "lab.md"


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def best_straight_line_accuracy(x: torch.Tensor, y: torch.Tensor) -> float:
    """The best any straight line does, searched over 360 directions and every offset."""
    best = 0.0
    for k in range(360):
        angle = 2 * math.pi * k / 360
        proj = x @ torch.tensor([math.cos(angle), math.sin(angle)])  # (N,)
        for threshold in proj:
            best = max(best, ((proj >= threshold).long() == y).float().mean().item())
    return best


def test_test_points_are_half_of_each_ring(ns):
    y = ns["rings"].test.y
    assert torch.bincount(y).tolist() == [len(y) // 2] * 2


def test_single_layer_is_no_better_than_guessing_one_class(ns):
    assert ns["rings_single_test"] <= 0.6


def test_no_straight_line_separates_the_rings(ns):
    """Not a training failure: even the best line leaves points of both rings on a side."""
    x, y = ns["rings"].test
    assert best_straight_line_accuracy(x, y) < 0.8


def test_multi_layer_separates_the_rings(ns):
    assert ns["rings_multi_test"] >= 0.95
    assert "test accuracy: single-layer" in ns["_stdout"]


def test_figure_and_placeholders_are_those_the_page_uses(ns):
    page = PAGE.read_text(encoding="utf-8")
    assert "](figure:lab-rings)" in page and "lab-rings" in ns["_figures"]
    assert len(ns["_figures"]["lab-rings"].axes) == 2
    names = {n for n in re.findall(r"\{\{\s*(\w+)", page) if n.startswith("rings_")}
    assert names == {"rings_single_test", "rings_multi_test"}
    for name in names:
        assert isinstance(ns[name], float)


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, ns):
    result = run_script(SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ns["_stdout"]
