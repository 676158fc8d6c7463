"""Checkpoints that survive a crash: write a temporary file, then rename it.

os.replace is atomic on POSIX and Windows: a reader sees the old file or the new one,
never half of one, so a process killed at any moment leaves the previous checkpoint
intact. A process killed mid-write does leave its temporary file; remove_temp_files
clears those away.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import torch

from trainlab.errors import TrainlabError

FORMAT = "trainlab-checkpoint-1"
TEMP_SUFFIX = ".tmp"


def atomic_write(path: str | Path, write) -> None:
    """Call write(file) on a temporary file beside `path`, then rename it to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
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


def remove_temp_files(path: str | Path) -> list[Path]:
    """Delete the temporary files that atomic_write(path) left when it was killed; return them."""
    path = Path(path)
    # mkstemp's names: the prefix, 8 characters of [a-z0-9_], the suffix; nothing else matches
    name = re.compile(re.escape(f".{path.name}.") + "[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
    if not path.parent.is_dir():
        return []
    found = [p for p in path.parent.iterdir() if name.fullmatch(p.name) and p.is_file()]
    for p in found:
        p.unlink(missing_ok=True)
    return found


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> None:
    atomic_write(path, lambda f: torch.save({"format": FORMAT, **state}, f))


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    """Load a checkpoint written by save_checkpoint (tensors and plain data only)."""
    path = Path(path)
    if not path.is_file():
        raise TrainlabError(f"no checkpoint at {path}")
    # what torch says about a damaged file is empty (EOFError), about zip internals, or
    # advice to load with weights_only=False, which would run any code the file holds
    unusable = (
        f"checkpoint {path} is not a trainlab checkpoint or is damaged (truncated or "
        "overwritten); delete it to start that run afresh"
    )
    try:
        with warnings.catch_warnings():  # e.g. about the pickle protocol: not one line
            warnings.simplefilter("ignore")
            state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # torch raises many kinds for a damaged file
        raise TrainlabError(unusable) from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise TrainlabError(unusable)
    return state
