"""The drawing canvas: the student draws a digit with the mouse, the network reads `to_array()`.

The left button draws, the right button erases (paints paper), so that a photo's digit put on
the canvas (`set_pixels`) can be corrected. A canvas that accepts drops says which file was
dropped on it (`file_dropped`).

White ink on black, exactly what the network's 28x28 input shows. Every change is a step that
undo takes back, clearing included (a clear is an opaque black page laid over the drawing). An
empty canvas shows a faint "Draw a digit here" on screen only, never in `to_array()`. Each
stroke is one QPainterPath of quadratic curves through the midpoints of the mouse points, so
fast strokes stay smooth instead of turning into polylines. Two caches keep drawing cheap:
finished strokes live in a pixmap at the screen's device pixel ratio (crisp at 200%) and in a
logical-size grayscale image for `to_array()`; only the stroke in progress is painted on top.
"""
import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

import numpy as np

DEFAULT_PEN_WIDTH = 18.0
MIN_PEN_WIDTH = 4.0
MAX_PEN_WIDTH = 40.0
MNIST_SIZE = 28
MIN_STEP = 1.0  # logical px (Manhattan): closer mouse points add no visible shape, only cost
INK = QColor(255, 255, 255)
PAPER = QColor(0, 0, 0)
BORDER = QColor(128, 128, 128)
HINT = QColor(110, 110, 110)  # faint on black, yet readable
FOCUS_WIDTH = 2  # logical px of the keyboard-focus frame, inside the border
PEN_COLOURS = {Qt.LeftButton: INK, Qt.RightButton: PAPER}  # the right button erases


class Stroke:
    """One pen-down-to-pen-up trace: its mouse points, its pen width and its smoothed path."""

    opaque = False
    serial = None  # given by the canvas
    button = Qt.LeftButton  # the mouse button drawing it: its release ends the stroke

    def __init__(self, start, width, colour=INK):
        self.width = width
        self.colour = colour  # INK draws, PAPER erases
        self.points = [QPointF(start)]
        # Grows up to the midpoint of the last two points; path() adds the final straight bit,
        # so adding a point costs one curve segment instead of rebuilding the whole path.
        self._smoothed = QPainterPath(QPointF(start))

    def add(self, point):
        """Extend the stroke to `point`; False when it is too close to the last one to matter."""
        point = QPointF(point)
        last = self.points[-1]
        if (point - last).manhattanLength() < MIN_STEP:
            return False
        midpoint = (last + point) / 2
        if len(self.points) == 1:
            self._smoothed.lineTo(midpoint)
        else:
            self._smoothed.quadTo(last, midpoint)
        self.points.append(point)
        return True

    def path(self):
        path = QPainterPath(self._smoothed)
        path.lineTo(self.points[-1])
        return path

    def paint(self, painter):
        if len(self.points) == 1:  # a click: a round dot the size of the pen
            radius = self.width / 2
            painter.setPen(Qt.NoPen)
            painter.setBrush(self.colour)
            painter.drawEllipse(self.points[0], radius, radius)
        else:
            painter.strokePath(self.path(), ink_pen(self.width, self.colour))

    def last_segment_rect(self):
        """What the latest point repainted: the curve after it lies within its last 3 points."""
        return points_rect(self.points[-3:], self.width / 2 + 2)


class StampedImage:
    """An MNIST image set with set_image: opaque, so it hides everything drawn before it."""

    opaque = True
    serial = None  # given by the canvas

    def __init__(self, image28, canvas_size):
        self.image = image28
        self.target = QRectF(0, 0, canvas_size, canvas_size)

    def paint(self, painter):
        painter.drawImage(self.target, self.image)


class CanvasPixels:
    """A canvas item showing pixels (uint8, ink 255) scaled to the canvas: another canvas's
    drawing, or a photo's digit. Opaque, so it covers what was drawn before it (undo lifts it
    off)."""

    opaque = True
    serial = None  # given by the canvas

    def __init__(self, pixels, canvas_size):
        pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
        height, width = pixels.shape
        self.image = QImage(pixels.data, width, height, width, QImage.Format_Grayscale8).copy()
        self.target = QRectF(0, 0, canvas_size, canvas_size)

    def paint(self, painter):
        painter.drawImage(self.target, self.image)


