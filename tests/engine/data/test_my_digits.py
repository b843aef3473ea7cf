"""My digits (issue 18 items 8-10): a collection that keeps each digit's identity, one file that
round-trips bit for bit and refuses every damage with one sentence naming it, a held-out part
decided by the id alone, the model's figures on it, and MNIST mixed with the training part."""
import dataclasses
import errno
import hashlib
import io
import json
import os
import warnings
import zipfile
from contextlib import contextmanager

import numpy as np
import pytest

import engine
from engine.data import my_digits as md
from engine.data.datasets import to_float32
from engine.data.my_digits import (
    MyDigits,
    MyDigitsError,
    is_held_out,
    load_my_digits,
    measure_my_digits,
    mix_for_fine_tuning,
    save_my_digits,
    trained_ids_of,
)
from engine.data.subsets import subset_indices
from engine.files import fileio
from engine.files.modelio import load_model, save_model
from engine.inference import EvaluationCancelled, evaluate_predictions
from engine.nn.network import build_network
from engine.training.presets import mlp_config

from ceilings import peak_of
from fakes import tiny_dataset

MB = 2**20


def ids_from(seed, count):
    rng = np.random.default_rng(seed)
    return [rng.bytes(16).hex() for _ in range(count)]


def ids_where(held_out, count, seed=1):
    """`count` ids that are all held out (True) or all in the training part (False)."""
    return [i for i in ids_from(seed, 40 * count) if is_held_out(i) == held_out][:count]


def distinct_images(count, start=0):
    """Images no two alike, and unlike any of tiny_dataset's (its bottom row is never 200)."""
    images = np.zeros((count, 28, 28), np.uint8)
    numbers = np.arange(start, start + count)
    images[:, 0, 0], images[:, 0, 1] = numbers % 256, numbers // 256
    images[:, 27, :] = 200
    images[:, 5:20, 10:18] = (numbers % 7 * 30 + 50)[:, None, None]
    return images


def collection(count=30, seed=0, ids=None):
    ids = ids_from(seed, count) if ids is None else list(ids)
    labels = (np.arange(len(ids)) % 10).astype(np.uint8)
    return MyDigits(distinct_images(len(ids), start=1000 * seed), labels,
                    np.array(ids, dtype="<U32"))


