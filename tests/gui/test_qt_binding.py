"""The Qt binding itself: PySide6-Essentials 6.12.0 leaked a reference on common calls.

On CPython 3.11, where None and True are not immortal, each lost reference brings the interpreter
closer to `Fatal Python error: bool_dealloc`: the app aborted after about 25 strokes. The pin in
pyproject.toml keeps that release out; this test keeps any release with the same fault out.
"""
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

CALLS = 500


class Emitter(QObject):
    ping = Signal()


def test_calls_returning_nothing_keep_the_reference_count_of_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.update()
    assert sys.getrefcount(None) - before > -CALLS // 10


def test_emitting_a_signal_keeps_the_reference_count_of_true():
    emitter = Emitter()
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.ping.emit()
    assert sys.getrefcount(True) - before > -CALLS // 10
