"""Views of the inside of a network: its layers as a table, and each layer's output as pictures.

Plain widgets fed with what the engine returns (``engine.network_summary`` and
``engine.layer_outputs``); no network math here. The activation views are built once per
network shape and then only given new values: each turns its values into one QImage with
NumPy and paints it in one call, so following the pen stays cheap.

A unit (a cell of a dense layer) or a filter (a feature map) can be knocked out: clicked, or
chosen with the arrow keys and Space, it is drawn crossed out and the page reads the drawing
again with its output set to 0 (``engine.masked_layer_outputs``); the test accuracy with the
units knocked out is measured in the background (``engine.masked_accuracy``).
"""
import functools
import math

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import numpy as np

import engine

from .i18n import tr
from .prediction_view import ProbabilityBars
from .workers import WeightsSnapshot

GAP = 2  # px between two feature maps or two units
SIGN = "\u00d7"  # the multiplication sign of "28×28×32"



def shape_text(shape):
    """(28, 28, 32) -> '28×28×32'; () -> '1'."""
    return SIGN.join(str(int(size)) for size in shape) or "1"


# --- the network as a table ---------------------------------------------------------------------
class NetworkDiagram(QTableWidget):
    """One row per layer, in order: its number, its kind, its output shape and parameters."""

    COLUMNS = ("#", "Layer", "Output", "Parameters")

    def __init__(self, parent=None):
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels([tr(title) for title in self.COLUMNS])
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        self.setAccessibleName(tr("Network layers"))
        self.setToolTip(tr("Every layer of the network, in the order the drawing passes "
                           "through them, with the shape of what it outputs and how many "
                           "numbers it learns (its parameters)."))
        for corner in self.findChildren(QAbstractButton):  # the table's "select all" corner
            corner.setToolTip(tr("Select every layer."))
            corner.setAccessibleName(tr("Select all layers"))
        self._summary = None

    def set_summary(self, summary):
        """An engine NetworkSummary, or None for no network."""
        if summary == self._summary:
            return  # weights changed, not the layers: keep the selection and the scroll
        self._summary = summary
        layers = [] if summary is None else list(summary.layers)
        self.setRowCount(len(layers))
        for row, layer in enumerate(layers):
            cells = (str(layer.index), str(layer.name), shape_text(layer.output_shape),
                     f"{int(layer.parameters):,}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.setItem(row, column, item)
        self._fit_columns()

    def _fit_columns(self):
        self.resizeColumnsToContents()
        self.updateGeometry()

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        """Wide enough that no layer name, shape or count is cut off."""
        header = self.horizontalHeader()
        columns = sum(max(header.sectionSizeHint(column), self.sizeHintForColumn(column))
                      for column in range(self.columnCount()))
        width = columns + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width + 8, super().minimumSizeHint().height())

    def rows(self):
        """The table as shown: one tuple of cell texts per row."""
        return [tuple(self.item(row, column).text() for column in range(self.columnCount()))
                for row in range(self.rowCount())]


# --- one layer's output -------------------------------------------------------------------------
KNOCKED_SHADE = QColor(128, 128, 128, 190)  # covers a knocked-out cell: its value no longer counts
KNOCKED_CROSS = QColor(200, 0, 0)