class BlankPage:
    """What clear() lays over the drawing: opaque black, so undo can lift it off again."""

    opaque = True
    serial = None  # given by the canvas

    def __init__(self, canvas_size):
        self.target = QRectF(0, 0, canvas_size, canvas_size)

    def paint(self, painter):
        painter.fillRect(self.target, PAPER)


class DrawingCanvas(QWidget):
    """A fixed-size square the student draws a digit on with the left mouse button."""

    changed = Signal()
    stroke_finished = Signal()
    file_dropped = Signal(str)  # a file dropped on the canvas (once setAcceptDrops(True))

    def __init__(self, parent=None, size=280):
        super().__init__(parent)
        self._size = int(size)
        self._pen_width = DEFAULT_PEN_WIDTH
        self._items = []  # finished strokes, stamped images and blank pages, oldest first
        self._current = None  # the stroke being drawn
        self._next_serial = 1  # each item is numbered once, when it is made: see state_key()
        self._ink = render_image(self._items, self._size)  # what to_array() starts from
        self._screen = None  # the items at the screen's pixel ratio; made when painted
        self.setFixedSize(self._size, self._size)
        self.setCursor(Qt.CrossCursor)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAccessibleName(self.tr("Drawing canvas"))
        self.setToolTip(self.tr("Draw a digit with the mouse; the right button erases. The "
                                "network reads it as you draw."))
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paintEvent covers every pixel

    def pen_width(self):
        return self._pen_width

    def set_pen_width(self, width):
        """Width of the next strokes in logical px, clamped to [MIN_PEN_WIDTH, MAX_PEN_WIDTH]."""
        width = float(width)
        if math.isnan(width):
            raise ValueError("pen width must be a number, got NaN")
        self._pen_width = min(max(width, MIN_PEN_WIDTH), MAX_PEN_WIDTH)

    def can_undo(self):
        return self._current is not None or bool(self._items)

    def is_empty(self):
        """True when nothing shows: no stroke, no image (or all of it cleared)."""
        if self._current is not None:
            return False
        return not self._items or isinstance(self._items[-1], BlankPage)

    def state_key(self):
        """A value equal at two moments exactly when the canvas shows the same undo step.

        Undo, a stroke, clear or set_image each change it; undoing back to a step gives that
        step's value again (each item keeps the number it got when added; none is reused).
        """
        if self._current is not None:
            return ("drawing", self._current.serial)
        if not self._items:
            return ("empty", 0)
        return ("step", self._items[-1].serial)

    @Slot()
    def clear(self):
        """Blank the canvas as one more undo step (undo brings the drawing back)."""
        if self.is_empty():
            return
        self._current = None  # a clear mid-stroke keeps nothing of that stroke
        if self._items and not isinstance(self._items[-1], BlankPage):
            self._add_item(BlankPage(self._size))
        self._items_changed()

    @Slot()
    def undo(self):
        """Take back the last step (stroke in progress, stroke, image or clear); nothing when
        there is nothing to take back."""
        if self._current is not None:
            self._current = None
        elif self._items:
            self._items.pop()
        else:
            return
        self._items_changed()

    def set_image(self, image28):
        """Show a 28x28 MNIST image (uint8 0-255 or float 0-1) scaled up to fill the canvas."""
        stamp = StampedImage(mnist_qimage(image28), self._size)
        self._current = None
        self._add_item(stamp)
        self.update()
        self.changed.emit()

    def set_pixels(self, pixels):
        """Show (size, size) uint8 pixels, ink 255 on 0, as one undo step; returns that step's
        serial (see `shows`)."""
        pixels = np.asarray(pixels)
        if pixels.shape != (self._size, self._size) or pixels.dtype != np.uint8:
            raise ValueError(f"set_pixels needs ({self._size}, {self._size}) uint8 pixels, got "
                             f"{pixels.shape} {pixels.dtype}")
        item = CanvasPixels(pixels, self._size)
        self._current = None
        self._add_item(item)
        self.update()
        self.changed.emit()
        return item.serial

    def shows(self, serial):
        """True while the step numbered `serial` is on the canvas and nothing opaque (a clear,
        another image) covers it; strokes drawn over it do not."""
        for item in reversed(self._items):
            if item.serial == serial:
                return True
            if item.opaque:
                return False
        return False

    def to_array(self):
        """The drawing as (size, size) uint8, ink 255 on 0, at logical size whatever the DPR."""
        if self._current is None:
            return image_to_array(self._ink)
        image = self._ink.copy()
        with antialiased_painter(image) as painter:
            self._current.paint(painter)
        return image_to_array(image)

    def mousePressEvent(self, event):
        colour = PEN_COLOURS.get(event.button())
        if colour is None:
            super().mousePressEvent(event)
            return
        if self._current is not None:  # the release of the last stroke got lost
            self._finish_stroke()
        self.setFocus(Qt.MouseFocusReason)  # Esc, Delete and Ctrl+Z now act on this drawing
        was_empty = self.is_empty()
        self._current = Stroke(event.position(), self._pen_width, colour)
        self._current.button = event.button()
        self._number(self._current)
        if was_empty:
            self.update()  # the hint goes away as a whole
        else:
            self.update(self._current.last_segment_rect().toAlignedRect())
        self.changed.emit()

    def mouseMoveEvent(self, event):
        if self._current is None:
            super().mouseMoveEvent(event)
        elif self._current.add(event.position()):
            self.update(self._current.last_segment_rect().toAlignedRect())
            self.changed.emit()

    def mouseReleaseEvent(self, event):
        if self._current is None or event.button() != self._current.button:
            super().mouseReleaseEvent(event)
            return
        self._current.add(event.position())
        self._finish_stroke()

    def contextMenuEvent(self, event):
        event.accept()  # the right button erases: no menu

    def dragEnterEvent(self, event):
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event):
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event):
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.file_dropped.emit(path)

    def paintEvent(self, event):
        with QPainter(self) as painter:
            painter.drawPixmap(0, 0, self._screen_pixmap())
            if self._current is not None:
                painter.setRenderHint(QPainter.Antialiasing)
                self._current.paint(painter)
            elif self.is_empty():
                self._paint_hint(painter)
            painter.setRenderHint(QPainter.Antialiasing, False)
            painter.setBrush(Qt.NoBrush)
            if self.hasFocus():  # where the keys go: a frame in the style's highlight colour
                colour = self.palette().color(QPalette.Highlight)
                painter.setPen(QPen(colour, FOCUS_WIDTH, Qt.SolidLine, Qt.SquareCap, Qt.MiterJoin))
                inset = FOCUS_WIDTH / 2
                painter.drawRect(QRectF(inset, inset, self._size - FOCUS_WIDTH,
                                        self._size - FOCUS_WIDTH))
            else:
                painter.setPen(QPen(BORDER, 1))
                painter.drawRect(0, 0, self._size - 1, self._size - 1)

    def _paint_hint(self, painter):
        """A faint 'Draw a digit here' in the middle: on screen only, never in to_array()."""
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        painter.setFont(font)
        painter.setPen(HINT)
        painter.drawText(QRectF(0, 0, self._size, self._size), Qt.AlignCenter | Qt.TextWordWrap,
                         self.hint_text())

    def hint_text(self):
        return self.tr("Draw a digit here")

    def focusInEvent(self, event):
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.update()

    def _finish_stroke(self):
        stroke, self._current = self._current, None
        self._add_item(stroke)
        self.update(points_rect(stroke.points, stroke.width / 2 + 2).toAlignedRect())
        self.changed.emit()
        self.stroke_finished.emit()

    def _number(self, item):
        item.serial = self._next_serial
        self._next_serial += 1

    def _add_item(self, item):
        """Append `item` and paint it onto both caches instead of re-rendering them."""
        if item.serial is None:
            self._number(item)
        self._items.append(item)
        with antialiased_painter(self._ink) as painter:
            item.paint(painter)
        if self._screen is not None:
            with antialiased_painter(self._screen) as painter:
                item.paint(painter)

    def _items_changed(self):
        self._ink = render_image(self._items, self._size)
        self._screen = None
        self.update()
        self.changed.emit()

    def _screen_pixmap(self):
        ratio = self.devicePixelRatioF()
        if self._screen is None or self._screen.devicePixelRatio() != ratio:
            self._screen = render_pixmap(self._items, self._size, ratio)
        return self._screen


