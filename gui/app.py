"""Start the desktop app: ``python -m gui`` (add ``--self-test`` to check it without a screen)."""
import argparse
import os
import platform
import sys

import numpy as np

import engine

from .errors import install_excepthook, show_unexpected_error
from .external import route_desktop_links

APP_NAME = "DigitLab"


def version_text():
    """What --version prints; names the Python release so a build can check its bundled library."""
    from PySide6 import __version__ as pyside_version
    return (f"DigitLab {engine.__version__} (Python {platform.python_version()}, "
            f"NumPy {np.__version__}, PySide6 {pyside_version})")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="digitlab", description="Draw a digit and watch a "
                                     "from-scratch neural network read it; train it on MNIST.")
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, draw, train briefly, save and reload a "
                             "model, print one JSON line and exit (0: all checks passed)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add DigitLab, as started now, to this user's applications menu "
                             "(Linux desktops) and exit")
    parser.add_argument("--quit-when-shown", action="store_true",
                        help="start as usual, print 'shown' once the window has painted, and "
                             "quit (start-up timing; a check that a desktop can open the window)")
    parser.add_argument("--language", choices=("en", "ja"),
                        help="English or Japanese this time, whatever Help > Language says "
                             "(which is remembered; its default is the system's language)")
    return parser.parse_args(argv)


def missing_display(environ=None, platform=None):
    """Why the window cannot open here (no display on Linux), as one plain sentence, or None.

    Without one, Qt would abort with a message about libxcb-cursor0 even when it is installed.
    A platform chosen in QT_QPA_PLATFORM (offscreen, a VNC server, ...) is left to Qt.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    from PySide6.QtCore import QCoreApplication
    return QCoreApplication.translate(
        "app", "DigitLab needs a graphical desktop: no display found (DISPLAY and "
        "WAYLAND_DISPLAY are not set). Start it from a desktop session, or check it without "
        "one with --self-test.")


def make_application(argv, language=None):
    """The QApplication, its names and icon, and its translators: `language` ("en", "ja"), or
    the remembered choice, or the system's language. Before any widget: widgets take their
    text when they are built."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .i18n import chosen_language, install_translators

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(engine.__version__)
    app.setDesktopFileName("digitlab")
    route_desktop_links(app)
    icon = engine.assets_dir() / "icons" / "digitlab.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.translators = install_translators(app, language or chosen_language(QSettings()))
    return app


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.install_desktop_entry:
        from .desktop_entry import main as install
        return install()
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # runs on CI with no screen
    else:
        problem = missing_display()
        if problem:
            print(problem, file=sys.stderr)
            return 2
    app = make_application([sys.argv[0]], args.language)
    from .workers import share_the_cores
    share_the_cores()
    if args.self_test:
        from .selftest import run_self_test
        return run_self_test(app)
    from .main_window import MainWindow
    if not args.quit_when_shown:  # a check must fail with a status, not wait on a message box
        install_excepthook(show_unexpected_error)
    window = MainWindow()
    if args.quit_when_shown:
        quit_after_first_paint(window)
    # CuPy's import (where it is installed) must never delay the first paint: look after it,
    # behind the data, in the same background queue
    after_first_paint(window, window.look_for_gpu)
    window.show()
    # the window appears first; the model and the data follow (no heavy work before it shows)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, window.open_startup_model)
    QTimer.singleShot(0, window.load_dataset)
    return app.exec()


def quit_after_first_paint(window):
    """Print 'shown' as soon as `window` has painted once, then quit the app."""
    from PySide6.QtWidgets import QApplication

    def report_and_quit():
        print("shown", flush=True)
        QApplication.instance().quit()

    after_first_paint(window, report_and_quit)


def after_first_paint(window, fn):
    """Call `fn` once, as soon as `window` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            # any widget of the window: a fully covered main window gets no paint of its own
            if event.type() == QEvent.Type.Paint and watched.isWidgetType():
                QApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, fn)  # after this paint has reached the screen
            return False

    QApplication.instance().installEventFilter(FirstPaint(window))
