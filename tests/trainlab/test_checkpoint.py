"""trainlab.checkpoint: atomic writes, and a run killed with SIGKILL that resumes exactly."""

from __future__ import annotations

import argparse
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import torch
from trainlab import MLP, TrainlabError, fit, load_checkpoint, save_checkpoint
from trainlab import checkpoint as checkpoint_module

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

TRAIN_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import torch
    import trainlab as t

    torch.set_num_threads(1)  # same arithmetic order in every process
    checkpoint, out, slow = sys.argv[1], sys.argv[2], sys.argv[3] == "slow"
    data = t.scale_splits(t.split(t.load_digits(), seed=0))
    torch.manual_seed(0)
    model = t.MLP(64, 10, hidden=(32,), dropout=0.2)  # dropout: the RNG state matters
    state = {"sleep": 0.0}
    model.register_forward_hook(lambda *_: time.sleep(state["sleep"]))  # slows, changes nothing

    def tick(epoch, history):
        print(f"epoch {epoch}", flush=True)
        if slow and epoch == 3:
            state["sleep"] = 0.05  # make epoch 4 long, so the kill lands inside it

    history = t.fit(
        model, data.train, data.val, epochs=7, batch_size=64, lr=0.05, optimizer="momentum",
        schedule="exponential", lr_decay=0.9, patience=50, checkpoint=checkpoint, resume=True,
        on_epoch_end=tick, device="cpu",  # the hook must run every step: on a GPU, fit
    )  # replays steps from CUDA graphs, and Python hooks do not run in a replay
    torch.save({"model": model.state_dict(), "history": history.to_dict()}, out)
    """
)


def run_training(tmp_path, name, checkpoint, slow=False):
    script = tmp_path / "train.py"
    script.write_text(TRAIN_SCRIPT, encoding="utf-8")
    out = tmp_path / f"{name}.pt"
    args = [sys.executable, str(script), str(checkpoint), str(out), "slow" if slow else "fast"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), out


def test_sigkill_mid_training_then_resume_matches_an_uninterrupted_run(tmp_path):
    process, uninterrupted = run_training(tmp_path, "uninterrupted", tmp_path / "a.ckpt")
    assert process.wait(timeout=300) == 0, process.stderr.read()

    process, _ = run_training(tmp_path, "killed", tmp_path / "b.ckpt", slow=True)
    for line in process.stdout:  # wait until epoch 3 is checkpointed ...
        if line.strip() == "epoch 3":
            break
    time.sleep(0.3)  # ... and epoch 4 is under way (about 17 steps of 50 ms)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert len(load_checkpoint(tmp_path / "b.ckpt")["history"]["train_loss"]) == 3

    process, resumed = run_training(tmp_path, "resumed", tmp_path / "b.ckpt")
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert stdout.split() == [
        "epoch",
        "4",
        "epoch",
        "5",
        "epoch",
        "6",
        "epoch",
        "7",
    ]  # only what was left

    a, b = torch.load(uninterrupted), torch.load(resumed)
    assert a["history"] == b["history"]
    assert a["model"].keys() == b["model"].keys()
    for key in a["model"]:
        assert torch.equal(a["model"][key], b["model"][key]), key


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, torch
    from trainlab import save_checkpoint
    path = sys.argv[1]
    for i in range(10**6):
        save_checkpoint(path, {"i": i, "blob": torch.full((1_000_000,), float(i))})  # 4 MB
    """
)


def test_sigkill_while_writing_never_leaves_a_broken_checkpoint(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT, encoding="utf-8")
    path = tmp_path / "ckpt.pt"
    rng = random.Random(0)
    for attempt in range(5):
        process = subprocess.Popen([sys.executable, str(script), str(path)], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not path.exists() and time.monotonic() < deadline:  # the first write has landed
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        state = load_checkpoint(path)  # always a whole checkpoint: old or new, never half
        assert torch.equal(state["blob"], torch.full((1_000_000,), float(state["i"]))), attempt


def test_a_failed_write_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    save_checkpoint(path, {"i": 1})

    def failing_save(obj, f):
        f.write(b"half a checkpoint")
        raise OSError("No space left on device")

    monkeypatch.setattr(checkpoint_module.torch, "save", failing_save)
    with pytest.raises(OSError, match="No space left"):
        save_checkpoint(path, {"i": 2})
    monkeypatch.undo()
    assert load_checkpoint(path)["i"] == 1
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]  # no temporary file left behind


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TrainlabError, match="no checkpoint at"):
        load_checkpoint(tmp_path / "missing.pt")


def _truncated(path):
    save_checkpoint(path, {"blob": torch.zeros(10_000)})
    path.write_bytes(path.read_bytes()[:5_000])


DAMAGED = {
    "garbage": lambda path: path.write_bytes(b"not a checkpoint"),
    "empty": lambda path: path.write_bytes(b""),  # torch: EOFError, no message
    "truncated": _truncated,  # torch: an internal zip error
    # torch: load it with weights_only=False, which would run the code a file holds
    "a pickle": lambda path: path.write_bytes(pickle.dumps({"a": 1}, protocol=4)),
    "not plain data": lambda path: torch.save(argparse.Namespace(a=1), path),
    "foreign": lambda path: torch.save({"weights": torch.zeros(2)}, path),
}


@pytest.mark.parametrize("damage", DAMAGED)
def test_damaged_or_foreign_files_are_one_clear_line(tmp_path, damage, recwarn):
    path = tmp_path / "ckpt.pt"
    DAMAGED[damage](path)
    with pytest.raises(TrainlabError) as error:
        load_checkpoint(path)
    assert str(error.value) == (
        f"checkpoint {path} is not a trainlab checkpoint or is damaged "
        "(truncated or overwritten); delete it to start that run afresh"
    )
    assert not recwarn.list  # torch's warnings (pickle protocol) would be more lines


def test_a_checkpoint_without_what_fit_resumes_from_names_the_missing_keys(tmp_path):
    path = tmp_path / "ckpt.pt"
    save_checkpoint(path, {"model": {}, "history": {}})  # the right format, not fit's state
    train = (torch.randn(8, 2), torch.randint(2, (8,)))
    with pytest.raises(TrainlabError) as error:
        fit(MLP(2, 2), train, epochs=1, checkpoint=path, resume=True, device="cpu")
    assert str(error.value) == (
        f"checkpoint {path} lacks 'optimizer', 'scheduler', 'rng', 'early_stopping', 'config', "
        "'finished', so fit cannot resume from it; delete it to start that run afresh"
    )


KILLED_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from trainlab.checkpoint import atomic_write

    def write(f):
        f.write(b"half a checkpoint")
        f.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    atomic_write(sys.argv[1], write)
    """
)


def test_remove_temp_files_clears_what_a_killed_write_left(tmp_path):
    path = tmp_path / "ckpt.pt"
    save_checkpoint(path, {"i": 1})
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(path)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    (left,) = tmp_path.glob(".ckpt.pt.*.tmp")
    others = [".ckpt.pt.mine.tmp", ".other.pt.abcd1234.tmp", "ckpt.pt.abcd1234.tmp", "x.tmp"]
    for name in others:
        (tmp_path / name).write_text("not a write of ckpt.pt")

    assert checkpoint_module.remove_temp_files(path) == [left]
    assert sorted(os.listdir(tmp_path)) == sorted(["ckpt.pt", *others])
    assert load_checkpoint(path)["i"] == 1  # the previous checkpoint, untouched
    assert checkpoint_module.remove_temp_files(tmp_path / "elsewhere" / "ckpt.pt") == []
