"""Data augmentation: random small warps of training images, so that a network which learns
MNIST's neatly centred digits also reads the off-centre, tilted, fat or thin digits people draw.

Every image of a batch gets its own random affine warp (a shift, a rotation about the image
centre and a zoom) and optionally an elastic distortion (Simard, Steinkraus & Platt 2003, "Best
practices for convolutional neural networks applied to visual document analysis"): a random
displacement field, smoothed by a Gaussian so that neighbouring pixels move together, which bends
strokes the way a hand does.

Warping runs backwards: for every *output* pixel an inverse map says where in the source image to
read, and bilinear interpolation reads between pixels. Reading outside the image gives 0, the
background, so nothing is invented at the borders, and every output pixel is a convex combination
of input pixels, so data in [0, 1] stays in [0, 1]. The batch is warped at once with array
operations (no loop over images): the source coordinates of all images are one array, and the
four neighbours of every sample are gathered with one flat `take` each.

Conventions: a point is (x, y) = (column, row) in pixels, y pointing down as on screen. The
forward map of one image moves the source point p to

    q = c + s * R(angle) @ (p - c) + t

with c = ((W - 1) / 2, (H - 1) / 2) the image centre, s the zoom (s > 1 enlarges), t = (dx, dy)
the shift (+dx moves right, +dy moves down) and R the rotation by `angle` degrees that turns the
image counter-clockwise *as seen on screen*. The elastic displacement is added to the source
coordinate that the inverse map gives, in pixels.

Random numbers are drawn on the host from a seeded PCG64 generator and moved with `xp.asarray`,
so a run draws the same warps on NumPy and on CuPy, and a saved generator state resumes them.
"""
import copy
import functools
import math
import numbers

import numpy as np

from ..backend import get_array_module

AUGMENTATION_DEFAULTS = {
    "shift": 2.0,
    "rotation": 10.0,
    "scale": 0.1,
    "elastic": False,
    "elastic_alpha": 34.0,
    "elastic_sigma": 4.0,
    "seed": 0,
}

# A blur wider than this smooths any MNIST-sized field to a constant shift; the cap keeps the
# kernel (8 sigma + 1 taps) small.
MAX_ELASTIC_SIGMA = 100.0
# Kernel radius in sigmas, as scipy.ndimage.gaussian_filter's default `truncate`.
GAUSSIAN_TRUNCATE = 4.0
IMAGE_DTYPES = (np.float32, np.float64)


class Augmentation:
    """Random small affine warps (shift, rotation, scale), optionally elastic distortion
    (Simard et al. 2003).

    shift: largest |translation| in pixels, drawn uniformly per axis in [-shift, shift];
    rotation: largest |angle| in degrees; scale: zoom drawn uniformly in [1-scale, 1+scale];
    elastic: add a displacement field drawn uniformly in [-1, 1) per pixel and axis, smoothed by a
    Gaussian of `elastic_sigma` pixels and multiplied by `elastic_alpha` pixels.
    """

    def __init__(self, shift=2.0, rotation=10.0, scale=0.1, elastic=False, elastic_alpha=34.0,
                 elastic_sigma=4.0, seed=0):
        self.shift = _check_amount("shift", shift)
        self.rotation = _check_amount("rotation", rotation)
        if self.rotation > 180:
            raise ValueError(f"rotation must be at most 180 degrees, got {rotation!r}")
        self.scale = _check_amount("scale", scale)
        if self.scale >= 1:  # a zoom of 1 - scale <= 0 would flip or collapse the image
            raise ValueError(f"scale must be less than 1, got {scale!r}")
        if not isinstance(elastic, (bool, np.bool_)):
            raise ValueError(f"elastic must be True or False, got {elastic!r}")
        self.elastic = bool(elastic)
        self.elastic_alpha = _check_amount("elastic_alpha", elastic_alpha)
        self.elastic_sigma = _check_sigma(elastic_sigma, self.elastic)
        self.seed = _check_seed(seed)
        self._rng = np.random.Generator(np.random.PCG64(self.seed))
        self._workspace = _Workspace()

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"Augmentation({arguments})"

    def __call__(self, x):
        """A new array of x's shape and dtype: every image of the batch x (N, C, H, W) warped by
        its own random draw, the same warp for all channels of an image. x is not modified."""
        _check_images(x)
        n, _, h, w = x.shape
        matrices = affine_matrices(*self._draw_affine(n), size=(h, w))
        displacement = self._draw_displacement(x, n, h, w) if self.elastic else None
        return warp(x, matrices, displacement, self._workspace)

    def _draw_affine(self, n):
        angles = self._rng.uniform(-self.rotation, self.rotation, n)
        scales = self._rng.uniform(1 - self.scale, 1 + self.scale, n)
        shifts = self._rng.uniform(-self.shift, self.shift, (n, 2))
        return angles, scales, shifts

    def _draw_displacement(self, x, n, h, w):
        noise = self._workspace.array("noise", (n, 2, h, w), np.float32, np)
        self._rng.random(dtype=np.float32, out=noise)
        noise *= 2
        noise -= 1  # uniform in [-1, 1)
        xp = get_array_module(x)
        return elastic_displacement(xp.asarray(noise), self.elastic_alpha, self.elastic_sigma,
                                    self._workspace)

    def config(self):
        """The constructor arguments as a JSON-able dict: Augmentation(**a.config()) rebuilds a
        (with a fresh generator), and a model file can record how it was trained."""
        return {
            "shift": self.shift,
            "rotation": self.rotation,
            "scale": self.scale,
            "elastic": self.elastic,
            "elastic_alpha": self.elastic_alpha,
            "elastic_sigma": self.elastic_sigma,
            "seed": self.seed,
        }

    def state_dict(self):
        """The generator's PCG64 state (Python ints, JSON-able): load_state_dict(state) makes the
        next batches warp exactly as they would have after the save."""
        return copy.deepcopy(self._rng.bit_generator.state)

    def load_state_dict(self, state):
        """Restore a `state_dict()`; ValueError, and the current state kept, when it is not one."""
        _check_rng_state(state)
        try:
            self._rng.bit_generator.state = copy.deepcopy(state)
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            raise ValueError(f"augmentation state: not a PCG64 state ({error})") from error


