"""ONNX export: every preset's network, read by onnxruntime, gives the engine's probabilities."""
import json
import sys

import numpy as np
import pytest

from engine.cli import main
from engine.data.datasets import find_dataset_dir, read_idx, to_float32
from engine.files.modelio import load_model, save_model
from engine.files.onnx_export import ExportError, export_onnx
from engine.files.resources import bundled_model_path
from engine.nn.network import build_network
from engine.training.presets import PRESETS, mlp_config

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

TOLERANCE = 1e-5
CLASSES = [str(digit) for digit in range(10)]


@pytest.fixture(scope="module")
def test_images():
    images = read_idx(find_dataset_dir() / "t10k-images-idx3-ubyte.gz", kind="images")
    return to_float32(images[:100])


def _saved(tmp_path, config, name="model", buffers_seed=None, **metadata):
    network = build_network(config)
    if buffers_seed is not None:  # running statistics unlike the initial 0 and 1
        rng = np.random.default_rng(buffers_seed)
        for array in network.buffers().values():
            array[...] = rng.uniform(0.2, 1.5, array.shape)
    path = tmp_path / f"{name}.npz"
    save_model(path, network, dataset={"name": "mnist", "classes": CLASSES}, **metadata)
    return load_model(path)


def _run(path, images):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    scores, probabilities = session.run(["scores", "probabilities"], {"image": images})
    return scores, probabilities


def _engine_scores(loaded, images):
    return np.asarray(loaded.model.predict(images.astype(loaded.model.dtype)))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_reads_as_the_engine_does(tmp_path, test_images, preset):
    loaded = _saved(tmp_path, PRESETS[preset].network_config(seed=7), buffers_seed=3)
    export_onnx(loaded, tmp_path / "model.onnx")
    scores, probabilities = _run(tmp_path / "model.onnx", test_images)
    assert probabilities.shape == (100, 10)
    np.testing.assert_allclose(probabilities, loaded.model.host_output(test_images),
                               atol=TOLERANCE, rtol=0)
    np.testing.assert_allclose(scores, _engine_scores(loaded, test_images), atol=TOLERANCE,
                               rtol=1e-5)


def test_the_trained_model_keeps_its_answers_and_accuracy(tmp_path, test_images):
    loaded = load_model(bundled_model_path())
    export_onnx(loaded, tmp_path / "trained.onnx")
    _, probabilities = _run(tmp_path / "trained.onnx", test_images)
    expected = loaded.model.host_output(test_images)
    np.testing.assert_allclose(probabilities, expected, atol=TOLERANCE, rtol=0)
    labels = read_idx(find_dataset_dir() / "t10k-labels-idx1-ubyte.gz", kind="labels")[:100]
    assert (probabilities.argmax(axis=1) == labels).mean() >= 0.98


@pytest.mark.parametrize("config", [
    mlp_config(hidden=(30, 20), activation="sigmoid", batchnorm=True, dropout=0.3, seed=1),
    mlp_config(hidden=(30,), activation="tanh", dtype="float64", seed=2),
    {"input_shape": [1, 28, 28], "dtype": "float32", "seed": 4, "layers": [
        {"type": "ChannelsLast"},
        {"type": "Convolution", "in_channels": 1, "filters": 4, "size": 3, "stride": 2,
         "pad": 1, "bias": False},
        {"type": "BatchNormalization", "size": 4}, {"type": "Tanh"},
        {"type": "MaxPooling", "size": 3, "stride": 2},
        {"type": "Convolution", "in_channels": 4, "filters": 6, "size": 2},
        {"type": "Sigmoid"}, {"type": "Flatten"},
        {"type": "Affine", "in": 6 * 5 * 5, "out": 10, "bias": False}],
     "loss": {"type": "SoftmaxWithLoss"}},
], ids=["sigmoid-batchnorm-dropout", "tanh-float64", "strided-padded-biasless-cnn"])
def test_layers_beyond_the_presets(tmp_path, test_images, config):
    loaded = _saved(tmp_path, config, buffers_seed=5)
    export_onnx(loaded, tmp_path / "model.onnx")
    _, probabilities = _run(tmp_path / "model.onnx", test_images)
    np.testing.assert_allclose(probabilities, loaded.model.host_output(test_images),
                               atol=TOLERANCE, rtol=0)


