"""snippets/training_tricks/problem.py: the spirals, the model and the run helper that the
page's experiments share."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, import_lesson, run_script
from trainlab.fit import EarlyStopping

LESSON = ROOT / "snippets" / "training_tricks"
SCRIPT = LESSON / "problem.py"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def problem():
    return import_lesson(LESSON, "problem")


def test_spirals_are_fixed_balanced_and_in_range(problem):
    x, y = problem.train_data
    assert x.shape == (100, 2) and y.shape == (100,) and y.dtype == torch.int64
    assert int(y.sum()) == 50  # two balanced classes
    assert x.abs().max() < 1.8  # radius at most 1, plus noise with std 0.15
    x2, y2 = problem.make_spirals(100, seed=1)
    assert torch.equal(x.cpu(), x2.cpu()) and torch.equal(y, y2)  # its own generator
    assert len(problem.val_data[0]) == 1000
    assert not torch.equal(problem.make_spirals(100, seed=2)[0].cpu(), x.cpu())


def test_model_shape_and_size(problem):
    model = problem.make_model(width=8, depth=2, dropout=0.5)
    kinds = [type(m).__name__ for m in model]
    assert kinds == ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]
    n = sum(p.numel() for p in problem.make_model().parameters())
    assert n == (2 * 128 + 128) + (128 * 128 + 128) + (128 * 2 + 2)


def test_train_run_records_every_epoch_and_stops_early(problem):
    torch.manual_seed(0)
    model = problem.make_model(width=16)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    history = problem.train_run(model, optimizer, epochs=3)
    assert [len(v) for v in history.values()] == [3, 3, 3]
    assert history["train_loss"][-1] < history["train_loss"][0]

    stopper = EarlyStopping(patience=1, min_delta=10.0)  # nothing counts as improvement
    history = problem.train_run(model, optimizer, epochs=50, stopper=stopper)
    assert len(history["val_loss"]) == 2  # the first epoch sets the best, the second stops


def test_runs_as_a_script_from_any_folder(tmp_path):
    result = run_script(SCRIPT, tmp_path, env={"OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("after 100 epochs: train loss ")
