"""trainlab.fit: the high-level API — history, early stopping, safety, NaN, resume."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from trainlab import (
    MLP,
    Data,
    NonFiniteLossError,
    TrainConfig,
    TrainlabError,
    evaluate,
    fit,
    load_checkpoint,
    load_iris,
    save_checkpoint,
    scale_splits,
    split,
)


@pytest.fixture(scope="module")
def iris():
    return scale_splits(split(load_iris(), seed=0))


def new_model(seed=0, **kw):
    torch.manual_seed(seed)
    return MLP(4, 3, hidden=(16,), **kw)


def test_history_has_one_entry_per_epoch(iris):
    history = fit(
        new_model(), iris.train, iris.val, epochs=7, lr=0.1, schedule="exponential", lr_decay=0.5
    )
    assert history.epochs == 7
    assert all(
        len(v) == 7
        for v in (
            history.train_loss,
            history.train_accuracy,
            history.val_loss,
            history.val_accuracy,
        )
    )
    assert history.lr == pytest.approx([0.1 * 0.5**k for k in range(7)])
    assert history.best_epoch == 7 and not history.stopped_early
    assert all(0 <= a <= 1 for a in history.train_accuracy + history.val_accuracy)


def test_fit_learns_iris(iris):
    model = new_model()
    history = fit(model, iris.train, iris.val, epochs=60, lr=0.05)
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert evaluate(model, iris.test, nn.CrossEntropyLoss()).accuracy >= 0.9


def test_same_seed_same_run(iris):
    a, b = new_model(dropout=0.3), new_model(dropout=0.3)
    ha = fit(a, iris.train, iris.val, epochs=5, seed=11)
    hb = fit(b, iris.train, iris.val, epochs=5, seed=11)
    assert ha == hb
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)


def test_early_stopping_restores_the_best_epochs_weights():
    # 12 noisy training points and a wide network: validation loss soon turns up.
    g = torch.Generator().manual_seed(0)
    x = torch.randn(60, 4, generator=g)
    y = (x[:, 0] > 0).long()
    y[torch.randperm(60, generator=g)[:15]] ^= 1  # label noise
    train, val = Data(x[:12], y[:12]), Data(x[12:], y[12:])
    torch.manual_seed(0)
    model = MLP(4, 2, hidden=(256, 256))
    history = fit(model, train, val, epochs=200, lr=0.01, patience=5, batch_size=4)
    best = int(np.argmin(history.val_loss)) + 1
    assert history.stopped_early and history.epochs == best + 5 < 200
    assert history.best_epoch == best
    restored = evaluate(model, val, nn.CrossEntropyLoss()).loss
    assert restored == pytest.approx(min(history.val_loss), rel=1e-6)
    assert restored < history.val_loss[-1]


# ---------------------------------------------------------------- misuse gets one clear message


def data(n=10, d=4, c=3, **override) -> Data:
    g = torch.Generator().manual_seed(0)
    x = override.get("x", torch.randn(n, d, generator=g))
    y = override.get("y", torch.randint(0, c, (n,), generator=g))
    return Data(x, y)


BAD_DATA = [
    (data(d=5), r"train.x has shape \(10, 5\) but the model's first layer expects \(N, 4\)"),
    (
        data(x=torch.randn(10, 4, dtype=torch.float64)),
        "train.x is torch.float64 but the model's weights are torch.float32",
    ),
    (
        data(x=torch.ones(10, 4, dtype=torch.int64)),
        r"train.x must be floating point, got torch.int64 \(use x.float\(\)\)",
    ),
    (data(y=torch.zeros(10, dtype=torch.int32)), r"class labels as torch.int32; use y.long\(\)"),
    (Data(torch.zeros(0, 4), torch.zeros(0, dtype=torch.long)), "train is empty"),
    (
        data(x=torch.ones(10, 4).index_put_((torch.tensor([6]),), torch.tensor(float("nan")))),
        "non-finite values .* first in sample 6",
    ),
    (
        data(y=torch.tensor([0, 1, 2, 3, 0, 0, 0, 0, 0, 0])),
        r"label 3, out of range: the model has 3 outputs, so labels must be 0..2",
    ),
    (data(y=-torch.ones(10, dtype=torch.long)), "label -1, out of range"),
    (
        Data(torch.zeros(10, 4), torch.zeros(9, dtype=torch.long)),
        "train.x has 10 samples but train.y has 9",
    ),
    (
        (np.zeros((10, 4), dtype=np.float32), np.zeros(10)),
        r"train.x must be a torch.Tensor, got ndarray \(use torch.as_tensor\)",
    ),
    (torch.zeros(10, 4), "train must be a pair"),
]


@pytest.mark.parametrize(("train", "message"), BAD_DATA)
def test_bad_training_data(train, message):
    with pytest.raises(TrainlabError, match=message):
        fit(MLP(4, 3), train, epochs=1)


def test_bad_validation_data_is_named_val():
    with pytest.raises(TrainlabError, match=r"^val.x has shape"):
        fit(MLP(4, 3), data(), data(d=2), epochs=1)


def test_regression_target_shape_must_match_the_output():
    x = torch.randn(8, 1)
    with pytest.raises(
        TrainlabError, match=r"train.y has shape \(8,\) but the model outputs \(8, 1\)"
    ):
        fit(nn.Linear(1, 1), Data(x, x.squeeze(1)), epochs=1)
    fit(nn.Linear(1, 1), Data(x, 2 * x), epochs=1)  # (8, 1) targets are fine


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lr": 0}, r"learning rate \(lr\) must be a finite number > 0, got 0"),
        ({"lr": -1e-3}, r"learning rate \(lr\) must be a finite number > 0"),
        (
            {"optimizer": "adamw"},
            "unknown optimizer 'adamw'; choose one of: sgd, momentum, adagrad, rmsprop, adam",
        ),
        (
            {"schedule": "linear"},
            "unknown schedule 'linear'; choose one of: constant, exponential, step, cosine",
        ),
        ({"epochs": 0}, "epochs must be a positive integer, got 0"),
        ({"batch_size": 2.5}, "batch_size must be a positive integer"),
        ({"l2": -1}, "l2 must be a finite number >= 0"),
        ({"clip_norm": 0}, "clip_norm must be a number > 0 or None"),
        ({"patience": 0}, "patience must be a positive integer or None"),
        ({"learning_rate": 0.1}, "unknown training option 'learning_rate'; known options: "),
        ({"amp": "yes"}, "amp must be True or False, got 'yes'"),
        ({"compile": 1}, "compile must be True or False, got 1"),
        ({"cuda_graphs": "no"}, "cuda_graphs must be True or False, got 'no'"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(TrainlabError, match=message):
        fit(MLP(4, 3), data(), **options)


def test_option_combinations():
    with pytest.raises(TrainlabError, match="early stopping .* needs validation data"):
        fit(MLP(4, 3), data(), patience=3)
    with pytest.raises(TrainlabError, match="resume=True needs checkpoint"):
        fit(MLP(4, 3), data(), resume=True)
    with pytest.raises(TrainlabError, match="learning rate"):
        TrainConfig(lr=float("nan"))


# ---------------------------------------------------------------- NaN, checkpoints, resume


class NaNFrom(nn.Module):
    """Passes values through until its n-th training call, then outputs NaN."""

    def __init__(self, n):
        super().__init__()
        self.calls, self.n = 0, n

    def forward(self, x):
        if self.training:
            self.calls += 1
            if self.calls >= self.n:
                return x * float("nan")
        return x


def test_nan_loss_stops_naming_epoch_and_step_and_keeps_the_last_good_checkpoint(iris, tmp_path):
    ckpt = tmp_path / "run.pt"
    model = nn.Sequential(new_model(), NaNFrom(8))  # 90 samples / 32 = 3 steps per epoch
    with pytest.raises(
        NonFiniteLossError,
        match=rf"NaN or infinite at epoch 3, step 2; the last good checkpoint is kept at {ckpt}",
    ) as caught:
        # on the CPU: NaNFrom counts its calls in Python, which a CUDA graph's replay
        # does not run (test_gpu.py covers a NaN found inside a replay)
        fit(model, iris.train, iris.val, epochs=10, checkpoint=ckpt, device="cpu")
    assert (caught.value.epoch, caught.value.step) == (3, 2)
    state = load_checkpoint(ckpt)
    assert len(state["history"]["train_loss"]) == 2
    assert all(torch.isfinite(v).all() for v in state["model"].values())


def test_interrupted_run_resumes_to_the_same_result(iris, tmp_path):
    settings = {
        "epochs": 12,
        "lr": 0.05,
        "optimizer": "momentum",
        "schedule": "cosine",
        "patience": 50,
    }
    reference = new_model(dropout=0.2)
    expected = fit(reference, iris.train, iris.val, **settings)

    def interrupt_after_epoch_5(epoch, history):
        if epoch == 5:
            raise KeyboardInterrupt

    ckpt = tmp_path / "run.pt"
    with pytest.raises(KeyboardInterrupt):
        fit(
            new_model(dropout=0.2),
            iris.train,
            iris.val,
            checkpoint=ckpt,
            on_epoch_end=interrupt_after_epoch_5,
            **settings,
        )
    torch.manual_seed(1234)  # the resumed process's RNG is elsewhere: the checkpoint restores it
    resumed_model = new_model(seed=99, dropout=0.2)
    resumed = fit(resumed_model, iris.train, iris.val, checkpoint=ckpt, resume=True, **settings)
    assert resumed == expected
    for p, q in zip(resumed_model.parameters(), reference.parameters(), strict=True):
        assert torch.equal(p, q)
    # resuming a finished run trains nothing more and ends with the same weights
    again = new_model(seed=5, dropout=0.2)
    assert fit(again, iris.train, iris.val, checkpoint=ckpt, resume=True, **settings) == expected
    assert all(
        torch.equal(p, q) for p, q in zip(again.parameters(), reference.parameters(), strict=True)
    )


def test_resume_refuses_other_settings_or_another_model(iris, tmp_path):
    ckpt = tmp_path / "run.pt"
    fit(new_model(), iris.train, iris.val, epochs=2, checkpoint=ckpt)
    with pytest.raises(TrainlabError, match=r"was made with lr=0.01, not 0.5"):
        fit(new_model(), iris.train, iris.val, epochs=2, lr=0.5, checkpoint=ckpt, resume=True)
    with pytest.raises(TrainlabError, match="holds another model's weights: size mismatch"):
        fit(MLP(4, 3, hidden=(8,)), iris.train, iris.val, epochs=2, checkpoint=ckpt, resume=True)


def test_a_checkpoint_from_before_a_new_option_resumes_with_its_default(iris, tmp_path):
    """Checkpoints written before TrainConfig gained a field (cuda_graphs) still resume."""
    ckpt = tmp_path / "old.pt"

    def stop_after_2(epoch, history):
        if epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fit(new_model(), iris.train, iris.val, epochs=3, checkpoint=ckpt, on_epoch_end=stop_after_2)
    state = load_checkpoint(ckpt)
    del state["config"]["cuda_graphs"]
    save_checkpoint(ckpt, state)
    history = fit(new_model(), iris.train, iris.val, epochs=3, checkpoint=ckpt, resume=True)
    assert history.epochs == 3 and history.train_loss[:2] == state["history"]["train_loss"]


def test_resume_without_a_checkpoint_starts_fresh(iris, tmp_path):
    a = fit(
        new_model(), iris.train, iris.val, epochs=3, checkpoint=tmp_path / "new.pt", resume=True
    )
    b = fit(new_model(), iris.train, iris.val, epochs=3)
    assert a == b


def test_amp_trains_in_bfloat16_and_learns_as_well(iris):
    """Mixed precision: the matrix products run in bfloat16, the weights stay float32,
    and the run reaches the accuracy of the float32 run."""
    seen = []
    full, mixed = new_model(), new_model()
    probe = mixed[0].register_forward_hook(lambda m, i, out: seen.append((len(out), out.dtype)))
    fit(full, iris.train, iris.val, epochs=40, lr=0.05)
    history = fit(mixed, iris.train, iris.val, epochs=40, lr=0.05, amp=True)
    probe.remove()
    # fit's data check runs the plain model on 2 samples; every batch runs in bfloat16
    assert {dtype for n, dtype in seen if n > 2} == {torch.bfloat16}
    assert all(p.dtype == torch.float32 for p in mixed.parameters())
    loss_fn = nn.CrossEntropyLoss()
    assert evaluate(mixed, iris.test, loss_fn).accuracy >= 0.9
    assert history.val_accuracy[-1] == pytest.approx(
        evaluate(full, iris.val, loss_fn).accuracy, abs=0.07
    )
    assert set(mixed.state_dict()) == set(full.state_dict())  # checkpoints stay plain


@pytest.mark.slow
def test_compile_trains_the_same_model_to_the_same_result(iris):
    """torch.compile changes how the steps run, not what they compute (the first
    batch compiles: tens of seconds on a small CPU)."""
    plain, compiled = new_model(), new_model()
    ha = fit(plain, iris.train, iris.val, epochs=3, lr=0.05, batch_size=45)
    hb = fit(compiled, iris.train, iris.val, epochs=3, lr=0.05, batch_size=45, compile=True)
    assert hb.train_loss == pytest.approx(ha.train_loss, rel=1e-4)
    for p, q in zip(plain.parameters(), compiled.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)
