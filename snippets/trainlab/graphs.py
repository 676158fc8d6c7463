"""Epochs of training on a CUDA GPU with every step replayed from a CUDA graph.

A small network's step on a GPU is dozens of tiny kernels, and launching them from
Python costs far more than running them: on an H100 the lab's perceptron spends about
1.4 ms per step launching kernels that compute for a few microseconds. A CUDA graph
records the step's kernels once and replays them with one call.

`GraphedEpochs` computes what `trainlab.train.train_epoch` computes, on the same
shuffled batches, and returns the same EpochResult. Everything a step changes lives in
tensors whose addresses stay fixed (the data, the epoch's batch order, a step counter,
the per-step losses), so the recorded kernels stay valid for every step of every epoch:

- in the first epoch, the first WARMUP full batches run eagerly on a side stream
  (PyTorch asks for this before a capture: lazy initialisation must not happen inside
  a graph); then a full batch's step is captured and replayed once per remaining one;
- a last, smaller batch (when the data does not divide evenly) runs eagerly in the
  first epoch and is replayed from a graph of its own after that;
- later epochs copy their new batch order into the same buffer and replay both graphs.

What a graph bakes in is checked before every epoch: the optimizer's settings (a
learning-rate schedule changes the rate between epochs), its state tensors, the data,
the batch size and the penalties. When any of them changed, the graphs are recorded
again; with a constant learning rate they are recorded once per fit. Optimizers that
PyTorch cannot capture (Adagrad) and compiled models train with the plain loop
instead: see `can_graph`.
"""

from __future__ import annotations

import torch
from torch import nn

from trainlab.train import EpochResult, is_classification, penalized_weights, weight_penalty

WARMUP = 3  # eager steps before the first capture (PyTorch's whole-network example uses 3)
CAPTURABLE = (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop)


def can_graph(device: torch.device, optimizer: torch.optim.Optimizer, *, compiled: bool) -> bool:
    """Whether fit replays steps as CUDA graphs: on CUDA, with an optimizer whose step
    can be captured, and not for a torch.compile'd model (which has its own)."""
    return device.type == "cuda" and isinstance(optimizer, CAPTURABLE) and not compiled


