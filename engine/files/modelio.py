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
from ..nn.network import ConfigError, Sequential, build_network
from .fileio import load_npz_with_header, save_npz_with_header

FORMAT = "digitlab-model"
FORMAT_VERSION = 1
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
DEFAULT_NORMALIZATION = {"input_shape": [1, 28, 28], "scale": 1 / 255, "ink": "white on black",
                         "preprocess": "mnist-20x20-com"}
# a config may not ask for more numbers than the file holds (plus slack for bias-free layers):
# this stops a forged "in": 10**6 from allocating gigabytes before the arrays are compared
SIZE_SLACK = 1_000_000
MAX_INPUT_SIZE = 1_000_000


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


# ------------------------------------------------------------------------------------- loading

def load_model(path):
    """Read, validate and rebuild a model file; every defect raises ModelFormatError."""
    path = Path(path)
    # fileio already refuses damaged zips, non-array members and over-deep JSON
    header, arrays = load_npz_with_header(path, ModelFormatError, kind="DigitLab model")
    check_header(path, header)
    model = _build(path, header["config"], arrays)
    _load_arrays(path, model, arrays)
    _check_usable(path, model, header)
    return LoadedModel(model=model, header=header)


def check_header(path, header):
    """Raise ModelFormatError unless `header` is a model header this version can read."""
    if header.get("format") != FORMAT:
        raise ModelFormatError(f"{path} is not a DigitLab model.", f"its format is "
                               f"{header.get('format')!r}, expected {FORMAT!r}")
    version = header.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelFormatError(f"{path}: format_version must be a positive integer, "
                               f"got {version!r}")
    if version > FORMAT_VERSION:
        raise ModelFormatError(f"{path}: made by a newer DigitLab (model format version "
                               f"{version}; this version reads up to {FORMAT_VERSION}): "
                               f"update DigitLab")
    for field in ("config", "dataset", "normalization", "metrics"):
        _require(path, isinstance(header.get(field, {}), dict), f"'{field}' must be a JSON object")
    _require(path, "config" in header, "the header has no network 'config'")
    _check_input_shape(path, "config input_shape", header["config"].get("input_shape"))
    _check_numbers(path, "metrics", header.get("metrics", {}))
    _check_history(path, header.get("history", []))
    _check_dataset(path, header.get("dataset", {}))
    _check_normalization(path, header.get("normalization", {}))
    for field in ("engine_version", "created"):
        _require(path, isinstance(header.get(field, ""), str), f"'{field}' must be a string")


def _require(path, condition, problem):
    if not condition:
        raise ModelFormatError(f"{path}: {problem}")


def _check_numbers(path, field, row):
    for key, value in row.items():
        _require(path, _is_number(value), f"{field}[{key!r}] must be a number, got {value!r}")


def _check_history(path, history):
    _require(path, isinstance(history, list), "'history' must be a list of report objects")
    for i, row in enumerate(history):
        _require(path, isinstance(row, dict), f"history[{i}] must be an object of numbers")
        _check_numbers(path, f"history[{i}]", row)


def _check_dataset(path, dataset):
    _require(path, isinstance(dataset.get("name", ""), str), "dataset 'name' must be a string")
    classes = dataset.get("classes", [])
    _require(path, isinstance(classes, list) and all(isinstance(c, str) for c in classes),
             "dataset 'classes' must be a list of strings")


def _check_normalization(path, normalization):
    if "input_shape" in normalization:
        _check_input_shape(path, "normalization input_shape", normalization["input_shape"])
    scale = normalization.get("scale", 1.0)
    _require(path, _is_number(scale) and math.isfinite(scale) and scale > 0,
             f"normalization scale must be a positive number, got {scale!r}")


def _check_input_shape(path, field, shape):
    _require(path, isinstance(shape, list) and 0 < len(shape) <= 4
             and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in shape),
             f"{field} must be a list of 1 to 4 positive integers, got {shape!r}")
    # the load check pushes a few inputs through the network: a forged shape must not eat memory
    _require(path, math.prod(shape) <= MAX_INPUT_SIZE,
             f"{field} {shape} has more than {MAX_INPUT_SIZE} values per input")


def _build(path, config, arrays):
    _check_config_size(path, config, arrays)
    try:
        with np.errstate(all="ignore"):  # a forged "init": 1e308 overflows the random draw
            return build_network(config)
    except ConfigError as exc:
        raise ModelFormatError(f"{path}: invalid network config: {exc}") from None
    except (TypeError, ValueError, KeyError, OverflowError, MemoryError) as exc:
        # build_network trusts its caller for the types of values such as "dtype" or "seed"
        raise ModelFormatError(f"{path}: invalid network config "
                               f"({type(exc).__name__}: {exc})") from None


def _check_config_size(path, config, arrays):
    """Refuse configs that ask for far more weights than the file stores, before allocating."""
    stored = sum(int(a.size) for a in arrays.values())
    wanted = 0
    for spec in config.get("layers", []) if isinstance(config.get("layers"), list) else []:
        if isinstance(spec, dict):
            wanted += _count(spec.get("in")) * _count(spec.get("out")) + _count(spec.get("size"))
    _require(path, wanted <= stored + SIZE_SLACK,
             f"the config asks for {wanted} weights but the file stores only {stored} numbers")


def _count(value):
    """A layer size as the builder would read it, 0 where it is not a usable number."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def _load_arrays(path, model, arrays):
    live = {**model.params(), **model.buffers()}
    missing, extra = sorted(set(live) - set(arrays)), sorted(set(arrays) - set(live))
    _require(path, not missing, f"arrays missing for this network: {', '.join(missing)}")
    _require(path, not extra, f"arrays the network does not use: {', '.join(extra)}")
    for name, target in live.items():
        _check_array(path, name, arrays[name], target)
    model.load_state_arrays(arrays)


def _check_array(path, name, array, target):
    _require(path, array.dtype in FLOAT_DTYPES,
             f"array {name} has dtype {array.dtype}; model arrays must be float32 or float64")
    _require(path, array.dtype == target.dtype,
             f"array {name} is {array.dtype} but the config says {target.dtype}")
    _require(path, array.shape == target.shape,
             f"array {name} has shape {array.shape}, the network needs {target.shape}")
    _require(path, bool(np.isfinite(array).all()), f"array {name} contains NaN or infinity")
    if name.endswith("running_var"):
        _require(path, bool((array >= 0).all()), f"array {name} (a variance) has negative values")


def _check_usable(path, model, header):
    """Run a small batch through: layers whose sizes do not chain, or blow up, are caught here."""
    shape = header["config"]["input_shape"]
    probe = np.random.default_rng(0).random((4, *shape))
    probe[0], probe[1] = 0.0, 1.0  # a blank and a fully inked input
    try:
        with np.errstate(all="ignore"):
            out = model.host_output(probe)
    except (ValueError, TypeError, IndexError) as exc:
        raise ModelFormatError(f"{path}: the layers do not fit together ({exc})") from None
    _require(path, out.ndim == 2 and out.shape[0] == 4,
             f"the network's output has shape {out.shape[1:]}, expected one row of scores")
    _require(path, bool(np.isfinite(out).all()), "the network produces NaN or infinite outputs")
    classes = header.get("dataset", {}).get("classes")
    if classes:
        _require(path, len(classes) == out.shape[1],
                 f"the dataset names {len(classes)} classes but the network has "
                 f"{out.shape[1]} outputs")


def _output_size(model):
    shape = model.config["input_shape"]
    return int(model.host_output(np.zeros((1, *shape))).shape[1])
