"""Lesson 4 as a student meets it: the gradient check of the small network on opening, a
preset chosen from the list gives exactly what `python -m engine gradcheck` computes, a long
check is cancelled, and the error against h is plotted as the engine measured it."""
from PySide6.QtCore import Qt

import numpy as np
import pytest

import engine
from engine.lessons import gradient_check as engine_lesson
from engine.nn.gradcheck import gradcheck_config
from gui.pages.learn.common import format_number
from gui.pages.learn.gradient_check import GradientCheckLesson

from qt_helpers import HUNG, choose_lesson


@pytest.fixture
def lesson(qtbot, window):
    """The lesson opened by a click, its first check and its sweep shown."""
    lesson = choose_lesson(qtbot, window, GradientCheckLesson)
    qtbot.waitUntil(lambda: lesson.results_table.rowCount() > 0, timeout=HUNG)
    qtbot.waitUntil(lambda: lesson.sweep_label.text().startswith("Measured"), timeout=HUNG)
    return lesson


def table_texts(lesson):
    table = lesson.results_table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def expected_rows(result):
    return [[p.name, " x ".join(map(str, p.shape)),
             f"{p.checked:,} of {int(np.prod(p.shape)):,}", format_number(p.relative_error, 3),
             "pass" if p.passed else "FAIL"] for p in result.parameters]


def choose_network(qtbot, lesson, name):
    """Pick `name` in the list with the keyboard, as a user does; the check starts."""
    box = lesson.network_box
    box.setFocus()
    target = box.findData(name)
    key = Qt.Key_Down if target > box.currentIndex() else Qt.Key_Up
    while box.currentIndex() != target:
        qtbot.keyClick(box, key)


def test_it_opens_with_the_small_networks_check(lesson):
    result = engine_lesson.check_network(engine_lesson.SMALL_NETWORK)
    assert table_texts(lesson) == expected_rows(result)
    assert table_texts(lesson)[0] == ["0.W", "16 x 10", "40 of 160",
                                      format_number(result.parameters[0].relative_error, 3),
                                      "pass"]
    summary = lesson.summary_label.text()
    assert format_number(result.max_error, 3) in summary
    assert "tolerance 1e-06" in summary and "h = 1e-06" in summary and "agrees" in summary


def test_a_preset_gives_exactly_what_the_command_line_computes(qtbot, lesson):
    with qtbot.waitSignal(lesson.check_shown, timeout=HUNG) as shown:
        choose_network(qtbot, lesson, "mlp")
    expected = gradcheck_config(engine.get_preset("mlp").network_config())
    assert shown.args[0].errors() == expected  # the same floats
    rows = table_texts(lesson)
    assert [row[0] for row in rows] == list(expected)
    assert [row[3] for row in rows] == [format_number(e, 3) for e in expected.values()]
    assert all(row[4] == "pass" for row in rows)
    assert rows[0][1:3] == ["784 x 100", "40 of 78,400"]
    assert format_number(max(expected.values()), 3) in lesson.summary_label.text()
    assert lesson.progress_bar.value() == lesson.progress_bar.maximum() == 6


def test_a_long_check_is_cancelled_with_the_button(qtbot, lesson):
    choose_network(qtbot, lesson, "deep-cnn")
    assert lesson.cancel_button.isEnabled()
    with qtbot.waitSignal(lesson.check_cancelled, timeout=HUNG):
        qtbot.mouseClick(lesson.cancel_button, Qt.LeftButton)
    assert lesson.summary_label.text().startswith("Cancelled")
    assert lesson.results_table.rowCount() == 0
    assert not lesson.cancel_button.isEnabled()
    with qtbot.waitSignal(lesson.check_shown, timeout=HUNG):  # another choice checks again
        choose_network(qtbot, lesson, "two-layer")
    assert table_texts(lesson) == expected_rows(engine_lesson.check_network("two-layer"))


def test_closing_the_window_stops_a_running_check(qtbot, window, lesson):
    choose_network(qtbot, lesson, "deep-cnn")
    assert lesson.shutdown()  # stopped within one forward pass and joined


def test_the_plot_is_the_engines_sweep(lesson):
    sweep = engine_lesson.step_sweep()
    for dtype, curve in lesson.sweep_curves.items():
        x, y = curve.getOriginalDataset()
        np.testing.assert_array_equal(x, sweep.steps)
        np.testing.assert_array_equal(y, sweep.errors[dtype])
    text = lesson.sweep_label.text()
    for dtype in ("float32", "float64"):
        step, error = sweep.best(dtype)
        assert f"{dtype}: smallest error {format_number(error, 2)} at h = " \
               f"{format_number(step, 2)}" in text
    assert "float64: smallest error 2e-11 at h = 3.2e-05" in text  # as measured
    assert lesson.plot.getPlotItem().ctrl.logXCheck.isChecked()
