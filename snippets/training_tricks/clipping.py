"""Gradient clipping: by norm (rescale the whole gradient) and by value (clamp each entry).

Run it as a script (`python snippets/training_tricks/clipping.py`); the optimizers
page embeds its sections, and tests/training_tricks/test_clipping.py checks them.
"""

# --8<-- [start:clip_norm]
import torch
from torch import nn

w = nn.Parameter(torch.zeros(2))
w.grad = torch.tensor([3.0, 4.0])  # a gradient of norm 5
norm_before = nn.utils.clip_grad_norm_([w], max_norm=1.0).item()  # returns the norm before
norm_after = w.grad.norm().item()
print(w.grad)  # (0.6, 0.8): the same direction, rescaled to norm θ = 1

w.grad = torch.tensor([0.3, 0.4])  # norm 0.5, already below θ ...
nn.utils.clip_grad_norm_([w], max_norm=1.0)
print(w.grad)  # ... so it is left as it is
# --8<-- [end:clip_norm]

# --8<-- [start:clip_value]
w.grad = torch.tensor([3.0, 0.5])
nn.utils.clip_grad_value_([w], clip_value=1.0)  # clamp every entry to [-1, 1]
print(w.grad)  # (1.0, 0.5): bounded, but the direction has changed
# --8<-- [end:clip_value]
