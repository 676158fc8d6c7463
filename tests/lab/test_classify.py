"""snippets/lab/classify.py: the lab's four runs, its results table and learning curves.

Every number the lab page shows is a global of this file; these tests check those
numbers against plain PyTorch and against what the page says about them.
"""

from __future__ import annotations

import itertools
import re

import pytest
import torch
from support import ROOT, pyplot, run_example, run_script
from trainlab import MLP, evaluate, fit, load_digits, load_iris, scale_splits, split

plt = pyplot()

SCRIPT = ROOT / "snippets" / "lab" / "classify.py"
PAGE = ROOT / "docs" / "en" / "lab.md"
RUNS = ["iris_single", "iris_multi", "digits_single", "digits_multi"]


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def accuracy(model, data) -> float:
    """Fraction of correct argmax predictions, in plain PyTorch."""
    model.eval()
    with torch.no_grad():
        x, y = data.x.to(next(model.parameters()).device), data.y
        return (model(x).argmax(dim=1).cpu() == y).float().mean().item()


def test_splits_are_stratified_and_scaled_with_training_numbers(ns):
    iris, digits = ns["iris"], ns["digits"]
    assert (ns["n_iris_train"], ns["n_iris_val"], ns["n_iris_test"]) == (90, 30, 30)
    assert ns["n_digits"] == 1797 and ns["n_digits_features"] == 64
    for part in (iris.train, iris.val, iris.test):
        assert torch.bincount(part.y).tolist() == [len(part.y) // 3] * 3
    for data in (iris, digits):
        # the training inputs span [-1, 1] exactly; the others were scaled with its numbers
        assert data.train.x.min().item() == pytest.approx(-1.0)
        assert data.train.x.max().item() == pytest.approx(1.0)
        for part in (data.val, data.test):  # and stay close to that range
            assert part.x.abs().max().item() < 2.0


def test_parameter_counts_are_weights_plus_biases(ns):
    def mlp(*widths):
        return sum(a * b + b for a, b in itertools.pairwise(widths))

    assert ns["iris_single_params"] == mlp(4, 3) == 15
    assert ns["iris_multi_params"] == mlp(4, 64, 32, 3)
    assert ns["digits_single_params"] == mlp(64, 10)
    assert ns["digits_multi_params"] == mlp(64, 64, 32, 10)
    assert f"parameters: {mlp(4, 3)} and {mlp(4, 64, 32, 3)}" in ns["_stdout"]


def test_table_numbers_are_those_of_the_runs(ns):
    """Each cell recomputed: accuracies from the kept weights with plain PyTorch."""
    data = {"iris": ns["iris"], "digits": ns["digits"]}
    for run in RUNS:
        model, history, test_accuracy = ns[run]
        parts = data[run.split("_")[0]]
        best = history.best_epoch
        assert ns[f"{run}_epochs"] == history.epochs == len(history.val_loss)
        assert ns[f"{run}_best"] == best
        # early stopping restored the best epoch's weights: validation accuracy matches
        assert accuracy(model, parts.val) == pytest.approx(ns[f"{run}_val"])
        assert accuracy(model, parts.test) == pytest.approx(ns[f"{run}_test"]) == test_accuracy
        assert ns[f"{run}_train"] == history.train_accuracy[best - 1]


def test_every_network_beats_chance_by_a_wide_margin(ns):
    for run in RUNS:
        chance = 1 / 3 if run.startswith("iris") else 1 / 10
        floor = 0.8 if run.startswith("iris") else 0.9
        assert floor > 2 * chance
        for split_name in ("train", "val", "test"):
            assert ns[f"{run}_{split_name}"] > floor, (run, split_name)


def test_iris_curves_are_as_the_page_describes(ns):
    patience, max_epochs = ns["TRAINING"]["patience"], ns["TRAINING"]["epochs"]
    _, single, _ = ns["iris_single"]
    _, multi, _ = ns["iris_multi"]
    # single-layer: still improving when the epoch limit ends the run
    assert single.epochs == max_epochs and single.best_epoch == max_epochs
    assert not single.stopped_early
    # multi-layer: learns much faster, then its validation loss climbs; stopped early
    assert multi.stopped_early and multi.epochs == multi.best_epoch + patience
    assert multi.best_epoch < max_epochs / 4
    assert multi.val_loss[-1] > 2 * min(multi.val_loss)
    assert multi.train_loss[-1] < multi.train_loss[multi.best_epoch - 1]


def test_iris_networks_are_within_two_flowers_and_within_seed_noise(ns):
    """The gap between the networks is at most two flowers, and no larger than what
    another seed changes in the single-layer network's test accuracy on its own."""
    gap = abs(ns["iris_multi_test"] - ns["iris_single_test"])
    assert gap <= 2 / ns["n_iris_test"] + 1e-9
    shifts = [
        abs(iris_test_accuracy(seed, ns["TRAINING"]) - ns["iris_single_test"]) for seed in (1, 2)
    ]
    assert max(shifts) >= gap


def test_training_accuracy_is_above_test_accuracy_in_every_run(ns):
    for run in RUNS:
        assert ns[f"{run}_train"] > ns[f"{run}_test"], run


def test_digits_curves_are_as_the_page_describes(ns):
    patience = ns["TRAINING"]["patience"]
    for run in ("digits_single", "digits_multi"):
        _, history, _ = ns[run]
        best = history.best_epoch
        assert history.stopped_early and history.epochs == best + patience
        assert history.train_accuracy[best - 1] > 0.98  # "almost every training image"
        assert history.train_loss[-1] < history.train_loss[best - 1]  # keeps falling
        assert history.val_loss[-1] > min(history.val_loss)  # creeps back up


def iris_test_accuracy(seed: int, training: dict) -> float:
    """The page's single-layer Iris run with another seed, written out independently."""
    data = scale_splits(split(load_iris(), seed=seed))
    torch.manual_seed(seed)
    model = MLP(4, 3)
    fit(model, data.train, data.val, device="cpu", **{**training, "seed": seed})
    return evaluate(model, data.test, torch.nn.CrossEntropyLoss()).accuracy


def digits_test_accuracy(seed: int, hidden: tuple[int, ...], training: dict) -> float:
    """The page's recipe with another seed, written out independently."""
    data = scale_splits(split(load_digits(), seed=seed))
    torch.manual_seed(seed)
    model = MLP(64, 10, hidden=hidden)
    fit(model, data.train, data.val, device="cpu", **{**training, "seed": seed})
    return evaluate(model, data.test, torch.nn.CrossEntropyLoss()).accuracy


def test_multi_layer_network_is_at_least_as_good_on_digits_over_seeds(ns):
    """The page's run, and two more seeds. (Seeds 3 to 5 are left out: in their splits a
    pixel that is blank in every training image is not blank in some validation images,
    and scale_splits maps it to about 1e12, which derails early stopping.)"""
    assert ns["digits_multi_test"] >= ns["digits_single_test"]
    for seed in (1, 2):
        single = digits_test_accuracy(seed, (), ns["TRAINING"])
        multi = digits_test_accuracy(seed, (64, 32), ns["TRAINING"])
        assert multi >= single, (seed, single, multi)


def test_figures_are_drawn_with_the_labels_the_page_places(ns):
    figures = ns["_figures"]
    page = PAGE.read_text(encoding="utf-8")
    for label in ("lab-iris-curves", "lab-digits-samples", "lab-digits-curves"):
        assert label in figures
        assert f"](figure:{label})" in page
    for label in ("lab-iris-curves", "lab-digits-curves"):
        loss_ax, accuracy_ax = figures[label].axes
        assert (loss_ax.get_ylabel(), accuracy_ax.get_ylabel()) == ("loss", "accuracy")
        assert len(loss_ax.get_lines()) == 2 * 2 + 2  # 2 runs x (train, val) + 2 best epochs
    assert len(figures["lab-digits-samples"].axes) == 16


def test_printed_output_matches_the_data(ns):
    lines = ns["_stdout"].splitlines()
    assert "training (90, 4), validation (30, 4), test (30, 4)" in lines
    assert "flowers per species in the training set: [30, 30, 30]" in lines
    assert "training (1078, 64), validation (359, 64), test (360, 64)" in lines
    _, multi, _ = ns["iris_multi"]
    assert (
        f"multi-layer: {multi.epochs} epochs, best at epoch {multi.best_epoch}, "
        f"validation accuracy {multi.val_accuracy[multi.best_epoch - 1]:.3f}"
    ) in lines


def test_page_placeholders_are_numbers_of_this_program(ns):
    """Every {{ name }} of the lab page, except those of linear_limits.py and the build's
    install command (sitebuild/wheel.py), is a number here."""
    names = set(re.findall(r"\{\{\s*(\w+)", PAGE.read_text(encoding="utf-8")))
    ours = {n for n in names if not n.startswith("rings_") and n != "trainlab_install"}
    assert ours, "the page uses no placeholders from classify.py"
    for name in sorted(ours):
        assert name in ns, name
        assert isinstance(ns[name], int | float) and not isinstance(ns[name], bool), name


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, ns):
    result = run_script(SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ns["_stdout"]
