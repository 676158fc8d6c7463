"""The textbook training loop, as course notebooks write it.

A DataLoader over a TensorDataset collates every batch sample by sample, and
`loss.item()` after each step makes the CPU wait for the device. It is the clearest
loop to read first, and the baseline `trainlab.fit` is measured against
(benchmarks/); use `fit` for real work.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from trainlab.data import Data


def make_loader(data: Data, batch_size: int, shuffle: bool = True, seed: int = 0) -> DataLoader:
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(
        TensorDataset(data.x, data.y), batch_size=batch_size, shuffle=shuffle, generator=generator
    )


# --8<-- [start:textbook_epoch]
def textbook_train_epoch(
    model: nn.Module,
    loader: DataLoader,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    device: torch.device,
) -> float:
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)  # each batch copied to the device
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)  # .item() waits for the device every step
        count += len(xb)
    return total / count


# --8<-- [end:textbook_epoch]
