"""The live training plots: one item per series, the data they draw, bounded level of detail."""
import math

from PySide6 import QtCore  # noqa: F401 - before pyqtgraph, so that it binds to PySide6

import numpy as np
import pyqtgraph as pg
import pytest

from engine import SmoothedSeries
from gui.plots import (
    MAX_DISPLAY_POINTS,
    SYMBOL_LIMIT,
    AccuracyPlot,
    GrowingBuffer,
    LossPlot,
    MinMaxDecimator,
)


@pytest.fixture
def loss_plot(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    return plot


@pytest.fixture
def accuracy_plot(qtbot):
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    return plot


def noisy_loss(n, seed=0):
    """A decaying loss with multiplicative noise, like a real run's."""
    rng = np.random.default_rng(seed)
    iterations = np.arange(1, n + 1, dtype=np.float64)
    return iterations, (0.1 + 2.2 * np.exp(-iterations / (n / 5))) * rng.lognormal(0, 0.3, n)


def data_items(plot):
    """The plot's data items, checked against what its scene really holds."""
    in_scene = [item for item in plot.scene().items() if isinstance(item, pg.PlotDataItem)]
    listed = plot.getPlotItem().listDataItems()
    assert len(in_scene) == len(listed)
    return listed


def drawn(item):
    x, y = item.getData()
    return (np.array([]), np.array([])) if x is None else (x, y)


def min_max_reference(x, y, bucket_size):
    """Decimation done the obvious way: for each bucket, its first minimum and last maximum in
    order; a last partial bucket the same way (one point if it holds one); the newest point."""
    keep = set()
    for start in range(0, len(y), bucket_size):
        bucket = y[start:start + bucket_size]
        keep.add(start + int(np.argmin(bucket)))
        keep.add(start + len(bucket) - 1 - int(np.argmax(bucket[::-1])))
    keep = sorted(keep | {len(y) - 1})
    return x[keep], y[keep]


# --- GrowingBuffer -------------------------------------------------------------------------

def test_growing_buffer_capacity_doubles_as_it_fills():
    buffer = GrowingBuffer(capacity=4)
    capacities = []
    for _ in range(9):
        buffer.append([1.0, 2.0], [3.0, 4.0])
        capacities.append(buffer.capacity)
    assert capacities == [4, 4, 8, 8, 16, 16, 16, 16, 32]
    buffer.append(np.zeros(100), np.zeros(100))  # 118 points: 32 doubles twice to 128
    assert buffer.capacity == 128 and len(buffer) == 118


def test_growing_buffer_views_hold_every_point_after_many_appends():
    rng = np.random.default_rng(1)
    buffer, xs, ys = GrowingBuffer(capacity=1), [], []
    for size in rng.integers(0, 50, 500):
        x, y = rng.random(size), rng.random(size)
        buffer.append(x, y)
        xs.append(x)
        ys.append(y)
    np.testing.assert_array_equal(buffer.x, np.concatenate(xs))
    np.testing.assert_array_equal(buffer.y, np.concatenate(ys))
    assert buffer.x.dtype == np.float64 and len(buffer) == sum(map(len, xs))


def test_growing_buffer_views_are_read_only_and_survive_later_appends_and_clear():
    buffer = GrowingBuffer(capacity=2)
    buffer.append([1, 2], [10, 20])
    x_before, y_before = buffer.x, buffer.y
    buffer.append(np.arange(3, 100), np.arange(30, 1000, 10))  # grows into new arrays
    buffer.clear()
    np.testing.assert_array_equal(x_before, [1, 2])
    np.testing.assert_array_equal(y_before, [10, 20])
    with pytest.raises(ValueError):
        x_before[0] = 5.0
    assert len(buffer) == 0 and buffer.capacity == 2 and len(buffer.x) == 0


@pytest.mark.parametrize("xs, ys", [([1, 2, 3], [1, 2]), ([1], []), ([[1, 2]], [[1, 2]])])
def test_growing_buffer_refuses_mismatched_or_non_1d_data(xs, ys):
    buffer = GrowingBuffer()
    with pytest.raises(ValueError):
        buffer.append(xs, ys)
    assert len(buffer) == 0


# --- MinMaxDecimator ---------------------------------------------------------------------

def test_decimator_with_buckets_of_two_keeps_every_point():
    decimator = MinMaxDecimator(max_points=40)
    x, y = np.arange(15.0), np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9.0])
    for start in range(0, 15, 4):
        decimator.append(x[start:start + 4], y[start:start + 4])
    assert decimator.bucket_size == 2
    np.testing.assert_array_equal(decimator.x, x)
    np.testing.assert_array_equal(decimator.y, y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_decimator_keeps_the_min_and_max_of_each_bucket_whatever_the_chunking(seed):
    rng = np.random.default_rng(seed)
    n = 100_000
    x = np.arange(n, dtype=np.float64)
    y = np.round(rng.normal(0, 1, n), 1)  # rounded: many ties inside buckets
    decimator = MinMaxDecimator(max_points=129)  # 64 buckets
    cuts = np.sort(rng.integers(0, n, 300))
    for xs, ys in zip(np.split(x, cuts), np.split(y, cuts), strict=True):
        decimator.append(xs, ys)
    assert decimator.max_buckets == 64 and len(decimator) <= 129
    expected_x, expected_y = min_max_reference(x, y, decimator.bucket_size)
    np.testing.assert_array_equal(decimator.x, expected_x)
    np.testing.assert_array_equal(decimator.y, expected_y)


def test_decimator_stays_bounded_after_a_million_points_and_keeps_the_extremes():
    rng = np.random.default_rng(3)
    decimator = MinMaxDecimator()
    x = np.arange(1_000_000, dtype=np.float64)
    y = rng.normal(0, 1, x.size)
    y[123_457], y[876_543] = 50.0, -50.0  # spikes a plain every-k-th copy would drop
    for start in range(0, x.size, 9_999):
        decimator.append(x[start:start + 9_999], y[start:start + 9_999])
    assert len(decimator) <= MAX_DISPLAY_POINTS
    assert decimator.bucket_size == 1024  # the smallest power of 2 that fits < 1022 buckets
    assert decimator.y.max() == 50.0 and decimator.y.min() == -50.0
    assert decimator.x[-1] == x[-1]  # the newest point is always shown
    assert (np.diff(decimator.x) > 0).all()


def test_decimator_needs_room_for_two_buckets():
    with pytest.raises(ValueError):
        MinMaxDecimator(max_points=4)


# --- LossPlot -----------------------------------------------------------------------------

@pytest.mark.slow  # 10,000 appends one by one: about 7 s
def test_loss_plot_keeps_one_item_per_series_after_10000_appends(loss_plot):
    raw, smoothed = loss_plot.raw_curve, loss_plot.smoothed_curve
    iterations, losses = noisy_loss(10_000)
    for i in range(10_000):
        loss_plot.append(iterations[i:i + 1], losses[i:i + 1])
    assert data_items(loss_plot) == [raw, smoothed]
    assert len(loss_plot.getPlotItem().legend.items) == 2
    assert loss_plot.point_count() == 10_000
    np.testing.assert_array_equal(loss_plot.raw_data()[1], losses)
    assert len(drawn(raw)[0]) <= MAX_DISPLAY_POINTS


def test_loss_plot_draws_what_was_appended_and_its_smoothing(loss_plot):
    iterations, losses = noisy_loss(1500)
    for chunk in np.array_split(np.arange(1500), 37):
        loss_plot.append(iterations[chunk].tolist(), losses[chunk].tolist())
    raw_x, raw_y = drawn(loss_plot.raw_curve)
    np.testing.assert_array_equal(raw_x, iterations)
    np.testing.assert_array_equal(raw_y, losses)
    smooth_x, smooth_y = drawn(loss_plot.smoothed_curve)
    np.testing.assert_array_equal(smooth_x, iterations)
    expected = SmoothedSeries(loss_plot.smoothing.weight).push(losses)
    np.testing.assert_allclose(smooth_y, expected, rtol=1e-12)
    assert loss_plot.smoothing.weight == 0.98


def test_loss_plot_beyond_the_threshold_draws_a_bounded_min_max_copy(loss_plot):
    iterations, losses = noisy_loss(50_000)
    losses[31_415] = 40.0  # a spike must survive decimation
    for chunk in np.array_split(np.arange(50_000), 100):
        loss_plot.append(iterations[chunk], losses[chunk])
    raw_x, raw_y = drawn(loss_plot.raw_curve)
    assert 0 < len(raw_x) <= MAX_DISPLAY_POINTS
    assert raw_y.max() == 40.0 and raw_y.min() == losses.min()
    assert raw_x[-1] == iterations[-1]
    assert len(drawn(loss_plot.smoothed_curve)[0]) <= MAX_DISPLAY_POINTS
    all_x, all_y = loss_plot.raw_data()
    np.testing.assert_array_equal(all_x, iterations)  # the raw data stays available
    np.testing.assert_array_equal(all_y, losses)


def test_loss_plot_zoomed_in_draws_the_raw_points_in_view(loss_plot):
    iterations, losses = noisy_loss(100_000)
    loss_plot.append(iterations, losses)
    loss_plot.getViewBox().setXRange(5000, 5500, padding=0)  # what a zoom with the mouse does
    raw_x, raw_y = drawn(loss_plot.raw_curve)
    assert raw_x[0] <= 5000 and raw_x[-1] >= 5500 and len(raw_x) <= 503
    in_view = (iterations >= raw_x[0]) & (iterations <= raw_x[-1])
    np.testing.assert_array_equal(raw_y, losses[in_view])
    loss_plot.getViewBox().setXRange(90_000, 90_100, padding=0)  # a pan, a zoom
    assert drawn(loss_plot.raw_curve)[0][0] == 89_999
    loss_plot.getViewBox().enableAutoRange(x=True)  # the "A" button: the whole run again
    raw_x, raw_y = drawn(loss_plot.raw_curve)
    assert raw_x[0] < 1000 and raw_x[-1] == 100_000 and len(raw_x) <= MAX_DISPLAY_POINTS
    assert raw_y.max() == losses.max()


def test_clear_data_empties_the_plot_and_restarts_the_smoothing(loss_plot):
    loss_plot.append(*noisy_loss(3000))
    loss_plot.clear_data()
    assert loss_plot.point_count() == 0
    assert len(drawn(loss_plot.raw_curve)[0]) == len(drawn(loss_plot.smoothed_curve)[0]) == 0
    loss_plot.append([1, 2], [1.0, 3.0])  # iteration 1 again: a new run
    np.testing.assert_array_equal(drawn(loss_plot.raw_curve)[1], [1.0, 3.0])
    expected = SmoothedSeries(loss_plot.smoothing.weight).push([1.0, 3.0])
    np.testing.assert_allclose(drawn(loss_plot.smoothed_curve)[1], expected)
    assert drawn(loss_plot.smoothed_curve)[1][0] == 1.0  # not pulled toward an old run or 0


def test_non_finite_losses_are_not_drawn_and_leave_the_trend_alone(loss_plot):
    loss_plot.append([1, 2, 3, 4], [math.nan, 2.0, math.inf, 4.0])
    np.testing.assert_array_equal(drawn(loss_plot.raw_curve)[0], [2, 4])
    smooth_x, smooth_y = drawn(loss_plot.smoothed_curve)
    np.testing.assert_array_equal(smooth_x, [2, 3, 4])  # no trend before the first finite loss
    trend_at_4 = SmoothedSeries(loss_plot.smoothing.weight).push([2.0, 4.0])[1]
    np.testing.assert_allclose(smooth_y, [2.0, 2.0, trend_at_4])  # at 3 the trend holds
    assert loss_plot.point_count() == 2


@pytest.mark.parametrize("iterations, message", [([5, 6], "5 after 10"),
                                                 ([10, 12], "10 after 10"),
                                                 ([12, 11], "11 after 12")])
def test_iterations_that_do_not_increase_are_refused_without_changing_anything(
        loss_plot, iterations, message):
    loss_plot.append([9, 10], [1.0, 2.0])
    with pytest.raises(ValueError, match=f"increasing .got {message}"):
        loss_plot.append(iterations, [1.0, 1.0])
    assert loss_plot.point_count() == 2 and loss_plot.smoothing.count == 2


def test_loss_plot_refuses_mismatched_lengths_and_ignores_empty_appends(loss_plot):
    with pytest.raises(ValueError, match="same length"):
        loss_plot.append([1, 2, 3], [0.5, 0.4])
    loss_plot.append([], [])
    assert loss_plot.point_count() == 0


def test_loss_plot_describes_itself(loss_plot):
    plot = loss_plot.getPlotItem()
    assert plot.getAxis("left").labelText == "loss"
    assert plot.getAxis("bottom").labelText == "iteration"
    assert [label.text for _, label in plot.legend.items] == ["loss per iteration", "smoothed"]
    assert loss_plot.accessibleName() and loss_plot.toolTip().endswith(".")
    assert loss_plot.raw_curve.opts["pen"].color() != loss_plot.smoothed_curve.opts["pen"].color()


# --- AccuracyPlot -------------------------------------------------------------------------

@pytest.mark.slow  # 10,000 appends one by one: about 7 s
def test_accuracy_plot_keeps_one_item_per_series_after_10000_appends(accuracy_plot):
    train, test = accuracy_plot.train_curve, accuracy_plot.test_curve
    for epoch in range(1, 10_001):
        accuracy_plot.append(epoch, 1 - 1 / (epoch + 1), 1 - 1.2 / (epoch + 1))
    assert data_items(accuracy_plot) == [train, test]
    assert len(accuracy_plot.getPlotItem().legend.items) == 2
    assert accuracy_plot.point_counts() == (10_000, 10_000)
    assert len(drawn(train)[0]) <= MAX_DISPLAY_POINTS
    assert train.opts["symbol"] is None  # thousands of symbols would be one smear


def test_accuracy_plot_draws_each_series_with_its_own_points(accuracy_plot):
    accuracy_plot.append(1, 0.90, 0.89)
    accuracy_plot.append(2, train_accuracy=0.95)
    accuracy_plot.append(2.5, test_accuracy=0.93)
    accuracy_plot.append(3, None, None)
    accuracy_plot.append(4, math.nan, None)  # NaN: not measured, like None
    np.testing.assert_array_equal(np.stack(drawn(accuracy_plot.train_curve)),
                                  [[1, 2], [0.90, 0.95]])
    np.testing.assert_array_equal(np.stack(drawn(accuracy_plot.test_curve)),
                                  [[1, 2.5], [0.89, 0.93]])
    assert accuracy_plot.train_curve.opts["symbol"] == "o"


@pytest.mark.parametrize("value", [1.5, -0.01, math.inf, 97.5])
def test_accuracy_must_be_a_fraction(accuracy_plot, value):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        accuracy_plot.append(1, train_accuracy=0.5, test_accuracy=value)
    assert accuracy_plot.point_counts() == (0, 0)  # the valid one was not added either


def test_accuracy_epochs_must_increase_within_a_series(accuracy_plot):
    accuracy_plot.append(2, 0.9, 0.9)
    with pytest.raises(ValueError, match="increasing"):
        accuracy_plot.append(2, test_accuracy=0.95)
    accuracy_plot.append(3, train_accuracy=0.95)  # test still waits at epoch 2
    assert accuracy_plot.point_counts() == (2, 1)


def test_accuracy_clear_data_empties_both_series_and_brings_back_symbols(accuracy_plot):
    for epoch in range(1, SYMBOL_LIMIT + 10):
        accuracy_plot.append(epoch, 0.5, 0.5)
    accuracy_plot.clear_data()
    assert accuracy_plot.point_counts() == (0, 0)
    assert len(drawn(accuracy_plot.train_curve)[0]) == 0
    accuracy_plot.append(1, 0.8)
    assert accuracy_plot.train_curve.opts["symbol"] == "o"
    np.testing.assert_array_equal(np.stack(drawn(accuracy_plot.train_curve)), [[1], [0.8]])


def test_accuracy_plot_describes_itself_and_caps_the_range(accuracy_plot):
    plot = accuracy_plot.getPlotItem()
    assert plot.getAxis("left").labelText == "accuracy"
    assert plot.getAxis("bottom").labelText == "epoch"
    assert [label.text for _, label in plot.legend.items] == ["train", "test"]
    assert accuracy_plot.getViewBox().state["limits"]["yLimits"] == [0.0, 1.02]
    assert accuracy_plot.accessibleName() and accuracy_plot.toolTip().endswith(".")
