"""What the network makes of a drawing: the 28x28 image it sees, its answer and ten bars.

Plain painting widgets, fed with NumPy arrays by the draw panel; no engine calls here.
Class names come from the model file: they are shown as plain text, never as rich text.
"""
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

import numpy as np

from .plain import plain_tooltip

ACCENT = QColor(46, 125, 230)
BAR_BACKGROUND = QColor(127, 127, 127, 50)
MAX_INPUT_PIXELS = 1 << 20  # the input view draws at most this many pixels


class NetworkInputView(QWidget):
    """The 28x28 image the network receives, enlarged with visible pixels (no smoothing)."""

    def __init__(self, parent=None, scale=4):
        super().__init__(parent)
        self._side = 28 * scale
        self._image = None
        self.setFixedSize(self._side + 2, self._side + 2)
        self.setAccessibleName(self.tr("Network input, 28 by 28 pixels"))
        self.setToolTip(self.tr("The 28x28 image the network actually reads: your drawing "
                                "scaled into a 20x20 box and centred by its centre of mass, as "
                                "MNIST digits are."))

    def set_image(self, image28):
        """A 28x28 array of 0-1 floats (white on black), or None for an empty input.

        Any other 2-D shape is drawn too, stretched over the square (the QImage is built from
        the array's own shape, so it never reads past its end); anything else shows nothing.
        """
        self._image = _grey_image(image28)
        self.update()

    def image(self):
        return self._image

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.black)
        if self._image is not None:
            # nearest-neighbour: each of the 784 inputs stays a visible square
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(QRectF(1, 1, self._side, self._side), self._image)
        painter.setPen(self.palette().color(QPalette.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


def _grey_image(array):
    """A 2-D array of 0-1 floats as a greyscale QImage (NaN black), or None."""
    if array is None:
        return None
    try:
        values = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None
    if values.ndim != 2 or 0 in values.shape or values.size > MAX_INPUT_PIXELS:
        return None
    grey = np.nan_to_num(np.clip(values, 0, 1), nan=0.0) * 255
    grey = np.ascontiguousarray(grey, dtype=np.uint8)
    height, width = grey.shape
    return QImage(grey.data, width, height, width, QImage.Format_Grayscale8).copy()


class ProbabilityBars(QWidget):
    """One horizontal bar per class: the network's probability for it, the winner highlighted.

    It draws whatever it is given and never fails while painting: values beyond the class
    names get their index as name, names beyond the values get empty bars, NaN is an empty
    bar, values outside 0-1 are clamped. Names come from a model file: drawn as plain text,
    shortened to fit.
    """

    ROW_HEIGHT = 18
    MIN_TRACK = 36  # px of bar at the narrowest
    MAX_ROWS = 100  # a forged model with 10,000 outputs must not make a 180,000-px widget
    MAX_LABEL_WIDTH = 80  # px: a long class name is elided, the bars keep their room
    MAX_NAME_CHARS = 200  # only this much of a name is measured (a name may be a megabyte)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names = [str(digit) for digit in range(10)]
        self._probabilities = None  # a float64 array, or None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setAccessibleName(self.tr("Class probabilities"))
        self.setToolTip(self.tr("The network's probability for each class: the softmax output, "
                                "which always adds up to 100%, even for a scribble."))

    def sizeHint(self):
        return QSize(max(240, self.minimumSizeHint().width()), self._height())

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        label_width, value_width = self._column_widths()
        return QSize(label_width + self.MIN_TRACK + value_width, self._height())

    def _height(self):
        return self.ROW_HEIGHT * self._row_count() + 4

    def _row_count(self):
        values = 0 if self._probabilities is None else len(self._probabilities)
        return min(max(len(self._names), values), self.MAX_ROWS)

    def _row_names(self):
        """The label of every row: its class name, or its index where the model has none."""
        return [self._names[row] if row < len(self._names) else str(row)
                for row in range(self._row_count())]

    def _column_widths(self):
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(name) for name in self._row_names()), default=0)
        label_width = min(widest, self.MAX_LABEL_WIDTH) + 8
        return label_width, metrics.horizontalAdvance("100.0%") + 6

    def set_class_names(self, names):
        self._names = [str(name)[:self.MAX_NAME_CHARS] for name in names]
        self._shape_changed()

    def set_probabilities(self, probabilities):
        """One value per class (0-1), or None to show empty bars."""
        rows = self._row_count()
        self._probabilities = _float_vector(probabilities)
        self.setAccessibleDescription(self._describe())
        if self._row_count() != rows:
            self._shape_changed()
        self.update()

    def _shape_changed(self):
        self.updateGeometry()
        self.update()

    def probabilities(self):
        return None if self._probabilities is None else self._probabilities.tolist()

    def _best_row(self):
        """The row of the largest value, or None when no value is a number."""
        values = self._shown_values()
        if values is None or np.isnan(values).all():
            return None
        return int(np.nanargmax(values))

    def _shown_values(self):
        if self._probabilities is None:
            return None
        return self._probabilities[:self._row_count()]

    def _describe(self):
        values = self._shown_values()
        if values is None or np.isnan(values).all():
            return self.tr("no prediction")
        names = self._row_names()
        ranked = sorted((row for row in range(len(values)) if not np.isnan(values[row])),
                        key=lambda row: -values[row])
        return ", ".join(f"{names[row]}: {_percent(values[row], 0)}" for row in ranked[:3])

    def row_tooltip(self, row):
        """The tooltip over `row`: its whole class name (a long one is elided on the bar) and
        its value, as plain text; over no row, the bars' own tooltip."""
        names = self._row_names()
        if not 0 <= row < len(names):
            return self.toolTip()
        values = self._shown_values()
        value = None if values is None or row >= len(values) else float(values[row])
        shown = "–" if value is None else _percent(value, 1)
        return plain_tooltip(f"{names[row]}: {shown}")

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            row = (event.pos().y() - 2) // self.ROW_HEIGHT
            QToolTip.showText(event.globalPos(), self.row_tooltip(row), self)
            return True
        return super().event(event)

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        label_width, value_width = self._column_widths()
        values, best = self._shown_values(), self._best_row()
        for row, name in enumerate(self._row_names()):
            value = None if values is None or row >= len(values) else float(values[row])
            self._paint_row(painter, row, name, value, (label_width, value_width), row == best)

    def _paint_row(self, painter, row, name, value, widths, is_best):
        label_width, value_width = widths
        top = 2 + row * self.ROW_HEIGHT
        height = self.ROW_HEIGHT - 6
        text_colour = self.palette().color(QPalette.WindowText)
        painter.setPen(text_colour)
        label = self.fontMetrics().elidedText(name, Qt.ElideRight, label_width - 6)
        painter.drawText(QRectF(0, top, label_width - 6, self.ROW_HEIGHT - 2),
                         Qt.AlignRight | Qt.AlignVCenter, label)
        track = QRectF(label_width, top + 2, self.width() - label_width - value_width, height)
        painter.setPen(Qt.NoPen)
        painter.setBrush(BAR_BACKGROUND)
        painter.drawRoundedRect(track, 3, 3)
        if value is None or np.isnan(value):
            return  # no value for this class: an empty track
        probability = min(max(value, 0.0), 1.0)
        painter.setBrush(ACCENT if is_best else ACCENT.lighter(160))
        painter.drawRoundedRect(QRectF(track.left(), track.top(), track.width() * probability,
                                       track.height()), 3, 3)
        painter.setPen(text_colour)
        painter.drawText(QRectF(track.right(), top, value_width, self.ROW_HEIGHT - 2),
                         Qt.AlignRight | Qt.AlignVCenter, _percent(probability, 1))


