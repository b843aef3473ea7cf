"""SmoothedSeries: debiased EMA worked by hand, chunking, non-finite values, bad weights."""
import math

import numpy as np
import pytest

from engine import SmoothedSeries
from engine.training.curves import DEFAULT_WEIGHT


def test_weight_one_half_worked_by_hand():
    # biased EMA: 0.5*0 + 0.5*1 = 0.5, debiased by 1 - 0.5 = 0.5 -> 1
    #             0.5*0.5 + 0.5*3 = 1.75, debiased by 1 - 0.25 = 0.75 -> 7/3
    #             0.5*1.75 + 0.5*5 = 3.375, debiased by 1 - 0.125 = 0.875 -> 27/7
    smoothed = SmoothedSeries(weight=0.5).push([1.0, 3.0, 5.0])
    np.testing.assert_allclose(smoothed, [1.0, 7 / 3, 27 / 7], rtol=1e-15)


def test_first_value_is_not_pulled_toward_zero():
    assert SmoothedSeries(weight=0.98).push([2.3])[0] == pytest.approx(2.3, rel=1e-12)
    assert SmoothedSeries(weight=0.999).push([0.7])[0] == pytest.approx(0.7, rel=1e-12)


def test_weight_0_9_on_a_step_worked_by_hand():
    # values 0, 10: biased 0 then 0.1*10 = 1; divisor 1 - 0.81 = 0.19 -> 1/0.19
    smoothed = SmoothedSeries(weight=0.9).push([0.0, 10.0])
    np.testing.assert_allclose(smoothed, [0.0, 1 / 0.19], rtol=1e-14)


def test_a_constant_stays_constant():
    smoothed = SmoothedSeries(weight=0.98).push(np.full(500, 0.25))
    np.testing.assert_allclose(smoothed, 0.25, rtol=1e-12)


def test_weight_zero_means_no_smoothing():
    values = [3.0, -1.0, 4.5, 0.0]
    np.testing.assert_array_equal(SmoothedSeries(weight=0.0).push(values), values)


def test_chunked_pushes_equal_one_push():
    values = np.random.default_rng(0).normal(2.0, 0.5, 1000)
    whole = SmoothedSeries(0.98).push(values)
    series = SmoothedSeries(0.98)
    chunks = [series.push(chunk) for chunk in np.split(values, [1, 7, 7, 300, 301, 999])]
    np.testing.assert_array_equal(np.concatenate(chunks), whole)


def test_state_is_kept_between_pushes():
    series = SmoothedSeries(weight=0.5)
    series.push([1.0])
    assert series.push([3.0])[0] == pytest.approx(7 / 3)
    assert series.count == 2
    assert series.last == pytest.approx(7 / 3)


def test_non_finite_values_repeat_the_last_smoothed_value_and_leave_the_state_alone():
    series = SmoothedSeries(weight=0.5)
    smoothed = series.push([1.0, math.nan, math.inf, 3.0, -math.inf])
    np.testing.assert_allclose(smoothed, [1.0, 1.0, 1.0, 7 / 3, 7 / 3])
    assert series.count == 2


def test_non_finite_values_before_any_finite_one_give_nan():
    smoothed = SmoothedSeries(weight=0.5).push([math.nan, 4.0])
    assert math.isnan(smoothed[0])
    assert smoothed[1] == 4.0


def test_reset_starts_afresh():
    series = SmoothedSeries(weight=0.5)
    series.push([100.0, 200.0])
    series.reset()
    assert math.isnan(series.last) and series.count == 0
    np.testing.assert_allclose(series.push([1.0, 3.0]), [1.0, 7 / 3])


def test_empty_push_returns_an_empty_float_array():
    smoothed = SmoothedSeries().push([])
    assert smoothed.shape == (0,) and smoothed.dtype == np.float64


def test_default_weight_suits_thousands_of_iterations():
    assert SmoothedSeries().weight == DEFAULT_WEIGHT == 0.98


@pytest.mark.parametrize("weight", [1.0, 1.5, -0.1, math.nan, math.inf, "0.5", None, True])
def test_bad_weight_raises_value_error(weight):
    with pytest.raises(ValueError, match="weight"):
        SmoothedSeries(weight=weight)


def test_values_must_be_one_dimensional():
    with pytest.raises(ValueError, match="1-D"):
        SmoothedSeries().push([[1.0, 2.0]])
    with pytest.raises(ValueError, match="1-D"):
        SmoothedSeries().push(1.0)
