"""Choosing the device once: CUDA, then Apple MPS, then CPU.

Everything else in trainlab takes the device it is given, so the same code runs
anywhere; a GPU makes it faster, never different in meaning.
"""

from __future__ import annotations

import os

import torch

from trainlab.errors import TrainlabError

ENV_VAR = "TRAINLAB_DEVICE"  # e.g. TRAINLAB_DEVICE=cpu python -m trainlab


def mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def pick_device(preferred: str | torch.device | None = None) -> torch.device:
    """The device to train on.

    `preferred` wins, then the environment variable TRAINLAB_DEVICE, then the first
    available of CUDA, MPS and CPU. "auto" means "choose for me".
    """
    source = "argument"
    if preferred is None:
        preferred, source = os.environ.get(ENV_VAR) or None, f"${ENV_VAR}"
    if preferred is None or str(preferred) == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if mps_available():
            return torch.device("mps")
        return torch.device("cpu")

    try:
        device = torch.device(preferred)
    except (RuntimeError, TypeError):
        raise TrainlabError(
            f"device {preferred!r} (from the {source}) is not a device name; "
            "use auto, cpu, cuda, cuda:N or mps"
        ) from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise TrainlabError(
                f"device {str(preferred)!r} (from the {source}) asks for CUDA, but this PyTorch "
                "sees no CUDA GPU; use auto or cpu"
            )
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise TrainlabError(
                f"device {str(preferred)!r} (from the {source}) does not exist: "
                f"there are {torch.cuda.device_count()} CUDA devices"
            )
    elif device.type == "mps" and not mps_available():
        raise TrainlabError(
            f"device 'mps' (from the {source}) is not available on this machine; use auto or cpu"
        )
    elif device.type not in {"cpu", "cuda", "mps"}:
        raise TrainlabError(
            f"device {str(preferred)!r} (from the {source}) is not supported; "
            "use auto, cpu, cuda, cuda:N or mps"
        )
    return device
