"""`python -m trainlab`: the course lab on the command line.

Two classification problems — Iris and the 8x8 handwritten digits (an offline
stand-in for MNIST) — each with a single-layer and a multi-layer network. Prints a
results table and writes results.json and learning-curve PNGs to --out. A run
killed part-way continues with --resume from the checkpoints in --out.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

from trainlab import __version__
from trainlab.checkpoint import atomic_write, remove_temp_files
from trainlab.data import load_digits, load_iris, scale_splits, split
from trainlab.devices import pick_device
from trainlab.errors import NonFiniteLossError, TrainlabError
from trainlab.fit import TrainConfig, fit, load_fit_checkpoint
from trainlab.models import MLP, count_parameters
from trainlab.optim import OPTIMIZERS
from trainlab.plots import plot_curves
from trainlab.train import evaluate, loss_function

PROBLEMS = {"iris": ("Iris", load_iris), "digits": ("Digits (8x8)", load_digits)}
SEEDS = (-(2**63), 2**64 - 1)  # the range torch.manual_seed accepts, both ends included


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage dump, no traceback
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def whole_number(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def number(low: float, high: float | None = None, *, low_inclusive: bool = True):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        too_low = value < low if low_inclusive else value <= low
        if too_low or (high is not None and value >= high) or value != value:
            bounds = f"{'>=' if low_inclusive else '>'} {low}" + (
                f" and < {high}" if high is not None else ""
            )
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {text}")
        return value

    return parse


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not SEEDS[0] <= value <= SEEDS[1]:
        raise argparse.ArgumentTypeError(
            f"must be from {SEEDS[0]} to {SEEDS[1]} (what torch.manual_seed accepts), got {text}"
        )
    return value


def widths(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(w) for w in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of widths, e.g. 64,32"
        ) from None
    if not values or any(w < 1 for w in values):
        raise argparse.ArgumentTypeError(f"layer widths must be positive, got {text!r}")
    return values


def problems(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in PROBLEMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown problem {unknown[0] if unknown else text!r}; choose from: {', '.join(PROBLEMS)}"
        )
    return names


def build_parser() -> Parser:
    p = Parser(
        prog="python -m trainlab",
        description=(
            "Run the course lab: Iris and handwritten digits (8x8, offline stand-in for MNIST), "
            "each with a single-layer and a multi-layer network. Prints a results table; writes "
            "results.json, learning-curve PNGs and checkpoints to --out."
        ),
        epilog="Example: python -m trainlab --epochs 50 --optimizer momentum --lr 0.05 --out runs/momentum",
    )
    d = TrainConfig()
    p.add_argument(
        "--epochs",
        type=whole_number(1),
        default=100,
        help="at most this many passes over the training data (default: 100)",
    )
    p.add_argument(
        "--batch-size",
        type=whole_number(1),
        default=d.batch_size,
        help=f"samples per step (default: {d.batch_size})",
    )
    p.add_argument(
        "--lr",
        type=number(0, low_inclusive=False),
        default=0.03,
        help="learning rate, > 0 (default: 0.03)",
    )
    p.add_argument(
        "--optimizer", choices=OPTIMIZERS, default=d.optimizer, help=f"(default: {d.optimizer})"
    )
    p.add_argument(
        "--hidden",
        type=widths,
        default=(64, 32),
        metavar="W[,W...]",
        help="hidden layer widths of the multi-layer network (default: 64,32)",
    )
    p.add_argument(
        "--dropout",
        type=number(0, 1),
        default=0.0,
        help="dropout probability in the multi-layer network, in [0, 1) (default: 0)",
    )
    p.add_argument(
        "--weight-decay",
        type=number(0),
        default=0.0,
        metavar="L2",
        help="L2 weight penalty, >= 0 (default: 0)",
    )
    p.add_argument(
        "--patience",
        type=whole_number(0),
        default=20,
        help=(
            "early stopping: stop after this many epochs without a lower validation loss "
            "and keep the best epoch's weights; 0 turns it off (default: 20)"
        ),
    )
    p.add_argument(
        "--device",
        default=None,
        help="auto (CUDA, then MPS, then CPU), cpu, cuda, cuda:N or mps "
        "(default: $TRAINLAB_DEVICE if set, else auto)",
    )
    p.add_argument(
        "--seed",
        type=seed,
        default=0,
        help="random seed for splits, initial weights and shuffling (default: 0)",
    )
    p.add_argument(
        "--problems",
        type=problems,
        default=list(PROBLEMS),
        metavar="NAMES",
        help="comma-separated subset of: iris,digits (default: both)",
    )
    p.add_argument(
        "--out", type=Path, default=Path("runs/lab"), help="output folder (default: runs/lab)"
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run from the checkpoints in --out",
    )
    p.add_argument(
        "--amp", action="store_true", help="mixed precision (bfloat16 autocast): faster on a GPU"
    )
    p.add_argument(
        "--compile",
        action="store_true",
        help="torch.compile the networks: faster steps after a slow first one",
    )
    p.add_argument(
        "--no-cuda-graphs",
        action="store_true",
        help="on a CUDA GPU, launch each step's kernels one by one instead of as a graph",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument("--version", action="version", version=f"trainlab {__version__}")
    return p


def writable_folder(folder: Path, what: str) -> None:
    """Create `folder` unless it exists, and check a file can be written in it: a mistake
    is one line now, not a traceback when the first result is written."""
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                blocked = "" if place == folder else f" cannot be created: {place}"
                raise TrainlabError(f"{what} {folder}{blocked} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TrainlabError(f"cannot create {what} {folder}: {error.strerror}") from None
    try:
        with tempfile.TemporaryFile(dir=folder):  # no name: nothing left if killed here
            pass
    except OSError as error:
        raise TrainlabError(f"cannot write in {what} {folder}: {error.strerror}") from None


def checkpoints_in(out: Path) -> list[Path]:
    return sorted(out.glob("*/checkpoint.pt")) if out.is_dir() else []


def prepare_out(args: argparse.Namespace) -> None:
    """Every check of --out that can fail, before any training starts."""
    out, checkpoints = args.out, checkpoints_in(args.out)
    if checkpoints and not args.resume:
        raise TrainlabError(
            f"{out} already holds checkpoints of a run; pass --resume to continue it, "
            "or choose another --out"
        )
    if args.resume and not checkpoints:
        why = "holds no checkpoint" if out.is_dir() else "does not exist"
        raise TrainlabError(
            f"nothing to resume in {out}: it {why}; to start a fresh run there, drop --resume"
        )
    writable_folder(out, "--out")
    for checkpoint in checkpoints:  # a damaged one fails now, not after the runs before it
        if checkpoint.parent.name.partition("-")[0] in args.problems:  # <problem>-<network>
            load_fit_checkpoint(checkpoint)
    # a write killed part-way leaves its temporary file; the next start clears it away
    remove_temp_files(out / "results.json")
    for problem in PROBLEMS:
        remove_temp_files(out / f"{problem}.png")
    for run in out.iterdir():
        if run.is_dir():
            remove_temp_files(run / "checkpoint.pt")


def run_lab(args: argparse.Namespace) -> list[dict]:
    device = pick_device(args.device)
    prepare_out(args)
    config = TrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer=args.optimizer,
        l2=args.weight_decay,
        patience=args.patience or None,
        seed=args.seed,
        amp=args.amp,
        compile=args.compile,
        cuda_graphs=not args.no_cuda_graphs,
    )
    networks = {"single-layer": (), "multi-layer": args.hidden}
    results = []
    for problem in args.problems:
        title, load = PROBLEMS[problem]
        data = scale_splits(split(load(), seed=args.seed), low=-1.0, high=1.0)
        n_in, n_classes = data.train.x.shape[1], int(data.train.y.max()) + 1
        histories = {}
        for network, hidden in networks.items():
            torch.manual_seed(args.seed)  # the same initial weights on every run
            model = MLP(n_in, n_classes, hidden=hidden, dropout=args.dropout if hidden else 0.0)
            name = f"{problem}-{network}"
            start = time.perf_counter()
            history = fit(
                model,
                data.train,
                data.val,
                config,
                device=device,
                checkpoint=args.out / name / "checkpoint.pt",
                resume=args.resume,
                progress=not args.no_progress,
                description=f"{name:>20}",
            )
            seconds = time.perf_counter() - start
            test = evaluate(model, data.test.to(device), loss_function(data.test.y))
            histories[network] = history
            best = history.best_epoch - 1
            results.append(
                {
                    "problem": problem,
                    "network": network,
                    "hidden": list(hidden),
                    "parameters": count_parameters(model),
                    "epochs": history.epochs,
                    "best_epoch": history.best_epoch,
                    "train_accuracy": history.train_accuracy[best],
                    "val_accuracy": history.val_accuracy[best],
                    "test_accuracy": test.accuracy,
                    "test_loss": test.loss,
                    "seconds": round(seconds, 3),
                    "history": history.to_dict(),
                }
            )
        plot_curves(histories, args.out / f"{problem}.png", title=title)
    summary = {
        "trainlab": __version__,
        "torch": torch.__version__,
        "device": str(device),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "results": results,
    }
    atomic_write(
        args.out / "results.json", lambda f: f.write(json.dumps(summary, indent=2).encode())
    )
    return results


def format_table(results: list[dict]) -> str:
    header = ("problem", "network", "params", "epochs", "train acc", "val acc", "test acc")
    rows = [
        (
            r["problem"],
            r["network"],
            str(r["parameters"]),
            str(r["epochs"]),
            f"{r['train_accuracy']:.3f}",
            f"{r['val_accuracy']:.3f}",
            f"{r['test_accuracy']:.3f}",
        )
        for r in results
    ]
    width = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width[i]) if i < 2 else cell.rjust(width[i]) for i, cell in enumerate(row)
        )
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * w for w in width))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        results = run_lab(args)
    except (TrainlabError, NonFiniteLossError) as error:
        print(f"python -m trainlab: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, TrainlabError) else 1
    except KeyboardInterrupt:
        if checkpoints_in(args.out):
            message = f"interrupted; continue with: python -m trainlab --resume --out {args.out}"
        else:  # --resume would find nothing to resume
            message = (
                "interrupted before the first checkpoint; start again with: "
                f"python -m trainlab --out {args.out}"
            )
        print(f"\n{message}", file=sys.stderr)
        return 130
    print(format_table(results))
    print(
        f"\nwrote {args.out / 'results.json'} and learning curves: "
        + ", ".join(str(args.out / f"{p}.png") for p in args.problems)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
