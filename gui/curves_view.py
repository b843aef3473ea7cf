"""The loss and accuracy curves of the model shown: growing live during a run, or the history
its file holds, or empty with a word on how to fill them. Never another model's curves.
"""
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QSplitter

import numpy as np

import engine

from .plots import AccuracyPlot, LossPlot, history_column
from .workers import CHECKS_PER_EPOCH


class CurvesView(QSplitter):
    """Loss beside accuracy; follows the TrainingController and the CurrentModel."""

    def __init__(self, controller, current_model, parent=None):
        super().__init__(Qt.Horizontal, parent)
        self._controller = controller
        self._model = current_model
        self.loss_plot = LossPlot()
        self.accuracy_plot = AccuracyPlot()
        self.addWidget(self.loss_plot)
        self.addWidget(self.accuracy_plot)
        self.setChildrenCollapsible(False)
        self._planned = False
        self._reports = 0  # of the current run
        self._in_force = {}  # the run's learning rate, decay and weight decay, as last marked
        controller.started.connect(self.start_run)
        controller.progress.connect(self.add_report)
        controller.failed.connect(self._on_run_ended_early)
        controller.cancelled.connect(self._on_run_ended_early)
        controller.finished.connect(self._on_run_finished)
        current_model.replaced.connect(self.show_model_history)
        self.show_model_history()

    # --- a run ----------------------------------------------------------------------------
    @Slot()
    def start_run(self):
        self._clear(self.tr("Loading the dataset and building the network…"))
        self._planned = False
        self._reports = 0
        plan = self._controller.plan
        self._in_force = engine.starting_hyperparameters(
            plan.training_config() if plan is not None else None)

    @Slot()
    def _on_run_ended_early(self):
        if self._reports == 0:  # nothing trained: the model and its curves are as they were
            self.show_model_history()
        else:
            self._on_run_finished(None)

    @Slot(object)
    def _on_run_finished(self, _result):
        if not self._has_accuracy():  # ended before the first check: say so, not "at the first"
            self.accuracy_plot.set_placeholder(
                self.tr("The run ended before its first test check."))

    def _has_accuracy(self):
        return sum(self.accuracy_plot.point_counts()) + self.accuracy_plot.check_count() > 0

    @Slot(object)
    def add_report(self, report):
        self._reports += 1
        if self._reports == 1:  # it trains: the test curve starts at the first check
            self.accuracy_plot.set_placeholder(
                self.tr("Test accuracy appears here at the first check, {0} times an "
                        "epoch.").format(CHECKS_PER_EPOCH))
        if not self._planned and report.iterations_per_epoch:
            self.loss_plot.set_planned_iterations(report.total_iterations)
            self.accuracy_plot.set_planned_epochs(report.total_iterations
                                                  / report.iterations_per_epoch)
            self._planned = True
        self.loss_plot.append(report.loss_iterations, report.losses)
        if report.checks:
            epochs, accuracies = zip(*report.checks, strict=True)
            self.accuracy_plot.append_checks(epochs, accuracies)
        for summary in report.epoch_summaries:
            self.accuracy_plot.append(summary["epoch_detail"], summary.get("main/accuracy"),
                                      summary.get("validation/main/accuracy"))
        for change in report.hyperparameter_changes:
            self._mark_change(change, report.iterations_per_epoch or 1)

    def _mark_change(self, change, iterations_per_epoch):
        """A labelled line on both plots where `change` took effect: what it changed to."""
        text = self.change_text(change, self._in_force)
        self._in_force = dict(change)
        self.loss_plot.markers.mark(change["iteration"], text)
        self.accuracy_plot.markers.mark(change["iteration"] / iterations_per_epoch, text)

    def change_text(self, change, before):
        names = {"lr": self.tr("lr {0}"), "lr_decay": self.tr("decay {0}"),
                 "weight_decay": self.tr("weight decay {0}")}
        changed = [template.format(f"{change[name]:g}") for name, template in names.items()
                   if before.get(name) != change[name]]
        return ", ".join(changed) or self.tr("lr {0}").format(f"{change['lr']:g}")

    # --- a model from a file, or a new one --------------------------------------------------
    @Slot()
    def show_model_history(self):
        """The curves the model's file recorded, or empty plots saying there are none.

        A file may hold any numbers the engine accepts (NaN, inf, rows out of order or
        repeated): the plots' ``show_history`` takes rows as they come and never raises."""
        if self._controller.is_active():
            return  # the live run draws its own curves
        entries = self._model.history()
        iterations = history_column(entries, "iteration")
        if not np.any(np.isfinite(iterations) & (iterations > 0)):
            self._clear(self.tr("No training history for this model. Press F5 to train one "
                                "and watch its loss fall here."),
                        self.tr("Test and train accuracy appear here while a network trains."))
            return
        self._clear("", "")
        per_epoch = self._model.iterations_per_epoch() or _iterations_per_epoch(entries)
        self.loss_plot.show_history(iterations, history_column(entries, "main/loss"))
        with np.errstate(all="ignore"):  # a forged iteration of 1e308 becomes inf: left out
            epochs = iterations / per_epoch
        self.accuracy_plot.show_history(epochs, history_column(entries, "main/accuracy"),
                                        history_column(entries, "validation/main/accuracy"))
        self._in_force, changes = self._model.hyperparameter_changes()
        for change in changes:
            self._mark_change(change, per_epoch)

    def _clear(self, loss_text, accuracy_text=None):
        self.loss_plot.clear_data()
        self.accuracy_plot.clear_data()
        self.loss_plot.set_placeholder(loss_text)
        self.accuracy_plot.set_placeholder(loss_text if accuracy_text is None else accuracy_text)


def _iterations_per_epoch(entries):
    """For a file without the metrics that say it: its last epoch entry's own count, else 1."""
    iterations, epochs = history_column(entries, "iteration"), history_column(entries, "epoch")
    with np.errstate(all="ignore"):
        ratios = iterations / epochs
    usable = np.flatnonzero(np.isfinite(ratios) & (ratios > 0))
    return float(ratios[usable[-1]]) if usable.size else 1.0
