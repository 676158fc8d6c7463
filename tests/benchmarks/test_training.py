"""`python -m benchmarks.training`: it runs, writes its JSON, and its contenders do the
same work. A tiny configuration; speed is never asserted (benchmarks print figures)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
import torch
from support import ROOT

from benchmarks import training

HAS_LIGHTNING = importlib.util.find_spec("lightning") is not None


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One tiny run of the command, as a user types it (1 thread: the result must not
    depend on how busy the machine is)."""
    out = tmp_path_factory.mktemp("bench") / "training.json"
    args = ["--device", "cpu", "--samples", "2000", "--test-samples", "1000", "--epochs", "1"]
    args += ["--threads", "1", "--amp", "--rounds", "2", "--json", str(out)]  # not --compile: slow
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.training", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, out


@pytest.mark.slow
def test_the_command_runs_and_writes_json_with_every_contender(tiny_run):
    result, out = tiny_run
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(out.read_text())
    contenders = summary["contenders"]
    assert list(contenders) == ["trainlab", "textbook", "lightning", "ideal"]
    expected = {"trainlab": "ok", "textbook": "ok", "ideal": "ok"}
    expected["lightning"] = "ok" if HAS_LIGHTNING else "skipped"
    assert {n: r["status"] for n, r in contenders.items()} == expected
    for name, r in contenders.items():
        if r["status"] == "ok":
            assert r["samples_per_s"] > 0 and r["threads"] == 1, name
    assert summary["settings"]["samples"] == 2000 and summary["settings"]["threads"] == 1
    assert summary["settings"]["rounds"] == 2
    assert len(contenders["trainlab"]["rounds_samples_per_s"]) == 2
    assert result.stderr.count("round 2/2:") == 3  # every contender, in turn
    assert summary["model"]["layers"] == [784, 64, 32, 10]
    assert set(summary["ratios"]) == {"trainlab/textbook", "trainlab/lightning", "trainlab/ideal"}
    assert [t["contender"] for t in summary["targets"]] == ["textbook", "lightning"]  # CPU's
    assert "trainlab.fit" in result.stdout and "targets (cpu):" in result.stdout
    assert "a step of trainlab.fit takes" in result.stdout  # where the time goes, always
    assert "Adam step, fused (trainlab)" in summary["step_breakdown_us"]
    assert summary["step_matmuls"]["products"] == 8
    assert "matrix products alone, at its shapes" in result.stdout
    # the sweep: every batch size up to the 2000 samples, the main run's reused at 32
    sweep = summary["batch_sweep"]
    assert [r["batch_size"] for r in sweep] == [32, 256, 1024]
    assert sweep[0]["samples_per_s"] == contenders["trainlab"]["samples_per_s"]
    assert all(0 < r["of_ideal"] < 1 and r["status"] == "ok" for r in sweep)
    assert "trainlab.fit as the batch grows" in result.stdout


@pytest.mark.slow
def test_accuracies_agree_on_the_learnable_data(tiny_run):
    """Speed may not come from doing less work: every trained contender learns as well."""
    result, out = tiny_run
    summary = json.loads(out.read_text())
    accuracies = {
        n: r.get("test_accuracy") for n, r in summary["contenders"].items() if n != "ideal"
    }
    if not HAS_LIGHTNING:
        assert accuracies.pop("lightning") is None
    assert all(a >= 0.85 for a in accuracies.values()), accuracies  # chance is 0.1
    assert max(accuracies.values()) - min(accuracies.values()) <= 0.03, accuracies
    assert summary["accuracy"]["agree"] and "test accuracies agree" in result.stdout


@pytest.mark.slow
def test_fit_options_reach_fit(tiny_run):
    """--amp is handed to fit (which has it); an option not asked for stays off."""
    result, out = tiny_run
    summary = json.loads(out.read_text())
    assert training.fit_support() == {"amp": True, "compile": True}
    # CUDA graphs are fit's default on a CUDA GPU only; this run is on the CPU
    assert summary["fit_options"] == {"amp": "on", "compile": "off", "cuda_graphs": "off"}
    assert "not supported yet" not in result.stdout


