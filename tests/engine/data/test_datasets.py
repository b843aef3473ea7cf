"""IDX reading, dataset folders and where they are found; every defect must be a DatasetError."""
import gzip
import hashlib
import os
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import load_model
from engine.data import datasets
from engine.data.datasets import (
    FILES,
    MNIST_SHA256,
    Dataset,
    DatasetError,
    dataset_name,
    dataset_problem,
    find_dataset_dir,
    known_dataset_dirs,
    load_dataset,
    load_mnist,
    read_idx,
    to_float32,
)
from engine.files import resources

from fakes import idx_bytes

BUNDLED_MNIST = Path(__file__).resolve().parents[3] / "assets" / "datasets" / "mnist"


def some_images(count=5, rows=28, cols=28, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (count, rows, cols), dtype=np.uint8)


def some_labels(count=5, seed=0):
    return np.random.default_rng(seed).integers(0, 10, count, dtype=np.uint8)


def write(path, data, compress):
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def make_dataset_dir(directory, n_train=6, n_test=4, compress=True, dotted=False):
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"train_images": some_images(n_train, seed=1), "train_labels": some_labels(n_train, 2),
              "test_images": some_images(n_test, seed=3), "test_labels": some_labels(n_test, 4)}
    for key, array in arrays.items():
        name = FILES[key].replace("-idx", ".idx") if dotted else FILES[key]
        write(directory / (name + (".gz" if compress else "")), idx_bytes(array), compress)
    return arrays


# ---------------------------------------------------------------------------- read_idx: valid files

@pytest.mark.parametrize("compress", [True, False])
def test_read_idx_images_and_labels(tmp_path, compress):
    images, labels = some_images(3), some_labels(3)
    got_images = read_idx(write(tmp_path / "images", idx_bytes(images), compress))
    got_labels = read_idx(write(tmp_path / "labels", idx_bytes(labels), compress))
    assert got_images.dtype == np.uint8 and got_images.shape == (3, 28, 28)
    assert not got_images.flags.writeable and not got_labels.flags.writeable
    assert got_labels.dtype == np.uint8 and got_labels.shape == (3,)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)


def test_gzip_is_detected_by_content_not_name(tmp_path):
    labels = some_labels(4)
    raw_named_gz = write(tmp_path / "labels.gz", idx_bytes(labels), compress=False)
    gz_named_raw = write(tmp_path / "labels-idx1-ubyte", idx_bytes(labels), compress=True)
    np.testing.assert_array_equal(read_idx(raw_named_gz), labels)
    np.testing.assert_array_equal(read_idx(gz_named_raw), labels)


def test_multi_member_gzip_is_read_whole(tmp_path):
    data = idx_bytes(some_labels(8))
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(data[:5]) + gzip.compress(data[5:]))
    assert read_idx(path).shape == (8,)


# ---------------------------------------------------------------------------- read_idx: defects

def labels_with(values):
    return idx_bytes(np.array(values, dtype=np.uint8))


def header(magic, *dims):
    return struct.pack(f">I{len(dims)}I", magic, *dims)


DEFECTS = {
    "bad magic": (b"\x12\x34\x08\x03" + bytes(20), "not an IDX file"),
    "float data type": (header(0x00000D03, 1, 2, 2) + bytes(16), "of a type DigitLab cannot"),
    "two dimensions": (header(0x00000802, 2, 2) + bytes(4), "2 dimensions"),
    "four dimensions": (header(0x00000804, 1, 1, 1, 1) + bytes(1), "4 dimensions"),
    "three bytes": (b"\x00\x00\x08", "too short"),
    "header cut short": (header(0x00000803, 5, 28), "is incomplete"),
    "zero count": (header(0x00000803, 0, 28, 28), "holds no data"),
    "short payload": (header(0x00000803, 2, 28, 28) + bytes(1567), "is incomplete"),
    "trailing bytes": (header(0x00000801, 3) + bytes(5), "has extra bytes after its data"),
    "label out of range": (labels_with([1, 2, 3, 4, 5, 12, 255]),
                           "label 12 at index 5, outside 0-9"),
    "images not 28x28": (header(0x00000803, 1, 3, 3) + bytes(9), "3x3 images; DigitLab needs"),
}


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_every_defect_is_a_dataset_error_naming_the_file(tmp_path, defect, compress):
    data, message = DEFECTS[defect]
    path = write(tmp_path / "train-labels-idx1-ubyte.gz", data, compress)
    with pytest.raises(DatasetError, match=message) as caught:
        read_idx(path)
    assert "train-labels-idx1-ubyte.gz" in str(caught.value)


