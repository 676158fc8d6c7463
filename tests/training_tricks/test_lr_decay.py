"""snippets/training_tricks/lr_decay.py: the warm-up and the cosine follow their
formulas, ReduceLROnPlateau cuts η where its rule says, and what the page says of its
run (seed 0) holds on four more seeds: no schedule reaches a lower validation loss than
the constant rate, the lowest comes while η is still large, and both schedules end lower
than the constant rate, close to their own lowest."""

from __future__ import annotations

import math

import pytest
from support import ROOT, import_lesson, pyplot

plt = pyplot()

LESSON = ROOT / "snippets" / "training_tricks"
SEEDS = range(5)  # the page's seed 0, then four more

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def sch():
    yield import_lesson(LESSON, "lr_decay")
    plt.close("training-tricks-lr-schedules")


@pytest.fixture(scope="module")
def all_runs(sch):
    """schedule -> [(lrs, losses)] for seeds 0 to 4; seed 0's are the page's own runs."""
    return {
        name: [sch.runs[name]] + [sch.train_scheduled(make, seed) for seed in SEEDS[1:]]
        for name, make in sch.lr_schedules.items()
    }


def test_warm_up_then_cosine_follows_its_formula(sch):
    epochs, warm = sch.EPOCHS, sch.WARMUP
    for t, lr in enumerate(sch.runs["warm-up + cosine"][0]):
        if t < warm:  # linear from η/10 to η
            expected = 0.01 * (0.1 + 0.9 * t / warm)
        else:  # half a cosine from η to 0 over the remaining epochs
            expected = 0.005 * (1 + math.cos(math.pi * (t - warm) / (epochs - warm)))
        assert lr == pytest.approx(expected, rel=1e-9, abs=1e-12), t
    assert sch.runs["constant"][0] == [0.01] * epochs


def plateau_cuts(val_losses, patience=5, threshold=1e-4):
    """ReduceLROnPlateau's rule (mode "min", relative threshold), written out: the epochs
    after which it halves η."""
    best, bad, cuts = math.inf, 0, []
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best * (1 - threshold):
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience:
            cuts.append(epoch)
            bad = 0
    return cuts


def best_epoch(losses):
    return losses.index(min(losses)) + 1


def test_plateau_cuts_eta_where_its_rule_says_on_every_seed(sch, all_runs):
    for lrs, losses in all_runs["ReduceLROnPlateau"]:
        cuts = plateau_cuts(losses)
        for epoch in range(1, sch.EPOCHS):
            halved = epoch in cuts
            assert lrs[epoch] == pytest.approx(lrs[epoch - 1] * (0.5 if halved else 1.0))
        assert cuts[0] > 10  # it waits for the loss to stall


def test_the_page_s_plateau_numbers(sch):
    """Seed 0: the first cut six epochs after the best epoch, then one every six epochs
    (the loss never reached a new low again), down to η = 0.01 / 2^cuts."""
    lrs, losses = sch.runs["ReduceLROnPlateau"]
    assert sch.cuts == plateau_cuts(losses)
    assert sch.first_cut == sch.cuts[0] == best_epoch(losses) + 6
    assert all(b - a == 6 for a, b in zip(sch.cuts, sch.cuts[1:], strict=False))
    assert sch.n_cuts == len(sch.cuts) >= 3
    assert sch.last_lr == pytest.approx(0.01 * 0.5**sch.n_cuts) == lrs[-1]


def test_plateau_run_is_the_constant_run_until_its_first_cut(all_runs):
    pairs = zip(all_runs["constant"], all_runs["ReduceLROnPlateau"], strict=True)
    for (_, constant), (_, plateau) in pairs:
        first = plateau_cuts(plateau)[0]
        assert plateau[:first] == pytest.approx(constant[:first], rel=1e-6)


def per_seed(all_runs, value):
    """[(constant, warm-up + cosine, plateau)] of value(losses), one tuple per seed."""
    columns = ([value(losses) for _, losses in runs] for runs in all_runs.values())
    return list(zip(*columns, strict=True))


def test_no_schedule_reaches_a_lower_validation_loss_on_any_seed(sch, all_runs):
    assert list(sch.lr_schedules) == ["constant", "warm-up + cosine", "ReduceLROnPlateau"]
    for lowest in per_seed(all_runs, min):
        assert max(lowest) - min(lowest) < 0.015, lowest
    page = (sch.best_constant, sch.best_warmup, sch.best_plateau)
    assert max(page) - min(page) < 0.01


def test_the_lowest_loss_comes_while_eta_is_at_least_half_its_start(all_runs):
    for runs in all_runs.values():
        for lrs, losses in runs:
            assert lrs[best_epoch(losses) - 1] >= 0.005


def test_both_schedules_end_lower_than_the_constant_rate_on_every_seed(sch, all_runs):
    for constant, warmup, plateau in per_seed(all_runs, lambda losses: losses[-1]):
        assert warmup < constant - 0.01 and plateau < constant - 0.01
    for constant, warmup, plateau in per_seed(all_runs, lambda losses: losses[-1] - min(losses)):
        assert constant > 0.04  # the constant rate keeps climbing after its lowest
        assert warmup < 0.03 and plateau < 0.03  # the schedules stay close to theirs
    assert sch.final_constant > max(sch.final_warmup, sch.final_plateau)
    assert sch.final_plateau - sch.best_plateau < 0.01  # "close to its best"


def test_figure(sch):
    fig = plt.figure("training-tricks-lr-schedules")
    ax_loss, ax_lr = fig.axes
    assert ax_loss.get_ylabel() == "validation loss" and ax_lr.get_ylabel() == "learning rate η"
    assert ax_loss.get_xlabel() == ax_lr.get_xlabel() == "epoch"
    assert ax_lr.get_yscale() == "log"
    assert [t.get_text() for t in ax_loss.get_legend().get_texts()] == list(sch.lr_schedules)
