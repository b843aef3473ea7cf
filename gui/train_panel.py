"""Train a network and watch it learn: the hyper-parameter form, Start/Pause/Stop, live curves.

The panel takes the TrainingController in ``__init__`` and follows its signals; starting a run
is the main window's job (it owns the data and the model), so Start only emits
``start_requested``.
"""
import html
import json
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal, Slot
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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import engine

from .i18n import engine_text, tr
from .plain import quoted
from .preset_texts import preset_description
from .run_status import RunStatusView

MAX_BATCH_SIZE = 60_000  # MNIST's training set: a larger batch is the whole set anyway
MAX_EPOCHS = 500
MAX_ITERATIONS = 10_000_000
DEFAULT_PRESET = "mlp"  # learns to about 97% in seconds: a first run should be quick
LESSON_PRESET = "lesson-cnn"  # 99% in about 15 s on two cores: first in the list, named so
LONG_RUN_S = 5 * 60  # a run longer than this is worth a word before it starts
ESTIMATE_DELAY_MS = 400  # measure the time of a run once the user stops typing
LIVE_FIELDS = ("lr", "lr_decay", "weight_decay")  # may change while a run goes or is paused

ACTIVATIONS = {  # translated where they are shown (translated())
    "relu": QT_TRANSLATE_NOOP("SettingsForm",
                              "ReLU: max(0, x). Fast to train and the usual choice."),
    "sigmoid": QT_TRANSLATE_NOOP("SettingsForm",
                                 "Sigmoid: 1/(1+e^-x). Saturates, so deep networks learn slowly."),
    "tanh": QT_TRANSLATE_NOOP("SettingsForm", "Tanh: centred sigmoid; learns faster than "
                                              "sigmoid, slower than ReLU."),
}
OPTIMIZERS = {
    "sgd": QT_TRANSLATE_NOOP("SettingsForm", "Plain gradient descent: W -= lr * gradient."),
    "momentum": QT_TRANSLATE_NOOP("SettingsForm",
                                  "SGD with momentum 0.9: keeps moving in consistent directions."),
    "nesterov": QT_TRANSLATE_NOOP("SettingsForm", "Nesterov momentum: looks ahead before "
                                                  "stepping, a little steadier."),
    "adagrad": QT_TRANSLATE_NOOP("SettingsForm", "AdaGrad: a per-weight step that shrinks for "
                                                 "often-updated weights."),
    "rmsprop": QT_TRANSLATE_NOOP("SettingsForm", "RMSprop: a per-weight step from a running "
                                                 "average of squared gradients."),
    "adam": QT_TRANSLATE_NOOP("SettingsForm",
                              "Adam: momentum plus RMSprop; robust with lr around 0.001."),
}


def translated(descriptions):
    """{key: description} with each description in the window's language."""
    return {key: QCoreApplication.translate("SettingsForm", text)
            for key, text in descriptions.items()}


