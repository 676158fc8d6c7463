"""Data that needs no download: Iris, 8x8 digits, synthetic 2-D problems, the noisy
points of the overfitting lesson; seeded splits; scaling inputs to a small range.

Everything is a pair of tensors, `Data(x, y)`: x is (N, D) float32, y is (N,) int64
class labels (classification) or float targets (regression). Small datasets live
whole on the training device and are batched by indexing (see trainlab.train).
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import torch

from trainlab.errors import TrainlabError


class Data(NamedTuple):
    x: torch.Tensor  # (N, D) features
    y: torch.Tensor  # (N,) labels or targets

    def to(self, device: torch.device | str) -> Data:
        return Data(self.x.to(device), self.y.to(device))


@dataclass(frozen=True)
class Splits:
    train: Data
    val: Data
    test: Data


# ---------------------------------------------------------------- bundled datasets


def _sklearn_dataset(loader) -> Data:
    bunch = loader()
    return Data(
        torch.as_tensor(bunch.data, dtype=torch.float32),
        torch.as_tensor(bunch.target, dtype=torch.int64),
    )


def load_iris() -> Data:
    """Fisher's Iris: 150 flowers, 4 measurements in cm, 3 species (scikit-learn's copy)."""
    from sklearn.datasets import load_iris as sklearn_iris

    return _sklearn_dataset(sklearn_iris)


def load_digits() -> Data:
    """1,797 handwritten digits as 8x8 images flattened to 64 values in 0..16, labels 0-9.

    The offline stand-in for MNIST (scikit-learn bundles it, so nothing is downloaded).
    """
    from sklearn.datasets import load_digits as sklearn_digits

    return _sklearn_dataset(sklearn_digits)


# ---------------------------------------------------------------- synthetic 2-D problems


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _check_count(name: str, n: int, at_least: int) -> None:
    if not isinstance(n, int) or n < at_least:
        raise TrainlabError(f"{name} must be an integer >= {at_least}, got {n!r}")


def _check_noise(noise: float) -> None:
    if not (noise >= 0 and math.isfinite(noise)):
        raise TrainlabError(f"noise must be a finite number >= 0, got {noise!r}")


def make_moons(n: int = 500, noise: float = 0.1, seed: int = 0) -> Data:
    """Two interleaving half circles, labels 0 and 1."""
    _check_count("n", n, 2)
    _check_noise(noise)
    g = _generator(seed)
    n_outer = n // 2
    t_outer = torch.linspace(0, math.pi, n_outer)
    t_inner = torch.linspace(0, math.pi, n - n_outer)
    outer = torch.stack([torch.cos(t_outer), torch.sin(t_outer)], dim=1)
    inner = torch.stack([1 - torch.cos(t_inner), 0.5 - torch.sin(t_inner)], dim=1)
    x = torch.cat([outer, inner]) + noise * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(n_outer), torch.ones(n - n_outer)]).long()
    return _shuffled(Data(x, y), g)


def make_circles(n: int = 500, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Data:
    """A small circle (label 1) inside a large one (label 0); factor is their radius ratio."""
    _check_count("n", n, 2)
    _check_noise(noise)
    if not 0 < factor < 1:
        raise TrainlabError(f"factor must be between 0 and 1 (exclusive), got {factor!r}")
    g = _generator(seed)
    n_outer = n // 2
    t_outer = torch.rand(n_outer, generator=g) * 2 * math.pi
    t_inner = torch.rand(n - n_outer, generator=g) * 2 * math.pi
    outer = torch.stack([torch.cos(t_outer), torch.sin(t_outer)], dim=1)
    inner = factor * torch.stack([torch.cos(t_inner), torch.sin(t_inner)], dim=1)
    x = torch.cat([outer, inner]) + noise * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(n_outer), torch.ones(n - n_outer)]).long()
    return _shuffled(Data(x, y), g)


def make_spirals(n: int = 600, n_classes: int = 3, noise: float = 0.2, seed: int = 0) -> Data:
    """n_classes spiral arms winding out from the origin; not linearly separable."""
    _check_count("n_classes", n_classes, 2)
    _check_count("n", n, n_classes)
    _check_noise(noise)
    g = _generator(seed)
    xs, ys = [], []
    for k in range(n_classes):
        m = n // n_classes + (1 if k < n % n_classes else 0)
        r = torch.linspace(0.05, 1.0, m)  # radius grows along the arm
        theta = 2 * math.pi * k / n_classes + 4.0 * r + noise * torch.randn(m, generator=g)
        xs.append(torch.stack([r * torch.cos(theta), r * torch.sin(theta)], dim=1))
        ys.append(torch.full((m,), k))
    return _shuffled(Data(torch.cat(xs), torch.cat(ys)), g)


def make_noisy_line(
    n: int = 12,
    slope: float = 0.8,
    intercept: float = 0.2,
    noise: float = 0.15,
    seed: int = 0,
) -> Data:
    """The overfitting lesson's handful of points: y = slope·x + intercept + noise.

    x is (n, 1) spread evenly over [-1, 1]; y is (n,) float32. A straight line
    (2 parameters) is the right model; a degree-6 polynomial (7 parameters, see
    polynomial_features) can pass through 7 training points and still be wrong.
    """
    _check_count("n", n, 2)
    _check_noise(noise)
    g = _generator(seed)
    x = torch.linspace(-1, 1, n).unsqueeze(1)  # (n, 1)
    y = slope * x.squeeze(1) + intercept + noise * torch.randn(n, generator=g)
    return Data(x, y)


def polynomial_features(x: torch.Tensor, degree: int) -> torch.Tensor:
    """(N, 1) -> (N, degree): x, x², …, x^degree. With a bias, degree+1 parameters."""
    _check_count("degree", degree, 1)
    if x.ndim != 2 or x.shape[1] != 1:
        raise TrainlabError(f"x must have shape (N, 1), got {tuple(x.shape)}")
    return torch.cat([x**k for k in range(1, degree + 1)], dim=1)


def _shuffled(data: Data, g: torch.Generator) -> Data:
    order = torch.randperm(len(data.x), generator=g)
    return Data(data.x[order], data.y[order])


# ---------------------------------------------------------------- splits


def split(
    data: Data,
    fractions: tuple[float, float, float] = (0.6, 0.2, 0.2),
    seed: int = 0,
    stratify: bool | None = None,
) -> Splits:
    """Deterministic train/validation/test split from a seed.

    Classification data (integer labels) is stratified by default: every split keeps
    the class proportions, so a small validation set is not missing a class.
    """
    x, y = data
    if len(x) != len(y):
        raise TrainlabError(f"data.x has {len(x)} samples but data.y has {len(y)}")
    if len(fractions) != 3 or any(f <= 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise TrainlabError(
            f"fractions must be three positive numbers that add up to 1, got {fractions!r}"
        )
    if stratify is None:
        stratify = not torch.is_floating_point(y)
    g = _generator(seed)
    if stratify:
        groups = [torch.nonzero(y == label).squeeze(1) for label in torch.unique(y)]
    else:
        groups = [torch.arange(len(y))]
    parts: list[list[torch.Tensor]] = [[], [], []]
    for members in groups:
        idx = members[torch.randperm(len(members), generator=g)]
        n_train = round(fractions[0] * len(idx))
        n_val = round(fractions[1] * len(idx))
        parts[0].append(idx[:n_train])
        parts[1].append(idx[n_train : n_train + n_val])
        parts[2].append(idx[n_train + n_val :])
    names = ("train", "val", "test")
    out = []
    for name, chunks in zip(names, parts, strict=True):
        idx = torch.cat(chunks)
        if len(idx) == 0:
            raise TrainlabError(
                f"the {name} split of {len(y)} samples with fractions {fractions} is empty; "
                "use more data or larger fractions"
            )
        idx = idx[torch.randperm(len(idx), generator=g)]  # mix the classes back together
        out.append(Data(x[idx], y[idx]))
    return Splits(*out)


# ---------------------------------------------------------------- scaling


class RangeScaler:
    """Scale each feature linearly into [low, high], e.g. [-1, 1] or [0, 1].

    Fit on the training split only, then transform every split with the same numbers:
    the validation and test data must not leak into the scaling.
    """

    def __init__(self, low: float = -1.0, high: float = 1.0):
        if not low < high:
            raise TrainlabError(f"low must be less than high, got low={low}, high={high}")
        self.low, self.high = low, high
        self.min_: torch.Tensor | None = None
        self.max_: torch.Tensor | None = None

    def fit(self, x: torch.Tensor) -> RangeScaler:
        if len(x) == 0:
            raise TrainlabError("cannot fit a RangeScaler on an empty tensor")
        self.min_, self.max_ = x.amin(dim=0), x.amax(dim=0)
        return self

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        if self.min_ is None or self.max_ is None:
            raise TrainlabError("RangeScaler.transform called before fit")
        # A feature constant in the training data (a pixel blank in every training image)
        # has no range to divide by: use 1, as scikit-learn's MinMaxScaler does. Dividing
        # by a tiny number instead sends its few non-constant validation values to ~1e12.
        span = self.max_ - self.min_
        span = torch.where(span > 0, span, torch.ones_like(span))
        return self.low + (x - self.min_) / span * (self.high - self.low)

    def fit_transform(self, x: torch.Tensor) -> torch.Tensor:
        return self.fit(x).transform(x)


def scale_splits(splits: Splits, low: float = -1.0, high: float = 1.0) -> Splits:
    """Scale the inputs of all three splits into [low, high], fitted on train only."""
    scaler = RangeScaler(low, high).fit(splits.train.x)
    return Splits(
        *(
            Data(scaler.transform(part.x), part.y)
            for part in (splits.train, splits.val, splits.test)
        )
    )


# ---------------------------------------------------------------- MNIST (optional, online)

MNIST_FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def load_mnist(root: str | Path = "data", train: bool = True, download: bool = False) -> Data:
    """MNIST as Data: x (N, 784) float32 in [0, 1], y (N,) int64 — like load_digits.

    train=True: the 60,000 training images; train=False: the 10,000 test images.
    Reads the IDX files from root/MNIST/raw/ (torchvision's layout, .gz or not).
    With download=True and the files missing, torchvision fetches them first, and it
    fetches all four (both sets, about 11 MB): the other set then loads offline.
    torchvision must come from the index torch came from (the CPU or a CUDA build);
    needs the internet.
    """
    raw = Path(root) / "MNIST" / "raw"
    images_name, labels_name = MNIST_FILES[bool(train)]
    if download and not _find_idx(raw, images_name):
        try:
            from torchvision.datasets import MNIST
        except ImportError:
            raise TrainlabError(
                "load_mnist(download=True) needs torchvision, installed from the index "
                "torch came from, e.g. for the CPU build: pip install torchvision "
                "--index-url https://download.pytorch.org/whl/cpu"
            ) from None
        MNIST(str(root), train=train, download=True)
    images_path, labels_path = _find_idx(raw, images_name), _find_idx(raw, labels_name)
    if images_path is None or labels_path is None:
        raise TrainlabError(
            f"MNIST files not found in {raw} (looked for {images_name} and {labels_name}, "
            "optionally .gz); pass download=True to fetch them"
        )
    images = _read_idx(images_path, magic=2051)  # (N, 28, 28) uint8
    labels = _read_idx(labels_path, magic=2049)  # (N,) uint8
    if len(images) != len(labels):
        raise TrainlabError(
            f"{images_path} has {len(images)} images but {labels_path} has {len(labels)} labels"
        )
    x = images.reshape(len(images), -1).float() / 255.0
    return Data(x, labels.long())


def _find_idx(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _read_idx(path: Path, magic: int) -> torch.Tensor:
    """Parse an IDX file (the MNIST format): big-endian header, then unsigned bytes."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        blob = f.read()
    header = int.from_bytes(blob[:4], "big")
    n_dims = header & 0xFF
    if header != magic or len(blob) < 4 + 4 * n_dims:
        raise TrainlabError(f"{path} is not an MNIST IDX file (magic {header}, expected {magic})")
    shape = [int.from_bytes(blob[4 + 4 * i : 8 + 4 * i], "big") for i in range(n_dims)]
    body = blob[4 + 4 * n_dims :]
    if len(body) != math.prod(shape):
        raise TrainlabError(f"{path} is truncated: {len(body)} bytes of data for shape {shape}")
    return torch.frombuffer(bytearray(body), dtype=torch.uint8).reshape(shape)