class ImageView(QWidget):
    """Paints one QImage made from an array of `count` cells laid out `columns` to a row, each
    `cell` (height, width) px and GAP px apart; keeps that array so what is shown can be read.

    The cells can be knocked out: a click or Space on the focused cell emits ``toggled`` with
    its number, and the cells given to ``set_knocked`` are drawn greyed and crossed out.
    """

    toggled = Signal(int)  # the cell (unit or channel) the user switched off or on again

    def __init__(self, count, columns, cell, parent=None):
        super().__init__(parent)
        self._values = None
        self._image = None
        self._count, self._columns, self._cell = count, columns, cell
        self._knocked = frozenset()
        self._focus_cell = 0
        rows = math.ceil(count / columns)
        self.setFixedSize(columns * (cell[1] + GAP), rows * (cell[0] + GAP))
        self.setFocusPolicy(Qt.StrongFocus)
        self.setToolTip(tr("Click a cell (or move with the arrow keys and press Space) to "
                           "knock it out: its output becomes 0. Click it again to bring it "
                           "back."))

    def cell_count(self):
        return self._count

    def cell_rect(self, cell):
        """Where cell number `cell` is painted, in this widget's coordinates."""
        row, column = divmod(cell, self._columns)
        height, width = self._cell
        return QRect(column * (width + GAP), row * (height + GAP), width, height)

    def cell_at(self, point):
        """The cell under `point` (a QPoint), or None between cells and past the last one."""
        height, width = self._cell
        column, x_in = divmod(point.x(), width + GAP)
        row, y_in = divmod(point.y(), height + GAP)
        cell = row * self._columns + column
        inside = x_in < width and y_in < height and column < self._columns
        return cell if inside and 0 <= cell < self._count else None

    def knocked(self):
        return self._knocked

    def set_knocked(self, cells):
        self._knocked = frozenset(cells)
        self.update()

    def focus_cell(self):
        return self._focus_cell

    def mousePressEvent(self, event):
        cell = self.cell_at(event.position().toPoint())
        if event.button() != Qt.LeftButton or cell is None:
            super().mousePressEvent(event)
            return
        self._focus_cell = cell
        self.setFocus(Qt.MouseFocusReason)
        self.toggled.emit(cell)

    def keyPressEvent(self, event):
        steps = {Qt.Key_Left: -1, Qt.Key_Right: 1, Qt.Key_Up: -self._columns,
                 Qt.Key_Down: self._columns}
        if event.key() in steps:
            moved = self._focus_cell + steps[event.key()]
            if 0 <= moved < self._count:
                self._focus_cell = moved
                self.update()
        elif event.key() == Qt.Key_Space:
            self.toggled.emit(self._focus_cell)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event):
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.update()

    def values(self):
        """The output values shown (the engine's array for one image), or None."""
        return self._values

    def set_values(self, values):
        self._values = values
        self._image = None if values is None else self._render(values)
        self.update()

    def paintEvent(self, event):
        with QPainter(self) as painter:
            if self._image is None:
                painter.fillRect(self.rect(), self.palette().color(QPalette.Window))
            else:
                painter.drawImage(0, 0, self._image)
            painter.setPen(QPen(KNOCKED_CROSS, 2))
            for cell in self._knocked:
                rect = self.cell_rect(cell)
                painter.fillRect(rect, KNOCKED_SHADE)
                painter.drawLine(rect.topLeft(), rect.bottomRight())
                painter.drawLine(rect.topRight(), rect.bottomLeft())
            if self.hasFocus():
                painter.setPen(QPen(self.palette().color(QPalette.Highlight), 2))
                painter.drawRect(self.cell_rect(self._focus_cell).adjusted(-1, -1, 0, 0))


def mosaic(cells, columns, cell):
    """Tiles (count, h, w[, 3]) uint8 as one image: each enlarged to `cell` (height, width)
    px by repeating its pixels, `columns` to a row, GAP px apart."""
    count, height, width = cells.shape[:3]
    rows = math.ceil(count / columns)
    scale_y, scale_x = cell[0] // height, cell[1] // width
    padded = np.zeros((rows * columns, *cells.shape[1:]), np.uint8)
    padded[:count] = cells
    big = padded.repeat(scale_y, axis=1).repeat(scale_x, axis=2)
    tile_h, tile_w = height * scale_y, width * scale_x
    framed = np.zeros((rows * columns, tile_h + GAP, tile_w + GAP) + big.shape[3:], np.uint8)
    framed[:, :tile_h, :tile_w] = big
    framed = framed.reshape(rows, columns, tile_h + GAP, tile_w + GAP, *big.shape[3:])
    return np.ascontiguousarray(framed.swapaxes(1, 2).reshape(
        rows * (tile_h + GAP), columns * (tile_w + GAP), *big.shape[3:]))


