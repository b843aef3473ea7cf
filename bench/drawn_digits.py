"""A drawn-digit test set that MNIST never saw, and the shipped model's accuracy on it (issue 19).

MNIST was written by Census employees and students at one stroke width. This set is drawn as a
student draws: strokes dragged with the mouse through the app's real canvas (``DrawingCanvas``
driven by ``gui.simulate.drag``), at every pen width the slider offers (4-40, sampled every 4),
in several handwriting styles per digit (those MNIST under-represents included: the European
1 with a flag and a base, the crossed 7, the closed 4, the looped 2, the flat-topped 3), small
and large, off-centre, tilted, each stroke wobbling a little. Every image is what the window
reads: ``canvas.to_array()`` -> ``engine.to_mnist`` -> ``round(x * 255)``. A fixed seed makes
the set reproducible to the bit (tests/gui/test_drawn_digits.py regenerates a sample).

    .venv/bin/python -m bench.drawn_digits --write          # regenerate tests/data/drawn_digits.npz
    .venv/bin/python -m bench.drawn_digits [--model M.npz]  # accuracy: overall, per class, per
                                                            # pen width, per style, worst cells
    .venv/bin/python -m bench.drawn_digits --my-digits OUT.npz   # also as a My digits file,
    .venv/bin/python -m engine my-digits OUT.npz                 # which the app imports
    .venv/bin/python -m bench.drawn_digits --record [--model M.npz]   # and write the figures
                                                            # into the model file's header

The file holds images (N, 28, 28) uint8, labels, pen_widths (N,) uint8, styles (N,) "<U24" and
what each variant is: size (the digit's height as a share of the canvas), aspect (width
factor), tilt (degrees, clockwise), offset_x and offset_y (the digit's centre from the canvas
centre, as a share of the canvas), all float32; and seed. Load it with
``np.load(path, allow_pickle=False)``.

A pen is never wider than a quarter of the digit's height: at pen 40 the smallest digit is 160 px
(57% of the canvas), not 84 px, since nobody can write a legible 8 with a pen half its height.
"""
import argparse
import dataclasses
import functools
import hashlib
import math
import os
import sys
import time
from itertools import pairwise
from pathlib import Path

from PySide6.QtWidgets import QApplication

import numpy as np

import engine
from engine.files.modelio import record_in_model
from gui.canvas import DrawingCanvas
from gui.simulate import drag

CANVAS = 280  # px: the Draw page's canvas (gui.canvas.DrawingCanvas's default)
PEN_WIDTHS = tuple(range(4, 41, 4))  # the slider offers 4-40 (gui/draw_panel.py)
VARIANTS = 8  # random variants per (style, pen width)
SEED = 19
SIZE_RANGE = (0.3, 0.9)  # the digit's height, as a share of the canvas
MIN_HEIGHT_PER_PEN = 4.0  # a digit is at least this many pen widths high
ASPECT_RANGE = (0.85, 1.15)
MAX_TILT = 20.0  # degrees
WOBBLE = 0.02  # of the digit's height: the hand's slight unsteadiness
WOBBLE_KNOTS = 5  # per stroke: the wobble is smooth, not noise
MARGIN = 4.0  # px kept free between the ink and the canvas edge
MOVE_PX = 9.0  # px between the points handed to drag; steps_between fills them in
STEPS_BETWEEN = 2
STYLE_DTYPE = "<U24"
DATA_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "drawn_digits.npz"
VARIANT_ARRAYS = ("size", "aspect", "tilt", "offset_x", "offset_y")


# --- stroke templates: y runs down, the digit is 1 high; a stroke is an (n, 2) array -------------

def line(*points):
    """A polyline through `points`, corners kept (the pen turns sharply)."""
    points = np.asarray(points, float)
    pieces = [np.linspace(a, b, 12, endpoint=False) for a, b in pairwise(points)]
    return np.concatenate([*pieces, points[-1:]])


def curve(*points):
    """A smooth stroke through `points` (a Catmull-Rom spline, ends repeated)."""
    p = np.asarray(points, float)
    p = np.concatenate([p[:1], p, p[-1:]])
    t = np.linspace(0, 1, 16, endpoint=False)[:, None]
    pieces = []
    for p0, p1, p2, p3 in zip(p[:-3], p[1:-2], p[2:-1], p[3:], strict=True):
        pieces.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                             + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
    return np.concatenate([*pieces, p[-2:-1]])


