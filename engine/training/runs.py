"""From settings a user chose to a ready Trainer: shared by CLI and GUI.

``build_training`` turns ``TrainSettings`` (plan.py) and a dataset into a model, an optimizer
and a Trainer with the standard extensions (validation, log, learning-rate schedule,
non-finite guard). Callers add their own readers: the CLI a table and a progress bar, the GUI
a throttled Callback. ``train_to_end`` runs it, going on on the CPU if the GPU fails.

A finished run is never lost to a disk: ``check_output_file`` and ``check_output_folder`` refuse,
before training, a place that cannot be written, and ``save_trained_model`` puts the model in
another folder, and says which, when the save at the end still fails.
"""
import dataclasses
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from ..backend import to_device
from ..data.augment import Augmentation
from ..data.datasets import to_float32
from ..data.iterators import BatchIterator
from ..data.subsets import training_images
from ..device import (
    CPU,
    GPU,
    array_module,
    describe_gpu_failure,
    gpu_status,
    is_gpu_failure,
    move_network,
    release_gpu_memory,
)
from ..files.modelio import save_model
from ..messages import sentence
from ..nn.network import ConfigError, build_network
from ..nn.optimizers import make_optimizer
from .extensions import (
    Evaluator,
    ExponentialShift,
    HostCheckpoint,
    LinearDecay,
    LogReport,
    NonFiniteGuard,
)
from .hyperparameters import LiveHyperparameters
from .plan import EPOCH, LINEAR, TrainPlan, TrainSettings
from .snapshots import os_error_reason, restore_snapshot_contents
from .trainer import StandardUpdater, Trainer

# On a GPU, reading the loss waits for the queued steps: the non-finite guard looks every this
# many iterations (its copy of good weights is taken as often), not after every step.
GPU_CHECK_EVERY = 50
EVALUATION_BATCH = 1000  # images per step of the final measurement: progress and a way out
# Images per forward pass when a CPU measures: a CNN's 1,000-image pass outgrows the caches
# and takes 1.3-2x the time per image of passes of 100 (bench/bench_evaluation.py). A GPU
# wants large passes, so it keeps EVALUATION_BATCH.
CPU_EVALUATION_CHUNK = 100
CHECK_PREFIX = "check"  # frequent checks on a test sample: check/main/loss, .../accuracy


@dataclasses.dataclass
class TrainingRun:
    """Everything one training run needs, built and wired, ready for ``train_to_end(run)``."""

    trainer: Trainer
    model: object
    optimizer: object
    log_report: LogReport
    plan: TrainPlan  # what it follows: the network, the optimizer, the length
    settings: TrainSettings
    train_set: tuple  # (float32 images, int64 labels), scaled once, on the run's device
    test_set: tuple
    dataset: object = None  # the engine.datasets.Dataset it trains on
    notices: list = dataclasses.field(default_factory=list)  # what the user should be told
    out: object = "result"
    log_file: str = None
    checks_per_epoch: int = 0  # build options kept, so a CPU restart builds the same run
    check_size: int = 1000
    hyperparameters: LiveHyperparameters = None
    # the indices into train_set of the labels changed by label noise
    relabelled: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    data_notice: str = None  # a training subset larger than the set, said once
    continued_from: dict = None  # what a continued model was (StartingPoint.record)
    command: str = None  # the command line that started it, when one did (the CLI's)

    @property
    def latest_test_predictions(self):
        """(iteration, engine Predictions) of the run's latest pass over the test set (an
        epoch's end), or None before the first: what a confusion matrix follows."""
        evaluator = dict(self.trainer.extensions()).get("validation")
        return getattr(evaluator, "last_predictions", None)

    def request_hyperparameters(self, lr=None, lr_decay=None, weight_decay=None):
        """Change the learning rate, its decay per epoch or the weight decay (None: unchanged)
        from the next update on, also while paused. Safe from any thread; a bad value raises
        ConfigError with a sentence and changes nothing."""
        self.hyperparameters.request(lr, lr_decay, weight_decay)

    @property
    def hyperparameter_changes(self):
        """Every change applied: [{"iteration", "lr", "lr_decay", "weight_decay"}], the
        iteration being the number of updates made before the new values took over."""
        return self.hyperparameters.changes

    def current_hyperparameters(self):
        """{"lr", "lr_decay", "weight_decay"}: the values in force now (not pending ones)."""
        return self.hyperparameters.current()

    @property
    def device(self):
        """Where it really trains: a run asked for the GPU is built with "cpu" where none works."""
        return self.settings.device

    @property
    def train_size(self):
        return len(self.train_set[1])

    @property
    def iterations_per_epoch(self):
        """Updates in one pass over the training set (the last batch may be smaller)."""
        return self.plan.iterations_per_epoch(self.train_size)

    @property
    def total_iterations(self):
        """How many updates the whole run makes: what a progress bar counts towards."""
        return self.plan.total_iterations(self.train_size)


