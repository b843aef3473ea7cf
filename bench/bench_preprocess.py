"""Preprocessing a drawing for the network, as the draw panel does on every pen move.

The window reads the drawing while the pen moves: each move that changes the canvas costs one
``engine.to_mnist`` of the 280x280 canvas (then one forward pass). Its budget is 2 ms, so that
a pen reporting 100-200 moves a second leaves the GUI thread most of its time.

A time in milliseconds says little on its own (a busy CI machine is 5x slower than an idle
laptop), so every figure here comes with a reference measured in the same run, in alternating
blocks so that machine noise hits both alike: the plain NumPy floor of any reading of the
canvas, one pass that turns it into floats (``canvas.astype(np.float32) / 255``). The ratio
is the figure to compare between machines and versions. Target: ``to_mnist`` within
``TARGET_RATIO`` times that floor; a Python loop over rows or pixels is 100x or more.

    .venv/bin/python -m bench.bench_preprocess [--calls 2000] [--json]
"""
import argparse
import itertools
import json
import statistics
import time

import numpy as np

from engine import to_mnist
from gui.workers import share_the_cores

CANVAS = 280  # gui.canvas.DrawingCanvas's default size
BUDGET_MS = 2.0  # per pen move
TARGET_RATIO = 25.0
ROUNDS = 10  # alternating blocks per function
FOUR = [(0, 8), (13, 0), (13, 12), (6, 9), (20, 9)]  # a "4" in a 20x12 design box


def drawing(points=FOUR, size=CANVAS, scale=9.0, offset=(40.0, 70.0), pen=18.0):
    """A 'digit' as the canvas holds it: uint8, white anti-aliased strokes on black."""
    rows, cols = np.indices((size, size), dtype=np.float64) + 0.5
    points = np.asarray(points, dtype=np.float64) * scale + offset
    distance = np.full((size, size), np.inf)
    for (r0, c0), (r1, c1) in itertools.pairwise(points):
        dr, dc = r1 - r0, c1 - c0
        t = np.clip(((rows - r0) * dr + (cols - c0) * dc) / (dr * dr + dc * dc), 0, 1)
        distance = np.minimum(distance, np.hypot(rows - r0 - t * dr, cols - c0 - t * dc))
    return np.round(np.clip(pen / 2 - distance + 0.5, 0, 1) * 255).astype(np.uint8)


def floor(canvas):
    """The reference: one NumPy pass over the canvas, which any reading of it needs."""
    return canvas.astype(np.float32) / np.float32(255)


def per_call_seconds(fn, canvas, calls):
    start = time.perf_counter()
    for _ in range(calls):
        fn(canvas)
    return (time.perf_counter() - start) / calls


def measure(calls):
    cores = share_the_cores()  # as the app does at start (gui/app.py)
    canvas = drawing()
    for fn in (to_mnist, floor):  # warm up: first calls pay for allocation and caches
        per_call_seconds(fn, canvas, 20)
    block = max(1, calls // ROUNDS)
    timings = {to_mnist: [], floor: []}
    for _ in range(ROUNDS):
        for fn, times in timings.items():
            times.append(per_call_seconds(fn, canvas, block))
    ours, reference = (statistics.median(timings[fn]) * 1e3 for fn in (to_mnist, floor))
    ratio = ours / reference
    return {"canvas": f"{CANVAS}x{CANVAS}", "calls": block * ROUNDS, "engine_threads": cores,
            "to_mnist_ms": round(ours, 4), "floor_ms": round(reference, 4),
            "ratio": round(ratio, 2), "target_ratio": TARGET_RATIO,
            "ratio_ok": ratio <= TARGET_RATIO, "budget_ms": BUDGET_MS,
            "share_of_budget": round(ours / BUDGET_MS, 3)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per function")
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args(argv)
    result = measure(args.calls)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"to_mnist on a {result['canvas']} drawing: {result['to_mnist_ms']:.3f} ms a call "
              f"({result['share_of_budget']:.0%} of the {BUDGET_MS:g} ms pen-move budget)")
        print(f"reference, one NumPy pass over the canvas: {result['floor_ms']:.3f} ms")
        print(f"ratio {result['ratio']:.1f}x (target <= {TARGET_RATIO:g}x): "
              f"{'ok' if result['ratio_ok'] else 'TOO SLOW'}")
    return 0 if result["ratio_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
