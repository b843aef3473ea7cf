"""Driving the app without a user, for the self-test, the tests, benchmarks and screenshots.

Mouse events go straight to the widget with QApplication.sendEvent and carry their own button
state, so they work offscreen and do not depend on QTest's bookkeeping of which buttons are
held. Waiting runs the real Qt event loop (not processEvents and sleep), so what a benchmark
measures while waiting is what the app does under ``app.exec()``.
"""
from itertools import pairwise

from PySide6.QtCore import QEvent, QEventLoop, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def drag(widget, points, button=Qt.LeftButton, steps_between=0):
    """Press at points[0], move through the rest, release at the last: one stroke.

    points: (x, y) in the widget's logical coordinates; a single point is a click.
    steps_between: extra evenly spaced moves inserted between consecutive points.
    """
    positions = with_steps_between([QPointF(x, y) for x, y in points], steps_between)
    if not positions:
        raise ValueError("drag needs at least one point")
    send_mouse(widget, QEvent.MouseButtonPress, positions[0], button, button)
    for position in positions[1:]:
        send_mouse(widget, QEvent.MouseMove, position, Qt.NoButton, button)
    send_mouse(widget, QEvent.MouseButtonRelease, positions[-1], button, Qt.NoButton)


def send_mouse(widget, kind, position, button, buttons):
    """Deliver one mouse event of `kind` at logical `position` (a QPointF) to `widget`."""
    global_position = QPointF(widget.mapToGlobal(position))
    event = QMouseEvent(kind, position, global_position, button, buttons, Qt.NoModifier)
    QApplication.sendEvent(widget, event)


def with_steps_between(positions, steps):
    out = positions[:1]
    for start, end in pairwise(positions):
        out.extend(start + (end - start) * (step / (steps + 1)) for step in range(1, steps + 2))
    return out


def wait_until(condition, timeout_s, what="the condition"):
    """Run the event loop until `condition()` is true; TimeoutError naming `what` otherwise."""
    if condition():
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)
    poll.timeout.connect(lambda: condition() and loop.quit())
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")


def run_event_loop_for(seconds):
    """Let the app run for `seconds`: timers fire, signals arrive, widgets repaint."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
