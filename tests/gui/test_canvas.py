"""DrawingCanvas: ink goes where the mouse went, pen width, clear and undo, set_image, to_array.

Strokes are drawn with gui.simulate.drag, the same real QMouseEvents the self-test sends.
"""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

import numpy as np
import pytest

from gui.canvas import DrawingCanvas, Stroke, image_to_array, render_pixmap
from gui.simulate import drag, send_mouse

SIZE = 280
HORIZONTAL = [(60, 140), (220, 140)]  # a stroke along row 140, columns 60 to 220
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def canvas(qtbot):
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    return widget


def count_emissions(signal):
    hits = []
    signal.connect(lambda: hits.append(1))
    return hits


def thickness(line):
    """How many pixels of a row or column are at least half inked."""
    return int((np.asarray(line) >= 128).sum())


def distance_to_segment(start, end, size=SIZE):
    """Distance of every pixel centre of a size x size grid to the segment start-end (x, y)."""
    ys, xs = np.indices((size, size)) + 0.5
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / (dx * dx + dy * dy), 0, 1)
    return np.hypot(xs - x0 - t * dx, ys - y0 - t * dy)


def grayscale(image):
    return image_to_array(image.convertToFormat(QImage.Format_Grayscale8))


def bar_digit():
    """A synthetic '1': a vertical bar, rows 4-23 and columns 12-15 of a 28x28 image."""
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255
    return image


# Drawing with the mouse

def test_drag_puts_ink_along_the_path_and_nowhere_else(canvas):
    start, end = (40, 60), (240, 220)
    drag(canvas, [start, end], steps_between=30)
    ink = canvas.to_array()
    distance = distance_to_segment(start, end)
    half = canvas.pen_width() / 2
    assert (ink[distance < half - 1] == 255).all()
    assert (ink[distance > half + 1] == 0).all()


def test_a_drag_emits_changed_for_every_move_and_stroke_finished_once(canvas):
    changed = count_emissions(canvas.changed)
    finished = count_emissions(canvas.stroke_finished)
    assert canvas.is_empty()
    drag(canvas, [(60 + 10 * step, 140) for step in range(10)])
    assert len(changed) >= 10  # the press and the nine moves each add ink
    assert len(finished) == 1
    assert not canvas.is_empty()
    assert canvas.can_undo()


def test_the_stroke_in_progress_is_already_in_to_array(canvas):
    finished = count_emissions(canvas.stroke_finished)
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(60, 140), Qt.LeftButton, Qt.LeftButton)
    send_mouse(canvas, QEvent.MouseMove, QPointF(220, 140), Qt.NoButton, Qt.LeftButton)
    assert canvas.to_array()[140, 140] == 255
    assert not canvas.is_empty()
    assert finished == []


def test_strokes_are_smooth_curves_through_the_midpoints_not_polylines(canvas):
    canvas.set_pen_width(10)
    drag(canvas, [(60, 200), (140, 60), (220, 200)])
    ink = canvas.to_array()
    # The curve from midpoint (100, 130) to midpoint (180, 130), pulled towards (140, 60),
    # peaks at (140, 95): a polyline would ink the sharp corner at (140, 60) instead.
    assert ink[95, 140] == 255
    assert ink[60, 140] == 0
    assert ink[65, 140] == 0


def test_the_right_button_erases(canvas):
    drag(canvas, HORIZONTAL)
    drag(canvas, [(140, 100), (140, 180)], button=Qt.RightButton)  # across the middle
    ink = canvas.to_array()
    assert ink[140, 140] == 0 and ink[140, 70] == 255 and ink[140, 210] == 255
    canvas.undo()
    assert canvas.to_array()[140, 140] == 255  # an erasing stroke is a step like any other


def test_erasing_an_empty_canvas_leaves_no_ink(canvas):
    drag(canvas, HORIZONTAL, button=Qt.RightButton)
    assert not canvas.to_array().any()


