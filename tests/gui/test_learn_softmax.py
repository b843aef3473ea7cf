"""Lesson 3 as a student meets it: ten sliders moved with the keys, a label, a temperature; the
probabilities, loss and gradient read from the widgets equal SoftmaxWithLoss's."""
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSlider,
    QWidget,
)

import numpy as np
import pytest

from engine.lessons import softmax as lesson_engine
from engine.nn.layers import SoftmaxWithLoss
from gui.pages.learn.common import format_number, parse_number
from gui.pages.learn.softmax import SoftmaxLesson

from qt_helpers import choose_lesson


def open_lesson(qtbot, window):
    return choose_lesson(qtbot, window, SoftmaxLesson)


def press(qtbot, widget, key, times=1):
    widget.setFocus()
    for _ in range(times):
        qtbot.keyClick(widget, key)


def type_temperature(qtbot, lesson, text):
    box = lesson.temperature_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def shown_column(lesson, column):
    """A column of the numbers table as the student reads it, parsed."""
    return np.array([parse_number(row[column]) for row in lesson.table.texts()])


def assert_view_is_the_engine_s(lesson):
    """Everything shown equals what SoftmaxWithLoss returns for the controls' values."""
    scores = np.array([float(label.text()) for label in lesson.slider_values])
    label = lesson.label_box.currentIndex()
    temperature = lesson.temperature_box.value()
    layer = SoftmaxWithLoss()
    loss = layer.forward((scores / temperature).reshape(1, -1), np.array([label]))
    gradient = layer.backward()[0]
    probabilities = layer.y[0]
    np.testing.assert_array_equal(lesson.probability_heights(), probabilities)
    np.testing.assert_array_equal(lesson.gradient_heights(), gradient)
    assert [row[1] for row in lesson.table.texts()] == list(map(format_number, probabilities))
    assert [row[2] for row in lesson.table.texts()] == list(map(format_number, gradient))
    assert [row[0] for row in lesson.table.texts()] == [format_number(s / temperature)
                                                        for s in scores]
    assert lesson.loss_label.text().endswith(f"= {format_number(loss)}")
    assert f"y_{label}" in lesson.loss_label.text()
    np.testing.assert_array_equal(lesson.reading().probabilities,
                                  lesson_engine.probabilities_of(scores, temperature))
    return probabilities, gradient, loss


def test_the_first_reading_is_the_engine_s(qtbot, window):
    lesson = open_lesson(qtbot, window)
    assert lesson.label_box.currentIndex() == 7 and lesson.temperature_box.value() == 1.0
    probabilities, gradient, _ = assert_view_is_the_engine_s(lesson)
    assert probabilities.sum() == pytest.approx(1.0)
    assert gradient[7] < 0 and (np.delete(gradient, 7) > 0).all()
    assert lesson.layer_source.source().text.startswith("class SoftmaxWithLoss")
    assert "dx[xp.arange(n), self.t] -= 1" in lesson.layer_source.highlighted_lines()
    assert "exp = xp.exp(shifted)" in lesson.softmax_source.highlighted_lines()
    assert any("xp.log" in line for line in lesson.loss_source.highlighted_lines())


def test_sliders_moved_with_keys_recompute_probabilities_that_sum_to_one(qtbot, window):
    lesson = open_lesson(qtbot, window)
    press(qtbot, lesson.sliders[0], Qt.Key_Up, 5)  # -1 + 0.5
    press(qtbot, lesson.sliders[0], Qt.Key_PageUp, 2)  # + 2
    press(qtbot, lesson.sliders[9], Qt.Key_PageDown, 3)  # 1.2 - 3
    assert lesson.slider_values[0].text() == "1.5" and lesson.slider_values[9].text() == "-1.8"
    probabilities, _, _ = assert_view_is_the_engine_s(lesson)
    assert shown_column(lesson, 1).sum() == pytest.approx(1.0, abs=1e-5)
    assert math.fsum(lesson.probability_heights()) == pytest.approx(1.0, abs=1e-15)
    assert lesson.reading().scores[0] == 1.5