def feature_map_layout(height, width, channels):
    """(columns, tile size px) for `channels` maps of height x width: about 50 px tiles,
    smaller as they get many, so a layer fits beside the canvas at 1024 px."""
    target = 48 if channels <= 32 else 28
    scale = max(1, round(target / max(height, width)))
    columns = min(channels, 8 if channels <= 32 else 16)
    return columns, (height * scale, width * scale)


class FeatureMapGrid(ImageView):
    """A convolution-shaped output (H, W, C) as C small grey images, one per channel; black is
    the layer's lowest value, white its highest (one scale for all, so maps compare)."""

    def __init__(self, shape, parent=None):
        height, width, channels = shape
        columns, tile = feature_map_layout(height, width, channels)
        super().__init__(channels, columns, tile, parent)

    def _render(self, values):
        low, high = float(values.min()), float(values.max())
        spread = high - low if high > low else 1.0
        grey = ((values - low) * (255.0 / spread)).astype(np.uint8)
        pixels = mosaic(grey.transpose(2, 0, 1), self._columns, self._cell)
        self.setAccessibleDescription(tr("{0} maps, values from {1:.3g} (black) to {2:.3g} "
                                         "(white)").format(values.shape[-1], low, high))
        return _qimage(pixels, QImage.Format_Grayscale8)


