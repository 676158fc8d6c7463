"""snippets/training_tricks/initialisation.py: under N(0, 1) weights a layer's output
scale grows like √fan-in; Xavier (linear) and He (ReLU) keep it near one. On the way
back, sigmoid gradients vanish and ReLU gradients under N(0, 1) explode (the norms
checked against backpropagation by hand); hidden units that start equal stay equal.
Checked over five seeds, and the schemes' standard deviations against trainlab's
reference."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from support import ROOT, pyplot, run_example
from trainlab.models import init_std

plt = pyplot()

SCRIPT = ROOT / "snippets" / "training_tricks" / "initialisation.py"
SEEDS = range(5)

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def test_scheme_standard_deviations_match_trainlab(ns):
    for n_in, n_out in [(16, 16), (64, 10), (300, 100)]:
        assert ns["INIT_STD"]["N(0, 1)"](n_in, n_out) == init_std("normal", n_in, n_out)
        assert ns["INIT_STD"]["Xavier"](n_in, n_out) == pytest.approx(
            init_std("xavier", n_in, n_out)
        )
        assert ns["INIT_STD"]["He"](n_in, n_out) == pytest.approx(init_std("he", n_in, n_out))
        # Xavier's 2/(n_in+n_out) is the variance: the std is its square root
        assert ns["INIT_STD"]["Xavier"](n_in, n_out) ** 2 == pytest.approx(2 / (n_in + n_out))


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_init_grows_like_sqrt_fan_in_xavier_and_he_stay_near_one(ns, seed):
    scale = ns["layer_output_scale"]
    for n in ns["fan_ins"]:
        assert scale("N(0, 1)", n, seed=seed) / math.sqrt(n) == pytest.approx(1, abs=0.12)
        assert scale("Xavier", n, seed=seed) == pytest.approx(1, abs=0.12)
        assert scale("He", n, seed=seed) == pytest.approx(1, abs=0.12)


@pytest.mark.parametrize("seed", SEEDS)
def test_growth_exponent_is_one_half(ns, seed):
    """The slope of log(scale) against log(fan-in), refitted for each seed."""
    fan_ins = ns["fan_ins"]
    xs = [math.log(n) for n in fan_ins]
    ys = [math.log(ns["layer_output_scale"]("N(0, 1)", n, seed=seed)) for n in fan_ins]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True)) / sum(
        (a - mx) ** 2 for a in xs
    )
    assert slope == pytest.approx(0.5, abs=0.05)
    if seed == 0:
        assert ns["normal_growth_exponent"] == pytest.approx(slope)


def test_printed_table_and_page_values(ns):
    assert ns["normal_scale_1024"] == pytest.approx(32, rel=0.05)
    assert ns["xavier_scale_1024"] == pytest.approx(1, abs=0.05)
    assert ns["he_scale_1024"] == pytest.approx(1, abs=0.05)
    assert "to the power 0.51" in ns["_stdout"] or "to the power 0.50" in ns["_stdout"]


@pytest.mark.parametrize("seed", SEEDS)
def test_deep_relu_stack_explodes_fades_or_holds(ns, seed):
    scales = {init: ns["activation_scales"](init, seed=seed) for init in ns["INIT_STD"]}
    normal, xavier, he = scales["N(0, 1)"], scales["Xavier"], scales["He"]
    assert normal[-1] > 1e8  # about √(256/2) per layer
    ratios = [b / a for a, b in itertools.pairwise(normal)]
    assert all(math.sqrt(128) * 0.8 < r < math.sqrt(128) * 1.2 for r in ratios)
    assert xavier[-1] < 0.1  # each ReLU halves the mean square
    assert all(0.5 < s < 2 for s in he)  # He holds the scale near one


def test_figure_is_labelled(ns):
    fig = plt.figure("training-tricks-init-depth")
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["N(0, 1)", "Xavier", "He"]


# ---------------------------------------------------------------- gradients on the way back


def hand_backprop_norms(ns, activation: str, init: str, seed: int) -> list[float]:
    """The same weight-gradient norms as weight_gradient_norms, from the same random draws,
    with backpropagation written out by hand in float64 (no autograd)."""
    depth, width = 10, 256
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, width, generator=g).double()
    y = torch.randint(0, 10, (256,), generator=g)
    std = ns["INIT_STD"][init](width, width)
    weights = [(torch.randn(width, width, generator=g) * std).double() for _ in range(depth)]
    w_out = (torch.randn(10, width, generator=g) * ns["INIT_STD"][init](width, 10)).double()
    activations = [x]  # a_0 = x, a_l = f(a_{l-1} W_l^T)
    for w in weights:
        z = activations[-1] @ w.T
        activations.append(torch.sigmoid(z) if activation == "sigmoid" else z.clamp(min=0))
    p = torch.softmax(activations[-1] @ w_out.T, dim=1)
    delta = (p - torch.nn.functional.one_hot(y, 10).double()) / len(y)  # dL/dscores
    back = delta @ w_out  # dL/da_10
    norms = []
    for layer in reversed(range(depth)):
        a = activations[layer + 1]
        slope = a * (1 - a) if activation == "sigmoid" else (a > 0).double()
        dz = back * slope  # dL/dz of this layer
        norms.append((dz.T @ activations[layer]).norm().item())  # dL/dW = dz^T a_{l-1}
        back = dz @ weights[layer]
    return norms[::-1]


def gradient_norms(ns, activation: str, init: str, seed: int) -> tuple[list[float], float]:
    return ns["weight_gradient_norms"](ns["ACTIVATIONS"][activation], init, seed=seed)


@pytest.mark.parametrize("activation", ["sigmoid", "ReLU"])
@pytest.mark.parametrize("init", ["N(0, 1)", "Xavier", "He"])
def test_gradient_norms_agree_with_backpropagation_by_hand(ns, activation, init):
    norms, _ = gradient_norms(ns, activation, init, seed=3)
    assert norms == pytest.approx(hand_backprop_norms(ns, activation, init, seed=3), rel=2e-3)


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_gradients_vanish_unless_the_weights_saturate_it(ns, seed):
    runs = {init: gradient_norms(ns, "sigmoid", init, seed) for init in ns["INIT_STD"]}
    for init in ("Xavier", "He"):
        norms, loss = runs[init]
        assert all(a < b for a, b in itertools.pairwise(norms))  # smaller at every layer back
        assert norms[0] / norms[-1] < 1e-4
        assert loss < 3  # near ln 10 = 2.30: scores that say little
    xavier, he = runs["Xavier"][0], runs["He"][0]
    assert 3.5 < (xavier[-1] / xavier[0]) ** (1 / 9) < 5.5  # about 1/σ'(0) = 4 per layer
    assert xavier[0] / xavier[-1] < he[0] / he[-1] < 1e-3  # He helps, only a little
    normal, normal_loss = runs["N(0, 1)"]
    assert 0.5 < normal[0] / normal[-1] < 5  # level: no vanishing...
    assert normal_loss > 2 * math.log(10)  # ...but confidently wrong from the start


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_gradients_level_and_their_height_set_by_the_initialisation(ns, seed):
    runs = {init: gradient_norms(ns, "ReLU", init, seed)[0] for init in ns["INIT_STD"]}
    for norms in runs.values():
        assert 0.1 < norms[0] / norms[-1] < 2  # roughly level
    assert min(runs["N(0, 1)"]) > 1e9  # explode
    assert all(0.3 < g < 30 for g in runs["He"])  # near one
    assert max(runs["Xavier"]) < 0.1 < min(runs["He"])  # lower under Xavier


def test_gradient_page_values(ns):
    grads, ratio = ns["grads"], ns["ratio"]
    sigmoid_xavier = grads["sigmoid", "Xavier"][0]
    assert ns["sigmoid_xavier_ratio"] == sigmoid_xavier[0] / sigmoid_xavier[-1]
    assert ns["sigmoid_xavier_shrink"] == pytest.approx(ns["sigmoid_xavier_ratio"] ** (-1 / 9))
    assert ns["sigmoid_he_ratio"] == ratio["sigmoid", "He"]
    assert ns["sigmoid_normal_loss"] == grads["sigmoid", "N(0, 1)"][1]
    assert ns["relu_normal_smallest"] == min(grads["ReLU", "N(0, 1)"][0])
    assert ns["relu_he_ratio"] == ratio["ReLU", "He"]
    assert len(grads) == 6 and "layer 10" in ns["_stdout"]


def test_gradient_figure_is_labelled(ns):
    fig = plt.figure("training-tricks-gradient-flow")
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "ReLU"]
    assert all(ax.get_yscale() == "log" and ax.get_xlabel() == "layer" for ax in fig.axes)
    assert fig.axes[0].get_ylabel()
    legend = fig.axes[1].get_legend().get_texts()
    assert [t.get_text() for t in legend] == ["N(0, 1)", "Xavier", "He"]


# ---------------------------------------------------------------- breaking the symmetry


def unit_rows(model) -> torch.Tensor:
    """One row per hidden unit: its weights in, its bias and its weights out."""
    return torch.cat([model[0].weight, model[0].bias[:, None], model[2].weight.T], dim=1)


@pytest.mark.parametrize("init", ["zero", "constant"])
def test_equal_units_stay_equal_and_act_as_one(ns, init):
    model = ns["train_hidden_layer"](init)
    rows = unit_rows(model).detach()
    assert torch.equal(rows, rows[:1].expand_as(rows))  # every unit exactly the same
    if init == "zero":
        assert torch.equal(model[0].weight, torch.zeros_like(model[0].weight))  # never moved
    else:
        assert (model[0].weight - 0.5).abs().max() > 0.01  # moved, all together
    with torch.no_grad():
        scores = model(ns["disc_x"])
        assert (scores.argmax(dim=1) == 0).all()  # "outside" for every point
        # the same network with ONE hidden unit, its weights out summed, gives the same scores
        one = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.ReLU(), torch.nn.Linear(1, 2))
        one[0].weight.copy_(model[0].weight[:1])
        one[0].bias.copy_(model[0].bias[:1])
        one[2].weight.copy_(model[2].weight.sum(dim=1, keepdim=True))
        one[2].bias.copy_(model[2].bias)
        assert torch.allclose(one(ns["disc_x"]), scores, atol=1e-5)
    outside = (ns["disc_y"] == 0).float().mean().item()
    assert ns["outside_share"] == pytest.approx(outside)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_units_differ_and_learn_the_disc(ns, seed):
    model = ns["train_hidden_layer"]("random", seed=seed)
    assert len(unit_rows(model).detach().unique(dim=0)) == 16
    with torch.no_grad():
        accuracy = (model(ns["disc_x"]).argmax(dim=1) == ns["disc_y"]).float().mean().item()
    assert accuracy > 0.9


def test_symmetry_page_values(ns):
    assert ns["different"] == {"zero": 1, "constant": 1, "random": 16}
    accuracy = ns["accuracy"]
    assert accuracy["zero"] == accuracy["constant"] == pytest.approx(ns["outside_share"])
    assert accuracy["random"] > 0.9
    assert "different units: 16" in ns["_stdout"]
