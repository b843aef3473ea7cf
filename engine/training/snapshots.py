"""Snapshots: a trainer's whole state in one .npz (arrays) with a JSON header, and back.

A file of its own format and version (``SNAPSHOT_FORMAT``); loading never runs code.
"""
import json

import numpy as np

from ..files.fileio import load_npz_with_header, save_npz_with_header
from ..nn.layers import Dropout

SNAPSHOT_FORMAT = "digitlab-snapshot"
SNAPSHOT_VERSION = 1


class SnapshotError(ValueError):
    """A snapshot that cannot be read or does not fit the trainer; the message names the file."""



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


def load_snapshot(path, trainer):
    """Restore a trainer (before ``run()``) from ``path``, so that training continues exactly.

    Raises SnapshotError naming the file when it is unreadable or does not fit this trainer;
    the trainer is then left exactly as it was.
    """
    if trainer.started:
        raise RuntimeError("load a snapshot into a trainer before its run() starts")
    header, arrays = load_npz_with_header(path, SnapshotError, kind="training snapshot")
    _check_snapshot(path, header, arrays, trainer)
    backup = _snapshot_contents(trainer)
    try:
        _apply_snapshot(header, arrays, trainer)
    except Exception as exc:  # noqa: BLE001 - whatever does not fit, undo what was applied
        _apply_snapshot(*backup, trainer)
        raise SnapshotError(f"{path}: does not fit this trainer ({type(exc).__name__}: {exc})") \
            from None


REQUIRED_KEYS = ("network", "optimizer", "updater", "trainer", "extensions", "dropout_rng")


def _check_snapshot(path, header, arrays, trainer):
    """Cheap checks before anything is changed, each with a message a user can act on."""
    if header.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f"{path}: not a training snapshot (format {header.get('format')!r})")
    if header.get("version") != SNAPSHOT_VERSION:
        raise SnapshotError(f"{path}: snapshot version {header.get('version')!r} is not supported "
                            f"(this DigitLab reads version {SNAPSHOT_VERSION})")
    missing = [key for key in REQUIRED_KEYS if not isinstance(header.get(key), dict)]
    if missing:
        raise SnapshotError(f"{path}: the header lacks {', '.join(missing)}")
    model = trainer.updater.model
    for key in ("layers", "loss"):
        if header["network"].get(key) != _json_roundtrip((model.config or {}).get(key)):
            raise SnapshotError(f"{path}: the snapshot was taken from a different network "
                                f"(its {key} differ from this model's)")
    saved = {name[len("model/"):]: a for name, a in arrays.items() if name.startswith("model/")}
    live = model.state_arrays()
    if set(saved) != set(live):
        raise SnapshotError(f"{path}: model arrays {sorted(saved)} do not match the network's "
                            f"{sorted(live)}")
    for name, array in saved.items():
        if array.shape != live[name].shape:
            raise SnapshotError(f"{path}: model array {name} has shape {array.shape}, "
                                f"the network needs {live[name].shape}")
    saved_type = header["optimizer"].get("type")
    own_type = trainer.updater.optimizer.config().get("type")
    if saved_type != own_type:
        raise SnapshotError(f"{path}: the snapshot used optimizer {saved_type}, "
                            f"this trainer uses {own_type}")


def _json_roundtrip(value):
    return json.loads(json.dumps(value))


def _apply_snapshot(header, arrays, trainer):
    updater = trainer.updater
    model, optimizer = updater.model, updater.optimizer
    model.load_state_arrays({name[len("model/"):]: a for name, a in arrays.items()
                             if name.startswith("model/")})
    optimizer.load_state(header["optimizer"],
                         {name[len("optimizer/"):]: a for name, a in arrays.items()
                          if name.startswith("optimizer/")}, model.params())
    updater.load_state_dict(header["updater"])
    trainer.load_state_dict(header["trainer"])
    if int(header["trainer"]["iteration"]) != updater.iteration:
        raise ValueError(f"the trainer was at iteration {header['trainer']['iteration']} but its "
                         f"iterator at {updater.iteration}")
    _apply_extension_states(header["extensions"], trainer)
    _apply_dropout_rngs(header["dropout_rng"], model)


def _apply_extension_states(states, trainer):
    for name, extension in trainer.extensions():
        if not hasattr(extension, "load_state_dict"):
            continue
        if name in states:
            extension.load_state_dict(states[name])
        elif extension.state_dict() and not _state_is_optional(extension):
            raise KeyError(f"the snapshot has no state for extension {name!r}")


def _state_is_optional(extension):
    return getattr(extension, "state_is_optional", lambda: False)()


def _apply_dropout_rngs(states, model):
    layers = dict(_dropout_layers(model))
    if set(states) != {str(i) for i in layers}:
        raise ValueError(f"dropout layers {sorted(states)} in the snapshot, "
                         f"{sorted(layers)} in the network")
    for index, state in states.items():
        layers[int(index)].rng.bit_generator.state = state
