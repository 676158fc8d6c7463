"""Checks on data and model before training: one clear message instead of a stack trace
from deep inside PyTorch (or, worse, silently wrong training)."""

from __future__ import annotations

import torch
from torch import nn

from trainlab.data import Data
from trainlab.errors import TrainlabError


def check_data(name: str, data, model: nn.Module, device: torch.device | None = None) -> Data:
    """Validate a (x, y) pair for training `model` and return it on `device`.

    `name` ("train", "val") says in each message which data is wrong.
    """
    if not (isinstance(data, tuple) and len(data) == 2):
        raise TrainlabError(f"{name} must be a pair (x, y) of tensors, got {type(data).__name__}")
    x, y = data
    for part, value in (("x", x), ("y", y)):
        if not isinstance(value, torch.Tensor):
            hint = " (use torch.as_tensor)" if type(value).__module__.startswith("numpy") else ""
            raise TrainlabError(
                f"{name}.{part} must be a torch.Tensor, got {type(value).__name__}{hint}"
            )
    if len(x) == 0:
        raise TrainlabError(f"{name} is empty: it has no samples")
    if len(x) != len(y):
        raise TrainlabError(f"{name}.x has {len(x)} samples but {name}.y has {len(y)}")
    if device is not None:
        x, y = x.to(device), y.to(device)

    params = next(model.parameters(), None)
    if not torch.is_floating_point(x):
        raise TrainlabError(f"{name}.x must be floating point, got {x.dtype} (use x.float())")
    if params is not None and x.dtype != params.dtype:
        raise TrainlabError(
            f"{name}.x is {x.dtype} but the model's weights are {params.dtype} "
            f"(use x.to({params.dtype}))"
        )
    _check_finite(f"{name}.x", x)

    n_in = _expected_features(model)
    if n_in is not None and (x.ndim != 2 or x.shape[1] != n_in):
        raise TrainlabError(
            f"{name}.x has shape {tuple(x.shape)} but the model's first layer expects "
            f"(N, {n_in}): {n_in} features per sample"
        )
    out = _probe(name, model, x)

    if torch.is_floating_point(y):  # regression
        _check_finite(f"{name}.y", y)
        if out.shape[1:] != y.shape[1:]:
            raise TrainlabError(
                f"{name}.y has shape {tuple(y.shape)} but the model outputs "
                f"{(len(y), *out.shape[1:])}; reshape y to match (e.g. y.unsqueeze(1))"
            )
    elif y.dtype in (torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8):
        if y.dtype != torch.int64:
            raise TrainlabError(f"{name}.y holds class labels as {y.dtype}; use y.long()")
        if y.ndim != 1:
            raise TrainlabError(
                f"{name}.y must be a 1-D tensor of class labels, got shape {tuple(y.shape)}"
            )
        n_classes = out.shape[1]
        low, high = int(y.min()), int(y.max())
        if low < 0 or high >= n_classes:
            bad = low if low < 0 else high
            raise TrainlabError(
                f"{name}.y has label {bad}, out of range: the model has {n_classes} outputs, "
                f"so labels must be 0..{n_classes - 1}"
            )
    else:
        raise TrainlabError(
            f"{name}.y must hold integer class labels or float targets, got {y.dtype}"
        )
    return Data(x, y)


def _check_finite(what: str, t: torch.Tensor) -> None:
    bad = ~torch.isfinite(t)
    if bad.any():
        first = int(torch.nonzero(bad.reshape(len(t), -1).any(dim=1))[0])
        raise TrainlabError(
            f"{what} has {int(bad.sum())} non-finite values (NaN or inf), the first in sample {first}"
        )


def _expected_features(model: nn.Module) -> int | None:
    first = next((m for m in model.modules() if isinstance(m, nn.Linear)), None)
    return first.in_features if first is not None else None


@torch.no_grad()
def _probe(name: str, model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Run the model on two samples to learn its output shape (restores train/eval mode)."""
    was_training = model.training
    model.eval()
    try:
        out = model(x[:2])
    except RuntimeError as error:
        raise TrainlabError(
            f"the model cannot take {name}.x of shape {tuple(x.shape)}: {str(error).splitlines()[0]}"
        ) from None
    finally:
        model.train(was_training)
    if out.ndim < 2:
        raise TrainlabError(
            f"the model's output must be (N, outputs), got shape {tuple(out.shape)}"
        )
    return out
