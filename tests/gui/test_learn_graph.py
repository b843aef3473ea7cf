"""Lesson 1 as a student meets it: Learn page, "Computational graph", the buttons stepping the
book's examples forward and backward; every number read from the widgets equals what the
engine's Mul and Add layers returned."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

import pytest

from engine.lessons import graph
from gui.pages.learn.common import format_number
from gui.pages.learn.graph import GraphLesson

from qt_helpers import choose_lesson


def open_lesson(qtbot, window):
    return choose_lesson(qtbot, window, GraphLesson)


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.LeftButton)


def choose_example(qtbot, lesson, key):
    box = lesson.example_box
    box.setFocus()
    target = box.findData(key)
    while box.currentIndex() != target:
        qtbot.keyClick(box, Qt.Key_Down if box.currentIndex() < target else Qt.Key_Up)


def type_input(qtbot, lesson, name, text):
    """Click the input's box on the graph, replace its text, press Enter."""
    edit = lesson.canvas.input_edit(name)
    qtbot.mouseClick(edit, Qt.LeftButton)
    qtbot.keyClick(edit, Qt.Key_A, Qt.ControlModifier)
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key_Delete)
    qtbot.keyClick(edit, Qt.Key_Return)


def gradients_shown(lesson):
    return {name: texts[1] for name, texts in lesson.result_texts().items()}


def test_stepping_the_apple_example_shows_the_books_numbers(qtbot, window):
    lesson = open_lesson(qtbot, window)
    assert lesson.example_key() == "apple"
    labels = lesson.canvas.edge_labels()
    assert labels["apple"] == ("100", "") and "apple_price" not in labels
    click(qtbot, lesson.next_button)
    assert lesson.canvas.edge_labels()["apple_price"] == ("200", "")
    assert "100 × the apple count 2 = 200" in lesson.step_label.text()
    click(qtbot, lesson.next_button)
    assert lesson.canvas.edge_labels()["price"] == ("220", "")
    assert gradients_shown(lesson) == {"apple": "", "apple_count": "", "tax": ""}
    click(qtbot, lesson.next_button)  # backward through the tax node
    labels = lesson.canvas.edge_labels()
    assert labels["price"] == ("220", "1")
    assert labels["apple_price"] == ("200", "1.1") and labels["tax"] == ("1.1", "200")
    assert "∂z/∂x = y = 1.1 and ∂z/∂y = x = 200" in lesson.step_label.text()
    assert lesson.canvas.current_node() == (1, True)
    click(qtbot, lesson.next_button)  # backward through the apple node
    assert gradients_shown(lesson) == {"apple": "2.2", "apple_count": "110", "tax": "200"}
    assert "1.1 × 2 = 2.2 flows to the apple" in lesson.step_label.text()
    assert not lesson.next_button.isEnabled() and not lesson.all_button.isEnabled()


def test_all_at_once_on_apples_and_oranges_shows_the_books_numbers(qtbot, window):
    lesson = open_lesson(qtbot, window)
    choose_example(qtbot, lesson, "apple_orange")
    click(qtbot, lesson.all_button)
    assert lesson.canvas.edge_labels()["price"] == ("715", "1")
    assert lesson.canvas.edge_labels()["fruit_price"] == ("650", "1.1")
    assert gradients_shown(lesson) == {"apple": "2.2", "apple_count": "110", "orange": "3.3",
                                       "orange_count": "165", "tax": "650"}
    assert lesson.result_texts()["orange"][0] == "150"


@pytest.mark.parametrize("key", sorted(graph.EXAMPLES))
def test_after_every_step_each_number_shown_is_the_engine_s(qtbot, window, key):
    lesson = open_lesson(qtbot, window)
    choose_example(qtbot, lesson, key)
    run = graph.run_graph(key)  # a fresh run of the engine: the oracle
    forward = len(run.nodes)
    for step in range(1, len(run.steps) + 1):
        click(qtbot, lesson.next_button)
        taken = run.steps[step - 1]
        spec = run.nodes[taken.node].spec
        labels = lesson.canvas.edge_labels()
        assert lesson.canvas.current_node() == (taken.node, step > forward)
        if step <= forward:
            assert labels[spec.output][0] == format_number(taken.output)
            assert labels[spec.output][0] == format_number(run.values[spec.output])
        else:
            for name, gradient in zip(spec.inputs, taken.downstream, strict=True):
                assert labels[name][1] == format_number(gradient)
                assert labels[name][1] == format_number(run.gradients[name])
        # the source beside the graph highlights the line of the layer that just ran
        view = lesson.sources[spec.kind]
        method = "backward" if step > forward else "forward"
        line = view.source().line_of(graph.step_source_line(spec.kind, step > forward))
        assert view.highlighted_lines() == [graph.step_source_line(spec.kind, step > forward)]
        assert line is not None and method in view.source().text
        other = lesson.sources["Add" if spec.kind == "Mul" else "Mul"]
        assert other.highlighted_lines() == []
    assert lesson.run().values == run.values and lesson.run().gradients == run.gradients


