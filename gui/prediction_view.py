"""What the network makes of a drawing: the 28x28 image it sees, its answer and ten bars.

Plain painting widgets, fed with NumPy arrays by the draw panel; no engine calls here.
"""
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

import numpy as np

ACCENT = QColor(46, 125, 230)
BAR_BACKGROUND = QColor(127, 127, 127, 50)


class NetworkInputView(QWidget):
    """The 28x28 image the network receives, enlarged with visible pixels (no smoothing)."""

    def __init__(self, parent=None, scale=5):
        super().__init__(parent)
        self._side = 28 * scale
        self._image = None
        self.setFixedSize(self._side + 2, self._side + 2)
        self.setAccessibleName("Network input, 28 by 28 pixels")
        self.setToolTip("The 28x28 image the network actually reads: your drawing scaled into a "
                        "20x20 box and centred by its centre of mass, as MNIST digits are.")

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

    ROW_HEIGHT = 22

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names = [str(digit) for digit in range(10)]
        self._probabilities = None
        self.setMinimumSize(self.sizeHint())
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setAccessibleName("Class probabilities")
        self.setToolTip("How sure the network is of each answer: the softmax output, which "
                        "adds up to 100%.")

    def sizeHint(self):
        return QSize(240, self.ROW_HEIGHT * len(self._names) + 4)

    def set_class_names(self, names):
        self._names = list(names)
        self.setMinimumSize(self.sizeHint())
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
            return "no prediction"
        ranked = sorted(zip(self._names, self._probabilities, strict=True), key=lambda x: -x[1])
        return ", ".join(f"{name}: {p:.0%}" for name, p in ranked[:3])

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = self.fontMetrics()
        label_width = max(metrics.horizontalAdvance(name) for name in self._names) + 8
        value_width = metrics.horizontalAdvance("100.0%") + 6
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
    """The predicted class, large, with its confidence underneath."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._answer = QLabel("–")
        self._answer.setAlignment(Qt.AlignCenter)
        font = self._answer.font()
        font.setPointSizeF(font.pointSizeF() * 4)
        font.setBold(True)
        self._answer.setFont(font)
        self._confidence = QLabel()
        self._confidence.setAlignment(Qt.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._answer)
        layout.addWidget(self._confidence)
        self.setAccessibleName("Prediction")
        self.setToolTip("The class with the highest probability, and how sure the network is.")
        self.show_answer(None, None)

    def show_answer(self, name, confidence, hint="Draw a digit"):
        """`name` None: nothing to read yet; `hint` says why."""
        if name is None:
            self._answer.setText("–")
            self._confidence.setText(hint)
        else:
            self._answer.setText(name)
            self._confidence.setText(f"{confidence:.1%} sure")
        self.setAccessibleDescription(self._answer.text() + ", " + self._confidence.text())

    def answer_text(self):
        return self._answer.text()

    def confidence_text(self):
        return self._confidence.text()


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
