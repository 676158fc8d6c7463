"""The same computation on a GPU: choosing the device, moving tensors and models, timing.

Run it as a script (`python snippets/frameworks/gpu.py`); the frameworks page embeds
its sections in order, and tests/frameworks/test_gpu.py checks them. On a machine
without a GPU it runs on the CPU and says so.
"""

# --8<-- [start:pick_device]
import torch

device = torch.device(
    "cuda"
    if torch.cuda.is_available()  # an NVIDIA (or AMD ROCm) GPU
    else "mps"
    if torch.backends.mps.is_available()  # the GPU of an Apple-silicon Mac
    else "cpu"
)
print(device)
# --8<-- [end:pick_device]

# --8<-- [start:move]
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 2).to(device)  # moves the weights and bias, in place
x = torch.randn(4, 3).to(device)  # returns a copy on `device` (x itself if already there)
out = model(x)  # runs where its inputs are

print(out.device, next(model.parameters()).device)
result = out.detach().cpu()  # back to main memory: to print, plot or call .numpy()
print(result.numpy().round(3))
# --8<-- [end:move]

# --8<-- [start:timing]
import statistics
import time


def synchronize(device: torch.device) -> None:
    """Wait until the device has finished: GPU work is queued and runs asynchronously."""
    if device.type == "cuda":
        torch.cuda.synchronize()
    elif device.type == "mps":
        torch.mps.synchronize()


def matmul_ms(device: torch.device, n: int = 1024, repeats: int = 5) -> float:
    """Median milliseconds for one (n, n) @ (n, n) matrix product on `device`."""
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    times = []
    for _ in range(repeats + 1):
        synchronize(device)
        start = time.perf_counter()
        a @ b
        synchronize(device)  # without this we would time the queueing, not the product
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times[1:])  # the first run warms up: left out


gpu_found = device.type != "cpu"
cpu_ms = matmul_ms(torch.device("cpu"))
device_ms = matmul_ms(device) if gpu_found else cpu_ms  # no need to time the CPU twice
speedup = cpu_ms / device_ms
device_name = torch.cuda.get_device_name(device) if device.type == "cuda" else device.type

print(f"cpu: {cpu_ms:.2f} ms per 1024x1024 product")
if gpu_found:
    print(f"{device} ({device_name}): {device_ms:.2f} ms, {speedup:.0f}x the CPU")
else:
    print("no GPU here: the device is the CPU itself, so there is nothing to compare")
# --8<-- [end:timing]
