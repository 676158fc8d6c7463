"""snippets/frameworks/two_levels.py: the hand-written loop and trainlab.fit take the
same steps and reach a sensible accuracy; a custom layer trains under fit; train_epoch
works inside a loop of our own."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, pyplot, run_example
from trainlab import MLP, evaluate, train_epoch

plt = pyplot()

SCRIPT = ROOT / "snippets" / "frameworks" / "two_levels.py"


@pytest.fixture(scope="module")
def ns():
    yield run_example(SCRIPT)
    plt.close("all")


def test_both_levels_reach_a_sensible_accuracy(ns):
    assert ns["loop_accuracy"] >= 0.9
    assert ns["fit_accuracy"] >= 0.9
    assert len(ns["loop_val_accuracy"]) == len(ns["history"].val_accuracy) == ns["EPOCHS"]


def test_fit_takes_the_same_steps_as_the_hand_written_loop(ns):
    """Same data, starting weights, shuffling and optimizer: the same trained weights."""
    exact = ns["device"].type == "cpu"  # a GPU may add in another order
    hand, high = ns["model"].state_dict(), ns["fit_model"].state_dict()
    for name in hand:
        if exact:
            assert torch.equal(hand[name], high[name]), name
        else:
            torch.testing.assert_close(hand[name], high[name], rtol=1e-3, atol=1e-4)
    if exact:
        assert ns["loop_val_accuracy"] == ns["history"].val_accuracy
        assert ns["largest_gap"] == 0.0
    assert ns["largest_gap"] <= 0.01


def test_make_model_builds_the_same_weights_each_time(ns):
    a, b = ns["make_model"](), ns["make_model"]()
    for (name, p), q in zip(a.state_dict().items(), b.state_dict().values(), strict=True):
        assert torch.equal(p, q), name


def test_trainlabs_mlp_has_the_same_layers_as_make_model(ns):
    plain = ns["make_model"]()
    torch.manual_seed(0)
    mlp = MLP(64, 10, hidden=(64,))
    assert [type(m) for m in plain] == [type(m) for m in mlp]
    for p, q in zip(plain.state_dict().values(), mlp.state_dict().values(), strict=True):
        assert torch.equal(p, q)


def test_printed_accuracies_are_the_recorded_ones(ns):
    out = ns["_stdout"]
    assert f"hand-written loop: validation accuracy {ns['loop_accuracy']:.3f}" in out
    assert f"trainlab.fit:      validation accuracy {ns['fit_accuracy']:.3f}" in out


def test_comparison_figure_is_labelled(ns):
    assert plt.fignum_exists("frameworks-two-levels")
    ax = plt.figure("frameworks-two-levels").axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.lines) == 2 and ax.get_legend() is not None


def test_residual_block_adds_its_input(ns):
    block = ns["Residual"](4)
    x = torch.randn(5, 4)
    torch.testing.assert_close(block(x), x + block.f(x))


def test_custom_model_trains_under_fit(ns):
    assert ns["residual_accuracy"] >= 0.9
    assert f"test accuracy {ns['residual_accuracy']:.3f}" in ns["_stdout"]


def test_own_loop_stops_at_its_target(ns):
    assert ns["own_accuracy"] >= ns["TARGET"]
    assert 1 <= ns["own_epochs"] < 30  # reached the target before the limit
    assert f"{ns['own_epochs']} epochs, validation accuracy" in ns["_stdout"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_own_loop_reaches_the_target_from_other_seeds_too(ns, seed):
    """The page says the target was reached: it is, from other starting points as well."""
    device = ns["device"]
    torch.manual_seed(seed)
    mlp = MLP(64, 10, hidden=(64,)).to(device)
    optimizer = torch.optim.SGD(mlp.parameters(), lr=0.1, momentum=0.9)
    train, val = ns["parts"].train.to(device), ns["parts"].val.to(device)
    loss_fn, shuffle = torch.nn.CrossEntropyLoss(), torch.Generator().manual_seed(seed)
    for _ in range(30):
        train_epoch(mlp, train, optimizer, loss_fn, batch_size=32, generator=shuffle)
        if evaluate(mlp, val, loss_fn).accuracy >= ns["TARGET"]:
            break
    else:
        pytest.fail(f"seed {seed}: validation accuracy never reached {ns['TARGET']}")
