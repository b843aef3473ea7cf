"""Lesson 3's readings against SoftmaxWithLoss, softmax and cross_entropy_error themselves."""
import math

import numpy as np
import pytest

from engine.lessons import softmax as lesson
from engine.nn.layers import SoftmaxWithLoss, cross_entropy_error, softmax

SCORES = np.array([-1.0, 0.5, 2.0, 1.0, -2.0, 0.0, -1.5, 4.0, 0.8, 1.2])


def test_equal_scores_give_a_tenth_each_and_the_book_s_loss():
    reading = lesson.read_scores(np.zeros(10), label=3)
    np.testing.assert_allclose(reading.probabilities, 0.1, rtol=1e-15)
    assert reading.loss == pytest.approx(-math.log(0.1 + 1e-7), rel=1e-15)
    expected_gradient = np.full(10, 0.1)
    expected_gradient[3] -= 1
    np.testing.assert_allclose(reading.gradient, expected_gradient, rtol=1e-15)


@pytest.mark.parametrize("temperature", [0.01, 0.5, 1.0, 3.0, 10.0])
def test_a_reading_is_what_softmax_with_loss_returns(temperature):
    reading = lesson.read_scores(SCORES, label=7, temperature=temperature)
    layer = SoftmaxWithLoss()
    x = (SCORES / temperature).reshape(1, -1)
    assert reading.loss == layer.forward(x, np.array([7]))
    np.testing.assert_array_equal(reading.gradient, layer.backward()[0])
    np.testing.assert_array_equal(reading.probabilities, softmax(x)[0])
    np.testing.assert_array_equal(reading.probabilities,
                                  lesson.probabilities_of(SCORES, temperature))
    np.testing.assert_array_equal(reading.scaled, x[0])
    assert reading.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    t = np.eye(10)[7]
    np.testing.assert_allclose(reading.gradient, reading.probabilities - t, atol=1e-15)


def test_temperature_flattens_and_sharpens():
    cold, warm = (lesson.read_scores(SCORES, 7, t) for t in (0.5, 5.0))
    plain = lesson.read_scores(SCORES, 7, 1.0)
    assert cold.probabilities.max() > plain.probabilities.max() > warm.probabilities.max()


def test_the_guard_keeps_a_confident_wrong_answer_finite():
    scores, label = lesson.confident_wrong_scores(gap=1000.0)
    reading = lesson.read_scores(scores, label)
    assert reading.true_probability == 0.0 and reading.underflowed
    assert reading.unguarded_loss == math.inf
    assert reading.loss == pytest.approx(-math.log(1e-7)) == lesson.MAX_GUARDED_LOSS
    assert lesson.MAX_GUARDED_LOSS == pytest.approx(16.118, abs=1e-3)
    assert reading.exact_loss == pytest.approx(1000.0)
    assert reading.guard_estimate == math.inf
    # backward is unharmed: the gradient is still y - t
    np.testing.assert_array_equal(reading.gradient, reading.probabilities - np.eye(10)[label])


def test_low_temperature_underflows_as_a_big_gap_does():
    scores = np.zeros(10)
    scores[3], scores[8] = 10.0, -10.0
    reading = lesson.read_scores(scores, 8, temperature=0.01)
    assert reading.underflowed and reading.unguarded_loss == math.inf
    assert reading.exact_loss == pytest.approx(2000.0)


def test_the_guard_costs_about_guard_over_y_t():
    reading = lesson.read_scores(SCORES, 7)
    assert not reading.underflowed
    assert reading.unguarded_loss == cross_entropy_error(reading.probabilities, np.array([7]),
                                                         guard=0.0)
    assert reading.exact_loss == pytest.approx(reading.unguarded_loss, rel=1e-14)
    assert reading.guard_cost == pytest.approx(1e-7 / reading.true_probability, rel=1e-6)
    assert reading.guard_estimate == 1e-7 / reading.true_probability
    even = lesson.read_scores(np.zeros(10), 0)
    assert even.guard_cost == pytest.approx(1e-6, rel=1e-6)  # 1e-7 / 0.1


def test_exact_loss_is_log_sum_exp_minus_the_true_score():
    assert lesson.exact_loss([0.0, 0.0], 0) == pytest.approx(math.log(2))
    assert lesson.exact_loss([1000.0, 0.0], 1) == pytest.approx(1000.0)


def test_readings_cannot_be_changed_by_whoever_shows_them():
    reading = lesson.read_scores(SCORES, 7)
    with pytest.raises(ValueError):
        reading.probabilities[0] = 1.0
    assert reading.scores.dtype == np.float64


@pytest.mark.parametrize(("scores", "label", "temperature", "message"), [
    (np.zeros(9), 0, 1.0, "10 scores"),
    (np.array([np.nan] + [0.0] * 9), 0, 1.0, "finite"),
    (np.array([np.inf] + [0.0] * 9), 0, 1.0, "finite"),
    (np.zeros(10), 10, 1.0, "class 0-9"),
    (np.zeros(10), -1, 1.0, "class 0-9"),
    (np.zeros(10), 1.5, 1.0, "class 0-9"),
    (np.zeros(10), 0, 0.0, "above 0"),
    (np.zeros(10), 0, -1.0, "above 0"),
    (np.zeros(10), 0, float("nan"), "above 0"),
])
def test_bad_readings_are_refused(scores, label, temperature, message):
    with pytest.raises(ValueError, match=message):
        lesson.read_scores(scores, label, temperature)


def test_huge_scores_stay_finite():
    scores = np.zeros(10)
    scores[0] = 1e300
    reading = lesson.read_scores(scores, 0, temperature=0.01)  # 1e302: softmax shifts by max
    assert reading.probabilities[0] == 1.0 and reading.loss == pytest.approx(-math.log1p(1e-7))


def test_the_sources_are_the_layer_and_its_functions():
    assert lesson.layer_sources() == (SoftmaxWithLoss, softmax, cross_entropy_error)
