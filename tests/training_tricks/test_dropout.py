"""snippets/training_tricks/dropout.py: the dropout layer, and the page's conclusion
about it, checked on all five seeds the page uses."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, import_lesson, pyplot

plt = pyplot()

LESSON = ROOT / "snippets" / "training_tricks"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread (conftest)


@pytest.fixture(scope="module")
def dropout():
    """The module, imported once (test_regularisation.py reuses its runs)."""
    return import_lesson(LESSON, "dropout")


def test_dropout_zeroes_and_rescales_in_training_and_does_nothing_in_eval():
    torch.manual_seed(0)
    drop = torch.nn.Dropout(p=0.3)
    out = drop(torch.ones(100_000))
    values = out.unique().tolist()
    assert values[0] == 0.0 and values[1:] == [pytest.approx(1 / 0.7)]
    assert (out == 0).float().mean().item() == pytest.approx(0.3, abs=0.01)
    assert out.mean().item() == pytest.approx(1.0, abs=0.02)  # expectation preserved
    drop.eval()
    assert torch.equal(drop(torch.ones(10)), torch.ones(10))


def test_the_comparison_uses_five_seeds_per_setting(dropout):
    assert dropout.n_seeds == 5
    assert [len(h) for h in dropout.runs.values()] == [5, 5]
    assert all(len(h["val_loss"]) == 100 for hs in dropout.runs.values() for h in hs)


def test_dropout_won_on_every_seed_by_more_than_the_spread(dropout):
    """The page: dropout ended lower in n of n pairs; the gap exceeds the spread."""
    plain, dropped = dropout.final[0.0], dropout.final[0.3]
    assert dropout.dropout_wins == int((dropped < plain).sum()) == dropout.n_seeds
    gap = dropout.loss_plain - dropout.loss_dropout
    assert gap > max(dropout.loss_plain_std, dropout.loss_dropout_std)
    assert dropout.loss_plain == pytest.approx(plain.mean().item())


def test_accuracy_higher_and_training_loss_higher_with_dropout(dropout):
    assert dropout.acc_dropout > dropout.acc_plain
    assert dropout.train_loss_dropout > dropout.train_loss_plain  # dropout is not free


def test_without_dropout_validation_loss_dips_early_then_climbs(dropout):
    for p, hs in dropout.runs.items():
        climbs = [h["val_loss"][-1] - min(h["val_loss"]) for h in hs]
        if p == 0.0:
            plain_climb = sum(climbs) / len(climbs)
        else:
            dropout_climb = sum(climbs) / len(climbs)
    assert dropout.best_epoch_plain < 50
    assert plain_climb > 0.1
    assert dropout_climb < plain_climb / 2  # "much gentler"


def test_figure_is_labelled(dropout):
    fig = plt.figure("training-tricks-dropout")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "validation loss"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["dropout 0.0", "dropout 0.3"]