def ink_pen(width, colour=INK):
    return QPen(colour, width, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)


def dropped_file(mime):
    """The local file a drag carries, when it carries exactly one; else None."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    return urls[0].toLocalFile()


def points_rect(points, margin):
    xs = [point.x() for point in points]
    ys = [point.y() for point in points]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
        -margin, -margin, margin, margin)


def antialiased_painter(device):
    painter = QPainter(device)
    painter.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform)
    return painter


def paint_items(painter, items):
    """Paint `items` in order, skipping those hidden under the last opaque one."""
    opaque = [index for index, item in enumerate(items) if item.opaque]
    for item in items[opaque[-1] if opaque else 0:]:
        item.paint(painter)


def render_image(items, size):
    """The items on black as a (size x size) Format_Grayscale8 image: the network's view."""
    image = QImage(size, size, QImage.Format_Grayscale8)
    image.fill(PAPER)
    with antialiased_painter(image) as painter:
        paint_items(painter, items)
    return image


def render_pixmap(items, size, ratio):
    """The items on black for the screen: size x size logical px at `ratio` device px each."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(PAPER)
    with antialiased_painter(pixmap) as painter:
        paint_items(painter, items)
    return pixmap


def image_to_array(image):
    """A copy of a Format_Grayscale8 QImage's pixels as (height, width) uint8."""
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return rows.reshape(image.height(), image.bytesPerLine())[:, :image.width()].copy()


