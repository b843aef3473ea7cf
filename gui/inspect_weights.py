"""The Inspect page's Weights tab: what the network has learned, live while it trains.

Top: the weights that look at pixels or feature maps as pictures (``engine.weight_images``):
an MLP's first layer as one 28x28 picture per hidden unit, each convolution's filters, one input
channel at a time. The colours are the activations' (blue negative, white 0, red positive) on
one scale centred on 0 for the pictures shown, given by the legend. Bottom: per layer a
histogram of its weights and, while a run trains, of the last step's gradients
(``engine.weight_histograms``).

It follows the current model (``CurrentModel.changed`` fires for every weight snapshot a run
sends, a few times a second). Hidden, it only notes that the weights changed; shown, it copies
the weights in the GUI thread (cheap) and leaves the histograms and the colouring to a
background job (lane ``LANE``: a newer snapshot replaces a job not yet begun).
"""
import dataclasses
import math

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import numpy as np
import pyqtgraph as pg

import engine

from .inspect_views import GAP, SIGN, diverging_colours, mosaic

LANE = "inspect-weights"
BINS = 40
PICTURE_PX = 28  # an MNIST-sized picture is shown 1:1; small filters are enlarged to about it
HISTOGRAM_HEIGHT = 84
# While a run trains, redraw at most this often: snapshots come about once a second and
# each drawing costs a few ms of a core the training could use (bench_inspect_training.py)
FOLLOW_INTERVAL_MS = 500
WEIGHTS_COLOUR = "#d62728"  # the diverging map's red: these are the weights
GRADIENTS_COLOUR = "#1f77b4"  # its blue


