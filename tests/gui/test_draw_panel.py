"""DrawPanel driven as a user drives it: actions, buttons, keys and mouse, read off the screen.

The panel sits in a small window beside a spin box and a line edit standing for the rest of
the main window (the training form), so keys can be pressed with the focus elsewhere.
"""
import re

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import numpy as np
import pytest

import engine
from gui.current_model import CurrentModel
from gui.draw_panel import DrawPanel
from gui.simulate import drag
from gui.workers import WeightsSnapshot

from qt_helpers import small_settings

HUNG = 30_000  # ms: only a hung test waits this long
MAX_PANEL_WIDTH = 430  # beside the training form in a 1024-pixel-wide window
MAX_PANEL_WIDTH_ANY_NAMES = 500  # a model's own class names: the form needs the other 524 px
DASH = [(60, 140), (220, 140)]
SOURCE = re.compile(r"MNIST test image (\d+): its label is (\d)")


def make_test_images(count=20):
    """`count` different 28x28 images (a bar moving right) with labels 0-9 in turn."""
    images = np.zeros((count, 28, 28), np.uint8)
    for index in range(count):
        images[index, 4:24, 4 + index % 20:6 + index % 20] = 255
    return images, np.arange(count) % 10


class Window(QWidget):
    """The panel beside stand-ins for the other panel's fields."""

    def __init__(self, model):
        super().__init__()
        self.before = QLineEdit()
        self.before.setAccessibleName("before")
        self.panel = DrawPanel(model)
        self.spin = QDoubleSpinBox()
        self.spin.setAccessibleName("Learning rate")
        form = QVBoxLayout()
        form.addWidget(self.spin)
        form.addStretch(1)
        row = QHBoxLayout(self)
        row.addWidget(self.before)
        row.addWidget(self.panel)
        row.addLayout(form)


@pytest.fixture
def model(qtbot):
    current = CurrentModel()
    current.start_new(small_settings())
    return current


@pytest.fixture
def window(qtbot, model):
    widget = Window(model)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=HUNG)
    return widget


@pytest.fixture
def panel(window):
    images, labels = make_test_images()
    window.panel.set_test_images(images, labels, "mnist")
    return window.panel


def key(qtbot, code, modifier=Qt.NoModifier):
    """Press a key where the keyboard focus is, as a user does."""
    qtbot.keyClick(QApplication.focusWidget(), code, modifier)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)
    qtbot.waitUntil(widget.hasFocus, timeout=HUNG)


def button(panel, action):
    return next(b for b in panel.findChildren(QToolButton) if b.defaultAction() is action)


def shown_source(panel):
    match = SOURCE.fullmatch(panel.source_label.text())
    return (int(match[1]), int(match[2])) if match else None


# --- 1. Random test digit is random, from the action, its button and Ctrl+R ------------------

def test_random_test_digit_shows_different_images_each_with_its_label(qtbot, panel):
    images, labels = make_test_images()
    seen = set()
    for _ in range(8):
        panel.random_action.trigger()
        seen.add(shown_source(panel))
    for _ in range(4):
        qtbot.mouseClick(button(panel, panel.random_action), Qt.LeftButton)
        seen.add(shown_source(panel))
    for _ in range(4):
        key(qtbot, Qt.Key_R, Qt.ControlModifier)
        seen.add(shown_source(panel))
    assert None not in seen
    assert len(seen) > 1  # 16 draws from 20 images: all alike only if not random
    assert all(labels[index] == label for index, label in seen)
    index, _ = shown_source(panel)
    column = 4 + index % 20  # what the canvas shows is that image: its bar, scaled by 10
    ink = panel.canvas.to_array()
    assert ink[140, column * 10 + 10] == 255 and not ink[140, :column * 10 - 5].any()


def test_code_can_still_show_a_given_test_image(panel):
    assert panel.show_test_image(13) == 3
    assert shown_source(panel) == (13, 3)


# --- 2. It fits beside the training form at 1024x768 -----------------------------------------

def at_minimum_size(qtbot, panel):
    panel.resize(panel.minimumSizeHint())
    qtbot.waitUntil(lambda: panel.size() == panel.minimumSizeHint(), timeout=HUNG)
    return panel


