"""Lesson 3, softmax and cross-entropy (Deep Learning from Scratch, 3.5, 4.2.2 and 5.6.3): ten
scores on sliders, a temperature and a true label; the probabilities, the loss and the gradient
y - t as ``engine.lessons.softmax.read_scores`` returns them from ``SoftmaxWithLoss``, and why
the loss carries a 1e-7 guard inside its log.
"""
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
)

import numpy as np
import pyqtgraph as pg

from engine.lessons import softmax as lesson

from .common import ArrayTable, Lesson, SourceView, format_number, lesson_text

TICKS_PER_UNIT = 10  # a slider moves in steps of 0.1
SCORE_LIMIT = 10  # scores run from -10 to 10
DEFAULT_SCORES = (-1.0, 0.5, 2.0, 1.0, -2.0, 0.0, -1.5, 4.0, 0.8, 1.2)  # a network reading a 7
DEFAULT_LABEL = 7
# the confident wrong answer: sure of a 3 when it is an 8; at T = 0.01 the gap of 20 becomes
# 2,000, and exp(-2,000) is 0 in float64 (it underflows below about exp(-745))
WRONG_SCORES = (0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0, -10.0, 0.0)
WRONG_LABEL, WRONG_TEMPERATURE = 8, 0.01
BAR_BRUSH, TRUE_BRUSH = pg.mkBrush(70, 130, 200), pg.mkBrush(230, 140, 30)
PLOT_HEIGHT = 170
# the lines of the engine source that computed what the lesson shows
LAYER_LINES = ("self.y = softmax(x)", "return cross_entropy_error(self.y, self.t, self.guard)",
               "dx[xp.arange(n), self.t] -= 1", "return dx * (dout / n)")
SOFTMAX_LINES = ("shifted = x - x.max(", "exp = xp.exp(shifted)", "return exp / exp.sum(")
LOSS_LINES = ("return -xp.log(y[xp.arange(n), t] + guard)",)


