"""Overfitting with a handful of points: a line (2 parameters) against a degree-6
polynomial (7 parameters), both fitted by least squares to seven noisy points of a line.

Run it as a script (`python snippets/overfitting/few_points.py`); the overfitting page
embeds its sections in order, and tests/overfitting/test_few_points.py checks its claims.
The fits are tiny closed-form solves, so they run on the CPU in float64 (MPS has no
float64, and a GPU would only add copying).
"""

# --8<-- [start:data]
import torch

torch.manual_seed(0)  # the same noise on every run


def true_line(x):
    return 2 * x + 1  # the pattern behind the data, which the models never see


noise = 0.5  # standard deviation of the measurement noise
x_train = torch.linspace(-1, 1, 7, dtype=torch.float64)  # seven evenly spaced measurements
y_train = true_line(x_train) + noise * torch.randn_like(x_train)
x_val = 2 * torch.rand(200, dtype=torch.float64) - 1  # 200 new points from the same range
y_val = true_line(x_val) + noise * torch.randn_like(x_val)
# --8<-- [end:data]


# --8<-- [start:fit]
def features(x, degree):
    """Columns 1, x, x², …, x^degree: a polynomial is linear in its coefficients."""
    return x.unsqueeze(-1) ** torch.arange(degree + 1)  # (N, degree + 1)


def fit_polynomial(x, y, degree):
    """Least squares: the coefficients with the smallest mean squared error on (x, y)."""
    return torch.linalg.lstsq(features(x, degree), y.unsqueeze(-1)).solution.squeeze(-1)


def predict(coefficients, x):
    return features(x, len(coefficients) - 1) @ coefficients


def mse(coefficients, x, y):
    return (predict(coefficients, x) - y).pow(2).mean().item()


line = fit_polynomial(x_train, y_train, degree=1)  # 2 parameters
poly = fit_polynomial(x_train, y_train, degree=6)  # 7 parameters
# --8<-- [end:fit]

# --8<-- [start:errors]
line_train_mse, line_val_mse = mse(line, x_train, y_train), mse(line, x_val, y_val)
poly_train_mse, poly_val_mse = mse(poly, x_train, y_train), mse(poly, x_val, y_val)
print(f"line:       training MSE {line_train_mse:.3f}, validation MSE {line_val_mse:.3f}")
print(f"polynomial: training MSE {poly_train_mse:.3f}, validation MSE {poly_val_mse:.3f}")
# --8<-- [end:errors]

# --8<-- [start:plot_fits]
import matplotlib.pyplot as plt

grid = torch.linspace(-1, 1, 400, dtype=torch.float64)  # where the curves are drawn
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True, num="overfitting-fits", clear=True)
models = [(line, "line (2 parameters)"), (poly, "degree-6 polynomial (7 parameters)")]
for ax, (coefficients, title) in zip(axes, models, strict=True):
    ax.plot(x_val, y_val, ".", color="0.75", label="validation points")
    ax.plot(grid, true_line(grid), "k--", linewidth=1, label="true line")
    ax.plot(grid, predict(coefficients, grid), "C1", linewidth=2, label="model")
    ax.plot(x_train, y_train, "o", color="C0", markersize=7, label="training points")
    ax.set_title(title)
    ax.set_xlabel("x")
axes[0].set_ylabel("y")
axes[0].legend(loc="upper left")
plt.show()
# --8<-- [end:plot_fits]

# --8<-- [start:many_draws]
n_draws = 1000  # fresh noise each time: is the result above luck?
poly_worse = 0
for _ in range(n_draws):
    y_new = true_line(x_train) + noise * torch.randn_like(x_train)
    y_val_new = true_line(x_val) + noise * torch.randn_like(x_val)
    line_new = fit_polynomial(x_train, y_new, degree=1)
    poly_new = fit_polynomial(x_train, y_new, degree=6)
    poly_worse += mse(poly_new, x_val, y_val_new) > mse(line_new, x_val, y_val_new)
share_poly_worse = poly_worse / n_draws
print(f"the polynomial validated worse than the line in {share_poly_worse:.1%} of the draws")
# --8<-- [end:many_draws]
