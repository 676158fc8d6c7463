"""snippets/frameworks/tensors.py: creating, shaping, arithmetic, sigmoid and softmax."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from support import ROOT, run_example, run_script

SCRIPT = ROOT / "snippets" / "frameworks" / "tensors.py"


@pytest.fixture(scope="module")
def ns():
    return run_example(SCRIPT)


def test_created_tensors_have_the_shapes_and_types_the_page_names(ns):
    assert ns["a"].shape == (2, 3) and ns["a"].dtype == torch.float32
    assert ns["zeros"].shape == (2, 3) and not ns["zeros"].any()
    assert ns["steps"].tolist() == [0, 1, 2, 3, 4, 5] and ns["steps"].dtype == torch.int64
    assert ns["from_numpy"].dtype == torch.float64  # NumPy's default type is kept


def test_from_numpy_shares_memory_as_the_tip_says():
    array = np.array([1.0, 2.0])
    tensor = torch.from_numpy(array)
    array[0] = 7.0
    assert tensor[0].item() == 7.0
    tensor.numpy()[1] = 9.0
    assert array[1] == 9.0


def test_reshape_reads_row_by_row(ns):
    a = ns["a"]
    assert ns["flat"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ns["tall"].tolist() == [[1, 2], [3, 4], [5, 6]]
    assert ns["column"].tolist() == [2, 5]
    assert ns["batch"].shape == (1, 2, 3)
    assert a.T.shape == (3, 2)


def test_matrix_product_and_broadcast_bias_match_plain_loops(ns):
    a, w, bias = ns["a"].tolist(), ns["w"].tolist(), ns["bias"].tolist()
    expected = [
        [sum(a[i][k] * w[k][j] for k in range(3)) + bias[j] for j in range(2)] for i in range(2)
    ]
    assert (ns["a"] @ ns["w"] + ns["bias"]).tolist() == expected


def test_sigmoid_and_softmax_match_their_formulas(ns):
    scores = ns["scores"].tolist()
    for row, squashed, probs in zip(scores, ns["squashed"], ns["probs"], strict=True):
        total = sum(math.exp(z) for z in row)
        for z, s, p in zip(row, squashed.tolist(), probs.tolist(), strict=True):
            assert s == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-6)
            assert p == pytest.approx(math.exp(z) / total, rel=1e-6)
    torch.testing.assert_close(ns["probs"].sum(dim=1), torch.ones(2))
    assert ns["probs"].argmax(dim=1).tolist() == [0, 0]


def test_equal_scores_give_equal_probabilities_and_shifts_change_nothing(ns):
    torch.testing.assert_close(ns["probs"][1], torch.full((3,), 1 / 3))
    shifted = torch.softmax(ns["scores"] + 100.0, dim=1)
    torch.testing.assert_close(shifted, ns["probs"])


def test_a_shifted_row_has_the_same_softmax(ns):
    torch.testing.assert_close(torch.softmax(ns["big"], dim=1), ns["probs"][:1])
    for c in (-50.0, 3.5, 80.0):  # any constant, against the formula in float64
        z = ns["scores"][0].double().tolist()
        expected = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
        got = torch.softmax(ns["scores"][:1] + c, dim=1)[0].tolist()
        assert got == pytest.approx(expected, rel=1e-5)


def test_naive_softmax_overflows_and_the_shifted_one_does_not(ns):
    assert torch.isinf(torch.exp(ns["big"])).all()  # e^1000 does not fit a float32
    assert torch.isnan(ns["naive"]).all()  # inf / inf
    shifted = ns["shifted"]
    assert shifted.max().item() == 0.0  # the largest exponential is e^0 = 1
    stable = torch.exp(shifted) / torch.exp(shifted).sum(dim=1, keepdim=True)
    torch.testing.assert_close(stable, torch.softmax(ns["big"], dim=1))
    torch.testing.assert_close(stable, ns["probs"][:1])  # the gaps are what count
    lines = ns["_stdout"].splitlines()
    assert lines[-2].startswith("tensor([[nan, nan, nan]]) tensor([[0.6590, 0.2424, 0.0986]])")


def test_exp_limit_is_where_float32_exp_overflows(ns):
    limit = ns["exp_limit"]
    assert limit == pytest.approx(math.log(torch.finfo(torch.float32).max))
    assert torch.isfinite(torch.exp(torch.tensor(limit - 0.01)))
    assert torch.isinf(torch.exp(torch.tensor(limit + 0.01)))
    assert limit < ns["big"].min().item()  # every score of big is past it


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, ns):
    result = run_script(SCRIPT, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ns["_stdout"]
    assert "torch.Size([2, 3]) torch.float32 torch.int64 torch.float64" in result.stdout
