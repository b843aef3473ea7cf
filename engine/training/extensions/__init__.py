"""Trainer extensions, one module per concern, in the style of Chainer's ``training/extensions``.

Each one is called by the Trainer when its trigger fires; within one iteration they run in
priority order (see ``trainer.PRIORITY_*``):

* ``NonFiniteGuard`` (guard.py)        stops on a NaN/inf loss and puts back the last good weights;
* ``Evaluator`` (evaluator.py)         adds ``validation/main/loss`` and ``.../accuracy``;
* ``LogReport`` (reports.py)           averages each period's observations into ``log``;
* ``PrintReport`` (reports.py), ``ProgressBar`` (progress.py), ``Callback`` (callbacks.py),
  ``ExponentialShift`` and ``LinearDecay`` (schedule.py) read or edit what is there;
* ``Snapshot`` and ``HostCheckpoint`` (checkpoints.py) save everything needed to resume
  exactly, last of all (the file format is ``training/snapshots.py``).

Reports leave these modules as flat dicts of Python floats and ints, never arrays.
"""
from .callbacks import BatchedCallback, Callback
from .checkpoints import HostCheckpoint, Snapshot
from .evaluator import Evaluator
from .guard import NonFiniteGuard
from .progress import ProgressBar
from .reports import (
    DEFAULT_ENTRIES,
    LogReport,
    PrintReport,
    as_floats,
    format_log_cell,
    training_counters,
)
from .schedule import ExponentialShift, LinearDecay

__all__ = ["BatchedCallback", "Callback", "DEFAULT_ENTRIES", "Evaluator", "ExponentialShift",
           "HostCheckpoint", "LinearDecay", "LogReport", "NonFiniteGuard", "PrintReport",
           "ProgressBar", "Snapshot", "as_floats", "format_log_cell", "training_counters"]
