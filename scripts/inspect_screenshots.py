"""Screenshots of every view of the Inspect page, for the built-in CNN and an untrained MLP.

    xvfb-run -a -s "-screen 0 1024x768x24" \\
        .venv/bin/python -m scripts.inspect_screenshots /tmp/inspect-1024 1024 768
    xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python -m scripts.inspect_screenshots /tmp/inspect-1366 1366 768

Writes <model>-<view>.png into the folder: the real window at that size (a title bar's worth
less than the screen), a 7 drawn on the Inspect page's canvas, the test set measured. Needs an
X server (see scripts/screenshot.py for the Debian packages).
"""
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from gui.app import make_application
from gui.main_window import MainWindow
from gui.selftest import DRAWN_DIGITS, ScriptedDialogs
from gui.simulate import drag, run_event_loop_for, wait_until

TITLE_BAR = 30


def ready_window(folder, width, height):
    """A shown window on throwaway settings in `folder`, at the screen's size less a title bar,
    with the built-in model and MNIST loaded."""
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)
    window = MainWindow(settings=settings, dialogs=ScriptedDialogs(),
                            runs_folder=Path(folder) / "runs")
    window.show()
    window.setGeometry(0, 0, width, height - TITLE_BAR)
    window.open_startup_model()
    window.load_dataset()
    wait_until(lambda: window.opening is None, 60, "the model")
    wait_until(lambda: window.dataset() is not None, 60, "the dataset")
    return window


def main(out, width, height):
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        window = ready_window(folder, width, height)
        window.pages.setCurrentWidget(window.inspect_page)
        shoot_every_view(window, out / "deep-cnn")
        window.train_panel.set_values({"preset": "mlp"})
        window.new_action.trigger()  # File > New: an untrained MLP
        shoot_every_view(window, out / "untrained-mlp")
        window.controller.shutdown()
        window.close()


def shoot_every_view(window, prefix):
    page = window.inspect_page
    page.views.setCurrentWidget(page.activations)
    page.clear_action.trigger()
    for stroke in DRAWN_DIGITS["7"]:
        drag(page.canvas, [(x * 0.8, y * 0.8) for x, y in stroke], steps_between=3)
    run_event_loop_for(0.5)
    for view in (page.activations, page.weights, page.mistakes, page.map):
        page.views.setCurrentWidget(view)
        if view is page.mistakes:
            page.mistakes.measure()
            wait_until(lambda: page.mistakes.accuracy_text() is not None, 120,
                       "the measurement")
        run_event_loop_for(3.0 if view is page.map else 0.5)  # the map is fitted in the back
        name = type(view).__name__.removesuffix("View").lower()
        window.grab().save(str(f"{prefix}-{name}.png"))
        print(f"{prefix}-{name}.png", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    sys.exit(0)
