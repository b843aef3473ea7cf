"""MyDigitsStore, the window's keeper of my digits: every change saved at once, a damaged file
never overwritten or lost, a failed save kept in memory and tried again (issue 18, item 8)."""
import errno
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

import engine
import engine.data.my_digits as my_digits_module
from gui.my_digits import MyDigitsStore, aside_path, default_my_digits_file

ASIDE = re.compile(r"my_digits\.damaged-\d{8}-\d{6}(-\d+)?\.npz")


def image(seed):
    """A distinct 28x28 network input, floats 0-1 (as the draw panel reads it)."""
    return np.random.default_rng(seed).random((28, 28)).astype(np.float32)


def as_stored(image28):
    return np.clip(np.rint(np.asarray(image28, np.float64) * 255), 0, 255).astype(np.uint8)


class Problems(list):
    """The sentences a store's `problem` signal said."""

    def __init__(self, store):
        super().__init__()
        store.problem.connect(self.append)


def new_store(path):
    store = MyDigitsStore(path)
    return store, Problems(store)


def filled(path, count):
    store, _ = new_store(path)
    ids = [store.add(image(seed), seed % 10) for seed in range(count)]
    return store, ids


def assert_same_digits(first, second):
    for name in ("images", "labels", "ids"):
        a, b = getattr(first, name), getattr(second, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name


# --- where and when ------------------------------------------------------------------------------

def test_the_default_file_is_in_the_users_data_folder(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_my_digits_file()
    assert path.name == engine.MY_DIGITS_FILE == "my_digits.npz"
    assert path.is_relative_to(tmp_path / "data")


def test_making_a_store_reads_and_writes_nothing(qapp, tmp_path):
    path = tmp_path / "my_digits.npz"
    path.write_bytes(b"junk")
    store, problems = new_store(path)
    assert len(store.digits()) == 0 and problems == [] and store.path == path
    assert path.read_bytes() == b"junk" and os.listdir(tmp_path) == ["my_digits.npz"]


def test_no_file_yet_is_an_empty_collection_and_no_file(qapp, tmp_path):
    store, problems = new_store(tmp_path / "my_digits.npz")
    store.load()
    assert len(store.digits()) == 0 and problems == [] and os.listdir(tmp_path) == []


# --- every change saved --------------------------------------------------------------------------

def test_each_change_is_saved_at_once_and_read_back_bit_for_bit(qapp, qtbot, tmp_path):
    path = tmp_path / "my_digits.npz"
    store, problems = new_store(path)
    with qtbot.waitSignal(store.changed, timeout=1000):
        first = store.add(image(0), 7)
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert_same_digits(engine.load_my_digits(path), store.digits())
    second = store.add(image(1), 3)
    assert store.digits().ids.tolist() == [first, second]  # newest last
    assert np.array_equal(store.digits().images[0], as_stored(image(0)))
    assert store.relabel([first], 1) is True
    assert store.digits().labels.tolist() == [1, 3]
    assert_same_digits(engine.load_my_digits(path), store.digits())
    assert store.delete([second, "0" * 32]) == 1  # an id not there is ignored
    assert store.digits().ids.tolist() == [first]
    assert_same_digits(engine.load_my_digits(path), store.digits())
    again, _ = new_store(path)
    again.load()
    assert_same_digits(again.digits(), store.digits())
    assert problems == [] and store.unsaved() is None


def test_deleting_nothing_changes_nothing(qapp, qtbot, tmp_path):
    store, ids = filled(tmp_path / "my_digits.npz", 2)
    with qtbot.assertNotEmitted(store.changed):
        assert store.delete(["f" * 32]) == 0
    assert store.digits().ids.tolist() == ids


@pytest.mark.parametrize("label", [10, -1, 2.5, "7", True])
def test_a_label_outside_0_to_9_is_refused_with_a_sentence(qapp, tmp_path, label):
    store, ids = filled(tmp_path / "my_digits.npz", 2)
    problems = Problems(store)
    before = (tmp_path / "my_digits.npz").read_bytes()
    assert store.relabel(ids, label) is False
    assert store.add(image(5), label) is None
    assert len(problems) == 2 and all(p.startswith("A digit's label is a whole number from 0 "
                                                   "to 9") for p in problems), problems
    assert store.digits().labels.tolist() == [0, 1]
    assert (tmp_path / "my_digits.npz").read_bytes() == before


def test_a_full_collection_refuses_one_more_with_a_sentence(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(my_digits_module, "MAX_DIGITS", 3)
    store, _ = filled(tmp_path / "my_digits.npz", 3)
    problems = Problems(store)
    assert store.add(image(9), 9) is None
    assert problems == ["My digits is full: it holds 3 digits, the most it can. Delete some to "
                        "add more."]
    assert len(store.digits()) == 3


# --- a file that cannot be read: never overwritten, never lost -----------------------------------

def damaged_files(tmp_path):
    good = tmp_path / "good.npz"
    engine.save_my_digits(engine.MyDigits.empty().add(image(1), 1), good)
    data = good.read_bytes()
    return {"text": b"These are my digits, honest.\n", "empty": b"",
            "truncated zip": data[: len(data) // 2],
            "flipped byte": data[:60] + bytes([data[60] ^ 0xFF]) + data[61:]}


@pytest.mark.parametrize("kind", ["text", "empty", "truncated zip", "flipped byte"])
def test_a_damaged_collection_is_renamed_aside_and_the_store_starts_empty(qapp, tmp_path, kind):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "my_digits.npz"
    damaged = damaged_files(tmp_path)[kind]
    path.write_bytes(damaged)
    store, problems = new_store(path)
    store.load()
    assert len(store.digits()) == 0
    [aside] = [name for name in os.listdir(folder) if name != "my_digits.npz"]
    assert ASIDE.fullmatch(aside), aside
    assert (folder / aside).read_bytes() == damaged  # every byte kept
    assert not path.exists()
    [problem] = problems
    assert str(folder / aside) in problem and str(path) in problem, problem
    assert "my_digits.npz" in problem.split(" It was renamed")[0]  # the engine's sentence
    assert "\n" not in problem and problem.endswith(".")
    store.add(image(2), 2)  # a fresh collection, beside the damaged one
    assert len(engine.load_my_digits(path)) == 1
    assert (folder / aside).read_bytes() == damaged


def test_two_damaged_files_within_a_second_get_two_names(tmp_path):
    path = tmp_path / "my_digits.npz"
    first = aside_path(path)
    first.write_bytes(b"x")
    second = aside_path(path)
    assert second != first and ASIDE.fullmatch(second.name) and not second.exists()


def test_a_damaged_file_that_cannot_be_moved_is_never_written_over(qapp, tmp_path, monkeypatch):
    path = tmp_path / "my_digits.npz"
    path.write_bytes(b"junk")

    def refuse(self, target):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "rename", refuse)
    store, problems = new_store(path)
    store.load()
    assert len(store.digits()) == 0
    assert len(problems) == 1 and "left untouched" in problems[0], problems
    assert store.add(image(1), 1) is not None  # shown, kept in memory
    assert len(store.digits()) == 1 and store.unsaved() is not None
    assert path.read_bytes() == b"junk"
    assert os.listdir(tmp_path) == ["my_digits.npz"]


# --- a save that fails ---------------------------------------------------------------------------

def test_a_read_only_disk_keeps_the_change_says_so_once_and_saves_all_later(
        qapp, tmp_path, read_only_disk):
    path = tmp_path / "my_digits.npz"
    read_only_disk.on = False
    store, _ = filled(path, 1)
    before = path.read_bytes()
    problems = Problems(store)
    read_only_disk.on = True
    assert store.add(image(1), 1) is not None
    assert len(store.digits()) == 2  # still shown
    assert problems == [f"{path} cannot be saved: read-only file system. Your digits are kept "
                        f"here meanwhile: the next change tries again to save them all, and "
                        f"Export on the My digits page saves them elsewhere."]
    assert store.unsaved() == problems[0]
    store.add(image(2), 2)
    assert len(problems) == 1  # said once, not at every key
    assert path.read_bytes() == before  # the last good file, whole
    read_only_disk.on = False
    store.add(image(3), 3)
    assert store.unsaved() is None
    assert_same_digits(engine.load_my_digits(path), store.digits())
    assert len(engine.load_my_digits(path)) == 4


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores chmod")
def test_a_read_only_folder_keeps_the_change_and_saves_it_later(qapp, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    store, problems = new_store(folder / "my_digits.npz")
    folder.chmod(0o555)
    try:
        store.add(image(1), 1)
        assert len(problems) == 1 and "ermission denied" in problems[0]
    finally:
        folder.chmod(0o755)
    store.add(image(2), 2)
    assert len(engine.load_my_digits(folder / "my_digits.npz")) == 2


def test_a_full_disk_is_said_and_the_old_file_kept(qapp, tmp_path, monkeypatch):
    path = tmp_path / "my_digits.npz"
    store, _ = filled(path, 2)
    before = path.read_bytes()
    problems = Problems(store)

    def full(target, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(my_digits_module, "atomic_write", full)
    store.relabel(store.digits().ids, 5)
    assert store.digits().labels.tolist() == [5, 5]
    assert len(problems) == 1 and problems[0].startswith(
        f"{path} cannot be saved: no space left on device."), problems
    assert path.read_bytes() == before


# --- export and import ---------------------------------------------------------------------------

def test_export_then_import_gives_the_same_digits_and_twice_adds_nothing(qapp, tmp_path):
    mine, _ = filled(tmp_path / "mine.npz", 5)
    shared = tmp_path / "class" / "shared.npz"
    assert mine.export_to(shared) is True
    theirs, problems = new_store(tmp_path / "theirs.npz")
    theirs.add(image(99), 9)
    assert theirs.import_from(shared) == 5
    assert_same_digits(theirs.digits().part(np.arange(6) >= 1), mine.digits())
    assert_same_digits(engine.load_my_digits(tmp_path / "theirs.npz"), theirs.digits())
    assert theirs.import_from(shared) == 0
    assert len(theirs.digits()) == 6 and problems == []


@pytest.mark.parametrize("kind", ["text", "empty", "truncated zip", "flipped byte", "missing"])
def test_a_damaged_import_is_refused_and_nothing_changes(qapp, qtbot, tmp_path, kind):
    path = tmp_path / "my_digits.npz"
    store, ids = filled(path, 3)
    before = path.read_bytes()
    offered = tmp_path / "offered.npz"
    if kind != "missing":
        offered.write_bytes(damaged_files(tmp_path)[kind])
    problems = Problems(store)
    with qtbot.assertNotEmitted(store.changed):
        assert store.import_from(offered) is None
    [problem] = problems
    assert "offered.npz" in problem and "\n" not in problem and problem.endswith("."), problem
    assert store.digits().ids.tolist() == ids and path.read_bytes() == before


def test_an_import_past_the_limit_adds_nothing(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(my_digits_module, "MAX_DIGITS", 4)
    store, ids = filled(tmp_path / "my_digits.npz", 3)
    other, _ = filled(tmp_path / "other.npz", 2)
    problems = Problems(store)
    assert store.import_from(tmp_path / "other.npz") is None
    assert problems == ["These 2 new digits do not fit: my digits holds 3 and can hold at most "
                        "4. Delete some first."]
    assert store.digits().ids.tolist() == ids


def test_a_failed_export_says_so(qapp, tmp_path):
    store, _ = filled(tmp_path / "my_digits.npz", 1)
    problems = Problems(store)
    (tmp_path / "taken").mkdir()
    assert store.export_to(tmp_path / "taken") is False
    assert len(problems) == 1 and str(tmp_path / "taken") in problems[0], problems


def test_a_saved_file_is_a_zip_of_the_engines_members(qapp, tmp_path):
    filled(tmp_path / "my_digits.npz", 1)
    with zipfile.ZipFile(tmp_path / "my_digits.npz") as archive:
        assert sorted(archive.namelist()) == ["format.npy", "ids.npy", "images.npy",
                                              "labels.npy"]
