"""From settings a user chose (a preset plus overrides) to a ready Trainer: shared by CLI and GUI.

``TrainSettings`` is what a form or the command line collects; ``build_training`` turns it and a
dataset into a model, an optimizer and a Trainer with the standard extensions (validation,
log, learning-rate schedule, non-finite guard). Callers add their own readers: the CLI a table
and a progress bar, the GUI a throttled Callback.
"""
import dataclasses
import math

import numpy as np

from ..data.augment import Augmentation
from ..backend import to_device
from ..data.datasets import to_float32
from ..device import (CPU, GPU, array_module, check_device_name, describe_gpu_failure,
                     gpu_status, is_gpu_failure, move_network, release_gpu_memory)
from .extensions import (Evaluator, ExponentialShift, HostCheckpoint, LogReport,
                         NonFiniteGuard)
from .snapshots import restore_snapshot_contents
from ..data.iterators import BatchIterator
from ..nn.network import build_network
from ..nn.optimizers import make_optimizer
from .presets import get_preset, network_config
from .trainer import StandardUpdater, Trainer

MLP_OVERRIDES = ("hidden", "activation", "batchnorm", "dropout")
# On a GPU, reading the loss waits for the queued steps: the non-finite guard looks every this
# many iterations (its copy of good weights is taken as often), not after every step.
GPU_CHECK_EVERY = 50


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
    lr_decay: float = None  # multiply the learning rate by this after every epoch
    augment: bool = None  # random shifts, rotations and scaling of every training batch
    elastic: bool = None  # and elastic distortion on top (only with augment)
    weight_decay: float = None
    batch_size: int = None
    epochs: int = None
    iterations: int = None
    seed: int = 0
    device: str = CPU  # "cpu" (NumPy) or "gpu" (CuPy)

    def resolved(self):
        """(network config, training dict) with every override applied and checked."""
        check_device_name(self.device)
        preset = get_preset(self.preset)
        if "demo" in preset:
            raise ValueError(f"preset {self.preset!r} is a regression demo, not an MNIST model; "
                             f"run it with: python -m engine train --preset {self.preset}")
        network = _network_config(preset, self)
        train = dict(preset["train"])
        for key in ("optimizer", "lr", "lr_decay", "weight_decay", "batch_size", "augment",
                    "elastic"):
            if getattr(self, key) is not None:
                train[key] = getattr(self, key)
        if self.epochs is not None or self.iterations is not None:
            train.pop("epochs", None)
            train.pop("iterations", None)
            train.update({"epochs": self.epochs} if self.epochs is not None
                         else {"iterations": self.iterations})
        _check_training(train)
        return network, train

    def as_dict(self):
        return dataclasses.asdict(self)


def _network_config(preset, settings):
    overrides = {k: getattr(settings, k) for k in MLP_OVERRIDES if getattr(settings, k) is not None}
    if overrides and "mlp" not in preset:
        names = ", ".join(k.replace("_", "-") for k in overrides)
        raise ValueError(f"{names}: only the MLP presets take these; preset {settings.preset!r} "
                         f"is a fixed convolutional network")
    return network_config(preset, settings.seed, overrides)


def _check_training(train):
    if not train.get("lr", 0) > 0 or not math.isfinite(train["lr"]):
        raise ValueError(f"learning rate must be a positive number, got {train.get('lr')}")
    if int(train.get("batch_size", 0)) < 1:
        raise ValueError(f"batch size must be at least 1, got {train.get('batch_size')}")
    length = train.get("epochs", train.get("iterations"))
    if length is None or int(length) < 1:
        raise ValueError("train for at least 1 epoch or 1 iteration")
    if train.get("elastic") and not train.get("augment"):
        raise ValueError("elastic distortion is part of augmentation: turn augmentation on too")
    decay = train.get("lr_decay")
    if decay is not None and not 0 < decay <= 1:
        raise ValueError(f"lr_decay must be in (0, 1], got {decay}")


