"""trainlab.data: bundled and synthetic datasets, seeded splits, scaling, MNIST files."""

from __future__ import annotations

import gzip
import sys

import pytest
import torch
from trainlab import (
    Data,
    RangeScaler,
    TrainlabError,
    load_digits,
    load_iris,
    load_mnist,
    make_circles,
    make_moons,
    make_noisy_line,
    make_spirals,
    polynomial_features,
    scale_splits,
    split,
)


def test_iris_and_digits_are_bundled_tensors():
    iris, digits = load_iris(), load_digits()
    assert iris.x.shape == (150, 4) and iris.x.dtype == torch.float32
    assert iris.y.dtype == torch.int64 and iris.y.bincount().tolist() == [50, 50, 50]
    assert digits.x.shape == (1797, 64) and digits.x.dtype == torch.float32
    assert sorted(digits.y.unique().tolist()) == list(range(10))
    assert digits.x.min() == 0 and digits.x.max() == 16  # 4-bit grey levels


@pytest.mark.parametrize(
    ("make", "n_classes"),
    [(make_moons, 2), (make_circles, 2), (lambda **kw: make_spirals(n_classes=3, **kw), 3)],
)
def test_synthetic_problems_are_balanced_and_seeded(make, n_classes):
    a, b, c = make(n=300, seed=1), make(n=300, seed=1), make(n=300, seed=2)
    assert a.x.shape == (300, 2) and a.x.dtype == torch.float32 and a.y.dtype == torch.int64
    assert a.y.bincount().tolist() == [300 // n_classes] * n_classes
    assert torch.equal(a.x, b.x) and torch.equal(a.y, b.y)
    assert not torch.equal(a.x, c.x)


def test_circles_without_noise_lie_on_their_circles():
    data = make_circles(n=200, noise=0.0, factor=0.3)
    radius = data.x.norm(dim=1)
    torch.testing.assert_close(radius[data.y == 0], torch.ones(100))
    torch.testing.assert_close(radius[data.y == 1], torch.full((100,), 0.3))


def test_spirals_are_not_linearly_separable_but_are_learnable():
    """A linear classifier fails on spirals; that is what they are for."""
    data = make_spirals(n=600, n_classes=3, noise=0.1)
    solution = torch.linalg.lstsq(
        torch.cat([data.x, torch.ones(600, 1)], dim=1), torch.eye(3)[data.y]
    ).solution
    accuracy = (
        ((torch.cat([data.x, torch.ones(600, 1)], dim=1) @ solution).argmax(1) == data.y)
        .float()
        .mean()
    )
    assert accuracy < 0.7


def test_bad_generator_arguments():
    with pytest.raises(TrainlabError, match="noise must be"):
        make_moons(noise=-1)
    with pytest.raises(TrainlabError, match="factor must be"):
        make_circles(factor=1.5)
    with pytest.raises(TrainlabError, match="n_classes must be an integer >= 2"):
        make_spirals(n_classes=1)


def test_noisy_line_and_polynomial_features():
    data = make_noisy_line(n=10, noise=0.0, slope=2.0, intercept=1.0)
    torch.testing.assert_close(data.y, 2.0 * data.x.squeeze(1) + 1.0)
    features = polynomial_features(data.x, 6)
    assert features.shape == (10, 6)
    torch.testing.assert_close(features[:, 2], data.x.squeeze(1) ** 3)
    linear, poly = torch.nn.Linear(1, 1), torch.nn.Linear(6, 1)
    assert sum(p.numel() for p in linear.parameters()) == 2  # the lesson's two models
    assert sum(p.numel() for p in poly.parameters()) == 7
    with pytest.raises(TrainlabError, match=r"shape \(N, 1\)"):
        polynomial_features(torch.zeros(3, 2), 2)


def test_split_is_a_seeded_partition():
    data = load_iris()
    a, b, c = split(data, seed=3), split(data, seed=3), split(data, seed=4)
    for part_a, part_b in zip((a.train, a.val, a.test), (b.train, b.val, b.test), strict=True):
        assert torch.equal(part_a.x, part_b.x) and torch.equal(part_a.y, part_b.y)
    assert not torch.equal(a.train.x, c.train.x)
    # together the three parts are exactly the data: every row once
    rows = torch.cat([a.train.x, a.val.x, a.test.x])
    assert len(rows) == 150
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, data.x.tolist()))
    assert (len(a.train.x), len(a.val.x), len(a.test.x)) == (90, 30, 30)


def test_split_is_stratified_for_labels():
    parts = split(load_iris(), fractions=(0.6, 0.2, 0.2))
    for part in (parts.train, parts.val, parts.test):
        counts = part.y.bincount().tolist()
        assert max(counts) - min(counts) == 0, counts  # 50 per class splits evenly


# MNIST's 60,000 training images, digit by digit (0 to 9)
MNIST_TRAIN_DIGITS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_split_cuts_mnist_training_set_60_20_20_digit_by_digit():
    """What the lab says its real-MNIST recipe does: split() cuts MNIST's training images
    (not its test images) into about 36,000, 12,000 and 12,000, each digit 60/20/20."""
    y = torch.repeat_interleave(torch.arange(10), torch.tensor(MNIST_TRAIN_DIGITS))
    splits = split(Data(torch.zeros(len(y), 1), y), seed=0)
    parts = (splits.train, splits.val, splits.test)
    assert [len(part.y) for part in parts] == [36_001, 12_000, 11_999]
    for part, fraction in zip(parts, (0.6, 0.2, 0.2), strict=True):
        counts = part.y.bincount(minlength=10)
        expected = fraction * torch.tensor(MNIST_TRAIN_DIGITS)
        assert (counts - expected).abs().max() <= 1, counts.tolist()


