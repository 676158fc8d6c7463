"""Tensors: creating them, shaping them, arithmetic, sigmoid and softmax.

Run it as a script (`python snippets/frameworks/tensors.py`); the frameworks page
embeds its sections in order, and tests/frameworks/test_tensors.py checks them.
"""

# --8<-- [start:create]
import numpy as np
import torch

torch.manual_seed(0)  # random tensors are the same on every run

a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # from nested lists: (2, 3)
zeros = torch.zeros(2, 3)  # filled with 0.0, shape (2, 3)
steps = torch.arange(6)  # 0, 1, ..., 5 (integers)
noise = torch.randn(2, 3)  # samples of N(0, 1)
from_numpy = torch.from_numpy(np.array([1.5, 2.5]))  # shares memory with the array

print(a)
print(a.shape, a.dtype, steps.dtype, from_numpy.dtype)
# --8<-- [end:create]

# --8<-- [start:shape]
flat = a.reshape(6)  # the same six numbers in a row: (6,)
tall = a.reshape(3, 2)  # read row by row, refilled as 3 rows of 2
column = a[:, 1]  # every row, column 1: (2,)
batch = a.unsqueeze(0)  # a new leading axis: (1, 2, 3)

print(flat)
print(tall)
print(column, a.T.shape, batch.shape)
# --8<-- [end:shape]

# --8<-- [start:arithmetic]
w = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # (3, 2)
bias = torch.tensor([10.0, 20.0])  # (2,)

print(a * 2 + 1)  # element by element
print(a @ w + bias)  # matrix product (2, 3) @ (3, 2) -> (2, 2), bias added to every row
print(a.sum(), a.sum(dim=0), a.mean(dim=1))  # all, down the columns, along the rows
# --8<-- [end:arithmetic]

# --8<-- [start:activations]
scores = torch.tensor([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]])  # (2 samples, 3 classes)

squashed = torch.sigmoid(scores)  # 1 / (1 + e^-z), each number on its own, into (0, 1)
probs = torch.softmax(scores, dim=1)  # each row becomes a probability distribution

print(squashed)
print(probs)
print(probs.sum(dim=1), probs.argmax(dim=1))  # rows sum to 1; the most likely class
# --8<-- [end:activations]

# --8<-- [start:softmax_shift]
import math

big = scores[:1] + 998  # the first row, shifted to near 1000: the same gaps
naive = torch.exp(big) / torch.exp(big).sum(dim=1, keepdim=True)  # e^1000 = inf: inf / inf
shifted = big - big.max(dim=1, keepdim=True).values  # subtract the row's largest score
print(naive, torch.exp(shifted) / torch.exp(shifted).sum(dim=1, keepdim=True))
print(torch.softmax(big, dim=1), probs[:1])  # torch.softmax does the same: probs unchanged

exp_limit = math.log(torch.finfo(torch.float32).max)  # e^z overflows a float32 above this z
# --8<-- [end:softmax_shift]
