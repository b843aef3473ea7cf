"""Pen move to painted Inspect page: how closely every layer's output follows the pen.

Usage (offscreen, or under xvfb-run for real X11 painting):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_inspect [--moves 120]

The built-in CNN is opened, the Inspect page shown (Ctrl+2), and one stroke drawn on its canvas.
For every mouse move: the time from sending the event until the layer views on screen (the
list scrolls) have all painted the new reading. Target:
p99 <= 30 ms on two cores (issue 16). bench/bench_gui.py measures the same for the Draw page.
"""
import argparse
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication

from bench.bench_gui import PaintClock, percentiles, report
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs
from gui.simulate import run_event_loop_for, send_mouse, wait_until
from gui.workers import share_the_cores


def measure_stroke(window, moves):
    page = window.inspect_page
    page.clear_action.trigger()
    run_event_loop_for(0.2)
    canvas, latencies = page.canvas, []
    size = canvas.width()
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(size / 2, size * 0.15), Qt.LeftButton,
               Qt.LeftButton)
    run_event_loop_for(0.05)
    # every layer view on screen (the list scrolls: views out of sight are not painted)
    clocks = [PaintClock(view) for view in page.activations.views()
              if not view.visibleRegion().isEmpty()]
    for step in range(1, moves + 1):
        for clock in clocks:
            clock.painted_at = None
        sent = time.perf_counter()
        point = QPointF(size / 2 + 20 * (step % 7) / 7, size * (0.15 + 0.7 * step / moves))
        send_mouse(canvas, QEvent.MouseMove, point, Qt.NoButton, Qt.LeftButton)
        wait_until(lambda: all(clock.painted_at for clock in clocks), 2,
                   "the Inspect page to repaint")
        latencies.append((max(clock.painted_at for clock in clocks) - sent) * 1000)
        run_event_loop_for(0.01)  # a hand moves the mouse about every 10 ms
    send_mouse(canvas, QEvent.MouseButtonRelease, point, Qt.LeftButton, Qt.NoButton)
    return percentiles(latencies[1:])  # the first move draws the first ink


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=120)
    args = parser.parse_args()
    cores = share_the_cores()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(Path("/tmp") / "digitlab-bench-inspect.ini"), QSettings.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings, dialogs=ScriptedDialogs())
    window.resize(1280, 800)
    window.show()
    window.open_startup_model()
    wait_until(lambda: window.opening is None, 60, "the model")
    window.page_actions[1].trigger()  # Ctrl+2
    run_event_loop_for(0.3)
    print(f"platform {app.platformName()}, model {window.current_model.title()}, "
          f"engine threads: {cores}")
    print("canvas move -> Inspect page painted (every layer view on screen)")
    report("built-in CNN", measure_stroke(window, args.moves))
    window.close()


if __name__ == "__main__":
    main()