class GraphedEpochs:
    """`train_epoch` for the epochs of one run, with the graphs kept between epochs.

    Call it as `train_epoch` is called, once per epoch; fit makes one per run.
    """

    def __init__(self) -> None:
        self._layout: tuple | None = None  # what the buffers and the step were made for
        self._settings: tuple | None = None  # the optimizer's settings the graphs baked in
        self._graphs: dict[str, torch.cuda.CUDAGraph] = {}  # "full" and "rest"
        self._eager_rest = False  # the smaller last batch has run once, eagerly

    def __call__(
        self,
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
        model.train()
        x, y = data
        n = len(x)
        layout = (
            id(model), id(optimizer), id(loss_fn), x.data_ptr(), tuple(x.shape),
            y.data_ptr(), tuple(y.shape), batch_size, l1, l2, clip_norm, clip_value,
        )  # fmt: skip
        if layout != self._layout:
            self._layout, self._settings, self._graphs = layout, None, {}
            self._eager_rest = False
            self._buffers(x, y, batch_size)
            self._step = self._make_step(model, x, y, optimizer, loss_fn, l1, l2, clip_norm, clip_value)  # fmt: skip

        # the same permutation train_epoch draws, so both see the same batches
        self._order.copy_(torch.randperm(n, generator=generator))
        self._losses.fill_(float("nan"))
        self._correct.zero_()
        self._counter.zero_()

        restore = _capturable(optimizer)
        try:
            done = 0
            if not self._graphs and self._settings is None and self._full:
                done = self._warm_up(optimizer, device=x.device)
            settings = _settings(optimizer)
            if settings != self._settings:
                self._settings, self._graphs = settings, {}
            if self._full > done:
                graph = self._graphs.get("full") or self._capture(optimizer, self._full_batch)
                self._graphs["full"] = graph
                for _ in range(self._full - done):
                    graph.replay()
            if self._rest:
                if "rest" in self._graphs:
                    self._graphs["rest"].replay()
                elif self._eager_rest:  # its shapes have run once: safe to capture
                    self._graphs["rest"] = self._capture(optimizer, self._rest_batch)
                    self._graphs["rest"].replay()
                else:
                    optimizer.zero_grad(set_to_none=True)
                    self._rest_batch()
                    self._eager_rest = True
        finally:
            restore()

        # one sync per epoch: the loss, the correct count and the first bad step together
        finite = torch.isfinite(self._losses)
        first_bad = torch.where(finite, len(self._losses), self._step_numbers).min()
        loss_sum = (self._losses * self._sizes).sum()
        loss, correct, bad = torch.stack(
            [loss_sum.double(), self._correct.double(), first_bad.double()]
        ).tolist()
        return EpochResult(
            loss=loss / n,
            accuracy=correct / n if is_classification(y) else None,
            bad_step=int(bad) + 1 if bad < len(self._losses) else None,
        )

    # ------------------------------------------------------------ set-up

    def _buffers(self, x: torch.Tensor, y: torch.Tensor, batch_size: int) -> None:
        """The tensors the step reads and writes, at addresses that never change."""
        device, n = x.device, len(x)
        self._full, self._rest = divmod(n, batch_size)  # full batches; the last one's size
        steps = self._full + (1 if self._rest else 0)
        self._order = torch.empty(n, dtype=torch.long, device=device)
        self._batches = self._order[: self._full * batch_size].view(self._full, batch_size)
        self._last = self._order[self._full * batch_size :]
        self._losses = torch.empty(steps, device=device)
        self._sizes = torch.full((steps,), float(batch_size), device=device)
        self._sizes[-1] = n - (steps - 1) * batch_size
        self._step_numbers = torch.arange(steps, device=device)
        self._correct = torch.zeros((), dtype=torch.long, device=device)
        self._counter = torch.zeros(1, dtype=torch.long, device=device)  # the step being taken

    def _make_step(self, model, x, y, optimizer, loss_fn, l1, l2, clip_norm, clip_value):
        classify = is_classification(y)
        weights = penalized_weights(model) if (l1 or l2) else []
        losses, correct, counter = self._losses, self._correct, self._counter

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

        return step

    def _full_batch(self) -> None:
        self._step(self._batches.index_select(0, self._counter).view(-1))

    def _rest_batch(self) -> None:
        self._step(self._last)

    # ------------------------------------------------------------ graphs

    def _warm_up(self, optimizer: torch.optim.Optimizer, *, device: torch.device) -> int:
        """The first full batches, eagerly on a side stream; returns how many ran."""
        warmup = min(WARMUP, self._full)
        side = torch.cuda.Stream(device)
        side.wait_stream(torch.cuda.current_stream(device))
        with torch.cuda.stream(side):
            for _ in range(warmup):
                optimizer.zero_grad(set_to_none=True)
                self._full_batch()
        torch.cuda.current_stream(device).wait_stream(side)
        return warmup

    @staticmethod
    def _capture(optimizer: torch.optim.Optimizer, step) -> torch.cuda.CUDAGraph:
        """Record `step` (recording runs nothing: the caller replays it)."""
        graph = torch.cuda.CUDAGraph()
        optimizer.zero_grad(set_to_none=True)  # the graph allocates the gradients it writes
        with torch.cuda.graph(graph):
            step()
        return graph


def graphed_train_epoch(model, data, optimizer, loss_fn, **options) -> EpochResult:
    """One epoch of `GraphedEpochs` on its own: the graphs are recorded for it alone."""
    return GraphedEpochs()(model, data, optimizer, loss_fn, **options)


def _settings(optimizer: torch.optim.Optimizer) -> tuple:
    """What a recorded optimizer step depends on: every group's settings (the learning
    rate, betas, momentum...) and the state tensors it updates in place."""
    groups = tuple(
        tuple(sorted((k, _frozen(v)) for k, v in group.items() if k != "params"))
        for group in optimizer.param_groups
    )
    state = tuple(
        (id(param), tuple((k, id(v)) for k, v in sorted(s.items()) if torch.is_tensor(v)))
        for param, s in optimizer.state.items()
    )
    return groups, state


def _frozen(value):
    if torch.is_tensor(value):
        return ("tensor", id(value))  # a tensor learning rate is read where it lies
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


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
