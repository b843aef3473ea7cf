"""Model files: a network's arrays plus one JSON header in an .npz, never a pickle.

Layout (written by `save_model`, read by `load_model`)::

    "0.W", "0.b", "1.gamma", "1.running_mean", ...   float32/float64 arrays (state_arrays())
    "__header__"                                      UTF-8 JSON bytes (see fileio.py)

    header = {"format": "digitlab-model", "format_version": 1,
              "config": {...network config...}, "dataset": {"name": "mnist", "classes": [...]},
              "normalization": {"input_shape": [1, 28, 28], "scale": 1/255,
                                "ink": "white on black", "preprocess": "mnist-20x20-com"},
              "metrics": {"test_accuracy": 0.97}, "history": [{"epoch": 1, "main/loss": 0.3}],
              "engine_version": "0.1.0", "created": "2024-01-01T00:00:00+00:00", "extra": {...}}

A model file is untrusted input (users share them): `load_model` checks every field and array
and turns each defect into a `ModelFormatError` naming the file and the problem. Reading never
executes code: arrays are loaded with allow_pickle=False and the network is rebuilt from its
config by `build_network`, which only knows a fixed list of layer types.
"""
import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._version import __version__
from ..messages import message_of, sentence
from ..nn.network import (
    MAX_INPUT_VALUES,
    ConfigError,
    Sequential,
    build_network,
    network_cost,
    quoted,
)
from .fileio import load_npz_with_header, save_npz_with_header

FORMAT = "digitlab-model"
FORMAT_VERSION = 1
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
DEFAULT_NORMALIZATION = {"input_shape": [1, 28, 28], "scale": 1 / 255, "ink": "white on black",
                         "preprocess": "mnist-20x20-com"}
# a config may not ask for more numbers than the file holds (plus slack, so that a near miss
# is reported array by array): a forged "in": 10**6 allocates nothing
SIZE_SLACK = 1_000_000
# text from a file that the window shows, and lists it walks: far above any real model's
MAX_CLASSES = 1000
MAX_CLASS_NAME = 100
MAX_SHORT_TEXT = 200  # engine_version, created, dataset name, metric names...
MAX_ENTRIES = 1000  # metrics, or one history row
MAX_HISTORY = 100_000  # history rows: an epoch each, or a few per epoch
KIND = sentence("DigitLab model")  # what fileio's sentences say the file should have been


class ModelFormatError(ValueError):
    """A model file that cannot be loaded; the message names the file and the problem.

    ``detail`` is the technical reason (or None) for a "Show details" button: the message
    itself stays one plain sentence a student can act on.
    """

    def __init__(self, message, detail=None):
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True, eq=False)
class LoadedModel:
    """A network rebuilt from a model file, with the file's header (plain JSON values)."""

    model: Sequential
    header: dict

    @property
    def metrics(self):
        return self.header.get("metrics", {})

    @property
    def history(self):
        return self.header.get("history", [])

    @property
    def dataset(self):
        return self.header.get("dataset", {})

    @property
    def normalization(self):
        return self.header.get("normalization", {})

    @property
    def class_names(self):
        """The dataset's class names, or the output indices as strings when none were saved."""
        classes = self.dataset.get("classes")
        if classes:
            return list(classes)
        return [str(i) for i in range(_output_size(self.model))]


# ------------------------------------------------------------------------------------- saving

