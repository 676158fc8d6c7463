"""Weight initialisation: how the scale of the weights sets the scale of the activations.

Under N(0, 1) weights a layer's outputs have a standard deviation of about √n_in;
Xavier keeps it near one through linear layers, He through ReLU layers. Run it as a
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
