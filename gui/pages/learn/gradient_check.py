"""Lesson 4: the gradient check. Backprop against the central-difference numerical gradient,
per parameter array, for a small network or any preset (exactly what ``python -m engine
gradcheck`` prints), and the error against the step size h in float32 and float64.

Both computations run off the GUI thread (a CNN's check takes seconds): gui.workers'
ProgressJob, with Cancel, stopped when the window closes.
"""
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

import numpy as np
import pyqtgraph as pg

from engine.lessons import gradient_check

from ...i18n import tr
from ...plots import TEST_COLOR, TRAIN_COLOR
from ...workers import ProgressJob
from .common import Lesson, SourceView, format_number, lesson_text

COLUMNS = 5  # parameter, shape, elements checked, relative error, result
PLOT_HEIGHT = 260  # px
SOURCE_HEIGHT = 170  # px: numerical_gradient's 18 lines need scrolling, its loop does not
DTYPE_COLOURS = {"float32": TEST_COLOR, "float64": TRAIN_COLOR}
NUMERICAL_LINES = ("x[i] = original + h", "x[i] = original - h", "(plus - minus) / (2 * h)")
RELATIVE_LINES = ("np.linalg.norm(analytic - numeric) / denominator",
                  "denominator = np.linalg.norm")



def shape_text(shape):
    return " x ".join(str(size) for size in shape)


