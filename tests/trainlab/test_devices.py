"""trainlab.devices: CUDA, then MPS, then CPU; the argument, then $TRAINLAB_DEVICE."""

from __future__ import annotations

import pytest
import torch
from trainlab import TrainlabError, devices, pick_device


@pytest.fixture
def machine(monkeypatch):
    """Pretend the machine has the given accelerators."""

    def set_available(cuda=False, mps=False):
        monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
        monkeypatch.setattr(torch.cuda, "device_count", lambda: 1 if cuda else 0)
        monkeypatch.setattr(devices, "mps_available", lambda: mps)

    monkeypatch.delenv(devices.ENV_VAR, raising=False)
    return set_available


@pytest.mark.parametrize(
    ("cuda", "mps", "expected"),
    [(True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu")],
)
def test_auto_prefers_cuda_then_mps_then_cpu(machine, cuda, mps, expected):
    machine(cuda=cuda, mps=mps)
    assert pick_device().type == expected
    assert pick_device("auto").type == expected


def test_environment_variable_overrides_auto(machine, monkeypatch):
    machine(cuda=True, mps=True)
    monkeypatch.setenv(devices.ENV_VAR, "cpu")
    assert pick_device() == torch.device("cpu")


def test_argument_overrides_environment_variable(machine, monkeypatch):
    machine(cuda=False)
    monkeypatch.setenv(devices.ENV_VAR, "not-a-device")
    assert pick_device("cpu") == torch.device("cpu")


def test_unknown_name_is_a_clear_error(machine, monkeypatch):
    machine()
    with pytest.raises(TrainlabError, match=r"'gpu0' \(from the argument\) is not a device name"):
        pick_device("gpu0")
    monkeypatch.setenv(devices.ENV_VAR, "tpu")
    with pytest.raises(TrainlabError, match=r"\$TRAINLAB_DEVICE"):
        pick_device()


def test_unavailable_accelerator_is_a_clear_error(machine):
    machine(cuda=False, mps=False)
    with pytest.raises(TrainlabError, match="sees no CUDA GPU"):
        pick_device("cuda")
    with pytest.raises(TrainlabError, match="'mps' .* not available"):
        pick_device("mps")


def test_cuda_index_out_of_range(machine):
    machine(cuda=True)
    assert pick_device("cuda:0") == torch.device("cuda:0")
    with pytest.raises(TrainlabError, match="there are 1 CUDA devices"):
        pick_device("cuda:3")
