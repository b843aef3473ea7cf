"""Train a network and watch it learn: the hyper-parameter form, Start/Pause/Stop, live curves.

The panel takes the TrainingController in ``__init__`` and follows its signals; starting a run
is the main window's job (it owns the data and the model), so Start only emits
``start_requested``.
"""
import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import engine

from .plots import AccuracyPlot, LossPlot

MAX_BATCH_SIZE = 60_000  # MNIST's training set: a larger batch is the whole set anyway
MAX_EPOCHS = 500
MAX_ITERATIONS = 10_000_000
DEFAULT_PRESET = "mlp"  # learns to about 97% in seconds: a first run should be quick

ACTIVATIONS = {
    "relu": "ReLU: max(0, x). Fast to train and the usual choice.",
    "sigmoid": "Sigmoid: 1/(1+e^-x). Saturates, so deep networks learn slowly.",
    "tanh": "Tanh: centred sigmoid; learns faster than sigmoid, slower than ReLU.",
}
OPTIMIZERS = {
    "sgd": "Plain gradient descent: W -= lr * gradient.",
    "momentum": "SGD with momentum 0.9: keeps moving in consistent directions.",
    "nesterov": "Nesterov momentum: looks ahead before stepping, a little steadier.",
    "adagrad": "AdaGrad: a per-weight step that shrinks for often-updated weights.",
    "rmsprop": "RMSprop: a per-weight step from a running average of squared gradients.",
    "adam": "Adam: momentum plus RMSprop; robust with lr around 0.001.",
}


def format_duration(seconds):
    if seconds is None or not math.isfinite(seconds):
        return "--:--"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}:{secs:02d}"
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def _dataset_label(folder):
    """How the folder chooser names a folder: the built-in one by name, not its temporary path."""
    if engine.is_shipped(folder):
        return f"{engine.dataset_name(folder).upper()} (built in)"
    return str(folder)