def test_the_middle_button_does_nothing(canvas):
    drag(canvas, HORIZONTAL, button=Qt.MiddleButton)
    assert canvas.is_empty()
    assert not canvas.to_array().any()


def test_a_stroke_ends_only_with_its_own_button(canvas):
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(60, 140), Qt.LeftButton, Qt.LeftButton)
    send_mouse(canvas, QEvent.MouseButtonRelease, QPointF(60, 140), Qt.RightButton,
               Qt.LeftButton)  # the right button let go while the left still draws
    assert canvas.state_key()[0] == "drawing"
    send_mouse(canvas, QEvent.MouseButtonRelease, QPointF(60, 140), Qt.LeftButton, Qt.NoButton)
    assert canvas.state_key()[0] == "step"


def test_set_pixels_is_one_step_that_strokes_keep_showing(canvas):
    pixels = np.zeros((SIZE, SIZE), np.uint8)
    pixels[100:180, 130:150] = 255
    serial = canvas.set_pixels(pixels)
    assert np.array_equal(canvas.to_array(), pixels) and canvas.shows(serial)
    drag(canvas, HORIZONTAL)
    assert canvas.shows(serial)  # a stroke over it: it still shows
    canvas.clear()
    assert not canvas.shows(serial)
    canvas.undo()
    canvas.undo()
    canvas.undo()
    assert canvas.is_empty() and not canvas.shows(serial)
    with pytest.raises(ValueError, match="uint8"):
        canvas.set_pixels(np.zeros((SIZE, SIZE), np.float32))


def test_a_click_leaves_a_round_dot_as_wide_as_the_pen(canvas):
    drag(canvas, [(140, 140)])
    ink = canvas.to_array()
    width = canvas.pen_width()
    assert abs(thickness(ink[140, :]) - width) <= 1
    assert abs(thickness(ink[:, 140]) - width) <= 1
    corner = int(140 + width / 2 - 1)  # inside the pen's square, outside its circle
    assert ink[corner, corner] == 0


@pytest.mark.parametrize("width", [8, 24])
def test_pen_width_sets_the_thickness_of_a_stroke(canvas, width):
    canvas.set_pen_width(width)
    drag(canvas, HORIZONTAL, steps_between=10)
    assert abs(thickness(canvas.to_array()[:, 140]) - width) <= 1


def test_pen_width_applies_to_the_next_strokes_only(canvas):
    canvas.set_pen_width(8)
    drag(canvas, [(60, 80), (220, 80)])
    canvas.set_pen_width(24)
    drag(canvas, [(60, 200), (220, 200)])
    column = canvas.to_array()[:, 140]
    assert abs(thickness(column[:140]) - 8) <= 1
    assert abs(thickness(column[140:]) - 24) <= 1


@pytest.mark.parametrize("asked, kept", [(1, 4), (4, 4), (12.5, 12.5), (40, 40), (100, 40)])
def test_pen_width_is_clamped_to_4_to_40(canvas, asked, kept):
    assert canvas.pen_width() == 18
    canvas.set_pen_width(asked)
    assert canvas.pen_width() == kept


def test_pen_width_nan_is_refused(canvas):
    with pytest.raises(ValueError, match="NaN"):
        canvas.set_pen_width(float("nan"))
    assert canvas.pen_width() == 18


# Clear and undo

def test_undo_removes_only_the_last_stroke(canvas):
    drag(canvas, [(60, 80), (220, 80)])
    drag(canvas, [(60, 200), (220, 200)])
    changed = count_emissions(canvas.changed)
    canvas.undo()
    ink = canvas.to_array()
    assert ink[80, 140] == 255
    assert ink[200, 140] == 0
    assert changed
    assert canvas.can_undo()
    canvas.undo()
    assert canvas.is_empty()
    assert not canvas.can_undo()
    assert not canvas.to_array().any()


def test_undo_on_an_empty_canvas_does_nothing(canvas):
    changed = count_emissions(canvas.changed)
    canvas.undo()
    assert canvas.is_empty()
    assert changed == []


