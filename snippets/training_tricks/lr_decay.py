"""Learning-rate decay in a real run: a constant rate, a warm-up then cosine decay, and
ReduceLROnPlateau on the validation loss, each training the spirals network with Adam.

Run it as a script (`python snippets/training_tricks/lr_decay.py`); the optimizers page
(docs/en/optimizers.md) embeds its section, and tests/training_tricks/test_lr_decay.py
checks what the page says of its run (seed 0) on four more seeds.
"""

import matplotlib.pyplot as plt
import torch
from problem import make_model, train_data, val_data
from torch import nn
from trainlab.train import evaluate, train_epoch

# isort: split
# --8<-- [start:compare_schedules]
from torch.optim import lr_scheduler

EPOCHS, WARMUP = 60, 5
lr_schedules = {  # each makes the schedule of an optimizer; None keeps η constant
    "constant": lambda opt: None,
    "warm-up + cosine": lambda opt: lr_scheduler.SequentialLR(
        opt,
        [
            lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=WARMUP),  # η/10 → η
            lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS - WARMUP),  # half a cosine to 0
        ],
        milestones=[WARMUP],
    ),
    "ReduceLROnPlateau": lambda opt: lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=5),
}


def train_scheduled(make_schedule, seed):
    """Adam with η = 0.01 under a schedule: η and the validation loss, per epoch."""
    torch.manual_seed(seed)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    schedule = make_schedule(optimizer)
    shuffle, loss_fn = torch.Generator().manual_seed(seed), nn.CrossEntropyLoss()
    lrs, losses = [], []
    for _ in range(EPOCHS):
        lrs.append(optimizer.param_groups[0]["lr"])
        train_epoch(model, train_data, optimizer, loss_fn, batch_size=25, generator=shuffle)
        losses.append(evaluate(model, val_data, loss_fn).loss)
        if isinstance(schedule, lr_scheduler.ReduceLROnPlateau):
            schedule.step(losses[-1])  # it watches the validation loss
        elif schedule is not None:
            schedule.step()  # once per epoch
    return lrs, losses


runs = {name: train_scheduled(make, seed=0) for name, make in lr_schedules.items()}
for name, (_, losses) in runs.items():
    best = min(losses)
    print(
        f"{name:>17}: validation loss lowest {best:.3f} at epoch {losses.index(best) + 1}, last {losses[-1]:.3f}"
    )
(best_constant, final_constant), (best_warmup, final_warmup), (best_plateau, final_plateau) = (
    (min(losses), losses[-1]) for _, losses in runs.values()
)
lrs = runs["ReduceLROnPlateau"][0]
cuts = [e for e in range(1, EPOCHS) if lrs[e] < lrs[e - 1]]  # η was halved after epoch e
first_cut, n_cuts, last_lr = cuts[0], len(cuts), lrs[-1]
print(f"ReduceLROnPlateau halved η after epochs {cuts}")

fig, axes = plt.subplots(1, 2, num="training-tricks-lr-schedules", clear=True, figsize=(8, 3.5))
for name, (lrs, losses) in runs.items():
    axes[0].plot(range(1, EPOCHS + 1), losses, label=name)
    axes[1].semilogy(range(1, EPOCHS + 1), lrs)
axes[0].set(xlabel="epoch", ylabel="validation loss")
axes[1].set(xlabel="epoch", ylabel="learning rate η")
axes[0].legend()
plt.show()
# --8<-- [end:compare_schedules]