def build_training(settings, dataset, out="result", log_file=None, checks_per_epoch=0,
                   check_size=1000, start_from=None):
    """A TrainingRun for ``dataset`` (engine.datasets.Dataset); images are scaled to [0, 1] once.

    ``checks_per_epoch`` > 0 measures a fixed random sample of ``check_size`` test images about
    that often per epoch, so that every report of such an iteration has ``check/main/loss`` and
    ``check/main/accuracy`` (left out of the log: its entries stay epoch summaries).

    With ``settings.device == "gpu"`` the model and both datasets are moved to the GPU once,
    here. Where the GPU cannot be used, or fails while they are moved, the run is built on the
    CPU instead and ``run.notices`` says why.

    ``start_from`` (a StartingPoint) continues training a model: the network begins with its
    weights instead of new random ones (the optimizer starts afresh: a model file keeps no
    optimizer state), and the saved model records what it continued.
    """
    options = _check_options(checks_per_epoch, check_size)
    options["start_from"] = start_from
    notices = []
    status = gpu_status() if settings.device == GPU else None
    if status is not None and not status.available:
        notices.append(sentence("GPU not used: {reason}. Training on the CPU.",
                                reason=status.reason))
        settings = dataclasses.replace(settings, device=CPU)
    try:
        run = _build_on_device(settings, dataset, out, log_file, **options)
    except Exception as exc:
        if settings.device != GPU or not is_gpu_failure(exc):
            raise
        release_gpu_memory()
        notices.append(sentence("{failure} while the data was moved there. Training on the "
                                "CPU.", failure=describe_gpu_failure(exc)))
        settings = dataclasses.replace(settings, device=CPU)
        run = _build_on_device(settings, dataset, out, log_file, **options)
    run.notices = notices + ([run.data_notice] if run.data_notice else [])
    return run


@dataclasses.dataclass(frozen=True)
class StartingPoint:
    """A trained model's weights to continue from, and a record of what it was (plain JSON:
    e.g. its file's name, its test accuracy and the iterations it had trained)."""

    arrays: dict  # name -> host array, as Sequential.state_arrays() gives them
    config: dict  # the network config the arrays belong to
    record: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, network, **record):
        return cls(network.state_arrays(), json.loads(json.dumps(network.config)), record)

    def fits(self, config):
        """Whether a network built from `config` takes these weights: the same layers, shapes
        and types (the seed of its random start does not matter: the weights replace it)."""
        return _without_seed(config) == _without_seed(self.config)

    def load_into(self, model, config):
        """Copy the weights into `model`, built from `config`; ConfigError with a sentence when
        the settings describe another network than the one to continue."""
        if not self.fits(config):
            raise ConfigError(sentence("These settings describe another network than the "
                                       "model to continue: choose the model's own preset and "
                                       "layers."))
        model.load_state_arrays(self.arrays)


def _without_seed(config):
    return json.dumps({key: value for key, value in config.items() if key != "seed"},
                      sort_keys=True)


