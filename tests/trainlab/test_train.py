"""trainlab.train: one epoch and evaluation, checked against plain PyTorch as reference."""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn
from trainlab import MLP, Data, average_predictions, evaluate, predict_proba, train_epoch
from trainlab.train import weight_penalty

from benchmarks.textbook import make_loader, textbook_train_epoch


def problem(n=96, d=5, c=3, seed=0) -> Data:
    g = torch.Generator().manual_seed(seed)
    return Data(torch.randn(n, d, generator=g), torch.randint(0, c, (n,), generator=g))


def reference_epoch(model, data, optimizer, order, batch_size):
    """The plainest PyTorch loop over a given order of samples."""
    model.train()
    losses, correct = [], 0
    for idx in order.split(batch_size):
        optimizer.zero_grad()
        out = model(data.x[idx])
        loss = nn.functional.cross_entropy(out, data.y[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item() * len(idx))
        correct += (out.argmax(1) == data.y[idx]).sum().item()
    return sum(losses) / len(data.x), correct / len(data.x)


def test_train_epoch_matches_a_plain_pytorch_loop():
    data = problem()
    torch.manual_seed(0)
    ours = MLP(5, 3, hidden=(16,))
    ref = copy.deepcopy(ours)
    opt_ours = torch.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    opt_ref = torch.optim.SGD(ref.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(3):
        result = train_epoch(
            ours,
            data,
            opt_ours,
            nn.CrossEntropyLoss(),
            batch_size=10,
            generator=torch.Generator().manual_seed(epoch),
        )
        order = torch.randperm(96, generator=torch.Generator().manual_seed(epoch))
        loss, accuracy = reference_epoch(ref, data, opt_ref, order, batch_size=10)
        assert result.loss == pytest.approx(loss, rel=1e-5)
        assert result.accuracy == pytest.approx(accuracy)
        assert result.bad_step is None
    for p, q in zip(ours.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p, q)


def test_textbook_loop_computes_the_same_as_the_reference():
    """The teaching loop (DataLoader, .item() per step) does the same work as the
    reference over the order its DataLoader draws; train_epoch matches that reference too
    (test above), so the fast path is the same training, only faster."""
    data = problem()
    indices = Data(torch.arange(96), torch.zeros(96))
    order = torch.cat([idx for idx, _ in make_loader(indices, batch_size=16, seed=7)])
    torch.manual_seed(0)
    textbook = MLP(5, 3, hidden=(8,))
    ref = copy.deepcopy(textbook)
    opt_textbook = torch.optim.Adam(textbook.parameters(), lr=0.01)
    loss = textbook_train_epoch(
        textbook,
        make_loader(data, batch_size=16, seed=7),
        opt_textbook,
        nn.CrossEntropyLoss(),
        torch.device("cpu"),
    )
    ref_loss, _ = reference_epoch(
        ref, data, torch.optim.Adam(ref.parameters(), lr=0.01), order, batch_size=16
    )
    assert loss == pytest.approx(ref_loss, rel=1e-5)
    for p, q in zip(textbook.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p, q)


def one_sgd_step(model, data, **penalties):
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    train_epoch(model, data, opt, nn.CrossEntropyLoss(), batch_size=len(data.x), **penalties)
    return model


def test_l2_penalty_is_sgd_weight_decay_on_weights_only():
    data = problem()
    torch.manual_seed(0)
    ours = MLP(5, 3, hidden=(8,))
    ref = copy.deepcopy(ours)
    one_sgd_step(ours, data, l2=0.1)
    decay = [p for p in ref.parameters() if p.ndim > 1]
    no_decay = [p for p in ref.parameters() if p.ndim == 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 0.1}, {"params": no_decay}], lr=0.5)
    opt.zero_grad()
    nn.functional.cross_entropy(ref(data.x), data.y).backward()
    opt.step()
    for p, q in zip(ours.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p, q)


