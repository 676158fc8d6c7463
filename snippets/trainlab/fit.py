"""The high level: `fit(model, train, val, ...)` trains and returns a History.

This is the Keras / PyTorch Lightning idea from the lesson: the loop of
trainlab.train, plus what every real run needs around it — an optimizer and a
learning-rate schedule by name, weight penalties, gradient clipping, early stopping
that restores the best weights, checkpoints to resume from, and checks that turn
misuse into a clear message.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import torch
from torch import nn

from trainlab.checkpoint import load_checkpoint, save_checkpoint
from trainlab.checks import check_data
from trainlab.data import Data
from trainlab.devices import pick_device
from trainlab.errors import NonFiniteLossError, TrainlabError
from trainlab.graphs import GraphedEpochs, can_graph
from trainlab.optim import OPTIMIZERS, SCHEDULES, check_lr, make_optimizer, make_scheduler
from trainlab.train import evaluate, loss_function, train_epoch


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 30
    batch_size: int = 32
    lr: float = 0.01
    optimizer: str = "adam"  # one of OPTIMIZERS
    momentum: float = 0.9  # for optimizer="momentum"
    l1: float = 0.0  # weight penalties, added to the loss
    l2: float = 0.0
    clip_norm: float | None = None  # gradient clipping by norm ...
    clip_value: float | None = None  # ... and by value
    schedule: str = "constant"  # one of SCHEDULES
    lr_decay: float = 0.98  # factor for "exponential" (every epoch) and "step"
    step_size: int = 10  # epochs between decays for "step"
    patience: int | None = None  # early stopping: epochs without improvement
    min_delta: float = 0.0  # how much the validation loss must drop to count
    seed: int | None = 0  # shuffling and dropout; None leaves the global RNG alone
    amp: bool = False  # mixed precision: matrix products in bfloat16 (autocast)
    compile: bool = False  # torch.compile the model: fused kernels, after a slow first step
    cuda_graphs: bool = True  # on a CUDA GPU, replay each step as one CUDA graph (trainlab.graphs)

    def __post_init__(self):
        positive_ints = {
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "step_size": self.step_size,
        }
        for name, value in positive_ints.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise TrainlabError(f"{name} must be a positive integer, got {value!r}")
        check_lr(self.lr)
        if self.optimizer not in OPTIMIZERS:
            raise TrainlabError(
                f"unknown optimizer {self.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}"
            )
        if self.schedule not in SCHEDULES:
            raise TrainlabError(
                f"unknown schedule {self.schedule!r}; choose one of: {', '.join(SCHEDULES)}"
            )
        for name in ("l1", "l2", "min_delta"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise TrainlabError(f"{name} must be a finite number >= 0, got {value!r}")
        for name in ("clip_norm", "clip_value"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, (int, float)) and value > 0):
                raise TrainlabError(f"{name} must be a number > 0 or None, got {value!r}")
        if self.patience is not None and (not isinstance(self.patience, int) or self.patience < 1):
            raise TrainlabError(
                f"patience must be a positive integer or None, got {self.patience!r}"
            )
        if not 0.0 <= self.momentum < 1.0:
            raise TrainlabError(f"momentum must be in [0, 1), got {self.momentum!r}")
        for name in ("amp", "compile", "cuda_graphs"):
            if not isinstance(getattr(self, name), bool):
                raise TrainlabError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if not 0.0 < self.lr_decay <= 1.0:
            raise TrainlabError(f"lr_decay must be in (0, 1], got {self.lr_decay!r}")

    @classmethod
    def from_options(cls, base: TrainConfig | None = None, **options) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TrainlabError(
                f"unknown training option {unknown[0]!r}; known options: {', '.join(sorted(known))}"
            )
        return replace(base or cls(), **options)


@dataclass
class History:
    """Per-epoch numbers of a run; index i is epoch i + 1."""

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float | None] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float | None] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # the learning rate used in each epoch
    best_epoch: int | None = None  # 1-based epoch whose weights the model ends with
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> History:
        return cls(**d)


# --8<-- [start:early_stopping]
class EarlyStopping:
    """Stop when the validation loss has not improved for `patience` epochs,
    and give back the weights of the best epoch, not those of the last one."""

    def __init__(self, patience: int, min_delta: float = 0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self.best_state: dict[str, torch.Tensor] | None = None
        self.epochs_without_improvement = 0

    def step(self, val_loss: float, model: nn.Module, epoch: int) -> bool:
        """Record this epoch; True means: stop training now."""
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, epoch
            self.best_state = copy.deepcopy(model.state_dict())  # a copy, not a view
            self.epochs_without_improvement = 0
        else:
            self.epochs_without_improvement += 1
        return self.epochs_without_improvement >= self.patience

    def restore_best(self, model: nn.Module) -> None:
        if self.best_state is not None:
            model.load_state_dict(self.best_state)

    # --8<-- [end:early_stopping]

    def state_dict(self) -> dict:
        return {
            "best_loss": self.best_loss,
            "best_epoch": self.best_epoch,
            "best_state": self.best_state,
            "epochs_without_improvement": self.epochs_without_improvement,
        }

    def load_state_dict(self, state: dict) -> None:
        self.best_loss = state["best_loss"]
        self.best_epoch = state["best_epoch"]
        self.best_state = state["best_state"]
        self.epochs_without_improvement = state["epochs_without_improvement"]


def fit(
    model: nn.Module,
    train: Data,
    val: Data | None = None,
    config: TrainConfig | None = None,
    *,
    device: str | torch.device | None = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: bool = False,
    description: str = "",
    on_epoch_end: Callable[[int, History], None] | None = None,
    **options,
) -> History:
    """Train `model` on `train`, watching `val`; return the History.

    Options are the fields of TrainConfig (`fit(model, train, val, epochs=20, lr=0.1)`).
    `checkpoint` is a file written (atomically) after every epoch; with `resume=True`
    and that file present, training continues where it stopped and ends exactly as an
    uninterrupted run would. Early stopping (patience=...) needs `val`.
    `on_epoch_end(epoch, history)` is called after each epoch's checkpoint is written.
    `amp=True` (mixed precision) and `compile=True` (torch.compile) make steps faster on
    a GPU; they change how the steps run, not the model you get back. On a CUDA GPU each
    step is replayed as a CUDA graph unless `cuda_graphs=False` (see trainlab.graphs); a
    replay runs the step's GPU work, not its Python, so a model whose forward must run
    Python code on every step (hooks, counters, prints) needs `cuda_graphs=False`.
    """
    config = TrainConfig.from_options(config, **options)
    device = pick_device(device)
    model.to(device)
    train = check_data("train", train, model, device)
    val = check_data("val", val, model, device) if val is not None else None
    if config.patience is not None and val is None:
        raise TrainlabError("early stopping (patience) needs validation data: pass val=(x, y)")
    if resume and checkpoint is None:
        raise TrainlabError("resume=True needs checkpoint=<file> to resume from")

    if config.seed is not None:
        torch.manual_seed(config.seed)  # dropout masks, on CPU and every GPU
    shuffle = torch.Generator().manual_seed(
        config.seed if config.seed is not None else torch.seed()
    )
    loss_fn = loss_function(train.y)
    optimizer = make_optimizer(
        config.optimizer, model.parameters(), config.lr, momentum=config.momentum
    )
    scheduler = make_scheduler(
        config.schedule,
        optimizer,
        epochs=config.epochs,
        decay=config.lr_decay,
        step_size=config.step_size,
    )
    stopper = EarlyStopping(config.patience, config.min_delta) if config.patience else None
    net = accelerated(model, device, amp=config.amp, compile=config.compile)  # trains `model`
    graphs = config.cuda_graphs and can_graph(device, optimizer, compiled=config.compile)
    run_epoch = GraphedEpochs() if graphs else train_epoch  # the same steps, launched faster
    history = History()
    first_epoch, finished = 1, False

    if resume and Path(checkpoint).exists():
        state = load_fit_checkpoint(checkpoint)
        _check_same_config(state["config"], config, checkpoint)
        try:
            model.load_state_dict(state["model"])
        except RuntimeError as error:
            raise TrainlabError(
                f"checkpoint {checkpoint} holds another model's weights: {str(error).splitlines()[1].strip()}"
            ) from None
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        history = History.from_dict(state["history"])
        shuffle.set_state(state["rng"]["shuffle"])
        torch.set_rng_state(state["rng"]["torch"])
        if torch.cuda.is_available() and state["rng"].get("cuda") is not None:
            torch.cuda.set_rng_state_all(state["rng"]["cuda"])
        if stopper is not None:
            stopper.load_state_dict(state["early_stopping"])
        first_epoch, finished = history.epochs + 1, state["finished"]

    bar = _progress_bar(progress, config.epochs, first_epoch - 1, description)
    epoch = first_epoch - 1
    for epoch in range(first_epoch, config.epochs + 1):
        if finished:
            break
        lr = optimizer.param_groups[0]["lr"]
        result = run_epoch(
            net,
            train,
            optimizer,
            loss_fn,
            batch_size=config.batch_size,
            generator=shuffle,
            l1=config.l1,
            l2=config.l2,
            clip_norm=config.clip_norm,
            clip_value=config.clip_value,
        )
        if result.bad_step is not None:  # the checkpoint on disk is still the last good one
            if bar:
                bar.close()
            raise NonFiniteLossError(
                epoch, result.bad_step, str(checkpoint) if checkpoint else None
            )
        scheduler.step()
        history.train_loss.append(result.loss)
        history.train_accuracy.append(result.accuracy)
        history.lr.append(lr)
        if val is not None:
            val_result = evaluate(net, val, loss_fn)
            history.val_loss.append(val_result.loss)
            history.val_accuracy.append(val_result.accuracy)
        stop = stopper.step(history.val_loss[-1], model, epoch) if stopper else False
        finished = stop or epoch == config.epochs
        history.stopped_early = stop
        if checkpoint is not None:
            save_checkpoint(
                checkpoint,
                _state(model, optimizer, scheduler, history, shuffle, stopper, config, finished),
            )
        if bar:
            bar.set_postfix(_postfix(history), refresh=False)
            bar.update(1)
        if on_epoch_end is not None:
            on_epoch_end(epoch, history)
        if stop:
            break
    if bar:
        bar.close()

    if stopper is not None:
        stopper.restore_best(model)
        history.best_epoch = stopper.best_epoch
    else:
        history.best_epoch = history.epochs
    return history


class Autocast(nn.Module):
    """`model` run under autocast: matrix products and convolutions in bfloat16, the
    rest (softmax, losses, the weights and their updates) in float32. bfloat16 has
    float32's range, so unlike float16 it needs no loss scaling."""

    def __init__(self, model: nn.Module, device_type: str):
        super().__init__()
        self.model, self.device_type = model, device_type

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # no weight cache: each weight is used once per step, and CUDA graphs need it off
        with torch.autocast(self.device_type, dtype=torch.bfloat16, cache_enabled=False):
            out = self.model(x)
        return out.float()  # the loss and the accuracy in float32


