"""Batch normalisation: what nn.BatchNorm1d computes, in training and in evaluation mode.

Run it as a script (`python snippets/training_tricks/batch_norm.py`); the
training-tricks page embeds its sections, and tests/training_tricks/test_batch_norm.py
checks them.
"""

# --8<-- [start:batch_norm_layer]
import torch
from torch import nn

torch.manual_seed(0)
h = 5 + 3 * torch.randn(64, 4)  # (B, 4): a batch of pre-activations, mean 5 and std 3
bn = nn.BatchNorm1d(4).requires_grad_(False)  # γ = 1, β = 0 per feature (no training here)
out = bn(h)  # training mode: normalise with this batch's own mean and variance

by_hand = (h - h.mean(dim=0)) / torch.sqrt(h.var(dim=0, unbiased=False) + bn.eps)
bn_gap = (out - by_hand).abs().max().item()
print(out.mean(dim=0).abs().max())  # the largest per-feature mean: ≈ 0
print(out.std(dim=0, unbiased=False))  # per-feature standard deviations: ≈ 1
print(f"largest difference from the formula: {bn_gap:.1e}")
# --8<-- [end:batch_norm_layer]

# --8<-- [start:running_statistics]
for _ in range(100):  # more training batches from the same distribution
    bn(5 + 3 * torch.randn(64, 4))
print(bn.running_mean, bn.running_var.sqrt())  # moving averages: ≈ 5 and ≈ 3

bn.eval()  # evaluation mode: use the running statistics, not the batch's
one_example = torch.full((1, 4), 8.0)  # a batch of ONE: it has no variance of its own
print(bn(one_example))  # ≈ (8 - 5) / 3 = 1 per feature
# --8<-- [end:running_statistics]
