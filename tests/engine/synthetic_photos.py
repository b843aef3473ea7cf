"""Phone photos of MNIST digits, made up: dark ink on light paper under uneven light, with paper
grain, specks of dirt and sometimes the table at an edge. `photo_ink` must read them as the
digits they were made from (tests/engine/data/test_photo.py, tests/gui/test_open_image.py,
bench/photos.py)."""
import numpy as np

from engine.data.photo import box_mean


def photo_of(digit28, rng, height=600, width=800):
    """Grey levels (height, width), 1 = white: `digit28` (uint8, MNIST's white on black)
    written in dark ink somewhere on the page, the light falling off across it."""
    light = _uneven_light(rng, height, width)
    ink = np.zeros((height, width), np.float32)
    digit = _enlarged(digit28, int(rng.uniform(0.3, 0.6) * height / 28))
    top = rng.integers(height // 20, height - digit.shape[0] - height // 20)
    left = rng.integers(width // 20, width - digit.shape[1] - width // 20)
    ink[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
    _add_specks(ink, rng)
    grey = light * (1.0 - rng.uniform(0.6, 0.9) * ink)
    grey += rng.normal(0.0, 0.02, grey.shape).astype(np.float32)  # paper grain, sensor noise
    if rng.random() < 0.5:
        _add_table_edge(grey, rng)
    return np.clip(grey, 0.0, 1.0)


def _uneven_light(rng, height, width):
    """Bright paper falling off to darker along a random direction: the far corner gets
    30-60% less light, often less than the ink gets at the bright side."""
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    ramp = np.cos(angle) * xs / width + np.sin(angle) * ys / height
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    return (rng.uniform(0.8, 0.95) * (1.0 - rng.uniform(0.3, 0.6) * ramp)).astype(np.float32)


def _enlarged(digit28, factor):
    """The digit `factor` times larger, its pixel edges smoothed as a pen stroke's are."""
    ink = np.kron(digit28.astype(np.float32) / 255, np.ones((factor, factor), np.float32))
    return np.clip(box_mean(ink, max(1, factor // 2)), 0.0, 1.0)


def _add_specks(ink, rng, count=25):
    for _ in range(count):
        row, col = rng.integers(2, ink.shape[0] - 2), rng.integers(2, ink.shape[1] - 2)
        radius = int(rng.integers(0, 3))
        ink[row - radius:row + radius + 1, col - radius:col + radius + 1] = rng.uniform(0.3, 0.7)


def _add_table_edge(grey, rng):
    """A dark band along one side: the table beyond the paper's edge."""
    band = int(rng.uniform(0.03, 0.08) * min(grey.shape))
    side = rng.integers(4)
    view = [grey[:band], grey[-band:], grey[:, :band], grey[:, -band:]][side]
    view[...] = rng.uniform(0.1, 0.3)