class SettingsForm(QWidget):
    """Preset and hyper-parameters; ``settings()`` gives the engine's TrainSettings."""

    browse_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._build_fields()
        self._lay_out()
        self._select(self.preset, DEFAULT_PRESET)
        self.preset.currentIndexChanged.connect(self._fill_from_preset)
        self._fill_from_preset()

    # --- fields -------------------------------------------------------------------------------
    def _build_fields(self):
        self.preset = self._combo("Model preset", "A starting point: choosing one fills in every "
                                  "field below with its tested values.",
                                  {name: engine.get_preset(name).description
                                   for name in engine.preset_names()})
        self.hidden = QLineEdit()
        self.hidden.setValidator(QRegularExpressionValidator(r"^\s*(\d+\s*(,\s*\d+\s*)*)?$"))
        self._describe(self.hidden, "Hidden layers", "Neurons in each hidden layer, e.g. 512, 256: "
                       "more and wider layers can learn more but train slower and overfit sooner.")
        self.activation = self._combo("Activation", "The non-linearity after each hidden layer.",
                                      ACTIVATIONS)
        self.dropout = self._double(0.0, 0.9, 0.05, 2, "Dropout", "Share of hidden neurons "
                                    "switched off at random in each step: fights overfitting.")
        self.batchnorm = QCheckBox("Batch normali&zation")
        self._describe(self.batchnorm, "Batch normalization", "Normalize each hidden layer's "
                       "inputs per batch: allows larger learning rates and trains faster.")
        self.augment = QCheckBox("A&ugment data")
        self._describe(self.augment, "Augment data", "Shift, rotate and scale every training "
                       "image a little at random, so the network also reads digits drawn "
                       "off-centre, tilted or larger: slower to learn, better on real drawings.")
        self.elastic = QCheckBox("Elastic distortion")  # every letter is taken: reached by Tab
        self._describe(self.elastic, "Elastic distortion", "With augmentation, also bend the "
                       "strokes a little, the way a hand wobbles.")
        self.augment.toggled.connect(self.elastic.setEnabled)
        self.optimizer = self._combo("Optimizer", "How the gradient turns into a weight update.",
                                     OPTIMIZERS)
        self.lr = self._double(1e-5, 10.0, 0.001, 5, "Learning rate", "Step size of each update: "
                               "too small learns slowly, too large makes the loss jump or explode.")
        self.lr_decay = self._double(0.5, 1.0, 0.05, 2, "Learning-rate decay", "Multiply the "
                                     "learning rate by this after every epoch (1 = constant): "
                                     "big steps first, fine ones at the end.")
        self.weight_decay = self._double(0.0, 0.1, 0.0001, 5, "Weight decay", "L2 penalty pulling "
                                         "weights towards zero: a simpler model, less overfitting.")
        self.batch_size = self._int(1, MAX_BATCH_SIZE, "Batch size", "Images per update: larger "
                                    "batches give smoother gradients but fewer updates per epoch.")
        self._build_length_fields()
        self._build_device_field()
        self.seed = self._int(0, 2**31 - 1, "Seed", "Random seed for the initial weights, the "
                              "shuffling and dropout: the same seed repeats a run exactly.")
        self.data_dir = QComboBox()
        self.data_dir.setEditable(True)
        for folder in engine.known_dataset_dirs():
            self.data_dir.addItem(_dataset_label(folder), str(folder))
        self._describe(self.data_dir, "Dataset folder", "The folder with the four MNIST-format "
                       "files to train and test on (MNIST is built in; Fashion-MNIST works too).")
        self.browse = QPushButton("Browse…")
        self._describe(self.browse, "Browse for a dataset folder",
                       "Choose another folder of MNIST-format files.")
        self.browse.clicked.connect(self.browse_requested)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAccessibleName("Preset description")

    def _build_length_fields(self):
        self.length = self._int(1, MAX_EPOCHS, self.tr("Training length"), self.tr(
            "How long to train: passes over all training images (epochs), or updates "
            "(iterations, one batch each), as the book's chapter 5 counts them."))
        self.length_unit = QComboBox()
        self.length_unit.addItem(self.tr("epochs"), "epoch")
        self.length_unit.addItem(self.tr("iterations"), "iteration")
        self._describe(self.length_unit, self.tr("Training length unit"), self.tr(
            "Epochs: passes over all training images. Iterations: updates, one batch each."))
        self.length_unit.currentIndexChanged.connect(self._length_unit_changed)

    @Slot()
    def _length_unit_changed(self):
        maximum = MAX_EPOCHS if self.length_unit.currentData() == "epoch" else MAX_ITERATIONS
        self.length.setMaximum(maximum)

    def _set_length(self, unit, value):
        self._select(self.length_unit, unit)
        self.length.setValue(value)

    def _build_device_field(self):
        self.device = QComboBox()
        self.device.addItem("CPU (NumPy)", "cpu")
        self._wanted_device = "cpu"  # remembered "gpu" waits here until a GPU is found
        self._describe(self.device, "Device", "Looking for a GPU…")
        self.device.setEnabled(False)  # until the window's background look for a GPU answers
        self.device.currentIndexChanged.connect(self._remember_device_choice)

    @Slot()
    def _remember_device_choice(self):
        self._wanted_device = self.device.currentData()

    def set_gpu_status(self, status):
        """Offer the GPU (named, with its memory) or say why there is none (engine.GpuStatus)."""
        if not status.available:
            self._describe(self.device, "Device", f"Training runs on the CPU. No GPU: "
                           f"{status.reason}.")
            self.device.setEnabled(False)
            return
        if self.device.findData("gpu") < 0:
            self.device.addItem(f"GPU: {status.describe()} (CuPy)", "gpu")
        self._describe(self.device, "Device", "Where training runs: the CPU with NumPy, or "
                       f"the NVIDIA GPU ({status.describe()}) with CuPy. The same engine "
                       "runs on both; a model trained on either opens on any PC.")
        self.device.setEnabled(True)
        self._select(self.device, self._wanted_device)

    @staticmethod
    def _describe(widget, name, tip):
        widget.setAccessibleName(name)
        widget.setToolTip(tip)
        widget.setWhatsThis(tip)

    def _combo(self, name, tip, items):
        combo = QComboBox()
        for index, (key, description) in enumerate(items.items()):
            combo.addItem(key, key)
            combo.setItemData(index, description, Qt.ToolTipRole)
        self._describe(combo, name, tip)
        return combo

    def _double(self, low, high, step, decimals, name, tip):
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSingleStep(step)
        spin.setStepType(QDoubleSpinBox.AdaptiveDecimalStepType)
        self._describe(spin, name, tip)
        return spin

    def _int(self, low, high, name, tip):
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setGroupSeparatorShown(True)
        self._describe(spin, name, tip)
        return spin

    def _lay_out(self):
        network = QFormLayout()
        self._row(network, "&Preset", self.preset)
        self._row(network, "H&idden layers", self.hidden)
        self._row(network, "&Activation", self.activation)
        self._row(network, "D&ropout", self.dropout)
        network.addRow("", self.batchnorm)
        self._row(network, "See&d", self.seed)
        network.addRow("", self.augment)
        network.addRow("", self.elastic)
        learning = QFormLayout()
        self._row(learning, "&Optimizer", self.optimizer)
        self._row(learning, "&Learning rate", self.lr)
        self._row(learning, "LR deca&y/epoch", self.lr_decay)
        self._row(learning, "&Weight decay", self.weight_decay)
        self._row(learning, "&Batch size", self.batch_size)
        label = QLabel(self.tr("&Stop after"))
        label.setBuddy(self.length)
        learning.addRow(label, self.length)
        # its own row: beside the number it would widen the column, and the window, by 45 px
        learning.addRow("", self.length_unit)
        columns = QHBoxLayout()
        columns.addLayout(network, 1)
        columns.addSpacing(12)
        columns.addLayout(learning, 1)
        data = QHBoxLayout()
        label = QLabel("Dataset folder")  # every letter is taken: reached by Tab
        label.setBuddy(self.data_dir)
        data.addWidget(label)
        data.addWidget(self.data_dir, 1)
        data.addWidget(self.browse)
        device = QHBoxLayout()  # a full row: a GPU's name is long
        device_label = QLabel("De&vice")
        device_label.setBuddy(self.device)
        device.addWidget(device_label)
        device.addWidget(self.device, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(columns)
        outer.addLayout(data)
        outer.addLayout(device)
        outer.addWidget(self.description)

    @staticmethod
    def _row(form, text, field):
        label = QLabel(text)
        label.setBuddy(field)  # Alt+underlined letter moves the focus there
        form.addRow(label, field)

    # --- values -------------------------------------------------------------------------------
    @Slot()
    def _fill_from_preset(self):
        name = self.preset.currentData()
        preset = engine.get_preset(name)
        train = preset.training
        self.description.setText(self.tr("Preset {0}: {1}").format(name, preset.description))
        self._fill_network_fields(preset.mlp)
        self.augment.setChecked(bool(train.get("augment", False)))
        self.elastic.setChecked(bool(train.get("elastic", False)))
        self.elastic.setEnabled(self.augment.isChecked())
        self._select(self.optimizer, train["optimizer"])
        self.lr.setValue(train["lr"])
        self.lr_decay.setValue(train.get("lr_decay") or 1.0)
        self.weight_decay.setValue(train.get("weight_decay") or 0.0)
        self.batch_size.setValue(train["batch_size"])
        if "iterations" in train:  # the book's chapter 5 counts updates, not epochs
            self._set_length("iteration", train["iterations"])
        else:
            self._set_length("epoch", train["epochs"])

    def _fill_network_fields(self, mlp):
        """An MLP preset's sizes and options; a CNN preset shows its fields empty and disabled."""
        fields = (self.hidden, self.activation, self.dropout, self.batchnorm)
        for field in fields:
            field.setEnabled(mlp is not None)
            field.setStatusTip("" if mlp is not None else
                               "A convolutional preset is a fixed design: see its description.")
        self.hidden.setPlaceholderText("" if mlp is not None else "convolutional: see below")
        if mlp is None:
            self.hidden.clear()
            return
        self.hidden.setText(", ".join(str(size) for size in mlp["hidden"]))
        self._select(self.activation, mlp.get("activation", "relu"))
        self.dropout.setValue(mlp.get("dropout", 0.0))
        self.batchnorm.setChecked(bool(mlp.get("batchnorm", False)))

    @staticmethod
    def _select(combo, key):
        index = combo.findData(key)
        if index < 0:
            raise ValueError(f"unknown choice {key!r} for {combo.accessibleName()}")
        combo.setCurrentIndex(index)

    def hidden_sizes(self):
        """The hidden layer sizes typed, or None for a convolutional preset."""
        if not self.hidden.isEnabled():
            return None
        text = self.hidden.text().strip()
        return tuple(int(part) for part in text.split(",")) if text else ()

    def settings(self):
        """The form as engine TrainSettings (every field explicit, so the preset's don't leak;
        the MLP fields are None for a convolutional preset, which has none)."""
        mlp = self.hidden.isEnabled()
        return engine.TrainSettings(
            preset=self.preset.currentData(), hidden=self.hidden_sizes(),
            activation=self.activation.currentData() if mlp else None,
            batchnorm=self.batchnorm.isChecked() if mlp else None,
            dropout=self.dropout.value() if mlp else None,
            optimizer=self.optimizer.currentData(), lr=self.lr.value(),
            lr_decay=self.lr_decay.value(), weight_decay=self.weight_decay.value(),
            augment=self.augment.isChecked(),
            elastic=self.augment.isChecked() and self.elastic.isChecked(),
            batch_size=self.batch_size.value(), **self._length_setting(),
            seed=self.seed.value(), device=self.device_choice())

    def _length_setting(self):
        unit = self.length_unit.currentData()
        return {"epochs" if unit == "epoch" else "iterations": self.length.value()}

    def device_choice(self):
        """'gpu' only while a working GPU is offered and chosen."""
        return self.device.currentData() if self.device.isEnabled() else "cpu"

    def dataset_folder(self):
        """The chosen folder: a listed one by its label, or a typed path."""
        text = self.data_dir.currentText().strip()
        listed = self.data_dir.findText(text)
        path = self.data_dir.itemData(listed) if listed >= 0 else None  # typed entries have none
        if path:
            return Path(path)
        return Path(text) if text else None

    def set_dataset_folder(self, folder):
        index = self.data_dir.findData(str(folder))
        if index < 0:
            index = self.data_dir.findText(str(folder))  # typed and confirmed: text, no data
        if index < 0:
            self.data_dir.addItem(_dataset_label(folder), str(folder))
            index = self.data_dir.count() - 1
        # an index change (not setCurrentText, which only edits an editable combo's text)
        self.data_dir.setCurrentIndex(index)

    def _want_device(self, device):
        self._wanted_device = engine.check_device_name(device)
        if self.device.findData(device) >= 0:
            self._select(self.device, device)

    def values(self):
        """Plain values to remember between runs (QSettings)."""
        settings = self.settings().as_dict()
        settings["device"] = self._wanted_device  # kept while the GPU is not (yet) found
        if settings["hidden"] is not None:
            settings["hidden"] = list(settings["hidden"])
        folder = self.dataset_folder()
        # the built-in folder moves with every start of the binary: remember "the default"
        settings["data_dir"] = "" if folder is None or engine.is_shipped(folder) else str(folder)
        return settings

    def set_values(self, values):
        """Restore remembered values; unknown or broken ones are skipped, not fatal."""
        if values.get("preset") in engine.preset_names():
            self._select(self.preset, values["preset"])
        setters = {
            "hidden": lambda v: self.hidden.setText(", ".join(str(int(s)) for s in v)),
            "activation": lambda v: self._select(self.activation, v),
            "optimizer": lambda v: self._select(self.optimizer, v),
            "dropout": self.dropout.setValue, "lr": self.lr.setValue,
            "lr_decay": self.lr_decay.setValue, "weight_decay": self.weight_decay.setValue,
            "batch_size": self.batch_size.setValue,
            "epochs": lambda v: self._set_length("epoch", v),
            "iterations": lambda v: self._set_length("iteration", v),
            "seed": self.seed.setValue, "batchnorm": lambda v: self.batchnorm.setChecked(bool(v)),
            "augment": lambda v: self.augment.setChecked(bool(v)),
            "elastic": lambda v: self.elastic.setChecked(bool(v)),
            "data_dir": lambda v: self.set_dataset_folder(v) if v else None,
            "device": self._want_device,
        }
        for key, setter in setters.items():
            if values.get(key) is not None:
                try:
                    setter(values[key])
                except (TypeError, ValueError):
                    continue  # a value from an older version: keep the preset's


class TrainPanel(QWidget):
    """The form, the run controls and progress; ``curves`` holds the live plots.

    The curves are a separate widget so the window can give them its full width.
    """

    start_requested = Signal()

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._plan = None  # the engine TrainPlan of the run shown: reset_run sets it
        self.form = SettingsForm()
        self.loss_plot = LossPlot()
        self.accuracy_plot = AccuracyPlot()
        self._build_actions()
        self._build_progress()
        self._lay_out()
        controller.progress.connect(self.show_progress)
        controller.state_changed.connect(self._on_state_changed)
        controller.finished.connect(self._on_finished)
        controller.cancelled.connect(self._on_cancelled)
        controller.notice.connect(self.show_notice)
        self._on_state_changed(controller.state)

    def _build_actions(self):
        self.start_action = self._action("&Start training", "F5", "Train a new network with "
                                         "these settings, starting from random weights (F5).",
                                         self.start_requested)
        self.pause_action = self._action("&Pause", "F6", "Pause or resume training; the "
                                         "weights so far keep reading your drawing (F6).",
                                         self._controller.toggle_pause)
        self.stop_action = self._action("S&top", "Shift+F5", "End training now and keep the "
                                        "network as trained so far (Shift+F5).",
                                        self._controller.stop)

    def _action(self, text, shortcut, tip, slot):
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_progress(self):
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Training progress")
        self.progress.setToolTip("How much of the run is done, its speed in iterations (batches) "
                                 "per second, and the time left.")
        self.run_summary = QLabel("Not training. Choose settings and press Start.")
        self.run_summary.setAccessibleName("Training summary")
        self.run_summary.setWordWrap(True)
        self.device_notice = QLabel()  # why a run is not where it was asked to be (the GPU)
        self.device_notice.setAccessibleName("Device notice")
        self.device_notice.setWordWrap(True)
        self.device_notice.setStyleSheet("color: #a15c00;")  # amber: worth reading, not an error
        self.device_notice.hide()

    def _button(self, action):
        # the F5/F6 keys start and pause; an Alt mnemonic here would clash with the menus
        button = QPushButton(action.text().replace("&", ""))
        button.setToolTip(action.toolTip())
        button.setAccessibleName(action.text().replace("&", ""))
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda b=button, a=action: self._mirror(b, a))
        return button

    @staticmethod
    def _mirror(button, action):
        button.setText(action.text().replace("&", ""))
        button.setEnabled(action.isEnabled())
        button.setAccessibleName(action.text().replace("&", ""))

    def _lay_out(self):
        buttons = QHBoxLayout()
        for action in (self.start_action, self.pause_action, self.stop_action):
            buttons.addWidget(self._button(action))
        buttons.addWidget(self.progress, 1)
        settings = QGroupBox("Train a network")
        column = QVBoxLayout(settings)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addWidget(self.run_summary)
        column.addWidget(self.device_notice)
        column.addStretch(1)
        self.curves = QSplitter(Qt.Horizontal)
        self.curves.addWidget(self.loss_plot)
        self.curves.addWidget(self.accuracy_plot)
        self.curves.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(settings)

    # --- following the controller -------------------------------------------------------------
    def reset_run(self, plan):
        """Clear the curves for a new run that follows `plan` (an engine TrainPlan)."""
        self._plan = plan
        self.loss_plot.clear_data()
        self.accuracy_plot.clear_data()
        self.progress.setValue(0)
        self.progress.setFormat("loading data…")
        self.run_summary.setText("Loading the dataset and building the network…")
        self.device_notice.clear()
        self.device_notice.hide()

    @Slot(str)
    def show_notice(self, message):
        """A run's word about its device (no GPU, or a GPU that failed), kept until the next."""
        shown = self.device_notice.text()
        self.device_notice.setText(f"{shown}\n{message}" if shown else message)
        self.device_notice.show()

    @Slot(object)
    def show_progress(self, report):
        self.loss_plot.append(report.loss_iterations, report.losses)
        for summary in report.epoch_summaries:
            self.accuracy_plot.append(summary["epoch_detail"], summary.get("main/accuracy"),
                                      summary.get("validation/main/accuracy"))
            self._summarize_epoch(summary)
        self.progress.setValue(int(report.fraction_done * 1000))
        self.progress.setFormat(f"{report.fraction_done:.0%} · {report.iterations_per_s:,.0f} it/s"
                                f" · ETA {format_duration(report.eta_s)}")

    def _summarize_epoch(self, summary):
        parts = [self._position(summary)]
        if "validation/main/accuracy" in summary:
            parts.append(f"test accuracy {summary['validation/main/accuracy']:.2%}")
        if "main/accuracy" in summary:
            parts.append(f"train accuracy {summary['main/accuracy']:.2%}")
        if "main/loss" in summary:
            parts.append(f"loss {summary['main/loss']:.4f}")
        self.run_summary.setText(" · ".join(parts))

    def _position(self, summary):
        """Where the run is, counted as its plan counts its length."""
        if self._plan.unit == "iteration":
            return self.tr("Iteration {0:,}/{1:,}").format(summary["iteration"],
                                                           self._plan.iterations)
        return self.tr("Epoch {0}/{1}").format(summary["epoch"], self._plan.epochs)

    @Slot(object)
    def _on_finished(self, result):
        accuracy = result.metrics.get("test_accuracy")
        self.run_summary.setText(
            f"Finished ({result.stop_reason}) after {result.metrics.get('iterations', 0):,} "
            f"iterations in {format_duration(result.metrics.get('train_seconds'))}: "
            f"test accuracy {accuracy:.2%}." if accuracy is not None else "Finished.")
        if result.stop_reason == "completed":
            self.progress.setValue(1000)

    @Slot()
    def _on_cancelled(self):
        self.progress.setFormat("stopped")
        self.run_summary.setText("Stopped before training began.")

    @Slot(str)
    def _on_state_changed(self, state):
        active = state != "idle"
        self.start_action.setEnabled(not active)
        self.pause_action.setEnabled(state in ("running", "paused"))
        self.pause_action.setText("&Resume" if state == "paused" else "&Pause")
        self.stop_action.setEnabled(state in ("running", "paused"))
        self.form.setEnabled(not active)
        if state == "paused":
            self.progress.setFormat("paused · " + self.progress.format())


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from .workers import TrainingController

    app = QApplication(sys.argv)
    controller = TrainingController()
    panel = TrainPanel(controller)
    panel.start_requested.connect(
        lambda: (panel.reset_run(panel.form.settings().plan()),
                 controller.start(panel.form.settings(), panel.form.dataset_folder())))
    panel.show()
    panel.curves.resize(900, 350)
    panel.curves.show()
    app.exec()
