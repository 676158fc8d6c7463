"""Weight initialisation: how the scale of the weights sets the scale of the activations
and of the gradients, and why the weights must be random.

Under N(0, 1) weights a layer's outputs have a standard deviation of about √n_in;
Xavier keeps it near one through linear layers, He through ReLU layers. On the way
back, ten sigmoid layers make the gradient vanish and ten ReLU layers under N(0, 1)
make it explode. Hidden units that start with the same weights stay identical. Run it as a
script (`python snippets/training_tricks/initialisation.py`); the training-tricks page
embeds its sections, and tests/training_tricks/test_initialisation.py checks them.
"""

# --8<-- [start:one_layer]
import math

import matplotlib.pyplot as plt
import torch

INIT_STD = {  # the standard deviation each scheme draws weights with
    "N(0, 1)": lambda n_in, n_out: 1.0,
    "Xavier": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)),  # variance 2/(n_in+n_out)
    "He": lambda n_in, n_out: math.sqrt(2 / n_in),  # variance 2/n_in
}


def layer_output_scale(init: str, n: int, seed: int = 0, batch: int = 1000) -> float:
    """Root mean square of one layer's outputs (n inputs, n outputs) for N(0, 1) inputs.

    He is meant for ReLU layers, so its layer ends with a ReLU; the others are linear.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, n, generator=g)  # (B, n_in): mean 0, standard deviation 1
    w = torch.randn(n, n, generator=g) * INIT_STD[init](n, n)  # (n_out, n_in)
    z = x @ w.T  # (B, n_out)
    if init == "He":
        z = torch.relu(z)
    return z.pow(2).mean().sqrt().item()  # for the linear layers, z has mean 0: this is its std


fan_ins = [16, 64, 256, 1024]
scales = {init: [layer_output_scale(init, n) for n in fan_ins] for init in INIT_STD}
print("fan-in   √fan-in   " + "   ".join(f"{init:>7}" for init in scales))
for i, n in enumerate(fan_ins):
    print(f"{n:6d}  {math.sqrt(n):8.1f}   " + "   ".join(f"{s[i]:7.2f}" for s in scales.values()))

# the slope of log(scale) against log(fan-in): 0.5 means "grows like the square root"
log_n = torch.tensor(fan_ins, dtype=torch.float64).log()
log_s = torch.tensor(scales["N(0, 1)"], dtype=torch.float64).log()
normal_growth_exponent = (
    ((log_n - log_n.mean()) * (log_s - log_s.mean())).sum() / (log_n - log_n.mean()).pow(2).sum()
).item()
print(f"N(0, 1): the scale grows like fan-in to the power {normal_growth_exponent:.2f}")
xavier_scale_1024, he_scale_1024 = scales["Xavier"][-1], scales["He"][-1]
normal_scale_1024 = scales["N(0, 1)"][-1]
# --8<-- [end:one_layer]


# --8<-- [start:deep_stack]
def activation_scales(init: str, depth: int = 10, width: int = 256, seed: int = 0) -> list[float]:
    """Root mean square of the activations after each of `depth` Linear + ReLU layers."""
    g = torch.Generator().manual_seed(seed)
    h = torch.randn(1000, width, generator=g)  # (B, width) inputs with std 1
    scales = []
    for _ in range(depth):
        w = torch.randn(width, width, generator=g) * INIT_STD[init](width, width)
        h = torch.relu(h @ w.T)
        scales.append(h.pow(2).mean().sqrt().item())
    return scales


deep = {init: activation_scales(init) for init in INIT_STD}
deep_normal_last, deep_xavier_last, deep_he_last = (deep[i][-1] for i in INIT_STD)

fig, ax = plt.subplots(num="training-tricks-init-depth", clear=True, figsize=(6, 3.5))
for init, values in deep.items():
    ax.plot(range(1, len(values) + 1), values, marker="o", label=init)
ax.set_yscale("log")  # N(0, 1) grows by a constant factor per layer: a straight line here
ax.set_xlabel("layer (Linear + ReLU, 256 units)")
ax.set_ylabel("activation scale (root mean square)")
ax.legend()
plt.show()
# --8<-- [end:deep_stack]


# --8<-- [start:gradient_flow]
def weight_gradient_norms(activation, init: str, depth=10, width=256, seed=0):
    """Each hidden layer's weight-gradient norm, first to last, and the loss, on one batch."""
    g = torch.Generator().manual_seed(seed)
    x, y = torch.randn(256, width, generator=g), torch.randint(0, 10, (256,), generator=g)
    std = INIT_STD[init](width, width)
    ws = [(torch.randn(width, width, generator=g) * std).requires_grad_() for _ in range(depth)]
    h = x
    for w in ws:
        h = activation(h @ w.T)
    w_out = torch.randn(10, width, generator=g) * INIT_STD[init](width, 10)  # 10 class scores
    loss = torch.nn.functional.cross_entropy(h @ w_out.T, y)
    loss.backward()
    return [w.grad.norm().item() for w in ws], loss.item()


