"""Every finished run, kept in the user's data folder without a question (issue 18, item 5).

``KeptRuns`` is what the window and the Runs page share: it keeps a finished run, lists the
kept ones and deletes them, each off the GUI thread in the window's BackgroundJobs (writing a
model takes a moment; listing reads one small file per run). The store itself is the engine's
``RunStore``: no Qt there.
"""
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal

import engine

LIST_LANE = "kept runs: listing"  # a later listing replaces one not yet read


def default_runs_folder():
    """Where runs are kept: the platform's data folder for applications (XDG_DATA_HOME on
    Linux, Application Support on macOS, AppData on Windows), then "runs"."""
    base = QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation)
    return Path(base or Path.home() / ".digitlab") / "runs"


class KeptRuns(QObject):
    """The kept runs as the window shows them: ``runs()`` after each ``listed``."""

    listed = Signal()  # runs() and problems() are new
    kept = Signal(object, object)  # the TrainingResult, and the engine KeptRun it became
    keep_failed = Signal(object, str)  # the TrainingResult, and the sentence saying why
    failed = Signal(str)  # listing or deleting failed: a sentence

    def __init__(self, folder, jobs, parent=None):
        super().__init__(parent)
        self._store = engine.RunStore(folder)
        self._jobs = jobs
        self._runs = []
        self._problems = []

    @property
    def folder(self):
        return self._store.folder

    @property
    def budget_bytes(self):
        return self._store.budget_bytes

    def runs(self):
        """The kept runs (engine KeptRun), newest first, as last listed."""
        return list(self._runs)

    def problems(self):
        """Sentences naming the kept runs that could not be read, as last listed."""
        return list(self._problems)

    def refresh(self):
        """List the store again; ``listed`` follows."""
        self._jobs.submit(self._list, self._on_listed, self.failed.emit,
                          what=self.tr("The kept runs could not be listed"), lane=LIST_LANE)

    def keep(self, result):
        """Keep a finished run (a gui.workers.TrainingResult); ``kept`` or ``keep_failed``."""
        store = self._store

        def keep_it():
            return store.keep(result.weights.to_network(), result.metadata)

        self._jobs.submit(keep_it, lambda kept: self._on_kept(result, kept),
                          lambda message: self.keep_failed.emit(result, message),
                          what=self.tr("The run could not be kept"))

    def delete(self, kept_runs):
        """Delete these runs' folders; the list follows."""
        store, doomed = self._store, list(kept_runs)

        def delete_them():
            for kept in doomed:
                store.delete(kept)

        self._jobs.submit(delete_them, lambda _: self.refresh(), self._on_delete_failed,
                          what=self.tr("A run could not be deleted"))

    def _list(self):
        runs = self._store.runs()
        return runs, list(self._store.problems)

    def _on_listed(self, listed):
        self._runs, self._problems = listed
        self.listed.emit()

    def _on_kept(self, result, kept):
        self.kept.emit(result, kept)
        self.refresh()

    def _on_delete_failed(self, message):
        self.failed.emit(message)
        self.refresh()
