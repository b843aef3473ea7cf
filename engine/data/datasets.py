"""MNIST-format datasets: a strict IDX reader, dataset folders and where to find them.

An IDX file (LeCun's MNIST format, big-endian) is a 4-byte magic number, one 4-byte size per
dimension, then the raw uint8 payload. Every file is untrusted input, so each defect becomes a
`DatasetError` whose message is one sentence naming the file and the problem (its `detail` holds
the technical reason) instead of a NumPy error deep in training. A small file must cost small
memory and time: only an ordinary file is opened, its header is read and checked first (gzip is
inflated as a stream), its declared size is compared with what the file can hold, and then
exactly the declared data is read, plus one byte to notice anything after it.

A dataset is a folder holding the four IDX files, each gzip-compressed or raw. The bundled MNIST
is also checked byte for byte against published SHA-256 sums of its decompressed content.
"""
import gzip
import hashlib
import math
import os
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..backend import get_array_module
from ..files.fileio import format_error, open_regular_file
from ..files.resources import assets_dir
from ..messages import Sentence, sentence, sentence_of

FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

# SHA-256 of the decompressed IDX bytes: the .gz files differ between mirrors, the content does not.
MNIST_SHA256 = {
    "train_images": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train_labels": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "test_images": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "test_labels": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

CLASS_NAMES = {
    "mnist": tuple(str(digit) for digit in range(10)),
    "fashion-mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
}

DATA_ENV_VAR = "DIGITLAB_DATA"
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
IMAGE_SHAPE = (28, 28)
NUM_CLASSES = 10

GZIP_MAGIC = b"\x1f\x8b"
IDX_UBYTE = 0x08
IDX_NDIM = {0x00000803: 3, 0x00000801: 1}  # images, labels
IDX_FILE = sentence("an IDX file")  # what open_regular_file says a file should have been
HELD = {"images": sentence("images"), "labels": sentence("labels")}  # what an IDX file holds


class DatasetError(ValueError):
    """A dataset file or folder is missing, unreadable or not valid MNIST-format data."""


# ---------------------------------------------------------------------------- IDX files

# Every limit below is checked from the header, before the data is read, so that a small
# hostile file (a gzip bomb, a sparse file that claims gigabytes) costs small memory and time.
MAX_ITEMS = 1_000_000  # per file: MNIST has 60,000 images, EMNIST's digits 240,000
# Decompressed bytes a stored byte may declare: MNIST's images inflate 4.7-fold, and only
# nearly blank images come near 50; a bomb of zeros inflates 1032-fold.
MAX_EXPANSION = 50
EXPANSION_ALLOWANCE = 16 * 2**20  # a small file may inflate freely: 16 MB is 21,000 images
# Compressed bytes per step; small, because the end of each gzip member copies what is left of
# the step, and a file of many tiny members would otherwise copy quadratically.
INPUT_CHUNK = 16 * 2**10
GZIP_WBITS = 31  # zlib's gzip mode, which checks each member's CRC-32 and length itself
BLOCK_BYTES = 512  # the unit of st_blocks


def read_idx(path, kind=None):
    """Read one IDX file (.gz or raw) into a read-only uint8 array.

    Images come back as (N, 28, 28), labels as (N,) with every value in 0-9. `kind` ("images"
    or "labels") refuses the other kind. The header is checked before any data is read.
    """
    path = Path(path)
    return parse_idx(read_idx_bytes(path, kind), path, kind)


def read_idx_bytes(path, kind=None):
    """The decompressed content of an IDX file (header and data), read only as far as its
    checked header declares. gzip is recognised by its magic bytes, not by the file's name."""
    path = Path(path)
    with _idx_content(path) as content:
        head, shape = _checked_header(content, path, kind)
        return _read_exactly(content, head, len(head) + math.prod(shape), path)


def read_idx_header(path, kind=None):
    """The shape an IDX file declares, checked as `read_idx` checks it, reading only its header."""
    path = Path(path)
    with _idx_content(path) as content:
        return _checked_header(content, path, kind)[1]


def parse_idx(data, path, kind=None):
    """Validate decompressed IDX `data` (header, sizes, labels 0-9) and view it as a uint8 array."""
    path = Path(path)
    shape, offset = _parse_header(data, path, kind)
    expected = math.prod(shape)
    actual = len(data) - offset
    if actual < expected:
        raise _incomplete(path, f"the header promises {expected} bytes of data, only {actual} "
                                f"are present")
    if actual > expected:
        raise _extra_bytes(path, f"{actual - expected} bytes follow the {expected} bytes of "
                                 f"data the header promises")
    array = np.frombuffer(data, dtype=np.uint8, count=expected, offset=offset).reshape(shape)
    if array.ndim == 1:
        _check_label_range(array, path)
    return array


@contextmanager
def _idx_content(path):
    with open_regular_file(path, DatasetError, IDX_FILE) as file:
        if os.fstat(file.fileno()).st_size == 0:
            raise format_error(DatasetError, sentence("{path} is empty.", path=path),
                               "the file has 0 bytes")
        gzipped = file.read(2) == GZIP_MAGIC
        file.seek(0)
        yield _GzipContent(file, path) if gzipped else _RawContent(file, path)


def _checked_header(content, path, kind):
    """(header bytes, declared shape), every field and the declared size checked."""
    head = bytearray(4)
    head = head[:content.readinto(head)]
    ndim = head[3] if len(head) == 4 and head[3] in IDX_NDIM.values() else 0
    rest = bytearray(4 * ndim)
    head += rest[:content.readinto(rest)]
    shape, _ = _parse_header(head, path, kind)
    content.check_declared(len(head) + math.prod(shape))
    return bytes(head), shape


def _read_exactly(content, head, size, path):
    """The `size` bytes of content that start with `head`; one byte more is read, never more,
    to tell trailing data from the end of the file."""
    buffer = np.empty(size + 1, dtype=np.uint8)  # np.empty: no page is touched before its data
    buffer[:len(head)] = np.frombuffer(head, dtype=np.uint8)
    filled = len(head) + content.readinto(memoryview(buffer)[len(head):])
    if filled < size:
        raise _incomplete(path, f"the header promises {size - len(head)} bytes of data, only "
                                f"{filled - len(head)} are present")
    if filled > size:
        raise _extra_bytes(path, f"data continues past the {size - len(head)} bytes the header "
                                 f"promises")
    return memoryview(buffer)[:size].toreadonly()


class _RawContent:
    """An uncompressed IDX file: its size on disk must be exactly what its header declares."""

    def __init__(self, file, path):
        self._file, self._path = file, path
        self._stat = os.fstat(file.fileno())

    def readinto(self, view):
        try:
            return self._file.readinto(view)
        except OSError as exc:
            raise _unreadable(self._path, exc) from None

    def check_declared(self, size):
        actual = self._stat.st_size
        if actual < size:
            raise _incomplete(self._path, f"the header declares {size} bytes in all, the file "
                                          f"has {actual}")
        if actual > size:
            raise _extra_bytes(self._path, f"{actual - size} bytes follow the {size} bytes "
                                           f"the header declares")
        _check_plausible(size, _stored_bytes(self._stat), self._path)


def _stored_bytes(stat):
    """Bytes the file really occupies: a sparse file's holes take no room and read as zeros."""
    blocks = getattr(stat, "st_blocks", 0)  # not on Windows; 0 on filesystems that do not say
    return blocks * BLOCK_BYTES if blocks else stat.st_size


class _GzipContent:
    """The decompressed bytes of a gzip file of one member or several, inflated on demand:
    never more than a reader asks for, so a bomb stops where its header said it would."""

    def __init__(self, file, path):
        self._file, self._path = file, path
        self._stored = os.fstat(file.fileno()).st_size
        self._inflater = zlib.decompressobj(GZIP_WBITS)
        self._input = b""

    def readinto(self, view):
        filled = 0
        while filled < len(view):
            piece = self._inflate(len(view) - filled)
            if not piece:
                break
            view[filled:filled + len(piece)] = piece
            filled += len(piece)
        return filled

    def check_declared(self, size):
        _check_plausible(size, self._stored, self._path)

    def _inflate(self, limit):
        """Up to `limit` more decompressed bytes; b"" only at the clean end of the last member."""
        while True:
            if not self._input and not self._read_input():
                return b""
            if self._inflater.eof:  # another member follows the one that ended
                self._inflater = zlib.decompressobj(GZIP_WBITS)
            try:
                piece = self._inflater.decompress(self._input, limit)
            except zlib.error as exc:
                raise _damaged_gzip(self._path, exc) from None
            self._input = self._inflater.unconsumed_tail or self._inflater.unused_data
            if piece:
                return piece

    def _read_input(self):
        try:
            self._input = self._file.read(INPUT_CHUNK)
        except OSError as exc:
            raise _unreadable(self._path, exc) from None
        if not self._input and not self._inflater.eof:
            raise _incomplete(self._path, "the gzip data ends in the middle of a member")
        return bool(self._input)


def _check_plausible(size, stored, path):
    if size > MAX_EXPANSION * stored + EXPANSION_ALLOWANCE:
        raise format_error(
            DatasetError, sentence("{path} is not a genuine dataset file: its header declares "
                                   "{declared} of data, far more than its {stored} on disk can "
                                   "hold.", path=path, declared=_megabytes(size),
                                   stored=_megabytes(stored)),
            f"declared {size} bytes; accepted: up to {MAX_EXPANSION} times the {stored} bytes "
            f"stored, plus {EXPANSION_ALLOWANCE}")


def _megabytes(count):
    if count >= 100_000:
        return sentence("{megabytes:,.1f} MB", megabytes=count / 1e6)
    return sentence("{count:,} bytes", count=count)


def _parse_header(data, path, kind=None):
    """(shape, data offset) that an IDX header declares, once every field is checked."""
    if len(data) < 4:
        raise format_error(DatasetError, sentence("{path} is not an IDX file: it is too short.",
                                                  path=path),
                           f"{len(data)} bytes; an IDX header has at least 8")
    magic = int.from_bytes(data[:4], "big")
    if data[0] != 0 or data[1] != 0:
        raise format_error(DatasetError, sentence("{path} is not an IDX file (MNIST's format).",
                                                  path=path),
                           f"magic number 0x{magic:08X}; an IDX file starts with two zero bytes")
    if data[2] != IDX_UBYTE:
        raise format_error(DatasetError, sentence("{path} holds IDX numbers of a type DigitLab "
                                                  "cannot read: only unsigned bytes, MNIST's "
                                                  "type, are supported.", path=path),
                           f"IDX data type 0x{data[2]:02X}, not 0x08")
    if magic not in IDX_NDIM:
        raise format_error(DatasetError, sentence("{path} is not an MNIST image or label file: "
                                                  "its data has {count} dimensions.", path=path,
                                                  count=data[3]),
                           f"magic number 0x{magic:08X}; images have 3 (0x00000803), labels 1 "
                           f"(0x00000801)")
    ndim = IDX_NDIM[magic]
    offset = 4 + 4 * ndim
    if len(data) < offset:
        raise _incomplete(path, f"the header is cut short: {len(data)} of {offset} bytes")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    _check_shape(shape, path, kind)
    return shape, offset


def _check_shape(shape, path, kind):
    held = "images" if len(shape) == 3 else "labels"
    if kind is not None and held != kind:
        raise format_error(DatasetError, sentence("{path} holds {held}, not {kind}.", path=path,
                                                  held=HELD[held], kind=HELD.get(kind, kind)),
                           f"declared shape {shape}")
    if 0 in shape:
        raise format_error(DatasetError, sentence("{path} holds no data.", path=path),
                           f"declared shape {shape}")
    if held == "images" and shape[1:] != IMAGE_SHAPE:
        raise format_error(DatasetError, sentence("{path} holds {height}x{width} images; "
                                                  "DigitLab needs 28x28.", path=path,
                                                  height=shape[1], width=shape[2]),
                           f"declared shape {shape}")
    if shape[0] > MAX_ITEMS:
        raise format_error(DatasetError, sentence("{path} is too large: it declares {count:,} "
                                                  "{held}, more than the {limit:,} DigitLab "
                                                  "reads.", path=path, count=shape[0],
                                                  held=HELD[held], limit=MAX_ITEMS),
                           f"declared shape {shape}")


def _check_label_range(labels, path):
    bad = np.flatnonzero(labels >= NUM_CLASSES)
    if bad.size:
        index = int(bad[0])
        raise format_error(DatasetError, sentence("{path} holds label {label} at index {index}, "
                                                  "outside 0-{last}.", path=path,
                                                  label=int(labels[index]), index=index,
                                                  last=NUM_CLASSES - 1),
                           f"{bad.size} labels are outside 0-{NUM_CLASSES - 1}")


def _incomplete(path, detail):
    return format_error(DatasetError, sentence("{path} is incomplete: the file ends before its "
                                               "data does (was it copied completely?).",
                                               path=path), detail)


def _extra_bytes(path, detail):
    return format_error(DatasetError, sentence("{path} has extra bytes after its data.",
                                               path=path), detail)


def _damaged_gzip(path, exc):
    return format_error(DatasetError, sentence("{path} is damaged: its gzip data cannot be read.",
                                               path=path), f"zlib: {exc}")


def _unreadable(path, exc):
    reason = exc.strerror or sentence("an input/output error")
    return format_error(DatasetError, sentence("{path} cannot be read: {reason}.", path=path,
                                               reason=reason), repr(exc))


# ---------------------------------------------------------------------------- dataset folders

@dataclass(frozen=True, eq=False)
class Dataset:
    """The four arrays of an MNIST-format dataset, as read-only uint8 arrays.

    x_* are images (N, 28, 28) with 0 = background, t_* are class labels (N,) in 0-9.
    eq=False: arrays have no single truth value, so identity is the only sane equality.
    """
    name: str
    directory: Path
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray

    @property
    def class_names(self):
        """Human-readable class names (the digits themselves when unknown)."""
        return CLASS_NAMES.get(self.name, CLASS_NAMES["mnist"])


def to_float32(images):
    """uint8 images (N, H, W) -> float32 (N, 1, H, W) in [0, 1], on the images' own device."""
    xp = get_array_module(images)
    if images.dtype != xp.uint8 or images.ndim != 3:
        raise ValueError(f"to_float32 expects uint8 images of shape (N, H, W), "
                         f"got {images.dtype} {images.shape}")
    # Divide (not multiply by 1/255) so that 255 maps to exactly 1.0.
    return images[:, None, :, :].astype(xp.float32) / xp.float32(255)


def idx_candidates(directory, key):
    """Accepted file names for one of FILES, in order of preference (.gz first, as fetch writes)."""
    stem = FILES[key]
    dotted = stem.replace("-idx", ".idx")  # e.g. train-images.idx3-ubyte, as some archives name it
    return [Path(directory) / name for name in (stem + ".gz", stem, dotted + ".gz", dotted)]


def find_idx_file(directory, key):
    """The first existing file for `key` in `directory`, or None."""
    return next((p for p in idx_candidates(directory, key) if p.is_file()), None)


def missing_files(directory):
    """Names (without .gz) of the FILES absent from `directory`."""
    return [FILES[key] for key in FILES if find_idx_file(directory, key) is None]


def is_dataset_dir(directory):
    directory = Path(directory)
    return directory.is_dir() and not missing_files(directory)


def dataset_name(directory):
    """Name a dataset folder: fashion-mnist when its path says so, mnist for a folder called
    mnist (any level, so torchvision's MNIST/raw counts), else the folder's own name."""
    directory = Path(directory).resolve()
    parts = [part.lower() for part in directory.parts]
    if any("fashion" in part for part in parts):
        return "fashion-mnist"
    if "mnist" in parts:
        return "mnist"
    return directory.name


def load_dataset(directory, verify="auto"):
    """Read and validate the four IDX files of `directory` into a Dataset.

    verify: "auto" checks SHA-256 sums when the folder is MNIST (see `dataset_name`), True always
    checks them against MNIST's, False never does. Structure is validated in every case.
    """
    if verify not in ("auto", True, False):
        raise ValueError(f"verify must be 'auto', True or False, not {verify!r}")
    directory = Path(directory)
    _checked_dir(directory)
    name = dataset_name(directory)
    check_sums = verify is True or (verify == "auto" and name == "mnist")
    paths = {key: find_idx_file(directory, key) for key in FILES}
    # every header first: a mismatch or a forged size is refused before any data is read
    shapes = {key: read_idx_header(paths[key], _kind(key)) for key in FILES}
    for split in ("train", "test"):
        _check_pair(paths, shapes, split)
    arrays = {key: _load_member(paths[key], key, shapes[key], check_sums) for key in FILES}
    return Dataset(name=name, directory=directory,
                   x_train=arrays["train_images"], t_train=arrays["train_labels"],
                   x_test=arrays["test_images"], t_test=arrays["test_labels"])


def _kind(key):
    return key.split("_")[1]  # "images" or "labels"


def _load_member(path, key, shape, check_sums):
    data = read_idx_bytes(path, _kind(key))
    array = parse_idx(data, path, _kind(key))
    if array.shape != shape:
        raise format_error(DatasetError, sentence("{path} changed while it was being read.",
                                                  path=path),
                           f"header read first: {shape}; then: {array.shape}")
    if check_sums:
        _check_sha256(path, data, MNIST_SHA256[key])
    return array


def _check_sha256(path, data, expected):
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise format_error(DatasetError, sentence("{path} differs from the real MNIST: its "
                                                  "content does not match the published "
                                                  "checksum.", path=path),
                           f"SHA-256 of the decompressed bytes is {actual}, expected {expected}")


def _check_pair(paths, shapes, split):
    images, labels = shapes[f"{split}_images"][0], shapes[f"{split}_labels"][0]
    if images != labels:
        raise format_error(DatasetError, sentence("{path} has {labels:,} labels for the "
                                                  "{images:,} images in {images_file}.",
                                                  path=paths[split + "_labels"], labels=labels,
                                                  images=images,
                                                  images_file=paths[split + "_images"].name),
                           "each image needs exactly one label")


# ---------------------------------------------------------------------------- a quick look

EXPECTED_MAGIC = {"images": 0x00000803, "labels": 0x00000801}


def dataset_problem(folder):
    """None if ``folder`` holds the four IDX files ``load_dataset`` needs, else one sentence
    naming the folder and what is wrong. Reads only each file's header and, for gzip, its last
    four bytes (the decompressed size): milliseconds, for a check on every edit of a field."""
    folder = Path(folder)
    if not folder.exists():
        return sentence("{folder} does not exist.", folder=folder)
    if not folder.is_dir():
        return sentence("{folder} is not a folder.", folder=folder)
    shapes = {}
    for key in FILES:
        path = find_idx_file(folder, key)
        if path is None:
            return sentence("{folder} has no {name}(.gz).", folder=folder, name=FILES[key])
        try:
            problem, shapes[key] = _idx_file_problem(path, key)
        except DatasetError as exc:  # not an ordinary file, or it cannot be opened
            return sentence("{folder}: {problem}", folder=folder, problem=_by_name(exc, path))
        if problem:
            return sentence("{folder}: {file} {problem}.", folder=folder, file=path.name,
                            problem=problem)
    return _count_problem(folder, shapes)


def _by_name(exc, path):
    """The sentence of `exc`, which names `path`, naming the file by its name alone: the
    sentence it goes into names the folder already. Its template is kept for a translation."""
    said = sentence_of(exc)
    if said is None:  # a plain message: the same words, untranslated
        return str(exc).replace(str(path), path.name, 1)
    values = {name: path.name if str(value) == str(path) else value
              for name, value in said.values.items()}
    return Sentence(said.template, values)


def _idx_file_problem(path, key):
    """(what is wrong with one IDX file's header and size or None, the shape it declares).
    DatasetError when the file is no ordinary file or cannot be opened."""
    try:
        head, size, gzipped, stored = _idx_head(path)
    except OSError as exc:  # BadGzipFile is an OSError too
        damaged = isinstance(exc, gzip.BadGzipFile) or not exc.strerror
        return (sentence("is damaged (its gzip data cannot be read)") if damaged
                else sentence("cannot be read ({reason})", reason=exc.strerror)), None
    except (EOFError, zlib.error):
        return sentence("is damaged (its gzip data cannot be read)"), None
    if not head:
        return sentence("is empty"), None
    kind = _kind(key)
    shape = _declared_shape(head, kind)
    if int.from_bytes(head[:4], "big") != EXPECTED_MAGIC[kind] or shape is None:
        return _not_mnist(kind), None
    if kind == "images" and shape[1:] != IMAGE_SHAPE:
        return sentence("holds {height}x{width} images, not 28x28", height=shape[1],
                        width=shape[2]), shape
    if 0 in shape:
        return sentence("holds no data"), shape
    expected = 4 + 4 * len(shape) + math.prod(shape)
    return _limit_problem(shape, kind, expected, stored) or _size_problem(size, expected,
                                                                         gzipped), shape


def _not_mnist(kind):
    if kind == "images":
        return sentence("is not an MNIST image file")
    return sentence("is not an MNIST label file")


def _limit_problem(shape, kind, expected, stored):
    if shape[0] > MAX_ITEMS:
        return sentence("declares {count:,} {held}, more than the {limit:,} DigitLab reads",
                        count=shape[0], held=HELD[kind], limit=MAX_ITEMS)
    if expected > MAX_EXPANSION * stored + EXPANSION_ALLOWANCE:
        return sentence("declares far more data than it holds (it is not a genuine dataset "
                        "file)")
    return None


def _size_problem(size, expected, gzipped):
    if gzipped:  # gzip keeps the decompressed size modulo 2**32 in its last four bytes
        if size != expected % 2**32:
            return sentence("is incomplete or damaged (was it copied completely?)")
        return None
    if size < expected:
        return sentence("is incomplete: the file ends early (was it copied completely?)")
    if size > expected:
        return sentence("has extra bytes after its data")
    return None


def _idx_head(path):
    """(first 16 decompressed bytes, decompressed size, gzipped?, bytes stored on disk) of an
    IDX file. Only an ordinary file is opened: a named pipe would block the window."""
    with open_regular_file(path, DatasetError, IDX_FILE) as f:
        stat = os.fstat(f.fileno())
        head = f.read(16)
        if head[:2] != GZIP_MAGIC:
            return head, stat.st_size, False, _stored_bytes(stat)
        f.seek(max(0, stat.st_size - 4))
        size = int.from_bytes(f.read(4), "little")
        f.seek(0)
        with gzip.GzipFile(fileobj=f, mode="rb") as inflated:
            return inflated.read(16), size, True, stat.st_size


def _declared_shape(head, kind):
    ndim = 3 if kind == "images" else 1
    if len(head) < 4 + 4 * ndim:
        return None
    return tuple(int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))


