"""What every lesson of the Learn page is made of: the lesson's frame, its short text, tables
of numbers a student can edit, and the engine source that computed them.

A lesson is a QWidget subclass of ``Lesson``, listed with its title and book section in
``gui.pages.learn.LESSONS``. It takes the window's SharedModels, uses the engine's public API
only (``engine`` and ``engine.lessons``) and computes nothing until it is first shown.
"""
import math

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import numpy as np

from engine.lessons.source import SourceMissing, source_of

from ...i18n import tr
from ...plain import plain_tooltip
from ...tables import explain_corner_button
from ...workers import ProgressJob

BAD_CELL = QColor(255, 205, 205)  # a cell whose text is not a number
HIGHLIGHT = QColor(255, 243, 176)  # source lines the numbers beside them came from
MAX_TABLE_CELLS = 400  # an editable table larger than this would not be read, only scrolled
SOURCE_HEIGHT = 260  # px: a training step's whole code without scrolling
MIN_TABLE_SIDE = 24  # px: a scroll area's default minimum (70x70) left blank rows under a row



def format_number(value, digits=6):
    """A number as a student writes it: 220, not 220.00000000000003; 2.2, not 2.2000000000000002."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text


def parse_number(text):
    """The float a student typed (",", "−" and full-width digits tolerated), or None."""
    cleaned = str(text).strip().replace("\u2212", "-").replace(",", ".")
    cleaned = cleaned.translate({ord("０") + d: str(d) for d in range(10)} | {ord("．"): "."})
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Lesson(QWidget):
    """Base of a lesson. Subclasses build their widgets in ``__init__`` and compute in
    ``first_shown`` (called once, the first time the lesson appears) and afterwards on edits."""

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self.models = models
        self._shown_once = False

    def showEvent(self, event):
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown()

    def first_shown(self):
        """Compute what the lesson shows; widgets exist already."""

    def shutdown(self):
        """The window closes: stop and join any job the lesson started."""

    def busy(self):
        """Whether a job of the lesson's is still computing what it will show."""
        return any(job.running() for job in self.findChildren(ProgressJob))


def lesson_text(text):
    """A lesson's short explanation: plain text, wrapped, never widening the page."""
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Ignored)
    label.setSizePolicy(policy)
    return label


class ArrayTable(QTableWidget):
    """A 1-D or 2-D array as a table of numbers: read-only, or editable by the student.

    ``typed`` follows every edit of a cell by the student, a number or not; ``edited``
    carries the whole array after every edit whose text is a number. A cell whose
    text is not a number turns red, says why in its tooltip, and the array keeps its last good
    value there (``problem()`` names the cell) until it is corrected. Cells show `digits`
    significant digits; a read-only cell's tooltip holds all of them.
    """

    # Qt's itemChanged also fires for every cell set_array fills and every colour a cell
    # takes: a view recomputing on it would recompute once per cell, the cost squared
    typed = Signal()
    edited = Signal(object)  # np.ndarray (float64), the table's values after a valid edit

    def __init__(self, name, editable=False, digits=6, parent=None):
        super().__init__(parent)
        self._name = name
        self._editable = editable
        self._digits = digits
        self._values = np.zeros((0, 0))
        self._bad_cells = {}  # (row, column) -> the text typed there
        self._filling = False
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.AllEditTriggers if editable
                             else QAbstractItemView.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.setSizeAdjustPolicy(QTableWidget.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        explain_corner_button(self, name)
        self.itemChanged.connect(self._on_item_changed)

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return QSize(MIN_TABLE_SIDE, MIN_TABLE_SIDE)

    def set_array(self, array):
        """Show `array` (1-D: one row; 2-D: rows by columns); red cells are forgotten."""
        values = np.array(array, dtype=np.float64, ndmin=2)
        if values.ndim != 2 or values.size > MAX_TABLE_CELLS:
            raise ValueError(f"{self._name}: a table shows at most {MAX_TABLE_CELLS} numbers "
                             f"in rows and columns, got shape {np.shape(array)}")
        self._values = values
        self._bad_cells.clear()
        self._filling = True
        try:
            self.setRowCount(values.shape[0])
            self.setColumnCount(values.shape[1])
            for (row, column), value in np.ndenumerate(values):
                item = self._set_item(row, column, format_number(value, self._digits))
                if not self._editable:
                    item.setToolTip(format_number(value, 15))
        finally:
            self._filling = False
        self.resizeColumnsToContents()  # now, not after the next layout: the size is right
        self.resizeRowsToContents()
        self.updateGeometry()

    def array(self):
        """The values shown (a copy): the last good value where a cell is red."""
        return self._values.copy()

    def texts(self):
        """What the cells say, row by row: what a student reads."""
        return [[self.item(r, c).text() for c in range(self.columnCount())]
                for r in range(self.rowCount())]

    def problem(self):
        """A sentence naming the first cell that is not a number, or ""."""
        if not self._bad_cells:
            return ""
        (row, column), text = min(self._bad_cells.items())
        return tr("{0}, row {1}, column {2}: “{3}” is not a number.").format(
            self._name, row + 1, column + 1, text[:20])

    def _set_item(self, row, column, text):
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemIsEditable
        item.setFlags(flags)
        self.setItem(row, column, item)
        return item

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item):
        if self._filling:
            return
        cell = (item.row(), item.column())
        value = parse_number(item.text())
        self._filling = True
        try:
            if value is None:
                self._bad_cells[cell] = item.text()
                item.setBackground(QBrush(BAD_CELL))
                item.setToolTip(plain_tooltip(self.problem()))
            else:
                self._bad_cells.pop(cell, None)
                item.setBackground(QBrush())
                item.setToolTip("")
                self._values[cell] = value
        finally:
            self._filling = False
        self.typed.emit()
        if not self._bad_cells:
            self.edited.emit(self.array())