def test_split_of_regression_data_is_not_stratified():
    data = make_noisy_line(n=20)
    parts = split(data, fractions=(0.5, 0.25, 0.25))
    assert (len(parts.train.x), len(parts.val.x), len(parts.test.x)) == (10, 5, 5)


def test_split_rejects_bad_fractions_and_empty_parts():
    with pytest.raises(TrainlabError, match="add up to 1"):
        split(load_iris(), fractions=(0.5, 0.5, 0.5))
    with pytest.raises(TrainlabError, match="val split .* is empty"):
        split(make_noisy_line(n=3), fractions=(0.9, 0.05, 0.05))
    with pytest.raises(TrainlabError, match="has 3 samples but data.y has 2"):
        split(Data(torch.zeros(3, 1), torch.zeros(2)))


def test_range_scaler_maps_training_range_and_reuses_it():
    parts = split(load_digits())
    scaled = scale_splits(parts, low=-1.0, high=1.0)
    varying = parts.train.x.amax(0) > parts.train.x.amin(0)
    assert torch.allclose(scaled.train.x[:, varying].amin(0), torch.tensor(-1.0))
    assert torch.allclose(scaled.train.x[:, varying].amax(0), torch.tensor(1.0))
    assert torch.isfinite(scaled.train.x).all()  # constant pixels do not divide by zero
    # validation data is scaled with the training numbers, not its own
    scaler = RangeScaler(0.0, 1.0).fit(parts.train.x)
    torch.testing.assert_close(scaler.transform(parts.val.x), scale_splits(parts, 0.0, 1.0).val.x)


def test_feature_constant_in_training_stays_finite_and_small_elsewhere():
    """A pixel blank in every training image but not in a validation image must not
    explode (it once became ~1e12, and early stopping then picked epoch 1)."""
    train = torch.tensor([[0.0, 1.0], [0.0, 3.0]])
    scaler = RangeScaler(-1.0, 1.0).fit(train)
    torch.testing.assert_close(scaler.transform(train), torch.tensor([[-1.0, -1.0], [-1.0, 1.0]]))
    torch.testing.assert_close(
        scaler.transform(torch.tensor([[5.0, 2.0]])), torch.tensor([[9.0, 0.0]])
    )
    for seed in range(6):  # the digits splits where pixel 56 is blank in training
        scaled = scale_splits(split(load_digits(), seed=seed))
        assert scaled.val.x.abs().max() < 40 and scaled.test.x.abs().max() < 40, seed


def test_range_scaler_misuse():
    with pytest.raises(TrainlabError, match="before fit"):
        RangeScaler().transform(torch.zeros(2, 2))
    with pytest.raises(TrainlabError, match="low must be less than high"):
        RangeScaler(1.0, 0.0)


# ---------------------------------------------------------------- MNIST on a tiny local fake


def write_idx(path, array: torch.Tensor, magic: int, compress: bool):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    blob = header + bytes(array.flatten().tolist())
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        with gzip.open(str(path) + ".gz", "wb") as f:
            f.write(blob)
    else:
        path.write_bytes(blob)


@pytest.fixture
def fake_mnist(tmp_path):
    g = torch.Generator().manual_seed(0)
    raw = tmp_path / "MNIST" / "raw"
    images = torch.randint(0, 256, (12, 28, 28), generator=g, dtype=torch.uint8)
    labels = torch.arange(12, dtype=torch.uint8) % 10
    write_idx(raw / "train-images-idx3-ubyte", images, 2051, compress=True)
    write_idx(raw / "train-labels-idx1-ubyte", labels, 2049, compress=False)
    return tmp_path, images, labels


def test_load_mnist_reads_idx_files_like_torchvision_leaves_them(fake_mnist):
    root, images, labels = fake_mnist
    data = load_mnist(root, train=True)
    assert data.x.shape == (12, 784) and data.x.dtype == torch.float32
    torch.testing.assert_close(data.x, images.reshape(12, -1).float() / 255)
    assert data.y.dtype == torch.int64 and data.y.tolist() == labels.tolist()
    assert data.x.min() >= 0.0 and data.x.max() <= 1.0


def test_load_mnist_missing_files_name_the_folder(tmp_path, monkeypatch):
    with pytest.raises(
        TrainlabError, match=r"MNIST files not found in .*MNIST/raw .*download=True"
    ):
        load_mnist(tmp_path, train=False)
    monkeypatch.setitem(sys.modules, "torchvision", None)  # as if not installed; never downloads
    monkeypatch.setitem(sys.modules, "torchvision.datasets", None)
    with pytest.raises(
        TrainlabError,
        match=r"needs torchvision, installed from the index torch came from.*"
        r"pip install torchvision --index-url https://download.pytorch.org/whl/cpu",
    ):
        load_mnist(tmp_path, download=True)


def test_load_mnist_downloads_nothing_when_the_files_are_there(fake_mnist, monkeypatch):
    monkeypatch.setitem(sys.modules, "torchvision", None)  # importing it would fail
    monkeypatch.setitem(sys.modules, "torchvision.datasets", None)
    assert len(load_mnist(fake_mnist[0], download=True).y) == 12


def test_load_mnist_rejects_damaged_files(fake_mnist):
    root, _, _ = fake_mnist
    labels = root / "MNIST" / "raw" / "train-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:-3])
    with pytest.raises(TrainlabError, match="truncated"):
        load_mnist(root)
    labels.write_bytes(b"\x00\x00\x08\x03" + b"\x00" * 8)
    with pytest.raises(TrainlabError, match="not an MNIST IDX file"):
        load_mnist(root)
