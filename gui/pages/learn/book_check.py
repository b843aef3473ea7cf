"""Lesson 7, the book's own check: the first test images read one by one by the model on
screen, each with its line as the book's readers print it (``7 == 7: o``), the wrong ones
highlighted, and the accuracy of these few.

The lines come from engine.lessons.book_check, the function ``python -m engine eval MODEL
--list N`` prints them with, run off the GUI thread on a copy of the network.
"""
from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from engine.lessons import book_check

from ...inspect_mistakes import THUMBNAIL, thumbnail
from ...workers import ProgressJob, WeightsSnapshot
from .common import Lesson, SourceChooser, lesson_text, name_editor_too

DEFAULT_COUNT = 10  # the book's readers print a handful
MAX_COUNT = 1000  # thumbnails beyond this would only be scrolled past
WRONG_BACKGROUND = QColor(255, 205, 205)


class BookCheckLesson(Lesson):
    def __init__(self, models, parent=None):
        super().__init__(models, parent)
        self._model = models.current_model
        self._datasets = models.datasets
        self.check = None  # the engine's BookCheck shown, or None
        self._stale = True  # the model, the data or N changed since the last check
        self._job = ProgressJob(self)
        self._build()
        self._job.done.connect(self._on_done)
        self._job.failed.connect(self._on_failed)
        self._job.cancelled.connect(self._on_cancelled)
        self._model.changed.connect(self._on_inputs_changed)
        self._datasets.loading.connect(self._on_inputs_changed)
        self._datasets.loaded.connect(self._on_inputs_changed)
        self._datasets.failed.connect(self._on_inputs_changed)
        self.count_box.valueChanged.connect(self._on_inputs_changed)

    def _build(self):
        intro = lesson_text(self.tr(
            "The book checks its network by reading the test images one at a time and "
            "counting the right answers. Its readers print each one as the label, then the "
            "network's answer, then o if they agree and x if not: 7 == 7: o. Here the model "
            "on screen reads the first test images, each line beside its image; the wrong ones "
            "are red. The command line prints the same lines: python -m engine eval MODEL "
            "--list N."))
        self.count_box = QSpinBox()
        self.count_box.setRange(1, MAX_COUNT)
        self.count_box.setValue(DEFAULT_COUNT)
        self.count_box.setKeyboardTracking(False)  # N is taken on Enter, not on every digit
        self.count_box.setAccessibleName(self.tr("Number of test images to read"))
        self.count_box.setToolTip(self.tr("How many of the first test images the model reads; "
                                          "press Enter after typing a number."))
        name_editor_too(self.count_box)
        count_label = QLabel(self.tr("&Images to read:"))
        count_label.setBuddy(self.count_box)
        self.summary = lesson_text("")
        self.summary.setAccessibleName(self.tr("Accuracy of these images"))
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.IconMode)
        self.grid.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.grid.setResizeMode(QListView.Adjust)
        self.grid.setMovement(QListView.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(False)
        line_height = self.fontMetrics().height()
        self.grid.setGridSize(QSize(THUMBNAIL + 30, THUMBNAIL + 2 * line_height))
        self.grid.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.NoSelection)
        self.grid.setAccessibleName(self.tr("The first test images, each with its line"))
        self.grid.setMinimumHeight(2 * self.grid.gridSize().height() + 8)
        self.source = SourceChooser(self.tr("The code that printed these lines"),
                                book_check.SOURCES)
        controls = QHBoxLayout()
        controls.addWidget(count_label)
        controls.addWidget(self.count_box)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.source)

    def first_shown(self):
        self.source.show_first()
        self._refresh()

    def showEvent(self, event):
        super().showEvent(event)  # the first time: first_shown reads, and it is not stale
        if self._stale:
            self._refresh()  # the model, the data or N changed while the lesson was hidden

    def shutdown(self):
        self._job.shutdown()

    # --- checking ---------------------------------------------------------------------------
    @Slot()
    def _on_inputs_changed(self, *_):
        self._stale = True
        # a run changes the model once a second, and a reading of 1,000 images may
        # still be under way then (slower on a busy PC): it ends first, then the newest
        # model is read
        if self.isVisible() and not self._job.running():
            self._refresh()

    def _refresh(self):
        """Read the first N test images with the model on screen, off the GUI thread."""
        network, dataset = self._model.network, self._datasets.dataset()
        if network is None or dataset is None:
            self._job.cancel()
            self._show_check(None, self._missing_text(network))
            return
        self._stale = False
        self.count_box.setMaximum(min(MAX_COUNT, len(dataset.t_test)))
        count = self.count_box.value()
        snapshot = WeightsSnapshot.of(network, 0)  # a copy: a run may go on changing the model
        names = list(self._model.class_names)
        images, labels = dataset.x_test[:count], dataset.t_test[:count]

        def job(progress, should_stop):
            return images, book_check.book_check(snapshot.to_network(), images, labels, count,
                                                 names, progress, should_stop)
        self.summary.setText(self.tr("Reading the first {0} test images…").format(count))
        self._job.start(job, what=self.tr("Reading the test images failed"))

    def _missing_text(self, network):
        if network is None:
            return self.tr("No model: open one (File > Open) or train one on the Draw & Train "
                           "page.")
        problem = self._datasets.problem()
        if problem:
            return self.tr("No test set: {0} Choose a dataset folder on the Draw & Train "
                           "page.").format(problem)
        if self._datasets.folder() is not None:
            return self.tr("Loading the test set…")
        return self.tr("No test set: choose a dataset folder on the Draw & Train page.")

    @Slot(object)
    def _on_done(self, result):
        images, check = result
        self._show_check(check, self.summary_text(check), images)
        if self._stale and self.isVisible():
            self._refresh()  # the model, the data or N changed while it read

    @Slot(str)
    def _on_failed(self, message):
        self._show_check(None, message)

    @Slot()
    def _on_cancelled(self):
        if not self._stale:  # nothing newer replaced it
            self._show_check(None, self.tr("Reading the test images was stopped."))

    def summary_text(self, check):
        wrong = check.count - check.right_count
        return self.tr("The first {count} test images: {right} right, {wrong} wrong "
                       "({accuracy}).").format(count=check.count, right=check.right_count,
                                               wrong=wrong, accuracy=f"{check.accuracy:.1%}")

    def _show_check(self, check, text, images=None):
        self.check = check
        self.summary.setText(text)
        self.grid.clear()
        if check is None:
            return
        for index, (line, right) in enumerate(zip(check.lines, check.right, strict=True)):
            item = QListWidgetItem(thumbnail(images[index]), line)
            item.setTextAlignment(Qt.AlignHCenter | Qt.AlignTop)
            item.setToolTip(self._item_tooltip(index, check, right))
            if not right:
                item.setBackground(QBrush(WRONG_BACKGROUND))
            self.grid.addItem(item)

    def _item_tooltip(self, index, check, right):
        if right:
            return self.tr("Test image {0}: its label is {1} and the model answered {2}: "
                           "right.").format(index, check.labels[index], check.answers[index])
        return self.tr("Test image {0}: its label is {1} but the model answered {2}: "
                       "wrong.").format(index, check.labels[index], check.answers[index])

    # --- what a test reads ------------------------------------------------------------------
    def lines(self):
        """The lines under the images, in order, as shown."""
        return [self.grid.item(row).text() for row in range(self.grid.count())]

    def highlighted_rows(self):
        """The rows shown on the wrong answers' colour."""
        return [row for row in range(self.grid.count())
                if self.grid.item(row).background().color() == WRONG_BACKGROUND
                and self.grid.item(row).background().style() != Qt.NoBrush]