def test_label_error_message_is_exact(tmp_path):
    path = write(tmp_path / "train-labels-idx1-ubyte.gz", DEFECTS["label out of range"][0], True)
    with pytest.raises(DatasetError) as caught:
        read_idx(path)
    assert str(caught.value) == f"{path} holds label 12 at index 5, outside 0-9."


@pytest.mark.parametrize("cut", [1, 10, 100, -8, -1])
def test_truncated_gzip(tmp_path, cut):
    data = gzip.compress(idx_bytes(some_images(2)))
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(data[:cut])
    with pytest.raises(DatasetError, match="t10k-images-idx3-ubyte.gz"):
        read_idx(path)


def test_gzip_with_a_bad_crc(tmp_path):
    data = bytearray(gzip.compress(idx_bytes(some_labels(50))))
    data[-6] ^= 0xFF  # inside the CRC-32 trailer
    path = tmp_path / "labels.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match=r"labels\.gz is damaged: its gzip data cannot be"):
        read_idx(path)


def test_empty_missing_and_folder(tmp_path):
    (tmp_path / "empty.gz").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    with pytest.raises(DatasetError, match=r"empty\.gz is empty\."):
        read_idx(tmp_path / "empty.gz")
    with pytest.raises(DatasetError, match=r"absent\.gz does not exist\."):
        read_idx(tmp_path / "absent.gz")
    with pytest.raises(DatasetError, match="folder is a folder, not an IDX file"):
        read_idx(tmp_path / "folder")


# ---------------------------------------------------------------------------- fuzzing

def corrupt(data, rng):
    """One random mutation of `data`: flip, truncate, insert, delete or rewrite a header field."""
    data = bytearray(data)
    kind = rng.integers(5)
    if kind == 0:
        for _ in range(rng.integers(1, 4)):
            data[rng.integers(len(data))] ^= int(rng.integers(1, 256))
    elif kind == 1:
        del data[rng.integers(len(data)):]
    elif kind == 2:
        at = rng.integers(len(data) + 1)
        data[at:at] = rng.integers(0, 256, rng.integers(1, 9), dtype=np.uint8).tobytes()
    elif kind == 3:
        at = rng.integers(len(data))
        del data[at:at + rng.integers(1, 9)]
    else:
        field = rng.integers(4) * 4
        value = rng.choice([0, 1, 2, 3, 5, 0x801, 0x803, 0x0D03, 2**31, 2**32 - 1,
                            int(rng.integers(2**32))])
        data[field:field + 4] = int(value).to_bytes(4, "big")
    return bytes(data)


def assert_validated(array, decompressed):
    assert array.dtype == np.uint8
    assert array.ndim in (1, 3) and min(array.shape) > 0
    assert array.size == len(decompressed) - 4 - 4 * array.ndim
    if array.ndim == 1:
        assert array.max() <= 9