def picture_layout(count, height, width):
    """(columns, tile (h, w) px) for `count` pictures of height x width: small filters
    enlarged by whole pixels to about PICTURE_PX, about a square grid of at most 16 columns,
    with full rows where a column count up to 16 divides them (32 filters: 4 rows of 8)."""
    scale = max(1, PICTURE_PX // max(height, width))
    square = max(1, min(count, 16, math.ceil(math.sqrt(count))))
    dividing = [columns for columns in range(square, 17) if count % columns == 0]
    return (dividing[0] if dividing else square), (height * scale, width * scale)


def coloured_mosaic(pictures):
    """(count, h, w) float weights -> (RGB uint8 image, extent): one diverging scale, 0 white,
    ±extent full red / blue, for all the pictures, laid out by ``picture_layout``."""
    rgb, extent = diverging_colours(np.asarray(pictures, np.float32))
    columns, tile = picture_layout(*pictures.shape)
    return mosaic(rgb, columns, tile), extent


@dataclasses.dataclass(frozen=True, eq=False)
class WeightsPicture:
    """What the job made for the layer and channel on screen, and the histograms."""

    choice: tuple  # (layer position in the picture list, input channel)
    pixels: np.ndarray  # RGB uint8 mosaic, or None when the network has no pictures
    extent: float
    weights: dict  # parameter name -> (counts, edges)
    gradients: dict


def render(pictures, choice, weights, gradients):
    """The job: runs in a worker thread on copies only (nothing here is live)."""
    pixels, extent = None, 0.0
    if pictures:
        layer, channel = choice
        pixels, extent = coloured_mosaic(pictures[layer].images[channel])
    return WeightsPicture(choice, pixels, extent, engine.weight_histograms(weights, BINS),
                          engine.weight_histograms(gradients, BINS))


class PictureGrid(QWidget):
    """Paints the RGB mosaic of the pictures on screen, 1:1."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._image = None
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.setFixedSize(0, 0)

    def set_pixels(self, pixels):
        if pixels is None:
            self._image = None
            self.setFixedSize(0, 0)
        else:
            height, width = pixels.shape[:2]
            pixels = np.ascontiguousarray(pixels)
            self._image = QImage(pixels.data, width, height, pixels.strides[0],
                                 QImage.Format_RGB888).copy()
            self.setFixedSize(width - GAP, height - GAP)  # no gap after the last column/row
        self.update()

    def image(self):
        return self._image

    def paintEvent(self, event):
        if self._image is not None:
            with QPainter(self) as painter:
                painter.drawImage(0, 0, self._image)


class ColourLegend(QWidget):
    """The colour scale: blue at -extent, white at 0, red at +extent, with the three values."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._extent = None
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.setFocusPolicy(Qt.NoFocus)

    def extent(self):
        return self._extent

    def set_extent(self, extent):
        self._extent = extent
        if extent is None:
            self.setAccessibleDescription("")
        else:
            self.setAccessibleDescription(self.tr(
                "Full blue is {low}, white 0, full red {high}").format(
                    low=f"{-extent:.3g}", high=f"{extent:.3g}"))
        self.update()

    def labels(self):
        """The three values written under the bar, left to right."""
        if self._extent is None:
            return ()
        return (f"{-self._extent:.3g}", "0", f"{self._extent:.3g}")

    def sizeHint(self):
        return QSize(240, 14 + self.fontMetrics().height() + 4)

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return QSize(120, self.sizeHint().height())

    def paintEvent(self, event):
        if self._extent is None:
            return
        with QPainter(self) as painter:
            bar = self.rect().adjusted(1, 1, -1, 0)
            bar.setHeight(14)
            gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
            gradient.setColorAt(0.0, QColor(0, 0, 255))
            gradient.setColorAt(0.5, QColor(255, 255, 255))
            gradient.setColorAt(1.0, QColor(255, 0, 0))
            painter.fillRect(bar, gradient)
            painter.setPen(self.palette().color(QPalette.WindowText))
            painter.drawRect(bar)
            text = self.rect().adjusted(0, bar.height() + 2, 0, 0)
            low, zero, high = self.labels()
            painter.drawText(text, Qt.AlignLeft | Qt.AlignTop, low)
            painter.drawText(text, Qt.AlignHCenter | Qt.AlignTop, zero)
            painter.drawText(text, Qt.AlignRight | Qt.AlignTop, high)


class Histogram(pg.PlotWidget):
    """One array's histogram as a filled step curve; created once, then only given data."""

    def __init__(self, colour, parent=None):
        super().__init__(parent)
        self.setBackground(None)
        self.setMouseEnabled(False, False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setFocusPolicy(Qt.NoFocus)
        self.getPlotItem().hideAxis("left")
        self.setFixedHeight(HISTOGRAM_HEIGHT)
        self.setMinimumWidth(150)
        fill = QColor(colour)
        fill.setAlpha(110)
        self._curve = self.plot([0.0, 1.0], [0.0], stepMode="center", fillLevel=0,
                                pen=pg.mkPen(colour, width=1), brush=fill)
        self._counts = None

    def counts(self):
        """(counts, edges) shown, or None."""
        return self._counts

    def set_histogram(self, histogram):
        self._counts = histogram
        if histogram is None:
            self._curve.setData([0.0, 1.0], [0.0])
            return
        counts, edges = histogram
        self._curve.setData(np.asarray(edges, float), np.asarray(counts, float))
        self.setXRange(float(edges[0]), float(edges[-1]), padding=0)


class WeightsView(QWidget):
    """The first layer's (MLP) or every convolution's weights as pictures, and per layer a
    histogram of weights and gradients, following the current model live."""

    shown_weights = Signal()  # what is on screen now matches the current weights

    @staticmethod
    def title():
        return QCoreApplication.translate("WeightsView", "Weights")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("What the network has learned: its weights"))
        self._model = models.current_model
        self._jobs = models.jobs
        self._stale = True  # the weights changed while hidden: redo everything when shown
        self._refresh_pending = False
        self._pictures = []  # engine WeightImages of the network shown
        self._structure = None  # ((picture layers), (weight names)) the widgets were built for
        self._histograms = {}  # weight name -> (weights Histogram, gradients Histogram)
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_INTERVAL_MS)
        self._follow_timer.timeout.connect(self._on_follow_timer)
        self._build()
        self._model.changed.connect(self._on_model_changed)

    # --- building -----------------------------------------------------------------------------
    def _build(self):
        self.layer_choice = QComboBox()
        self.layer_choice.setAccessibleName(self.tr("Layer whose weights are pictured"))
        self.layer_choice.setToolTip(self.tr("The layer whose weights are drawn as pictures: "
                                             "the first dense layer, or a convolution."))
        self.layer_choice.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.channel_choice = QSpinBox()
        self.channel_choice.setAccessibleName(self.tr("Input channel of the filters"))
        self.channel_choice.setToolTip(self.tr(
            "A filter has one slice per channel of its input: which one to picture."))
        layer_label = QLabel(self.tr("&Layer:"))
        layer_label.setBuddy(self.layer_choice)
        self.channel_label = QLabel(self.tr("Input &channel:"))
        self.channel_label.setBuddy(self.channel_choice)
        self.layer_choice.currentIndexChanged.connect(self._on_choice_changed)
        self.channel_choice.valueChanged.connect(self._on_choice_changed)
        choices = QHBoxLayout()
        choices.addWidget(layer_label)
        choices.addWidget(self.layer_choice)
        choices.addSpacing(12)
        choices.addWidget(self.channel_label)
        choices.addWidget(self.channel_choice)
        choices.addStretch(1)

        self.hint = QLabel()
        self.hint.setTextFormat(Qt.PlainText)
        self.hint.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.PlainText)  # layer names come from a model file
        self.caption.setWordWrap(True)
        self.grid = PictureGrid()
        self.grid.setAccessibleName(self.tr("Weights as pictures"))
        self.legend = ColourLegend()
        self.legend.setAccessibleName(self.tr("Colour scale of the weights"))
        pictures_page = QWidget()
        pictures_layout = QVBoxLayout(pictures_page)
        pictures_layout.addWidget(self.caption)
        pictures_layout.addWidget(self.legend)
        pictures_layout.addWidget(self.grid, 0, Qt.AlignLeft)
        pictures_layout.addStretch(1)
        self.pictures_area = QScrollArea()
        self.pictures_area.setWidgetResizable(True)
        self.pictures_area.setWidget(pictures_page)
        self.pictures_area.setAccessibleName(self.tr("Weights as pictures"))

        self._histogram_page = QWidget()
        self._histogram_grid = QGridLayout(self._histogram_page)
        self._histogram_grid.setColumnStretch(1, 1)
        self._histogram_grid.setColumnStretch(2, 1)
        self.histograms_area = QScrollArea()
        self.histograms_area.setWidgetResizable(True)
        self.histograms_area.setWidget(self._histogram_page)
        self.histograms_area.setAccessibleName(self.tr("Histograms of weights and gradients"))

        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(self.pictures_area)
        self.splitter.addWidget(self.histograms_area)
        self.splitter.setChildrenCollapsible(False)
        self._split_for = None  # the structure the splitter was last sized for
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.layer_choice, self.channel_choice)
        QWidget.setTabOrder(self.channel_choice, self.pictures_area)
        QWidget.setTabOrder(self.pictures_area, self.histograms_area)

    def _set_structure(self, pictures, names):
        """Rebuild the choices and the histogram rows when the network's shape changed."""
        structure = (tuple((p.index, p.name, p.images.shape) for p in pictures), tuple(names))
        if structure == self._structure:
            return
        self._structure = structure
        self.layer_choice.blockSignals(True)
        self.layer_choice.clear()
        for picture in pictures:
            channels, count, height, width = picture.images.shape
            what = self.tr("{count} units") if picture.name == "Affine" else self.tr(
                "{count} filters")
            self.layer_choice.addItem(self.tr("{index}. {name}: {what} of {size}").format(
                index=picture.index, name=picture.name, what=what.format(count=count),
                size=f"{height}{SIGN}{width}"))
        self.layer_choice.blockSignals(False)
        self._update_channel_range()
        self._build_histogram_rows(names)

    def _build_histogram_rows(self, names):
        while self._histogram_grid.count():
            item = self._histogram_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._histograms = {}
        header_weights = QLabel(self.tr("Weights"))
        self.gradients_header = QLabel(self.tr("Gradients of the last training step"))
        for column, label in ((1, header_weights), (2, self.gradients_header)):
            label.setStyleSheet("font-weight: bold")
            self._histogram_grid.addWidget(label, 0, column)
        kinds = {f"{index}.W": type(layer).__name__
                 for index, layer in enumerate(self._model.network.layers)} \
            if self._model.network is not None else {}
        for row, name in enumerate(names, start=1):
            index = name.split(".")[0]
            label = QLabel(self.tr("{index}. {name}").format(index=index,
                                                             name=kinds.get(name, "")))
            label.setTextFormat(Qt.PlainText)
            weights, gradients = Histogram(WEIGHTS_COLOUR), Histogram(GRADIENTS_COLOUR)
            weights.setAccessibleName(self.tr("Histogram of layer {0}'s weights").format(index))
            gradients.setAccessibleName(
                self.tr("Histogram of layer {0}'s gradients").format(index))
            self._histogram_grid.addWidget(label, row, 0, Qt.AlignTop)
            self._histogram_grid.addWidget(weights, row, 1)
            self._histogram_grid.addWidget(gradients, row, 2)
            self._histograms[name] = (weights, gradients)
        self._histogram_grid.setRowStretch(len(names) + 1, 1)

    def _update_channel_range(self):
        layer = self.layer_choice.currentIndex()
        channels = self._pictures[layer].images.shape[0] if 0 <= layer < len(self._pictures) \
            else 1
        self.channel_choice.blockSignals(True)
        self.channel_choice.setRange(0, channels - 1)
        self.channel_choice.blockSignals(False)
        self.channel_choice.setEnabled(channels > 1)
        self.channel_label.setEnabled(channels > 1)

    # --- what the user reads ----------------------------------------------------------------
    def histograms(self):
        """Weight name -> ((counts, edges) of the weights, of the gradients or None) shown."""
        return {name: (weights.counts(), gradients.counts())
                for name, (weights, gradients) in self._histograms.items()}

    def choice(self):
        """(position in the layer list, input channel) pictured."""
        return self.layer_choice.currentIndex(), self.channel_choice.value()

    # --- following the model ------------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self._schedule_refresh()

    @Slot()
    def _on_model_changed(self):
        self._stale = True
        if self.isVisible() and not self._follow_timer.isActive():
            self._schedule_refresh()
            self._follow_timer.start()  # later snapshots wait for it: see FOLLOW_INTERVAL_MS

    @Slot()
    def _on_follow_timer(self):
        if self._stale and self.isVisible():
            self._schedule_refresh()
            self._follow_timer.start()

    @Slot()
    def _on_choice_changed(self):
        if self.sender() is self.layer_choice:
            self._update_channel_range()
        self._stale = True
        self._schedule_refresh()

    def _schedule_refresh(self):
        # snapshots and key presses may come faster than a job: one refresh per loop pass
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh)

    @Slot()
    def _refresh(self):
        self._refresh_pending = False
        if not self.isVisible() or not self._stale:
            return  # hidden: nothing computed; showEvent refreshes
        self._stale = False
        network = self._model.network
        if network is None:
            self._pictures = []
            self._structure = None
            self.layer_choice.blockSignals(True)
            self.layer_choice.clear()
            self.layer_choice.blockSignals(False)
            self._build_histogram_rows([])
            self._show_pictures(None)
            self.hint.setText(self.tr("No model: open one or train one."))
            self.shown_weights.emit()
            return
        # copies taken here, in the GUI thread, where the weights cannot change under them
        self._pictures = engine.weight_images(network)
        weights = engine.weight_arrays(network)
        gradients = {name: gradient for name, gradient in self._model.gradients.items()
                     if name in weights}
        self._set_structure(self._pictures, list(weights))
        choice = (max(0, self.layer_choice.currentIndex()), self.channel_choice.value())
        pictures = self._pictures
        self._jobs.submit(lambda: render(pictures, choice, weights, gradients), self._show,
                          self._failed, what=self.tr("Drawing the weights failed"), lane=LANE)

    def _show(self, result):
        if result.pixels is None:
            self.hint.setText(self.tr("This network has no layer that looks at the image "
                                      "itself (no convolution, no dense first layer): "
                                      "only its histograms are shown."))
        else:
            self.hint.setText("")
        self._show_pictures(result)
        for name, (weights, gradients) in self._histograms.items():
            weights.set_histogram(result.weights.get(name))
            gradients.set_histogram(result.gradients.get(name))
        self.gradients_header.setText(
            self.tr("Gradients of the last training step") if result.gradients
            else self.tr("Gradients (shown while the network trains)"))
        self.shown_weights.emit()

    def _show_pictures(self, result):
        self.hint.setVisible(bool(self.hint.text()))
        if result is None or result.pixels is None:
            self.grid.set_pixels(None)
            self.legend.set_extent(None)
            self.caption.setText("")
            return
        self.grid.set_pixels(result.pixels)
        self.legend.set_extent(result.extent)
        self._size_splitter()
        picture = self._pictures[result.choice[0]]
        channels, count = picture.images.shape[:2]
        if picture.name == "Affine":
            text = self.tr("Each square is one unit's weights on the 28{0}28 pixels: red "
                           "pixels push it up, blue ones down.").format(SIGN)
        else:
            text = self.tr("Each square is one filter's weights on input channel {0} of {1}: "
                           "red pushes its output up, blue down.").format(
                               result.choice[1], channels)
        self.caption.setText(text)
        self.grid.setToolTip(self.tr("{0} pictures, one colour scale (below the caption)")
                             .format(count))

    def _size_splitter(self):
        """Give the pictures what they need (up to 60%) and the histograms the rest, once per
        network shape: a user's own dragging of the splitter is kept while it trains."""
        if self._split_for == self._structure:
            return
        self._split_for = self._structure
        total = sum(self.splitter.sizes())
        page = self.pictures_area.widget()
        page.adjustSize()
        wanted = page.sizeHint().height() + 2 * self.pictures_area.frameWidth()
        pictures = min(wanted, int(total * 0.6))
        self.splitter.setSizes([pictures, total - pictures])

    def _failed(self, message):
        self.hint.setText(self.tr("The weights could not be drawn: {0}").format(message))
        self.hint.setVisible(True)
        self.shown_weights.emit()
