"""Start the desktop app: ``python -m gui`` (add ``--self-test`` to check it without a screen)."""
import argparse
import os
import sys
import traceback

import engine

APP_NAME = "DigitLab"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="digitlab", description="Draw a digit and watch a "
                                     "from-scratch neural network read it; train it on MNIST.")
    parser.add_argument("--version", action="version", version=f"DigitLab {engine.__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, draw, train briefly, save and reload a "
                             "model, print one JSON line and exit (0: all checks passed)")
    return parser.parse_args(argv)


def make_application(argv):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(engine.__version__)
    app.setDesktopFileName("digitlab")
    icon = engine.assets_dir() / "icons" / "digitlab.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_excepthook(report):
    """An exception escaping a slot would only print; show it (`report(message)`) as well."""
    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb)
        report(f"{kind.__name__}: {value}")
    sys.excepthook = hook


def show_unexpected_error(message):
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, "DigitLab: unexpected error",
                         f"Something went wrong inside DigitLab (a bug): {message}\n\nDetails "
                         "were printed to the terminal. Your work so far is kept.")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # runs on CI with no screen
    app = make_application([sys.argv[0]])
    from .workers import leave_a_core_for_the_window
    leave_a_core_for_the_window()
    if args.self_test:
        from .selftest import run_self_test
        return run_self_test(app)
    from .main_window import MainWindow
    install_excepthook(show_unexpected_error)
    window = MainWindow()
    window.show()
    # the window appears first; the model and the data follow (no heavy work before it shows)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, window.open_startup_model)
    QTimer.singleShot(0, window.load_dataset)
    return app.exec()
