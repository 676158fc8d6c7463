"""snippets/frameworks/four_ways.py: the hand-written loop, trainlab.fit, Lightning and
Keras train the same network to much the same test accuracy (on several seeds), the loop
and fit take the same steps, the line counts are those of the code shown, and Lightning
and Keras keep quiet."""

from __future__ import annotations

import inspect
import math

import pytest
import torch
from support import ROOT, import_lesson, pyplot
from torch import nn

plt = pyplot()

LESSON = ROOT / "snippets" / "frameworks"

pytestmark = [
    pytest.mark.usefixtures("one_thread"),  # tiny models: one torch thread (conftest)
    # Keras converts the tensors it is given through NumPy, and Lightning calls a torch
    # function that torch deprecates: warnings the page's program does not show
    pytest.mark.filterwarnings("ignore::DeprecationWarning:keras"),
    pytest.mark.filterwarnings("ignore:.*treespec:FutureWarning"),
    pytest.mark.filterwarnings("ignore:.*treespec:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def fw():
    yield import_lesson(LESSON, "four_ways")
    plt.close("all")  # two_levels.py's figure


def accuracies(fw) -> list[float]:
    return [fw.acc_loop, fw.acc_fit, fw.acc_lightning, fw.acc_keras]


def test_the_four_reach_much_the_same_test_accuracy(fw):
    assert min(accuracies(fw)) >= 0.93
    assert max(accuracies(fw)) - min(accuracies(fw)) <= 0.03


def seeded_model(seed: int) -> nn.Module:
    """make_model()'s network, from another seed."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_four_agree_from_other_seeds_too(fw, seed):
    """The page says the level changes how much you write, not what the network learns."""
    models = [
        fw.by_hand(seeded_model(seed)),
        fw.with_fit(seeded_model(seed)),
        fw.with_lightning(seeded_model(seed)),
        fw.with_keras(seed),
    ]
    found = [fw.accuracy_on_test(m) for m in models]
    assert min(found) >= 0.92, found
    assert max(found) - min(found) <= 0.04, found


def test_the_hand_written_loop_and_fit_take_the_same_steps(fw):
    """Same starting weights, shuffling, batches and Adam: the same weights, up to the
    rounding of fit's fused Adam."""
    hand, high = fw.by_hand(fw.make_model()), fw.with_fit(fw.make_model())
    for (name, p), q in zip(hand.state_dict().items(), high.state_dict().values(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-3, atol=1e-3, msg=name)


def test_every_way_uses_the_same_settings(fw):
    assert (fw.EPOCHS, fw.BATCH_SIZE, fw.LR) == (20, 32, 0.01)
    keras_model = fw.with_keras()
    assert type(keras_model.optimizer).__name__ == "Adam"
    assert math.isclose(float(keras_model.optimizer.learning_rate), fw.LR, rel_tol=1e-6)
    optimizer = fw.Digits(fw.make_model()).configure_optimizers()
    assert isinstance(optimizer, torch.optim.Adam) and optimizer.defaults["lr"] == fw.LR


def test_keras_runs_on_pytorch_and_its_model_is_a_module(fw):
    import keras

    assert keras.backend.backend() == "torch"
    model = fw.with_keras()
    assert isinstance(model, torch.nn.Module)
    assert sum(p.numel() for p in model.parameters()) == sum(
        p.numel() for p in fw.make_model().parameters()
    )  # the same shape of network: 64 -> 64 -> 10


def lines_shown(function) -> int:
    """Lines of a function's source that are neither blank nor comments (the functions
    counted here have no docstring and no statement over several lines)."""
    source = inspect.getsource(function).splitlines()
    return sum(1 for line in source if line.strip() and not line.strip().startswith("#"))


def test_code_lines_counts_the_lines_shown(fw):
    assert fw.lines_loop == fw.code_lines(fw.by_hand) == lines_shown(fw.by_hand)
    assert fw.lines_fit == fw.code_lines(fw.with_fit) == lines_shown(fw.with_fit)
    assert fw.lines_lightning == fw.code_lines(fw.Digits, fw.with_lightning)
    assert fw.lines_keras == fw.code_lines(fw.with_keras)


def test_code_lines_skips_blank_lines_comments_and_docstrings(fw):
    source = '''
class Toy:
    """A docstring, not code."""

    def __init__(self):
        # a comment
        self.x = 1

    def double(self, y):
        return 2 * y  # a comment after code


def toy(a):
    """Another docstring."""

    b = a + 1
    return b
'''
    namespace = {}
    exec(compile(source, "<toy>", "exec"), namespace)
    assert fw.code_lines(namespace["toy"]) == 3  # def, b = ..., return
    assert fw.code_lines(namespace["Toy"]) == 4  # two defs and their bodies
    assert fw.code_lines(namespace["Toy"], namespace["toy"]) == 7


def test_times_are_per_epoch_and_positive(fw):
    for ms in (fw.ms_loop, fw.ms_fit, fw.ms_lightning, fw.ms_keras):
        assert 0 < ms < 60_000


def test_lightning_and_keras_train_without_a_word(fw, capfd):
    """No banner, progress bar or model summary: the page shows only what the program
    prints. (Its warning filters are the page program's; pytest resets them for each
    test, so tests/site/test_pages.py checks the page's run for warnings instead.)"""
    fw.with_lightning(fw.make_model())
    fw.with_keras()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_lightning_writes_no_files(fw, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fw.with_lightning(fw.make_model())
    assert list(tmp_path.iterdir()) == []