class GradientCheckLesson(Lesson):
    check_shown = Signal(object)  # the engine CheckResult now in the table
    check_cancelled = Signal()
    sweep_shown = Signal(object)  # the engine StepSweep now plotted

    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self._check_job = ProgressJob(self)
        self._sweep_job = ProgressJob(self)
        self._build_check()
        self._build_sweep()
        self._build_sources()
        self._lay_out()
        self._check_job.progress.connect(self._on_check_progress)
        self._check_job.done.connect(self._on_check_done)
        self._check_job.failed.connect(self._on_check_failed)
        self._check_job.cancelled.connect(self._on_check_cancelled)
        self._sweep_job.done.connect(self._on_sweep_done)
        self._sweep_job.failed.connect(self._on_sweep_failed)
        self.network_box.currentIndexChanged.connect(self._start_check)

    # --- building -----------------------------------------------------------------------------
    def _build_check(self):
        self.network_box = QComboBox()
        for name in gradient_check.network_names():
            label = (tr("small network: 16-10-3, sigmoid")
                     if name == gradient_check.SMALL_NETWORK else tr("preset {0}").format(name))
            self.network_box.addItem(label, name)
        self.network_box.setAccessibleName(tr("Network to check"))
        self.network_box.setToolTip(tr("The network whose backward pass is checked; the check "
                                       "starts as soon as you choose one."))
        self.cancel_button = QPushButton(tr("&Cancel"))
        self.cancel_button.setAccessibleName(tr("Cancel the gradient check"))
        self.cancel_button.setToolTip(tr("Stop the gradient check that is running."))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._check_job.cancel)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(tr("Gradient check progress"))
        self.progress_bar.setToolTip(tr("Parameter arrays checked so far."))
        self.progress_bar.setFormat(tr("%v of %m arrays"))
        self.progress_bar.setValue(0)
        self.results_table = QTableWidget(0, COLUMNS)
        self.results_table.setAccessibleName(tr("Relative error of each parameter array"))
        self.results_table.setHorizontalHeaderLabels(
            [tr("Parameter"), tr("Shape"), tr("Elements checked"), tr("Relative error"),
             tr("Result")])
        self.results_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.results_table.verticalHeader().setVisible(False)
        self.results_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.results_table.setSizeAdjustPolicy(QTableWidget.AdjustToContents)
        self.results_table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.summary_label = lesson_text("")
        self.summary_label.setAccessibleName(tr("Gradient check result"))

    def _build_sweep(self):
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(tr("Relative error against the step size h"))
        self.plot.setFixedHeight(PLOT_HEIGHT)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.plot.setFocusPolicy(Qt.NoFocus)
        self.plot.setLogMode(x=True, y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setLabel("bottom", tr("step size h"))
        self.plot.setLabel("left", tr("relative error"))
        for side in ("left", "bottom"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)  # "(x0.001)" puzzles a learner
        self.plot.addLegend(offset=(10, -10))  # bottom left: under the curves' left ends
        self.sweep_curves = {
            dtype: self.plot.plot([], [], name=dtype, pen=pg.mkPen(colour, width=2),
                                  symbol="o", symbolSize=6, symbolPen=None,
                                  symbolBrush=pg.mkBrush(colour))
            for dtype, colour in DTYPE_COLOURS.items()}
        self.sweep_label = lesson_text(tr("Measuring the error for {0} step sizes...").format(
            len(gradient_check.STEP_SIZES)))
        self.sweep_label.setAccessibleName(tr("Smallest error of each precision"))

    def _build_sources(self):
        self.numerical_source = SourceView()
        self.numerical_source.setFixedHeight(SOURCE_HEIGHT + 60)
        self.relative_source = SourceView()
        self.relative_source.setFixedHeight(SOURCE_HEIGHT)

    def _lay_out(self):
        intro = lesson_text(tr(
            "Backprop gives every gradient in one backward pass; the numerical gradient "
            "moves one parameter by +h and -h and divides the change in the loss by 2h "
            "(book 4.3). Slow, but too simple to get wrong: if the two agree, the backward "
            "pass is right (book 5.7). Here DigitLab's own layers are checked in float64."))
        choose = QHBoxLayout()
        label = QLabel(tr("&Network:"))
        label.setBuddy(self.network_box)
        choose.addWidget(label)
        choose.addWidget(self.network_box, 1)
        choose.addWidget(self.progress_bar, 1)
        choose.addWidget(self.cancel_button)
        check = QGroupBox(tr("Backprop against the numerical gradient, per parameter array"))
        check_layout = QVBoxLayout(check)
        check_layout.addLayout(choose)
        check_layout.addWidget(self.results_table)
        check_layout.addWidget(self.summary_label)
        sweep = QGroupBox(tr("The error against the step size h (small network)"))
        sweep_layout = QVBoxLayout(sweep)
        sweep_layout.addWidget(self.plot)
        sweep_layout.addWidget(self.sweep_label)
        sweep_layout.addWidget(lesson_text(tr(
            "Right of the minimum the error falls as h squared: the central difference is "
            "exact for a parabola and misses only the third-order term (truncation). Left "
            "of it the error grows as eps/h: the two losses agree in almost every digit, "
            "their difference keeps only the last few, and dividing by 2h magnifies that "
            "rounding (float64's eps is 2e-16, float32's 1e-7, so float32 is best at a much "
            "larger h and never gets close).")))
        sources = QGroupBox(tr("The engine's code"))
        sources_layout = QVBoxLayout(sources)
        sources_layout.addWidget(self.numerical_source)
        sources_layout.addWidget(self.relative_source)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(check)
        layout.addWidget(sweep)
        layout.addWidget(sources)

    # --- computing ----------------------------------------------------------------------------
    def first_shown(self):
        self.numerical_source.show_source(gradient_check.numerical_gradient, NUMERICAL_LINES)
        self.relative_source.show_source(gradient_check.relative_error, RELATIVE_LINES)
        self._start_check()

        def sweep(progress, should_stop):
            return gradient_check.step_sweep(progress=progress, should_stop=should_stop)

        self._sweep_job.start(sweep, tr("Measuring the error against h failed"))

    def shutdown(self):
        """Stop both jobs and join their threads; False if one outlived the wait."""
        checked = self._check_job.shutdown()
        swept = self._sweep_job.shutdown()
        return checked and swept

    def chosen_network(self):
        return self.network_box.currentData()

    @Slot()
    def _start_check(self):
        name = self.chosen_network()

        def check(progress, should_stop):
            return gradient_check.check_network(name, progress=progress,
                                                 should_stop=should_stop)

        self.results_table.setRowCount(0)
        self.progress_bar.setValue(0)
        self.summary_label.setText(tr("Checking {0}...").format(self.network_box.currentText()))
        self.cancel_button.setEnabled(True)
        self._check_job.start(check, tr("The gradient check failed"))

    @Slot(int, int)
    def _on_check_progress(self, done, total):
        self.progress_bar.setMaximum(total)
        self.progress_bar.setValue(done)

    @Slot(object)
    def _on_check_done(self, result):
        self.cancel_button.setEnabled(False)
        self._show_check(result)
        self.check_shown.emit(result)

    @Slot(str)
    def _on_check_failed(self, message):
        self.cancel_button.setEnabled(False)
        self.summary_label.setText(message)

    @Slot()
    def _on_check_cancelled(self):
        self.cancel_button.setEnabled(False)
        self.summary_label.setText(tr("Cancelled: choose a network to check it again."))
        self.check_cancelled.emit()

    def _show_check(self, result):
        self.results_table.setRowCount(len(result.parameters))
        for row, parameter in enumerate(result.parameters):
            size = int(np.prod(parameter.shape))
            texts = (parameter.name, shape_text(parameter.shape),
                     tr("{0} of {1}").format(f"{parameter.checked:,}", f"{size:,}"),
                     format_number(parameter.relative_error, 3),
                     tr("pass") if parameter.passed else tr("FAIL"))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.results_table.setItem(row, column, item)
        self.results_table.resizeRowsToContents()
        self.results_table.updateGeometry()
        if result.passed:
            sentence = tr("Largest relative error {0}, under the tolerance {1} of “python -m "
                          "engine gradcheck” (h = {2}): backprop agrees with the numerical "
                          "gradient.")
        else:
            sentence = tr("Largest relative error {0}, not under the tolerance {1} of “python "
                          "-m engine gradcheck” (h = {2}): a backward pass is wrong.")
        self.summary_label.setText(sentence.format(format_number(result.max_error, 3),
                                                   format_number(result.tolerance),
                                                   format_number(result.step)))

    @Slot(object)
    def _on_sweep_done(self, sweep):
        steps = np.asarray(sweep.steps)
        for dtype, curve in self.sweep_curves.items():
            errors = np.asarray(sweep.errors[dtype])
            curve.setData(steps, np.where(errors > 0, errors, np.nan))  # log(0) is no point
        parts = []
        for dtype in self.sweep_curves:
            step, error = sweep.best(dtype)
            parts.append(tr("{0}: smallest error {1} at h = {2}").format(
                dtype, format_number(error, 2), format_number(step, 2)))
        self.sweep_label.setText(tr("Measured: {0}; {1}.").format(*parts))
        self.sweep_shown.emit(sweep)

    @Slot(str)
    def _on_sweep_failed(self, message):
        self.sweep_label.setText(message)
