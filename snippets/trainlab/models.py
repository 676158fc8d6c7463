"""The multi-layer perceptron of the lessons, and the weight initialisations they compare.

`MLP(4, 3)` with no hidden layer is the single-layer network of the lab (a linear map
followed by softmax in the loss); `MLP(64, 10, hidden=(128, 64))` is a multi-layer one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn

from trainlab.errors import TrainlabError, one_of

ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
}


class MLP(nn.Sequential):
    """Linear layers with, between them: [batch norm] -> activation -> [dropout].

    Batch norm goes before the activation, as in Ioffe & Szegedy (2015); the linear
    layer before it then needs no bias, since batch norm subtracts the mean anyway.
    The last layer outputs raw scores (logits): CrossEntropyLoss applies softmax.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        hidden: Sequence[int] = (),
        activation: str = "relu",
        batch_norm: bool = False,
        dropout: float = 0.0,
    ):
        for name, value in (("n_in", n_in), ("n_out", n_out)):
            if not isinstance(value, int) or value < 1:
                raise TrainlabError(f"{name} must be a positive integer, got {value!r}")
        hidden = tuple(hidden)
        if any(not isinstance(w, int) or w < 1 for w in hidden):
            raise TrainlabError(f"hidden must be positive integers (layer widths), got {hidden!r}")
        one_of("activation", activation, ACTIVATIONS)
        if not 0.0 <= dropout < 1.0:
            raise TrainlabError(f"dropout must be in [0, 1), got {dropout!r}")

        layers: list[nn.Module] = []
        width = n_in
        for next_width in hidden:
            layers.append(nn.Linear(width, next_width, bias=not batch_norm))
            if batch_norm:
                layers.append(nn.BatchNorm1d(next_width))
            layers.append(ACTIVATIONS[activation]())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = next_width
        layers.append(nn.Linear(width, n_out))
        super().__init__(*layers)
        self.n_in, self.n_out, self.hidden = n_in, n_out, hidden


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ---------------------------------------------------------------- initialisation
# Each scheme draws a layer's weights with a standard deviation that depends on its
# fan-in n_in (inputs) and fan-out n_out (outputs). Biases start at zero.

INIT_SCHEMES = ("default", "uniform", "normal", "lecun", "xavier", "he")
INIT_ALIASES = {"glorot": "xavier", "kaiming": "he"}


def init_std(scheme: str, n_in: int, n_out: int) -> float:
    """The standard deviation of the weights that `scheme` draws.

    uniform  U(-1/√n_in, 1/√n_in)     std = 1/√(3·n_in)
    normal   N(0, 1)                   std = 1 (too large: activations grow like √n_in)
    lecun    N(0, 1/n_in)              std = 1/√n_in (keeps unit variance through linear layers)
    xavier   N(0, 2/(n_in+n_out))      std = √(2/(n_in+n_out)) (Glorot: forward and backward)
    he       N(0, 2/n_in)              std = √(2/n_in) (for ReLU, which zeroes half the signal)
    """
    scheme = INIT_ALIASES.get(scheme, scheme)
    one_of("init scheme", scheme, INIT_SCHEMES[1:])
    return {
        "uniform": 1 / math.sqrt(3 * n_in),
        "normal": 1.0,
        "lecun": 1 / math.sqrt(n_in),
        "xavier": math.sqrt(2 / (n_in + n_out)),
        "he": math.sqrt(2 / n_in),
    }[scheme]


@torch.no_grad()
def init_weights(
    model: nn.Module, scheme: str = "he", generator: torch.Generator | None = None
) -> nn.Module:
    """Re-initialise every nn.Linear of `model` with `scheme` (see init_std); biases to 0.

    "default" keeps PyTorch's own initialisation. Returns the model for chaining.
    """
    scheme = INIT_ALIASES.get(scheme, scheme)
    one_of("init scheme", scheme, INIT_SCHEMES)
    if scheme == "default":
        return model
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            n_out, n_in = layer.weight.shape
            std = init_std(scheme, n_in, n_out)
            if scheme == "uniform":
                bound = 1 / math.sqrt(n_in)
                layer.weight.uniform_(-bound, bound, generator=generator)
            else:
                layer.weight.normal_(0.0, std, generator=generator)
            if layer.bias is not None:
                layer.bias.zero_()
    return model
