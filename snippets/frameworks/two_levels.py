"""Two levels of API: a training loop written by hand, then the same model trained by fit.

Then the two levels combined: a layer of our own trained by fit, and trainlab's
train_epoch inside a loop of our own. Run it as a script
(`python snippets/frameworks/two_levels.py`); the frameworks page embeds its sections
in order, and tests/frameworks/test_two_levels.py checks them.
"""

# --8<-- [start:data]
import torch
from torch import nn
from trainlab import load_digits, pick_device, scale_splits, split

device = pick_device()  # CUDA, then MPS, then CPU, as above
parts = scale_splits(split(load_digits(), seed=0))  # 8x8 digits: train, val, test
train_x, train_y = parts.train.x.to(device), parts.train.y.to(device)  # (N, 64), (N,)
val_x, val_y = parts.val.x.to(device), parts.val.y.to(device)
print(train_x.shape, val_x.shape)
# --8<-- [end:data]


# --8<-- [start:model]
def make_model() -> nn.Module:
    torch.manual_seed(0)  # the same starting weights every time
    return nn.Sequential(
        nn.Linear(64, 64),  # 64 pixels in, 64 hidden units
        nn.ReLU(),
        nn.Linear(64, 10),  # one score (logit) per digit
    )


EPOCHS, BATCH_SIZE, LR = 20, 32, 0.01
# --8<-- [end:model]

# --8<-- [start:loop]
model = make_model().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
loss_fn = nn.CrossEntropyLoss()  # softmax and cross-entropy in one, on raw scores
shuffle = torch.Generator().manual_seed(0)
loop_val_accuracy = []

for _ in range(EPOCHS):
    model.train()  # training mode (1)
    order = torch.randperm(len(train_x), generator=shuffle).to(device)
    for idx in order.split(BATCH_SIZE):  # one mini-batch of indices at a time
        optimizer.zero_grad()  # forget the last step's gradients (2)
        loss = loss_fn(model(train_x[idx]), train_y[idx])
        loss.backward()  # autograd: d(loss)/d(every weight) (3)
        optimizer.step()  # update the weights (4)

    model.eval()
    with torch.no_grad():  # no graph needed to evaluate (5)
        correct = (model(val_x).argmax(dim=1) == val_y).sum().item()
    loop_val_accuracy.append(correct / len(val_y))
# --8<-- [end:loop]

# --8<-- [start:fit]
from trainlab import fit

fit_model = make_model()  # the same network, the same starting weights
history = fit(fit_model, parts.train, parts.val, epochs=EPOCHS, batch_size=BATCH_SIZE, lr=LR)

print(f"hand-written loop: validation accuracy {loop_val_accuracy[-1]:.3f}")
print(f"trainlab.fit:      validation accuracy {history.val_accuracy[-1]:.3f}")
# --8<-- [end:fit]

# --8<-- [start:compare]
import matplotlib.pyplot as plt

epochs = range(1, EPOCHS + 1)
fig, ax = plt.subplots(num="frameworks-two-levels", clear=True, figsize=(6, 3.5))
ax.plot(epochs, loop_val_accuracy, "o", label="hand-written loop")
ax.plot(epochs, history.val_accuracy, "-", label="trainlab.fit")
ax.set_xticks(range(5, EPOCHS + 1, 5))  # whole epochs only
ax.set_xlabel("epoch")
ax.set_ylabel("validation accuracy")
ax.legend()
plt.show()

largest_gap = max(abs(a - b) for a, b in zip(loop_val_accuracy, history.val_accuracy, strict=True))
loop_accuracy, fit_accuracy = loop_val_accuracy[-1], history.val_accuracy[-1]
# --8<-- [end:compare]

# --8<-- [start:custom_layer]
from trainlab import evaluate


class Residual(nn.Module):
    """x + f(x): the block learns a correction to its input instead of a new value."""

    def __init__(self, width: int):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, width) -> (B, width)
        return x + self.f(x)


torch.manual_seed(0)
residual_model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), Residual(64), nn.Linear(64, 10))
fit(residual_model, parts.train, parts.val, epochs=EPOCHS, lr=LR)  # fit takes any nn.Module

residual_accuracy = evaluate(residual_model, parts.test.to(device), loss_fn).accuracy
print(f"residual model, test accuracy {residual_accuracy:.3f}")
# --8<-- [end:custom_layer]

# --8<-- [start:own_loop]
from trainlab import MLP, train_epoch

TARGET = 0.95  # stop as soon as the validation accuracy reaches this

torch.manual_seed(0)
mlp = MLP(64, 10, hidden=(64,)).to(device)  # trainlab's MLP: the same layers as make_model()
optimizer = torch.optim.SGD(mlp.parameters(), lr=0.1, momentum=0.9)
train, val = parts.train.to(device), parts.val.to(device)

own_epochs, own_accuracy = 0, 0.0
while own_accuracy < TARGET and own_epochs < 30:  # our rule, and a limit in case it never does
    train_epoch(mlp, train, optimizer, loss_fn, batch_size=BATCH_SIZE, generator=shuffle)
    own_accuracy = evaluate(mlp, val, loss_fn).accuracy
    own_epochs += 1

print(f"{own_epochs} epochs, validation accuracy {own_accuracy:.3f}")
# --8<-- [end:own_loop]
