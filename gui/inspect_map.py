"""A map of what a layer has learned: 2,000 test images placed by the 2-D PCA of one layer's
outputs (``engine.layer_map``), one colour per digit, and the current drawing as a star that
moves as you draw (``LayerMap.place``, the same projection). Images the layer tells apart land
apart; the map is computed in the background, and only while the view is visible.
"""
from PySide6.QtCore import QCoreApplication, Qt, Slot  # before pyqtgraph: it binds to PySide6
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import numpy as np
import pyqtgraph as pg

import engine

from .inspect_views import shape_text
from .workers import WeightsSnapshot

MAP_IMAGES = 2000  # the first test images: enough for ten clouds, a few seconds to compute
LANE = "layer map"  # BackgroundJobs lane: the latest layer or weights wins
DIGIT_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#7f7f7f", "#bcbd22", "#17becf"]  # matplotlib's tab10: ten distinct hues


class MapView(QWidget):
    """A layer chosen in a combo box, its map as a scatter plot coloured by digit, a legend,
    and the drawing's place on it."""

    @staticmethod
    def title():
        return QCoreApplication.translate("MapView", "Map of a layer")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._models = models
        self._map = None  # the engine LayerMap shown, or None
        self._stale = True  # model, data or layer changed since the map was computed
        self._layer_names = None
        self.setAccessibleName(self.tr("Map of what a layer has learned"))
        self.layer_box = QComboBox()
        self.layer_box.setAccessibleName(self.tr("Layer to map"))
        self.layer_box.setToolTip(self.tr("The layer whose outputs place the images on the map."))
        self.status = QLabel()
        self.status.setTextFormat(Qt.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Map status"))
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(self.tr("Scatter plot of the test images"))
        self.plot.setMenuEnabled(False)
        self.plot.setLabel("bottom", self.tr("first principal component"))
        self.plot.setLabel("left", self.tr("second principal component"))
        self.plot.addLegend(offset=(-10, 10))
        self.digits = [self.plot.plot([], [], pen=None, symbol="o", symbolSize=5,
                                      symbolPen=None, symbolBrush=colour, name=str(digit))
                       for digit, colour in enumerate(DIGIT_COLOURS)]
        self.marker = pg.ScatterPlotItem(symbol="star", size=22, pen=pg.mkPen("k", width=1.5),
                                         brush=pg.mkBrush("#ffd700"))
        self.plot.addItem(self.marker)
        self.plot.plotItem.legend.addItem(self.marker, self.tr("your drawing"))
        self._lay_out()
        self.layer_box.currentIndexChanged.connect(self._on_layer_chosen)
        models.current_model.changed.connect(self._on_inputs_changed)
        models.datasets.loaded.connect(self._on_inputs_changed)
        if models.drawing is not None:
            models.drawing.changed.connect(self._place_drawing)

    def _lay_out(self):
        choose = QHBoxLayout()
        label = QLabel(self.tr("&Layer:"))
        label.setBuddy(self.layer_box)
        choose.addWidget(label)
        choose.addWidget(self.layer_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)

    def layer(self):
        """The index of the layer chosen, or None with no network."""
        data = self.layer_box.currentData()
        return None if data is None else int(data)

    def map(self):
        return self._map

    def marker_position(self):
        """(x, y) of the drawing's star, or None when it is hidden."""
        xs, ys = self.marker.getData()
        return (float(xs[0]), float(ys[0])) if len(xs) else None

    # --- following the model, the data and the drawing ----------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self._refresh()

    @Slot()
    def _on_inputs_changed(self):
        self._stale = True
        self._refresh()

    @Slot(int)
    def _on_layer_chosen(self, _index):
        self._stale = True
        self._refresh()

    def _refresh(self):
        """Recompute the map when visible and out of date (nothing is done while hidden)."""
        if not self.isVisible():
            return
        network = self._models.current_model.network
        self._fill_layers(network)
        if not self._stale:
            return
        dataset = self._models.datasets.dataset()
        if network is None or dataset is None:
            self._show_map(None)
            self.status.setText(self.tr("No model: open one or train one.") if network is None
                                else self.tr("Load a dataset (Draw & Train page) to map its "
                                             "test images."))
            return
        self._stale = False
        layer = self.layer()
        copy = WeightsSnapshot.of(network, 0).to_network()  # training may change the weights
        x, t = dataset.x_test[:MAP_IMAGES], dataset.t_test[:MAP_IMAGES]
        self.status.setText(self.tr("Computing the map of layer {0} for {1:,} test images…")
                            .format(layer, len(t)))
        self._models.jobs.submit(
            lambda: engine.layer_map(copy, engine.to_float32(x), t, layer),
            self._on_map, self._on_failed, what="Could not compute the map", lane=LANE)

    def _fill_layers(self, network):
        """One entry per layer (the last hidden one chosen); kept while the layers stay."""
        rows = [] if network is None else engine.network_summary(network).layers[:-1]
        names = [(row.name, row.output_shape) for row in rows]
        if names == self._layer_names:
            return
        self._layer_names = names
        self.layer_box.blockSignals(True)  # one recompute below, not one per entry
        self.layer_box.clear()
        for row in rows:
            self.layer_box.addItem(self.tr("{0}. {1}: {2}").format(
                row.index, row.name, shape_text(row.output_shape)), row.index)
        if rows:
            self.layer_box.setCurrentIndex(engine.last_hidden_layer(network))
        self.layer_box.blockSignals(False)
        self._stale = True
        self._show_map(None)  # another network: the old map's layers mean nothing here

    @Slot(object)
    def _on_map(self, layer_map):
        if layer_map.layer != self.layer():
            return  # another layer was chosen meanwhile
        self._show_map(layer_map)
        ratio = layer_map.pca.explained_variance_ratio
        self.status.setText(self.tr("{0:,} test images by the outputs of layer {1}; the two "
                                    "axes hold {2:.0%} and {3:.0%} of their variance.")
                            .format(len(layer_map.labels), layer_map.layer, ratio[0], ratio[1]))

    @Slot(str)
    def _on_failed(self, message):
        self._stale = True
        self.status.setText(message)

    def _show_map(self, layer_map):
        self._map = layer_map
        for digit, item in enumerate(self.digits):
            if layer_map is None:
                item.setData([], [])
                continue
            points = layer_map.points[layer_map.labels == digit]
            item.setData(points[:, 0], points[:, 1])
        self._place_drawing()

    @Slot()
    def _place_drawing(self):
        """The star at the drawing's place on the map (hidden without a map or a drawing)."""
        network = self._models.current_model.network
        drawing = self._models.drawing
        image = None if drawing is None else drawing.image()
        if not self.isVisible() or self._map is None or network is None or image is None:
            self.marker.setData([], [])
            return
        batch = np.asarray(image, np.float32).reshape(1, 1, *np.shape(image))
        x, y = self._map.place(network, batch)[0]
        self.marker.setData([x], [y])