def _count_problem(folder, shapes):
    images, labels = shapes["train_images"][0], shapes["train_labels"][0]
    if images != labels:
        return sentence("{folder}: the training set has {images} images but {labels} labels.",
                        folder=folder, images=images, labels=labels)
    images, labels = shapes["test_images"][0], shapes["test_labels"][0]
    if images != labels:
        return sentence("{folder}: the test set has {images} images but {labels} labels.",
                        folder=folder, images=images, labels=labels)
    return None


# ---------------------------------------------------------------------------- where datasets live

def find_dataset_dir(explicit=None, name="mnist"):
    """The dataset folder to use: `explicit` (--data DIR), else $DIGITLAB_DATA, else bundled.

    An explicit folder or environment value that lacks the files is an error, not a silent
    fallback: the user asked for that data.
    """
    if explicit is not None:
        return _checked_dir(Path(explicit))
    from_env = os.environ.get(DATA_ENV_VAR)
    if from_env:
        directory = Path(from_env)
        return _checked_dir(directory, sentence("{folder} (from ${variable})", folder=directory,
                                                variable=DATA_ENV_VAR))
    defaults = _default_dirs(name)
    found = next((d for d in defaults if is_dataset_dir(d)), None)
    if found is None:
        raise DatasetError(sentence("no {name} dataset found (searched {searched}); pass --data "
                                    "DIR or set ${variable}, or download it with: python -m "
                                    "engine fetch --dest DIR", name=name,
                                    searched=", ".join(str(d) for d in defaults),
                                    variable=DATA_ENV_VAR))
    return found


