"""Crash-safe file writing and pickle-free .npz reading shared by models and snapshots.

A write goes to a temporary file in the destination folder and is renamed over the target only
once complete, so a crash, a full disk or an exception never leaves a half-written model behind.
"""
import contextlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

HEADER_KEY = "__header__"


@contextlib.contextmanager
def atomic_write(path, mode="wb"):
    """Open a temporary sibling of `path`; rename it onto `path` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a saved model should get the usual permissions
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path):
    """The existing file's permissions, or what a plain open() would create under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def read_nonempty_file(path, error_cls, kind="file"):
    """The bytes of `path`; a folder, a missing, unreadable or empty file raises `error_cls`."""
    path = Path(path)
    if path.is_dir():
        raise error_cls(f"{path}: is a folder, not {kind}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error_cls(f"{path}: no such file") from None
    except OSError as exc:
        raise error_cls(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise error_cls(f"{path}: file is empty")
    return data


def save_npz_with_header(path, arrays, header):
    """Write `arrays` (name -> NumPy array) plus a JSON `header` into one .npz, atomically.

    The header is stored as a uint8 array of UTF-8 JSON so that loading never needs pickle.
    """
    if HEADER_KEY in arrays:
        raise ValueError(f"array name {HEADER_KEY!r} is reserved")
    payload = dict(arrays)
    payload[HEADER_KEY] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    with atomic_write(path) as f:
        np.savez(f, **payload)


def load_npz_with_header(path, error_cls):
    """Read a file written by `save_npz_with_header`; any defect raises `error_cls` naming the file.

    Returns (header dict, arrays dict of NumPy arrays). Never unpickles anything.
    """
    path = Path(path)
    if not path.exists():
        raise error_cls(f"{path}: no such file")
    if path.is_dir():
        raise error_cls(f"{path}: is a folder, not a file")
    try:
        with open(path, "rb") as f:  # our handle: NumPy leaks its own on a damaged zip
            arrays = _read_npz_members(f, path, error_cls)
    except OSError as exc:
        raise error_cls(f"{path}: cannot be read ({exc.strerror or exc})") from None
    raw = arrays.pop(HEADER_KEY, None)
    if raw is None:
        raise error_cls(f"{path}: no DigitLab header inside (not a DigitLab file?)")
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise error_cls(f"{path}: the header is not UTF-8 JSON bytes")
    try:
        header = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise error_cls(f"{path}: the header is not valid JSON ({exc})") from None
    if not isinstance(header, dict):
        raise error_cls(f"{path}: the header is not a JSON object")
    return header, arrays


def _read_npz_members(f, path, error_cls):
    """Every member of an .npz as a NumPy array; anything else is a format error."""
    try:
        archive = np.load(f, allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure of untrusted bytes is a format error
        raise error_cls(f"{path}: not a readable .npz file ({exc})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise error_cls(f"{path}: a bare .npy array, not an .npz archive")
    try:
        with archive:
            arrays = {name: archive[name] for name in archive.files}
    except Exception as exc:  # noqa: BLE001 - zlib.error, ValueError for object arrays, BadZipFile...
        raise error_cls(f"{path}: damaged .npz archive ({exc})") from None
    odd = sorted(name for name, value in arrays.items() if not isinstance(value, np.ndarray))
    if odd:
        raise error_cls(f"{path}: members {odd} are not .npy arrays")
    return arrays
