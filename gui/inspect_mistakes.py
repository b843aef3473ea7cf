"""Where it goes wrong: the model on screen measured on the test set, as a confusion matrix.

On demand ("Measure on the test set") the engine's evaluate_predictions runs off the GUI thread
(gui.workers.ProgressJob) on a copy of the network, with a progress bar and Cancel. The matrix
is a heat map (rows: the true digit, columns: the answer) with counts and row percentages and
each digit's accuracy; a cell opens its images, most confidently wrong first, and an image
opens on the shared drawing, so the layer outputs and the bars show it. Another model or
dataset makes the figures stale: they are hidden, never shown beside a model they do not fit.
"""
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import numpy as np

import engine

from .draw_panel import DATASET_TITLES, plain_wrapped_label
from .workers import ProgressJob, WeightsSnapshot

GALLERY_LIMIT = 200  # images shown for one cell: a diagonal cell holds a thousand
THUMBNAIL = 56  # px: twice MNIST's size, pixels still visible
RIGHT = QColor(46, 160, 90)
WRONG = QColor(220, 60, 50)
EMPTY = QColor(127, 127, 127, 30)
ImageIndexRole = Qt.UserRole + 1  # a gallery item's index in the test set


def measure(snapshot, images, labels):
    """The job run off the GUI thread: the network rebuilt from `snapshot` (a copy, so the
    live one may go on training or reading drawings) over the test images."""
    def job(progress, should_stop):
        network = snapshot.to_network()
        return engine.evaluate_predictions(network, engine.to_float32(images), labels,
                                           progress=progress, should_stop=should_stop)
    return job


class ConfusionModel(QAbstractTableModel):
    """The 10x10 confusion matrix plus a column of each digit's accuracy; empty until set."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._predictions = None
        self._names = [str(digit) for digit in range(10)]

    def set_predictions(self, predictions, names):
        self.beginResetModel()
        self._predictions = predictions
        self._names = [str(name) for name in names]
        self.endResetModel()

    def classes(self):
        return len(self._names)

    def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else self.classes()

    def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else self.classes() + 1

    def is_cell(self, index):
        """Whether `index` is a cell of the matrix (not the accuracy column)."""
        return index.isValid() and index.column() < self.classes()

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.DisplayRole:
            if orientation == Qt.Horizontal and section == self.classes():
                return self.tr("right")
            name = self._names[section]
            return self.tr("true {0}").format(name) if orientation == Qt.Vertical else name
        if role == Qt.ToolTipRole:
            if orientation == Qt.Vertical:
                return self.tr("Test images whose label is {0}").format(self._names[section])
            if section == self.classes():
                return self.tr("How many of the row's images the network got right")
            return self.tr("Test images the network answered {0}").format(self._names[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if self._predictions is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        confusion = self._predictions.confusion
        in_row = int(confusion[row].sum())
        if column == self.classes():
            accuracy = float(self._predictions.per_class_accuracy[row])
            if role == Qt.DisplayRole:
                return f"{accuracy:.1%}"
            if role == Qt.TextAlignmentRole:
                return int(Qt.AlignCenter)
            return None
        count = int(confusion[row, column])
        share = count / in_row if in_row else 0.0
        if role == Qt.DisplayRole:
            return f"{count:,}\n{share:.1%}"
        if role == Qt.BackgroundRole:
            return heat_colour(share, right=row == column) if count else EMPTY
        if role == Qt.ForegroundRole:
            return QColor(Qt.white) if count and share > 0.5 else None
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if role == Qt.ToolTipRole:
            return self.tr("{count} of the {total} test images labelled {label} were answered "
                           "{answer} ({share}). Click or press Enter to see them.").format(
                count=f"{count:,}", total=f"{in_row:,}", label=self._names[row],
                answer=self._names[column], share=f"{share:.1%}")
        return None


def confusion_table(model, name, layout, hint):
    """A read-only table of a ConfusionModel, its cells sharing the space: `layout` says what
    rows and columns are, `hint` what else the table does (its tooltip holds both)."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setToolTip(f"{layout} {hint}")
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setWordWrap(True)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setSectionResizeMode(QHeaderView.Stretch)
    table.setCornerButtonEnabled(False)  # selecting all cells means nothing here
    corner = table.findChild(QAbstractButton)
    corner.setAccessibleName(QCoreApplication.translate("MistakesView", "Corner of the matrix"))
    corner.setToolTip(layout)
    return table


