"""The model the app is showing: opened from a file, being trained, or freshly made.

Views subscribe to ``changed`` (napari style) and ask it to ``read`` a drawing; all the
engine work (preprocessing, the forward pass, files) happens through the engine's public API.
A model file is read by ``read_model_file`` in any thread (the window uses a background job)
and shown with ``use``; ``open`` does both at once.
"""
import dataclasses
import json
import math
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

import engine

from .i18n import engine_text, tr

SAVED_FIELDS = ("dataset", "metrics", "history", "normalization", "extra")
INPUT_SHAPE = [1, 28, 28]  # what the canvas gives: one 28x28 image
CLASSES = 10  # the answer, the bars and the test images' labels are the ten digits


@dataclasses.dataclass(frozen=True)
class ModelFile:
    """What reading a model file gave: a network the window can show, or why not.

    Made in the reading thread and handed to the GUI thread, which alone uses it afterwards.
    """

    path: Path
    loaded: object = None  # engine LoadedModel, checked readable; None when refused
    problem: str = None  # one sentence naming the file
    detail: str = None  # the technical reason, for "Show details"

    def refusal(self):
        return engine.ModelFormatError(self.problem, self.detail)


def read_model_file(path):
    """Load and check `path` (any thread); a file that cannot be shown is a refusal, never an
    exception. The work of reading and checking happens here, so none is left for the GUI."""
    path = Path(path)
    try:
        loaded = engine.load_model(path)
        check_readable(path, loaded)
    except engine.ModelFormatError as exc:
        return ModelFile(path, problem=engine_text(exc), detail=getattr(exc, "detail", None))
    except OSError as exc:
        return ModelFile(path, problem=tr("{0} cannot be read: {1}.").format(
            path, exc.strerror or exc), detail=repr(exc))
    except MemoryError:
        return ModelFile(path, problem=tr(
            "{0} is too large to open: there is not enough memory.").format(path),
            detail="MemoryError while loading")
    return ModelFile(path, loaded=loaded)


def check_readable(path, loaded):
    """Raise ModelFormatError unless the window can draw for it: 28x28 in, ten classes out."""
    shape = loaded.header["config"].get("input_shape")
    if list(shape or []) != INPUT_SHAPE:
        raise engine.ModelFormatError(
            tr("{0} reads inputs of shape {1}; DigitLab's window reads 28x28 images into "
               "{2} classes.").format(path, shape, CLASSES), f"config input_shape: {shape}")
    if not loaded.model.is_classifier:
        raise engine.ModelFormatError(
            tr("{0} is not a classifier; DigitLab's window reads 28x28 images into {1} "
               "classes.").format(path, CLASSES), "the network ends without a softmax over classes")
    names = loaded.class_names  # the file's own, else one per output (the engine checks both)
    if len(names) != CLASSES:
        raise engine.ModelFormatError(
            tr("{0} has {1} outputs; DigitLab's window reads 28x28 images into "
               "{2} classes.").format(path, len(names), CLASSES),
            f"{len(names)} outputs (class names), expected {CLASSES}")


