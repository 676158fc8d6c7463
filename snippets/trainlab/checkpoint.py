"""Checkpoints that survive a crash: write a temporary file, then rename it.

os.replace is atomic on POSIX and Windows: a reader sees the old file or the new one,
never half of one, so a process killed at any moment leaves the previous checkpoint
intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import torch

from trainlab.errors import TrainlabError

FORMAT = "trainlab-checkpoint-1"


def atomic_write(path: str | Path, write) -> None:
    """Call write(file) on a temporary file beside `path`, then rename it to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk before the name points at them
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> None:
    atomic_write(path, lambda f: torch.save({"format": FORMAT, **state}, f))


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    """Load a checkpoint written by save_checkpoint (tensors and plain data only)."""
    path = Path(path)
    if not path.is_file():
        raise TrainlabError(f"no checkpoint at {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many kinds for a damaged file
        raise TrainlabError(
            f"checkpoint {path} cannot be read ({type(error).__name__}): {error}"
        ) from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise TrainlabError(f"{path} is not a trainlab checkpoint")
    return state