ACTIVATIONS = {"sigmoid": torch.sigmoid, "ReLU": torch.relu}
fig, axes = plt.subplots(1, len(ACTIVATIONS), num="training-tricks-gradient-flow", sharey=True)
grads, ratio = {}, {}
print("                layer 1  layer 10   1 / 10     loss")
for ax, (name, activation) in zip(axes, ACTIVATIONS.items(), strict=True):
    for init in INIT_STD:
        norms, loss = grads[name, init] = weight_gradient_norms(activation, init)
        r = ratio[name, init] = norms[0] / norms[-1]
        print(f"{name:7} {init:7}{norms[0]:8.1e}{norms[-1]:10.1e}{r:9.1e}{loss:9.3g}")
        ax.plot(range(1, len(norms) + 1), norms, marker="o", label=init)
    ax.set(title=name, yscale="log", xlabel="layer")
axes[0].set_ylabel("gradient norm of the weights")
axes[1].legend()
plt.show()
sigmoid_xavier_ratio, sigmoid_he_ratio = ratio["sigmoid", "Xavier"], ratio["sigmoid", "He"]
sigmoid_xavier_shrink = sigmoid_xavier_ratio ** (-1 / 9)  # per layer, over 9 steps back
sigmoid_normal_loss = grads["sigmoid", "N(0, 1)"][1]
relu_he_ratio, relu_normal_smallest = ratio["ReLU", "He"], min(grads["ReLU", "N(0, 1)"][0])
# --8<-- [end:gradient_flow]


# --8<-- [start:symmetry]
g = torch.Generator().manual_seed(0)  # the data never changes
disc_x = torch.rand(400, 2, generator=g) * 2 - 1  # (N, 2) points in [-1, 1]²
disc_y = (disc_x.pow(2).sum(dim=1) < 0.5).long()  # 1 inside a disc, 0 outside


def train_hidden_layer(init: str, seed=0):
    """16 ReLU units, 300 steps of SGD; all parameters 0, 0.5 or PyTorch's random default."""
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    if init != "random":
        for p in model.parameters():
            torch.nn.init.constant_(p, 0.0 if init == "zero" else 0.5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(300):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(disc_x), disc_y).backward()
        optimizer.step()
    return model


different, accuracy = {}, {}
for init in ("zero", "constant", "random"):
    model = train_hidden_layer(init)
    # a row per hidden unit: weights in, bias, weights out; equal rows count once
    units = torch.cat([model[0].weight, model[0].bias[:, None], model[2].weight.T], dim=1)
    different[init] = len(units.unique(dim=0))
    accuracy[init] = (model(disc_x).argmax(dim=1) == disc_y).float().mean().item()
    print(f"{init:8} different units: {different[init]:2}, accuracy {accuracy[init]:.3f}")
outside_share = 1 - disc_y.float().mean().item()  # the accuracy of always answering "outside"
units_constant, units_random = different["constant"], different["random"]
accuracy_constant, accuracy_random = accuracy["constant"], accuracy["random"]
# --8<-- [end:symmetry]