# --- the warp -----------------------------------------------------------------------------------

def affine_matrices(angles, scales, shifts, size):
    """Inverse maps, float32 array (N, 2, 3): output pixel (x, y) reads the source at
    matrix @ (x, y, 1).

    angles: (N,) degrees, counter-clockwise on screen; scales: (N,) zoom factors (> 0);
    shifts: (N, 2) as (dx, dy) in pixels, +dx right and +dy down; size: (H, W) of the images.
    See the module docstring for the forward map that these invert.
    """
    radians = np.radians(np.asarray(angles, dtype=np.float64))
    scales = np.asarray(scales, dtype=np.float64)
    shifts = np.asarray(shifts, dtype=np.float64).reshape(-1, 2)
    h, w = size
    centre = np.array([(w - 1) / 2, (h - 1) / 2])
    cos, sin = np.cos(radians) / scales, np.sin(radians) / scales
    # R(angle) = [[cos, sin], [-sin, cos]] in y-down coordinates; its inverse is its transpose.
    linear = np.stack([np.stack([cos, -sin], axis=-1), np.stack([sin, cos], axis=-1)], axis=1)
    # p = c + R^T (q - c - t) / s  =>  offset = c - R^T (c + t) / s
    offset = centre - (linear @ (centre + shifts)[:, :, None])[:, :, 0]
    return np.concatenate([linear, offset[:, :, None]], axis=2).astype(np.float32)


def warp(x, matrices, displacement=None, workspace=None):
    """Warp the images x (N, C, H, W) by the inverse maps `matrices` (N, 2, 3), see
    `affine_matrices`, plus an optional displacement (N, 2, H, W) of every output pixel's source
    coordinate as (dx, dy). Bilinear sampling, zero outside the image; a new array of x's dtype.
    `workspace` (a _Workspace) lends scratch arrays so that repeated calls allocate only the output.
    """
    xp = get_array_module(x)
    n, _, h, w = x.shape
    if x.size == 0:
        return x.copy()
    work = workspace if workspace is not None else _Workspace()
    # (N, 2, 3) @ (3, H*W): the source (x, y) of every output pixel, in float32.
    coords = work.array("coords", (n, 2, h * w), np.float32, xp)
    xp.matmul(xp.asarray(matrices, dtype=np.float32), _pixel_grid(h, w, xp), out=coords)
    if displacement is not None:
        coords += displacement.reshape(n, 2, h * w)
    return _bilinear(x, coords, work).reshape(x.shape)


