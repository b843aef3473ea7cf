"""The My digits page: the student's own drawn digits as a gallery, newest first, to look at,
delete and relabel, exported and imported as one file; beside it, the model's figures on them
(issue 18, items 8-10).

The page shows the collection the window's MyDigitsStore keeps, and changes it through the
store; what needs a question or a file name (delete, export, import) is asked of the window
through the page's signals, as on the Runs page.
"""
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..draw_panel import plain_wrapped_label
from ..i18n import tr
from ..inspect_mistakes import THUMBNAIL, thumbnail
from ..my_digits_figures import MyDigitsFiguresView

IdRole = Qt.UserRole + 1  # a gallery item's digit id
HeldOutRole = Qt.UserRole + 2  # True for a digit fine-tuning never trains on
ICON_CACHE = 2_000  # thumbnails kept made: a screenful is about a hundred
DIGIT_KEYS = {getattr(Qt, f"Key_{digit}"): digit for digit in range(10)}



class DigitsModel(QAbstractListModel):
    """The collection, newest first: each digit's thumbnail, its label and whether it is held
    out. Thumbnails are made when the view first asks for them, so a full collection of
    twenty thousand shows at once."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._digits = None
        self._held_out = None
        self._icons = {}  # id -> QIcon; an id's image never changes
        self.item_size = None  # QSize of every item: the widest caption fits, never elided

    def set_digits(self, digits, held_out):
        """Show `digits` (an engine.MyDigits); `held_out` is its held_out_mask()."""
        self.beginResetModel()
        self._digits = digits
        self._held_out = held_out
        if len(self._icons) > ICON_CACHE:
            self._icons.clear()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() or self._digits is None else len(self._digits)

    def index_in_collection(self, row):
        return len(self._digits) - 1 - row  # newest first: the collection appends at the end

    def row_of(self, digit_id):
        return len(self._digits) - 1 - self._digits.index_of(digit_id)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self._digits is None:
            return None
        position = self.index_in_collection(index.row())
        label = int(self._digits.labels[position])
        held_out = bool(self._held_out[position])
        if role == Qt.DisplayRole:
            return tr("{0} (held out)").format(label) if held_out else str(label)
        if role == Qt.DecorationRole:
            return self._icon(position)
        if role == Qt.ToolTipRole:
            return tr("Labelled {0}; held out: fine-tuning never trains on it, so the model's "
                      "accuracy on it stays honest.").format(label) if held_out else tr(
                "Labelled {0}; fine-tuning may train on it.").format(label)
        if role == Qt.FontRole and held_out:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.SizeHintRole:
            return self.item_size
        if role == IdRole:
            return str(self._digits.ids[position])
        if role == HeldOutRole:
            return held_out
        return None

    def _icon(self, position):
        digit_id = str(self._digits.ids[position])
        icon = self._icons.get(digit_id)
        if icon is None:
            icon = self._icons[digit_id] = thumbnail(self._digits.images[position])
        return icon


class DigitsGallery(QListView):
    """The thumbnails; Delete asks to delete the selected, 0-9 relabels them."""

    delete_pressed = Signal()
    digit_pressed = Signal(int)

    def keyPressEvent(self, event):
        modifiers = event.modifiers() & ~Qt.KeypadModifier
        if modifiers == Qt.NoModifier and event.key() in DIGIT_KEYS:
            self.digit_pressed.emit(DIGIT_KEYS[event.key()])
        elif modifiers == Qt.NoModifier and event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)


class MyDigitsPage(QWidget):
    """My digits: the gallery and its actions on the left, the model's figures on the right."""

    delete_requested = Signal(object)  # [digit id]: to delete after asking
    export_requested = Signal()  # the window asks for a file and exports the collection
    import_requested = Signal()  # the window asks for a file and imports it

    @staticmethod
    def title():
        return tr("My digits")

    def __init__(self, models, parent=None):
        super().__init__(parent)
        self._store = models.my_digits
        self._build(models)
        self._store.changed.connect(self._on_changed)
        self.gallery.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._on_changed()

    # --- building -----------------------------------------------------------------------------
    def _build(self, models):
        self.digits_model = DigitsModel(self)
        self.gallery = self._gallery()
        self.empty_label = plain_wrapped_label()
        self.empty_label.setAccessibleName(tr("How to add digits"))
        self.empty_label.setText(tr(
            "No digits of yours yet. Draw a digit on the Draw & Train page (Ctrl+1), then press "
            "its key, 0 to 9, while the canvas has the focus, or choose it under \"Add to my "
            "digits\". Each one is kept here, in your data folder."))
        self.empty_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.counts_label = plain_wrapped_label()
        self.counts_label.setAccessibleName(tr("Digits per label"))
        self.unsaved_label = plain_wrapped_label()
        self.unsaved_label.setAccessibleName(tr("Not saved"))
        self.unsaved_label.setStyleSheet("color: #d03c32")
        self.delete_button = self._button(tr("&Delete…"), tr(
            "Delete the selected digits, after asking (Delete key in the gallery)."),
            self._delete)
        self.relabel_button = self._button(tr("&Relabel"), tr(
            "Give the selected digits another label (or press 0-9 in the gallery)."), None)
        self.relabel_actions = [self._relabel_action(digit) for digit in range(10)]
        menu = QMenu(self.relabel_button)
        menu.addActions(self.relabel_actions)
        self.relabel_button.setMenu(menu)
        self.export_button = self._button(tr("E&xport…"), tr(
            "Write all your digits to one file, to share with a class or keep a copy."),
            self.export_requested.emit)
        self.import_button = self._button(tr("&Import…"), tr(
            "Add the digits of a file exported from DigitLab; those already here are skipped."),
            self.import_requested.emit)
        self.figures = MyDigitsFiguresView(models, self._store)
        self._lay_out()

    def _gallery(self):
        gallery = DigitsGallery()
        gallery.setModel(self.digits_model)
        gallery.setViewMode(QListView.IconMode)
        gallery.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        gallery.setResizeMode(QListView.Adjust)
        gallery.setMovement(QListView.Static)
        gallery.setUniformItemSizes(True)
        italic = QFont(gallery.font())
        italic.setItalic(True)
        metrics = QFontMetrics(italic)
        # the widest caption whole, in the language shown: "8 (held out)" in italics
        caption = metrics.horizontalAdvance(tr("{0} (held out)").format(8))
        item = QSize(max(THUMBNAIL, caption) + 16, THUMBNAIL + metrics.height() + 6)
        # with uniform sizes the view measures one item; without this, the first ("9")
        self.digits_model.item_size = item
        gallery.setGridSize(item + QSize(8, 6))
        gallery.setSelectionMode(QAbstractItemView.ExtendedSelection)
        gallery.setEditTriggers(QAbstractItemView.NoEditTriggers)
        gallery.setAccessibleName(tr("My digits, newest first"))
        gallery.setToolTip(tr("Your digits, newest first. Select some (Ctrl or Shift and click), "
                              "then press 0-9 to relabel them or Delete to delete them. Those "
                              "in italics, \"held out\", are never trained on."))
        gallery.digit_pressed.connect(self.relabel_selected)
        gallery.delete_pressed.connect(self._delete)
        return gallery

    def _button(self, text, tip, slot):
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _relabel_action(self, digit):
        action = QAction(tr("As &{0}").format(digit), self)
        action.setData(digit)
        action.setToolTip(tr("Label the selected digits {0}.").format(digit))
        action.triggered.connect(self._relabel_from_menu)
        return action

    def _lay_out(self):
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.gallery)
        buttons = QHBoxLayout()
        for button in (self.delete_button, self.relabel_button, self.export_button,
                       self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(tr("My digits"))
        caption.setStyleSheet("font-weight: bold")
        column.addWidget(caption)
        column.addWidget(self.stack, 1)
        column.addWidget(self.counts_label)
        column.addWidget(self.unsaved_label)
        column.addLayout(buttons)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(self.figures)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)  # the figures' confusion matrix needs the wider share
        split.setStretchFactor(1, 3)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # --- following the collection -------------------------------------------------------------
    @Slot()
    def _on_changed(self):
        selected = self.selected_ids()
        digits = self._store.digits()
        held_out = digits.held_out_mask()  # a hash per digit: made once per change
        self.digits_model.set_digits(digits, held_out)
        self._select(selected)
        self.stack.setCurrentWidget(self.gallery if len(digits) else self.empty_label)
        self.counts_label.setText(self._counts_text(digits, held_out))
        self.counts_label.setVisible(len(digits) > 0)
        unsaved = self._store.unsaved()
        self.unsaved_label.setText(unsaved or "")
        self.unsaved_label.setVisible(unsaved is not None)
        self.export_button.setEnabled(len(digits) > 0)
        self._on_selection_changed()

    @staticmethod
    def _counts_text(digits, held_out):
        counts = " · ".join(f"{digit}: {count}" for digit, count in enumerate(digits.counts()))
        return tr("{0} — {1} in all; {2} held out (in italics), never trained on, for an "
                  "honest accuracy.").format(counts, len(digits), int(held_out.sum()))

    def _select(self, ids):
        selection = self.gallery.selectionModel()
        for digit_id in ids:
            try:
                row = self.digits_model.row_of(digit_id)
            except KeyError:  # deleted
                continue
            index = self.digits_model.index(row)
            selection.select(index, selection.SelectionFlag.Select)
            if not selection.currentIndex().isValid():  # the arrow keys go on from there
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)

    @Slot()
    def _on_selection_changed(self):
        selected = bool(self.gallery.selectionModel().hasSelection())
        self.delete_button.setEnabled(selected)
        self.relabel_button.setEnabled(selected)

    def selected_ids(self):
        """The ids of the selected digits, top to bottom as shown."""
        rows = sorted(index.row() for index in self.gallery.selectionModel().selectedIndexes())
        return [self.digits_model.index(row).data(IdRole) for row in rows]

    def shown_labels(self):
        """What the gallery shows under each thumbnail, top to bottom."""
        return [self.digits_model.index(row).data() for row in
                range(self.digits_model.rowCount())]

    # --- acting on the selection --------------------------------------------------------------
    @Slot(int)
    def relabel_selected(self, label):
        ids = self.selected_ids()
        if ids:
            self._store.relabel(ids, label)

    @Slot()
    def _relabel_from_menu(self):
        self.relabel_selected(self.sender().data())

    @Slot()
    def _delete(self):
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

    def shutdown(self):
        """The window closes: the figures stop what they compute."""
        self.figures.shutdown()


if __name__ == "__main__":
    import sys
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    import numpy as np

    import engine

    from ..current_model import CurrentModel
    from ..dataset_source import DatasetSource
    from ..my_digits import MyDigitsStore
    from ..workers import BackgroundJobs, TrainingController
    from . import SharedModels

    app = QApplication(sys.argv)
    store = MyDigitsStore(Path(tempfile.mkdtemp()) / "my_digits.npz")
    rng = np.random.default_rng(0)
    for number in range(40):
        store.add(rng.random((28, 28)), number % 10)
    model = CurrentModel()
    model.open(engine.bundled_model_path())
    jobs = BackgroundJobs()
    page = MyDigitsPage(SharedModels(model, TrainingController(), DatasetSource(jobs), jobs,
                                     my_digits=store))
    page.resize(1024, 700)
    page.show()
    sys.exit(app.exec())
