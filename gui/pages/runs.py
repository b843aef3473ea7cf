"""The Runs page: every kept run in a sortable list; the runs selected overlay their curves in
distinct colours, beside a table of the settings in which they differ (issue 18, item 6).

The page only shows: keeping, listing and deleting are gui.kept_runs.KeptRuns', and what needs a
question or a file (open a run's model, export its log, delete) is asked of the window through
the page's signals.
"""
import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg

import engine

from ..i18n import engine_text, tr
from ..plain import plain_tooltip
from ..plots import history_column
from ..tables import explain_corner_button

# Okabe and Ito's colours, told apart with any colour vision, all readable on the dark plots
RUN_COLOURS = ((230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
               (213, 94, 0), (204, 121, 167), (235, 235, 235))
SORT_ROLE = Qt.UserRole + 1
FOLDER_ROLE = Qt.UserRole + 2
NAME_ROLE = Qt.UserRole + 3
TEST_ACCURACY, TRAIN_ACCURACY = "validation/main/accuracy", "main/accuracy"



def run_colour(index):
    """The colour of the `index`-th selected run (they repeat after eight)."""
    return RUN_COLOURS[index % len(RUN_COLOURS)]


class SortedItem(QTableWidgetItem):
    """A cell shown as text and sorted by a number or date kept beside it."""

    def __init__(self, text, key):
        super().__init__(text)
        self.setData(SORT_ROLE, key)
        self.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)

    def __lt__(self, other):
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:  # unknown sorts first
            return mine is None and theirs is not None
        return mine < theirs


def _percent(value):
    return "–" if value is None else f"{value:.2%}"


def _duration(seconds):
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    return str(datetime.timedelta(seconds=round(seconds)))


def _megabytes(count):
    return f"{count / 2**20:,.1f} MB"


def _when(created):
    return created.replace("T", " ")[:16]


class RunsTable(QTableWidget):
    """One row per kept run; a click on a heading sorts by it."""

    KEPT_COLUMN = 4

    def __init__(self, parent=None):
        # translated here, not at import: a translator is installed after the modules load
        headings = (tr("Preset"), tr("Test acc."), tr("Train acc."), tr("Time"), tr("Kept"),
                    tr("Size"))  # short: six columns beside the plots on a 1024-pixel screen
        tips = (tr("The preset the run started from."),
                tr("Accuracy on the test images, never trained on."),
                tr("Accuracy on the images it trained on."),
                tr("How long the training took."), tr("When the run ended and was kept."),
                tr("Space the run takes on the disk, its model included."))
        super().__init__(0, len(headings), parent)
        self.setHorizontalHeaderLabels(list(headings))
        for column, tip in enumerate(tips):
            self.horizontalHeaderItem(column).setToolTip(tip)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSortIndicator(self.KEPT_COLUMN, Qt.DescendingOrder)  # newest first
        self.setAccessibleName(tr("Kept runs"))
        self.setToolTip(tr("Every finished run, kept automatically. Select several (Ctrl or "
                           "Shift and click) to compare their curves; click a heading to sort."))
        explain_corner_button(self, tr("Kept runs"))

    def show_runs(self, runs, selected_folders):
        """Fill the table, keeping the selection of the runs still there."""
        self.setSortingEnabled(False)  # rows would move while they are filled
        self.blockSignals(True)
        self.clearSelection()
        self.setRowCount(len(runs))
        for row, kept in enumerate(runs):
            cells = (SortedItem(kept.preset, kept.preset.lower()),
                     SortedItem(_percent(kept.test_accuracy), kept.test_accuracy),
                     SortedItem(_percent(kept.train_accuracy), kept.train_accuracy),
                     SortedItem(_duration(kept.train_seconds), kept.train_seconds),
                     SortedItem(_when(kept.created), kept.created),
                     SortedItem(_megabytes(kept.size_bytes), kept.size_bytes))
            cells[0].setData(FOLDER_ROLE, str(kept.folder))
            cells[0].setData(NAME_ROLE, kept.name)
            cells[0].setToolTip(plain_tooltip(f"{kept.name}\n{kept.folder}"))
            for column, cell in enumerate(cells):
                cell.setTextAlignment(Qt.AlignVCenter | (Qt.AlignLeft if column == 0
                                                         else Qt.AlignRight))
                self.setItem(row, column, cell)
        self.setSortingEnabled(True)
        for row in range(self.rowCount()):
            if self.item(row, 0).data(FOLDER_ROLE) in selected_folders:
                self.selectRow(row)
        self.blockSignals(False)

    def selected_folders(self):
        """The folders of the selected runs, top to bottom as shown."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.item(row, 0).data(FOLDER_ROLE) for row in rows]

    def names(self):
        """The runs' names, top to bottom as shown."""
        return [self.item(row, 0).data(NAME_ROLE) for row in range(self.rowCount())]

    def row_of(self, folder):
        for row in range(self.rowCount()):
            if self.item(row, 0).data(FOLDER_ROLE) == str(folder):
                return row
        return None