def _check_options(checks_per_epoch, check_size):
    for name, value, least in (("checks_per_epoch", checks_per_epoch, 0),
                               ("check_size", check_size, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")
    return {"checks_per_epoch": checks_per_epoch, "check_size": check_size}


def _build_on_device(settings, dataset, out, log_file, checks_per_epoch=0, check_size=1000,
                     start_from=None):
    plan = settings.plan()
    xp = array_module(settings.device)
    model = move_network(build_network(plan.network), xp)
    if start_from is not None:
        start_from.load_into(model, plan.network)
    model.set_rng(np.random.default_rng(settings.seed + 1))
    optimizer = make_optimizer(plan.optimizer, lr=plan.lr, weight_decay=plan.weight_decay or 0.0)
    # one host-to-device copy per run: every batch is then gathered on the device
    x_train, t_train, relabelled, notice = training_images(
        dataset.x_train, dataset.t_train, plan.train_subset, plan.label_noise, settings.seed)
    train_set = (to_device(to_float32(x_train), xp), to_device(t_train.astype(np.int64), xp))
    test_set = (to_device(to_float32(dataset.x_test), xp),
                to_device(dataset.t_test.astype(np.int64), xp))
    train_iter = BatchIterator(*train_set, plan.batch_size, seed=settings.seed,
                               transform=_augmentation(plan, settings.seed))
    updater = StandardUpdater(train_iter, model, optimizer)
    trainer = Trainer(updater, stop_trigger=plan.stop_trigger, out=out)
    log_report = _add_standard_extensions(trainer, model, plan, test_set, log_file,
                                          len(train_set[1]), settings.device)
    run = TrainingRun(trainer, model, optimizer, log_report, plan, settings, train_set,
                      test_set, dataset, [], out, log_file, checks_per_epoch, check_size)
    run.relabelled = relabelled
    run.data_notice = notice
    run.continued_from = None if start_from is None else dict(start_from.record)
    if checks_per_epoch:
        _add_checks(run, xp)
    run.hyperparameters = LiveHyperparameters(updater, trainer.get_extension("ExponentialShift"))
    updater.before_update.append(run.hyperparameters.apply_pending)
    return run


def _add_checks(run, xp):
    """An Evaluator on a fixed, seeded sample of the test set, several times per epoch."""
    x, t = run.test_set
    rng = np.random.default_rng(run.settings.seed + 3)  # apart from shuffling, dropout, warps
    picked = np.sort(rng.choice(len(t), size=min(run.check_size, len(t)), replace=False))
    picked = to_device(picked, xp)
    every = max(1, run.iterations_per_epoch // run.checks_per_epoch)
    run.trainer.extend(Evaluator((x[picked], t[picked]), run.model,
                                 batch_size=evaluation_chunk(run.device),
                                 prefix=CHECK_PREFIX), trigger=(every, "iteration"))


def train_to_end(run, prepare=None, notify=None, evaluation_progress=None,
                 skip_evaluation=None):
    """Run ``run.trainer`` and measure the result: ``(run, final_metrics)``.

    ``evaluation_progress`` and ``skip_evaluation`` go to ``final_metrics`` as ``progress`` and
    ``should_skip``.

    If the GPU fails (a CUDA error, out of memory), the run is built again on the CPU, restored
    from its last checkpoint in host memory (at most one epoch back) and goes on there; the
    returned run is then that CPU run. ``prepare(new_run)`` adds the caller's own extensions to
    it (and may return False to stop it at once); ``notify(message)`` tells the user.
    """
    while True:
        try:
            if not run.trainer.started:
                run.trainer.run()
            return run, final_metrics(run, progress=evaluation_progress,
                                      should_skip=skip_evaluation)
        except Exception as exc:
            if run.device != GPU or not is_gpu_failure(exc):
                raise
            run = _restart_on_cpu(run, exc, prepare, notify)


def _restart_on_cpu(run, exc, prepare, notify):
    checkpoint = run.trainer.get_extension(HostCheckpoint.name)
    release_gpu_memory()
    settings = dataclasses.replace(run.settings, device=CPU)
    cpu_run = _build_on_device(settings, run.dataset, run.out, run.log_file,
                               run.checks_per_epoch, run.check_size)
    if prepare is not None and prepare(cpu_run) is False:
        cpu_run.trainer.request_stop()
    if checkpoint.latest is not None:  # None: the GPU failed before the first step
        restore_snapshot_contents(checkpoint.latest, cpu_run.trainer)
    _carry_hyperparameters(run, cpu_run)
    if run.trainer.stop_requested:  # the user's stop stands; a completed run completes again
        cpu_run.trainer.request_stop()
    updater = cpu_run.trainer.updater
    message = sentence("{failure}. Training goes on on the CPU from iteration {iteration} "
                       "(epoch {epoch}); nothing before that is lost.",
                       failure=describe_gpu_failure(exc), iteration=updater.iteration,
                       epoch=updater.epoch)
    cpu_run.notices = [*run.notices, message]
    cpu_run.continued_from, cpu_run.command = run.continued_from, run.command  # its record
    if notify is not None:
        notify(message)
    return cpu_run


def _carry_hyperparameters(run, cpu_run):
    """The checkpoint may predate a change: what was in force, and what was asked, goes on."""
    cpu_run.hyperparameters.restore_changes(run.hyperparameter_changes)
    cpu_run.hyperparameters.request(**{**run.current_hyperparameters(),
                                       **run.hyperparameters.pending()})


def _augmentation(plan, seed):
    """The random warps for training batches, or None; seeded apart from shuffling and dropout."""
    if not plan.augment:
        return None
    return Augmentation(elastic=plan.elastic, seed=seed + 2)


def _add_standard_extensions(trainer, model, plan, test_set, log_file, train_size,
                             device=CPU):
    report_every = (1, "epoch") if plan.unit == EPOCH else (_log_interval(plan), "iteration")
    if device == GPU:
        trainer.extend(NonFiniteGuard(trigger=(GPU_CHECK_EVERY, "iteration"),
                                      keep_every=GPU_CHECK_EVERY))
        trainer.extend(HostCheckpoint())
    else:
        trainer.extend(NonFiniteGuard())
    trainer.extend(Evaluator(test_set, model, batch_size=evaluation_chunk(device),
                             keep_predictions=True),
                   trigger=report_every)
    log_report = LogReport(trigger=report_every, filename=log_file,
                           ignore_prefixes=(CHECK_PREFIX + "/",))
    trainer.extend(log_report)
    # always there, at rate 1 without decay: a user may turn decay on mid-run
    trainer.extend(ExponentialShift("lr", plan.lr_decay or 1.0), trigger=(1, "epoch"))
    if plan.lr_schedule == LINEAR:
        trainer.extend(LinearDecay("lr", plan.total_iterations(train_size)))
    return log_report


def evaluation_chunk(device):
    """How many images one forward pass measures on ``device``."""
    return EVALUATION_BATCH if device == GPU else CPU_EVALUATION_CHUNK


def _log_interval(plan):
    """About ten log rows for a run measured in iterations (e.g. every 1000 of 10000)."""
    return max(1, plan.iterations // 10)


def final_metrics(run, progress=None, should_skip=None):
    """The summary a user (or the CLI's --json) wants after training: plain numbers.

    test_accuracy and train_accuracy are measured over both whole sets, 1000 images at a time:
    ``should_skip()`` is asked before each batch and ``progress(done_images, total_images)``
    told before the first and after each. If skipped, both come from the last log entry (the
    last period's validation and training figures; a key the log lacks is left out) and
    measured_images is 0.
    """
    updater = run.trainer.updater
    accuracies = _measure_accuracies(run, progress, should_skip)
    measured = len(run.test_set[1]) + run.train_size if accuracies is not None else 0
    if accuracies is None:
        accuracies = _logged_accuracies(run.log_report.log)
    return {**accuracies, "train_seconds": round(run.trainer.elapsed_time, 3),
            "epochs": round(updater.epoch_detail, 4), "iterations": int(updater.iteration),
            "measured_images": measured}


def _measure_accuracies(run, progress, should_skip):
    """{"test_accuracy", "train_accuracy"}, or None when ``should_skip()`` said so.
    ``progress(0, total)`` first: a caller learns the measuring has begun, and how long it is."""
    sets = {"test_accuracy": run.test_set, "train_accuracy": run.train_set}
    total = sum(len(t) for _, t in sets.values())
    done, accuracies = 0, {}
    if progress is not None:
        progress(0, total)
    for name, (x, t) in sets.items():
        correct = 0
        for start in range(0, len(t), EVALUATION_BATCH):
            if should_skip is not None and should_skip():
                return None
            end = start + EVALUATION_BATCH
            correct += run.model.count_correct(x[start:end], t[start:end],
                                               evaluation_chunk(run.device))
            done += len(t[start:end])
            if progress is not None:
                progress(done, total)
        accuracies[name] = correct / len(t)
    return accuracies


LOGGED_ACCURACIES = {"test_accuracy": "validation/main/accuracy",
                     "train_accuracy": "main/accuracy"}


def _logged_accuracies(log):
    last = log[-1] if log else {}
    return {name: float(last[key]) for name, key in LOGGED_ACCURACIES.items() if key in last}


def model_metadata(run, metrics):
    """What a saved model records about its training: ``save_model(path, run.model, **this)``.

    Plain JSON values, so another thread (the GUI's) can keep it after the run is gone.
    """
    dataset = run.dataset
    return {"dataset": {"name": dataset.name, "classes": list(dataset.class_names)},
            "metrics": dict(metrics), "history": [dict(entry) for entry in run.log_report.log],
            "extra": {"settings": run.settings.as_dict(), "train": run.plan.training_config(),
                      "augmentation": _augmentation_config(run),
                      "changes": run.hyperparameter_changes,
                      **({"continued_from": run.continued_from} if run.continued_from else {}),
                      **({"command": run.command} if run.command else {})}}


def _augmentation_config(run):
    """The warps' ranges (None without augmentation): a model file says how it was trained."""
    transform = run.trainer.updater.iterator.transform
    return transform.config() if transform is not None else None


# --- saving: check before training, and never lose a finished run ------------------------------

HEADER_ALLOWANCE = 1 << 20  # a model file's JSON header and zip records: a long history included


class OutputError(ValueError):
    """A place to save to that cannot take the file; the message is one sentence naming it."""


@dataclasses.dataclass
class SavedModel:
    """Where a trained model was saved, and why not where it was asked (None: it was)."""

    path: Path
    problem: str = None


def check_output_file(path, needed_bytes=0):
    """Before training: a file of ``needed_bytes`` can be saved at ``path``, or OutputError.

    A missing folder is created, as a save would create it. The check writes and removes a
    small file, which is the only sure test (permissions, read-only disks, root, ACLs).
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(sentence("{path} is a folder: give the file a name, such as "
                                   "{example}.", path=path, example=path / "model.npz"))
    check_output_folder(path.parent, needed_bytes, str(path))


def check_output_folder(folder, needed_bytes=0, what=None):
    """Before training: ``folder`` exists (or is created) and takes a file of ``needed_bytes``
    (``what`` names that file in the message), or OutputError."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(sentence("{folder} is a file, not a folder.", folder=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".digitlab-write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise OutputError(sentence("{folder} cannot be written: {reason}.",
                                   folder=_folder_name(folder),
                                   reason=os_error_reason(exc))) from None
    if free < needed_bytes:
        raise OutputError(sentence("{folder} has only {free} free and {what} needs about "
                                   "{needed}: free some space or save somewhere else.",
                                   folder=_folder_name(folder), free=_megabytes(free),
                                   what=what or sentence("the file"),
                                   needed=_megabytes(needed_bytes)))


def _folder_name(folder):
    if str(folder) == ".":
        return sentence("the current folder ({path})", path=Path.cwd())
    return str(folder)


def _megabytes(n):
    return f"{n / 1e6:.1f} MB"


def model_file_bytes(run):
    """About how large the run's model file will be: its arrays and a header."""
    model = run.model
    return sum(int(a.nbytes) for a in {**model.params(), **model.buffers()}.values()) \
        + HEADER_ALLOWANCE


def snapshot_file_bytes(run):
    """About how large a snapshot of the run will be: the model and the optimizer's slots."""
    weights = model_file_bytes(run) - HEADER_ALLOWANCE
    params = sum(int(p.nbytes) for p in run.model.params().values())
    return weights + len(run.optimizer.slot_names) * params + HEADER_ALLOWANCE


def save_trained_model(run, metrics, path, fallback_folders=()):
    """Save the run's model to ``path``; a finished run is never lost to a full or read-only
    disk.

    When the disk refuses ``path``, the model goes to the first folder that takes it among
    ``fallback_folders``, the current folder and the temporary folder, under a new name
    (``digitlab-rescued-<date>-<time>.npz``): the returned SavedModel says where and why.
    OutputError only when every one of them refuses.
    """
    metadata = model_metadata(run, metrics)
    try:
        return SavedModel(save_model(path, run.model, **metadata))
    except OSError as exc:
        failure = sentence("could not save the model to {path}: {reason}", path=path,
                           reason=os_error_reason(exc))
    refusals = []
    for folder in _rescue_folders(path, fallback_folders):
        rescued = _rescue_path(folder)
        try:
            save_model(rescued, run.model, **metadata)
        except OSError as exc:
            refusals.append(sentence("{folder} ({reason})", folder=_folder_name(folder),
                                     reason=os_error_reason(exc)))
            continue
        return SavedModel(rescued, sentence("{failure}; it was saved to {rescued} instead.",
                                            failure=failure, rescued=rescued))
    raise OutputError(sentence("{failure}, nor to {places}: the trained model could not be "
                               "kept.", failure=failure, places=_any_of(refusals)))


def _any_of(places):
    """"a or b or c" as sentences a translation can follow; "any other folder" for none."""
    if not places:
        return sentence("any other folder")
    said = places[0]
    for place in places[1:]:
        said = sentence("{places} or {place}", places=said, place=place)
    return said


def _rescue_folders(path, fallback_folders):
    """The places to try, in order, each once, without the one that has just failed."""
    tried, folders = {Path(path).parent.resolve()}, []
    for folder in (*fallback_folders, Path.cwd(), Path(tempfile.gettempdir())):
        if Path(folder).resolve() not in tried:
            tried.add(Path(folder).resolve())
            folders.append(Path(folder))
    return folders


def _rescue_path(folder):
    stem = f"digitlab-rescued-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{stem}.npz", 1
    while path.exists():  # never over another rescued model
        n += 1
        path = folder / f"{stem}-{n}.npz"
    return path