def mnist_qimage(image28):
    """Validate a 28x28 MNIST image (uint8 0-255 or float 0-1) and make a grayscale QImage."""
    pixels = np.asarray(image28)
    if pixels.shape != (MNIST_SIZE, MNIST_SIZE):
        raise ValueError(f"set_image needs a {MNIST_SIZE}x{MNIST_SIZE} image, "
                         f"got shape {pixels.shape}")
    pixels = np.ascontiguousarray(to_uint8(pixels))
    image = QImage(pixels.tobytes(), MNIST_SIZE, MNIST_SIZE, MNIST_SIZE,
                   QImage.Format_Grayscale8)
    return image.copy()  # own the pixels: the bytes object above is temporary


def to_uint8(pixels):
    if pixels.dtype == np.bool_:
        return pixels.astype(np.uint8) * 255
    if np.issubdtype(pixels.dtype, np.integer):
        return checked_range(pixels, 255, "integer images must be 0-255").astype(np.uint8)
    if not np.issubdtype(pixels.dtype, np.floating):
        raise ValueError(f"set_image needs numbers (uint8 0-255 or float 0-1), "
                         f"got dtype {pixels.dtype}")
    if not np.isfinite(pixels).all():
        raise ValueError("set_image: the image contains NaN or infinite values")
    unit = checked_range(pixels, 1, "float images must be 0-1 (divide 0-255 images by 255)")
    return np.rint(unit * 255).astype(np.uint8)


def checked_range(pixels, top, message):
    low, high = pixels.min(), pixels.max()
    if low < 0 or high > top:
        raise ValueError(f"set_image: {message}, got values from {low} to {high}")
    return pixels


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout

    app = QApplication(sys.argv)
    window = QWidget()
    window.setWindowTitle("DrawingCanvas")
    canvas = DrawingCanvas()
    label = QLabel("is_empty() = True")
    canvas.changed.connect(lambda: label.setText(f"is_empty() = {canvas.is_empty()}"))
    layout = QVBoxLayout(window)
    layout.addWidget(canvas)
    layout.addWidget(label)
    window.show()
    sys.exit(app.exec())
