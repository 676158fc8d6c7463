"""snippets/training_tricks/initialisation.py: under N(0, 1) weights a layer's output
scale grows like √fan-in; Xavier (linear) and He (ReLU) keep it near one. Checked over
five seeds, and the schemes' standard deviations against trainlab's reference."""

from __future__ import annotations

import itertools
import math

import pytest
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
