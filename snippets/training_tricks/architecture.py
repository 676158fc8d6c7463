"""Choosing an architecture: networks of four widths, trained the same way on the spirals.

Run it as a script (`python snippets/training_tricks/architecture.py`); the
optimizers page (docs/en/optimizers.md) embeds its section, and tests/training_tricks/test_architecture.py
checks it.
"""

import torch
from problem import make_model, train_data, train_run

# --8<-- [start:widths]
n_train = len(train_data[0])
width_results = {}
for width in [4, 16, 128, 512]:
    torch.manual_seed(0)
    model = make_model(width=width)
    n_params = sum(p.numel() for p in model.parameters())
    h = train_run(model, torch.optim.Adam(model.parameters(), lr=0.01), epochs=100)
    width_results[width] = (n_params, h["train_loss"][-1], h["val_loss"][-1], h["val_accuracy"][-1])
    print(
        f"width {width:3d}: {n_params:6d} parameters for {n_train} points, "
        f"training loss {h['train_loss'][-1]:.3f}, validation loss {h['val_loss'][-1]:.3f}, "
        f"accuracy {h['val_accuracy'][-1]:.3f}"
    )
best_width = min(width_results, key=lambda k: width_results[k][2])  # lowest validation loss
params_best, params_largest = width_results[best_width][0], width_results[max(width_results)][0]
# --8<-- [end:widths]
