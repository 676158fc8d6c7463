"""`python -m benchmarks.training`: how fast trainlab.fit trains, against the textbook
loop, PyTorch Lightning and the ideal (issue 9, part 1).

All contenders run one after another in this process, on the same device, with the
same model (the lab's multi-layer perceptron, 784-64-32-10), the same synthetic
MNIST-sized data, the same optimizer (Adam), learning rate, batch size and number of
epochs, the same initial weights and the same number of torch threads. Each trains
one warm-up epoch that is not timed, then --epochs timed epochs, in each of --rounds
rounds (the contenders take turns, so a slow spell of a shared machine hits them all);
a contender's median round is reported:

    samples/s = samples x timed epochs / seconds of the timed epochs

The test accuracies, on a held-out split of the same synthetic data, must agree:
speed may not come from doing less work.

The ideal is the model's floating-point work per epoch at the dense matrix-multiply
rate measured on the same device in this run, in the precisions fit may compute in
(float32; with --amp also bfloat16, the faster of the two): an epoch with no overhead
at all. A linear layer with
W weights costs 2W flops per sample forward, 2W for the gradient of its weights and
2W for the gradient of its input; the first layer's input is the data, which needs
no gradient, so a step costs 6 x W - 2 x W_first flops per sample (the rule of thumb
6 x W would count work no loop does, and flatter every ratio to the ideal).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime
import inspect
import json
import logging
import math
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from trainlab import __version__ as trainlab_version
from trainlab.__main__ import (  # the lab CLI's argument checks
    Parser,
    number,
    seed,
    whole_number,
    writable_folder,
)
from trainlab.checkpoint import atomic_write
from trainlab.data import Data
from trainlab.devices import pick_device
from trainlab.errors import TrainlabError
from trainlab.fit import TrainConfig, fit
from trainlab.models import MLP, count_parameters
from trainlab.optim import make_optimizer
from trainlab.train import evaluate

from benchmarks.textbook import make_loader, textbook_train_epoch

FEATURES, CLASSES = 784, 10  # MNIST-sized: 28 x 28 inputs, 10 classes
HIDDEN = (64, 32)  # the lab's multi-layer network (python -m trainlab --hidden default)
SEPARATION = 6.0  # mean distance between two class means, in noise standard deviations

RESULTS = Path(__file__).resolve().parent / "results"

# trainlab.fit must be at least this many times as fast as the contender (issue 9).
# "Within 3x of the ideal" is a ratio trainlab/ideal of at least 1/3.
TARGETS: dict[str, dict[str, float]] = {
    "cpu": {"textbook": 1.5, "lightning": 2.0},
    "cuda": {"textbook": 5.0, "ideal": 1 / 3},
}
LABELS = {
    "trainlab": "trainlab.fit",
    "textbook": "textbook loop",
    "lightning": "Lightning",
    "ideal": "ideal",
}
FIT_OPTIONS = ("amp", "compile")  # benchmark flags handed to fit (options of TrainConfig)


@dataclass(frozen=True)
class Settings:
    device: torch.device
    samples: int
    test_samples: int
    epochs: int  # timed epochs, after one warm-up epoch
    batch_size: int
    lr: float
    threads: int
    seed: int

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(self.samples / self.batch_size)


class Skipped(Exception):
    """A contender that cannot run here (not installed): reported, not a failure."""


# ---------------------------------------------------------------- data and model


def make_data(
    samples: int, test_samples: int, *, seed: int = 0, separation: float = SEPARATION
) -> tuple[Data, Data]:
    """(train, test): MNIST-sized synthetic data that a network can learn.

    Each class has a mean image drawn once; a sample is its class mean plus unit
    Gaussian noise in every one of the 784 inputs. Means are scaled so that two of
    them lie `separation` noise standard deviations apart on average: learnable to
    high accuracy, but not in a single step.
    """
    g = torch.Generator().manual_seed(seed)
    means = torch.randn(CLASSES, FEATURES, generator=g) * (separation / math.sqrt(2 * FEATURES))

    def draw(n: int) -> Data:
        y = torch.randint(CLASSES, (n,), generator=g)
        return Data(means[y] + torch.randn(n, FEATURES, generator=g), y)

    return draw(samples), draw(test_samples)


def make_model(state: dict[str, torch.Tensor] | None = None) -> MLP:
    model = MLP(FEATURES, CLASSES, hidden=HIDDEN)
    if state is not None:
        model.load_state_dict(state)
    return model


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    """The model's linear layers, input first: where its matrix products are."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def matmul_weights(model: nn.Module) -> int:
    """Weights that take part in matrix multiplies (biases and activations are cheap)."""
    return sum(m.weight.numel() for m in linear_layers(model))


