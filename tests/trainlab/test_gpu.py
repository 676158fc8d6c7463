"""On a CUDA machine: a training step agrees with the CPU's, and fit trains on the GPU.
Skipped without CUDA (conftest.py); run them where a GPU is available."""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn
from trainlab import (
    MLP,
    Data,
    evaluate,
    fit,
    load_digits,
    pick_device,
    scale_splits,
    split,
    train_epoch,
)

pytestmark = pytest.mark.gpu


def test_auto_device_is_cuda():
    assert pick_device().type == "cuda"


def test_a_training_step_agrees_between_cpu_and_gpu():
    torch.backends.cuda.matmul.allow_tf32 = False  # compare float32 with float32
    g = torch.Generator().manual_seed(0)
    data = Data(torch.randn(256, 20, generator=g), torch.randint(0, 5, (256,), generator=g))
    torch.manual_seed(0)
    cpu_model = MLP(20, 5, hidden=(64, 64))
    gpu_model = copy.deepcopy(cpu_model).cuda()
    results = []
    for model, device in ((cpu_model, "cpu"), (gpu_model, "cuda")):
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        results.append(
            train_epoch(
                model,
                data.to(device),
                opt,
                nn.CrossEntropyLoss(),
                batch_size=32,
                generator=torch.Generator().manual_seed(1),
            )
        )
    assert results[0].loss == pytest.approx(results[1].loss, rel=1e-4)
    for p, q in zip(cpu_model.parameters(), gpu_model.parameters(), strict=True):
        torch.testing.assert_close(p, q.cpu(), rtol=1e-4, atol=1e-5)


def test_fit_trains_on_the_gpu(tmp_path):
    parts = scale_splits(split(load_digits()))
    torch.manual_seed(0)
    model = MLP(64, 10, hidden=(128,))
    history = fit(
        model, parts.train, parts.val, epochs=10, device="cuda", checkpoint=tmp_path / "c.pt"
    )
    assert next(model.parameters()).device.type == "cuda"
    assert evaluate(model, parts.test.to("cuda"), nn.CrossEntropyLoss()).accuracy > 0.9
    assert history.epochs == 10


@pytest.mark.parametrize(
    "options", [{"amp": True}, {"compile": True}, {"amp": True, "compile": True}]
)
def test_fit_options_for_speed_learn_as_well_on_the_gpu(options):
    parts = scale_splits(split(load_digits()))
    accuracies = []
    for extra in ({}, options):
        torch.manual_seed(0)
        model = MLP(64, 10, hidden=(128,))
        fit(model, parts.train, parts.val, epochs=10, device="cuda", **extra)
        accuracies.append(evaluate(model, parts.test.to("cuda"), nn.CrossEntropyLoss()).accuracy)
    assert accuracies[1] > 0.9
    assert accuracies[1] == pytest.approx(accuracies[0], abs=0.03)