def accelerated(
    model: nn.Module, device: torch.device, *, amp: bool = False, compile: bool = False
) -> nn.Module:
    """The module fit runs: `model` itself, under autocast (amp) and/or compiled.

    Both wrappers share `model`'s weights, so training them trains `model`;
    checkpoints and early stopping keep using `model` and its plain state_dict.
    """
    net = model
    if amp:
        if device.type == "cuda" and not torch.cuda.is_bf16_supported():
            raise TrainlabError(
                f"amp=True needs bfloat16, which {torch.cuda.get_device_name(device)} lacks "
                "(NVIDIA Ampere or newer has it); train without amp"
            )
        if device.type not in ("cuda", "cpu"):
            raise TrainlabError(f"amp=True works on cuda and cpu, not on {device.type}")
        net = Autocast(net, device.type)
    if compile:
        net = torch.compile(net)  # compiles at the first batch, again for a new batch shape
    return net


# what _state writes and a resumed fit reads
STATE_KEYS = (
    "model",
    "optimizer",
    "scheduler",
    "history",
    "rng",
    "early_stopping",
    "config",
    "finished",
)


def load_fit_checkpoint(path: str | Path) -> dict:
    """A checkpoint fit wrote, with everything a resumed fit reads from it."""
    state = load_checkpoint(path)
    missing = [key for key in STATE_KEYS if key not in state]
    if missing:  # the right format, but not written by fit: a KeyError half-way otherwise
        raise TrainlabError(
            f"checkpoint {path} lacks {', '.join(map(repr, missing))}, so fit cannot resume "
            "from it; delete it to start that run afresh"
        )
    return state