class OverlayPlot(pg.PlotWidget):
    """One curve per selected run, in the run's colour, against epochs."""

    def __init__(self, title, y_label, legend_offset=None, parent=None):
        super().__init__(parent=parent)
        self._title = title
        self.setTitle(title)
        self.setLabel("bottom", tr("epoch"))
        self.setLabel("left", y_label)
        self.showGrid(x=True, y=True, alpha=0.3)
        self.setMenuEnabled(False)
        # the names once, on the loss plot: a second legend would hide the accuracy curves
        self.legend = self.addLegend(offset=legend_offset) if legend_offset else None
        self.setAccessibleName(title)
        self._curves = []  # (run name, key, xs, ys)

    def show_series(self, series):
        """`series`: (name, key, colour, dashed, epochs, values) for each curve to draw."""
        self.setTitle(self._title if series else tr("{0}: select runs in the list").format(
            self._title))
        self.clear()
        if self.legend is not None:
            self.legend.clear()
        self._curves = []
        for name, key, colour, dashed, xs, ys in series:
            pen = pg.mkPen(colour, width=2, style=Qt.DashLine if dashed else Qt.SolidLine)
            self.plot(xs, ys, pen=pen, symbol="o", symbolSize=5, symbolBrush=colour,
                      symbolPen=colour, name=name)
            self._curves.append((name, key, list(xs), list(ys)))

    def curves(self):
        """What is drawn: (run name, history key, epochs, values) per curve."""
        return list(self._curves)


