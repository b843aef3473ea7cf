"""Take the README's screenshot: the real window, mid-training, with a drawn 7.

    xvfb-run -a -s "-screen 0 1280x800x24" \\
        .venv/bin/python scripts/screenshot.py docs/screenshot.png
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1600x24" \\
        .venv/bin/python scripts/screenshot.py /tmp/screenshot-200.png

Needs an X server (Xvfb): offscreen rendering would not show what users see. On Debian:
apt-get install xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libegl1
libgl1 libfontconfig1 libdbus-1-3.
"""
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

import engine  # noqa: E402
from gui.app import make_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.selftest import RecordingDialogs  # noqa: E402
from gui.simulate import drag  # noqa: E402
from gui.workers import leave_a_core_for_the_window  # noqa: E402

SEVEN = [(80, 60), (200, 60), (120, 230)]


def spin(until, timeout):
    end = time.monotonic() + timeout
    while not until() and time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def main(out, preset="mlp-wide", fraction=0.4):
    make_application(sys.argv[:1])
    leave_a_core_for_the_window()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)
        window = MainWindow(settings=settings, dialogs=RecordingDialogs())
        window.resize(1280, 800)
        window.show()
        window.open_startup_model()
        window.load_dataset()
        spin(lambda: window.dataset() is not None, 30)
        form = window.train_panel.form
        form.preset.setCurrentIndex(form.preset.findData(preset))
        window.start_training()
        spin(lambda: window.train_panel.progress.value() >= fraction * 1000, 300)
        drag(window.draw_panel.canvas, SEVEN, steps_between=3)
        spin(lambda: False, 0.3)
        window.grab().save(out)
        window.controller.shutdown()
        window.close()
    print(f"saved {out} ({engine.__version__}, logical size {window.width()}x{window.height()})")


if __name__ == "__main__":
    main(sys.argv[1])
