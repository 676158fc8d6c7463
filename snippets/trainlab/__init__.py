"""trainlab: the small, tested PyTorch training module behind the course's lessons and lab.

Read it in this order: devices, data, models, train (one epoch, by hand), optim,
fit (the high-level API), checkpoint, plots; `python -m trainlab` runs the lab.
"""

from trainlab.checkpoint import load_checkpoint, save_checkpoint
from trainlab.data import (
    Data,
    RangeScaler,
    Splits,
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
from trainlab.devices import pick_device
from trainlab.errors import NonFiniteLossError, TrainlabError
from trainlab.fit import EarlyStopping, History, TrainConfig, fit
from trainlab.models import INIT_SCHEMES, MLP, count_parameters, init_std, init_weights
from trainlab.optim import OPTIMIZERS, SCHEDULES, make_optimizer, make_scheduler
from trainlab.train import average_predictions, evaluate, predict_proba, train_epoch

__version__ = "0.1.0"

__all__ = [
    "INIT_SCHEMES",
    "MLP",
    "OPTIMIZERS",
    "SCHEDULES",
    "Data",
    "EarlyStopping",
    "History",
    "NonFiniteLossError",
    "RangeScaler",
    "Splits",
    "TrainConfig",
    "TrainlabError",
    "average_predictions",
    "count_parameters",
    "evaluate",
    "fit",
    "init_std",
    "init_weights",
    "load_checkpoint",
    "load_digits",
    "load_iris",
    "load_mnist",
    "make_circles",
    "make_moons",
    "make_noisy_line",
    "make_optimizer",
    "make_scheduler",
    "make_spirals",
    "pick_device",
    "polynomial_features",
    "predict_proba",
    "save_checkpoint",
    "scale_splits",
    "split",
    "train_epoch",
]
