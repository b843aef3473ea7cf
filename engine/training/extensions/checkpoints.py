"""Snapshot (to a file) and HostCheckpoint (in memory): the run's state, to resume from."""

from ..snapshots import save_snapshot, snapshot_contents
from ..trainer import PRIORITY_SNAPSHOT, Extension


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