def ellipse(cx, cy, rx, ry, start, end):
    """An arc from angle `start` to `end` in degrees, 90 at the top, counter-clockwise when
    `end` > `start` (as a 0 is written)."""
    angles = np.radians(np.linspace(start, end, max(8, int(abs(end - start) / 5))))
    return np.column_stack([cx + rx * np.cos(angles), cy - ry * np.sin(angles)])


def joined(*pieces):
    """One stroke made of pieces drawn without lifting the pen."""
    return np.concatenate(pieces)


STYLES = {
    "0-oval": (0, lambda: [ellipse(0.3, 0.5, 0.28, 0.5, 100, 470)]),
    "0-round": (0, lambda: [ellipse(0.42, 0.5, 0.42, 0.5, 80, 445)]),
    "0-narrow": (0, lambda: [ellipse(0.17, 0.5, 0.17, 0.5, 95, 445)]),
    "0-egg": (0, lambda: [curve((0.42, 0.05), (0.2, 0.04), (0.04, 0.4), (0.1, 0.85),
                                (0.32, 1.0), (0.56, 0.8), (0.55, 0.35), (0.4, 0.02),
                                (0.25, 0.06))]),
    "1-stick": (1, lambda: [curve((0.12, 0.0), (0.1, 0.5), (0.07, 1.0))]),
    # a flag rises steeply (45-60 degrees) and stays short: a 7's bar is long and flat
    "1-flag": (1, lambda: [line((0.04, 0.26), (0.22, 0.0), (0.22, 1.0))]),
    "1-flag-base": (1, lambda: [line((0.06, 0.26), (0.24, 0.0), (0.24, 1.0)),
                                line((0.0, 1.0), (0.48, 1.0))]),
    "1-long-flag": (1, lambda: [line((0.0, 0.45), (0.24, 0.0), (0.24, 1.0))]),
    "2-plain": (2, lambda: [joined(curve((0.04, 0.25), (0.28, 0.0), (0.54, 0.18),
                                         (0.45, 0.48), (0.0, 1.0)),
                                   line((0.0, 1.0), (0.62, 0.98)))]),
    "2-loop": (2, lambda: [curve((0.04, 0.25), (0.28, 0.0), (0.54, 0.18), (0.45, 0.5),
                                 (0.14, 0.82), (0.04, 0.96), (0.18, 1.0), (0.3, 0.88),
                                 (0.18, 0.8), (0.1, 0.9), (0.3, 0.99), (0.64, 0.96))]),
    "2-angular": (2, lambda: [line((0.0, 0.12), (0.28, 0.0), (0.55, 0.14), (0.0, 1.0),
                                   (0.62, 0.99))]),
    "2-round-base": (2, lambda: [curve((0.06, 0.2), (0.3, 0.0), (0.55, 0.15), (0.5, 0.45),
                                       (0.12, 0.85), (0.1, 0.98), (0.4, 0.94), (0.62, 1.0))]),
    "3-round": (3, lambda: [joined(curve((0.04, 0.12), (0.3, 0.0), (0.52, 0.16), (0.44, 0.38),
                                         (0.2, 0.47)),
                                   curve((0.2, 0.47), (0.5, 0.56), (0.58, 0.8), (0.34, 1.0),
                                         (0.02, 0.88)))]),
    "3-two-strokes": (3, lambda: [curve((0.04, 0.12), (0.3, 0.0), (0.52, 0.16), (0.44, 0.38),
                                        (0.2, 0.47)),
                                  curve((0.24, 0.45), (0.5, 0.56), (0.58, 0.8), (0.34, 1.0),
                                        (0.02, 0.88))]),
    "3-flat-top": (3, lambda: [joined(line((0.02, 0.0), (0.56, 0.0), (0.22, 0.4)),
                                      curve((0.22, 0.4), (0.52, 0.5), (0.6, 0.76), (0.34, 1.0),
                                            (0.0, 0.88)))]),
    "3-small-top": (3, lambda: [joined(curve((0.1, 0.1), (0.28, 0.0), (0.42, 0.12),
                                             (0.34, 0.3), (0.18, 0.36)),
                                       curve((0.18, 0.36), (0.5, 0.48), (0.62, 0.76),
                                             (0.36, 1.0), (0.0, 0.9)))]),
    "4-open": (4, lambda: [line((0.1, 0.0), (0.04, 0.62), (0.66, 0.6)),
                           line((0.5, 0.02), (0.5, 1.0))]),
    "4-closed": (4, lambda: [line((0.48, 0.0), (0.0, 0.66), (0.66, 0.66)),
                             line((0.48, 0.0), (0.48, 1.0))]),
    "4-open-slanted": (4, lambda: [line((0.22, 0.0), (0.02, 0.58), (0.7, 0.55)),
                                   line((0.58, 0.12), (0.45, 1.0))]),
    "4-closed-long-bar": (4, lambda: [line((0.45, 0.0), (0.0, 0.64), (0.8, 0.62)),
                                      line((0.45, 0.0), (0.45, 1.0))]),
    "5-plain": (5, lambda: [joined(line((0.1, 0.0), (0.07, 0.44)),
                                   curve((0.07, 0.44), (0.32, 0.36), (0.56, 0.55), (0.52, 0.88),
                                         (0.24, 1.0), (0.0, 0.9))),
                            line((0.1, 0.0), (0.58, 0.0))]),
    "5-one-stroke": (5, lambda: [joined(line((0.58, 0.0), (0.1, 0.0), (0.07, 0.44)),
                                        curve((0.07, 0.44), (0.32, 0.36), (0.56, 0.55),
                                              (0.52, 0.88), (0.24, 1.0), (0.0, 0.9)))]),
    "5-detached-bar": (5, lambda: [joined(line((0.1, 0.04), (0.07, 0.44)),
                                          curve((0.07, 0.44), (0.32, 0.36), (0.56, 0.55),
                                                (0.52, 0.88), (0.24, 1.0), (0.0, 0.9))),
                                   line((0.2, 0.0), (0.62, -0.02))]),
    "5-big-bowl": (5, lambda: [joined(line((0.14, 0.0), (0.1, 0.3)),
                                      curve((0.1, 0.3), (0.42, 0.26), (0.66, 0.56),
                                            (0.55, 0.92), (0.25, 1.0), (0.0, 0.86))),
                               line((0.14, 0.0), (0.6, 0.02))]),
    "6-one-stroke": (6, lambda: [curve((0.52, 0.0), (0.24, 0.16), (0.05, 0.55), (0.1, 0.9),
                                       (0.3, 1.0), (0.52, 0.86), (0.5, 0.62), (0.3, 0.54),
                                       (0.08, 0.68))]),
    "6-hooked-top": (6, lambda: [curve((0.58, 0.1), (0.45, 0.0), (0.22, 0.12), (0.05, 0.55),
                                       (0.1, 0.9), (0.3, 1.0), (0.52, 0.86), (0.5, 0.62),
                                       (0.3, 0.54), (0.08, 0.68))]),
    "6-straight-stem": (6, lambda: [joined(line((0.46, 0.0), (0.1, 0.62)),
                                           curve((0.1, 0.62), (0.12, 0.92), (0.32, 1.0),
                                                 (0.52, 0.84), (0.46, 0.6), (0.24, 0.56),
                                                 (0.1, 0.66)))]),
    "6-two-strokes": (6, lambda: [curve((0.52, 0.0), (0.22, 0.22), (0.06, 0.7)),
                                  ellipse(0.3, 0.74, 0.25, 0.26, 160, 530)]),
    "7-plain": (7, lambda: [line((0.0, 0.0), (0.6, 0.0), (0.22, 1.0))]),
    "7-crossbar": (7, lambda: [line((0.0, 0.0), (0.6, 0.0), (0.22, 1.0)),
                               line((0.18, 0.52), (0.6, 0.48))]),
    "7-curved-stem": (7, lambda: [joined(line((0.0, 0.02), (0.62, 0.0)),
                                         curve((0.62, 0.0), (0.42, 0.35), (0.3, 0.7),
                                               (0.28, 1.0)))]),
    "7-serif": (7, lambda: [line((0.0, 0.16), (0.0, 0.0), (0.6, 0.0), (0.24, 1.0))]),
    "8-one-stroke": (8, lambda: [curve((0.5, 0.1), (0.28, 0.0), (0.06, 0.14), (0.14, 0.36),
                                       (0.44, 0.58), (0.56, 0.84), (0.3, 1.0), (0.04, 0.84),
                                       (0.14, 0.6), (0.44, 0.38), (0.54, 0.16), (0.44, 0.04))]),
    "8-two-strokes": (8, lambda: [curve((0.5, 0.1), (0.28, 0.0), (0.06, 0.14), (0.14, 0.36),
                                        (0.44, 0.58), (0.56, 0.84), (0.3, 1.0), (0.04, 0.84)),
                                  curve((0.5, 0.1), (0.46, 0.3), (0.3, 0.46), (0.14, 0.6),
                                        (0.04, 0.84))]),
    "8-two-loops": (8, lambda: [ellipse(0.3, 0.22, 0.2, 0.22, 80, 440),
                                ellipse(0.3, 0.71, 0.28, 0.29, 90, 450)]),
    "8-figure": (8, lambda: [figure_eight()]),
    "9-straight-stem": (9, lambda: [joined(ellipse(0.3, 0.25, 0.27, 0.25, 20, 380),
                                           line((0.557, 0.25), (0.55, 1.0)))]),
    "9-curved-stem": (9, lambda: [joined(ellipse(0.3, 0.25, 0.27, 0.25, 20, 380),
                                         curve((0.557, 0.25), (0.54, 0.7), (0.42, 0.95),
                                               (0.14, 0.96)))]),
    "9-two-strokes": (9, lambda: [ellipse(0.3, 0.24, 0.27, 0.24, 10, 375),
                                  line((0.57, 0.02), (0.56, 1.0))]),
    "9-slanted-stem": (9, lambda: [joined(ellipse(0.36, 0.24, 0.26, 0.24, 20, 380),
                                          line((0.605, 0.24), (0.3, 1.0)))]),
}


