"""snippets/lab/encoding.py: class indices and one-hot labels, CrossEntropyLoss and
NLLLoss, and the softmax-before-CrossEntropyLoss mistake, as the lab page states them:
the three ways agree, the mistake keeps the predicted classes but floors the loss at
log(1 + 2/e) for three classes and weakens the gradient; trainlab uses class indices and
raw scores. Claims that depend on the untrained network's weights are checked on five
seeds."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from support import ROOT, run_example, run_script
from trainlab import MLP
from trainlab.train import loss_function

SCRIPT = ROOT / "snippets" / "lab" / "encoding.py"
PAGE = ROOT / "docs" / "en" / "lab.md"
SOURCE = SCRIPT.read_text(encoding="utf-8")
SEEDS = range(5)
FLOOR = math.log(1 + 2 / math.e)  # the mistake's loss for a sure and right network, 3 classes


def run_with_seed(seed: int) -> dict:
    assert SOURCE.count("SEED = 0  #") == 1, "the script sets its seed in one place"
    return run_example(SCRIPT, source=SOURCE.replace("SEED = 0  #", f"SEED = {seed}  #"))


@pytest.fixture(scope="module")
def runs() -> dict[int, dict]:
    return {seed: run_with_seed(seed) for seed in SEEDS}


def scores(ns: dict) -> dict[str, torch.Tensor]:
    """The two sets of raw scores of the table: the untrained network's (its weights drawn
    again from the script's seed) and the sure network's."""
    torch.manual_seed(ns["SEED"])
    with torch.no_grad():
        untrained = MLP(4, 3).to(ns["device"])(ns["x"])
    return {"untrained": untrained, "sure": 10 * ns["one_hot"]}


def by_hand(z: torch.Tensor, y: torch.Tensor) -> float:
    """Cross-entropy written out: the mean of -log(e^z_y / sum_j e^z_j), in float64."""
    z = z.double()
    return (z.exp().sum(dim=1).log() - z[torch.arange(len(y)), y]).mean().item()


def test_labels_are_class_indices_and_their_one_hot_vectors(runs):
    ns = runs[0]
    y, one_hot = ns["y"], ns["one_hot"]
    assert y.dtype == torch.int64 and y.shape == (90,)
    assert one_hot.dtype == torch.float32 and one_hot.shape == (90, 3)
    assert torch.equal(one_hot.sum(dim=1), torch.ones(90))
    assert torch.equal(one_hot.argmax(dim=1), y)
    first = f"class indices: {y[:3].tolist()}  one-hot: {one_hot[:3].tolist()}"
    assert ns["_stdout"].splitlines()[0] == first


@pytest.mark.parametrize("seed", SEEDS)
def test_the_three_ways_agree_with_cross_entropy_by_hand(runs, seed):
    ns = runs[seed]
    for name, z in scores(ns).items():
        ce, nll, one_hot, _ = (v.item() for v in ns[name].values())
        assert list(ns["four_losses"](z).values()) == list(ns[name].values())
        expected = by_hand(z, ns["y"])
        assert ce == pytest.approx(expected, rel=1e-5, abs=1e-6)
        assert nll == pytest.approx(ce, rel=1e-6, abs=1e-7)
        assert one_hot == pytest.approx(ce, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_mistake_keeps_the_predicted_classes(runs, seed):
    z = scores(runs[seed])["untrained"]
    assert torch.equal(z.softmax(dim=1).argmax(dim=1), z.argmax(dim=1))


def test_the_mistake_cannot_go_below_log_1_plus_2_over_e():
    """Softmax first: scores in [0, 1], so the right class's score beats the others by at
    most 1. Sure and right reaches the floor; no scores go below it."""
    y = torch.tensor([0, 1, 2])
    sure = 1e3 * F.one_hot(y, 3).float()
    assert F.cross_entropy(sure.softmax(dim=1), y).item() == pytest.approx(FLOOR, rel=1e-6)
    torch.manual_seed(0)
    for _ in range(20):
        z = 10 * torch.randn(1000, 3)
        y = torch.randint(0, 3, (1000,))
        losses = F.cross_entropy(z.softmax(dim=1), y, reduction="none")
        assert losses.min().item() >= FLOOR - 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_the_table_shows_the_floor_and_a_near_zero_loss_when_sure(runs, seed):
    ce, _, _, mistake = (v.item() for v in runs[seed]["sure"].values())
    assert ce < 1e-3
    assert mistake == pytest.approx(FLOOR, abs=1e-3)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_mistake_weakens_the_gradient(runs, seed):
    """For the untrained network's scores: the gradient of the loss with respect to the
    scores is at least twice as large without the extra softmax."""
    ns = runs[seed]
    z = scores(ns)["untrained"].clone().requires_grad_()
    right = torch.autograd.grad(F.cross_entropy(z, ns["y"]), z)[0].norm()
    wrong = torch.autograd.grad(F.cross_entropy(z.softmax(dim=1), ns["y"]), z)[0].norm()
    assert right > 2 * wrong


def test_the_printed_table_is_the_four_losses(runs):
    ns = runs[0]
    lines = ns["_stdout"].splitlines()
    assert lines[1].split() == ["scores", "z:", "untrained", "sure"]
    untrained, sure = ns["untrained"], ns["sure"]
    assert list(untrained) == [
        "CrossEntropyLoss(z, y)",
        "NLLLoss(log_softmax(z), y)",
        "CrossEntropyLoss(z, one_hot)",
        "CrossEntropyLoss(softmax(z), y)",
    ]
    for row, line in zip(untrained, lines[2:], strict=True):
        assert line.split() == [*row.split(), f"{untrained[row]:.4f}", f"{sure[row]:.4f}"]


def test_cross_entropy_loss_is_numerically_stable_where_log_of_softmax_is_not():
    """The page: log-softmax inside the loss is one numerically stable step."""
    z, y = torch.tensor([[1000.0, 0.0]]), torch.tensor([1])
    assert F.cross_entropy(z, y).item() == pytest.approx(1000.0)
    assert math.isinf(F.nll_loss(z.softmax(dim=1).log(), y).item())  # softmax, then log


def test_trainlab_uses_class_indices_and_raw_scores():
    """Integer labels: cross-entropy; float targets (one-hot as floats): regression."""
    y = torch.tensor([0, 2, 1])
    assert isinstance(loss_function(y), torch.nn.CrossEntropyLoss)
    assert isinstance(loss_function(F.one_hot(y, 3).float()), torch.nn.MSELoss)
    last = list(MLP(4, 3, hidden=(8,)).modules())[-1]
    assert isinstance(last, torch.nn.Linear)  # raw scores out: no softmax in the model


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, runs):
    result = run_script(SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == runs[0]["_stdout"]
