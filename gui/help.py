"""The Help menu's pages: the keyboard shortcuts, how to get started, and About DigitLab.

Both are plain dialogs the main window opens; neither needs a network. The getting-started page
is our own HTML, written here so that every sentence goes through Qt's translation; its one link
opens in the desktop's browser (QDesktopServices, routed through gui.external by the app).
"""
import dataclasses
import html
import re
import sys

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from .i18n import engine_text

BOOK_CODE_URL = "https://github.com/oreilly-japan/deep-learning-from-scratch"


def plain_action_text(text):
    """An action's text as a sentence shows it: no '&' marks ('&&' is a real '&'), no shortcut
    after a tab, no trailing ellipsis."""
    text = re.sub(r"&(.)", r"\1", text.split("\t", 1)[0])
    return text.rstrip().removesuffix("…").removesuffix("...").rstrip()


def native_shortcuts(action):
    """The action's shortcuts as this desktop writes them, several joined by ', '."""
    return ", ".join(sequence.toString(QKeySequence.SequenceFormat.NativeText)
                     for sequence in action.shortcuts() if not sequence.isEmpty())


def native_key(key):
    """One key sequence (a string or a QKeySequence.StandardKey) as this desktop writes it."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class KeyboardShortcutsDialog(QDialog):
    """A read-only table of what each given action does and the keys that do it.

    `actions` is a sequence of QActions, or of (group title, QActions) pairs, such as a menu's
    title and its actions; groups and rows keep the order given, and actions without a shortcut
    (and groups left empty) are left out.
    """

    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("What it does"), self.tr("Keys")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for title, group in self._groups(actions):
            self._add_group(title, group)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, min(640, 120 + 26 * self.table.rowCount()))

    @staticmethod
    def _groups(actions):
        groups, loose = [], []
        for entry in actions:
            if isinstance(entry, tuple):
                if loose:
                    groups.append((None, loose))
                    loose = []
                groups.append(entry)
            else:
                loose.append(entry)
        if loose:
            groups.append((None, loose))
        return groups

    def _add_group(self, title, actions):
        rows = [(plain_action_text(action.text()), native_shortcuts(action))
                for action in actions if native_shortcuts(action)]
        if not rows:
            return
        if title:
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = QTableWidgetItem(plain_action_text(title))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.table.setItem(row, 0, item)
            self.table.setSpan(row, 0, 1, 2)
        for text, keys in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))

    def rows(self):
        """The table as shown: (what it does, keys) per row; a group's title row has keys None."""
        def cell(row, column):
            item = self.table.item(row, column)
            return item.text() if item is not None else None
        return [(cell(row, 0), cell(row, 1)) for row in range(self.table.rowCount())]


class GettingStartedDialog(QDialog):
    """A short page on what to do first and what the numbers mean, shown offline."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Getting started with DigitLab"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # nothing opens inside: links go to the browser
        self.browser.anchorClicked.connect(self._open_link)
        self.browser.setHtml(self.page())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(600, 640)

    @Slot(QUrl)
    def _open_link(self, url):
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def page(self):
        """The page's HTML: translated sentences, keys as this desktop writes them."""
        keys = {name: f"<b>{html.escape(native_key(key))}</b>" for name, key in {
            "start": "F5", "pause": "F6", "stop": "Shift+F5",
            "save": QKeySequence.StandardKey.Save, "open": QKeySequence.StandardKey.Open,
            "learn": "Ctrl+3", "image": "Ctrl+I"}.items()}
        terms = [
            self.tr("<b>Loss</b>: how wrong the network's answers are on the images it has just "
                    "seen; training is the art of making it smaller."),
            self.tr("<b>Accuracy</b>: the share of images the network reads correctly; the test "
                    "accuracy counts images it never trained on."),
            self.tr("<b>Epoch</b>: one pass through all 60,000 training images."),
            self.tr("<b>Iteration</b>: one update of the weights, made from one small batch of "
                    "images (100, say)."),
            self.tr("<b>Learning rate</b>: how big a step each update takes: too small and "
                    "learning crawls, too large and the loss jumps about instead of falling."),
        ]
        sections = [
            (self.tr("1. Draw a digit"), [
                self.tr("Draw a digit from 0 to 9 on the canvas with the mouse. While you draw, "
                        "the ten bars show how sure the network is of each digit, and the small "
                        "28x28 image shows your drawing as the network sees it: scaled and "
                        "centred the way the MNIST digits it learned from are."),
                self.tr("Or write a digit on paper in dark ink, take a photo of it, and open "
                        "it with {image} (or drop it on the canvas). Draw over it to correct "
                        "it; the right mouse button erases.").format(**keys)]),
            (self.tr("2. Train a network"), [
                self.tr("Choose a preset in the training panel on the right and press {start} "
                        "to train it. Watch the loss fall and the accuracy rise while it "
                        "learns; your drawing is read by the weights being trained."
                        ).format(**keys),
                self.tr("Press {pause} to pause or resume, and {stop} to stop: the weights "
                        "trained so far are kept.").format(**keys),
                self.tr("To see <b>overfitting</b>, set <b>Training images</b> to 100: the "
                        "network soon reads those 100 perfectly, while its test accuracy stays "
                        "far lower. <b>Label noise</b> teaches it some wrong answers on "
                        "purpose.")]),
            (self.tr("3. What the numbers mean"), [
                "<ul>" + "".join(f"<li>{term}</li>" for term in terms) + "</ul>"]),
            (self.tr("4. Keep what you made"), [
                self.tr("Save the model with {save}, and open another one with {open}. To go "
                        "back to the model DigitLab came with, choose <b>File &gt; Open "
                        "built-in model</b>.").format(**keys)]),
            (self.tr("5. Read more"), [
                self.tr("DigitLab follows the book <i>Deep Learning from Scratch</i> by Koki "
                        "Saitoh: chapters 3 (neural networks), 4 (learning from data), 5 "
                        "(backpropagation), 6 (training techniques) and 7 (convolutional "
                        "networks). The book's own code is at <a href=\"{url}\">{url}</a>."
                        ).format(url=BOOK_CODE_URL),
                self.tr("The <b>Learn</b> page ({learn}) follows the book's lessons one by one: "
                        "the computational graph, each layer's forward and backward pass, "
                        "softmax with loss, the gradient check and more, every number computed "
                        "by DigitLab's own code, shown beside it.").format(**keys)]),
        ]
        parts = [f"<h2>{self.tr('Getting started')}</h2>"]
        for title, blocks in sections:
            parts.append(f"<h3>{title}</h3>")
            parts.extend(block if block.startswith("<ul>") else f"<p>{block}</p>"
                         for block in blocks)
        return "".join(parts)


