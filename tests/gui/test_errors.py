"""An exception that escapes a slot or a paint event is reported from the event loop, once.

A modal box opened inside a paint event segfaulted the app (issue 15, item 1): the hook only
prints and notes the error; the report comes when the event loop runs, one at a time.
"""
import sys

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

import pytest

from gui.errors import install_excepthook, show_unexpected_error

HUNG = 30_000  # ms: only a hung test waits this long


class FailingPaint(QWidget):
    """A shown widget whose paint event raises `error` every time it paints."""

    def __init__(self, error):
        super().__init__()
        self.resize(60, 40)
        self.error = error
        self.paints = 0

    def paintEvent(self, event):
        self.paints += 1
        raise self.error

    def in_paint(self):
        # Qt's own flag: set from before paintEvent until after PySide has handed the
        # exception to sys.excepthook, so a report made by the hook itself sees it
        return self.testAttribute(Qt.WA_WState_InPaintEvent)


class Recorder:
    """A `report` function that notes each message and whether a paint was going on."""

    def __init__(self):
        self.messages = []
        self.during_paint = []
        self.widget = None

    def __call__(self, message):
        self.messages.append(message)
        self.during_paint.append(self.widget is not None and self.widget.in_paint())


@pytest.fixture
def hooked(monkeypatch):
    """A recorder installed as the report of the app's hook; sys.excepthook restored after."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    recorder = Recorder()
    recorder.hook = install_excepthook(recorder)
    yield recorder
    recorder.hook.say_repeats()  # nothing left for the end of the session


@pytest.fixture
def failing(qtbot, hooked):
    """make(error): a shown widget whose every paint raises `error`, watched by `hooked`."""
    def make(error):
        widget = FailingPaint(error)
        qtbot.addWidget(widget)
        hooked.widget = widget
        widget.show()
        qtbot.waitUntil(lambda: widget.paints >= 1, timeout=HUNG)
        return widget
    return make


def repaint_from_the_event_loop(qtbot, widget):
    """Ask for a paint and let the event loop make it, as the app's paints are made."""
    before = widget.paints
    widget.update()
    qtbot.waitUntil(lambda: widget.paints > before, timeout=HUNG)


def run_event_loop_once(qtbot):
    """Let queued calls (QTimer.singleShot(0)) run, as the event loop does after a paint."""
    done = []
    QTimer.singleShot(0, lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=HUNG)


def raise_into_hook(error):
    try:
        raise error
    except Exception:  # noqa: BLE001 - handed to the hook as Qt would hand it
        sys.excepthook(*sys.exc_info())


@pytest.mark.qt_no_exception_capture
def test_an_error_in_paint_is_reported_after_the_paint_not_inside_it(qtbot, hooked, failing,
                                                                     capsys):
    widget = failing(RuntimeError("bars broke"))
    run_event_loop_once(qtbot)
    assert hooked.messages == ["RuntimeError: bars broke"]
    assert hooked.during_paint == [False]  # the old hook reported with the paint still on
    assert "RuntimeError: bars broke" in capsys.readouterr().err  # the traceback, printed
    assert widget.paints >= 1


@pytest.mark.qt_no_exception_capture
def test_a_paint_error_repeated_at_every_paint_makes_one_report(qtbot, hooked, failing):
    widget = failing(ValueError("NaN width"))
    for _ in range(20):
        repaint_from_the_event_loop(qtbot, widget)
    run_event_loop_once(qtbot)
    assert hooked.messages == ["ValueError: NaN width"]
    assert widget.paints > 20


@pytest.mark.qt_no_exception_capture
def test_the_same_error_a_hundred_times_is_one_report_and_one_repeat_line(qtbot, hooked,
                                                                           capsys):
    for _ in range(100):
        raise_into_hook(ValueError("NaN width"))
    run_event_loop_once(qtbot)
    assert hooked.messages == ["ValueError: NaN width"]
    raise_into_hook(KeyError("next"))  # the stretch ends: its count is said
    run_event_loop_once(qtbot)
    err = capsys.readouterr().err
    assert err.count("Traceback") == 2  # each error's once, not each time
    assert err.count("(repeated") == 1 and "(repeated 99 times)" in err
    assert hooked.messages == ["ValueError: NaN width", "KeyError: 'next'"]


@pytest.mark.qt_no_exception_capture
def test_errors_raised_while_a_report_is_open_are_printed_not_stacked(qtbot, monkeypatch,
                                                                      capsys):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []

    def modal_report(message):  # a modal box runs a nested event loop: errors happen there
        shown.append(message)
        raise_into_hook(KeyError("other"))
        run_event_loop_once(qtbot)

    install_excepthook(modal_report)
    raise_into_hook(ZeroDivisionError("first"))
    run_event_loop_once(qtbot)
    run_event_loop_once(qtbot)
    assert shown == ["ZeroDivisionError: first"]  # KeyError came while it was open
    assert "KeyError: 'other'" in capsys.readouterr().err


def test_without_an_application_the_report_is_immediate(monkeypatch):
    """The CLI has no event loop to wait for: the hook reports at once there."""
    monkeypatch.setattr(QCoreApplication, "instance", staticmethod(lambda: None))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    messages = []
    install_excepthook(messages.append)
    raise_into_hook(OSError("disk"))
    assert messages == ["OSError: disk"]


def test_the_message_box_shows_the_error_as_plain_text(qtbot, monkeypatch):
    boxes = []

    def record(box):
        boxes.append((box.textFormat(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    show_unexpected_error('ValueError: class name <img src="/dev/zero"> is bad')
    [(text_format, text)] = boxes
    assert text_format == Qt.PlainText
    assert '<img src="/dev/zero">' in text


@pytest.mark.qt_no_exception_capture
def test_an_error_escaping_a_slot_is_reported_from_the_event_loop(qtbot, hooked):
    class Emitter(QObject):
        fire = Signal()

    class Broken(QObject):
        @Slot()
        def explode(self):
            raise RuntimeError("slot bug")

    emitter, broken = Emitter(), Broken()
    emitter.fire.connect(broken.explode)
    emitter.fire.emit()
    assert hooked.messages == [] and hooked.hook.pending()
    qtbot.waitUntil(lambda: hooked.messages == ["RuntimeError: slot bug"], timeout=HUNG)
    assert not hooked.hook.pending()
