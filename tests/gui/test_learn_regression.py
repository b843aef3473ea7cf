"""Lesson 6 as a student meets it: Start trains the warm-up three ways and the three curves
drawn are the engine's and coincide; the sum/product toy shows what its seed did, dead
ReLUs included. Every number read from the widgets equals engine.lessons.regression's."""
from PySide6.QtCore import Qt

import numpy as np
import pytest

from engine.lessons import regression
from gui.pages.learn.common import format_number
from gui.pages.learn.regression import RegressionLesson

from qt_helpers import HUNG, choose_lesson


@pytest.fixture(scope="module")
def warmup():
    return regression.warmup_curves()


@pytest.fixture(scope="module")
def toys():
    return {seed: regression.train_toy(seed) for seed in (1, 5)}


def open_lesson(qtbot, window):
    lesson = choose_lesson(qtbot, window, RegressionLesson)
    qtbot.waitUntil(lambda: lesson.toy is not None, timeout=HUNG)  # it trains seed 1 at once
    return lesson


def type_seed(qtbot, lesson, text):
    """Select the seed box's text, type over it and press Enter, as a user does."""
    box = lesson.seed_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def shown_curve(lesson, way):
    """The points handed to the plot (before its log scale)."""
    x, y = lesson.way_curves[way].getOriginalDataset()
    return np.asarray(x), np.asarray(y)


def test_start_trains_three_ways_whose_curves_are_the_engines_and_coincide(qtbot, window,
                                                                            warmup):
    lesson = open_lesson(qtbot, window)
    assert lesson.warmup_plot.getPlotItem().getAxis("left").logMode  # a log-scale loss
    qtbot.mouseClick(lesson.start_button, Qt.LeftButton)
    assert not lesson.start_button.isEnabled() and lesson.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not lesson.warmup_running(), timeout=HUNG)
    for way in regression.WAYS:
        x, y = shown_curve(lesson, way)
        assert x.tolist() == list(range(1, 301))
        assert y.tolist() == list(warmup.losses(way))  # the engine's numbers, as computed
    np.testing.assert_allclose(shown_curve(lesson, "hand")[1], shown_curve(lesson, "layers")[1],
                               rtol=1e-4)
    np.testing.assert_allclose(shown_curve(lesson, "trainer")[1],
                               shown_curve(lesson, "layers")[1], rtol=1e-4)
    absolute, relative = warmup.largest_difference()
    status = lesson.warmup_status.text()
    assert (f"largest difference between the curves: {format_number(absolute, 3)} (a "
            f"relative {format_number(relative, 3)} of the loss)") in status
    assert f"from {format_number(warmup.layers[0])} to {format_number(warmup.layers[-1])}" \
        in status
    assert status.startswith("300 steps each")
    assert lesson.warmup_progress.value() == lesson.warmup_progress.maximum() == 900
    assert lesson.start_button.isEnabled() and not lesson.stop_button.isEnabled()


def test_the_three_ways_code_is_shown_side_by_side(qtbot, window):
    lesson = open_lesson(qtbot, window)
    views = {way: lesson.way_sources[way].view for way in regression.WAYS}
    assert views["hand"].source().text.startswith("def hand_written_step(")
    assert views["layers"].source().text.startswith("def layers_step(")
    assert views["trainer"].source().text.startswith("def build_trainer(")
    hand = views["hand"].highlighted_lines()
    assert "loss = np.square(y_pred - y).sum() / y_pred.size" in hand
    assert "grad_y_pred = 2.0 * (y_pred - y) / y_pred.size" in hand
    assert "loss = network.gradient(x, y)" in views["layers"].highlighted_lines()
    tops = [lesson.way_sources[way].mapTo(lesson, lesson.way_sources[way].rect().topLeft())
            for way in regression.WAYS]
    assert len({top.y() for top in tops}) == 1 and tops[0].x() < tops[1].x() < tops[2].x()
    # the layers' way: choose the engine class that ran, with the keyboard
    choice = lesson.way_sources["layers"].choice
    choice.setFocus()
    while choice.currentText() != "Affine":
        qtbot.keyClick(choice, Qt.Key_Down)
    assert views["layers"].source().text.startswith("class Affine(")
    assert "self.dW = self.x.T @ dout" in views["layers"].highlighted_lines()


