"""The Help menu's pages, read and closed as a user would."""
import re

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, QTranslator, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog

import pytest

from gui.help import GettingStartedDialog, KeyboardShortcutsDialog


def native(*keys):
    return ", ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                     for key in keys)


@pytest.fixture
def actions(qtbot):
    def action(text, *keys):
        made = QAction(text)
        made.setShortcuts([QKeySequence(key) for key in keys])
        made.setEnabled(False)  # a shortcut is listed whether or not it works right now
        made_actions.append(made)
        return made

    made_actions = []
    return {
        "file": [action("&Open model…", QKeySequence.StandardKey.Open),
                 action("Show model &folder"), action("Fish && &chips", "Ctrl+Shift+F")],
        "edit": [action("&Clear", "Esc", "Del"), action("&Undo stroke", "Ctrl+Z")],
        "help": [action("&About DigitLab")],
        "training": [action("&Start training", "F5"), action("S&top training", "Shift+F5")],
    }


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def press_escape(qtbot, dialog):
    dialog.activateWindow()
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected


def fits_a_small_screen(dialog):
    frame = dialog.frameGeometry()
    hint = dialog.sizeHint()
    return frame.width() <= 1024 and frame.height() <= 768 and \
        hint.width() <= 1024 and hint.height() <= 768


def test_the_table_lists_each_shortcut_by_group_in_the_order_given(qtbot, actions):
    dialog = shown(qtbot, KeyboardShortcutsDialog(
        [("&File", actions["file"]), ("&Edit", actions["edit"]), ("&Help", actions["help"])]))
    assert dialog.rows() == [
        ("File", None),
        ("Open model", native(QKeySequence.StandardKey.Open)),
        ("Fish & chips", native("Ctrl+Shift+F")),
        ("Edit", None),
        ("Clear", native("Esc", "Del")),  # several shortcuts, one line
        ("Undo stroke", native("Ctrl+Z")),
    ]  # no 'Help': nothing in it has a shortcut
    assert dialog.table.columnCount() == 2
    assert fits_a_small_screen(dialog)


def test_a_plain_list_of_actions_makes_a_table_without_groups(qtbot, actions):
    dialog = shown(qtbot, KeyboardShortcutsDialog(actions["training"] + actions["help"]))
    assert dialog.rows() == [("Start training", native("F5")),
                             ("Stop training", native("Shift+F5"))]


def test_the_table_cannot_be_edited(qtbot, actions):
    dialog = shown(qtbot, KeyboardShortcutsDialog(actions["training"]))
    table = dialog.table
    cell = table.visualItemRect(table.item(0, 1)).center()
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.keyClicks(table.viewport(), "Ctrl+Q")
    QTest.keyClick(table.viewport(), Qt.Key.Key_Return)
    assert table.state() != QAbstractItemView.State.EditingState
    assert dialog.rows()[0] == ("Start training", native("F5"))


def test_escape_closes_the_shortcuts(qtbot, actions):
    press_escape(qtbot, shown(qtbot, KeyboardShortcutsDialog(actions["edit"])))


def test_a_long_list_still_fits_a_small_screen(qtbot):
    many = []
    for number in range(1, 61):
        action = QAction(f"Action number {number}")
        action.setShortcut(QKeySequence(f"Ctrl+Alt+{number % 10}"))
        many.append(action)
    dialog = shown(qtbot, KeyboardShortcutsDialog(many))
    assert len(dialog.rows()) == 60
    assert fits_a_small_screen(dialog)


def test_the_getting_started_page_covers_the_first_steps(qtbot):
    dialog = shown(qtbot, GettingStartedDialog())
    text = dialog.browser.toPlainText()
    for words in ["draw a digit", "canvas", "bars", "28x28",
                  native("F5"), native("F6"), native("Shift+F5"), "preset",
                  "loss", "accuracy", "epoch", "iteration", "learning rate",
                  native(QKeySequence.StandardKey.Save), native(QKeySequence.StandardKey.Open),
                  "File > Open built-in model", "Deep Learning from Scratch", "chapters 3",
                  "7 (convolutional"]:
        assert words.lower() in text.lower(), words
    assert dialog.browser.isReadOnly()
    assert fits_a_small_screen(dialog)


class LinkCatcher(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url.toString())


def test_a_link_opens_in_the_browser_and_the_page_stays(qtbot):
    dialog = shown(qtbot, GettingStartedDialog())
    browser = dialog.browser
    before = browser.toPlainText()
    cursor = browser.document().find("deep-learning-from-scratch")
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 3)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    where = browser.cursorRect(cursor).center() + QPoint(1, 0)
    assert browser.anchorAt(where).startswith("https://")
    catcher = LinkCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        QTest.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=where)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://github.com/oreilly-japan/deep-learning-from-scratch"]
    assert browser.toPlainText() == before and browser.source().isEmpty()


def test_escape_closes_getting_started(qtbot):
    press_escape(qtbot, shown(qtbot, GettingStartedDialog()))


class Shouting(QTranslator):
    """A 'translation' that upper-cases every string (not its {placeholders}, tags or entities,
    as a translator keeps them): shows which ones go through Qt's tr."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context not in {"GettingStartedDialog", "KeyboardShortcutsDialog"}:
            return None
        parts = re.split(r"(\{\w+\}|<[^>]*>|&\w+;)", source)
        return "".join(part if index % 2 else part.upper() for index, part in enumerate(parts))


def test_the_pages_are_translated(qtbot, actions):
    translator = Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        started = shown(qtbot, GettingStartedDialog())
        shortcuts = shown(qtbot, KeyboardShortcutsDialog(actions["training"]))
    finally:
        QCoreApplication.removeTranslator(translator)
    text = started.browser.toPlainText()
    assert "DRAW A DIGIT FROM 0 TO 9" in text and "LEARNING RATE" in text
    assert f"PRESS {native('F6')} TO PAUSE" in text  # a placeholder filled after translation
    assert started.windowTitle() == "GETTING STARTED WITH DIGITLAB"
    assert shortcuts.windowTitle() == "KEYBOARD SHORTCUTS"
    assert shortcuts.table.horizontalHeaderItem(0).text() == "WHAT IT DOES"
