"""The whole window, offscreen: drawing and reading, training, files, settings, accessibility."""
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPointF,
    QRect,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSlider,
    QTabBar,
    QWidget,
)

import numpy as np

import engine
from engine.tools.demos import DEMOS
from gui.canvas import DrawingCanvas
from gui.main_window import MainWindow
from gui.selftest import DRAWN_DIGITS
from gui.simulate import drag, send_mouse

import fake_cupy
from qt_helpers import HUNG, small_settings, tiny_dataset, use_dataset, wait_opened

ROOT = Path(__file__).resolve().parents[2]
SEVEN = DRAWN_DIGITS["7"][0]  # the self-test's strokes, read right by the bundled model
ONE = DRAWN_DIGITS["1"][0]
LONG_RUN = {"epochs": None, "iterations": 1_000_000}  # never ends by itself: the test ends it


def draw(qtbot, window, *strokes):
    for stroke in strokes:
        drag(window.draw_panel.canvas, stroke, steps_between=3)
    qtbot.waitUntil(lambda: not window.draw_panel._read_pending, timeout=HUNG)


# --- drawing and reading ------------------------------------------------------------------------

def test_at_start_the_bundled_model_reads_a_drawn_seven(qtbot, window):
    assert window.current_model.path == engine.bundled_model_path()
    assert "99.60%" in window.model_label.text()  # assets/models/README.md
    draw(qtbot, window, SEVEN)
    panel = window.draw_panel
    assert panel.canvas.to_array().max() == 255  # ink where the mouse went
    answer, confidence = panel.reading()
    assert answer == "7" and confidence > 0.9
    assert panel.answer.answer_text() == "7"
    assert abs(sum(panel.bars.probabilities()) - 1) < 1e-4
    preview = panel.network_input.image()
    assert (preview.width(), preview.height()) == (28, 28)


def test_an_empty_canvas_shows_no_guess(qtbot, window):
    panel = window.draw_panel
    assert panel.reading() is None
    assert panel.answer.answer_text() == "–" and "Draw a digit" in panel.answer.confidence_text()
    assert panel.network_input.image() is None and panel.bars.probabilities() is None


def test_undo_and_clear_from_the_keyboard(qtbot, window):
    panel = window.draw_panel
    window.activateWindow()
    draw(qtbot, window, ONE, SEVEN)
    before = panel.canvas.to_array()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    draw(qtbot, window)
    after_undo = panel.canvas.to_array()
    assert panel.reading() is not None and (after_undo < before).any()
    assert panel.reading()[0] == "1"  # only the first stroke is left
    qtbot.keyClick(window, Qt.Key_Escape)
    draw(qtbot, window)
    assert panel.canvas.is_empty() and panel.reading() is None


def test_the_reading_follows_the_pen_before_it_is_lifted(qtbot, window):
    panel = window.draw_panel
    send_mouse(panel.canvas, QEvent.MouseButtonPress, QPointF(140, 50), Qt.LeftButton,
               Qt.LeftButton)
    for y in range(60, 231, 10):
        send_mouse(panel.canvas, QEvent.MouseMove, QPointF(140, y), Qt.NoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.reading() is not None, timeout=HUNG)
    assert panel.reading()[0] == "1"  # read mid-stroke: the button is still down
    reads = []
    panel.read.connect(lambda: reads.append(1))
    for _ in range(30):  # many moves between two event-loop passes cost one read, not 30
        send_mouse(panel.canvas, QEvent.MouseMove, QPointF(141, 231), Qt.NoButton, Qt.LeftButton)
        send_mouse(panel.canvas, QEvent.MouseMove, QPointF(139, 231), Qt.NoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=HUNG)
    QCoreApplication.sendPostedEvents()  # anything the moves asked for is delivered now
    assert len(reads) == 1 and not panel._read_pending  # and no second read is on its way


def test_random_test_digit_shows_the_image_and_its_label(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    panel = window.draw_panel
    assert panel.random_action.isEnabled()
    label = panel.show_test_image(3)
    assert label == int(window.dataset().t_test[3])
    assert f"its label is {label}" in panel.source_label.text()
    qtbot.waitUntil(lambda: panel.reading() is not None, timeout=HUNG)
    panel.random_action.trigger()
    assert "test image" in panel.source_label.text()


def test_typing_a_dataset_folder_loads_it_once_confirmed(qtbot, window, tiny_folder):
    submitted = []
    original = window.jobs.submit
    window.jobs.submit = lambda *args, **kwargs: (submitted.append(1), original(*args, **kwargs))
    combo = window.train_panel.form.data_dir
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), str(tiny_folder))
    assert submitted == []  # no load per keystroke
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dataset() is not None, timeout=HUNG)
    assert window.dataset().name == "tiny" and len(submitted) == 1


