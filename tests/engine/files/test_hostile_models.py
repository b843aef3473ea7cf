"""Model files built to hurt: bombs, lies and odd files, each refused with one sentence naming the
file, at small cost in memory; and fuzzed files that load or are refused, never anything else."""
import copy
import io
import json
import os
import threading
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.files.fileio import HEADER_KEY, save_npz_with_header
from engine.files.modelio import ModelFormatError, load_model, save_model
from engine.nn.network import build_network
from engine.training.presets import mlp_config

from ceilings import outcome_and_peak

CEILING = 32 * 2**20  # refusing a small hostile file
FUZZ_CEILING = 200 * 2**20  # any file at all: the target
PYTHON_TEXT = ("Error", "Traceback", "cannot reshape", "Exceeds the limit", "File is not a zip",
               "Errno", "dtype('", "object has no attribute")




def assert_sentence_naming(error, path):
    message = str(error)
    assert message.startswith(str(path)) and message.endswith("."), message
    assert "\n" not in message and len(message) < 400, message
    assert not any(text in message for text in PYTHON_TEXT), message


def refused(path, *fragments, ceiling=CEILING):
    """`path` is refused with one sentence naming it, each fragment in it or its detail."""
    error, peak = outcome_and_peak(lambda: load_model(path), ModelFormatError)
    assert isinstance(error, ModelFormatError), error
    assert_sentence_naming(error, path)
    for fragment in fragments:
        assert fragment in str(error) + (error.detail or ""), (str(error), error.detail)
    assert peak < ceiling, f"refusing {path.name} cost {peak / 2**20:.0f} MB"
    return str(error)


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    """A small valid model: its file's bytes, header and arrays, to forge variants from."""
    folder = tmp_path_factory.mktemp("valid")
    net = build_network(mlp_config(hidden=(8,), inputs=16, batchnorm=True))
    path = save_model(folder / "small.npz", net,
                      dataset={"name": "mnist", "classes": [str(d) for d in range(10)]},
                      metrics={"test_accuracy": 0.5}, history=[{"epoch": 1, "main/loss": 2.0}])
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays.pop(HEADER_KEY).tobytes())
    return path.read_bytes(), header, arrays


def forge(path, valid, config=None, **fields):
    """A file with the valid model's arrays and a header changed as asked: a few KB."""
    _, header, arrays = valid
    header = copy.deepcopy(header)
    if config is not None:
        header["config"] = config
    header.update(fields)
    save_npz_with_header(path, arrays, header)
    assert path.stat().st_size < 8192
    return path


def image_config(*layers, input_shape=(1, 28, 28)):
    return {"input_shape": list(input_shape), "dtype": "float64", "seed": 0,
            "layers": [{"type": "ChannelsLast"}, *layers], "loss": {"type": "SoftmaxWithLoss"}}


# ----------------------------------------------------------------------------- the corpus

def test_a_zip_bombed_model(tmp_path, valid):
    """The issue's 2 MB file took 2.1 GB: here 64 MB of zeros deflated into 64 KB."""
    _, header, arrays = valid
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(HEADER_KEY + ".npy", _npy(np.frombuffer(json.dumps(header).encode(),
                                                                 np.uint8)))
        with archive.open("0.W.npy", "w", force_zip64=True) as member:
            member.write(_npy_header((2**23,), "<f8"))
            for _ in range(64):
                member.write(bytes(2**20))
    assert path.stat().st_size < 200_000
    assert refused(path).startswith(f"{path} is too large for a DigitLab model: it unpacks to "
                                    f"64.0 MB")


def test_an_npy_header_lying_about_its_shape(tmp_path, valid):
    _, header, arrays = valid
    path = tmp_path / "liar.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(HEADER_KEY + ".npy", _npy(np.frombuffer(json.dumps(header).encode(),
                                                                 np.uint8)))
        archive.writestr("0.W.npy", _npy_header((30_000, 30_000)) + bytes(512))  # 7.2 GB said
    assert refused(path, "'0.W'", "(30000, 30000)") == \
        f"{path} is damaged: a part of it cannot be read."


def test_a_twenty_thousand_filter_convolution(tmp_path, valid):
    config = image_config({"type": "Convolution", "in_channels": 1, "filters": 20_000, "size": 5},
                          {"type": "MaxPooling", "size": 24}, {"type": "Flatten"},
                          {"type": "Affine", "in": 20_000, "out": 10})
    refused(forge(tmp_path / "filters.npz", valid, config), "the network is too large",
            "at most 3,000,000")


def test_a_four_thousand_pixel_padding(tmp_path, valid):
    config = image_config({"type": "Convolution", "in_channels": 1, "filters": 1, "size": 3,
                           "pad": 4000}, {"type": "Flatten"},
                          {"type": "Affine", "in": 8026 * 8026, "out": 10})
    refused(forge(tmp_path / "padding.npz", valid, config),
            "layer 1 (Convolution): pad must be a whole number from 0 to 2, got 4000")