def training_flops_per_sample(model: nn.Module) -> int:
    """Matrix-multiply flops of one training step per sample: 6 per weight (forward,
    weight gradient, input gradient), less the first layer's input gradient."""
    return 6 * matmul_weights(model) - 2 * linear_layers(model)[0].weight.numel()


# ---------------------------------------------------------------- timing


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


class Clock:
    """Times at the end of each epoch (after the device has finished its work)."""

    def __init__(self, device: torch.device):
        self.device = device
        self.start = time.perf_counter()
        self.marks: list[float] = []

    def mark(self, *_) -> None:
        synchronize(self.device)
        self.marks.append(time.perf_counter())


def fit_support() -> dict[str, bool]:
    """Which benchmark flags fit takes: a TrainConfig field or a keyword of fit."""
    known = {f.name for f in dataclasses.fields(TrainConfig)} | set(
        inspect.signature(fit).parameters
    )
    return {option: option in known for option in FIT_OPTIONS}


# ---------------------------------------------------------------- contenders
# Each trains `model` (fresh, with the shared initial weights) for 1 + s.epochs
# epochs and calls clock.mark() at the end of every epoch.


def run_trainlab(model: nn.Module, train: Data, s: Settings, clock: Clock, **fit_options) -> None:
    fit(
        model,
        train,
        epochs=s.epochs + 1,
        batch_size=s.batch_size,
        lr=s.lr,
        optimizer="adam",
        seed=s.seed,
        device=s.device,
        on_epoch_end=clock.mark,
        **fit_options,
    )


