"""What a user chose (``TrainSettings``: a preset plus overrides) and what it means (``TrainPlan``).

A form or the command line collects TrainSettings; ``settings.plan()`` resolves the preset and
checks every value, so a bad choice is reported before any data is read. A TrainPlan knows its
length in iterations and epochs once it is told the training set's real size: the book's
chapter 5 run is 10,000 iterations whatever the dataset, an epoch run is epochs of batches.
"""
import dataclasses
import math
import os

import numpy as np

from ..device import CPU, check_device_name
from ..messages import sentence
from ..nn.network import ConfigError, network_cost
from .presets import get_preset

MLP_OVERRIDES = ("hidden", "activation", "batchnorm", "dropout")
TRAINING_OVERRIDES = ("optimizer", "lr", "lr_decay", "lr_schedule", "weight_decay", "batch_size",
                      "augment", "elastic", "train_subset", "label_noise")
EPOCH, ITERATION = "epoch", "iteration"
LINEAR = "linear"  # the one learning-rate schedule besides the per-epoch decay

# Training memory, estimated from the network's cost (a training step of the presets measured
# with tracemalloc peaks at about one copy of the batch's activations above the parameters):
# weights, gradients, their packed copy, the optimizer's slots and a temporary, plus every
# layer's output and its gradient for a batch.
OPTIMIZER_SLOTS = {"sgd": 0, "momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1, "adam": 2}
ACTIVATION_COPIES = 2
# The largest preset needs about 0.17 GB; a larger batch or network may take up to this much,
# and never more than half of the computer's memory (the dataset and the window need the rest).
MAX_TRAINING_BYTES = 8 * 2**30
MACHINE_SHARE = 0.5
# The shipped deep-cnn fine-tuned for one epoch on 10,000 MNIST images and 100 drawn digits
# kept 99.47% on MNIST's test set at a tenth of its learning rate, 99.02% at the full rate.
FINE_TUNE_LR_SCALE = 0.1


@dataclasses.dataclass(frozen=True)
class TrainPlan:
    """A network config and how to train it, every value checked; the length is either
    ``epochs`` or ``iterations``."""

    network: dict
    optimizer: str
    lr: float
    batch_size: int
    epochs: int = None
    iterations: int = None
    lr_decay: float = None  # multiply the learning rate by this after every epoch
    lr_schedule: str = None  # LINEAR: also fall in a straight line to 0 at the last iteration
    weight_decay: float = 0.0
    augment: bool = False  # random shifts, rotations and scaling of every training batch
    elastic: bool = False  # and elastic distortion on top (only with augment)
    train_subset: int = None  # train on this many images picked at random (None: all)
    label_noise: float = 0.0  # the share of training labels changed at random

    def __post_init__(self):
        _check(self)

    @property
    def unit(self):
        """``"epoch"`` or ``"iteration"``: what the run's length counts."""
        return EPOCH if self.epochs is not None else ITERATION

    @property
    def length(self):
        return self.epochs if self.epochs is not None else self.iterations

    @property
    def stop_trigger(self):
        return (self.length, self.unit)

    def iterations_per_epoch(self, train_size):
        """Updates in one pass over ``train_size`` images (the last batch may be smaller)."""
        return math.ceil(_checked_size(train_size) / self.batch_size)

    def total_iterations(self, train_size):
        if self.unit == ITERATION:
            return self.iterations
        return self.epochs * self.iterations_per_epoch(train_size)

    def total_epochs(self, train_size):
        """Passes over the training set, a fraction for an iteration run (10,000 batches of
        100 of MNIST's 60,000 images: 16.67)."""
        if self.unit == EPOCH:
            return float(self.epochs)
        return self.iterations / self.iterations_per_epoch(train_size)

    def training_config(self):
        """The plan without its network, as plain JSON values: what a model file records."""
        config = dataclasses.asdict(self)
        del config["network"]
        return {key: value for key, value in config.items() if value is not None}


def _check(plan):
    if not isinstance(plan.lr, (int, float)) or not plan.lr > 0 or not math.isfinite(plan.lr):
        raise ValueError(sentence("learning rate must be a positive number, got {lr}",
                                  lr=plan.lr))
    if int(plan.batch_size) < 1:
        raise ValueError(sentence("batch size must be at least 1, got {size}",
                                  size=plan.batch_size))
    if (plan.epochs is None) == (plan.iterations is None):
        raise ValueError(sentence("train for a number of epochs or of iterations (one of them)"))
    if int(plan.length) < 1:
        raise ValueError(_too_short(plan))
    if plan.elastic and not plan.augment:
        raise ValueError(sentence("elastic distortion is part of augmentation: turn "
                                  "augmentation on too"))
    if plan.lr_decay is not None and not 0 < plan.lr_decay <= 1:
        raise ValueError(sentence("lr_decay must be in (0, 1], got {decay}", decay=plan.lr_decay))
    if plan.lr_schedule not in (None, LINEAR):
        raise ValueError(sentence("lr_schedule must be {linear} or None, got {schedule}",
                                  linear=repr(LINEAR), schedule=repr(plan.lr_schedule)))
    _check_data_choices(plan)
    _check_memory(plan)


def _too_short(plan):
    if plan.unit == EPOCH:
        return sentence("train for at least 1 epoch, got {length}", length=plan.length)
    return sentence("train for at least 1 iteration, got {length}", length=plan.length)


def _check_data_choices(plan):
    subset = plan.train_subset
    if subset is not None and (isinstance(subset, bool) or not isinstance(subset, int)
                               or subset < 1):
        raise ValueError(sentence("a training subset is a number of images, at least 1, got "
                                  "{subset}", subset=repr(subset)))
    noise = plan.label_noise
    if (isinstance(noise, bool) or not isinstance(noise, (int, float))
            or not 0 <= noise < 1):
        raise ValueError(sentence("label noise is the share of labels changed, from 0 up to "
                                  "(not including) 1, got {noise}", noise=repr(noise)))


def _check_memory(plan):
    """Refuse, with a sentence, a network and batch whose training would not fit in memory,
    before anything is allocated (a MemoryError traceback otherwise, minutes later)."""
    try:
        needed = training_memory_bytes(plan.network, plan.optimizer, int(plan.batch_size))
    except ConfigError as exc:
        raise ConfigError(_on_its_own(exc)) from None
    allowed, where = memory_allowance()
    if needed > allowed:
        raise ConfigError(sentence(
            "Training this network with batches of {batch:,} needs about {needed} of memory, "
            "more than the {allowed} DigitLab allows {where}: choose fewer or smaller layers, "
            "or a smaller batch.", batch=int(plan.batch_size), needed=_gigabytes(needed),
            allowed=_gigabytes(allowed), where=where))


def _on_its_own(error):
    """network_cost's refusal (worded to follow a colon) as a sentence of its own."""
    if error.standalone is not None:
        return error.standalone
    text = str(error)  # a refusal no setting of a form can cause: capitalised, in English
    return f"{text[:1].upper()}{text[1:]}."


def training_memory_bytes(network, optimizer, batch_size):
    """About how many bytes training `network` (a config) takes, from its cost alone."""
    cost = network_cost(network)
    itemsize = np.dtype(network.get("dtype", "float32")).itemsize
    parameter_copies = 3 + OPTIMIZER_SLOTS.get(str(optimizer).lower(), 2)
    values = (cost.parameters * parameter_copies + cost.buffers
              + batch_size * cost.activations * ACTIVATION_COPIES)
    return values * itemsize


def memory_allowance():
    """(bytes, where): the fixed cap, or a share of this computer's memory when that is less."""
    physical = physical_memory_bytes()
    if physical is not None and physical * MACHINE_SHARE < MAX_TRAINING_BYTES:
        return int(physical * MACHINE_SHARE), sentence("on this computer")
    return MAX_TRAINING_BYTES, sentence("for training")


def physical_memory_bytes():
    """This computer's memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows), or no such name
        return None


def _gigabytes(count):
    return f"{count / 2**30:,.1f} GB" if count >= 2**30 else f"{count / 2**20:,.0f} MB"


def _checked_size(train_size):
    if int(train_size) < 1:
        raise ValueError(sentence("the training set is empty ({count} images)", count=train_size))
    return int(train_size)


@dataclasses.dataclass
class TrainSettings:
    """A preset and the hyper-parameters that override it (None: keep the preset's value)."""

    preset: str = "mlp"
    hidden: tuple = None
    activation: str = None
    batchnorm: bool = None
    dropout: float = None
    optimizer: str = None
    lr: float = None
    lr_decay: float = None
    lr_schedule: str = None
    augment: bool = None
    elastic: bool = None
    weight_decay: float = None
    batch_size: int = None
    epochs: int = None
    iterations: int = None
    train_subset: int = None
    label_noise: float = None
    seed: int = 0
    device: str = CPU  # "cpu" (NumPy) or "gpu" (CuPy)

    def plan(self):
        """The TrainPlan these settings mean, every override applied and checked (ValueError
        with a sentence saying what is wrong; KeyError for an unknown preset)."""
        check_device_name(self.device)
        if any(int(size) < 1 for size in self.hidden or ()):
            raise ValueError(sentence("every hidden layer needs at least one neuron, got "
                                      "{sizes}", sizes=", ".join(str(n) for n in self.hidden)))
        preset = get_preset(self.preset)
        mlp_options = {k: getattr(self, k) for k in MLP_OVERRIDES if getattr(self, k) is not None}
        training = dict(preset.training)
        training.update({k: getattr(self, k) for k in TRAINING_OVERRIDES
                         if getattr(self, k) is not None})
        if self.epochs is not None or self.iterations is not None:
            training.pop("epochs", None)
            training.pop("iterations", None)
            training.update({"epochs": self.epochs} if self.epochs is not None
                            else {"iterations": self.iterations})
        return TrainPlan(network=preset.network_config(self.seed, mlp_options), **training)

    def for_fine_tuning(self, epochs):
        """These settings for fine-tuning the model they trained: `epochs` passes over the mix
        it is given (no subset, no label noise), at FINE_TUNE_LR_SCALE of the learning rate, so
        that the network learns a new hand without forgetting MNIST."""
        lr = self.plan().lr * FINE_TUNE_LR_SCALE
        return dataclasses.replace(self, epochs=epochs, iterations=None, train_subset=None,
                                   label_noise=None, lr=lr)

    def as_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values):
        """Settings read back from a file's plain JSON (as_dict's), checked by their plan:
        ValueError with a sentence for anything else (unknown fields, a bad value)."""
        fields = {field.name for field in dataclasses.fields(cls)}
        if not isinstance(values, dict) or not set(values) <= fields:
            raise ValueError(sentence("they are not training settings DigitLab knows"))
        values = dict(values)
        if isinstance(values.get("hidden"), list):
            values["hidden"] = tuple(values["hidden"])
        try:
            settings = cls(**values)
            settings.plan()
        except (TypeError, KeyError) as exc:
            # Python's words for a TypeError, and a KeyError's quoted message, as they are
            raise ValueError(sentence("they are not settings DigitLab can train ({reason})",
                                      reason=str(exc))) from None
        return settings
