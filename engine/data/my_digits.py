"""My digits: the student's own handwriting as data (issue 18, items 8-10).

A collection is what MNIST is (28x28 uint8 images, 0 = background, labels 0-9) plus an id per
digit, so that a digit keeps its identity through deleting, relabelling, exporting and
importing. It lives in one .npz file (``MY_DIGITS_FILE`` in the user's data folder, and the
same format for a file shared with a class). About ``HELD_OUT_SHARE`` of the digits are never
trained on: measured on those, the model's accuracy on "my handwriting" stays honest after
fine-tuning.

A digits file is untrusted input (a class swaps them): it is checked as model files are
(``files.fileio``): its size before anything is read, every member's .npy header before its
data, never a pickle, and each defect is one sentence naming the file.
"""
import dataclasses
import errno
import hashlib
import json
import math
import os
import uuid
from pathlib import Path

import numpy as np

from ..files.fileio import (
    _check_container,
    _checked_members,
    _member_header,
    _npy_header,
    _open_member,
    _open_zip,
    _unreadable,
    _Where,
    atomic_write,
    open_regular_file,
)
from ..inference import evaluate_predictions, predictions_from
from ..inspect import network_of
from ..messages import sentence
from ..nn.network import quoted
from .datasets import CLASS_NAMES, Dataset, DatasetError, to_float32
from .subsets import subset_indices

MY_DIGITS_FILE = "my_digits.npz"  # its name in the user's data folder (the GUI picks the folder)
MAX_DIGITS = 20_000  # a collection, or a file, never holds more
HELD_OUT_SHARE = 0.2  # about this share of digits is never trained on

FORMAT = "digitlab-my-digits"
FORMAT_VERSION = 1
KIND = sentence("DigitLab digits file")  # what fileio says a file should have been
SIDE = 28
CLASSES = 10
ID_LENGTH = 32
ID_DTYPE = np.dtype(f"<U{ID_LENGTH}")
HEX_CODES = np.array([ord(c) for c in "0123456789abcdef"], np.uint32)
MNIST_TRAIN_IMAGES = 60_000  # what mnist_images=None mixes in, for choosing `repeat`
# my digits' share of an epoch: at most half, so an epoch is at most twice its MNIST images
MAX_SHARE = 0.5

# Limits checked before reading: a file holds four .npy members, whose headers numpy keeps
# under a few hundred bytes, and a JSON record of a few dozen characters.
MEMBERS = {"images": "images.npy", "labels": "labels.npy", "ids": "ids.npy",
           "format": "format.npy"}
WHAT_MEMBER_IS = {"images": sentence("images"), "labels": sentence("labels"),
                  "ids": sentence("digit ids"), "format": sentence("format record")}
MAX_NPY_HEADER = 4096
MAX_FORMAT_CHARS = 1000
ZIP_ALLOWANCE = 64 * 2**10  # the zip's own records, and deflate's few bytes per stored block
DEFLATE_GROWTH = 1.001  # deflate never grows data by more than 5 bytes per 16 KB block


class MyDigitsError(ValueError):
    """A digits file that cannot be read or written, or no digit to train on: one sentence
    naming the file (when there is one) and the problem. ``detail`` holds the technical
    reason, for a "Show details" button."""

    def __init__(self, message, detail=None):
        super().__init__(message)
        self.detail = detail


# --- the held-out part ---------------------------------------------------------------------------

