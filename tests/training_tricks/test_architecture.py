"""snippets/training_tricks/architecture.py: parameter counts, and the page's reading of
the four widths (training loss falls with width; validation loss is lowest in between)."""

from __future__ import annotations

import pytest
from support import ROOT, import_lesson

LESSON = ROOT / "snippets" / "training_tricks"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def arch():
    return import_lesson(LESSON, "architecture")


def test_parameter_counts(arch):
    for width, (n_params, *_rest) in arch.width_results.items():
        assert n_params == (2 * width + width) + (width * width + width) + (2 * width + 2)


def test_training_loss_falls_with_width_validation_loss_does_not(arch):
    widths = sorted(arch.width_results)
    train = [arch.width_results[w][1] for w in widths]
    val = {w: arch.width_results[w][2] for w in widths}
    assert train == sorted(train, reverse=True)
    assert arch.best_width not in (widths[0], widths[-1])
    assert val[widths[-1]] > val[arch.best_width]
    assert arch.params_largest > 1000 * arch.n_train  # far more parameters than points
