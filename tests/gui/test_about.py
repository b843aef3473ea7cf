"""Help > About: DigitLab, and what this computer is, copied into a bug report as a user would."""
import dataclasses

from PySide6.QtCore import Qt, qVersion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import engine

from qt_helpers import HUNG

LOOKING = "Looking up this computer…"


def help_menu_action(window, text):
    [help_menu] = [action.menu() for action in window.menuBar().actions()
                   if action.text() == "&Help"]
    [action] = [action for action in help_menu.actions() if action.text() == text]
    return action


def open_about(qtbot, window):
    help_menu_action(window, "&About DigitLab").trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.report_text() != LOOKING,
                    timeout=HUNG)
    return dialog


def test_about_reports_this_computer_and_copies_it(qtbot, make_window):
    window = make_window(open_model=False)
    dialog = open_about(qtbot, window)
    report = dialog.report_text().splitlines()
    assert report[0] == f"DigitLab: {engine.__version__}"
    facts = dict(line.split(": ", 1) for line in report)
    assert {"OS", "CPU", "Cores", "Memory", "BLAS", "Python", "NumPy", "Qt", "GPU"} <= set(facts)
    assert facts["Qt"].startswith(qVersion())  # the Qt the window runs on, even when frozen
    assert facts["CPU"] == engine.system_info().cpu
    assert "CC BY-SA 3.0" in dialog.about.text()  # MNIST's attribution stays
    QApplication.clipboard().clear()
    QTest.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.report_text()


def test_text_from_the_system_is_shown_as_plain_text(qtbot, make_window, monkeypatch):
    odd = dataclasses.replace(engine.system_info(), cpu="<b>Fake</b> CPU & co")
    monkeypatch.setattr(engine, "system_info", lambda: odd)
    dialog = open_about(qtbot, make_window(open_model=False))
    assert "CPU: <b>Fake</b> CPU & co" in dialog.report_text().splitlines()


def test_a_failed_look_up_is_said_in_a_sentence_and_can_be_copied(qtbot, make_window,
                                                                   monkeypatch):
    def broken():
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(engine, "system_info", broken)
    dialog = open_about(qtbot, make_window(open_model=False))
    text = dialog.report_text()
    assert text.startswith("Could not look up this computer") and "Traceback" not in text
    assert dialog.copy_button.isEnabled()


def test_about_opens_again_with_a_fresh_report_and_fits_a_small_screen(qtbot, make_window):
    window = make_window(open_model=False)
    first = open_about(qtbot, window)
    first.reject()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=HUNG)
    first.report.setPlainText(LOOKING)  # as it is while a new look-up runs
    again = open_about(qtbot, window)
    assert again is first and again.report_text().startswith("DigitLab: ")
    frame = again.frameGeometry()
    assert frame.width() <= 1024 and frame.height() <= 768