@pytest.fixture
def lone_panel(qtbot, model):
    widget = DrawPanel(model)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_at_its_minimum_size_the_panel_is_narrow_and_nothing_is_cut(qtbot, lone_panel):
    images, labels = make_test_images()
    lone_panel.set_test_images(images, labels, "mnist")
    drag(lone_panel.canvas, DASH)
    qtbot.waitUntil(lambda: lone_panel.reading() is not None, timeout=HUNG)
    panel = at_minimum_size(qtbot, lone_panel)
    assert panel.width() <= MAX_PANEL_WIDTH
    buttons = panel.findChildren(QToolButton)
    assert len(buttons) == 4
    assert all(b.sizeHint().width() <= b.width() for b in buttons), \
        [(b.text(), b.sizeHint().width(), b.width()) for b in buttons]
    assert panel.findChild(QSlider).width() >= 80
    for widget in (panel.canvas, panel.bars, panel.network_input, panel.answer, *buttons):
        bottom_right = widget.mapTo(panel, widget.rect().bottomRight())
        assert panel.rect().contains(bottom_right), type(widget).__name__
        assert widget.height() >= widget.minimumSizeHint().height(), type(widget).__name__
    for label in panel.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_a_long_model_file_name_wraps_instead_of_widening_the_panel(qtbot, lone_panel, model,
                                                                    tmp_path):
    name = "digitlab-mlp-trained-on-my-own-handwriting-for-the-class-project-97.8.npz"
    network = engine.build_network(small_settings().plan().network)
    model.open(engine.save_model(tmp_path / name, network, metrics={"test_accuracy": 0.978}))
    panel = at_minimum_size(qtbot, lone_panel)
    assert panel.width() <= MAX_PANEL_WIDTH
    assert panel.reader_text() == f"Read by {name}, test accuracy 97.80%"
    label = panel.reader_label
    assert label.height() >= label.heightForWidth(label.width())


def test_long_class_names_are_elided_instead_of_widening_the_panel(qtbot, lone_panel, model,
                                                                  tmp_path):
    names = [f"{digit}" + "W" * 99 for digit in range(10)]  # no space: a label cannot wrap it
    network = engine.build_network(small_settings().plan().network)
    model.open(engine.save_model(tmp_path / "long.npz", network,
                                 dataset={"name": "x", "classes": names}))
    images, labels = make_test_images()
    lone_panel.set_test_images(images, labels, "mnist")
    lone_panel.random_action.trigger()
    # wider than for digits, but the training form still has its room in a 1024-px window
    assert lone_panel.minimumSizeHint().width() <= MAX_PANEL_WIDTH_ANY_NAMES
    qtbot.waitUntil(lambda: lone_panel.answer.answer_text() != "–", timeout=HUNG)  # read
    assert lone_panel.answer.answer_text() in names  # the whole name, though its label elides
    assert "…" in lone_panel.source_label.text()


def test_the_test_image_label_is_named_as_the_model_on_screen_names_it(qtbot, panel, model,
                                                                       tmp_path):
    assert panel.show_test_image(13) == 3
    network = engine.build_network(small_settings().plan().network)
    names = [f"class {digit}" for digit in range(10)]
    model.open(engine.save_model(tmp_path / "named.npz", network,
                                 dataset={"name": "x", "classes": names}))
    assert panel.source_label.text() == "MNIST test image 13: its label is class 3"
    model.open(engine.bundled_model_path())  # the image stays; its label is named anew
    assert shown_source(panel) == (13, 3)


# --- 3. The source line describes what the canvas shows --------------------------------------

