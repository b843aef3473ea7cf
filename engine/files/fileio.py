"""Crash-safe file writing and pickle-free .npz reading shared by models and snapshots.

A write goes to a temporary file in the destination folder and is renamed over the target only
once complete, so a crash, a full disk or an exception never leaves a half-written model behind.
"""
import contextlib
import errno
import json
import math
import os
import re
import socket
import stat
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np

from ..messages import sentence

HEADER_KEY = "__header__"


@contextlib.contextmanager
def atomic_write(path, mode="wb"):
    """Open a temporary sibling of `path`; rename it onto `path` only if the block succeeds.

    The temporary file is named ``.{name}.{pid}-{host}.XXXXXXXX.tmp``: a writer killed with
    kill -9 leaves it behind, and the next save to the same target removes it once its
    process is gone (see ``remove_stale_temp_files``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-{HOST_TAG}.",
                                   suffix=".tmp", dir=path.parent)
    except OSError as exc:  # it names a temporary file the user never asked for
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    try:
        # mkstemp makes the file private (0600); a saved model should get the usual permissions
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, tmp):
            # the user knows the target, not our temporary file: name it in the error
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


# which machine wrote a temp file: on a shared folder another PC's writer may be alive with a
# process id that is free here
HOST_TAG = f"{zlib.crc32(socket.gethostname().encode()):08x}"
STALE_AFTER_SECONDS = 3600  # for temp files whose writer cannot be checked
_TEMP_NAME = re.compile(r"(?:(?P<pid>\d{1,10})-(?P<host>[0-9a-f]{8})\.)?[a-z0-9_]{8}")


def remove_stale_temp_files(path, now=None):
    """Delete the temporary files that killed writers of `path` left behind.

    A file of this process's naming whose writer ran on this machine is stale once that
    process is gone; one from another machine, or of the older ``.{name}.XXXXXXXX.tmp``
    naming, once it has not changed for an hour. A live writer's file is never touched, and a
    failure here never stops a save.
    """
    path = Path(path)
    now = time.time() if now is None else now
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            match = _TEMP_NAME.fullmatch(entry.name[len(prefix):-len(".tmp")])
            if match and _is_stale(match, entry, now):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _is_stale(match, entry, now):
    if not entry.is_file(follow_symlinks=False):
        return False
    if match["pid"] and match["host"] == HOST_TAG:
        alive = process_is_alive(int(match["pid"]))
        if alive is not None:
            return not alive
    return now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS


def process_is_alive(pid):
    """True or False, or None where it cannot be asked: on Windows os.kill(pid, 0) would send
    Ctrl+C to the process instead of asking."""
    if os.name == "nt" or pid <= 0:
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no process can have
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return None
    return True


def _mode_for(path):
    """The existing file's permissions, or what a plain open() would create under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


SPECIAL_FILES = ((stat.S_ISFIFO, sentence("a named pipe")), (stat.S_ISCHR, sentence("a device")),
                 (stat.S_ISBLK, sentence("a device")), (stat.S_ISSOCK, sentence("a socket")))
NOT_PLAIN = sentence("not a plain file")
# what a file should have been, when a caller does not say: words of a sentence, so sentences
FILE = sentence("file")
DIGITLAB_FILE = sentence("DigitLab file")