def is_held_out(digit_id):
    """Whether the digit with this id is held out: never trained on, measured on.

    Decided by the id alone (the first 8 bytes of its SHA-256 as a number, modulo 1000, below
    HELD_OUT_SHARE * 1000), never by a digit's place or the collection's size: a held-out digit
    stays held out whatever is added, deleted, relabelled, exported or imported, so no later
    fine-tuning can train on a digit an earlier figure was measured on.
    """
    digest = hashlib.sha256(str(digit_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 1000 < round(HELD_OUT_SHARE * 1000)


def new_digit_id():
    return uuid.uuid4().hex


def is_digit_id(text):
    """32 lowercase hexadecimal characters, as uuid4().hex writes them."""
    return (isinstance(text, str) and len(text) == ID_LENGTH
            and all(c in "0123456789abcdef" for c in text))


# --- the collection ------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, eq=False)
class MyDigits:
    """A collection of drawn digits, newest last. Immutable: every change returns a new one.

    images (N, 28, 28) uint8, 0 = background (MNIST's format); labels (N,) uint8 in 0-9;
    ids (N,) "<U32" lowercase hex (uuid4().hex), a digit's identity. All read-only.
    """

    images: np.ndarray
    labels: np.ndarray
    ids: np.ndarray

    def __post_init__(self):
        n = len(self.ids)
        for name, dtype, shape in (("images", np.uint8, (n, SIDE, SIDE)),
                                   ("labels", np.uint8, (n,)), ("ids", ID_DTYPE, (n,))):
            array = getattr(self, name)
            if not isinstance(array, np.ndarray) or array.dtype != dtype or array.shape != shape:
                raise ValueError(f"MyDigits.{name} must be {np.dtype(dtype)} of shape {shape}, "
                                 f"got {getattr(array, 'dtype', type(array).__name__)} "
                                 f"{getattr(array, 'shape', '')}")
            object.__setattr__(self, name, _read_only(array))

    @classmethod
    def empty(cls):
        return cls(np.zeros((0, SIDE, SIDE), np.uint8), np.zeros(0, np.uint8),
                   np.zeros(0, ID_DTYPE))

    def __len__(self):
        return len(self.ids)

    def add(self, image, label, digit_id=None):
        """This collection with one digit appended: `image` is the (28, 28) network input,
        floats in [0, 1] (stored as round(x * 255)) or uint8 (stored as is)."""
        if len(self) >= MAX_DIGITS:
            raise ValueError(sentence("My digits is full: it holds {count:,} digits, the most "
                                      "it can. Delete some to add more.", count=len(self)))
        stored = _stored_image(image)
        label = _checked_label(label)
        digit_id = new_digit_id() if digit_id is None else self._new_id(digit_id)
        return MyDigits(np.concatenate([self.images, stored[None]]),
                        np.append(self.labels, np.uint8(label)),
                        np.append(self.ids, np.array([digit_id], ID_DTYPE)))

    def _new_id(self, digit_id):
        if not is_digit_id(digit_id):
            raise ValueError(sentence("A digit id is 32 lowercase hexadecimal characters, not "
                                      "{value}.", value=quoted(digit_id)))
        if digit_id in self.ids:
            raise ValueError(sentence("The collection already holds a digit with id {digit_id}.",
                                      digit_id=digit_id))
        return digit_id

    def delete(self, ids):
        """This collection without the digits of `ids` (one id, or several); ids not present
        are ignored."""
        return self.part(~self._among(ids))

    def relabel(self, ids, label):
        """This collection with the digits of `ids` (one id, or several) labelled `label`."""
        label = _checked_label(label)
        labels = self.labels.copy()
        labels[self._among(ids)] = label
        return MyDigits(self.images, labels, self.ids)

    def merged(self, other):
        """(this collection with `other`'s digits whose ids are not here appended in `other`'s
        order, how many were added): importing the same file twice adds nothing the second
        time. ValueError with a sentence, and nothing added, past MAX_DIGITS."""
        new = ~np.isin(other.ids, self.ids)
        added = int(new.sum())
        if len(self) + added > MAX_DIGITS:
            raise ValueError(sentence("These {added:,} new digits do not fit: my digits holds "
                                      "{count:,} and can hold at most {limit:,}. Delete some "
                                      "first.", added=added, count=len(self), limit=MAX_DIGITS))
        if not added:
            return self, 0
        return MyDigits(np.concatenate([self.images, other.images[new]]),
                        np.concatenate([self.labels, other.labels[new]]),
                        np.concatenate([self.ids, other.ids[new]])), added

    def counts(self):
        """(10,) int64: how many digits carry each label."""
        return np.bincount(self.labels, minlength=CLASSES).astype(np.int64)

    def part(self, mask):
        """The digits where `mask` ((N,) bool) is True, in order."""
        mask = np.asarray(mask)
        if mask.dtype != np.bool_ or mask.shape != (len(self),):
            raise ValueError(f"part needs a bool mask of shape ({len(self)},), got {mask.dtype} "
                             f"{mask.shape}")
        return MyDigits(self.images[mask], self.labels[mask], self.ids[mask])

    def held_out_mask(self):
        """(N,) bool: which digits are held out (is_held_out of each id)."""
        return np.fromiter((is_held_out(i) for i in self.ids), np.bool_, len(self))

    def index_of(self, digit_id):
        """The place of the digit with this id; KeyError when there is none."""
        found = np.flatnonzero(self.ids == str(digit_id))
        if not len(found):
            raise KeyError(digit_id)
        return int(found[0])

    def _among(self, ids):
        return np.isin(self.ids, _id_array([ids] if isinstance(ids, str) else ids))


def _id_array(ids):
    """`ids` that can be digit ids, as an array to compare with: a longer text would be cut
    to 32 characters by the array's dtype and might then match another digit's id."""
    return np.array([i for i in map(str, ids) if len(i) == ID_LENGTH], dtype=ID_DTYPE)


def _read_only(array):
    view = array.view()
    view.flags.writeable = False
    return view


def _stored_image(image):
    image = np.asarray(image)
    if image.shape != (SIDE, SIDE):
        raise ValueError(sentence("A digit is a 28x28 image, not one of shape {shape}.",
                                  shape=image.shape))
    if image.dtype == np.uint8:
        return image.copy()
    if image.dtype.kind != "f":
        raise ValueError(sentence("A digit is an image of floats from 0 to 1 or of bytes "
                                  "(uint8), not of {dtype}.", dtype=str(image.dtype)))
    if not np.isfinite(image).all():
        raise ValueError(sentence("The digit's image holds NaN or infinite values."))
    return np.clip(np.rint(image.astype(np.float64) * 255), 0, 255).astype(np.uint8)


def _checked_label(label):
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, (int, np.integer)) \
            or not 0 <= label < CLASSES:
        raise ValueError(sentence("A digit's label is a whole number from 0 to 9, not {value}.",
                                  value=quoted(label)))
    return int(label)


# --- the file ------------------------------------------------------------------------------------

def save_my_digits(digits, path):
    """Write `digits` to `path` as one .npz (written whole or not at all): the user's own
    collection and an export alike. A failure (disk full, read-only folder, a folder in the
    way) raises MyDigitsError naming the file, and leaves a previous file intact."""
    if not isinstance(digits, MyDigits):
        raise TypeError(f"save_my_digits saves MyDigits, not {type(digits).__name__}")
    path = Path(path)
    record = json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "count": len(digits)})
    try:
        with atomic_write(path) as f:
            np.savez_compressed(f, images=digits.images, labels=digits.labels, ids=digits.ids,
                                format=np.array(record))
    except OSError as exc:
        raise MyDigitsError(sentence("{path} cannot be saved: {reason}.", path=path,
                                     reason=_os_reason(exc)), repr(exc)) from None


