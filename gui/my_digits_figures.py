"""The model shown, measured on my digits beside its MNIST test accuracy, and fine-tuned on them
(issue 18, items 9 and 10).

MNIST was written by American Census employees and students; a class's own handwriting is
read worse, and this view shows by how much: the accuracy on every digit of the collection, on
the held-out ones (never trained on, so an honest figure after fine-tuning), and a confusion
matrix. Fine-tuning asks the window to train the model on from its weights on MNIST mixed with
the training part of my digits; the figures before and after are shown side by side.

Measuring runs off the GUI thread (gui.workers.ProgressJob) on a copy of the weights, only while
the view is on screen, at most twice a second while a run changes the weights.
"""
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import engine

from .draw_panel import plain_wrapped_label
from .i18n import tr
from .inspect_mistakes import ConfusionModel, confusion_table
from .workers import ProgressJob, WeightsSnapshot

REMEASURE_DELAY_MS = 500  # weights change 4x a second in a run: one measurement per pause
DEFAULT_MNIST_IMAGES = 10_000  # deep-cnn: about ten seconds an epoch in the window
DEFAULT_EPOCHS = 1



def measure(snapshot, digits, trained_ids):
    """The job run off the GUI thread, on a copy of the weights (the live ones may change)."""
    def job(progress, should_stop):
        return engine.measure_my_digits(snapshot.to_network(), digits, trained_ids,
                                        progress=progress, should_stop=should_stop)
    return job


def right_of(predictions):
    """(answers right, digits) of an engine Predictions, or (0, 0) for None."""
    if predictions is None:
        return 0, 0
    return int(predictions.confusion.trace()), int(len(predictions.labels))


class MyDigitsConfusion(ConfusionModel):
    """The confusion matrix, its tooltips speaking of my digits rather than test images."""

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ToolTipRole and orientation == Qt.Vertical:
            return tr("Your digits labelled {0}").format(self._names[section])
        if role == Qt.ToolTipRole and section < self.classes():
            return tr("Your digits the network answered {0}").format(self._names[section])
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and self._predictions is not None and index.isValid():
            # a few digits a row: counts alone, and whole percentages, fit a 1024-pixel screen
            row, column = index.row(), index.column()
            if not self.is_cell(index):
                return f"{float(self._predictions.per_class_accuracy[row]):.0%}"
            return str(int(self._predictions.confusion[row, column]))
        if role != Qt.ToolTipRole or self._predictions is None or not self.is_cell(index):
            return super().data(index, role)
        row, column = index.row(), index.column()
        confusion = self._predictions.confusion
        return tr("{count} of your {total} digits labelled {label} were answered "
                  "{answer}.").format(count=int(confusion[row, column]),
                                      total=int(confusion[row].sum()),
                                      label=self._names[row], answer=self._names[column])


