"""snippets/training_tricks/clipping.py: clipping by norm rescales to norm θ only when
the norm exceeds θ and keeps the direction; clipping by value bounds every entry."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, run_example
from torch import nn

SCRIPT = ROOT / "snippets" / "training_tricks" / "clipping.py"


def test_page_example():
    ns = run_example(SCRIPT)
    assert ns["norm_before"] == 5.0
    assert ns["norm_after"] == pytest.approx(1.0, abs=1e-6)
    assert ns["_stdout"].splitlines() == [
        "tensor([0.6000, 0.8000])",
        "tensor([0.3000, 0.4000])",
        "tensor([1.0000, 0.5000])",
    ]


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("theta", [0.5, 1.0, 10.0])
def test_clip_by_norm_over_several_parameters(seed, theta):
    g = torch.Generator().manual_seed(seed)
    params = [nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(5))]
    grads = [torch.randn(p.shape, generator=g) * 3 for p in params]
    for p, grad in zip(params, grads, strict=True):
        p.grad = grad.clone()
    total = torch.cat([grad.flatten() for grad in grads]).norm()  # one norm for all of them
    nn.utils.clip_grad_norm_(params, max_norm=theta)
    clipped = torch.cat([p.grad.flatten() for p in params])
    original = torch.cat([grad.flatten() for grad in grads])
    if total > theta:
        assert clipped.norm().item() == pytest.approx(theta, rel=1e-5)
        torch.testing.assert_close(clipped, original * theta / total, rtol=1e-5, atol=1e-6)
    else:
        torch.testing.assert_close(clipped, original)


@pytest.mark.parametrize("seed", range(10))
def test_clip_by_value_bounds_each_entry(seed):
    g = torch.Generator().manual_seed(seed)
    p = nn.Parameter(torch.zeros(100))
    grad = torch.randn(100, generator=g) * 2
    p.grad = grad.clone()
    nn.utils.clip_grad_value_([p], clip_value=1.0)
    assert p.grad.abs().max() <= 1.0
    inside = grad.abs() <= 1.0
    torch.testing.assert_close(p.grad[inside], grad[inside])  # small entries untouched
    torch.testing.assert_close(p.grad[~inside], grad[~inside].sign())