def _os_reason(exc):
    """What the system said, for the middle of a sentence: "no space left on device"."""
    if exc.errno == errno.EISDIR:
        return sentence("a folder of that name is in the way")
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason


def member_limits():
    """The most bytes each member of a full collection (MAX_DIGITS) can hold, its .npy header
    included: any member declaring more is refused before it is read."""
    per_digit = {"images": SIDE * SIDE, "labels": 1, "ids": ID_DTYPE.itemsize}
    limits = {name: MAX_NPY_HEADER + MAX_DIGITS * size for name, size in per_digit.items()}
    limits["format"] = MAX_NPY_HEADER + 4 * MAX_FORMAT_CHARS
    return limits


def max_file_bytes():
    """The largest a digits file can be: a full collection that did not compress at all."""
    return math.ceil(sum(member_limits().values()) * DEFLATE_GROWTH) + ZIP_ALLOWANCE


def load_my_digits(path):
    """Read a digits file (the user's collection or one to import); every defect raises
    MyDigitsError with one sentence naming the file. The arrays returned are read-only."""
    path = Path(path)
    where = _Where(path, MyDigitsError, KIND)
    with open_regular_file(path, MyDigitsError, KIND) as f:
        try:
            _check_file_size(f, where)
            disk_bytes = _check_container(f, where)
            with _open_zip(f, where) as archive:
                infos = _our_members(archive.infolist(), disk_bytes, where)
                # the version first: a newer file may hold other arrays
                record = _checked_format(_read_data(archive, "format", infos["format"], where),
                                         where)
                _check_count(record, _checked_count(archive, infos, where), where)
                arrays = {name: _read_data(archive, name, infos[name], where)
                          for name in ("images", "labels", "ids")}
        except OSError as exc:
            raise _unreadable(where, exc) from None
    _check_values(arrays, where)
    return MyDigits(**arrays)


