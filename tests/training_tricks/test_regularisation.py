"""snippets/training_tricks/regularisation.py: early stopping keeps the best epoch, the
penalties shrink the weights (L1 the most towards zero), averaging never loses on the
cross-entropy."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, import_lesson, pyplot
from trainlab.train import evaluate, weight_penalty

plt = pyplot()

LESSON = ROOT / "snippets" / "training_tricks"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def reg():
    yield import_lesson(LESSON, "regularisation")
    plt.close("all")


def test_early_stopping_stops_patience_epochs_after_the_best_and_restores_it(reg):
    assert reg.stopped_epoch == reg.best_epoch + reg.stopper.patience
    assert reg.stopped_epoch < 100
    losses = reg.history["val_loss"]
    assert reg.best_val_loss == min(losses) == losses[reg.best_epoch - 1]
    model = reg.make_model()
    model.load_state_dict(reg.stopper.best_state)  # what restore_best gave back
    restored = evaluate(model, reg.val_data, torch.nn.CrossEntropyLoss()).loss
    assert restored == pytest.approx(reg.best_val_loss, rel=1e-5)


def test_early_stopped_run_is_the_full_run_cut_short(reg):
    """Same seed, same data, no dropout: the two runs agree epoch by epoch."""
    full = reg.runs[0.0][0]["val_loss"][: reg.stopped_epoch]
    assert reg.history["val_loss"] == pytest.approx(full, rel=1e-4)
    assert reg.full_run_final_loss > reg.best_val_loss


def test_penalties_lower_validation_loss_and_shrink_weights(reg):
    r = reg.penalty_results
    assert reg.val_loss_l2 < reg.val_loss_none and reg.val_loss_l1 < reg.val_loss_none
    assert r["L2"]["sum_of_squares"] < r["none"]["sum_of_squares"] / 5
    assert r["L1"]["sum_of_squares"] < r["none"]["sum_of_squares"] / 5
    assert reg.near_zero_l1 > reg.near_zero_l2 > reg.near_zero_none  # L1 the sparsest


def test_weight_penalty_is_l1_abs_plus_half_l2_squares():
    w = [torch.tensor([[1.0, -2.0]]), torch.tensor([[3.0]])]
    assert weight_penalty(w, l1=0.1) == pytest.approx(0.1 * 6)
    assert weight_penalty(w, l2=0.1) == pytest.approx(0.05 * 14)


def test_model_averaging_matches_a_mean_of_softmaxes_and_never_loses_on_loss(reg):
    x = reg.val_data[0]
    with torch.no_grad():
        probs = torch.stack([m.eval()(x).softmax(dim=1) for m in reg.members]).mean(dim=0)
    torch.testing.assert_close(reg.probs, probs)
    # -log is convex: the loss of the average is at most the average loss (Jensen)
    assert reg.averaged_loss <= reg.member_loss + 1e-6
    members_losses = [h["val_loss"][-1] for h in reg.runs[0.0]]
    assert reg.member_loss == pytest.approx(sum(members_losses) / len(members_losses))


def test_figure_is_labelled(reg):
    ax = plt.figure("training-tricks-early-stopping").axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "validation loss"
    assert len(ax.get_legend().get_texts()) == 4
