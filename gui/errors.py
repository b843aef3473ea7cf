"""Errors that escape: an exception no slot caught is shown, not only printed.

Its own module so that the app's entry point and the self-test both use it without importing
each other.

The exception may have escaped from a paint event: a modal dialog opened there runs a nested
event loop inside the paint, which crashed the app (a segfault). So the hook only prints and
notes the error; the report (the dialog) comes later, from the event loop, one at a time, and
the same error raised again and again (a paint that fails at every repaint) is one report and
one "(repeated N times)" line in the terminal.
"""
import atexit
import sys
import traceback

from PySide6.QtCore import QCoreApplication, Qt, QTimer

MAX_MESSAGE_CHARS = 1000  # of an exception's text in the box
REPEAT_SUMMARY_MS = 2000  # an error repeating without end is counted in a line this often


def install_excepthook(report):
    """An exception escaping a slot would only print; show it (`report(message)`) as well,
    from the event loop, never from where it was raised. Returns the hook (see ErrorReporter)."""
    hook = ErrorReporter(report)
    sys.excepthook = hook
    atexit.register(hook.say_repeats)  # the count of a stretch still going on at the end
    return hook


class ErrorReporter:
    """sys.excepthook: prints each new error's traceback at once and hands its one-line message
    to `report` once the event loop runs. While a report is waiting or being shown (a modal
    box), later errors are printed only; the same error again is counted, not printed."""

    def __init__(self, report):
        self._report = report
        self._last = None  # the latest error's message
        self._repeats = 0  # times the latest error came again since that was last said
        self._waiting = None  # the message to report when the event loop comes round
        self._reporting = False  # a report (a modal box) is open now
        self._summary_due = False

    def __call__(self, kind, value, tb):
        message = _one_line(kind, value)
        if message == self._last:
            self._repeats += 1
            if not self._summary_due and QCoreApplication.instance() is not None:
                self._summary_due = True  # one line per stretch of repeats, not one per repeat
                QTimer.singleShot(REPEAT_SUMMARY_MS, self.say_repeats)
            return
        self.say_repeats()
        self._last = message
        traceback.print_exception(kind, value, tb)
        if self._waiting is None and not self._reporting:
            self._waiting = message
            self._report_later()

    def flush(self):
        """Report the waiting error now (the event loop calls this; a caller that is not in a
        paint event, such as the self-test before its verdict, may too)."""
        message, self._waiting = self._waiting, None
        if message is None or self._reporting:
            return
        self._reporting = True
        try:
            self._report(message)
        finally:
            self._reporting = False

    def pending(self):
        """Whether an error waits for the event loop to report it."""
        return self._waiting is not None

    def say_repeats(self):
        """Print how often the latest error came again since this was last printed."""
        self._summary_due = False
        if self._repeats:
            print(f"(repeated {self._repeats} times)", file=sys.stderr, flush=True)
            self._repeats = 0

    def _report_later(self):
        """From the event loop; at once when there is no application to run one."""
        if QCoreApplication.instance() is None:
            self.flush()
        else:
            QTimer.singleShot(0, self.flush)


def _one_line(kind, value):
    try:
        text = str(value)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the hook itself
        text = "(no message)"
    if len(text) > MAX_MESSAGE_CHARS:  # it may quote a whole file: the terminal has it all
        text = text[:MAX_MESSAGE_CHARS] + "…"
    return f"{kind.__name__}: {text}"


def show_unexpected_error(message):
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only when something went wrong
    box = QMessageBox(QMessageBox.Critical,
                      QCoreApplication.translate("errors", "DigitLab: unexpected error"),
                      QCoreApplication.translate(
                          "errors", "Something went wrong inside DigitLab (a bug): {0}\n\n"
                          "Details were printed to the terminal. Your work so far is kept.")
                      .format(message))
    box.setTextFormat(Qt.PlainText)  # the message may quote a file's content: never rich text
    box.exec()