def _float_vector(values):
    """`values` as a 1-D float64 array (None in it: NaN), or None for None and for what
    NumPy cannot read as one row of numbers."""
    if values is None:
        return None
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None
    if array.ndim > 1 and array.size == max(array.shape):  # one row or column: (1, 10)
        return array.reshape(-1)
    return array.reshape(-1) if array.ndim <= 1 else None


def _percent(value, decimals):
    """0.934 -> "93.4%"; a value no bar can show reads "–"."""
    return f"{value:.{decimals}%}" if np.isfinite(value) else "–"


class AnswerView(QWidget):
    """The network's answer, worded as what it is: "most likely 7", with its probability, and a
    short line saying that it always picks one of its classes, even for a scribble."""

    ANSWER_WIDTH = 150  # px: a longer class name is elided (the bars' tooltips show it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._prefix = QLabel()
        self._answer = QLabel("–")
        self._confidence = QLabel()
        self._always = QLabel()
        for label in (self._prefix, self._answer, self._confidence, self._always):
            label.setTextFormat(Qt.PlainText)  # class names come from the model file
            label.setAlignment(Qt.AlignCenter)
            label.setWordWrap(True)
        self._prefix.setMinimumHeight(self._prefix.fontMetrics().height())  # no jump when empty
        self._big_font = self._answer.font()
        self._big_font.setPointSizeF(self._big_font.pointSizeF() * 2.8)
        self._big_font.setBold(True)
        self._name_font = self._answer.font()  # for a class name too long for the big font
        self._name_font.setPointSizeF(self._name_font.pointSizeF() * 1.4)
        self._name_font.setBold(True)
        self._answer.setFont(self._big_font)
        small = self._always.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self._always.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for label in (self._prefix, self._answer, self._confidence):
            layout.addWidget(label)
        layout.addSpacing(4)
        layout.addWidget(self._always)
        self.setAccessibleName(self.tr("Prediction"))
        self.set_class_count(10, digits=True)
        self.show_answer(None, None)

    def set_class_count(self, count, digits):
        """The hint and tooltip name what the network must choose from."""
        if digits:
            always = self.tr("It always picks a digit, even for a scribble.")
            tip = self.tr("The class with the highest probability. The network has one output "
                          "per digit and softmax makes them add up to 100%, so it always names "
                          "one of the ten digits, even for a scribble, a letter or a dash: a "
                          "high percentage does not mean that the drawing is a digit.")
        else:
            always = self.tr("It always picks one of its {count} classes, even for a "
                             "scribble.").format(count=count)
            tip = self.tr("The class with the highest probability. The network has one output "
                          "per class and softmax makes them add up to 100%, so it always names "
                          "one of its {count} classes, even for a scribble: a high percentage "
                          "does not mean that the drawing is one of them.").format(count=count)
        self._always.setText(always)
        self.setToolTip(tip)
        for label in (self._prefix, self._answer, self._confidence, self._always):
            label.setToolTip(tip)

    def show_answer(self, name, confidence, hint=None):
        """`name` None: nothing to read yet; `hint` says why (default: "Draw a digit")."""
        if name is None:
            self._prefix.setText("")
            self._answer.setFont(self._big_font)
            self._answer_name = "–"
            self._answer.setText("–")
            self._confidence.setText(hint if hint is not None else self.tr("Draw a digit"))
            description = self._confidence.text()
        else:
            name = str(name)[:ProbabilityBars.MAX_NAME_CHARS]  # a name may be a megabyte
            short = self.fontMetrics().horizontalAdvance(name) <= \
                self.fontMetrics().horizontalAdvance("00")
            self._answer.setFont(self._big_font if short else self._name_font)
            self._prefix.setText(self.tr("most likely"))
            self._answer_name = name
            # a label cannot wrap a name without spaces: elided, or the window would widen
            self._answer.setText(QFontMetrics(self._answer.font()).elidedText(
                name, Qt.ElideRight, self.ANSWER_WIDTH))
            probability = _percent(np.clip(float(confidence), 0.0, 1.0), 1)  # as its bar shows
            self._confidence.setText(self.tr("{probability} probability").format(
                probability=probability))
            description = self.tr("most likely {answer}, {probability} probability").format(
                answer=name, probability=probability)
        self.setAccessibleDescription(description)

    def show_unsure(self, first, second, confidence, threshold):
        """The network's top probability `confidence` is below `threshold` (0-1): instead of a
        confident answer, "not sure: 4 or 9?" with its two most probable classes."""
        first, second = (str(name)[:ProbabilityBars.MAX_NAME_CHARS] for name in (first, second))
        self._prefix.setText(self.tr("not sure:"))
        self._answer.setFont(self._name_font)
        self._answer_name = first  # still the network's answer; the wording says it doubts
        question = self.tr("{first} or {second}?").format(first=first, second=second)
        self._answer.setText(QFontMetrics(self._name_font).elidedText(
            question, Qt.ElideRight, self.ANSWER_WIDTH))
        probability = _percent(np.clip(float(confidence), 0.0, 1.0), 1)
        self._confidence.setText(self.tr("{probability} probability, below {threshold}").format(
            probability=probability, threshold=_percent(threshold, 1)))
        self.setAccessibleDescription(self.tr(
            "not sure: {first} or {second}? {probability} probability").format(
            first=first, second=second, probability=probability))

    def answer_text(self):
        """The class name shown (or "–"): what the network's answer is, without wording."""
        return self._answer_name

    def confidence_text(self):
        return self._confidence.text()

    def shown_text(self):
        """Everything the view shows, top to bottom, as one line: "most likely 7 ..." """
        parts = [self._prefix.text(), self._answer.text(), self._confidence.text(),
                 self._always.text()]
        return " ".join(part for part in parts if part)


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication, QHBoxLayout

    app = QApplication([])
    demo = QWidget()
    row = QHBoxLayout(demo)
    view, bars, answer = NetworkInputView(), ProbabilityBars(), AnswerView()
    rng = np.random.default_rng(0)
    view.set_image(rng.random((28, 28)))
    bars.set_probabilities(rng.dirichlet(np.ones(10) * 0.3))
    answer.show_answer("7", 0.93)
    for widget in (view, answer, bars):
        row.addWidget(widget)
    demo.show()
    app.exec()
