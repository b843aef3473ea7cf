"""MNIST-format datasets: a strict IDX reader, dataset folders and where to find them.

An IDX file (LeCun's MNIST format, big-endian) is a 4-byte magic number, one 4-byte size per
dimension, then the raw uint8 payload. Every file is untrusted input, so each defect becomes a
`DatasetError` that names the file and the problem instead of a NumPy error deep in training.

A dataset is a folder holding the four IDX files, each gzip-compressed or raw. The bundled MNIST
is also checked byte for byte against published SHA-256 sums of its decompressed content.
"""
import gzip
import hashlib
import math
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..backend import get_array_module
from ..files.fileio import read_nonempty_file
from ..files.resources import assets_dir

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


class DatasetError(ValueError):
    """A dataset file or folder is missing, unreadable or not valid MNIST-format data."""


# ---------------------------------------------------------------------------- IDX files

def read_idx(path):
    """Read one IDX file (.gz or raw) into a read-only uint8 array.

    Images come back as (N, rows, cols), labels as (N,) with every value in 0-9.
    """
    path = Path(path)
    return parse_idx(read_idx_bytes(path), path)


def read_idx_bytes(path):
    """The decompressed bytes of an IDX file; gzip is recognised by its magic bytes, not name."""
    path = Path(path)
    raw = read_nonempty_file(path, DatasetError, "an IDX file")
    if raw[:2] != GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise DatasetError(f"{path}: damaged gzip data ({exc or type(exc).__name__})") from None


def parse_idx(data, path):
    """Validate decompressed IDX `data` (header, sizes, labels 0-9) and view it as a uint8 array."""
    shape, offset = _parse_header(data, path)
    expected = math.prod(shape)
    actual = len(data) - offset
    if actual < expected:
        raise DatasetError(f"{path}: truncated: header promises {expected} bytes of data, "
                           f"only {actual} present")
    if actual > expected:
        raise DatasetError(f"{path}: {actual - expected} unexpected trailing bytes after "
                           f"the {expected} bytes the header promises")
    array = np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(shape)
    if array.ndim == 1:
        _check_label_range(array, path)
    return array


def _parse_header(data, path):
    if len(data) < 4:
        raise DatasetError(f"{path}: too short for an IDX header ({len(data)} bytes)")
    magic = int.from_bytes(data[:4], "big")
    if data[0] != 0 or data[1] != 0:
        raise DatasetError(f"{path}: not an IDX file (magic number 0x{magic:08X})")
    if data[2] != IDX_UBYTE:
        raise DatasetError(f"{path}: IDX data type 0x{data[2]:02X} is not supported "
                           f"(only unsigned bytes, 0x08)")
    if magic not in IDX_NDIM:
        raise DatasetError(f"{path}: IDX file with {data[3]} dimensions; expected 3 (images, "
                           f"magic 0x00000803) or 1 (labels, magic 0x00000801)")
    ndim = IDX_NDIM[magic]
    offset = 4 + 4 * ndim
    if len(data) < offset:
        raise DatasetError(f"{path}: IDX header cut short ({len(data)} of {offset} bytes)")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    if 0 in shape:
        raise DatasetError(f"{path}: a dimension is zero (shape {shape}); the file holds no data")
    return shape, offset


def _check_label_range(labels, path):
    bad = np.flatnonzero(labels >= NUM_CLASSES)
    if bad.size:
        index = int(bad[0])
        raise DatasetError(f"{path}: label {int(labels[index])} at index {index} is outside "
                           f"0-{NUM_CLASSES - 1}")


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
    arrays = {key: _load_member(directory, key, check_sums) for key in FILES}
    _check_pair(directory, arrays, "train")
    _check_pair(directory, arrays, "test")
    return Dataset(name=name, directory=directory,
                   x_train=arrays["train_images"], t_train=arrays["train_labels"],
                   x_test=arrays["test_images"], t_test=arrays["test_labels"])


def _load_member(directory, key, check_sums):
    path = find_idx_file(directory, key)
    data = read_idx_bytes(path)
    array = parse_idx(data, path)
    if key.endswith("images") and array.ndim != 3:
        raise DatasetError(f"{path}: holds labels, expected images")
    if key.endswith("labels") and array.ndim != 1:
        raise DatasetError(f"{path}: holds images, expected labels")
    if array.ndim == 3 and array.shape[1:] != IMAGE_SHAPE:
        raise DatasetError(f"{path}: images are {array.shape[1]}x{array.shape[2]}, expected 28x28")
    if check_sums:
        _check_sha256(path, data, MNIST_SHA256[key])
    return array