@dataclasses.dataclass
class TrainingRun:
    """Everything one training run needs, built and wired, ready for ``train_to_end(run)``."""

    trainer: Trainer
    model: object
    optimizer: object
    log_report: LogReport
    network_config: dict
    train_config: dict
    settings: TrainSettings
    train_set: tuple  # (float32 images, int64 labels), scaled once, on the run's device
    test_set: tuple
    dataset: object = None  # the engine.datasets.Dataset it trains on
    notices: list = dataclasses.field(default_factory=list)  # what the user should be told
    out: object = "result"
    log_file: str = None

    @property
    def device(self):
        """Where it really trains: a run asked for the GPU is built with "cpu" where none works."""
        return self.settings.device

    @property
    def iterations_per_epoch(self):
        """Updates in one pass over the training set (the last batch may be smaller)."""
        return len(self.trainer.updater.iterator)

    @property
    def total_iterations(self):
        """How many updates the whole run makes: what a progress bar counts towards."""
        if "iterations" in self.train_config:
            return int(self.train_config["iterations"])
        return int(self.train_config["epochs"]) * self.iterations_per_epoch


def build_training(settings, dataset, out="result", log_file=None):
    """A TrainingRun for ``dataset`` (engine.datasets.Dataset); images are scaled to [0, 1] once.

    With ``settings.device == "gpu"`` the model and both datasets are moved to the GPU once,
    here. Where the GPU cannot be used, or fails while they are moved, the run is built on the
    CPU instead and ``run.notices`` says why.
    """
    notices = []
    status = gpu_status() if settings.device == GPU else None
    if status is not None and not status.available:
        notices.append(f"GPU not used: {status.reason}. Training on the CPU.")
        settings = dataclasses.replace(settings, device=CPU)
    try:
        run = _build_on_device(settings, dataset, out, log_file)
    except Exception as exc:
        if settings.device != GPU or not is_gpu_failure(exc):
            raise
        release_gpu_memory()
        notices.append(_sentence(f"{describe_gpu_failure(exc)} while the data was moved "
                                 f"there. Training on the CPU."))
        settings = dataclasses.replace(settings, device=CPU)
        run = _build_on_device(settings, dataset, out, log_file)
    run.notices = notices
    return run


def _build_on_device(settings, dataset, out, log_file):
    network_config, train = settings.resolved()
    xp = array_module(settings.device)
    model = move_network(build_network(network_config), xp)
    model.set_rng(np.random.default_rng(settings.seed + 1))
    optimizer = make_optimizer(train["optimizer"], lr=train["lr"],
                               weight_decay=train.get("weight_decay") or 0.0)
    # one host-to-device copy per run: every batch is then gathered on the device
    train_set = (to_device(to_float32(dataset.x_train), xp),
                 to_device(dataset.t_train.astype(np.int64), xp))
    test_set = (to_device(to_float32(dataset.x_test), xp),
                to_device(dataset.t_test.astype(np.int64), xp))
    train_iter = BatchIterator(*train_set, train["batch_size"], seed=settings.seed,
                               transform=_augmentation(train, settings.seed))
    stop = (train["epochs"], "epoch") if "epochs" in train else (train["iterations"], "iteration")
    trainer = Trainer(StandardUpdater(train_iter, model, optimizer), stop_trigger=stop, out=out)
    log_report = _add_standard_extensions(trainer, model, train, test_set, log_file,
                                          settings.device)
    return TrainingRun(trainer, model, optimizer, log_report, network_config, train, settings,
                       train_set, test_set, dataset, [], out, log_file)


