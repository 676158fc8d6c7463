"""The lab: Iris and handwritten digits, each with a single-layer and a multi-layer network.

Run it as a script (`python snippets/lab/classify.py`); docs/en/lab.md embeds its
sections in order, and tests/lab/test_classify.py checks what the page says about it.
"""

# --8<-- [start:setup]
import matplotlib.pyplot as plt
import torch
from trainlab import (
    MLP,
    count_parameters,
    evaluate,
    fit,
    load_digits,
    load_iris,
    scale_splits,
    split,
)

device = (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
SEED = 0  # the split, the initial weights and the order of the batches
TRAINING = dict(  # the same settings for every run on this page
    optimizer="adam",
    lr=0.01,
    batch_size=32,
    epochs=200,  # at most; early stopping usually ends a run sooner
    patience=20,  # stop after 20 epochs without a lower validation loss
    seed=SEED,
)
# --8<-- [end:setup]

# --8<-- [start:iris_data]
iris = scale_splits(split(load_iris(), seed=SEED))  # 60/20/20, then inputs in [-1, 1]
n_iris_train, n_iris_val, n_iris_test = len(iris.train.y), len(iris.val.y), len(iris.test.y)
n_iris_features = iris.train.x.shape[1]
print(
    f"training {tuple(iris.train.x.shape)}, validation {tuple(iris.val.x.shape)}, test {tuple(iris.test.x.shape)}"
)
print("flowers per species in the training set:", torch.bincount(iris.train.y).tolist())
# --8<-- [end:iris_data]

# --8<-- [start:networks]
single = MLP(4, 3)  # inputs -> class scores: one linear layer, no hidden layer
multi = MLP(4, 3, hidden=(64, 32))  # two hidden layers of 64 and 32 ReLU units
print(single)
print(multi)
print("parameters:", count_parameters(single), "and", count_parameters(multi))
# --8<-- [end:networks]

# --8<-- [start:train]
loss_fn = torch.nn.CrossEntropyLoss()  # softmax and log-loss in one, on raw scores


def train_and_test(data, hidden=(), **changes):
    """Train an MLP on data.train, watching data.val; return it, its history, test accuracy.
    Keyword arguments change TRAINING for this run only, e.g. lr=0.1 (the tasks use them)."""
    settings = {**TRAINING, **changes}
    torch.manual_seed(settings["seed"])  # the same initial weights every time this runs
    n_in, n_classes = data.train.x.shape[1], int(data.train.y.max()) + 1
    model = MLP(n_in, n_classes, hidden=hidden)
    history = fit(model, data.train, data.val, device=device, **settings)
    test = evaluate(model, data.test.to(device), loss_fn)  # the test set, used once
    return model, history, test.accuracy


iris_single = train_and_test(iris)
iris_multi = train_and_test(iris, hidden=(64, 32))
for name, (_, history, _) in [("single-layer", iris_single), ("multi-layer", iris_multi)]:
    best = history.best_epoch  # 1-based; the model now holds this epoch's weights
    print(
        f"{name}: {history.epochs} epochs, best at epoch {best}, "
        f"validation accuracy {history.val_accuracy[best - 1]:.3f}"
    )
# --8<-- [end:train]


# --8<-- [start:iris_curves]
def plot_runs(axes, runs):
    """Loss and accuracy per epoch: training solid, validation dashed, one colour per run."""
    for color, (name, (_, history, _)) in zip(["C0", "C1"], runs.items(), strict=True):
        epochs = range(1, history.epochs + 1)
        for ax, train, val in [
            (axes[0], history.train_loss, history.val_loss),
            (axes[1], history.train_accuracy, history.val_accuracy),
        ]:
            ax.plot(epochs, train, color=color, label=f"{name}, training")
            ax.plot(epochs, val, color=color, linestyle="--", label=f"{name}, validation")
            ax.axvline(history.best_epoch, color=color, linestyle=":", linewidth=1)
    for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize="small")


fig, axes = plt.subplots(1, 2, num="lab-iris-curves", clear=True, figsize=(10, 3.8))
plot_runs(axes, {"single-layer": iris_single, "multi-layer": iris_multi})
fig.tight_layout()
plt.show()
# --8<-- [end:iris_curves]

# --8<-- [start:digits_data]
digits = scale_splits(split(load_digits(), seed=SEED))
n_digits = len(digits.train.y) + len(digits.val.y) + len(digits.test.y)
n_digits_train, n_digits_val, n_digits_test = (
    len(digits.train.y),
    len(digits.val.y),
    len(digits.test.y),
)
n_digits_features = digits.train.x.shape[1]
print(
    f"training {tuple(digits.train.x.shape)}, validation {tuple(digits.val.x.shape)}, test {tuple(digits.test.x.shape)}"
)

raw = load_digits()  # unscaled, to look at
fig, axes = plt.subplots(2, 8, num="lab-digits-samples", clear=True, figsize=(8, 2.4))
for ax, image, label in zip(axes.flat, raw.x, raw.y, strict=False):
    ax.imshow(image.reshape(8, 8).numpy(), cmap="gray_r")  # 64 values back to 8 x 8 pixels
    ax.set_title(str(label.item()))
    ax.axis("off")
plt.show()
# --8<-- [end:digits_data]

# --8<-- [start:digits_train]
digits_single = train_and_test(digits)
digits_multi = train_and_test(digits, hidden=(64, 32))

fig, axes = plt.subplots(1, 2, num="lab-digits-curves", clear=True, figsize=(10, 3.8))
plot_runs(axes, {"single-layer": digits_single, "multi-layer": digits_multi})
fig.tight_layout()
plt.show()
# --8<-- [end:digits_train]


# --8<-- [start:results]
def sizes(run):
    """Parameters, epochs trained, and the best epoch (whose weights the model kept)."""
    model, history, _ = run
    return count_parameters(model), history.epochs, history.best_epoch


def accuracies(run):
    """Training and validation accuracy at the best epoch, and test accuracy."""
    _, history, test_accuracy = run
    best = history.best_epoch - 1
    return history.train_accuracy[best], history.val_accuracy[best], test_accuracy


iris_single_params, iris_single_epochs, iris_single_best = sizes(iris_single)
iris_single_train, iris_single_val, iris_single_test = accuracies(iris_single)
iris_multi_params, iris_multi_epochs, iris_multi_best = sizes(iris_multi)
iris_multi_train, iris_multi_val, iris_multi_test = accuracies(iris_multi)
digits_single_params, digits_single_epochs, digits_single_best = sizes(digits_single)
digits_single_train, digits_single_val, digits_single_test = accuracies(digits_single)
digits_multi_params, digits_multi_epochs, digits_multi_best = sizes(digits_multi)
digits_multi_train, digits_multi_val, digits_multi_test = accuracies(digits_multi)
# --8<-- [end:results]