def test_fuzzed_files_only_ever_raise_dataset_error(tmp_path):
    rng = np.random.default_rng(20240611)
    originals = [idx_bytes(some_images(3)), idx_bytes(some_labels(11))]
    outcomes = {"ok": 0, "DatasetError": 0}
    for case in range(300):
        original = originals[case % 2]
        mode = case % 3  # 0: raw, 1: corrupt then gzip, 2: gzip then corrupt the stream
        data = gzip.compress(original, mtime=0) if mode == 2 else original
        data = corrupt(data, rng)
        if mode == 1:
            data = gzip.compress(data, mtime=0)
        path = tmp_path / f"case{case}"
        path.write_bytes(data)
        try:
            array = read_idx(path)
        except DatasetError as exc:
            assert path.name in str(exc)
            outcomes["DatasetError"] += 1
            continue
        assert_validated(array, gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        outcomes["ok"] += 1
    assert outcomes["DatasetError"] > 100  # the corruptions really do hit the validation


# ---------------------------------------------------------------------------- dataset folders

def test_load_dataset_of_a_plain_folder(tmp_path):
    arrays = make_dataset_dir(tmp_path / "digits")
    dataset = load_dataset(tmp_path / "digits")
    assert isinstance(dataset, Dataset)
    assert dataset.name == "digits" and dataset.directory == tmp_path / "digits"
    np.testing.assert_array_equal(dataset.x_train, arrays["train_images"])
    np.testing.assert_array_equal(dataset.t_test, arrays["test_labels"])


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("dotted", [True, False])
def test_both_name_forms_compressed_or_not(tmp_path, compress, dotted):
    make_dataset_dir(tmp_path / "d", compress=compress, dotted=dotted)
    assert load_dataset(tmp_path / "d").x_test.shape == (4, 28, 28)


def test_count_mismatch_between_images_and_labels(tmp_path):
    make_dataset_dir(tmp_path / "d")
    write(tmp_path / "d" / "t10k-labels-idx1-ubyte.gz", idx_bytes(some_labels(3)), True)
    with pytest.raises(DatasetError, match="t10k-labels-idx1-ubyte.gz has 3 labels for the 4 "
                                           "images in t10k-images-idx3-ubyte.gz"):
        load_dataset(tmp_path / "d")


def test_images_must_be_28_by_28(tmp_path):
    make_dataset_dir(tmp_path / "d")
    write(tmp_path / "d" / "train-images-idx3-ubyte.gz", idx_bytes(some_images(6, 32, 32)), True)
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte.gz holds 32x32 images"):
        load_dataset(tmp_path / "d")


def test_labels_where_images_belong(tmp_path):
    make_dataset_dir(tmp_path / "d")
    write(tmp_path / "d" / "train-images-idx3-ubyte.gz", idx_bytes(some_labels(6)), True)
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte.gz holds labels, not imag"):
        load_dataset(tmp_path / "d")


def test_missing_files_are_listed(tmp_path):
    make_dataset_dir(tmp_path / "d")
    (tmp_path / "d" / "train-labels-idx1-ubyte.gz").unlink()
    (tmp_path / "d" / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path / "d")
    message = str(caught.value)
    assert "train-labels-idx1-ubyte" in message and "t10k-images-idx3-ubyte" in message
    assert "train-images-idx3-ubyte" not in message


def test_mnist_named_folder_with_wrong_content_fails_its_checksum(tmp_path):
    arrays = make_dataset_dir(tmp_path / "mnist")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path / "mnist")
    message, detail = str(caught.value), caught.value.detail
    actual = hashlib.sha256(idx_bytes(arrays["train_images"])).hexdigest()
    assert "train-images-idx3-ubyte.gz differs from the real MNIST" in message
    assert MNIST_SHA256["train_images"] in detail and actual in detail


def test_verify_false_skips_and_verify_true_forces_checksums(tmp_path):
    make_dataset_dir(tmp_path / "mnist")
    make_dataset_dir(tmp_path / "other")
    assert load_dataset(tmp_path / "mnist", verify=False).name == "mnist"
    with pytest.raises(DatasetError, match="differs from the real MNIST"):
        load_dataset(tmp_path / "other", verify=True)
    with pytest.raises(ValueError, match="verify"):
        load_dataset(tmp_path / "other", verify="yes")


def test_fashion_folder_is_validated_structurally_only(tmp_path):
    fashion = tmp_path / "datasets" / "fashion-mnist"
    make_dataset_dir(fashion, n_train=20, n_test=10)
    dataset = load_dataset(fashion)
    assert dataset.name == "fashion-mnist"
    assert dataset.class_names[9] == "Ankle boot"
    assert dataset.x_train.shape == (20, 28, 28)


def test_dataset_names():
    assert dataset_name("/data/Fashion/raw") == "fashion-mnist"
    assert dataset_name("/home/me/MNIST/raw") == "mnist"
    assert dataset_name("/home/me/kmnist") == "kmnist"


def test_to_float32():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    floats = to_float32(images)
    assert floats.dtype == np.float32 and floats.shape == (1, 1, 2, 2)
    assert floats.min() == 0.0 and floats.max() == 1.0
    np.testing.assert_allclose(floats[0, 0, 1], [0.2, 0.4], rtol=1e-6)
    with pytest.raises(ValueError, match="uint8"):
        to_float32(images.astype(np.float32))


# ---------------------------------------------------------------------------- the bundled MNIST

def test_bundled_mnist_loads_verified():
    # how fast: bench/bench_load_mnist.py, against plain decompression in the same run
    mnist = load_mnist(BUNDLED_MNIST)
    assert mnist.name == "mnist"
    assert mnist.x_train.shape == (60000, 28, 28) and mnist.t_train.shape == (60000,)
    assert mnist.x_test.shape == (10000, 28, 28) and mnist.t_test.shape == (10000,)
    for array in (mnist.x_train, mnist.t_train, mnist.x_test, mnist.t_test):
        assert array.dtype == np.uint8
    assert set(np.unique(mnist.t_train)) == set(range(10)) == set(np.unique(mnist.t_test))
    assert mnist.x_train.max() == 255 and mnist.x_train.min() == 0