class CurrentModel(QObject):
    """One network plus what a file should record about it, and whether it is saved."""

    changed = Signal()  # another network or new weights: readings must be redone
    replaced = Signal()  # another network from elsewhere (a file, a new one): not the run's
    modified_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._network = None
        self._metadata = {}
        self._path = None
        self._modified = False
        self._origin = ""  # "" for a file, else "new, untrained", "training" or "trained"
        self._iteration = None  # the training iteration of the weights shown while training
        self._gradients = {}  # the last training step's gradients, name -> read-only array
        self._result = None  # the TrainingResult whose weights these are, after a run
        self._kept = None  # the engine KeptRun in which the Runs page keeps them

    # --- what it is -------------------------------------------------------------------------
    @property
    def network(self):
        return self._network

    @property
    def gradients(self):
        """The gradients of the training step whose weights are shown (name -> read-only
        array, e.g. "0.W"); empty unless a run is training it."""
        return self._gradients

    @property
    def path(self):
        """The file it was opened from or last saved to; None for a model not on disk."""
        return self._path

    @property
    def is_modified(self):
        return self._modified

    @property
    def kept(self):
        """The engine KeptRun holding this model in the Runs page, or None: a trained model
        kept there is not lost when another replaces it, saved or not."""
        return self._kept

    @property
    def metrics(self):
        return dict(self._metadata.get("metrics", {}))

    @property
    def class_names(self):
        classes = self._metadata.get("dataset", {}).get("classes")
        return list(classes) if classes else [str(digit) for digit in range(10)]

    def history(self):
        """The training log its file records (checked by the engine on load), [] when none."""
        return [dict(entry) for entry in self._metadata.get("history", [])]

    def hyperparameter_changes(self):
        """(values the run began with, changes made while it ran), as its file records them;
        malformed entries left out (engine.recorded_changes)."""
        extra = self._metadata.get("extra")
        extra = extra if isinstance(extra, dict) else {}
        return (engine.starting_hyperparameters(extra.get("train")),
                engine.recorded_changes(extra.get("changes")))

    def preset_name(self):
        """The preset it was trained from, when its file (or the run) says; else None."""
        extra = self._metadata.get("extra")
        settings = extra.get("settings") if isinstance(extra, dict) else None
        preset = settings.get("preset") if isinstance(settings, dict) else None
        return preset if isinstance(preset, str) and preset else None

    def recorded_settings(self):
        """The engine TrainSettings its file (or its run) records, or None when it records
        none DigitLab can train with."""
        extra = self._metadata.get("extra")
        values = extra.get("settings") if isinstance(extra, dict) else None
        if values is None:
            return None
        try:
            return engine.TrainSettings.from_dict(values)
        except ValueError:
            return None

    def my_digits_trained_ids(self):
        """The ids of my digits its file (or its run) says it trained on: never counted as
        held out (engine.trained_ids_of)."""
        return engine.trained_ids_of(self._metadata)

    def iterations_per_epoch(self):
        """Updates per pass over its training set, from the metrics its file records (also for
        a run counted in iterations, whose log says only whole epochs); None if unknown."""
        metrics = self.metrics
        iterations, epochs = metrics.get("iterations"), metrics.get("epochs")
        if not (iterations and epochs):
            return None
        per_epoch = iterations / epochs
        # a file may say anything (inf, 1e-300 epochs): a curve needs a positive finite scale
        return per_epoch if math.isfinite(per_epoch) and per_epoch > 0 else None

    def title(self):
        """A short name for the window title and the status bar."""
        if self._path is not None:
            return Path(self._path).name
        origins = {"new, untrained": self.tr("new, untrained"), "training": self.tr("training"),
                   "trained": self.tr("trained")}
        return origins.get(self._origin) or self.tr("no model")

    def summary(self):
        """One line: name, test accuracy when known, unsaved when so."""
        parts = [self.title()]
        accuracy = self.metrics.get("test_accuracy")
        if accuracy is not None:
            parts.append(self.tr("test accuracy {0}").format(f"{accuracy:.2%}"))
        if self._kept is not None:
            parts.append(self.tr("kept in Runs"))
        elif self._modified:
            parts.append(self.tr("not saved"))
        return " · ".join(parts)

    def reader_text(self):
        """One translated line saying which network reads the drawing, e.g.
        "Read by deep-cnn (built in), test accuracy 99.60%"; plain text (it holds file names)."""
        accuracy = self.metrics.get("test_accuracy")
        if self._network is None:
            return self.tr("No network reads the drawing: open a model or train one")
        if self._origin == "training":
            if self._iteration is None:
                return self.tr("Read by the network being trained")
            return self.tr("Read by the network being trained (iteration {iteration})").format(
                iteration=f"{int(self._iteration):,}")  # as the run status counts
        if self._origin == "new, untrained":
            return self.tr("Read by a new, untrained network (it guesses)")
        if self._path is not None and engine.is_shipped(self._path):
            # its preset's name, which the user can pick in the form
            name = self.tr("{name} (built in)").format(
                name=self.preset_name() or Path(self._path).stem)
        elif self._path is not None:
            name = Path(self._path).name
        elif self._kept is not None:
            name = self.tr("the network just trained (kept in Runs)")
        else:
            name = self.tr("the network just trained (not saved)")
        if accuracy is None:
            return self.tr("Read by {name}").format(name=name)
        return self.tr("Read by {name}, test accuracy {accuracy}").format(
            name=name, accuracy=f"{float(accuracy):.2%}")

    # --- changing it ------------------------------------------------------------------------
    def open(self, path):
        """Load `path` here and now (the window reads in the background and calls ``use``);
        a file it cannot show raises ModelFormatError and the current model stays."""
        self.use(read_model_file(path))

    def use(self, model_file):
        """Show a ModelFile from ``read_model_file``; a refused one raises ModelFormatError."""
        if model_file.loaded is None:
            raise model_file.refusal()
        loaded = model_file.loaded
        metadata = {key: loaded.header[key] for key in SAVED_FIELDS if key in loaded.header}
        self._replace(loaded.model, metadata, path=model_file.path, origin="", modified=False)
        self.replaced.emit()

    def start_new(self, settings):
        """An untrained network for `settings`: what a run starts from, readings at chance."""
        network = engine.build_network(settings.plan().network)
        self._replace(network, {}, path=None, origin="new, untrained", modified=False)
        self.replaced.emit()

    @Slot(object)
    def show_training_weights(self, snapshot):
        """A WeightsSnapshot from a running training: readings follow the learning."""
        if self._network is not None and self._origin == "training" \
                and self._network.config == snapshot.config:
            snapshot.load_into(self._network)
        else:
            self._network = snapshot.to_network()
            self._metadata, self._path, self._origin = {}, None, "training"
        self._iteration = snapshot.iteration
        self._gradients = dict(snapshot.gradients)
        self._set_modified(True)
        self.changed.emit()

    def finish_training(self, result):
        """A TrainingResult: its final weights and what a saved model should record."""
        self._replace(result.weights.to_network(), result.metadata, path=None,
                      origin="trained", modified=True)
        self._result = result

    def mark_kept(self, result, kept):
        """The run of `result` was kept as `kept` (an engine KeptRun): if this is still its
        model, it is no longer at risk of being lost."""
        if self._result is result and self._path is None:
            self._kept = kept
            self.changed.emit()

    def save(self, path):
        """Write atomically; the file on disk stays intact when saving fails (raised)."""
        if self._network is None:
            raise ValueError("there is no model to save")
        metadata = json.loads(json.dumps(self._metadata))  # a copy save_model may not alter
        saved = engine.save_model(path, self._network, **metadata)
        self._path, self._origin = Path(saved), ""
        self._set_modified(False)
        self.changed.emit()

    def export_onnx(self, path):
        """Write the model as ONNX (atomically); raised: OSError, or engine.ExportError."""
        if self._network is None:
            raise engine.ExportError(self.tr("There is no model to export."))
        header = {**json.loads(json.dumps(self._metadata)), "engine_version": engine.__version__}
        name = Path(path).stem
        engine.export_onnx(engine.LoadedModel(self._network, header), path, source_name=name)

    def _replace(self, network, metadata, path, origin, modified):
        self._network, self._metadata, self._path, self._origin = network, metadata, path, origin
        self._result = self._kept = None
        self._iteration = None
        self._gradients = {}
        self._set_modified(modified)
        self.changed.emit()

    def _set_modified(self, modified):
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # --- reading a drawing ------------------------------------------------------------------
    def read(self, canvas_pixels):
        """(28x28 image the network sees, class index, probabilities); None parts if no ink."""
        if not engine.has_ink(canvas_pixels):
            return None, None, None
        image = engine.to_mnist(canvas_pixels)
        return (image, *self.read_image(image))

    def read_image(self, image28):
        """(class index, probabilities) for a 28x28 0-1 image, or (None, None) with no model."""
        if self._network is None:
            return None, None
        return engine.predict_digit(self._network, image28)