def test_a_typed_folder_chosen_again_is_not_listed_twice(qtbot, window, tiny_folder):
    combo = window.train_panel.form.data_dir
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), str(tiny_folder))
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dataset() is not None, timeout=HUNG)  # listed once loaded
    listed = combo.count()
    window.train_panel.form.set_dataset_folder(tiny_folder)  # e.g. picked again with Browse
    assert combo.count() == listed and combo.currentText() == str(tiny_folder)
    assert window.train_panel.form.dataset_folder() == tiny_folder


def test_a_folder_without_a_dataset_is_explained_in_the_status_bar(qtbot, window, tmp_path):
    window.train_panel.form.set_dataset_folder(tmp_path)
    qtbot.waitUntil(lambda: str(tmp_path) in window.statusBar().currentMessage(), timeout=HUNG)
    assert "has no" in window.statusBar().currentMessage()  # names the file it lacks
    assert window.dataset() is None and not window.draw_panel.random_action.isEnabled()


# --- training -----------------------------------------------------------------------------------

def test_a_run_from_the_window_fills_the_curves_and_becomes_the_model(qtbot, runs_not_kept,
                                                                     window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    draw(qtbot, window, ONE)
    snapshots = []
    window.controller.weights.connect(snapshots.append)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        assert window.start_training(small_settings())
        assert not window.train_panel.start_action.isEnabled()
        assert not window.open_action.isEnabled()  # no file juggling mid-run
    final = finished.args[0].weights.arrays
    shown = window.current_model.network.state_arrays()
    assert shown.keys() == final.keys()
    assert all(np.array_equal(shown[name], final[name]) for name in final)
    panel = window.train_panel
    assert window.curves.loss_plot.point_count() == 30
    assert "Finished (completed)" in panel.status.summary.text()
    assert panel.status.progress.value() == 1000
    assert snapshots and window.current_model.is_modified and window.isWindowModified()
    assert "test accuracy" in window.model_label.text() and "not saved" in window.model_label.text()
    assert window.draw_panel.reading() is not None  # the new weights read the drawing
    assert panel.start_action.isEnabled() and window.open_action.isEnabled()


def test_pause_resume_and_stop_from_the_training_actions(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    panel = window.train_panel
    progress = []
    window.controller.progress.connect(progress.append)
    # a run that cannot end by itself: 400 epochs (3 s alone) ended before the first report
    # was shown on a loaded machine, and pausing an ended run finds it idle
    window.start_training(small_settings(**LONG_RUN))
    qtbot.waitUntil(lambda: len(progress) > 0, timeout=HUNG)
    panel.pause_action.trigger()
    assert window.controller.state == "paused" and panel.pause_action.text() == "&Resume"
    panel.pause_action.trigger()
    assert window.controller.state == "running"
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        panel.stop_action.trigger()
    assert finished.args[0].stop_reason == "stopped by request"
    assert panel.start_action.isEnabled() and not panel.stop_action.isEnabled()


def test_closing_can_be_cancelled_to_save_first(qtbot, runs_not_kept, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.start_training(small_settings())
    window.dialogs.save_answer = "cancel"
    assert not window.close()
    assert window.isVisible() and window.current_model.is_modified


def test_a_training_failure_is_shown_and_the_weights_so_far_are_kept(qtbot, window, tmp_path):
    window.train_panel.form.set_dataset_folder(tmp_path / "no-such-folder")
    with qtbot.waitSignal(window.controller.failed, timeout=HUNG):
        window.start_training(small_settings())
    title, text = window.dialogs.errors[0]
    assert title == "Training failed" and "no-such-folder" in text
    assert window.current_model.path == engine.bundled_model_path()  # nothing was lost


def test_bad_settings_are_explained_before_training(qtbot, window):
    assert not window.start_training(small_settings(lr=-1.0))
    assert "learning rate" in window.dialogs.errors[0][1]
    assert not window.controller.is_active()


# --- model files --------------------------------------------------------------------------------

def foreign_files(tmp_path):
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    arrays = tmp_path / "arrays.npz"
    np.savez(arrays, weights=np.ones(3))
    regression = tmp_path / "regression.npz"
    engine.save_model(regression, engine.build_network(DEMOS["sum-product"].config))
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    return {corrupt: "corrupt", arrays: "arrays", regression: "28x28", text: "notes"}


def test_corrupt_or_foreign_model_files_are_refused_and_the_model_kept(qtbot, window, tmp_path):
    draw(qtbot, window, SEVEN)
    reading = window.draw_panel.reading()
    for path, named in foreign_files(tmp_path).items():
        window.dialogs.errors.clear()
        with qtbot.waitSignal(window.model_refused, timeout=HUNG):
            assert window.open_model(path)  # read in the background
        title, text = window.dialogs.errors[0]
        assert title == "Cannot open model" and named in text
        assert window.current_model.path == engine.bundled_model_path()
        assert window.draw_panel.reading() == reading


def test_open_through_the_dialog_and_the_recent_menu(qtbot, window, tmp_path):
    saved = engine.save_model(tmp_path / "mine.npz", engine.load_model(
        engine.bundled_model_path()).model)
    window.dialogs.open_path = str(saved)
    window.open_action.trigger()  # asks the (scripted) file dialog
    wait_opened(qtbot, window)
    assert window.current_model.path == saved and window.windowTitle().startswith("mine.npz")
    window.open_builtin_action.trigger()
    wait_opened(qtbot, window)
    assert window.current_model.path == engine.bundled_model_path()
    window._fill_recent_menu()
    recent = window.recent_menu.actions()
    # the built-in model has its own menu entry (and, in the binary, a new path every start)
    assert [action.data() for action in recent] == [str(saved.resolve())]
    recent[0].trigger()
    wait_opened(qtbot, window)
    assert window.current_model.path == saved


def test_saving_the_bundled_model_asks_for_a_new_name(qtbot, window, tmp_path):
    window.dialogs.save_path = str(tmp_path / "copy")
    assert window.save_model()
    assert window.current_model.path == tmp_path / "copy.npz"
    bundled = engine.load_model(engine.bundled_model_path()).metrics["test_accuracy"]
    assert bundled >= 0.994  # the shipped CNN, copied with its metrics
    assert engine.load_model(tmp_path / "copy.npz").metrics["test_accuracy"] == bundled
    assert window.save_model()  # now saved in place, without asking again
    window.dialogs.save_path = None
    assert window.current_model.path == tmp_path / "copy.npz"


def test_a_failed_save_is_explained_and_changes_nothing(qtbot, window, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert not window.save_model_to(blocker / "model.npz")
    title, text = window.dialogs.errors[0]
    assert title == "Cannot save model" and "a-file" in text
    assert window.current_model.path == engine.bundled_model_path()


def test_an_unsaved_trained_model_is_offered_for_saving_first(qtbot, runs_not_kept, window,
                                                            tiny_folder, tmp_path):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.start_training(small_settings())
    window.dialogs.save_answer = "cancel"
    assert not window.open_model(engine.bundled_model_path())
    assert window.current_model.path is None and window.current_model.is_modified
    window.dialogs.save_answer = "save"
    window.dialogs.save_path = str(tmp_path / "trained.npz")
    assert window.open_model(engine.bundled_model_path())
    wait_opened(qtbot, window)
    assert window.current_model.path == engine.bundled_model_path()
    assert engine.load_model(tmp_path / "trained.npz").history  # saved with its history


def test_new_model_is_untrained_and_unsaved_nowhere(qtbot, window):
    window.new_action.trigger()
    assert window.current_model.path is None and "untrained" in window.windowTitle()
    assert window.current_model.metrics == {}
    draw(qtbot, window, SEVEN)
    assert window.draw_panel.reading() is not None  # an untrained network still answers


# --- remembered settings ------------------------------------------------------------------------

def test_settings_are_remembered_between_runs(qtbot, make_window, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "_available", lambda self: QRect(0, 0, 1920, 1080))
    first = make_window()
    form = first.train_panel.form
    form.preset.setCurrentIndex(form.preset.findData("mlp-wide"))
    form.seed.setValue(7)
    form.lr.setValue(0.002)
    first.draw_panel.pen_width.setValue(25)
    first.resize(1300, 720)
    first.dialogs.save_path = str(tmp_path / "kept.npz")
    first.save_model_as()
    first.close()
    second = make_window(open_model=False)
    values = second.train_panel.form.values()
    assert (values["preset"], values["seed"], values["lr"]) == ("mlp-wide", 7, 0.002)
    assert values["hidden"] == [512, 256] and values["dropout"] == 0.2
    assert second.draw_panel.canvas.pen_width() == 25
    # Qt's restoreGeometry fits the width to the offscreen 800x600 screen, down to the
    # window's minimum; the height shows the restore
    assert second.height() == 720
    second.open_startup_model()
    wait_opened(qtbot, second)
    assert second.current_model.path == tmp_path / "kept.npz"


def test_the_built_in_dataset_is_named_and_remembered_as_the_default(qtbot, make_window,
                                                                       tiny_folder):
    """In the binary the built-in folder is a new temporary path at every start: show its
    name, and remember "the default" rather than a path that will be gone."""
    first = make_window(open_model=False)
    form = first.train_panel.form
    assert form.data_dir.currentText() == "MNIST (built in)"
    assert form.dataset_folder() == engine.assets_dir() / "datasets" / "mnist"
    assert form.values()["data_dir"] == ""
    form.set_dataset_folder(tiny_folder)
    assert form.data_dir.currentText() == str(tiny_folder)
    assert form.values()["data_dir"] == str(tiny_folder)
    first.close()
    assert make_window(open_model=False).train_panel.form.dataset_folder() == tiny_folder


def test_show_model_folder_opens_the_saved_models_folder(qtbot, window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("gui.main_window.open_externally", lambda t: opened.append(t) or None)
    assert not window.show_folder_action.isEnabled()  # the built-in model: a temporary folder
    window.dialogs.save_path = str(tmp_path / "mine.npz")
    window.save_model_as()
    assert window.show_folder_action.isEnabled()
    window.show_folder_action.trigger()
    assert opened == [tmp_path]
    monkeypatch.setattr("gui.main_window.open_externally", lambda t: f"Could not open {t}")
    window.show_folder_action.trigger()
    assert window.dialogs.errors[-1] == ("Cannot show the folder", f"Could not open {tmp_path}")


def test_broken_remembered_settings_fall_back_to_defaults(qtbot, make_window, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    settings.setValue("training/form", "{not json")
    settings.setValue("model/recent", "[1, 2")
    settings.setValue("model/last", str(tmp_path / "gone.npz"))
    settings.sync()
    window = make_window()
    assert window.current_model.path == engine.bundled_model_path()
    assert window.recent_models() == []
    assert window.train_panel.form.values()["preset"] == "mlp"


# --- every control explained and reachable ------------------------------------------------------

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QSlider, QProgressBar,
            DrawingCanvas)


def test_every_control_has_a_tooltip_and_an_accessible_name(window):
    inner = (QComboBox, QAbstractSpinBox)  # their own line edits are part of them
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, CONTROLS) and not isinstance(w.parent(), inner)
                and w.objectName() != "qt_menubar_ext_button"  # Qt's own, hidden ">>" button
                and not isinstance(w.parent(), QTabBar)]  # Qt's own scroll arrows
    assert len(controls) > 20
    missing = [(type(w).__name__, w.text() if hasattr(w, "text") else "")
               for w in controls if not (w.toolTip() and w.accessibleName())]
    assert missing == []
    plots = [window.curves.loss_plot, window.curves.accuracy_plot]
    assert all(p.toolTip() and p.accessibleName() for p in plots)


def mnemonic(text):
    """The letter Alt+letter reaches in a Qt text ('&Open' -> 'o'), or None."""
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if index >= 0 else None


def visible_mnemonics(window):
    """The Alt letters Qt answers now: the menus' and those of the widgets on screen."""
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLabel)
              if w.buddy() is not None and w.isVisible()]
    return texts, [mnemonic(text) for text in texts if mnemonic(text)]


def test_alt_letters_reach_one_thing_each_on_every_page_and_view(qtbot, window):
    views = window.inspect_page.views
    screens = [(0, None)] + [(1, index) for index in range(views.count())] + [(3, None)]
    for page, view in screens:
        window.pages.setCurrentIndex(page)
        if view is not None:
            views.setCurrentIndex(view)
        qtbot.waitUntil(lambda page=page: window.pages.currentWidget().isVisible(), timeout=HUNG)
        texts, letters = visible_mnemonics(window)
        assert len(letters) >= (15 if page == 0 else 5), texts
        assert sorted(letters) == sorted(set(letters)), (page, view, sorted(texts))


def test_common_actions_have_shortcuts_and_explanations(window):
    draw, train = window.draw_panel, window.train_panel
    actions = [window.new_action, window.open_action, window.save_action, window.save_as_action,
               draw.undo_action, draw.clear_action, draw.random_action, train.start_action,
               train.pause_action, train.stop_action]
    assert all(not a.shortcut().isEmpty() for a in actions)
    # Qt's default tooltip is the text without "&": each must have its own sentence
    assert all(a.toolTip() != a.text().replace("&", "") and a.toolTip().endswith(".")
               for a in actions)
    shortcuts = [a.shortcut().toString() for a in actions]
    assert len(set(shortcuts)) == len(shortcuts)


# --- architecture -------------------------------------------------------------------------------

def engine_names_used(source):
    """Every name the module takes from the engine: `engine.X` and `from engine... import X`."""
    tree, used = ast.parse(source), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "engine":
            used.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine."):
            used.update(f"{node.module}:{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "engine":
            used.add(node.attr)
    return used


PUBLIC_PACKAGES = ("engine.lessons:", "engine.lessons.")  # the Learn page's: a module a lesson


def test_the_gui_uses_only_the_engines_public_api():
    public = set(engine.__all__) | {"__version__"}
    for module in sorted((ROOT / "gui").rglob("*.py")):
        used = {name for name in engine_names_used(module.read_text())
                if not name.startswith(PUBLIC_PACKAGES)}
        assert used <= public, f"{module.name} uses {sorted(used - public)}"


def test_the_check_above_catches_private_use():
    source = ("import engine\nfrom engine.nn.layers import Affine\nengine.network.init_std\n"
              "from engine import load_model\n")
    assert engine_names_used(source) == {"engine.nn.layers:Affine", "network", "load_model"}


def test_the_self_test_command_passes():
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "gui", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, done.stdout + done.stderr
    outcome = json.loads(lines[-1])
    assert outcome["ok"] and outcome["checks"]["drawn"].keys() == {"0", "1", "7"}
    assert outcome["checks"]["training"]["iterations"] == 40


# --- convolutional presets and augmentation -------------------------------------------------------

def test_a_convolutional_preset_disables_the_mlp_fields(window):
    form = window.train_panel.form
    form.preset.setCurrentIndex(form.preset.findData("simple-cnn"))
    mlp_fields = (form.hidden, form.activation, form.dropout, form.batchnorm)
    assert not any(field.isEnabled() for field in mlp_fields)
    assert "SimpleConvNet" in form.description.text()
    settings = form.settings()
    assert (settings.hidden, settings.activation, settings.dropout, settings.batchnorm) == \
        (None, None, None, None)
    network = settings.plan().network  # the engine accepts what the form gives
    assert [layer["type"] for layer in network["layers"]][:3] == \
        ["ChannelsLast", "Convolution", "ReLU"]
    form.preset.setCurrentIndex(form.preset.findData("mlp"))
    assert all(field.isEnabled() for field in mlp_fields) and form.hidden_sizes() == (100, 100)


def test_augmentation_follows_the_preset_and_elastic_needs_it(window):
    form = window.train_panel.form
    form.preset.setCurrentIndex(form.preset.findData("deep-cnn"))
    assert form.augment.isChecked() and form.elastic.isEnabled()
    form.elastic.setChecked(True)
    assert (form.settings().augment, form.settings().elastic) == (True, True)
    form.augment.setChecked(False)
    assert not form.elastic.isEnabled()
    assert (form.settings().augment, form.settings().elastic) == (False, False)
    form.preset.setCurrentIndex(form.preset.findData("mlp"))
    assert not form.augment.isChecked()


def test_a_convolutional_preset_and_augmentation_are_remembered(qtbot, make_window):
    first = make_window(open_model=False)
    form = first.train_panel.form
    form.preset.setCurrentIndex(form.preset.findData("simple-cnn"))
    form.augment.setChecked(True)
    first.close()
    values = make_window(open_model=False).train_panel.form.values()
    assert (values["preset"], values["augment"], values["hidden"]) == ("simple-cnn", True, None)


def test_a_cnn_run_with_augmentation_from_the_window_learns(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    settings = engine.TrainSettings(preset="simple-cnn", batch_size=20, epochs=4, lr=0.002,
                                    augment=True)
    with qtbot.waitSignal(window.controller.finished, timeout=60_000) as finished:
        assert window.start_training(settings)
    result = finished.args[0]
    # the tiny classes are row bands 2 pixels apart, which a 2-pixel shift blurs: far above
    # chance (0.1) is the bar here; tests/engine/test_acceptance.py holds real MNIST's
    assert result.metrics["test_accuracy"] >= 0.6, result.metrics
    assert result.metadata["extra"]["train"]["augment"] is True
    assert window.current_model.network.layers[1].W.shape == (30, 5, 5, 1)


# --- the device: CPU or GPU -----------------------------------------------------------------------

def test_without_a_gpu_the_device_choice_is_disabled_and_says_why(qtbot, window, monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch)
    device = window.train_panel.form.device
    assert not device.isEnabled() and "Looking for a GPU" in device.toolTip()
    window.look_for_gpu()
    qtbot.waitUntil(lambda: "No GPU" in device.toolTip(), timeout=HUNG)
    assert not device.isEnabled() and device.count() == 1
    assert "CuPy is not installed: pip install '.[gpu]'" in device.toolTip()
    assert window.train_panel.form.settings().device == "cpu"


def test_a_gpu_is_offered_with_its_name_and_memory_and_remembered(qtbot, make_window,
                                                                  monkeypatch):
    fake_cupy.install(monkeypatch)
    first = make_window(open_model=False)
    first.look_for_gpu()
    form = first.train_panel.form
    qtbot.waitUntil(form.device.isEnabled, timeout=HUNG)
    assert form.device.itemText(1) == "GPU: Fake GPU 8GB, 8.0 GiB (CuPy)"
    assert form.settings().device == "cpu"  # the CPU stays the default
    form.device.setCurrentIndex(1)
    assert form.settings().device == "gpu"
    first.close()
    second = make_window(open_model=False)  # the wish is kept until the GPU is found again
    assert second.train_panel.form.values()["device"] == "gpu"
    assert second.train_panel.form.settings().device == "cpu"
    second.look_for_gpu()
    qtbot.waitUntil(second.train_panel.form.device.isEnabled, timeout=HUNG)
    assert second.train_panel.form.settings().device == "gpu"


def test_a_run_on_the_gpu_that_fails_goes_on_on_the_cpu_in_the_window(qtbot, window,
                                                                       tiny_folder, monkeypatch):
    cp = fake_cupy.install(monkeypatch)
    use_dataset(qtbot, window, tiny_folder)
    engine.gpu_status()  # probed before the device calls are counted
    start = cp.calls
    engine.train_to_end(engine.build_training(small_settings(device="gpu", epochs=4),
                                              tiny_dataset(), out="."))
    cp.fail_after((cp.calls - start) * 2 // 5, fake_cupy.CUDARuntimeError(
        "cudaErrorLaunchFailure"))  # 40% of the way: in the second epoch or the third
    progress = []
    window.controller.progress.connect(progress.append)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        assert window.start_training(small_settings(device="gpu", epochs=4))
    result = finished.args[0]
    notice = window.train_panel.status.device_notice
    assert notice.isVisible()
    assert "The GPU failed (CUDARuntimeError: cudaErrorLaunchFailure). Training goes on on the " \
           "CPU from iteration " in notice.text()
    assert result.stop_reason == "completed" and result.metrics["iterations"] == 40
    iterations = [i for report in progress for i in report.loss_iterations]
    assert iterations == sorted(set(iterations)) and iterations[-1] == 40  # never backwards
    assert result.metadata["extra"]["settings"]["device"] == "cpu"
    assert all(type(a) is np.ndarray for a in result.weights.arrays.values())


def test_the_window_paints_before_cupy_is_even_looked_for(tmp_path):
    """A 'cupy' that says when it is imported: never before the first paint ('shown')."""
    package = tmp_path / "site" / "cupy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("print('cupy imported', flush=True)\n"
                                         "raise ImportError('libcudart.so.12: not found')\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "gui", "--quit-when-shown"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert "shown" in result.stdout
    assert "cupy imported" not in result.stdout or \
        result.stdout.index("shown") < result.stdout.index("cupy imported"), lines