def unit_layout(units):
    """(columns, cell px) for a strip or grid of `units` values: full rows where a column
    count from half the widest to the widest divides them (100 units: 4 rows of 25)."""
    if units <= 32:
        return units, 16
    widest, cell = (32, 14) if units <= 256 else (64, 7)
    fitting = [columns for columns in range(widest, widest // 2 - 1, -1) if units % columns == 0]
    return (fitting[0] if fitting else widest), cell


def diverging_colours(values):
    """Signed values as RGB uint8: blue below 0, white at 0, red above; symmetric scale."""
    extent = float(np.abs(values).max()) if values.size else 0.0
    t = values / extent if extent > 0 else np.zeros_like(values)
    fade = (255 * (1 - np.abs(t))).astype(np.uint8)
    rgb = np.empty(values.shape + (3,), np.uint8)
    rgb[..., 0] = np.where(t >= 0, 255, fade)
    rgb[..., 1] = fade
    rgb[..., 2] = np.where(t <= 0, 255, fade)
    return rgb, extent


class UnitGrid(ImageView):
    """A dense output (units,) as coloured cells: red positive, blue negative, white zero."""

    def __init__(self, shape, parent=None):
        units = int(np.prod(shape))
        columns, cell = unit_layout(units)
        super().__init__(units, columns, (cell, cell), parent)

    def _render(self, values):
        rgb, extent = diverging_colours(values.reshape(-1))
        cells = rgb.reshape(-1, 1, 1, 3)
        pixels = mosaic(cells, self._columns, self._cell)
        self.setAccessibleDescription(tr("{0} values; full red is {1:.3g}, full blue "
                                         "{2:.3g}").format(self._count, extent, -extent))
        return _qimage(pixels, QImage.Format_RGB888)


def _qimage(pixels, image_format):
    height, width = pixels.shape[:2]
    line = pixels.strides[0]
    return QImage(pixels.data, width, height, line, image_format).copy()


class ProbabilityView(ProbabilityBars):
    """The last output: class probabilities as bars, keeping the engine's array as well."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._values = None

    def values(self):
        return self._values

    def set_values(self, values):
        self._values = values
        self.set_probabilities(values)


def view_for(shape, is_last):
    if is_last:
        return ProbabilityView()
    if len(shape) == 3:
        return FeatureMapGrid(shape)
    return UnitGrid(shape)


# --- every layer's output -----------------------------------------------------------------------
ACCURACY_LANE = "knock-out accuracy"  # BackgroundJobs lane: the latest knock-out's pass wins


class ActivationsView(QScrollArea):
    """Each layer's output for one image, top to bottom in the order the network runs, with
    units that can be knocked out (``masks``; the page reads the drawing again on
    ``masks_changed``) and the test accuracy with and without them."""

    masks_changed = Signal()

    def __init__(self, models=None, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(tr("What each layer outputs"))
        self._models = models
        self._structure = None  # ((name, shape), ...) the views were built for
        self._views = []
        self._masks = {}  # layer index -> set of the units (or channels) knocked out
        self._normal_accuracy = None  # of the current weights on the test set, once measured
        self._accuracy_stale = True
        self._hint = QLabel()
        self._hint.setTextFormat(Qt.PlainText)
        self._hint.setWordWrap(True)
        self._build_knock_out_bar()
        self._build([])
        if models is not None:
            models.current_model.changed.connect(self._on_weights_changed)
            models.datasets.loaded.connect(self._on_weights_changed)

    def views(self):
        """The per-layer views, in order (the last shows the probabilities)."""
        return list(self._views)

    def masks(self):
        """{layer index: sorted units knocked out}, as engine.masked_outputs takes them."""
        return {index: sorted(units) for index, units in self._masks.items() if units}

    def set_structure(self, structure):
        """((name, output shape without the batch axis), ...): rebuilt only when it changes
        (another shape of network: what was knocked out means nothing there)."""
        structure = tuple((str(name), tuple(shape)) for name, shape in structure)
        if structure != self._structure:
            self._masks = {}
            self._build(structure)
            self._show_knock_outs()

    def show_outputs(self, outputs):
        """engine LayerOutputs for a batch of one image; None shows nothing (with the hint)."""
        for index, view in enumerate(self._views):
            view.set_values(None if outputs is None else outputs[index].values[0])

    def set_hint(self, text):
        self._hint.setText(text)
        self._hint.setVisible(bool(text))

    # --- knocking units out --------------------------------------------------------------------
    def _build_knock_out_bar(self):
        self.knock_out_label = QLabel()
        self.knock_out_label.setTextFormat(Qt.PlainText)
        self.knock_out_label.setWordWrap(True)
        self.knock_out_label.setAccessibleName(tr("Knocked-out units"))
        self.accuracy_label = QLabel()
        self.accuracy_label.setTextFormat(Qt.PlainText)
        self.accuracy_label.setWordWrap(True)
        self.accuracy_label.setAccessibleName(tr("Test accuracy with the units knocked out"))
        self.reset_button = QPushButton(tr("&Reset all"))
        self.reset_button.setAccessibleName(tr("Bring back every knocked-out unit"))
        self.reset_button.setToolTip(tr("Switch every knocked-out unit on again."))
        self.reset_button.clicked.connect(self.reset_knock_outs)
        self._bar = QWidget()
        bar_layout = QHBoxLayout(self._bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        texts = QVBoxLayout()
        texts.addWidget(self.knock_out_label)
        texts.addWidget(self.accuracy_label)
        bar_layout.addLayout(texts, 1)
        bar_layout.addWidget(self.reset_button, 0, Qt.AlignTop)
        self._show_knock_outs()

    @Slot()
    def reset_knock_outs(self):
        if self.masks():
            self._masks = {}
            self._knock_outs_changed()

    def _toggle(self, layer, unit):
        units = self._masks.setdefault(layer, set())
        units.symmetric_difference_update({unit})
        self._knock_outs_changed()

    def _knock_outs_changed(self):
        self._show_knock_outs()
        self._accuracy_stale = True
        self._measure_accuracy()
        self.masks_changed.emit()

    def _show_knock_outs(self):
        for index, view in enumerate(self._views):
            if isinstance(view, ImageView):
                view.set_knocked(self._masks.get(index, ()))
        count = sum(len(units) for units in self._masks.values())
        self.reset_button.setEnabled(count > 0)
        if count:
            self.knock_out_label.setText(tr("{0} unit(s) knocked out: their output is 0, and "
                                            "everything after them reads that.").format(count))
        else:
            self.knock_out_label.setText(tr("Click a unit or a feature map to knock it out "
                                            "(switch it off) and see what changes."))
            self.accuracy_label.setText("")
        self.accuracy_label.setVisible(count > 0)

    # --- the test accuracy, measured in the background -----------------------------------------
    @Slot()
    def _on_weights_changed(self):
        self._normal_accuracy = None
        self._accuracy_stale = True
        self._measure_accuracy()

    def showEvent(self, event):
        super().showEvent(event)
        self._measure_accuracy()

    def _measure_accuracy(self):
        """Start measuring the test accuracy with the current knock-outs, if anything is
        knocked out, the view is visible and the accuracy shown is out of date."""
        masks = self.masks()
        if self._models is None or not masks or not self._accuracy_stale \
                or not self.isVisible():
            return
        network = self._models.current_model.network
        dataset = self._models.datasets.dataset()
        if network is None or dataset is None:
            self.accuracy_label.setText(tr("Load a dataset (Draw & Train page) to measure the "
                                           "test accuracy with these units knocked out."))
            return
        self._accuracy_stale = False
        # a copy: training goes on writing new weights into the network the page shows
        copy = WeightsSnapshot.of(network, 0).to_network()
        x, t = dataset.x_test, dataset.t_test
        normal = self._normal_accuracy

        def measure():
            images = engine.to_float32(x)
            plain = normal if normal is not None else engine.masked_accuracy(copy, images, t, {})
            return masks, plain, engine.masked_accuracy(copy, images, t, masks)

        self.accuracy_label.setText(tr("Measuring the test accuracy on {0:,} images…")
                                    .format(len(t)))
        self._models.jobs.submit(measure, self._on_accuracy, self._on_accuracy_failed,
                                 what="Could not measure the test accuracy", lane=ACCURACY_LANE)

    @Slot(object)
    def _on_accuracy(self, result):
        masks, normal, knocked = result
        self._normal_accuracy = normal
        if masks != self.masks():
            return  # the lane keeps only the latest; this is an older set finishing
        self.accuracy_label.setText(tr("Test accuracy: {0:.2%} with these units knocked out, "
                                       "{1:.2%} with all of them.").format(knocked, normal))

    @Slot(str)
    def _on_accuracy_failed(self, message):
        self._accuracy_stale = True
        self.accuracy_label.setText(message)

    def _build(self, structure):
        self._structure = structure
        self._views = []
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._hint)
        if structure:
            layout.addWidget(self._bar)
        for index, (name, shape) in enumerate(structure):
            is_last = index == len(structure) - 1
            view = view_for(shape, is_last)
            caption = self._caption(index, name, shape, is_last)
            view.setAccessibleName(caption.text())
            layout.addWidget(caption)
            layout.addWidget(view, 0, Qt.AlignLeft)
            if not is_last:
                view.toggled.connect(functools.partial(self._toggle, index))
            self._views.append(view)
        layout.addStretch(1)
        self._bar.setVisible(bool(structure))
        self.setWidget(page)  # the old page (and its views) is deleted

    @staticmethod
    def _caption(index, name, shape, is_last):
        if is_last:
            text = tr("Probabilities ({0})").format(name)
        else:
            text = tr("{0}. {1}: {2}").format(index, name, shape_text(shape))
        label = QLabel(text)
        label.setTextFormat(Qt.PlainText)  # layer names come from a model file
        label.setStyleSheet("font-weight: bold")
        return label

    def sizeHint(self):
        return QSize(560, 400)
