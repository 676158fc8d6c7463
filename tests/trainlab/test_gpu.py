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
    make_optimizer,
    pick_device,
    scale_splits,
    split,
    train_epoch,
)
from trainlab.graphs import GraphedEpochs, can_graph, graphed_train_epoch

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


@pytest.mark.parametrize(
    "optimizer, options",
    [
        ("adam", {}),
        ("momentum", {"l2": 1e-3, "clip_norm": 1.0}),
        ("sgd", {"clip_value": 0.5}),
        ("rmsprop", {"l1": 1e-4}),
    ],
)
def test_graphed_epochs_take_the_steps_the_plain_loop_takes(optimizer, options):
    """Steps replayed from CUDA graphs compute what train_epoch computes, on the same
    batches: over four epochs (a changed learning rate, so the graphs are recorded
    again, and a smaller last batch, eager at first and then a graph of its own),
    losses, accuracies and weights agree up to rounding."""
    torch.backends.cuda.matmul.allow_tf32 = False
    g = torch.Generator().manual_seed(0)
    data = Data(torch.randn(1000, 20, generator=g), torch.randint(0, 5, (1000,), generator=g))
    data = data.to("cuda")
    torch.manual_seed(0)
    plain_model = MLP(20, 5, hidden=(64, 64)).cuda()
    graph_model = copy.deepcopy(plain_model)
    runs = []
    for model, epoch in ((plain_model, train_epoch), (graph_model, GraphedEpochs())):
        opt = make_optimizer(optimizer, model.parameters(), 0.01)
        shuffle = torch.Generator().manual_seed(1)
        loss_fn = nn.CrossEntropyLoss()  # one, as in fit: the graphs are kept for it
        results = []
        for lr in (0.01, 0.003, 0.003, 0.003):
            for group in opt.param_groups:
                group["lr"] = lr
            results.append(
                epoch(
                    model,
                    data,
                    opt,
                    loss_fn,
                    batch_size=64,  # 15 full batches and one of 40
                    generator=shuffle,
                    **options,
                )
            )
        runs.append(results)
    for plain, graphed in zip(*runs, strict=True):
        assert graphed.loss == pytest.approx(plain.loss, rel=1e-4)
        assert graphed.accuracy == pytest.approx(plain.accuracy, abs=2e-3)
        assert graphed.bad_step is None
    for p, q in zip(plain_model.parameters(), graph_model.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-3, atol=1e-5)
    assert all(g.get("capturable") in (None, False) for g in opt.param_groups)  # put back


@pytest.mark.parametrize(
    "batch_size",
    [
        250,  # 4 full batches: one replay after the warm-up steps, no smaller batch
        1000,  # one full batch: eager in the first epoch, recorded in the second
        1500,  # no full batch: only the smaller one, eager and then recorded
    ],
)
def test_graphed_epochs_agree_when_an_epoch_has_few_batches(batch_size):
    torch.backends.cuda.matmul.allow_tf32 = False
    g = torch.Generator().manual_seed(0)
    data = Data(torch.randn(1000, 20, generator=g), torch.randint(0, 5, (1000,), generator=g))
    data = data.to("cuda")
    torch.manual_seed(0)
    plain_model = MLP(20, 5, hidden=(32,)).cuda()
    graph_model = copy.deepcopy(plain_model)
    runs = []
    for model, epoch in ((plain_model, train_epoch), (graph_model, GraphedEpochs())):
        opt, loss_fn = make_optimizer("adam", model.parameters(), 0.01), nn.CrossEntropyLoss()
        shuffle = torch.Generator().manual_seed(1)
        runs.append(
            [
                epoch(model, data, opt, loss_fn, batch_size=batch_size, generator=shuffle).loss
                for _ in range(3)
            ]
        )
    assert runs[1] == pytest.approx(runs[0], rel=1e-4)
    for p, q in zip(plain_model.parameters(), graph_model.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize(
    "lrs, captures",
    [
        ((0.01,) * 4, ["full", "rest"]),  # once per run: the rest after its eager first run
        ((0.01, 0.01, 0.003, 0.003), ["full", "rest", "full", "rest"]),  # a new rate
    ],
)
def test_graphs_are_recorded_once_and_again_only_when_the_step_changes(lrs, captures, monkeypatch):
    """Recording is what costs: a run with a constant learning rate records each graph
    once, and a new learning rate (which the recorded optimizer step bakes in) records
    both again."""
    recorded = []
    capture = GraphedEpochs._capture

    def counting(optimizer, step):
        recorded.append("full" if step.__name__ == "_full_batch" else "rest")
        return capture(optimizer, step)

    monkeypatch.setattr(GraphedEpochs, "_capture", staticmethod(counting))
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1000, 20, generator=g)
    data = Data(x, x[:, :5].argmax(dim=1)).to("cuda")  # learnable; the same tensors each epoch
    model = MLP(20, 5, hidden=(32,)).cuda()
    opt = make_optimizer("adam", model.parameters(), lrs[0])
    epochs, loss_fn = GraphedEpochs(), nn.CrossEntropyLoss()
    losses = []
    for lr in lrs:
        for group in opt.param_groups:
            group["lr"] = lr
        result = epochs(
            model, data, opt, loss_fn, batch_size=64,
            generator=torch.Generator().manual_seed(len(losses)),
        )  # fmt: skip
        losses.append(result.loss)
    assert recorded == captures
    assert losses[-1] < losses[0]  # the replays train
    # a new loss function (or model, optimizer, data, batch size...) is a new step
    epochs(model, data, opt, nn.CrossEntropyLoss(), batch_size=64)
    assert recorded[len(captures) :] == ["full"]  # recorded again (its smaller batch: eager)


