"""How responsive the app stays: event-loop lateness while training, canvas-to-bars latency.

Usage (offscreen, or under xvfb-run for real X11 painting):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_gui [--preset mlp] [--epochs N]
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m bench.bench_gui

1. Lateness: a 10 ms precise QTimer in the GUI thread records how late each tick fires, first
   with the window idle (the reference), then while the preset trains in the worker thread with
   live curves and the drawing re-read from fresh weights. Targets: p99 <= 30 ms, max <= 100 ms.
2. Training speed: the same run's time in the window against the bare engine in this process
   (no Qt), so the ratio is what the GUI costs the training.
3. Canvas to bars: for every mouse move of one stroke, the time from sending the event until the
   probability bars have painted the new reading. Target <= 16 ms (one frame at 60 Hz).
The plot-update figure with long histories is bench/bench_plots.py.
"""
import argparse
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

import numpy as np

import engine
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs
from gui.simulate import run_event_loop_for, send_mouse, wait_until
from gui.workers import share_the_cores

TICK_MS = 10


class LatenessProbe(QObject):
    """A 10 ms timer that records how much later than due each tick arrives."""

    def __init__(self):
        super().__init__()
        self.lateness_ms = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = None

    def start(self):
        self.lateness_ms.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self):
        self._timer.stop()

    def _tick(self):
        now = time.perf_counter()
        self.lateness_ms.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now


class PaintClock(QObject):
    """Notes when a widget last finished painting."""

    def __init__(self, widget):
        super().__init__()
        self.painted_at = None
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint:
            watched.removeEventFilter(self)  # paint it now, then time the end of it
            watched.event(event)
            watched.installEventFilter(self)
            self.painted_at = time.perf_counter()
            return True
        return False


def percentiles(values):
    array = np.asarray(values)
    return {"n": len(array), "median": float(np.median(array)),
            "p99": float(np.percentile(array, 99)), "max": float(array.max())}


def measure_lateness(window, probe, settings):
    probe.start()
    run_event_loop_for(3)
    probe.stop()
    idle = percentiles(probe.lateness_ms)
    results = []
    window.controller.finished.connect(results.append)
    probe.start()
    window.start_training(settings)
    wait_until(lambda: results or window.dialogs.messages, 600, "training to end")
    probe.stop()
    if not results:
        raise SystemExit(f"training failed: {window.dialogs.messages}")
    return idle, percentiles(probe.lateness_ms), results[0].metrics["train_seconds"]


def bare_engine_seconds(settings, dataset):
    """The same run as `python -m engine train` makes it: every core, no window."""
    engine.use_cores()
    run = engine.build_training(settings, dataset, out=".", log_file=None)
    run.trainer.run()
    return run.trainer.elapsed_time


def measure_stroke_latency(window, moves=60):
    panel = window.draw_panel
    panel.clear()
    run_event_loop_for(0.2)
    clock = PaintClock(panel.bars)
    canvas, latencies = panel.canvas, []
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(140, 40), Qt.LeftButton, Qt.LeftButton)
    run_event_loop_for(0.05)
    for step in range(1, moves + 1):
        clock.painted_at = None
        sent = time.perf_counter()
        send_mouse(canvas, QEvent.MouseMove, QPointF(140, 40 + step * 200 / moves),
                   Qt.NoButton, Qt.LeftButton)
        wait_until(lambda: clock.painted_at is not None, 2, "the bars to repaint")
        latencies.append((clock.painted_at - sent) * 1000)
        run_event_loop_for(0.01)  # a hand moves the mouse about every 10 ms
    send_mouse(canvas, QEvent.MouseButtonRelease, QPointF(140, 240), Qt.LeftButton, Qt.NoButton)
    return percentiles(latencies[1:])  # the first move draws the first ink: no reading yet


def report(name, stats, unit="ms"):
    print(f"  {name:<34} median {stats['median']:6.2f} {unit}   p99 {stats['p99']:6.2f} {unit}"
          f"   max {stats['max']:6.2f} {unit}   (n={stats['n']})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="mlp")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--leave-a-core", action="store_true",
                        help="train on all cores but one, as the app did before issue 19")
    parser.add_argument("--no-pen-yield", action="store_true",
                        help="training goes on while the pen moves (before issue 19)")
    args = parser.parse_args()
    cores = (engine.use_cores(max(1, engine.usable_cores() - 1)) if args.leave_a_core
             else share_the_cores())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(Path("/tmp") / "digitlab-bench-gui.ini"), QSettings.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings, dialogs=ScriptedDialogs())  # no modal boxes
    window.resize(1280, 800)
    window.show()
    if args.no_pen_yield:
        window.draw_panel.canvas.changed.disconnect(window.controller.note_pen)
    window.open_startup_model()  # read in the background
    window.load_dataset()
    wait_until(lambda: window.opening is None, 60, "the model")
    wait_until(lambda: window.dataset() is not None, 60, "the dataset")
    train = engine.TrainSettings(preset=args.preset, epochs=args.epochs)
    probe = LatenessProbe()
    print(f"platform {app.platformName()}, preset {args.preset}, "
          f"{train.plan().length} {train.plan().unit}s, training on {cores} core(s), "
          f"training {'goes on' if args.no_pen_yield else 'waits'} while the pen moves")
    stroke_idle = measure_stroke_latency(window)
    idle, training, gui_seconds = measure_lateness(window, probe, train)
    window.start_training(engine.TrainSettings(preset=args.preset, epochs=1000))
    run_event_loop_for(1.0)
    stroke_training = measure_stroke_latency(window)
    window.controller.shutdown()
    bare_seconds = bare_engine_seconds(train, window.dataset())
    print("event-loop lateness of a 10 ms timer")
    report("window idle (reference)", idle)
    report(f"while {args.preset} trains", training)
    print("canvas move -> bars painted")
    report("idle", stroke_idle)
    report("while training", stroke_training)
    print(f"training time: in the window {gui_seconds:.2f} s, bare engine {bare_seconds:.2f} s, "
          f"ratio {gui_seconds / bare_seconds:.2f}")
    if window.dialogs.messages:
        print("messages shown:", window.dialogs.messages)
    window.close()


if __name__ == "__main__":
    main()