def test_l1_penalty_adds_l1_times_sign_to_the_gradient():
    data = problem()
    torch.manual_seed(0)
    plain, penalized = MLP(5, 3), MLP(5, 3)
    penalized.load_state_dict(plain.state_dict())
    before = plain[0].weight.detach().clone()
    one_sgd_step(plain, data)
    one_sgd_step(penalized, data, l1=0.01)
    # w_pen - w_plain = -lr * l1 * sign(w); biases are not penalised
    torch.testing.assert_close(penalized[0].weight - plain[0].weight, -0.5 * 0.01 * before.sign())
    torch.testing.assert_close(penalized[0].bias, plain[0].bias)


def test_weight_penalty_values():
    w = [torch.tensor([[1.0, -2.0]]), torch.tensor([[3.0]])]
    assert weight_penalty(w, l1=0.1) == pytest.approx(0.6)
    assert weight_penalty(w, l2=0.1) == pytest.approx(0.5 * 0.1 * 14)
    assert weight_penalty(w) == 0.0


def gradient_step(model_seed, data, **clip):
    torch.manual_seed(model_seed)
    model = MLP(5, 3)
    before = [p.detach().clone() for p in model.parameters()]
    one = torch.optim.SGD(model.parameters(), lr=1.0)
    train_epoch(
        model,
        Data(data.x * 100, data.y),
        one,
        nn.CrossEntropyLoss(),
        batch_size=len(data.x),
        **clip,
    )
    return torch.cat(
        [(b - p.detach()).flatten() for b, p in zip(before, model.parameters(), strict=True)]
    )


def test_gradient_clipping_by_norm_and_by_value():
    data = problem()
    raw = gradient_step(0, data)  # with lr=1 the step is the gradient itself
    assert raw.norm() > 5 and raw.abs().max() > 0.5
    by_norm = gradient_step(0, data, clip_norm=1.0)
    assert by_norm.norm().item() == pytest.approx(1.0, rel=1e-4)
    torch.testing.assert_close(by_norm, raw / raw.norm())  # same direction, shorter
    by_value = gradient_step(0, data, clip_value=0.5)
    assert by_value.abs().max().item() == pytest.approx(0.5)
    torch.testing.assert_close(by_value, raw.clamp(-0.5, 0.5))


class NaNAfter(nn.Module):
    """A loss that turns NaN from its n-th call on (to test detection without a sync)."""

    def __init__(self, n):
        super().__init__()
        self.calls, self.n = 0, n

    def forward(self, out, y):
        self.calls += 1
        loss = nn.functional.cross_entropy(out, y)
        return loss * float("nan") if self.calls >= self.n else loss


def test_first_non_finite_step_is_reported():
    data = problem()
    model = MLP(5, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    result = train_epoch(model, data, opt, NaNAfter(4), batch_size=10)
    assert result.bad_step == 4


def test_evaluate_is_eval_mode_without_gradients():
    data = problem()
    model = MLP(5, 3, hidden=(8,), dropout=0.5)
    model.train()
    result = evaluate(model, data, nn.CrossEntropyLoss(), batch_size=7)
    assert not model.training
    assert all(p.grad is None for p in model.parameters())
    with torch.no_grad():
        out = model(data.x)  # eval mode: dropout off, deterministic
    assert result.loss == pytest.approx(nn.functional.cross_entropy(out, data.y).item(), rel=1e-5)
    assert result.accuracy == pytest.approx((out.argmax(1) == data.y).float().mean().item())


def test_regression_reports_no_accuracy():
    g = torch.Generator().manual_seed(0)
    data = Data(torch.randn(20, 2, generator=g), torch.randn(20, 1, generator=g))
    model = nn.Linear(2, 1)
    result = train_epoch(
        model, data, torch.optim.SGD(model.parameters(), lr=0.1), nn.MSELoss(), batch_size=5
    )
    assert result.accuracy is None and result.loss > 0


def test_average_predictions_is_the_mean_of_probabilities():
    data = problem()
    torch.manual_seed(0)
    models = [MLP(5, 3, hidden=(4,)) for _ in range(3)]
    averaged = average_predictions(models, data.x)
    expected = torch.stack([predict_proba(m, data.x) for m in models]).mean(0)
    torch.testing.assert_close(averaged, expected)
    torch.testing.assert_close(averaged.sum(1), torch.ones(96))
    with pytest.raises(ValueError, match="at least one model"):
        average_predictions([], data.x)
