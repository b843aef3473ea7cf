"""Turn a drawing into what an MNIST digit is, so a network trained on MNIST can read it.

MNIST's recipe (LeCun et al.): "the images were size normalized to fit in a 20x20 pixel box while
preserving their aspect ratio ... anti-aliasing ... centered in a 28x28 image by computing the
center of mass of the pixels, and translating the image so as to position this point at the
center". `to_mnist` does exactly that, white ink on black, NumPy only:

1. drop faint noise below `NOISE_THRESHOLD`;
2. crop to the ink's bounding box, and thicken strokes thinner than MNIST's (`MIN_STROKE`);
3. scale by one factor so the longer side is 20 px (aspect ratio kept), averaging pixel areas
   (a box filter: anti-aliased when shrinking, no gaps when enlarging);
4. place the result in 28x28, moved by whole pixels so that its centre of mass lands within
   half a pixel of `CENTRE_OF_MASS`.

Steps 3 and 4 are one linear map per axis: a (28, n) matrix of pixel-overlap fractions, so the
whole pipeline is two small matrix products and costs well under a millisecond for 280x280.

Convention: pixel (r, c) has its centre at index coordinates (r, c); the centre of mass is
sum(index * value) / sum(value). Measured on the 10,000 MNIST test digits it is 13.99 +- 0.29
(rows) and 14.01 +- 0.29 (columns), spread evenly over [13.5, 14.5]: MNIST shifted by whole
pixels to put it at 14. So the target is (14, 14), not the array's geometric centre 13.5: aiming
at 13.5 lowered the acceptance test's agreement from 98% to 95.5%. (That test: 1000 MNIST test
digits enlarged 6-9x and drawn off-centre on a 280x280 canvas, then passed through `to_mnist`,
are read as the originals by a trained network; see tests/engine/test_preprocess.py.)
"""
import numpy as np

from ..messages import sentence

MNIST_SIZE = 28
BOX_SIZE = 20
CENTRE_OF_MASS = (14.0, 14.0)
NOISE_THRESHOLD = 0.05  # on the 0-1 scale: about 13/255, below any deliberate pen stroke
# Strokes thinner than this share of the digit's longer side are thickened to it before the
# digit is scaled: clearly thinner than MNIST's pens, which drew 1.5-3 px in its 20 px box.
# On the drawn-digit set (bench/drawn_digits.py) it raised the shipped model from 99.00% to
# 99.44%, and at the thinnest pen (4 px) from 95.6% to 99.4%; MNIST digits drawn large on the
# canvas are read as the originals 97.9% of the time (98.0% before; test_preprocess's
# acceptance test). 0.1 read the drawn set better (99.59%) but thickened MNIST's own thinner
# digits when one was put on the canvas, and 0.13 read MNIST's digits drawn large worse (96.5%).
MIN_STROKE = 0.07
THICKEN_SIDE = 224  # px: thickening works on the box shrunk to about this


class EmptyCanvasError(ValueError):
    """The canvas holds no ink above the noise threshold, so there is no digit to read."""


def has_ink(canvas):
    """True when some pixel of `canvas` is brighter than the noise threshold."""
    return bool((as_unit_float(canvas) > NOISE_THRESHOLD).any())


def to_mnist(canvas):
    """A 2-D drawing (uint8 0-255 or float 0-1, ink bright) -> float32 (28, 28) in [0, 1].

    Raises EmptyCanvasError when nothing is drawn and ValueError for a malformed canvas.
    """
    image = as_unit_float(canvas)
    ink = image > NOISE_THRESHOLD
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        raise EmptyCanvasError(sentence("canvas {height}x{width}: nothing drawn (no pixel above "
                                        "{threshold:g} of full ink)", height=image.shape[0],
                                        width=image.shape[1], threshold=NOISE_THRESHOLD))
    crop = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    box = thickened(np.where(ink[crop], image[crop], 0.0))
    scale = BOX_SIZE / max(box.shape)
    row_mass, col_mass = box.sum(axis=1), box.sum(axis=0)
    to_rows = placement_matrix(box.shape[0], scale, centre_of_mass(row_mass), CENTRE_OF_MASS[0])
    to_cols = placement_matrix(box.shape[1], scale, centre_of_mass(col_mass), CENTRE_OF_MASS[1])
    out = to_rows @ box @ to_cols.T
    return stretch_contrast(out)


def stroke_width(box):
    """The strokes' mean width in pixels: a stroke of width w and length L covers w * L and
    its outline is 2 * L long, so the width is twice the inked area over the outline."""
    solid = np.pad(box > 0.5, 1)
    outline = np.count_nonzero(np.diff(solid, axis=0)) + np.count_nonzero(np.diff(solid, axis=1))
    return 2.0 * np.count_nonzero(solid) / max(outline, 1)


