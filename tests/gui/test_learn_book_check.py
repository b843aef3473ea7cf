"""Lesson 7 as a student meets it: the first test images, each with its line as the book's
readers print it (`7 == 7: o`), read by the model on screen; the same lines as `python -m
engine eval MODEL --list N`, and the same answers as the engine's."""
from PySide6.QtCore import Qt

import pytest

import engine
from engine.cli import main
from engine.data.datasets import Dataset
from engine.lessons.book_check import book_check
from gui.pages.learn.book_check import BookCheckLesson

from qt_helpers import HUNG, choose_lesson, write_dataset_dir


def load_bundled_mnist(qtbot, window):
    """What the app does as it starts: load the chosen dataset folder (the bundled MNIST)."""
    window.load_dataset()
    qtbot.waitUntil(lambda: window.dataset() is not None, timeout=HUNG)


def open_with_data(qtbot, window):
    load_bundled_mnist(qtbot, window)
    lesson = choose_lesson(qtbot, window, BookCheckLesson)
    qtbot.waitUntil(lambda: lesson.check is not None and not lesson.busy(), timeout=HUNG)
    return lesson


def type_count(qtbot, lesson, text):
    box = lesson.count_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def engine_check(window, count):
    data = window.dataset()
    return book_check(window.current_model.network, data.x_test, data.t_test, count,
                      window.current_model.class_names)


def test_the_lines_are_those_the_command_line_prints(qtbot, window, tmp_path, capsys):
    lesson = open_with_data(qtbot, window)
    assert lesson.count_box.value() == 10
    lines = lesson.lines()
    assert lines[:3] == ["7 == 7: o", "2 == 2: o", "1 == 1: o"] and len(lines) == 10
    # the CLI on the same ten test images (a folder holding only them: the usual evaluation
    # that follows the lines then reads ten images, not ten thousand)
    data = window.dataset()
    first = Dataset("first-ten", None, data.x_test[:10], data.t_test[:10], data.x_test[:10],
                    data.t_test[:10])
    folder = write_dataset_dir(tmp_path / "first-ten", first)
    code = main(["eval", str(engine.bundled_model_path()), "--data", str(folder), "--list",
                 "10"])
    printed = capsys.readouterr().out.splitlines()
    assert code == 0 and printed[:10] == lines


def test_the_marks_are_the_engines_answers(qtbot, window):
    lesson = open_with_data(qtbot, window)
    data = window.dataset()
    predictions = engine.evaluate_predictions(window.current_model.network,
                                              engine.to_float32(data.x_test[:10]),
                                              data.t_test[:10])
    marks = [line[-1] for line in lesson.lines()]
    assert marks == ["o" if right else "x" for right in
                     predictions.predicted == predictions.labels]
    answers = [int(line.split(" == ")[1].split(":")[0]) for line in lesson.lines()]
    assert answers == predictions.predicted.tolist()
    assert list(lesson.check.lines) == lesson.lines() == list(engine_check(window, 10).lines)


def test_more_images_bring_the_first_mistake_highlighted(qtbot, window):
    lesson = open_with_data(qtbot, window)
    type_count(qtbot, lesson, "200")
    qtbot.waitUntil(lambda: lesson.check.count == 200 and not lesson.busy(), timeout=HUNG)
    expected = engine_check(window, 200)
    assert lesson.lines() == list(expected.lines) and len(lesson.lines()) == 200
    wrong = list(expected.wrong_indices())
    assert wrong, "the bundled model gets one of its first 200 test images wrong"
    assert lesson.highlighted_rows() == wrong
    assert all(lesson.lines()[row].endswith(": x") for row in wrong)
    right = expected.right_count
    assert lesson.summary.text() == (f"The first 200 test images: {right} right, "
                                     f"{200 - right} wrong ({expected.accuracy:.1%}).")
    type_count(qtbot, lesson, "3")
    qtbot.waitUntil(lambda: lesson.check.count == 3 and not lesson.busy(), timeout=HUNG)
    assert lesson.lines() == ["7 == 7: o", "2 == 2: o", "1 == 1: o"]
    assert lesson.summary.text() == "The first 3 test images: 3 right, 0 wrong (100.0%)."


