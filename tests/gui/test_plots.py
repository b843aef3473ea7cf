"""The live training plots: one item per series, the data they draw, bounded level of detail;
and what a learner sees: percent and whole-epoch axes, fixed ranges, no mouse zoom or menu, no
focus, placeholders, readable colours, a trend that follows the start of a run."""
import math

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

import numpy as np
import pyqtgraph as pg
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine import SmoothedSeries
from gui.plots import (
    DEFAULT_ACCURACY_RANGE,
    DEFAULT_LOSS_RANGE,
    MAX_DISPLAY_POINTS,
    SYMBOL_LIMIT,
    AccuracyPlot,
    GrowingBuffer,
    LossPlot,
    MinMaxDecimator,
    history_column,
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


def same_smoothing(plot):
    """A fresh SmoothedSeries set up as the loss plot's."""
    return SmoothedSeries(plot.smoothing.weight, memory_fraction=plot.smoothing.memory_fraction)


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
    expected = same_smoothing(loss_plot).push(losses)
    np.testing.assert_allclose(smooth_y, expected, rtol=1e-12)
    assert loss_plot.smoothing.weight == 0.98 and loss_plot.smoothing.memory_fraction == 1 / 8


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
    loss_plot.getViewBox().enableAutoRange(x=True)  # following the data: the whole run
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
    expected = same_smoothing(loss_plot).push([1.0, 3.0])
    np.testing.assert_allclose(drawn(loss_plot.smoothed_curve)[1], expected)
    assert drawn(loss_plot.smoothed_curve)[1][0] == 1.0  # not pulled toward an old run or 0


def test_non_finite_losses_are_not_drawn_and_leave_the_trend_alone(loss_plot):
    loss_plot.append([1, 2, 3, 4], [math.nan, 2.0, math.inf, 4.0])
    np.testing.assert_array_equal(drawn(loss_plot.raw_curve)[0], [2, 4])
    smooth_x, smooth_y = drawn(loss_plot.smoothed_curve)
    np.testing.assert_array_equal(smooth_x, [2, 3, 4])  # no trend before the first finite loss
    trend_at_4 = same_smoothing(loss_plot).push([2.0, 4.0])[1]
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
    assert data_items(accuracy_plot) == [train, test, accuracy_plot.check_curve]
    assert len(accuracy_plot.getPlotItem().legend.items) == 2  # no checks: not listed
    assert accuracy_plot.point_counts() == (10_000, 10_000)
    assert len(drawn(train)[0]) <= MAX_DISPLAY_POINTS
    assert train.opts["symbol"] is None  # thousands of symbols would be one smear


def test_accuracy_plot_draws_each_series_with_its_own_points(accuracy_plot):
    accuracy_plot.append(1, 0.90, 0.89)
    accuracy_plot.append(2, train_accuracy=0.95)
    accuracy_plot.append(2.5, test_accuracy=0.93)
    accuracy_plot.append(3, None, None)
    accuracy_plot.append(4, math.nan, None)  # NaN: not measured, like None
    # drawn in percent
    np.testing.assert_allclose(np.stack(drawn(accuracy_plot.train_curve)),
                               [[1, 2], [90, 95]], rtol=1e-12)
    np.testing.assert_allclose(np.stack(drawn(accuracy_plot.test_curve)),
                               [[1, 2.5], [89, 93]], rtol=1e-12)
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
    np.testing.assert_allclose(np.stack(drawn(accuracy_plot.train_curve)), [[1], [80]])


def test_accuracy_plot_describes_itself(accuracy_plot):
    plot = accuracy_plot.getPlotItem()
    assert plot.getAxis("left").labelText == "accuracy (%)"
    assert plot.getAxis("bottom").labelText == "epoch"
    assert plot.legend.items == []  # nothing drawn, nothing named
    accuracy_plot.append_checks([0.5], [0.9])
    accuracy_plot.append(1, 0.8, 0.9)
    assert [label.text for _, label in plot.legend.items] == [
        "train", "test", "test (1,000-image check)"]
    assert accuracy_plot.accessibleName() and accuracy_plot.toolTip().endswith(".")


def test_the_legend_names_only_the_series_drawn_and_fits_a_short_plot(accuracy_plot):
    """A model file's history has no checks; and in a 1366x768 window the plot is about 110
    pixels tall, where a legend of three rows ran off the top and hid "train"."""
    accuracy_plot.resize(680, 110)
    accuracy_plot.show()
    accuracy_plot.show_history([1, 2, 3], [0.95, 0.97, 0.98], [0.96, 0.975, 0.985])
    legend = accuracy_plot.getPlotItem().legend
    assert [label.text for _, label in legend.items] == ["train", "test"]
    accuracy_plot.append_checks([3.5], [0.99])
    assert [label.text for _, label in legend.items] == [
        "train", "test", "test (1,000-image check)"]
    QApplication.processEvents()  # the legend lays its rows out
    frame = accuracy_plot.getPlotItem().vb.sceneBoundingRect()
    for _, label in legend.items:
        assert frame.contains(label.sceneBoundingRect()), label.text
    accuracy_plot.clear_data()
    assert legend.items == []


# --- what a learner sees -------------------------------------------------------------------

@pytest.fixture(params=[LossPlot, AccuracyPlot], ids=["loss", "accuracy"])
def any_plot(request, qtbot):
    plot = request.param()
    qtbot.addWidget(plot)
    return plot


def show(qtbot, plot, size=(640, 400)):
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def look_at(plot):
    """Paint the plot as the screen would: pending auto-range and axis updates happen."""
    plot.grab()


def view_range(plot):
    look_at(plot)
    return [tuple(side) for side in plot.getViewBox().viewRange()]


def tick_labels(plot, side):
    """The tick labels the axis draws at its present size and range."""
    look_at(plot)
    image = QImage(8, 8, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = plot.getPlotItem().getAxis(side).generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in texts]


def data_area(plot):
    """The plot's data area (its ViewBox) in viewport coordinates."""
    return plot.mapFromScene(plot.getViewBox().sceneBoundingRect()).boundingRect()


def centre_of(widget_or_plot):
    return QPointF(data_area(widget_or_plot).center())


def wheel(plot, clicks):
    """Turn the mouse wheel over the middle of the data area, as a user does."""
    position = centre_of(plot)
    event = QWheelEvent(position, QPointF(plot.viewport().mapToGlobal(position.toPoint())),
                        QPoint(0, 0), QPoint(0, 120 * clicks), Qt.NoButton, Qt.NoModifier,
                        Qt.NoScrollPhase, False)
    QApplication.sendEvent(plot.viewport(), event)


def drag(plot, button, by=(120, 60)):
    """Press `button` in the middle of the data area, move in steps, release."""
    start = centre_of(plot).toPoint()
    QTest.mousePress(plot.viewport(), button, Qt.NoModifier, start)
    for step in range(1, 7):
        position = start + QPoint(by[0] * step // 6, by[1] * step // 6)
        QTest.mouseMove(plot.viewport(), position)
    QTest.mouseRelease(plot.viewport(), button, Qt.NoModifier, start + QPoint(*by))


def visible_menus():
    # the open popup, if any: walking every top-level widget reaches wrappers of widgets
    # that earlier tests deleted (a segfault seen once in the whole suite)
    popup = QApplication.activePopupWidget()
    return [popup] if isinstance(popup, QMenu) and popup.isVisible() else []


def visible_placeholders(plot):
    return [label for label in plot.findChildren(QLabel) if label.isVisible()]


def feed(plot, points=300):
    """Some data: a loss run, or three epochs of accuracy with checks in between."""
    if isinstance(plot, LossPlot):
        plot.append(*noisy_loss(points))
    else:
        plot.append_checks([0.25, 0.5, 0.75], [0.8, 0.85, 0.87])
        for epoch in (1, 2, 3):
            plot.append(epoch, 0.85 + 0.03 * epoch, 0.86 + 0.03 * epoch)


# 1. accuracy in percent on a fixed 0-100 % axis

def test_accuracy_is_drawn_in_percent_on_a_fixed_0_to_100_axis(qtbot, accuracy_plot):
    show(qtbot, accuracy_plot)
    accuracy_plot.append(1, 0.0974, 0.1005)  # close: they must look close
    accuracy_plot.append(2, 0.0980, 0.1010)
    (_, _), (bottom, top) = view_range(accuracy_plot)
    assert -3 <= bottom <= 0 and 100 <= top <= 103  # not fitted to 9.74 .. 10.1
    assert tick_labels(accuracy_plot, "left") == ["0", "20", "40", "60", "80", "100"]
    assert accuracy_plot.getPlotItem().getAxis("left").labelText == "accuracy (%)"
    np.testing.assert_allclose(drawn(accuracy_plot.train_curve)[1], [9.74, 9.80])
    np.testing.assert_allclose(drawn(accuracy_plot.test_curve)[1], [10.05, 10.10])


# 2. whole epochs (and iterations), planned ranges

def whole_numbers(labels):
    return [float(label) for label in labels if float(label) != int(float(label))] == []


@pytest.mark.parametrize("planned, epochs, expected", [
    (None, [0.5, 1.5, 2.5], ["0", "1", "2"]),  # pyqtgraph's own: 0.5, 1, 1.5, 2, 2.5
    (0.3, [0.1, 0.2], ["0", "1"]),  # a run of a few hundred iterations
    (3, [0.5, 1.5], ["0", "1", "2", "3"]),
    (200, [0.5, 1.5, 2.5], ["0", "50", "100", "150", "200"]),  # a long run: steps of 50
])
def test_epoch_ticks_are_whole_numbers(qtbot, accuracy_plot, planned, epochs, expected):
    show(qtbot, accuracy_plot)
    if planned is not None:
        accuracy_plot.set_planned_epochs(planned)
    for epoch in epochs:
        accuracy_plot.append(epoch, 0.9, 0.9)
    assert tick_labels(accuracy_plot, "bottom") == expected


def test_iteration_ticks_are_whole_numbers_in_a_short_run(qtbot, loss_plot):
    show(qtbot, loss_plot)
    loss_plot.set_planned_iterations(5)
    loss_plot.append([1, 2, 3], [2.3, 2.0, 1.8])
    labels = tick_labels(loss_plot, "bottom")
    assert labels[0] == "0" and labels[-1] == "5" and whole_numbers(labels)


def test_planned_epochs_fix_the_x_range_as_points_arrive(qtbot, accuracy_plot):
    show(qtbot, accuracy_plot)
    accuracy_plot.set_planned_epochs(10)
    ranges = [view_range(accuracy_plot)[0]]
    accuracy_plot.append_checks([0.1, 0.2], [0.3, 0.5])
    ranges.append(view_range(accuracy_plot)[0])
    for epoch in (1, 2, 3):
        accuracy_plot.append(epoch, 0.9, 0.9)
        ranges.append(view_range(accuracy_plot)[0])
    left, right = ranges[0]
    assert all(r == ranges[0] for r in ranges)
    assert -0.5 <= left <= 0 and 10 <= right <= 10.5
    accuracy_plot.append(12, 0.95, 0.95)  # a run longer than planned: the range widens
    assert 12 <= view_range(accuracy_plot)[0][1] <= 12.5


def test_planned_epochs_under_one_still_show_epoch_one(qtbot, accuracy_plot):
    show(qtbot, accuracy_plot)
    accuracy_plot.set_planned_epochs(0.25)  # a run of a few hundred iterations
    accuracy_plot.append_checks([0.1, 0.2], [0.3, 0.5])
    left, right = view_range(accuracy_plot)[0]
    assert -0.05 <= left <= 0 and 1 <= right <= 1.05
    assert tick_labels(accuracy_plot, "bottom") == ["0", "1"]


def test_planned_iterations_fix_the_x_range_and_y_follows_the_loss(qtbot, loss_plot):
    show(qtbot, loss_plot)
    loss_plot.set_planned_iterations(6000)
    iterations, losses = noisy_loss(3000)
    ranges = []
    for chunk in np.array_split(np.arange(3000), 5):
        loss_plot.append(iterations[chunk], losses[chunk])
        ranges.append(view_range(loss_plot))
    assert {x for x, _ in ranges} == {(0.0, 6000.0)}
    (_, _), (bottom, top) = ranges[-1]
    assert bottom <= losses.min() and losses.max() <= top < 1.2 * losses.max()
    assert drawn(loss_plot.raw_curve)[1].max() == losses.max()
    loss_plot.append([7000], [0.5])  # past the plan: widens
    assert view_range(loss_plot)[0] == (0.0, 7000.0)


@pytest.mark.parametrize("length", [0, -3, math.nan, math.inf])
def test_planned_lengths_must_be_positive(loss_plot, accuracy_plot, length):
    with pytest.raises(ValueError, match="positive"):
        loss_plot.set_planned_iterations(length)
    with pytest.raises(ValueError, match="positive"):
        accuracy_plot.set_planned_epochs(length)


# 3. the frequent 1,000-image check

def test_checks_are_a_thin_line_in_the_test_colour_beside_the_full_test_symbols(accuracy_plot):
    accuracy_plot.append_checks([0.2, 0.4], [0.50, 0.70])
    accuracy_plot.append_checks(np.array([0.6, 0.8, 1.0]), np.array([0.80, math.nan, 0.85]))
    accuracy_plot.append(1, 0.83, 0.86)
    check, test = accuracy_plot.check_curve, accuracy_plot.test_curve
    np.testing.assert_allclose(np.stack(drawn(check)), [[0.2, 0.4, 0.6, 1.0], [50, 70, 80, 85]])
    assert accuracy_plot.check_count() == 4  # NaN: not measured
    assert accuracy_plot.point_counts() == (1, 1)
    assert check.opts["symbol"] is None and test.opts["symbol"] == "s"
    assert check.opts["pen"].widthF() < test.opts["pen"].widthF()
    assert check.opts["pen"].color() == test.opts["pen"].color()
    legend = {label.text: sample.item for sample, label in
              accuracy_plot.getPlotItem().legend.items}
    assert legend["test (1,000-image check)"] is check and legend["test"] is test


def test_checks_are_fractions_with_increasing_epochs(accuracy_plot):
    accuracy_plot.append_checks([1.0], [0.9])
    with pytest.raises(ValueError, match="increasing"):
        accuracy_plot.append_checks([1.5, 1.0], [0.9, 0.9])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        accuracy_plot.append_checks([2.0, 3.0], [0.9, 91.0])
    with pytest.raises(ValueError, match="same length"):
        accuracy_plot.append_checks([2.0, 3.0], [0.9])
    assert accuracy_plot.check_count() == 1
    accuracy_plot.append(1, 0.9, 0.9)  # the full test set keeps its own epochs
    accuracy_plot.clear_data()
    assert accuracy_plot.check_count() == 0 and len(drawn(accuracy_plot.check_curve)[0]) == 0


def test_the_accuracy_tooltip_explains_train_against_test(accuracy_plot):
    tip = accuracy_plot.toolTip()
    assert "average over the batches of each epoch" in tip and "still learning" in tip
    assert "1,000" in tip and "memorises" in tip
    assert accuracy_plot.accessibleDescription() == tip


# 4. no mouse zoom or menu, a fresh view for a new run, no keyboard focus

def test_a_wheel_over_the_plot_does_not_zoom(qtbot, any_plot):
    show(qtbot, any_plot)
    feed(any_plot)
    before = view_range(any_plot)
    wheel(any_plot, 3)
    wheel(any_plot, -5)
    assert view_range(any_plot) == before
    if isinstance(any_plot, LossPlot):  # still following the data
        assert any_plot.getViewBox().autoRangeEnabled()[0]


@pytest.mark.parametrize("button", [Qt.LeftButton, Qt.RightButton])
def test_a_drag_over_the_plot_does_not_pan_or_zoom(qtbot, any_plot, button):
    show(qtbot, any_plot)
    feed(any_plot)
    before = view_range(any_plot)
    drag(any_plot, button)
    assert view_range(any_plot) == before
    any_plot.clear_data()
    feed(any_plot, points=50)
    if isinstance(any_plot, LossPlot):  # the new run's range: its own data
        assert 50 <= view_range(any_plot)[0][1] <= 55


def test_a_right_click_opens_no_menu(qtbot, any_plot):
    show(qtbot, any_plot)
    feed(any_plot)
    try:
        QTest.mouseClick(any_plot.viewport(), Qt.RightButton, Qt.NoModifier,
                         centre_of(any_plot).toPoint())
        assert QApplication.activePopupWidget() is None and visible_menus() == []
    finally:
        for menu in visible_menus():
            menu.close()


def test_clear_data_brings_back_the_default_view_and_drops_the_plan(qtbot, any_plot):
    show(qtbot, any_plot)
    default = view_range(any_plot)
    if isinstance(any_plot, LossPlot):
        assert default == list(DEFAULT_LOSS_RANGE)
        any_plot.set_planned_iterations(5000)
    else:
        any_plot.set_planned_epochs(20)
    feed(any_plot, points=2000)
    any_plot.getViewBox().setRange(xRange=(3, 4), yRange=(5, 6))  # wherever it ended
    assert view_range(any_plot) != default
    any_plot.clear_data()
    assert view_range(any_plot) == default
    any_plot.append([1.0], [2.0]) if isinstance(any_plot, LossPlot) else any_plot.append(0.5, 0.9)
    assert view_range(any_plot)[0][1] < 5  # no plan left from the run before


def test_the_accuracy_plot_default_view(qtbot, accuracy_plot):
    show(qtbot, accuracy_plot)
    (left, right), (bottom, top) = view_range(accuracy_plot)
    (x_from, x_to), (y_from, y_to) = DEFAULT_ACCURACY_RANGE
    assert (x_from, x_to, y_from, y_to) == (0, 1, 0, 100)
    assert -0.05 <= left <= 0 and 1 <= right <= 1.05 and -3 <= bottom <= 0 and 100 <= top <= 103


def test_tab_and_clicks_pass_the_plots_by(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    before, loss_plot, accuracy_plot, after = QLineEdit(), LossPlot(), AccuracyPlot(), QLineEdit()
    for widget in (before, loss_plot, accuracy_plot, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key_Tab)
    assert window.focusWidget() is after
    for plot in (loss_plot, accuracy_plot):
        QTest.mouseClick(plot.viewport(), Qt.LeftButton, Qt.NoModifier,
                         centre_of(plot).toPoint())
        assert window.focusWidget() is after


# 5. placeholders

@pytest.mark.parametrize("size", [(640, 400), (300, 180)])
def test_an_empty_plot_shows_its_placeholder_in_the_middle(qtbot, any_plot, size):
    show(qtbot, any_plot, size)
    [label] = visible_placeholders(any_plot)
    assert "F5" in label.text() and label.textFormat() == Qt.PlainText
    area, box = data_area(any_plot), label.geometry()
    assert area.contains(box)
    assert abs(box.center().x() - area.center().x()) <= 2
    assert abs(box.center().y() - area.center().y()) <= 2


def test_the_placeholder_goes_when_data_comes_and_returns_after_clear_data(qtbot, any_plot):
    show(qtbot, any_plot)
    any_plot.set_placeholder("<b>Nothing yet</b>: train a network")
    [label] = visible_placeholders(any_plot)
    assert label.text() == "<b>Nothing yet</b>: train a network"  # shown as typed
    feed(any_plot)
    assert visible_placeholders(any_plot) == []
    any_plot.clear_data()
    assert [label.text() for label in visible_placeholders(any_plot)] == [
        "<b>Nothing yet</b>: train a network"]


def test_accuracy_placeholder_goes_with_the_first_check(qtbot, accuracy_plot):
    show(qtbot, accuracy_plot)
    accuracy_plot.append(1)  # nothing measured: still empty
    assert len(visible_placeholders(accuracy_plot)) == 1
    accuracy_plot.append_checks([0.1], [0.4])
    assert visible_placeholders(accuracy_plot) == []


def test_the_placeholder_follows_a_resize(qtbot, loss_plot):
    show(qtbot, loss_plot, (400, 250))
    loss_plot.resize(900, 500)
    qtbot.waitUntil(lambda: data_area(loss_plot).width() > 700)
    [label] = visible_placeholders(loss_plot)
    assert abs(label.geometry().center().x() - data_area(loss_plot).center().x()) <= 2
    assert label.width() > 600


# 6. colours

def relative_luminance(color):
    """WCAG 2 relative luminance of an opaque sRGB colour."""
    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(channel) for channel in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(color, background):
    """WCAG contrast of a QColor, blended over an opaque background by its alpha."""
    alpha = color.alphaF()
    shown = [alpha * c + (1 - alpha) * b for c, b in
             zip(color.getRgb()[:3], background.getRgb()[:3], strict=True)]
    lighter, darker = sorted([relative_luminance(shown),
                              relative_luminance(background.getRgb()[:3])], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_curve_stands_out_from_the_background_and_raw_loss_stays_faint(loss_plot,
                                                                             accuracy_plot):
    background = QColor(loss_plot.backgroundBrush().color())
    assert background == accuracy_plot.backgroundBrush().color() and background.alpha() == 255
    raw, smoothed = (item.opts["pen"] for item in (loss_plot.raw_curve, loss_plot.smoothed_curve))
    colours = {"raw loss": raw.color(), "smoothed loss": smoothed.color(),
               "check": accuracy_plot.check_curve.opts["pen"].color()}
    for name, item in (("train", accuracy_plot.train_curve), ("test", accuracy_plot.test_curve)):
        colours[name] = item.opts["pen"].color()
        colours[name + " symbols"] = pg.mkBrush(item.opts["symbolBrush"]).color()
    ratios = {name: contrast_ratio(color, background) for name, color in colours.items()}
    assert min(ratios.values()) >= 3.0, ratios
    assert raw.widthF() < smoothed.widthF() and ratios["raw loss"] < ratios["smoothed loss"]
    [label] = [label for label in loss_plot.findChildren(QLabel)]
    assert contrast_ratio(label.palette().color(label.foregroundRole()), background) >= 4.5


# 7. a trend that follows the start of a run

def test_the_smoothed_loss_follows_a_loss_that_falls_fast(loss_plot):
    iterations = np.arange(1, 61, dtype=np.float64)
    trend = 2.3 * np.exp(-iterations / 8) + 0.5
    losses = trend * np.random.default_rng(4).lognormal(0.0, 0.03, 60)
    for chunk in np.array_split(np.arange(60), 12):  # as the app feeds it
        loss_plot.append(iterations[chunk], losses[chunk])
    smooth_x, smooth_y = drawn(loss_plot.smoothed_curve)
    assert smooth_x[22] == 23
    assert smooth_y[22] == pytest.approx(trend[22], rel=0.15)  # not 1.1 at a loss of 0.63
    assert smooth_y[59] == pytest.approx(trend[59], rel=0.15)


def test_the_smoothed_loss_is_smooth_late_in_a_run(loss_plot):
    iterations = np.arange(1, 2001, dtype=np.float64)
    losses = 0.3 * np.random.default_rng(5).lognormal(0.0, 0.3, 2000)
    loss_plot.append(iterations, losses)
    smooth_y = drawn(loss_plot.smoothed_curve)[1]
    assert smooth_y[1000:].std() < 0.2 * losses[1000:].std()


# --- a recorded history, as a model file holds it: any order, repeats, junk -------------------

OUT_OF_ORDER = [  # a forged or merged file: (iteration, loss, train accuracy, test accuracy)
    (300, 0.3, 0.90, 0.91), (100, 0.9, 0.70, 0.71), (200, 0.5, 0.80, 0.81),
    (200, 0.4, 0.85, 0.86),  # repeated: the later row counts
    (100, 0.8, 0.75, 0.76),  # going backwards, repeated too
]


def test_a_history_out_of_order_and_repeated_plots_sorted_with_the_last_of_each(qtbot,
                                                                                 loss_plot,
                                                                                 accuracy_plot):
    iterations, losses, train, test = zip(*OUT_OF_ORDER, strict=True)
    loss_plot.show_history(iterations, losses)  # append() refuses these: the old bug
    xs, ys = loss_plot.raw_data()
    assert xs.tolist() == [100, 200, 300] and ys.tolist() == [0.8, 0.4, 0.3]
    assert loss_plot.getViewBox().viewRange()[0] == pytest.approx([0, 300])
    epochs = [i / 100 for i in iterations]
    accuracy_plot.show_history(epochs, train, test)
    assert accuracy_plot.point_counts() == (3, 3)
    assert accuracy_plot._test.data.y.tolist() == pytest.approx([76, 86, 91])
    loss_plot.grab()
    accuracy_plot.grab()


def test_a_history_with_junk_leaves_the_junk_out(loss_plot, accuracy_plot):
    iterations = [None, "7", float("nan"), float("inf"), True, [1], 10**400, -5, 0, 50, 50.0]
    losses = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, "x", 1e308, np.float32(0.5)]
    loss_plot.show_history(iterations, losses)
    xs, ys = loss_plot.raw_data()
    assert xs.tolist() == [-5, 50] and ys.tolist() == [2.0, 0.5]  # iteration 0: no loss
    accuracy_plot.show_history([1, 2, 3, 4, np.int64(5)], [0.5, 5.0, -1, float("nan"), 1],
                               [0.5, None, "0.9", 0.9, 10**400])
    assert accuracy_plot.point_counts() == (2, 2)
    loss_plot.grab()
    accuracy_plot.grab()


def test_history_columns_come_out_of_any_list_of_entries():
    entries = [{"iteration": 100, "main/loss": 0.5}, "not a dict", {"iteration": "x"}, {},
               {"iteration": 10**400}]
    column = history_column(entries, "iteration")
    assert column[0] == 100 and np.isnan(column[1:4]).all() and column[4] == np.inf
    assert np.isnan(history_column(entries, "main/loss")[1:]).all()


def test_an_empty_history_or_one_of_mismatched_lengths_is_drawn_without_an_error(
        loss_plot, accuracy_plot):
    loss_plot.show_history([], [])
    assert loss_plot.point_count() == 0 and loss_plot.placeholder.isVisibleTo(loss_plot)
    loss_plot.show_history([1, 2, 3], [0.5])  # rows missing a value: left out
    assert loss_plot.raw_data()[0].tolist() == [1]
    accuracy_plot.show_history([0.5, 1.0], [0.9], [])
    assert accuracy_plot.point_counts() == (0, 0)


history_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30),
    st.none(), st.booleans(), st.text(max_size=3), st.lists(st.integers(), max_size=2))


def test_a_range_pyqtgraph_cannot_show_is_left_unapplied_not_raised(qtbot, loss_plot):
    # auto-range pads the data's bounds: for values of +-1e308 that is +-inf, and pyqtgraph
    # raised "Cannot set range [-inf, inf]" from inside a paint (found by CI's hypothesis run)
    with pytest.raises(Exception, match="Cannot set range"):
        pg.ViewBox().setRange(yRange=(-math.inf, math.inf))
    view_box = loss_plot.getViewBox()
    view_box.setRange(xRange=(0, 10), yRange=(0, 2), padding=0)
    view_box.setRange(xRange=(0, 20), yRange=(-math.inf, math.inf), padding=0)
    (x_low, x_high), (y_low, y_high) = view_box.viewRange()
    assert (x_low, x_high) == pytest.approx((0, 20))  # the usable axis still follows
    assert (y_low, y_high) == pytest.approx((0, 2))  # the other keeps its last range
    view_box.setRange(yRange=(math.nan, 1.0))
    assert view_box.viewRange()[1] == pytest.approx([0, 2])
    # finite ends whose padded span would overflow (CI's hypothesis run, a second time)
    view_box.setRange(yRange=(-1e308, 1e308), padding=0.1)
    assert view_box.viewRange()[1] == pytest.approx([0, 2])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(history_values, history_values, history_values, history_values),
                     max_size=30))
@example(rows=[(3.2823675236156933e+21, None, "", None), (0.0, 0.0, -4.6e-76, None),
               (1.0, 0.0, None, None)])  # pyqtgraph could not size an axis of 3e21 iterations
@example(rows=[(0.0, 0.0, 0.0, 0.0), (3.065589946836293e-265, 0.0, 0.0, None)])  # nor 3e-265 apart
def test_any_recorded_history_plots_without_raising(loss_plot, accuracy_plot, rows):
    columns = list(zip(*rows, strict=True)) or [[], [], [], []]
    loss_plot.show_history(columns[0], columns[1])
    accuracy_plot.show_history(columns[0], columns[2], columns[3])
    xs, _ = loss_plot.raw_data()
    assert (np.diff(xs) > 0).all()
