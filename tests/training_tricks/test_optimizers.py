"""snippets/training_tricks/optimizers.py: the update rules written on the page against
torch.optim, on other problems, seeds and settings than the page's; and the comparison."""

from __future__ import annotations

import functools

import pytest
import torch
from support import ROOT, import_lesson, pyplot

plt = pyplot()

LESSON = ROOT / "snippets" / "training_tricks"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def opt():
    yield import_lesson(LESSON, "optimizers")
    plt.close("all")


def follow(rule, make_optimizer, seed, steps=60):
    """Run our rule and PyTorch's optimizer side by side on a random logistic loss."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(40, 6, generator=g, dtype=torch.float64)
    y = (torch.rand(40, generator=g, dtype=torch.float64) > 0.5).double()

    def loss_of(w):
        return torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y) + 0.1 * w.pow(4).sum()

    w0 = torch.randn(6, generator=g, dtype=torch.float64)
    ours, state = w0.clone(), {}
    theirs = w0.clone().requires_grad_(True)
    optimizer = make_optimizer([theirs])
    for _ in range(steps):
        w = ours.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(loss_of(w), w)
        ours = rule(ours, grad, state)
        optimizer.zero_grad()
        loss_of(theirs).backward()
        optimizer.step()
    return ours, theirs.detach()


CASES = {
    "sgd": (dict(lr=0.05), lambda p: torch.optim.SGD(p, lr=0.05)),
    "momentum": (dict(lr=0.05, gamma=0.5), lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5)),
    "adagrad": (dict(lr=0.3), lambda p: torch.optim.Adagrad(p, lr=0.3, eps=1e-10)),
    "rmsprop": (
        dict(lr=0.02, alpha=0.9),
        lambda p: torch.optim.RMSprop(p, lr=0.02, alpha=0.9, eps=1e-8),
    ),
    "adam": (
        dict(lr=0.05, beta1=0.8, beta2=0.99),
        lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-8),
    ),
}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("name", CASES)
def test_rule_matches_torch_optim(opt, name, seed):
    settings, make_optimizer = CASES[name]
    rule = functools.partial(getattr(opt, name), **settings)
    ours, theirs = follow(rule, make_optimizer, seed)
    torch.testing.assert_close(ours, theirs, rtol=1e-6, atol=1e-6)


def test_momentum_is_v_gamma_v_plus_g_then_w_minus_eta_v(opt):
    """PyTorch's form. One step from v = 0.2 with g = 1: v = 0.9·0.2 + 1 = 1.18,
    w = 1 − 0.1·1.18 = 0.882."""
    state = {"v": torch.tensor([0.2])}
    w = opt.momentum(torch.tensor([1.0]), torch.tensor([1.0]), state, lr=0.1, gamma=0.9)
    torch.testing.assert_close(state["v"], torch.tensor([1.18]))
    torch.testing.assert_close(w, torch.tensor([0.882]))


@pytest.mark.parametrize("schedule", ["constant", "halved after 20 steps"])
def test_the_other_momentum_convention_agrees_only_for_a_constant_learning_rate(opt, schedule):
    """u ← γu − ηg, w ← w + u: the same path as ours while η is constant (note 1 on the
    page), another one once η changes."""
    g = torch.Generator().manual_seed(0)
    X, y = (
        torch.randn(30, 4, generator=g, dtype=torch.float64),
        torch.randn(30, generator=g, dtype=torch.float64),
    )
    ours, theirs, state, u = (
        torch.zeros(4, dtype=torch.float64),
        torch.zeros(4, dtype=torch.float64),
        {},
        0,
    )
    for step in range(40):
        lr = 0.05 if schedule == "constant" or step < 20 else 0.025
        ours = opt.momentum(ours, 2 * X.T @ (X @ ours - y) / 30, state, lr=lr, gamma=0.9)
        u = 0.9 * u - lr * (2 * X.T @ (X @ theirs - y) / 30)
        theirs = theirs + u
    if schedule == "constant":
        torch.testing.assert_close(ours, theirs)
    else:
        assert (ours - theirs).abs().max() > 1e-3


def test_adagrad_divides_per_weight_by_root_of_summed_squares_not_by_the_norm(opt):
    state = {}
    w = torch.zeros(2)
    for g in ([3.0, 0.1], [4.0, 0.1]):
        w = opt.adagrad(w, torch.tensor(g), state, lr=1.0, eps=0.0)
    # step 1: -g/|g| per weight = (-1, -1); step 2: -(4/5, 0.1/√0.02)
    torch.testing.assert_close(w, torch.tensor([-1 - 4 / 5, -1 - 0.1 / 0.02**0.5]))


def test_page_check_agrees(opt):
    assert opt.largest_rule_gap < 1e-5
    assert set(opt.rule_gaps) == {"sgd", "momentum", "adagrad", "rmsprop", "adam"}


def test_plain_sgd_is_slowest_in_the_comparison(opt):
    finals = {name: curve[-1] for name, curve in opt.curves.items()}
    assert max(finals, key=finals.get) == "SGD"
    assert all(len(c) == 50 for c in opt.curves.values())
    assert all(c[-1] < c[0] for c in opt.curves.values())  # every optimizer made progress
    ax = plt.figure("training-tricks-optimizers").axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "training loss"
    assert len(ax.get_legend().get_texts()) == 5