def test_undo_while_drawing_drops_the_stroke_in_progress(canvas):
    drag(canvas, [(60, 80), (220, 80)])
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(60, 200), Qt.LeftButton, Qt.LeftButton)
    send_mouse(canvas, QEvent.MouseMove, QPointF(220, 200), Qt.NoButton, Qt.LeftButton)
    canvas.undo()
    send_mouse(canvas, QEvent.MouseMove, QPointF(220, 260), Qt.NoButton, Qt.LeftButton)
    send_mouse(canvas, QEvent.MouseButtonRelease, QPointF(220, 260), Qt.LeftButton, Qt.NoButton)
    ink = canvas.to_array()
    assert ink[80, 140] == 255
    assert not ink[120:].any()


def test_clear_removes_every_stroke(canvas):
    drag(canvas, [(60, 80), (220, 80)])
    drag(canvas, [(140, 140)])
    changed = count_emissions(canvas.changed)
    canvas.clear()
    assert canvas.is_empty()
    assert not canvas.to_array().any()
    assert len(changed) == 1


def test_undo_after_clear_brings_the_whole_drawing_back(canvas):
    drag(canvas, [(60, 80), (220, 80)])
    drag(canvas, [(140, 200)])
    drawn = canvas.to_array()
    canvas.clear()
    assert canvas.can_undo()  # a clear is one undo step
    canvas.undo()
    assert not canvas.is_empty()
    assert np.array_equal(canvas.to_array(), drawn)
    canvas.undo()  # then the strokes go one by one as before
    assert canvas.to_array()[80, 140] == 255 and not canvas.to_array()[190:].any()


def test_drawing_after_clear_starts_on_a_blank_page_and_undo_returns_to_it(canvas):
    drag(canvas, [(60, 80), (220, 80)])
    canvas.clear()
    drag(canvas, [(60, 200), (220, 200)])
    ink = canvas.to_array()
    assert ink[200, 140] == 255 and not ink[80].any()
    canvas.undo()
    assert canvas.is_empty() and not canvas.to_array().any()
    canvas.undo()
    assert canvas.to_array()[80, 140] == 255


def test_clear_while_drawing_drops_the_stroke_in_progress(canvas):
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(60, 200), Qt.LeftButton, Qt.LeftButton)
    send_mouse(canvas, QEvent.MouseMove, QPointF(220, 200), Qt.NoButton, Qt.LeftButton)
    canvas.clear()
    assert canvas.is_empty() and not canvas.to_array().any()
    assert not canvas.can_undo()  # nothing was there before the stroke: nothing to bring back


def test_state_key_tells_each_undo_step_apart_and_undo_returns_to_it(canvas):
    empty = canvas.state_key()
    canvas.set_image(bar_digit())
    stamped = canvas.state_key()
    drag(canvas, [(20, 20), (260, 20)])
    assert canvas.state_key() not in (empty, stamped)
    canvas.undo()
    assert canvas.state_key() == stamped
    canvas.clear()
    assert canvas.state_key() != stamped
    canvas.undo()
    assert canvas.state_key() == stamped
    canvas.set_image(bar_digit())  # the same picture again is another step
    assert canvas.state_key() != stamped


def test_clear_on_an_empty_canvas_does_nothing(canvas):
    changed = count_emissions(canvas.changed)
    canvas.clear()
    assert changed == []


def test_clear_and_undo_are_slots(canvas):
    meta = canvas.metaObject()
    assert meta.indexOfSlot("clear()") >= 0
    assert meta.indexOfSlot("undo()") >= 0


# set_image

def test_set_image_shows_the_digit_scaled_up_to_fill_the_canvas(canvas):
    changed = count_emissions(canvas.changed)
    canvas.set_image(bar_digit())
    ink = canvas.to_array()
    assert changed
    assert not canvas.is_empty()
    assert (ink[50:230, 125:155] == 255).all()  # image rows 5-22, columns 12-15, x10
    assert not ink[:30].any()  # image rows 0-2 are black
    assert not ink[:, :110].any() and not ink[:, 170:].any()
    assert 0 < ink[140, 118] < 255  # smooth scaling: the bar's edges shade off, not step


