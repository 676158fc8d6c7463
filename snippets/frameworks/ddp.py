"""Data parallelism: the same Lightning Trainer on two processes (gloo, on the CPU), each
training on its share of every batch, with gradients averaged between them.

Run it as a script (`python snippets/frameworks/ddp.py`, on Linux or macOS: the
processes are forked); the page on low- and high-level APIs embeds its section after
saving.py's, and tests/frameworks/test_ddp.py checks it.
"""

import lightning as L
import torch
from four_ways import QUIET, DataLoader, Digits, TensorDataset, accuracy_on_test
from two_levels import BATCH_SIZE, EPOCHS, make_model, parts


# --8<-- [start:ddp]
class CheckedDigits(Digits):
    """Digits, comparing the processes' copies of the weights after every epoch."""

    def on_train_epoch_end(self):
        weights = torch.cat([p.detach().flatten() for p in self.parameters()])
        copies = self.all_gather(weights)  # (processes, weights): every process's copy
        self.log("copies_differ_by", (copies - copies[0]).abs().max(), sync_dist=True)
        self.log("batches", float(self.trainer.num_training_batches), sync_dist=True)


trainer = L.Trainer(
    max_epochs=EPOCHS,
    accelerator="cpu",
    devices=2,  # two processes, each with its own copy of the model
    strategy="ddp_fork",  # forked from this one: works in a notebook (not on Windows)
    **QUIET,
)
train_set = TensorDataset(parts.train.x, parts.train.y)
ddp_model = make_model()
trainer.fit(CheckedDigits(ddp_model), DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True))

copies_differ_by = trainer.callback_metrics["copies_differ_by"].item()
ddp_batches = int(trainer.callback_metrics["batches"].item())  # per process and epoch
effective_batch = BATCH_SIZE * trainer.world_size  # each step averages both processes
ddp_accuracy = accuracy_on_test(ddp_model)  # back here, ddp_model has the trained weights
print(f"{trainer.world_size} processes, {ddp_batches} batches of {BATCH_SIZE} each per epoch")
print(f"copies of the weights differ by {copies_differ_by}; test accuracy {ddp_accuracy:.3f}")
# --8<-- [end:ddp]
