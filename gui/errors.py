"""Errors that escape: an exception no slot caught is shown, not only printed.

Its own module so that the app's entry point and the self-test both use it without importing
each other.
"""
import sys
import traceback

from PySide6.QtCore import QCoreApplication


def install_excepthook(report):
    """An exception escaping a slot would only print; show it (`report(message)`) as well."""
    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb)
        report(f"{kind.__name__}: {value}")
    sys.excepthook = hook


def show_unexpected_error(message):
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only when something went wrong
    tr = QCoreApplication.translate
    QMessageBox.critical(None, tr("errors", "DigitLab: unexpected error"),
                         tr("errors", "Something went wrong inside DigitLab (a bug): {0}\n\n"
                            "Details were printed to the terminal. Your work so far is kept.")
                         .format(message))