def assert_same(a, b):
    for name in ("images", "labels", "ids"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.dtype == right.dtype and np.array_equal(left, right), name


def assert_read_only(digits):
    for name in ("images", "labels", "ids"):
        assert not getattr(digits, name).flags.writeable, name


# --- the collection ------------------------------------------------------------------------------

def test_an_empty_collection():
    digits = MyDigits.empty()
    assert len(digits) == 0 and digits.images.shape == (0, 28, 28)
    assert digits.images.dtype == np.uint8 and digits.labels.dtype == np.uint8
    assert digits.ids.dtype == np.dtype("<U32")
    np.testing.assert_array_equal(digits.counts(), np.zeros(10, np.int64))
    assert_read_only(digits)


def test_add_stores_floats_as_bytes_and_bytes_as_they_are():
    drawn = np.zeros((28, 28))
    drawn[0, :5] = [0.2, 0.5, 1.0, 1.5, -0.1]
    raw = np.arange(784, dtype=np.int64).reshape(28, 28).astype(np.uint8)
    digits = MyDigits.empty().add(drawn, 3).add(raw, np.uint8(7), digit_id="ab" * 16)
    assert len(digits) == 2
    np.testing.assert_array_equal(digits.images[0, 0, :5], [51, 128, 255, 255, 0])
    np.testing.assert_array_equal(digits.images[1], raw)
    np.testing.assert_array_equal(digits.labels, [3, 7])
    assert digits.ids[1] == "ab" * 16 and md.is_digit_id(str(digits.ids[0]))
    assert len(digits.delete("ab" * 16 + "c")) == 2  # a longer text is no id, even cut short
    assert digits.labels.dtype == np.uint8 and digits.images.dtype == np.uint8
    assert_read_only(digits)


def test_add_appends_and_never_changes_the_collection_it_came_from():
    before = collection(5)
    after = before.add(np.ones((28, 28), np.float32), 9)
    assert len(before) == 5 and len(after) == 6
    assert_same(after.part(np.arange(6) < 5), before)
    assert after.labels[-1] == 9 and after.ids[-1] not in before.ids


@pytest.mark.parametrize("image, label, digit_id, fragment", [
    (np.zeros((28, 27)), 1, None, "28x28"),
    (np.zeros((1, 28, 28)), 1, None, "28x28"),
    (np.full((28, 28), np.nan), 1, None, "NaN"),
    (np.full((28, 28), np.inf), 1, None, "NaN or infinite"),
    (np.zeros((28, 28), np.int64), 1, None, "not of int64"),
    (np.zeros((28, 28)), 10, None, "from 0 to 9, not 10"),
    (np.zeros((28, 28)), -1, None, "not -1"),
    (np.zeros((28, 28)), True, None, "not True"),
    (np.zeros((28, 28)), 3.0, None, "not 3.0"),
    (np.zeros((28, 28)), 1, "ABCD" * 8, "32 lowercase hexadecimal"),
    (np.zeros((28, 28)), 1, "abc", "32 lowercase hexadecimal"),
])
def test_add_refuses_a_bad_digit_with_a_sentence(image, label, digit_id, fragment):
    digits = collection(3)
    with pytest.raises(ValueError) as refused:
        digits.add(image, label, digit_id)
    assert fragment in str(refused.value) and str(refused.value).endswith(".")
    assert len(digits) == 3


def test_add_refuses_an_id_already_there():
    digits = collection(3)
    with pytest.raises(ValueError, match="already holds"):
        digits.add(np.zeros((28, 28)), 1, str(digits.ids[1]))


def test_a_full_collection_refuses_one_more(monkeypatch):
    monkeypatch.setattr(md, "MAX_DIGITS", 4)
    digits = collection(4)
    with pytest.raises(ValueError) as refused:
        digits.add(np.zeros((28, 28)), 1)
    assert str(refused.value) == "My digits is full: it holds 4 digits, the most it can. " \
                                 "Delete some to add more."


def test_delete_removes_those_ids_and_ignores_absent_ones():
    digits = collection(6)
    ids = [str(i) for i in digits.ids]
    left = digits.delete([ids[1], ids[4], "0" * 32])
    assert list(left.ids) == [ids[0], ids[2], ids[3], ids[5]]
    np.testing.assert_array_equal(left.images, digits.images[[0, 2, 3, 5]])
    np.testing.assert_array_equal(left.labels, digits.labels[[0, 2, 3, 5]])
    assert list(digits.delete(ids[0]).ids) == ids[1:]  # one id as a string
    assert_same(digits.delete([]), digits)
    assert len(digits) == 6
    assert_read_only(left)


def test_relabel_changes_only_those_labels():
    digits = collection(6)
    ids = [str(i) for i in digits.ids]
    relabelled = digits.relabel([ids[0], ids[5], "f" * 32], 8)
    np.testing.assert_array_equal(relabelled.labels, [8, 1, 2, 3, 4, 8])
    np.testing.assert_array_equal(relabelled.images, digits.images)
    np.testing.assert_array_equal(relabelled.ids, digits.ids)
    np.testing.assert_array_equal(digits.labels, [0, 1, 2, 3, 4, 5])
    assert relabelled.labels.dtype == np.uint8
    with pytest.raises(ValueError, match="from 0 to 9, not 12"):
        digits.relabel(ids[0], 12)


def test_merged_appends_the_new_digits_in_their_order_and_says_how_many():
    mine = collection(4, seed=0)
    theirs = collection(5, seed=1)
    shared = theirs.part(np.array([False, True, False, True, False]))
    both, added = mine.merged(shared)
    assert added == 2 and len(both) == 6
    everything, added = both.merged(theirs)
    assert added == 3
    expected = np.concatenate([mine.ids, theirs.ids[[1, 3, 0, 2, 4]]])
    np.testing.assert_array_equal(everything.ids, expected)
    assert everything.index_of(theirs.ids[2]) == 7
    np.testing.assert_array_equal(everything.images[7], theirs.images[2])
    again, added = everything.merged(theirs)
    assert added == 0 and len(again) == 9


def test_merged_keeps_this_collections_label_for_an_id_both_have():
    mine = collection(3)
    theirs = mine.relabel(str(mine.ids[0]), 9)
    merged, added = mine.merged(theirs)
    assert added == 0 and merged.labels[0] == 0


def test_merged_past_the_limit_adds_nothing(monkeypatch):
    monkeypatch.setattr(md, "MAX_DIGITS", 6)
    mine, theirs = collection(4, seed=0), collection(3, seed=1)
    with pytest.raises(ValueError) as refused:
        mine.merged(theirs)
    assert str(refused.value) == "These 3 new digits do not fit: my digits holds 4 and can " \
                                 "hold at most 6. Delete some first."
    assert len(mine.merged(theirs.part(np.array([True, True, False])))[0]) == 6


def test_counts_part_index_of():
    digits = collection(23)
    np.testing.assert_array_equal(digits.counts(), [3, 3, 3, 2, 2, 2, 2, 2, 2, 2])
    assert digits.counts().dtype == np.int64
    even = digits.part(digits.labels % 2 == 0)
    assert list(even.labels) == [0, 2, 4, 6, 8] * 2 + [0, 2]
    assert digits.index_of(str(digits.ids[17])) == 17
    with pytest.raises(KeyError):
        digits.index_of("0" * 32)
    with pytest.raises(ValueError):
        digits.part(np.ones(22, bool))


def test_a_collection_refuses_arrays_of_the_wrong_kind():
    digits = collection(2)
    with pytest.raises(ValueError, match="images must be uint8"):
        MyDigits(digits.images.astype(np.float32), digits.labels, digits.ids)
    with pytest.raises(ValueError, match="labels must be uint8"):
        MyDigits(digits.images, digits.labels[:1], digits.ids)


# --- the held-out part ---------------------------------------------------------------------------

def test_held_out_is_the_ids_hash_alone():
    for digit_id in ids_from(5, 200):
        number = int.from_bytes(hashlib.sha256(digit_id.encode()).digest()[:8], "big")
        assert is_held_out(digit_id) == (number % 1000 < 200)


def test_about_the_held_out_share_of_10000_ids_is_held_out():
    share = np.mean([is_held_out(i) for i in ids_from(6, 10_000)])
    assert abs(share - engine.HELD_OUT_SHARE) < 0.01  # binomial: 0.004 is one standard deviation


def test_a_held_out_digit_stays_held_out_whatever_else_changes(tmp_path):
    digits = collection(60)
    held = {str(i) for i in digits.ids[digits.held_out_mask()]}
    assert 0 < len(held) < 60
    changed = digits.delete(digits.ids[:20]).relabel(digits.ids[30:40], 1)
    changed = changed.merged(collection(30, seed=3))[0].add(np.zeros((28, 28)), 2)
    save_my_digits(changed, tmp_path / "class.npz")
    imported, _ = MyDigits.empty().merged(load_my_digits(tmp_path / "class.npz"))
    mask = imported.held_out_mask()
    for digit_id, flag in zip(imported.ids, mask, strict=True):
        if str(digit_id) in {str(i) for i in digits.ids}:
            assert flag == (str(digit_id) in held)


# --- the file: round trips -----------------------------------------------------------------------

@pytest.mark.parametrize("count", [0, 1, 57])
def test_save_then_load_is_bit_for_bit(tmp_path, count):
    digits = collection(count)
    rng = np.random.default_rng(count)
    digits = MyDigits(rng.integers(0, 256, (count, 28, 28), dtype=np.uint8),
                      rng.integers(0, 10, count).astype(np.uint8), digits.ids)
    path = tmp_path / engine.MY_DIGITS_FILE
    save_my_digits(digits, path)
    loaded = load_my_digits(path)
    assert_same(loaded, digits)
    assert_read_only(loaded)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["format.npy", "ids.npy", "images.npy", "labels.npy"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        record = np.load(io.BytesIO(archive.read("format.npy")), allow_pickle=False)
    assert record.shape == () and record.dtype.kind == "U"
    assert json.loads(str(record)) == {"format": "digitlab-my-digits", "version": 1,
                                       "count": count}


def test_a_full_collection_round_trips(tmp_path, monkeypatch):
    monkeypatch.setattr(md, "MAX_DIGITS", 300)
    digits = collection(300)
    save_my_digits(digits, tmp_path / "full.npz")
    assert_same(load_my_digits(tmp_path / "full.npz"), digits)


def test_export_then_import_twice_adds_nothing_the_second_time(tmp_path):
    mine, theirs = collection(10, seed=0), collection(12, seed=1)
    save_my_digits(theirs, tmp_path / "export.npz")
    once, added = mine.merged(load_my_digits(tmp_path / "export.npz"))
    twice, added_again = once.merged(load_my_digits(tmp_path / "export.npz"))
    assert (added, added_again) == (12, 0)
    assert_same(twice, once)
    assert_same(once.part(np.arange(22) >= 10), theirs)


def test_saving_over_a_file_replaces_it_whole(tmp_path):
    path = tmp_path / "mine.npz"
    save_my_digits(collection(20), path)
    save_my_digits(collection(3, seed=4), path)
    assert_same(load_my_digits(path), collection(3, seed=4))
    assert sorted(os.listdir(tmp_path)) == ["mine.npz"]


# --- the file: saving fails ----------------------------------------------------------------------

class FullDisk:
    """A file whose disk fills up after the first write: every method but write is the real
    file's."""

    def __init__(self, file):
        self.file, self.writes = file, 0

    def write(self, data):
        self.writes += 1
        if self.writes > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)


@contextmanager
def atomic_write_on_a_full_disk(path, mode="wb"):
    with fileio.atomic_write(path, mode) as f:
        yield FullDisk(f)


def test_a_full_disk_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "my_digits.npz"
    save_my_digits(collection(5), path)
    before = path.read_bytes()
    monkeypatch.setattr(md, "atomic_write", atomic_write_on_a_full_disk)
    with pytest.raises(MyDigitsError) as refused:
        save_my_digits(collection(50, seed=2), path)
    assert str(refused.value) == f"{path} cannot be saved: no space left on device."
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["my_digits.npz"]  # no temporary file left


def test_a_read_only_folder_is_refused_with_a_sentence(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    save_my_digits(collection(5), folder / "my_digits.npz")
    before = (folder / "my_digits.npz").read_bytes()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) can write a read-only folder")
        with pytest.raises(MyDigitsError) as refused:
            save_my_digits(collection(9), folder / "my_digits.npz")
        assert str(refused.value) == f"{folder / 'my_digits.npz'} cannot be saved: " \
                                     f"permission denied."
        assert (folder / "my_digits.npz").read_bytes() == before
    finally:
        folder.chmod(0o700)


def test_a_read_only_disk_is_refused_with_a_sentence(tmp_path, monkeypatch):
    """As root the test above cannot refuse anything: the system's answer, simulated."""
    path = tmp_path / "my_digits.npz"
    save_my_digits(collection(5), path)
    before = path.read_bytes()

    def read_only(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", dir)

    monkeypatch.setattr(fileio.tempfile, "mkstemp", read_only)
    with pytest.raises(MyDigitsError) as refused:
        save_my_digits(collection(9), path)
    assert str(refused.value) == f"{path} cannot be saved: read-only file system."
    assert path.read_bytes() == before


def test_a_folder_in_the_way_is_refused_with_a_sentence(tmp_path):
    (tmp_path / "my_digits.npz").mkdir()
    with pytest.raises(MyDigitsError) as refused:
        save_my_digits(collection(2), tmp_path / "my_digits.npz")
    assert str(refused.value) == f"{tmp_path / 'my_digits.npz'} cannot be saved: a folder of " \
                                 f"that name is in the way."
    assert os.listdir(tmp_path / "my_digits.npz") == []


# --- the file: every damage refused with a sentence ----------------------------------------------

def npy_bytes(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=allow_pickle)
    return buffer.getvalue()


def good_members(digits=None, **record):
    digits = collection(6) if digits is None else digits
    fields = {"format": "digitlab-my-digits", "version": 1, "count": len(digits), **record}
    return {"images.npy": npy_bytes(digits.images), "labels.npy": npy_bytes(digits.labels),
            "ids.npy": npy_bytes(digits.ids), "format.npy": npy_bytes(np.array(json.dumps(fields)))}


def write_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def replaced(**changes):
    """A good file's members with some replaced (bytes) or removed (None)."""
    def make(path):
        members = {**good_members(), **{f"{name}.npy": data for name, data in changes.items()}}
        return write_zip(path, {name: data for name, data in members.items() if data is not None})
    return make


def with_record(**record):
    return lambda path: write_zip(path, good_members(**record))


def with_ids(ids):
    def make(path):
        members = good_members()
        members["ids.npy"] = npy_bytes(np.array(ids, dtype="<U32"))
        return write_zip(path, members)
    return make


def saved_then(change):
    def make(path):
        rng = np.random.default_rng(0)
        digits = collection(40)
        save_my_digits(MyDigits(rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
                                digits.labels, digits.ids), path)
        path.write_bytes(change(path.read_bytes(), path))
        return path
    return make


def truncated(data, path):
    return data[:len(data) // 2]


def flipped_in_images(data, path):
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("images.npy")
    name_and_extra = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28],
                                    "little") + int.from_bytes(
        data[info.header_offset + 28:info.header_offset + 30], "little")
    middle = info.header_offset + 30 + name_and_extra + info.compress_size // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


TRIPPED = []


def trip():
    TRIPPED.append("unpickled")


class Tripwire:
    """Unpickling it calls trip(): it records that something was unpickled."""

    def __reduce__(self):
        return (trip, ())


def object_ids(path):
    members = good_members()
    objects = np.empty(6, dtype=object)
    objects[:] = [Tripwire() for _ in range(6)]
    members["ids.npy"] = npy_bytes(objects, allow_pickle=True)
    return write_zip(path, members)


def text_file(path):
    path.write_text("these are my digits\n")
    return path


def empty_file(path):
    path.write_bytes(b"")
    return path


def bare_npy(path):
    path.write_bytes(npy_bytes(collection(3).images))
    return path


def six_labels_five_images(path):
    members = good_members()
    members["images.npy"] = npy_bytes(collection(5).images)
    return write_zip(path, members)


def duplicate_member(path):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in good_members().items():
            archive.writestr(name, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: the point here
            archive.writestr("labels.npy", npy_bytes(np.zeros(6, np.uint8)))
    return path


DAMAGED = {
    "a text file": (text_file, "is not a DigitLab digits file."),
    "an empty file": (empty_file, "is empty."),
    "a bare .npy": (bare_npy, "is not a DigitLab digits file: it holds a single array."),
    "a truncated zip": (saved_then(truncated), "is incomplete: the file ends early"),
    "a flipped byte": (saved_then(flipped_in_images), "is damaged: a part of it cannot be read."),
    "no labels": (replaced(labels=None), "is not a DigitLab digits file: it has no labels."),
    "no images": (replaced(images=None), "is not a DigitLab digits file: it has no images."),
    "no ids": (replaced(ids=None), "is not a DigitLab digits file: it has no digit ids."),
    "no format": (replaced(format=None),
                  "is not a DigitLab digits file: it has no format record."),
    "an extra member": (replaced(notes=npy_bytes(np.zeros(3))),
                        "is not a DigitLab digits file: it holds a part DigitLab does not know "
                        "('notes.npy')."),
    "a member twice": (duplicate_member, "it holds a part DigitLab does not know"),
    "object ids": (object_ids, "it holds Python objects, not plain arrays."),
    "float images": (replaced(images=npy_bytes(collection(6).images.astype(np.float32))),
                     "its images are not in DigitLab's format."),
    "a float format record": (replaced(format=npy_bytes(np.float64(1.0))),
                              "it holds data that are not images, labels or text."),
    "images of the wrong shape": (replaced(images=npy_bytes(np.zeros((6, 28, 27), np.uint8))),
                                  "its images are not in DigitLab's format."),
    "flat images": (replaced(images=npy_bytes(np.zeros((6, 784), np.uint8))),
                    "its images are not in DigitLab's format."),
    "int64 labels": (replaced(labels=npy_bytes(np.zeros(6, np.int64))),
                     "its labels are not in DigitLab's format."),
    "2-D labels": (replaced(labels=npy_bytes(np.zeros((6, 1), np.uint8))),
                   "its labels are not in DigitLab's format."),
    "short ids": (replaced(ids=npy_bytes(np.array(["abc"] * 6))),
                  "its digit ids are not in DigitLab's format."),
    "a count mismatch": (six_labels_five_images, "is damaged: it holds 6 labels but 5 images."),
    "ids of another count": (with_ids(ids_from(1, 7)), "it holds 6 labels but 7 digit ids."),
    "label 10": (replaced(labels=npy_bytes(np.array([1, 2, 10, 3, 4, 5], np.uint8))),
                 "is damaged: a label is 10, not a digit from 0 to 9."),
    "duplicate ids": (with_ids(["ab" * 16] * 2 + ids_from(1, 4)),
                      f"is damaged: the digit id {'ab' * 16} appears more than once."),
    "uppercase ids": (with_ids(["AB" * 16] + ids_from(1, 5)),
                      "is damaged: a digit id is not 32 lowercase hexadecimal characters "
                      f"('{'AB' * 16}')."),
    "a short id": (with_ids(["abc"] + ids_from(1, 5)),
                   "a digit id is not 32 lowercase hexadecimal characters ('abc')."),
    "a future version": (with_record(version=2),
                         "was made by a newer DigitLab (digits file version 2; this version "
                         "reads up to 1): update DigitLab to open it."),
    "another format": (with_record(format="digitlab-model"), "is not a DigitLab digits file."),
    "a version that is not a number": (with_record(version="1"),
                                       "its format record is damaged."),
    "a count that disagrees": (with_record(count=7),
                               "is damaged: its format record counts 7 digits but it holds 6."),
    "a format record that is not JSON": (replaced(format=npy_bytes(np.array("{not json"))),
                                         "its format record is damaged."),
    "a format record of numbers": (replaced(format=npy_bytes(np.arange(3, dtype=np.uint8))),
                                   "its format record is damaged."),
}


@pytest.mark.parametrize("make, expected", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_refused_with_one_sentence_naming_it(tmp_path, make, expected):
    path = make(tmp_path / "my_digits.npz")
    with pytest.raises(MyDigitsError) as refused:
        load_my_digits(path)
    message = str(refused.value)
    assert message.startswith(f"{path} ") and expected in message
    assert message.endswith(".") and "\n" not in message
    assert "Error" not in message and "Errno" not in message


def test_an_object_member_is_refused_without_unpickling_it(tmp_path):
    TRIPPED.clear()
    path = object_ids(tmp_path / "pickled.npz")
    with pytest.raises(MyDigitsError, match="Python objects"):
        load_my_digits(path)
    assert TRIPPED == []
    np.load(io.BytesIO(zipfile.ZipFile(path).read("ids.npy")), allow_pickle=True)
    assert TRIPPED == ["unpickled"] * 6  # the trap works: loading it would have fired


@pytest.mark.parametrize("megabytes, sentence", [
    (10, "is not a DigitLab digits file: its images are larger than a full collection's."),
    (64, "is too large for a DigitLab digits file: it unpacks to 64.0 MB, more than DigitLab "
         "reads from a file of "),
])
def test_a_zip_bomb_member_is_refused_before_it_is_unpacked(tmp_path, monkeypatch, megabytes,
                                                           sentence):
    """Images of 64 MB of zeros deflate to 64 KB: more than a full collection's images (here
    of 100 digits), which the zip's table of contents says before anything is inflated."""
    monkeypatch.setattr(md, "MAX_DIGITS", 100)
    members = good_members()
    members["images.npy"] = npy_bytes(np.zeros((megabytes * MB // 784, 28, 28), np.uint8))
    path = write_zip(tmp_path / "bomb.npz", members)
    assert path.stat().st_size < 200_000

    def load():
        with pytest.raises(MyDigitsError) as refused:
            load_my_digits(path)
        assert str(refused.value).startswith(f"{path} {sentence}")
    assert peak_of(load) < 4 * MB


def test_a_member_whose_header_lies_about_its_size_is_refused_unread(tmp_path):
    """The .npy header says a million images, the member holds six: nothing is allocated."""
    members = good_members()
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|u1", "fortran_order": False,
                                                  "shape": (10**6, 28, 28)})
    members["images.npy"] = header.getvalue() + bytes(6 * 784)
    path = write_zip(tmp_path / "liar.npz", members)
    with pytest.raises(MyDigitsError) as refused:
        load_my_digits(path)
    assert str(refused.value) == f"{path} is damaged: a part of it cannot be read."


def test_more_digits_than_a_collection_holds(tmp_path, monkeypatch):
    path = tmp_path / "many.npz"
    save_my_digits(collection(12), path)
    monkeypatch.setattr(md, "MAX_DIGITS", 10)
    with pytest.raises(MyDigitsError) as refused:
        load_my_digits(path)
    assert str(refused.value) == f"{path} is not a DigitLab digits file: it holds 12 digits, " \
                                 f"more than the 10 a collection can hold."


def test_a_file_larger_than_a_full_collection_is_refused_unread(tmp_path):
    path = tmp_path / "huge.npz"
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(md.max_file_bytes() + 1)  # sparse: costs no disk
    assert md.max_file_bytes() < 20 * MB  # a full collection of 20,000 digits, uncompressed

    def load():
        with pytest.raises(MyDigitsError) as refused:
            load_my_digits(path)
        assert str(refused.value).startswith(f"{path} is not a DigitLab digits file: at 17.5 MB "
                                             f"it is larger than a full collection")
    assert peak_of(load) < MB


def test_missing_unreadable_and_a_folder(tmp_path):
    with pytest.raises(MyDigitsError) as refused:
        load_my_digits(tmp_path / "none.npz")
    assert str(refused.value) == f"{tmp_path / 'none.npz'} does not exist."
    with pytest.raises(MyDigitsError) as refused:
        load_my_digits(tmp_path)
    assert str(refused.value) == f"{tmp_path} is a folder, not a DigitLab digits file."
    path = tmp_path / "locked.npz"
    save_my_digits(collection(2), path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user (root) can read a file without permissions")
        with pytest.raises(MyDigitsError) as refused:
            load_my_digits(path)
        assert str(refused.value) == f"{path} cannot be read: Permission denied."
    finally:
        path.chmod(0o600)


# --- the model's figures -------------------------------------------------------------------------

def small_network():
    return build_network(mlp_config(hidden=(16,), seed=3))


def test_the_figures_are_evaluate_predictions_on_the_same_images(tmp_path):
    net = small_network()
    digits = collection(80)
    figures = measure_my_digits(net, digits)
    expected = evaluate_predictions(net, to_float32(digits.images), digits.labels)
    np.testing.assert_array_equal(figures.every.predicted, expected.predicted)
    np.testing.assert_array_equal(figures.every.confusion, expected.confusion)
    assert figures.every.accuracy == expected.accuracy
    held = digits.held_out_mask()
    assert 0 < held.sum() < 80
    alone = evaluate_predictions(net, to_float32(digits.images[held]), digits.labels[held])
    np.testing.assert_array_equal(figures.held_out.predicted, alone.predicted)
    np.testing.assert_array_equal(figures.held_out.confusion, alone.confusion)
    assert figures.held_out.accuracy == alone.accuracy
    assert figures.held_out_ids == tuple(str(i) for i in digits.ids[held])
    assert figures.excluded == 0
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    assert measure_my_digits(loaded, digits).every.accuracy == expected.accuracy


def test_the_bundled_model_reads_mnist_digits_stored_as_mine():
    loaded = load_model(engine.bundled_model_path())
    dataset = engine.load_dataset(engine.find_dataset_dir(None))
    digits = MyDigits(dataset.x_test[:200].copy(), dataset.t_test[:200].copy(),
                      np.array(ids_from(8, 200), dtype="<U32"))
    figures = measure_my_digits(loaded, digits)
    expected = evaluate_predictions(loaded, to_float32(dataset.x_test[:200]), dataset.t_test[:200])
    assert figures.every.accuracy == expected.accuracy > 0.95


def test_digits_the_model_trained_on_are_not_measured_as_held_out():
    net = small_network()
    digits = collection(80)
    held_ids = [str(i) for i in digits.ids[digits.held_out_mask()]]
    trained = held_ids[:3] + [str(digits.ids[~digits.held_out_mask()][0]), "f" * 32]
    figures = measure_my_digits(net, digits, trained_ids=trained)
    assert figures.excluded == 3
    assert figures.held_out_ids == tuple(held_ids[3:])
    assert len(figures.held_out.labels) == len(held_ids) - 3
    assert len(figures.every.labels) == 80
    everything = measure_my_digits(net, digits, trained_ids=held_ids)
    assert everything.held_out is None and everything.held_out_ids == ()
    assert everything.excluded == len(held_ids)


def test_no_digits_no_figures_and_no_held_out_digit():
    figures = measure_my_digits(small_network(), MyDigits.empty())
    assert (figures.every, figures.held_out, figures.held_out_ids, figures.excluded) == \
           (None, None, (), 0)
    trained_only = collection(ids=ids_where(False, 5))
    figures = measure_my_digits(small_network(), trained_only)
    assert len(figures.every.labels) == 5 and figures.held_out is None


def test_progress_and_stopping_reach_the_evaluation():
    digits = collection(30)
    seen = []
    measure_my_digits(small_network(), digits, progress=lambda done, total: seen.append(
        (done, total)))
    assert seen == [(30, 30)]
    with pytest.raises(EvaluationCancelled):
        measure_my_digits(small_network(), digits, should_stop=lambda: True)


def test_trained_ids_of_reads_a_model_files_record(tmp_path):
    ids = ids_from(2, 3)
    metadata = {"extra": {"continued_from": {"my_digits": {"trained_ids": ids}}}}
    assert trained_ids_of(metadata) == frozenset(ids)
    path = save_model(tmp_path / "m.npz", small_network(), extra=metadata["extra"])
    assert trained_ids_of(load_model(path)) == frozenset(ids)
    assert trained_ids_of(load_model(path).header) == frozenset(ids)


@pytest.mark.parametrize("metadata", [
    None, [], "text", {}, {"extra": None}, {"extra": {"continued_from": []}},
    {"extra": {"continued_from": {"file": "m.npz"}}},
    {"extra": {"continued_from": {"my_digits": "all of them"}}},
    {"extra": {"continued_from": {"my_digits": {"trained_ids": "ab" * 16}}}},
    {"extra": {"continued_from": {"my_digits": {"trained_ids": ["ab" * 16, 7]}}}},
    {"extra": {"continued_from": {"my_digits": {"trained_ids": ["AB" * 16]}}}},
    {"extra": {"continued_from": {"my_digits": {"trained_ids": [["ab" * 16]]}}}},
])
def test_trained_ids_of_absent_or_malformed_records_is_empty(metadata):
    assert trained_ids_of(metadata) == frozenset()


# --- fine-tuning on MNIST mixed with my digits ---------------------------------------------------

def test_the_mix_holds_every_training_digit_repeat_times_and_no_held_out_one():
    dataset = tiny_dataset(n_train=200, n_test=50)
    digits = collection(60)
    mix = mix_for_fine_tuning(digits, mnist_images=150, share=0.5, seed=4)
    mixed = mix.mixed_into(dataset)
    training = ~digits.held_out_mask()
    assert len(mix.labels) == training.sum() == 50
    assert mix.repeat == 3  # 3 * 50 / (3 * 50 + 150) = 0.5
    seen = {}
    for image, label in zip(mixed.x_train, mixed.t_train, strict=True):
        seen.setdefault(image.tobytes(), []).append(int(label))
    for image, label, keep in zip(digits.images, digits.labels, training, strict=True):
        assert seen.get(image.tobytes(), []) == ([int(label)] * mix.repeat if keep else [])
    picked = subset_indices(150, 200, 4)
    np.testing.assert_array_equal(mixed.x_train[:150], dataset.x_train[picked])
    np.testing.assert_array_equal(mixed.t_train[:150], dataset.t_train[picked])
    assert len(mixed.t_train) == 150 + 3 * 50
    assert mixed.x_test is dataset.x_test and mixed.t_test is dataset.t_test
    assert (mixed.name, mixed.directory) == (dataset.name, dataset.directory)
    assert mixed.x_train.dtype == np.uint8 and mixed.t_train.dtype == np.uint8
    assert not mixed.x_train.flags.writeable and not mixed.t_train.flags.writeable


def test_a_dataset_of_other_things_than_digits_is_refused_with_a_sentence():
    clothes = dataclasses.replace(tiny_dataset(n_train=20, n_test=5), name="fashion-mnist")
    mix = mix_for_fine_tuning(collection(20), mnist_images=None)
    with pytest.raises(engine.DatasetError, match="^Fine-tuning on my digits needs a dataset of "
                                                 "digits such as MNIST; fashion-mnist holds "
                                                 "other classes.$"):
        mix.mixed_into(clothes)


def test_all_mnist_images_when_none_is_asked_for():
    dataset = tiny_dataset(n_train=200, n_test=50)
    mix = mix_for_fine_tuning(collection(20), mnist_images=None)
    mixed = mix.mixed_into(dataset)
    np.testing.assert_array_equal(mixed.x_train[:200], dataset.x_train)
    assert len(mixed.t_train) == 200 + mix.repeat * len(mix.labels)


@pytest.mark.parametrize("mine, mnist_images, share, repeat", [
    (100, 10_000, 0.1, 11),   # 1100 / 11100 = 0.0991; 12: 0.1071
    (100, None, 0.1, 67),     # 60,000 MNIST images: 6700 / 66700 = 0.1004
    (5000, 10_000, 0.1, 1),   # already a third: at least once
    (1, 10_000, 0.5, 10_000),
    (3, 0, 0.1, 1),
])
def test_the_repeat_brings_my_digits_closest_to_their_share(mine, mnist_images, share, repeat):
    k = md._closest_repeat(mine, mnist_images, share)
    assert k == repeat
    share_of = lambda r: md._share(mine, r, mnist_images)  # noqa: E731
    assert abs(share_of(k) - share) <= min(abs(share_of(r) - share) for r in (k - 1, k + 1)
                                           if r >= 1)


def test_the_record_says_what_was_trained_on_and_keeps_earlier_ids(tmp_path):
    digits = collection(40)
    earlier = ["0" * 32, "f" * 32]
    mix = mix_for_fine_tuning(digits, mnist_images=10_000, already_trained=earlier)
    training_ids = {str(i) for i in digits.ids[~digits.held_out_mask()]}
    assert mix.trained_ids == tuple(sorted(training_ids | set(earlier)))
    record = mix.record()
    assert record == {"trained_ids": list(mix.trained_ids), "trained": len(training_ids),
                      "repeat": mix.repeat, "mnist_images": 10_000,
                      "share": mix.repeat * len(training_ids)
                      / (mix.repeat * len(training_ids) + 10_000)}
    assert json.loads(json.dumps(record)) == record
    path = save_model(tmp_path / "tuned.npz", small_network(),
                      extra={"continued_from": {"file": "m.npz", "my_digits": record}})
    assert trained_ids_of(load_model(path)) == frozenset(mix.trained_ids)


def test_no_digit_to_train_on_is_a_sentence():
    held = collection(ids=ids_where(True, 4))
    with pytest.raises(MyDigitsError) as refused:
        mix_for_fine_tuning(held)
    assert str(refused.value) == "Add some digits first: none of your 4 digits is in the " \
                                 "training part; 4 are held out."
    with pytest.raises(MyDigitsError) as refused:
        mix_for_fine_tuning(MyDigits.empty())
    assert str(refused.value) == "Add some digits first: you have none yet."


@pytest.mark.parametrize("options, fragment", [
    ({"share": 0}, "above 0 and at most 0.5, not 0"), ({"share": 0.6}, "not 0.6"),
    ({"share": True}, "not True"), ({"mnist_images": -1}, "from 0, not -1"),
    ({"mnist_images": 2.5}, "not 2.5"),
])
def test_bad_mix_options_are_refused_with_a_sentence(options, fragment):
    with pytest.raises(ValueError, match=fragment):
        mix_for_fine_tuning(collection(10), **options)


def test_the_engine_exports_my_digits():
    for name in ("MY_DIGITS_FILE", "MAX_DIGITS", "HELD_OUT_SHARE", "MyDigits", "MyDigitsError",
                 "is_held_out", "load_my_digits", "save_my_digits", "MyDigitsFigures",
                 "measure_my_digits", "trained_ids_of", "FineTuneMix", "mix_for_fine_tuning"):
        assert name in engine.__all__ and getattr(engine, name) is getattr(md, name)
    assert (engine.MY_DIGITS_FILE, engine.MAX_DIGITS, engine.HELD_OUT_SHARE) == \
           ("my_digits.npz", 20_000, 0.2)
