"""The low level: one epoch of training, evaluation, and the pieces a step is made of.

The loop has the canonical shape (pytorch/examples' mnist): model.train(),
optimizer.zero_grad(), loss.backward(), optimizer.step(); evaluation runs under
torch.no_grad() with model.eval(). It is also fast: the data already sits on the
training device and batches are slices of one random permutation, and nothing in
the step loop waits for the device (no .item() per step: sums stay on the device
and are read once per epoch).
"""

# No `from __future__ import annotations` here: the lesson pages embed these sections,
# and their annotations must evaluate as written. `data` is any (x, y) pair of tensors,
# such as trainlab.data.Data.

# --8<-- [start:imports]
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn

# --8<-- [end:imports]


# --8<-- [start:helpers]
@dataclass(frozen=True)
class EpochResult:
    loss: float  # mean loss per sample (without the weight penalty)
    accuracy: float | None  # fraction correct; None for regression
    bad_step: int | None = None  # first step (1-based) whose loss was NaN or inf


def is_classification(y: torch.Tensor) -> bool:
    """Integer targets are class labels; floating-point targets are regression."""
    return not torch.is_floating_point(y)


def loss_function(y: torch.Tensor) -> nn.Module:
    """Cross-entropy (softmax inside) for class labels, mean squared error otherwise."""
    return nn.CrossEntropyLoss() if is_classification(y) else nn.MSELoss()


def batch_indices(
    n: int,
    batch_size: int,
    *,
    shuffle: bool,
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
) -> Iterator[torch.Tensor]:
    """Index tensors for the batches of one epoch: slices of one permutation of 0..n-1.

    The permutation is drawn on the CPU from `generator` (so a run is repeatable on any
    device, and resumable) and copied to the device once per epoch.
    """
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    order = order.to(device, non_blocking=True)
    yield from order.split(batch_size)


def penalized_weights(model: nn.Module) -> list[torch.Tensor]:
    """The parameters weight penalties apply to: weight matrices, not biases or norms."""
    return [p for p in model.parameters() if p.requires_grad and p.ndim > 1]


def weight_penalty(
    weights: list[torch.Tensor], l1: float = 0.0, l2: float = 0.0
) -> torch.Tensor | float:
    """l1·Σ|w| + (l2/2)·Σw². The 1/2 makes the L2 gradient l2·w, i.e. SGD's weight decay."""
    penalty: torch.Tensor | float = 0.0
    if l1:
        penalty = penalty + l1 * sum(w.abs().sum() for w in weights)
    if l2:
        penalty = penalty + 0.5 * l2 * sum(w.pow(2).sum() for w in weights)
    return penalty


# --8<-- [end:helpers]


# --8<-- [start:train_epoch]
def train_epoch(
    model: nn.Module,
    data: tuple[torch.Tensor, torch.Tensor],
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    *,
    batch_size: int,
    generator: torch.Generator | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    clip_norm: float | None = None,
    clip_value: float | None = None,
) -> EpochResult:
    """Train for one pass over `data` (already on the model's device)."""
    model.train()  # dropout on, batch norm uses batch statistics
    x, y = data
    classify = is_classification(y)
    weights = penalized_weights(model) if (l1 or l2) else []
    n, steps = len(x), -(-len(x) // batch_size)  # the last batch may be smaller
    losses = torch.empty(steps, device=x.device)  # kept on the device and read once
    correct = torch.zeros((), device=x.device, dtype=torch.long)  # per epoch: no sync per step

    batches = batch_indices(n, batch_size, shuffle=True, generator=generator, device=x.device)
    for step, idx in enumerate(batches):
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)  # x[idx], y[idx], faster
        optimizer.zero_grad(set_to_none=True)
        out = model(xb)  # (B, C) logits
        loss = loss_fn(out, yb)
        if weights:
            (loss + weight_penalty(weights, l1, l2)).backward()
        else:
            loss.backward()
        if clip_norm is not None:  # rescale the whole gradient if its norm exceeds clip_norm
            nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        if clip_value is not None:  # clamp each gradient element to [-clip_value, clip_value]
            nn.utils.clip_grad_value_(model.parameters(), clip_value)
        optimizer.step()

        losses[step] = loss.detach()
        if classify:
            correct += (out.argmax(dim=1) == yb).sum()

    sizes = torch.full((steps,), batch_size, device=x.device)
    sizes[-1] = n - (steps - 1) * batch_size
    bad = torch.nonzero(~torch.isfinite(losses))  # one sync per epoch, here
    return EpochResult(
        loss=(losses * sizes).sum().item() / n,
        accuracy=correct.item() / n if classify else None,
        bad_step=int(bad[0]) + 1 if len(bad) else None,  # 1-based
    )


# --8<-- [end:train_epoch]


# --8<-- [start:evaluate]
@torch.no_grad()  # no graph is built: less memory, faster
def evaluate(
    model: nn.Module,
    data: tuple[torch.Tensor, torch.Tensor],
    loss_fn: nn.Module,
    *,
    batch_size: int = 4096,
) -> EpochResult:
    """Mean loss and accuracy of `model` on `data`, in evaluation mode."""
    model.eval()  # dropout off, batch norm uses its running statistics
    x, y = data
    weight = next(model.parameters(), None)
    if weight is not None:  # evaluate where the model is (fit may have moved it to a GPU)
        x, y = x.to(weight.device), y.to(weight.device)
    classify = is_classification(y)
    total_loss = torch.zeros((), device=x.device)
    correct = torch.zeros((), device=x.device, dtype=torch.long)
    for idx in batch_indices(len(x), batch_size, shuffle=False, device=x.device):
        out = model(x[idx])
        total_loss += loss_fn(out, y[idx]) * len(idx)
        if classify:
            correct += (out.argmax(dim=1) == y[idx]).sum()
    n = len(x)
    return EpochResult(total_loss.item() / n, correct.item() / n if classify else None)


# --8<-- [end:evaluate]


# --8<-- [start:average_predictions]
@torch.no_grad()
def predict_proba(model: nn.Module, x: torch.Tensor, *, batch_size: int = 4096) -> torch.Tensor:
    """Class probabilities (N, C): softmax of the model's logits, in evaluation mode."""
    model.eval()
    weight = next(model.parameters(), None)
    if weight is not None:  # where the model is
        x = x.to(weight.device)
    return torch.cat([model(xb).softmax(dim=1) for xb in x.split(batch_size)])


@torch.no_grad()
def average_predictions(models: list[nn.Module], x: torch.Tensor) -> torch.Tensor:
    """Model averaging: the mean of several models' class probabilities, (N, C).

    Models trained from different random starts make partly different mistakes;
    averaging their probabilities cancels some of them out.
    """
    if not models:
        raise ValueError("average_predictions needs at least one model")
    return torch.stack([predict_proba(m, x) for m in models]).mean(dim=0)


# --8<-- [end:average_predictions]