def _mistakes(tmp_path):
    (tmp_path / "afile").write_text("mine")
    return {
        "a folder": (
            ["--json", str(tmp_path)],
            f"--json {tmp_path} is a folder; name a file, e.g. --json {tmp_path / 'training.json'}",
        ),
        "inside a file": (
            ["--json", str(tmp_path / "afile" / "training.json")],
            f"--json's folder {tmp_path / 'afile'} is a file, not a folder",
        ),
        "a seed torch refuses": (
            ["--seed", "99999999999999999999999"],
            "argument --seed: must be from -9223372036854775808 to 18446744073709551615 "
            "(what torch.manual_seed accepts), got 99999999999999999999999 (see --help)",
        ),
    }


@pytest.mark.slow
@pytest.mark.parametrize("mistake", ["a folder", "inside a file", "a seed torch refuses"])
def test_a_mistake_fails_in_one_line_before_benchmarking(tmp_path, mistake):
    args, message = _mistakes(tmp_path)[mistake]
    tiny = ["--device", "cpu", "--samples", "64", "--test-samples", "32", "--epochs", "1"]
    tiny += ["--rounds", "1", "--no-sweep"]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.training", *tiny, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"python -m benchmarks.training: error: {message}"]
    assert result.stdout == "" and (tmp_path / "afile").read_text() == "mine"


def test_missing_lightning_is_skipped_not_failed(monkeypatch):
    monkeypatch.setitem(sys.modules, "lightning", None)  # import lightning raises ImportError
    train, test = training.make_data(64, 32)
    settings = training.Settings(
        device=torch.device("cpu"),
        samples=64,
        test_samples=32,
        epochs=1,
        batch_size=32,
        lr=1e-3,
        threads=1,
        seed=0,
    )
    init = training.make_model().state_dict()
    result = training.run_contender("lightning", init, train, test, settings)
    assert result["status"] == "skipped" and "pip install" in result["reason"]


def test_the_data_is_seeded_and_mnist_sized():
    (x1, y1), (tx1, _) = training.make_data(100, 20, seed=3)
    (x2, y2), _ = training.make_data(100, 20, seed=3)
    assert x1.shape == (100, 784) and x1.dtype == torch.float32 and tx1.shape == (20, 784)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert set(y1.tolist()) <= set(range(10))


