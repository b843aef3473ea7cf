"""The Learn page as a user meets it: Ctrl+3, a list of the book's lessons, each opening on a
click with the engine source that computed its numbers; and the pieces every lesson is built
from (tables a student types into, the source view)."""
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QWidget

import numpy as np
import pytest

from engine.nn.layers import Affine
from gui.pages.learn import LESSONS
from gui.pages.learn.common import ArrayTable, SourceView, format_number, parse_number

from qt_helpers import HUNG, choose_lesson, type_into_cell

ROOT = Path(__file__).resolve().parents[2]
CLASSES = [entry.load() for entry in LESSONS]


def test_ctrl_3_shows_the_lessons_in_the_books_order(qtbot, window):
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    page = window.learn_page
    assert window.pages.currentWidget() is page
    titles = [page.lesson_list.item(row).text() for row in range(page.lesson_list.count())]
    assert titles == [f"{n}. {entry.title()}" for n, entry in enumerate(LESSONS, start=1)]
    assert len(titles) == 7
    assert all(page.lesson_list.item(row).toolTip() for row in range(len(titles)))
    assert isinstance(page.current_lesson(), CLASSES[0])
    assert page.section_label.text() == LESSONS[0].section()


def test_a_lesson_is_built_only_when_first_chosen(qtbot, window):
    page = window.learn_page
    assert page.built_lessons() == []  # the window starts without building any lesson
    lesson = choose_lesson(qtbot, window, CLASSES[2])
    # the first lesson showed with the page; the third on its click; no other
    assert [type(built) for built in page.built_lessons()] == [CLASSES[0], CLASSES[2]]
    assert page.section_label.text() == LESSONS[2].section()
    choose_lesson(qtbot, window, CLASSES[0])
    again = choose_lesson(qtbot, window, CLASSES[2])
    assert again is lesson  # chosen again: the same lesson, as the student left it


@pytest.mark.parametrize("lesson_class", CLASSES, ids=lambda c: c.__name__)
def test_every_lesson_opens_with_the_source_that_computed_it(qtbot, window, lesson_class):
    lesson = choose_lesson(qtbot, window, lesson_class)
    views = lesson.findChildren(SourceView)
    assert views, f"{lesson_class.__name__} shows no engine source"
    for view in views:
        qtbot.waitUntil(lambda view=view: view.source() is not None, timeout=HUNG)
        source = view.source()
        lines = (ROOT / source.path).read_text().splitlines(keepends=True)
        # the code you read is the code in the file that ran, at the lines the heading names
        assert "".join(lines[source.first_line - 1:source.last_line]) == source.text
        assert view.text.toPlainText() == source.text
        assert source.path in view.heading.text()


@pytest.mark.parametrize("lesson_class", CLASSES, ids=lambda c: c.__name__)
def test_every_control_of_a_lesson_is_explained(qtbot, window, lesson_class):
    lesson = choose_lesson(qtbot, window, lesson_class)
    from test_main_window import CONTROLS, mnemonic  # noqa: PLC0415 - one list of controls

    inner = (QComboBox, QAbstractSpinBox)  # their own line edits are part of them
    controls = [w for w in lesson.findChildren(QWidget)
                if isinstance(w, CONTROLS) and w.isVisibleTo(lesson)
                and not isinstance(w.parent(), inner)]
    missing = [(type(w).__name__, getattr(w, "text", lambda: "")())
               for w in controls if not (w.toolTip() and w.accessibleName())]
    assert missing == []
    menus = {mnemonic(a.text()) for a in window.menuBar().actions()}
    letters = [mnemonic(b.text()) for b in lesson.findChildren(QAbstractButton)
               if b.isVisibleTo(lesson) and mnemonic(b.text())]
    assert len(letters) == len(set(letters)) and not menus & set(letters), letters


def test_the_window_starts_without_loading_any_lesson():
    # a lesson's module loads when it is first chosen: the start stays as fast as before
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, gui.main_window; print(sorted(m for m in sys.modules "
         "if m.startswith(('gui.pages.learn.', 'engine.lessons'))))"],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    assert loaded == "[]"


# --- the pieces -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "shown"), [
    (1.1 * 200, "220"), (2.2000000000000002, "2.2"), (-0.0, "0"), (1e-7, "1e-07"),
    (float("inf"), "inf"), (float("nan"), "nan"), (0.1 + 0.2, "0.3"), (123456789, "1.23457e+08"),
])
def test_numbers_are_shown_as_a_student_writes_them(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3.0), (" -2.5 ", -2.5), ("1e-3", 0.001), ("\u22122", -2.0), ("2,5", 2.5),
    ("３", 3.0), ("abc", None), ("", None), ("nan", None), ("inf", None), ("1e999", None),
])
def test_what_a_student_types_is_read_as_a_number_or_refused(text, value):
    assert parse_number(text) == value


@pytest.fixture
def table(qtbot):
    table = ArrayTable("W", editable=True)
    qtbot.addWidget(table)
    table.set_array([[4, 5, 6], [7, 8, 9]])
    table.show()
    qtbot.waitExposed(table)
    return table


def test_a_typed_number_changes_the_array(qtbot, table):
    with qtbot.waitSignal(table.edited, timeout=HUNG) as edited:
        type_into_cell(qtbot, table, 1, 2, "-3.5")
    assert edited.args[0].tolist() == [[4, 5, 6], [7, 8, -3.5]]
    assert table.array().tolist() == [[4, 5, 6], [7, 8, -3.5]]
    assert table.texts() == [["4", "5", "6"], ["7", "8", "-3.5"]]


def test_a_cell_that_is_not_a_number_turns_red_and_says_why(qtbot, table):
    seen = []
    table.edited.connect(seen.append)
    type_into_cell(qtbot, table, 0, 1, "five")
    assert seen == []  # nothing recomputes from a table that is not all numbers
    assert table.problem() == "W, row 1, column 2: “five” is not a number."
    assert table.array().tolist() == [[4, 5, 6], [7, 8, 9]]  # the last good value stays
    assert table.item(0, 1).background().color().red() == 255
    assert "is not a number" in table.item(0, 1).toolTip()
    with qtbot.waitSignal(table.edited, timeout=HUNG) as edited:
        type_into_cell(qtbot, table, 0, 1, "0.5")
    assert edited.args[0][0, 1] == 0.5
    assert table.problem() == ""


def test_a_read_only_table_takes_no_keys(qtbot):
    table = ArrayTable("y")
    qtbot.addWidget(table)
    table.set_array([28, 32, 36])
    table.show()
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClicks(table, "9")
    assert table.texts() == [["28", "32", "36"]]


def test_a_table_too_large_to_read_is_refused_before_it_is_built(qtbot):
    table = ArrayTable("x")
    qtbot.addWidget(table)
    with pytest.raises(ValueError, match="x: a table shows at most 400 numbers"):
        table.set_array(np.zeros((1000, 1000)))
    assert table.rowCount() == 0


def test_the_source_view_highlights_the_lines_that_matter(qtbot):
    view = SourceView()
    qtbot.addWidget(view)
    view.show_source(Affine.backward, highlight=["self.dW ="])
    assert view.highlighted_lines() == ["self.dW = self.x.T @ dout"]
    assert view.heading.text().startswith("engine/nn/layers.py, lines ")
    view.show_source(len)
    assert view.source() is None
    assert view.heading.text() == "The source code is not in this copy of DigitLab."