def test_bundled_mnist_matches_the_published_checksums():
    for key, stem in FILES.items():
        content = gzip.decompress((BUNDLED_MNIST / (stem + ".gz")).read_bytes())
        assert hashlib.sha256(content).hexdigest() == MNIST_SHA256[key]


def test_one_corrupted_byte_in_an_mnist_copy_is_caught(tmp_path):
    copy = tmp_path / "mnist"
    shutil.copytree(BUNDLED_MNIST, copy)
    labels = bytearray(gzip.decompress((copy / "t10k-labels-idx1-ubyte.gz").read_bytes()))
    labels[100] = (labels[100] + 1) % 10  # still a valid label: only the checksum can tell
    (copy / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(bytes(labels)))
    with pytest.raises(DatasetError, match=r"t10k-labels-idx1-ubyte\.gz differs from the real"):
        load_dataset(copy)


# ---------------------------------------------------------------------------- finding datasets

@pytest.fixture
def places(tmp_path, monkeypatch):
    """A fake assets folder holding MNIST-shaped data, plus explicit and env folders."""
    assets = tmp_path / "assets"
    make_dataset_dir(assets / "datasets" / "mnist")
    make_dataset_dir(tmp_path / "explicit")
    make_dataset_dir(tmp_path / "from-env")
    monkeypatch.setattr(datasets, "assets_dir", lambda: assets)
    monkeypatch.setattr(datasets, "DEBIAN_FASHION_DIR", tmp_path / "usr-share-fashion-mnist")
    monkeypatch.delenv("DIGITLAB_DATA", raising=False)
    return tmp_path


def test_search_order_explicit_then_env_then_assets(places, monkeypatch):
    assert find_dataset_dir() == places / "assets" / "datasets" / "mnist"
    monkeypatch.setenv("DIGITLAB_DATA", str(places / "from-env"))
    assert find_dataset_dir() == places / "from-env"
    assert find_dataset_dir(places / "explicit") == places / "explicit"


def test_explicit_folder_without_the_files_lists_them(places):
    (places / "empty").mkdir()
    with pytest.raises(DatasetError) as caught:
        find_dataset_dir(places / "empty")
    assert all(stem in str(caught.value) for stem in FILES.values())
    with pytest.raises(DatasetError, match="no such dataset folder"):
        find_dataset_dir(places / "nowhere")


def test_bad_env_folder_is_an_error_not_a_fallback(places, monkeypatch):
    monkeypatch.setenv("DIGITLAB_DATA", str(places / "nowhere"))
    with pytest.raises(DatasetError, match=r"\$DIGITLAB_DATA"):
        find_dataset_dir()


def test_nothing_found_says_how_to_get_data(places):
    shutil.rmtree(places / "assets")
    with pytest.raises(DatasetError, match="python -m engine fetch --dest DIR"):
        find_dataset_dir()


def test_known_dataset_dirs_include_debian_fashion(places, monkeypatch):
    assert known_dataset_dirs() == [places / "assets" / "datasets" / "mnist"]
    make_dataset_dir(places / "usr-share-fashion-mnist")
    monkeypatch.setenv("DIGITLAB_DATA", str(places / "from-env"))
    assert known_dataset_dirs() == [places / "from-env", places / "assets" / "datasets" / "mnist",
                                    places / "usr-share-fashion-mnist"]
    assert find_dataset_dir(name="fashion-mnist") == places / "from-env"
    monkeypatch.delenv("DIGITLAB_DATA")
    assert find_dataset_dir(name="fashion-mnist") == places / "usr-share-fashion-mnist"


def test_load_mnist_uses_the_search(places):
    assert load_mnist(places / "explicit").name == "explicit"


def test_assets_dir_inside_a_frozen_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.assets_dir() == tmp_path / "assets"
    assert resources.bundled_model_path() == tmp_path / "assets" / "models" / "deep-cnn.npz"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert resources.assets_dir() == BUNDLED_MNIST.parents[1]


def test_the_bundled_model_is_there_and_reads_mnist():
    loaded = load_model(resources.bundled_model_path())
    assert loaded.metrics["test_accuracy"] >= 0.98
    assert loaded.class_names == [str(d) for d in range(10)]


# ---------------------------------------------------------------------------- dataset_problem

SHARED_MNIST = Path("/work/shared/datasets/mnist")


