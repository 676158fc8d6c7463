"""snippets/overfitting/bias_variance.py: the bias-variance trade-off, measured.

Least squares is linear in y, so bias² and variance have exact formulas: the average fit
is the fit to the noise-free curve, and the variance of the fit at x is
σ² φ(x)ᵀ (XᵀX)⁻¹ φ(x). The script measures them from 500 noisy training sets; here numpy
computes them exactly, and the lesson's claims are checked against both, over five seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
from support import ROOT, pyplot, run_example, run_script

plt = pyplot()

SCRIPT = ROOT / "snippets" / "overfitting" / "bias_variance.py"
SOURCE = SCRIPT.read_text(encoding="utf-8")
SEEDS = range(5)


def run_with_seed(seed: int) -> dict:
    assert SOURCE.count("torch.manual_seed(0)\n") == 1, "the script seeds in one place"
    source = SOURCE.replace("torch.manual_seed(0)\n", f"torch.manual_seed({seed})\n")
    namespace = run_example(SCRIPT, source=source)
    plt.close("all")
    return namespace


@pytest.fixture(scope="module")
def runs() -> dict[int, dict]:
    return {seed: run_with_seed(seed) for seed in SEEDS}


@pytest.fixture(scope="module")
def exact(runs) -> dict[str, np.ndarray]:
    """Exact bias², variance and expected validation error for each degree (numpy)."""
    ns = runs[0]
    x, grid, sigma = ns["x_points"].numpy(), ns["x_grid"].numpy(), ns["noise"]
    f_x, f_grid = np.sin(np.pi * x), np.sin(np.pi * grid)
    bias2, var = [], []
    for degree in ns["degrees"]:
        features = np.vander(x, degree + 1, increasing=True)  # (N, P)
        grid_features = np.vander(grid, degree + 1, increasing=True)  # (G, P)
        hat = grid_features @ np.linalg.pinv(features)  # (G, N): fit on the grid = hat @ y
        bias2.append(np.mean((hat @ f_x - f_grid) ** 2))
        var.append(sigma**2 * np.mean(np.sum(hat**2, axis=1)))
    bias2, var = np.array(bias2), np.array(var)
    return {"bias2": bias2, "variance": var, "val": bias2 + var + sigma**2}


@pytest.mark.parametrize("seed", SEEDS)
def test_measured_bias_and_variance_match_the_formulas(runs, exact, seed):
    ns = runs[seed]
    n_sets = ns["n_sets"]
    np.testing.assert_allclose(ns["variance"], exact["variance"], rtol=0.1)
    # the measured bias² also holds the scatter of the average of n_sets fits: variance/n_sets
    tolerance = 0.05 * exact["bias2"] + 5 * exact["variance"] / n_sets
    assert np.all(np.abs(np.array(ns["bias_squared"]) - exact["bias2"]) <= tolerance)
    np.testing.assert_allclose(ns["val_mse"], exact["val"], rtol=0.1)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_trade_off(runs, exact, seed):
    ns = runs[seed]
    train = np.array(ns["train_mse"])
    assert np.all(np.diff(train) <= 1e-12)  # more parameters never fit the training set worse
    # the validation error has an interior minimum, where the exact expectation has it
    assert ns["best_degree"] == int(np.argmin(exact["val"])) == 3
    val = np.array(ns["val_mse"])
    assert val[0] > 2 * val.min() and val[-1] > 2 * val.min()
    # bias² falls and variance grows with the degree (exactly, in expectation)
    assert np.all(np.diff(exact["bias2"]) <= 1e-12)
    assert np.all(np.diff(exact["variance"]) > 0)
    # left of the best degree bias² dominates, right of it variance; bias² ends near zero
    best = ns["best_degree"]
    assert np.all(exact["bias2"][:best] > exact["variance"][:best])
    assert np.all(exact["variance"][best + 1 :] > exact["bias2"][best + 1 :])
    assert exact["bias2"][-1] < 1e-3
    # validation error = bias² + variance + noise, as measured
    np.testing.assert_allclose(
        val, np.array(ns["bias_squared"]) + np.array(ns["variance"]) + ns["noise_floor"], rtol=0.05
    )


def test_odd_curve_makes_even_degrees_add_nothing(exact):
    # sin(πx) is odd and the points are symmetric: degree 2k fits as well as degree 2k - 1
    bias2 = exact["bias2"]
    np.testing.assert_allclose(bias2[2::2], bias2[1:-1:2], rtol=1e-6, atol=1e-12)


def test_draws_one_labelled_figure(runs):
    assert runs[0]["_shown"] == ["overfitting-bias-variance"]


def test_runs_as_a_script_in_a_fresh_interpreter():
    result = run_script(SCRIPT, ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["degree", "training", "validation", "bias²", "variance"]
    assert len(lines) == 1 + 13