class MyDigitsFiguresView(QWidget):
    """Accuracy and confusion matrix of the model shown on my digits, and fine-tuning."""

    # MNIST training images to mix in, epochs: the window trains (it owns the questions)
    fine_tune_requested = Signal(int, int)
    measured = Signal()  # the figures on screen are new

    def __init__(self, models, store, parent=None):
        super().__init__(parent)
        self._model = models.current_model
        self._controller = models.controller
        self._store = store
        self._figures = None  # engine.MyDigitsFigures of the model shown, when measured
        self._generation = 0  # bumped by every change of model or digits
        self._before = None  # (MNIST accuracy, held-out right, held-out count) at the request
        self._requesting = False  # the request is being handled: a run started now is ours
        # None, or where the requested run is: "running", then "finished" (the next figures
        # measured are of its model: the "after")
        self._fine_tune = None
        self._measuring = None  # the generation being measured
        self._job = ProgressJob(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REMEASURE_DELAY_MS)
        self._timer.timeout.connect(self._measure_if_shown)
        self._build()
        self._lay_out()
        self._job.done.connect(self._on_measured)
        self._job.failed.connect(self._on_failed)
        self._model.changed.connect(self._on_changed)
        self._model.replaced.connect(self._forget_comparison)
        store.changed.connect(self._on_changed)
        self._controller.started.connect(self._on_run_started)
        self._controller.finished.connect(self._on_run_finished)
        self._controller.failed.connect(self._on_run_failed)
        self._controller.cancelled.connect(self._on_run_cancelled)
        self._controller.state_changed.connect(self._show_controls)
        self._controller.state_changed.connect(self._show_mnist)
        self._on_changed()

    # --- building -----------------------------------------------------------------------------
    def _build(self):
        self.mnist_label = plain_wrapped_label()
        self.mnist_label.setAccessibleName(self.tr("Accuracy on MNIST's test set"))
        self.mine_label = plain_wrapped_label()
        self.mine_label.setAccessibleName(self.tr("Accuracy on my digits"))
        self.held_out_label = plain_wrapped_label()
        self.held_out_label.setAccessibleName(self.tr("Accuracy on my held-out digits"))
        self.confusion = MyDigitsConfusion(self)
        self.matrix = confusion_table(
            self.confusion,
            self.tr("Confusion matrix of my digits: rows are the digit you meant, columns the "
                    "network's answer"),
            self.tr("Rows: the digit you meant; columns: the network's answer."),
            self.tr("The last column is each row's accuracy."))
        self.matrix.setSelectionMode(QAbstractItemView.NoSelection)
        self.mnist_images = self._spin_box(
            1_000, 60_000, DEFAULT_MNIST_IMAGES, 1_000, self.tr("MNIST images mixed in"),
            self.tr("How many MNIST training images are mixed with your digits, so the network "
                    "keeps reading MNIST while it learns your handwriting."))
        self.epochs = self._spin_box(
            1, 20, DEFAULT_EPOCHS, 1, self.tr("Fine-tuning epochs"),
            self.tr("How many passes over the mix of MNIST and your digits."))
        self.fine_tune_button = QPushButton(self.tr("Fi&ne-tune on my digits"))
        self.fine_tune_button.setAccessibleName(self.tr("Fine-tune on my digits"))
        self.fine_tune_button.setToolTip(self.tr(
            "Train the model shown on from its weights, on MNIST mixed with your digits. The "
            "held-out digits are never trained on, so their accuracy after is honest."))
        self.fine_tune_button.clicked.connect(self._request_fine_tune)
        self.comparison_label = plain_wrapped_label()
        self.comparison_label.setAccessibleName(self.tr("Before and after fine-tuning"))

    def _spin_box(self, low, high, value, step, name, tip):
        box = QSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setValue(value)
        box.setGroupSeparatorShown(True)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        editor = box.findChild(QLineEdit)  # focused itself: named too
        editor.setAccessibleName(name)
        editor.setToolTip(tip)
        return box

    def _lay_out(self):
        figures = QGroupBox(self.tr("The model shown, on my digits"))
        figures_layout = QVBoxLayout(figures)
        for label in (self.mnist_label, self.mine_label, self.held_out_label):
            figures_layout.addWidget(label)
        figures_layout.addWidget(self.matrix, 1)
        tuning = QGroupBox(self.tr("Fine-tune on my digits"))
        form = QFormLayout()
        form.addRow(self.tr("MNIST images"), self.mnist_images)
        form.addRow(self.tr("Epochs"), self.epochs)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addWidget(self.fine_tune_button, 0, Qt.AlignBottom)
        row.addStretch(1)
        tuning_layout = QVBoxLayout(tuning)
        tuning_layout.addLayout(row)
        tuning_layout.addWidget(self.comparison_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(figures, 1)
        layout.addWidget(tuning)

    # --- what the user reads ------------------------------------------------------------------
    def figures(self):
        """The engine MyDigitsFigures shown, or None while none are."""
        return self._figures

    def texts(self):
        """(MNIST line, my digits line, held-out line, comparison) as shown."""
        return (self.mnist_label.text(), self.mine_label.text(), self.held_out_label.text(),
                self.comparison_label.text())

    def _mnist_accuracy(self):
        accuracy = self._model.metrics.get("test_accuracy")
        return float(accuracy) if isinstance(accuracy, int | float) else None

    @Slot()
    def _show_mnist(self):
        accuracy = self._mnist_accuracy()
        if self._model.network is None:
            self.mnist_label.setText(self.tr("No model: open one or train one."))
        elif self._controller.is_active():
            self.mnist_label.setText(self.tr("On MNIST's test set: measured when the run ends."))
        elif accuracy is None:
            self.mnist_label.setText(self.tr("On MNIST's test set: not measured for this model "
                                             "(its file records no test accuracy)."))
        else:
            self.mnist_label.setText(self.tr("On MNIST's test set: {0:.2%} (as its file "
                                             "records).").format(accuracy))

    def _show_figures(self):
        figures, count = self._figures, len(self._store.digits())
        if count == 0:
            self.mine_label.setText(self.tr("You have no digits yet: draw one on the Draw & "
                                            "Train page and press its digit key."))
            self.held_out_label.setText("")
        elif figures is None:
            self.mine_label.setText(self.tr("Measuring your {0} digits…").format(count))
            self.held_out_label.setText("")
        else:
            right, total = right_of(figures.every)
            self.mine_label.setText(self.tr(
                "On your {total} digits: {right} right, {accuracy:.1%}.").format(
                total=total, right=right, accuracy=right / total))
            self.held_out_label.setText(self._held_out_text(figures))
        names = self._model.class_names
        self.confusion.set_predictions(figures.every if figures else None, names)

    def _held_out_text(self, figures):
        right, total = right_of(figures.held_out)
        if total == 0:
            text = self.tr("None of your digits is held out yet (about one in five is): add "
                           "more for an honest figure after fine-tuning.")
        else:
            text = self.tr("On the {total} held out, never trained on: {right} right, "
                           "{accuracy:.1%}.").format(total=total, right=right,
                                                     accuracy=right / total)
        if figures.excluded:
            text += " " + self.tr("({0} held-out digits left out: this model trained on "
                                  "them.)").format(figures.excluded)
        return text

    def _show_comparison(self):
        if self._before is None:
            self.comparison_label.setText("")
            return
        before = self._comparison_line(self.tr("Before"), *self._before)
        if self._fine_tune is not None or self._figures is None:
            self.comparison_label.setText(before)
            return
        after = self._comparison_line(self.tr("After"), self._mnist_accuracy(),
                                      *right_of(self._figures.held_out))
        self.comparison_label.setText(before + "\n" + after)

    def _comparison_line(self, when, mnist, right, total):
        mnist_text = self.tr("not recorded") if mnist is None else f"{mnist:.2%}"
        mine_text = (self.tr("none held out") if total == 0 else
                     self.tr("{0} of {1}, {2:.1%}").format(right, total, right / total))
        return self.tr("{when}: MNIST test {mnist} · my held-out digits {mine}").format(
            when=when, mnist=mnist_text, mine=mine_text)

    @Slot()
    def _show_controls(self):
        idle = not self._controller.is_active()
        self.fine_tune_button.setEnabled(idle and self._model.network is not None
                                         and len(self._store.digits()) > 0)

    # --- measuring ----------------------------------------------------------------------------
    @Slot()
    def _on_changed(self):
        self._generation += 1
        self._show_mnist()
        self._show_controls()
        if not self._timer.isActive():
            # at once for a click; a run's weights wait for the timer, so it cannot starve
            self._timer.start(0 if not self._controller.is_active() else REMEASURE_DELAY_MS)

    @Slot()
    def _measure_if_shown(self):
        if not self.isVisible():
            return  # measured when shown
        digits, network = self._store.digits(), self._model.network
        if len(digits) == 0 or network is None:
            self._figures = None
            self._show_figures()
            self._show_comparison()
            return
        generation = self._generation
        self._job.start(measure(WeightsSnapshot.of(network, 0), digits,
                                self._model.my_digits_trained_ids()),
                        what=self.tr("Measuring my digits failed"))
        self._measuring = generation

    def showEvent(self, event):
        super().showEvent(event)
        if self._figures is None or self._measuring != self._generation:
            self._timer.start(0)

    @Slot(object)
    def _on_measured(self, figures):
        if self._measuring != self._generation:
            self._timer.start(0)  # the digits or the model changed meanwhile: again
            return
        if self._fine_tune == "finished":
            self._fine_tune = None  # these figures are the fine-tuned model's
        self._figures = figures
        self._show_figures()
        self._show_comparison()
        self.measured.emit()

    @Slot(str)
    def _on_failed(self, message):
        self._figures = None
        self.mine_label.setText(message)
        self.held_out_label.setText("")

    # --- fine-tuning --------------------------------------------------------------------------
    @Slot()
    def _request_fine_tune(self):
        right, total = right_of(self._figures.held_out if self._figures else None)
        self._before = (self._mnist_accuracy(), right, total)
        self._requesting = True
        try:
            self.fine_tune_requested.emit(self.mnist_images.value(), self.epochs.value())
        finally:
            self._requesting = False
        if self._fine_tune is None:  # the window refused (and said why): nothing to compare
            self._before = None
        self._show_comparison()

    @Slot()
    def _forget_comparison(self):
        """Another model opened: the before and after were another model's."""
        if self._fine_tune is None:
            self._before = None
            self._show_comparison()

    @Slot()
    def _on_run_started(self):
        if self._requesting:
            self._fine_tune = "running"

    @Slot(object)
    def _on_run_finished(self, _result):
        # the window shows the trained model next: that change is measured as the "after"
        if self._fine_tune == "running":
            self._fine_tune = "finished"

    @Slot(str)
    def _on_run_failed(self, _message):
        self._on_run_cancelled()

    @Slot()
    def _on_run_cancelled(self):
        if self._fine_tune is not None:
            self._fine_tune = None
            self._before = None
            self.comparison_label.setText(self.tr("Fine-tuning did not finish: the model "
                                                  "shown is the one before."))

    def shutdown(self):
        """The window closes: nothing of this view may still run."""
        self._timer.stop()
        self._job.shutdown()
