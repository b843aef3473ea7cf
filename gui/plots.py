"""Live training curves: the loss of every iteration and the accuracy of every epoch.

`LossPlot` draws the loss of each mini-batch as a faint line with its smoothed trend on top
(the engine's moving average with a memory that grows with the run, `engine.SmoothedSeries`);
`AccuracyPlot` draws train and test accuracy per epoch in percent on a fixed 0-100 % axis, and
a frequent check on 1,000 test images as a thin line. Both grow while the network trains, fed
every few tens of milliseconds.

What the learner sees is what the run did, not what the mouse did: the plots take no mouse
pan or zoom, no context menu and no keyboard focus. The x axes show whole iterations and
epochs; `set_planned_iterations` / `set_planned_epochs` fix the x range to the whole run so the
chart does not rescale as points arrive; `clear_data` goes back to the default view. An empty
plot shows a sentence saying what will appear (`set_placeholder`).

Cost of an update. A training run makes thousands to a million loss points, and handing all of
them to pyqtgraph on every update makes each update slower than the last: pyqtgraph's own
auto-downsampling and auto-range still read every point while the whole history is in view.
So each curve keeps two copies of its data:

* `GrowingBuffer`, every point appended (raw data, arrays that double when full);
* `MinMaxDecimator`, a level-of-detail copy that keeps the minimum and maximum of each bucket
  of consecutive points, at most `MAX_DISPLAY_POINTS` points however long the run.

The plot is handed the raw points while there are at most `MAX_DISPLAY_POINTS` of them (or of
them in view, when the x range is set to part of the run), else the min/max copy: a line
through the extremes of each bucket reaches every spike, and an update costs about the same at
1,000 points as at 1,000,000 (bench/bench_plots.py).
"""
import math
import numbers

from PySide6 import QtCore, QtWidgets  # before pyqtgraph, so that it binds to PySide6
from PySide6.QtCore import Qt

import numpy as np
import pyqtgraph as pg

from engine import SmoothedSeries

# Per curve: about two points per pixel column of a plot as wide as a full-HD screen, which a
# min/max line needs to look exact; more would only cost drawing time.
MAX_DISPLAY_POINTS = 2048
# The trend of the loss (engine/training/curves.py): early in a run its memory is about an
# eighth of the iterations seen, so it follows a loss that falls fast; from iteration 393 on it
# is the moving average of weight 0.98, about 50 iterations of memory.
LOSS_SMOOTHING_WEIGHT = 0.98
LOSS_MEMORY_FRACTION = 1 / 8
SYMBOL_LIMIT = 200  # beyond this many epochs, symbols merge into a band: lines only

# Colours. Every curve has a contrast ratio of at least 3:1 against the plot's black
# background (WCAG 2 relative luminance, the colour blended over the background by its
# alpha), as WCAG asks of graphics that carry meaning. The raw loss stays the faint one: 1
# pixel at 3.85:1 (it was 1.9:1) under the 2-pixel smoothed trend at 9.6:1.
# Antialiasing is off for the loss curves (measured offscreen, 800x400): on a 2-pixel line of
# 1,000-4,000 noisy points it costs 17-56 ms a repaint, against 1.5-3 ms without; 1-pixel lines
# cost under 0.5 ms either way. The accuracy curves keep it: they have few points.
TRAIN_COLOR = (110, 170, 255)  # 8.9:1 on black
TEST_COLOR = (255, 150, 30)  # 9.6:1 on black
RAW_LOSS_PEN = pg.mkPen((*TRAIN_COLOR, 160), width=1)  # faint: the noise, not the message
SMOOTHED_LOSS_PEN = pg.mkPen(TEST_COLOR, width=2)
CHECK_PEN = pg.mkPen(TEST_COLOR, width=1)  # the frequent 1,000-image check: a thin line
GRID_PEN = pg.mkPen((55, 55, 55))
MARKER_COLOR = (235, 235, 235)  # 18:1 on black: a hyperparameter change, dashed
MARKER_PEN = pg.mkPen(MARKER_COLOR, width=1, style=Qt.DashLine)
# where a marker's label sits along its line, from the bottom: above a falling loss, and
# below rising accuracies (which keep their legend at the bottom right)
LOSS_MARKER_LABEL_AT = 0.95
ACCURACY_MARKER_LABEL_AT = 0.45
PLACEHOLDER_COLOR = (175, 175, 175)  # 9.6:1 on black: text needs 4.5:1

# The views of an empty plot, [x range, y range]; x always starts at 0.
DEFAULT_LOSS_RANGE = ((0.0, 1.0), (0.0, 1.0))
DEFAULT_ACCURACY_RANGE = ((0.0, 1.0), (0.0, 100.0))
ACCURACY_TICK_STEP = 20.0  # percent: 0, 20, ..., 100
# Room around the accuracy plot's range, a fraction of it: a symbol at 100 % or at the last
# epoch is drawn whole.
ACCURACY_PADDING = 0.02
LABEL_OVERHANG = 16  # pixels a tick label may reach past the end of its axis, into the margin