def figure_eight():
    """An 8 in one stroke from the top, both loops alike (a lemniscate stood on end)."""
    t = np.linspace(0, 2 * np.pi, 90)
    return np.column_stack([0.3 - 0.3 * np.sin(2 * t), 0.5 - 0.5 * np.cos(t)])


# --- the variants ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, eq=False)
class Variant:
    """One image of the set: a style drawn at a pen width, sized, tilted, placed and wobbled."""

    index: int
    label: int
    style: str
    pen_width: int
    size: float  # the digit's height as a share of the canvas
    aspect: float  # its width factor
    tilt: float  # degrees, clockwise
    place: tuple  # (x, y) in [-1, 1]: where in the free room around the digit it sits
    wobble: tuple  # per stroke, (WOBBLE_KNOTS, 2) offsets in digit heights

    def strokes(self):
        """The strokes in canvas px, ready to drag."""
        strokes = [self._shaped(stroke, wobble)
                   for stroke, wobble in zip(STYLES[self.style][1](), self.wobble,
                                                     strict=True)]
        return [stroke + self.shift(strokes) for stroke in strokes]

    def _shaped(self, stroke, wobble):
        """Wobbled, scaled, centred on the template's box and tilted (around the origin)."""
        knots = np.linspace(0, 1, WOBBLE_KNOTS)
        along = np.linspace(0, 1, len(stroke))
        stroke = stroke + np.column_stack([np.interp(along, knots, wobble[:, 0]),
                                           np.interp(along, knots, wobble[:, 1])])
        low, high = template_box(self.style)
        centre = (low + high) / 2
        height = self.size * CANVAS
        stroke = (stroke - centre) * height * np.array([self.aspect, 1.0])
        angle = math.radians(self.tilt)
        rotation = np.array([[math.cos(angle), -math.sin(angle)],
                             [math.sin(angle), math.cos(angle)]])
        return stroke @ rotation.T

    def shift(self, strokes):
        """Where the digit's centre goes: `place` across the room its ink leaves free."""
        ink = np.concatenate(strokes)
        low, high = ink.min(axis=0), ink.max(axis=0)
        edge = MARGIN + self.pen_width / 2
        room_low, room_high = edge - low, CANVAS - edge - high
        middle = (room_low + room_high) / 2
        return middle + np.asarray(self.place) * np.maximum(room_high - room_low, 0) / 2

    def offset(self):
        """The ink box's centre from the canvas centre, as a share of the canvas."""
        ink = np.concatenate(self.strokes())
        return ((ink.min(axis=0) + ink.max(axis=0)) / 2 - CANVAS / 2) / CANVAS


