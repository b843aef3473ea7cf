"""Draw a digit and watch the network read it: canvas, tools, network input, answer and bars.

The panel takes the CurrentModel in ``__init__`` and re-reads the drawing whenever the drawing
or the model changes (during training, four times a second with fresh weights).
"""
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import numpy as np

from .canvas import DrawingCanvas
from .prediction_view import AnswerView, NetworkInputView, ProbabilityBars

DATASET_TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}  # folder name -> title


class DrawPanel(QWidget):
    """The left half of the window: everything about one drawing."""

    read = Signal()  # the answer, bars and network input were just updated

    def __init__(self, current_model, parent=None):
        super().__init__(parent)
        self._model = current_model
        self._test_images = None  # (images, labels, dataset name) for "Random test digit"
        self._rng = np.random.default_rng()
        self._read_pending = False
        self._build_widgets()
        self._build_actions()
        self._lay_out()
        self.canvas.changed.connect(self._schedule_read)
        self._model.changed.connect(self._on_model_changed)
        self._on_model_changed()

    # --- building -----------------------------------------------------------------------------
    def _build_widgets(self):
        self.canvas = DrawingCanvas()
        self.network_input = NetworkInputView()
        self.answer = AnswerView()
        self.bars = ProbabilityBars()
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setAccessibleName("Where the image came from")
        self.pen_width = QSlider(Qt.Horizontal)
        self.pen_width.setRange(4, 40)
        self.pen_width.setValue(int(self.canvas.pen_width()))
        self.pen_width.setAccessibleName("Pen width")
        self.pen_width.setToolTip("Pen width in pixels: MNIST strokes are about a tenth of the "
                                  "digit's height, so medium widths read best.")
        self.pen_width.valueChanged.connect(self.canvas.set_pen_width)

    def _build_actions(self):
        self.clear_action = self._action(
            "&Clear", [QKeySequence(Qt.Key_Escape), QKeySequence(QKeySequence.Delete)],
            "Erase the canvas (Esc or Delete).", self.clear)
        self.undo_action = self._action(
            "&Undo stroke", [QKeySequence(QKeySequence.Undo)],
            "Remove the last stroke (Ctrl+Z).", self.canvas.undo)
        self.random_action = self._action(
            "Rando&m test digit", [QKeySequence("Ctrl+R")],
            "Put an image from the test set on the canvas, one the network never trained on "
            "(Ctrl+R).", self.show_random_test_image)
        self.random_action.setEnabled(False)

    def _action(self, text, shortcuts, tip, slot):
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _tool_button(self, action):
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        button.setAccessibleName(action.text().replace("&", ""))
        return button

    def _lay_out(self):
        tools = QHBoxLayout()
        pen = QLabel("Pe&n")
        pen.setBuddy(self.pen_width)
        tools.addWidget(pen)
        tools.addWidget(self.pen_width, 1)
        for action in (self.undo_action, self.clear_action, self.random_action):
            tools.addWidget(self._tool_button(action))
        drawing = QVBoxLayout()
        drawing.addWidget(self.canvas, 0, Qt.AlignHCenter)
        drawing.addLayout(tools)
        drawing.addWidget(self.source_label)
        drawing.addStretch(1)
        seen = QGridLayout()
        seen.addWidget(self._caption("The network sees"), 0, 0)
        seen.addWidget(self.network_input, 1, 0, Qt.AlignTop)
        seen.addWidget(self.answer, 1, 1)
        seen.addWidget(self.bars, 2, 0, 1, 2)
        seen.setRowStretch(3, 1)
        group = QGroupBox("Draw a digit")
        row = QHBoxLayout(group)
        row.addLayout(drawing)
        row.addSpacing(12)
        row.addLayout(seen, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(group)

    @staticmethod
    def _caption(text):
        label = QLabel(text)
        label.setStyleSheet("font-weight: bold")
        return label

    # --- public slots -------------------------------------------------------------------------
    @Slot()
    def clear(self):
        self.canvas.clear()
        self.source_label.clear()

    def set_test_images(self, images, labels, name):
        """The test split that 'Random test digit' draws from (uint8 images, int labels)."""
        self._test_images = (images, labels, name)
        self.random_action.setEnabled(len(images) > 0)

    @Slot()
    def show_random_test_image(self, index=None):
        if self._test_images is None:
            return
        images, labels, name = self._test_images
        index = int(self._rng.integers(len(images))) if index is None else int(index)
        self.canvas.set_image(images[index])
        label = self._model.class_names[int(labels[index])] \
            if int(labels[index]) < len(self._model.class_names) else str(labels[index])
        shown_name = DATASET_TITLES.get(name, name)
        self.source_label.setText(f"{shown_name} test image {index}: its label is {label}")
        return int(labels[index])

    def reading(self):
        """(answer, confidence 0-1) as shown, or None when nothing is read."""
        probabilities = self.bars.probabilities()
        if probabilities is None:
            return None
        return self.answer.answer_text(), max(probabilities)

    # --- reading the drawing ------------------------------------------------------------------
    @Slot()
    def _schedule_read(self):
        # mouse moves arrive faster than a read takes to show: read once per event-loop pass
        if not self._read_pending:
            self._read_pending = True
            QTimer.singleShot(0, self._read_now)

    @Slot()
    def _on_model_changed(self):
        self.bars.set_class_names(self._model.class_names)
        self._read_now()

    @Slot()
    def _read_now(self):
        self._read_pending = False
        image, index, probabilities = self._model.read(self.canvas.to_array())
        self.network_input.set_image(image)
        if image is None:
            self._show_nothing("Draw a digit")
        elif index is None:
            self._show_nothing("No model: open one or train one")
        else:
            self.answer.show_answer(self._model.class_names[index], float(probabilities[index]))
            self.bars.set_probabilities(probabilities)
        self.read.emit()

    def _show_nothing(self, hint):
        self.answer.show_answer(None, None, hint)
        self.bars.set_probabilities(None)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    import engine

    from .current_model import CurrentModel

    app = QApplication(sys.argv)
    model = CurrentModel()
    model.open(engine.bundled_model_path())
    panel = DrawPanel(model)
    panel.show()
    app.exec()