def test_equal_scores_give_a_tenth_each_and_the_book_s_loss(qtbot, window):
    lesson = open_lesson(qtbot, window)
    for slider in lesson.sliders:
        press(qtbot, slider, Qt.Key_Home)  # every score to its end: all equal
    assert {label.text() for label in lesson.slider_values} == {"-10"}
    assert [row[1] for row in lesson.table.texts()] == ["0.1"] * 10
    np.testing.assert_allclose(lesson.probability_heights(), 0.1, rtol=1e-15)
    expected_loss = -math.log(0.1 + 1e-7)
    assert lesson.loss_label.text().endswith(f"= {format_number(expected_loss)}")
    assert "−log(0.1 + 1e-07)" in lesson.loss_label.text()
    assert lesson.reading().loss == pytest.approx(expected_loss, rel=1e-15)
    gradient = [row[2] for row in lesson.table.texts()]
    assert gradient[7] == "-0.9" and set(gradient[:7] + gradient[8:]) == {"0.1"}
    guard = lesson.guard_texts()
    assert guard["guarded"] == format_number(expected_loss)
    assert guard["exact"] == format_number(math.log(10))
    assert parse_number(guard["cost"]) == pytest.approx(1e-6, rel=1e-3)  # guard / 0.1
    assert guard["estimate"] == "1e-06"
    assert_view_is_the_engine_s(lesson)


def test_the_label_chooses_the_loss_and_where_the_gradient_is_negative(qtbot, window):
    lesson = open_lesson(qtbot, window)
    press(qtbot, lesson.label_box, Qt.Key_Down, 2)  # 7 -> 9
    assert lesson.label_box.currentIndex() == 9
    _, gradient, _ = assert_view_is_the_engine_s(lesson)
    assert gradient[9] < 0 and "Loss for label 9" in lesson.loss_label.text()


@pytest.mark.parametrize(("typed", "temperature"), [("2.5", 2.5), ("0.1", 0.1), ("10", 10.0)])
def test_a_typed_temperature_divides_the_scores(qtbot, window, typed, temperature):
    lesson = open_lesson(qtbot, window)
    before = lesson.reading().probabilities.max()
    type_temperature(qtbot, lesson, typed)
    assert lesson.temperature_box.value() == temperature
    assert lesson.reading().temperature == temperature
    assert_view_is_the_engine_s(lesson)
    after = lesson.reading().probabilities.max()
    assert (after < before) if temperature > 1 else (after > before)


def test_a_temperature_that_is_not_a_number_is_not_taken(qtbot, window):
    lesson = open_lesson(qtbot, window)
    reading = lesson.reading()
    type_temperature(qtbot, lesson, "abc")
    assert lesson.temperature_box.value() == 1.0 and lesson.reading() is reading
    type_temperature(qtbot, lesson, "0")  # T must stay above 0: the box keeps its minimum
    assert lesson.temperature_box.value() >= 0.01
    assert lesson.reading().temperature == lesson.temperature_box.value() > 0
    assert_view_is_the_engine_s(lesson)


def test_a_confident_wrong_answer_shows_why_the_log_is_guarded(qtbot, window):
    lesson = open_lesson(qtbot, window)
    qtbot.mouseClick(lesson.wrong_button, Qt.LeftButton)
    assert lesson.label_box.currentIndex() == 8 and lesson.temperature_box.value() == 0.01
    reading = lesson.reading()
    assert reading.underflowed
    guard = lesson.guard_texts()
    assert guard["unguarded"] == "inf"
    assert guard["guarded"] == format_number(-math.log(1e-7)) == "16.1181"
    assert guard["exact"] == format_number(reading.exact_loss) == "2000"
    assert guard["estimate"] == "inf"
    assert "underflowed to 0" in lesson.guard_verdict.text()
    assert "−log(1e-7) = 16.1" in lesson.guard_text.text()
    _, gradient, loss = assert_view_is_the_engine_s(lesson)
    assert loss == pytest.approx(16.118, abs=1e-3) and gradient[8] == -1.0
    qtbot.mouseClick(lesson.start_over_button, Qt.LeftButton)
    assert lesson.label_box.currentIndex() == 7 and lesson.temperature_box.value() == 1.0
    assert "costs little" in lesson.guard_verdict.text()
    assert_view_is_the_engine_s(lesson)


def test_every_control_is_explained_and_its_alt_letters_are_unique(qtbot, window):
    lesson = open_lesson(qtbot, window)
    controls = [w for w in lesson.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QComboBox | QAbstractSpinBox | QLineEdit
                              | QSlider)
                and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)]
    assert len(controls) >= 14  # 10 sliders, the label, the temperature, 2 buttons
    for control in controls:
        assert control.toolTip().endswith(".") and control.accessibleName(), control
    texts = [w.text() for w in lesson.findChildren(QAbstractButton)]
    texts += [w.text() for w in lesson.findChildren(QLabel) if w.buddy() is not None]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == 4 and len(set(letters)) == 4
    assert not set(letters) & set("fegth")  # the menus' letters
    assert lesson.probability_plot.accessibleName() and lesson.gradient_plot.toolTip()
