"""Lesson 6, the regression playground: PyTorch's warm-up network trained three ways at once
(by hand in NumPy, with the engine's layers, with the engine's Trainer) whose loss curves
coincide, and the sum/product toy whose hidden ReLUs can die.

Every number comes from engine.lessons.regression, computed off the GUI thread (a
gui.workers.ProgressJob): the warm-up a few steps per job, so its curves grow as it trains.
"""
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

import numpy as np
import pyqtgraph as pg

from engine.lessons import regression

from ...i18n import tr
from ...workers import ProgressJob
from .common import (
    ArrayTable,
    Lesson,
    SourceChooser,
    format_number,
    lesson_text,
    name_editor_too,
)

STEPS_PER_JOB = 10  # the warm-up's curves grow by this many steps per update
PLOT_HEIGHT = 230  # px
# One colour and dash per way: where the curves coincide, the dashes show all three.
WAY_PENS = {
    "hand": pg.mkPen((110, 170, 255), width=5),
    "layers": pg.mkPen((255, 150, 30), width=3, style=Qt.DashLine),
    "trainer": pg.mkPen((240, 240, 240), width=2, style=Qt.DotLine),
}
SUM_COLOUR = (110, 170, 255)
PRODUCT_COLOUR = (255, 150, 30)
DEAD_SEED = 5  # both hidden units alive at the start, both dead after training



def way_titles():
    return {"hand": tr("(a) By hand in NumPy"), "layers": tr("(b) The engine's layers"),
            "trainer": tr("(c) The engine's Trainer")}


