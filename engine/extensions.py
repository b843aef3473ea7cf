"""Trainer extensions, in the style of Chainer's ``training/extensions``.

Each one is called by the Trainer when its trigger fires; within one iteration they run in
priority order (see ``trainer.PRIORITY_*``):

* ``NonFiniteGuard``  stops on a NaN/inf loss and puts back the last good weights;
* ``Evaluator``       adds ``validation/main/loss`` and ``validation/main/accuracy``;
* ``LogReport``       averages the observations of each period into ``log`` (and log.json);
* ``PrintReport``, ``ProgressBar``, ``Callback``, ``ExponentialShift`` read or edit what is there;
* ``Snapshot``        saves everything needed to resume exactly, last of all.

Reports leave this module as flat dicts of Python floats and ints, never arrays.
"""
import datetime
import json
import math
import sys
import time

import numpy as np

from .fileio import atomic_write, load_npz_with_header, save_npz_with_header
from .layers import Dropout
from .trainer import (
    PRIORITY_EDITOR,
    PRIORITY_GUARD,
    PRIORITY_READER,
    PRIORITY_SNAPSHOT,
    PRIORITY_WRITER,
    Extension,
    StopTraining,
    get_trigger,
)

SNAPSHOT_FORMAT = "digitlab-snapshot"
SNAPSHOT_VERSION = 1


class SnapshotError(ValueError):
    """A snapshot that cannot be read or does not fit the trainer; the message names the file."""


# --- evaluation ---------------------------------------------------------------------------------

