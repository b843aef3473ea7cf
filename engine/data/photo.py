"""A photo or scan of a handwritten digit -> what the canvas would hold had it been drawn there.

A phone photo of a digit on paper is not a drawing. The ink is dark and the paper light; the
light falls unevenly, so a corner in shadow can be darker than the ink elsewhere and no single
threshold separates them; the paper has grain; the frame also holds the paper's edge, the table
or a finger's shadow; and the digit is a small part of millions of pixels. `photo_ink` turns
grey levels (1 = white, as `engine.files.images.read_image` returns them) into white ink on
black in a square, the digit centred in it, so that `to_mnist` reads it as it reads a drawing:

1. shrink the picture by whole-box means to at most `WORK_SIDE` pixels a side;
2. find the paper: most pixels near the ink are paper (`paper_is_light`); when it is dark
   (chalk on a blackboard, an MNIST digit itself) the picture is inverted first, so that ink
   is always the darker;
3. flatten the light: the paper's brightness at each pixel is the brightest level within a
   window wider than any stroke (`LIGHT_WINDOW` of the longer side), smoothed; each pixel is
   divided by it, so the paper is 1 everywhere and ink is its darkness against the paper
   around it, in shadow or not;
4. threshold that darkness with Otsu's method (1979), never below `MIN_CONTRAST`;
5. keep the digit: of the 8-connected marks, those touching the picture's edge (the paper's
   edge, the table, a shadow coming in) and specks smaller than `SPECK_SHARE` of the largest
   mark are dropped, unless nothing else is left;
6. scale the kept ink so its strokes' core is full ink, keep a pixel of soft edge around them,
   and place their box, enlarged or shrunk, in the middle of the square at `DIGIT_SHARE` of it.

Cost: a 12-megapixel photo is shrunk to 800 x 600 float32 (2 MB) first, rows before columns,
so no full-size copy is made; every later step works on that. About 60 ms for an 800 x 600
photo on two cores (bench/photos.py).
"""
from dataclasses import dataclass

import numpy as np

from ..files.images import border_pixels
from ..messages import sentence
from .preprocess import placement_matrix

WORK_SIDE = 800  # px: a digit filling a tenth of a phone photo keeps strokes 2-3 px wide
LIGHT_SIDE = 200  # px: the paper's light is estimated on the picture shrunk to this
LIGHT_WINDOW = 1 / 6  # of the longer side: wider than a marker's stroke on a filled frame
CLEAR_MAJORITY = 0.6  # this share of the pixels near ink on one side says which is paper
MIN_CONTRAST = 0.12  # ink is at least this much darker than the paper around it
SPECK_SHARE = 0.05  # marks smaller than this share of the largest one are dirt or grain
MIN_DIGIT_SHARE = 1 / 25  # the digit spans at least this share of the picture's shorter side
INK_PERCENTILE = 90  # this percentile of the kept ink's darkness becomes full ink
DIGIT_SHARE = 0.7  # the digit's longer side on the canvas: what a student draws


class NoDigitError(ValueError):
    """A picture holds no mark that could be a digit: blank paper, or only specks."""


@dataclass(frozen=True)
class PhotoInk:
    """What `photo_ink` made of a picture, and what it did on the way."""

    canvas: np.ndarray  # (size, size) float32 ink in [0, 1], ink bright on black
    inverted: bool  # True: dark ink on light paper (the usual photo), turned to light on dark
    threshold: float  # the darkness against the paper above which a pixel was ink
    kept: int  # marks kept as the digit
    dropped: int  # marks dropped: specks, and what touched the picture's edge
    shrink: int  # the picture was box-averaged by this whole factor first


def photo_ink(grey, size):
    """Grey levels (H, W), 1 = white -> PhotoInk holding a (size, size) canvas of ink.

    Raises NoDigitError when no mark in the picture could be a digit, ValueError for a
    malformed array.
    """
    grey, shrink = _work_copy(grey)
    small, factor = _light_copy(grey)
    inverted = paper_is_light(small)
    if not inverted:
        grey, small = 1.0 - grey, 1.0 - small
    darkness = flat_darkness(grey, paper_light(small, factor, grey.shape))
    threshold = max(otsu_threshold(darkness), MIN_CONTRAST)
    parts = Marks(darkness > threshold)
    kept = parts.digit()
    if kept is None:
        raise NoDigitError(sentence("no mark in the picture is large or dark enough to be a "
                                    "digit"))
    canvas = _placed(_kept_ink(darkness, parts.mask(kept)), size)
    return PhotoInk(canvas, inverted, float(threshold), len(kept), parts.count - len(kept),
                    shrink)