def save_model(path, model, *, dataset=None, metrics=None, history=None, normalization=None,
               extra=None):
    """Write `model` (a Sequential built from a config) to `path` atomically.

    dataset: {"name": ..., "classes": [...]}; metrics: {name: number}; history: list of flat
    report dicts {name: number}; normalization: overrides of DEFAULT_NORMALIZATION; extra: any
    JSON-able dict stored under "extra". Numbers may be Python or NumPy scalars.
    A failure while writing leaves an existing file at `path` untouched.
    """
    path = Path(path)
    if not isinstance(getattr(model, "config", None), dict):
        raise TypeError(f"{path}: the model has no config dict (build it with build_network)")
    normalization = {**DEFAULT_NORMALIZATION, "input_shape": model.config.get("input_shape"),
                     **_plain_dict(path, "normalization", normalization or {})}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": model.config,
        "dataset": _plain_dict(path, "dataset", dataset or {}),
        "normalization": normalization,
        "metrics": _numbers_dict(path, "metrics", metrics or {}),
        "history": [_numbers_dict(path, f"history[{i}]", row)
                    for i, row in enumerate(history or [])],
        "engine_version": __version__,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if extra is not None:
        header["extra"] = _plain_dict(path, "extra", extra)
    try:  # check exactly what load_model will see: tuples become lists, and so on
        header = json.loads(json.dumps(header))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: the header is not JSON-serialisable ({exc})") from None
    arrays = model.state_arrays()
    # refuse to write what load_model would refuse to read, e.g. weights gone NaN
    check_header(path, header)
    for name, array in arrays.items():
        _check_array(path, name, array, array)
    _check_usable(path, model, header)
    save_npz_with_header(path, arrays, header)
    return path


def record_in_model(path, metrics=None, extra=None):
    """Add measurements to a model file's header, the weights and the rest untouched: e.g. its
    accuracy on a test set it was not trained with. ``metrics`` are numbers merged into
    "metrics", ``extra`` JSON values merged into "extra". Written atomically."""
    loaded = load_model(path)
    header = json.loads(json.dumps(loaded.header))  # a copy of exactly what was read
    header["metrics"] = {**header.get("metrics", {}),
                         **_numbers_dict(path, "metrics", metrics or {})}
    header["extra"] = {**header.get("extra", {}), **_plain_dict(path, "extra", extra or {})}
    try:
        header = json.loads(json.dumps(header))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: the header is not JSON-serialisable ({exc})") from None
    check_header(path, header)
    save_npz_with_header(path, loaded.model.state_arrays(), header)
    return path


def _plain_dict(path, field, value):
    if not isinstance(value, dict):
        raise TypeError(f"{path}: {field} must be a dict, got {type(value).__name__}")
    return value


def _numbers_dict(path, field, row):
    """Report values as Python numbers: JSON cannot hold NumPy scalars."""
    _plain_dict(path, field, row)
    clean = {}
    for key, value in row.items():
        if not _is_number(value) and not isinstance(value, (np.integer, np.floating)):
            raise ValueError(f"{path}: {field}[{key!r}] must be a number, got {value!r}")
        clean[str(key)] = int(value) if isinstance(value, (int, np.integer)) else float(value)
    return clean


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


# ------------------------------------------------------------------------------------- loading

def load_model(path):
    """Read, validate and rebuild a model file; every defect raises ModelFormatError."""
    path = Path(path)
    # fileio already refuses damaged zips, non-array members and over-deep JSON
    header, arrays = load_npz_with_header(path, ModelFormatError, kind=KIND)
    check_header(path, header)
    model = _build(path, header["config"], arrays)
    _load_arrays(path, model, arrays)
    _check_usable(path, model, header)
    return LoadedModel(model=model, header=header)


def check_header(path, header):
    """Raise ModelFormatError unless `header` is a model header this version can read."""
    if header.get("format") != FORMAT:
        raise ModelFormatError(sentence("{path} is not a DigitLab model.", path=path),
                               f"its format is {quoted(header.get('format'))}, "
                               f"expected {FORMAT!r}")
    version = header.get("format_version")
    _require(path, _is_integer(version) and version >= 1,
             sentence("its format_version must be a positive integer, not {value}",
                      value=quoted(version)))
    if version > FORMAT_VERSION:
        raise ModelFormatError(sentence("{path} was made by a newer DigitLab (model format "
                                        "version {version}; this version reads up to "
                                        "{readable}): update DigitLab to open it.", path=path,
                                        version=quoted(version), readable=FORMAT_VERSION))
    for field in ("config", "dataset", "normalization", "metrics"):
        _require(path, isinstance(header.get(field, {}), dict),
                 sentence("'{field}' must be a JSON object", field=field))
    _require(path, "config" in header, sentence("the header has no network 'config'"))
    _check_input_shape(path, "config input_shape", header["config"].get("input_shape"))
    _check_numbers(path, "metrics", header.get("metrics", {}))
    _check_history(path, header.get("history", []))
    _check_dataset(path, header.get("dataset", {}))
    _check_normalization(path, header.get("normalization", {}))
    for field in ("engine_version", "created"):
        _check_text(path, f"'{field}'", header.get(field, ""), MAX_SHORT_TEXT)


