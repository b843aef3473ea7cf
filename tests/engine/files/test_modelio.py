"""Model files: exact round trips, atomic writes, and a loader that refuses every bad file."""
import copy
import datetime
import json
import os
import zipfile

import numpy as np
import pytest

import engine
from engine.files.fileio import HEADER_KEY, save_npz_with_header
from engine.files.modelio import (
    LoadedModel,
    ModelFormatError,
    load_model,
    record_in_model,
    save_model,
)
from engine.nn.network import build_network
from engine.training.presets import deep_cnn_config, mlp_config, simple_cnn_config

DIGITS = [str(d) for d in range(10)]


def trained_a_little(config, steps=3, seed=0):
    """A network whose weights and BatchNorm statistics have moved from their initial values."""
    net = build_network(config)
    rng = np.random.default_rng(seed)
    shape = config["input_shape"]
    for _ in range(steps):
        x = rng.random((8, *shape)).astype(config.get("dtype", "float32"))
        net.gradient(x, rng.integers(0, 10, 8))
        for name, grad in net.grads().items():
            net.params()[name][...] -= 0.1 * grad
    return net


def random_input(config, n=5, seed=1):
    x = np.random.default_rng(seed).random((n, *config["input_shape"]))
    return x.astype(config.get("dtype", "float32"))


CONFIGS = {
    "plain-mlp": mlp_config(hidden=(32, 16)),
    "batchnorm-dropout": mlp_config(hidden=(32,), batchnorm=True, dropout=0.5),
    "float64": mlp_config(hidden=(16,), activation="tanh", dtype="float64"),
    "simple-cnn": simple_cnn_config(),
    "deep-cnn-batchnorm": deep_cnn_config(),
}


@pytest.fixture
def small_file(tmp_path):
    """A valid model file with BatchNorm buffers, plus its header and arrays to forge variants."""
    net = trained_a_little(mlp_config(hidden=(8,), inputs=16, batchnorm=True))
    path = save_model(tmp_path / "small.npz", net, dataset={"name": "mnist", "classes": DIGITS},
                      metrics={"test_accuracy": 0.5}, history=[{"epoch": 1, "main/loss": 2.0}])
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays.pop(HEADER_KEY).tobytes())
    return path, header, arrays


def forge(path, header, arrays):
    """Write a file with exactly this header and these arrays, bypassing save_model's checks."""
    save_npz_with_header(path, arrays, header)
    return path


def assert_refused(path, *fragments):
    """The file is refused naming it; each fragment is in the message or its detail, and
    neither points a student at the unsafe way of loading."""
    with pytest.raises(ModelFormatError) as info:
        load_model(path)
    message = str(info.value)
    detail = info.value.detail or ""
    assert str(path) in message
    assert_one_plain_sentence(message)
    for fragment in fragments:
        assert fragment in message + detail, (message, detail)
    words = (message + detail).replace(str(path), "<path>").lower()  # a test's path may say it
    assert "pickle" not in words, (message, detail)
    return message


# what Python's own exceptions say: a student must never see it in a message (detail only)
PYTHON_TEXT = ("Error", "Traceback", "cannot reshape", "Exceeds the limit", "File is not a zip",
               "Errno", "errstate", "dtype('", "object has no attribute")


def assert_one_plain_sentence(message):
    assert message.endswith(".") and "\n" not in message, message
    assert not any(text in message for text in PYTHON_TEXT), message


def assert_sentence(path, sentence):
    """The whole message is this one plain sentence."""
    assert assert_refused(path) == sentence


# ----------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_round_trip_predicts_bitwise_identically(tmp_path, name):
    config = CONFIGS[name]
    net = trained_a_little(config)
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    x = random_input(config)
    assert np.array_equal(loaded.model.output(x), net.output(x))
    for key, array in net.state_arrays().items():
        restored = loaded.model.state_arrays()[key]
        assert restored.dtype == array.dtype == np.dtype(config["dtype"])
        assert np.array_equal(restored, array)


def test_batchnorm_buffers_are_saved(tmp_path):
    net = trained_a_little(CONFIGS["batchnorm-dropout"])
    assert not np.allclose(net.buffers()["1.running_mean"], 0)  # training moved them
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    assert np.array_equal(loaded.model.buffers()["1.running_var"], net.buffers()["1.running_var"])