def _wrapped(text):
    """A tooltip Qt wraps to a readable width (plain text tooltips run off the screen)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def _rough_duration(seconds):
    """"20 seconds", "3 minutes", "1.5 hours": an estimate, not a stopwatch."""
    if seconds < 90:
        return tr("{0:.0f} seconds").format(max(1, round(seconds, -1) or seconds))
    if seconds < 90 * 60:
        return tr("{0:.0f} minutes").format(seconds / 60)
    return tr("{0:.1f} hours").format(seconds / 3600)


def _dataset_label(folder):
    """How the folder chooser names a folder: the built-in one by name, not its temporary path."""
    if engine.is_shipped(folder):
        return tr("{0} (built in)").format(engine.dataset_name(folder).upper())
    return str(folder)


# --- remembered values: a settings file may hold anything ------------------------------------

MAX_REMEMBERED_LAYERS = 100  # generous bounds that keep every conversion safe; whether such
MAX_REMEMBERED_LAYER_SIZE = 1_000_000  # a network fits in memory is the plan's to say
MAX_PATH_CHARS = 4096  # Linux's PATH_MAX
# as the warnings name the fields (their accessible names); translated where they are shown
FIELD_NAMES = {
    "hidden": QT_TRANSLATE_NOOP("SettingsForm", "Hidden layers"),
    "activation": QT_TRANSLATE_NOOP("SettingsForm", "Activation"),
    "optimizer": QT_TRANSLATE_NOOP("SettingsForm", "Optimizer"),
    "dropout": QT_TRANSLATE_NOOP("SettingsForm", "Dropout"),
    "lr": QT_TRANSLATE_NOOP("SettingsForm", "Learning rate"),
    "lr_decay": QT_TRANSLATE_NOOP("SettingsForm", "Learning-rate decay"),
    "weight_decay": QT_TRANSLATE_NOOP("SettingsForm", "Weight decay"),
    "batch_size": QT_TRANSLATE_NOOP("SettingsForm", "Batch size"),
    "seed": QT_TRANSLATE_NOOP("SettingsForm", "Seed"),
    "epochs": QT_TRANSLATE_NOOP("SettingsForm", "Training length"),
    "iterations": QT_TRANSLATE_NOOP("SettingsForm", "Training length"),
    "batchnorm": QT_TRANSLATE_NOOP("SettingsForm", "Batch normalization"),
    "augment": QT_TRANSLATE_NOOP("SettingsForm", "Augment data"),
    "elastic": QT_TRANSLATE_NOOP("SettingsForm", "Elastic distortion"),
    "data_dir": QT_TRANSLATE_NOOP("SettingsForm", "Dataset folder"),
    "device": QT_TRANSLATE_NOOP("SettingsForm", "Device"),
    "train_subset": QT_TRANSLATE_NOOP("SettingsForm", "Training images"),
    "label_noise": QT_TRANSLATE_NOOP("SettingsForm", "Label noise"),
}
TRAIN_SUBSETS = (None, 10_000, 1_000, 100)  # None: every training image


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_problem(value, low, high, whole):
    """Why a field taking numbers from `low` to `high` cannot take `value`, or None.
    Python compares an int of any size with a float exactly: nothing here overflows."""
    if not _is_number(value) or value != value:  # a string, a list, NaN
        return QCoreApplication.translate("SettingsForm", "not a number")
    if not low <= value <= high:
        return QCoreApplication.translate("SettingsForm", "out of range")
    if whole and value % 1:
        return QCoreApplication.translate("SettingsForm", "not a whole number")
    return None


def _hidden_sizes_ok(sizes):
    return (isinstance(sizes, list) and len(sizes) <= MAX_REMEMBERED_LAYERS
            and all(_number_problem(size, 1, MAX_REMEMBERED_LAYER_SIZE, whole=True) is None
                    for size in sizes))


class SettingsForm(QWidget):
    """Preset and hyper-parameters; ``settings()`` gives the engine's TrainSettings."""

    browse_requested = Signal()
    changed = Signal()  # any field was edited (or filled from a preset)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._preset_values = None  # the fields as the chosen preset filled them
        self._estimate_s = None  # how long the run the fields describe takes on this PC
        self._build_fields()
        self._lay_out()
        self._select(self.preset, DEFAULT_PRESET)
        self.preset.currentIndexChanged.connect(self._fill_from_preset)
        self._fill_from_preset()
        self._announce_changes()

    # --- fields -------------------------------------------------------------------------------
    def _build_fields(self):
        names = [LESSON_PRESET, *(n for n in engine.preset_names() if n != LESSON_PRESET)]
        self.preset = self._combo(self.tr("Model preset"), self.tr(
            "A starting point: choosing one fills in every field below with its tested values."),
            {name: preset_description(name) for name in names})
        self.preset.setItemText(0, self.tr("{0} (for a lesson)").format(LESSON_PRESET))
        self.hidden = QLineEdit()
        self.hidden.setValidator(QRegularExpressionValidator(r"^\s*(\d+\s*(,\s*\d+\s*)*)?$"))
        self._describe(self.hidden, self.tr("Hidden layers"), self.tr(
            "Neurons in each hidden layer, e.g. 512, 256: more and wider layers can learn more "
            "but train slower and overfit sooner."))
        self.activation = self._combo(self.tr("Activation"), self.tr(
            "The non-linearity after each hidden layer."), translated(ACTIVATIONS))
        self.dropout = self._double(0.0, 0.9, 0.05, 2, self.tr("Dropout"), self.tr(
            "Share of hidden neurons switched off at random in each step: fights overfitting."))
        self.batchnorm = QCheckBox(self.tr("Batch normali&zation"))
        self._describe(self.batchnorm, self.tr("Batch normalization"), self.tr(
            "Normalize each hidden layer's inputs per batch: allows larger learning rates and "
            "trains faster."))
        self.augment = QCheckBox(self.tr("A&ugment data"))
        self._describe(self.augment, self.tr("Augment data"), self.tr(
            "Shift, rotate and scale every training image a little at random, so the network "
            "also reads digits drawn off-centre, tilted or larger: slower to learn, better on "
            "real drawings."))
        # every letter is taken: reached by Tab
        self.elastic = QCheckBox(self.tr("Elastic distortion"))
        self._describe(self.elastic, self.tr("Elastic distortion"), self.tr(
            "With augmentation, also bend the strokes a little, the way a hand wobbles."))
        self.augment.toggled.connect(self.elastic.setEnabled)
        self.optimizer = self._combo(self.tr("Optimizer"), self.tr(
            "How the gradient turns into a weight update."), translated(OPTIMIZERS))
        self.lr = self._double(1e-5, 10.0, 0.001, 5, self.tr("Learning rate"), self.tr(
            "Step size of each update: too small learns slowly, too large makes the loss jump "
            "or explode."))
        self.lr_decay = self._double(0.5, 1.0, 0.05, 2, self.tr("Learning-rate decay"), self.tr(
            "Multiply the learning rate by this after every epoch (1 = constant): big steps "
            "first, fine ones at the end."))
        self.weight_decay = self._double(0.0, 0.1, 0.0001, 5, self.tr("Weight decay"), self.tr(
            "L2 penalty pulling weights towards zero: a simpler model, less overfitting."))
        self.batch_size = self._int(1, MAX_BATCH_SIZE, self.tr("Batch size"), self.tr(
            "Images per update: larger batches give smoother gradients but fewer updates per "
            "epoch."))
        self._build_length_fields()
        self._build_data_choice_fields()
        self._build_device_field()
        self.seed = self._int(0, 2**31 - 1, self.tr("Seed"), self.tr(
            "Random seed for the initial weights, the shuffling and dropout: the same seed "
            "repeats a run exactly."))
        self.data_dir = QComboBox()
        self.data_dir.setEditable(True)
        self.data_dir.setInsertPolicy(QComboBox.NoInsert)  # a typed folder is listed once it loads
        for folder in engine.known_dataset_dirs():
            self.data_dir.addItem(_dataset_label(folder), str(folder))
        self._describe(self.data_dir, self.tr("Dataset folder"), self.tr(
            "The folder with the four MNIST-format files to train and test on (MNIST is built "
            "in; Fashion-MNIST works too)."))
        self.browse = QPushButton(self.tr("Browse…"))
        self._describe(self.browse, self.tr("Browse for a dataset folder"),
                       self.tr("Choose another folder of MNIST-format files."))
        self.browse.clicked.connect(self.browse_requested)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.PlainText)
        self.description.setAccessibleName(self.tr("Settings description"))

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

    def _build_data_choice_fields(self):
        self.train_subset = QComboBox()
        for size in TRAIN_SUBSETS:
            self.train_subset.addItem(self.tr("all") if size is None else f"{size:,}",
                                      0 if size is None else size)
        self._describe(self.train_subset, self.tr("Training images"), self.tr(
            "Train on only this many training images, picked at random by the seed. A small "
            "set is learnt by heart: training accuracy climbs to 100% while test accuracy "
            "stays behind. That gap is overfitting."))
        self.label_noise = self._double(0.0, 0.9, 0.05, 2, self.tr("Label noise"), self.tr(
            "The share of training labels changed at random to another digit, e.g. 0.2: the "
            "network learns the wrong answers too, and the test accuracy shows what it costs. "
            "The test set is never changed."))

    def train_subset_choice(self):
        """The number of training images chosen, or None for all of them."""
        return self.train_subset.currentData() or None

    @Slot()
    def _length_unit_changed(self):
        maximum = MAX_EPOCHS if self.length_unit.currentData() == "epoch" else MAX_ITERATIONS
        self.length.setMaximum(maximum)

    def _set_length(self, unit, value):
        self._select(self.length_unit, unit)
        self.length.setValue(value)

    def _build_device_field(self):
        self._gpu_available = False
        self.device = QComboBox()
        self.device.addItem(self.tr("CPU (NumPy)"), "cpu")
        self._wanted_device = "cpu"  # remembered "gpu" waits here until a GPU is found
        self._describe(self.device, self.tr("Device"), self.tr("Looking for a GPU…"))
        self.device.setEnabled(False)  # until the window's background look for a GPU answers
        self.device.currentIndexChanged.connect(self._remember_device_choice)

    @Slot()
    def _remember_device_choice(self):
        self._wanted_device = self.device.currentData()

    def set_gpu_status(self, status):
        """Offer the GPU (named, with its memory) or say why there is none (engine.GpuStatus)."""
        self._gpu_available = status.available
        if not status.available:
            self._describe(self.device, self.tr("Device"), self.tr(
                "Training runs on the CPU. No GPU: {0}.").format(engine_text(status.reason)))
            self.device.setEnabled(False)
            return
        if self.device.findData("gpu") < 0:
            self.device.addItem(self.tr("GPU: {0} (CuPy)").format(status.describe()), "gpu")
        self._describe(self.device, self.tr("Device"), self.tr(
            "Where training runs: the CPU with NumPy, or the NVIDIA GPU ({0}) with CuPy. The "
            "same engine runs on both; a model trained on either opens on any PC.").format(
            status.describe()))
        self.device.setEnabled(True)
        self._select(self.device, self._wanted_device)

    @staticmethod
    def _describe(widget, name, tip):
        widget.setAccessibleName(name)
        widget.setToolTip(_wrapped(tip))
        widget.setWhatsThis(tip)

    def _combo(self, name, tip, items):
        combo = QComboBox()
        for index, (key, description) in enumerate(items.items()):
            combo.addItem(key, key)
            combo.setItemData(index, _wrapped(description), Qt.ToolTipRole)
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
        self._row(network, self.tr("&Preset"), self.preset)
        self._row(network, self.tr("H&idden layers"), self.hidden)
        self._row(network, self.tr("&Activation"), self.activation)
        self._row(network, self.tr("D&ropout"), self.dropout)
        network.addRow("", self.batchnorm)
        self._row(network, self.tr("See&d"), self.seed)
        network.addRow("", self.augment)
        network.addRow("", self.elastic)
        learning = QFormLayout()
        self._row(learning, self.tr("&Optimizer"), self.optimizer)
        self._row(learning, self.tr("&Learning rate"), self.lr)
        self._row(learning, self.tr("LR deca&y/epoch"), self.lr_decay)
        self._row(learning, self.tr("&Weight decay"), self.weight_decay)
        self._row(learning, self.tr("&Batch size"), self.batch_size)
        label = QLabel(self.tr("&Stop after"))
        label.setBuddy(self.length)
        learning.addRow(label, self.length)
        # its own row: beside the number it would widen the column, and the window, by 45 px
        learning.addRow("", self.length_unit)
        # every letter of these is taken on the page: reached by Tab
        self._row(learning, self.tr("Training images"), self.train_subset)
        self._row(learning, self.tr("Label noise"), self.label_noise)
        columns = QHBoxLayout()
        columns.addLayout(network, 1)
        columns.addSpacing(12)
        columns.addLayout(learning, 1)
        data = QHBoxLayout()
        label = QLabel(self.tr("Dataset folder"))  # every letter is taken: reached by Tab
        label.setBuddy(self.data_dir)
        data.addWidget(label)
        data.addWidget(self.data_dir, 1)
        data.addWidget(self.browse)
        device = QHBoxLayout()  # a full row: a GPU's name is long
        device_label = QLabel(self.tr("De&vice"))
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
        self._fill_network_fields(preset.mlp)
        self.augment.setChecked(bool(train.get("augment", False)))
        self.elastic.setChecked(bool(train.get("elastic", False)))
        self._apply_field_rules()
        self._select(self.optimizer, train["optimizer"])
        self.lr.setValue(train["lr"])
        self.lr_decay.setValue(train.get("lr_decay") or 1.0)
        self.weight_decay.setValue(train.get("weight_decay") or 0.0)
        self.batch_size.setValue(train["batch_size"])
        self._select(self.train_subset, train.get("train_subset") or 0)
        self.label_noise.setValue(train.get("label_noise") or 0.0)
        if "iterations" in train:  # the book's chapter 5 counts updates, not epochs
            self._set_length("iteration", train["iterations"])
        else:
            self._set_length("epoch", train["epochs"])
        self._preset_values = self.recipe()

    def _announce_changes(self):
        """Every edit of any field: the description follows it, and ``changed`` is emitted."""
        for combo in (self.preset, self.activation, self.optimizer, self.length_unit,
                      self.device, self.train_subset):
            combo.currentIndexChanged.connect(self._on_edited)
        for spin in (self.dropout, self.lr, self.lr_decay, self.weight_decay, self.batch_size,
                     self.length, self.seed, self.label_noise):
            spin.valueChanged.connect(self._on_edited)
        for box in (self.batchnorm, self.augment, self.elastic):
            box.toggled.connect(self._on_edited)
        self.hidden.textChanged.connect(self._on_edited)
        self._on_edited()

    @Slot()
    def _on_edited(self):
        self._describe_fields()
        self.changed.emit()

    def recipe(self):
        """The fields that make a run what it is (the device only says where it runs), or
        None while they describe no run (sizes typed halfway)."""
        try:
            values = self.settings().as_dict()
        except ValueError:
            return None
        values.pop("device", None)
        return values

    def set_estimate(self, seconds):
        """The measured time of the run the fields describe now (None: not known)."""
        self._estimate_s = seconds
        self._describe_fields()

    def _describe_fields(self):
        """Describe what the fields say now: the preset's words only while they are its own."""
        name = self.preset.currentData()
        recipe = self.recipe()
        if recipe is not None and recipe == self._preset_values:
            text = self.tr("Preset {0}: {1}").format(name, preset_description(name))
        elif recipe is None:  # not a run yet: the reason shows under the form
            text = self.tr("Your settings, changed from preset {0}.").format(name)
        else:
            text = self.tr("Your settings, changed from preset {0}: {1}.").format(
                name, self._summary())
        estimate = self._estimate_text()
        self.description.setText(f"{text} {estimate}" if estimate else text)

    def _summary(self):
        hidden = self.hidden_sizes()
        unit = self.tr("epochs") if self.length_unit.currentData() == "epoch" \
            else self.tr("iterations")
        network = (self.tr("an MLP with hidden layers {0} ({1})").format(
            ", ".join(str(size) for size in hidden) or self.tr("none"),
            self.activation.currentData()) if hidden is not None
            else self.tr("the {0} network").format(self.preset.currentData()))
        text = self.tr("{0}, {1} with learning rate {2:g}, batches of {3:,}, {4:,} {5}").format(
            network, self.optimizer.currentData(), self.lr.value(), self.batch_size.value(),
            self.length.value(), unit)
        if self.train_subset_choice():
            text += self.tr(", on {0:,} training images").format(self.train_subset_choice())
        if self.label_noise.value():
            text += self.tr(", {0:.0%} of their labels changed").format(self.label_noise.value())
        return text

    def _estimate_text(self):
        seconds = self._estimate_s
        if seconds is None:
            return ""
        text = self.tr("About {0} to train on this PC.").format(_rough_duration(seconds))
        if seconds > LONG_RUN_S:
            text += " " + self.tr("That is long for a lesson: fewer epochs or the mlp preset "
                                  "are quicker.")
        return text

    def set_editable(self, which):
        """"all" fields (no run), the "live" ones (a run going or paused: learning rate, its
        decay and weight decay, applied from the next iteration) or "none" (a run loading or
        being measured)."""
        self.setEnabled(which != "none")
        for field in self._fields():
            field.setEnabled(which == "all")
        for name in LIVE_FIELDS:
            getattr(self, name).setEnabled(which != "none")
        if which == "all":
            self._apply_field_rules()

    def _fields(self):
        """Every control of the form (not their inner parts, such as a spin box's editor)."""
        return (self.preset, self.hidden, self.activation, self.dropout, self.batchnorm,
                self.augment, self.elastic, self.optimizer, self.lr, self.lr_decay,
                self.weight_decay, self.batch_size, self.length, self.length_unit,
                self.train_subset, self.label_noise, self.device, self.seed, self.data_dir,
                self.browse)

    def _apply_field_rules(self):
        mlp = engine.get_preset(self.preset.currentData()).mlp is not None
        for field in (self.hidden, self.activation, self.dropout, self.batchnorm):
            field.setEnabled(mlp)
        self.elastic.setEnabled(self.augment.isChecked())
        self.device.setEnabled(self._gpu_available)

    def live_values(self):
        """The fields a run takes from its next iteration on, as engine names."""
        return {name: getattr(self, name).value() for name in LIVE_FIELDS}

    def _fill_network_fields(self, mlp):
        """An MLP preset's sizes and options; a CNN preset shows its fields empty and disabled."""
        fields = (self.hidden, self.activation, self.dropout, self.batchnorm)
        for field in fields:  # enabled or not: _apply_field_rules
            field.setStatusTip("" if mlp is not None else
                               "A convolutional preset is a fixed design: see its description.")
        self.hidden.setPlaceholderText(
            "" if mlp is not None else self.tr("convolutional: see below"))
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
        if engine.get_preset(self.preset.currentData()).mlp is None:
            return None
        text = self.hidden.text().strip()
        parts = [part.strip() for part in text.split(",")] if text else []
        if not all(part.isdigit() for part in parts):  # "100," while the next size is typed
            raise ValueError(self.tr("write the hidden layer sizes as whole numbers separated "
                                     "by commas, e.g. 512, 256"))
        return tuple(int(part) for part in parts)

    def settings(self, hidden=None):
        """The form as engine TrainSettings (every field explicit, so the preset's don't leak;
        the MLP fields are None for a convolutional preset, which has none). ValueError for
        sizes typed halfway, unless `hidden` is given."""
        mlp = engine.get_preset(self.preset.currentData()).mlp is not None
        return engine.TrainSettings(
            preset=self.preset.currentData(),
            hidden=self.hidden_sizes() if hidden is None else hidden,
            activation=self.activation.currentData() if mlp else None,
            batchnorm=self.batchnorm.isChecked() if mlp else None,
            dropout=self.dropout.value() if mlp else None,
            optimizer=self.optimizer.currentData(), lr=self.lr.value(),
            lr_decay=self.lr_decay.value(), weight_decay=self.weight_decay.value(),
            augment=self.augment.isChecked(),
            elastic=self.augment.isChecked() and self.elastic.isChecked(),
            batch_size=self.batch_size.value(), **self._length_setting(),
            train_subset=self.train_subset_choice(), label_noise=self.label_noise.value(),
            seed=self.seed.value(), device=self.device_choice())

    def _length_setting(self):
        unit = self.length_unit.currentData()
        return {"epochs" if unit == "epoch" else "iterations": self.length.value()}

    def device_choice(self):
        """'gpu' only while a working GPU is offered and chosen."""
        return self.device.currentData() if self._gpu_available else "cpu"

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
        """Plain values to remember between runs (QSettings); sizes typed halfway are not."""
        try:
            settings = self.settings().as_dict()
        except ValueError:
            settings = self.settings(hidden=()).as_dict()
            settings["hidden"] = None  # the preset's, at the next start
        settings["device"] = self._wanted_device  # kept while the GPU is not (yet) found
        if settings["hidden"] is not None:
            settings["hidden"] = list(settings["hidden"])
        folder = self.dataset_folder()
        # the built-in folder moves with every start of the binary: remember "the default"
        settings["data_dir"] = "" if folder is None or engine.is_shipped(folder) else str(folder)
        return settings

    def set_values(self, values):
        """Restore remembered values field by field (they come from a settings file that may
        hold anything). A value its field cannot take leaves the field at the preset's value;
        returns one sentence per such field, [] when every value was fine."""
        if not isinstance(values, dict):
            return [self.tr("The remembered training settings were unreadable; using the "
                            "preset's.")]
        warnings = [self._restore_preset(values.get("preset"))]
        for key, restore in self._restorers().items():
            if values.get(key) is not None:  # None: not remembered (a CNN preset's MLP fields)
                warnings.append(restore(key, values[key]))
        return [warning for warning in warnings if warning]

    def _restore_preset(self, name):
        if name is None:
            return None
        if isinstance(name, str) and name in engine.preset_names():
            self._select(self.preset, name)
            return None
        return self.tr("Preset {0} is not one DigitLab knows; using {1}.").format(
            quoted(name), self.preset.currentData())

    def _restorers(self):
        """Each remembered key and what checks it and fills its field (in the order that
        lets a later field depend on an earlier one: augment before elastic)."""
        return {
            "hidden": self._restore_hidden,
            "activation": self._restore_choice, "optimizer": self._restore_choice,
            "dropout": self._restore_number, "lr": self._restore_number,
            "lr_decay": self._restore_number, "weight_decay": self._restore_number,
            "batch_size": self._restore_number, "seed": self._restore_number,
            "epochs": self._restore_length, "iterations": self._restore_length,
            "batchnorm": self._restore_flag, "augment": self._restore_flag,
            "elastic": self._restore_flag,
            "train_subset": self._restore_subset, "label_noise": self._restore_number,
            "data_dir": self._restore_folder, "device": self._restore_device,
        }

    def _restore_number(self, key, value):
        spin = getattr(self, key)
        whole = isinstance(spin, QSpinBox)
        problem = _number_problem(value, spin.minimum(), spin.maximum(), whole)
        if problem:
            return self._fell_back(FIELD_NAMES[key], value, problem, quoted(spin.value()))
        spin.setValue(int(value) if whole else float(value))
        return None

    def _restore_length(self, key, value):
        unit, maximum = ("epoch", MAX_EPOCHS) if key == "epochs" else \
            ("iteration", MAX_ITERATIONS)
        problem = _number_problem(value, self.length.minimum(), maximum, whole=True)
        if problem:
            return self._fell_back(FIELD_NAMES[key], value, problem, self._length_text())
        self._set_length(unit, int(value))
        return None

    def _restore_hidden(self, key, sizes):
        if not _hidden_sizes_ok(sizes):
            return self.tr("Hidden layers {0} were not up to {1} whole numbers from 1 to {2:,}; "
                           "using {3}.").format(quoted(sizes), MAX_REMEMBERED_LAYERS,
                                                MAX_REMEMBERED_LAYER_SIZE,
                                                self.hidden.text() or self.tr("none"))
        self.hidden.setText(", ".join(str(int(size)) for size in sizes))
        return None

    def _restore_choice(self, key, value):
        combo = getattr(self, key)
        if not isinstance(value, str) or combo.findData(value) < 0:
            return self._fell_back(FIELD_NAMES[key], value, self.tr("not one of the choices"),
                                   combo.currentData())
        self._select(combo, value)
        return None

    def _restore_subset(self, key, value):
        if not _is_number(value) or value not in TRAIN_SUBSETS[1:]:
            return self._fell_back(FIELD_NAMES[key], value, self.tr("not one of the choices"),
                                   self.train_subset.currentText())
        self._select(self.train_subset, int(value))
        return None

    def _restore_flag(self, key, value):
        box = getattr(self, key)
        if not isinstance(value, bool) and value not in (0, 1):
            return self._fell_back(FIELD_NAMES[key], value, self.tr("not on or off"),
                                   self.tr("on") if box.isChecked() else self.tr("off"))
        box.setChecked(bool(value))
        return None

    def _restore_folder(self, key, folder):
        if not folder:
            return None  # the built-in dataset
        if not isinstance(folder, str) or len(folder) > MAX_PATH_CHARS \
                or any(ord(c) < 32 or c == "\x7f" for c in folder):
            return self._fell_back(FIELD_NAMES[key], folder, self.tr("not a folder name"),
                                   self.data_dir.currentText())
        self.set_dataset_folder(folder)
        return None

    def _restore_device(self, key, device):
        if device not in ("cpu", "gpu"):  # no hashing: a list or a dict compares unequal
            return self._fell_back(FIELD_NAMES[key], device, self.tr("not cpu or gpu"),
                                   self._wanted_device)
        self._want_device(device)
        return None

    def _fell_back(self, name, value, problem, default):
        return self.tr("{0} {1} was {2}; using {3}.").format(
            self.tr(name), quoted(value), problem, default)

    def _length_text(self):
        return f"{self.length.text()} {self.length_unit.currentText()}"


