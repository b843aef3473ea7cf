"""Draw a digit and watch the network read it: canvas, tools, network input, answer and bars.

The panel takes the CurrentModel in ``__init__`` and re-reads the drawing whenever the drawing
or the model changes (during training, once a second with fresh weights). It fits a
1024x768 window beside the training form: the canvas with its tools on two rows underneath, and
beside it a narrow column with what the network sees, which network reads, its answer and bars.
"""
import math

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import numpy as np

from .canvas import to_uint8
from .drawing import SharedCanvas
from .plain import quoted, shortened
from .prediction_view import AnswerView, NetworkInputView, ProbabilityBars

DATASET_TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}  # folder name -> title
DIGITS = [str(digit) for digit in range(10)]
MIN_SLIDER_WIDTH = 100  # px: enough to set the pen width with the mouse
BREAK_AFTER = "-_./\\"  # a long file name may wrap after these
ZERO_WIDTH_SPACE = "\u200b"
# Below this top probability the answer reads "not sure: 4 or 9?". The shipped deep-cnn's
# answers at or above it were right 99.9% of the time on the MNIST test set:
# engine.confidence_threshold(p.probabilities, p.labels, target_precision=0.999) gave 0.96640
# for p = engine.evaluate_predictions(engine.load_model(engine.bundled_model_path()),
# engine.to_float32(mnist.x_test), mnist.t_test), shown to one decimal of a percent.
NOT_SURE_THRESHOLD = 0.966


