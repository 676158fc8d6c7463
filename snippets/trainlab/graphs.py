"""One epoch of training on a CUDA GPU with every step replayed as one CUDA graph.

A small network's step on a GPU is dozens of tiny kernels, and launching them from
Python costs far more than running them: on an H100 the lab's perceptron spends about
1.4 ms per step launching kernels that compute for a few microseconds. A CUDA graph
records the step's kernels once and replays them with one call.

`graphed_train_epoch` computes what `trainlab.train.train_epoch` computes, on the same
shuffled batches, and returns the same EpochResult. Everything a step changes lives in
tensors whose addresses stay fixed (the data, this epoch's batch order, a step counter,
the per-step losses), so the recorded kernels stay valid for every step of the epoch:

- the first WARMUP full batches run eagerly on a side stream (PyTorch asks for this
  before a capture: lazy initialisation must not happen inside a graph);
- the next full batch's step is captured, then replayed once per remaining full batch;
- a last, smaller batch (when the data does not divide evenly) runs eagerly.

The graph is captured again every epoch, so a learning-rate schedule that changes the
rate between epochs is honoured. Optimizers that PyTorch cannot capture (Adagrad) and
compiled models train with the plain loop instead: see `can_graph`.
"""

from __future__ import annotations

import torch
from torch import nn

from trainlab.train import EpochResult, is_classification, penalized_weights, weight_penalty

WARMUP = 3  # eager steps before the capture (PyTorch's whole-network example uses 3)
CAPTURABLE = (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop)


def can_graph(device: torch.device, optimizer: torch.optim.Optimizer, *, compiled: bool) -> bool:
    """Whether fit replays steps as CUDA graphs: on CUDA, with an optimizer whose step
    can be captured, and not for a torch.compile'd model (which has its own)."""
    return device.type == "cuda" and isinstance(optimizer, CAPTURABLE) and not compiled


def graphed_train_epoch(
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
    """`train_epoch`, with the steps of the full batches replayed as one CUDA graph."""
    model.train()
    x, y = data
    device = x.device
    classify = is_classification(y)
    weights = penalized_weights(model) if (l1 or l2) else []
    n = len(x)
    full, rest = divmod(n, batch_size)  # full batches, and the size of a smaller last one
    steps = full + (1 if rest else 0)

    # the same permutation train_epoch draws, so both see the same batches
    order = torch.randperm(n, generator=generator).to(device)
    batches = order[: full * batch_size].view(full, batch_size)
    losses = torch.full((steps,), float("nan"), device=device)
    correct = torch.zeros((), device=device, dtype=torch.long)
    counter = torch.zeros(1, device=device, dtype=torch.long)  # the step being taken

    def step(idx: torch.Tensor) -> None:
        """One step on the samples `idx`; only device tensors change, nothing syncs."""
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        out = model(xb)
        loss = loss_fn(out, yb)
        if weights:
            (loss + weight_penalty(weights, l1, l2)).backward()
        else:
            loss.backward()
        if clip_norm is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip_norm, foreach=True)
        if clip_value is not None:
            nn.utils.clip_grad_value_(model.parameters(), clip_value, foreach=True)
        optimizer.step()
        losses.index_put_((counter,), loss.detach().reshape(1))
        if classify:
            correct.add_((out.argmax(dim=1) == yb).sum())
        counter.add_(1)

    def full_batch() -> None:
        step(batches.index_select(0, counter).view(-1))

    restore = _capturable(optimizer)
    try:
        warmup = min(WARMUP, full)
        side = torch.cuda.Stream(device)
        side.wait_stream(torch.cuda.current_stream(device))
        with torch.cuda.stream(side):
            for _ in range(warmup):
                optimizer.zero_grad(set_to_none=True)
                full_batch()
        torch.cuda.current_stream(device).wait_stream(side)

        if full > warmup:
            graph = torch.cuda.CUDAGraph()
            optimizer.zero_grad(set_to_none=True)  # the graph allocates and overwrites them
            with torch.cuda.graph(graph):
                full_batch()
            for _ in range(full - warmup):
                graph.replay()
            del graph
        if rest:
            optimizer.zero_grad(set_to_none=True)
            step(order[full * batch_size :])
    finally:
        restore()

    sizes = torch.full((steps,), batch_size, device=device)
    sizes[-1] = n - (steps - 1) * batch_size
    bad = torch.nonzero(~torch.isfinite(losses))  # one sync per epoch, here
    return EpochResult(
        loss=(losses * sizes).sum().item() / n,
        accuracy=correct.item() / n if classify else None,
        bad_step=int(bad[0]) + 1 if len(bad) else None,
    )


def _capturable(optimizer: torch.optim.Optimizer):
    """Ask the optimizer for its capturable form (its step counts kept on the device)
    for this epoch; return what puts the flags back, so checkpoints stay loadable on
    a CPU."""
    before = [group.get("capturable") for group in optimizer.param_groups]
    for group in optimizer.param_groups:
        if "capturable" in group:
            group["capturable"] = True
    for param, state in optimizer.state.items():
        if torch.is_tensor(state.get("step")) and state["step"].device != param.device:
            state["step"] = state["step"].to(param.device)

    def restore() -> None:
        for group, flag in zip(optimizer.param_groups, before, strict=True):
            if flag is not None:
                group["capturable"] = flag

    return restore