def test_header_records_what_the_gui_shows(tmp_path):
    net = trained_a_little(CONFIGS["plain-mlp"])
    history = [{"epoch": 1, "main/loss": np.float32(0.5), "validation/main/accuracy": 0.9}]
    path = save_model(tmp_path / "m.npz", net, dataset={"name": "mnist", "classes": DIGITS},
                      metrics={"test_accuracy": np.float64(0.97)}, history=history,
                      extra={"preset": "mlp"})
    loaded = load_model(path)
    header = loaded.header
    assert header["format"] == "digitlab-model" and header["format_version"] == 1
    assert header["engine_version"] == engine.__version__
    created = datetime.datetime.fromisoformat(header["created"])
    assert created.utcoffset() == datetime.timedelta(0)
    assert header["config"] == net.config
    assert header["normalization"] == {"input_shape": [1, 28, 28], "scale": 1 / 255,
                                       "ink": "white on black", "preprocess": "mnist-20x20-com"}
    assert header["extra"] == {"preset": "mlp"}
    assert loaded.metrics == {"test_accuracy": 0.97}
    assert loaded.history == [{"epoch": 1, "main/loss": 0.5, "validation/main/accuracy": 0.9}]
    assert isinstance(loaded.history[0]["epoch"], int)
    assert loaded.dataset == {"name": "mnist", "classes": DIGITS}
    assert loaded.class_names == DIGITS


def test_loaded_model_is_frozen_and_names_classes_without_a_dataset(tmp_path):
    loaded = load_model(save_model(tmp_path / "m.npz", build_network(CONFIGS["plain-mlp"])))
    assert isinstance(loaded, LoadedModel)
    with pytest.raises(AttributeError):
        loaded.model = None
    assert loaded.metrics == {} and loaded.history == [] and loaded.dataset == {}
    assert loaded.class_names == DIGITS


# ----------------------------------------------------------------------------- atomic saving

def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    old = build_network(CONFIGS["plain-mlp"])
    save_model(path, old)
    before = path.read_bytes()

    def savez_that_dies_half_way(file, **arrays):
        file.write(b"PK\x03\x04" + b"\0" * 1000)  # the start of a zip, then the disk "fills"
        raise OSError("No space left on device")

    monkeypatch.setattr(np, "savez", savez_that_dies_half_way)
    with pytest.raises(OSError, match="No space"):
        save_model(path, trained_a_little(CONFIGS["plain-mlp"]))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]  # no temporary file left behind
    x = random_input(CONFIGS["plain-mlp"])
    assert np.array_equal(load_model(path).model.output(x), old.output(x))


def test_a_recorded_measurement_joins_the_header_and_nothing_else_changes(tmp_path):
    path = tmp_path / "m.npz"
    model = trained_a_little(CONFIGS["plain-mlp"])
    save_model(path, model, metrics={"test_accuracy": 0.9}, extra={"train": {"lr": 0.1}})
    before = load_model(path)
    record_in_model(path, metrics={"drawn_digits_accuracy": 0.95},
                    extra={"drawn_digits": {"images": 3}})
    after = load_model(path)
    assert after.metrics == {"test_accuracy": 0.9, "drawn_digits_accuracy": 0.95}
    assert after.header["extra"] == {"train": {"lr": 0.1}, "drawn_digits": {"images": 3}}
    assert after.header["created"] == before.header["created"]  # when it was trained
    x = random_input(CONFIGS["plain-mlp"])
    assert np.array_equal(after.model.output(x), before.model.output(x))


@pytest.mark.parametrize("metrics,extra,problem", [
    ({"drawn_digits_accuracy": "high"}, None, "metrics"),
    ({"drawn_digits_accuracy": [0.9]}, None, "metrics"),
    (None, {"drawn_digits": {1, 2}}, "JSON"),
])
def test_a_measurement_that_is_not_a_plain_value_is_refused_and_the_file_kept(
        tmp_path, metrics, extra, problem):
    path = tmp_path / "m.npz"
    save_model(path, build_network(CONFIGS["plain-mlp"]), metrics={"test_accuracy": 0.9})
    before = path.read_bytes()
    with pytest.raises(ValueError, match=f"{path}.*{problem}"):
        record_in_model(path, metrics=metrics, extra=extra)
    assert path.read_bytes() == before