def test_the_file_is_valid_onnx_with_metadata(tmp_path):
    loaded = _saved(tmp_path, PRESETS["two-layer"].network_config(),
                    metrics={"test_accuracy": 0.9731})
    export_onnx(loaded, tmp_path / "model.onnx")
    model = onnx.load(tmp_path / "model.onnx")
    onnx.checker.check_model(model, full_check=True)
    assert model.opset_import[0].version == 17
    props = {prop.key: prop.value for prop in model.metadata_props}
    assert json.loads(props["class_names"]) == CLASSES
    assert json.loads(props["normalization"])["scale"] == pytest.approx(1 / 255)
    assert json.loads(props["normalization"])["ink"] == "white on black"
    assert float(props["test_accuracy"]) == pytest.approx(0.9731)
    assert props["dataset"] == "mnist"
    assert [i.name for i in model.graph.input] == ["image"]
    assert [o.name for o in model.graph.output] == ["scores", "probabilities"]


def test_a_regression_model_has_scores_only(tmp_path):
    config = {"input_shape": [1], "dtype": "float32", "seed": 0,
              "layers": [{"type": "Affine", "in": 1, "out": 1}],
              "loss": {"type": "MeanSquaredError"}}
    network = build_network(config)
    save_model(tmp_path / "line.npz", network)
    loaded = load_model(tmp_path / "line.npz")
    export_onnx(loaded, tmp_path / "line.onnx")
    session = ort.InferenceSession(str(tmp_path / "line.onnx"), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["scores"]
    x = np.array([[0.5], [2.0]], np.float32)
    np.testing.assert_allclose(session.run(None, {"image": x})[0], network.predict(x), rtol=1e-6)


def test_the_command_writes_the_file(tmp_path, capsys):
    loaded = _saved(tmp_path, PRESETS["lesson-cnn"].network_config(), name="lesson")
    before = (tmp_path / "lesson.npz").read_bytes()
    assert main(["export", str(tmp_path / "lesson.npz"), str(tmp_path / "lesson.onnx")]) == 0
    assert "lesson.onnx" in capsys.readouterr().out
    onnx.checker.check_model(onnx.load(tmp_path / "lesson.onnx"))
    assert loaded.model.layers
    assert (tmp_path / "lesson.npz").read_bytes() == before  # the model file is untouched
    load_model(tmp_path / "lesson.npz")


@pytest.mark.parametrize("problem", ["missing", "damaged", "same-file", "folder"])
def test_the_command_refuses_bad_input_in_a_sentence(tmp_path, capsys, problem):
    _saved(tmp_path, PRESETS["two-layer"].network_config())
    model, out = tmp_path / "model.npz", tmp_path / "out.onnx"
    if problem == "missing":
        model = tmp_path / "nothing.npz"
    elif problem == "damaged":
        model.write_bytes(b"not a zip file")
    elif problem == "same-file":
        out = model
    else:
        out = tmp_path / "a file"
        out.write_text("x")
        out = out / "out.onnx"
    before = model.read_bytes() if model.exists() else None
    assert main(["export", str(model), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and len(err.splitlines()) == 1
    assert str(model.name if problem != "folder" else "a file") in err
    if before is not None:
        assert model.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_without_the_onnx_package_export_says_so(tmp_path, monkeypatch):
    loaded = _saved(tmp_path, PRESETS["two-layer"].network_config())
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    with pytest.raises(ExportError, match="needs the onnx package"):
        export_onnx(loaded, tmp_path / "model.onnx")
    assert not (tmp_path / "model.onnx").exists()