class _FilledPart:
    """`x`, `y` and len() of the filled start of the arrays `_x` and `_y` (read-only views)."""

    def __len__(self):
        return self._size

    @property
    def x(self):
        return _read_only(self._x[:self._size])

    @property
    def y(self):
        return _read_only(self._y[:self._size])


class GrowingBuffer(_FilledPart):
    """Paired float64 arrays x and y that grow by doubling: `append` is amortised O(1) a point.

    `x` and `y` are read-only views of the filled part; they stay valid (unchanged) after later
    appends, which write past them or into new arrays.
    """

    def __init__(self, capacity=1024):
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self._initial_capacity = int(capacity)
        self.clear()

    def clear(self):
        # New arrays rather than a reset length: views handed out earlier keep their values.
        self._x = np.empty(self._initial_capacity)
        self._y = np.empty(self._initial_capacity)
        self._size = 0

    @property
    def capacity(self):
        return len(self._x)

    def append(self, xs, ys):
        xs, ys = paired_arrays(xs, ys)
        end = self._size + len(xs)
        if end > self.capacity:
            self._grow_to_hold(end)
        self._x[self._size:end] = xs
        self._y[self._size:end] = ys
        self._size = end

    def _grow_to_hold(self, count):
        capacity = self.capacity
        while capacity < count:
            capacity *= 2
        self._x = _resized(self._x, self._size, capacity)
        self._y = _resized(self._y, self._size, capacity)


