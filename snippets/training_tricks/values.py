"""Keeping values in a reasonable range: why, and how to scale the inputs.

Run it as a script (`python snippets/training_tricks/values.py`); the training-tricks
page embeds its sections, and tests/training_tricks/test_values.py checks them.
"""

# --8<-- [start:float_precision]
import torch

big = torch.tensor(1e10)  # float32, PyTorch's default type
small = torch.tensor(1e-10)
print(big + small == big)  # the small value is lost: it is below big's last digit
float32_eps = torch.finfo(torch.float32).eps  # the smallest relative step float32 can take
print(float32_eps)
# --8<-- [end:float_precision]

# --8<-- [start:scale_inputs]
torch.manual_seed(0)
n = 200
area = 30 + 170 * torch.rand(n)  # m², from 30 to 200
rooms = torch.randint(1, 8, (n,)).float()  # 1 to 7
year = 1900 + 120 * torch.rand(n)  # year built, 1900 to 2020
x = torch.stack([area, rooms, year], dim=1)  # (N, 3): three features, three scales

low, high = x.min(dim=0).values, x.max(dim=0).values  # per feature, from the training data
x01 = (x - low) / (high - low)  # every feature now in [0, 1]
x11 = 2 * x01 - 1  # ... or in [-1, 1]
mean, std = x.mean(dim=0), x.std(dim=0)
x_std = (x - mean) / std  # or standardised: mean 0, standard deviation 1 per feature

for name, t in [("raw", x), ("[0, 1]", x01), ("[-1, 1]", x11), ("standardised", x_std)]:
    lows = [round(v, 2) for v in t.min(dim=0).values.tolist()]  # (area, rooms, year)
    highs = [round(v, 2) for v in t.max(dim=0).values.tolist()]
    print(f"{name:>12}: from {lows} to {highs}")
# --8<-- [end:scale_inputs]
