"""The dataset folder the window trains and draws test images from, loaded in the background.

A shared model (napari style): the train panel chooses the folder, the draw panel takes the
test images once ``loaded`` fires, the window hands the loaded dataset to a new run. A folder
is checked (``engine.dataset_problem``, milliseconds) before anything is read. Only the
latest choice counts: what an older folder's load ends in (data or failure) is dropped.
"""
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

import engine

from .i18n import engine_text

LANE = "dataset"  # BackgroundJobs lane: a newer choice replaces the older load


class DatasetSource(QObject):
    """One chosen folder, its problem (a sentence) or its loaded engine Dataset."""

    loading = Signal(object)  # Path: reading it has begun
    loaded = Signal(object)  # engine Dataset of the current folder
    failed = Signal(str)  # why the current folder cannot be used

    def __init__(self, jobs, parent=None):
        super().__init__(parent)
        self._jobs = jobs
        self._folder = None
        self._dataset = None
        self._problem = None

    def folder(self):
        return self._folder

    def dataset(self):
        """The loaded Dataset of the current folder, or None (loading, failed or none)."""
        return self._dataset

    def problem(self):
        """Why the current folder cannot be trained on, or None."""
        return self._problem

    def choose(self, folder):
        """Use `folder` (a Path, or None): check it at once, then load it in the background."""
        folder = Path(folder) if folder else None
        if folder == self._folder and (self._dataset is not None or self._problem is None):
            return  # already loaded or loading
        self._jobs.drop(LANE)  # an older folder's load, if any, is no longer heard
        self._folder, self._dataset = folder, None
        self._problem = self._problem_of(folder)
        if self._problem:
            self.failed.emit(self._problem)
            return
        self.loading.emit(folder)
        self._jobs.submit(lambda: (folder, engine.load_dataset(folder)), self._on_loaded,
                          self._on_failed, lane=LANE,
                          what=self.tr("Could not load the dataset in {0}").format(folder))

    def _problem_of(self, folder):
        if not folder:
            return self.tr("No dataset folder chosen.")
        problem = engine.dataset_problem(folder)
        return engine_text(problem) if problem else None

    @Slot(object)
    def _on_loaded(self, loaded):
        folder, dataset = loaded
        if folder != self._folder:
            return  # another folder was chosen meanwhile (the lane drops it too)
        self._dataset = dataset
        self.loaded.emit(dataset)

    @Slot(str)
    def _on_failed(self, message):
        self._problem = message
        self.failed.emit(message)
