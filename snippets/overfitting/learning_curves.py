"""Learning curves: a wide network trained on a small, noisy dataset overfits, and the
validation loss shows when.

Two features, two classes (inside or outside a circle), 100 training points with 15% of
their labels flipped at random. A network with about 17,000 parameters has room to
memorise them, flipped labels included; the validation loss says when it starts to.
The validation labels are not flipped: they measure how well the network learned the
circle itself, which is what we want from it.

Run it as a script (`python snippets/overfitting/learning_curves.py`); the overfitting
page embeds its sections in order, and tests/overfitting/test_learning_curves.py checks
its claims over several seeds.
"""

# --8<-- [start:data]
import copy

import torch
from torch import nn

device = (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
seed = 0
generator = torch.Generator().manual_seed(seed)  # data drawn on the CPU: the same on any device


def noisy_circle(n, flip=0.15):
    """Points of the plane, labelled 1 outside a circle, with a share of labels flipped."""
    x = torch.randn(n, 2, generator=generator)  # (N, 2)
    y = (x.pow(2).sum(dim=1) > 1.4).long()  # (N,) about half inside, half outside
    flipped = torch.rand(n, generator=generator) < flip  # label noise
    return x.to(device), torch.where(flipped, 1 - y, y).to(device)


x_train, y_train = noisy_circle(100)  # a small training set, 15% of its labels wrong
x_val, y_val = noisy_circle(1000, flip=0.0)  # never trained on, true labels: the real task
# --8<-- [end:data]

# --8<-- [start:model]
torch.manual_seed(seed)
model = nn.Sequential(  # wide for 100 points: far more parameters than examples
    nn.Linear(2, 128),
    nn.ReLU(),
    nn.Linear(128, 128),
    nn.ReLU(),
    nn.Linear(128, 2),
).to(device)
n_parameters = sum(p.numel() for p in model.parameters())
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
n_epochs = 500
print(f"{n_parameters} parameters, {len(x_train)} training examples")
# --8<-- [end:model]


# --8<-- [start:train]
@torch.no_grad()
def evaluate(x, y):
    model.eval()
    return loss_fn(model(x), y).item()


train_losses, val_losses = [], []
for _ in range(n_epochs):
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(x_train), y_train)  # the whole training set is one batch
    loss.backward()
    optimizer.step()
    train_losses.append(evaluate(x_train, y_train))  # both measured after the step
    val_losses.append(evaluate(x_val, y_val))
    if val_losses[-1] == min(val_losses):  # the best epoch so far: keep a copy of the weights
        snapshot = copy.deepcopy(model.state_dict())
# --8<-- [end:train]

# --8<-- [start:turning_point]
best = min(range(len(val_losses)), key=val_losses.__getitem__)  # index of the lowest val loss
turn_epoch = best + 1  # epochs count from 1
best_val_loss, final_val_loss = val_losses[best], val_losses[-1]
train_loss_at_turn, final_train_loss = train_losses[best], train_losses[-1]
print(f"validation loss is lowest after epoch {turn_epoch}: {best_val_loss:.3f}")
print(f"after epoch {n_epochs}: training {final_train_loss:.3f}, validation {final_val_loss:.3f}")
# --8<-- [end:turning_point]

# --8<-- [start:plot_curves]
import matplotlib.pyplot as plt

epochs = range(1, n_epochs + 1)
fig, ax = plt.subplots(figsize=(7, 4), num="overfitting-curves", clear=True)
ax.plot(epochs, train_losses, label="training loss")
ax.plot(epochs, val_losses, label="validation loss")
ax.axvline(turn_epoch, color="0.5", linestyle=":", label="lowest validation loss")
ax.plot(turn_epoch, best_val_loss, "o", color="C1")
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy loss")
ax.legend()
plt.show()
# --8<-- [end:plot_curves]

# --8<-- [start:memorised]
snapshot_model = copy.deepcopy(model)
snapshot_model.load_state_dict(snapshot)  # the network as it was at the turning epoch
clean = (x_train.pow(2).sum(dim=1) > 1.4).long()  # the training labels before flipping
flipped = y_train != clean
n_flipped = int(flipped.sum())


@torch.no_grad()
def check(net):
    """Flipped labels the network reproduces; its validation accuracy; and the mean loss
    of the validation points it gets wrong (how confident its mistakes are)."""
    net.eval()
    reproduced = (net(x_train).argmax(dim=1) == y_train)[flipped].sum().item()
    logits = net(x_val)
    wrong = logits.argmax(dim=1) != y_val
    accuracy = 1 - wrong.float().mean().item()
    mistake_loss = nn.functional.cross_entropy(logits[wrong], y_val[wrong]).item()
    return reproduced, accuracy, mistake_loss


memorised_at_turn, val_accuracy_at_turn, mistake_loss_at_turn = check(snapshot_model)
memorised_at_end, val_accuracy_at_end, mistake_loss_at_end = check(model)
for epoch, memorised, accuracy, mistake_loss in [
    (turn_epoch, memorised_at_turn, val_accuracy_at_turn, mistake_loss_at_turn),
    (n_epochs, memorised_at_end, val_accuracy_at_end, mistake_loss_at_end),
]:
    print(
        f"epoch {epoch}: {memorised} of {n_flipped} flipped labels reproduced, validation "
        f"accuracy {accuracy:.1%}, mean loss of a mistake {mistake_loss:.2f}"
    )
# --8<-- [end:memorised]