def test_set_image_reads_float_0_to_1_like_uint8_0_to_255(qtbot):
    as_uint8, as_float = DrawingCanvas(), DrawingCanvas()
    qtbot.addWidget(as_uint8)
    qtbot.addWidget(as_float)
    as_uint8.set_image(bar_digit())
    as_float.set_image(bar_digit() / 255.0)
    assert np.array_equal(as_uint8.to_array(), as_float.to_array())


def test_set_image_hides_the_drawing_and_undo_brings_it_back(canvas):
    drag(canvas, [(20, 20), (260, 20)])
    canvas.set_image(bar_digit())
    assert not canvas.to_array()[20].any()
    canvas.undo()
    ink = canvas.to_array()
    assert ink[20, 140] == 255
    assert not ink[50:230, 125:155].any()
    canvas.undo()
    assert canvas.is_empty()


def test_an_mnist_digit_survives_the_round_trip_to_the_network_input(canvas):
    engine = pytest.importorskip("engine")
    digit = engine.load_mnist().x_test[0].astype(np.float32) / 255
    canvas.set_image(digit)
    again = engine.to_mnist(canvas.to_array())
    assert np.corrcoef(digit.ravel(), again.ravel())[0, 1] > 0.9


@pytest.mark.parametrize("image, problem", [
    (np.zeros((27, 28)), r"28x28.*\(27, 28\)"),
    (np.zeros((28, 28, 1)), r"28x28.*\(28, 28, 1\)"),
    ("seven", r"28x28.*\(\)"),
    (np.full((28, 28), "a"), "dtype"),
    (np.full((28, 28), np.nan), "NaN"),
    (np.full((28, 28), np.inf), "infinite"),
    (np.full((28, 28), 255.0), "0-1"),
    (np.full((28, 28), 300), "0-255"),
    (np.full((28, 28), -1), "0-255"),
])
def test_set_image_refuses_bad_input_and_names_the_problem(canvas, image, problem):
    changed = count_emissions(canvas.changed)
    with pytest.raises(ValueError, match=problem):
        canvas.set_image(image)
    assert canvas.is_empty()
    assert changed == []


# to_array and rendering

def test_to_array_of_an_empty_canvas_is_black_uint8_at_the_canvas_size(canvas):
    ink = canvas.to_array()
    assert ink.dtype == np.uint8
    assert ink.shape == (SIZE, SIZE)
    assert not ink.any()


def test_to_array_returns_a_copy(canvas):
    canvas.to_array()[:] = 255
    assert not canvas.to_array().any()


def test_to_array_honours_padded_rows_of_an_odd_size(qtbot):
    canvas = DrawingCanvas(size=101)  # QImage pads each row of 101 bytes to 104
    qtbot.addWidget(canvas)
    canvas.set_pen_width(4)
    drag(canvas, [(50, 10), (50, 90)])
    ink = canvas.to_array()
    assert ink.shape == (101, 101)
    assert thickness(ink[50]) == 4
    assert (ink[20:80] == ink[50]).all()  # every row alike: straight down, not sheared


def test_render_pixmap_at_ratio_2_draws_the_paths_at_device_resolution():
    stroke = Stroke(QPointF(60, 140.3), 18)
    stroke.add(QPointF(220, 140.3))
    pixmap = render_pixmap([stroke], SIZE, 2.0)
    assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (560, 560, 2.0)
    column = grayscale(pixmap.toImage())[:, 280]
    assert abs(thickness(column) - 36) <= 1
    # Vector paths keep each edge one device pixel wide; an enlarged 1x image blurs it to 4.
    assert ((column > 0) & (column < 255)).sum() <= 2


