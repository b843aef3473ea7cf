"""LogReport and PrintReport: the observations of each period, averaged, kept and printed.

Reports leave this module as flat dicts of Python floats and ints, never arrays.
"""
import json
import sys

import numpy as np

from ...files.fileio import atomic_write
from ..trainer import PRIORITY_EDITOR, PRIORITY_READER, Extension
from ..triggers import get_trigger


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

    Keys starting with one of ``ignore_prefixes`` are left out: a frequent check on a sample
    of the test set (``check/``) is a point on a live curve, not part of an epoch's summary.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_EDITOR
    state_kind = "log"  # how a snapshot's copy of its state is checked (snapshots.py)
    name = "LogReport"

    def __init__(self, trigger=(1, "epoch"), filename="log.json", ignore_prefixes=()):
        self.log_trigger = get_trigger(trigger)
        self.filename = filename
        self.ignore_prefixes = tuple(ignore_prefixes)
        self.log = []
        self._sums = {}
        self._counts = {}

    def __call__(self, trainer):
        for key, value in trainer.observation.items():
            if self.ignore_prefixes and key.startswith(self.ignore_prefixes):
                continue
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
        cells = (format_log_cell(entry.get(name)) for name in self.entries)
        columns = zip(cells, self.widths, strict=True)
        return "".join(cell.ljust(width + 2) for cell, width in columns).rstrip()


def format_log_cell(value):
    """A log value as PrintReport prints it: whole numbers as they are, others to 6 digits."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}"