class DecadeAxis(pg.AxisItem):
    """A log axis that labels the powers of ten only: on a short axis spanning one or two
    decades, pyqtgraph labels 2, 3, ... 9 between them too, one over the other."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        strings = super().logTickStrings(values, scale, spacing)
        return [text if float(value).is_integer() else ""
                for value, text in zip(values, strings, strict=True)]


def quiet_plot(title, left, bottom, log_y=False):
    """A plot that shows what the computation did: no mouse zoom, no menu."""
    plot = pg.PlotWidget(axisItems={"left": DecadeAxis("left")} if log_y else None)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setTitle(title)
    plot.setLabel("left", left)
    plot.setLabel("bottom", bottom)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.setLogMode(y=log_y)
    plot.setFocusPolicy(Qt.NoFocus)
    plot.setFixedHeight(PLOT_HEIGHT)
    return plot


class RegressionLesson(Lesson):
    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self.curves = None  # the warm-up's WarmupCurves shown, as the engine returned them
        self.toy = None  # the sum/product ToyResult shown
        self._race = None
        self._stop_asked = False
        self._warmup_job = ProgressJob(self)
        self._toy_job = ProgressJob(self)
        self._toy_seed = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_warmup())
        layout.addWidget(self._build_toy())
        layout.addStretch(1)
        self._connect_jobs()

    # --- building: the warm-up ---------------------------------------------------------------
    def _build_warmup(self):
        box = QGroupBox(self.tr("The warm-up, three ways"))
        intro = lesson_text(self.tr(
            "PyTorch's warm-up network: 64 random inputs of 1,000 numbers, a hidden layer of "
            "100 ReLU units, 10 outputs, no biases, trained by plain SGD (learning rate 1e-4) "
            "for 300 steps on the whole batch. Data and weights are drawn after "
            "np.random.seed(1). The same training is written three ways: (a) backprop written "
            "out by hand, as the tutorial does; (b) the engine's layers; (c) the engine's "
            "Trainer. The loss is the mean of the squared errors (the engine's "
            "MeanSquaredError, PyTorch's MSELoss), not the tutorial's sum: the hand-written "
            "code divides by the 640 outputs too, so all three compute the same numbers and "
            "their curves coincide."))
        self.start_button = QPushButton(self.tr("&Start training"))
        self.start_button.setAccessibleName(self.tr("Start training the warm-up three ways"))
        self.start_button.setToolTip(self.tr(
            "Train the warm-up network for 300 steps in each of the three ways, from the same "
            "weights, and draw the three loss curves."))
        self.stop_button = QPushButton(self.tr("Sto&p"))
        self.stop_button.setAccessibleName(self.tr("Stop training the warm-up"))
        self.stop_button.setToolTip(self.tr("Stop the warm-up's training; Start begins again "
                                            "from the first step."))
        self.stop_button.setEnabled(False)
        self.warmup_progress = QProgressBar()
        self.warmup_progress.setAccessibleName(self.tr("Warm-up training progress"))
        self.warmup_progress.setToolTip(self.tr("Steps trained so far, the three ways "
                                                "together."))
        self.warmup_progress.setRange(0, len(regression.WAYS) * regression.WARMUP_STEPS)
        self.warmup_progress.setValue(0)
        self.warmup_status = lesson_text(self.tr("Press Start to train."))
        self.warmup_status.setAccessibleName(self.tr("Warm-up result"))
        self.warmup_plot = quiet_plot(self.tr("Loss before each step (log scale)"),
                                      self.tr("loss"), self.tr("step"), log_y=True)
        self.warmup_plot.addLegend(offset=(-10, 10))
        titles = way_titles()
        self.way_curves = {way: self.warmup_plot.plot([], [], pen=WAY_PENS[way],
                                                      name=titles[way])
                           for way in regression.WAYS}
        self.way_sources = {way: SourceChooser(titles[way], regression.WARMUP_SOURCES[way])
                            for way in regression.WAYS}
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.warmup_progress, 1)
        sources = QGridLayout()
        for column, way in enumerate(regression.WAYS):
            sources.addWidget(self.way_sources[way], 0, column)
            sources.setColumnStretch(column, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.warmup_status)
        layout.addWidget(self.warmup_plot)
        layout.addLayout(sources)
        return box

    # --- building: the sum/product toy -------------------------------------------------------
    def _build_toy(self):
        box = QGroupBox(self.tr("The sum/product toy, and dead ReLUs"))
        intro = lesson_text(self.tr(
            "A network of two inputs, two hidden ReLU units and two outputs learns x1 + x2 "
            "and x1 × x2 from {samples} random pairs in [0, 1) (squared error, SGD with "
            "learning rate {lr}, {epochs} full-batch epochs). The seed draws the pairs and "
            "the first weights.").format(samples=f"{regression.TOY_SAMPLES:,}",
                                         lr=format_number(regression.TOY_LR),
                                         epochs=f"{regression.TOY_EPOCHS:,}"))
        dead = lesson_text(self.tr(
            "Dead ReLUs: a hidden unit that is not positive for any input outputs 0 and passes "
            "no gradient back, so its weights never change again. With seeds 0, 4 and 5 (of "
            "0-9) both units end dead: the output is a constant, and the loss stalls near 0.1. "
            "Seed 0 starts dead; seed 5 starts alive and dies while training."))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 2**31 - 1)
        self.seed_box.setValue(regression.TOY_DEFAULT_SEED)
        self.seed_box.setAccessibleName(self.tr("Seed of the sum/product toy"))
        self.seed_box.setToolTip(self.tr("The random seed that draws the toy's inputs and "
                                         "first weights; press Enter to train with it."))
        self.seed_box.setKeyboardTracking(False)
        name_editor_too(self.seed_box)
        seed_label = QLabel(self.tr("See&d:"))  # Alt+D: the seed box
        seed_label.setBuddy(self.seed_box)
        self.toy_button = QPushButton(self.tr("T&rain with this seed"))
        self.toy_button.setAccessibleName(self.tr("Train the sum/product toy"))
        self.toy_button.setToolTip(self.tr("Train the sum/product network from the seed "
                                           "in the box."))
        self.dead_button = QPushButton(self.tr("Show d&ying ReLUs (seed {0})").format(DEAD_SEED))
        self.dead_button.setAccessibleName(self.tr("Train with a seed that kills both hidden "
                                                   "units"))
        self.dead_button.setToolTip(self.tr("Train with seed {0}: both hidden units are alive "
                                            "at the start and dead at the end.")
                                    .format(DEAD_SEED))
        self.toy_progress = QProgressBar()
        self.toy_progress.setAccessibleName(self.tr("Sum/product training progress"))
        self.toy_progress.setToolTip(self.tr("Epochs of the sum/product toy trained so far."))
        self.toy_progress.setRange(0, regression.TOY_EPOCHS)
        self.toy_status = lesson_text("")
        self.toy_status.setAccessibleName(self.tr("Sum/product result"))
        self.toy_loss_plot = quiet_plot(self.tr("Loss before each epoch (log scale)"),
                                        self.tr("loss"), self.tr("epoch"), log_y=True)
        self.toy_loss_curve = self.toy_loss_plot.plot([], [], pen=WAY_PENS["hand"])
        self.toy_plot = quiet_plot(self.tr("Prediction against the truth"),
                                   self.tr("prediction"), self.tr("truth"))
        self.toy_plot.addLegend(offset=(10, 10))
        self.toy_plot.plot([0, 2], [0, 2], pen=pg.mkPen((150, 150, 150), style=Qt.DashLine))
        self.toy_points = {
            "sum": self.toy_plot.plot([], [], pen=None, symbol="o", symbolSize=3,
                                      symbolPen=None, symbolBrush=SUM_COLOUR,
                                      name=self.tr("x1 + x2")),
            "product": self.toy_plot.plot([], [], pen=None, symbol="o", symbolSize=3,
                                          symbolPen=None, symbolBrush=PRODUCT_COLOUR,
                                          name=self.tr("x1 × x2")),
        }
        self.hidden_table = ArrayTable(self.tr("Inputs that make each hidden unit positive"))
        self.grid_table = ArrayTable(self.tr("Predictions on a grid of inputs"))
        self.toy_source = SourceChooser(self.tr("The code that trained it"), regression.TOY_SOURCES)
        controls = QHBoxLayout()
        controls.addWidget(seed_label)
        controls.addWidget(self.seed_box)
        controls.addWidget(self.toy_button)
        controls.addWidget(self.dead_button)
        controls.addWidget(self.toy_progress, 1)
        plots = QHBoxLayout()
        plots.addWidget(self.toy_loss_plot, 1)
        plots.addWidget(self.toy_plot, 1)
        tables = QHBoxLayout()
        hidden = QVBoxLayout()
        hidden.addWidget(QLabel(self.tr("Hidden units: of the {0} inputs, how many make each "
                                        "one positive").format(
            f"{regression.TOY_SAMPLES:,}")), 0)
        hidden.addWidget(self.hidden_table)
        hidden.addStretch(1)
        tables.addLayout(hidden, 1)
        tables.addWidget(self.toy_source, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.toy_status)
        layout.addLayout(plots)
        layout.addWidget(dead)
        layout.addLayout(tables)
        layout.addWidget(self.grid_table)
        for label in box.findChildren(QLabel):
            label.setWordWrap(True)
        return box

    def _connect_jobs(self):
        self.start_button.clicked.connect(self.start_warmup)
        self.stop_button.clicked.connect(self.stop_warmup)
        self._warmup_job.progress.connect(self._on_warmup_progress)
        self._warmup_job.done.connect(self._on_warmup_chunk)
        self._warmup_job.failed.connect(self._on_warmup_failed)
        self._warmup_job.cancelled.connect(self._on_warmup_cancelled)
        self.toy_button.clicked.connect(self.train_toy)
        self.seed_box.valueChanged.connect(self.train_toy)
        self.dead_button.clicked.connect(self._train_dead_seed)
        self._toy_job.progress.connect(self._on_toy_progress)
        self._toy_job.done.connect(self._on_toy_done)
        self._toy_job.failed.connect(self._on_toy_failed)
        self._toy_job.cancelled.connect(self._on_toy_cancelled)

    def first_shown(self):
        for source in (*self.way_sources.values(), self.toy_source):
            source.show_first()
        self.train_toy()

    def shutdown(self):
        self._warmup_job.shutdown()
        self._toy_job.shutdown()

    # --- the warm-up -------------------------------------------------------------------------
    @Slot()
    def start_warmup(self):
        """Train the three ways from the first step, STEPS_PER_JOB steps per job."""
        self._race = regression.WarmupRace()
        self._stop_asked = False
        self.curves = None
        for curve in self.way_curves.values():
            curve.setData([], [])
        self.warmup_progress.setValue(0)
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.warmup_status.setText(self.tr("Training the three ways…"))
        self._next_warmup_chunk()

    @Slot()
    def stop_warmup(self):
        self._stop_asked = True  # a chunk that ended as Stop was pressed starts no other
        self._warmup_job.cancel()

    def _next_warmup_chunk(self):
        race = self._race  # only the job touches it until the job reports back

        def chunk(progress, should_stop):
            return race.advance(STEPS_PER_JOB, progress, should_stop)
        self._warmup_job.start(chunk, what=self.tr("Training the warm-up failed"))

    def warmup_running(self):
        return self._warmup_job.running()

    @Slot(int, int)
    def _on_warmup_progress(self, done, total):
        self.warmup_progress.setRange(0, total)
        self.warmup_progress.setValue(done)

    @Slot(object)
    def _on_warmup_chunk(self, curves):
        self.curves = curves
        for way, curve in self.way_curves.items():
            losses = curves.losses(way)
            curve.setData(np.arange(1, len(losses) + 1), np.asarray(losses))
        if curves.finished:
            self._warmup_ended(self.finished_text(curves))
        elif self._stop_asked:
            self._on_warmup_cancelled()
        else:
            self.warmup_status.setText(self.tr("Step {0} of {1}: {2}").format(
                curves.steps, curves.total_steps, self.difference_text(curves)))
            self._next_warmup_chunk()

    def difference_text(self, curves):
        absolute, relative = curves.largest_difference()
        return self.tr("largest difference between the curves: {0} (a relative {1} of the "
                       "loss).").format(format_number(absolute, 3), format_number(relative, 3))

    def finished_text(self, curves):
        return self.tr("{steps} steps each: the loss fell from {first} to {last}; {difference} "
                       "What differs is float32 rounding: the three ways compute the same "
                       "numbers.").format(steps=curves.steps,
                                          first=format_number(curves.layers[0]),
                                          last=format_number(curves.layers[-1]),
                                          difference=self.difference_text(curves))

    @Slot(str)
    def _on_warmup_failed(self, message):
        self._warmup_ended(message)

    @Slot()
    def _on_warmup_cancelled(self):
        steps = self.curves.steps if self.curves is not None else 0
        self._warmup_ended(self.tr("Stopped after {0} steps. Start trains again from the "
                                   "first step.").format(steps))

    def _warmup_ended(self, text):
        self.warmup_status.setText(text)
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    # --- the sum/product toy -----------------------------------------------------------------
    @Slot()
    def train_toy(self):
        seed = self.seed_box.value()
        self._toy_seed = seed

        def job(progress, should_stop):
            return regression.train_toy(seed, progress=progress, should_stop=should_stop)
        self.toy_progress.setValue(0)
        self.toy_status.setText(self.tr("Training with seed {0}…").format(seed))
        self._toy_job.start(job, what=self.tr("Training the sum/product toy failed"))

    @Slot()
    def _train_dead_seed(self):
        if self.seed_box.value() == DEAD_SEED:
            self.train_toy()
        else:
            self.seed_box.setValue(DEAD_SEED)  # valueChanged trains

    def toy_running(self):
        return self._toy_job.running()

    @Slot(int, int)
    def _on_toy_progress(self, done, total):
        self.toy_progress.setRange(0, total)
        self.toy_progress.setValue(done)

    @Slot(object)
    def _on_toy_done(self, result):
        self.toy = result
        self.toy_loss_curve.setData(np.arange(1, len(result.losses) + 1),
                                    np.asarray(result.losses))
        for column, name in enumerate(("sum", "product")):
            self.toy_points[name].setData(result.truth[:, column], result.predictions[:, column])
        self.hidden_table.set_array(np.array([result.positive_before, result.positive_after]).T)
        self.hidden_table.setHorizontalHeaderLabels([self.tr("before training"),
                                                     self.tr("after training")])
        self.hidden_table.setVerticalHeaderLabels(
            [self.tr("unit {0}").format(unit + 1) for unit in range(len(result.positive_after))])
        self.grid_table.set_array(np.column_stack([
            result.grid_inputs, result.grid_truth[:, 0], result.grid_predictions[:, 0],
            result.grid_truth[:, 1], result.grid_predictions[:, 1]]))
        self.grid_table.setHorizontalHeaderLabels([
            self.tr("x1"), self.tr("x2"), self.tr("x1 + x2"), self.tr("predicted sum"),
            self.tr("x1 × x2"), self.tr("predicted product")])
        self.toy_status.setText(self.toy_text(result))

    def toy_text(self, result):
        """What the seed did to the two hidden units, in one or two sentences."""
        loss = format_number(result.final_loss, 3)
        samples = f"{result.samples:,}"
        first, second = (f"{count:,}" for count in result.positive_after)
        if result.all_dead:
            return self.tr("Seed {seed}: both hidden units are dead after training (positive "
                           "on {first} and {second} of the {samples} inputs). The output is a "
                           "constant and the loss stalls at {loss}.").format(
                seed=result.seed, first=first, second=second, samples=samples, loss=loss)
        if result.dead_units:
            dead = result.dead_units[0]
            alive = 1 - dead
            return self.tr("Seed {seed}: hidden unit {dead} is dead after training (positive "
                           "on {dead_count} of the {samples} inputs); unit {alive} (positive "
                           "on {alive_count}) fits alone: final loss {loss}.").format(
                seed=result.seed, dead=dead + 1, alive=alive + 1, samples=samples, loss=loss,
                dead_count=f"{result.positive_after[dead]:,}",
                alive_count=f"{result.positive_after[alive]:,}")
        return self.tr("Seed {seed}: both hidden units are alive after training (positive on "
                       "{first} and {second} of the {samples} inputs): final loss "
                       "{loss}.").format(seed=result.seed, first=first, second=second,
                                         samples=samples, loss=loss)

    @Slot(str)
    def _on_toy_failed(self, message):
        self.toy_status.setText(message)

    @Slot()
    def _on_toy_cancelled(self):
        self.toy_status.setText(self.tr("Training the toy was stopped."))