@pytest.mark.parametrize(("typed", "value"), [("abc", 10), ("0", 10), ("99999", 999)])
def test_the_count_takes_only_a_count_of_images(qtbot, window, typed, value):
    lesson = open_with_data(qtbot, window)
    type_count(qtbot, lesson, typed)
    assert lesson.count_box.value() == value
    qtbot.waitUntil(lambda: lesson.check.count == value and not lesson.busy(), timeout=HUNG)
    assert len(lesson.lines()) == value


def test_without_a_test_set_it_says_where_to_choose_one(qtbot, window):
    lesson = choose_lesson(qtbot, window, BookCheckLesson)
    assert window.dataset() is None
    assert lesson.summary.text() == ("No test set: choose a dataset folder on the Draw & "
                                     "Train page.")
    assert lesson.lines() == []
    load_bundled_mnist(qtbot, window)  # once it is loaded, the lesson reads it
    qtbot.waitUntil(lambda: lesson.check is not None and not lesson.busy(), timeout=HUNG)
    assert lesson.lines()[0] == "7 == 7: o"


def test_a_folder_that_is_not_a_dataset_is_named(qtbot, window, tmp_path):
    lesson = choose_lesson(qtbot, window, BookCheckLesson)
    window.train_panel.set_dataset_folder(tmp_path)  # as Browse does
    qtbot.waitUntil(lambda: window.datasets.problem() is not None, timeout=HUNG)
    text = lesson.summary.text()
    assert text.startswith("No test set: ") and window.datasets.problem() in text
    assert text.endswith("Choose a dataset folder on the Draw & Train page.")


def test_without_a_model_it_says_so(qtbot, make_window):
    window = make_window(open_model=False)
    load_bundled_mnist(qtbot, window)
    lesson = choose_lesson(qtbot, window, BookCheckLesson)
    assert window.current_model.network is None
    assert lesson.summary.text().startswith("No model: open one")
    assert lesson.lines() == []


def test_the_code_that_printed_the_lines_is_shown(qtbot, window):
    lesson = open_with_data(qtbot, window)
    view = lesson.source.view
    assert view.source().text.startswith("def book_check(")
    assert any("evaluate_predictions(" in line for line in view.highlighted_lines())
    choice = lesson.source.choice
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key_Down)
    assert view.source().text.startswith("def check_line(")
    assert 'return f"{label} == {answer}: {mark}"' in view.highlighted_lines()


def test_a_test_set_loaded_while_the_lesson_was_hidden_is_read_when_it_shows(qtbot, window):
    lesson = choose_lesson(qtbot, window, BookCheckLesson)
    assert lesson.lines() == []
    window.page_actions[0].trigger()  # back to Draw & Train, as a user would
    load_bundled_mnist(qtbot, window)
    assert lesson.lines() == [] and not lesson.busy()  # hidden: nothing read yet
    window.page_actions[2].trigger()
    qtbot.waitUntil(lambda: lesson.check is not None and not lesson.busy(), timeout=HUNG)
    assert lesson.lines()[:2] == ["7 == 7: o", "2 == 2: o"]


def test_another_model_is_read_at_once(qtbot, window):
    lesson = open_with_data(qtbot, window)
    before, bundled_lines = window.current_model.network, lesson.lines()
    window.new_action.trigger()  # File > New: an untrained network
    qtbot.waitUntil(lambda: window.current_model.network is not before, timeout=HUNG)
    qtbot.waitUntil(lambda: not lesson.busy() and lesson.check is not None, timeout=HUNG)
    assert lesson.lines() == list(engine_check(window, 10).lines)
    assert lesson.lines() != bundled_lines  # an untrained network gets most of them wrong


def test_a_model_that_changes_while_it_reads_is_read_once_the_reading_ends(qtbot, window,
                                                                          monkeypatch):
    # a training run replaces the model four times a second: each reading is shown, then the
    # newest model is read (restarting at every change would never show anything)
    shown = []
    show_check = BookCheckLesson._show_check

    def noted(lesson, check, text, images=None):
        shown.append(check)
        show_check(lesson, check, text, images)
    monkeypatch.setattr(BookCheckLesson, "_show_check", noted)
    lesson = open_with_data(qtbot, window)
    bundled = engine_check(window, 500)
    type_count(qtbot, lesson, "500")
    assert lesson.busy()
    window.new_action.trigger()  # File > New while the bundled model's reading goes on
    qtbot.waitUntil(lambda: not lesson.busy() and lesson.check.count == 500, timeout=HUNG)
    assert [c.lines for c in shown[-2:]] == [bundled.lines, engine_check(window, 500).lines]