class SoftmaxLesson(Lesson):
    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self._reading = None  # the engine's SoftmaxReading shown
        self._setting = False  # True while a button moves every control at once
        self._build_controls()
        self._build_results()
        self._build_guard()
        self._build_sources()
        self._lay_out()
        for slider in self.sliders:
            slider.valueChanged.connect(self._on_slider_moved)
        self.label_box.currentIndexChanged.connect(self._on_changed)
        self.temperature_box.valueChanged.connect(self._on_changed)
        self.wrong_button.clicked.connect(self._on_confident_wrong)
        self.start_over_button.clicked.connect(self._on_start_over)

    # --- widgets --------------------------------------------------------------------------------
    def _build_controls(self):
        self.intro = lesson_text(self.tr(
            "Softmax turns ten scores x into probabilities y that add up to 1 (book 3.5); the "
            "cross-entropy loss is −log of the true class's probability (4.2.2); and the "
            "gradient of the two together is simply y − t (5.6.3). Dividing the scores by a "
            "temperature T above 1 flattens the probabilities, below 1 sharpens them. Every "
            "number below comes from the engine's SoftmaxWithLoss layer."))
        self.sliders, self.slider_values = [], []
        for digit in range(lesson.CLASSES):
            slider = QSlider(Qt.Vertical)
            slider.setRange(-SCORE_LIMIT * TICKS_PER_UNIT, SCORE_LIMIT * TICKS_PER_UNIT)
            slider.setSingleStep(1)
            slider.setPageStep(TICKS_PER_UNIT)
            slider.setMinimumHeight(150)
            slider.setAccessibleName(self.tr("Score of class {0}").format(digit))
            slider.setToolTip(self.tr("The score x of class {0}, from -10 to 10: drag it, or "
                                      "use the arrow keys (0.1) and Page Up/Down (1).")
                              .format(digit))
            value = QLabel()
            value.setTextFormat(Qt.PlainText)
            value.setAlignment(Qt.AlignCenter)
            value.setAccessibleName(self.tr("Score of class {0}, as a number").format(digit))
            self.sliders.append(slider)
            self.slider_values.append(value)
        self.label_box = QComboBox()
        self.label_box.addItems([str(digit) for digit in range(lesson.CLASSES)])
        self.label_box.setAccessibleName(self.tr("True label"))
        self.label_box.setToolTip(self.tr("The true class t: the loss is −log of its "
                                          "probability, and t is 1 there in y − t."))
        self.temperature_box = QDoubleSpinBox()
        self.temperature_box.setRange(0.01, 10.0)
        self.temperature_box.setDecimals(2)
        self.temperature_box.setSingleStep(0.1)
        self.temperature_box.setValue(1.0)
        self.temperature_box.setKeyboardTracking(False)  # one reading per number typed
        self.temperature_box.setAccessibleName(self.tr("Temperature"))
        self.temperature_box.setToolTip(self.tr(
            "The temperature T (0.01 to 10): the layer reads x / T. Type a number and press "
            "Enter, or use the arrows."))
        self.wrong_button = QPushButton(self.tr("&Confident wrong answer"))
        self.wrong_button.setAccessibleName(self.tr("Confident wrong answer"))
        self.wrong_button.setToolTip(self.tr(
            "Scores sure of a 3 when the label is 8, at T = 0.01: the probability of the true "
            "class underflows to 0, which is what the guard in the log is for."))
        self.start_over_button = QPushButton(self.tr("&Start over"))
        self.start_over_button.setAccessibleName(self.tr("Start over"))
        self.start_over_button.setToolTip(self.tr(
            "Put back the first scores, label 7 and temperature 1."))

    def _build_results(self):
        self.table = ArrayTable(self.tr("Scores, probabilities and gradient"))
        self.table.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Maximum)
        self.table.setToolTip(self.tr(
            "For each class: the score the layer reads (x / T), its probability y and the "
            "gradient y − t that backward returns."))
        self.probability_plot = self._bar_plot(
            self.tr("Probabilities y = softmax(x / T)"), (0.0, 1.0),
            self.tr("The probability of each class; the true label's bar is orange."))
        self.gradient_plot = self._bar_plot(
            self.tr("Gradient y − t from backward()"), (-1.0, 1.0),
            self.tr("The gradient of the loss with respect to each score (for N = 1): y − t, "
                    "negative only at the true label."))
        self.probability_bars = self._bars(self.probability_plot)
        self.gradient_bars = self._bars(self.gradient_plot)
        self.loss_label = QLabel()
        self.loss_label.setTextFormat(Qt.PlainText)
        self.loss_label.setWordWrap(True)
        self.loss_label.setAccessibleName(self.tr("Loss"))
        self.loss_label.setStyleSheet("font-weight: bold")

    def _bar_plot(self, title, y_range, tooltip):
        plot = pg.PlotWidget()
        plot.setTitle(title)
        plot.setAccessibleName(title)
        plot.setToolTip(tooltip)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setBackground(None)
        plot.setFixedHeight(PLOT_HEIGHT)
        plot.setXRange(-0.6, lesson.CLASSES - 0.4, padding=0)
        plot.setYRange(*y_range, padding=0.05)
        plot.getAxis("bottom").setTicks([[(digit, str(digit))
                                          for digit in range(lesson.CLASSES)]])
        return plot

    def _bars(self, plot):
        bars = pg.BarGraphItem(x=np.arange(lesson.CLASSES), height=np.zeros(lesson.CLASSES),
                               width=0.7, brush=BAR_BRUSH, pen=None)
        plot.addItem(bars)
        return bars

    def _build_guard(self):
        self.guard_box = QGroupBox(self.tr("Why a small constant guards the log"))
        self.guard_text = lesson_text(self.tr(
            "When the network is very sure of a wrong class, the true class's probability can "
            "underflow to exactly 0 in float64, and −log(0) = inf would make the whole batch's "
            "loss inf. The book adds 1e-7 inside the log, so one example costs at most "
            "−log(1e-7) = {0}. The price: the loss comes out lower than the exact one, by "
            "about 1e-7 / y_t, which matters only when y_t itself is tiny.").format(
            format_number(lesson.MAX_GUARDED_LOSS, 3)))
        self.guard_values = {}
        for key, name in (("guarded", self.tr("With the guard, −log(y_t + 1e-7):")),
                          ("unguarded", self.tr("Without it, −log(y_t):")),
                          ("exact", self.tr("Exact, logsumexp(x) − x_t:")),
                          ("cost", self.tr("Exact − guarded:")),
                          ("estimate", self.tr("Guard / y_t:"))):
            value = QLabel()
            value.setTextFormat(Qt.PlainText)
            value.setAccessibleName(name.rstrip(":"))
            self.guard_values[key] = (name, value)
        self.guard_verdict = lesson_text("")
        self.guard_verdict.setAccessibleName(self.tr("What the guard does here"))

    def _build_sources(self):
        self.layer_source = SourceView()
        self.softmax_source = SourceView()
        self.loss_source = SourceView()
        for view in (self.layer_source, self.softmax_source, self.loss_source):
            view.heading.setWordWrap(True)
        self.layer_source.text.setMinimumHeight(300)
        for view in (self.softmax_source, self.loss_source):
            view.text.setMinimumHeight(110)

    def _lay_out(self):
        controls = QHBoxLayout()
        for text, widget in ((self.tr("&Label t:"), self.label_box),
                             (self.tr("Te&mperature T:"), self.temperature_box)):
            label = QLabel(text)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.wrong_button)
        controls.addWidget(self.start_over_button)
        scores = QGroupBox(self.tr("Scores x"))
        grid = QGridLayout(scores)
        for digit, (slider, value) in enumerate(zip(self.sliders, self.slider_values,
                                                    strict=True)):
            grid.addWidget(QLabel(str(digit)), 0, digit, Qt.AlignHCenter)
            grid.addWidget(slider, 1, digit, Qt.AlignHCenter)
            grid.addWidget(value, 2, digit, Qt.AlignHCenter)
        scores.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Preferred)
        top = QHBoxLayout()
        top.addWidget(scores)
        top.addWidget(self.table)
        top.addStretch(1)
        plots = QHBoxLayout()
        plots.addWidget(self.probability_plot)
        plots.addWidget(self.gradient_plot)
        form = QFormLayout()
        for name, value in self.guard_values.values():
            form.addRow(name, value)
        guard = QVBoxLayout(self.guard_box)
        guard.addWidget(self.guard_text)
        guard.addLayout(form)
        guard.addWidget(self.guard_verdict)
        right = QVBoxLayout()
        right.addWidget(self.softmax_source)
        right.addWidget(self.loss_source)
        sources = QHBoxLayout()
        sources.addWidget(self.layer_source, 1)
        sources.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(controls)
        layout.addLayout(top)
        layout.addLayout(plots)
        layout.addWidget(self.loss_label)
        layout.addWidget(self.guard_box)
        layout.addLayout(sources)
        layout.addStretch(1)

    def first_shown(self):
        classes = lesson.layer_sources()
        self.layer_source.show_source(classes[0])
        self.softmax_source.show_source(classes[1])
        self.loss_source.show_source(classes[2])
        self._set_controls(DEFAULT_SCORES, DEFAULT_LABEL, 1.0)

    # --- what a student reads ---------------------------------------------------------------------
    def reading(self):
        """The engine's SoftmaxReading behind the numbers shown."""
        return self._reading

    def scores(self):
        """The scores the sliders stand at."""
        return np.array([slider.value() / TICKS_PER_UNIT for slider in self.sliders])

    def probability_heights(self):
        return np.array(self.probability_bars.opts["height"], dtype=np.float64)

    def gradient_heights(self):
        return np.array(self.gradient_bars.opts["height"], dtype=np.float64)

    def guard_texts(self):
        return {key: value.text() for key, (_, value) in self.guard_values.items()}

    # --- slots ----------------------------------------------------------------------------------
    @Slot(int)
    def _on_slider_moved(self, _value):
        self._on_changed()

    @Slot()
    def _on_changed(self):
        if not self._setting:
            self._recompute()

    @Slot()
    def _on_confident_wrong(self):
        self._set_controls(WRONG_SCORES, WRONG_LABEL, WRONG_TEMPERATURE)

    @Slot()
    def _on_start_over(self):
        self._set_controls(DEFAULT_SCORES, DEFAULT_LABEL, 1.0)

    # --- showing a reading ------------------------------------------------------------------------
    def _set_controls(self, scores, label, temperature):
        self._setting = True
        try:
            for slider, score in zip(self.sliders, scores, strict=True):
                slider.setValue(round(score * TICKS_PER_UNIT))
            self.label_box.setCurrentIndex(label)
            self.temperature_box.setValue(temperature)
        finally:
            self._setting = False
        self._recompute()

    def _recompute(self):
        reading = lesson.read_scores(self.scores(), self.label_box.currentIndex(),
                                     self.temperature_box.value())
        self._reading = reading
        for value_label, score in zip(self.slider_values, reading.scores, strict=True):
            value_label.setText(format_number(score))
        self._show_table(reading)
        self._show_bars(reading)
        self.loss_label.setText(self.tr(
            "Loss for label {0}: −log(y_{0} + {1}) = −log({2} + {1}) = {3}").format(
            reading.label, format_number(reading.guard), format_number(reading.true_probability),
            format_number(reading.loss)))
        self._show_guard(reading)
        self.layer_source.highlight(LAYER_LINES)
        self.softmax_source.highlight(SOFTMAX_LINES)
        self.loss_source.highlight(LOSS_LINES)

    def _show_table(self, reading):
        self.table.set_array(np.stack([reading.scaled, reading.probabilities, reading.gradient],
                                      axis=1))
        self.table.setHorizontalHeaderLabels([self.tr("x / T"), self.tr("y"), self.tr("y − t")])
        self.table.setVerticalHeaderLabels([str(digit) for digit in range(lesson.CLASSES)])

    def _show_bars(self, reading):
        brushes = [TRUE_BRUSH if digit == reading.label else BAR_BRUSH
                   for digit in range(lesson.CLASSES)]
        self.probability_bars.setOpts(height=np.array(reading.probabilities), brushes=brushes)
        self.gradient_bars.setOpts(height=np.array(reading.gradient), brushes=brushes)

    def _show_guard(self, reading):
        numbers = {"guarded": reading.loss, "unguarded": reading.unguarded_loss,
                   "exact": reading.exact_loss, "cost": reading.guard_cost,
                   "estimate": reading.guard_estimate}
        for key, number in numbers.items():
            self.guard_values[key][1].setText(format_number(number))
        if reading.underflowed:
            verdict = self.tr(
                "Here y_{0} underflowed to 0: without the guard the loss is {1}; with it the "
                "loss stops at {2}, while the exact loss is {3}. The gradient y − t is still "
                "right, since backward never takes the log.")
        else:
            verdict = self.tr(
                "Here y_{0} = {4}, so the guard costs little: the guarded loss is lower than "
                "the exact one by {5}, close to guard / y_{0} = {6}.")
        self.guard_verdict.setText(verdict.format(
            reading.label, format_number(reading.unguarded_loss), format_number(reading.loss),
            format_number(reading.exact_loss), format_number(reading.true_probability),
            format_number(reading.guard_cost), format_number(reading.guard_estimate)))