def _check_file_size(f, where):
    size = os.fstat(f.fileno()).st_size
    if size > max_file_bytes():
        raise where.error(sentence("{path} is not a DigitLab digits file: at {megabytes:,.1f} MB "
                                   "it is larger than a full collection of {limit:,} digits can "
                                   "be.", path=where.path, megabytes=size / 2**20,
                                   limit=MAX_DIGITS),
                          f"{size} bytes; at most {max_file_bytes()}")


def _our_members(infos, disk_bytes, where):
    """{member: ZipInfo}, exactly ours and each no larger than a full collection's."""
    members = _checked_members(infos, disk_bytes, where)  # encryption, compression, total size
    names = [info.filename for info in infos]
    by_file = {file: name for name, file in MEMBERS.items()}
    if "format.npy" not in names:
        raise where.error(sentence("{path} is not a DigitLab digits file: it has no format "
                                   "record.", path=where.path), f"members: {quoted(names)}")
    extra = sorted(set(names) - set(by_file)) or sorted({n for n in names if names.count(n) > 1})
    if extra:
        raise where.error(sentence("{path} is not a DigitLab digits file: it holds a part "
                                   "DigitLab does not know ({part}).", path=where.path,
                                   part=quoted(extra[0])), f"members: {quoted(names, 400)}")
    missing = [name for name, file in MEMBERS.items() if file not in names]
    if missing:
        raise where.error(sentence("{path} is not a DigitLab digits file: it has no {what}.",
                                   path=where.path, what=WHAT_MEMBER_IS[missing[0]]),
                          f"missing members: {missing}")
    infos = {name: members[name] for name in MEMBERS}
    for name, limit in member_limits().items():
        if infos[name].file_size > limit:
            raise where.error(sentence("{path} is not a DigitLab digits file: its {what} are "
                                       "larger than a full collection's.", path=where.path,
                                       what=WHAT_MEMBER_IS[name]),
                              f"member {name!r} declares {infos[name].file_size} bytes; at "
                              f"most {limit}")
    return infos


def _checked_count(archive, infos, where):
    """Every array's dtype and shape, from the .npy headers alone; returns N (the count)."""
    headers = {name: _member_header(archive, name, infos[name], where)
               for name in ("images", "labels", "ids")}
    objects = [name for name, (_, _, dtype) in headers.items() if dtype.hasobject]
    if objects:
        raise where.error(sentence("{path} is not a DigitLab digits file: it holds Python "
                                   "objects, not plain arrays.", path=where.path),
                          f"members {objects} have object dtype; DigitLab never loads objects, "
                          f"which could run code")
    count = headers["labels"][0][0] if len(headers["labels"][0]) == 1 else None
    expected = {"images": (np.dtype(np.uint8), (count, SIDE, SIDE)),
                "labels": (np.dtype(np.uint8), (count,)), "ids": (ID_DTYPE, (count,))}
    for name in ("labels", "images", "ids"):  # the labels first: they give the count
        shape, _, dtype = headers[name]
        if dtype != expected[name][0] or shape != expected[name][1]:
            raise _wrong_member(name, shape, dtype, expected, headers, where)
    if count > MAX_DIGITS:
        raise where.error(sentence("{path} is not a DigitLab digits file: it holds {count:,} "
                                   "digits, more than the {limit:,} a collection can hold.",
                                   path=where.path, count=count, limit=MAX_DIGITS),
                          f"{count} digits")
    return count


