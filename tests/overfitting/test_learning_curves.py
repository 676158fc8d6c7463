"""snippets/overfitting/learning_curves.py: a wide network overfits a small noisy dataset.

Checks what the lesson claims: only the training labels are flipped; the turning epoch
is where the validation loss is lowest; after it the training loss keeps falling while
the validation loss climbs well above its minimum, the accuracy falls and the mistakes
grow more confident; and the turn is a real feature of the run, not of one seed (five
seeds).
"""

from __future__ import annotations

import numpy as np
import pytest
from support import ROOT, pyplot, run_example, run_script

plt = pyplot()

SCRIPT = ROOT / "snippets" / "overfitting" / "learning_curves.py"
SOURCE = SCRIPT.read_text(encoding="utf-8")
SEEDS = range(5)


def run_with_seed(seed: int) -> dict:
    """The script's globals when it runs with another seed (data, initial weights)."""
    assert SOURCE.count("seed = 0\n") == 1, "the script sets its seed in one place"
    namespace = run_example(SCRIPT, source=SOURCE.replace("seed = 0\n", f"seed = {seed}\n"))
    plt.close("all")
    return namespace


@pytest.fixture(scope="module")
def runs() -> dict[int, dict]:
    return {seed: run_with_seed(seed) for seed in SEEDS}


def test_network_is_wide_for_its_data(runs):
    ns = runs[0]
    assert ns["n_parameters"] == (2 * 128 + 128) + (128 * 128 + 128) + (128 * 2 + 2)
    assert ns["n_parameters"] > 100 * len(ns["x_train"])
    assert len(ns["x_train"]) == 100 and len(ns["x_val"]) == 1000


@pytest.mark.parametrize("seed", SEEDS)
def test_only_the_training_labels_are_flipped(runs, seed):
    """The page: 15% of the training labels flipped; validation keeps the true labels."""
    ns = runs[seed]
    for x, y in [(ns["x_train"], ns["y_train"]), (ns["x_val"], ns["y_val"])]:
        clean = (x.pow(2).sum(dim=1) > 1.4).long()
        share_flipped = (y != clean).float().mean().item()
        if len(x) == 1000:
            assert share_flipped == 0.0
        else:
            assert 0.08 <= share_flipped <= 0.22


@pytest.mark.parametrize("seed", SEEDS)
def test_turning_epoch_is_the_validation_minimum(runs, seed):
    ns = runs[seed]
    val = np.array(ns["val_losses"])
    assert len(val) == len(ns["train_losses"]) == ns["n_epochs"] == 500
    assert ns["turn_epoch"] == int(np.argmin(val)) + 1  # epochs count from 1
    assert ns["best_val_loss"] == val.min()
    assert ns["final_val_loss"] == val[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_validation_turns_up_while_training_keeps_falling(runs, seed):
    ns = runs[seed]
    train, val = np.array(ns["train_losses"]), np.array(ns["val_losses"])
    turn = ns["turn_epoch"]
    assert 10 <= turn <= 0.4 * ns["n_epochs"]  # early: most of the run is overfitting
    assert val[0] > ns["best_val_loss"]  # it did come down first
    assert ns["final_val_loss"] > 1.3 * ns["best_val_loss"]  # and then climbed well above
    assert ns["final_train_loss"] < 0.6 * ns["train_loss_at_turn"]  # while training fell
    assert train[-1] < train[turn - 1 :].max()


@pytest.mark.parametrize("seed", SEEDS)
def test_after_the_turn_the_network_learns_the_flipped_labels(runs, seed):
    ns = runs[seed]
    assert 0.08 * 100 <= ns["n_flipped"] <= 0.22 * 100  # about 15% of 100
    assert ns["memorised_at_turn"] <= 0.4 * ns["n_flipped"]  # a few of them at the turn
    assert ns["memorised_at_end"] >= 0.7 * ns["n_flipped"]  # most of them by the end
    assert ns["memorised_at_end"] >= ns["memorised_at_turn"] + 4


@pytest.mark.parametrize("seed", SEEDS)
def test_accuracy_falls_and_mistakes_grow_more_confident(runs, seed):
    """The page: the validation accuracy fell too, and a validation point the network
    gets wrong costs far more at the end than at the turn."""
    import torch

    ns = runs[seed]
    assert ns["val_accuracy_at_end"] < ns["val_accuracy_at_turn"]
    assert ns["mistake_loss_at_end"] > 1.5 * ns["mistake_loss_at_turn"]
    x, y = ns["x_val"], ns["y_val"]
    with torch.no_grad():  # the same numbers, computed independently of check()
        for net, accuracy, mistake_loss in [
            (ns["snapshot_model"], ns["val_accuracy_at_turn"], ns["mistake_loss_at_turn"]),
            (ns["model"], ns["val_accuracy_at_end"], ns["mistake_loss_at_end"]),
        ]:
            net.eval()
            log_p = torch.log_softmax(net(x), dim=1)
            wrong = log_p.argmax(dim=1) != y
            assert accuracy == pytest.approx(1 - wrong.float().mean().item())
            losses = -log_p[torch.arange(len(y)), y]
            assert mistake_loss == pytest.approx(losses[wrong].mean().item(), rel=1e-4)


def test_snapshot_is_the_network_at_the_turning_epoch(runs):
    import torch

    ns = runs[0]
    ns["snapshot_model"].eval()
    with torch.no_grad():
        loss = torch.nn.functional.cross_entropy(ns["snapshot_model"](ns["x_val"]), ns["y_val"])
    assert loss.item() == pytest.approx(ns["best_val_loss"], rel=1e-5)


def test_losses_are_cross_entropies_of_the_final_model(runs):
    import torch

    ns = runs[0]
    model = ns["model"].eval()
    with torch.no_grad():
        for x, y, value in [
            (ns["x_train"], ns["y_train"], ns["final_train_loss"]),
            (ns["x_val"], ns["y_val"], ns["final_val_loss"]),
        ]:
            log_p = torch.log_softmax(model(x), dim=1)  # independent of nn.CrossEntropyLoss
            expected = -log_p[torch.arange(len(y)), y].mean().item()
            assert value == pytest.approx(expected, rel=1e-4)


def test_draws_one_labelled_figure(runs):
    assert runs[0]["_shown"] == ["overfitting-curves"]


def test_runs_as_a_script_in_a_fresh_interpreter():
    result = run_script(SCRIPT, ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "17154 parameters, 100 training examples"
    assert lines[1].startswith("validation loss is lowest after epoch")