@contextlib.contextmanager
def open_regular_file(path, error_cls, kind=FILE):
    """`path` opened for binary reading, only if it is a regular file.

    A named pipe would block the reader forever and /dev/zero would never end, so anything
    else raises `error_cls` with a sentence. The file is opened non-blocking and checked
    through its own descriptor, so nothing can swap it between the check and the read.
    ``kind`` (what the file should have been) goes into that sentence: make it a `sentence`
    too, e.g. sentence("an image file"), so that the window translates it.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise format_error(error_cls, sentence("{path} does not exist.", path=path)) from None
    except IsADirectoryError:
        raise _folder_error(path, error_cls, kind) from None
    except OSError as exc:
        raise _read_error(path, error_cls, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _folder_error(path, error_cls, kind)
        if not stat.S_ISREG(mode):
            what = next((name for test, name in SPECIAL_FILES if test(mode)), NOT_PLAIN)
            raise format_error(error_cls, sentence("{path} is {what}, not {kind}: DigitLab "
                                                   "reads only ordinary files.", path=path,
                                                   what=what, kind=_article(kind)))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


def _folder_error(path, error_cls, kind):
    return format_error(error_cls, sentence("{path} is a folder, not {kind}.", path=path,
                                            kind=_article(kind)))


def _read_error(path, error_cls, exc):
    return format_error(error_cls, sentence("{path} cannot be read: {reason}.", path=path,
                                            reason=exc.strerror or str(exc)), repr(exc))


def _article(kind):
    """`kind` with "a" before it, unless it has an article already ("an image file")."""
    if kind.split(" ", 1)[0] in ("a", "an", "the"):
        return kind
    return sentence("a {kind}", kind=kind)


def read_nonempty_file(path, error_cls, kind=FILE, max_bytes=None):
    """The bytes of `path`; anything but a readable, non-empty regular file raises
    `error_cls`, and so does a file over `max_bytes`, before it is read."""
    path = Path(path)
    with open_regular_file(path, error_cls, kind) as f:
        size = os.fstat(f.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            raise format_error(error_cls, sentence("{path} is too large for {kind} ({size:,} "
                                                   "bytes; at most {limit:,}).", path=path,
                                                   kind=_article(kind), size=size,
                                                   limit=max_bytes))
        try:  # read(n) reserves n bytes first: ask for no more than the file holds
            data = f.read() if max_bytes is None else f.read(min(size, max_bytes) + 1)
        except OSError as exc:
            raise _read_error(path, error_cls, exc) from None
    if not data:
        raise format_error(error_cls, sentence("{path} is empty.", path=path),
                           "the file has 0 bytes")
    if max_bytes is not None and len(data) > max_bytes:  # it grew while being read
        raise format_error(error_cls, sentence("{path} is too large for {kind} (over {limit:,} "
                                               "bytes).", path=path, kind=_article(kind),
                                               limit=max_bytes))
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

# What an .npz of ours may hold. The arrays of the largest network (network.MAX_PARAMETERS in
# float64) with Adam's two slots in a snapshot stay under MAX_ARRAY_BYTES; DigitLab stores its
# arrays uncompressed, so a file that declares far more bytes than it has is a zip bomb.
MAX_ARRAY_BYTES = 512 * 2**20
MAX_MEMBERS = 4096
MAX_DIRECTORY_BYTES = MAX_MEMBERS * 256  # the zip's table of contents, read whole by zipfile
MAX_HEADER_BYTES = 8 * 2**20  # the JSON header: parsing it costs several times its size
MAX_EXPANSION = 50  # declared bytes per byte on disk (zlib can reach 1032)...
EXPANSION_ALLOWANCE = 16 * 2**20  # ...beyond this, which a small compressed file may declare
READ_CHUNK = 2**20
NUMBER_KINDS = "biufc"  # bool, signed and unsigned integers, floats, complex numbers


def format_error(error_cls, sentence, detail=None):
    """``error_cls(sentence)`` carrying ``detail``, the technical text a "Show details" shows."""
    error = error_cls(sentence)
    error.detail = detail
    return error


def load_npz_with_header(path, error_cls, kind=DIGITLAB_FILE):
    """Read a file written by `save_npz_with_header`; any defect raises `error_cls`.

    Returns (header dict, arrays dict of NumPy arrays). Never unpickles anything, and checks
    every size the file declares before reading, so a small hostile file costs small memory.
    The error's message is one plain sentence naming the file (``kind`` says what it should
    have been, e.g. sentence("DigitLab model"), a `sentence` to be translated); its ``detail``
    attribute holds the technical reason.
    """
    path = Path(path)
    where = _Where(path, error_cls, kind)
    with open_regular_file(path, error_cls, kind) as f:
        try:
            disk_bytes = _check_container(f, where)
            with _open_zip(f, where) as archive:
                members = _checked_members(archive.infolist(), disk_bytes, where)
                header = _parse_header(_read_header_member(archive, members, where), where)
                return header, _read_arrays(archive, members, where)
        except OSError as exc:
            raise _unreadable(where, exc) from None


class _Where:
    """The file being read, the error to raise and what the file should have been."""

    def __init__(self, path, error_cls, kind):
        self.path, self.error_cls, self.kind = path, error_cls, kind

    def error(self, sentence, detail=None):
        return format_error(self.error_cls, sentence, detail)

    def not_ours(self, reason=None, detail=None):
        """The file is not of its kind; `reason`, when given, says why: a sentence fragment
        such as sentence("it is encrypted")."""
        if not reason:
            return self.error(sentence("{path} is not a {kind}.", path=self.path,
                                       kind=self.kind), detail)
        return self.error(sentence("{path} is not a {kind}: {reason}.", path=self.path,
                                   kind=self.kind, reason=reason), detail)

    def damaged(self, detail):
        return self.error(sentence("{path} is damaged: a part of it cannot be read.",
                                   path=self.path), detail)

    def unopenable(self, detail):
        return self.error(sentence("{path} is damaged: it cannot be opened as a {kind}.",
                                   path=self.path, kind=self.kind), detail)


def _is_read_failure(exc):
    """An OSError from the disk, not one a forged offset in the file caused (EINVAL)."""
    return isinstance(exc, OSError) and exc.errno not in (errno.EINVAL, None)


def _unreadable(where, exc):
    return _read_error(where.path, where.error_cls, exc)


def _check_container(f, where):
    """The open file looks like a whole zip archive (anything else gets its own sentence);
    returns its size in bytes."""
    path, kind = where.path, where.kind
    head = f.read(8)
    size = f.seek(0, 2)
    f.seek(max(0, size - ZIP_END_SPAN))
    tail = f.read()
    if not head:
        raise where.error(sentence("{path} is empty.", path=path), "the file has 0 bytes")
    if head.startswith(NPY_MAGIC):
        raise where.not_ours(sentence("it holds a single array"),
                             "a bare .npy array, not an .npz archive")
    if head[:4] not in ZIP_MAGICS:
        raise where.not_ours(None, f"a {kind} is an .npz (zip) archive; this file starts with "
                                   f"{head!r}")
    if ZIP_END not in tail:
        raise where.error(sentence("{path} is incomplete: the file ends early (was it copied "
                                   "completely?).", path=path),
                          f"no end-of-archive record in its last {len(tail)} of {size} bytes")
    _check_directory_size(f, where)
    return size


def _check_directory_size(f, where):
    """zipfile reads the whole table of contents its end record declares, and makes an object
    per entry: a forged record must not make it read gigabytes. ``_EndRecData`` is the very
    function zipfile uses to find that record (zip64 overrides included)."""
    find_end = getattr(zipfile, "_EndRecData", None)
    if find_end is None:  # a future Python without it: zipfile's own limits apply
        return
    end = find_end(f)
    if end is None:
        raise where.unopenable("no valid end-of-archive record")
    entries, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    if entries > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
        raise where.not_ours(_too_many_parts(),
                             f"the archive declares {entries} entries in a {directory}-byte "
                             f"directory")


@contextlib.contextmanager
def _open_zip(f, where):
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
    except Exception as exc:  # any parse failure of untrusted bytes is a format error
        if _is_read_failure(exc):
            raise
        raise where.unopenable(f"{type(exc).__name__}: {exc}") from None
    with archive:
        yield archive


def _checked_members(infos, disk_bytes, where):
    """The archive's entries {array name: ZipInfo}, once every declared size is within
    bounds: nothing has been decompressed yet."""
    if len(infos) > MAX_MEMBERS:
        raise where.not_ours(_too_many_parts(), f"{len(infos)} archive entries")
    for info in infos:
        if info.flag_bits & 0x1:
            raise where.not_ours(sentence("it is encrypted"),
                                 f"member {info.filename!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise where.not_ours(sentence("it is compressed in a way DigitLab does not read"),
                                 f"member {info.filename!r} uses compression method "
                                 f"{info.compress_type}")
    declared = sum(info.file_size for info in infos)
    budget = min(MAX_ARRAY_BYTES, MAX_EXPANSION * disk_bytes + EXPANSION_ALLOWANCE)
    if declared > budget:
        raise where.error(sentence("{path} is too large for a {kind}: it unpacks to {unpacked}, "
                                   "more than DigitLab reads from a file of {stored}.",
                                   path=where.path, kind=where.kind,
                                   unpacked=_megabytes(declared), stored=_megabytes(disk_bytes)),
                          f"declared uncompressed sizes total {declared} bytes in a "
                          f"{disk_bytes}-byte file")
    return {_array_name(info.filename): info for info in infos}


def _too_many_parts():
    return sentence("it holds more than {limit:,} parts", limit=MAX_MEMBERS)


def _megabytes(count):
    if count >= 2**20:
        return sentence("{megabytes:,.1f} MB", megabytes=count / 2**20)
    return sentence("{count:,} bytes", count=count)


def _array_name(filename):
    return filename[:-len(".npy")] if filename.endswith(".npy") else filename


def _read_header_member(archive, members, where):
    info = members.pop(HEADER_KEY, None)
    if info is None or not info.filename.endswith(".npy"):
        raise where.not_ours(sentence("it has no DigitLab header"),
                             f"the archive has no {HEADER_KEY!r} member")
    if info.file_size > MAX_HEADER_BYTES:
        raise where.not_ours(_damaged_header(), f"the header declares {info.file_size} "
                                                f"bytes; at most {MAX_HEADER_BYTES}")
    return _read_member(archive, HEADER_KEY, info, where)


def _damaged_header():
    return sentence("its DigitLab header is damaged")


def _parse_header(raw, where):
    damaged = _damaged_header()
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise where.not_ours(damaged, "the header is not UTF-8 JSON bytes")
    try:
        header = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError: bad JSON, and also a number of more than 4300 digits
        raise where.not_ours(damaged, f"the header is not valid JSON ({exc})") from None
    if not isinstance(header, dict):
        raise where.not_ours(damaged, "the header is not a JSON object")
    return header


def _read_arrays(archive, members, where):
    """Every other member as a NumPy array, once all their headers were checked."""
    odd = sorted(name for name, info in members.items() if not info.filename.endswith(".npy"))
    if odd:
        raise where.not_ours(sentence("it holds files that are not arrays"),
                             f"members {odd} are not .npy arrays")
    headers = {name: _member_header(archive, name, info, where)
               for name, info in members.items()}
    objects = sorted(name for name, (_, _, dtype) in headers.items() if dtype.hasobject)
    if objects:
        raise _objects_error(objects, where)
    for name, (_, _, dtype) in sorted(headers.items()):
        _check_numbers(name, dtype, where)
    return {name: _read_member(archive, name, info, where) for name, info in members.items()}


def _member_header(archive, name, info, where):
    """(shape, fortran order, dtype) of an .npy member, read without its data."""
    with _open_member(archive, name, where, info) as member:
        return _npy_header(member, name, info, where)


def _read_member(archive, name, info, where):
    """One .npy member, its header checked, read in chunks into an array of its size."""
    with _open_member(archive, name, where, info) as member:
        shape, fortran, dtype = _npy_header(member, name, info, where)
        _check_numbers(name, dtype, where)  # only plain numbers have a size to check
        array = np.empty(math.prod(shape), dtype)
        buffer = memoryview(array.view(np.uint8)) if array.nbytes else memoryview(b"")
        filled = 0
        while filled < len(buffer):
            count = member.readinto(buffer[filled:filled + READ_CHUNK])
            if not count:
                raise EOFError(f"the data ends {len(buffer) - filled} bytes early")
            filled += count
    return array.reshape(shape, order="F" if fortran else "C")


def _objects_error(names, where):
    return where.not_ours(sentence("it holds Python objects, not plain arrays of numbers"),
                          f"members {names} have object dtype; DigitLab never loads objects, "
                          f"which could run code")


def _check_numbers(name, dtype, where):
    if dtype.hasobject:
        raise _objects_error([name], where)
    if dtype.kind not in NUMBER_KINDS or dtype.fields or dtype.subdtype:
        raise where.not_ours(sentence("it holds data that are not numbers"),
                             f"member {name!r} has dtype {dtype}")


@contextlib.contextmanager
def _open_member(archive, name, where, info):
    """A member opened for reading; whatever goes wrong in it (zlib, CRC, early end, a header
    that is not .npy, a forged offset) is damage, reported naming the member in the detail."""
    try:
        with archive.open(info) as member:
            yield member
    except where.error_cls:
        raise
    except Exception as exc:  # any failure on untrusted bytes is damage
        if _is_read_failure(exc):
            raise
        raise where.damaged(f"member {name!r}: {type(exc).__name__}: {exc}") from None


def _npy_header(member, name, info, where):
    """The member's .npy header; its data must be exactly as long as its shape and dtype say,
    so a forged shape is refused before anything is allocated for it."""
    version = np.lib.format.read_magic(member)
    read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
            else np.lib.format.read_array_header_2_0)
    shape, fortran, dtype = read(member)
    if any(n < 0 for n in shape):
        raise where.damaged(f"member {name!r}: negative size in shape {shape}")
    stored = info.file_size - member.tell()
    if not dtype.hasobject and math.prod(shape) * dtype.itemsize != stored:
        raise where.damaged(f"member {name!r}: its header says shape {shape} of {dtype}, "
                            f"{math.prod(shape) * dtype.itemsize} bytes, but it holds {stored}")
    return shape, fortran, dtype