class Evaluator(Extension):
    """Loss and accuracy over a whole validation set, in inference mode (train=False).

    ``data`` is ``(x, t)`` or ``(x, t, batch_size)``, an iterator built with ``repeat=False``
    (it is reset before each pass), or a function returning a fresh iterable of (x, t) batches.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_WRITER
    name = "validation"

    def __init__(self, data, model, prefix="validation", batch_size=1000):
        self.model = model
        self.prefix = prefix
        self.name = prefix  # two evaluators (validation, test) get two names
        self.batch_size = int(batch_size)
        self._batches = _batch_source(data, self.batch_size)

    def __call__(self, trainer):
        trainer.observation.update(self.evaluate())

    def evaluate(self):
        """``{prefix}/main/loss`` (and ``/main/accuracy`` for a classifier) as Python floats."""
        total_loss, correct, count = 0.0, 0, 0
        for x, t in self._batches():
            loss = self.model.loss(x, t, train=False)
            total_loss = total_loss + loss * len(x)  # stays on the device until the end
            if self.model.is_classifier:
                layer = self.model.loss_layer
                correct = correct + (layer.y.argmax(axis=1) == layer.t).sum()
            count += len(x)
        if count == 0:
            raise ValueError(f"{self.prefix}: the evaluation set is empty")
        result = {f"{self.prefix}/main/loss": float(total_loss) / count}
        if self.model.is_classifier:
            result[f"{self.prefix}/main/accuracy"] = float(correct) / count
        return result


def _batch_source(data, batch_size):
    """A function returning a fresh iterable of (x, t) batches, whatever form ``data`` has."""
    if isinstance(data, (tuple, list)):
        if len(data) == 3:
            x, t, batch_size = data
        elif len(data) == 2:
            x, t = data
        else:
            raise ValueError("evaluation data must be (x, t) or (x, t, batch_size)")
        return lambda: _slices(x, t, int(batch_size))
    if hasattr(data, "reset"):
        if getattr(data, "repeat", False):
            raise ValueError("an evaluation iterator must be built with repeat=False, "
                             "or one pass would never end")

        def one_pass():
            data.reset()
            return data
        return one_pass
    if callable(data):
        return data
    raise ValueError(f"evaluation data must be (x, t[, batch_size]), an iterator or a function, "
                     f"not {type(data).__name__}")


def _slices(x, t, batch_size):
    if len(x) != len(t):
        raise ValueError(f"x and t differ in length: {len(x)} inputs but {len(t)} targets")
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], t[start:start + batch_size]


# --- reports ------------------------------------------------------------------------------------

def training_counters(trainer):
    """Where training stands, as Python numbers: epoch, iteration, epoch_detail, time, lr."""
    updater = trainer.updater
    counters = {"epoch": int(updater.epoch), "iteration": int(updater.iteration),
                "epoch_detail": float(updater.epoch_detail),
                "elapsed_time": float(trainer.elapsed_time)}
    lr = getattr(getattr(updater, "optimizer", None), "lr", None)
    if lr is not None:
        counters["lr"] = float(lr)
    return counters


def as_floats(observation):
    """Observation values (array scalars, NumPy or CuPy) as Python floats; waits for the GPU."""
    return {key: float(value) for key, value in observation.items()}


def _as_float64(value):
    # float64 sums keep the digits of a long period of float32 losses; astype keeps a CuPy
    # scalar on the GPU, and a sum restored from a snapshot (a Python float) continues alike
    return value.astype(np.float64) if hasattr(value, "astype") else float(value)


class LogReport(Extension):
    """Averages the observations of each period (default: one epoch) into one ``log`` entry.

    Called every iteration to accumulate; when its own ``trigger`` fires it appends a flat dict
    of Python numbers (means, plus epoch, iteration, elapsed_time, lr) to ``log`` and rewrites
    ``trainer.out / filename`` as JSON, atomically (filename None: no file).
    """

    trigger = (1, "iteration")
    priority = PRIORITY_EDITOR
    name = "LogReport"

    def __init__(self, trigger=(1, "epoch"), filename="log.json"):
        self.log_trigger = get_trigger(trigger)
        self.filename = filename
        self.log = []
        self._sums = {}
        self._counts = {}

    def __call__(self, trainer):
        for key, value in trainer.observation.items():
            self._sums[key] = self._sums.get(key, 0.0) + _as_float64(value)
            self._counts[key] = self._counts.get(key, 0) + 1
        if self.log_trigger(trainer):
            self.log.append(self._summary(trainer))
            self._sums, self._counts = {}, {}
            if self.filename:
                self.write(trainer.out / self.filename)

    def _summary(self, trainer):
        means = {key: float(total) / self._counts[key] for key, total in self._sums.items()}
        counters = training_counters(trainer)
        del counters["epoch_detail"]  # a log entry closes a period: epoch and iteration say where
        return {**means, **counters}

    def write(self, path):
        with atomic_write(path, "w") as f:
            json.dump(self.log, f, indent=1)

    def state_dict(self):
        return {"log": [dict(entry) for entry in self.log],
                "sums": {key: float(total) for key, total in self._sums.items()},
                "counts": dict(self._counts)}

    def load_state_dict(self, state):
        log, sums, counts = state["log"], state["sums"], state["counts"]
        if not isinstance(log, list) or set(sums) != set(counts):
            raise ValueError("LogReport state: malformed log or sums")
        self.log = [dict(entry) for entry in log]
        self._sums = {key: float(total) for key, total in sums.items()}
        self._counts = {key: int(n) for key, n in counts.items()}


DEFAULT_ENTRIES = ("epoch", "iteration", "main/loss", "main/accuracy", "validation/main/loss",
                   "validation/main/accuracy", "elapsed_time")


class PrintReport(Extension):
    """Prints each new LogReport entry as one row of a fixed-width table under a header line."""

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "PrintReport"

    def __init__(self, entries=DEFAULT_ENTRIES, log_report="LogReport", out=None):
        self.entries = list(entries)
        self.log_report = log_report
        self._out = out  # None: whatever sys.stdout is when printing (tests swap it)
        self.widths = [max(len(entry), 10) for entry in self.entries]
        self._log_report = None
        self._printed = 0
        self._header_done = False

    @property
    def out(self):
        return self._out or sys.stdout

    def initialize(self, trainer):
        self._log_report = trainer.get_extension(self.log_report)
        self._printed = len(self._log_report.log)  # a resumed run does not reprint old rows

    def __call__(self, trainer):
        log = self._log_report.log
        if len(log) == self._printed:
            return
        if not self._header_done:
            self.out.write(self.header() + "\n")
            self._header_done = True
        for entry in log[self._printed:]:
            self.out.write(self.row(entry) + "\n")
        self._printed = len(log)
        self.out.flush()

    def header(self):
        columns = zip(self.entries, self.widths, strict=True)
        return "".join(name.ljust(width + 2) for name, width in columns)

    def row(self, entry):
        cells = (_format_cell(entry.get(name)) for name in self.entries)
        columns = zip(cells, self.widths, strict=True)
        return "".join(cell.ljust(width + 2) for cell, width in columns).rstrip()


def _format_cell(value):
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}"


class ProgressBar(Extension):
    """Every ``update_interval`` iterations: a bar, percent of training done, speed and ETA."""

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "ProgressBar"

    def __init__(self, update_interval=100, bar_length=30, out=None, clock=time.perf_counter):
        if update_interval < 1:
            raise ValueError(f"update_interval must be >= 1, not {update_interval}")
        self.update_interval = int(update_interval)
        self.bar_length = int(bar_length)
        self._out = out  # None: whatever sys.stderr is when printing
        self.clock = clock
        self._last = None
        self._wrote_in_place = False

    @property
    def out(self):
        return self._out or sys.stderr

    def initialize(self, trainer):
        self._last = (self.clock(), trainer.updater.iteration, self._fraction(trainer))

    def __call__(self, trainer):
        if trainer.updater.iteration % self.update_interval:
            return
        line = self.render(trainer)
        in_place = hasattr(self.out, "isatty") and self.out.isatty()
        # a terminal redraws one line; a file or pipe gets one line per update
        self.out.write("\r" + line + "\033[K" if in_place else line + "\n")
        self._wrote_in_place = in_place
        self.out.flush()

    def finalize(self):
        if self._wrote_in_place:
            self.out.write("\n")
            self.out.flush()

    def render(self, trainer):
        now, iteration, fraction = self.clock(), trainer.updater.iteration, self._fraction(trainer)
        then, last_iteration, last_fraction = self._last
        self._last = (now, iteration, fraction)
        seconds = now - then
        speed = (iteration - last_iteration) / seconds if seconds > 0 else None
        rate = (fraction - last_fraction) / seconds if fraction is not None and seconds > 0 else 0
        parts = [self._bar(fraction), self._position(trainer),
                 f"{speed:.1f} iters/s" if speed is not None else "-- iters/s",
                 "ETA " + (_format_duration((1.0 - fraction) / rate) if rate > 0 else "--")]
        return " | ".join(parts)

    def _bar(self, fraction):
        if fraction is None:
            return "[" + "?" * self.bar_length + "]"
        filled = int(fraction * self.bar_length)
        return f"[{'#' * filled}{'.' * (self.bar_length - filled)}] {fraction * 100:6.2f}%"

    @staticmethod
    def _position(trainer):
        updater = trainer.updater
        length = _training_length(trainer)
        if length is None:
            return f"iter {updater.iteration}, epoch {updater.epoch_detail:.2f}"
        period, unit = length
        if unit == "epoch":
            return f"iter {updater.iteration}, epoch {updater.epoch_detail:.2f}/{period}"
        return f"iter {updater.iteration}/{period}, epoch {updater.epoch_detail:.2f}"

    @staticmethod
    def _fraction(trainer):
        progress = getattr(trainer.stop_trigger, "progress", None)
        return progress(trainer) if progress is not None else None


def _training_length(trainer):
    period = getattr(trainer.stop_trigger, "period", None)
    unit = getattr(trainer.stop_trigger, "unit", None)
    return None if period is None else (period, unit)


def _format_duration(seconds):
    return str(datetime.timedelta(seconds=round(seconds)))


class Callback(Extension):
    """Calls ``fn(report)`` with a flat dict of Python floats and ints, at most once per
    ``min_interval_s`` seconds. A report held back by that limit is sent at ``finalize``, so the
    last one is never lost. ``fn`` runs in the training thread: a GUI should only emit a signal.

    The report has epoch, iteration, epoch_detail, elapsed_time, lr, and the observation of that
    iteration: main/loss, main/accuracy, and validation/* when an Evaluator ran.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "Callback"

    def __init__(self, fn, trigger=(1, "iteration"), min_interval_s=0.0, clock=time.monotonic):
        if min_interval_s < 0:
            raise ValueError(f"min_interval_s must be >= 0, not {min_interval_s}")
        self.fn = fn
        self.trigger = trigger
        self.min_interval_s = float(min_interval_s)
        self.clock = clock
        self._last_sent = None
        self._pending = None

    def __call__(self, trainer):
        # holding the observation costs nothing; converting it to floats waits for the GPU
        self._hold((training_counters(trainer), dict(trainer.observation)))
        now = self.clock()
        if self._last_sent is None or now - self._last_sent >= self.min_interval_s:
            self._last_sent = now
            self._send()

    def _hold(self, report):
        self._pending = report

    def finalize(self):
        self._send()

    def _send(self):
        if self._pending is None:
            return
        counters, observation = self._pending
        self._pending = None
        self.fn({**as_floats(observation), **counters})


class BatchedCallback(Callback):
    """Keeps every iteration's report and calls ``fn(reports)`` with all of them (a list of
    Callback's flat dicts) at most once per ``min_interval_s`` seconds, and at ``finalize``.

    For a plot that shows every loss: on a GPU, turning a loss into a Python float waits for
    the queued steps, so that happens once per call here, not once per iteration.
    """

    name = "BatchedCallback"

    def __init__(self, fn, min_interval_s=0.05, clock=time.monotonic):
        super().__init__(fn, (1, "iteration"), min_interval_s, clock)
        self._pending = []

    def _hold(self, report):
        self._pending.append(report)

    def _send(self):
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self.fn([{**as_floats(observation), **counters} for counters, observation in pending])


# --- learning-rate schedule ---------------------------------------------------------------------

class ExponentialShift(Extension):
    """Multiplies an optimizer attribute (the learning rate) by ``rate`` each time it fires.

    With an epoch trigger of period k this is the step schedule "lr *= rate every k epochs";
    ``target`` bounds the value (a floor when rate < 1). It runs after LogReport, so a log entry
    shows the rate that was used during its period.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_READER
    name = "ExponentialShift"

    def __init__(self, attr, rate, trigger=(1, "epoch"), target=None, optimizer=None):
        if rate <= 0:
            raise ValueError(f"rate must be > 0, not {rate}")
        self.attr = attr
        self.rate = float(rate)
        self.trigger = trigger
        self.target = target
        self.optimizer = optimizer
        self.count = 0

    def __call__(self, trainer):
        optimizer = self.optimizer or trainer.updater.optimizer
        value = getattr(optimizer, self.attr) * self.rate
        if self.target is not None:
            value = max(value, self.target) if self.rate < 1 else min(value, self.target)
        setattr(optimizer, self.attr, value)
        self.count += 1

    def state_dict(self):
        return {"count": self.count}  # the value itself is saved with the optimizer

    def load_state_dict(self, state):
        self.count = int(state["count"])


# --- non-finite loss guard ----------------------------------------------------------------------

class NonFiniteGuard(Extension):
    """Stops training when the loss becomes NaN or infinite, putting back the last good weights.

    It checks the loss every time it fires and keeps a copy of the weights and optimizer state
    every ``keep_every`` iterations, only after checking that copy is finite itself (one step can
    turn weights to inf while the loss that step reported was still finite). Copying every
    iteration would cost a large MLP a fifth of its step time.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_GUARD
    name = "NonFiniteGuard"

    def __init__(self, key="main/loss", trigger=(1, "iteration"), keep_every=50):
        if keep_every < 1:
            raise ValueError(f"keep_every must be >= 1, not {keep_every}")
        self.key = key
        self.trigger = trigger
        self.keep_every = int(keep_every)
        self.message = None
        self._kept = None

    def initialize(self, trainer):
        self._kept = self._copy(trainer)  # the starting weights are good by definition

    def __call__(self, trainer):
        if self.key not in trainer.observation:
            raise KeyError(f"NonFiniteGuard: the observation has no {self.key!r}; "
                           f"it has {sorted(trainer.observation)}")
        value = float(trainer.observation[self.key])
        what = "loss" if self.key == "main/loss" else self.key
        if not math.isfinite(value):
            self._stop(trainer, f"{what} became {value}")
        if trainer.updater.iteration % self.keep_every == 0:
            copy = self._copy(trainer)
            if not _all_finite(copy["model"]):
                self._stop(trainer, "the weights became non-finite")
            self._kept = copy

    def _stop(self, trainer, what_happened):
        kept_iteration = self._restore(trainer)
        updater = trainer.updater
        epoch = max(1, math.ceil(updater.epoch_detail))
        self.message = (f"{what_happened} at iteration {updater.iteration} (epoch {epoch}); "
                        f"weights restored to iteration {kept_iteration}. "
                        f"Lower the learning rate.")
        raise StopTraining(self.message)

    @staticmethod
    def _copy(trainer):
        updater = trainer.updater
        return {"iteration": int(updater.iteration),
                "model": updater.model.state_arrays(),
                "optimizer": (updater.optimizer.config(), updater.optimizer.state_arrays())}

    def _restore(self, trainer):
        updater = trainer.updater
        updater.model.load_state_arrays(self._kept["model"])
        config, arrays = self._kept["optimizer"]
        updater.optimizer.load_state(config, arrays, updater.model.params())
        return self._kept["iteration"]


def _all_finite(arrays):
    return all(np.isfinite(a).all() for a in arrays.values())


# --- snapshots ----------------------------------------------------------------------------------

class Snapshot(Extension):
    """Saves everything a resumed run needs into ``trainer.out / filename`` (one .npz, atomic).

    ``filename`` may use ``{iteration}`` and ``{epoch}``. Runs after every other extension, so it
    saves the log entry and learning rate of the iteration it fires on.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_SNAPSHOT
    name = "Snapshot"

    def __init__(self, filename="snapshot_iter_{iteration}.npz", trigger=(1, "epoch")):
        self.filename = filename
        self.trigger = trigger
        self.last_path = None

    def __call__(self, trainer):
        updater = trainer.updater
        name = self.filename.format(iteration=updater.iteration, epoch=updater.epoch)
        self.last_path = trainer.out / name
        save_snapshot(self.last_path, trainer)


class HostCheckpoint(Extension):
    """Keeps what a snapshot file would hold in host memory, at the start and after every epoch.

    A run on the GPU carries one: when the GPU fails (a CUDA error can leave every array on it
    unreadable), the run goes on on the CPU from ``latest`` instead of from the beginning.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_SNAPSHOT
    name = "HostCheckpoint"

    def __init__(self, trigger=(1, "epoch")):
        self.trigger = trigger
        self.latest = None  # (header, arrays), as save_snapshot writes them

    def initialize(self, trainer):
        self.latest = snapshot_contents(trainer)

    def __call__(self, trainer):
        self.latest = snapshot_contents(trainer)


def snapshot_contents(trainer):
    """(header, arrays): the trainer's whole state as JSON values and host copies of arrays."""
    header, arrays = _snapshot_contents(trainer)
    return _json_roundtrip(header), arrays  # detached: later training must not change it


def restore_snapshot_contents(contents, trainer):
    """Apply ``snapshot_contents`` of a run to a trainer built alike, before its ``run()``."""
    if trainer.started:
        raise RuntimeError("restore a checkpoint into a trainer before its run() starts")
    _apply_snapshot(*contents, trainer)


def save_snapshot(path, trainer):
    """Write the trainer's whole state to ``path``: arrays in the .npz, the rest as JSON."""
    header, arrays = _snapshot_contents(trainer)
    save_npz_with_header(path, arrays, header)


def _snapshot_contents(trainer):
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    arrays = {f"model/{name}": a for name, a in model.state_arrays().items()}
    arrays.update({f"optimizer/{name}": a for name, a in optimizer.state_arrays().items()})
    header = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "network": model.config or {},
        "optimizer": optimizer.config(),
        "updater": updater.state_dict(),
        "trainer": trainer.state_dict(),
        "extensions": {name: ext.state_dict() for name, ext in trainer.extensions()
                       if hasattr(ext, "state_dict")},
        "dropout_rng": {str(i): _json_able(layer.rng.bit_generator.state)
                        for i, layer in _dropout_layers(model)},
    }
    return header, arrays


def _dropout_layers(model):
    return [(i, layer) for i, layer in enumerate(model.layers) if isinstance(layer, Dropout)]


def _json_able(value):
    # PCG64's state is plain ints; other bit generators keep NumPy arrays in theirs
    if isinstance(value, dict):
        return {key: _json_able(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def load_snapshot(path, trainer):
    """Restore a trainer (before ``run()``) from ``path``, so that training continues exactly.

    Raises SnapshotError naming the file when it is unreadable or does not fit this trainer;
    the trainer is then left exactly as it was.
    """
    if trainer.started:
        raise RuntimeError("load a snapshot into a trainer before its run() starts")
    header, arrays = load_npz_with_header(path, SnapshotError)
    _check_snapshot(path, header, arrays, trainer)
    backup = _snapshot_contents(trainer)
    try:
        _apply_snapshot(header, arrays, trainer)
    except Exception as exc:  # noqa: BLE001 - whatever does not fit, undo what was applied
        _apply_snapshot(*backup, trainer)
        raise SnapshotError(f"{path}: does not fit this trainer ({type(exc).__name__}: {exc})") \
            from None


REQUIRED_KEYS = ("network", "optimizer", "updater", "trainer", "extensions", "dropout_rng")


def _check_snapshot(path, header, arrays, trainer):
    """Cheap checks before anything is changed, each with a message a user can act on."""
    if header.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f"{path}: not a training snapshot (format {header.get('format')!r})")
    if header.get("version") != SNAPSHOT_VERSION:
        raise SnapshotError(f"{path}: snapshot version {header.get('version')!r} is not supported "
                            f"(this DigitLab reads version {SNAPSHOT_VERSION})")
    missing = [key for key in REQUIRED_KEYS if not isinstance(header.get(key), dict)]
    if missing:
        raise SnapshotError(f"{path}: the header lacks {', '.join(missing)}")
    model = trainer.updater.model
    for key in ("layers", "loss"):
        if header["network"].get(key) != _json_roundtrip((model.config or {}).get(key)):
            raise SnapshotError(f"{path}: the snapshot was taken from a different network "
                                f"(its {key} differ from this model's)")
    saved = {name[len("model/"):]: a for name, a in arrays.items() if name.startswith("model/")}
    live = model.state_arrays()
    if set(saved) != set(live):
        raise SnapshotError(f"{path}: model arrays {sorted(saved)} do not match the network's "
                            f"{sorted(live)}")
    for name, array in saved.items():
        if array.shape != live[name].shape:
            raise SnapshotError(f"{path}: model array {name} has shape {array.shape}, "
                                f"the network needs {live[name].shape}")
    saved_type = header["optimizer"].get("type")
    own_type = trainer.updater.optimizer.config().get("type")
    if saved_type != own_type:
        raise SnapshotError(f"{path}: the snapshot used optimizer {saved_type}, "
                            f"this trainer uses {own_type}")


def _json_roundtrip(value):
    return json.loads(json.dumps(value))


def _apply_snapshot(header, arrays, trainer):
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    model.load_state_arrays({name[len("model/"):]: a for name, a in arrays.items()
                             if name.startswith("model/")})
    optimizer.load_state(header["optimizer"],
                         {name[len("optimizer/"):]: a for name, a in arrays.items()
                          if name.startswith("optimizer/")}, model.params())
    updater.load_state_dict(header["updater"])
    trainer.load_state_dict(header["trainer"])
    if int(header["trainer"]["iteration"]) != updater.iteration:
        raise ValueError(f"the trainer was at iteration {header['trainer']['iteration']} but its "
                         f"iterator at {updater.iteration}")
    _apply_extension_states(header["extensions"], trainer)
    _apply_dropout_rngs(header["dropout_rng"], model)


def _apply_extension_states(states, trainer):
    for name, extension in trainer.extensions():
        if not hasattr(extension, "load_state_dict"):
            continue
        if name in states:
            extension.load_state_dict(states[name])
        elif extension.state_dict():
            raise KeyError(f"the snapshot has no state for extension {name!r}")


def _apply_dropout_rngs(states, model):
    layers = dict(_dropout_layers(model))
    if set(states) != {str(i) for i in layers}:
        raise ValueError(f"dropout layers {sorted(states)} in the snapshot, "
                         f"{sorted(layers)} in the network")
    for index, state in states.items():
        layers[int(index)].rng.bit_generator.state = state