def test_the_real_mnist_has_no_problem_and_is_not_loaded_to_say_so(monkeypatch):
    folder = SHARED_MNIST if SHARED_MNIST.is_dir() else BUNDLED_MNIST
    if not folder.is_dir():
        pytest.skip("no MNIST copy here")

    def loading(*args):
        raise AssertionError("dataset_problem must not read whole files")
    monkeypatch.setattr(datasets, "read_idx_bytes", loading)
    monkeypatch.setattr(datasets, "parse_idx", loading)
    monkeypatch.setattr(gzip, "decompress", loading)
    assert dataset_problem(folder) is None
    assert dataset_problem(str(folder)) is None


@pytest.mark.parametrize("compress,dotted", [(True, False), (False, False), (True, True),
                                             (False, True)])
def test_every_name_the_loader_accepts_has_no_problem(tmp_path, compress, dotted):
    make_dataset_dir(tmp_path / "data", compress=compress, dotted=dotted)
    assert dataset_problem(tmp_path / "data") is None
    load_dataset(tmp_path / "data", verify=False)  # and the loader agrees


def test_a_missing_folder_or_a_file_in_its_place(tmp_path):
    assert dataset_problem(tmp_path / "nowhere") == f"{tmp_path / 'nowhere'} does not exist."
    (tmp_path / "file").write_text("x")
    assert dataset_problem(tmp_path / "file") == f"{tmp_path / 'file'} is not a folder."


def test_an_empty_folder_names_the_first_missing_file(tmp_path):
    assert dataset_problem(tmp_path) == f"{tmp_path} has no train-images-idx3-ubyte(.gz)."


@pytest.mark.parametrize("key", sorted(FILES))
def test_a_folder_missing_one_file_names_it(tmp_path, key):
    make_dataset_dir(tmp_path)
    (tmp_path / (FILES[key] + ".gz")).unlink()
    assert dataset_problem(tmp_path) == f"{tmp_path} has no {FILES[key]}(.gz)."


LABELS = idx_bytes(some_labels(4, 4))
GOOD_HEADER = LABELS[:8]


@pytest.mark.parametrize("data,compress,problem", [
    (b"", False, "is empty"),
    (b"hello, world", False, "is not an MNIST label file"),
    (idx_bytes(some_images(4)), False, "is not an MNIST label file"),  # images where labels go
    (GOOD_HEADER[:6], False, "is not an MNIST label file"),  # header cut short
    (b"\x1f\x8b\x08\x00 damaged gzip stream", False, "is damaged (its gzip data cannot be read)"),
    (LABELS[:-1], False, "is incomplete: the file ends early (was it copied completely?)"),
    (LABELS + b"\0", False, "has extra bytes after its data"),
    (struct.pack(">II", 0x801, 0), False, "holds no data"),
    (LABELS + b"\0", True, "is incomplete or damaged (was it copied completely?)"),
])
def test_a_damaged_labels_file_is_named_with_what_is_wrong(tmp_path, data, compress, problem):
    make_dataset_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    path = write(tmp_path / ("t10k-labels-idx1-ubyte" + (".gz" if compress else "")), data,
                 compress)
    assert dataset_problem(tmp_path) == f"{tmp_path}: {path.name} {problem}."


def test_a_truncated_gzip_copy_is_incomplete(tmp_path):
    make_dataset_dir(tmp_path, n_train=300)
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-30])
    assert dataset_problem(tmp_path) == (f"{tmp_path}: {path.name} is incomplete or damaged "
                                         f"(was it copied completely?).")


def test_images_of_another_size_and_counts_that_differ(tmp_path):
    make_dataset_dir(tmp_path)
    write(tmp_path / "train-images-idx3-ubyte.gz", idx_bytes(some_images(6, 20, 20)), True)
    assert dataset_problem(tmp_path) == (f"{tmp_path}: train-images-idx3-ubyte.gz holds "
                                         f"20x20 images, not 28x28.")
    write(tmp_path / "train-images-idx3-ubyte.gz", idx_bytes(some_images(7)), True)
    assert dataset_problem(tmp_path) == f"{tmp_path}: the training set has 7 images but 6 labels."
    make_dataset_dir(tmp_path)
    write(tmp_path / "t10k-labels-idx1-ubyte.gz", idx_bytes(some_labels(3)), True)
    assert dataset_problem(tmp_path) == f"{tmp_path}: the test set has 4 images but 3 labels."


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="file permissions do not stop this user")
def test_an_unreadable_file_is_named(tmp_path):
    make_dataset_dir(tmp_path)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.chmod(0)
    try:
        assert dataset_problem(tmp_path) == (f"{tmp_path}: {path.name} cannot be read: "
                                             f"Permission denied.")
    finally:
        path.chmod(0o644)
