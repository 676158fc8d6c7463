"""What a single-layer network cannot learn: two rings, one inside the other.

Run it as a script (`python snippets/lab/linear_limits.py`); docs/en/lab.md embeds
its section, and tests/lab/test_linear_limits.py checks what the page says about it.
"""

# --8<-- [start:rings]
import matplotlib.pyplot as plt
import torch
from trainlab import MLP, evaluate, fit, make_circles, split

device = (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
loss_fn = torch.nn.CrossEntropyLoss()
rings = split(make_circles(n=500, noise=0.05, seed=0), seed=0)  # already in [-1, 1]

ring_runs = {}
for name, hidden in [("single-layer", ()), ("multi-layer", (16, 16))]:
    torch.manual_seed(0)
    model = MLP(2, 2, hidden=hidden)
    fit(model, rings.train, rings.val, device=device, lr=0.01, epochs=100, patience=20)
    ring_runs[name] = model
rings_single_test = evaluate(ring_runs["single-layer"], rings.test.to(device), loss_fn).accuracy
rings_multi_test = evaluate(ring_runs["multi-layer"], rings.test.to(device), loss_fn).accuracy
print(f"test accuracy: single-layer {rings_single_test:.3f}, multi-layer {rings_multi_test:.3f}")

# Colour the plane by the class each network predicts there.
grid = torch.linspace(-1.5, 1.5, 200)
gx, gy = torch.meshgrid(grid, grid, indexing="xy")
points = torch.stack([gx.flatten(), gy.flatten()], dim=1).to(device)  # (40000, 2)
fig, axes = plt.subplots(1, 2, num="lab-rings", clear=True, figsize=(9, 4.2), sharey=True)
for ax, (name, model) in zip(axes, ring_runs.items(), strict=True):
    model.eval()
    with torch.no_grad():
        predicted = model(points).argmax(dim=1).reshape(gx.shape).cpu()
    ax.contourf(gx, gy, predicted, levels=[-0.5, 0.5, 1.5], colors=["C0", "C1"], alpha=0.25)
    x, y = rings.test
    ax.scatter(x[:, 0], x[:, 1], c=[f"C{int(k)}" for k in y], s=10)
    ax.set_title(name)
    ax.set_xlabel("$x_1$")
    ax.set_aspect("equal")
axes[0].set_ylabel("$x_2$")
fig.tight_layout()
plt.show()
# --8<-- [end:rings]
