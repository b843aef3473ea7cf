"""Text from a file or the settings is shown literally, never as Qt rich text (issue 15, item 2).

A class name such as ``<img src="/dev/zero">`` rendered as rich text makes Qt read that path
(with /dev/zero it aborts the app). Labels must be Qt.PlainText, and tooltips (which Qt guesses
about) must arrive escaped.
"""
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

import numpy as np
import pytest

import engine
from gui.draw_panel import DrawPanel
from gui.plain import plain_tooltip
from gui.simulate import drag
from gui.train_panel import SettingsForm

HUNG = 30_000  # ms: only a hung test waits this long
IMAGE = '<img src="/dev/zero">'
BOLD = "<b>bold</b>"
NAMES = [IMAGE, BOLD, *[str(digit) for digit in range(2, 10)]]
READER = f"Read by {BOLD}{IMAGE}.npz"


class ForgedModel(QObject):
    """Stands for CurrentModel with a model file whose class names are markup."""

    changed = Signal()
    class_names = NAMES

    def __init__(self, probabilities):
        super().__init__()
        self.probabilities = np.asarray(probabilities, dtype=np.float64)

    def reader_text(self):
        return READER

    def read(self, canvas_pixels):
        if not canvas_pixels.any():
            return None, None, None
        return np.zeros((28, 28)), int(np.argmax(self.probabilities)), self.probabilities


@pytest.fixture
def panel(qtbot):
    """A shown draw panel whose model answers class 0, named IMAGE, after one stroke."""
    panel = DrawPanel(ForgedModel([0.9, 0.1] + [0.0] * 8))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.read, timeout=HUNG):
        drag(panel.canvas, [(60, 140), (220, 140)])
    return panel


def test_the_answer_shows_a_markup_class_name_literally(panel):
    assert panel.answer.answer_text() == IMAGE
    for label in panel.answer.findChildren(QLabel):
        assert label.textFormat() == Qt.PlainText
    assert IMAGE not in panel.answer.toolTip()  # the answer's tooltip names no class


def test_every_label_showing_file_text_in_the_panel_is_plain(panel):
    images = np.zeros((1, 28, 28), np.uint8)
    images[0, 5:20, 10:14] = 255
    panel.set_test_images(images, np.array([1]), f"{BOLD}-set")
    panel.show_test_image(0)
    assert panel.source_text() == f"{BOLD}-set test image 0: its label is {BOLD}"
    assert panel.reader_text() == READER
    showing_markup = [label for label in panel.findChildren(QLabel) if "<" in label.text()]
    assert {panel.source_label, panel.reader_label, panel.answer._answer} <= set(showing_markup)
    for label in showing_markup:
        assert label.textFormat() == Qt.PlainText, label.text()


def test_a_bar_tooltip_names_its_class_escaped(qtbot, panel):
    bars = panel.bars
    assert bars.row_tooltip(0) == plain_tooltip(f"{IMAGE}: 90.0%")
    assert "&lt;img src=\"/dev/zero\"&gt;" in bars.row_tooltip(0)
    assert "<b>" not in bars.row_tooltip(1) and "&lt;b&gt;bold&lt;/b&gt;" in bars.row_tooltip(1)
    # hovering the first row shows that tooltip
    row_centre = QPoint(bars.width() // 2, 2 + bars.ROW_HEIGHT // 2)
    event = QHelpEvent(QHelpEvent.ToolTip, row_centre, bars.mapToGlobal(row_centre))
    QApplication.sendEvent(bars, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=HUNG)
    assert QToolTip.text() == bars.row_tooltip(0)
    QToolTip.hideText()


def test_a_long_class_name_is_elided_on_the_bar_but_whole_in_its_tooltip(qtbot):
    long_name = "x" * 100_000

    class LongNames(ForgedModel):
        class_names = [long_name, *NAMES[1:]]

    panel = DrawPanel(LongNames([0.9, 0.1] + [0.0] * 8))
    qtbot.addWidget(panel)
    label_width, _ = panel.bars._column_widths()
    assert label_width <= panel.bars.MAX_LABEL_WIDTH + 8  # the bars keep their room
    assert panel.bars.row_tooltip(0).count("x") >= panel.bars.MAX_NAME_CHARS


def test_remembered_folder_and_gpu_reason_with_markup_stay_literal(qtbot):
    form = SettingsForm()
    qtbot.addWidget(form)
    folder = f"/media/usb/{IMAGE}"
    assert form.set_values({"data_dir": folder}) == []
    assert form.data_dir.currentText() == folder  # a combo box item is never rich text
    form.set_gpu_status(engine.GpuStatus(available=False, reason=f"driver {IMAGE} missing"))
    assert "&lt;img src=\"/dev/zero\"&gt;" in form.device.toolTip()
    assert IMAGE not in form.device.toolTip()
    assert form.description.textFormat() == Qt.PlainText
