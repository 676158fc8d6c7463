"""snippets/frameworks/saving.py: a state_dict loaded into a fresh model gives the same
outputs; a checkpoint with the optimizer's and the shuffling's state resumes training
exactly (from several seeds), and without the optimizer's state it does not."""

from __future__ import annotations

import pytest
import torch
from support import ROOT, import_lesson, pyplot
from torch import nn

plt = pyplot()

LESSON = ROOT / "snippets" / "frameworks"

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    # four_ways.py, imported first, trains Keras, which warns inside (see test_four_ways.py)
    pytest.mark.filterwarnings("ignore::DeprecationWarning:keras"),
]


@pytest.fixture(scope="module")
def sv():
    yield import_lesson(LESSON, "saving")
    plt.close("all")


def test_the_state_dict_names_each_layers_tensors(sv):
    shapes = {name: tuple(t.shape) for name, t in sv.model.state_dict().items()}
    assert shapes == {"0.weight": (64, 64), "0.bias": (64,), "2.weight": (10, 64), "2.bias": (10,)}


def test_the_loaded_model_gives_the_same_outputs_bit_for_bit(sv):
    assert sv.loaded_same is True
    untrained = sv.make_model().to(sv.device)
    with torch.no_grad():  # the fresh model did change: it is not the untrained one
        assert not torch.equal(untrained(sv.test_x), sv.fresh(sv.test_x))


def test_the_files_live_in_a_temporary_folder_that_goes_away(sv, tmp_path):
    folder = sv.path.parent
    assert sv.path.is_file() and folder.name.startswith("tmp")
    scratch = type(sv.scratch)(dir=tmp_path)  # the same kind of folder, cleaned up here
    inner = tmp_path / scratch.name
    scratch.cleanup()
    assert not inner.exists()


def test_adams_state_holds_a_step_count_and_two_averages_per_tensor(sv):
    state = sv.saved["optimizer"]["state"]
    assert len(state) == len(list(sv.net.parameters()))
    assert all(set(s) == {"step", "exp_avg", "exp_avg_sq"} for s in state.values())


def resume(sv, seed: int, *, restore_optimizer: bool) -> tuple[nn.Module, nn.Module]:
    """Ten epochs in one go, and five + a checkpoint + five, from `seed`."""

    def start():
        torch.manual_seed(seed)
        net = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(sv.device)
        optimizer = torch.optim.Adam(net.parameters(), lr=sv.LR)
        return net, optimizer, torch.Generator().manual_seed(seed)

    whole, whole_opt, whole_shuffle = start()
    sv.train_epochs(whole, whole_opt, whole_shuffle, 10)
    first, first_opt, first_shuffle = start()
    sv.train_epochs(first, first_opt, first_shuffle, 5)
    saved = {
        "model": {k: v.clone() for k, v in first.state_dict().items()},
        "optimizer": first_opt.state_dict(),
        "shuffle": first_shuffle.get_state(),
    }
    resumed, resumed_opt, resumed_shuffle = start()
    resumed.load_state_dict(saved["model"])
    if restore_optimizer:
        resumed_opt.load_state_dict(saved["optimizer"])
    resumed_shuffle.set_state(saved["shuffle"])
    sv.train_epochs(resumed, resumed_opt, resumed_shuffle, 5)
    return whole, resumed


def test_the_resumed_run_ends_with_the_same_weights(sv):
    assert sv.resumed_same is True


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_resuming_is_exact_from_other_seeds_too(sv, seed):
    whole, resumed = resume(sv, seed, restore_optimizer=True)
    for a, b in zip(whole.parameters(), resumed.parameters(), strict=True):
        assert torch.equal(a, b)


@pytest.mark.parametrize("seed", [0, 1])
def test_without_the_optimizers_state_the_run_ends_elsewhere(sv, seed):
    """A new Adam starts its averages from zero: the page's reason to save its state."""
    whole, resumed = resume(sv, seed, restore_optimizer=False)
    gap = max(
        (a - b).abs().max().item()
        for a, b in zip(whole.parameters(), resumed.parameters(), strict=True)
    )
    assert gap > 1e-3
