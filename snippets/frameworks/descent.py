"""Gradient descent by hand: autograd's gradients and a two-line update, no optimizer.

Run it as a script (`python snippets/frameworks/descent.py`); the frameworks page
embeds its sections in order, and tests/frameworks/test_descent.py checks them.
"""

# --8<-- [start:descent_by_hand]
import torch

torch.manual_seed(0)
xs = 4 * torch.rand(100) - 2  # (100,): inputs between -2 and 2
ys = 3 * xs - 1 + 0.5 * torch.randn(100)  # the line y = 3x - 1, plus noise


def mse(w, b):
    return ((w * xs + b - ys) ** 2).mean()  # mean squared error of y = w x + b


LR, STEPS = 0.1, 30
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for step in range(STEPS):
    loss = mse(w, b)
    if step % 5 == 0:
        print(step, round(loss.item(), 3))
    loss.backward()
    with torch.no_grad():
        w -= LR * w.grad
        b -= LR * b.grad
        w.grad.zero_()
        b.grad.zero_()

w_fit, b_fit = w.item(), b.item()
print(round(w_fit, 3), round(b_fit, 3))
# --8<-- [end:descent_by_hand]

# --8<-- [start:descent_sgd]
params = [torch.tensor(0.0, requires_grad=True) for _ in range(2)]  # w and b
optimizer = torch.optim.SGD(params, lr=LR)
for _ in range(STEPS):
    optimizer.zero_grad()
    mse(*params).backward()
    optimizer.step()

sgd_gap = max(abs(params[0].item() - w_fit), abs(params[1].item() - b_fit))
print(sgd_gap)
# --8<-- [end:descent_sgd]
