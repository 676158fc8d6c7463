"""Optimizers and learning-rate schedules by the names the lessons use.

sgd        w ← w − η·g
momentum   v ← γ·v + g;  w ← w − η·v   (PyTorch's form; the same path as v ← γ·v − η·g,
           w ← w + v when η is constant)
adagrad    per weight, divide η by the root of the sum of all past squared gradients
rmsprop    the same with an exponential moving average of squared gradients instead
adam       momentum on the gradient and RMSProp's scaling, both bias-corrected
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

import torch

from trainlab.errors import TrainlabError, one_of

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
SCHEDULES = ("constant", "exponential", "step", "cosine")


def check_lr(lr: float) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise TrainlabError(f"learning rate (lr) must be a finite number > 0, got {lr!r}")
    return float(lr)


def make_optimizer(
    name: str,
    params: Iterable[torch.nn.Parameter],
    lr: float,
    *,
    momentum: float = 0.9,
) -> torch.optim.Optimizer:
    """One of OPTIMIZERS. Weight penalties are added to the loss (see trainlab.train)."""
    one_of("optimizer", name, OPTIMIZERS)
    lr = check_lr(lr)
    if not 0.0 <= momentum < 1.0:
        raise TrainlabError(f"momentum must be in [0, 1), got {momentum!r}")
    params = list(params)
    if name == "sgd":
        return _fused(torch.optim.SGD, params, lr=lr)
    if name == "momentum":
        return _fused(torch.optim.SGD, params, lr=lr, momentum=momentum)
    if name == "adagrad":
        return _fused(torch.optim.Adagrad, params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)  # PyTorch has no fused RMSProp
    return _fused(torch.optim.Adam, params, lr=lr)


def _fused(optimizer_class: type[torch.optim.Optimizer], params: list, **options):
    """The optimizer with `fused=True` where PyTorch has a fused kernel for these weights.

    A fused optimizer updates every weight in one kernel instead of a few small ops per
    tensor: the same rule, the same numbers up to rounding, and on a small network
    about a third of the time per step. Which kernels exist depends on the version and
    the device (on CPU: none before torch 2.4, where Adagrad has no `fused` option and
    SGD accepts it but fails at its first step), so each kind of weight is tried once
    on one number; the plain form is used where that fails.
    """
    kinds = {(p.device, p.dtype) for p in params}
    if kinds and all(_has_fused_kernel(optimizer_class, *kind, **options) for kind in kinds):
        return optimizer_class(params, fused=True, **options)
    return optimizer_class(params, **options)


@functools.cache
def _has_fused_kernel(
    optimizer_class: type[torch.optim.Optimizer],
    device: torch.device,
    dtype: torch.dtype,
    **options,
) -> bool:
    """Whether one fused step of optimizer_class runs on a weight of this device and dtype."""
    if not dtype.is_floating_point:
        return False
    weight = torch.zeros(1, device=device, dtype=dtype, requires_grad=True)
    weight.grad = torch.ones_like(weight)
    try:
        optimizer_class([weight], fused=True, **options).step()
    except (TypeError, ValueError, RuntimeError):  # NotImplementedError is a RuntimeError
        return False
    return True


def make_scheduler(
    name: str,
    optimizer: torch.optim.Optimizer,
    *,
    epochs: int,
    decay: float = 0.98,
    step_size: int = 10,
) -> torch.optim.lr_scheduler.LRScheduler:
    """A schedule stepped once per epoch.

    constant     η stays the same
    exponential  η ← decay·η after every epoch (e.g. 0.98)
    step         η ← decay·η every `step_size` epochs
    cosine       η follows half a cosine from its start value to 0 over `epochs`
    """
    one_of("schedule", name, SCHEDULES)
    if not 0.0 < decay <= 1.0:
        raise TrainlabError(f"lr decay must be in (0, 1], got {decay!r}")
    if name == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=decay)
    if name == "step":
        if not isinstance(step_size, int) or step_size < 1:
            raise TrainlabError(f"step_size must be a positive integer, got {step_size!r}")
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=decay)
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    return torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)
