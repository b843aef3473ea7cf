"""The window's pages: each one module, built from the models every page shares.

A page takes ``SharedModels`` in its constructor and subscribes to their signals; pages never
talk to each other (ARCHITECTURE.md: napari's views and its ``Dims``). The window lists them in
``main_window.PAGES``; Inspect, Learn and Runs plug in beside Draw & Train the same way.
"""
import dataclasses


@dataclasses.dataclass(frozen=True)
class SharedModels:
    """What every page may follow: the model read and trained, the run, the data, the jobs
    and the drawing."""

    current_model: object  # gui.current_model.CurrentModel
    controller: object  # gui.workers.TrainingController
    datasets: object  # gui.dataset_source.DatasetSource
    jobs: object  # gui.workers.BackgroundJobs
    drawing: object = None  # gui.drawing.SharedDrawing: the canvas every page draws on
    kept_runs: object = None  # gui.kept_runs.KeptRuns: every finished run, kept
    my_digits: object = None  # gui.my_digits.MyDigitsStore: the student's own digits