def _wrong_member(name, shape, dtype, expected, headers, where):
    detail = f"member {name!r} is {dtype} {shape}, expected {expected[name][0]} " \
             f"{expected[name][1]}"
    if dtype == expected[name][0] and len(shape) == len(expected[name][1]) \
            and shape[1:] == expected[name][1][1:]:
        return where.error(sentence("{path} is damaged: it holds {labels:,} labels but "
                                    "{count:,} {what}.", path=where.path,
                                    labels=headers["labels"][0][0], count=shape[0],
                                    what=WHAT_MEMBER_IS[name]), detail)
    return where.error(sentence("{path} is not a DigitLab digits file: its {what} are not in "
                                "DigitLab's format.", path=where.path, what=WHAT_MEMBER_IS[name]),
                       detail)


def _read_data(archive, name, info, where):
    """One .npy member, its header checked, read in chunks into an array of its size (as
    fileio reads model arrays, but text too: the ids and the format record)."""
    with _open_member(archive, name, where, info) as member:
        shape, fortran, dtype = _member_npy_header(member, name, info, where)
        array = np.empty(math.prod(shape), dtype)
        buffer = memoryview(array.view(np.uint8)) if array.nbytes else memoryview(b"")
        filled = 0
        while filled < len(buffer):
            count = member.readinto(buffer[filled:filled + 2**20])
            if not count:
                raise EOFError(f"the data ends {len(buffer) - filled} bytes early")
            filled += count
    return array.reshape(shape, order="F" if fortran else "C")


def _member_npy_header(member, name, info, where):
    shape, fortran, dtype = _npy_header(member, name, info, where)
    if dtype.hasobject or dtype.kind not in "uU" or dtype.fields or dtype.subdtype:
        raise where.error(sentence("{path} is not a DigitLab digits file: it holds data that "
                                   "are not images, labels or text.", path=where.path),
                          f"member {name!r} has dtype {dtype}")
    return shape, fortran, dtype


def _checked_format(record, where):
    """The format record's fields, once they say this format and a version this DigitLab
    reads."""
    if record.shape != () or record.dtype.kind != "U":
        raise _damaged_record(where, f"format is {record.dtype} {record.shape}")
    try:
        fields = json.loads(str(record[()]))
    except (ValueError, RecursionError) as exc:
        raise _damaged_record(where, f"not JSON: {exc}") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise where.error(sentence("{path} is not a DigitLab digits file.", path=where.path),
                          f"its format record is {quoted(fields)}")
    version = fields.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged_record(where, f"version {quoted(version)}")
    if version > FORMAT_VERSION:
        raise where.error(sentence("{path} was made by a newer DigitLab (digits file version "
                                   "{version}; this version reads up to {newest}): update "
                                   "DigitLab to open it.", path=where.path,
                                   version=quoted(version), newest=FORMAT_VERSION))
    return fields


def _damaged_record(where, detail):
    return where.error(sentence("{path} is not a DigitLab digits file: its format record is "
                                "damaged.", path=where.path), detail)


def _check_count(fields, count, where):
    if fields.get("count") != count or isinstance(fields.get("count"), bool):
        raise where.error(sentence("{path} is damaged: its format record counts {counted} "
                                   "digits but it holds {count:,}.", path=where.path,
                                   counted=quoted(fields.get("count")), count=count))


