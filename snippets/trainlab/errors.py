"""The errors trainlab raises on purpose: each names the argument and what is wrong."""

from __future__ import annotations


class TrainlabError(ValueError):
    """Bad input to trainlab: a wrong argument, shape, dtype, name or value."""


class NonFiniteLossError(RuntimeError):
    """The training loss became NaN or infinite; training stopped."""

    def __init__(self, epoch: int, step: int, checkpoint: str | None = None):
        self.epoch, self.step, self.checkpoint = epoch, step, checkpoint
        where = f"epoch {epoch}, step {step}"
        kept = (
            f"; the last good checkpoint is kept at {checkpoint}"
            if checkpoint
            else "; no checkpoint was being written"
        )
        super().__init__(
            f"the training loss became NaN or infinite at {where}{kept}. "
            "Try a smaller learning rate, scaled inputs or gradient clipping."
        )


def one_of(name: str, value: str, choices) -> str:
    """Return value if it is one of choices, else raise naming the argument and the choices."""
    if value not in choices:
        raise TrainlabError(f"unknown {name} {value!r}; choose one of: {', '.join(choices)}")
    return value
