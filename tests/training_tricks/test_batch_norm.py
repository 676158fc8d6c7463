"""snippets/training_tricks/batch_norm.py: BatchNorm1d against its formula, in training
mode (batch statistics) and in evaluation mode (running statistics)."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, run_example

SCRIPT = ROOT / "snippets" / "training_tricks" / "batch_norm.py"


@pytest.fixture(scope="module")
def ns():
    return run_example(SCRIPT)


def test_training_mode_normalises_with_the_batch_statistics(ns):
    h, out = ns["h"], ns["out"]
    assert ns["bn_gap"] < 1e-5
    torch.testing.assert_close(out.mean(dim=0), torch.zeros(4), atol=1e-5, rtol=0)
    torch.testing.assert_close(out.std(dim=0, unbiased=False), torch.ones(4), atol=1e-3, rtol=0)
    assert (h.mean(dim=0) - 5).abs().max() < 1.5  # the input really was far from (0, 1)


def test_evaluation_mode_uses_the_running_statistics(ns):
    bn = ns["bn"]
    assert not bn.training
    torch.testing.assert_close(bn.running_mean, torch.full((4,), 5.0), atol=0.3, rtol=0)
    torch.testing.assert_close(bn.running_var.sqrt(), torch.full((4,), 3.0), atol=0.3, rtol=0)
    x = torch.full((1, 4), 8.0)
    expected = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    torch.testing.assert_close(bn(x), expected)
    torch.testing.assert_close(bn(x), torch.ones(1, 4), atol=0.15, rtol=0)


def test_a_batch_of_one_fails_in_training_mode(ns):
    bn = torch.nn.BatchNorm1d(4)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(torch.ones(1, 4))
