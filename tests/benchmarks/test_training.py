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
    args += ["--threads", "1", "--amp", "--json", str(out)]  # --compile: tens of seconds
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
    assert summary["model"]["layers"] == [784, 64, 32, 10]
    assert set(summary["ratios"]) == {"trainlab/textbook", "trainlab/lightning", "trainlab/ideal"}
    assert [t["contender"] for t in summary["targets"]] == ["textbook", "lightning"]  # CPU's
    assert "trainlab.fit" in result.stdout and "targets (cpu):" in result.stdout
    assert "a step of trainlab.fit takes" in result.stdout  # where the time goes, always
    assert "Adam step, fused (trainlab)" in summary["step_breakdown_us"]


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