def _require(path, condition, problem):
    """A defect as one sentence naming the file; `problem` is our own words (a `sentence`),
    never the text of a Python exception (that goes in the error's detail)."""
    if not condition:
        raise _unusable(path, problem)


def _unusable(path, problem, detail=None):
    return ModelFormatError(sentence("{path} is not a usable DigitLab model: {problem}.",
                                     path=path, problem=problem), detail)


def _check_numbers(path, field, row):
    _require(path, len(row) <= MAX_ENTRIES,
             sentence("{field} has {count:,} entries; at most {limit:,}", field=field,
                      count=len(row), limit=MAX_ENTRIES))
    for key, value in row.items():
        _check_text(path, sentence("{field} name", field=field), key, MAX_SHORT_TEXT)
        _require(path, _is_number(value) and (isinstance(value, float) or abs(value) < 2**63),
                 sentence("{field}[{key}] must be a number, not {value}", field=field,
                          key=quoted(key), value=quoted(value)))


def _check_history(path, history):
    _require(path, isinstance(history, list),
             sentence("'history' must be a list of report objects"))
    _require(path, len(history) <= MAX_HISTORY,
             sentence("its history has {count:,} rows; at most {limit:,}", count=len(history),
                      limit=MAX_HISTORY))
    for i, row in enumerate(history):
        _require(path, isinstance(row, dict),
                 sentence("history[{index}] must be an object of numbers", index=i))
        _check_numbers(path, f"history[{i}]", row)


def _check_dataset(path, dataset):
    _check_text(path, sentence("the dataset name"), dataset.get("name", ""), MAX_SHORT_TEXT)
    classes = dataset.get("classes", [])
    _require(path, isinstance(classes, list) and all(isinstance(c, str) for c in classes),
             sentence("dataset 'classes' must be a list of strings"))
    _require(path, len(classes) <= MAX_CLASSES,
             sentence("it names {count:,} classes; at most {limit:,}", count=len(classes),
                      limit=MAX_CLASSES))
    a_class_name = sentence("a class name")
    for name in classes:
        _check_text(path, a_class_name, name, MAX_CLASS_NAME)


def _check_text(path, field, text, limit):
    """Text the window shows: a string of printable characters of sane length. `field` names
    it: a key from the file ("'created'"), or our words as a `sentence` ("a class name")."""
    _require(path, isinstance(text, str), sentence("{field} must be a string", field=field))
    _require(path, len(text) <= limit,
             sentence("{field} is {count:,} characters long; at most {limit}", field=field,
                      count=len(text), limit=limit))
    _require(path, text.isprintable(), sentence("{field} {text} holds control characters",
                                                field=field, text=quoted(text)))


def _check_normalization(path, normalization):
    if "input_shape" in normalization:
        _check_input_shape(path, "normalization input_shape", normalization["input_shape"])
    scale = normalization.get("scale", 1.0)
    _require(path, _is_number(scale) and math.isfinite(scale) and scale > 0,
             sentence("its normalization scale must be a positive number, not {value}",
                      value=quoted(scale)))
    for field in ("ink", "preprocess"):
        _check_text(path, f"normalization '{field}'", normalization.get(field, ""),
                    MAX_SHORT_TEXT)


def _check_input_shape(path, field, shape):
    _require(path, isinstance(shape, list) and 0 < len(shape) <= 4
             and all(_is_integer(n) and n > 0 for n in shape),
             sentence("its {field} must be a list of 1 to 4 positive integers, not {value}",
                      field=field, value=quoted(shape)))
    # the load check pushes a few inputs through the network: a forged shape must not eat memory
    _require(path, math.prod(shape) <= MAX_INPUT_VALUES,
             sentence("its {field} {value} has more than {limit:,} values per input",
                      field=field, value=quoted(shape), limit=MAX_INPUT_VALUES))


