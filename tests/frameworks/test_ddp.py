"""snippets/frameworks/ddp.py: the same Trainer on two processes (gloo, forked) gives each
process half of the data, keeps the two copies of the weights identical, and hands the
trained weights back to the process that started it."""

from __future__ import annotations

import math

import pytest
import torch
from support import ROOT, import_lesson, pyplot

plt = pyplot()

LESSON = ROOT / "snippets" / "frameworks"

pytestmark = [
    pytest.mark.slow,  # forks two processes
    pytest.mark.skipif(
        "fork" not in torch.multiprocessing.get_all_start_methods(), reason="needs fork"
    ),
    # four_ways.py, imported first, trains Keras, which warns inside (see test_four_ways.py)
    pytest.mark.filterwarnings("ignore::DeprecationWarning:keras"),
]


@pytest.fixture(scope="module")
def ddp():
    yield import_lesson(LESSON, "ddp")
    plt.close("all")


def test_two_processes_with_half_of_the_data_each(ddp):
    assert ddp.trainer.world_size == 2
    per_process = math.ceil(len(ddp.parts.train.x) / 2)
    assert ddp.ddp_batches == math.ceil(per_process / ddp.BATCH_SIZE)
    assert ddp.effective_batch == 2 * ddp.BATCH_SIZE


def test_the_copies_of_the_weights_stay_identical(ddp):
    assert ddp.copies_differ_by == 0.0


def test_the_trained_weights_come_back_to_the_main_process(ddp):
    untrained = ddp.make_model()
    moved = [
        not torch.equal(a, b)
        for a, b in zip(untrained.parameters(), ddp.ddp_model.parameters(), strict=True)
    ]
    assert all(moved)
    assert ddp.ddp_accuracy >= 0.9
    assert ddp.ddp_accuracy == ddp.accuracy_on_test(ddp.ddp_model)
