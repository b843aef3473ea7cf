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


ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip
NPY_MAGIC = b"\x93NUMPY"
ZIP_END = b"PK\x05\x06"  # the end-of-archive record: a zip is read from its end
ZIP_END_SPAN = 65_536 + 22  # the record and the longest comment after it


def format_error(error_cls, sentence, detail=None):
    """``error_cls(sentence)`` carrying ``detail``, the technical text a "Show details" shows."""
    error = error_cls(sentence)
    error.detail = detail
    return error


def load_npz_with_header(path, error_cls, kind="DigitLab file"):
    """Read a file written by `save_npz_with_header`; any defect raises `error_cls`.

    Returns (header dict, arrays dict of NumPy arrays). Never unpickles anything. The error's
    message is one plain sentence naming the file (``kind`` says what it should have been, e.g.
    "DigitLab model"); its ``detail`` attribute holds the technical reason.
    """
    path = Path(path)
    _check_container(path, error_cls, kind)
    try:
        with open(path, "rb") as f:  # our handle: NumPy leaks its own on a damaged zip
            arrays = _read_npz_members(f, path, error_cls, kind)
    except OSError as exc:
        raise _unreadable(error_cls, path, exc) from None
    header = _parse_header(arrays, path, error_cls, kind)  # no header: not ours, first of all
    _check_all_arrays(arrays, path, error_cls, kind)
    return header, arrays


def _unreadable(error_cls, path, exc):
    return format_error(error_cls, f"{path} cannot be read: {exc.strerror or exc}.", repr(exc))


def _check_container(path, error_cls, kind):
    """The file exists and looks like a zip archive: anything else gets its own sentence."""
    try:
        if path.is_dir():
            raise format_error(error_cls, f"{path} is a folder, not a {kind}.")
        with open(path, "rb") as f:
            head = f.read(8)
            size = f.seek(0, 2)
            f.seek(max(0, size - ZIP_END_SPAN))
            tail = f.read()
    except FileNotFoundError:
        raise format_error(error_cls, f"{path} does not exist.") from None
    except OSError as exc:
        raise _unreadable(error_cls, path, exc) from None
    if not head:
        raise format_error(error_cls, f"{path} is empty.", "the file has 0 bytes")
    if head.startswith(NPY_MAGIC):
        raise format_error(error_cls, f"{path} is not a {kind}: it holds a single array.",
                           "a bare .npy array, not an .npz archive")
    if head[:4] not in ZIP_MAGICS:
        raise format_error(error_cls, f"{path} is not a {kind}.",
                           f"a {kind} is an .npz (zip) archive; this file starts with {head!r}")
    if ZIP_END not in tail:
        raise format_error(error_cls, f"{path} is incomplete: the file ends early (was it "
                           f"copied completely?).", f"no end-of-archive record in its "
                           f"last {len(tail)} of {size} bytes")


def _parse_header(arrays, path, error_cls, kind):
    raw = arrays.pop(HEADER_KEY, None)
    if raw is None:
        raise format_error(error_cls, f"{path} is not a {kind}: it has no DigitLab header.",
                           f"the archive has no {HEADER_KEY!r} member")
    damaged = f"{path} is not a {kind}: its DigitLab header is damaged."
    if not isinstance(raw, np.ndarray) or raw.dtype != np.uint8 or raw.ndim != 1:
        raise format_error(error_cls, damaged, "the header is not UTF-8 JSON bytes")
    try:
        header = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise format_error(error_cls, damaged, f"the header is not valid JSON ({exc})") from None
    if not isinstance(header, dict):
        raise format_error(error_cls, damaged, "the header is not a JSON object")
    return header


def _read_npz_members(f, path, error_cls, kind):
    """Every member of an .npz as a NumPy array; anything else is a format error."""
    try:
        archive = np.load(f, allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure of untrusted bytes is a format error
        raise format_error(error_cls, f"{path} is damaged: it cannot be opened as a {kind}.",
                           f"{type(exc).__name__}: {exc}") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise format_error(error_cls, f"{path} is not a {kind}: it holds a single array.",
                           "a bare .npy array, not an .npz archive")
    with archive:
        objects = _object_members(archive, path, error_cls)
        if objects:
            raise format_error(error_cls, f"{path} is not a {kind}: it holds Python objects, "
                               f"not plain arrays of numbers.", f"members {objects} have "
                               f"object dtype; DigitLab never loads objects, which could run code")
        return _members(archive, path, error_cls)


def _check_all_arrays(arrays, path, error_cls, kind):
    odd = sorted(name for name, value in arrays.items() if not isinstance(value, np.ndarray))
    if odd:
        raise format_error(error_cls, f"{path} is not a {kind}: it holds files that are not "
                           f"arrays.", f"members {odd} are not .npy arrays")


def _members(archive, path, error_cls):
    arrays = {}
    for name in archive.files:
        try:
            arrays[name] = archive[name]
        except Exception as exc:  # noqa: BLE001 - zlib.error, BadZipFile (CRC), ValueError...
            raise format_error(error_cls, f"{path} is damaged: a part of it cannot be read.",
                               f"member {name!r}: {type(exc).__name__}: {exc}") from None
    return arrays


def _object_members(archive, path, error_cls):
    """Members whose .npy header declares Python objects, found before any of them is read:
    NumPy's own refusal would tell a student to load them unsafely instead."""
    found = []
    names = set(archive.zip.namelist())
    for name in archive.files:
        if name + ".npy" not in names:
            continue  # not an .npy member: refused as such once read
        try:
            with archive.zip.open(name + ".npy") as member:
                version = np.lib.format.read_magic(member)
                read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                        else np.lib.format.read_array_header_2_0)
                dtype = read(member)[2]
        except Exception as exc:  # noqa: BLE001 - a damaged member header of untrusted bytes
            raise format_error(error_cls, f"{path} is damaged: a part of it cannot be read.",
                               f"member {name!r}: {type(exc).__name__}: {exc}") from None
        if dtype.hasobject:
            found.append(name)
    return sorted(found)
