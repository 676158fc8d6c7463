"""Dropout: what the layer does, and whether it helps on the spirals (over several seeds).

Run it as a script (`python snippets/training_tricks/dropout.py`); the regularisation
page embeds its sections after problem.py's, and tests/training_tricks/test_dropout.py
checks them.
"""

import torch
from problem import make_model, train_run
from torch import nn

# --8<-- [start:dropout_layer]
torch.manual_seed(0)
drop = nn.Dropout(p=0.5)  # drop each value with probability 0.5
x = torch.ones(10)
print(drop(x))  # training mode: zeros, and survivors scaled by 1/(1-p) = 2
drop.eval()
print(drop(x))  # evaluation mode: nothing dropped, nothing scaled
# --8<-- [end:dropout_layer]

# --8<-- [start:compare_dropout]
import matplotlib.pyplot as plt

seeds = range(5)  # each seed: other initial weights, batch order and dropout masks
runs = {0.0: [], 0.3: []}  # dropout probability -> the histories of its runs
trained = {0.0: [], 0.3: []}  # ... and the trained models (model averaging uses them)
for p in runs:
    for seed in seeds:
        torch.manual_seed(seed)
        model = make_model(dropout=p)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        runs[p].append(train_run(model, optimizer, epochs=100, seed=seed))
        trained[p].append(model)

final = {p: torch.tensor([h["val_loss"][-1] for h in hs]) for p, hs in runs.items()}
accuracy = {p: torch.tensor([h["val_accuracy"][-1] for h in hs]) for p, hs in runs.items()}
for p in runs:
    print(
        f"dropout {p}: validation loss {final[p].mean():.3f} ± {final[p].std():.3f}, "
        f"accuracy {accuracy[p].mean():.3f} ± {accuracy[p].std():.3f}"
    )

n_seeds = len(seeds)
dropout_wins = int((final[0.3] < final[0.0]).sum())  # runs where dropout ended lower
loss_plain, loss_plain_std = final[0.0].mean().item(), final[0.0].std().item()
loss_dropout, loss_dropout_std = final[0.3].mean().item(), final[0.3].std().item()
acc_plain, acc_dropout = accuracy[0.0].mean().item(), accuracy[0.3].mean().item()
acc_plain_std, acc_dropout_std = accuracy[0.0].std().item(), accuracy[0.3].std().item()
train_loss_plain, train_loss_dropout = (
    sum(h["train_loss"][-1] for h in runs[p]) / n_seeds for p in runs
)
best_epoch_plain = sum(h["val_loss"].index(min(h["val_loss"])) + 1 for h in runs[0.0]) / n_seeds

fig, ax = plt.subplots(num="training-tricks-dropout", clear=True, figsize=(6, 3.5))
for p, color in [(0.0, "tab:blue"), (0.3, "tab:orange")]:
    for i, h in enumerate(runs[p]):
        label = f"dropout {p}" if i == 0 else None  # one legend entry per setting
        ax.plot(range(1, len(h["val_loss"]) + 1), h["val_loss"], color=color, label=label)
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.legend()
plt.show()
# --8<-- [end:compare_dropout]