def _bilinear(x, coords, work):
    """Sample every channel of x (N, C, H, W) at the source coordinates (N, 2, H*W), which this
    overwrites; -> a new array (N, C, H*W)."""
    xp = get_array_module(x)
    _, _, h, w = x.shape
    # A coordinate clipped to [-1, W] lies wholly in the zero border when it was clipped, and
    # its pixel (floor) and right neighbour (floor + 1) stay inside the padded image.
    xp.clip(coords[:, 0], -1, w, out=coords[:, 0])
    xp.clip(coords[:, 1], -1, h, out=coords[:, 1])
    corner = xp.floor(coords, out=work.array("corner", coords.shape, np.float32, xp))
    coords -= corner  # now the fractions: exactly 0 on a pixel, so an identity map copies exactly
    fx, fy = coords[:, None, 0], coords[:, None, 1]
    upper_left, upper, lower_left, lower = _gather_neighbours(x, corner, work)
    # Linear interpolation along x in the upper and the lower row, then along y, in place.
    upper -= upper_left
    upper *= fx
    upper += upper_left
    lower -= lower_left
    lower *= fx
    lower += lower_left
    lower -= upper
    lower *= fy
    out = xp.add(upper, lower)
    # Mathematically a convex combination of the inputs and the zero border; the clip only
    # removes float rounding (1.0000001), so that [0, 1] data stays in [0, 1].
    low, high = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    return xp.clip(out, low, high, out=out)


def _gather_neighbours(x, corner, work):
    """The four pixels around every sample, each (N, C, H*W), from x padded with zeros;
    corner (N, 2, H*W) holds the upper-left neighbours' (x, y), each in [-1, W] and [-1, H]."""
    xp = get_array_module(x)
    n, c, h, w = x.shape
    flat = _zero_padded(x, work).reshape(-1)
    row_length = w + 3
    # Flat index of the upper-left neighbour: (y + 1) * row_length + (x + 1) within its image,
    # exact in float32 for images up to 4093 x 4093, plus the image's own start.
    pixel = work.array("pixel", (n, h * w), np.float32, xp)
    xp.multiply(corner[:, 1], row_length, out=pixel)
    pixel += corner[:, 0]
    pixel += row_length + 1
    index = work.array("index", (n, c, h * w), np.int64, xp)
    index[...] = pixel[:, None, :]
    index += xp.arange(n * c, dtype=np.int64).reshape(n, c, 1) * ((h + 3) * row_length)
    neighbours = []
    for step, name in ((0, "upper_left"), (1, "upper"), (row_length - 1, "lower_left"),
                       (1, "lower")):
        index += step  # moves in place: right, down-left, right
        neighbours.append(flat.take(index, out=work.array(name, index.shape, x.dtype, xp)))
    return neighbours


def _zero_padded(x, work):
    """x inside a zero border of 1 pixel before and 2 after each axis, (N, C, H + 3, W + 3)."""
    xp = get_array_module(x)
    n, c, h, w = x.shape
    # One buffer per image size: its border is zero from allocation and is never written.
    padded = work.array(("padded", h, w), (n, c, h + 3, w + 3), x.dtype, xp)
    padded[:, :, 1:h + 1, 1:w + 1] = x
    return padded


