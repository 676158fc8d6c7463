"""Labels and the loss: class indices or one-hot vectors, CrossEntropyLoss or NLLLoss,
and the classic mistake of a softmax before CrossEntropyLoss.

Run it as a script (`python snippets/lab/encoding.py`); docs/en/lab.md embeds its
section after classify.py's networks, and tests/lab/test_encoding.py checks what the
page says about it. On the page, the names defined before the section come from the
lab's own code (classify.py's setup and iris_data).
"""

import torch
from trainlab import MLP, load_iris, scale_splits, split

device = (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
SEED = 0  # the lab's seed (classify.py's setup)
iris = scale_splits(split(load_iris(), seed=SEED))  # as classify.py's iris_data

# --8<-- [start:encoding]
import torch.nn.functional as F

x, y = iris.train.to(device)  # y: class indices, one integer per flower, (90,)
one_hot = F.one_hot(y, num_classes=3).float()  # the same labels as vectors, (90, 3)
print("class indices:", y[:3].tolist(), " one-hot:", one_hot[:3].tolist())

ce, nll = torch.nn.CrossEntropyLoss(), torch.nn.NLLLoss()


def four_losses(z):
    """Cross-entropy of the raw scores z (90, 3), three ways, then the classic mistake."""
    return {
        "CrossEntropyLoss(z, y)": ce(z, y),  # class indices: what trainlab and the lab use
        "NLLLoss(log_softmax(z), y)": nll(F.log_softmax(z, dim=1), y),  # log-probabilities in
        "CrossEntropyLoss(z, one_hot)": ce(z, one_hot),  # probability targets: PyTorch 1.10+
        "CrossEntropyLoss(softmax(z), y)": ce(z.softmax(dim=1), y),  # the mistake
    }


torch.manual_seed(SEED)
with torch.no_grad():
    untrained = four_losses(MLP(4, 3).to(device)(x))  # raw scores of an untrained network
sure = four_losses(10 * one_hot)  # the scores of a network sure of every flower, and right
print(f"{'scores z:':31} {'untrained':>9} {'sure':>7}")
for row in untrained:
    print(f"{row:31} {untrained[row]:9.4f} {sure[row]:7.4f}")
# --8<-- [end:encoding]
