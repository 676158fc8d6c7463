"""snippets/training_tricks/regularisation.py: early stopping keeps the best epoch; with
SGD the penalties shrink the weights (L1 to zero, L2 in proportion); with Adam an L2 term
switches weights off like L1 while AdamW decays them; averaging never loses to the
members' mean cross-entropy, though it can lose to the best member. Claims that depend
on the seed are checked on each of the page's seeds."""

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
    plt.close("training-tricks-early-stopping")  # its own figure: dropout.py's stays open


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


def per_seed(results, key):
    return [r[key] for r in results]


def by_seed(results, names, key):
    """For each seed, the value of `key` in each of the runs `names`: (none, L2, L1), ..."""
    return list(zip(*(per_seed(results[name], key) for name in names), strict=True))


def test_penalty_comparison_uses_sgd_with_momentum_and_three_seeds(reg):
    assert list(reg.penalty_seeds) == [0, 1, 2]
    assert all(len(r) == 3 for r in reg.penalty_results.values())
    assert all(len(r) == 3 for r in reg.adam_results.values())
    torch.manual_seed(0)
    optimizer = reg.sgd(reg.make_model())
    assert isinstance(optimizer, torch.optim.SGD)
    assert optimizer.defaults["momentum"] == 0.9 and optimizer.defaults["lr"] == 0.1
    assert reg.sum_sq_l2 == pytest.approx(
        sum(per_seed(reg.penalty_results["L2"], "sum_of_squares")) / 3
    )


def test_with_sgd_both_penalties_shrink_the_weights_on_every_seed(reg):
    """The page: the sum of squares fell with both; each seed gave the same picture."""
    r = reg.penalty_results
    for none, l2, l1 in by_seed(r, ("none", "L2", "L1"), "sum_of_squares"):
        assert l2 < none / 2 and l1 < none / 2


def test_with_sgd_l1_switches_weights_off_and_l2_hardly_any(reg):
    """L2 shrinks in proportion (hardly any weight at zero), L1 zeroes most of them."""
    r = reg.penalty_results
    for none, l2, l1 in by_seed(r, ("none", "L2", "L1"), "near_zero"):
        assert none < 0.05 and l2 < 0.1  # "hardly any"
        assert l1 > 0.9  # "the few weights left do all the work"
        assert l1 > l2 >= none
    assert reg.at_zero == 1e-3  # the page's "below 0.001"


def test_with_sgd_the_validation_loss_hardly_moves_and_barely_rises(reg):
    """The page: the penalties barely moved the validation loss, because SGD at this
    learning rate hardly overfits in 100 epochs (unlike Adam, below)."""
    r = reg.penalty_results
    for key in ("none", "L2", "L1"):
        for result in r[key]:
            assert result["val_loss"] == pytest.approx(reg.val_loss_none, abs=0.03)
    for result in r["none"]:
        assert result["val_loss"] - result["lowest_val_loss"] < 0.05  # barely rises


def test_adamw_decays_as_much_per_step_as_sgds_l2_term(reg):
    assert reg.decay_per_step_adamw == pytest.approx(reg.decay_per_step_sgd)
    assert reg.decay_per_step_adamw == pytest.approx(0.003)
    torch.manual_seed(0)
    optimizer = reg.adamw(reg.make_model())
    assert isinstance(optimizer, torch.optim.AdamW)
    decayed, kept = optimizer.param_groups
    assert all(p.ndim == 2 for p in decayed["params"]) and decayed["weight_decay"] == 0.3
    assert all(p.ndim == 1 for p in kept["params"]) and kept["weight_decay"] == 0.0


def test_adamw_step_is_decay_then_adams_step():
    """The page's formula: w <- (1 - lr·λ) w - lr·m̂/(√ŝ + ε), against Adam's first step."""
    w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    v = w.detach().clone().requires_grad_()
    g = torch.tensor([0.3, 0.1, -0.2])
    adamw = torch.optim.AdamW([w], lr=0.01, weight_decay=0.3)
    adam = torch.optim.Adam([v], lr=0.01)
    w.grad, v.grad = g.clone(), g.clone()
    adamw.step()
    adam.step()
    expected = (1 - 0.01 * 0.3) * torch.tensor([1.0, -2.0, 0.5]) + (
        v.detach() - torch.tensor([1.0, -2.0, 0.5])
    )
    torch.testing.assert_close(w.detach(), expected)


def test_with_adam_the_l2_term_switches_weights_off_and_adamw_does_not(reg):
    r = reg.adam_results
    for plain, l2, decoupled in by_seed(r, ("Adam", "Adam + L2", "AdamW"), "near_zero"):
        assert plain < 0.05
        assert l2 > 0.5  # like L1: most weights at zero
        assert decoupled < 0.1 and decoupled < l2 / 5  # like SGD's L2: hardly any
    assert reg.near_zero_adamw == pytest.approx(reg.near_zero_l2, abs=0.03)  # "about as few"
    assert reg.sum_sq_adam_l2 < reg.sum_sq_adamw < reg.sum_sq_adam  # AdamW shrank them less


def test_with_adam_both_lower_the_validation_loss_on_every_seed(reg):
    r = reg.adam_results
    for plain, l2, decoupled in by_seed(r, ("Adam", "Adam + L2", "AdamW"), "val_loss"):
        assert l2 < plain and decoupled < plain
    for result in r["Adam"]:  # "Adam, unlike SGD here, does overfit"
        assert result["val_loss"] - result["lowest_val_loss"] > 0.1
    # Adam without a penalty is the dropout comparison's runs, not new ones
    assert per_seed(r["Adam"], "val_loss") == [h["val_loss"][-1] for h in reg.runs[0.0][:3]]


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


def test_model_averaging_can_lose_to_the_best_member(reg):
    """The page: the average beats the members' mean loss, but not the best member."""
    members_losses = [h["val_loss"][-1] for h in reg.runs[0.0]]
    assert reg.best_member_loss == min(members_losses)
    assert reg.best_member_loss < reg.averaged_loss < reg.member_loss


def test_figure_is_labelled(reg):
    ax = plt.figure("training-tricks-early-stopping").axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "validation loss"
    assert len(ax.get_legend().get_texts()) == 4