class RunsPage(QWidget):
    """The kept runs: list, compare, open, export, delete."""

    open_requested = Signal(object)  # Path: a run's model, to open in the window
    export_requested = Signal(object)  # engine KeptRun: its log, to write as CSV
    delete_requested = Signal(object)  # [engine KeptRun]: to delete after asking

    @staticmethod
    def title():
        return tr("Runs")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._kept = models.kept_runs
        self._runs = {}  # folder (str) -> engine KeptRun, as listed
        self._select_next = None  # the folder of the run just kept: selected once listed
        self._build()
        self._kept.listed.connect(self._on_listed)
        self._kept.kept.connect(self._on_kept)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self._on_listed()

    def _build(self):
        self.table = RunsTable()
        self.open_button = self._button(tr("&Open model"), tr(
            "Open the selected run's model: draw on it and look inside it."), self._open)
        self.export_button = self._button(tr("E&xport log as CSV…"), tr(
            "Write the selected run's log, one row per entry with the LogReport's columns, to "
            "a CSV file a spreadsheet opens."), self._export)
        self.delete_button = self._button(tr("&Delete…"), tr(
            "Delete the selected runs from the disk, after asking."), self._delete)
        self.summary_label = self._label(tr("Kept runs in all"))
        self.problem_label = self._label(tr("Kept runs that could not be read"))
        self.loss_plot = OverlayPlot(tr("Loss per epoch"), tr("loss"), (-10, 10))
        self.accuracy_plot = OverlayPlot(tr("Accuracy: test solid, train dashed"),
                                         tr("accuracy (%)"))
        self.differences = QTableWidget()
        self.differences.setAccessibleName(tr("Settings that differ"))
        self.differences.setToolTip(tr("The settings in which the selected runs differ, one "
                                       "column per run in its colour."))
        self.differences.setEditTriggers(QAbstractItemView.NoEditTriggers)
        explain_corner_button(self.differences, tr("Settings that differ"))
        self.differences_label = self._label(tr("Settings that differ"))
        self._lay_out()

    def _button(self, text, tip, slot):
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _label(name):
        label = QLabel()
        label.setTextFormat(Qt.PlainText)  # run names and folders come from files
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label

    def _lay_out(self):
        buttons = QHBoxLayout()
        for button in (self.open_button, self.export_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 3)
        column.addLayout(buttons)
        column.addWidget(self.summary_label)
        column.addWidget(self.problem_label)
        column.addWidget(self.differences_label)
        column.addWidget(self.differences, 2)
        plots = QSplitter(Qt.Vertical)
        plots.addWidget(self.loss_plot)
        plots.addWidget(self.accuracy_plot)
        plots.setChildrenCollapsible(False)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(plots)
        split.setChildrenCollapsible(False)
        self._split = split
        self._sized = False
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # --- following the kept runs --------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        if not self._sized:  # the table's six columns need about 550 pixels; plots the rest
            self._sized = True
            width = self._split.width()
            self._split.setSizes([width * 5 // 9, width - width * 5 // 9])
        self._kept.refresh()  # another window or a deleted folder: the disk has the last word

    @Slot()
    def _on_listed(self):
        runs = self._kept.runs()
        self._runs = {str(kept.folder): kept for kept in runs}
        selected = set(self.table.selected_folders()) & set(self._runs)
        if self._select_next in self._runs:
            selected, self._select_next = {self._select_next}, None
        self.table.show_runs(runs, selected)
        total = sum(kept.size_bytes for kept in runs)
        self.summary_label.setText(tr("{0} runs kept in {1}, {2} of {3}.").format(
            len(runs), self._kept.folder, _megabytes(total),
            _megabytes(self._kept.budget_bytes)) if runs else tr(
            "No runs kept yet: every run you train is kept here when it ends, with its "
            "settings, its log, its curves and its model."))
        problems = self._kept.problems()
        self.problem_label.setText("\n".join(engine_text(problem) for problem in problems))
        self.problem_label.setVisible(bool(problems))
        self._on_selection_changed()

    @Slot(object, object)
    def _on_kept(self, result, kept):
        self._select_next = str(kept.folder)

    # --- the selection ------------------------------------------------------------------------
    def selected_runs(self):
        return [self._runs[folder] for folder in self.table.selected_folders()
                if folder in self._runs]

    @Slot()
    def _on_selection_changed(self):
        runs = self.selected_runs()
        self.open_button.setEnabled(len(runs) == 1)
        self.export_button.setEnabled(len(runs) == 1)
        self.delete_button.setEnabled(bool(runs))
        self._show_curves(runs)
        self._show_differences(runs)

    def _show_curves(self, runs):
        losses, accuracies = [], []
        for index, kept in enumerate(runs):
            colour = run_colour(index)
            losses += self._series(kept, "main/loss", colour, False)
            accuracies += self._series(kept, TEST_ACCURACY, colour, False, percent=True)
            accuracies += self._series(kept, TRAIN_ACCURACY, colour, True, percent=True)
        self.loss_plot.show_series(losses)
        self.accuracy_plot.show_series(accuracies)

    @staticmethod
    def _series(kept, key, colour, dashed, percent=False):
        epochs, values = history_column(kept.history, "epoch"), history_column(kept.history,
                                                                               key)
        pairs = [(x, y) for x, y in zip(epochs, values, strict=True)
                 if x == x and y == y]  # NaN: an entry without this value
        if not pairs:
            return []
        xs, ys = zip(*pairs, strict=True)
        ys = [100 * y for y in ys] if percent else list(ys)
        name = kept.name if not dashed else None  # one legend line per run
        return [(name, key, colour, dashed, xs, ys)]

    def _show_differences(self, runs):
        differing = engine.differing_settings(runs)
        if len(runs) < 2:
            runs = []  # one run differs from nothing: its name alone would head an empty table
        table = self.differences
        table.clear()
        table.setColumnCount(len(runs))
        table.setRowCount(len(differing))
        table.setHorizontalHeaderLabels([kept.name for kept in runs])
        for column in range(len(runs)):
            table.horizontalHeaderItem(column).setForeground(pg.mkColor(run_colour(column)))
        table.setVerticalHeaderLabels(list(differing))
        for row, values in enumerate(differing.values()):
            for column, value in enumerate(values):
                item = QTableWidgetItem("–" if value is None else str(value))
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        if len(runs) < 2:
            self.differences_label.setText(tr("Select two or more runs to see the settings in "
                                              "which they differ."))
        elif not differing:
            self.differences_label.setText(tr("The selected runs have the same settings."))
        else:
            self.differences_label.setText(tr("Settings that differ:"))

    def differences_shown(self):
        """{setting: [the text of each selected run's cell]}: what the table shows."""
        table = self.differences
        return {table.verticalHeaderItem(row).text():
                [table.item(row, column).text() for column in range(table.columnCount())]
                for row in range(table.rowCount())}

    # --- what the buttons ask of the window ---------------------------------------------------
    @Slot()
    def _open(self):
        runs = self.selected_runs()
        if len(runs) == 1:
            self.open_requested.emit(runs[0].model_path)

    @Slot()
    def _export(self):
        runs = self.selected_runs()
        if len(runs) == 1:
            self.export_requested.emit(runs[0])

    @Slot()
    def _delete(self):
        runs = self.selected_runs()
        if runs:
            self.delete_requested.emit(runs)
