"""snippets/frameworks/gpu.py: the device rule, moving a model and its inputs, and a
timing that names the device it ran on (no assertion on how fast anything is)."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, run_example, run_script

SCRIPT = ROOT / "snippets" / "frameworks" / "gpu.py"


def expected_device() -> str:
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


@pytest.fixture(scope="module")
def ns():
    return run_example(SCRIPT)


def test_device_is_cuda_then_mps_then_cpu(ns):
    assert ns["device"].type == expected_device()
    assert ns["_stdout"].splitlines()[0] == str(ns["device"])


def test_model_inputs_and_outputs_live_on_the_device(ns):
    device = ns["device"]
    assert all(p.device.type == device.type for p in ns["model"].parameters())
    assert ns["x"].device.type == device.type
    assert ns["out"].device.type == device.type
    assert ns["result"].device.type == "cpu"


def test_moving_changes_where_not_what(ns):
    """The same layer on the CPU computes the same numbers (up to rounding)."""
    model, x = ns["model"], ns["x"]
    on_cpu = torch.nn.Linear(3, 2)
    on_cpu.load_state_dict({k: v.cpu() for k, v in model.state_dict().items()})
    torch.testing.assert_close(on_cpu(x.cpu()).detach(), ns["result"], rtol=1e-4, atol=1e-5)


def test_timing_reports_the_device_it_ran_on(ns):
    lines = ns["_stdout"].splitlines()
    assert lines[-2].startswith("cpu: ") and "ms per 1024x1024 product" in lines[-2]
    assert ns["gpu_found"] == (ns["device"].type != "cpu")
    if ns["gpu_found"]:
        assert lines[-1].startswith(f"{ns['device']} ({ns['device_name']}): ")
        assert "x the CPU" in lines[-1]
    else:
        assert ns["device_name"] == "cpu"
        assert ns["device_ms"] == ns["cpu_ms"] and ns["speedup"] == 1.0  # one measurement
        assert lines[-1].startswith("no GPU here: the device is the CPU itself")


def test_timing_numbers_are_consistent(ns):
    assert ns["cpu_ms"] > 0 and ns["device_ms"] > 0
    assert ns["speedup"] == pytest.approx(ns["cpu_ms"] / ns["device_ms"])
    assert f"{ns['cpu_ms']:.2f} ms" in ns["_stdout"]


def test_matmul_ms_times_a_small_product(ns):
    assert ns["matmul_ms"](torch.device("cpu"), n=16, repeats=2) > 0


@pytest.mark.gpu
def test_on_a_cuda_machine_the_gpu_is_chosen_and_named(ns):
    assert ns["device"].type == "cuda"
    assert ns["device_name"] == torch.cuda.get_device_name(ns["device"])
    assert ns["gpu_found"]


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path):
    result = run_script(SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == expected_device()
