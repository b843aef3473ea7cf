"""Lesson 5: backprop on my drawing. For the digit on the shared canvas and the label the
student says it is: the gradient of the loss with respect to every pixel (a saliency image)
and to the first layer's weights, then one step of the engine's SGD, and undo.

All of it runs on the engine's ``DrawingLab``, a copy of the window's model: the model every
other page reads never changes here. A forward and backward pass of one image takes tens of
milliseconds, so it runs on the GUI thread, once per event-loop pass at most.
"""
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

import numpy as np
import pyqtgraph as pg

from engine.lessons import my_drawing

from ...canvas import DEFAULT_PEN_WIDTH, MNIST_SIZE
from ...drawing import SharedCanvas, network_input
from ...i18n import tr
from ...plots import TEST_COLOR, TRAIN_COLOR
from .common import ArrayTable, Lesson, SourceView, format_number, lesson_text, name_editor_too

CANVAS_SIZE = 8 * MNIST_SIZE  # px, as the Inspect page's
DRAW_PAGE_CANVAS = 280  # the Draw page's canvas: the pen keeps its width relative to it
PICTURE_SIZE = 84  # px: one weight-gradient picture
BARS_HEIGHT = 230  # px
SOURCE_HEIGHT = 190  # px
LEGEND_ROOM = 1.4  # the probability axis's top: a bar of 1 stays under the legend
SURE = 0.999  # a probability above which the gradients are too small to see
CLASSES = 10
DEFAULT_LR = 0.01  # one step visibly moves a confident network, without overshooting it
# blue (ink here lowers the loss) - white - red (ink here raises it): zero is white
DIVERGING = pg.ColorMap([0.0, 0.5, 1.0], [(33, 102, 172), (247, 247, 247), (178, 24, 43)])
BACKWARD_LINES = ("self.dW =", "if not self.input_grad", "return (dout @ self.W.T)",
                  "add_input_gradient(", "return (self.cols[mine].T @ rows[mine]).T")
SGD_LINES = ("param -= self.lr * grad",)



def image_item():
    item = pg.ImageItem(axisOrder="row-major")
    item.setLookupTable(DIVERGING.getLookupTable(nPts=256))
    return item


def picture_view(item):
    """A ViewBox showing `item` upright (row 0 on top), square pixels, no mouse."""
    view = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False,
                      defaultPadding=0.0)
    view.addItem(item)
    return view


def show_signed(item, array):
    """`array` in diverging colours, zero white, the colour scale symmetric."""
    array = np.asarray(array, dtype=np.float64)
    extent = float(np.abs(array).max()) if array.size else 0.0
    extent = extent if extent > 0 else 1.0  # all zero: all white
    item.setImage(array, levels=(-extent, extent))


