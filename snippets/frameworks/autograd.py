"""Autograd: the gradient of any expression, checked against a derivative done by hand.

Run it as a script (`python snippets/frameworks/autograd.py`); the frameworks page
embeds its sections in order, and tests/frameworks/test_autograd.py checks them.
"""

# --8<-- [start:by_hand]
import torch

torch.manual_seed(0)
X = torch.randn(8, 3)  # (N, D): 8 samples with 3 features
y = torch.randint(0, 2, (8,)).float()  # (N,): labels 0 or 1
w = torch.randn(3)  # (D,): the weights of a logistic regression

p = torch.sigmoid(X @ w)  # (N,) predicted probabilities
loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean()  # binary cross-entropy
grad_by_hand = X.T @ (p - y) / len(y)  # worked out on paper, typed in by hand
print(grad_by_hand)
# --8<-- [end:by_hand]

# --8<-- [start:backward]
w.requires_grad_(True)  # from now on, record every operation that uses w

p = torch.sigmoid(X @ w)
loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean()  # the same expression
loss.backward()  # fills w.grad with d(loss)/dw

autograd_gap = (w.grad - grad_by_hand).abs().max().item()
print(w.grad)
print(f"largest difference from the hand-written gradient: {autograd_gap:.2g}")
# --8<-- [end:backward]

# --8<-- [start:any_expression]
w.grad = None  # gradients add up across backward() calls: clear them first

p = torch.sigmoid(torch.tanh(X @ w) * 3)  # a different model ...
loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean() + 0.1 * w.norm()  # ... and a penalty
loss.backward()  # no new derivative to work out
print(w.grad)
# --8<-- [end:any_expression]

# --8<-- [start:non_scalar]
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
squares = a**2  # (3,): a vector
try:
    squares.backward()
except RuntimeError as error:
    print(error)

squares.sum().backward()  # a.grad_i = 2 a_i
print(a.grad)

a.grad = None
squares = a**2  # backward() freed the graph it walked: build it again
v = torch.tensor([1.0, 0.5, -1.0])
squares.backward(gradient=v)  # a.grad = vᵀJ
print(a.grad)
# --8<-- [end:non_scalar]

# --8<-- [start:sigmoid_slope]
import matplotlib.pyplot as plt

z = torch.linspace(-6, 6, 121, requires_grad=True)
s = torch.sigmoid(z)
s.sum().backward()  # s_i depends on z_i alone, so z.grad_i is the slope of σ at z_i
steepest = z.grad.max().item()

fig, ax = plt.subplots(num="frameworks-sigmoid-slope", clear=True, figsize=(6, 3.5))
ax.plot(z.detach(), s.detach(), label="σ(z)")
ax.plot(z.detach(), z.grad, label="dσ/dz from autograd")
ax.plot(z.detach(), (s * (1 - s)).detach(), "k:", label="σ(z)·(1 − σ(z)) by hand")
ax.set_xlabel("z")
ax.set_ylabel("value")
ax.legend()
plt.show()
# --8<-- [end:sigmoid_slope]


# --8<-- [start:control_flow]
def halve_until_small(x: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Halve x until it is at most 1: how often depends on the value of x."""
    halvings = 0
    while x > 1:  # an ordinary Python loop, decided while the code runs
        x = x / 2
        halvings += 1
    return x, halvings


x = torch.tensor(5.0, requires_grad=True)
result, halvings = halve_until_small(x)  # 5 -> 2.5 -> 1.25 -> 0.625
result.backward()  # the graph holds exactly the steps that ran
print(halvings, x.grad)  # d(result)/dx = 1 / 2**halvings
# --8<-- [end:control_flow]