class AboutDialog(QDialog):
    """What DigitLab is and whose data it uses, and what this computer is, to copy into a bug
    report: OS, CPU, memory, BLAS and its threads, Python, NumPy, Qt, the GPU or why there is
    none (engine.system_info, looked up off the GUI thread: it may import CuPy).

    The report keeps the engine's English field names: a report pasted into an issue reads the
    same whatever the window's language.
    """

    def __init__(self, version, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About DigitLab"))
        self.about = QLabel(self.tr(
            "<h3>DigitLab {0}</h3>"
            "<p>Draw a digit and watch a neural network written from scratch in NumPy read it; "
            "train it on MNIST and watch it learn.</p>"
            "<p>The MNIST database of handwritten digits is by Yann LeCun, Corinna Cortes and "
            "Christopher J.C. Burges, used under the <a href="
            "'https://creativecommons.org/licenses/by-sa/3.0/'>CC BY-SA 3.0 licence</a>.</p>")
            .format(html.escape(version)), self)
        self.about.setWordWrap(True)
        self.about.setOpenExternalLinks(True)  # through gui.external (app.make_application)
        heading = QLabel(self.tr("This computer (copy it into a bug report):"), self)
        self.report = QPlainTextEdit(self)  # plain text: CPU names and paths come from the system
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setPlainText(self.tr("Looking up this computer…"))
        self.copy_button = QPushButton(self.tr("&Copy to clipboard"), self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(heading)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(640, 470)

    def show_report(self, info):
        """Show an engine SystemInfo, with the Qt this window runs on."""
        # the Qt running, which a frozen binary's missing package metadata cannot hide
        running = dataclasses.replace(info, qt=f"{qVersion()} (PySide6 {PySide6.__version__})")
        self.report.setPlainText("\n".join(engine_text(line) for line in running.lines()))
        self.copy_button.setEnabled(True)

    def show_failure(self, message):
        self.report.setPlainText(message)
        self.copy_button.setEnabled(True)  # the failure is worth a bug report too

    def report_text(self):
        return self.report.toPlainText()

    @Slot()
    def copy_report(self):
        QApplication.clipboard().setText(self.report_text())


if __name__ == "__main__":  # for development: both dialogs on their own
    app = QApplication(sys.argv)
    actions = []
    for text, shortcut in [(QCoreApplication.translate("help", "&Start training"), "F5"),
                           (QCoreApplication.translate("help", "&Pause training"), "F6"),
                           (QCoreApplication.translate("help", "S&top training"), "Shift+F5")]:
        action = QAction(text, app)
        action.setShortcut(QKeySequence(shortcut))
        actions.append(action)
    GettingStartedDialog().show()
    shortcuts = KeyboardShortcutsDialog(
        [(QCoreApplication.translate("help", "&Training"), actions)])
    shortcuts.show()
    sys.exit(app.exec())
