"""The Inspect page: the network as a table of layers, and what each layer makes of the drawing.

It has its own canvas on the drawing every page shares (gui.drawing), so the Draw page's digit
is here when the page opens and a digit drawn here is read there. All the work (the engine's
layer outputs, the table) happens only while the page is visible; when hidden it just notes
that the model changed and catches up when shown.
"""
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import numpy as np

import engine

from ..canvas import DEFAULT_PEN_WIDTH, MNIST_SIZE
from ..draw_panel import plain_wrapped_label
from ..drawing import SharedCanvas, network_input
from ..inspect_map import MapView
from ..inspect_mistakes import MistakesView
from ..inspect_views import ActivationsView, NetworkDiagram
from ..inspect_weights import WeightsView

CANVAS_SIZE = 8 * MNIST_SIZE  # px: smaller than the Draw page's, leaving room for the table
DRAW_PAGE_CANVAS = 280  # the Draw page's canvas: the pen keeps its width relative to the canvas


class InspectPage(QWidget):
    """The drawing and the network's layers on the left, every layer's output on the right."""

    shown_outputs = Signal()  # the activations now show the current drawing and weights

    @staticmethod
    def title():
        return QCoreApplication.translate("InspectPage", "Inspect")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._model = models.current_model
        self._model_stale = True  # the model changed while hidden: redo the table and views
        self._read_pending = False
        self.canvas = SharedCanvas(size=CANVAS_SIZE)
        self.canvas.set_pen_width(DEFAULT_PEN_WIDTH * CANVAS_SIZE / DRAW_PAGE_CANVAS)
        self.diagram = NetworkDiagram()
        self.total_label = plain_wrapped_label()
        self.total_label.setAccessibleName(self.tr("Total parameters"))
        self.caption_label = plain_wrapped_label(0.9)  # a test image's number and label
        self.caption_label.setAccessibleName(self.tr("Where the image came from"))
        self.activations = ActivationsView(models)
        # the other views of the network, each a tab beside the layer outputs
        self.weights = WeightsView(models)
        self.mistakes = MistakesView(models)
        self.map = MapView(models)
        self._build_actions()
        self._lay_out()
        if models.drawing is not None:
            self.canvas.share(models.drawing)
            models.drawing.changed.connect(
                lambda: self.caption_label.setText(models.drawing.caption()))
        self.canvas.changed.connect(self._schedule_read)
        self.activations.masks_changed.connect(self._schedule_read)  # a unit knocked out
        self._model.changed.connect(self._on_model_changed)

    def _build_actions(self):
        self.clear_action = QAction(self.tr("C&lear"), self)
        self.clear_action.setShortcuts([QKeySequence(Qt.Key_Escape),
                                        QKeySequence(QKeySequence.Delete)])
        # only while the keys are on this page: the Draw page's Clear has the same keys there
        self.clear_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        tip = self.tr("Erase the drawing (Esc or Delete while drawing).")
        self.clear_action.setToolTip(tip)
        self.clear_action.setStatusTip(tip)
        self.clear_action.triggered.connect(self.canvas.clear)

    def _lay_out(self):
        clear = QToolButton()
        clear.setDefaultAction(self.clear_action)
        clear.setAccessibleName(self.tr("Clear"))
        drawing = QGroupBox(self.tr("Your drawing"))
        drawing.addAction(self.clear_action)
        canvas_row = QHBoxLayout()
        canvas_row.addWidget(self.canvas, 0, Qt.AlignTop)
        canvas_row.addWidget(clear, 0, Qt.AlignTop)
        canvas_row.addStretch(1)
        drawing_layout = QVBoxLayout(drawing)
        drawing_layout.addLayout(canvas_row)
        drawing_layout.addWidget(self.caption_label)
        network = QGroupBox(self.tr("The network, layer by layer"))
        network_layout = QVBoxLayout(network)
        network_layout.addWidget(self.diagram, 1)
        network_layout.addWidget(self.total_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(drawing)
        left_layout.addWidget(network, 1)
        self.views = QTabWidget()
        self.views.setAccessibleName(self.tr("Views of the network"))
        self.views.addTab(self.activations, self.tr("What each layer makes of your drawing"))
        for view in (self.weights, self.mistakes, self.map):
            self.views.addTab(view, view.title())
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([left.sizeHint().width(), 10_000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.canvas, clear)
        QWidget.setTabOrder(clear, self.diagram)
        QWidget.setTabOrder(self.diagram, self.views)

    # --- following the model and the drawing --------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)  # the canvas has copied the shared drawing by now
        self._read_now()

    @Slot()
    def _on_model_changed(self):
        self._model_stale = True
        if self.isVisible():
            self._read_now()

    @Slot()
    def _schedule_read(self):
        # mouse moves come faster than a page can paint: one reading per event-loop pass
        if not self._read_pending:
            self._read_pending = True
            QTimer.singleShot(0, self._read_now)

    @Slot()
    def _read_now(self):
        self._read_pending = False
        if not self.isVisible():
            return  # hidden: nothing computed; showEvent reads again
        network = self._model.network
        if self._model_stale:
            self._model_stale = False
            self._show_network(network)
        pixels = self.canvas.to_array()
        image = self.canvas.publish(pixels, network_input(pixels))
        if network is None:
            self.activations.set_hint(self.tr("No model: open one or train one."))
            self.activations.show_outputs(None)
        elif image is None:
            self.activations.set_hint(self.tr("Draw a digit to see what every layer makes "
                                              "of it."))
            self.activations.show_outputs(None)
        else:
            self.activations.set_hint("")
            self.activations.show_outputs(engine.masked_layer_outputs(
                network, batch_of_one(image), self.activations.masks()))
        self.shown_outputs.emit()

    def _show_network(self, network):
        """The table and the empty views for `network` (None: no model)."""
        if network is None:
            self.diagram.set_summary(None)
            self.total_label.setText("")
            self.activations.set_structure([])
            return
        summary = engine.network_summary(network)
        self.diagram.set_summary(summary)
        self.total_label.setText(self.tr("Total: {0} parameters").format(
            f"{int(summary.total_parameters):,}"))
        # the summary's shapes are the outputs' (tested): no forward pass just to learn them
        self.activations.set_structure([(layer.name, tuple(layer.output_shape))
                                        for layer in summary.layers])


def batch_of_one(image28):
    """A 28x28 image as the (1, 1, 28, 28) float32 batch the network reads."""
    return np.asarray(image28, dtype=np.float32).reshape(1, 1, MNIST_SIZE, MNIST_SIZE)
