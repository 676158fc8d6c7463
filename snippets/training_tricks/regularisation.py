"""Preventing overfitting: early stopping, L1 and L2 weight penalties (with SGD, then with
Adam and AdamW), model averaging.

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

stopped_epoch = len(history["val_loss"])
best_epoch, best_val_loss = stopper.best_epoch, stopper.best_loss
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
ax.set(xlabel="epoch", ylabel="validation loss")
ax.legend()
plt.show()
# --8<-- [end:early_stopping_run]

# --8<-- [start:weight_penalties]
sgd_lr, momentum = 0.1, 0.9  # steady steps of about sgd_lr / (1 - momentum) × gradient
l1, l2 = 1e-3, 3e-3  # the penalties' strengths, λ1 and λ2
penalty_seeds = range(3)  # three seeds: an effect of the penalty, not of one run's luck
at_zero = 1e-3  # a weight below this in absolute value counts as switched off


def weight_statistics(model):
    """Sum of squares of the weight matrices, and the fraction of weights near zero."""
    w = torch.cat([p.detach().flatten() for p in penalized_weights(model)])
    return {
        "sum_of_squares": w.pow(2).sum().item(),
        "near_zero": (w.abs() < at_zero).float().mean().item(),
    }


def result(history, model):
    """A run's validation loss (final, lowest) and its weights' statistics."""
    losses = history["val_loss"]
    return {"val_loss": losses[-1], "lowest_val_loss": min(losses), **weight_statistics(model)}


def penalty_run(seed, make_optimizer, **options):
    """Train one network from `seed` with `options` (l1=, l2=); its result."""
    torch.manual_seed(seed)
    model = make_model()
    return result(train_run(model, make_optimizer(model), epochs=100, seed=seed, **options), model)


def sgd(model):
    return torch.optim.SGD(model.parameters(), lr=sgd_lr, momentum=momentum)


penalties = {"none": {}, "L2": {"l2": l2}, "L1": {"l1": l1}}
penalty_results = {
    name: [penalty_run(seed, sgd, **options) for seed in penalty_seeds]
    for name, options in penalties.items()
}  # name -> one result per seed


def means(name, results):
    """Print and return the validation loss, Σw² and share near zero, averaged over seeds."""
    keys = ("val_loss", "sum_of_squares", "near_zero")
    loss, sum_sq, near = (sum(r[k] for r in results) / len(results) for k in keys)
    print(f"{name:>9}: validation loss {loss:.3f}, Σw² = {sum_sq:5.1f}, {near:.0%} below {at_zero}")
    return loss, sum_sq, near


val_loss_none, sum_sq_none, near_zero_none = means("SGD, none", penalty_results["none"])
val_loss_l2, sum_sq_l2, near_zero_l2 = means("SGD, L2", penalty_results["L2"])
val_loss_l1, sum_sq_l1, near_zero_l1 = means("SGD, L1", penalty_results["L1"])
# --8<-- [end:weight_penalties]

# --8<-- [start:adamw]
adam_lr, adamw_decay = 0.01, 0.3
# the fraction of each weight a step removes: AdamW's, and SGD's L2 term's (with momentum)
decay_per_step_adamw = adam_lr * adamw_decay
decay_per_step_sgd = sgd_lr * l2 / (1 - momentum)


def adam(model):
    return torch.optim.Adam(model.parameters(), lr=adam_lr)


def adamw(model):
    """AdamW, decaying the weight matrices only (not the biases), as the penalties do."""
    weights = penalized_weights(model)
    others = [p for p in model.parameters() if p.ndim < 2]
    groups = [
        {"params": weights, "weight_decay": adamw_decay},
        {"params": others, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=adam_lr)


adam_results = {
    # Adam without a penalty: the networks of the dropout comparison, from the same seeds
    "Adam": [result(runs[0.0][seed], trained[0.0][seed]) for seed in penalty_seeds],
    "Adam + L2": [penalty_run(seed, adam, l2=l2) for seed in penalty_seeds],  # L2 in the loss
    "AdamW": [penalty_run(seed, adamw) for seed in penalty_seeds],  # decay outside Adam's scaling
}
val_loss_adam, sum_sq_adam, near_zero_adam = means("Adam", adam_results["Adam"])
val_loss_adam_l2, sum_sq_adam_l2, near_zero_adam_l2 = means("Adam + L2", adam_results["Adam + L2"])
val_loss_adamw, sum_sq_adamw, near_zero_adamw = means("AdamW", adam_results["AdamW"])
# --8<-- [end:adamw]

# --8<-- [start:model_averaging]
x_val, y_val = val_data
members = trained[0.0]  # the five networks trained without dropout, from five seeds
probs = average_predictions(members, x_val)  # (N, 2): their mean class probabilities
averaged_loss = nn.functional.nll_loss(probs.log(), y_val).item()  # cross-entropy of the mean
averaged_accuracy = (probs.argmax(dim=1) == y_val).float().mean().item()
member_loss = sum(h["val_loss"][-1] for h in runs[0.0]) / len(members)
member_accuracy = sum(h["val_accuracy"][-1] for h in runs[0.0]) / len(members)
best_member_loss = min(h["val_loss"][-1] for h in runs[0.0])  # the best single network
print(f"one network on average: loss {member_loss:.3f}, accuracy {member_accuracy:.3f}")
print(f"the best network: loss {best_member_loss:.3f}")
print(f"average of the networks: loss {averaged_loss:.3f}, accuracy {averaged_accuracy:.3f}")
# --8<-- [end:model_averaging]
