"""The window in Japanese, every page, idle, during a run and after Stop, under Xvfb.

    xvfb-run -a -s "-screen 0 1024x768x24" \\
        .venv/bin/python -m scripts.japanese_screenshots /tmp/ja 1024 768

Needs a Japanese font (Debian: fonts-noto-cjk) beside scripts/screenshot.py's packages.
"""
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.app import make_application
from gui.main_window import Dialogs
from gui.selftest import DRAWN_DIGITS
from gui.simulate import drag, run_event_loop_for, wait_until
from gui.workers import share_the_cores
from scripts.inspect_screenshots import ready_window


def shoot(window, path):
    run_event_loop_for(0.5)
    window.grab().save(str(path))
    print(path, flush=True)


def every_page(window, prefix):
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        shoot(window, f"{prefix}-page{index + 1}.png")


def every_lesson(window, prefix):
    window.pages.setCurrentWidget(window.learn_page)
    lessons = window.learn_page.lesson_list
    for row in range(lessons.count()):
        lessons.setCurrentRow(row)
        run_event_loop_for(1.0)
        shoot(window, f"{prefix}-lesson{row + 1}.png")


def shoot_screen_when_a_box_shows(path):
    """Save the whole screen once a message box is up (a window's grab leaves it out), then
    close the box."""
    def look():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(200, look)
            return
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        print(path, flush=True)
        box.close()
    QTimer.singleShot(200, look)


def engine_messages(window, out, folder):
    """Sentences the engine wrote, as the window shows them: a network it refuses (typed into
    the hidden-layer field) and a damaged model (opened)."""
    window.pages.setCurrentIndex(0)
    hidden = window.train_panel.form.hidden
    before = hidden.text()
    hidden.setFocus()
    hidden.selectAll()
    QTest.keyClicks(hidden, "0")
    shoot(window, out / "engine-refuses-network.png")
    hidden.selectAll()
    QTest.keyClicks(hidden, before)
    broken = Path(folder) / "broken.npz"
    broken.write_bytes(b"this is no model")
    scripted, window.dialogs = window.dialogs, Dialogs(window)  # a real message box, this once
    shoot_screen_when_a_box_shows(out / "engine-damaged-model.png")
    window.open_model(broken)
    wait_until(lambda: window.opening is None and QApplication.activeModalWidget() is None, 60,
               "the damaged model's message")
    window.dialogs = scripted


def main(out, width, height):
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv[:1], "ja")
    share_the_cores()
    with tempfile.TemporaryDirectory() as folder:
        window = ready_window(folder, width, height)
        canvas = window.draw_panel.canvas
        for stroke in DRAWN_DIGITS["7"]:
            drag(canvas, stroke, steps_between=3)
        every_page(window, out / "idle")
        every_lesson(window, out / "idle")
        engine_messages(window, out, folder)
        window.pages.setCurrentIndex(0)
        window.train_panel.set_values({"preset": "lesson-cnn"})
        window.train_panel.start_action.trigger()
        wait_until(lambda: window.controller.state == "running", 60, "the run to start")
        run_event_loop_for(6.0)
        every_page(window, out / "running")
        window.pages.setCurrentIndex(0)
        window.train_panel.stop_action.trigger()
        wait_until(lambda: not window.controller.is_active(), 300, "the run to end")
        shoot(window, out / "stopped-page1.png")
        window.open_builtin_action.trigger()
        wait_until(lambda: window.opening is None, 60, "the built-in model")
        shoot(window, out / "reopened-page1.png")
        window.controller.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    sys.exit(0)
