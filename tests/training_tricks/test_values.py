"""snippets/training_tricks/values.py: float32 loses small addends; the three scalings
put every feature where the page says."""

from __future__ import annotations

import torch
from support import ROOT, run_example, run_script

SCRIPT = ROOT / "snippets" / "training_tricks" / "values.py"


def run_values() -> tuple[dict, str]:
    ns = run_example(SCRIPT)
    return ns, ns["_stdout"]


def test_a_tiny_addend_is_lost_in_float32():
    ns, stdout = run_values()
    assert stdout.splitlines()[0] == "tensor(True)"
    assert ns["float32_eps"] == 2.0**-23  # 23 bits of mantissa
    # below eps the addend vanishes in float32, and survives in float64
    assert torch.tensor(1.0) + 1e-8 == 1.0
    assert torch.tensor(1.0, dtype=torch.float64) + 1e-8 != 1.0


def test_scalings_map_each_feature_onto_its_range():
    ns, _ = run_values()
    x, x01, x11, x_std = ns["x"], ns["x01"], ns["x11"], ns["x_std"]
    assert x.shape == (200, 3)
    assert (x.max(dim=0).values - x.min(dim=0).values).max() > 100  # very different scales
    torch.testing.assert_close(x01.min(dim=0).values, torch.zeros(3))
    torch.testing.assert_close(x01.max(dim=0).values, torch.ones(3))
    torch.testing.assert_close(x11.min(dim=0).values, -torch.ones(3))
    torch.testing.assert_close(x11.max(dim=0).values, torch.ones(3))
    torch.testing.assert_close(x_std.mean(dim=0), torch.zeros(3), atol=1e-5, rtol=0)
    torch.testing.assert_close(x_std.std(dim=0), torch.ones(3))


def test_runs_as_a_script_from_any_folder(tmp_path):
    result = run_script(SCRIPT, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "[0, 1]: from [0.0, 0.0, 0.0] to [1.0, 1.0, 1.0]" in result.stdout
