"""trainlab.plots: learning curves as PNG, labels replaceable (figures in every language)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from trainlab import History
from trainlab.plots import plot_curves


def history(accuracy=True) -> History:
    acc = [0.5, 0.7, 0.8] if accuracy else [None] * 3
    return History(
        train_loss=[1.0, 0.6, 0.4], train_accuracy=acc, val_loss=[1.1, 0.8, 0.9], val_accuracy=acc
    )


def test_classification_curves_have_loss_and_accuracy_panels(tmp_path, monkeypatch):
    saved = {}
    original = plt.Figure.savefig

    def spy(fig, *args, **kwargs):
        saved["axes"] = [(ax.get_xlabel(), ax.get_ylabel(), len(ax.lines)) for ax in fig.axes]
        saved["legend"] = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(plt.Figure, "savefig", spy)
    labels = {
        "epoch": "époque",
        "loss": "perte",
        "accuracy": "exactitude",
        "train": "entraînement",
        "val": "validation",
    }
    path = plot_curves(
        {"MLP": history(), "linéaire": history()}, tmp_path / "c.png", title="Iris", labels=labels
    )
    assert path.read_bytes().startswith(b"\x89PNG")
    assert saved["axes"] == [("époque", "perte", 4), ("époque", "exactitude", 4)]
    assert "MLP (entraînement)" in saved["legend"] and "linéaire (validation)" in saved["legend"]


def test_regression_curves_have_only_a_loss_panel(tmp_path, monkeypatch):
    count = {}
    original = plt.Figure.savefig
    monkeypatch.setattr(
        plt.Figure,
        "savefig",
        lambda fig, *a, **k: (count.setdefault("axes", len(fig.axes)), original(fig, *a, **k)),
    )
    plot_curves({"line": history(accuracy=False)}, tmp_path / "r.png")
    assert count["axes"] == 1
