"""snippets/training_tricks/lr_decay.py: each schedule's learning rates against its
closed-form formula, epoch by epoch."""

from __future__ import annotations

import math

import pytest
from support import ROOT, pyplot, run_example

plt = pyplot()

SCRIPT = ROOT / "snippets" / "training_tricks" / "lr_decay.py"


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def test_schedules_follow_their_formulas(ns):
    exponential, step, cosine = ns["rates"].values()
    for t in range(100):
        assert exponential[t] == pytest.approx(0.1 * 0.98**t, rel=1e-9)
        assert step[t] == pytest.approx(0.1 * 0.5 ** (t // 30), rel=1e-9)
        assert cosine[t] == pytest.approx(0.05 * (1 + math.cos(math.pi * t / 100)), abs=1e-9)


def test_page_values(ns):
    assert ns["lr_exponential_50"] == pytest.approx(0.1 * 0.98**50)
    assert ns["lr_step_50"] == pytest.approx(0.05)
    assert ns["lr_cosine_50"] == pytest.approx(0.05)
    ax = plt.figure("training-tricks-lr-decay").axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 3