def _as_float(value):
    """A number, or a string that spells one (QSettings keeps strings), as a float; NaN for
    anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return math.nan
    try:
        return float(value)
    except (ValueError, OverflowError):  # "wide", or an int of 400 digits
        return math.nan


def breakable(text):
    """`text` with invisible break opportunities after - _ . / so a long name wraps."""
    for mark in BREAK_AFTER:
        text = text.replace(mark, mark + ZERO_WIDTH_SPACE)
    return text


def plain_wrapped_label(point_scale=1.0):
    """A word-wrapped plain-text label (its text may come from a file) that never widens the
    panel: the layout gives it a width and it takes the height it needs there."""
    label = QLabel()
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    policy = label.sizePolicy()  # keeps the height-for-width that word wrap turned on
    policy.setHorizontalPolicy(QSizePolicy.Ignored)
    label.setSizePolicy(policy)
    if point_scale != 1.0:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * point_scale)
        label.setFont(font)
    return label


class DrawPanel(QWidget):
    """The left half of the window: everything about one drawing."""

    read = Signal()  # the answer, bars and network input were just updated

    def __init__(self, current_model, parent=None):
        super().__init__(parent)
        self._model = current_model
        self._test_images = None  # (images, labels, dataset name) for "Random test digit"
        self._source = None  # (canvas state_key, dataset, index, label): the canvas's image
        self._photo = None  # (canvas step serial, sentence): the photo the canvas shows
        self._drawing = None  # the SharedDrawing, once shared: it says when it is a test image
        self._image = None  # the 28x28 network input last read, float 0-1; None: no ink
        self._my_digits = None  # gui.my_digits.MyDigitsStore, once set: where digits are added
        self._note = None  # (sentence, canvas state_key): said about the canvas in that state
        self._rng = np.random.default_rng()
        self._read_pending = False
        self._build_widgets()
        self._build_actions()
        self._lay_out()
        self.canvas.changed.connect(self._on_canvas_changed)
        self._model.changed.connect(self._on_model_changed)
        self._show_canvas_state()
        self._on_model_changed()

    # --- building -----------------------------------------------------------------------------
    def _build_widgets(self):
        self.canvas = SharedCanvas()  # shows the drawing of other pages once shared
        self.canvas.setAcceptDrops(True)  # a photo of a digit: the window opens it
        self.canvas.setToolTip(self.tr(
            "Draw a digit with the mouse; the right button erases. The network reads it as "
            "you draw. Drop a photo of a digit here to read it."))
        self.network_input = NetworkInputView()
        self.answer = AnswerView()
        self.bars = ProbabilityBars()
        self.source_label = plain_wrapped_label()
        self.source_label.setAccessibleName(self.tr("Where the image came from"))
        self.note_label = plain_wrapped_label()
        self.note_label.setAccessibleName(self.tr("About my digits"))
        self.reader_label = plain_wrapped_label(0.9)
        self.reader_label.setAccessibleName(self.tr("Which network reads the drawing"))
        self.reader_label.setToolTip(self.tr("The network whose answer you see: the model "
                                             "opened, the one being trained, or a new one."))
        self.pen_width = QSlider(Qt.Horizontal)
        self.pen_width.setRange(4, 40)
        self.pen_width.setValue(int(self.canvas.pen_width()))
        self.pen_width.setMinimumWidth(MIN_SLIDER_WIDTH)
        self.pen_width.setAccessibleName(self.tr("Pen width"))
        self.pen_width.setToolTip(self.tr("Pen width in pixels: MNIST strokes are about a tenth "
                                          "of the digit's height, so medium widths read best."))
        self.pen_width.valueChanged.connect(self.canvas.set_pen_width)
        self.sure_threshold = QDoubleSpinBox()
        self.sure_threshold.setRange(0.0, 100.0)
        self.sure_threshold.setDecimals(1)
        self.sure_threshold.setSuffix("%")
        self.sure_threshold.setValue(NOT_SURE_THRESHOLD * 100)
        self.sure_threshold.setAccessibleName(self.tr("Not sure below this probability"))
        self.sure_threshold.setToolTip(self.tr(
            "When the most probable digit has less than this probability, the answer says "
            "\"not sure\" and names the two most probable. The default is where the built-in "
            "network's answers were right 99.9% of the time on the MNIST test set."))
        editor = self.sure_threshold.findChild(QLineEdit)  # focused itself: named too
        editor.setAccessibleName(self.sure_threshold.accessibleName())
        editor.setToolTip(self.sure_threshold.toolTip())
        self.sure_threshold.valueChanged.connect(self._schedule_read)

    def _build_actions(self):
        self.clear_action = self._action(
            self.tr("&Clear"), [QKeySequence(Qt.Key_Escape), QKeySequence(QKeySequence.Delete)],
            self.tr("Erase the canvas (Esc or Delete while drawing; Ctrl+Z brings it back)."),
            self.clear)
        # Esc and Delete mean something else in other fields (a spin box, a path being typed):
        # they clear the drawing only while the keyboard focus is in this panel.
        self.clear_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.addAction(self.clear_action)
        self.undo_action = self._action(
            self.tr("&Undo"), [QKeySequence(QKeySequence.Undo)],
            self.tr("Take back the last stroke, clear or test image (Ctrl+Z)."),
            self.canvas.undo)
        self.random_action = self._action(
            self.tr("Rando&m test digit"), [QKeySequence("Ctrl+R")],
            self.tr("Put a random image from the test set on the canvas, one the network never "
                    "trained on (Ctrl+R)."), self.show_random_test_image)
        self.random_action.setEnabled(False)
        self._build_add_actions()

    def _build_add_actions(self):
        """One action per digit: its key on the focused canvas, or its entry in the menu of
        "Add to my digits", keeps the drawing as a digit of the student's with that label."""
        self.add_actions = []
        for digit in range(10):
            key = getattr(Qt, f"Key_{digit}")
            action = self._action(
                self.tr("Digit {0}").format(digit),
                [QKeySequence(key), QKeySequence(Qt.KeypadModifier | key)],
                self.tr("Add the drawing to my digits as a {0} ({0} on the canvas).").format(
                    digit), self._add_from_action)
            # only on the canvas: the sure-threshold box and the form's fields take digits too
            action.setShortcutContext(Qt.WidgetShortcut)
            action.setData(digit)
            action.setEnabled(False)  # until set_my_digits
            self.canvas.addAction(action)
            self.add_actions.append(action)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add to my digits"))
        self.add_button.setAccessibleName(self.tr("Add to my digits"))
        self.add_button.setToolTip(self.tr(
            "Keep this drawing in My digits with its label: press the digit's key, 0 to 9, "
            "while the canvas has the focus, or choose it here. The canvas is cleared for the "
            "next one (Ctrl+Z brings it back)."))
        self.add_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.add_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.add_button)
        menu.addActions(self.add_actions)
        self.add_button.setMenu(menu)
        self.add_button.setEnabled(False)

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
        pen = QLabel(self.tr("Pe&n"))
        pen.setBuddy(self.pen_width)
        pen_row = QHBoxLayout()
        pen_row.addWidget(pen)
        pen_row.addWidget(self.pen_width, 1)
        self.tool_buttons = [self._tool_button(action) for action in
                             (self.undo_action, self.clear_action, self.random_action)]
        button_row = QHBoxLayout()
        for button in self.tool_buttons:
            button_row.addWidget(button)
        button_row.addStretch(1)
        add_row = QHBoxLayout()  # its own row: beside the others it would widen the column
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        drawing = QVBoxLayout()
        drawing.addWidget(self.canvas, 0, Qt.AlignLeft)
        drawing.addLayout(pen_row)
        drawing.addLayout(button_row)
        drawing.addLayout(add_row)
        drawing.addWidget(self.source_label)
        drawing.addWidget(self.note_label)
        drawing.addStretch(1)
        seen = QVBoxLayout()
        seen.addWidget(self._caption(self.tr("The network sees")))
        seen.addWidget(self.network_input, 0, Qt.AlignLeft)
        seen.addWidget(self.reader_label)
        seen.addSpacing(4)
        seen.addWidget(self.answer)
        seen.addSpacing(4)
        seen.addWidget(self.bars)
        threshold = QLabel(self.tr("Sure fro&m"))
        threshold.setBuddy(self.sure_threshold)
        # on two lines: one line would widen the narrow column beside the canvas
        seen.addWidget(threshold)
        seen.addWidget(self.sure_threshold, 0, Qt.AlignLeft)
        seen.addStretch(1)
        group = QGroupBox(self.tr("Draw a digit"))
        row = QHBoxLayout(group)
        row.addLayout(drawing)
        row.addLayout(seen, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(group)
        # on screen: the canvas first, then what acts on it
        order = [self.canvas, self.pen_width, *self.tool_buttons, self.add_button,
                 self.sure_threshold]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        """Tall enough for the wrapped lines at the narrowest width, so nothing is cut off
        (a layout's own minimum ignores how many lines a word-wrapped label needs)."""
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(hint.width())))
        return hint

    @staticmethod
    def _caption(text):
        label = QLabel(text)
        label.setStyleSheet("font-weight: bold")
        return label

    # --- public slots -------------------------------------------------------------------------
    @Slot()
    def clear(self):
        """Erase the drawing: one undo step, so Ctrl+Z brings it back."""
        self.canvas.clear()

    def share_drawing(self, drawing):
        """Follow and publish the drawing every page shares (a gui.drawing.SharedDrawing)."""
        self._drawing = drawing
        self.canvas.share(drawing)
        self._read_now()  # publishes what this canvas shows

    def restore_pen_width(self, value):
        """Set the pen to a remembered width (from a settings file: it may hold anything).
        Returns a sentence when the value was no width the slider offers (the pen keeps its
        width), else None."""
        width = _as_float(value)
        low, high = self.pen_width.minimum(), self.pen_width.maximum()
        if not low <= width <= high:  # NaN fails too
            return self.tr("Pen width {0} was not a width from {1} to {2}; using {3}.").format(
                quoted(value), low, high, self.pen_width.value())
        self.pen_width.setValue(round(width))
        return None

    def restore_sure_threshold(self, value):
        """Set the "not sure" threshold to a remembered one, in percent as the spin box shows
        it (from a settings file: it may hold anything). Returns a sentence when the value was
        no finite percentage from 0 to 100 (the threshold is kept), else None."""
        percent = _as_float(value)
        low, high = self.sure_threshold.minimum(), self.sure_threshold.maximum()
        if not low <= percent <= high:  # NaN and the infinities fail too
            return self.tr("Not-sure threshold {0} was not a percentage from {1:g} to {2:g}; "
                           "using {3}.").format(quoted(value), low, high,
                                                self.sure_threshold.text())
        self.sure_threshold.setValue(percent)
        return None

    def set_test_images(self, images, labels, name):
        """The test split that 'Random test digit' draws from (uint8 images, int labels)."""
        self._test_images = (images, labels, name)
        self.random_action.setEnabled(len(images) > 0)

    def show_test_image(self, index):
        """Put test image `index` on the canvas and say so; returns its label (None: no set)."""
        if self._test_images is None:
            return None
        images, labels, name = self._test_images
        index = int(index)
        label_index = int(labels[index])
        self.canvas.set_image(images[index])
        self._source = (self.canvas.state_key(), name, index, label_index)
        self._show_canvas_state()
        return label_index

    def show_photo(self, name, ink):
        """Put a photo's digit on the canvas as one undo step (`ink`: an engine.PhotoInk made
        for this canvas's size) and say which file it came from while it shows."""
        serial = self.canvas.set_pixels(to_uint8(ink.canvas))
        name = breakable(shortened(name, 40))  # a long name wraps, never widens the panel
        if ink.dropped:
            sentence = self.tr("From the photo {0}, {1} other marks left out. Draw over it to "
                               "correct it; the right button erases.").format(name, ink.dropped)
        else:
            sentence = self.tr("From the photo {0}. Draw over it to correct it; the right "
                               "button erases.").format(name)
        self._photo = (serial, sentence)
        self._show_canvas_state()

    def _source_text(self):
        """Where the canvas's image came from, its label named as the model on screen names
        it (another model may be opened while the image stays)."""
        _, dataset, index, label_index = self._source
        names = self._model.class_names
        label = names[label_index] if label_index < len(names) else str(label_index)
        return self.tr("{dataset} test image {index}: its label is {label}").format(
            dataset=DATASET_TITLES.get(dataset, dataset), index=index,
            label=shortened(label, 16))

    @Slot()
    def show_random_test_image(self):
        """A random test image; returns its label (show_test_image(index) shows a given one).
        No parameter on purpose: QAction.triggered passes `checked`, which would fill it."""
        if self._test_images is None:
            return None
        return self.show_test_image(int(self._rng.integers(len(self._test_images[0]))))

    def reading(self):
        """(answer, confidence 0-1) as shown, or None when nothing is read."""
        probabilities = self.bars.probabilities()
        if probabilities is None:
            return None
        numbers = [p for p in probabilities if not math.isnan(p)]
        return self.answer.answer_text(), max(numbers, default=math.nan)

    def source_text(self):
        """Where the image on the canvas came from, as shown ("" for the user's drawing),
        without the invisible line breaks."""
        return self.source_label.text().replace(ZERO_WIDTH_SPACE, "")

    def network_image(self):
        """The 28x28 network input last read (float 0-1), as shown; None when no ink."""
        return self._image

    def note_text(self):
        """What the panel says about adding to my digits now ("" when nothing)."""
        return self.note_label.text()

    # --- my digits ----------------------------------------------------------------------------
    def set_my_digits(self, store):
        """Where the digit keys add the drawing: a gui.my_digits.MyDigitsStore."""
        self._my_digits = store
        for action in self.add_actions:
            action.setEnabled(store is not None)
        self.add_button.setEnabled(store is not None)

    @Slot()
    def _add_from_action(self):
        self.add_to_my_digits(self.sender().data())

    def add_to_my_digits(self, label):
        """Keep what the network sees as a digit of the student's labelled `label`, then clear
        the canvas (one undo step brings it back); returns its id, or None (a sentence says
        why: nothing drawn, a test image, or the store refused)."""
        if self._my_digits is None:
            return None
        if self._read_pending:  # the key came before the last stroke was read
            self._read_now()
        if self.canvas.is_empty() or self._image is None:
            self._say(self.tr("Nothing to add: draw a digit on the canvas first, then press "
                              "its key."))
            return None
        if self._shows_test_image():
            self._say(self.tr("This is a test image, not your handwriting: draw the digit "
                              "yourself to add it to my digits."))
            return None
        digit_id = self._my_digits.add(self._image, label)
        if digit_id is None:  # the store said why (the collection is full)
            return None
        self.canvas.clear()
        count = len(self._my_digits.digits())
        added = self.tr("Added an {0} to my digits ({1} in all).") if label == 8 else self.tr(
            "Added a {0} to my digits ({1} in all).")
        self._say(added.format(label, count))
        return digit_id

    def _shows_test_image(self):
        """A dataset image, not the student's hand: this panel's own random test image, or
        one another page shared (its caption says which) that the canvas shows unchanged."""
        if self._source is not None and self._source[0] == self.canvas.state_key():
            return True
        drawing = self._drawing
        return bool(drawing is not None and drawing.caption() and drawing.pixels() is not None
                    and np.array_equal(self.canvas.to_array(), drawing.pixels()))

    def _say(self, text):
        """Show `text` for as long as the canvas stays as it is now."""
        self._note = (text, self.canvas.state_key())
        self.note_label.setText(text)

    def reader_text(self):
        """Which network reads the drawing, as shown (without the invisible line breaks)."""
        return self.reader_label.text().replace(ZERO_WIDTH_SPACE, "")

    # --- reading the drawing ------------------------------------------------------------------
    @Slot()
    def _on_canvas_changed(self):
        self._show_canvas_state()
        self._schedule_read()

    def _show_canvas_state(self):
        # the source line describes what the canvas shows: that test image, that photo (with
        # strokes over it, maybe), or nothing
        shown = self._source is not None and self._source[0] == self.canvas.state_key()
        photo = self._photo is not None and self.canvas.shows(self._photo[0])
        self.source_label.setText(
            self._source_text() if shown else self._photo[1] if photo else "")
        noted = self._note is not None and self._note[1] == self.canvas.state_key()
        self.note_label.setText(self._note[0] if noted else "")
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.clear_action.setEnabled(not self.canvas.is_empty())

    @Slot()
    def _schedule_read(self):
        # mouse moves arrive faster than a read takes to show: read once per event-loop pass
        if not self._read_pending:
            self._read_pending = True
            QTimer.singleShot(0, self._read_now)

    @Slot()
    def _on_model_changed(self):
        names = self._model.class_names
        self.bars.set_class_names(names)
        self.answer.set_class_count(len(names), digits=names == DIGITS)
        self.reader_label.setText(breakable(self._model.reader_text()))
        self._show_canvas_state()  # a test image's label, named by this model
        self._read_now()

    @Slot()
    def _read_now(self):
        self._read_pending = False
        pixels = self.canvas.to_array()
        image, index, probabilities = self._model.read(pixels)
        self._image = image
        self.canvas.publish(pixels, image)
        self.network_input.set_image(image)
        if image is None:
            self._show_nothing(self.tr("Draw a digit"))
        elif index is None:
            self._show_nothing(self.tr("No model: open one or train one"))
        else:
            self._show_answer(index, probabilities)
            self.bars.set_probabilities(probabilities)
        self.read.emit()

    def threshold(self):
        """The top probability (0-1) below which the answer says "not sure"."""
        return self.sure_threshold.value() / 100

    def _show_answer(self, index, probabilities):
        name, confidence = self._answer(index, probabilities)
        threshold = self.threshold()
        if not confidence < threshold:  # NaN: no number to doubt
            self.answer.show_answer(name, confidence)
            return
        runner_up = self._runner_up(index, probabilities)
        if runner_up is None:
            self.answer.show_answer(name, confidence)
        else:
            self.answer.show_unsure(name, runner_up, confidence, threshold)

    def _runner_up(self, index, probabilities):
        """The name of the second most probable class, or None when there is none."""
        values = np.asarray(probabilities, dtype=np.float64).reshape(-1).copy()
        if len(values) < 2 or not 0 <= int(index) < len(values):
            return None
        values[int(index)] = -np.inf
        second = int(np.nanargmax(values)) if not np.isnan(values).all() else None
        if second is None:
            return None
        names = self._model.class_names
        return str(names[second]) if second < len(names) else str(second)

    def _answer(self, index, probabilities):
        """(name, probability) of the class the network picked; a model with more outputs
        than class names (the window refuses those, but a view must not fail) names it by
        its index."""
        names = self._model.class_names
        index = int(index)
        name = str(names[index]) if 0 <= index < len(names) else str(index)
        try:
            confidence = float(probabilities[index])
        except (IndexError, TypeError, ValueError):
            confidence = float("nan")
        return name, confidence

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
