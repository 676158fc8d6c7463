"""snippets/overfitting/few_points.py: a line against a degree-6 polynomial on seven points.

Checks what the lesson claims: the fits are the least-squares fits (against numpy.polyfit
and the normal equations), the polynomial passes through every training point, and it
validates worse than the line, at the page's seed and over many fresh draws of the noise.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from support import ROOT, pyplot, run_example, run_script

plt = pyplot()

SCRIPT = ROOT / "snippets" / "overfitting" / "few_points.py"


@pytest.fixture(scope="module")
def ns():
    """The script's globals, plus the labels of the figures shown (as `_shown`)."""
    namespace = run_example(SCRIPT)
    plt.close("all")
    return namespace


def test_fits_are_least_squares(ns):
    x, y = ns["x_train"].numpy(), ns["y_train"].numpy()
    for coefficients, degree in [(ns["line"], 1), (ns["poly"], 6)]:
        # numpy.polyfit lists the highest power first; ours lists the constant first
        np.testing.assert_allclose(coefficients.numpy(), np.polyfit(x, y, degree)[::-1], atol=1e-8)
        features = np.vander(x, degree + 1, increasing=True)  # normal equations: (XᵀX) c = Xᵀy
        normal = np.linalg.solve(features.T @ features, features.T @ y)
        np.testing.assert_allclose(coefficients.numpy(), normal, atol=1e-6)


def test_errors_are_mean_squared_errors(ns):
    x, y = ns["x_val"].numpy(), ns["y_val"].numpy()
    line_val = np.mean((np.polyval(ns["line"].numpy()[::-1], x) - y) ** 2)
    assert ns["line_val_mse"] == pytest.approx(line_val, rel=1e-9)
    poly_val = np.mean((np.polyval(ns["poly"].numpy()[::-1], x) - y) ** 2)
    assert ns["poly_val_mse"] == pytest.approx(poly_val, rel=1e-9)


def test_polynomial_fits_training_points_but_validates_worse(ns):
    # seven parameters, seven points: the polynomial goes through every one of them
    assert ns["poly_train_mse"] < 1e-20
    assert ns["poly_train_mse"] < ns["line_train_mse"]
    assert ns["poly_val_mse"] > 2 * ns["line_val_mse"]  # what the page's table shows
    # "the line's training and validation errors are close to each other"
    assert abs(ns["line_val_mse"] - ns["line_train_mse"]) < 0.1


def test_over_twenty_seeds(ns):
    """Training error: always lower (an interpolation). Validation error: higher, mostly."""
    fit, mse, true_line, noise = ns["fit_polynomial"], ns["mse"], ns["true_line"], ns["noise"]
    x = ns["x_train"]
    worse = 0
    for seed in range(20):
        g = torch.Generator().manual_seed(seed)
        y = true_line(x) + noise * torch.randn(7, generator=g, dtype=torch.float64)
        x_val = 2 * torch.rand(200, generator=g, dtype=torch.float64) - 1
        y_val = true_line(x_val) + noise * torch.randn(200, generator=g, dtype=torch.float64)
        line, poly = fit(x, y, 1), fit(x, y, 6)
        assert mse(poly, x, y) < mse(line, x, y)
        worse += mse(poly, x_val, y_val) > mse(line, x_val, y_val)
    assert worse >= 18  # "almost always", not "always": the page says how often


def test_share_of_draws_matches_an_independent_count(ns):
    assert ns["n_draws"] == 1000
    assert 0.95 <= ns["share_poly_worse"] < 1  # the page: "almost always, but not always"
    rng = np.random.default_rng(1)  # the same experiment in numpy, with its own noise
    x = ns["x_train"].numpy()
    worse = 0
    for _ in range(1000):
        y = 2 * x + 1 + 0.5 * rng.standard_normal(7)
        x_val = rng.uniform(-1, 1, 200)
        y_val = 2 * x_val + 1 + 0.5 * rng.standard_normal(200)
        errors = [np.mean((np.polyval(np.polyfit(x, y, d), x_val) - y_val) ** 2) for d in (1, 6)]
        worse += errors[1] > errors[0]
    assert abs(worse / 1000 - ns["share_poly_worse"]) < 0.03


def test_draws_one_labelled_figure(ns):
    assert ns["_shown"] == ["overfitting-fits"]


def test_runs_as_a_script_in_a_fresh_interpreter():
    result = run_script(SCRIPT, ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("line:") and lines[1].startswith("polynomial:")
