"""snippets/overfitting/learning_curves.py: a wide network overfits a small noisy dataset.

Checks what the lesson claims: the turning epoch is where the validation loss is lowest;
after it the training loss keeps falling while the validation loss climbs well above its
minimum; and the turn is a real feature of the run, not of one seed (five seeds).
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
def test_turning_epoch_is_the_validation_minimum(runs, seed):
    ns = runs[seed]
    val = np.array(ns["val_losses"])
    assert len(val) == len(ns["train_losses"]) == 300
    assert ns["turn_epoch"] == int(np.argmin(val)) + 1  # epochs count from 1
    assert ns["best_val_loss"] == val.min()
    assert ns["final_val_loss"] == val[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_validation_turns_up_while_training_keeps_falling(runs, seed):
    ns = runs[seed]
    train, val = np.array(ns["train_losses"]), np.array(ns["val_losses"])
    turn = ns["turn_epoch"]
    assert 10 <= turn <= 100  # early in the 300 epochs: most of the run is overfitting
    assert val[0] > ns["best_val_loss"]  # it did come down first
    assert ns["final_val_loss"] > 1.3 * ns["best_val_loss"]  # and then climbed well above
    assert ns["final_train_loss"] < 0.6 * ns["train_loss_at_turn"]  # while training fell
    assert train[-1] < train[turn - 1 :].max()


@pytest.mark.parametrize("seed", SEEDS)
def test_after_the_turn_the_network_learns_the_flipped_labels(runs, seed):
    ns = runs[seed]
    assert 0.08 * 100 <= ns["n_flipped"] <= 0.22 * 100  # about 15% of 100
    assert ns["memorised_at_turn"] <= ns["n_flipped"] // 3  # few of them at the turn
    assert ns["memorised_at_end"] >= ns["memorised_at_turn"] + 4  # many more by the end


@pytest.mark.parametrize("seed", SEEDS)
def test_accuracy_moves_little_while_the_loss_climbs(runs, seed):
    """The page says accuracy barely moves: the loss grows on confident mistakes."""
    import torch

    ns = runs[seed]
    assert abs(ns["val_accuracy_at_end"] - ns["val_accuracy_at_turn"]) < 0.05
    x, y = ns["x_val"], ns["y_val"]
    with torch.no_grad():
        for net in (ns["snapshot_model"], ns["model"]):
            net.eval()
        wrong_at_turn = ns["snapshot_model"](x).argmax(dim=1) != y
        wrong_at_end = ns["model"](x).argmax(dim=1) != y
        loss_at_turn = torch.nn.functional.cross_entropy(
            ns["snapshot_model"](x)[wrong_at_turn], y[wrong_at_turn]
        )
        loss_at_end = torch.nn.functional.cross_entropy(
            ns["model"](x)[wrong_at_end], y[wrong_at_end]
        )
    assert loss_at_end > 1.5 * loss_at_turn  # mistakes made with much more confidence


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
