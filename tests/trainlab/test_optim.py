"""trainlab.optim: each optimizer follows its textbook update; schedules decay as named."""

from __future__ import annotations

import math

import pytest
import torch
from trainlab import OPTIMIZERS, SCHEDULES, TrainlabError, make_optimizer, make_scheduler
from trainlab.optim import _fused

TARGET = torch.tensor([3.0, -1.0])


def grad_of(w):
    """Gradient of the quadratic L(w) = Σ (w - target)²: 2 (w - target)."""
    return 2 * (w - TARGET)


def run(name, steps=5, lr=0.1, **kw):
    w = torch.zeros(2, requires_grad=True)
    opt = make_optimizer(name, [w], lr, **kw)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        ((w - TARGET) ** 2).sum().backward()
        opt.step()
        path.append(w.detach().clone())
    return path


def test_sgd_and_momentum_follow_the_lesson_equations():
    # sgd: w <- w - lr g
    w = torch.zeros(2)
    for got in run("sgd"):
        w = w - 0.1 * grad_of(w)
        torch.testing.assert_close(got, w)
    # momentum, as the lesson writes it (PyTorch's form): v <- γ v + g;  w <- w - η v
    w, v = torch.zeros(2), torch.zeros(2)
    for got in run("momentum", momentum=0.9):
        v = 0.9 * v + grad_of(w)
        w = w - 0.1 * v
        torch.testing.assert_close(got, w)


def test_adagrad_divides_by_the_root_of_all_past_squared_gradients():
    w, total = torch.zeros(2), torch.zeros(2)
    for got in run("adagrad", lr=0.5):
        g = grad_of(w)
        total = total + g**2
        w = w - 0.5 * g / (total.sqrt() + 1e-10)
        torch.testing.assert_close(got, w)


def test_rmsprop_uses_a_moving_average_of_squared_gradients():
    w, avg = torch.zeros(2), torch.zeros(2)
    for got in run("rmsprop", lr=0.01):
        g = grad_of(w)
        avg = 0.99 * avg + 0.01 * g**2
        w = w - 0.01 * g / (avg.sqrt() + 1e-8)
        torch.testing.assert_close(got, w)


def test_adam_is_bias_corrected_momentum_with_rmsprop_scaling():
    w, m, v = torch.zeros(2), torch.zeros(2), torch.zeros(2)
    for t, got in enumerate(run("adam", lr=0.1), start=1):
        g = grad_of(w)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        w = w - 0.1 * m_hat / (v_hat.sqrt() + 1e-8)
        torch.testing.assert_close(got, w)


TYPICAL_LR = {"sgd": 0.05, "momentum": 0.05, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_reduces_the_loss(name):
    path = run(name, steps=50, lr=TYPICAL_LR[name])
    assert ((path[-1] - TARGET) ** 2).sum() < 0.1 * (TARGET**2).sum()


class NoFusedOption(torch.optim.SGD):
    """Like torch 2.3's Adagrad: no `fused` argument at all."""

    def __init__(self, params, lr, **options):
        if "fused" in options:
            raise TypeError("__init__() got an unexpected keyword argument 'fused'")
        super().__init__(params, lr=lr)


class FusedFailsAtStep(torch.optim.SGD):
    """Like torch 2.3's SGD on CPU: `fused=True` is accepted, and the first step fails."""

    def step(self, closure=None):
        if self.defaults["fused"]:
            raise NotImplementedError(
                "Could not run 'aten::_fused_sgd_' with arguments from the 'CPU' backend"
            )
        return super().step(closure)


@pytest.mark.parametrize("optimizer_class", [NoFusedOption, FusedFailsAtStep])
def test_without_a_fused_kernel_the_plain_optimizer_is_used(optimizer_class):
    """What torch 2.3, the oldest version pyproject.toml accepts, does on a CPU."""
    w = torch.zeros(2, requires_grad=True)
    opt = _fused(optimizer_class, [w], lr=0.1)
    assert not opt.defaults.get("fused")
    ((w - TARGET) ** 2).sum().backward()
    opt.step()  # and it steps
    torch.testing.assert_close(w.detach(), 0.2 * TARGET)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adagrad", "adam"])
def test_fused_where_this_torch_has_the_kernel(name):
    w = torch.zeros(2, requires_grad=True)
    torch_class = {
        "sgd": torch.optim.SGD,
        "momentum": torch.optim.SGD,
        "adagrad": torch.optim.Adagrad,
        "adam": torch.optim.Adam,
    }[name]
    try:
        w.grad = torch.zeros(2)
        torch_class([w], lr=0.1, fused=True).step()
        has_kernel = True
    except (TypeError, ValueError, RuntimeError):
        has_kernel = False
    assert bool(make_optimizer(name, [w], 0.1).defaults.get("fused")) is has_kernel


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), True, "0.1"])
def test_learning_rate_must_be_positive(lr):
    with pytest.raises(TrainlabError, match=r"learning rate \(lr\) must be a finite number > 0"):
        make_optimizer("sgd", [torch.zeros(1, requires_grad=True)], lr)


def test_unknown_optimizer_lists_the_choices():
    with pytest.raises(
        TrainlabError, match="unknown optimizer 'adamw'; choose one of: sgd, momentum, adagrad"
    ):
        make_optimizer("adamw", [torch.zeros(1, requires_grad=True)], 0.1)


def lrs(name, epochs=10, **kw):
    opt = make_optimizer("sgd", [torch.zeros(1, requires_grad=True)], 1.0)
    sched = make_scheduler(name, opt, epochs=epochs, **kw)
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def test_schedules():
    assert lrs("constant") == [1.0] * 10
    assert lrs("exponential", decay=0.98) == pytest.approx([0.98**k for k in range(10)])
    assert lrs("step", decay=0.5, step_size=3) == pytest.approx(
        [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]
    )
    cosine = lrs("cosine", epochs=10)
    assert cosine == pytest.approx([0.5 * (1 + math.cos(math.pi * k / 10)) for k in range(10)])


def test_bad_schedule_arguments():
    opt = make_optimizer("sgd", [torch.zeros(1, requires_grad=True)], 1.0)
    with pytest.raises(
        TrainlabError, match="unknown schedule 'linear'; choose one of: " + ", ".join(SCHEDULES)
    ):
        make_scheduler("linear", opt, epochs=5)
    with pytest.raises(TrainlabError, match=r"lr decay must be in \(0, 1\]"):
        make_scheduler("exponential", opt, epochs=5, decay=1.5)
