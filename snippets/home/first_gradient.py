"""The home page's first taste of PyTorch: a tensor, an expression, its gradient.

Run it as a script (`python snippets/home/first_gradient.py`); the home page embeds
its sections in order, and tests/home/test_first_gradient.py checks what it prints.
"""

# --8<-- [start:tensor]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # track operations on x
y = (x**2).sum()  # y = x₁² + x₂² + x₃²
print(y)
# --8<-- [end:tensor]

# --8<-- [start:gradient]
y.backward()  # autograd fills x.grad with dy/dx
print(x.grad)  # dy/dxᵢ = 2·xᵢ
# --8<-- [end:gradient]