def test_save_refuses_what_load_would_refuse(tmp_path):
    net = build_network(CONFIGS["plain-mlp"])
    net.params()["0.W"][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        save_model(tmp_path / "m.npz", net)
    net = build_network(CONFIGS["plain-mlp"])
    with pytest.raises(ValueError, match="must be a number"):
        save_model(tmp_path / "m.npz", net, metrics={"test_accuracy": "high"})
    with pytest.raises(ValueError, match="3 classes but the network has 10"):
        save_model(tmp_path / "m.npz", net, dataset={"classes": ["a", "b", "c"]})
    with pytest.raises(ValueError, match="JSON"):
        save_model(tmp_path / "m.npz", net, extra={"when": datetime.date.today()})
    assert not (tmp_path / "m.npz").exists()


def test_save_accepts_a_config_with_tuples(tmp_path):
    config = {**mlp_config(hidden=(8,)), "input_shape": (1, 28, 28)}
    loaded = load_model(save_model(tmp_path / "m.npz", build_network(config)))
    assert loaded.header["config"]["input_shape"] == [1, 28, 28]


# ----------------------------------------------------------------------------- refusing bad files

def test_a_missing_file_and_a_folder_are_named_as_such(tmp_path):
    assert_sentence(tmp_path / "absent.npz", f"{tmp_path / 'absent.npz'} does not exist.")
    assert_sentence(tmp_path, f"{tmp_path} is a folder, not a DigitLab model.")


def test_an_empty_file_is_said_to_be_empty(tmp_path):
    (tmp_path / "empty.npz").write_bytes(b"")
    assert_sentence(tmp_path / "empty.npz", f"{tmp_path / 'empty.npz'} is empty.")


@pytest.mark.parametrize("name,data", [
    ("text.npz", b"hello, world\n" * 10),
    ("notes.txt", "Notizen über Ziffern\n".encode()),
    ("noise.npz", np.random.default_rng(0).bytes(5000)),
    ("pickle.npz", b"\x80\x04\x95" + b"\0" * 40),  # what pickle.dump writes
    ("one-byte.npz", b"P"),
])
def test_text_random_bytes_and_a_pickle_are_simply_not_a_model(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    assert_sentence(tmp_path / name, f"{tmp_path / name} is not a DigitLab model.")
    assert_refused(tmp_path / name, "zip", repr(data[:8]))


@pytest.mark.parametrize("keep", [0.99, 0.5, 0.1, 10 / 10_000])
def test_a_truncated_copy_is_said_to_be_incomplete(small_file, tmp_path, keep):
    original = small_file[0].read_bytes()
    path = tmp_path / "copy.npz"
    path.write_bytes(original[:max(4, int(len(original) * keep))])
    assert_sentence(path, f"{path} is incomplete: the file ends early (was it copied "
                          f"completely?).")


def test_bare_npy_and_plain_npz_without_header(tmp_path):
    np.save(tmp_path / "bare.npy", np.zeros(3))
    assert_sentence(tmp_path / "bare.npy",
                    f"{tmp_path / 'bare.npy'} is not a DigitLab model: it holds a single array.")
    np.savez(tmp_path / "plain.npz", W=np.zeros(3))
    assert_sentence(tmp_path / "plain.npz",
                    f"{tmp_path / 'plain.npz'} is not a DigitLab model: it has no DigitLab "
                    f"header.")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8\xff" + b"\0" * 100)
    assert_sentence(tmp_path / "photos.zip", f"{tmp_path / 'photos.zip'} is not a DigitLab "
                                             f"model: it has no DigitLab header.")


def test_an_npz_of_python_objects_is_refused_in_plain_words(tmp_path):
    np.savez(tmp_path / "objects.npz", W=np.array([{"w": 1}, None], dtype=object),
             **{HEADER_KEY: np.frombuffer(b"{}", np.uint8)})
    assert_sentence(tmp_path / "objects.npz", f"{tmp_path / 'objects.npz'} is not a DigitLab "
                                              f"model: it holds Python objects, not plain "
                                              f"arrays of numbers.")
    assert_refused(tmp_path / "objects.npz", "['W']", "object dtype")


def test_header_that_is_not_json_or_not_an_object(tmp_path):
    damaged = "is not a DigitLab model: its DigitLab header is damaged."
    np.savez(tmp_path / "bad.npz", **{HEADER_KEY: np.frombuffer(b"{not json", np.uint8)})
    assert_sentence(tmp_path / "bad.npz", f"{tmp_path / 'bad.npz'} {damaged}")
    assert_refused(tmp_path / "bad.npz", "not valid JSON")
    np.savez(tmp_path / "list.npz", **{HEADER_KEY: np.frombuffer(b"[1, 2]", np.uint8)})
    assert_sentence(tmp_path / "list.npz", f"{tmp_path / 'list.npz'} {damaged}")
    assert_refused(tmp_path / "list.npz", "not a JSON object")
    np.savez(tmp_path / "floats.npz", **{HEADER_KEY: np.zeros(3)})
    assert_refused(tmp_path / "floats.npz", "not UTF-8 JSON bytes")
    deep = b"[" * 100_000 + b"]" * 100_000
    np.savez(tmp_path / "deep.npz", **{HEADER_KEY: np.frombuffer(deep, np.uint8)})
    with pytest.raises(ModelFormatError):
        load_model(tmp_path / "deep.npz")


def test_wrong_format_and_newer_version(small_file):
    path, header, arrays = small_file
    assert_sentence(forge(path, {**header, "format": "digitlab-snapshot"}, arrays),
                    f"{path} is not a DigitLab model.")
    assert_refused(path, "'digitlab-snapshot', expected 'digitlab-model'")
    assert_refused(forge(path, {**header, "format_version": 2}, arrays),
                   "made by a newer DigitLab", "version 2")
    for bad in ("1", 0, True, 1.0, None):
        assert_refused(forge(path, {**header, "format_version": bad}, arrays), "format_version")


@pytest.mark.parametrize("change, fragment", [
    (lambda c: c["layers"].append({"type": "Conv2D"}), "unknown layer type"),
    (lambda c: c.update(dtype="int8"), "dtype"),
    (lambda c: c.update(dtype=17), "dtype must be float32 or float64, got 17"),
    (lambda c: c.update(seed="zero"), "seed must be a whole number"),
    (lambda c: c.update(layers=[]), "non-empty list"),
    (lambda c: c.update(loss={"type": "Hinge"}), "loss"),
    (lambda c: c["layers"][0].update({"in": -3}), "layer 0 (Affine): in must be a positive"),
    (lambda c: c.update(input_shape=[4, "4"]), "input_shape"),
    (lambda c: c.update(input_shape=[10**6, 10**6]), "input_shape"),
    (lambda c: c.pop("input_shape"), "input_shape"),
])
def test_configs_the_builder_rejects(small_file, change, fragment):
    path, header, arrays = small_file
    header = copy.deepcopy(header)
    change(header["config"])
    assert_refused(forge(path, header, arrays), fragment)


def test_a_forged_giant_layer_is_refused_before_allocating(small_file):
    path, header, arrays = small_file
    header = copy.deepcopy(header)
    layers = header["config"]["layers"]  # Affine 16 -> 8, BatchNorm, ReLU, Affine 8 -> 10
    layers[0]["out"] = layers[1]["size"] = layers[3]["in"] = 10**7
    assert_refused(forge(path, header, arrays), "the network is too large",
                   "280,000,010 weights", "at most 10,000,000")
    # within the limits, but far more numbers than the file stores: nothing is drawn either
    header["config"] = mlp_config(hidden=(70_000,), inputs=16)
    assert_refused(forge(path, header, arrays), "its network needs 1,890,010 numbers but the "
                                                "file stores only 250")


def test_layers_that_do_not_chain(small_file):
    path, header, arrays = small_file
    header = copy.deepcopy(header)
    header["config"]["input_shape"] = [4, 2]  # 8 inputs for a first layer that takes 16
    assert_refused(forge(path, header, arrays), "layer 0 (Affine)",
                   "takes 16 inputs per example, got 8")


@pytest.mark.parametrize("change, fragment", [
    (lambda a: a.pop("0.W"), "missing"),
    (lambda a: a.update({"9.W": np.zeros((2, 2), np.float32)}), "does not use"),
    (lambda a: a.update({"0.W": np.zeros((16, 9), np.float32)}), "shape"),
    (lambda a: a.update({"0.W": a["0.W"].T.copy()}), "shape"),
    (lambda a: a.update({"0.W": a["0.W"].astype(np.int32)}), "int32"),
    (lambda a: a.update({"0.W": a["0.W"].astype(np.complex64)}), "complex64"),
    (lambda a: a.update({"0.W": a["0.W"].astype(np.float16)}), "float16"),
    (lambda a: a.update({"0.W": a["0.W"].astype(np.float64)}), "config says float32"),
    (lambda a: a.update({"0.W": a["0.W"].astype(">f4")}), "float32"),
    (lambda a: a["0.W"].__setitem__((0, 0), np.nan), "NaN"),
    (lambda a: a["3.b"].__setitem__(0, np.inf), "NaN or infinity"),
    (lambda a: a["1.running_var"].__setitem__(0, -1.0), "negative"),
])
def test_arrays_that_do_not_match(small_file, change, fragment):
    path, header, arrays = small_file
    arrays = {k: v.copy() for k, v in arrays.items()}
    change(arrays)
    assert_refused(forge(path, header, arrays), fragment)


def test_weights_that_overflow_are_refused(small_file):
    path, header, arrays = small_file
    arrays = {k: v.copy() for k, v in arrays.items()}
    arrays["0.W"][...] = 3e38
    assert_refused(forge(path, header, arrays), "NaN or infinite outputs")


@pytest.mark.parametrize("field, value, fragment", [
    ("history", {"epoch": 1}, "history"),
    ("history", [1, 2], "history[0]"),
    ("history", [{"main/loss": "low"}], "must be a number"),
    ("history", [{"main/loss": None}], "must be a number"),
    ("metrics", {"test_accuracy": True}, "must be a number"),
    ("metrics", [0.9], "metrics"),
    ("dataset", {"classes": "0123456789"}, "classes"),
    ("dataset", {"classes": DIGITS[:9]}, "9 classes but the network has 10"),
    ("dataset", {"name": 7}, "name"),
    ("normalization", {"scale": -1}, "scale"),
    ("normalization", {"input_shape": [0, 28]}, "input_shape"),
    ("engine_version", 1.0, "engine_version"),
    ("config", [], "config"),
])
def test_header_fields_of_the_wrong_kind(small_file, field, value, fragment):
    path, header, arrays = small_file
    assert_refused(forge(path, {**header, field: value}, arrays), fragment)


def test_header_without_config(small_file):
    path, header, arrays = small_file
    header = {k: v for k, v in header.items() if k != "config"}
    assert_refused(forge(path, header, arrays), "no network 'config'")


class PickleBomb:
    """Unpickling this object runs `_record_unpickling`: proof that code would have executed."""

    def __reduce__(self):
        return (_record_unpickling, ())


UNPICKLED = []


def _record_unpickling():
    UNPICKLED.append(True)
    return "boom"


def test_object_arrays_are_refused_without_unpickling(small_file):
    path, header, arrays = small_file
    bomb = np.array([PickleBomb()], dtype=object)
    payload = {**arrays, "0.W": bomb,
               HEADER_KEY: np.frombuffer(json.dumps(header).encode(), np.uint8)}
    np.savez(path, **payload)  # np.savez pickles object arrays: what a hostile file would hold
    UNPICKLED.clear()
    with np.load(path, allow_pickle=True) as archive:  # control: the bomb does go off this way
        archive["0.W"]
    assert UNPICKLED == [True]
    UNPICKLED.clear()
    assert_refused(path)
    assert UNPICKLED == []


def test_a_zip_member_that_is_not_npy(small_file):
    path = small_file[0]
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("readme.npy", "not an array")
    assert_refused(path, "readme")


# ----------------------------------------------------------------------------- fuzzing

def corrupt_bytes(data, rng):
    """One random byte-level injury: flips, cut, insertion, zeroed or duplicated range."""
    data = bytearray(data)
    kind = rng.integers(5)
    if kind == 0:
        for _ in range(rng.integers(1, 9)):
            data[rng.integers(len(data))] ^= 1 << int(rng.integers(8))
    elif kind == 1:
        data = data[:rng.integers(len(data))]
    elif kind == 2:
        at = rng.integers(len(data) + 1)
        data[at:at] = rng.bytes(int(rng.integers(1, 64)))
    elif kind == 3:
        start = int(rng.integers(len(data)))
        end = min(len(data), start + int(rng.integers(1, 256)))
        data[start:end] = bytes(end - start)
    else:
        start = rng.integers(len(data))
        data[start:start] = data[start:start + int(rng.integers(1, 128))]
    return bytes(data)


ODD_VALUES = [None, True, -1, 0, 3, 10**12, 1e308, float("nan"), "x", "", [], [1, "a"], {},
              {"a": 1}, [28, 28], [1, 4, 4], "float64", "float16", "Affine", "BatchNormalization"]


def mutate_json(value, rng):
    """A copy of a JSON value with one randomly chosen entry deleted, retyped or renumbered."""
    value = copy.deepcopy(value)
    containers = []

    def walk(node):
        if isinstance(node, (dict, list)) and node:
            containers.append(node)
            for child in (node.values() if isinstance(node, dict) else node):
                walk(child)

    walk(value)
    node = containers[rng.integers(len(containers))]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    key = keys[rng.integers(len(keys))]
    action = rng.integers(3)
    if action == 0:
        del node[key]
    elif action == 1:
        node[key] = copy.deepcopy(ODD_VALUES[rng.integers(len(ODD_VALUES))])
    elif isinstance(node[key], (int, float)) and not isinstance(node[key], bool):
        node[key] = node[key] + int(rng.integers(-3, 4))
    else:
        node[key] = copy.deepcopy(ODD_VALUES[rng.integers(len(ODD_VALUES))])
    return value


def mutate_arrays(arrays, rng):
    arrays = {k: v.copy() for k, v in arrays.items()}
    name = sorted(arrays)[rng.integers(len(arrays))]
    action = rng.integers(6)
    if action == 0:
        del arrays[name]
    elif action == 1:
        arrays[name] = arrays[name].reshape(-1)
    elif action == 2:
        arrays[name] = arrays[name].astype([np.int64, np.float64, np.float16, np.complex128, bool,
                                            np.uint8][rng.integers(6)])
    elif action == 3:
        flat = arrays[name].reshape(-1)
        flat[rng.integers(flat.size)] = [np.nan, np.inf, 1e30, -1.0][rng.integers(4)]
    elif action == 4:
        arrays[name] = arrays[name][..., :-1] if arrays[name].shape[-1] > 1 else arrays[name][:0]
    else:
        arrays[f"{name}x"] = arrays[name]
    return arrays


def assert_loads_usably_or_refuses(path):
    try:
        loaded = load_model(path)
    except ModelFormatError as exc:
        assert str(path) in str(exc)
        return False
    config = loaded.model.config
    with np.errstate(all="ignore"):
        out = loaded.model.output(random_input(config, n=3))
    assert out.shape == (3, 10) and np.isfinite(out).all()
    return True


def test_fuzzed_files_either_load_usably_or_raise_model_format_error(small_file, tmp_path):
    path, header, arrays = small_file
    original = path.read_bytes()
    rng = np.random.default_rng(2024)
    target = tmp_path / "fuzzed.npz"
    outcomes = []
    for _ in range(250):
        target.write_bytes(corrupt_bytes(original, rng))
        outcomes.append(assert_loads_usably_or_refuses(target))
    for _ in range(250):
        if rng.random() < 0.6:
            forge(target, mutate_json(header, rng), arrays)
        else:
            forge(target, header, mutate_arrays(arrays, rng))
        outcomes.append(assert_loads_usably_or_refuses(target))
    # the fuzzer must exercise both paths, or it tests nothing
    assert 0 < sum(outcomes) < len(outcomes)


def test_a_saved_model_gets_the_usual_permissions_not_the_temp_files(tmp_path):
    old_umask = os.umask(0o022)
    try:
        path = save_model(tmp_path / "m.npz", build_network(CONFIGS["plain-mlp"]))
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o600)  # a user who made it private keeps it private on overwrite
        save_model(path, build_network(CONFIGS["plain-mlp"]))
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)


def test_a_cnn_file_with_filters_of_the_wrong_shape_is_refused(tmp_path):
    net = trained_a_little(CONFIGS["simple-cnn"], steps=1)
    path = save_model(tmp_path / "cnn.npz", net)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays.pop(HEADER_KEY).tobytes())
    arrays["1.W"] = arrays["1.W"].transpose(0, 3, 1, 2)  # the book's (FN, C, FH, FW) layout
    assert_refused(forge(tmp_path / "book-layout.npz", header, arrays), "1.W",
                   "(30, 1, 5, 5)", "(30, 5, 5, 1)")
