"""Take the README's screenshot: the real window, mid-training, with a drawn 7.

    xvfb-run -a -s "-screen 0 1280x800x24" \\
        .venv/bin/python -m scripts.screenshot docs/screenshot.png
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1600x24" \\
        .venv/bin/python -m scripts.screenshot /tmp/screenshot-200.png

Needs an X server (Xvfb): offscreen rendering would not show what users see. On Debian:
apt-get install xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libegl1
libgl1 libfontconfig1 libdbus-1-3.
"""
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

import engine
from gui.app import make_application
from gui.main_window import MainWindow
from gui.selftest import DRAWN_DIGITS, ScriptedDialogs
from gui.simulate import drag, run_event_loop_for, wait_until
from gui.workers import share_the_cores


def main(out, preset="simple-cnn", fraction=0.08):
    make_application(sys.argv[:1])
    share_the_cores()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)
        window = MainWindow(settings=settings, dialogs=ScriptedDialogs(),
                            runs_folder=Path(folder) / "runs")
        window.resize(1280, 800)
        window.show()
        window.open_startup_model()  # read in the background
        window.load_dataset()
        window.look_for_gpu()  # as the app does after its first paint
        wait_until(lambda: window.opening is None, 30, "the model")
        wait_until(lambda: window.dataset() is not None, 30, "the dataset")
        form = window.train_panel.form
        form.preset.setCurrentIndex(form.preset.findData(preset))
        window.start_training()
        wait_until(lambda: window.train_panel.status.progress.value() >= fraction * 1000, 300,
                   "training to get that far")
        for stroke in DRAWN_DIGITS["7"]:
            drag(window.draw_panel.canvas, stroke, steps_between=3)
        run_event_loop_for(0.3)
        window.grab().save(out)
        window.controller.shutdown()
        window.close()
    print(f"saved {out} ({engine.__version__}, logical size {window.width()}x{window.height()})")


if __name__ == "__main__":
    main(sys.argv[1])