class SourceView(QWidget):
    """The engine code that computed a lesson's numbers, read-only, with the lines that matter
    highlighted: "the code you read is the code that ran"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.text.setAccessibleName(tr("Source code"))
        self._source = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)

    def showEvent(self, event):
        super().showEvent(event)
        # centring on the highlight while hidden lands in the wrong place: centre once laid out
        QTimer.singleShot(0, self._centre_on_highlight)

    def show_source(self, obj, highlight=()):
        """Show the definition of `obj` (an engine class or function) and highlight the
        lines containing any of the `highlight` fragments."""
        try:
            self._source = source_of(obj)
        except SourceMissing:
            self._source = None
            self.heading.setText(tr("The source code is not in this copy of DigitLab."))
            self.text.setPlainText("")
            return
        self.heading.setText(tr("{0}, lines {1}-{2}: the code that computed these numbers")
                             .format(self._source.path, self._source.first_line,
                                     self._source.last_line))
        self.text.setPlainText(self._source.text)
        self.highlight(highlight)

    def source(self):
        """The engine.lessons.source.Source shown, or None."""
        return self._source

    def highlighted_lines(self):
        """The texts of the highlighted lines, as shown."""
        return [selection.cursor.selectedText().strip()
                for selection in self.text.extraSelections()]

    def highlight(self, fragments):
        selections = []
        document = self.text.document()
        for number in range(document.blockCount()):
            block = document.findBlockByNumber(number)
            if any(fragment in block.text() for fragment in fragments):
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(HIGHLIGHT)
                selection.format.setProperty(QTextFormat.FullWidthSelection, True)
                selection.cursor = QTextCursor(block)
                selection.cursor.select(QTextCursor.LineUnderCursor)
                selections.append(selection)
        self.text.setExtraSelections(selections)
        self._centre_on_highlight()

    @Slot()
    def _centre_on_highlight(self):
        selections = self.text.extraSelections()
        if selections:
            self.text.setTextCursor(QTextCursor(selections[0].cursor.block()))
            self.text.centerCursor()


def name_editor_too(box):
    """A spin box's own line edit takes the focus: it says what the box says."""
    editor = box.lineEdit()
    editor.setAccessibleName(box.accessibleName())
    editor.setToolTip(box.toolTip())


class SourceChooser(QWidget):
    """A titled source view with a choice of the engine pieces that ran (ShownSource items):
    the chosen piece's source, its key lines highlighted."""

    def __init__(self, title, shown, parent=None):
        super().__init__(parent)
        self._shown = shown
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.choice = QComboBox()
        for item in shown:
            self.choice.addItem(item.name)
        self.choice.setAccessibleName(tr("Code of {0}").format(title))
        self.choice.setToolTip(tr("Choose which piece of this way's code to read."))
        self.choice.setVisible(len(shown) > 1)
        self.view = SourceView()
        self.view.setMinimumHeight(SOURCE_HEIGHT)
        self.view.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.choice)
        layout.addWidget(self.view, 1)
        self.choice.currentIndexChanged.connect(self._show)

    def show_first(self):
        self._show(0)

    @Slot(int)
    def _show(self, index):
        if 0 <= index < len(self._shown):
            self.view.show_source(self._shown[index].obj, self._shown[index].highlight)
