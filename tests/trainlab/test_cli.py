"""`python -m trainlab`: the lab end to end, its options, and its errors."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from trainlab import __main__ as cli
from trainlab import save_checkpoint


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
        (
            ["--seed", "99999999999999999999999"],
            "argument --seed: must be from -9223372036854775808 to 18446744073709551615 "
            "(what torch.manual_seed accepts), got 99999999999999999999999",
        ),
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


@pytest.mark.parametrize(
    "args", [["--lr", "-1"], ["--device", "tpu"], ["--seed", "99999999999999999999999"]]
)
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
    # no checkpoint yet: --resume would find nothing, so the advice is to start again
    assert capsys.readouterr().err.strip() == (
        "interrupted before the first checkpoint; start again with: "
        f"python -m trainlab --out {tmp_path / 'r'}"
    )
    save_checkpoint(tmp_path / "r" / "iris-single-layer" / "checkpoint.pt", {})
    assert cli.main(["--out", str(tmp_path / "r")]) == 130
    assert capsys.readouterr().err.strip() == (
        f"interrupted; continue with: python -m trainlab --resume --out {tmp_path / 'r'}"
    )


def test_the_device_comes_from_trainlab_device_when_no_argument_names_one(
    tmp_path, capsys, monkeypatch
):
    """`TRAINLAB_DEVICE=cpu python -m trainlab` keeps the lab on the CPU on a GPU machine."""
    monkeypatch.setenv("TRAINLAB_DEVICE", "tpu")
    code, _, err = run_main(["--out", str(tmp_path / "x")], capsys)
    assert code == 2
    assert "device 'tpu' (from the $TRAINLAB_DEVICE) is not a device name" in err


# Mistakes found after `python -m trainlab` has started: each is one line on stderr,
# exit status 2, before any training (a progress bar on stderr would be a second line).


def one_line_error(result) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("python -m trainlab: error: ")
    return line.removeprefix("python -m trainlab: error: ")


def quick_lab(*args):
    return lab("--problems", "iris", "--epochs", "1", *args)  # no --no-progress: see above


def test_an_out_that_is_a_file_fails_before_training(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    assert one_line_error(quick_lab("--out", str(afile))) == (
        f"--out {afile} is a file, not a folder"
    )
    inside = afile / "run"
    assert one_line_error(quick_lab("--out", str(inside))) == (
        f"--out {inside} cannot be created: {afile} is a file, not a folder"
    )
    assert afile.read_text() == "mine"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_out_that_cannot_be_created_fails_before_training():
    """/proc refuses a new folder even to root (a read-only folder does not)."""
    assert one_line_error(quick_lab("--out", "/proc/forbidden")) == (
        "cannot create --out /proc/forbidden: No such file or directory"
    )


def test_an_out_that_cannot_be_written_is_one_error_naming_it(tmp_path, monkeypatch):
    """A folder that exists but takes no file (read-only, full): root may write in any
    folder, so the refusal is simulated where the check writes its probe."""
    import errno
    import tempfile

    from trainlab.__main__ import writable_folder
    from trainlab.errors import TrainlabError

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(TrainlabError) as caught:
        writable_folder(tmp_path, "--out")
    assert str(caught.value) == f"cannot write in --out {tmp_path}: Read-only file system"


def test_resume_with_nothing_to_resume_says_so(tmp_path):
    missing = tmp_path / "typo"
    assert one_line_error(quick_lab("--out", str(missing), "--resume")) == (
        f"nothing to resume in {missing}: it does not exist; "
        "to start a fresh run there, drop --resume"
    )
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert one_line_error(quick_lab("--out", str(empty), "--resume")) == (
        f"nothing to resume in {empty}: it holds no checkpoint; "
        "to start a fresh run there, drop --resume"
    )
    assert list(empty.iterdir()) == []


def truncated(path):
    save_checkpoint(path, {"model": {"weight": torch.zeros(1000)}})
    path.write_bytes(path.read_bytes()[:1000])


DAMAGE = {
    "truncated": truncated,
    "empty": lambda path: path.write_bytes(b""),  # torch: EOFError with no message
    # torch: advice to load with weights_only=False, and a warning about the protocol
    "a pickle": lambda path: path.write_bytes(pickle.dumps({"a": 1}, protocol=4)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_checkpoint_is_named_in_one_line(tmp_path, damage):
    checkpoint = tmp_path / "run" / "iris-multi-layer" / "checkpoint.pt"
    checkpoint.parent.mkdir(parents=True)
    DAMAGE[damage](checkpoint)
    before = checkpoint.read_bytes()
    assert one_line_error(quick_lab("--out", str(tmp_path / "run"), "--resume")) == (
        f"checkpoint {checkpoint} is not a trainlab checkpoint or is damaged "
        "(truncated or overwritten); delete it to start that run afresh"
    )
    assert checkpoint.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["iris-multi-layer"]


def test_a_checkpoint_missing_keys_names_them(tmp_path):
    checkpoint = tmp_path / "run" / "iris-single-layer" / "checkpoint.pt"
    save_checkpoint(checkpoint, {"model": {}, "optimizer": {}, "scheduler": {}, "rng": {}})
    assert one_line_error(quick_lab("--out", str(tmp_path / "run"), "--resume")) == (
        f"checkpoint {checkpoint} lacks 'history', 'early_stopping', 'config', 'finished', "
        "so fit cannot resume from it; delete it to start that run afresh"
    )


KILLED_WRITE = """
import os, signal, sys
from trainlab.checkpoint import atomic_write

def write(f):
    f.write(b"half a file")
    f.flush()
    os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write, as by the OOM killer

atomic_write(sys.argv[1], write)
"""


def killed_write(path):
    result = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(path)], timeout=60)
    assert result.returncode == -signal.SIGKILL


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_the_next_start_removes_the_temporary_files_of_killed_writes(tmp_path):
    out = tmp_path / "run"
    killed_write(out / "iris-single-layer" / "checkpoint.pt")
    killed_write(out / "results.json")
    left = sorted(p.relative_to(out) for p in out.rglob("*.tmp"))
    assert [p.parent.name for p in left] == ["", "iris-single-layer"], left
    mine = [out / "keep.tmp", out / ".results.json.mine.tmp", out / "iris-single-layer" / "a.tmp"]
    for path in mine:
        path.write_text("mine")

    result = lab("--problems", "iris", "--epochs", "1", "--no-progress", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(out.rglob("*.tmp")) == sorted(mine)  # only the killed writes' files went
    assert json.loads((out / "results.json").read_text())["results"]