def heat_colour(share, right):
    """The cell's colour: green for right answers, red for mistakes, deeper for more. The
    square root makes a 1% mistake visible beside a 99% diagonal."""
    colour = QColor(RIGHT if right else WRONG)
    colour.setAlphaF(0.15 + 0.85 * float(np.sqrt(share)))
    return colour


def thumbnail(image28):
    """A uint8 28x28 test image as an enlarged icon with visible pixels."""
    grey = np.ascontiguousarray(image28, dtype=np.uint8)
    image = QImage(grey.data, grey.shape[1], grey.shape[0], grey.shape[1],
                   QImage.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(image.scaled(THUMBNAIL, THUMBNAIL)))


class MistakesView(QWidget):
    """The confusion matrix of the model on screen, its cells' images, on demand."""

    @staticmethod
    def title():
        return QCoreApplication.translate("MistakesView", "Where it goes wrong")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._model = models.current_model
        self._datasets = models.datasets
        self._drawing = models.drawing
        self._predictions = None  # the last measurement, for the model and data measured
        self._measured_dataset = None
        self._measuring_dataset = None
        self._stale = False
        self._run_pass = None  # (iteration, epoch) when the figures are the run's own test pass
        self._job = ProgressJob(self)
        self._build()
        self._lay_out()
        self._job.progress.connect(self._on_progress)
        self._job.done.connect(self._on_done)
        self._job.failed.connect(self._on_failed)
        self._job.cancelled.connect(self._on_cancelled)
        self._model.changed.connect(self._on_model_changed)
        self._model.replaced.connect(self._on_model_replaced)
        models.controller.progress.connect(self._on_run_progress)
        models.controller.state_changed.connect(self._on_run_state)
        self._datasets.loaded.connect(self._on_dataset_changed)
        self._datasets.failed.connect(self._on_dataset_changed)
        self._show_state()

    # --- building -----------------------------------------------------------------------------
    def _build(self):
        self.setAccessibleName(self.title())
        self.status_label = plain_wrapped_label()
        self.status_label.setAccessibleName(self.tr("Measurement"))
        self.measure_button = QPushButton(self.tr("&Measure on the test set"))
        self.measure_button.setToolTip(self.tr("Run the model on every test image (off the "
                                               "window's thread) and count its answers."))
        self.measure_button.setAccessibleName(self.tr("Measure on the test set"))
        self.measure_button.clicked.connect(self.measure)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Measuring progress"))
        self.progress_bar.setFormat(self.tr("%v of %m images"))
        self.progress_bar.setToolTip(self.tr("Test images the model has read so far"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel measuring"))
        self.cancel_button.setToolTip(self.tr("Stop measuring; the figures stay as they were."))
        self.cancel_button.clicked.connect(self.cancel)
        self.confusion = ConfusionModel(self)
        self.matrix = confusion_table(
            self.confusion,
            self.tr("Confusion matrix: rows are the true digit, columns the network's answer"),
            self.tr("Rows: the true digit; columns: the network's answer."),
            self.tr("Click a cell, or choose it with the arrow keys and press Enter, to see its "
                    "images."))
        self.matrix.setSelectionMode(QAbstractItemView.SingleSelection)
        for header in (self.matrix.horizontalHeader(), self.matrix.verticalHeader()):
            header.setMinimumSectionSize(self.fontMetrics().height() * 2 + 4)  # count and %
        self.matrix.clicked.connect(self._open_cell)
        self.matrix.activated.connect(self._open_cell)  # Enter on the selected cell
        self.gallery_label = plain_wrapped_label()
        self.gallery_label.setAccessibleName(self.tr("Images of the cell"))
        self.images = QStandardItemModel(self)
        self.gallery = QListView()
        self.gallery.setModel(self.images)
        self.gallery.setViewMode(QListView.IconMode)
        self.gallery.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.gallery.setResizeMode(QListView.Adjust)
        self.gallery.setMovement(QListView.Static)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setWordWrap(True)
        self.gallery.setGridSize(QSize(THUMBNAIL + 56, THUMBNAIL + 3 * self.fontMetrics()
                                       .height() + 8))
        self.gallery.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.gallery.setAccessibleName(self.tr("Test images of the chosen cell, most confident "
                                               "first"))
        self.gallery.setToolTip(self.tr("Click an image, or press Enter, to open it on the "
                                        "drawing: every layer and the bars then show it."))
        self.gallery.clicked.connect(self._open_image)
        self.gallery.activated.connect(self._open_image)

    def _lay_out(self):
        controls = QHBoxLayout()
        controls.addWidget(self.measure_button)
        controls.addWidget(self.progress_bar, 1)
        controls.addWidget(self.cancel_button)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.gallery_label)
        below_layout.addWidget(self.gallery, 1)
        self.gallery.setMinimumHeight(self.gallery.gridSize().height() + 8)  # one row of images
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.matrix)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 1)  # the matrix first: all ten rows without scrolling
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        # the stretch alone left the last row under a scroll bar at 1024x768: ask for it all
        rows = max(self.confusion.rowCount(), 10)
        table_height = (self.matrix.horizontalHeader().sizeHint().height()
                        + rows * self.matrix.verticalHeader().defaultSectionSize()
                        + 2 * self.matrix.frameWidth())
        splitter.setSizes([table_height, self.gallery.minimumHeight()])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.measure_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.matrix)
        QWidget.setTabOrder(self.matrix, self.gallery)

    # --- measuring ----------------------------------------------------------------------------
    @Slot()
    def measure(self):
        """Measure the model on screen on the loaded dataset's test set, in the background."""
        network, dataset = self._model.network, self._datasets.dataset()
        if network is None or dataset is None:
            return
        self._run_pass = None  # the figures will be this measurement's
        snapshot = WeightsSnapshot.of(network, 0)  # a copy: the live network goes on changing
        self._measuring_dataset = dataset
        self.progress_bar.setRange(0, len(dataset.t_test))
        self.progress_bar.setValue(0)
        self._job.start(measure(snapshot, dataset.x_test, dataset.t_test),
                        what=self.tr("Measuring on the test set failed"))
        self._show_state()

    @Slot()
    def cancel(self):
        self._job.cancel()

    def shutdown(self, timeout_s=5.0):
        """Closing the window: stop measuring and join the thread."""
        return self._job.shutdown(timeout_s)

    def is_measuring(self):
        return self._job.running()

    @Slot(int, int)
    def _on_progress(self, done, total):
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    @Slot(object)
    def _on_done(self, predictions):
        self._predictions, self._stale = predictions, False
        self._measured_dataset = self._measuring_dataset
        self.confusion.set_predictions(predictions, self._model.class_names)
        self._show_gallery(None)
        self._show_state()

    @Slot(str)
    def _on_failed(self, message):
        self._show_state(message)

    @Slot()
    def _on_cancelled(self):
        self._show_state(self.tr("Measuring cancelled."))

    @Slot()
    def _on_model_changed(self):
        if self._run_pass is not None:
            return  # the run's own figures say which iteration they were measured at
        if self._job.running():
            self._job.cancel()  # it measures a model no longer on screen
        self._mark_stale()

    @Slot()
    def _on_model_replaced(self):
        self._run_pass = None  # a file or a new network: the run's figures are not its own
        self._on_model_changed()

    @Slot(str)
    def _on_run_state(self, state):
        if state == "loading" and self._run_pass is not None:
            self._on_model_replaced()  # a new run: the last run's figures are not its own

    @Slot(object)
    def _on_run_progress(self, report):
        """At each test pass of a run (every epoch's end), its confusion matrix: the run's
        own evaluation, not a second pass."""
        if report.test_predictions is None or self._job.running():
            return
        iteration, predictions = report.test_predictions
        per_epoch = report.iterations_per_epoch or iteration or 1
        self._run_pass = (iteration, iteration / per_epoch)
        self._measuring_dataset = self._datasets.dataset()  # the test set the run measured
        self._on_done(predictions)

    @Slot()
    def _on_dataset_changed(self, *_):
        if self._predictions is not None and self._datasets.dataset() is not \
                self._measured_dataset:
            self._mark_stale()
        self._show_state()

    def _mark_stale(self):
        if self._predictions is not None and not self._stale:
            self._stale = True
            self.confusion.set_predictions(None, self._model.class_names)  # no old figures
            self._show_gallery(None)
        self._show_state()

    def _show_state(self, message=None):
        measuring = self._job.running()
        can_measure = self._model.network is not None and self._datasets.dataset() is not None
        self.measure_button.setEnabled(can_measure and not measuring)
        self.progress_bar.setVisible(measuring)
        self.cancel_button.setVisible(measuring)
        self.status_label.setText(message or self._status_text(measuring))

    def _status_text(self, measuring):
        if measuring:
            return self.tr("Measuring the model on the test set…")
        if self._model.network is None:
            return self.tr("No model: open one or train one.")
        if self._stale:
            return self.tr("The figures were measured for the previous model: measure again "
                           "to see this one's.")
        if self._datasets.dataset() is None:
            return self.tr("No test set: choose a dataset folder on the Draw & Train page.")
        if self._predictions is None:
            return self.tr("Measure the model on the test set to see which digits it "
                           "confuses.")
        if self._run_pass is not None:
            iteration, epoch = self._run_pass
            return self.tr("Measured by the training run at iteration {iteration} (epoch "
                           "{epoch}) on the {count} test images: {accuracy}. Rows: the true "
                           "digit; columns: the network's answer. Click a cell to see its "
                           "images.").format(
                iteration=f"{iteration:,}", epoch=f"{epoch:.3g}",
                count=f"{len(self._predictions.labels):,}",
                accuracy=f"{self._predictions.accuracy:.2%}")
        return self.tr("Accuracy on the {count} test images: {accuracy}. Rows: the true "
                       "digit; columns: the network's answer. Click a cell to see its "
                       "images.").format(count=f"{len(self._predictions.labels):,}",
                                         accuracy=f"{self._predictions.accuracy:.2%}")

    def accuracy_text(self):
        """The overall accuracy as shown, or None."""
        return None if self._predictions is None or self._stale else \
            f"{self._predictions.accuracy:.2%}"

    # --- a cell's images ----------------------------------------------------------------------
    @Slot(QModelIndex)
    def _open_cell(self, index):
        if self._predictions is None or self._stale or not self.confusion.is_cell(index):
            return
        self._show_gallery((index.row(), index.column()))

    def _show_gallery(self, cell):
        self.images.clear()
        if cell is None:
            self.gallery_label.setText("")
            return
        true_label, answer = cell
        names = [str(name) for name in self._model.class_names]
        indices = engine.cell_indices(self._predictions, true_label, answer)
        shown = indices[:GALLERY_LIMIT]
        images = self._measured_dataset.x_test
        for image_index in shown:
            self.images.appendRow(self._gallery_item(int(image_index), images, names))
        text = self.tr("{count} test images labelled {label} and answered {answer}, the most "
                       "confident answer first").format(
            count=f"{len(indices):,}", label=names[true_label], answer=names[answer])
        if len(indices) > len(shown):
            text += self.tr(" (the first {shown} shown)").format(shown=len(shown))
        self.gallery_label.setText(text + self.tr(". Click one to open it on the drawing."))

    def _gallery_item(self, image_index, images, names):
        probabilities = self._predictions.probabilities[image_index]
        top = np.argsort(-probabilities, kind="stable")[:3]
        best = ", ".join(f"{names[c]} {probabilities[c]:.0%}" for c in top[:2])
        label = names[int(self._predictions.labels[image_index])]
        item = QStandardItem(thumbnail(images[image_index]),
                             self.tr("#{index} label {label}\n{best}").format(
                                 index=image_index, label=label, best=best))
        item.setToolTip(self.tr("Test image {index}: its label is {label}; the network "
                                "says {top}").format(index=image_index, label=label, top=", ".join(
                                    f"{names[c]} {probabilities[c]:.1%}" for c in top)))
        item.setData(image_index, ImageIndexRole)
        item.setEditable(False)
        return item

    def gallery_indices(self):
        """The test-set indices of the images the gallery shows, in order."""
        return [self.images.item(row).data(ImageIndexRole)
                for row in range(self.images.rowCount())]

    @Slot(QModelIndex)
    def _open_image(self, index):
        image_index = index.data(ImageIndexRole)
        if image_index is None or self._drawing is None:
            return
        dataset = self._measured_dataset
        label = [str(name) for name in self._model.class_names][int(dataset.t_test[image_index])]
        caption = self.tr("{dataset} test image {index}: its label is {label}").format(
            dataset=DATASET_TITLES.get(dataset.name, dataset.name), index=image_index,
            label=label)
        self._drawing.show_test_image(dataset.x_test[image_index], caption)