def _work_copy(grey):
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2 or grey.size == 0:
        raise ValueError(f"photo_ink needs a non-empty 2-D grey image, got shape {grey.shape}")
    if not np.isfinite(grey).all():
        raise ValueError("photo_ink: the image contains NaN or infinite values")
    factor = -(-max(grey.shape) // WORK_SIDE)
    return np.clip(box_shrunk(grey, factor, np.mean), 0.0, 1.0), factor


def box_shrunk(image, factor, reduce):
    """`image` shrunk `factor` times, each pixel `reduce` (np.mean, np.max) of a factor x factor
    box; edge rows and columns that fill no whole box are dropped (at least one box is kept).
    Rows are reduced first, on a view: no full-size copy is made."""
    if factor == 1:
        return image
    rows = max(image.shape[0] // factor, 1) * factor
    cols = max(image.shape[1] // factor, 1) * factor
    image = _padded_to(image, rows, image.shape[1])
    down = reduce(image.reshape(rows // factor, factor, image.shape[1]), axis=1)
    down = _padded_to(down, rows // factor, cols)
    return reduce(down.reshape(rows // factor, cols // factor, factor), axis=2).astype(np.float32)


def _padded_to(image, rows, cols):
    image = image[:rows, :cols]
    extra = ((0, rows - image.shape[0]), (0, cols - image.shape[1]))
    return np.pad(image, extra, mode="edge") if any(after for _, after in extra) else image


def _light_copy(grey):
    """The picture shrunk to about LIGHT_SIDE by box means (which also average out the paper's
    grain, that a brightest-level filter would pick), and the factor."""
    factor = max(1, max(grey.shape) // LIGHT_SIDE)
    return box_shrunk(grey, factor, np.mean), factor


def _window_radius(small):
    return max(1, round(LIGHT_WINDOW * max(small.shape) / 2))


def paper_is_light(small):
    """True when the paper is lighter than the ink.

    Paper is most of the picture and ink thin strokes on it. So where a window holds both
    (its brightest and darkest levels differ by more than MIN_CONTRAST), most pixels are near
    the paper's level: near the brightest for light paper. When no window holds ink, or
    neither side has a clear majority, the border decides, as in `as_ink`: the paper is what
    touches the edges. (The border alone fails a dim photo whose paper is darker than middle
    grey.)
    """
    radius = _window_radius(small)
    brightest, darkest = max_filter(small, radius), -max_filter(-small, radius)
    mixed = brightest - darkest > MIN_CONTRAST
    if mixed.any():
        nearer_brightest = (brightest - small < small - darkest)[mixed].mean()
        if abs(nearer_brightest - 0.5) > CLEAR_MAJORITY - 0.5:
            return bool(nearer_brightest > 0.5)
    return bool(np.median(border_pixels(small)) > 0.5)


def flat_darkness(grey, light):
    """Dark ink on light paper -> each pixel's darkness against the paper's `light` there, in
    [0, 1]: 0 where it is as bright as the paper, 1 where it is black."""
    return np.clip(1.0 - grey / np.maximum(light, 1e-3), 0.0, 1.0).astype(np.float32)


def paper_light(small, factor, shape):
    """The paper's brightness at every pixel of a `shape` picture, from its copy `small`
    shrunk `factor` times: the brightest level within a window wider than any stroke
    (strokes vanish, shadows stay), smoothed, enlarged back."""
    radius = _window_radius(small)
    light = box_mean(max_filter(small, radius), radius)
    light = np.repeat(np.repeat(light, factor, axis=0), factor, axis=1)
    return _padded_to(light, *shape)


def max_filter(image, radius):
    """Each pixel the brightest within a (2 radius + 1) square around it, edges repeated."""
    for axis in (0, 1):
        padded = np.pad(image, [(radius, radius) if a == axis else (0, 0) for a in (0, 1)],
                        mode="edge")
        image = np.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1, axis).max(-1)
    return image


def box_mean(image, radius):
    """Each pixel the mean of a (2 radius + 1) square around it, edges repeated."""
    for axis in (0, 1):
        padded = np.pad(image, [(radius + 1, radius) if a == axis else (0, 0) for a in (0, 1)],
                        mode="edge")
        sums = np.cumsum(padded, axis=axis, dtype=np.float64)
        ahead = np.take(sums, range(2 * radius + 1, sums.shape[axis]), axis=axis)
        behind = np.take(sums, range(sums.shape[axis] - 2 * radius - 1), axis=axis)
        image = ((ahead - behind) / (2 * radius + 1)).astype(np.float32)
    return image


def otsu_threshold(values, bins=256):
    """Otsu's threshold for values in [0, 1]: the level that splits them into two classes of
    the largest between-class variance. Every level in an empty gap between the classes
    splits them alike; the middle of the gap is taken, away from both (paper grain, ink)."""
    counts, edges = np.histogram(values, bins=bins, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(counts, dtype=np.float64)  # pixels at or below each bin
    mass = np.cumsum(counts * centres)
    total, total_mass = weight[-1], mass[-1]
    rest = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight - total * mass) ** 2 / (weight * rest)
    between[~np.isfinite(between)] = 0.0
    if between.max() <= 0:  # one level only: nothing to split
        return 1.0
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(edges[(best[0] + best[-1]) // 2 + 1])


class Marks:
    """The 8-connected parts of a boolean image, found from its runs of True in each row (a
    digit's few hundred runs, not its pixels, pass through Python)."""

    def __init__(self, mask):
        self.shape = mask.shape
        self.rows, self.starts, self.ends = _runs(mask)
        self.labels = _joined_runs(self.rows, self.starts, self.ends)
        parts, self.labels = np.unique(self.labels, return_inverse=True)
        self.count = len(parts)
        self.areas = np.bincount(self.labels, self.ends - self.starts, self.count)
        self.extent = self._extents()

    def _extents(self):
        """Per part: (top, left, bottom, right), bottom and right exclusive."""
        top = np.full(self.count, self.shape[0])
        left = np.full(self.count, self.shape[1])
        bottom = np.zeros(self.count, int)
        right = np.zeros(self.count, int)
        np.minimum.at(top, self.labels, self.rows)
        np.minimum.at(left, self.labels, self.starts)
        np.maximum.at(bottom, self.labels, self.rows + 1)
        np.maximum.at(right, self.labels, self.ends)
        return np.stack([top, left, bottom, right], axis=1)

    def touches_edge(self):
        top, left, bottom, right = self.extent.T
        return (top == 0) | (left == 0) | (bottom == self.shape[0]) | (right == self.shape[1])

    def digit(self):
        """The parts that make the digit, as an index array; None when none could be one."""
        if self.count == 0:
            return None
        inside = np.flatnonzero(~self.touches_edge())
        pool = inside if inside.size and self._big_enough(inside) else np.arange(self.count)
        largest = self.areas[pool].max()
        kept = pool[self.areas[pool] >= SPECK_SHARE * largest]
        return kept if self._big_enough(kept) else None

    def _big_enough(self, parts):
        top, left, bottom, right = self.extent[parts].T
        span = max((bottom - top).max(), (right - left).max())
        return span >= MIN_DIGIT_SHARE * min(self.shape)

    def mask(self, parts):
        out = np.zeros(self.shape, bool)
        for run in np.flatnonzero(np.isin(self.labels, parts)):
            out[self.rows[run], self.starts[run]:self.ends[run]] = True
        return out


def _runs(mask):
    """(row, start, end) of every run of True, row by row, end exclusive."""
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    return rows, starts, ends


def _joined_runs(rows, starts, ends):
    """A part number for each run: runs touching (8-connected) in neighbouring rows join."""
    parent = list(range(len(rows)))

    def root(run):
        while parent[run] != run:
            parent[run] = parent[parent[run]]
            run = parent[run]
        return run

    first = np.searchsorted(rows, np.arange(rows.max() + 2 if len(rows) else 1))
    for run in range(len(rows)):
        row = rows[run]
        if row == 0:
            continue
        low, high = first[row - 1], first[row]  # the runs of the row above
        # diagonal neighbours touch too: above [s, e) meets [start - 1, end + 1)
        begin = low + np.searchsorted(ends[low:high], starts[run], side="left")
        stop = low + np.searchsorted(starts[low:high], ends[run], side="right")
        for above in range(begin, stop):
            parent[root(above)] = root(run)
    return np.array([root(run) for run in range(len(rows))], dtype=np.int64)


def _kept_ink(darkness, kept):
    """The darkness of the kept marks and a pixel around them (their soft edge), scaled so
    their strokes' core is full ink; 0 elsewhere."""
    around = max_filter(kept.astype(np.float32), 1) > 0
    top = max(float(np.percentile(darkness[kept], INK_PERCENTILE)), MIN_CONTRAST)
    return np.where(around, np.clip(darkness / top, 0.0, 1.0), 0.0).astype(np.float32)


def _placed(ink, size):
    """The inked box of `ink`, scaled so its longer side is DIGIT_SHARE of `size`, in the
    middle of a (size, size) square (area-averaged: no gaps, no aliasing)."""
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = DIGIT_SHARE * size / max(box.shape)
    to_rows = placement_matrix(box.shape[0], scale, box.shape[0] / 2, size / 2 - 0.5, size)
    to_cols = placement_matrix(box.shape[1], scale, box.shape[1] / 2, size / 2 - 0.5, size)
    return np.clip(to_rows @ box @ to_cols.T, 0.0, 1.0).astype(np.float32)
