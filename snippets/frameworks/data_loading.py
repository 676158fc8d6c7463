"""What a DataLoader costs when the data already fits in memory, next to trainlab's way:
slices of tensors that sit on the device.

Run it as a script (`python snippets/frameworks/data_loading.py`); the page on low- and
high-level APIs embeds its section after four_ways.py's, and
tests/frameworks/test_data_loading.py checks it.
"""

import time

import torch
from four_ways import DataLoader, TensorDataset, synchronize
from two_levels import BATCH_SIZE, device, parts, train_x, train_y

# isort: split
# --8<-- [start:loader_timing]
import statistics


def serve_seconds(batches) -> float:
    """Seconds to hand out one epoch of (x, y) batches on the device: the part of an
    epoch the two ways differ in (the training steps on the batches are the same)."""
    synchronize()
    start = time.perf_counter()
    for x, y in batches:
        x, y = x.to(device), y.to(device)  # no copy if already there
    synchronize()
    return time.perf_counter() - start


def slices():  # trainlab's way: the data is on the device already
    for idx in torch.randperm(len(train_x), device=device).split(BATCH_SIZE):
        yield train_x[idx], train_y[idx]


train_set = TensorDataset(parts.train.x, parts.train.y)
loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True)
runs = [(serve_seconds(loader), serve_seconds(slices())) for _ in range(7)]  # in turns
loader_ms = 1000 * statistics.median(loader_time for loader_time, _ in runs)
sliced_ms = 1000 * statistics.median(sliced_time for _, sliced_time in runs)
loader_ratio = loader_ms / sliced_ms
print(f"one epoch of batches: DataLoader {loader_ms:.2f} ms, slices {sliced_ms:.2f} ms")
# --8<-- [end:loader_timing]
