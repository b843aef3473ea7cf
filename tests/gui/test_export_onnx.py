"""File > Export as ONNX: the model shown, written for onnxruntime, read the same way."""
import json
import sys

import numpy as np
import pytest

import engine

from qt_helpers import HUNG, start_long_run, use_dataset

ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")


def _file_menu_action(window, text):
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions() if a.text().replace("&", "") == text]
    return action


def _probabilities(path, images):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["probabilities"], {"image": images})[0]


def test_the_built_in_model_exports_and_reads_the_same(window, tmp_path):
    window.dialogs.onnx_path = str(tmp_path / "digits")  # no suffix: .onnx is added
    _file_menu_action(window, "Export as ONNX…").trigger()
    path = tmp_path / "digits.onnx"
    assert not window.dialogs.errors and path.exists()
    assert window.dialogs.suggested.suffix == ".onnx"
    assert str(path) in window.statusBar().currentMessage()
    images = np.random.default_rng(0).random((20, 1, 28, 28), dtype=np.float32)
    expected = window.current_model.network.host_output(images)
    np.testing.assert_allclose(_probabilities(path, images), expected, atol=1e-5, rtol=0)
    props = {p.key: p.value for p in onnx.load(path).metadata_props}
    shipped = engine.load_model(engine.bundled_model_path())
    assert float(props["test_accuracy"]) == pytest.approx(shipped.metrics["test_accuracy"])
    assert json.loads(props["class_names"]) == shipped.class_names


def test_an_unwritable_place_is_explained_and_the_model_stays(window, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window.dialogs.onnx_path = str(blocker / "model.onnx")
    window.export_onnx_action.trigger()
    [(title, text)] = window.dialogs.errors
    assert title == "Cannot export as ONNX"
    assert "a-file" in text and "Traceback" not in text and "Errno" not in text
    assert window.current_model.path == engine.bundled_model_path()
    assert blocker.read_text() == "not a folder"


def test_the_model_file_itself_is_never_replaced(window, tmp_path):
    model = tmp_path / "mine.npz"
    window.dialogs.save_path = str(model)
    window.save_as_action.trigger()
    before = model.read_bytes()
    window.dialogs.onnx_path = str(model)
    window.export_onnx_action.trigger()
    [(title, text)] = window.dialogs.errors
    assert title == "Cannot export as ONNX" and "mine.npz" in text
    assert model.read_bytes() == before


def test_without_the_onnx_package_the_user_is_told(window, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    window.dialogs.onnx_path = str(tmp_path / "model.onnx")
    window.export_onnx_action.trigger()
    [(title, text)] = window.dialogs.errors
    assert title == "Cannot export as ONNX" and "onnx package" in text
    assert not (tmp_path / "model.onnx").exists()


def test_cancelling_the_dialog_writes_nothing(window, tmp_path):
    window.export_onnx_action.trigger()  # onnx_path None: the user pressed Cancel
    assert not window.dialogs.errors and not list(tmp_path.glob("*.onnx"))


def test_export_waits_for_the_run_to_end(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    assert not window.export_onnx_action.isEnabled()
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    assert window.export_onnx_action.isEnabled()
