"""Saving and loading: a model's state_dict into a fresh model, and a checkpoint with the
optimizer's state to resume training exactly where it stopped.

Run it as a script (`python snippets/frameworks/saving.py`); the page on low- and
high-level APIs embeds its sections after data_loading.py's, and
tests/frameworks/test_saving.py checks them.
"""

import torch
from four_ways import test_x
from two_levels import BATCH_SIZE, LR, device, loss_fn, make_model, model, train_x, train_y

# isort: split
# --8<-- [start:state_dict]
import tempfile
from pathlib import Path

scratch = tempfile.TemporaryDirectory()  # deleted, with its files, when the program ends
path = Path(scratch.name) / "digits.pt"
torch.save(model.state_dict(), path)  # the hand-written loop's model: its weights, by name
print({name: tuple(tensor.shape) for name, tensor in model.state_dict().items()})

fresh = make_model().to(device)  # the same layers, untrained weights
fresh.load_state_dict(torch.load(path, map_location=device, weights_only=True))
with torch.no_grad():
    loaded_same = torch.equal(model(test_x), fresh(test_x))  # every output, bit for bit
print("same outputs after loading:", loaded_same)
# --8<-- [end:state_dict]


# --8<-- [start:resume]
def train_epochs(net, optimizer, shuffle, epochs: int) -> None:
    for _ in range(epochs):
        for idx in torch.randperm(len(train_x), generator=shuffle).to(device).split(BATCH_SIZE):
            optimizer.zero_grad()
            loss_fn(net(train_x[idx]), train_y[idx]).backward()
            optimizer.step()


def new_run():  # a model, its optimizer and its shuffling, all at their start
    net = make_model().to(device)
    return net, torch.optim.Adam(net.parameters(), lr=LR), torch.Generator().manual_seed(0)


net, net_optimizer, net_shuffle = new_run()
train_epochs(net, net_optimizer, net_shuffle, 5)
checkpoint = {
    "model": net.state_dict(),
    "optimizer": net_optimizer.state_dict(),  # Adam's running averages
    "shuffle": net_shuffle.get_state(),  # how far the shuffling has gone
}
torch.save(checkpoint, path)
train_epochs(net, net_optimizer, net_shuffle, 5)  # the uninterrupted run: ten epochs

resumed, resumed_optimizer, resumed_shuffle = new_run()  # a new session, as after a crash
saved = torch.load(path, map_location=device, weights_only=True)
resumed.load_state_dict(saved["model"])
resumed_optimizer.load_state_dict(saved["optimizer"])
resumed_shuffle.set_state(saved["shuffle"])
train_epochs(resumed, resumed_optimizer, resumed_shuffle, 5)  # the other five epochs

resumed_same = all(
    torch.equal(a, b) for a, b in zip(net.parameters(), resumed.parameters(), strict=True)
)
print("Adam's state for each weight tensor:", sorted(saved["optimizer"]["state"][0]))
print("resumed run ends with the same weights:", resumed_same)
# --8<-- [end:resume]
