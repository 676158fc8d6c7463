"""Optimizers: the update rules of SGD, momentum, Adagrad, RMSProp and Adam written out,
checked against torch.optim, then compared on the spirals.

Run it as a script (`python snippets/training_tricks/optimizers.py`); the
optimizers page (docs/en/optimizers.md) embeds its sections, and tests/training_tricks/test_optimizers.py
checks them.
"""

import torch
from problem import make_model, train_run


# --8<-- [start:update_rules]
# Each rule takes the weights w, their gradient g and a dict of state; returns the new w.
def sgd(w, g, state, lr=0.1):
    return w - lr * g  # w ← w − η∇L


def momentum(w, g, state, lr=0.1, gamma=0.9):
    state["v"] = gamma * state.get("v", 0) + g  # v ← γv + ∇L (1)
    return w - lr * state["v"]  # w ← w − ηv


def adagrad(w, g, state, lr=0.1, eps=1e-10):
    state["s"] = state.get("s", 0) + g**2  # the sum of ALL past squared gradients, per weight
    return w - lr * g / (state["s"].sqrt() + eps)


def rmsprop(w, g, state, lr=0.01, alpha=0.99, eps=1e-8):
    state["s"] = alpha * state.get("s", 0) + (1 - alpha) * g**2  # a moving average instead
    return w - lr * g / (state["s"].sqrt() + eps)


def adam(w, g, state, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state["t"] = state.get("t", 0) + 1
    state["m"] = beta1 * state.get("m", 0) + (1 - beta1) * g  # momentum of the gradient
    state["s"] = beta2 * state.get("s", 0) + (1 - beta2) * g**2  # RMSProp's average
    m_hat = state["m"] / (1 - beta1**t)  # bias correction: m and s start at 0 (2)
    s_hat = state["s"] / (1 - beta2**t)
    return w - lr * m_hat / (s_hat.sqrt() + eps)


# --8<-- [end:update_rules]

# --8<-- [start:check_rules]
torch.manual_seed(0)
X, y = torch.randn(50, 5), torch.randn(50)  # a least-squares problem: 5 weights


def loss_of(w):
    return ((X @ w - y) ** 2).mean()


same_settings = {  # PyTorch's optimizers, set up exactly like the rules above
    sgd: lambda p: torch.optim.SGD(p, lr=0.1),
    momentum: lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    adagrad: lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-10),
    rmsprop: lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8),
    adam: lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
}
rule_gaps = {}
for rule, make_optimizer in same_settings.items():
    w0 = torch.randn(5)
    w_ours, state = w0.clone(), {}
    w_torch = w0.clone().requires_grad_(True)
    optimizer = make_optimizer([w_torch])
    for _ in range(100):
        w = w_ours.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(loss_of(w), w)
        w_ours = rule(w_ours, g, state)  # our update ...
        optimizer.zero_grad()
        loss_of(w_torch).backward()
        optimizer.step()  # ... and PyTorch's
    rule_gaps[rule.__name__] = (w_ours - w_torch.detach()).abs().max().item()
    print(
        f"{rule.__name__:>8}: largest difference from torch.optim after 100 steps "
        f"{rule_gaps[rule.__name__]:.1e}"
    )
largest_rule_gap = max(rule_gaps.values())
# --8<-- [end:check_rules]

# --8<-- [start:compare_optimizers]
import matplotlib.pyplot as plt

optimizer_settings = {  # a usual learning rate for each
    "SGD": lambda p: torch.optim.SGD(p, lr=0.1),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "Adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
    "RMSProp": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.01),
}
curves = {}
for name, make_optimizer in optimizer_settings.items():
    torch.manual_seed(0)  # the same initial weights for every optimizer
    model = make_model()
    curves[name] = train_run(model, make_optimizer(model.parameters()), epochs=50)["train_loss"]
    print(f"{name:>8}: training loss after 50 epochs {curves[name][-1]:.3f}")
final_loss_sgd, final_loss_momentum, final_loss_adagrad, final_loss_rmsprop, final_loss_adam = (
    c[-1] for c in curves.values()
)

fig, ax = plt.subplots(num="training-tricks-optimizers", clear=True, figsize=(6, 3.5))
for name, curve in curves.items():
    ax.plot(range(1, len(curve) + 1), curve, label=name)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.legend()
plt.show()
# --8<-- [end:compare_optimizers]
