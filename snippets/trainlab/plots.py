"""Learning curves with matplotlib: loss and accuracy per epoch, training and validation.

Labels are parameters so that the site can draw the same figure in every language.
"""

from __future__ import annotations

from pathlib import Path

from trainlab.checkpoint import atomic_write
from trainlab.fit import History

ENGLISH = {
    "epoch": "epoch",
    "loss": "loss",
    "accuracy": "accuracy",
    "train": "training",
    "val": "validation",
}


def plot_curves(
    histories: dict[str, History], path: str | Path, title: str = "", labels: dict | None = None
) -> Path:
    """Two panels (loss, accuracy), one line per run and split; written atomically as PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    words = {**ENGLISH, **(labels or {})}
    has_accuracy = any(a is not None for h in histories.values() for a in h.train_accuracy)
    fig, axes = plt.subplots(
        1, 2 if has_accuracy else 1, figsize=(10 if has_accuracy else 5.5, 3.8)
    )
    axes = list(axes) if has_accuracy else [axes]
    for i, (name, history) in enumerate(histories.items()):
        color = f"C{i}"
        epochs = range(1, history.epochs + 1)
        panels = [("loss", history.train_loss, history.val_loss)]
        if has_accuracy:
            panels.append(("accuracy", history.train_accuracy, history.val_accuracy))
        for ax, (metric, train, val) in zip(axes, panels, strict=True):
            ax.plot(epochs, train, color=color, label=f"{name} ({words['train']})")
            if val:
                ax.plot(epochs, val, color=color, linestyle="--", label=f"{name} ({words['val']})")
            ax.set_xlabel(words["epoch"])
            ax.set_ylabel(words[metric])
            ax.grid(alpha=0.3)
    axes[-1].legend(fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    atomic_write(path, lambda f: fig.savefig(f, format="png", dpi=100))
    plt.close(fig)
    return path