def test_a_thousand_pixel_pooling_window(tmp_path, valid):
    config = image_config({"type": "MaxPooling", "size": 1000}, {"type": "Flatten"},
                          {"type": "Affine", "in": 1, "out": 10}, input_shape=(1, 1000, 1000))
    refused(forge(tmp_path / "pooling.npz", valid, config),
            "layer 1 (MaxPooling): size must be a whole number from 1 to 32, got 1000")


def test_a_giant_layer_the_file_does_not_store(tmp_path, valid):
    config = mlp_config(hidden=(3000, 3000), inputs=16)  # 9 M numbers in a 4 KB file
    refused(forge(tmp_path / "giant.npz", valid, config), "its network needs 9,084,010 numbers "
                                                          "but the file stores only 250")


def test_a_named_pipe_as_model(tmp_path):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    opener = _PipeWriter(fifo)  # a reader that blocked on the pipe would return, not hang
    try:
        assert refused(fifo) == (f"{fifo} is a named pipe, not a DigitLab model: DigitLab "
                                 f"reads only ordinary files.")
    finally:
        opener.release()


def test_dev_zero_as_model():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    assert refused("/dev/zero") == ("/dev/zero is a device, not a DigitLab model: DigitLab "
                                    "reads only ordinary files.")


def test_a_5000_digit_number_in_the_header(tmp_path, valid):
    _, header, arrays = valid
    text = json.dumps(header).replace('"seed": 0', '"seed": ' + "7" * 5000)
    path = tmp_path / "digits.npz"
    np.savez(path, **arrays, **{HEADER_KEY: np.frombuffer(text.encode(), np.uint8)})
    assert refused(path, "4300 digits") == \
        f"{path} is not a DigitLab model: its DigitLab header is damaged."


def test_4000_digit_numbers_that_parse(tmp_path, valid):
    config = mlp_config(hidden=(8,), inputs=16, batchnorm=True)
    config["layers"][0]["out"] = 10**4000
    refused(forge(tmp_path / "out.npz", valid, config), "layer 1 (BatchNormalization): its "
            "input is (about 1.0 x 10^4000,) per example: BatchNormalization has 8 features, "
            "but its input has about 1.0 x 10^4000 per example")
    config = mlp_config(hidden=(8,), inputs=16, batchnorm=True)
    config["layers"][-1]["out"] = 10**4000
    refused(forge(tmp_path / "last.npz", valid, config), "the network is too large: it has "
                                                          "about 9.0 x 10^4000 weights")
    refused(forge(tmp_path / "metric.npz", valid, metrics={"test_accuracy": 10**4000}),
            "must be a number, not about 1.0 x 10^4000")
    refused(forge(tmp_path / "version.npz", valid, format_version=10**4000),
            "made by a newer DigitLab (model format version about 1.0 x 10^4000")


@pytest.mark.parametrize("fields, fragment", [
    ({"dataset": {"classes": ["x" * 101] + [str(d) for d in range(9)]}},
     "a class name is 101 characters long; at most 100"),
    ({"dataset": {"classes": [str(i) for i in range(1001)]}}, "1,001 classes; at most 1,000"),
    ({"dataset": {"classes": ["zero\n<b>one</b>"] + [str(d) for d in range(1, 10)]}},
     "holds control characters"),
    ({"dataset": {"name": "m" * 5000}}, "the dataset name is 5,000 characters long"),
    ({"engine_version": "1" * 10_000}, "'engine_version' is 10,000 characters long"),
    ({"created": 20240101}, "'created' must be a string"),
    ({"normalization": {"ink": "\x1b[31m"}}, "normalization 'ink'"),
    ({"metrics": {"a" * 300: 0.5}}, "metrics name is 300 characters long"),
    ({"metrics": {str(i): 0.5 for i in range(1001)}}, "metrics has 1,001 entries"),
    ({"history": [{}] * 100_001}, "its history has 100,001 rows"),
])
def test_header_text_the_window_shows_has_sane_limits(tmp_path, valid, fields, fragment):
    _, header, arrays = valid
    header = {**copy.deepcopy(header), **fields}
    save_npz_with_header(tmp_path / "text.npz", arrays, header)
    refused(tmp_path / "text.npz", fragment)


def test_the_valid_file_loads(valid, tmp_path):
    (tmp_path / "ok.npz").write_bytes(valid[0])
    loaded, peak = outcome_and_peak(lambda: load_model(tmp_path / "ok.npz"), ModelFormatError)
    assert loaded.class_names == [str(d) for d in range(10)] and peak < 4 * 2**20


# ----------------------------------------------------------------------------- fuzzing

