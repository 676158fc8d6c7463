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


def test_backward_of_a_vector_raises_the_error_the_page_shows(ns):
    assert "\ngrad can be implicitly created only for scalar outputs\n" in ns["_stdout"]
    squares = torch.tensor([1.0, 2.0], requires_grad=True) ** 2
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        squares.backward()


def test_sum_then_backward_gives_each_input_its_own_derivative(ns):
    """Before the vector-Jacobian product overwrote it, a.grad was 2 a (printed)."""
    a = ns["a"].detach()
    assert f"{2 * a}" in ns["_stdout"]  # tensor([2., 4., 6.])
    jacobian = torch.autograd.functional.jacobian(lambda t: t**2, a)
    torch.testing.assert_close(jacobian, torch.diag(2 * a))  # diagonal: the sum trick holds
    torch.testing.assert_close(jacobian.sum(0), 2 * a)


def test_backward_with_a_vector_is_the_vector_jacobian_product(ns):
    a, v = ns["a"].detach(), ns["v"]
    jacobian = torch.autograd.functional.jacobian(lambda t: t**2, a)
    torch.testing.assert_close(ns["a"].grad, v @ jacobian)
    torch.testing.assert_close(ns["a"].grad, v * 2 * a)  # by hand
    assert ns["_stdout"].count(f"{ns['a'].grad}") == 1


@pytest.mark.parametrize("seed", range(3))
def test_vector_jacobian_product_for_a_full_jacobian(seed):
    """The general claim: backward(gradient=v) gives vᵀJ, Σ_i v_i ∂y_i/∂x_j, even when every
    output depends on every input (softmax)."""
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(4, generator=g).requires_grad_(True)
    v = torch.randn(4, generator=g)
    torch.softmax(z, 0).backward(gradient=v)
    jacobian = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z.detach())
    torch.testing.assert_close(z.grad, v @ jacobian)


def test_sum_trick_fails_when_outputs_share_inputs():
    """The review question: softmax sums to 1 whatever z is, so the gradient of its sum is
    zero, although each output does depend on z."""
    z = torch.tensor([1.0, -0.5, 2.0], requires_grad=True)
    torch.softmax(z, 0).sum().backward()
    torch.testing.assert_close(z.grad, torch.zeros(3), atol=1e-7, rtol=0)
    jacobian = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z.detach())
    assert jacobian.abs().min() > 0.01


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