def test_stop_ends_the_training_and_start_begins_again(qtbot, window, warmup):
    lesson = open_lesson(qtbot, window)
    qtbot.mouseClick(lesson.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: lesson.curves is not None, timeout=HUNG)
    qtbot.mouseClick(lesson.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not lesson.warmup_running(), timeout=HUNG)
    steps = lesson.curves.steps
    assert 0 < steps < 300
    assert lesson.warmup_status.text() == (f"Stopped after {steps} steps. Start trains again "
                                           "from the first step.")
    assert shown_curve(lesson, "layers")[1].tolist() == list(warmup.layers[:steps])
    qtbot.mouseClick(lesson.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not lesson.warmup_running(), timeout=HUNG)
    assert shown_curve(lesson, "trainer")[1].tolist() == list(warmup.trainer)


def test_closing_the_window_stops_the_training(qtbot, window):
    lesson = open_lesson(qtbot, window)
    qtbot.mouseClick(lesson.start_button, Qt.LeftButton)
    window.close()
    assert not lesson.warmup_running() and not lesson.toy_running()


def test_the_toy_shows_seed_1_as_the_engine_trains_it(qtbot, window, toys):
    lesson = open_lesson(qtbot, window)
    expected = toys[1]
    assert lesson.seed_box.value() == 1 and lesson.toy.seed == 1
    assert lesson.hidden_table.texts() == [["1500", "1437"], ["0", "0"]]
    assert lesson.hidden_table.texts() == [[str(a), str(b)] for a, b in
                                           zip(expected.positive_before,
                                               expected.positive_after, strict=True)]
    assert lesson.toy_status.text() == (
        "Seed 1: hidden unit 2 is dead after training (positive on 0 of the 1,500 inputs); "
        f"unit 1 (positive on 1,437) fits alone: final loss "
        f"{format_number(expected.final_loss, 3)}.")
    rows = np.column_stack([expected.grid_inputs, expected.grid_truth[:, 0],
                            expected.grid_predictions[:, 0], expected.grid_truth[:, 1],
                            expected.grid_predictions[:, 1]])
    assert lesson.grid_table.texts() == [[format_number(v) for v in row] for row in rows]
    assert lesson.grid_table.texts()[4][:3] == ["0.5", "0.5", "1"]
    _, losses = lesson.toy_loss_curve.getOriginalDataset()
    assert losses.tolist() == list(expected.losses)
    truth, predicted = lesson.toy_points["product"].getOriginalDataset()
    assert truth.tolist() == expected.truth[:, 1].tolist()
    assert predicted.tolist() == expected.predictions[:, 1].tolist()


def test_a_seed_that_kills_both_relus_is_explained(qtbot, window, toys):
    lesson = open_lesson(qtbot, window)
    type_seed(qtbot, lesson, "5")
    qtbot.waitUntil(lambda: lesson.toy.seed == 5 and not lesson.toy_running(), timeout=HUNG)
    dead = toys[5]
    assert lesson.hidden_table.texts() == [["1500", "0"], ["873", "0"]]
    assert lesson.toy_status.text() == (
        "Seed 5: both hidden units are dead after training (positive on 0 and 0 of the 1,500 "
        f"inputs). The output is a constant and the loss stalls at "
        f"{format_number(dead.final_loss, 3)}.")
    predicted = np.array([[float(text) for text in row] for row in lesson.grid_table.texts()])
    assert np.ptp(predicted[:, 3]) == 0 and np.ptp(predicted[:, 5]) == 0  # a constant output


def test_the_dying_relu_button_trains_seed_5(qtbot, window, toys):
    lesson = open_lesson(qtbot, window)
    qtbot.mouseClick(lesson.dead_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: lesson.toy.seed == 5 and not lesson.toy_running(), timeout=HUNG)
    assert lesson.seed_box.value() == 5
    assert lesson.toy.losses == toys[5].losses


def test_a_seed_box_takes_only_a_seed(qtbot, window):
    lesson = open_lesson(qtbot, window)
    type_seed(qtbot, lesson, "abc")  # letters are refused as they are typed
    assert lesson.seed_box.value() == 1 and not lesson.toy_running()
    type_seed(qtbot, lesson, "99999999999")  # past the largest seed: the extra digits refused
    assert lesson.seed_box.value() <= lesson.seed_box.maximum()
    qtbot.waitUntil(lambda: lesson.toy.seed == lesson.seed_box.value()
                    and not lesson.toy_running(), timeout=HUNG)
    assert lesson.toy_status.text().startswith(f"Seed {lesson.seed_box.value()}:")