def thickened(box):
    """`box` with strokes thinner than MIN_STROKE of its longer side grown to that width (each
    pixel the brightest within a square around it), so that a thin pen reads like MNIST's;
    strokes thick enough come back untouched.

    The growing is done on the box shrunk (by block means) to at most THICKEN_SIDE px: the
    whole box on the usual 280 px canvas (shrinking it to 112 px read MNIST's own digits
    drawn large half a point worse), and no more work on a larger canvas.
    """
    width = stroke_width(box)
    if MIN_STROKE * max(box.shape) - width <= 1:  # it would grow by no whole pixel a side
        return box
    factor = -(-max(box.shape) // THICKEN_SIDE)  # rounded up: never over THICKEN_SIDE
    box = block_means(box, factor)
    radius = max(1, int(round((MIN_STROKE * max(box.shape) - width / factor) / 2)))
    return grown(box, radius)


def grown(image, radius):
    """`image` padded by `radius` on every side, each pixel the brightest within a square of
    side 2 * radius + 1 around it (a grey dilation, one axis at a time)."""
    padded = np.pad(image, 2 * radius)
    rows = padded[:-2 * radius].copy()
    for shift in range(1, 2 * radius + 1):  # at most THICKEN_SIDE * MIN_STROKE steps
        np.maximum(rows, padded[shift:shift + rows.shape[0]], out=rows)
    out = rows[:, :-2 * radius].copy()
    for shift in range(1, 2 * radius + 1):
        np.maximum(out, rows[:, shift:shift + out.shape[1]], out=out)
    return out


def block_means(box, factor):
    """`box` shrunk `factor` times, each pixel the mean of a factor x factor block (the edges
    padded with background to whole blocks)."""
    if factor == 1:
        return box
    rows, cols = -(-box.shape[0] // factor) * factor, -(-box.shape[1] // factor) * factor
    padded = np.pad(box, ((0, rows - box.shape[0]), (0, cols - box.shape[1])))
    return padded.reshape(rows // factor, factor, cols // factor, factor).mean(axis=(1, 3))


def as_unit_float(canvas):
    """Validate a canvas and return it as float32 on the 0-1 scale (uint8 and ints are /255)."""
    image = np.asarray(canvas)
    if image.ndim != 2:
        raise ValueError(f"canvas must be a 2-D array (rows, columns), got shape {image.shape}")
    if image.size == 0:
        raise ValueError(f"canvas is empty (shape {image.shape})")
    if image.dtype == np.bool_:
        return image.astype(np.float32)
    if np.issubdtype(image.dtype, np.integer):
        return np.clip(image, 0, 255).astype(np.float32) / np.float32(255)
    if not np.issubdtype(image.dtype, np.floating):
        raise ValueError(f"canvas must hold numbers (uint8 0-255 or float 0-1), got {image.dtype}")
    image = image.astype(np.float32, copy=False)
    if not np.isfinite(image).all():
        raise ValueError("canvas contains NaN or infinite values")
    return np.clip(image, 0.0, 1.0)


def centre_of_mass(mass):
    """Centre of a 1-D mass profile in continuous coordinates: pixel j spans [j, j + 1]."""
    return float(mass @ (np.arange(mass.size) + 0.5) / mass.sum())


def placement_matrix(length, scale, centre, target, size=MNIST_SIZE):
    """(size, length) weights that scale a profile by `scale` and move `centre` near `target`.

    Output pixel i covers the source interval [(i - offset) / scale, (i + 1 - offset) / scale];
    its weight on source pixel j is the overlap of that interval with [j, j + 1], times `scale`,
    so each row averages the source over the area it covers (a box filter: anti-aliased when
    shrinking, no gaps when enlarging). Scaling and shifting in one map cost one resampling.
    The offset is rounded to whole pixels, as MNIST translated its 20x20 box: the box's edges then
    sit on pixel edges (crisp strokes, like the training digits) and the centre of mass lands
    within +-0.5 px of `target`, the same spread MNIST has. An exact sub-pixel shift was tried:
    it blurs every stroke by up to half a pixel and agreed less often with the network's reading
    of the original digits (97.8% against 98.5% on 1000 enlarged, moved test digits).
    `target` is in index coordinates (pixel centres at integers), hence the + 0.5.
    """
    offset = np.round((target + 0.5) - centre * scale)
    out_edges = (np.arange(size + 1) - offset) / scale
    src_edges = np.arange(length + 1)
    low = np.maximum(out_edges[:-1, None], src_edges[None, :-1])
    high = np.minimum(out_edges[1:, None], src_edges[None, 1:])
    return (np.clip(high - low, 0.0, None) * scale).astype(np.float32)


def stretch_contrast(image):
    """Scale so the brightest pixel is 1: MNIST digits peak at 255, whatever the pen's width."""
    peak = image.max()
    if peak <= 0:  # defensive: the centre of mass lands inside, so some ink always does
        return np.zeros((MNIST_SIZE, MNIST_SIZE), np.float32)
    return np.clip(image / peak, 0.0, 1.0).astype(np.float32, copy=False)
