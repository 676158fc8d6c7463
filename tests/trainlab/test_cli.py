"""`python -m trainlab`: the lab end to end, its options, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from trainlab import __main__ as cli


def lab(*args, cwd=None, timeout=300):
    env = {**os.environ, "TRAINLAB_DEVICE": "cpu"}
    return subprocess.run(
        [sys.executable, "-m", "trainlab", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


def test_default_lab_prints_sensible_accuracies(tmp_path):
    """The lab as a learner runs it: default settings, both problems, both networks."""
    result = lab("--out", str(tmp_path / "lab"))
    assert result.returncode == 0, result.stderr
    header, rule, *rows = result.stdout.split("\n\n")[0].splitlines()
    assert header.split()[:2] == ["problem", "network"] and set(rule) <= {"-", " "}
    assert [row.split()[:2] for row in rows] == [
        ["iris", "single-layer"],
        ["iris", "multi-layer"],
        ["digits", "single-layer"],
        ["digits", "multi-layer"],
    ]
    summary = json.loads((tmp_path / "lab" / "results.json").read_text())
    for run, row in zip(summary["results"], rows, strict=True):
        assert run["test_accuracy"] >= 0.85, run  # chance is 1/3 (Iris) and 1/10 (digits)
        assert (
            row.split()[-1] == f"{run['test_accuracy']:.3f}"
        )  # the table prints the JSON's numbers
    assert summary["device"] == "cpu" and summary["torch"]
    for problem in ("iris", "digits"):
        png = (tmp_path / "lab" / f"{problem}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_options_reach_the_runs(tmp_path):
    out = tmp_path / "run"
    result = lab(
        "--problems",
        "iris",
        "--epochs",
        "3",
        "--patience",
        "0",
        "--optimizer",
        "sgd",
        "--lr",
        "0.2",
        "--hidden",
        "5",
        "--dropout",
        "0.1",
        "--weight-decay",
        "0.001",
        "--batch-size",
        "16",
        "--seed",
        "4",
        "--out",
        str(out),
        "--no-progress",
        "--amp",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "results.json").read_text())
    assert [r["network"] for r in summary["results"]] == ["single-layer", "multi-layer"]
    single, multi = summary["results"]
    assert single["epochs"] == multi["epochs"] == 3
    assert single["parameters"] == 4 * 3 + 3 and multi["parameters"] == (4 * 5 + 5) + (5 * 3 + 3)
    assert summary["settings"]["optimizer"] == "sgd" and summary["settings"]["lr"] == 0.2
    assert summary["settings"]["amp"] is True and summary["settings"]["compile"] is False
    assert len(multi["history"]["train_loss"]) == 3
    assert "it/s" not in result.stderr and "epoch/s" not in result.stderr  # --no-progress
    assert not (out / "digits.png").exists()


def test_progress_bar_by_default(tmp_path):
    result = lab("--problems", "iris", "--epochs", "2", "--out", str(tmp_path / "r"))
    assert result.returncode == 0
    assert "iris-single-layer" in result.stderr and "2/2" in result.stderr


def test_resume_continues_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "run"
    first = lab("--problems", "iris", "--epochs", "5", "--out", str(out), "--no-progress")
    assert first.returncode == 0, first.stderr
    before = (out / "results.json").read_bytes()

    again = lab("--problems", "iris", "--epochs", "5", "--out", str(out), "--no-progress")
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"python -m trainlab: error: {out} already holds checkpoints of a run; "
        "pass --resume to continue it, or choose another --out"
    ]
    assert (out / "results.json").read_bytes() == before  # nothing written was lost

    resumed = lab(
        "--problems", "iris,digits", "--epochs", "5", "--out", str(out), "--no-progress", "--resume"
    )
    assert resumed.returncode == 0, resumed.stderr
    old, new = json.loads(before), json.loads((out / "results.json").read_text())
    assert [r["history"] for r in new["results"][:2]] == [r["history"] for r in old["results"]]
    assert [r["problem"] for r in new["results"]] == ["iris", "iris", "digits", "digits"]


def run_main(args, capsys):
    """main() in this process, as the command line would run it (SystemExit included)."""
    try:
        code = cli.main(args)
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lr", "-1"], "argument --lr: must be > 0, got -1"),
        (["--lr", "fast"], "argument --lr: 'fast' is not a number"),
        (["--epochs", "0"], "argument --epochs: must be at least 1, got 0"),
        (["--optimizer", "adamw"], "argument --optimizer: invalid choice: 'adamw'"),
        (["--dropout", "1"], "argument --dropout: must be >= 0 and < 1, got 1"),
        (["--hidden", "64,x"], "argument --hidden: '64,x' is not a comma-separated list of widths"),
        (
            ["--problems", "mnist"],
            "argument --problems: unknown problem 'mnist'; choose from: iris, digits",
        ),
        (["--device", "tpu"], "device 'tpu' (from the argument) is not a device name"),
        (["--device", "cuda:7"], "device 'cuda:7'"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_arguments_get_one_line_and_a_non_zero_exit(
    tmp_path, args, message, capsys, monkeypatch
):
    monkeypatch.setenv("TRAINLAB_DEVICE", "cpu")
    code, out, err = run_main([*args, "--out", str(tmp_path / "x")], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("python -m trainlab: error: ") and message in lines[0]
    assert out == ""
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("args", [["--lr", "-1"], ["--device", "tpu"]])
def test_bad_arguments_on_the_real_command_line(tmp_path, args):
    result = lab(*args, "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_help_describes_every_option():
    parser = cli.build_parser()
    text = parser.format_help()
    for action in parser._actions:
        for option in action.option_strings:
            assert option in text
        assert action.help, f"{action.option_strings} has no help text"
    assert "Iris" in text and "digits" in text and "--resume" in text


def test_interrupt_says_how_to_resume(monkeypatch, capsys, tmp_path):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_lab", interrupted)
    assert cli.main(["--out", str(tmp_path / "r")]) == 130
    assert (
        f"continue with: python -m trainlab --resume --out {tmp_path / 'r'}"
        in capsys.readouterr().err
    )


def test_the_device_comes_from_trainlab_device_when_no_argument_names_one(
    tmp_path, capsys, monkeypatch
):
    """`TRAINLAB_DEVICE=cpu python -m trainlab` keeps the lab on the CPU on a GPU machine."""
    monkeypatch.setenv("TRAINLAB_DEVICE", "tpu")
    code, _, err = run_main(["--out", str(tmp_path / "x")], capsys)
    assert code == 2
    assert "device 'tpu' (from the $TRAINLAB_DEVICE) is not a device name" in err