@functools.cache
def template_box(style):
    ink = np.concatenate(STYLES[style][1]())
    return ink.min(axis=0), ink.max(axis=0)


def plan(seed=SEED):
    """Every variant of the set, in order: style by style, pen width by pen width."""
    rng = np.random.default_rng(seed)
    variants = []
    for style, (label, template) in STYLES.items():
        strokes = len(template())
        for pen_width in PEN_WIDTHS:
            smallest = max(SIZE_RANGE[0], MIN_HEIGHT_PER_PEN * pen_width / CANVAS)
            for _ in range(VARIANTS):
                variants.append(Variant(
                    index=len(variants), label=label, style=style, pen_width=pen_width,
                    size=float(rng.uniform(smallest, SIZE_RANGE[1])),
                    aspect=float(rng.uniform(*ASPECT_RANGE)),
                    tilt=float(rng.uniform(-MAX_TILT, MAX_TILT)),
                    place=tuple(rng.uniform(-1, 1, 2)),
                    wobble=tuple(rng.normal(0, WOBBLE / 2, (strokes, WOBBLE_KNOTS, 2)))))
    return variants


# --- drawing through the real canvas --------------------------------------------------------------

def make_canvas():
    """The Draw page's canvas, shown (offscreen when QT_QPA_PLATFORM says so)."""
    canvas = DrawingCanvas(size=CANVAS)
    canvas.show()
    return canvas


