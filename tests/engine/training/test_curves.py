"""SmoothedSeries: debiased EMA worked by hand, chunking, non-finite values, bad weights; the
memory that grows with the run (memory_fraction): early lag, late smoothness, its plateau."""
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


# --- a memory that grows with the run (memory_fraction) -----------------------------------

def test_growing_memory_worked_by_hand():
    # memory 1 + 0.5 * (n - 1), capped at 1 / (1 - 0.5) = 2: 1, 1.5, 2, 2
    # 1 -> 1; 1 + (4 - 1) / 1.5 = 3; 3 + (7 - 3) / 2 = 5; 5 + (10 - 5) / 2 = 7.5
    smoothed = SmoothedSeries(weight=0.5, memory_fraction=0.5).push([1.0, 4.0, 7.0, 10.0])
    np.testing.assert_allclose(smoothed, [1.0, 3.0, 5.0, 7.5], rtol=1e-15)


def falling_loss(n, seed=0):
    """The start of a run: 2.3 * exp(-i / 8) + 0.5 at iterations 1..n, and with 3 % noise."""
    iterations = np.arange(1, n + 1, dtype=np.float64)
    trend = 2.3 * np.exp(-iterations / 8) + 0.5
    return trend, trend * np.random.default_rng(seed).lognormal(0.0, 0.03, n)


def test_growing_memory_follows_a_loss_that_falls_fast():
    trend, losses = falling_loss(40)
    smoothed = SmoothedSeries(0.98, memory_fraction=1 / 8).push(losses)
    at_23 = smoothed[22]
    assert at_23 == pytest.approx(trend[22], rel=0.15)  # about 0.63
    # the plain debiased average of weight 0.98 is nearly the mean so far: about 1.1
    assert SmoothedSeries(0.98).push(losses)[22] > 1.5 * trend[22]


def test_growing_memory_smooths_a_long_run_as_the_full_memory_does():
    losses = 0.3 * np.random.default_rng(1).lognormal(0.0, 0.3, 2000)  # flat and noisy
    smoothed = SmoothedSeries(0.98, memory_fraction=1 / 8).push(losses)
    # iterations 1001..2000: an EMA of 50 values keeps about a tenth of the noise
    assert smoothed[1000:].std() < 0.2 * losses[1000:].std()
    assert smoothed[-1] == pytest.approx(losses.mean(), rel=0.1)


def test_growing_memory_becomes_the_moving_average_of_the_weight():
    values = np.random.default_rng(2).normal(1.0, 0.5, 600)
    smoothed = SmoothedSeries(0.98, memory_fraction=1 / 8).push(values)
    # memory 1 + (n - 1) / 8 reaches 50 at value n = 393: from then on s = w s' + (1 - w) x
    expected = 0.98 * smoothed[392:-1] + 0.02 * values[393:]
    np.testing.assert_allclose(smoothed[393:], expected, rtol=1e-12)
    assert not np.allclose(smoothed[1:300], 0.98 * smoothed[:299] + 0.02 * values[1:300])


def test_memory_fraction_one_is_the_running_mean_up_to_the_full_memory():
    values = np.arange(1.0, 21.0)
    smoothed = SmoothedSeries(weight=0.9, memory_fraction=1.0).push(values)  # memory up to 10
    np.testing.assert_allclose(smoothed[:10], np.cumsum(values[:10]) / np.arange(1, 11))
    assert smoothed[10] == pytest.approx(0.9 * smoothed[9] + 0.1 * values[10])


def test_growing_memory_chunked_pushes_equal_one_push():
    values = np.random.default_rng(3).normal(2.0, 0.5, 1000)
    whole = SmoothedSeries(0.98, memory_fraction=1 / 8).push(values)
    series = SmoothedSeries(0.98, memory_fraction=1 / 8)
    chunks = [series.push(chunk) for chunk in np.split(values, [1, 7, 7, 300, 301, 999])]
    np.testing.assert_array_equal(np.concatenate(chunks), whole)


def test_growing_memory_skips_non_finite_values_and_restarts_on_reset():
    series = SmoothedSeries(weight=0.5, memory_fraction=0.5)
    smoothed = series.push([math.nan, 1.0, math.inf, 4.0, -math.inf])
    assert math.isnan(smoothed[0])
    np.testing.assert_allclose(smoothed[1:], [1.0, 1.0, 3.0, 3.0])  # memory grew only once
    assert series.count == 2
    series.reset()
    np.testing.assert_array_equal(series.push([7.0]), [7.0])


def test_growing_memory_with_weight_zero_does_not_smooth():
    values = [3.0, -1.0, 4.5, 1e20, 1.0]
    smoothed = SmoothedSeries(weight=0.0, memory_fraction=0.25).push(values)
    np.testing.assert_array_equal(smoothed, values)


def test_memory_fraction_defaults_to_none_the_plain_debiased_average():
    assert SmoothedSeries().memory_fraction is None
    assert SmoothedSeries(memory_fraction=0.125).memory_fraction == 0.125


@pytest.mark.parametrize("fraction", [0, -0.5, 1.5, math.nan, math.inf, "0.1", True])
def test_bad_memory_fraction_raises_value_error(fraction):
    with pytest.raises(ValueError, match="memory_fraction"):
        SmoothedSeries(memory_fraction=fraction)
