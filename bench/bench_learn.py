"""How long each lesson of the Learn page takes to open, and what the page costs the start.

Usage (offscreen, or under xvfb-run for real X11 painting):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_learn [--runs 2]

For every lesson, in a fresh window each run: the time from its click in the list until it is
painted (its module imported, its widgets built, its first numbers computed), and until any
job it started on showing has finished (the gradient check of the small network, the book's
check of ten test images). Target: every lesson painted in under a second (issue 17).

The window's start: importing the Learn page (lessons load when first chosen) against
importing every lesson module as well, the cost the start would carry if they loaded eagerly,
each in a fresh interpreter.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bench.bench_gui import PaintClock
from gui.main_window import MainWindow
from gui.pages.learn import LESSONS
from gui.selftest import ScriptedDialogs
from gui.simulate import run_event_loop_for, wait_until

TARGET_S = 1.0
IMPORT_LEARN = "import gui.pages.learn"
IMPORT_ALL = "import gui.pages.learn; [entry.load() for entry in gui.pages.learn.LESSONS]"
BEFORE = "import gui.pages.inspect, gui.pages.draw_train, gui.workers, engine"


def open_lesson(window, row):
    """(seconds to painted, seconds until its jobs ended) for the lesson in `row`."""
    page = window.learn_page
    page.lesson_list.setCurrentRow(row)  # the page is hidden: nothing is built yet
    began = time.perf_counter()
    window.page_actions[2].trigger()  # imports, builds and shows it: first numbers computed
    lesson = page.current_lesson()
    clock = PaintClock(lesson)
    wait_until(lambda: clock.painted_at is not None, 30, "the lesson to paint")
    painted = clock.painted_at - began
    wait_until(lambda: not lesson.busy(), 120, "the lesson's jobs")
    return painted, time.perf_counter() - began


def fresh_window(folder):
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)
    window = MainWindow(settings=settings, dialogs=ScriptedDialogs())
    window.resize(1024, 738)
    window.show()
    window.open_startup_model()
    window.load_dataset()
    wait_until(lambda: window.opening is None, 60, "the model")
    wait_until(lambda: window.dataset() is not None, 60, "the dataset")
    run_event_loop_for(0.5)
    return window


def import_seconds(statement):
    code = (f"import time; {BEFORE}; t = time.perf_counter(); {statement}; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    QApplication(sys.argv[:1])
    for run in range(1, args.runs + 1):
        print(f"run {run}")
        for row, entry in enumerate(LESSONS):
            with tempfile.TemporaryDirectory() as folder:
                window = fresh_window(folder)
                painted, settled = open_lesson(window, row)
                window.learn_page.shutdown()
                window.controller.shutdown()
                window.close()
            verdict = "ok" if painted < TARGET_S else "SLOW"
            print(f"  {row + 1}. {entry.class_name:20s} painted {painted:6.3f} s "
                  f"({painted / TARGET_S:.2f}x the 1 s target, {verdict}); jobs done "
                  f"{settled:6.3f} s")
        lazy = statistics.median(import_seconds(IMPORT_LEARN) for _ in range(5))
        eager = statistics.median(import_seconds(IMPORT_ALL) for _ in range(5))
        print(f"  start: the Learn page imports in {lazy * 1000:.1f} ms; with every lesson "
              f"module {eager * 1000:.1f} ms ({lazy / eager:.3f}x)")


if __name__ == "__main__":
    main()