def test_the_source_line_goes_when_the_test_image_is_drawn_over_cleared_or_undone(qtbot, panel):
    panel.random_action.trigger()
    shown = shown_source(panel)
    assert shown is not None
    drag(panel.canvas, DASH)  # drawn over
    assert panel.source_label.text() == ""
    key(qtbot, Qt.Key_Z, Qt.ControlModifier)  # the stroke undone: exactly that image again
    assert shown_source(panel) == shown
    key(qtbot, Qt.Key_Escape)  # cleared
    assert panel.source_label.text() == ""
    key(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert shown_source(panel) == shown
    key(qtbot, Qt.Key_Z, Qt.ControlModifier)  # the image itself undone
    assert panel.canvas.is_empty()
    assert panel.source_label.text() == ""


# --- 4. Keyboard: Esc only in the panel, Clear undoable, Tab order, names --------------------

def test_esc_and_delete_in_a_field_elsewhere_leave_the_drawing_alone(qtbot, window):
    panel = window.panel
    drag(panel.canvas, DASH)
    drawn = panel.canvas.to_array()
    click(qtbot, window.spin)
    key(qtbot, Qt.Key_Escape)
    key(qtbot, Qt.Key_Delete)
    assert np.array_equal(panel.canvas.to_array(), drawn)
    click(qtbot, window.before)
    key(qtbot, Qt.Key_Escape)
    assert np.array_equal(panel.canvas.to_array(), drawn)


def test_esc_or_delete_in_the_panel_clears_and_ctrl_z_brings_the_drawing_back(qtbot, window):
    panel = window.panel
    drag(panel.canvas, DASH)  # pressing on the canvas gives it the keyboard focus
    drawn = panel.canvas.to_array()
    assert panel.canvas.hasFocus()
    key(qtbot, Qt.Key_Escape)
    assert panel.canvas.is_empty()
    key(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert np.array_equal(panel.canvas.to_array(), drawn)
    click(qtbot, panel.pen_width)  # anywhere in the panel
    key(qtbot, Qt.Key_Delete)
    assert panel.canvas.is_empty()
    panel.undo_action.trigger()
    assert np.array_equal(panel.canvas.to_array(), drawn)


def test_tab_goes_to_the_canvas_first_then_the_pen_then_the_tools(qtbot, window, panel):
    drag(panel.canvas, DASH)  # Undo and Clear have something to act on
    click(qtbot, window.before)
    reached = []
    for _ in range(5):
        key(qtbot, Qt.Key_Tab)
        reached.append(QApplication.focusWidget())
    tools = [button(panel, action) for action in
             (panel.undo_action, panel.clear_action, panel.random_action)]
    assert reached == [panel.canvas, panel.pen_width, *tools]


def test_every_focusable_widget_of_the_panel_has_a_name_and_a_tooltip(panel):
    focusable = [w for w in panel.findChildren(QWidget) if w.focusPolicy() & Qt.TabFocus]
    assert len(focusable) >= 5
    assert [type(w).__name__ for w in focusable if not w.accessibleName()] == []
    assert [type(w).__name__ for w in focusable if not w.toolTip()] == []


def test_undo_and_clear_are_enabled_only_when_they_have_something_to_do(qtbot, panel):
    assert not panel.undo_action.isEnabled() and not panel.clear_action.isEnabled()
    drag(panel.canvas, DASH)
    assert panel.undo_action.isEnabled() and panel.clear_action.isEnabled()
    panel.clear_action.trigger()
    assert panel.undo_action.isEnabled() and not panel.clear_action.isEnabled()


# --- 5. The answer is worded as a choice among the ten digits --------------------------------

def test_the_answer_reads_most_likely_with_a_line_on_why_it_always_answers(qtbot, panel):
    panel.sure_threshold.setValue(0)  # never "not sure": tests/gui/test_not_sure.py has those
    drag(panel.canvas, DASH)
    qtbot.waitUntil(lambda: panel.reading() is not None, timeout=HUNG)
    answer, probability = panel.reading()
    shown = panel.answer.shown_text()
    assert shown.startswith(f"most likely {answer} {probability:.1%} probability")
    visible = [label.text() for label in panel.answer.findChildren(QLabel)
               if label.isVisible()]
    assert "It always picks a digit, even for a scribble." in visible
    assert "even for a scribble" in panel.answer.toolTip()
    assert panel.answer.accessibleDescription() == \
        f"most likely {answer}, {probability:.1%} probability"


# --- 6. Which network reads the drawing ------------------------------------------------------

def test_a_line_under_the_network_input_names_the_network_reading(qtbot, panel, model):
    view, label = panel.network_input, panel.reader_label
    assert label.isVisible()
    assert label.y() >= view.y() + view.height() and label.x() <= view.x() + view.width()
    assert panel.reader_text() == "Read by a new, untrained network (it guesses)"
    network = model.network
    model.show_training_weights(WeightsSnapshot.of(network, 1200))
    assert panel.reader_text() == \
        "Read by the network being trained (iteration 1,200)"
    model.open(engine.bundled_model_path())
    assert panel.reader_text() == "Read by deep-cnn (built in), test accuracy 99.60%"


# --- 7. The empty canvas invites drawing, without ink --------------------------------------

def test_the_empty_canvas_shows_a_hint_the_network_does_not_read(qtbot, panel):
    shown = panel.canvas.grab().toImage()
    centre = [shown.pixelColor(x, 140).value() for x in range(40, 240)]
    assert max(centre) > 0
    assert not panel.canvas.to_array().any() and panel.reading() is None


# --- 8. Whatever a model answers, the bars draw it and never fail ----------------------------

class ScriptedModel(QObject):
    """Stands for CurrentModel: reads every drawing as `probabilities`, whatever they are (a
    forged file's network may give 3 outputs, 12, NaN or negative values)."""

    changed = Signal()

    def __init__(self, probabilities, class_names=None, reader="Read by forged.npz"):
        super().__init__()
        self.probabilities = probabilities
        self.class_names = class_names or [str(digit) for digit in range(10)]
        self.reader = reader

    def reader_text(self):
        return self.reader

    def read(self, canvas_pixels):
        if not canvas_pixels.any():
            return None, None, None
        values = np.asarray(self.probabilities, dtype=np.float64)
        index = int(np.nanargmax(values)) if values.size and not np.isnan(values).all() else 0
        return np.zeros((28, 28)), index, self.probabilities


def drawn_panel(qtbot, model):
    """A shown panel on `model` after one stroke was read; the bars painted once."""
    panel = DrawPanel(model)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.read, timeout=HUNG):
        drag(panel.canvas, DASH)
    rows = len(panel.bars._row_names())
    qtbot.waitUntil(lambda: panel.bars.height() >= rows * panel.bars.ROW_HEIGHT, timeout=HUNG)
    panel.bars.grab()  # a paint that raises makes grab() raise here
    return panel


def filled_rows(bars):
    """For each row of the bars: whether any of its track is filled with the accent blue."""
    image = bars.grab().toImage()
    label_width, value_width = bars._column_widths()
    right = bars.width() - value_width
    rows = []
    for row in range(len(bars._row_names())):
        y = 2 + row * bars.ROW_HEIGHT + bars.ROW_HEIGHT // 2 - 1
        colours = [image.pixelColor(x, y) for x in range(label_width + 4, right - 4)]
        rows.append(any(c.blue() - c.red() > 60 for c in colours))
    return rows


@pytest.mark.parametrize("probabilities", [
    [0.2, 0.7, 0.1],  # 3 outputs, 10 names: the old bars raised inside paint
    [0.05] * 11 + [0.45],  # 12 outputs: one more than the names
    [float("nan")] * 10,
    [-0.5, 2.0, float("inf"), float("-inf"), 0, 0, 0, 0, 0, float("nan")],
    [],
    [[0.1] * 10],  # one row of ten, as a batch of one
])
def test_any_probabilities_are_drawn_without_an_error(qtbot, probabilities):
    panel = drawn_panel(qtbot, ScriptedModel(probabilities))
    rows = len(panel.bars._row_names())
    assert rows == max(10, np.size(probabilities))
    assert panel.bars.height() >= rows * panel.bars.ROW_HEIGHT  # every row has room
    assert panel.answer.answer_text() != "–"
    assert panel.reading()[0] == panel.answer.answer_text()


def test_values_the_names_lack_get_their_index_and_names_without_values_empty_bars(qtbot):
    panel = drawn_panel(qtbot, ScriptedModel([0.0, 1.0, 0.0]))
    names = panel.bars._row_names()
    assert names == [str(digit) for digit in range(10)]
    assert filled_rows(panel.bars) == [False, True] + [False] * 8
    assert panel.answer.answer_text() == "1"
    panel = drawn_panel(qtbot, ScriptedModel([0.0] * 11 + [1.0]))
    assert panel.bars._row_names()[10:] == ["10", "11"]
    assert panel.answer.answer_text() == "11"  # named by its index: no name for it
    assert filled_rows(panel.bars)[11]


def test_nan_is_an_empty_bar_and_values_outside_0_to_1_are_clamped(qtbot):
    values = [float("nan"), 1.0, -3.0, 5.0] + [0.0] * 6
    panel = drawn_panel(qtbot, ScriptedModel(values))
    assert filled_rows(panel.bars)[:4] == [False, True, False, True]
    assert panel.answer.confidence_text() == "100.0% probability"  # 5.0, drawn as a full bar
    all_nan = drawn_panel(qtbot, ScriptedModel([float("nan")] * 10))
    assert not any(filled_rows(all_nan.bars))
    assert all_nan.answer.confidence_text() == "– probability"
    assert all_nan.bars.accessibleDescription() == "no prediction"


def test_the_network_input_view_draws_any_2d_image_and_nothing_for_the_rest(qtbot):
    panel = drawn_panel(qtbot, ScriptedModel([0.1] * 10))
    view = panel.network_input
    for image, shown in [(np.ones((28, 28)), True), (np.ones((14, 14)), True),
                         (np.full((28, 28), np.nan), True), (np.ones(784), False),
                         (np.ones((0, 28)), False), ("not an image", False)]:
        view.set_image(image)
        view.grab()
        assert (view.image() is not None) == shown, image


# --- 9. A remembered pen width is taken only when the slider offers it -----------------------

@pytest.mark.parametrize("value, width", [(12, 12), (12.4, 12), ("30", 30), ("7.6", 8),
                                          (4, 4), (40.0, 40)])
def test_a_remembered_pen_width_sets_the_slider_and_the_pen(panel, value, width):
    assert panel.restore_pen_width(value) is None
    assert panel.pen_width.value() == width and panel.canvas.pen_width() == width


@pytest.mark.parametrize("value, shown", [
    (float("nan"), "nan"), (1e308, "1e+308"), (float("inf"), "inf"), (10**400, "a huge number"),
    ("wide", "'wide'"), ("nan", "'nan'"), (0, "0"), (-5, "-5"), (41, "41"),
    (None, "empty"), ([18], "[18]"), (True, "true"), (2**1000, "1.07151e+301"),
], ids=lambda case: type(case).__name__)
def test_a_bad_remembered_pen_width_keeps_the_pen_and_says_so(panel, value, shown):
    before = panel.pen_width.value()
    assert panel.restore_pen_width(value) == \
        f"Pen width {shown} was not a width from 4 to 40; using {before}."
    assert panel.pen_width.value() == before and panel.canvas.pen_width() == before


# --- 10. A remembered "not sure" threshold is taken only when it is a percentage --------------

@pytest.mark.parametrize("value, percent", [(50, 50.0), (12.5, 12.5), ("80.5", 80.5),
                                            ("96.64", 96.6), (0, 0.0), (100.0, 100.0)])
def test_a_remembered_sure_threshold_sets_the_spin_box(panel, value, percent):
    assert panel.restore_sure_threshold(value) is None
    assert panel.sure_threshold.value() == percent
    assert panel.threshold() == pytest.approx(percent / 100)


@pytest.mark.parametrize("value, shown", [
    (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"), (1e308, "1e+308"),
    (10**400, "a huge number"), ("sure", "'sure'"), ("nan", "'nan'"), ("inf", "'inf'"),
    (-0.1, "-0.1"), (100.1, "100.1"), (None, "empty"), ([50], "[50]"), (True, "true"),
], ids=lambda case: type(case).__name__)
def test_a_bad_remembered_sure_threshold_keeps_the_default_and_says_so(panel, value, shown):
    assert panel.sure_threshold.value() == pytest.approx(96.6)
    assert panel.restore_sure_threshold(value) == \
        f"Not-sure threshold {shown} was not a percentage from 0 to 100; using 96.6%."
    assert panel.sure_threshold.value() == pytest.approx(96.6)
