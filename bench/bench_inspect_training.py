"""What the Inspect page's Weights tab costs a training run: shown against the Draw page.

Usage (offscreen, or under xvfb-run for real X11 painting):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_inspect_training \
        [--preset mlp] [--iterations 3000] [--rounds 3]

The preset trains for a fixed number of iterations in the window, with the Weights tab of the
Inspect page on screen (its pictures and histograms follow every weight snapshot) or with the
Draw page on screen (its bars follow them), alternating so that a machine's drift falls on
both. Printed: each run's training seconds (the run's own clock) and the ratio of the medians,
Weights tab / Draw page. Target (issue 16): <= 1.10.
"""
import argparse
import statistics
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import engine
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs
from gui.simulate import run_event_loop_for, wait_until
from gui.workers import share_the_cores


def show_weights_tab(window):
    window.pages.setCurrentWidget(window.inspect_page)
    window.inspect_page.views.setCurrentWidget(window.inspect_page.weights)


def show_draw_page(window):
    window.pages.setCurrentWidget(window.draw_train_page)


def train_once(window, settings, show):
    """Seconds the run trained for, with `show(window)` deciding what is on screen; also the
    number of weight snapshots the Weights tab drew."""
    show(window)
    run_event_loop_for(0.3)
    drawn = []
    window.inspect_page.weights.shown_weights.connect(lambda: drawn.append(1))
    results = []
    window.controller.finished.connect(results.append)
    window.start_training(settings)
    wait_until(lambda: results or window.dialogs.messages, 900, "training to end")
    window.controller.finished.disconnect(results.append)
    window.inspect_page.weights.shown_weights.disconnect()
    if not results:
        raise SystemExit(f"training failed: {window.dialogs.messages}")
    wait_until(lambda: window.jobs.idle(), 30, "the last drawing of the weights")
    return results[0].metrics["train_seconds"], len(drawn)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="mlp")
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cores = share_the_cores()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(Path("/tmp") / "digitlab-bench-inspect-training.ini"),
                         QSettings.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings, dialogs=ScriptedDialogs())
    window.resize(1280, 800)
    window.show()
    window.load_dataset()
    wait_until(lambda: window.dataset() is not None, 120, "the dataset")
    train = engine.TrainSettings(preset=args.preset, iterations=args.iterations)
    print(f"platform {app.platformName()}, preset {args.preset}, {args.iterations} iterations, "
          f"engine threads: {cores}")
    times = {"weights": [], "draw": []}
    for round_number in range(args.rounds):
        order = [("weights", show_weights_tab), ("draw", show_draw_page)]
        for name, show in order if round_number % 2 == 0 else order[::-1]:
            seconds, drawn = train_once(window, train, show)
            times[name].append(seconds)
            print(f"  round {round_number + 1}: {name:<8} {seconds:6.2f} s"
                  + (f"  ({drawn} snapshots drawn)" if name == "weights" else ""))
    weights, draw = statistics.median(times["weights"]), statistics.median(times["draw"])
    print(f"median training time: Weights tab shown {weights:.2f} s, Draw page shown "
          f"{draw:.2f} s, ratio {weights / draw:.3f} (target <= 1.10)")
    if window.dialogs.messages:
        print("messages shown:", window.dialogs.messages)
    window.controller.shutdown()
    window.jobs.shutdown()
    window.close()


if __name__ == "__main__":
    main()
