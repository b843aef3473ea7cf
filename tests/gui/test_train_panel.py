"""The Train panel's form and summary follow the engine's TrainPlan: the book's chapter 5 run
is 10,000 iterations in the window too, not 17 epochs."""
import re

from PySide6.QtCore import QSettings, Qt

import pytest

import engine
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat),
                        dialogs=ScriptedDialogs())
    qtbot.addWidget(window)
    window.show()
    yield window
    window.controller.shutdown()


def choose(qtbot, combo, text):
    """As a user does from the keyboard: Home, then Down until the item shows."""
    qtbot.keyClick(combo, Qt.Key_Home)
    for _ in range(combo.findText(text)):
        qtbot.keyClick(combo, Qt.Key_Down)
    assert combo.currentText() == text


def choose_preset(qtbot, form, name):
    choose(qtbot, form.preset, name)


def test_book_ch05_fills_the_form_with_10000_iterations_and_mlp_with_10_epochs(qtbot, window):
    form = window.train_panel.form
    choose_preset(qtbot, form, "book-ch05")
    assert (form.length.value(), form.length_unit.currentText()) == (10_000, "iterations")
    assert form.length.text() == "10,000"
    plan = form.settings().plan()
    assert (plan.unit, plan.iterations, plan.epochs) == ("iteration", 10_000, None)
    choose_preset(qtbot, form, "mlp")
    assert (form.length.value(), form.length_unit.currentText()) == (10, "epochs")
    assert form.length.maximum() == 500  # epochs; iterations go far higher
    assert form.settings().plan().epochs == 10


def test_the_user_switches_a_run_from_epochs_to_iterations(qtbot, window):
    form = window.train_panel.form
    choose_preset(qtbot, form, "mlp")
    choose(qtbot, form.length_unit, "iterations")
    form.length.selectAll()
    qtbot.keyClicks(form.length, "2500")
    assert form.length.value() == 2500  # beyond the 500 epochs an epoch count allows
    settings = form.settings()
    assert (settings.iterations, settings.epochs) == (2500, None)


def test_an_iteration_length_is_remembered_between_sessions(qtbot, window, tmp_path):
    form = window.train_panel.form
    choose_preset(qtbot, form, "book-ch05")
    form.length.setValue(1234)
    window.close()
    again = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat),
                       dialogs=ScriptedDialogs())
    qtbot.addWidget(again)
    try:
        restored = again.train_panel.form
        assert restored.preset.currentData() == "book-ch05"
        assert (restored.length.value(), restored.length_unit.currentData()) == (1234, "iteration")
    finally:
        again.controller.shutdown()


@pytest.mark.slow
def test_book_ch05_trains_10000_iterations_in_the_window(qtbot, window):
    """The whole chapter 5 run on the built-in MNIST, started with F5 as a user would."""
    form = window.train_panel.form
    choose_preset(qtbot, form, "book-ch05")
    summaries = []
    window.controller.progress.connect(
        lambda report: summaries.append(window.train_panel.status.summary.text()))
    window.activateWindow()
    with qtbot.waitSignal(window.controller.finished, timeout=600_000) as finished:
        qtbot.keyClick(window, Qt.Key_F5)
    result = finished.args[0]
    assert result.stop_reason == "completed"
    assert result.metrics["iterations"] == 10_000
    assert result.metrics["epochs"] == 16.6667  # 10,000 batches of 100 of 60,000 images
    assert result.metrics["test_accuracy"] > 0.96  # the book reports about 0.97
    # the live position beside the last logged accuracy (logged every 1,000 iterations)
    assert any(re.match(r"Iteration 5,\d{3}/10,000 · test accuracy ", text) for text in summaries)
    summary = window.train_panel.status.summary.text()
    assert summary.startswith("Finished (completed) after 10,000 iterations")
    assert window.train_panel.status.progress.value() == 1000
    history = result.metadata["history"]
    assert [row["iteration"] for row in history] == list(range(1000, 10_001, 1000))
    assert engine.TrainSettings(**result.metadata["extra"]["settings"]).plan().iterations == 10_000
