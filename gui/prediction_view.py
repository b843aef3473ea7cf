"""What the network makes of a drawing: the 28x28 image it sees, its answer and ten bars.

Plain painting widgets, fed with NumPy arrays by the draw panel; no engine calls here.
Class names come from the model file: they are shown as plain text, never as rich text.
"""
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

import numpy as np

ACCENT = QColor(46, 125, 230)
BAR_BACKGROUND = QColor(127, 127, 127, 50)


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
        """A 28x28 array of 0-1 floats (white on black), or None for an empty input."""
        if image28 is None:
            self._image = None
        else:
            grey = np.ascontiguousarray(np.clip(image28, 0, 1) * 255, dtype=np.uint8)
            self._image = QImage(grey.data, 28, 28, 28, QImage.Format_Grayscale8).copy()
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


class ProbabilityBars(QWidget):
    """Ten horizontal bars: the network's probability for each class, the winner highlighted."""

    ROW_HEIGHT = 18
    MIN_TRACK = 36  # px of bar at the narrowest

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names = [str(digit) for digit in range(10)]
        self._probabilities = None
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
        return self.ROW_HEIGHT * len(self._names) + 4

    def _column_widths(self):
        metrics = self.fontMetrics()
        label_width = max(metrics.horizontalAdvance(name) for name in self._names) + 8
        return label_width, metrics.horizontalAdvance("100.0%") + 6

    def set_class_names(self, names):
        self._names = list(names)
        self.updateGeometry()
        self.update()

    def set_probabilities(self, probabilities):
        """One value per class (0-1), or None to show empty bars."""
        self._probabilities = None if probabilities is None else [float(p) for p in probabilities]
        self.setAccessibleDescription(self._describe())
        self.update()

    def probabilities(self):
        return None if self._probabilities is None else list(self._probabilities)

    def _describe(self):
        if self._probabilities is None:
            return self.tr("no prediction")
        ranked = sorted(zip(self._names, self._probabilities, strict=True), key=lambda x: -x[1])
        return ", ".join(f"{name}: {p:.0%}" for name, p in ranked[:3])

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        label_width, value_width = self._column_widths()
        best = None if self._probabilities is None else int(np.argmax(self._probabilities))
        for row, name in enumerate(self._names):
            self._paint_row(painter, row, name, label_width, value_width, row == best)

    def _paint_row(self, painter, row, name, label_width, value_width, is_best):
        top = 2 + row * self.ROW_HEIGHT
        height = self.ROW_HEIGHT - 6
        text_colour = self.palette().color(QPalette.WindowText)
        painter.setPen(text_colour)
        painter.drawText(QRectF(0, top, label_width - 6, self.ROW_HEIGHT - 2),
                         Qt.AlignRight | Qt.AlignVCenter, name)
        track = QRectF(label_width, top + 2, self.width() - label_width - value_width, height)
        painter.setPen(Qt.NoPen)
        painter.setBrush(BAR_BACKGROUND)
        painter.drawRoundedRect(track, 3, 3)
        if self._probabilities is None:
            return
        probability = min(max(self._probabilities[row], 0.0), 1.0)
        painter.setBrush(ACCENT if is_best else ACCENT.lighter(160))
        painter.drawRoundedRect(QRectF(track.left(), track.top(), track.width() * probability,
                                       track.height()), 3, 3)
        painter.setPen(text_colour)
        painter.drawText(QRectF(track.right(), top, value_width, self.ROW_HEIGHT - 2),
                         Qt.AlignRight | Qt.AlignVCenter, f"{probability:.1%}")


class AnswerView(QWidget):
    """The network's answer, worded as what it is: "most likely 7", with its probability, and a
    short line saying that it always picks one of its classes, even for a scribble."""

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
            self._answer.setText("–")
            self._confidence.setText(hint if hint is not None else self.tr("Draw a digit"))
            description = self._confidence.text()
        else:
            short = self.fontMetrics().horizontalAdvance(name) <= \
                self.fontMetrics().horizontalAdvance("00")
            self._answer.setFont(self._big_font if short else self._name_font)
            self._prefix.setText(self.tr("most likely"))
            self._answer.setText(name)
            self._confidence.setText(self.tr("{probability} probability").format(
                probability=f"{confidence:.1%}"))
            description = self.tr("most likely {answer}, {probability} probability").format(
                answer=name, probability=f"{confidence:.1%}")
        self.setAccessibleDescription(description)

    def answer_text(self):
        """The class name shown (or "–"): what the network's answer is, without wording."""
        return self._answer.text()

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