def _check_values(arrays, where):
    labels, ids = arrays["labels"], arrays["ids"]
    if len(labels) and labels.max() >= CLASSES:
        raise where.error(sentence("{path} is damaged: a label is {label}, not a digit from 0 "
                                   "to 9.", path=where.path, label=int(labels.max())))
    codes = ids.view("<u4").reshape(len(ids), ID_LENGTH)
    bad = ~np.isin(codes, HEX_CODES).all(axis=1)
    if bad.any():
        raise where.error(sentence("{path} is damaged: a digit id is not 32 lowercase "
                                   "hexadecimal characters ({digit_id}).", path=where.path,
                                   digit_id=quoted(str(ids[bad][0]))))
    unique, counts = np.unique(ids, return_counts=True)
    if len(unique) < len(ids):
        raise where.error(sentence("{path} is damaged: the digit id {digit_id} appears more "
                                   "than once.", path=where.path,
                                   digit_id=str(unique[counts > 1][0])))


# --- the model's figures on my digits -------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class MyDigitsFigures:
    """A model measured on my digits: ``every`` over all of them, ``held_out`` over the
    held-out ones it never trained on (engine Predictions; None where there is no digit),
    ``held_out_ids`` the ids measured in ``held_out`` in collection order, and ``excluded`` the
    held-out digits skipped because the model's file says it trained on them."""

    every: object
    held_out: object
    held_out_ids: tuple
    excluded: int


def measure_my_digits(network, digits, trained_ids=(), progress=None, should_stop=None):
    """MyDigitsFigures of `network` (a Sequential or a LoadedModel) on `digits`.

    One pass of evaluate_predictions over every digit (``progress(done, total)`` and
    ``should_stop()`` as it takes them; EvaluationCancelled when stopped); the held-out figure
    is that pass's rows for the held-out digits not in `trained_ids`, so both figures agree
    digit for digit.
    """
    held_out = digits.held_out_mask()
    trained_on = np.isin(digits.ids, _id_array(set(trained_ids)))
    measured = held_out & ~trained_on
    excluded = int((held_out & trained_on).sum())
    if not len(digits):
        return MyDigitsFigures(None, None, (), excluded)
    every = evaluate_predictions(network, network_input(network, digits.images), digits.labels,
                                 progress=progress, should_stop=should_stop)
    held_out_figures = None
    if measured.any():
        held_out_figures = predictions_from(every.probabilities[measured],
                                            every.predicted[measured], every.labels[measured])
    return MyDigitsFigures(every, held_out_figures, tuple(str(i) for i in digits.ids[measured]),
                           excluded)


def network_input(network, images):
    """uint8 images (N, 28, 28) as the network takes them: floats in [0, 1] shaped
    (N, *input_shape), e.g. (N, 1, 28, 28) for a CNN or (N, 784) for the book's MLP."""
    config = network_of(network).config or {}
    shape = config.get("input_shape", [1, SIDE, SIDE])
    return to_float32(np.asarray(images)).reshape(len(images), *shape)


def trained_ids_of(metadata):
    """The ids of my digits a model trained on, as its file records them: a LoadedModel's
    header, or the dict model_metadata returns, at
    ``["extra"]["continued_from"]["my_digits"]["trained_ids"]``. frozenset() when absent or
    malformed: the metadata comes from a file and may have any shape."""
    record = getattr(metadata, "header", metadata)
    for key in ("extra", "continued_from", "my_digits", "trained_ids"):
        if not isinstance(record, dict):
            return frozenset()
        record = record.get(key)
    if not isinstance(record, list) or not all(is_digit_id(i) for i in record):
        return frozenset()
    return frozenset(record)


# --- fine-tuning on MNIST mixed with my digits ---------------------------------------------------