def run_textbook(model: nn.Module, train: Data, s: Settings, clock: Clock) -> None:
    model.to(s.device)
    loader = make_loader(train, s.batch_size, shuffle=True, seed=s.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=s.lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(s.epochs + 1):
        textbook_train_epoch(model, loader, optimizer, loss_fn, s.device)
        clock.mark()


def run_lightning(model: nn.Module, train: Data, s: Settings, clock: Clock) -> None:
    """Lightning's Trainer as a user runs it: a LightningModule that logs its loss
    (as Lightning's own first example does) and a DataLoader over a TensorDataset."""
    try:
        import lightning as L
    except ImportError as error:
        raise Skipped(f"lightning is not installed ({error}); pip install -e '.[bench]'") from None

    class Classifier(L.LightningModule):
        def __init__(self, net: nn.Module, lr: float):
            super().__init__()
            self.net, self.lr = net, lr

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = nn.functional.cross_entropy(self.net(x), y)
            self.log("train_loss", loss)
            return loss

        def configure_optimizers(self):
            return torch.optim.Adam(self.parameters(), lr=self.lr)

    class EpochClock(L.Callback):
        def on_train_epoch_end(self, trainer, pl_module):
            clock.mark()

    if s.device.type == "cuda":
        accelerator, devices = "gpu", [s.device.index or 0]
    else:
        accelerator, devices = s.device.type, 1
    loader = make_loader(train, s.batch_size, shuffle=True, seed=s.seed)
    with _quiet_lightning():
        trainer = L.Trainer(
            max_epochs=s.epochs + 1,
            accelerator=accelerator,
            devices=devices,
            logger=False,
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
            callbacks=[EpochClock()],
        )
        trainer.fit(Classifier(model, s.lr), loader)


@contextlib.contextmanager
def _quiet_lightning():
    """Lightning's notices (GPU available, tips, few DataLoader workers, a deprecation
    inside Lightning) are not results: keep them out of the report."""
    loggers = [logging.getLogger(name) for name in ("lightning.pytorch", "lightning.fabric")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*does not have many workers.*")
            warnings.filterwarnings("ignore", message=r".*Tensor Cores.*")
            warnings.filterwarnings("ignore", message=r".*LeafSpec.*is deprecated.*")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


CONTENDERS: dict[str, Callable[..., None]] = {
    "trainlab": run_trainlab,
    "textbook": run_textbook,
    "lightning": run_lightning,
}


def run_contender(
    name: str,
    init: dict[str, torch.Tensor],
    train: Data,
    test: Data,
    s: Settings,
    **options,
) -> dict:
    """Train one contender; its throughput and test accuracy, or why it did not run."""
    torch.set_num_threads(s.threads)
    model = make_model(init)
    clock = Clock(s.device)
    try:
        CONTENDERS[name](model, train, s, clock, **options)
    except Skipped as reason:
        return {"status": "skipped", "reason": str(reason)}
    except Exception as error:  # one broken contender must not hide the others' figures
        return {"status": "failed", "reason": f"{type(error).__name__}: {error}"}
    threads = torch.get_num_threads()
    if len(clock.marks) != s.epochs + 1:
        return {
            "status": "failed",
            "reason": f"ran {len(clock.marks)} epochs, not {s.epochs + 1}",
        }
    timed = clock.marks[-1] - clock.marks[0]
    test_result = evaluate(model.to(s.device), test.to(s.device), nn.CrossEntropyLoss())
    return {
        "status": "ok",
        "samples_per_s": s.samples * s.epochs / timed,
        "us_per_step": 1e6 * timed / (s.epochs * s.steps_per_epoch),
        "epoch_seconds": [b - a for a, b in zip(clock.marks, clock.marks[1:], strict=False)],
        "warmup_seconds": clock.marks[0] - clock.start,  # setup and the warm-up epoch
        "test_accuracy": test_result.accuracy,
        "test_loss": test_result.loss,
        "threads": threads,
    }


def median_run(results: list[dict]) -> dict:
    """A contender's result over the rounds: the round with the median samples/s (the
    lower of the two middle ones for an even count), with every round's samples/s; a
    round that did not run is the result, since its figures would be incomplete."""
    for result in results:
        if result["status"] != "ok":
            return result
    ranked = sorted(results, key=lambda r: r["samples_per_s"])
    return {
        **ranked[(len(ranked) - 1) // 2],
        "rounds_samples_per_s": [r["samples_per_s"] for r in results],
    }


def matmul_rate(
    device: torch.device,
    *,
    dtype: torch.dtype = torch.float32,
    size: int | None = None,
    min_seconds: float = 0.3,
):
    """(flop/s, size): the best rate of a large dense square matrix multiply in `dtype`.

    Without a `size`, the size doubles from 256 until one product takes 50 ms or the
    size reaches 8192 on a GPU, 2048 on a CPU: large enough to run at the device's
    full rate, and quick also where a precision runs slowly (bfloat16 on most CPUs).
    """
    largest = 8192 if device.type == "cuda" else 2048
    sizes = [size] if size else [n for n in (256 * 2**k for k in range(6)) if n <= largest]
    for n in sizes:
        a, b = (torch.randn(n, n, device=device, dtype=dtype) for _ in range(2))
        out = torch.empty(n, n, device=device, dtype=dtype)
        torch.matmul(a, b, out=out)  # warm-up: threads, kernels, caches
        synchronize(device)
        start = time.perf_counter()
        torch.matmul(a, b, out=out)
        synchronize(device)
        if time.perf_counter() - start >= 0.05:
            break
    best, total, reps = math.inf, 0.0, 0
    while reps < 3 or total < min_seconds:
        start = time.perf_counter()
        torch.matmul(a, b, out=out)
        synchronize(device)
        seconds = time.perf_counter() - start
        best, total, reps = min(best, seconds), total + seconds, reps + 1
    return 2 * n**3 / best, n


def step_breakdown(
    init: dict[str, torch.Tensor], train: Data, s: Settings, *, reps: int = 200
) -> dict[str, float]:
    """Microseconds per step of the parts of a training step, each timed alone with
    trainlab's pieces: where the time of a step goes, and what the loops share."""
    torch.set_num_threads(s.threads)
    model = make_model(init).to(s.device)
    fused = make_optimizer("adam", model.parameters(), s.lr)  # trainlab's: fused where possible
    plain = torch.optim.Adam(model.parameters(), lr=s.lr)  # the textbook loop's and Lightning's
    loss_fn = nn.CrossEntropyLoss()
    x, y = train.x.to(s.device), train.y.to(s.device)
    g = torch.Generator().manual_seed(s.seed)
    idx = torch.randperm(len(x), generator=g)[: s.batch_size].to(s.device)
    xb, yb = x[idx], y[idx]
    loader = make_loader(train, s.batch_size, shuffle=True, seed=s.seed)
    batches = iter(())

    def loader_batch():
        nonlocal batches
        try:
            next(batches)
        except StopIteration:
            batches = iter(loader)
            next(batches)

    parts = {
        "trainlab batch (index on device)": lambda: (
            x.index_select(0, idx),
            y.index_select(0, idx),
        ),
        "textbook batch (DataLoader)": loader_batch,
        "forward + loss + backward": lambda: loss_fn(model(xb), yb).backward(),
        "Adam step, plain (textbook, Lightning)": plain.step,
        f"Adam step, {'fused' if fused.defaults.get('fused') else 'plain'} (trainlab)": fused.step,
    }
    return {name: 1e6 * seconds_per_call(part, s.device, reps) for name, part in parts.items()}


def seconds_per_call(fn: Callable[[], object], device: torch.device, reps: int) -> float:
    """Mean seconds of `fn()` over `reps` calls, after 10 untimed ones (warm-up), with
    the device's queued work finished before each clock reading."""
    for _ in range(10):
        fn()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(reps):
        fn()
    synchronize(device)
    return (time.perf_counter() - start) / reps


def step_matmuls(model: nn.Module, s: Settings, *, amp: bool = False, reps: int = 200) -> dict:
    """The matrix products of one training step at its own shapes, and nothing else:
    forward, weight gradients, input gradients (not the first layer's). On a CUDA GPU
    they are recorded as one CUDA graph and replayed, so no launch from Python is
    counted. Time per step and the rate they reach: the best any loop could do with
    these kernels at this batch size."""
    dtype = torch.bfloat16 if amp else torch.float32
    shapes = []  # (rows, inner, cols) of each product
    for i, layer in enumerate(linear_layers(model)):
        fan_out, fan_in = layer.weight.shape
        shapes.append((s.batch_size, fan_in, fan_out))  # forward
        shapes.append((fan_out, s.batch_size, fan_in))  # weight gradient
        if i:
            shapes.append((s.batch_size, fan_out, fan_in))  # input gradient
    g = torch.Generator(device=s.device).manual_seed(0)
    operands = [
        (
            torch.randn(m, k, device=s.device, dtype=dtype, generator=g),
            torch.randn(k, n, device=s.device, dtype=dtype, generator=g),
            torch.empty(m, n, device=s.device, dtype=dtype),
        )
        for m, k, n in shapes
    ]

    def products() -> None:
        for a, b, out in operands:
            torch.mm(a, b, out=out)

    run = products
    if s.device.type == "cuda":
        products()  # cuBLAS picks and loads its kernels before the capture
        torch.cuda.synchronize(s.device)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            products()
        run = graph.replay
    seconds = seconds_per_call(run, s.device, reps)
    flops = sum(2 * m * k * n for m, k, n in shapes)
    return {"products": len(shapes), "us_per_step": 1e6 * seconds, "flops_per_s": flops / seconds}


def run_ideal(model: nn.Module, s: Settings, *, amp: bool = False) -> dict:
    """The ideal at the best matrix-multiply rate of the precisions trainlab.fit may
    compute in: float32, and with amp also bfloat16 (several times faster on a GPU's
    matrix units; slower than float32 on a CPU without bfloat16 instructions, where
    autocast's products still reach float32 speed, so the faster rate is the bound)."""
    torch.set_num_threads(s.threads)
    dtypes = (torch.float32, torch.bfloat16) if amp else (torch.float32,)
    rates = {dtype: matmul_rate(s.device, dtype=dtype) for dtype in dtypes}
    dtype = max(rates, key=lambda d: rates[d][0])
    rate, size = rates[dtype]
    flops_per_sample = training_flops_per_sample(model)
    return {
        "status": "ok",
        "precision": str(dtype).removeprefix("torch."),
        "samples_per_s": rate / flops_per_sample,
        "us_per_step": 1e6 * flops_per_sample * s.batch_size / rate,
        "matmul_flops_per_s": rate,
        "matmul_size": size,
        "flops_per_sample": flops_per_sample,
        "flops_per_epoch": flops_per_sample * s.samples,
        "threads": torch.get_num_threads(),
    }


SWEEP = (32, 256, 1024, 4096, 15000)  # batch sizes of the sweep (--no-sweep skips it)


def batch_sweep(
    init: dict[str, torch.Tensor],
    train: Data,
    test: Data,
    s: Settings,
    main: dict,
    ideal: dict,
    fit_options: dict,
    *,
    batch_sizes: tuple[int, ...] = SWEEP,
) -> list[dict]:
    """trainlab.fit alone at other batch sizes, with the same data and epochs: how close
    it comes to the ideal (whose samples/s does not depend on the batch size) as the
    batch grows, and how close the step's matrix products alone come. `main` is the
    main run's result for trainlab and its step's products, reused at its batch size."""
    rows = []
    for batch in sorted({*batch_sizes, s.batch_size}):
        if batch > s.samples:
            continue
        here = dataclasses.replace(s, batch_size=batch)
        if batch == s.batch_size:
            result, products = main["trainlab"], main["step_matmuls"]
        else:
            result = run_contender("trainlab", init, train, test, here, **fit_options)
            products = step_matmuls(make_model(init), here, amp=bool(fit_options.get("amp")))
        if result["status"] != "ok":
            rows.append({"batch_size": batch, "status": result["status"]})
            continue
        ideal_us = 1e6 * ideal["flops_per_sample"] * batch / ideal["matmul_flops_per_s"]
        rows.append(
            {
                "batch_size": batch,
                "status": "ok",
                "samples_per_s": result["samples_per_s"],
                "of_ideal": result["samples_per_s"] / ideal["samples_per_s"],
                "products_us_per_step": products["us_per_step"],
                "products_of_ideal": ideal_us / products["us_per_step"],
                "test_accuracy": result["test_accuracy"],
            }
        )
    return rows


def ideal_target(summary: dict) -> float | None:
    """The least trainlab/ideal ratio the run's device type is held to, if any."""
    return TARGETS.get(summary["machine"]["device"].split(":")[0], {}).get("ideal")


def sweep_text(summary: dict) -> list[str]:
    rows = [r for r in summary.get("batch_sweep") or [] if r["status"] == "ok"]
    if not rows:
        return []
    lines = [
        "trainlab.fit as the batch grows (same data and epochs; the ideal's samples/s is "
        "the same at every batch size):",
        "  batch    samples/s  of the ideal  its products alone  test acc",
    ]
    for r in rows:
        lines.append(
            f"  {r['batch_size']:>5}  {r['samples_per_s']:>11,.0f}  {r['of_ideal']:>11.4f}x"
            f"  {r['products_of_ideal']:>17.4f}x  {r['test_accuracy']:>8.4f}"
        )
    target = ideal_target(summary)
    best = max(rows, key=lambda r: r["products_of_ideal"])
    if target and best["products_of_ideal"] < target:
        lines.append(
            f"at no batch size here do the step's matrix products alone reach 1/{1 / target:g} "
            f"of the ideal (best {best['products_of_ideal']:.2f}x, at batch "
            f"{best['batch_size']}): with these kernels no loop can meet 'within "
            f"{1 / target:g}x of the ideal' for this network"
        )
    return lines


# ---------------------------------------------------------------- verdicts


def ratios(contenders: dict[str, dict]) -> dict[str, float | None]:
    ours = contenders["trainlab"]
    out = {}
    for name, result in contenders.items():
        if name == "trainlab":
            continue
        ok = ours["status"] == "ok" and result["status"] == "ok"
        out[f"trainlab/{name}"] = ours["samples_per_s"] / result["samples_per_s"] if ok else None
    return out


def judge_targets(device_type: str, found: dict[str, float | None]) -> list[dict]:
    verdicts = []
    for name, target in TARGETS.get(device_type, {}).items():
        ratio = found.get(f"trainlab/{name}")
        verdict = {"contender": name, "target": target, "ratio": ratio}
        if ratio is None:
            verdict.update(met=None)
        else:
            verdict.update(met=ratio >= target, shortfall=max(0.0, 1 - ratio / target))
        verdicts.append(verdict)
    return verdicts


def accuracy_agreement(contenders: dict[str, dict], tolerance: float) -> dict:
    accuracies = {
        n: r["test_accuracy"] for n, r in contenders.items() if r.get("test_accuracy") is not None
    }
    spread = max(accuracies.values()) - min(accuracies.values()) if accuracies else 0.0
    return {"spread": spread, "tolerance": tolerance, "agree": spread <= tolerance}


# ---------------------------------------------------------------- report


def target_text(name: str, target: float) -> str:
    if name == "ideal":
        return f"within {1 / target:g}x of the ideal"
    return f">= {target:g}x {LABELS[name]}"


def format_report(summary: dict) -> str:
    s, contenders = summary["settings"], summary["contenders"]
    layers = "-".join(str(w) for w in summary["model"]["layers"])
    lines = [
        f"training throughput on {summary['machine']['device']} "
        f"({summary['machine']['device_name']}), {s['threads']} torch threads",
        f"MLP {layers} ({summary['model']['parameters']:,} parameters), "
        f"{s['samples']:,} samples x {s['epochs']} timed epoch(s) after 1 warm-up, "
        f"batch {s['batch_size']}, Adam lr {s['lr']:g}; median of {s.get('rounds', 1)} "
        "interleaved round(s)",
        "",
    ]
    header = ("contender", "samples/s", "us/step", "test acc", "trainlab/this")
    rows = []
    for name, r in contenders.items():
        if r["status"] != "ok":
            rows.append((LABELS[name], r["status"], "", "", ""))
            continue
        ratio = 1.0 if name == "trainlab" else summary["ratios"][f"trainlab/{name}"]
        acc = r.get("test_accuracy")
        rows.append(
            (
                LABELS[name],
                f"{r['samples_per_s']:,.0f}",
                f"{r['us_per_step']:,.0f}",
                "-" if acc is None else f"{acc:.4f}",
                "-" if ratio is None else f"{ratio:.2f}x",
            )
        )
    width = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        lines.append(
            "  ".join(c.ljust(width[i]) if i == 0 else c.rjust(width[i]) for i, c in enumerate(row))
        )
    lines.insert(4, "  ".join("-" * w for w in width))
    for name, r in contenders.items():
        if r["status"] != "ok":
            lines.append(f"{LABELS[name]}: {r['status']}: {r['reason']}")
    ideal = contenders.get("ideal", {})
    if ideal.get("status") == "ok":
        lines.append(
            f"ideal: {ideal['flops_per_sample']:,} flops per sample at "
            f"{ideal['matmul_flops_per_s'] / 1e9:,.1f} GFLOP/s "
            f"({ideal.get('precision', 'float32')} {ideal['matmul_size']}x{ideal['matmul_size']} matmul)"
        )
    for option, state in summary["fit_options"].items():
        if state == "unsupported":
            lines.append(
                f"--{option}: not supported yet: trainlab.fit has no {option!r} option, "
                "so fit ran without it"
            )

    agreement = summary["accuracy"]
    lines += [
        "",
        f"test accuracies {'agree' if agreement['agree'] else 'DISAGREE'}: "
        f"spread {agreement['spread']:.4f} (tolerance {agreement['tolerance']:g})",
        "",
        f"targets ({summary['machine']['device']}):" if summary["targets"] else "targets: none",
    ]
    ours, missed = contenders["trainlab"], False
    for v in summary["targets"]:
        name, want = v["contender"], target_text(v["contender"], v["target"])
        if v["met"] is None:
            lines.append(f"  trainlab {want}: not measured ({LABELS[name]} did not run)")
        elif v["met"]:
            lines.append(f"  trainlab {want}: met ({v['ratio']:.2f}x)")
        else:
            lines.append(
                f"  trainlab {want}: MISSED: {v['ratio']:.2f}x, {v['shortfall']:.0%} short; "
                f"trainlab needs {v['target'] / v['ratio']:.2f}x its throughput"
            )
            missed = True
            if name != "ideal":
                lines.append(
                    f"    per step: trainlab.fit {ours['us_per_step']:,.0f} us, "
                    f"{LABELS[name]} {contenders[name]['us_per_step']:,.0f} us"
                )
    lines += ["", *breakdown_text(summary, missed)]
    sweep = sweep_text(summary)
    if sweep:
        lines += ["", *sweep]
    machine = summary["machine"]
    busy = max(machine["load_average"] or [0.0])
    if busy > machine["cpu_count"]:
        lines.append(
            f"\nnote: the machine was busy (load average up to {busy:.1f} on "
            f"{machine['cpu_count']} CPUs): figures are noisy; rerun on an idle machine"
        )
    return "\n".join(lines)


def breakdown_text(summary: dict, missed: bool) -> list[str]:
    """Where a step's time goes: printed always, and the explanation when a target is missed."""
    ours, parts = summary["contenders"]["trainlab"], summary["step_breakdown_us"]
    ideal = summary["contenders"].get("ideal", {})
    lines = [
        f"{'why' if missed else 'where the time goes'}: a step of trainlab.fit takes "
        f"{ours['us_per_step']:,.0f} us, of which the matmul work at the measured rate is "
        f"{ideal.get('us_per_step', math.nan):,.1f} us; the parts of a step, each timed alone "
        "(us per step):"
    ]
    for part, us in parts.items():
        lines.append(f"  {part:<38} {us:8,.1f}")
    trainlab_parts = [v for k, v in parts.items() if "textbook" not in k and "plain" not in k]
    if summary.get("fit_options", {}).get("cuda_graphs") == "on":
        lines.append(
            f"trainlab.fit records its whole step (batch, forward, backward, fused Adam, "
            f"bookkeeping) as one CUDA graph and replays it: {ours['us_per_step']:,.0f} us per "
            f"step, against {sum(trainlab_parts):,.0f} us for its parts launched one by one "
            "from Python, as the textbook loop and Lightning launch theirs; a step's kernels "
            "compute for a few microseconds, so what remains is the GPU's time to run them "
            "one after another"
        )
        return lines + matmuls_text(summary)
    rest = ours["us_per_step"] - sum(trainlab_parts)
    lines.append(
        f"  {'rest of a trainlab step':<38} {rest:8,.1f}  (bookkeeping, Python, and caches: a part timed alone finds its data in them)"
    )
    lines.append(
        "every loop pays for the forward and backward pass; against the textbook loop, "
        "trainlab saves the gap between the two batch rows (no DataLoader: batches are "
        "slices of data already on the device) and between the two Adam rows (one fused "
        "kernel for all weights), and pays its rest"
    )
    return lines + matmuls_text(summary)


def matmuls_text(summary: dict) -> list[str]:
    """How far the step's own matrix products are from the ideal's rate: the part of
    the gap to the ideal that no loop can close with these kernels at this batch size."""
    products, ideal = summary.get("step_matmuls"), summary["contenders"].get("ideal", {})
    if not products or ideal.get("status") != "ok":
        return []
    graph = (
        " (replayed as one CUDA graph)" if summary["machine"]["device"].startswith("cuda") else ""
    )
    slower = products["us_per_step"] / ideal["us_per_step"]
    lines = [
        f"the step's {products['products']} matrix products alone, at its shapes{graph}: "
        f"{products['us_per_step']:,.1f} us per step, {products['flops_per_s'] / 1e9:,.0f} "
        f"GFLOP/s against {ideal['matmul_flops_per_s'] / 1e9:,.0f} for the large product: "
        f"{slower:,.1f}x the ideal's time before anything else in the step"
    ]
    target = ideal_target(summary)
    if target and slower > 1 / target:
        lines.append(
            f"so no loop at batch {summary['settings']['batch_size']} comes within "
            f"{1 / target:g}x of the ideal with these kernels: small products leave most of "
            "the device idle, whatever launches them"
        )
    return lines


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def run(args: argparse.Namespace) -> dict:
    device = pick_device(args.device)
    threads = args.threads
    torch.set_num_threads(threads)
    s = Settings(
        device=device,
        samples=args.samples,
        test_samples=args.test_samples,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        threads=threads,
        seed=args.seed,
    )
    support = fit_support()
    asked = {option: getattr(args, option) for option in FIT_OPTIONS}
    fit_options = {o: True for o, on in asked.items() if on and support[o]}
    fit_state = {
        o: ("on" if o in fit_options else "unsupported" if on else "off") for o, on in asked.items()
    }
    graphs = "cuda_graphs" in {f.name for f in dataclasses.fields(TrainConfig)}
    if graphs and args.no_cuda_graphs:
        fit_options["cuda_graphs"] = False
    fit_state["cuda_graphs"] = (
        "on"
        if graphs
        and device.type == "cuda"
        and fit_options.get("cuda_graphs", True)
        and not fit_options.get("compile")
        else "off"
    )
    load_before = load_average()

    train, test = make_data(s.samples, s.test_samples, seed=s.seed)
    torch.manual_seed(s.seed)
    model = make_model()
    init = copy.deepcopy(model.state_dict())  # every contender starts from these weights

    runs: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
    for round_ in range(1, args.rounds + 1):  # interleaved: a slow spell hits every contender
        for name in CONTENDERS:
            print(
                f"round {round_}/{args.rounds}: {LABELS[name]} ...",
                end=" ",
                file=sys.stderr,
                flush=True,
            )
            options = fit_options if name == "trainlab" else {}
            runs[name].append(run_contender(name, init, train, test, s, **options))
            r = runs[name][-1]
            print(
                f"{r['samples_per_s']:,.0f} samples/s" if r["status"] == "ok" else r["status"],
                file=sys.stderr,
                flush=True,
            )
    contenders = {name: median_run(results) for name, results in runs.items()}
    contenders["ideal"] = run_ideal(model, s, amp=bool(fit_options.get("amp")))
    breakdown = step_breakdown(init, train, s)
    matmuls = step_matmuls(model, s, amp=bool(fit_options.get("amp")))
    sweep = None
    if not args.no_sweep:
        print("sweeping batch sizes ...", file=sys.stderr, flush=True)
        sweep = batch_sweep(
            init,
            train,
            test,
            s,
            {"trainlab": contenders["trainlab"], "step_matmuls": matmuls},
            contenders["ideal"],
            fit_options,
        )

    found = ratios(contenders)
    load_after = load_average()
    lightning_version = None
    with contextlib.suppress(ImportError):
        import lightning

        lightning_version = lightning.__version__
    return {
        "benchmark": "training",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "device": str(device),
            "device_name": device_name(device),
            "cpu_count": os.cpu_count(),
            "load_average": [*(load_before or []), *(load_after or [])] or None,
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "lightning": lightning_version,
            "trainlab": trainlab_version,
        },
        "settings": {
            "samples": s.samples,
            "test_samples": s.test_samples,
            "epochs": s.epochs,
            "warmup_epochs": 1,
            "rounds": args.rounds,
            "batch_size": s.batch_size,
            "optimizer": "adam",
            "lr": s.lr,
            "threads": s.threads,
            "seed": s.seed,
        },
        "model": {
            "layers": [FEATURES, *HIDDEN, CLASSES],
            "parameters": count_parameters(model),
            "matmul_weights": matmul_weights(model),
        },
        "fit_options": fit_state,
        "contenders": contenders,
        "ratios": found,
        "accuracy": accuracy_agreement(contenders, args.accuracy_tolerance),
        "targets": judge_targets(device.type, found),
        "step_breakdown_us": breakdown,
        "step_matmuls": matmuls,
        "batch_sweep": sweep,
    }


# ---------------------------------------------------------------- command line


positive = number(0.0, low_inclusive=False)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m benchmarks.training",
        description=(
            "Training throughput of trainlab.fit against the textbook loop, PyTorch "
            "Lightning and the ideal, on MNIST-sized synthetic data. Prints a table "
            "and writes JSON."
        ),
    )
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default: auto)")
    p.add_argument(
        "--epochs",
        type=whole_number(1),
        default=3,
        help="timed epochs per contender, after one untimed warm-up epoch (default: 3)",
    )
    p.add_argument(
        "--rounds",
        type=whole_number(1),
        default=3,
        help=(
            "rounds of all contenders, one contender after another in each round; each "
            "contender's median round is reported (default: 3)"
        ),
    )
    p.add_argument(
        "--samples", type=whole_number(1), default=60_000, help="training samples (default: 60000)"
    )
    p.add_argument(
        "--test-samples",
        type=whole_number(1),
        default=10_000,
        help="held-out samples for the test accuracy (default: 10000)",
    )
    p.add_argument(
        "--batch-size",
        type=whole_number(1),
        default=TrainConfig().batch_size,
        help=f"samples per step (default: {TrainConfig().batch_size}, trainlab's)",
    )
    p.add_argument(
        "--lr", type=positive, default=1e-3, help="Adam's learning rate (default: 0.001)"
    )
    p.add_argument(
        "--threads",
        type=whole_number(1),
        default=1,
        help=(
            "torch threads, the same for every contender (default: 1: steady figures on a "
            "shared machine, where several threads per op wait for each other; this "
            f"machine's torch default is {torch.get_num_threads()})"
        ),
    )
    p.add_argument("--seed", type=seed, default=0, help="data, weights, shuffling (default: 0)")
    p.add_argument(
        "--accuracy-tolerance",
        type=positive,
        default=0.02,
        help="largest allowed spread of the test accuracies (default: 0.02)",
    )
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PATH",
        help="where to write the results (default: benchmarks/results/training-<device>.json)",
    )
    p.add_argument("--amp", action="store_true", help="mixed precision in fit (when fit has it)")
    p.add_argument("--compile", action="store_true", help="torch.compile in fit (when fit has it)")
    p.add_argument(
        "--no-sweep",
        action="store_true",
        help=f"skip training trainlab.fit alone at batch sizes {', '.join(map(str, SWEEP))}",
    )
    p.add_argument(
        "--no-cuda-graphs",
        action="store_true",
        help="on CUDA, fit launches each step's kernels one by one instead of as a CUDA graph",
    )
    return p


def check_json(path: Path | None) -> None:
    """A --json that cannot be written fails now, not after the whole benchmark."""
    if path is None:
        writable_folder(RESULTS, "the results folder")
    elif path.is_dir():
        raise TrainlabError(
            f"--json {path} is a folder; name a file, e.g. --json {path / 'training.json'}"
        )
    else:
        writable_folder(path.parent, "--json's folder")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        check_json(args.json)
        summary = run(args)
    except TrainlabError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    path = args.json or RESULTS / f"training-{torch.device(summary['machine']['device']).type}.json"
    atomic_write(path, lambda f: f.write((json.dumps(summary, indent=2) + "\n").encode()))
    print(format_report(summary))
    print(f"\nwrote {path}")
    failed = [n for n, r in summary["contenders"].items() if r["status"] == "failed"]
    return 1 if failed or not summary["accuracy"]["agree"] else 0


if __name__ == "__main__":
    sys.exit(main())