def _checked_dir(directory, named=None):
    """`directory` if it holds the four IDX files; `named` is how a sentence names it (by
    default its path), e.g. saying where the path came from."""
    named = directory if named is None else named
    if not directory.is_dir():
        raise DatasetError(sentence("{folder}: no such dataset folder", folder=named))
    missing = missing_files(directory)
    if missing:
        raise DatasetError(sentence("{folder}: not a dataset folder, missing {files} (.gz or "
                                    "uncompressed)", folder=named, files=", ".join(missing)))
    return directory


def _default_dirs(name):
    dirs = [assets_dir() / "datasets" / name]
    if name == "fashion-mnist":
        dirs.append(DEBIAN_FASHION_DIR)
    return dirs


def known_dataset_dirs():
    """Every dataset folder available here, for a chooser: $DIGITLAB_DATA, bundled, system-wide."""
    candidates = []
    from_env = os.environ.get(DATA_ENV_VAR)
    if from_env:
        candidates.append(Path(from_env))
    bundled = assets_dir() / "datasets"
    if bundled.is_dir():
        candidates.extend(sorted(p for p in bundled.iterdir() if p.is_dir()))
    candidates.append(DEBIAN_FASHION_DIR)
    return _unique(d for d in candidates if is_dataset_dir(d))


def _unique(paths):
    seen, result = set(), []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result


def load_mnist(data_dir=None):
    """MNIST from --data DIR, $DIGITLAB_DATA or the bundled copy, validated and checksummed."""
    return load_dataset(find_dataset_dir(data_dir))