def train_to_end(run, prepare=None, notify=None):
    """Run ``run.trainer`` and measure the result: ``(run, final_metrics)``.

    If the GPU fails (a CUDA error, out of memory), the run is built again on the CPU, restored
    from its last checkpoint in host memory (at most one epoch back) and goes on there; the
    returned run is then that CPU run. ``prepare(new_run)`` adds the caller's own extensions to
    it (and may return False to stop it at once); ``notify(message)`` tells the user.
    """
    while True:
        try:
            if not run.trainer.started:
                run.trainer.run()
            return run, final_metrics(run)
        except Exception as exc:
            if run.device != GPU or not is_gpu_failure(exc):
                raise
            run = _restart_on_cpu(run, exc, prepare, notify)


def _restart_on_cpu(run, exc, prepare, notify):
    checkpoint = run.trainer.get_extension(HostCheckpoint.name)
    release_gpu_memory()
    settings = dataclasses.replace(run.settings, device=CPU)
    cpu_run = _build_on_device(settings, run.dataset, run.out, run.log_file)
    if prepare is not None and prepare(cpu_run) is False:
        cpu_run.trainer.request_stop()
    if checkpoint.latest is not None:  # None: the GPU failed before the first step
        restore_snapshot_contents(checkpoint.latest, cpu_run.trainer)
    if run.trainer.stop_requested:  # the user's stop stands; a completed run completes again
        cpu_run.trainer.request_stop()
    updater = cpu_run.trainer.updater
    message = _sentence(f"{describe_gpu_failure(exc)}. Training goes on on the CPU from "
                        f"iteration {updater.iteration} (epoch {updater.epoch}); nothing before "
                        f"that is lost.")
    cpu_run.notices = [*run.notices, message]
    if notify is not None:
        notify(message)
    return cpu_run


def _sentence(text):
    return text[:1].upper() + text[1:]


def _augmentation(train, seed):
    """The random warps for training batches, or None; seeded apart from shuffling and dropout."""
    if not train.get("augment"):
        return None
    return Augmentation(elastic=bool(train.get("elastic")), seed=seed + 2)


def _add_standard_extensions(trainer, model, train, test_set, log_file, device=CPU):
    report_every = (1, "epoch") if "epochs" in train else (_log_interval(train), "iteration")
    if device == GPU:
        trainer.extend(NonFiniteGuard(trigger=(GPU_CHECK_EVERY, "iteration"),
                                      keep_every=GPU_CHECK_EVERY))
        trainer.extend(HostCheckpoint())
    else:
        trainer.extend(NonFiniteGuard())
    trainer.extend(Evaluator((*test_set, 1000), model), trigger=report_every)
    log_report = LogReport(trigger=report_every, filename=log_file)
    trainer.extend(log_report)
    if train.get("lr_decay") and train["lr_decay"] != 1:
        trainer.extend(ExponentialShift("lr", train["lr_decay"]), trigger=(1, "epoch"))
    return log_report


def _log_interval(train):
    """About ten log rows for a run measured in iterations (e.g. every 1000 of 10000)."""
    return max(1, int(train["iterations"]) // 10)


def final_metrics(run):
    """The summary a user (or the CLI's --json) wants after training."""
    updater = run.trainer.updater
    return {"test_accuracy": run.model.accuracy(*run.test_set),
            "train_accuracy": run.model.accuracy(*run.train_set),
            "train_seconds": round(run.trainer.elapsed_time, 3),
            "epochs": round(updater.epoch_detail, 4), "iterations": int(updater.iteration)}


def model_metadata(run, metrics):
    """What a saved model records about its training: ``save_model(path, run.model, **this)``.

    Plain JSON values, so another thread (the GUI's) can keep it after the run is gone.
    """
    dataset = run.dataset
    return {"dataset": {"name": dataset.name, "classes": list(dataset.class_names)},
            "metrics": dict(metrics), "history": [dict(entry) for entry in run.log_report.log],
            "extra": {"settings": run.settings.as_dict(), "train": dict(run.train_config),
                      "augmentation": _augmentation_config(run)}}


def _augmentation_config(run):
    """The warps' ranges (None without augmentation): a model file says how it was trained."""
    transform = run.trainer.updater.iterator.transform
    return transform.config() if transform is not None else None