def test_a_graphed_epoch_reports_the_first_bad_step():
    """A NaN in one sample makes the loss of the (replayed) step that draws it NaN."""
    order = torch.randperm(640, generator=torch.Generator().manual_seed(0))
    x = torch.randn(640, 4)
    x[order[32 * 10 + 5]] = float("nan")  # in the 11th batch: a replayed step
    data = Data(x, torch.randint(0, 2, (640,))).to("cuda")
    model = MLP(4, 2).cuda()
    opt = make_optimizer("sgd", model.parameters(), 0.1)
    result = graphed_train_epoch(
        model,
        data,
        opt,
        nn.CrossEntropyLoss(),
        batch_size=32,
        generator=torch.Generator().manual_seed(0),
    )
    assert result.bad_step == 11


def test_fit_graphs_steps_only_where_it_can():
    model = MLP(4, 2).cuda()
    cuda = torch.device("cuda")
    assert can_graph(cuda, make_optimizer("adam", model.parameters(), 0.1), compiled=False)
    assert not can_graph(cuda, make_optimizer("adagrad", model.parameters(), 0.1), compiled=False)
    assert not can_graph(cuda, make_optimizer("adam", model.parameters(), 0.1), compiled=True)


@pytest.mark.parametrize("optimizer", ["adam", "adagrad"])
def test_fit_with_and_without_graphs_learns_the_same_with_dropout(optimizer, tmp_path):
    """Dropout inside a graph draws its masks from the graph-safe generator: other masks
    than the plain loop's, the same learning. Resuming a graphed run ends where an
    uninterrupted one does."""
    parts = scale_splits(split(load_digits()))
    accuracies = []
    for graphs in (False, True):
        torch.manual_seed(0)
        model = MLP(64, 10, hidden=(128,), dropout=0.2)
        fit(
            model,
            parts.train,
            parts.val,
            epochs=10,
            device="cuda",
            optimizer=optimizer,
            lr=0.01,
            cuda_graphs=graphs,
        )
        accuracies.append(evaluate(model, parts.test, nn.CrossEntropyLoss()).accuracy)
    assert min(accuracies) > 0.9
    assert accuracies[1] == pytest.approx(accuracies[0], abs=0.03)

    settings = {"epochs": 6, "device": "cuda", "optimizer": optimizer, "lr": 0.01}
    torch.manual_seed(0)
    reference = MLP(64, 10, hidden=(128,), dropout=0.2)
    expected = fit(reference, parts.train, parts.val, **settings)

    def stop_after_3(epoch, history):
        if epoch == 3:
            raise KeyboardInterrupt

    ckpt = tmp_path / "run.pt"
    torch.manual_seed(0)
    with pytest.raises(KeyboardInterrupt):
        fit(
            MLP(64, 10, hidden=(128,), dropout=0.2),
            parts.train,
            parts.val,
            checkpoint=ckpt,
            on_epoch_end=stop_after_3,
            **settings,
        )
    torch.manual_seed(0)
    resumed_model = MLP(64, 10, hidden=(128,), dropout=0.2)
    resumed = fit(resumed_model, parts.train, parts.val, checkpoint=ckpt, resume=True, **settings)
    assert resumed.train_loss == pytest.approx(expected.train_loss, rel=1e-5)
    for p, q in zip(resumed_model.parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(p, q)