class MinMaxDecimator(_FilledPart):
    """A bounded level-of-detail copy of a growing series: the min and max of each bucket.

    Consecutive points are grouped in buckets of `bucket_size`; a full bucket keeps two points,
    its first minimum and its last maximum, in their original order, so a line through them
    reaches every spike of the raw data. When `max_buckets` buckets are full, neighbours merge
    in pairs and `bucket_size` doubles, so the copy never holds more than `max_points` points;
    merges come only each time the data doubles, so an append costs O(1) amortised. After the
    full buckets come the running min/max of the bucket being filled and the newest point, so
    the line always reaches the latest data.

    Values must be finite. `x` and `y` are read-only views that the next append may change.
    """

    def __init__(self, max_points=MAX_DISPLAY_POINTS):
        # at most max_buckets - 1 full buckets (2 points each), 2 partial extremes, the newest
        self.max_buckets = (max_points - 1) // 4 * 2  # even, so that buckets merge in pairs
        if self.max_buckets < 2:
            raise ValueError(f"max_points must be at least 5, not {max_points}")
        self.max_points = int(max_points)
        self.clear()

    def clear(self):
        self.bucket_size = 2  # a bucket of 2 keeps both its points: no detail lost yet
        self._x = np.empty(2 * self.max_buckets + 1)
        self._y = np.empty(2 * self.max_buckets + 1)
        self._full_buckets = 0  # always < max_buckets: reaching it merges
        self._partial = _PartialBucket()
        self._newest = None
        self._size = 0

    def append(self, xs, ys):
        xs, ys = paired_arrays(xs, ys)
        if len(xs) == 0:
            return
        start = self._top_up_partial_bucket(xs, ys)
        start = self._add_whole_buckets(xs, ys, start)
        if start < len(xs):
            self._partial.absorb(xs[start:], ys[start:])
        self._newest = xs[-1], ys[-1]
        self._show_latest_points()

    def _top_up_partial_bucket(self, xs, ys):
        if self._partial.count == 0:
            return 0
        taken = min(len(xs), self.bucket_size - self._partial.count)
        if taken:
            self._partial.absorb(xs[:taken], ys[:taken])
        if self._partial.count == self.bucket_size:
            self._store_buckets(*self._partial.extremes())
            self._partial = _PartialBucket()
        return taken

    def _add_whole_buckets(self, xs, ys, start):
        # vectorised over as many buckets as fit before the next merge
        while len(xs) - start >= self.bucket_size:
            size = self.bucket_size
            count = min((len(xs) - start) // size, self.max_buckets - self._full_buckets)
            stop = start + count * size
            self._store_buckets(*_row_extremes(xs[start:stop].reshape(count, size),
                                               ys[start:stop].reshape(count, size)))
            start = stop
        return start

    def _store_buckets(self, x_first, y_first, x_second, y_second):
        at = 2 * self._full_buckets
        end = at + 2 * len(x_first)
        self._x[at:end:2], self._x[at + 1:end:2] = x_first, x_second
        self._y[at:end:2], self._y[at + 1:end:2] = y_first, y_second
        self._full_buckets += len(x_first)
        self._size = end
        if self._full_buckets == self.max_buckets:
            self._merge_neighbours()

    def _merge_neighbours(self):
        # Two neighbouring buckets hold 4 points, among them both buckets' extremes: the
        # extremes of those 4 are the extremes of the merged bucket.
        points = 2 * self._full_buckets
        merged = _row_extremes(self._x[:points].reshape(-1, 4), self._y[:points].reshape(-1, 4))
        self.bucket_size *= 2
        self._full_buckets = 0
        self._store_buckets(*merged)  # fancy indexing copied them: overwriting is safe

    def _show_latest_points(self):
        end = 2 * self._full_buckets
        xs, ys = self._partial.points()
        self._x[end:end + len(xs)] = xs
        self._y[end:end + len(ys)] = ys
        end += len(xs)
        if end == 0 or self._newest[0] > self._x[end - 1]:  # not already shown as an extreme
            self._x[end], self._y[end] = self._newest
            end += 1
        self._size = end


class _PartialBucket:
    """Running first minimum and last maximum of the bucket being filled."""

    def __init__(self):
        self.count = 0

    def absorb(self, xs, ys):
        low = int(np.argmin(ys))
        high = len(ys) - 1 - int(np.argmax(ys[::-1]))
        if self.count == 0 or ys[low] < self.low[1]:  # ties keep the earlier minimum
            self.low = (xs[low], ys[low])
        if self.count == 0 or ys[high] >= self.high[1]:  # ties take the later maximum
            self.high = (xs[high], ys[high])
        self.count += len(ys)

    def points(self):
        """Its points in x order: none, one (a single value) or two."""
        if self.count == 0:
            return (), ()
        if self.count == 1:
            return (self.low[0],), (self.low[1],)
        first, second = sorted((self.low, self.high))
        return (first[0], second[0]), (first[1], second[1])

    def extremes(self):
        """As one full bucket for `MinMaxDecimator._store_buckets` (count >= 2)."""
        (x_first, x_second), (y_first, y_second) = self.points()
        return [x_first], [y_first], [x_second], [y_second]


def _row_extremes(x, y):
    """Each row's first minimum and last maximum, in their order: x1, y1, x2, y2 (1-D each).

    First-minimum and last-maximum are two different points even in a constant row, so a
    bucket of two points keeps both.
    """
    low = y.argmin(axis=1)
    high = y.shape[1] - 1 - y[:, ::-1].argmax(axis=1)
    first, second = np.minimum(low, high), np.maximum(low, high)
    rows = np.arange(len(y))
    return x[rows, first], y[rows, first], x[rows, second], y[rows, second]


class _LiveCurve:
    """One PlotDataItem, created once, and the data behind it: raw points plus a min/max copy.

    `refresh` hands the item at most about `max_points` points: all the raw points when there
    are that few (in view), else the bounded min/max copy.
    """

    def __init__(self, item, max_points=MAX_DISPLAY_POINTS):
        self.item = item
        self.max_points = max_points
        self.data = GrowingBuffer()
        self.detail = MinMaxDecimator(max_points)

    def __len__(self):
        return len(self.data)

    def last_x(self):
        return self.data.x[-1] if len(self.data) else -np.inf

    def extend(self, xs, ys):
        self.data.append(xs, ys)
        self.detail.append(xs, ys)

    def clear(self):
        self.data.clear()
        self.detail.clear()
        self.item.setData([], [])

    def refresh(self, x_range=None):
        x, y = self.display_data(x_range)
        self.item.setData(x, y)

    def display_data(self, x_range=None):
        """What to draw; `x_range` is (left, right) when the x range is set, else None."""
        x, y = self.data.x, self.data.y
        if x_range is not None:
            start, stop = _visible_slice(x, x_range)
            if stop - start <= self.max_points:
                return x[start:stop], y[start:stop]
        if len(x) <= self.max_points:
            return x, y
        # copies: the min/max copy changes in place on the next append
        return self.detail.x.copy(), self.detail.y.copy()


class ChangeMarkers:
    """Labelled vertical lines where a run's learning rate (or its decay, or weight decay)
    changed: left out of the plot's ranges, forgotten with its data."""

    def __init__(self, plot_item, label_at):
        self._plot = plot_item
        self._label_at = label_at
        self.lines = []

    def mark(self, x, text):
        line = pg.InfiniteLine(pos=float(x), angle=90, movable=False, pen=MARKER_PEN,
                               label=text, labelOpts={"position": self._label_at,
                                                      "color": MARKER_COLOR, "anchors":
                                                      [(0, 0), (0, 0)]})
        self._plot.addItem(line, ignoreBounds=True)
        self.lines.append(line)

    def texts(self):
        """(x, label) of every marker, as drawn."""
        return [(line.value(), line.label.toPlainText()) for line in self.lines]

    def clear(self):
        for line in self.lines:
            self._plot.removeItem(line)
        self.lines = []


class FiniteViewBox(pg.ViewBox):
    """A ViewBox that leaves a range it cannot show unapplied instead of raising.

    pyqtgraph's auto-range pads the data's bounds; for a forged history whose values reach
    +-1e308 that overflows to +-inf, and ``setRange`` raised from inside a paint, where no
    caller can catch it. A finite range of +-1e308 overflows there too when it is padded, so
    a range whose span is not comfortably finite is refused as well. The axis keeps its last
    range; the other axis still follows.
    """

    def setRange(self, rect=None, xRange=None, yRange=None,  # noqa: N802, N803 - its names
                 *args, **kwargs):
        if rect is not None and not (_showable(rect.left(), rect.right())
                                     and _showable(rect.top(), rect.bottom())):
            rect = None
        x_range = xRange if xRange is None or _showable(*xRange) else None
        y_range = yRange if yRange is None or _showable(*yRange) else None
        if rect is None and x_range is None and y_range is None:
            return
        try:
            super().setRange(rect, x_range, y_range, *args, **kwargs)
        except Exception as exc:  # pyqtgraph raises a bare Exception for it
            if "Cannot set range" not in str(exc):
                raise


def _showable(low, high):
    """Finite ends whose span stays finite even padded (pyqtgraph pads by up to the span)."""
    low, high = float(low), float(high)
    return math.isfinite(low) and math.isfinite(high) and math.isfinite(4 * (high - low))


class LossPlot(pg.PlotWidget):
    """The loss of every iteration (faint) and its smoothed trend (bold), growing live.

    `append(iterations, losses)` takes sequences of equal length; iteration numbers must keep
    increasing across calls (call `clear_data` before a new run). Non-finite losses are not
    drawn (there is nothing to draw) and do not move the smoothed line. `smoothing` is the
    `engine.SmoothedSeries` behind the trend; `raw_data()` gives back every point.

    The x range follows the data, or with `set_planned_iterations(n)` is fixed to [0, n]
    (wider only if the run goes past n); the y range fits the loss in view.
    """

    def __init__(self, parent=None):
        super().__init__(parent, axisItems=_axes(), viewBox=FiniteViewBox())
        _describe(self, self.tr("Loss per iteration"), self.tr(
            "Loss on each training batch: it should fall; the smoothed line shows the trend."))
        plot = _set_up_plot_item(self, left=self.tr("loss"), bottom=self.tr("iteration"),
                                 legend_offset=(-10, 10))  # top right: falling loss leaves room
        self.raw_curve = _add_curve(plot, self.tr("loss per iteration"), RAW_LOSS_PEN)
        self.smoothed_curve = _add_curve(plot, self.tr("smoothed"), SMOOTHED_LOSS_PEN)
        self.smoothing = SmoothedSeries(LOSS_SMOOTHING_WEIGHT,
                                        memory_fraction=LOSS_MEMORY_FRACTION)
        self._raw = _LiveCurve(self.raw_curve)
        self._smoothed = _LiveCurve(self.smoothed_curve)
        self.markers = ChangeMarkers(plot, LOSS_MARKER_LABEL_AT)  # at iterations
        self._last_iteration = -np.inf
        self._planned_iterations = None
        self._drawn_x_range = None  # the x range the curves were cut for; None: all
        self.placeholder = _Placeholder(self, self.tr(
            "Press F5 to train: the loss of every batch appears here."))
        view_box = self.getViewBox()
        view_box.sigXRangeChanged.connect(self._follow_view)
        view_box.sigStateChanged.connect(self._follow_view)  # e.g. back to auto-range
        self._reset_view()

    def append(self, iterations, losses):
        iterations, losses = paired_arrays(iterations, losses)
        if len(iterations) == 0:
            return
        _check_increasing(iterations, after=self._last_iteration, what="iteration")
        self._last_iteration = iterations[-1]
        smoothed = self.smoothing.push(losses)
        finite = np.isfinite(losses)
        self._raw.extend(iterations[finite], losses[finite])
        shown = np.isfinite(smoothed)  # NaN only before the first finite loss
        self._smoothed.extend(iterations[shown], smoothed[shown])
        view_box = self.getViewBox()
        if (self._planned_iterations is not None
                and self._last_iteration > view_box.viewRange()[0][1]):
            self._show_planned_range()  # the run went past its plan: widen, once per append
        self._refresh()
        self.placeholder.setHidden(len(self._raw) > 0)

    def set_planned_iterations(self, iterations):
        """Fix the x range to [0, iterations], the whole run, until `clear_data`.

        The range widens only if iterations beyond it arrive; the y range still fits the loss.
        """
        self._planned_iterations = _checked_plan(iterations, "iterations")
        self._show_planned_range()

    def show_history(self, iterations, losses):
        """Forget the run and draw a recorded history instead (a model file's).

        Unlike `append` it takes rows as a file may hold them: out of order, repeated (the
        last of the rows with one iteration counts), with anything that is not a number left
        out. It never raises. The x range is [0, the last iteration].
        """
        iterations, losses = history_rows(iterations, losses)
        self.clear_data()
        if len(iterations) and iterations[-1] > 0:
            self.set_planned_iterations(iterations[-1])
        with np.errstate(all="ignore"):  # a forged loss of 1e308 overflows the trend: drawn
            self.append(iterations, losses)

    def set_placeholder(self, text):
        """Show `text` (plain text) in the middle of the plot while it has no data."""
        self.placeholder.setText(text)

    def clear_data(self):
        """Forget the run: no data, the trend restarts, the default view and no planned range."""
        self._raw.clear()
        self._smoothed.clear()
        self.smoothing.reset()
        self.markers.clear()
        self._last_iteration = -np.inf
        self._planned_iterations = None
        self._reset_view()
        self.placeholder.show()

    def point_count(self):
        """How many (iteration, loss) points the plot holds, drawn or summarised."""
        return len(self._raw)

    def raw_data(self):
        """Every (finite) point appended: iterations and losses, read-only float64 arrays."""
        return self._raw.data.x, self._raw.data.y

    def _x_end(self):
        return max(self._planned_iterations, self._last_iteration)

    def _show_planned_range(self):
        self.getViewBox().setXRange(0.0, self._x_end(), padding=0.0)

    def _reset_view(self):
        view_box = self.getViewBox()
        (x_range, y_range) = DEFAULT_LOSS_RANGE
        view_box.setRange(xRange=x_range, yRange=y_range, padding=0.0)
        # back to following the data; with no data yet the default range stays
        view_box.enableAutoRange(x=True, y=True)

    def _refresh(self):
        self._drawn_x_range = _fixed_x_range(self.getViewBox())
        self._raw.refresh(self._drawn_x_range)
        self._smoothed.refresh(self._drawn_x_range)

    def _follow_view(self, *_):
        # A new x range (a plan, a program's zoom) or going back to auto-range may need other
        # points. Under auto-range the view follows the data, which `append` has handed over.
        if _fixed_x_range(self.getViewBox()) != self._drawn_x_range:
            self._refresh()


class AccuracyPlot(pg.PlotWidget):
    """Train and test accuracy per epoch, in percent on a 0-100 % axis, as lines with symbols.

    The data come as fractions in [0, 1]. `append(epoch, train_accuracy, test_accuracy)`: None
    (or NaN, "not measured") leaves that series without a point at this epoch; a value outside
    [0, 1], such as a percentage, is a ValueError. Epochs (floats allowed) must keep increasing
    within each series. `append_checks(epochs, accuracies)` adds the frequent check on a
    1,000-image subset of the test set, drawn as a thin line in the test colour.

    The x axis shows whole epochs from 0; `set_planned_epochs(epochs)` fixes it to the whole
    run, else it reaches the latest point (at least epoch 1).
    """

    def __init__(self, parent=None):
        super().__init__(parent, axisItems=_axes(), viewBox=FiniteViewBox())
        _describe(self, self.tr("Accuracy per epoch"), self.tr(
            "Percentage of digits read correctly. Train: the average over the batches of each "
            "epoch, measured while the network was still learning, so early in a run it can "
            "sit below test. Test: digits the network never trains on, the whole test set "
            "after each epoch (symbols) and a check on 1,000 of its images more often (thin "
            "line). Test far below train means the network memorises instead of learning."))
        # bottom right: rising accuracy. One row: at 768 pixels the plot is about 110 px
        # tall, and three rows ran off its top
        plot = _set_up_plot_item(self, left=self.tr("accuracy (%)"), bottom=self.tr("epoch"),
                                 legend_offset=(-10, -10), legend_columns=3)
        plot.getAxis("left").setTickSpacing(levels=[(ACCURACY_TICK_STEP, 0.0)])
        self.train_curve = _add_curve(plot, self.tr("train"), **_symbol_style(TRAIN_COLOR, "o"))
        self.test_curve = _add_curve(plot, self.tr("test"), **_symbol_style(TEST_COLOR, "s"))
        self.check_curve = _add_curve(plot, self.tr("test (1,000-image check)"), CHECK_PEN,
                                      antialias=True)
        self.check_curve.setZValue(-1)  # under the full test set's symbols
        self._train = _LiveCurve(self.train_curve)
        self._test = _LiveCurve(self.test_curve)
        self._checks = _LiveCurve(self.check_curve)
        self._series_symbols = ((self._train, "o"), (self._test, "s"))
        self.markers = ChangeMarkers(plot, ACCURACY_MARKER_LABEL_AT)  # at epochs
        self._planned_epochs = None
        self.placeholder = _Placeholder(self, self.tr(
            "Press F5 to train: the accuracy on training and test digits appears here."))
        self.getViewBox().disableAutoRange()  # the ranges are set here, never fitted to data
        self._reset_view()
        self._list_series_with_points()

    def append(self, epoch, train_accuracy=None, test_accuracy=None):
        epoch = float(epoch)
        points = [(curve, _checked_accuracy(value))
                  for curve, value in ((self._train, train_accuracy), (self._test, test_accuracy))
                  if value is not None and not math.isnan(value)]
        for curve, _ in points:  # check everything before changing anything
            _check_increasing(np.array([epoch]), after=curve.last_x(), what="epoch")
        for curve, accuracy in points:
            curve.extend([epoch], [100.0 * accuracy])
        if points:
            self._refresh()

    def append_checks(self, epochs, accuracies):
        """Add test accuracies (fractions) measured on a 1,000-image subset at `epochs`.

        Sequences of equal length; NaN means not measured and draws nothing. Epochs must keep
        increasing across calls.
        """
        epochs, accuracies = paired_arrays(epochs, accuracies)
        measured = ~np.isnan(accuracies)
        epochs, accuracies = epochs[measured], accuracies[measured]
        if len(epochs) == 0:
            return
        for value in accuracies:  # check everything before changing anything
            _checked_accuracy(value)
        _check_increasing(epochs, after=self._checks.last_x(), what="epoch")
        self._checks.extend(epochs, 100.0 * accuracies)
        self._refresh()

    def show_history(self, epochs, train_accuracies, test_accuracies):
        """Forget the run and draw a recorded history instead (a model file's).

        Rows as a file may hold them: out of order, repeated (the last of the rows with one
        epoch counts), an accuracy that is not a fraction in [0, 1] left out as not measured.
        It never raises. The x range is [0, the last epoch].
        """
        epochs, train, test = history_rows(epochs, train_accuracies, test_accuracies)
        self.clear_data()
        for curve, accuracies in ((self._train, train), (self._test, test)):
            measured = (accuracies >= 0.0) & (accuracies <= 1.0)  # NaN is neither
            curve.extend(epochs[measured], 100.0 * accuracies[measured])
        if len(epochs) and epochs[-1] > 0:
            self.set_planned_epochs(epochs[-1])
        self._refresh()

    def set_planned_epochs(self, epochs):
        """Fix the x range to [0, max(epochs, 1)], the whole run, until `clear_data`.

        `epochs` may be a fraction for a run measured in iterations; the axis keeps whole
        epochs. The range widens only if later epochs arrive.
        """
        self._planned_epochs = _checked_plan(epochs, "epochs")
        self._show_x_range()

    def set_placeholder(self, text):
        """Show `text` (plain text) in the middle of the plot while it has no data."""
        self.placeholder.setText(text)

    def clear_data(self):
        """Forget the run: no data, symbols back, the default view and no planned range."""
        for curve, symbol in self._series_symbols:
            curve.clear()
            curve.item.setSymbol(symbol)
        self._checks.clear()
        self.markers.clear()
        self._planned_epochs = None
        self._reset_view()
        self._list_series_with_points()
        self.placeholder.show()

    def point_counts(self):
        """(train points, test points): the full test set's, per epoch."""
        return len(self._train), len(self._test)

    def check_count(self):
        """How many 1,000-image check points the plot holds."""
        return len(self._checks)

    def _curves(self):
        return self._train, self._test, self._checks

    def _x_end(self):
        last = max(curve.last_x() for curve in self._curves())
        return max(self._planned_epochs or 0.0, DEFAULT_ACCURACY_RANGE[0][1], last)

    def _show_x_range(self):
        self.getViewBox().setXRange(0.0, self._x_end(), padding=ACCURACY_PADDING)

    def _reset_view(self):
        (x_range, y_range) = DEFAULT_ACCURACY_RANGE
        self.getViewBox().setRange(xRange=x_range, yRange=y_range, padding=ACCURACY_PADDING)

    def _refresh(self):
        # One point per epoch: few enough to hand over whole. Checks may be many: min/max.
        for curve in self._curves():
            curve.refresh()
        for curve, _ in self._series_symbols:
            if len(curve) > SYMBOL_LIMIT and curve.item.opts["symbol"] is not None:
                curve.item.setSymbol(None)
        shown_end = self.getViewBox().viewRange()[0][1]
        if self._x_end() > shown_end:  # only a point past the range moves it
            self._show_x_range()
        self._list_series_with_points()
        self.placeholder.setHidden(any(len(curve) for curve in self._curves()))

    def _list_series_with_points(self):
        """The legend names only what is drawn: a model file's history has no checks."""
        legend = self.getPlotItem().legend
        drawn = [curve.item for curve in self._curves() if len(curve)]
        if [sample.item for sample, _ in legend.items] != drawn:
            legend.clear()
            for item in drawn:
                legend.addItem(item, item.name())


class PlotAxis(pg.AxisItem):
    """An axis whose first and last tick labels may stand past its ends, by `LABEL_OVERHANG`.

    With the grid on, pyqtgraph hides every label that does not fit inside the axis, so the
    labels of a range that starts at 0 or ends at a round number (0 %, 100 %, 0 iterations,
    the planned end) were the ones missing. The plots keep margins for them.
    """

    def boundingRect(self):  # noqa: N802 - Qt's name
        rect = super().boundingRect()
        if self.orientation in ("top", "bottom"):
            return rect.adjusted(-LABEL_OVERHANG, 0, LABEL_OVERHANG, 0)
        return rect.adjusted(0, -LABEL_OVERHANG, 0, LABEL_OVERHANG)


class WholeNumberAxis(PlotAxis):
    """An axis with ticks at whole numbers only (iterations, epochs): 0, 1, 2 or 0, 50, 100.

    pyqtgraph's own choice of steps (1, 2, 5 times a power of ten for the space available),
    without the steps under 1.
    """

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        levels = super().tickSpacing(minVal, maxVal, size)
        return [(step, offset) for step, offset in levels if step >= 1.0] or [(1.0, 0.0)]


class _Placeholder(QtWidgets.QLabel):
    """A sentence in the middle of a plot's data area, shown while the plot has no data.

    A label over the plot's viewport (plain text, wrapped, centred), that follows the data
    area as the plot is resized and lets the mouse through.
    """

    def __init__(self, plot_widget, text):
        super().__init__(text, plot_widget.viewport())
        self.setTextFormat(Qt.PlainText)
        self.setAlignment(Qt.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        red, green, blue = PLACEHOLDER_COLOR
        self.setStyleSheet(f"color: rgb({red}, {green}, {blue}); background: transparent;")
        self._plot_widget = plot_widget
        plot_widget.getViewBox().sigResized.connect(self._follow_data_area)
        self._follow_data_area()

    def setVisible(self, visible):  # noqa: N802 - Qt's name; show() and hide() come here too
        super().setVisible(visible)
        self._sync_legend()

    def setText(self, text):  # noqa: N802 - Qt's name
        super().setText(text)
        self._sync_legend()

    def _sync_legend(self):
        legend = self._plot_widget.getPlotItem().legend
        if legend is not None:  # an empty plot's legend would only cover the sentence
            legend.setVisible(self.isHidden() or not self.text())

    def _follow_data_area(self, *_):
        view_box = self._plot_widget.getViewBox()
        area = self._plot_widget.mapFromScene(view_box.sceneBoundingRect()).boundingRect()
        margin = 8
        self.setGeometry(area.adjusted(margin, margin, -margin, -margin))


# --- helpers shared by the two plots --------------------------------------------------------

def paired_arrays(xs, ys):
    """xs and ys as 1-D float64 arrays of the same length, or ValueError."""
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    if xs.ndim != 1 or ys.ndim != 1:
        raise ValueError(f"x and y must be 1-D sequences, not shapes {xs.shape} and {ys.shape}")
    if len(xs) != len(ys):
        raise ValueError(f"x and y must have the same length, not {len(xs)} and {len(ys)}")
    return xs, ys


MAX_HISTORY_X = 1e12  # iterations or epochs: a billion times more than any real run


def history_column(entries, key):
    """`entry[key]` of each entry of a recorded history (a list of dicts from a file) as a
    float64 array; NaN where an entry is no dict, lacks the key or holds no number there."""
    return np.array([_number_or_nan(entry.get(key) if isinstance(entry, dict) else None)
                     for entry in entries], dtype=np.float64)


def history_rows(xs, *series):
    """Recorded rows made plottable: xs and each series as float64 arrays (NaN for what is
    not a number), x rounded to 9 decimals, rows without a finite x of at most MAX_HISTORY_X
    dropped, sorted by x, and of rows with the same x only the last kept (the later report).
    Never raises for values a file may hold."""
    # to a billionth: pyqtgraph's downsampling divides by the x spacing, and points 1e-265
    # apart (a file may say so) made it ask NumPy for an impossible array
    xs = np.round(np.array([_number_or_nan(x) for x in xs], dtype=np.float64), 9)
    columns = [np.array([_number_or_nan(y) for y in ys], dtype=np.float64) for ys in series]
    rows = min([len(xs), *(len(column) for column in columns)])
    xs, columns = xs[:rows], [column[:rows] for column in columns]
    # pyqtgraph sizes arrays from the x range: an iteration of 1e21 from a file would not fit
    order = np.flatnonzero(np.isfinite(xs) & (np.abs(xs) <= MAX_HISTORY_X))
    order = order[np.argsort(xs[order], kind="stable")]
    ordered = xs[order]
    last_of_each = np.append(ordered[1:] != ordered[:-1], True)[:len(order)]
    keep = order[last_of_each]
    return (xs[keep], *(column[keep] for column in columns))


def _number_or_nan(value):
    """A float for an int or float (a huge int as inf), NaN for anything else."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):  # NumPy's too
        return math.nan
    try:
        return float(value)
    except OverflowError:  # an int of 400 digits
        return math.inf if value > 0 else -math.inf


def _check_increasing(xs, after, what):
    if not np.isfinite(xs).all():
        raise ValueError(f"{what} numbers must be finite")
    previous = np.concatenate(([after], xs[:-1]))
    wrong = np.flatnonzero(xs <= previous)
    if wrong.size:
        i = wrong[0]
        raise ValueError(f"{what} numbers must keep increasing (got {xs[i]:g} after "
                         f"{previous[i]:g}); call clear_data() before plotting a new run")


def _checked_accuracy(value):
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"accuracy must be a fraction in [0, 1], not {value}")
    return value


def _checked_plan(length, what):
    length = float(length)
    if not (math.isfinite(length) and length > 0.0):
        raise ValueError(f"planned {what} must be a positive number, not {length}")
    return length


def _axes():
    return {"left": PlotAxis("left"), "bottom": WholeNumberAxis("bottom")}


def _describe(widget, name, tooltip):
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(tooltip)
    widget.setToolTip(tooltip)


def _set_up_plot_item(widget, left, bottom, legend_offset, legend_columns=1):
    plot = widget.getPlotItem()
    # A plot to read, not to operate: a stray wheel or drag must not move the view (which a
    # new run would then keep), a right-click opens no pyqtgraph menu, the "A" (auto-range)
    # button is hidden, and Tab passes the plot by. A wheel goes on to the widgets around.
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    widget.setFocusPolicy(Qt.NoFocus)
    widget.viewport().setFocusPolicy(Qt.NoFocus)  # the QGraphicsView's own takes Tab too
    for side, label in (("left", left), ("bottom", bottom)):
        plot.setLabel(side, label)
        # "loss (x0.001)" over ticks 50..180 would puzzle a learner: plain numbers instead
        plot.getAxis(side).enableAutoSIPrefix(False)
    _show_grid(plot)
    # room for the labels at the ends of the axes: above the top one, right of the last one
    plot.setContentsMargins(0, LABEL_OVERHANG // 2, LABEL_OVERHANG, 0)
    # (x, y): negative counts from the right / bottom
    plot.addLegend(offset=legend_offset, colCount=legend_columns)
    # pyqtgraph's own reduction, for what the min/max copy leaves: set before items are added
    # so they inherit it.
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    # When the x range shows part of the run, fit y to what is in view, not to the whole run.
    plot.getViewBox().setAutoVisible(y=True)
    return plot


def _show_grid(plot):
    # pyqtgraph's grid is the axes' ticks drawn across the view, translucent and above the
    # curves. Qt draws long translucent aliased lines slowly: +23 ms an update at 800x400
    # (measured offscreen). Opaque dim lines under the curves look the same and cost nothing.
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTickPen(GRID_PEN)
        axis.setStyle(tickAlpha=255, maxTickLevel=1)
        axis.setZValue(-200)  # below the ViewBox (-100), whose background is transparent
    plot.showGrid(x=True, y=True)


def _add_curve(plot, name, pen=None, antialias=False, **style):
    # Finite data only reaches these items, so pyqtgraph's per-update finite check is skipped.
    item = pg.PlotDataItem(name=name, pen=pen, antialias=antialias, skipFiniteCheck=True,
                           **style)
    plot.addItem(item)
    return item


def _symbol_style(color, symbol):
    return {"pen": pg.mkPen(color, width=2), "symbol": symbol, "symbolSize": 7,
            "symbolBrush": pg.mkBrush(color), "symbolPen": None, "antialias": True}


def _fixed_x_range(view_box):
    """The x range in view when it was set (a planned run, a zoom), None under auto-range."""
    if view_box.autoRangeEnabled()[0]:
        return None
    return tuple(view_box.viewRange()[0])


def _visible_slice(x, x_range):
    """Indices [start, stop) of the points in view plus one beyond each edge, so that the
    line runs to the frame."""
    left, right = x_range
    start = max(int(np.searchsorted(x, left, side="left")) - 1, 0)
    stop = min(int(np.searchsorted(x, right, side="right")) + 1, len(x))
    return start, stop


def _read_only(view):
    view.flags.writeable = False
    return view


def _resized(array, filled, capacity):
    bigger = np.empty(capacity, dtype=array.dtype)
    bigger[:filled] = array[:filled]
    return bigger


# --- development demo ---------------------------------------------------------------------

def _demo():
    """A fake run of 10 epochs: a decaying noisy loss every 50 ms, a 1,000-image check every
    150 iterations, an accuracy point every 600 iterations."""
    app = pg.mkQApp("DigitLab plots demo")
    window = QtWidgets.QWidget()
    window.setWindowTitle("DigitLab plots demo")
    layout = QtWidgets.QVBoxLayout(window)
    loss_plot, accuracy_plot = LossPlot(), AccuracyPlot()
    layout.addWidget(loss_plot, stretch=2)
    layout.addWidget(accuracy_plot, stretch=1)
    loss_plot.set_planned_iterations(6000)
    accuracy_plot.set_planned_epochs(10)
    rng = np.random.default_rng(0)
    iteration = 0

    def tick():  # 30 iterations every 50 ms, as a fast training run reports them
        nonlocal iteration
        iterations = np.arange(iteration + 1, iteration + 31)
        trend = 0.08 + 2.2 * np.exp(-iterations / 400)
        loss_plot.append(iterations, trend * rng.lognormal(0.0, 0.25, len(iterations)))
        iteration = int(iterations[-1])
        if iteration >= 6000:
            timer.stop()
        epoch = iteration / 600
        test = 1 - 0.9 * np.exp(-epoch / 1.5) - 0.01 * (1 + epoch / 10)
        if iteration % 150 == 0:
            accuracy_plot.append_checks([epoch], [test + rng.normal(0, 0.005)])
        if iteration % 600 == 0:
            train = 1 - 0.9 * np.exp(-(epoch - 0.5) / 1.5) - 0.002  # averaged over the epoch
            accuracy_plot.append(epoch, min(train, 1.0), test)

    timer = QtCore.QTimer(interval=50, timeout=tick)
    timer.start()
    window.resize(900, 700)
    window.show()
    app.exec()


if __name__ == "__main__":
    _demo()