def test_the_source_shown_is_mul_and_add(qtbot, window):
    lesson = open_lesson(qtbot, window)
    assert lesson.sources["Mul"].source().text.startswith("class Mul")
    assert lesson.sources["Add"].source().text.startswith("class Add")
    assert lesson.sources["Mul"].source().path == "engine/nn/layers.py"


def test_editing_the_apple_count_recomputes_the_graph(qtbot, window):
    lesson = open_lesson(qtbot, window)
    type_input(qtbot, lesson, "apple_count", "3")
    click(qtbot, lesson.all_button)
    assert lesson.canvas.edge_labels()["price"] == ("330", "1")
    assert gradients_shown(lesson) == {"apple": "3.3", "apple_count": "110", "tax": "300"}
    expected = graph.run_graph("apple", {"apple_count": 3})
    assert lesson.run().values == expected.values
    # an edit keeps the steps taken: the numbers change in place
    type_input(qtbot, lesson, "tax", "1.08")
    assert lesson.step() == len(expected.steps)
    assert lesson.canvas.edge_labels()["price"][0] == format_number(300 * 1.08)
    assert lesson.problem() == ""


def test_text_that_is_not_a_number_is_refused_with_a_sentence(qtbot, window):
    lesson = open_lesson(qtbot, window)
    type_input(qtbot, lesson, "apple", "abc")
    assert "The apple: “abc” is not a number" in lesson.problem()
    assert "keeps apple = 100" in lesson.problem() and lesson.problem_label.isVisible()
    assert lesson.canvas.input_edit("apple").property("bad")
    click(qtbot, lesson.all_button)  # the graph goes on with the last good value
    assert lesson.canvas.edge_labels()["price"][0] == "220"
    assert "abc" in lesson.problem()  # still said while the box is wrong
    type_input(qtbot, lesson, "apple", "")
    assert "The apple is empty" in lesson.problem()
    type_input(qtbot, lesson, "apple", "nan")
    assert "“nan” is not a number" in lesson.problem()
    type_input(qtbot, lesson, "apple", "120")
    assert lesson.problem() == "" and not lesson.problem_label.isVisible()
    assert not lesson.canvas.input_edit("apple").property("bad")
    assert lesson.canvas.edge_labels()["price"][0] == "264"


def test_huge_inputs_overflow_and_the_lesson_says_so(qtbot, window):
    lesson = open_lesson(qtbot, window)
    type_input(qtbot, lesson, "apple", "1e300")
    type_input(qtbot, lesson, "apple_count", "1e300")
    click(qtbot, lesson.all_button)
    assert lesson.canvas.edge_labels()["price"] == ("inf", "1")
    assert "overflow float64" in lesson.problem() and "inf" in lesson.problem()
    type_input(qtbot, lesson, "apple_count", "2")
    assert lesson.problem() == ""


def test_reset_hides_the_steps_and_keeps_the_inputs(qtbot, window):
    lesson = open_lesson(qtbot, window)
    type_input(qtbot, lesson, "apple_count", "3")
    click(qtbot, lesson.all_button)
    click(qtbot, lesson.reset_button)
    assert lesson.step() == 0 and not lesson.reset_button.isEnabled()
    assert "price" not in lesson.canvas.edge_labels()
    assert lesson.canvas.input_edit("apple_count").text() == "3"
    assert gradients_shown(lesson) == {"apple": "", "apple_count": "", "tax": ""}
    choose_example(qtbot, lesson, "apple_orange")  # a new example starts from the book's
    choose_example(qtbot, lesson, "apple")
    assert lesson.canvas.input_edit("apple_count").text() == "2"


def test_every_control_is_explained_and_its_alt_letters_are_unique(qtbot, window):
    lesson = open_lesson(qtbot, window)
    choose_example(qtbot, lesson, "apple_orange")
    controls = [w for w in lesson.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QComboBox | QAbstractSpinBox | QLineEdit)
                and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)]
    assert len(controls) >= 9  # 3 buttons, the combo box, 5 inputs
    for control in controls:
        assert control.toolTip().endswith(".") and control.accessibleName(), control
    texts = [w.text() for w in lesson.findChildren(QAbstractButton)]
    texts += [w.text() for w in lesson.findChildren(QLabel) if w.buddy() is not None]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == 4 and len(set(letters)) == 4
    assert not set(letters) & set("fegth")  # the menus' letters