def test_to_array_is_at_logical_size_when_the_screen_is_at_200_percent(canvas, tmp_path):
    script = textwrap.dedent(f"""
        import numpy as np
        from PySide6.QtWidgets import QApplication
        from gui.canvas import DrawingCanvas
        from gui.simulate import drag
        app = QApplication([])
        canvas = DrawingCanvas()
        canvas.show()
        drag(canvas, {HORIZONTAL!r}, steps_between=10)
        np.save({str(tmp_path / "ink.npy")!r}, canvas.to_array())
        print(canvas.devicePixelRatioF(), canvas.grab().width())
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["2.0", "560"]
    drag(canvas, HORIZONTAL, steps_between=10)
    assert np.array_equal(np.load(tmp_path / "ink.npy"), canvas.to_array())


def test_the_widget_shows_white_ink_on_black_inside_a_thin_border(canvas):
    drag(canvas, HORIZONTAL, steps_between=10)
    drag(canvas, [(140, 40)])
    shown = grayscale(canvas.grab().toImage())
    inside = (slice(1, SIZE - 1), slice(1, SIZE - 1))
    assert np.abs(shown[inside].astype(int) - canvas.to_array()[inside]).max() <= 2
    assert 0 < shown[0, 0] < 255 and 0 < shown[SIZE - 1, 140] < 255


def test_drawing_repaints_only_around_the_new_segment(qtbot):
    painted = []

    class RecordingCanvas(DrawingCanvas):
        def paintEvent(self, event):
            painted.append(event.rect())
            super().paintEvent(event)

    canvas = RecordingCanvas()
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    send_mouse(canvas, QEvent.MouseButtonPress, QPointF(60, 140), Qt.LeftButton, Qt.LeftButton)
    QCoreApplication.processEvents()  # the repaint each move asked for, delivered now
    painted.clear()
    for x in range(64, 100, 4):
        send_mouse(canvas, QEvent.MouseMove, QPointF(x, 140), Qt.NoButton, Qt.LeftButton)
        QCoreApplication.processEvents()
    assert painted
    assert max(rect.width() * rect.height() for rect in painted) < SIZE * SIZE / 10


def test_the_canvas_presents_itself_to_users_and_screen_readers(canvas):
    assert canvas.accessibleName() == "Drawing canvas"
    assert canvas.toolTip().endswith(".")
    assert canvas.focusPolicy() == Qt.StrongFocus
    assert canvas.cursor().shape() == Qt.CrossCursor
    assert canvas.minimumSize() == canvas.maximumSize() == canvas.size()
    assert canvas.width() == SIZE


# What the screen shows beyond the drawing: the empty-canvas hint and the focus frame

def centre_of(canvas):
    return grayscale(canvas.grab().toImage())[120:160, 40:240]


def test_an_empty_canvas_shows_a_faint_hint_that_the_network_never_sees(canvas):
    assert canvas.hint_text() == "Draw a digit here"
    shown = centre_of(canvas)
    assert 0 < shown.max() < 200  # faint grey letters on the black
    assert not canvas.to_array().any()  # only on screen


def test_the_hint_goes_once_there_is_ink_and_comes_back_after_clear(canvas):
    drag(canvas, [(20, 20), (60, 20)])  # a stroke away from the hint
    assert not centre_of(canvas).any()
    canvas.clear()
    assert centre_of(canvas).max() > 0
    canvas.set_image(np.zeros((28, 28), np.uint8))  # an image, even all black, is no hint
    assert not centre_of(canvas).any()


def test_the_canvas_shows_a_frame_while_it_has_the_keyboard_focus(qtbot):
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    unfocused = canvas.grab().toImage().pixelColor(0, 140)
    canvas.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus, timeout=5000)
    focused = canvas.grab().toImage().pixelColor(1, 140)
    assert focused == canvas.palette().color(canvas.palette().ColorRole.Highlight)
    assert focused != unfocused


def test_pressing_the_mouse_on_the_canvas_gives_it_the_keyboard_focus(qtbot):
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is canvas, timeout=5000)
    canvas.clearFocus()
    assert not canvas.hasFocus()
    drag(canvas, [(140, 140)])
    assert canvas.hasFocus()
