"""Not sure: below a top probability the user sets, the Draw page asks "4 or 9?" instead of
naming a digit. The oracle is the engine's own reading of the very image the panel read."""
from PySide6.QtCore import Qt

import numpy as np
import pytest

import engine
from gui.current_model import CurrentModel
from gui.draw_panel import NOT_SURE_THRESHOLD, DrawPanel
from gui.simulate import drag

from qt_helpers import HUNG

ONE = [(140, 40), (140, 240)]  # a clear 1: read with near certainty
VEE = [(60, 60), (140, 220), (220, 60)]  # no digit: read with doubt (4 or 1, 64%)


@pytest.fixture
def panel(qtbot):
    model = CurrentModel()
    model.open(engine.bundled_model_path())
    widget = DrawPanel(model)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def draw(qtbot, panel, points):
    panel.clear()
    drag(panel.canvas, points, steps_between=6)
    qtbot.waitUntil(lambda: panel.reading() is not None and not panel._read_pending,
                    timeout=HUNG)


def engine_reading(panel):
    """The two most probable digits and the top probability, by the engine, for the image the
    panel shows the network reading."""
    image = panel.canvas.to_array()
    _, probabilities = engine.predict_digit(panel._model.network, engine.to_mnist(image))
    first, second = np.argsort(-probabilities, kind="stable")[:2]
    return str(first), str(second), float(probabilities[first])


def type_threshold(qtbot, panel, percent):
    """Type a threshold into the spin box, as a user does, and wait for the new reading."""
    spin = panel.sure_threshold
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignal(panel.read, timeout=HUNG):
        qtbot.keyClicks(spin, f"{percent:.1f}")
        qtbot.keyClick(spin, Qt.Key_Return)
    assert spin.value() == pytest.approx(percent)


def is_unsure(panel):
    return panel.answer.shown_text().startswith("not sure:")


def test_the_default_is_the_measured_threshold(panel):
    assert panel.sure_threshold.value() == pytest.approx(96.6)
    assert panel.threshold() == pytest.approx(NOT_SURE_THRESHOLD)


def test_drawings_on_each_side_of_the_default_threshold(qtbot, panel):
    draw(qtbot, panel, ONE)
    first, _, top = engine_reading(panel)
    assert top >= NOT_SURE_THRESHOLD  # the drawing the test needs: a sure one
    assert panel.answer.shown_text().startswith(f"most likely {first} ")
    draw(qtbot, panel, VEE)
    first, second, top = engine_reading(panel)
    assert top < NOT_SURE_THRESHOLD  # and a doubtful one
    assert panel.answer.shown_text().startswith(f"not sure: {first} or {second}? "
                                                f"{top:.1%} probability, below 96.6%")
    assert panel.answer.accessibleDescription().startswith(f"not sure: {first} or {second}?")
    assert panel.reading()[0] == first  # the network's answer is still its top class


def test_the_user_moves_the_threshold_across_one_drawing(qtbot, panel):
    draw(qtbot, panel, VEE)
    first, second, top = engine_reading(panel)
    percent = top * 100
    type_threshold(qtbot, panel, np.floor(percent * 10) / 10 - 0.1)  # just below its top
    assert not is_unsure(panel)
    assert panel.answer.shown_text().startswith(f"most likely {first} ")
    type_threshold(qtbot, panel, np.ceil(percent * 10) / 10 + 0.1)  # just above
    assert panel.answer.shown_text().startswith(f"not sure: {first} or {second}?")
    type_threshold(qtbot, panel, 0.0)  # never unsure
    assert not is_unsure(panel)
