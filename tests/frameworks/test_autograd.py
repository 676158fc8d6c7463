"""snippets/frameworks/autograd.py: autograd's gradients against derivatives by hand,
against PyTorch's own loss and against finite differences."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, pyplot, run_example, run_script

plt = pyplot()

SCRIPT = ROOT / "snippets" / "frameworks" / "autograd.py"


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def test_hand_written_gradient_is_the_gradient_of_binary_cross_entropy(ns):
    """The formula X^T (p - y) / N, checked against PyTorch's own loss function."""
    X, y = ns["X"], ns["y"]
    w = ns["w"].detach().clone().requires_grad_(True)
    loss = torch.nn.functional.binary_cross_entropy(torch.sigmoid(X @ w), y)
    (reference,) = torch.autograd.grad(loss, w)
    torch.testing.assert_close(ns["grad_by_hand"], reference)


def test_autograd_agrees_with_the_hand_written_gradient(ns):
    assert ns["autograd_gap"] < 1e-6
    assert f"hand-written gradient: {ns['autograd_gap']:.2g}" in ns["_stdout"]


def test_gradient_of_the_new_expression_matches_finite_differences(ns):
    """The any_expression gradient, recomputed in float64 and by central differences."""
    X, y = ns["X"].double(), ns["y"].double()

    def loss_of(w):
        p = torch.sigmoid(torch.tanh(X @ w) * 3)
        return -(y * p.log() + (1 - y) * (1 - p).log()).mean() + 0.1 * w.norm()

    w = ns["w"].detach().double()
    h = 1e-6
    numeric = torch.stack(
        [(loss_of(w + h * e) - loss_of(w - h * e)) / (2 * h) for e in torch.eye(len(w)).double()]
    )
    torch.testing.assert_close(ns["w"].grad.double(), numeric, rtol=1e-4, atol=1e-6)


def test_gradients_accumulate_unless_cleared():
    """The warning on the page: backward() adds to .grad."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w**2).sum().backward()
    (w**2).sum().backward()
    torch.testing.assert_close(w.grad, 2 * (2 * w.detach()))


def test_sigmoid_slope_from_autograd_is_sigma_times_one_minus_sigma(ns):
    s = ns["s"].detach()
    torch.testing.assert_close(ns["z"].grad, s * (1 - s))
    assert ns["steepest"] == pytest.approx(0.25)  # at z = 0, which the grid contains


def test_sigmoid_figure_is_labelled(ns):
    assert plt.fignum_exists("frameworks-sigmoid-slope")
    ax = plt.figure("frameworks-sigmoid-slope").axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.lines) == 3
    assert ax.get_legend() is not None


@pytest.mark.parametrize(("start", "halvings"), [(0.5, 0), (1.0, 0), (5.0, 3), (100.0, 7)])
def test_graph_follows_the_steps_that_ran(ns, start, halvings):
    x = torch.tensor(start, requires_grad=True)
    result, n = ns["halve_until_small"](x)
    result.backward()
    assert n == halvings
    assert x.grad.item() == 0.5**halvings
    assert result.item() <= 1.0


def test_page_example_halves_five_three_times(ns):
    assert ns["halvings"] == 3
    assert ns["x"].grad.item() == 0.125


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, ns):
    result = run_script(SCRIPT, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ns["_stdout"]
