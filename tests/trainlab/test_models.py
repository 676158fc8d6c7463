"""trainlab.models: the MLP's structure and each initialisation's statistics."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn
from trainlab import INIT_SCHEMES, MLP, TrainlabError, count_parameters, init_std, init_weights


def test_no_hidden_layer_is_the_single_layer_network():
    model = MLP(4, 3)
    assert [type(m) for m in model] == [nn.Linear]
    assert count_parameters(model) == 4 * 3 + 3


def test_hidden_layers_in_order():
    model = MLP(64, 10, hidden=(32, 16), activation="tanh", dropout=0.25)
    kinds = [type(m) for m in model]
    assert kinds == [nn.Linear, nn.Tanh, nn.Dropout, nn.Linear, nn.Tanh, nn.Dropout, nn.Linear]
    assert [m.out_features for m in model if isinstance(m, nn.Linear)] == [32, 16, 10]
    assert model(torch.zeros(5, 64)).shape == (5, 10)  # (B, C)


def test_batch_norm_goes_before_the_activation_and_replaces_the_bias():
    model = MLP(8, 2, hidden=(16,), batch_norm=True)
    assert [type(m) for m in model] == [nn.Linear, nn.BatchNorm1d, nn.ReLU, nn.Linear]
    assert model[0].bias is None and model[-1].bias is not None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_in": 0, "n_out": 2}, "n_in must be a positive integer"),
        ({"n_in": 2, "n_out": 2, "hidden": (4, 0)}, "hidden must be positive integers"),
        (
            {"n_in": 2, "n_out": 2, "activation": "swish"},
            "unknown activation 'swish'; choose one of: relu",
        ),
        ({"n_in": 2, "n_out": 2, "dropout": 1.0}, r"dropout must be in \[0, 1\)"),
    ],
)
def test_bad_model_arguments(kwargs, message):
    with pytest.raises(TrainlabError, match=message):
        MLP(**kwargs)


@pytest.mark.parametrize("scheme", [s for s in INIT_SCHEMES if s != "default"])
def test_each_scheme_draws_weights_with_its_documented_std(scheme):
    n_in, n_out = 400, 300
    layer = nn.Linear(n_in, n_out)
    init_weights(layer, scheme, generator=torch.Generator().manual_seed(0))
    expected = init_std(scheme, n_in, n_out)
    assert layer.weight.std().item() == pytest.approx(expected, rel=0.02)
    assert layer.weight.mean().item() == pytest.approx(0.0, abs=0.02 * expected)
    assert torch.count_nonzero(layer.bias) == 0


def test_documented_stds():
    assert init_std("normal", 100, 10) == 1.0
    assert init_std("lecun", 100, 10) == pytest.approx(0.1)
    assert init_std("xavier", 100, 300) == pytest.approx(
        math.sqrt(2 / 400)
    )  # variance 2/(n_in+n_out)
    assert init_std("he", 50, 10) == pytest.approx(0.2)
    assert init_std("uniform", 12, 1) == pytest.approx(1 / 6)
    assert init_std("glorot", 100, 300) == init_std("xavier", 100, 300)
    assert init_std("kaiming", 50, 10) == init_std("he", 50, 10)


def test_uniform_stays_in_its_bounds():
    layer = init_weights(nn.Linear(25, 40), "uniform")
    assert layer.weight.abs().max() <= 1 / 5


def test_default_keeps_pytorch_initialisation():
    torch.manual_seed(0)
    layer = nn.Linear(10, 10)
    before = layer.weight.clone()
    init_weights(layer, "default")
    assert torch.equal(layer.weight, before)


def test_unknown_scheme():
    with pytest.raises(
        TrainlabError, match="unknown init scheme 'zeros'; choose one of: default, uniform"
    ):
        init_weights(nn.Linear(2, 2), "zeros")


@pytest.mark.parametrize("n_in", [16, 256])
def test_normal_init_grows_activations_like_sqrt_fan_in_and_lecun_does_not(n_in):
    """The lesson's point (the reference text wrongly says 'like n'): with N(0, 1)
    weights, a layer's output std is √n_in times its input's; N(0, 1/n_in) keeps it 1."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(4096, n_in, generator=g)
    for scheme, expected in (("normal", math.sqrt(n_in)), ("lecun", 1.0)):
        layer = init_weights(nn.Linear(n_in, 512), scheme, generator=g)
        assert layer(x).std().item() == pytest.approx(expected, rel=0.1)
