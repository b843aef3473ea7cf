"""Snapshots: a trainer's whole state in one .npz (arrays) with a JSON header, and back.

A file of its own format and version (``SNAPSHOT_FORMAT``); loading never runs code. A snapshot
file may have been copied, damaged or forged before it comes back, so ``load_snapshot`` checks
every value against the trainer before it changes anything: a value that cannot be right is
refused with one sentence naming the file (the technical reason in the error's ``detail``), and
the trainer is left exactly as it was. A forged value let through would train to the end and
then make the model impossible to save, losing the run.
"""
import json
import math
import reprlib

import numpy as np

from ..files.fileio import format_error, load_npz_with_header, save_npz_with_header
from ..files.modelio import FORMAT as MODEL_FORMAT
from ..messages import sentence
from ..nn.layers import Dropout
from ..nn.optimizers import OPTIMIZERS
from .hyperparameters import set_weight_decay

SNAPSHOT_FORMAT = "digitlab-snapshot"
SNAPSHOT_KIND = sentence("training snapshot")  # what such a file is, in fileio's refusals
SNAPSHOT_VERSION = 1

# Far beyond any real run (1000 epochs of MNIST at batch size 1 is 6e7 updates), yet small
# enough that no counter can overflow anything that uses it.
MAX_ITERATIONS = 10**9
MAX_SECONDS = 10 * 365 * 24 * 3600.0  # ten years of training time
# A log at least as plain as a model file's history must be (modelio): what a snapshot brings
# into a run must never make the model impossible to save at its end.
MAX_LOG_ENTRIES = 100_000  # an entry per epoch, or about ten for a run counted in iterations
MAX_REPORT_KEYS = 200  # names in one log entry; a real one has about ten
MAX_KEY_LENGTH = 200
MAX_WHOLE = 2**63  # a whole number beyond int64 measures nothing
MAX_HOOKS = 8
MAX_RATE = 10.0  # a learning-rate schedule's factor per epoch (the app uses at most 1)


class SnapshotError(ValueError):
    """A snapshot that cannot be read or does not fit the trainer; the message names the file."""


class _Invalid(Exception):
    """A value that cannot be right; its text becomes the SnapshotError's detail."""


def snapshot_contents(trainer):
    """(header, arrays): the trainer's whole state as JSON values and host copies of arrays."""
    header, arrays = _snapshot_contents(trainer)
    return _json_roundtrip(header), arrays  # detached: later training must not change it


def restore_snapshot_contents(contents, trainer):
    """Apply ``snapshot_contents`` of a run to a trainer built alike, before its ``run()``."""
    if trainer.started:
        raise RuntimeError("restore a checkpoint into a trainer before its run() starts")
    _apply_snapshot(*contents, trainer)


def save_snapshot(path, trainer):
    """Write the trainer's whole state to ``path``: arrays in the .npz, the rest as JSON."""
    header, arrays = _snapshot_contents(trainer)
    save_npz_with_header(path, arrays, header)


