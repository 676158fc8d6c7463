"""snippets/home/first_gradient.py: the home page's tensor and gradient, checked."""

from __future__ import annotations

import runpy
import subprocess
import sys

import torch
from support import ROOT

SCRIPT = ROOT / "snippets" / "home" / "first_gradient.py"


def test_gradient_is_two_x():
    ns = runpy.run_path(str(SCRIPT))
    x, y = ns["x"], ns["y"]
    assert y.item() == 14.0  # 1 + 4 + 9
    torch.testing.assert_close(x.grad, 2 * x.detach())


def test_runs_as_a_script_in_a_fresh_interpreter():
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "tensor(14., grad_fn=<SumBackward0>)",
        "tensor([2., 4., 6.])",
    ]
