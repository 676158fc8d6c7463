"""Starting points for the lab's tasks: each section runs a small version of one task.

The lab workbook (docs/en/lab-workbook.ipynb) runs these sections after the lab's own
code, whose names they use (TRAINING, iris, digits, train_and_test, rings, ...). Run
as a script (`python snippets/lab/tasks.py`), this file runs the lab first to get them;
tests/lab/test_tasks.py runs the workbook and checks what its text says.
"""

import runpy
from pathlib import Path

for _lab in ("classify.py", "linear_limits.py"):  # the workbook's first cells
    globals().update(
        {
            k: v
            for k, v in runpy.run_path(str(Path(__file__).with_name(_lab))).items()
            if k[0] != "_"
        }
    )

# --8<-- [start:seeds]
seed_runs = {  # (seed, network) -> test accuracy; seed 0 is the lab's own pair of runs
    (0, "single-layer"): digits_single[2],
    (0, "multi-layer"): digits_multi[2],
}
for seed in (1, 2):
    data = scale_splits(split(load_digits(), seed=seed))  # another split, too
    for name, hidden in [("single-layer", ()), ("multi-layer", (64, 32))]:
        _, _, test_accuracy = train_and_test(data, hidden, seed=seed)
        seed_runs[seed, name] = test_accuracy
print("seed  single-layer  multi-layer")
for seed in (0, 1, 2):
    print(
        f"{seed:>4}  {seed_runs[seed, 'single-layer']:>12.3f}  {seed_runs[seed, 'multi-layer']:>11.3f}"
    )
# --8<-- [end:seeds]

# --8<-- [start:hidden]
width_runs = {}  # hidden layers -> (parameters, test accuracy)
for hidden, run in [((), digits_single), ((64, 32), digits_multi)]:  # the lab's runs
    width_runs[hidden] = count_parameters(run[0]), run[2]
for hidden in [(16,), (128, 64)]:
    model, _, test_accuracy = train_and_test(digits, hidden)
    width_runs[hidden] = count_parameters(model), test_accuracy
print("hidden layers  parameters  test accuracy")
for hidden, (n_params, test_accuracy) in sorted(width_runs.items(), key=lambda item: item[1][0]):
    print(f"{hidden!s:>13}  {n_params:>10}  {test_accuracy:>13.3f}")
# --8<-- [end:hidden]

# --8<-- [start:optimizers]
optimizer_runs = {}  # (optimizer, learning rate) -> (best epoch, its validation loss)
for optimizer in ("sgd", "momentum", "adam"):
    for lr in (0.01, 0.1):
        _, history, _ = train_and_test(iris, optimizer=optimizer, lr=lr)
        optimizer_runs[optimizer, lr] = history.best_epoch, history.val_loss[history.best_epoch - 1]
print("optimizer  lr    best epoch  validation loss")
for (optimizer, lr), (best, loss) in optimizer_runs.items():
    print(f"{optimizer:<9}  {lr:<4}  {best:>10}  {loss:>15.3f}")
# --8<-- [end:optimizers]


# --8<-- [start:regularisation]
def train_digits(dropout=0.0, **changes):
    """The lab's multi-layer network on the digits, with dropout and TRAINING changes."""
    settings = {**TRAINING, **changes}
    torch.manual_seed(settings["seed"])
    model = MLP(64, 10, hidden=(64, 32), dropout=dropout)
    history = fit(model, digits.train, digits.val, device=device, **settings)
    return history, evaluate(model, digits.test.to(device), loss_fn).accuracy


regularised = {
    "none": digits_multi[1:],  # the lab's run: the same network and settings
    "dropout 0.2": train_digits(dropout=0.2),
    "l2 1e-3": train_digits(l2=1e-3),
}
print("regularisation  best epoch  best val. loss  last val. loss  test accuracy")
for name, (history, test_accuracy) in regularised.items():
    best = history.best_epoch
    print(
        f"{name:<14}  {best:>10}  {history.val_loss[best - 1]:>14.3f}  "
        f"{history.val_loss[-1]:>14.3f}  {test_accuracy:>13.3f}"
    )
# --8<-- [end:regularisation]

# --8<-- [start:patience]
patience_runs = {  # None: no early stopping
    5: train_digits(patience=5),
    20: regularised["none"],  # the lab's patience
    None: train_digits(patience=None),
}
fig, ax = plt.subplots(num="lab-task-patience", clear=True, figsize=(7, 3.5))
# The runs are the same until one stops: the longest is drawn first, so that the shorter
# ones lie on top of it, and a dot marks where early stopping ended each.
for patience, (history, test_accuracy) in reversed(patience_runs.items()):
    label = f"patience {patience}" if patience else "no early stopping"
    epochs = range(1, history.epochs + 1)
    (line,) = ax.plot(epochs, history.val_loss, label=f"{label}: test {test_accuracy:.3f}")
    if patience:
        ax.plot(history.epochs, history.val_loss[-1], "o", color=line.get_color())
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.legend()
plt.show()
# --8<-- [end:patience]

# --8<-- [start:rings]
from trainlab import Data, Splits


def with_radius(data):
    """The rings with a third input: x1² + x2², the squared distance from the centre."""
    return Data(torch.cat([data.x, (data.x**2).sum(dim=1, keepdim=True)], dim=1), data.y)


rings3 = Splits(with_radius(rings.train), with_radius(rings.val), with_radius(rings.test))
torch.manual_seed(0)
single3 = MLP(3, 2)  # still one linear layer
fit(single3, rings3.train, rings3.val, device=device, lr=0.01, epochs=100, patience=20)
rings3_single_test = evaluate(single3, rings3.test.to(device), loss_fn).accuracy
print(f"single-layer network, three inputs: test accuracy {rings3_single_test:.3f}")
# --8<-- [end:rings]