def os_error_reason(exc):
    """What the system said about a failed read or write, for the middle of a sentence:
    "no space left on device", never the temporary file's name or an errno."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason


def _snapshot_contents(trainer):
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    arrays = {f"model/{name}": a for name, a in model.state_arrays().items()}
    arrays.update({f"optimizer/{name}": a for name, a in optimizer.state_arrays().items()})
    header = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "network": model.config or {},
        "optimizer": optimizer.config(),
        "updater": updater.state_dict(),
        "trainer": trainer.state_dict(),
        "extensions": {name: ext.state_dict() for name, ext in trainer.extensions()
                       if hasattr(ext, "state_dict")},
        "dropout_rng": {str(i): _json_able(layer.rng.bit_generator.state)
                        for i, layer in _dropout_layers(model)},
    }
    return header, arrays


def _dropout_layers(model):
    return [(i, layer) for i, layer in enumerate(model.layers) if isinstance(layer, Dropout)]


def _json_able(value):
    # PCG64's state is plain ints; other bit generators keep NumPy arrays in theirs
    if isinstance(value, dict):
        return {key: _json_able(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _json_roundtrip(value):
    return json.loads(json.dumps(value))


# --- loading ------------------------------------------------------------------------------------

def load_snapshot(path, trainer):
    """Restore a trainer (before ``run()``) from ``path``, so that training continues exactly.

    Raises SnapshotError naming the file when it is unreadable, damaged, forged or does not
    fit this trainer; the trainer is then left exactly as it was.
    """
    if trainer.started:
        raise RuntimeError("load a snapshot into a trainer before its run() starts")
    # fileio refuses what is not a regular file, zip bombs, and headers that are not JSON
    header, arrays = load_npz_with_header(path, SnapshotError, kind=SNAPSHOT_KIND)
    _check_snapshot(path, header, arrays, trainer)
    backup = _snapshot_contents(trainer)
    try:
        _apply_snapshot(header, arrays, trainer)
    except Exception as exc:  # noqa: BLE001 - whatever still does not fit, undo what was applied
        _apply_snapshot(*backup, trainer)
        raise _refuse(sentence("{path} does not fit this training run.", path=path),
                      f"{type(exc).__name__}: {exc}") from None


def _refuse(said, detail=None):
    """A SnapshotError saying ``said``, a sentence naming the file."""
    return format_error(SnapshotError, said, detail)


def _damaged(path, part, detail):
    """The file refused as damaged in ``part`` (a sentence: "optimizer state")."""
    return _refuse(sentence("{path} is damaged: its {part} cannot be used.", path=path,
                            part=part), detail)


def _check_part(path, part, check, *args):
    """Run ``check(*args)``; a value it finds wrong refuses the file as damaged in ``part``."""
    try:
        return check(*args)
    except _Invalid as exc:
        raise _damaged(path, part, str(exc)) from None


REQUIRED_KEYS = ("network", "optimizer", "updater", "trainer", "extensions", "dropout_rng")


def _check_snapshot(path, header, arrays, trainer):
    """Every value checked before anything is changed, each refusal a sentence to act on."""
    _check_kind(path, header)
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    _check_network(path, header["network"], model)
    live_arrays = {name: (tuple(a.shape), a.dtype) for name, a in {**model.params(),
                                                                    **model.buffers()}.items()}
    _check_arrays(path, _section(arrays, "model/"), live_arrays, sentence("weights"),
                  sentence("weights"))
    _check_optimizer(path, header["optimizer"], _section(arrays, "optimizer/"), optimizer,
                     model)
    iteration = _check_position(path, header["updater"], header["trainer"], updater)
    _check_extensions(path, header["extensions"], trainer, iteration)
    _check_part(path, sentence("dropout random state"), _check_dropout_rngs,
                header["dropout_rng"], model)


def _section(arrays, prefix):
    return {name[len(prefix):]: a for name, a in arrays.items() if name.startswith(prefix)}


def _check_kind(path, header):
    kind = header.get("format")
    if kind == MODEL_FORMAT:
        raise _refuse(sentence("{path} is a saved model, not a training snapshot: resume from "
                               "a snapshot that a training run wrote.", path=path),
                      f"its format is {kind!r}")
    if kind != SNAPSHOT_FORMAT:
        raise _refuse(sentence("{path} is not a training snapshot.", path=path),
                      f"its format is {_shown(kind)}")
    version = header.get("version")
    if version != SNAPSHOT_VERSION:
        raise _refuse(sentence("{path} was written by another DigitLab (snapshot version "
                               "{version}; this one reads version {own}).", path=path,
                               version=_shown(version), own=SNAPSHOT_VERSION))
    missing = [key for key in REQUIRED_KEYS if not isinstance(header.get(key), dict)]
    if missing:
        raise _refuse(sentence("{path} is not a complete training snapshot.", path=path),
                      f"the header lacks {', '.join(missing)}")


def _check_network(path, network, model):
    own = _json_roundtrip(model.config or {})
    for key in ("layers", "loss"):
        if network.get(key) != own.get(key):
            raise _refuse(sentence("{path} is a snapshot of a different network: resume with "
                                   "the same network settings as the run that wrote it.",
                                   path=path),
                          f"its {key} differ from this model's")


def _check_arrays(path, arrays, live, part, what):
    """``arrays`` has exactly the names and shapes of ``live`` ({name: (shape, dtype)}), as
    floats that stay finite in the live dtype; ``part`` and ``what`` (sentences) name them in a
    refusal."""
    _check_part(path, part, _check_array_layout, arrays, live)
    for name, array in arrays.items():
        with np.errstate(over="ignore"):  # 1e39 is finite in float64, not once in float32
            finite = np.isfinite(array.astype(live[name][1], copy=False)).all()
        if not finite:
            raise _refuse(sentence("{path} holds {what} that are not finite numbers (NaN or "
                                   "infinity), so training cannot go on from it.", path=path,
                                   what=what),
                          f"array {name} has non-finite values")


def _check_array_layout(arrays, live):
    if set(arrays) != set(live):
        raise _Invalid(f"arrays {_shown(sorted(arrays))} do not match {_shown(sorted(live))}")
    for name, array in arrays.items():
        if array.shape != live[name][0]:
            raise _Invalid(f"array {name} has shape {array.shape}, not {live[name][0]}")
        if array.dtype.kind != "f":
            raise _Invalid(f"array {name} holds {array.dtype}, not floating-point numbers")


# --- the optimizer ------------------------------------------------------------------------------

# (least, most, whether the least itself is allowed) of each optimizer hyperparameter
HYPER_RANGES = {"lr": (0.0, math.inf, False), "momentum": (0.0, 1.0, True),
                "decay_rate": (0.0, 1.0, True), "beta1": (0.0, 1.0 - 1e-12, True),
                "beta2": (0.0, 1.0 - 1e-12, True), "eps": (0.0, 1.0, False)}
HOOK_VALUES = {"WeightDecay": ("rate", 0.0, True), "GradientClipping": ("max_norm", 0.0, False)}


def _check_optimizer(path, config, slots, optimizer, model):
    saved, own = config.get("type"), type(optimizer).__name__
    if saved != own:
        if saved not in [cls.__name__ for cls in OPTIMIZERS.values()]:  # a list: may be any JSON
            raise _damaged(path, sentence("optimizer"), f"unknown optimizer type {_shown(saved)}")
        raise _refuse(sentence("{path} was written by a run with optimizer {saved}, not {own}: "
                               "resume with the same optimizer.", path=path, saved=saved, own=own))
    _check_part(path, sentence("optimizer state"), _check_optimizer_values, config, optimizer)
    params = model.params()
    if slots:  # none before the first update
        live = {f"{slot}/{name}": (tuple(p.shape), p.dtype)
                for slot in optimizer.slot_names for name, p in params.items()}
        _check_arrays(path, slots, live, sentence("optimizer state"),
                      sentence("optimizer values"))


def _check_optimizer_values(config, optimizer):
    _whole(config.get("t"), 0, MAX_ITERATIONS, "the optimizer's step count")
    for name in optimizer.hyper_names:
        least, most, closed = HYPER_RANGES.get(name, (-math.inf, math.inf, True))
        _number(config.get(name), least, most, closed, f"optimizer {name}")
    hooks = config.get("hooks", [])
    if not isinstance(hooks, list) or len(hooks) > MAX_HOOKS:
        raise _Invalid(f"hooks must be a list of at most {MAX_HOOKS}, not {_shown(hooks)}")
    for hook in hooks:
        kind = hook.get("type") if isinstance(hook, dict) else None
        if not isinstance(kind, str) or kind not in HOOK_VALUES:
            raise _Invalid(f"unknown optimizer hook {_shown(hook)}")
        key, least, closed = HOOK_VALUES[kind]
        _number(hook.get(key), least, math.inf, closed, f"{kind} {key}")


def _saved_weight_decay(config):
    rates = [hook["rate"] for hook in config.get("hooks", []) if hook["type"] == "WeightDecay"]
    return float(rates[0]) if rates else 0.0


# --- where training stands: the iterator and the trainer's counters -----------------------------

def _check_position(path, updater_state, trainer_state, updater):
    """The saved counters, consistent with each other and with this run's data; returns the
    iteration."""
    live = updater.iterator.state_dict()
    state = updater_state.get("iterator")
    if isinstance(state, dict):
        _check_same_data(path, state, live)
    part = sentence("training position")
    iteration = _check_part(path, part, _check_iterator, state, live)
    _check_part(path, part, _check_trainer_state, trainer_state, state)
    return iteration


def _check_same_data(path, state, live):
    batch_size = state.get("batch_size")
    if _is_whole(batch_size) and batch_size != live["batch_size"]:
        raise _refuse(sentence("{path} was written by a run with batch size {saved}, not "
                               "{own}: resume with the same batch size.", path=path,
                               saved=batch_size, own=live["batch_size"]))
    size = state.get("size")
    if _is_whole(size) and size != live["size"]:
        raise _refuse(sentence("{path} was written by a run on {saved} training images, not "
                               "{own}: resume with the same dataset.", path=path, saved=size,
                               own=live["size"]))


def _check_iterator(state, live):
    if not isinstance(state, dict):
        raise _Invalid(f"the iterator state is {_shown(state)}")
    for key in ("version", "size", "batch_size", "shuffle", "repeat"):
        if state.get(key) != live[key] or type(state.get(key)) is not type(live[key]):
            raise _Invalid(f"iterator {key} is {_shown(state.get(key))}, not {live[key]!r}")
    iteration = _whole(state.get("iteration"), 0, MAX_ITERATIONS, "iteration")
    epoch = _whole(state.get("epoch"), 0, MAX_ITERATIONS, "epoch")
    position = _whole(state.get("position"), 0, live["size"] - 1, "position")
    if not isinstance(state.get("is_new_epoch"), bool):
        raise _Invalid(f"is_new_epoch is {_shown(state.get('is_new_epoch'))}")
    per_epoch = math.ceil(live["size"] / live["batch_size"])
    expected = (iteration // per_epoch, iteration % per_epoch * live["batch_size"],
                iteration > 0 and iteration % per_epoch == 0)
    if (epoch, position, state["is_new_epoch"]) != expected:
        raise _Invalid(f"iteration {iteration} means (epoch, position, is_new_epoch) "
                       f"{expected}, not {(epoch, position, state['is_new_epoch'])}")
    _check_rng_state(state.get("rng_state"), "the shuffling generator")
    if "transform" in live and "transform" in state:
        _check_rng_state(state["transform"], "the augmentation generator")
    return iteration


def _check_trainer_state(trainer_state, iterator_state):
    for key in ("iteration", "epoch"):
        if trainer_state.get(key) != iterator_state[key] or not _is_whole(trainer_state.get(key)):
            raise _Invalid(f"the trainer's {key} {_shown(trainer_state.get(key))} is not the "
                           f"iterator's {iterator_state[key]}")
    _number(trainer_state.get("elapsed_time"), 0.0, MAX_SECONDS, True, "elapsed_time")


# --- extensions and random generators -----------------------------------------------------------

def _check_extensions(path, states, trainer, iteration):
    for name, extension in trainer.extensions():
        if not hasattr(extension, "load_state_dict"):
            continue
        if name not in states:
            if extension.state_dict() and not _state_is_optional(extension):
                raise _refuse(sentence("{path} lacks the state of this run's {name}, so the run "
                                       "cannot go on from it.", path=path, name=name),
                              f"the snapshot has no state for extension {name!r}")
            continue
        kind = getattr(extension, "state_kind", None)
        part, check = STATE_CHECKS[kind] if kind in STATE_CHECKS else (
            sentence("{name} state", name=name), _check_plain_state)
        _check_part(path, part, check, states[name], iteration)


def _check_plain_state(state, iteration):
    if not isinstance(state, dict):
        raise _Invalid(f"the state is {_shown(state)}, not an object")


def _check_log_state(state, iteration):
    _check_plain_state(state, iteration)
    log, sums, counts = state.get("log"), state.get("sums"), state.get("counts")
    if not isinstance(log, list) or len(log) > min(iteration, MAX_LOG_ENTRIES):
        raise _Invalid(f"the log must be a list of at most {min(iteration, MAX_LOG_ENTRIES)} "
                       f"entries")
    last = (-1, -1)
    for i, entry in enumerate(log):
        _check_report(entry, f"log entry {i}")
        here = (_whole(entry.get("epoch"), 0, MAX_ITERATIONS, f"log entry {i} epoch"),
                _whole(entry.get("iteration"), 1, iteration, f"log entry {i} iteration"))
        if here[0] < last[0] or here[1] <= last[1]:
            raise _Invalid(f"log entry {i} at (epoch, iteration) {here} comes after {last}")
        last = here
    _check_report(sums, "the running sums")
    if not isinstance(counts, dict) or set(counts) != set(sums):
        raise _Invalid("the running counts do not match the running sums")
    for key, count in counts.items():
        _whole(count, 1, MAX_ITERATIONS, f"the count of {key}")


def _check_report(report, what):
    """A flat object of finite numbers under short names, as LogReport writes."""
    if not isinstance(report, dict) or len(report) > MAX_REPORT_KEYS:
        raise _Invalid(f"{what} must be an object of at most {MAX_REPORT_KEYS} numbers")
    for key, value in report.items():
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise _Invalid(f"{what} has a name of {len(key)} characters or control characters")
        _number(value, -math.inf, math.inf, True, f"{what} {key[:40]!r}")


def _check_schedule_state(state, iteration):
    _check_plain_state(state, iteration)
    _whole(state.get("count"), 0, MAX_ITERATIONS, "the schedule's count")
    if "rate" in state:
        _number(state["rate"], 0.0, MAX_RATE, False, "the schedule's rate")


# an extension's ``state_kind`` -> (what a student calls it, the check of its state)
STATE_CHECKS = {"log": (sentence("training log"), _check_log_state),
                "schedule": (sentence("learning-rate schedule"), _check_schedule_state)}


def _check_dropout_rngs(states, model):
    expected = {str(i) for i, _ in _dropout_layers(model)}
    if set(states) != expected:
        raise _Invalid(f"dropout layers {_shown(sorted(states))} in the snapshot, "
                       f"{sorted(expected)} in the network")
    for index, state in states.items():
        _check_rng_state(state, f"dropout layer {index}'s generator")


PCG64_KEYS = {"bit_generator", "state", "has_uint32", "uinteger"}


def _check_rng_state(state, what):
    """A PCG64 state as NumPy gives it; NumPy itself has the last word, on a scratch generator."""
    if not isinstance(state, dict) or set(state) != PCG64_KEYS \
            or state["bit_generator"] != "PCG64" or not isinstance(state["state"], dict) \
            or set(state["state"]) != {"state", "inc"}:
        raise _Invalid(f"{what} is not a PCG64 state: {_shown(state)}")
    for key in ("state", "inc"):
        _whole(state["state"][key], 0, 2**128 - 1, f"{what} {key}")
    _whole(state["has_uint32"], 0, 1, f"{what} has_uint32")
    _whole(state["uinteger"], 0, 2**32 - 1, f"{what} uinteger")
    try:
        np.random.PCG64().state = state
    except (TypeError, ValueError, KeyError, OverflowError) as exc:
        raise _Invalid(f"{what}: {exc}") from None


# --- single values ------------------------------------------------------------------------------

def _is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _whole(value, least, most, what):
    if not _is_whole(value) or not least <= value <= most:
        raise _Invalid(f"{what} must be a whole number from {least} to {most}, "
                       f"not {_shown(value)}")
    return value


def _number(value, least, most, least_allowed, what):
    is_number = isinstance(value, float) or _is_whole(value) and abs(value) < MAX_WHOLE
    if not is_number or not math.isfinite(value) or value > most \
            or not (value >= least if least_allowed else value > least):
        bound = ">=" if least_allowed else ">"
        raise _Invalid(f"{what} must be a finite number {bound} {least} and <= {most}, "
                       f"not {_shown(value)}")
    return float(value)


def _shown(value):
    """A value for a detail line: short whatever the file held."""
    return reprlib.repr(value)


# --- applying -----------------------------------------------------------------------------------

def _apply_snapshot(header, arrays, trainer):
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    model.load_state_arrays(_section(arrays, "model/"))
    optimizer.load_state(header["optimizer"], _section(arrays, "optimizer/"), model.params())
    # the weight decay is a hook, which load_state leaves alone: it is a setting of the run
    # the snapshot continues, as the learning rate is
    set_weight_decay(optimizer, _saved_weight_decay(header["optimizer"]))
    updater.load_state_dict(header["updater"])
    trainer.load_state_dict(header["trainer"])
    if int(header["trainer"]["iteration"]) != updater.iteration:
        raise ValueError(sentence("the trainer was at iteration {trainer} but its iterator at "
                                  "{iterator}", trainer=header["trainer"]["iteration"],
                                  iterator=updater.iteration))
    _apply_extension_states(header["extensions"], trainer)
    _apply_dropout_rngs(header["dropout_rng"], model)


def _apply_extension_states(states, trainer):
    for name, extension in trainer.extensions():
        if not hasattr(extension, "load_state_dict"):
            continue
        if name in states:
            extension.load_state_dict(states[name])
        elif extension.state_dict() and not _state_is_optional(extension):
            raise KeyError(sentence("the snapshot has no state for extension {name}",
                                    name=repr(name)))


def _state_is_optional(extension):
    return getattr(extension, "state_is_optional", lambda: False)()


def _apply_dropout_rngs(states, model):
    layers = dict(_dropout_layers(model))
    if set(states) != {str(i) for i in layers}:
        raise ValueError(sentence("dropout layers {saved} in the snapshot, {built} in the network",
                                  saved=sorted(states), built=sorted(layers)))
    for index, state in states.items():
        layers[int(index)].rng.bit_generator.state = state
