"""The bias-variance trade-off, measured: polynomials of degree 0 to 12 fitted by least
squares to many noisy samples of one curve.

For each degree we fit 500 training sets (15 evenly spaced points, fresh noise each
time) and measure the average training and validation error, and how far the average
fit is from the true curve (bias²) and how much the fits scatter around it (variance).

Run it as a script (`python snippets/overfitting/bias_variance.py`); the overfitting
page embeds its sections in order, and tests/overfitting/test_bias_variance.py checks
the measured bias and variance against their exact formulas. Tiny closed-form fits:
the CPU in float64.
"""

# --8<-- [start:data]
import torch

torch.manual_seed(0)


def true_curve(x):
    return torch.sin(torch.pi * x)  # not a polynomial: every degree is an approximation


noise, n_points, n_sets = 0.3, 15, 500
x_points = torch.linspace(-1, 1, n_points, dtype=torch.float64)  # (N,) the same x every time
x_grid = torch.linspace(-1, 1, 201, dtype=torch.float64)  # (G,) where we measure the fits
y_sets = true_curve(x_points) + noise * torch.randn(n_sets, n_points, dtype=torch.float64)  # (S, N)
y_val = true_curve(x_grid) + noise * torch.randn(n_sets, len(x_grid), dtype=torch.float64)  # (S, G)
# --8<-- [end:data]

# --8<-- [start:sweep]
degrees = list(range(13))
train_mse, val_mse, bias_squared, variance = [], [], [], []
for degree in degrees:
    powers = torch.arange(degree + 1)
    features, grid_features = (
        x_points[:, None] ** powers,
        x_grid[:, None] ** powers,
    )  # (N, P), (G, P)
    solution = torch.linalg.lstsq(features.expand(n_sets, -1, -1), y_sets[..., None]).solution
    coefficients = solution.squeeze(-1)  # (S, P): one fit per training set
    fits = coefficients @ grid_features.T  # (S, G): each fit, drawn on the grid
    train_mse.append((coefficients @ features.T - y_sets).pow(2).mean().item())
    val_mse.append((fits - y_val).pow(2).mean().item())
    bias_squared.append((fits.mean(dim=0) - true_curve(x_grid)).pow(2).mean().item())
    variance.append(fits.var(dim=0, correction=0).mean().item())

best_degree = degrees[min(range(len(degrees)), key=val_mse.__getitem__)]
noise_floor = noise**2  # the error even the true curve makes on new noisy points
print("degree  training  validation  bias²    variance")
for row in zip(degrees, train_mse, val_mse, bias_squared, variance, strict=True):
    print("{:>6}  {:8.3f}  {:10.3f}  {:7.3f}  {:8.3f}".format(*row))
# --8<-- [end:sweep]

# --8<-- [start:plot_trade_off]
import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4), num="overfitting-bias-variance", clear=True
)
left.plot(degrees, train_mse, "o-", label="training error")
left.plot(degrees, val_mse, "o-", label="validation error")
left.axvline(best_degree, color="0.5", linestyle=":", label="lowest validation error")
right.plot(degrees, bias_squared, "o-", color="C2", label="bias²")
right.plot(degrees, variance, "o-", color="C3", label="variance")
right.axhline(noise_floor, color="k", linestyle="--", linewidth=1, label="noise (σ²)")
for ax in (left, right):
    ax.set_xlabel("polynomial degree")
    ax.legend()
left.set_ylabel("mean squared error")
plt.show()
# --8<-- [end:plot_trade_off]
