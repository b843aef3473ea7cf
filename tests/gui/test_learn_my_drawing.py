"""Lesson 5 as a student meets it: draw a digit, say what it is, read the gradient of the loss
for every pixel and for the first layer's weights, take one SGD step on a copy of the model
and undo it; the window's own model never changes."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import numpy as np
import pytest

import engine
from engine.lessons import my_drawing as engine_lesson
from engine.nn.gradcheck import exact_loss, numerical_gradient
from gui.pages.learn.common import format_number
from gui.pages.learn.my_drawing import MyDrawingLesson
from gui.simulate import drag

from qt_helpers import HUNG, choose_lesson

STROKE = [(90, 40), (100, 110), (110, 180)]  # a "1" on the lesson's 224 px canvas
PIXELS = [(9, 13), (14, 13), (18, 12), (12, 15)]  # on the stroke


def draw(qtbot, lesson, points=STROKE):
    with qtbot.waitSignal(lesson.shown, timeout=HUNG):
        drag(lesson.canvas, points, steps_between=6)


def choose_label(qtbot, lesson, digit):
    """Pick `digit` in the combo box with the keyboard, as a user does."""
    box = lesson.label_box
    box.setFocus()
    key = Qt.Key_Down if digit > box.currentIndex() else Qt.Key_Up
    while box.currentIndex() != digit:
        with qtbot.waitSignal(lesson.shown, timeout=HUNG):
            qtbot.keyClick(box, key)


def set_learning_rate(qtbot, lesson, text):
    box = lesson.lr_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def column(lesson, index):
    return [row[index] for row in lesson.probability_table.texts()]


def window_weights(window):
    return {name: a.tobytes() for name, a in window.current_model.network.state_arrays().items()}


@pytest.fixture
def lesson(qtbot, window):
    return choose_lesson(qtbot, window, MyDrawingLesson)


def test_without_a_drawing_it_says_to_draw(qtbot, lesson):
    qtbot.waitUntil(lambda: lesson.hint_label.text() != "", timeout=HUNG)
    assert lesson.hint_label.text() == "Draw a digit on the canvas: its gradients appear here."
    assert not lesson.step_button.isEnabled() and not lesson.undo_button.isEnabled()
    assert lesson.saliency_item.image is None


def test_without_a_model_it_says_to_open_one(qtbot, make_window):
    window = make_window(open_model=False)
    window.page_actions[2].trigger()  # the Pages menu (no widget has the keyboard focus yet)
    lesson = choose_lesson(qtbot, window, MyDrawingLesson)
    draw(qtbot, lesson)
    assert lesson.hint_label.text().startswith("No model: open one")
    assert not lesson.step_button.isEnabled()


def test_the_saliency_is_the_engines_gradient(qtbot, window, lesson):
    draw(qtbot, lesson)
    image = window.drawing.image()
    assert image is not None and lesson.hint_label.isHidden()
    network = window.current_model.network
    answer = int(np.argmax(network.host_output(image.reshape(1, 1, 28, 28))[0]))
    assert lesson.label() == answer  # it follows the network's reading until chosen
    label = (answer + 3) % 10
    choose_label(qtbot, lesson, label)
    expected = engine_lesson.DrawingLab(network).gradients(image, label)
    np.testing.assert_array_equal(lesson.saliency_item.image, expected.input_gradient)
    assert lesson.loss_label.text().startswith(
        f"Loss for “{label}”: {format_number(expected.loss, 4)}.")
    # the deep CNN's first layer is a convolution: its filters' gradients are pictured
    assert [lbl.text for lbl in lesson.weight_labels] == [f"filter {u}" for u in expected.units]
    for item, picture in zip(lesson.weight_items, expected.weight_gradients, strict=True):
        np.testing.assert_array_equal(item.image, picture)
    assert "filters" in lesson.weights_caption.text()
    assert "Convolution" in lesson.backward_source.heading.text() or \
        "convolution.py" in lesson.backward_source.heading.text()
    # the label the student chose stays when the drawing changes
    draw(qtbot, lesson, [(120, 60), (130, 150)])
    assert lesson.label() == label


def test_a_sure_answer_is_explained_rather_than_shown_as_a_blank_picture(qtbot, window, lesson):
    draw(qtbot, lesson)
    image = window.drawing.image()
    expected = engine_lesson.DrawingLab(window.current_model.network).gradients(
        image, lesson.label())
    assert expected.probabilities[lesson.label()] >= 0.999  # the bundled CNN is sure of a 1
    assert f"already sure it is a {lesson.label()}" in lesson.loss_label.text()
    choose_label(qtbot, lesson, (lesson.label() + 1) % 10)
    assert "already sure" not in lesson.loss_label.text()


def test_one_step_and_undo_on_a_copy(qtbot, window, lesson):
    draw(qtbot, lesson)
    image = window.drawing.image()
    network = window.current_model.network
    untouched = window_weights(window)
    choose_label(qtbot, lesson, 7)
    set_learning_rate(qtbot, lesson, "0.01")
    assert lesson.lr_box.value() == 0.01
    model_column = column(lesson, 0)
    assert column(lesson, 1) == model_column  # no step yet: the copy reads as the model
    before = lesson.lab().weights()

    with qtbot.waitSignal(lesson.stepped, timeout=HUNG) as stepped:
        qtbot.mouseClick(lesson.step_button, Qt.LeftButton)

    # the step is the engine's SGD update, computed again here on a copy of our own
    copy = engine_lesson.lesson_copy(network)
    # read as the network reads (train=False: batch norm's running statistics), then backward
    copy.loss(image.reshape(1, 1, 28, 28).astype(np.float32), np.array([7]), train=False)
    copy.backward()
    grads = {name: g.copy() for name, g in copy.grads().items()}
    start = {name: p.copy() for name, p in copy.params().items()}
    engine.make_optimizer("sgd", lr=0.01).update(copy.params(), copy.grads())
    for name, param in copy.params().items():
        np.testing.assert_array_equal(param, start[name] - 0.01 * grads[name])
    after = copy.host_output(image.reshape(1, 1, 28, 28))[0]
    assert column(lesson, 1) == [format_number(p) for p in after]
    np.testing.assert_array_equal(lesson.copy_bars.opts["height"], after)
    assert column(lesson, 0) == model_column  # the model's own reading has not moved
    assert stepped.args[0].after[7] > stepped.args[0].before[7]
    assert lesson.steps_label.text() == "Steps the copy has taken: 1."
    assert lesson.undo_button.isEnabled()
    assert window_weights(window) == untouched

    qtbot.mouseClick(lesson.undo_button, Qt.LeftButton)  # undone and redrawn at once
    for name, array in lesson.lab().weights().items():
        assert array.tobytes() == before[name].tobytes()  # bit for bit
    assert column(lesson, 1) == model_column
    assert lesson.steps_label.text() == "Steps the copy has taken: 0."
    assert not lesson.undo_button.isEnabled()
    assert window_weights(window) == untouched


def test_a_learning_rate_that_is_not_a_number_is_refused(qtbot, lesson):
    set_learning_rate(qtbot, lesson, "0.2")
    set_learning_rate(qtbot, lesson, "abc")
    assert lesson.lr_box.value() == 0.2  # the spin box takes only numbers
    set_learning_rate(qtbot, lesson, "1e9")
    assert lesson.lr_box.value() <= lesson.lr_box.maximum() == 10
    set_learning_rate(qtbot, lesson, "")
    assert lesson.lr_box.value() > 0


def test_an_mlp_shows_its_hidden_units_and_its_saliency_is_the_numerical_gradient(
        qtbot, window, tmp_path):
    network = engine.build_network(engine.mlp_config(hidden=(20,), seed=5))
    path = tmp_path / "small-mlp.npz"
    engine.save_model(path, network)
    with qtbot.waitSignal(window.model_opened, timeout=HUNG):
        window.open_model(path)
    lesson = choose_lesson(qtbot, window, MyDrawingLesson)
    draw(qtbot, lesson)
    choose_label(qtbot, lesson, 4)
    image = window.drawing.image()
    # the view's saliency against a difference quotient on a float64 copy of the model
    copy = engine_lesson.lesson_copy(window.current_model.network, dtype="float64")
    x = image.reshape(1, 1, 28, 28).astype(np.float64)
    t = np.array([4])
    with exact_loss(copy):
        numeric = numerical_gradient(lambda: copy.loss(x, t, train=False), x, 1e-6,
                                     [(0, 0, *p) for p in PIXELS])
    shown = lesson.saliency_item.image
    for pixel in PIXELS:
        assert shown[pixel] == pytest.approx(numeric[(0, 0, *pixel)], rel=1e-3, abs=1e-6)
    assert np.abs(shown).max() > 0
    expected = engine_lesson.DrawingLab(window.current_model.network).gradients(image, 4)
    assert [lbl.text for lbl in lesson.weight_labels] == [f"unit {u}" for u in expected.units]
    for item, picture in zip(lesson.weight_items, expected.weight_gradients, strict=True):
        assert item.image.shape == (28, 28)
        np.testing.assert_array_equal(item.image, picture)
    assert "hidden units" in lesson.weights_caption.text()
    assert "layers.py" in lesson.backward_source.heading.text()
    assert any("self.dW" in line for line in lesson.backward_source.highlighted_lines())


def test_the_lesson_follows_a_new_model(qtbot, window, lesson, tmp_path):
    draw(qtbot, lesson)
    with qtbot.waitSignal(lesson.stepped, timeout=HUNG):
        qtbot.mouseClick(lesson.step_button, Qt.LeftButton)
    path = tmp_path / "another.npz"
    engine.save_model(path, engine.build_network(engine.mlp_config(hidden=(10,))))
    with qtbot.waitSignal(lesson.shown, timeout=HUNG):
        window.open_model(path)
    assert lesson.lab().steps == 0  # a copy of the new model, no steps taken
    assert lesson.lab().network.config["layers"][0]["type"] == "Affine"
    assert QApplication.focusWidget() is not None
