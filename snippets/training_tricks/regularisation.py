"""Preventing overfitting: early stopping, L1 and L2 weight penalties, model averaging.

Run it as a script (`python snippets/training_tricks/regularisation.py`); it reuses
the runs of dropout.py (model averaging averages them). The regularisation page
embeds its sections after dropout.py's, and tests/training_tricks/test_regularisation.py
checks them.
"""

# --8<-- [start:early_stopping_imports]
import copy  # EarlyStopping, below, copies the best weights
import math  # ... and starts from a loss of math.inf

# --8<-- [end:early_stopping_imports]
import matplotlib.pyplot as plt
import torch
from dropout import runs, trained
from problem import make_model, train_run, val_data
from torch import nn
from trainlab.fit import EarlyStopping
from trainlab.train import average_predictions, penalized_weights

# --8<-- [start:early_stopping_run]
torch.manual_seed(0)  # the same start as the first run without dropout above
model = make_model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
stopper = EarlyStopping(patience=10)
history = train_run(model, optimizer, epochs=100, seed=0, stopper=stopper)
stopper.restore_best(model)  # back to the weights of the best epoch

stopped_epoch, best_epoch, best_val_loss = (
    len(history["val_loss"]),
    stopper.best_epoch,
    stopper.best_loss,
)
full_run = runs[0.0][0]["val_loss"]  # the same run, trained for all 100 epochs
full_run_final_loss = full_run[-1]
print(
    f"stopped after epoch {stopped_epoch}, kept epoch {best_epoch}: "
    f"validation loss {best_val_loss:.3f} (after 100 epochs: {full_run_final_loss:.3f})"
)

fig, ax = plt.subplots(num="training-tricks-early-stopping", clear=True, figsize=(6, 3.5))
ax.plot(range(1, len(full_run) + 1), full_run, color="lightgray", label="without early stopping")
ax.plot(range(1, stopped_epoch + 1), history["val_loss"], label="with early stopping")
ax.axvline(best_epoch, color="tab:green", linestyle="--", label="best epoch (weights kept)")
ax.axvline(stopped_epoch, color="tab:red", linestyle=":", label="training stopped")
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.legend()
plt.show()
# --8<-- [end:early_stopping_run]

# --8<-- [start:weight_penalties]
penalties = {"none": {}, "L2": {"l2": 3e-3}, "L1": {"l1": 1e-3}}
penalty_results = {}
for name, options in penalties.items():
    torch.manual_seed(0)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    h = train_run(model, optimizer, epochs=100, seed=0, **options)
    w = torch.cat([p.detach().flatten() for p in penalized_weights(model)])  # all weights
    penalty_results[name] = {
        "val_loss": h["val_loss"][-1],
        "sum_of_squares": w.pow(2).sum().item(),
        "near_zero": (w.abs() < 0.01).float().mean().item(),  # fraction with |w| < 0.01
    }
    r = penalty_results[name]
    print(
        f"{name:>4}: validation loss {r['val_loss']:.3f}, Σw² = {r['sum_of_squares']:6.1f}, "
        f"{r['near_zero']:.0%} of weights below 0.01"
    )

val_loss_none, val_loss_l2, val_loss_l1 = (penalty_results[k]["val_loss"] for k in penalties)
sum_sq_none, sum_sq_l2, sum_sq_l1 = (penalty_results[k]["sum_of_squares"] for k in penalties)
near_zero_none, near_zero_l2, near_zero_l1 = (penalty_results[k]["near_zero"] for k in penalties)
# --8<-- [end:weight_penalties]

# --8<-- [start:model_averaging]
x_val, y_val = val_data
members = trained[0.0]  # the five networks trained without dropout, from five seeds
probs = average_predictions(members, x_val)  # (N, 2): their mean class probabilities
averaged_loss = nn.functional.nll_loss(probs.log(), y_val).item()  # cross-entropy of the mean
averaged_accuracy = (probs.argmax(dim=1) == y_val).float().mean().item()
member_loss = sum(h["val_loss"][-1] for h in runs[0.0]) / len(members)
member_accuracy = sum(h["val_accuracy"][-1] for h in runs[0.0]) / len(members)
print(f"one network on average: loss {member_loss:.3f}, accuracy {member_accuracy:.3f}")
print(
    f"average of {len(members)} networks: loss {averaged_loss:.3f}, accuracy {averaged_accuracy:.3f}"
)
# --8<-- [end:model_averaging]