INTERESTING = [0, 1, 2, 3, 5, 8, 16, 28, 32, 33, 100, 1000, 20_000, 10**6, 10**9, 2**31, 10**18,
               10**400, -1, 0.5, 1.5, 1e308, float("nan"), float("inf")]
JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.sampled_from(INTERESTING), st.integers(-3, 40), st.floats(),
    st.text(max_size=12),
    st.sampled_from(["float32", "float64", "float16", "he", "xavier", "Affine", "Convolution",
                     "MaxPooling", "ChannelsLast", "Flatten", "BatchNormalization", "Dropout"]),
    st.lists(st.sampled_from([1, 2, 4, 16, 28, 1000]), max_size=5), st.builds(dict))
LAYERS = st.one_of(
    st.fixed_dictionaries({"type": st.just("Convolution"),
                           "in_channels": st.sampled_from([1, 2, 16, 20_000]),
                           "filters": st.sampled_from([1, 4, 20_000, 10**6]),
                           "size": st.sampled_from([1, 3, 5, 32, 33, 1000]),
                           "pad": st.sampled_from([0, 1, 2, 31, 4000]),
                           "stride": st.sampled_from([1, 2, 32, 1000])}),
    st.fixed_dictionaries({"type": st.just("MaxPooling"),
                           "size": st.sampled_from([1, 2, 4, 32, 1000]),
                           "stride": st.sampled_from([None, 1, 2])}),
    st.fixed_dictionaries({"type": st.sampled_from(["ChannelsLast", "Flatten", "ReLU"])}),
    st.fixed_dictionaries({"type": st.just("Affine"), "in": st.sampled_from(INTERESTING[:14]),
                           "out": st.sampled_from(INTERESTING[:14])}))


def assert_loads_or_refuses(path):
    result, peak = outcome_and_peak(lambda: load_model(path), ModelFormatError)
    assert peak < FUZZ_CEILING, f"{peak / 2**20:.0f} MB"
    if isinstance(result, ModelFormatError):
        assert_sentence_naming(result, path)
        return
    config = result.model.config
    with np.errstate(all="ignore"):
        out = result.model.output(np.zeros((2, *config["input_shape"])))
    assert out.shape[0] == 2 and np.isfinite(out).all()


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_fuzzed_bytes_load_or_are_refused(valid, tmp_path_factory, data):
    original = bytearray(valid[0])
    action = data.draw(st.sampled_from(["flip", "cut", "field", "insert"]))
    at = data.draw(st.integers(0, len(original) - 1))
    if action == "flip":
        original[at] ^= data.draw(st.integers(1, 255))
    elif action == "cut":
        del original[at:]
    elif action == "field":  # a zip size or count field set to something large
        value = data.draw(st.sampled_from([0xFFFFFFFF, 2**31, 10**9, 2**20, 0xFFFF, 0]))
        original[at:at + 4] = value.to_bytes(4, "little")
    else:
        original[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    path = tmp_path_factory.mktemp("fuzz") / "model.npz"
    path.write_bytes(bytes(original))
    assert_loads_or_refuses(path)


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_fuzzed_headers_load_or_are_refused(valid, tmp_path_factory, data):
    _, header, arrays = valid
    header = copy.deepcopy(header)
    for _ in range(data.draw(st.integers(1, 3))):
        node, key = _pick_entry(header, data)
        if _is_layer_list(node, header) and data.draw(st.booleans()):
            node.insert(key, data.draw(LAYERS))
        else:
            node[key] = data.draw(JSON_VALUES)
    path = tmp_path_factory.mktemp("fuzz") / "model.npz"
    save_npz_with_header(path, arrays, header)
    assert_loads_or_refuses(path)


def _is_layer_list(node, header):
    config = header.get("config")
    return isinstance(config, dict) and node is config.get("layers")


def _pick_entry(header, data):
    """A (container, key) somewhere in the header, chosen by hypothesis: mostly the config."""
    config = header.get("config")
    node = config if isinstance(config, dict) and config and data.draw(st.integers(0, 3)) \
        else header
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return node, 0 if isinstance(node, list) else "x"
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        return node, key


# ----------------------------------------------------------------------------- helpers

def _npy(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _npy_header(shape, dtype="<f4"):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    return buffer.getvalue()


class _PipeWriter:
    """Opens a named pipe for writing in a thread, as another program would: a loader that
    opened it for reading would then get an empty read instead of waiting forever."""

    def __init__(self, fifo):
        self.fifo = fifo
        self.thread = threading.Thread(target=lambda: open(fifo, "wb").close(), daemon=True)
        self.thread.start()

    def release(self):
        """Unblock the writer if nobody opened the pipe for reading (the loader must not)."""
        while self.thread.is_alive():
            os.close(os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK))
            self.thread.join(0.05)