class TrainPanel(QWidget):
    """The settings form, checked as it is edited, and the run controls with the run's status.

    Takes the TrainingController, the DatasetSource and the window's BackgroundJobs (which
    measure how long the chosen run would take on this PC) and follows their signals.
    """

    start_requested = Signal()
    browse_requested = Signal()

    def __init__(self, controller, datasets, jobs, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._datasets = datasets
        self._jobs = jobs
        self._estimates = {}  # _estimate_key() -> seconds, measured on this PC
        self._estimating = False  # one probe at a time: the machine has few cores
        self.form = SettingsForm()
        self.status = RunStatusView(controller)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.PlainText)  # it may quote a folder's name
        self.problem_label.setAccessibleName(self.tr("Why training cannot start"))
        self.problem_label.setStyleSheet("color: #c0392b;")
        self._estimate_timer = QTimer(self, singleShot=True, interval=ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self._estimate)
        self._build_actions()
        self._lay_out()
        self._connect()
        self._on_state_changed(controller.state)

    def _connect(self):
        controller = self._controller
        controller.state_changed.connect(self._on_state_changed)
        self.form.changed.connect(self._on_form_changed)
        self.form.browse_requested.connect(self.browse_requested)
        for name in LIVE_FIELDS:
            field = getattr(self.form, name)
            # a typed value counts once confirmed (Enter, leaving the box, the arrows): while a
            # run goes, every keystroke of "0.05" would otherwise be a change of its own
            field.setKeyboardTracking(False)
            field.valueChanged.connect(self._on_live_field_changed)
        # a chosen or typed-and-confirmed folder, not every keystroke of a path being typed
        data_dir = self.form.data_dir
        data_dir.currentIndexChanged.connect(self._on_folder_chosen)
        data_dir.lineEdit().editingFinished.connect(self._on_folder_chosen)
        self._datasets.loaded.connect(self._on_dataset_loaded)
        self._datasets.failed.connect(self._update_problem)
        self._datasets.loading.connect(self._update_problem)

    def _build_actions(self):
        self.start_action = self._action(self.tr("&Start training"), "F5", self.tr(
            "Train a new network with these settings, starting from random weights (F5)."),
            self.start_requested)
        self.pause_action = self._action(self.tr("&Pause"), "F6", self.tr(
            "Pause or resume training; the weights so far keep reading your drawing (F6). The "
            "learning rate can be changed while a run goes or is paused."),
            self._controller.toggle_pause)
        self.step_action = self._action(self.tr("St&ep"), "F7", self.tr(
            "While paused: train exactly one iteration (one batch) and stay paused; the status "
            "says how the loss of that batch changed (F7)."), self._controller.step)
        self.stop_action = self._action(self.tr("S&top"), "Shift+F5", self.tr(
            "End training now and keep the network as trained so far (Shift+F5)."),
            self._controller.stop)

    def _action(self, text, shortcut, tip, slot):
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

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
        for action in (self.start_action, self.pause_action, self.step_action,
                       self.stop_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        settings = QGroupBox(self.tr("Train a network"))
        column = QVBoxLayout(settings)
        column.addWidget(self.form)
        column.addWidget(self.problem_label)
        column.addLayout(buttons)
        column.addWidget(self.status)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(settings)

    # --- what the window asks -----------------------------------------------------------------
    def settings(self):
        """The form as engine TrainSettings (ValueError for values no run can take)."""
        return self.form.settings()

    def dataset_folder(self):
        return self.form.dataset_folder()

    def set_dataset_folder(self, folder):
        self.form.set_dataset_folder(folder)
        self._on_folder_chosen()

    def set_gpu_status(self, status):
        self.form.set_gpu_status(status)
        self._on_state_changed(self._controller.state)

    def values(self):
        return self.form.values()

    def set_values(self, values):
        """Restore remembered values; the sentences naming each field that fell back to its
        default ([] when all were fine)."""
        return self.form.set_values(values)

    def problem(self):
        """Why Start cannot train with these settings now (one sentence), or None."""
        try:
            settings = self.form.settings()
            settings.plan()
        except ValueError as exc:
            return engine_text(exc)
        if self._datasets.folder() != self.form.dataset_folder():
            return None  # not chosen yet (confirmed by Enter or leaving the field)
        return self._datasets.problem()

    # --- following the form, the data and the controller --------------------------------------
    @Slot()
    def _on_folder_chosen(self):
        self._datasets.choose(self.form.dataset_folder())
        self._update_problem()

    @Slot(object)
    def _on_dataset_loaded(self, dataset):
        self.form.set_dataset_folder(self._datasets.folder())  # a typed folder is listed now
        self._on_form_changed()  # Start may go, and a run's time can be measured now

    @Slot()
    def _on_form_changed(self):
        self._update_problem()
        key = self._estimate_key()
        self.form.set_estimate(self._estimates.get(key))  # none until measured: never stale
        if key is not None and key not in self._estimates and not self._controller.is_active():
            self._estimate_timer.start()

    @Slot()
    def _update_problem(self):
        problem = None if self._controller.is_active() else self.problem()
        self.problem_label.setText(self.tr("Cannot start: {0}").format(problem) if problem
                                   else "")
        self.problem_label.setVisible(bool(problem))
        self.status.set_blocked(bool(problem))
        self.start_action.setEnabled(not self._controller.is_active() and not problem)

    @Slot()
    def _on_live_field_changed(self):
        if self._controller.state in ("running", "paused"):  # from the next iteration on
            self._controller.set_hyperparameters(**self.form.live_values())

    @Slot(str)
    def _on_state_changed(self, state):
        active = self._controller.is_active()
        self.pause_action.setEnabled(state in ("running", "paused"))
        self.pause_action.setText(self.tr("&Resume") if state == "paused" else self.tr("&Pause"))
        self.step_action.setEnabled(state == "paused")
        self.stop_action.setEnabled(state in ("loading", "running", "paused", "evaluating"))
        self.form.set_editable("live" if state in ("running", "paused")
                               else "none" if active else "all")
        self._update_problem()

    # --- how long would it take? --------------------------------------------------------------
    def _estimate_key(self):
        """What a measured time depends on: the run's fields and the loaded dataset's sizes
        (None until both are known)."""
        recipe, dataset = self.form.recipe(), self._datasets.dataset()
        if recipe is None or dataset is None:
            return None
        return json.dumps([recipe, len(dataset.t_train), len(dataset.t_test)], sort_keys=True)

    @Slot()
    def _estimate(self):
        key = self._estimate_key()
        if key is None or key in self._estimates or self._estimating \
                or self._controller.is_active() or self.problem():
            return  # a probe still running measures what the user chose next when it reports
        self._estimating = True
        settings, dataset = self.form.settings(), self._datasets.dataset()
        sizes = {"train_size": len(dataset.t_train), "test_size": len(dataset.t_test)}
        self._jobs.submit(lambda: (key, engine.estimate_seconds(settings, **sizes)),
                          self._on_estimated, self._on_estimate_failed,
                          what=self.tr("Could not measure how long training would take"))

    @Slot(object)
    def _on_estimated(self, measured):
        key, seconds = measured
        self._estimating = False
        self._estimates[key] = seconds
        self._on_form_changed()  # shows it, or measures what the user chose meanwhile

    @Slot(str)
    def _on_estimate_failed(self, message):
        self._estimating = False  # no estimate is shown; training will say what is wrong


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from .dataset_source import DatasetSource
    from .workers import BackgroundJobs, TrainingController

    app = QApplication(sys.argv)
    controller = TrainingController()
    jobs = BackgroundJobs()
    panel = TrainPanel(controller, DatasetSource(jobs), jobs)
    panel.start_requested.connect(
        lambda: controller.start(panel.settings(), panel.dataset_folder()))
    panel.show()
    app.exec()