def _build(path, config, arrays):
    """The network of `config`, once its sizes are known to be sane and no larger than what
    the file stores: nothing is allocated for a config that asks for too much."""
    try:
        cost = network_cost(config)
    except ConfigError as exc:  # its sentence, when it has one, is translated with ours
        raise _unusable(path, message_of(exc)) from None
    stored = sum(int(a.size) for a in arrays.values())
    _require(path, cost.parameters + cost.buffers <= stored + SIZE_SLACK,
             sentence("its network needs {needed:,} numbers but the file stores only "
                      "{stored:,}", needed=cost.parameters + cost.buffers, stored=stored))
    try:
        with np.errstate(all="ignore"):  # a large "init" may overflow float32
            return build_network(config)
    except (ConfigError, TypeError, ValueError, KeyError, OverflowError, MemoryError) as exc:
        # network_cost checked every value; this is a safety net with a sentence
        raise _unusable(path, sentence("its network cannot be built"),
                        f"{type(exc).__name__}: {exc}") from None


def _load_arrays(path, model, arrays):
    live = {**model.params(), **model.buffers()}
    missing, extra = sorted(set(live) - set(arrays)), sorted(set(arrays) - set(live))
    _require(path, not missing, sentence("arrays are missing for its network: {names}",
                                         names=_names(missing)))
    _require(path, not extra, sentence("it holds arrays its network does not use: {names}",
                                       names=_names(extra)))
    for name, target in live.items():
        _check_array(path, name, arrays[name], target)
    model.load_state_arrays(arrays)


def _names(names, limit=10):
    shown = ", ".join(quoted(name, 40) for name in names[:limit])
    if len(names) <= limit:
        return shown
    return sentence("{names} and {count} more", names=shown, count=len(names) - limit)


def _check_array(path, name, array, target):
    _require(path, array.dtype in FLOAT_DTYPES,
             sentence("array {name} has dtype {dtype}; model arrays must be float32 or float64",
                      name=name, dtype=array.dtype))
    _require(path, array.dtype == target.dtype,
             sentence("array {name} is {dtype} but the config says {needed}", name=name,
                      dtype=array.dtype, needed=target.dtype))
    _require(path, array.shape == target.shape,
             sentence("array {name} has shape {shape}, the network needs {needed}", name=name,
                      shape=array.shape, needed=target.shape))
    _require(path, bool(np.isfinite(array).all()),
             sentence("array {name} contains NaN or infinity", name=name))
    if name.endswith("running_var"):
        _require(path, bool((array >= 0).all()),
                 sentence("array {name} (a variance) has negative values", name=name))


def _check_usable(path, model, header):
    """Run a small batch through: weights that blow up are caught here. network_cost has
    checked that the layers chain and that four examples cost little."""
    shape = header["config"]["input_shape"]
    probe = np.random.default_rng(0).random((4, *shape))
    probe[0], probe[1] = 0.0, 1.0  # a blank and a fully inked input
    try:
        with np.errstate(all="ignore"):
            out = model.host_output(probe)
    except (ValueError, TypeError, IndexError) as exc:
        raise _unusable(path, sentence("its layers do not fit together"),
                        f"{type(exc).__name__}: {exc}") from None
    _require(path, out.ndim == 2 and out.shape[0] == 4,
             sentence("its network's output has shape {shape}, expected one row of scores",
                      shape=out.shape[1:]))
    _require(path, bool(np.isfinite(out).all()),
             sentence("its network produces NaN or infinite outputs"))
    classes = header.get("dataset", {}).get("classes")
    if classes:
        _require(path, len(classes) == out.shape[1],
                 sentence("the dataset names {count} classes but the network has {outputs} "
                          "outputs", count=len(classes), outputs=out.shape[1]))


def _output_size(model):
    shape = model.config["input_shape"]
    return int(model.host_output(np.zeros((1, *shape))).shape[1])
