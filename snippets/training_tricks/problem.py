"""The small problem the experiments of the training-tricks lesson share
(on its regularisation and optimizers pages).

Two interleaved spirals in the plane: 100 training points, few enough for a network
with thousands of weights to memorise them, and 1,000 validation points to measure
how well it does on points it has not seen. Run it as a script
(`python snippets/training_tricks/problem.py`) to train the base network once.

The page shows trainlab's training loop (train_epoch, evaluate) from its own source;
this file imports the same functions from the installed package.
"""

# --8<-- [start:device]
import math

import torch
from torch import nn

device = (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
# --8<-- [end:device]


# --8<-- [start:spirals]
def make_spirals(n: int, noise: float = 0.15, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spiral arms inside [-1, 1]², labels 0 and 1, plus Gaussian noise."""
    g = torch.Generator().manual_seed(seed)  # its own generator: the data never changes
    y = torch.arange(n) % 2  # (N,) arm 0, arm 1, arm 0, ...
    r = torch.rand(n, generator=g)  # (N,) distance from the centre, in [0, 1]
    angle = 2 * math.pi * r + math.pi * y  # one full turn; arm 1 is arm 0 rotated by π
    x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)  # (N, 2)
    x = x + noise * torch.randn(n, 2, generator=g)
    return x.to(device), y.to(device)


train_data = make_spirals(100, seed=1)  # few points: a big network can memorise them
val_data = make_spirals(1000, seed=2)  # many points: a steady estimate of the error
# --8<-- [end:spirals]


# --8<-- [start:model]
def make_model(width: int = 128, depth: int = 2, dropout: float = 0.0) -> nn.Sequential:
    """An MLP for the spirals: `depth` hidden layers of `width` ReLU units, 2 outputs."""
    layers: list[nn.Module] = []
    n_in = 2
    for _ in range(depth):
        layers += [nn.Linear(n_in, width), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))  # after the activation, as in the original paper
        n_in = width
    layers.append(nn.Linear(n_in, 2))  # logits: CrossEntropyLoss applies the softmax
    return nn.Sequential(*layers).to(device)


# --8<-- [end:model]


# The page shows these two functions from trainlab's source instead of importing them.
from trainlab.train import evaluate, train_epoch


# --8<-- [start:train_run]
def train_run(model, optimizer, epochs, *, seed=0, stopper=None, **options):
    """Train on train_data for up to `epochs` epochs; return the per-epoch losses.

    `stopper` is an EarlyStopping (below); `options` go to train_epoch: l1, l2,
    clip_norm, clip_value.
    """
    shuffle = torch.Generator().manual_seed(seed)  # the order of the batches
    loss_fn = nn.CrossEntropyLoss()
    history = {"train_loss": [], "val_loss": [], "val_accuracy": []}
    for epoch in range(1, epochs + 1):
        result = train_epoch(
            model, train_data, optimizer, loss_fn, batch_size=25, generator=shuffle, **options
        )
        val = evaluate(model, val_data, loss_fn)
        history["train_loss"].append(result.loss)
        history["val_loss"].append(val.loss)
        history["val_accuracy"].append(val.accuracy)
        if stopper is not None and stopper.step(val.loss, model, epoch):
            break
    return history


# --8<-- [end:train_run]

if __name__ == "__main__":
    torch.manual_seed(0)
    model = make_model()
    history = train_run(model, torch.optim.Adam(model.parameters(), lr=0.01), epochs=100)
    print(
        f"after 100 epochs: train loss {history['train_loss'][-1]:.3f}, "
        f"validation loss {history['val_loss'][-1]:.3f}, "
        f"validation accuracy {history['val_accuracy'][-1]:.3f}"
    )
