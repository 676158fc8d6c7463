"""Batch normalisation: what nn.BatchNorm1d computes, in training and in evaluation mode,
and what it changes when a deep network trains (with and without it, two places for it,
two learning rates, three seeds).

Run it as a script (`python snippets/training_tricks/batch_norm.py`); the
training-tricks page embeds its sections, and tests/training_tricks/test_batch_norm.py
checks them.
"""

# --8<-- [start:batch_norm_layer]
import torch
from torch import nn

torch.manual_seed(0)
h = 5 + 3 * torch.randn(64, 4)  # (B, 4): a batch of pre-activations, mean 5 and std 3
bn = nn.BatchNorm1d(4).requires_grad_(False)  # γ = 1, β = 0 per feature (no training here)
out = bn(h)  # training mode: normalise with this batch's own mean and variance

by_hand = (h - h.mean(dim=0)) / torch.sqrt(h.var(dim=0, unbiased=False) + bn.eps)
bn_gap = (out - by_hand).abs().max().item()
print(out.mean(dim=0).abs().max())  # the largest per-feature mean: ≈ 0
print(out.std(dim=0, unbiased=False))  # per-feature standard deviations: ≈ 1
print(f"largest difference from the formula: {bn_gap:.1e}")
# --8<-- [end:batch_norm_layer]

# --8<-- [start:running_statistics]
for _ in range(100):  # more training batches from the same distribution
    bn(5 + 3 * torch.randn(64, 4))
print(bn.running_mean, bn.running_var.sqrt())  # moving averages: ≈ 5 and ≈ 3

bn.eval()  # evaluation mode: use the running statistics, not the batch's
one_example = torch.full((1, 4), 8.0)  # a batch of ONE: it has no variance of its own
print(bn(one_example))  # ≈ (8 - 5) / 3 = 1 per feature
# --8<-- [end:running_statistics]

# --8<-- [start:deep_networks]
import math

import matplotlib.pyplot as plt

DEPTH, WIDTH, EPOCHS, SEEDS = 8, 64, 10, (0, 1, 2)
LEARNING_RATES = (0.1, 1.0)  # a usual one for plain SGD, and ten times that
lr_low, lr_high, n_seeds = *LEARNING_RATES, len(SEEDS)

g = torch.Generator().manual_seed(0)  # the data never changes
data_x = torch.randn(1024, 16, generator=g)  # (N, 16): 1,024 points in 16 dimensions
w1, w2 = torch.randn(16, 32, generator=g), torch.randn(32, 4, generator=g)
data_y = (torch.tanh(data_x @ w1 / 4) @ w2).argmax(dim=1)  # (N,) 4 classes, curved borders


def deep_mlp(norm: str) -> nn.Sequential:
    """DEPTH Linear + ReLU layers of WIDTH units with He initialisation, and batch
    normalisation nowhere ("none"), before each ReLU ("before") or after it ("after")."""
    layers, n_in = [], 16
    for _ in range(DEPTH):
        linear = nn.Linear(n_in, WIDTH)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # He: see above
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if norm == "before":
            layers.append(nn.BatchNorm1d(WIDTH))  # the original paper's place
        layers.append(nn.ReLU())
        if norm == "after":
            layers.append(nn.BatchNorm1d(WIDTH))
        n_in = WIDTH
    layers.append(nn.Linear(WIDTH, 4))  # 4 scores (logits)
    return nn.Sequential(*layers)


def training_losses(norm: str, lr: float, seed: int) -> list[float]:
    """Plain SGD in batches of 64; after each epoch, the loss on the whole training set
    in evaluation mode (NaN once the weights overflowed)."""
    torch.manual_seed(seed)  # the initial weights
    model = deep_mlp(norm)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(EPOCHS):
        model.train()
        for idx in torch.randperm(len(data_x), generator=shuffle).split(64):
            optimizer.zero_grad()
            loss_fn(model(data_x[idx]), data_y[idx]).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            losses.append(loss_fn(model(data_x), data_y).item())
        if not math.isfinite(losses[-1]):  # diverged: nothing more to learn
            return losses + [math.nan] * (EPOCHS - len(losses))
    return losses


PLACES = {
    "none": "no batch norm",
    "before": "batch norm before ReLU",
    "after": "batch norm after ReLU",
}
runs = {  # (place, learning rate) -> one loss curve per seed
    (norm, lr): [training_losses(norm, lr, seed) for seed in SEEDS]
    for lr in LEARNING_RATES
    for norm in PLACES
}
print("final training loss, seeds", *SEEDS)
for (norm, lr), curves in runs.items():
    print(f"η = {lr:<4g}{PLACES[norm]:<23}" + "".join(f"{c[-1]:7.3f}" for c in curves))

final = {key: [curve[-1] for curve in curves] for key, curves in runs.items()}
loss_none_low, loss_before_low, loss_after_low = (sum(final[n, lr_low]) / n_seeds for n in PLACES)
loss_before_high, loss_after_high = (sum(final[n, lr_high]) / n_seeds for n in ("before", "after"))
diverged_none_high = sum(math.isnan(loss) for loss in final["none", lr_high])  # ended in NaN
class_share = torch.bincount(data_y) / len(data_y)
prior_loss = -(class_share * class_share.log()).sum().item()  # guessing from class shares alone

fig, axes = plt.subplots(
    1,
    2,
    num="training-tricks-batch-norm",
    clear=True,
    figsize=(7, 4),
    sharey=True,
    layout="constrained",
)
for ax, lr in zip(axes, LEARNING_RATES, strict=True):
    for colour, (norm, label) in zip(("C0", "C1", "C2"), PLACES.items(), strict=True):
        for i, curve in enumerate(runs[norm, lr]):  # one line per seed
            ax.plot(range(1, EPOCHS + 1), curve, color=colour, label=None if i else label)
    ax.set_title(f"η = {lr:g}")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("training loss")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center")
plt.show()
# --8<-- [end:deep_networks]