def _check_sha256(path, data, expected):
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise DatasetError(f"{path}: content differs from MNIST (SHA-256 of the decompressed "
                           f"bytes is {actual}, expected {expected})")


def _check_pair(directory, arrays, split):
    images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
    if len(images) != len(labels):
        raise DatasetError(
            f"{find_idx_file(directory, split + '_labels')}: {len(labels)} labels for "
            f"{len(images)} images in {find_idx_file(directory, split + '_images').name}")


# ---------------------------------------------------------------------------- a quick look

EXPECTED_MAGIC = {"images": 0x00000803, "labels": 0x00000801}


def dataset_problem(folder):
    """None if ``folder`` holds the four IDX files ``load_dataset`` needs, else one sentence
    naming the folder and what is wrong. Reads only each file's header and, for gzip, its last
    four bytes (the decompressed size): milliseconds, for a check on every edit of a field."""
    folder = Path(folder)
    if not folder.exists():
        return f"{folder} does not exist."
    if not folder.is_dir():
        return f"{folder} is not a folder."
    shapes = {}
    for key in FILES:
        path = find_idx_file(folder, key)
        if path is None:
            return f"{folder} has no {FILES[key]}(.gz)."
        problem, shapes[key] = _idx_file_problem(path, key)
        if problem:
            return f"{folder}: {path.name} {problem}."
    return _count_problem(folder, shapes)


def _idx_file_problem(path, key):
    """(what is wrong with one IDX file's header and size or None, the shape it declares)."""
    try:
        head, size, gzipped = _idx_head(path)
    except OSError as exc:  # BadGzipFile is an OSError too
        damaged = isinstance(exc, gzip.BadGzipFile) or not exc.strerror
        return ("is damaged (its gzip data cannot be read)" if damaged
                else f"cannot be read ({exc.strerror})"), None
    except (EOFError, zlib.error):
        return "is damaged (its gzip data cannot be read)", None
    if not head:
        return "is empty", None
    kind = key.split("_")[1]  # images or labels
    shape = _declared_shape(head, kind)
    if int.from_bytes(head[:4], "big") != EXPECTED_MAGIC[kind] or shape is None:
        return f"is not an MNIST {kind[:-1]} file", None
    if kind == "images" and shape[1:] != IMAGE_SHAPE:
        return f"holds {shape[1]}x{shape[2]} images, not 28x28", shape
    if 0 in shape:
        return "holds no data", shape
    return _size_problem(size, 4 + 4 * len(shape) + math.prod(shape), gzipped), shape


def _size_problem(size, expected, gzipped):
    if gzipped:  # gzip keeps the decompressed size modulo 2**32 in its last four bytes
        if size != expected % 2**32:
            return "is incomplete or damaged (was it copied completely?)"
        return None
    if size < expected:
        return "is incomplete: the file ends early (was it copied completely?)"
    if size > expected:
        return "has extra bytes after its data"
    return None


def _idx_head(path):
    """(first 16 decompressed bytes, decompressed size, gzipped?) of an IDX file."""
    with open(path, "rb") as f:
        head = f.read(16)
        size = f.seek(0, 2)
        if head[:2] != GZIP_MAGIC:
            return head, size, False
        f.seek(max(0, size - 4))
        size = int.from_bytes(f.read(4), "little")
    with gzip.open(path, "rb") as f:
        return f.read(16), size, True


def _declared_shape(head, kind):
    ndim = 3 if kind == "images" else 1
    if len(head) < 4 + 4 * ndim:
        return None
    return tuple(int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))


def _count_problem(folder, shapes):
    for split, name in (("train", "training"), ("test", "test")):
        images, labels = shapes[f"{split}_images"][0], shapes[f"{split}_labels"][0]
        if images != labels:
            return f"{folder}: the {name} set has {images} images but {labels} labels."
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
        return _checked_dir(Path(from_env), f" (from ${DATA_ENV_VAR})")
    defaults = _default_dirs(name)
    found = next((d for d in defaults if is_dataset_dir(d)), None)
    if found is None:
        searched = ", ".join(str(d) for d in defaults)
        raise DatasetError(f"no {name} dataset found (searched {searched}); pass --data DIR or "
                           f"set ${DATA_ENV_VAR}, or download it with: "
                           "python -m engine fetch --dest DIR")
    return found


def _checked_dir(directory, origin=""):
    """`directory` if it holds the four IDX files; `origin` says where the path came from."""
    if not directory.is_dir():
        raise DatasetError(f"{directory}{origin}: no such dataset folder")
    missing = missing_files(directory)
    if missing:
        raise DatasetError(f"{directory}{origin}: not a dataset folder, missing "
                           f"{', '.join(missing)} (.gz or uncompressed)")
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