def test_missed_targets_say_by_how_much():
    verdicts = training.judge_targets("cpu", {"trainlab/textbook": 1.2, "trainlab/lightning": 3.0})
    textbook, lightning = verdicts
    assert textbook["met"] is False and textbook["shortfall"] == pytest.approx(0.2)
    assert lightning["met"] is True
    (ideal,) = [v for v in training.judge_targets("cuda", {}) if v["contender"] == "ideal"]
    assert ideal["met"] is None and ideal["target"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("graphs", ["on", "off"])
def test_where_the_time_goes_says_whether_fit_replayed_cuda_graphs(graphs):
    """With CUDA graphs, a step is one replay: the parts timed one by one are what the
    other loops launch, and there is no 'rest' to attribute; without, the rest is shown."""
    parts = {
        "trainlab batch (index on device)": 30.0,
        "textbook batch (DataLoader)": 200.0,
        "forward + loss + backward": 800.0,
        "Adam step, plain (textbook, Lightning)": 160.0,
        "Adam step, fused (trainlab)": 60.0,
    }
    summary = {
        "contenders": {"trainlab": {"us_per_step": 140.0}, "ideal": {"us_per_step": 0.2}},
        "step_breakdown_us": parts,
        "fit_options": {"amp": "off", "compile": "off", "cuda_graphs": graphs},
    }
    text = "\n".join(training.breakdown_text(summary, missed=False))
    if graphs == "on":
        assert "one CUDA graph" in text and "140 us per step, against 890 us" in text
        assert "rest of a trainlab step" not in text
    else:
        assert "rest of a trainlab step" in text and "-750.0" in text


def _settings(batch_size: int) -> training.Settings:
    return training.Settings(torch.device("cpu"), 64, 32, 1, batch_size, 1e-3, 1, 0)


def test_the_ideal_counts_the_matrix_work_a_training_step_does():
    """What PyTorch's flop counter sees in a real forward and backward pass (the data
    needs no gradient, so the first layer computes none for its input)."""
    from torch.utils.flop_counter import FlopCounterMode

    model = training.make_model()
    x, y = torch.randn(16, 784), torch.randint(10, (16,))
    with FlopCounterMode(display=False) as counter:
        torch.nn.functional.cross_entropy(model(x), y).backward()
    assert counter.get_total_flops() == 16 * training.training_flops_per_sample(model)
    assert training.training_flops_per_sample(model) < 6 * training.matmul_weights(model)


def test_the_step_matmuls_are_the_steps_products():
    """step_matmuls times the same products the ideal counts, at the step's batch."""
    model = training.make_model()
    found = training.step_matmuls(model, _settings(32), reps=3)
    flops = found["flops_per_s"] * found["us_per_step"] / 1e6
    assert found["products"] == 8  # 3 forward, 3 weight gradients, 2 input gradients
    assert flops == pytest.approx(32 * training.training_flops_per_sample(model))


def test_the_matmul_rate_is_measured_in_the_asked_precision():
    rate, size = training.matmul_rate(torch.device("cpu"), dtype=torch.bfloat16, min_seconds=0)
    assert rate > 0 and 256 <= size <= 2048


def _summary(device: str, matmul_us: float) -> dict:
    return {
        "machine": {"device": device},
        "settings": {"batch_size": 32},
        "contenders": {
            "trainlab": {"us_per_step": 130.0},
            "ideal": {"status": "ok", "us_per_step": 0.13, "matmul_flops_per_s": 5.1e13},
        },
        "step_matmuls": {"products": 8, "us_per_step": matmul_us, "flops_per_s": 3.4e11},
    }


def test_where_the_matmuls_alone_miss_the_ideal_target_the_report_says_no_loop_can_meet_it():
    text = "\n".join(training.matmuls_text(_summary("cuda", 20.0)))
    assert "(replayed as one CUDA graph): 20.0 us per step" in text
    assert "153.8x the ideal's time" in text
    assert "no loop at batch 32 comes within 3x of the ideal" in text
    # within reach of the products, and on a CPU (no ideal target): no such claim
    assert "no loop" not in "\n".join(training.matmuls_text(_summary("cuda", 0.3)))
    assert "no loop" not in "\n".join(training.matmuls_text(_summary("cpu", 20.0)))


def _swept(device: str, products_of_ideal: list[float]) -> dict:
    rows = [
        {
            "batch_size": 32 * 8**i,
            "status": "ok",
            "samples_per_s": 1000.0,
            "of_ideal": p / 2,
            "products_of_ideal": p,
            "test_accuracy": 0.9,
        }
        for i, p in enumerate(products_of_ideal)
    ]
    return {"machine": {"device": device}, "batch_sweep": rows}


def test_the_sweep_says_when_no_batch_size_lets_any_loop_meet_the_ideal_target():
    text = "\n".join(training.sweep_text(_swept("cuda", [0.003, 0.1, 0.2])))
    assert "best 0.20x, at batch 2048" in text and "no loop can meet" in text
    # one batch size where the products alone are within reach: no such claim
    assert "no loop" not in "\n".join(training.sweep_text(_swept("cuda", [0.003, 0.5])))
    assert "no loop" not in "\n".join(training.sweep_text(_swept("cpu", [0.003])))  # no target
    assert training.sweep_text({"machine": {"device": "cuda"}, "batch_sweep": None}) == []


@pytest.mark.parametrize("bf16_rate, expected", [(8e11, "bfloat16"), (1e9, "float32")])
def test_with_amp_the_ideal_takes_the_faster_precision(monkeypatch, bf16_rate, expected):
    """With amp, fit's products may run in bfloat16: the ideal is the faster of the two
    rates, so it stays a bound also where bfloat16 is slow (most CPUs)."""
    rates = {torch.float32: 5e10, torch.bfloat16: bf16_rate}
    monkeypatch.setattr(training, "matmul_rate", lambda device, dtype: (rates[dtype], 1024))
    model = training.make_model()
    ideal = training.run_ideal(model, _settings(32), amp=True)
    assert ideal["precision"] == expected
    assert ideal["matmul_flops_per_s"] == max(rates.values())
    assert ideal["samples_per_s"] == max(rates.values()) / training.training_flops_per_sample(model)
    assert training.run_ideal(model, _settings(32))["precision"] == "float32"  # without amp


def test_a_contender_reports_its_median_round():
    def ok(speed):
        return {"status": "ok", "samples_per_s": speed, "test_accuracy": speed / 1000}

    found = training.median_run([ok(300.0), ok(100.0), ok(200.0)])
    assert found["samples_per_s"] == 200.0 and found["test_accuracy"] == 0.2  # that round's
    assert found["rounds_samples_per_s"] == [300.0, 100.0, 200.0]
    assert training.median_run([ok(300.0), ok(100.0)])["samples_per_s"] == 100.0
    failed = {"status": "failed", "reason": "boom"}
    assert training.median_run([ok(300.0), failed]) == failed