def _state(model, optimizer, scheduler, history, shuffle, stopper, config, finished) -> dict:
    return {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "history": history.to_dict(),
        "rng": {
            "shuffle": shuffle.get_state(),
            "torch": torch.get_rng_state(),
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
        },
        "early_stopping": stopper.state_dict() if stopper else None,
        "config": asdict(config),
        "finished": finished,
    }


def _check_same_config(saved: dict, config: TrainConfig, path) -> None:
    """Resuming with other settings would silently mix two different runs."""
    current = asdict(config)
    defaults = asdict(TrainConfig())  # a field added since the checkpoint was written
    changed = [k for k in current if saved.get(k, defaults[k]) != current[k]]
    if changed:
        k = changed[0]
        raise TrainlabError(
            f"checkpoint {path} was made with {k}={saved.get(k)!r}, not {current[k]!r}; "
            "resume with the same settings or start in a new place"
        )


def _progress_bar(enabled: bool, total: int, initial: int, description: str):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(
        total=total, initial=initial, desc=description or "training", unit="epoch", leave=True
    )


def _postfix(history: History) -> dict:
    post = {"loss": f"{history.train_loss[-1]:.3f}"}
    if history.val_loss:
        post["val_loss"] = f"{history.val_loss[-1]:.3f}"
    if history.val_accuracy and history.val_accuracy[-1] is not None:
        post["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
    return post
