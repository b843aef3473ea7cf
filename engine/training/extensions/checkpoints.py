"""Snapshot (to a file) and HostCheckpoint (in memory): the run's state, to resume from."""

import warnings

from ...messages import sentence
from ..snapshots import os_error_reason, save_snapshot, snapshot_contents
from ..trainer import PRIORITY_SNAPSHOT, Extension


class Snapshot(Extension):
    """Saves everything a resumed run needs into ``trainer.out / filename`` (one .npz, atomic).

    ``filename`` may use ``{iteration}`` and ``{epoch}``. Runs after every other extension, so it
    saves the log entry and learning rate of the iteration it fires on.

    A snapshot that cannot be written (a full or read-only disk) does not end the run: losing
    the run's result would be worse than losing the chance to resume it. ``failure`` then holds
    a sentence saying so, ``notify(sentence)`` is called once (a warning without it), and no
    further snapshot is tried.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_SNAPSHOT
    name = "Snapshot"

    def __init__(self, filename="snapshot_iter_{iteration}.npz", trigger=(1, "epoch"),
                 notify=None):
        self.filename = filename
        self.trigger = trigger
        self.notify = notify
        self.last_path = None  # the last snapshot written
        self.failure = None

    def __call__(self, trainer):
        if self.failure is not None:
            return
        updater = trainer.updater
        path = trainer.out / self.filename.format(iteration=updater.iteration,
                                                  epoch=updater.epoch)
        try:
            save_snapshot(path, trainer)
        except OSError as exc:
            self._failed(sentence("could not write snapshot {path}: {reason}; training goes on "
                                  "without snapshots.", path=path, reason=os_error_reason(exc)))
            return
        self.last_path = path

    def _failed(self, said):
        self.failure = said
        if self.notify is not None:
            self.notify(said)
        else:
            warnings.warn(said, RuntimeWarning, stacklevel=2)


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
