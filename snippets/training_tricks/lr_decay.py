"""Learning-rate decay: three schedules from torch.optim.lr_scheduler, stepped per epoch.

Run it as a script (`python snippets/training_tricks/lr_decay.py`); the optimizers
page embeds its sections, and tests/training_tricks/test_lr_decay.py checks them.
"""

# --8<-- [start:schedules]
import matplotlib.pyplot as plt
import torch
from torch.optim import lr_scheduler

schedules = {
    "exponential: ×0.98 every epoch": lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.98),
    "step: ×0.5 every 30 epochs": lambda opt: lr_scheduler.StepLR(opt, step_size=30, gamma=0.5),
    "cosine: half a cosine to 0": lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=100),
}


def learning_rates(make_schedule, epochs=100, lr=0.1):
    """The learning rate of each epoch under a schedule that starts at `lr`."""
    w = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([w], lr=lr)
    schedule = make_schedule(optimizer)
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()  # (a real run trains one epoch here)
        schedule.step()  # once per epoch, after the optimizer
    return rates


rates = {name: learning_rates(make) for name, make in schedules.items()}
for name, r in rates.items():
    print(f"{name:<32} η = {r[0]:.3f} at the start, {r[50]:.4f} after 50 epochs")
lr_exponential_50, lr_step_50, lr_cosine_50 = (r[50] for r in rates.values())

fig, ax = plt.subplots(num="training-tricks-lr-decay", clear=True, figsize=(6, 3.5))
for name, r in rates.items():
    ax.plot(range(1, len(r) + 1), r, label=name)
ax.set_xlabel("epoch")
ax.set_ylabel("learning rate η")
ax.legend()
plt.show()
# --8<-- [end:schedules]
