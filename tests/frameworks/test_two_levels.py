"""snippets/frameworks/two_levels.py: the hand-written loop and trainlab.fit take the
same steps and reach a sensible accuracy; a custom layer trains under fit; train_epoch
works inside a loop of our own."""

from __future__ import annotations

import ast
import tomllib

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
    """Same data, starting weights, shuffling and optimizer: the same trained weights, up
    to rounding (fit's Adam is PyTorch's fused one where the device has it, the loop's the
    plain one; a GPU may also add in another order)."""
    hand, high = ns["model"].state_dict(), ns["fit_model"].state_dict()
    for name in hand:
        torch.testing.assert_close(hand[name], high[name], rtol=1e-3, atol=1e-3)
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


# torch.optim's classes as torch 2.3.1 defines them, and the keywords each accepts: the
# oldest torch that pyproject.toml accepts (recorded from that version's signatures).
FLOOR = "torch>=2.3"
FLOOR_OPTIONS = {
    "Adadelta": "params lr rho eps weight_decay foreach maximize differentiable",
    "Adagrad": "params lr lr_decay weight_decay initial_accumulator_value eps foreach maximize "
    "differentiable",
    "Adam": "params lr betas eps weight_decay amsgrad foreach maximize capturable differentiable "
    "fused",
    "AdamW": "params lr betas eps weight_decay amsgrad maximize foreach capturable differentiable "
    "fused",
    "Adamax": "params lr betas eps weight_decay foreach maximize differentiable capturable",
    "ASGD": "params lr lambd alpha t0 weight_decay foreach maximize differentiable capturable",
    "LBFGS": "params lr max_iter max_eval tolerance_grad tolerance_change history_size "
    "line_search_fn",
    "NAdam": "params lr betas eps weight_decay momentum_decay decoupled_weight_decay foreach "
    "capturable differentiable",
    "RAdam": "params lr betas eps weight_decay decoupled_weight_decay foreach capturable "
    "differentiable",
    "RMSprop": "params lr alpha eps weight_decay momentum centered foreach maximize differentiable",
    "Rprop": "params lr etas step_sizes foreach maximize differentiable",
    "SGD": "params lr momentum dampening weight_decay nesterov maximize foreach differentiable "
    "fused",
    "SparseAdam": "params lr betas eps maximize",
    "lr_scheduler.ConstantLR": "optimizer factor total_iters last_epoch verbose",
    "lr_scheduler.CosineAnnealingLR": "optimizer T_max eta_min last_epoch verbose",
    "lr_scheduler.CosineAnnealingWarmRestarts": "optimizer T_0 T_mult eta_min last_epoch verbose",
    "lr_scheduler.ExponentialLR": "optimizer gamma last_epoch verbose",
    "lr_scheduler.LambdaLR": "optimizer lr_lambda last_epoch verbose",
    "lr_scheduler.LinearLR": "optimizer start_factor end_factor total_iters last_epoch verbose",
    "lr_scheduler.MultiStepLR": "optimizer milestones gamma last_epoch verbose",
    "lr_scheduler.MultiplicativeLR": "optimizer lr_lambda last_epoch verbose",
    "lr_scheduler.OneCycleLR": "optimizer max_lr total_steps epochs steps_per_epoch pct_start "
    "anneal_strategy cycle_momentum base_momentum max_momentum div_factor final_div_factor "
    "three_phase last_epoch verbose",
    "lr_scheduler.PolynomialLR": "optimizer total_iters power last_epoch verbose",
    "lr_scheduler.ReduceLROnPlateau": "optimizer mode factor patience threshold threshold_mode "
    "cooldown min_lr eps verbose",
    "lr_scheduler.SequentialLR": "optimizer schedulers milestones last_epoch verbose",
    "lr_scheduler.StepLR": "optimizer step_size gamma last_epoch verbose",
}
# Accepted at the floor, but whether they work depends on the version and the device
# (fused=True: CUDA only in 2.3, CPU from 2.4); trainlab.optim tries fused kernels
# itself, behind a guard (tests/trainlab/test_optim.py).
DEVICE_DEPENDENT = {"fused", "capturable", "foreach", "differentiable"}


def torch_optim_calls(path):
    """(line, name after "torch.optim.", keyword names) of each call of a torch.optim
    class in the file, through whatever name it was imported under."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    alias = {}  # a name in the file -> what it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:  # import torch.optim as o: o; import torch.optim: torch
                if a.asname:
                    alias[a.asname] = a.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("torch"):
            for a in node.names:
                alias[a.asname or a.name] = f"{node.module}.{a.name}"

    def dotted(node):
        if isinstance(node, ast.Name):
            return alias.get(node.id, node.id)
        if isinstance(node, ast.Attribute) and (base := dotted(node.value)):
            return f"{base}.{node.attr}"
        return None

    for node in ast.walk(tree):
        name = dotted(node.func) if isinstance(node, ast.Call) else None
        if name and name.startswith("torch.optim."):
            keywords = [k.arg for k in node.keywords if k.arg]
            yield node.lineno, name.removeprefix("torch.optim."), keywords


def floor_problems(path, shown_as):
    """What in the file would fail, or work on some devices only, under torch 2.3."""
    for line, name, keywords in torch_optim_calls(path):
        where = f"{shown_as}:{line}: torch.optim.{name}"
        if name not in FLOOR_OPTIONS:
            yield f"{where} is not in torch 2.3"
            continue
        for keyword in keywords:
            if keyword not in FLOOR_OPTIONS[name].split():
                yield f"{where}({keyword}=...): torch 2.3 has no such option"
            elif keyword in DEVICE_DEPENDENT:
                yield f"{where}({keyword}=...) works on some devices only"


def test_floor_table_is_for_the_torch_pyproject_accepts():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert FLOOR in project["dependencies"], "re-record FLOOR_OPTIONS for the new floor"


def test_no_snippet_uses_an_optimizer_option_the_oldest_torch_lacks():
    """Every page's code must run on every torch pyproject.toml accepts: each torch.optim
    class it makes exists in torch 2.3 and takes each keyword given, and none of those
    keywords works on some devices only."""
    paths = sorted((ROOT / "snippets").rglob("*.py"))
    assert sum(len(list(torch_optim_calls(p))) for p in paths) > 10  # the scan finds them
    problems = [x for p in paths for x in floor_problems(p, p.relative_to(ROOT))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "code, problem",
    [
        ("import torch\ntorch.optim.Adam(ps, lr=0.1, fused=True)", "(fused=...) works on some"),
        ("from torch.optim import SGD\nSGD(ps, lr=0.1, foreach=True)", "(foreach=...) works on"),
        ("from torch import optim\noptim.Adam(ps, decoupled_weight_decay=True)", "has no such"),
        ("import torch.optim as o\no.Muon(ps, lr=0.1)", "Muon is not in torch 2.3"),
        ("from torch.optim import lr_scheduler as s\ns.StepLR(opt, 2, gamma=0.5)", None),
        ("import torch\ntorch.optim.SGD(ps, lr=0.1, momentum=0.9)", None),
    ],
)
def test_the_floor_check_sees_every_form_of_import(tmp_path, code, problem):
    path = tmp_path / "example.py"
    path.write_text(code + "\n", encoding="utf-8")
    assert len(list(torch_optim_calls(path))) == 1
    found = list(floor_problems(path, "example.py"))
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0]