class MyDrawingLesson(Lesson):
    shown = Signal()  # the views now show the drawing, label and copy on screen
    stepped = Signal(object)  # the engine StepResult of the step just taken

    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self._model = models.current_model
        self._lab = None  # the engine DrawingLab on a copy of the model, built when needed
        self._lab_stale = True
        self._label_chosen = False  # the label follows the network's answer until chosen
        self._read_pending = False
        self._image = None  # the 28x28 network input shown, None without ink
        self._build_drawing()
        self._build_gradients()
        self._build_step()
        self._build_sources()
        self._lay_out()
        if models.drawing is not None:
            self.canvas.share(models.drawing)
        self.canvas.changed.connect(self._schedule_read)
        self.label_box.currentIndexChanged.connect(self._schedule_read)
        self.label_box.activated.connect(self._on_label_chosen)
        self._model.changed.connect(self._on_model_changed)

    # --- building -----------------------------------------------------------------------------
    def _build_drawing(self):
        self.canvas = SharedCanvas(size=CANVAS_SIZE)
        self.canvas.set_pen_width(DEFAULT_PEN_WIDTH * CANVAS_SIZE / DRAW_PAGE_CANVAS)
        self.clear_button = QToolButton()
        self.clear_button.setText(tr("C&lear"))
        self.clear_button.setAccessibleName(tr("Clear the drawing"))
        self.clear_button.setToolTip(tr("Erase the drawing (every page shares it)."))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.label_box = QComboBox()
        for digit in range(CLASSES):
            self.label_box.addItem(str(digit), digit)
        self.label_box.setAccessibleName(tr("The digit your drawing is"))
        self.label_box.setToolTip(tr("The label the loss is computed for: what you say the "
                                     "drawing is."))
        self.hint_label = lesson_text("")
        self.hint_label.setAccessibleName(tr("What to do first"))

    def _build_gradients(self):
        self.saliency_item = image_item()
        self.saliency_view = pg.GraphicsLayoutWidget()
        self.saliency_view.setAccessibleName(tr("Gradient of the loss for each pixel"))
        self.saliency_view.setFixedSize(CANVAS_SIZE, CANVAS_SIZE)
        self.saliency_view.addItem(picture_view(self.saliency_item))
        self.loss_label = lesson_text("")
        self.loss_label.setAccessibleName(tr("Loss"))
        self.weights_view = pg.GraphicsLayoutWidget()
        self.weights_view.setAccessibleName(tr("Gradients of the first layer's weights"))
        self.weights_view.setFixedHeight(PICTURE_SIZE + 30)
        self.weight_items, self.weight_labels = [], []
        for column in range(my_drawing.WEIGHT_PICTURES):
            item = image_item()
            self.weights_view.addItem(picture_view(item), row=0, col=column)
            self.weight_labels.append(self.weights_view.addLabel("", row=1, col=column))
            self.weight_items.append(item)
        self.weights_caption = lesson_text("")
        self.weights_caption.setAccessibleName(tr("What the weight pictures are"))

    def _build_step(self):
        self.lr_box = QDoubleSpinBox()
        self.lr_box.setDecimals(4)
        self.lr_box.setRange(0.0001, 10.0)
        self.lr_box.setSingleStep(0.01)
        self.lr_box.setValue(DEFAULT_LR)
        self.lr_box.setAccessibleName(tr("Learning rate"))
        self.lr_box.setToolTip(tr("How far one step moves every weight against its gradient."))
        name_editor_too(self.lr_box)
        self.step_button = QPushButton(tr("Take one &step"))
        self.step_button.setAccessibleName(tr("Take one step"))
        self.step_button.setToolTip(tr("Apply one SGD update to the copy: every weight minus "
                                       "the learning rate times its gradient."))
        self.step_button.clicked.connect(self._take_step)
        self.undo_button = QPushButton(tr("&Undo the step"))
        self.undo_button.setAccessibleName(tr("Undo the step"))
        self.undo_button.setToolTip(tr("Put back the copy's weights as they were before the "
                                       "last step."))
        self.undo_button.clicked.connect(self._undo_step)
        self.steps_label = QLabel()
        self.steps_label.setTextFormat(Qt.PlainText)
        self.steps_label.setAccessibleName(tr("Steps taken"))
        self.bars = pg.PlotWidget()
        self.bars.setAccessibleName(tr("Probabilities before and after the steps"))
        self.bars.setFixedHeight(BARS_HEIGHT)
        self.bars.setMenuEnabled(False)
        self.bars.hideButtons()
        self.bars.getViewBox().setMouseEnabled(x=False, y=False)
        self.bars.setFocusPolicy(Qt.NoFocus)
        self.bars.setYRange(0, LEGEND_ROOM)  # the legend sits above the tallest bar
        self.bars.getAxis("left").setTicks([[(p / 5, format_number(p / 5)) for p in range(6)]])
        self.bars.setXRange(-0.6, CLASSES - 0.4)
        self.bars.getAxis("bottom").setTicks([[(d, str(d)) for d in range(CLASSES)]])
        self.bars.setLabel("left", tr("probability"))
        self.bars.addLegend(offset=(-10, 5))
        digits = np.arange(CLASSES)
        self.model_bars = pg.BarGraphItem(x=digits - 0.2, height=np.zeros(CLASSES), width=0.4,
                                          brush=TRAIN_COLOR, name=tr("the window's model"))
        self.copy_bars = pg.BarGraphItem(x=digits + 0.2, height=np.zeros(CLASSES), width=0.4,
                                         brush=TEST_COLOR, name=tr("the copy, after its steps"))
        self.bars.addItem(self.model_bars)
        self.bars.addItem(self.copy_bars)
        self.probability_table = ArrayTable(tr("Probabilities"))

    def _build_sources(self):
        self.backward_source = SourceView()
        self.backward_source.setFixedHeight(SOURCE_HEIGHT)
        self.sgd_source = SourceView()
        self.sgd_source.setFixedHeight(SOURCE_HEIGHT * 2 // 3)

    def _lay_out(self):
        intro = lesson_text(tr(
            "Backprop does not stop at the weights: one more step back gives the gradient of "
            "the loss with respect to every pixel of your drawing (book 5.7). Say what digit "
            "it is; red pixels are where more ink would raise the loss, blue where it would "
            "lower it. Then take a step of gradient descent (book 4.4) on a copy of the model, "
            "and undo it: the model the other pages read does not change."))
        drawing = QGroupBox(tr("Your drawing"))
        canvas_row = QHBoxLayout()
        canvas_row.addWidget(self.canvas, 0, Qt.AlignTop)
        canvas_row.addWidget(self.clear_button, 0, Qt.AlignTop)
        label_row = QHBoxLayout()
        label = QLabel(tr("It &is a:"))
        label.setBuddy(self.label_box)
        label_row.addWidget(label)
        label_row.addWidget(self.label_box)
        label_row.addStretch(1)
        drawing_layout = QVBoxLayout(drawing)
        drawing_layout.addLayout(canvas_row)
        drawing_layout.addLayout(label_row)
        saliency = QGroupBox(tr("d loss / d pixel"))
        saliency_layout = QVBoxLayout(saliency)
        saliency_layout.addWidget(self.saliency_view, 0, Qt.AlignLeft)
        saliency_layout.addWidget(self.loss_label)
        top = QHBoxLayout()
        top.addWidget(drawing)
        top.addWidget(saliency, 1)
        weights = QGroupBox(tr("d loss / d weights of the first layer"))
        weights_layout = QVBoxLayout(weights)
        weights_layout.addWidget(self.weights_view)
        weights_layout.addWidget(self.weights_caption)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.hint_label)
        layout.addLayout(top)
        layout.addWidget(weights)
        layout.addWidget(self._step_box())
        sources = QGroupBox(tr("The engine's code"))
        sources_layout = QVBoxLayout(sources)
        sources_layout.addWidget(self.backward_source)
        sources_layout.addWidget(self.sgd_source)
        layout.addWidget(sources)

    def _step_box(self):
        controls = QHBoxLayout()
        label = QLabel(tr("Learning &rate:"))
        label.setBuddy(self.lr_box)
        controls.addWidget(label)
        controls.addWidget(self.lr_box)
        controls.addWidget(self.step_button)
        controls.addWidget(self.undo_button)
        controls.addWidget(self.steps_label, 1)
        chart = QHBoxLayout()
        chart.addWidget(self.bars, 1)
        chart.addWidget(self.probability_table)
        box = QGroupBox(tr("One step of gradient descent on a copy of the model"))
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(controls)
        box_layout.addLayout(chart)
        return box

    # --- following the model and the drawing --------------------------------------------------
    def first_shown(self):
        self.sgd_source.show_source(my_drawing.SGD.update_one, SGD_LINES)
        self._read_now()

    def showEvent(self, event):
        super().showEvent(event)  # the canvas has copied the shared drawing by now
        if self._lab_stale:
            self._schedule_read()

    @Slot()
    def _on_model_changed(self):
        self._lab_stale = True
        if self.isVisible():
            self._schedule_read()

    @Slot(int)
    def _on_label_chosen(self, _index):
        self._label_chosen = True

    @Slot()
    def _schedule_read(self):
        # mouse moves come faster than a page can paint: one reading per event-loop pass
        if not self._read_pending:
            self._read_pending = True
            QTimer.singleShot(0, self._read_now)

    def lab(self):
        """The engine DrawingLab the lesson steps (a copy of the model), or None."""
        return self._lab

    def image(self):
        """The 28x28 network input the lesson shows, or None without ink."""
        return self._image

    @Slot()
    def _read_now(self):
        self._read_pending = False
        if not self.isVisible():
            return
        if self._lab_stale:
            self._lab_stale = False
            network = self._model.network
            self._lab = my_drawing.DrawingLab(network) if network is not None else None
            self._show_sources()
        pixels = self.canvas.to_array()
        self._image = self.canvas.publish(pixels, network_input(pixels))
        self._show_readings()
        self.shown.emit()

    def _show_readings(self):
        hint = ""
        if self._lab is None:
            hint = tr("No model: open one (File > Open) or train one, then come back.")
        elif self._image is None:
            hint = tr("Draw a digit on the canvas: its gradients appear here.")
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        ready = not hint
        self.step_button.setEnabled(ready)
        self.undo_button.setEnabled(ready and self._lab.steps > 0)
        if not ready:
            self._show_nothing()
            return
        if not self._label_chosen:
            self.label_box.blockSignals(True)  # following the answer is not a new choice
            self.label_box.setCurrentIndex(self._lab.answer(self._image))
            self.label_box.blockSignals(False)
        gradients = self._lab.gradients(self._image, self.label())
        self._show_gradients(gradients)
        self._show_probabilities(self._lab.original_probabilities(self._image),
                                 gradients.probabilities)

    def label(self):
        return self.label_box.currentData()

    def _show_nothing(self):
        self.saliency_item.clear()
        for item, label in zip(self.weight_items, self.weight_labels, strict=True):
            item.clear()
            label.setText("")
        self.loss_label.setText("")
        self.weights_caption.setText("")
        self.steps_label.setText("")
        self.model_bars.setOpts(height=np.zeros(CLASSES))
        self.copy_bars.setOpts(height=np.zeros(CLASSES))
        self.probability_table.setRowCount(0)

    def _show_gradients(self, gradients):
        show_signed(self.saliency_item, gradients.input_gradient)
        # the guard in -log(y + 1e-7) makes a certain answer's loss -1e-7: shown as 0
        self.loss_label.setText(tr("Loss for “{0}”: {1}. Largest |d loss / d pixel|: {2}.")
                                .format(gradients.label, format_number(max(gradients.loss, 0), 4),
                                        format_number(np.abs(gradients.input_gradient).max(),
                                                      3)))
        if gradients.probabilities[gradients.label] >= SURE:
            self.loss_label.setText(self.loss_label.text() + " " + tr(
                "The network is already sure it is a {0}: the loss is nearly 0, and so is every "
                "gradient. Choose another digit to see what would change its mind.").format(
                gradients.label))
        unit_name = (tr("unit {0}") if gradients.first_layer == "Affine" else tr("filter {0}"))
        for index, (item, label) in enumerate(zip(self.weight_items, self.weight_labels,
                                                  strict=True)):
            if index < len(gradients.units):
                show_signed(item, gradients.weight_gradients[index])
                label.setText(unit_name.format(gradients.units[index]))
            else:
                item.clear()
                label.setText("")
        self.weights_caption.setText(self._weights_sentence(gradients))

    @staticmethod
    def _weights_sentence(gradients):
        if gradients.first_layer == "Affine":
            return tr("The {0} hidden units whose 784 weights have the largest gradient, each "
                      "drawn as 28x28. dW = xᵀ · dout: each picture is your drawing times how "
                      "much that unit's output should change, so it has the drawing's shape.")\
                .format(len(gradients.units))
        if gradients.first_layer == "Convolution":
            return tr("The {0} first-layer filters whose gradient is largest. A filter slides "
                      "over the whole image, so its gradient adds up every position: it does "
                      "not have the drawing's shape.").format(len(gradients.units))
        return tr("The first layer is a {0}: its weights are not pictures.").format(
            gradients.first_layer)

    def _show_probabilities(self, original, now):
        self.model_bars.setOpts(height=np.asarray(original))
        self.copy_bars.setOpts(height=np.asarray(now))
        self.probability_table.set_array(np.stack([original, now], axis=1))
        self.probability_table.setVerticalHeaderLabels([str(d) for d in range(CLASSES)])
        self.probability_table.setHorizontalHeaderLabels([tr("model"), tr("copy")])
        self.steps_label.setText(tr("Steps the copy has taken: {0}.").format(self._lab.steps))

    def _show_sources(self):
        layer = my_drawing.first_weight_layer(self._lab.network) if self._lab else None
        if layer is None:
            self.backward_source.show_source(my_drawing.SGD.update_one, SGD_LINES)
            return
        self.backward_source.show_source(type(layer).backward, BACKWARD_LINES)

    # --- the step -----------------------------------------------------------------------------
    @Slot()
    def _take_step(self):
        if self._lab is None or self._image is None:
            return
        result = self._lab.step(self._image, self.label(), self.lr_box.value())
        self._show_readings()
        self.stepped.emit(result)

    @Slot()
    def _undo_step(self):
        if self._lab is not None and self._lab.undo():
            self._show_readings()
