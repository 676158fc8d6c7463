"""snippets/training_tricks/batch_norm.py: BatchNorm1d against its formula, in training
mode (batch statistics) and in evaluation mode (running statistics); and what the page
says the deep networks' runs show, on the page's seeds and two more."""

from __future__ import annotations

import math

import pytest
import torch
from support import ROOT, pyplot, run_example

plt = pyplot()

SCRIPT = ROOT / "snippets" / "training_tricks" / "batch_norm.py"


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def test_training_mode_normalises_with_the_batch_statistics(ns):
    h, out = ns["h"], ns["out"]
    assert ns["bn_gap"] < 1e-5
    torch.testing.assert_close(out.mean(dim=0), torch.zeros(4), atol=1e-5, rtol=0)
    torch.testing.assert_close(out.std(dim=0, unbiased=False), torch.ones(4), atol=1e-3, rtol=0)
    assert (h.mean(dim=0) - 5).abs().max() < 1.5  # the input really was far from (0, 1)


def test_evaluation_mode_uses_the_running_statistics(ns):
    bn = ns["bn"]
    assert not bn.training
    torch.testing.assert_close(bn.running_mean, torch.full((4,), 5.0), atol=0.3, rtol=0)
    torch.testing.assert_close(bn.running_var.sqrt(), torch.full((4,), 3.0), atol=0.3, rtol=0)
    x = torch.full((1, 4), 8.0)
    expected = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    torch.testing.assert_close(bn(x), expected)
    torch.testing.assert_close(bn(x), torch.ones(1, 4), atol=0.15, rtol=0)


def test_a_batch_of_one_fails_in_training_mode(ns):
    bn = torch.nn.BatchNorm1d(4)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(torch.ones(1, 4))


def layer_types(model):
    return [type(m).__name__ for m in model]


def test_batch_norm_sits_where_each_network_says(ns):
    depth = ns["DEPTH"]
    assert layer_types(ns["deep_mlp"]("none")) == ["Linear", "ReLU"] * depth + ["Linear"]
    assert layer_types(ns["deep_mlp"]("before")) == ["Linear", "BatchNorm1d", "ReLU"] * depth + [
        "Linear"
    ]
    assert layer_types(ns["deep_mlp"]("after")) == ["Linear", "ReLU", "BatchNorm1d"] * depth + [
        "Linear"
    ]
    assert 6 <= depth <= 10  # deep, as the page says, and still seconds on a CPU


def test_the_deep_networks_start_from_he_initialisation(ns):
    torch.manual_seed(0)
    hidden = [m for m in ns["deep_mlp"]("none") if isinstance(m, torch.nn.Linear)][1:-1]
    weights = torch.cat([m.weight.flatten() for m in hidden])
    assert weights.std().item() == pytest.approx(math.sqrt(2 / ns["WIDTH"]), rel=0.05)
    assert all(not m.bias.any() for m in hidden)


def test_prior_loss_is_what_a_guess_from_the_class_shares_gets(ns):
    counts = torch.bincount(ns["data_y"]).tolist()
    n = sum(counts)
    assert ns["prior_loss"] == pytest.approx(-sum(c / n * math.log(c / n) for c in counts))
    shares = torch.tensor(counts, dtype=torch.float) / n
    logits = shares.log().expand(n, -1)  # the same guess for every point
    loss = torch.nn.functional.cross_entropy(logits, ns["data_y"]).item()
    assert loss == pytest.approx(ns["prior_loss"], rel=1e-5)
    assert min(counts) > 0.1 * n  # 4 real classes, none nearly empty


def test_the_page_numbers_are_the_runs_means(ns):
    final, seeds = ns["final"], ns["SEEDS"]
    assert ns["n_seeds"] == len(seeds) >= 3
    assert (ns["lr_low"], ns["lr_high"]) == ns["LEARNING_RATES"]
    assert ns["lr_high"] == pytest.approx(10 * ns["lr_low"])  # "ten times that"
    for name, key in [
        ("loss_none_low", ("none", ns["lr_low"])),
        ("loss_before_low", ("before", ns["lr_low"])),
        ("loss_after_low", ("after", ns["lr_low"])),
        ("loss_before_high", ("before", ns["lr_high"])),
        ("loss_after_high", ("after", ns["lr_high"])),
    ]:
        assert ns[name] == pytest.approx(sum(final[key]) / len(seeds)), name
    assert ns["diverged_none_high"] == sum(math.isnan(x) for x in final["none", ns["lr_high"]])
    for (norm, lr), curves in ns["runs"].items():
        assert len(curves) == len(seeds) and all(len(c) == ns["EPOCHS"] for c in curves)
        printed = f"η = {lr:<4g}{ns['PLACES'][norm]:<23}" + "".join(f"{c[-1]:7.3f}" for c in curves)
        assert printed in ns["_stdout"]


def check_claims(runs_of, prior_loss, lr_low, lr_high):
    """What the page says about one seed's runs: {(place, lr): final training loss}."""
    # at the usual learning rate, batch normalisation (either place) ends lower
    assert runs_of["before", lr_low] < runs_of["none", lr_low]
    assert runs_of["after", lr_low] < runs_of["none", lr_low]
    # ten times higher: without it, the loss stays near the guess, or becomes NaN ...
    plain = runs_of["none", lr_high]
    assert math.isnan(plain) or abs(plain - prior_loss) < 0.15 * prior_loss
    # ... and with it, both still train, further than the plain network at the usual rate
    for norm in ("before", "after"):
        assert math.isfinite(runs_of[norm, lr_high])
        assert runs_of[norm, lr_high] < min(0.5 * prior_loss, runs_of["none", lr_low] + 0.05)


def test_what_the_page_says_holds_for_each_of_its_seeds(ns):
    for i in range(ns["n_seeds"]):
        runs_of = {key: finals[i] for key, finals in ns["final"].items()}
        check_claims(runs_of, ns["prior_loss"], ns["lr_low"], ns["lr_high"])
    assert ns["diverged_none_high"] >= 1  # "or becomes NaN": it happens on the page


@pytest.mark.parametrize("seed", [3, 4])
def test_what_the_page_says_holds_for_other_seeds(ns, seed):
    runs_of = {
        (norm, lr): ns["training_losses"](norm, lr, seed)[-1]
        for lr in ns["LEARNING_RATES"]
        for norm in ns["PLACES"]
    }
    check_claims(runs_of, ns["prior_loss"], ns["lr_low"], ns["lr_high"])


def test_the_figure_shows_every_run_in_two_labelled_panels(ns):
    assert "training-tricks-batch-norm" in ns["_shown"]
    fig = ns["_figures"]["training-tricks-batch-norm"]
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == [f"η = {lr:g}" for lr in ns["LEARNING_RATES"]]
    assert all(ax.get_xlabel() == "epoch" for ax in axes)
    assert axes[0].get_ylabel() == "training loss"
    assert all(len(ax.lines) == 3 * ns["n_seeds"] for ax in axes)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == list(ns["PLACES"].values())