def draw(canvas, variant):
    """The variant dragged stroke by stroke on a cleared `canvas`: the 28x28 uint8 image the
    window's network reads."""
    canvas.clear()
    canvas.set_pen_width(variant.pen_width)
    for stroke in variant.strokes():
        drag(canvas, [tuple(map(float, p)) for p in mouse_points(stroke)],
             steps_between=STEPS_BETWEEN)
    return np.rint(engine.to_mnist(canvas.to_array()) * 255).astype(np.uint8)


def mouse_points(stroke):
    """The stroke resampled every MOVE_PX px of its length: as even as a steady hand's."""
    lengths = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(stroke, axis=0).T))])
    steps = np.linspace(0, lengths[-1], max(2, math.ceil(lengths[-1] / MOVE_PX) + 1))
    return np.column_stack([np.interp(steps, lengths, stroke[:, 0]),
                            np.interp(steps, lengths, stroke[:, 1])])


def generate(variants, canvas=None):
    """The set's arrays for `variants` (all of plan(), or a sample of it)."""
    canvas = make_canvas() if canvas is None else canvas
    images = np.stack([draw(canvas, v) for v in variants])
    offsets = np.array([v.offset() for v in variants], np.float32).reshape(-1, 2)
    return {"images": images,
            "labels": np.array([v.label for v in variants], np.uint8),
            "pen_widths": np.array([v.pen_width for v in variants], np.uint8),
            "styles": np.array([v.style for v in variants], STYLE_DTYPE),
            "size": np.array([v.size for v in variants], np.float32),
            "aspect": np.array([v.aspect for v in variants], np.float32),
            "tilt": np.array([v.tilt for v in variants], np.float32),
            "offset_x": offsets[:, 0], "offset_y": offsets[:, 1]}


def write(path=DATA_FILE, seed=SEED):
    start = time.perf_counter()
    arrays = generate(plan(seed))
    seconds = time.perf_counter() - start
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with engine.atomic_write(path) as f:
        np.savez_compressed(f, seed=np.array(seed, np.int64), **arrays)
    print(f"{path}: {len(arrays['labels']):,} digits drawn in {seconds:.1f} s, "
          f"{path.stat().st_size / 1e6:.2f} MB")


def load(path=DATA_FILE):
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


# --- as a My digits file --------------------------------------------------------------------------

def digit_ids(count, seed=SEED):
    """Ids fixed by the seed and place: importing a rewritten file again adds nothing new."""
    return np.array([hashlib.sha256(f"drawn-digits-{seed}-{i}".encode()).hexdigest()[:32]
                     for i in range(count)], "<U32")


def write_my_digits(drawn, path):
    seed = int(drawn.get("seed", SEED))
    engine.save_my_digits(engine.MyDigits(drawn["images"], drawn["labels"],
                            digit_ids(len(drawn["labels"]), seed)), path)
    print(f"{path}: {len(drawn['labels']):,} digits as a My digits file "
          f"(python -m engine my-digits {path})")


# --- measuring ------------------------------------------------------------------------------------

def predictions(model_path, drawn):
    loaded = engine.load_model(model_path)
    shape = (loaded.model.config or {}).get("input_shape", [1, 28, 28])
    x = engine.to_float32(drawn["images"]).reshape(len(drawn["images"]), *shape)
    return engine.evaluate_predictions(loaded, x, drawn["labels"])


def accuracy_rows(keys, correct, answers, worst_first=False):
    """Per key: (key, images, accuracy, its most frequent wrong answer or "")."""
    rows = []
    for key in sorted(set(keys.tolist())):
        mine = keys == key
        rows.append((key, int(mine.sum()), float(correct[mine].mean()),
                     usual_mistake(answers[mine & ~correct])))
    return sorted(rows, key=lambda row: row[2]) if worst_first else rows