@dataclasses.dataclass(frozen=True, eq=False)
class FineTuneMix:
    """What a fine-tuning run trains on besides MNIST: my training digits (uint8, never a
    held-out one), each `repeat` times per epoch, with `mnist_images` MNIST training images
    (None: all) picked with `seed`. `trained_ids` are every id the model will have trained on,
    earlier fine-tunings' included."""

    images: np.ndarray
    labels: np.ndarray
    trained_ids: tuple
    repeat: int
    mnist_images: int
    seed: int

    def mixed_into(self, dataset):
        """A new Dataset: `mnist_images` of `dataset`'s training images followed by my digits
        `repeat` times; its test set, name and folder unchanged, so that the MNIST test
        accuracy stays comparable with the model's before. DatasetError with a sentence for a
        dataset of other things than digits (Fashion-MNIST's clothes)."""
        if list(dataset.class_names) != list(CLASS_NAMES["mnist"]):
            raise DatasetError(sentence("Fine-tuning on my digits needs a dataset of digits "
                                        "such as MNIST; {name} holds other classes.",
                                        name=dataset.name))
        x, t = np.asarray(dataset.x_train), np.asarray(dataset.t_train)
        picked = subset_indices(self.mnist_images, len(t), self.seed)
        if len(picked) < len(t):  # all of them: no copy before the one concatenate makes
            x, t = x[picked], t[picked]
        x = np.concatenate([x, np.tile(self.images, (self.repeat, 1, 1))])
        t = np.concatenate([t, np.tile(self.labels, self.repeat)])
        return Dataset(dataset.name, dataset.directory, _read_only(x), _read_only(t),
                       dataset.x_test, dataset.t_test)

    def record(self):
        """Plain JSON for the StartingPoint record (a model file's
        extra.continued_from.my_digits), which ``trained_ids_of`` reads back."""
        return {"trained_ids": list(self.trained_ids), "trained": len(self.labels),
                "repeat": self.repeat, "mnist_images": self.mnist_images,
                "share": _share(len(self.labels), self.repeat, self.mnist_images)}


def mix_for_fine_tuning(digits, mnist_images=10_000, already_trained=(), share=0.1, seed=0):
    """The FineTuneMix of `digits`: those not held out, repeated so that they make about
    `share` of an epoch beside `mnist_images` MNIST images (None: all of them, counted as
    MNIST's 60,000 when choosing the repeat). MyDigitsError with a sentence when no digit is
    in the training part."""
    _check_mix_options(mnist_images, share)
    training = ~digits.held_out_mask()
    if not training.any():
        raise MyDigitsError(_nothing_to_train(len(digits)))
    mine = digits.part(training)
    repeat = _closest_repeat(len(mine), mnist_images, share)
    trained = tuple(sorted(set(map(str, already_trained)) | set(map(str, mine.ids))))
    return FineTuneMix(mine.images, mine.labels, trained, repeat, mnist_images, int(seed))


def _check_mix_options(mnist_images, share):
    if mnist_images is not None and (isinstance(mnist_images, bool)
                                     or not isinstance(mnist_images, (int, np.integer))
                                     or mnist_images < 0):
        raise ValueError(sentence("The number of MNIST images to mix in is a whole number from "
                                  "0, not {value}.", value=quoted(mnist_images)))
    if isinstance(share, bool) or not isinstance(share, (int, float)) \
            or not 0 < share <= MAX_SHARE:
        raise ValueError(sentence("My digits' share of an epoch is a number above 0 and at most "
                                  "{most}, not {value}.", most=MAX_SHARE, value=quoted(share)))


def _nothing_to_train(count):
    if not count:
        return sentence("Add some digits first: you have none yet.")
    return sentence("Add some digits first: none of your {count:,} digits is in the training "
                    "part; {count:,} are held out.", count=count)


def _closest_repeat(mine, mnist_images, share):
    """The whole number k >= 1 that brings k * mine / (k * mine + mnist) closest to `share`."""
    mnist = MNIST_TRAIN_IMAGES if mnist_images is None else mnist_images
    ideal = share * mnist / ((1 - share) * mine)
    candidates = {max(1, math.floor(ideal)), max(1, math.ceil(ideal))}
    return min(sorted(candidates), key=lambda k: abs(_share(mine, k, mnist_images) - share))


def _share(mine, repeat, mnist_images):
    mnist = MNIST_TRAIN_IMAGES if mnist_images is None else mnist_images
    return mine * repeat / (mine * repeat + mnist)