@functools.lru_cache(maxsize=16)
def _pixel_grid(h, w, xp):
    """Rows x, y and 1 of every pixel, (3, H*W) float32, in row-major pixel order."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    grid = np.stack([xs.ravel(), ys.ravel(), np.ones(h * w, dtype=np.float32)])
    return _frozen(xp.asarray(grid))


class _Workspace:
    """Scratch arrays kept from call to call.

    A fresh temporary of a few hundred kB is mapped anew by the C allocator and faulted in page
    by page on every call, which for a batch of 100 MNIST images cost more than the arithmetic
    (4.5 ms against 0.6 ms on a 2-core EPYC VM). Each name keeps one flat array, grown when a
    call needs more and viewed in the shape asked for, so a smaller last batch of an epoch reuses
    it as well.
    New arrays are zero. Not thread-safe: one workspace per training loop, like its generator.
    """

    def __init__(self):
        self._arrays = {}

    def array(self, name, shape, dtype, xp):
        size = math.prod(shape)
        key = (name, np.dtype(dtype).str, xp.__name__)
        flat = self._arrays.get(key)
        if flat is None or flat.size < size:
            flat = xp.zeros(size, dtype=dtype)
            self._arrays[key] = flat
        return flat[:size].reshape(shape)


# --- the elastic field --------------------------------------------------------------------------

def elastic_displacement(noise, alpha, sigma, workspace=None):
    """alpha * the noise (N, K, H, W) blurred by a Gaussian of `sigma` pixels over H and W,
    float32. Separable: G_H @ field @ G_W.T, two batched products with precomputed matrices."""
    xp = get_array_module(noise)
    work = workspace if workspace is not None else _Workspace()
    _, _, h, w = noise.shape
    rows = _blur_matrix(h, float(sigma), xp)
    cols_transposed = _blur_matrix(w, float(sigma), xp).T
    blurred_rows = xp.matmul(rows, xp.asarray(noise, dtype=np.float32),
                             out=work.array("blurred_rows", noise.shape, np.float32, xp))
    field = xp.matmul(blurred_rows, cols_transposed,
                      out=work.array("field", noise.shape, np.float32, xp))
    field *= alpha
    return field


@functools.lru_cache(maxsize=16)
def _blur_matrix(size, sigma, xp):
    """(size, size) float32 matrix M with M @ v = v blurred by a Gaussian of `sigma` pixels,
    border mode 'reflect' (d c b a | a b c d | d c b a) as scipy.ndimage.gaussian_filter1d,
    so the field is as strong at the border as in the middle (rows sum to 1)."""
    radius = int(GAUSSIAN_TRUNCATE * sigma + 0.5)
    offsets = np.arange(-radius, radius + 1)
    weights = np.exp(-0.5 * (offsets / sigma) ** 2)
    weights /= weights.sum()
    outputs = np.repeat(np.arange(size), offsets.size)
    sources = _reflect(outputs + np.tile(offsets, size), size)
    matrix = np.zeros((size, size))
    np.add.at(matrix, (outputs, sources), np.tile(weights, size))
    return _frozen(xp.asarray(matrix.astype(np.float32)))


def _reflect(indices, size):
    """Fold indices into [0, size) by mirroring at the borders, repeating with period 2*size."""
    folded = np.mod(indices, 2 * size)
    return np.where(folded < size, folded, 2 * size - 1 - folded)


def _frozen(array):
    # Cached arrays are shared by every call: make an accidental in-place edit fail loudly.
    if isinstance(array, np.ndarray):
        array.flags.writeable = False
    return array


# --- validation ---------------------------------------------------------------------------------

def _check_amount(name, value):
    """A finite, non-negative real number as a Python float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return number


def _check_sigma(sigma, elastic):
    number = _check_amount("elastic_sigma", sigma)
    if elastic and number <= 0:
        raise ValueError(f"elastic_sigma must be positive when elastic is on, got {sigma!r}")
    if number > MAX_ELASTIC_SIGMA:
        raise ValueError(f"elastic_sigma must be at most {MAX_ELASTIC_SIGMA:g} pixels, "
                         f"got {sigma!r}")
    return number


def _check_seed(seed):
    if seed is None:  # a fresh seed from the OS; config() then records None
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be a whole number or None, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must not be negative, got {seed!r}")
    return int(seed)


def _check_images(x):
    if not hasattr(x, "shape") or not hasattr(x, "dtype"):
        raise ValueError("augmentation expects a float32 or float64 array of shape "
                         f"(N, C, H, W), got {type(x).__name__}")
    if x.ndim != 4:
        raise ValueError(f"augmentation expects a 4-D array of shape (N, C, H, W), got shape "
                         f"{tuple(x.shape)}")
    if x.dtype not in IMAGE_DTYPES:
        raise ValueError(f"augmentation expects dtype float32 or float64, got dtype {x.dtype}")


def _check_rng_state(state):
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        found = state.get("bit_generator") if isinstance(state, dict) else type(state).__name__
        raise ValueError(f"augmentation state: expected a PCG64 generator state, got {found!r}")
    inner = state.get("state")
    if not isinstance(inner, dict):
        raise ValueError(f"augmentation state: 'state' must be a dict, got {inner!r}")
    for key in ("state", "inc"):
        value = inner.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2 ** 128:
            raise ValueError(f"augmentation state: {key} must be a 128-bit whole number, "
                             f"got {value!r}")
    for key, bits in (("has_uint32", 1), ("uinteger", 32)):
        value = state.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2 ** bits:
            raise ValueError(f"augmentation state: {key} must be a {bits}-bit whole number, "
                             f"got {value!r}")
