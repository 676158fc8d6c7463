"""snippets/frameworks/descent.py: gradient descent by hand, against the same steps in
plain float64 arithmetic, against torch.optim.SGD and against least squares, over five
seeds; and the two rules of the loop (no_grad, zero the gradient) shown to matter."""

from __future__ import annotations

import itertools

import pytest
import torch
from support import ROOT, run_example, run_script

SCRIPT = ROOT / "snippets" / "frameworks" / "descent.py"
SOURCE = SCRIPT.read_text(encoding="utf-8")
SEEDS = range(5)


def run_with_seed(seed: int) -> dict:
    assert SOURCE.count("torch.manual_seed(0)\n") == 1, "the script seeds in one place"
    return run_example(
        SCRIPT, source=SOURCE.replace("torch.manual_seed(0)\n", f"torch.manual_seed({seed})\n")
    )


@pytest.fixture(scope="module")
def runs() -> dict[int, dict]:
    return {seed: run_with_seed(seed) for seed in SEEDS}


def by_hand_in_float64(ns: dict, *, zero_grad: bool = True) -> tuple[float, float, list[float]]:
    """The same descent with the gradient of the MSE worked out on paper:
    dL/dw = 2 mean((w x + b - y) x), dL/db = 2 mean(w x + b - y). Without zero_grad, each
    step uses the sum of all the gradients so far, as an uncleared .grad would."""
    x, y = ns["xs"].double(), ns["ys"].double()
    w = b = 0.0
    gw = gb = 0.0
    losses = []
    for _ in range(ns["STEPS"]):
        r = w * x + b - y
        losses.append((r**2).mean().item())
        if zero_grad:
            gw = gb = 0.0
        gw += 2 * (r * x).mean().item()
        gb += 2 * r.mean().item()
        w, b = w - ns["LR"] * gw, b - ns["LR"] * gb
    return w, b, losses


def printed_losses(ns: dict) -> dict[int, float]:
    """The table the page prints: `step loss` every fifth step."""
    lines = ns["_stdout"].splitlines()[: ns["STEPS"] // 5]
    return {int(step): float(loss) for step, loss in (line.split() for line in lines)}


@pytest.mark.parametrize("seed", SEEDS)
def test_loop_by_hand_is_gradient_descent(runs, seed):
    ns = runs[seed]
    w, b, losses = by_hand_in_float64(ns)
    assert ns["w_fit"] == pytest.approx(w, abs=1e-4)
    assert ns["b_fit"] == pytest.approx(b, abs=1e-4)
    table = printed_losses(ns)
    assert list(table) == list(range(0, ns["STEPS"], 5))
    for step, loss in table.items():
        assert loss == pytest.approx(losses[step], abs=1e-3)


@pytest.mark.parametrize("seed", SEEDS)
def test_loss_falls_at_every_step_and_the_line_is_found(runs, seed):
    ns = runs[seed]
    _, _, losses = by_hand_in_float64(ns)
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))
    final = ns["mse"](torch.tensor(ns["w_fit"]), torch.tensor(ns["b_fit"])).item()
    assert final < losses[-1] < losses[0] / 20
    x, y = ns["xs"].double(), ns["ys"].double()
    design = torch.stack([x, torch.ones_like(x)], dim=1)  # (N, 2)
    w_ls, b_ls = torch.linalg.lstsq(design, y.unsqueeze(1)).solution.squeeze().tolist()
    assert ns["w_fit"] == pytest.approx(w_ls, abs=0.01)  # 30 steps: close to the optimum
    assert ns["b_fit"] == pytest.approx(b_ls, abs=0.01)
    assert ns["w_fit"] == pytest.approx(3, abs=0.2)  # "close to the line that made the data"
    assert ns["b_fit"] == pytest.approx(-1, abs=0.2)


@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_reaches_the_same_weights(runs, seed):
    ns = runs[seed]
    assert ns["sgd_gap"] < 1e-6
    assert ns["_stdout"].splitlines()[-1] == f"{ns['sgd_gap']}"


def test_page_prints_a_small_table(runs):
    ns = runs[0]
    lines = ns["_stdout"].splitlines()
    assert len(lines) == ns["STEPS"] // 5 + 2
    assert lines[-2] == f"{round(ns['w_fit'], 3)} {round(ns['b_fit'], 3)}"


def test_update_outside_no_grad_is_refused(runs):
    """Why no_grad: PyTorch will not record an in-place change of a weight it tracks."""
    ns = runs[0]
    w = torch.tensor(0.0, requires_grad=True)
    ns["mse"](w, torch.tensor(0.0)).backward()
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        w -= ns["LR"] * w.grad


@pytest.mark.parametrize("seed", SEEDS)
def test_without_zeroing_the_loss_stops_falling_steadily(runs, seed):
    """Why zero the gradient: uncleared, the steps use the sum of every gradient so far."""
    ns = runs[seed]
    _, _, losses = by_hand_in_float64(ns, zero_grad=False)
    assert any(later > earlier for earlier, later in itertools.pairwise(losses))
    _, _, with_zeroing = by_hand_in_float64(ns)
    assert losses[-1] > with_zeroing[-1]


@pytest.mark.slow
def test_runs_as_a_script_from_any_folder(tmp_path, runs):
    result = run_script(SCRIPT, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == runs[0]["_stdout"]