def usual_mistake(wrong_answers):
    if not len(wrong_answers):
        return ""
    answers, counts = np.unique(wrong_answers, return_counts=True)
    times = "once" if counts.max() == 1 else f"{counts.max()} times"
    return f"{answers[counts.argmax()]}, {times}"


def table(title, rows):
    return [f"{title:<18} {'images':>6} {'accuracy':>9}  most often read as",
            *(f"{key!s:<18} {count:>6} {accuracy:>9.4f}  {usual}"
              for key, count, accuracy, usual in rows)]


def worst_cells(drawn, correct, count=10):
    """The (style, pen width) cells read worst."""
    cells = np.char.add(np.char.add(drawn["styles"], " pen "),
                        drawn["pen_widths"].astype(STYLE_DTYPE))
    rows = accuracy_rows(cells, correct, np.zeros(len(cells), int), worst_first=True)
    return [f"{cell:<24} {accuracy:.3f} of {images}" for cell, images, accuracy, _ in rows[:count]]


def description(drawn, index):
    return (f"#{index} {drawn['styles'][index]}, pen {drawn['pen_widths'][index]}, height "
            f"{drawn['size'][index]:.0%}, tilt {drawn['tilt'][index]:+.0f} deg, centre off by "
            f"({drawn['offset_x'][index]:+.2f}, {drawn['offset_y'][index]:+.2f}) of the canvas")


def worst_images(drawn, result, count=10):
    """The wrong answers given with the most confidence, described."""
    wrong = np.flatnonzero(result.predicted != result.labels)
    confidence = result.probabilities[wrong, result.predicted[wrong]]
    return [f"{description(drawn, i)}: read as {result.predicted[i]} "
            f"({result.probabilities[i, result.predicted[i]]:.2f})"
            for i in wrong[np.argsort(-confidence, kind="stable")][:count]]


def record(model_path, drawn, data_path):
    """Write the model's accuracy on the set into its file: "drawn_digits_accuracy" among its
    metrics, and per digit, per pen width and which set (its SHA-256) under extra."""
    result = predictions(model_path, drawn)
    correct, answers = result.predicted == result.labels, result.predicted

    def shares(keys):
        return {str(key): round(accuracy, 4)
                for key, _, accuracy, _ in accuracy_rows(keys, correct, answers)}

    details = {"images": len(correct), "accuracy": round(float(result.accuracy), 4),
               "per_digit": shares(drawn["labels"]), "per_pen_width": shares(drawn["pen_widths"]),
               "set": Path(data_path).name,
               "set_sha256": hashlib.sha256(Path(data_path).read_bytes()).hexdigest(),
               "measured_by": "python -m bench.drawn_digits --record"}
    record_in_model(
        model_path, metrics={"drawn_digits_accuracy": details["accuracy"]},
        extra={"drawn_digits": details})
    return details


def report(model_path, drawn):
    result = predictions(model_path, drawn)
    correct, answers = result.predicted == result.labels, result.predicted
    return "\n".join([
        f"{model_path} on {len(correct):,} drawn digits: accuracy {result.accuracy:.4f}",
        "", *table("digit", accuracy_rows(drawn["labels"], correct, answers)),
        "", *table("pen width", accuracy_rows(drawn["pen_widths"], correct, answers)),
        "", *table("style, worst first",
                   accuracy_rows(drawn["styles"], correct, answers, worst_first=True)),
        "", "worst (style, pen width) cells:", *worst_cells(drawn, correct),
        "", "most confident mistakes:", *worst_images(drawn, result)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help=f"draw the set again (seed {SEED}) and save it to --data")
    parser.add_argument("--data", default=str(DATA_FILE), help="the set's file")
    parser.add_argument("--model", help="the model to measure (default: the bundled one)")
    parser.add_argument("--my-digits", metavar="OUT.npz",
                        help="also write the set as a My digits file the app imports")
    parser.add_argument("--record", action="store_true",
                        help="write the accuracy into the model file's header")
    args = parser.parse_args(argv)
    if args.write:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no window
        app = QApplication.instance() or QApplication(sys.argv[:1])
        write(args.data)
        del app
    drawn = load(args.data)
    if args.my_digits:
        write_my_digits(drawn, args.my_digits)
    model_path = args.model or str(engine.bundled_model_path())
    print(report(model_path, drawn))
    if args.record:
        details = record(model_path, drawn, args.data)
        print(f"recorded in {model_path}: drawn_digits_accuracy {details['accuracy']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
