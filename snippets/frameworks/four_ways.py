"""One model, four ways to train it: a loop by hand, trainlab.fit, PyTorch Lightning's
Trainer and Keras 3 on the PyTorch backend; then what each costs.

It reuses the data, the model and the settings of two_levels.py, which the page shows
first. Run it as a script (`python snippets/frameworks/four_ways.py`, after
`pip install lightning keras`); the page on low- and high-level APIs embeds its
sections after two_levels.py's, and tests/frameworks/test_four_ways.py checks them.
"""

import torch
from torch import nn
from two_levels import BATCH_SIZE, EPOCHS, LR, device, loss_fn, make_model, parts, train_x, train_y

# isort: split
# --8<-- [start:by_hand]
import time

from trainlab import fit

test_x, test_y = parts.test.x.to(device), parts.test.y.to(device)


def by_hand(model: nn.Module) -> nn.Module:  # the loop above, as a function
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    shuffle = torch.Generator().manual_seed(0)
    for _ in range(EPOCHS):
        model.train()
        for idx in torch.randperm(len(train_x), generator=shuffle).to(device).split(BATCH_SIZE):
            optimizer.zero_grad()
            loss_fn(model(train_x[idx]), train_y[idx]).backward()
            optimizer.step()
    return model


def with_fit(model: nn.Module) -> nn.Module:
    fit(model, parts.train, epochs=EPOCHS, batch_size=BATCH_SIZE, lr=LR)
    return model


def code_lines(*definitions) -> int:
    """Lines of code of functions and classes: the lines that compiled to something
    (not blank lines, comments or docstrings)."""
    found = [f for d in definitions for f in (vars(d).values() if isinstance(d, type) else [d])]
    codes = [f.__code__ for f in found if hasattr(f, "__code__")]
    return sum(len({line for *_, line in code.co_lines() if line}) for code in codes)


# --8<-- [end:by_hand]

# --8<-- [start:lightning]
import logging
import warnings

import lightning as L
from torch.utils.data import DataLoader, TensorDataset

for name in ("lightning.pytorch", "lightning.fabric"):  # no banners about accelerators
    logging.getLogger(name).setLevel(logging.WARNING)
warnings.filterwarnings("ignore", module="lightning")  # nor advice on loader workers
QUIET = {  # no log or checkpoint files, no progress bar, no table of the layers
    "logger": False,
    "enable_checkpointing": False,
    "enable_progress_bar": False,
    "enable_model_summary": False,
}


class Digits(L.LightningModule):
    """What is specific to this model: one training step and the optimizer."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def training_step(self, batch, batch_idx):
        x, y = batch  # one mini-batch from the DataLoader
        return loss_fn(self.model(x), y)  # Lightning calls backward() and step()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=LR)


def with_lightning(model: nn.Module) -> nn.Module:
    train_set = TensorDataset(parts.train.x, parts.train.y)  # (image, label) pairs
    loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
    trainer = L.Trainer(max_epochs=EPOCHS, accelerator="auto", devices=1, **QUIET)
    trainer.fit(Digits(model), loader)
    return model


# --8<-- [end:lightning]

# --8<-- [start:keras]
import os

os.environ["KERAS_BACKEND"] = "torch"  # before the first `import keras`
import keras
from keras import layers


def with_keras(seed: int = 0) -> keras.Model:
    keras.utils.set_random_seed(seed)  # Keras draws its own starting weights
    model = keras.Sequential(
        [keras.Input(shape=(64,)), layers.Dense(64, activation="relu"), layers.Dense(10)]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=LR),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # raw scores
    )
    model.fit(parts.train.x, parts.train.y, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0)
    return model


print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")
# --8<-- [end:keras]


# --8<-- [start:compare]
def synchronize() -> None:  # GPU work is asynchronous: wait for it before reading the clock
    if device.type == "cuda":
        torch.cuda.synchronize()
    elif device.type == "mps":
        torch.mps.synchronize()


def accuracy_on_test(model) -> float:  # a Keras model on PyTorch is an nn.Module too
    model.eval()
    with torch.no_grad():
        scores = model(test_x.to(next(model.parameters()).device))
    return (scores.argmax(dim=1).to(device) == test_y).float().mean().item()


def measure(train, *definitions) -> tuple[int, float, float]:
    synchronize()
    start = time.perf_counter()
    trained = train()
    synchronize()
    ms_per_epoch = 1000 * (time.perf_counter() - start) / EPOCHS
    return code_lines(*definitions), accuracy_on_test(trained), ms_per_epoch


lines_loop, acc_loop, ms_loop = measure(lambda: by_hand(make_model()), by_hand)
lines_fit, acc_fit, ms_fit = measure(lambda: with_fit(make_model()), with_fit)
lines_lightning, acc_lightning, ms_lightning = measure(
    lambda: with_lightning(make_model()), Digits, with_lightning
)
lines_keras, acc_keras, ms_keras = measure(with_keras, with_keras)
# --8<-- [end:compare]
