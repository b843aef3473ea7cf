"""Live loss plot: the time of one update against the length of the history already drawn.

One update = append 10 loss values, then let Qt repaint (app.processEvents(), as the event loop
would). For histories of 1,000 / 10,000 / 100,000 / 1,000,000 points it prints the median time
of one update of gui.plots.LossPlot and of a naive baseline measured in the same run, each
with its ratio to its own 1,000-point time. The baseline draws the same two curves (loss and
smoothed loss, same pens) as plain PlotDataItems handed the whole history on every update, with
no downsampling or clipping. Both 800x400, offscreen, measured in alternating blocks of updates
so that machine noise hits both alike. Target: LossPlot at 100,000 points within 1.5x of its
1,000-point time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_plots [--updates 40] [--json]
"""
import argparse
import json
import statistics
import time

from PySide6 import __version__ as pyside_version  # before pyqtgraph, which binds to it

import numpy as np
import pyqtgraph as pg

from engine import SmoothedSeries
from gui.plots import (
    LOSS_MEMORY_FRACTION,
    LOSS_SMOOTHING_WEIGHT,
    RAW_LOSS_PEN,
    SMOOTHED_LOSS_PEN,
    LossPlot,
)

HISTORY_LENGTHS = (1_000, 10_000, 100_000, 1_000_000)
POINTS_PER_UPDATE = 10
WARM_UP_UPDATES = 3  # per block
ROUNDS = 5  # blocks per plot and history length
SIZE = (800, 400)


def fake_run(n, seed=0):
    """Iterations, a noisy decaying loss, and its smoothing, for n points."""
    rng = np.random.default_rng(seed)
    iterations = np.arange(1, n + 1, dtype=np.float64)
    losses = (0.08 + 2.2 * np.exp(-iterations / (n / 6))) * rng.lognormal(0.0, 0.25, n)
    smoothing = SmoothedSeries(LOSS_SMOOTHING_WEIGHT, memory_fraction=LOSS_MEMORY_FRACTION)
    return iterations, losses, smoothing.push(losses)


class NaivePlot:
    """The baseline: the same two curves, handed the whole history on every update."""

    def __init__(self):
        self.widget = pg.PlotWidget()
        self.raw = self.widget.plot(pen=RAW_LOSS_PEN)
        self.smoothed = self.widget.plot(pen=SMOOTHED_LOSS_PEN)

    def show_first(self, run, n):
        self.length = n
        self._draw(run)

    def update(self, run):
        self.length += POINTS_PER_UPDATE
        self._draw(run)

    def _draw(self, run):
        iterations, losses, smoothed = run
        self.raw.setData(iterations[:self.length], losses[:self.length])
        self.smoothed.setData(iterations[:self.length], smoothed[:self.length])


class LivePlot:
    """LossPlot fed the way the app feeds it: a batch of new values each update."""

    def __init__(self):
        self.widget = LossPlot()

    def show_first(self, run, n):
        self.length = n
        self.widget.append(run[0][:n], run[1][:n])

    def update(self, run):
        start, self.length = self.length, self.length + POINTS_PER_UPDATE
        self.widget.append(run[0][start:self.length], run[1][start:self.length])


def median_update_ms(app, plots, run, n, updates, rounds=ROUNDS):
    """Median ms of one update + repaint for each plot, in alternating blocks of updates.

    Only the plot being measured is shown: a plot's repaint can spill into the next
    processEvents() (pyqtgraph's auto-range asks for a second paint), and it must not land in
    the other plot's timing. Within a block, the spill of one update counts in the next.
    """
    for plot in plots:
        plot.widget.resize(*SIZE)
        plot.show_first(run, n)
    timings = [[] for _ in plots]
    for _ in range(rounds):
        for plot, times in zip(plots, timings, strict=True):
            plot.widget.show()
            times += timed_updates(app, plot, run, -(-updates // rounds))
            plot.widget.hide()
            app.processEvents()
    for plot in plots:
        plot.widget.close()
        plot.widget.deleteLater()
    app.processEvents()
    return [statistics.median(times) * 1e3 for times in timings]


def timed_updates(app, plot, run, count):
    app.processEvents()
    for _ in range(WARM_UP_UPDATES):  # the first after show() repaints the whole widget
        plot.update(run)
        app.processEvents()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        plot.update(run)
        app.processEvents()
        times.append(time.perf_counter() - start)
    return times


def check_updates_repaint(app):
    """Fail loudly if processEvents() stopped painting the curves: the timings would be void."""
    paints = []
    curve_type = pg.PlotCurveItem
    original = curve_type.paint

    def counting_paint(self, *args):
        paints.append(1)
        return original(self, *args)

    curve_type.paint = counting_paint
    try:
        median_update_ms(app, [LivePlot()], fake_run(2000), 1000, updates=2, rounds=1)
    finally:
        curve_type.paint = original
    if not paints:
        raise SystemExit("no curve was painted: check QT_QPA_PLATFORM and the repaint step")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=40, help="timed updates per length")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    app = pg.mkQApp("bench_plots")
    check_updates_repaint(app)
    updates_per_plot = ROUNDS * (WARM_UP_UPDATES + args.updates)  # more than enough
    run = fake_run(max(HISTORY_LENGTHS) + POINTS_PER_UPDATE * updates_per_plot)
    rows = []
    for n in HISTORY_LENGTHS:
        live_ms, naive_ms = median_update_ms(app, [LivePlot(), NaivePlot()], run, n,
                                             args.updates)
        rows.append({"points": n, "loss_plot_ms": live_ms, "naive_ms": naive_ms})
    for row in rows:
        row["loss_plot_ratio"] = row["loss_plot_ms"] / rows[0]["loss_plot_ms"]
        row["naive_ratio"] = row["naive_ms"] / rows[0]["naive_ms"]
    versions = {"pyside6": pyside_version, "pyqtgraph": pg.__version__, "numpy": np.__version__}
    print(json.dumps({"rows": rows, **versions}) if args.json else _table(rows, versions))


def _table(rows, versions):
    lines = [
        f"One update (append {POINTS_PER_UPDATE} points + repaint), {SIZE[0]}x{SIZE[1]} "
        "offscreen, medians",
        f"{'history':>10s}{'LossPlot ms':>14s}{'ratio':>8s}{'naive ms':>12s}{'ratio':>8s}",
    ]
    for r in rows:
        lines.append(f"{r['points']:>10,d}{r['loss_plot_ms']:14.2f}{r['loss_plot_ratio']:8.2f}"
                     f"{r['naive_ms']:12.2f}{r['naive_ratio']:8.2f}")
    lines.append(", ".join(f"{name} {version}" for name, version in versions.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
