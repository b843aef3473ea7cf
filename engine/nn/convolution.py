"""Image layers for convolutional networks (the book's chapter 7): Convolution, MaxPooling,
Flatten, and ChannelsLast, which hands them images in the layout they use.

Images inside a CNN are **channels last**, (N, H, W, C), where the book uses (N, C, H, W).
The reason is speed: in channels-last memory the FH x FW x C numbers under one filter position
sit in FH contiguous runs, so gathering every position into one matrix (im2col) is one cheap
copy, and the whole convolution is one matrix product with the filters, whose output rows are
already (N, OH, OW, FN) images. No transposes on the way in or out.

* im2col is one copy of a strided view that names every window, (N, OH, OW, FH, FW, C), no
  Python loop over pixels.
* The input gradient (the book's col2im) never builds the (N*OH*OW, FH*FW*C) gradient matrix:
  for each kernel offset, one small product of the output gradient with that offset's weights
  is added back where im2col took the slice from. Writing and re-reading the whole matrix cost
  twice as much as the arithmetic.
* Max pooling compares the FH*FW strided slices element-wise and remembers which one won, so
  backward routes each gradient to exactly one input (the first maximum, as the book's argmax).
* The first layer of a network skips its input gradient (``input_grad = False``): nobody needs
  d(loss)/d(pixels), and for the book's SimpleConvNet that col2im is 12% of a step.
* Forward and backward split the batch across the cores (parallel.py): each thread makes its
  own images' im2col rows, products and input gradient, and its share of dW's sum. NumPy would
  otherwise run the copies and additions on one core while the other waits.
"""
import math
import numbers

import numpy as np

from ..backend import get_array_module
from .layers import Layer, column_sums
from .parallel import split_rows, sum_of

# Inference on a large batch processes images in chunks whose im2col matrix stays under this
# many bytes: a 1000-image evaluation of a 5x5x32 convolution would otherwise need 630 MB.
EVAL_CHUNK_BYTES = 32 * 2**20


class ChannelsLast(Layer):
    """(N, C, H, W) images, as datasets store them, to the (N, H, W, C) the image layers use.

    For one channel (MNIST) this is a free reshape: no data moves.
    """

    def forward(self, x, train=False):
        if x.ndim != 4:
            raise ValueError(f"ChannelsLast expects images (N, C, H, W), got shape {x.shape}")
        return x.transpose(0, 2, 3, 1)

    def backward(self, dout):
        return dout.transpose(0, 3, 1, 2)


class Flatten(Layer):
    """(N, ...) -> (N, features): what an Affine layer after the image layers needs."""

    def forward(self, x, train=False):
        self.x_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        return dout.reshape(self.x_shape)


class Convolution(Layer):
    """2-D convolution of channels-last images (cross-correlation, like every framework).

    ``W`` holds FN filters of shape (FH, FW, C): (FN, FH, FW, C); ``b`` one bias per filter, or
    None before a batch normalisation, whose beta takes the bias's place.
    The output is (N, OH, OW, FN) with OH = (H + 2*pad - FH) // stride + 1.
    """

    param_names = ("W", "b")
    input_grad = True

    def __init__(self, W, b=None, stride=1, pad=0):
        if W.ndim != 4:
            raise ValueError(f"Convolution filters must be (FN, FH, FW, C), got shape {W.shape}")
        if b is None:
            self.param_names = ("W",)
        elif b.shape != (W.shape[0],):
            raise ValueError(f"Convolution bias must be ({W.shape[0]},), got shape {b.shape}")
        self.stride = _positive_int("stride", stride)
        self.pad = _non_negative_int("pad", pad)
        self.W, self.b = W, b
        self.cols = None
        self.x_shape = None

    def forward(self, x, train=False):
        _, fh, fw, channels = self.W.shape
        _check_images(self, x, channels)
        out_h, out_w = output_size(x.shape[1:3], (fh, fw), self.stride, self.pad, self)
        if not train and _cols_bytes(x, out_h, out_w, self.W) > EVAL_CHUNK_BYTES:
            return self._forward_in_chunks(x, out_h, out_w)
        xp = get_array_module(x)
        n, per_image = x.shape[0], out_h * out_w
        self.x_shape = x.shape
        self.cols = self._reused_cols(xp, n * per_image, x.dtype)
        out = xp.empty((n * per_image, self.W.shape[0]), dtype=x.dtype)

        def images(start, stop):  # a thread's share: its images' columns, then their product
            rows = slice(start * per_image, stop * per_image)
            im2col(pad_images(x[start:stop], self.pad), fh, fw, self.stride, out_h, out_w,
                   out=self.cols[rows])
            self._apply_filters(self.cols[rows], out[rows])

        split_rows(images, n, **self._work(), xp=xp)
        return out.reshape(n, out_h, out_w, self.W.shape[0])

    def _work(self):
        """What a pass costs, for split_rows: im2col's values and the product's multiply-adds."""
        return {"elements": self.cols.size, "multiply_adds": self.cols.size * self.W.shape[0]}

    def _reused_cols(self, xp, rows, dtype):
        """Last step's im2col matrix when it has the shape needed, else a new one.

        It is a step's largest array (22 MB in deep-cnn's second layer): a fresh one each step
        comes back from the allocator as new pages that fault on first write. A deep-cnn step
        took 1.5-4 ms longer with fresh ones (three interleaved runs, 47-53 ms against 51-55).
        """
        _, fh, fw, channels = self.W.shape
        old = self.cols
        if (old is not None and old.shape == (rows, fh * fw * channels) and old.dtype == dtype
                and get_array_module(old) is xp):
            return old
        return new_cols(xp, rows, fh, fw, channels, dtype)

    def _apply_filters(self, cols, out):
        """out = cols @ filters.T + b, written into ``out`` (rows, FN)."""
        xp = get_array_module(cols)
        xp.matmul(cols, self.W.reshape(self.W.shape[0], -1).T, out=out)
        if self.b is not None:
            out += self.b

    def _forward_in_chunks(self, x, out_h, out_w):
        xp = get_array_module(x)
        per_image = max(1, _cols_bytes(x[:1], out_h, out_w, self.W))
        step = max(1, EVAL_CHUNK_BYTES // per_image)
        out = xp.empty((x.shape[0] * out_h * out_w, self.W.shape[0]), dtype=x.dtype)
        fh, fw = self.W.shape[1:3]
        for start in range(0, x.shape[0], step):
            part = x[start:start + step]
            cols = im2col(pad_images(part, self.pad), fh, fw, self.stride, out_h, out_w)
            self._apply_filters(cols, out[start * out_h * out_w:][:cols.shape[0]])
        return out.reshape(x.shape[0], out_h, out_w, self.W.shape[0])

    def backward(self, dout):
        xp = get_array_module(dout)
        n, fn = dout.shape[0], self.W.shape[0]
        rows = dout.reshape(-1, fn)
        per_image = rows.shape[0] // n
        dx = None
        if self.input_grad:
            dx = new_padded_gradient(xp, self.x_shape, self.pad, rows.dtype)

        def images(start, stop):  # a thread's share of dW's sum, and its images' gradient
            mine = slice(start * per_image, stop * per_image)
            if dx is not None:
                add_input_gradient(dx[start:stop], rows[mine], self.W, self.stride,
                                   dout.shape[1:3])
            # dW = rows.T @ cols, computed as its transpose: BLAS does that 1.4-2x faster for a
            # first layer's 9 or 25 columns, and no slower for the others
            return (self.cols[mine].T @ rows[mine]).T

        self.dW = sum_of(split_rows(images, n, **self._work(), xp=xp)).reshape(self.W.shape)
        if self.b is not None:
            self.db = column_sums(rows)
        if not self.input_grad:
            return None
        return unpad(dx, self.pad)

    def __repr__(self):
        return f"Convolution(W={self.W.shape}, stride={self.stride}, pad={self.pad})"


class MaxPooling(Layer):
    """The largest value in each (size x size) window of channels-last images, per channel.

    ``stride`` defaults to ``size`` (non-overlapping windows, the usual 2x2 pooling). Windows
    that would run past the edge are dropped, as in the book and PyTorch.
    """

    def __init__(self, size=2, stride=None):
        self.size = _positive_int("size", size)
        self.stride = self.size if stride is None else _positive_int("stride", stride)
        self.winner = None
        self.x = None  # the input of a forward with train=False, until backward needs it
        self.x_shape = None

    def forward(self, x, train=False):
        _check_images(self, x)
        out_h, out_w = output_size(x.shape[1:3], (self.size, self.size), self.stride, 0, self)
        windows = self._window_slices(out_h, out_w)
        xp = get_array_module(x)
        out = xp.empty_like(x[windows[0]])
        winner = xp.zeros(out.shape, dtype=np.uint8) if train else None

        def pool(start, stop):
            rows = slice(start, stop)
            best = out[rows]
            best[...] = x[rows][windows[0]]
            for k, window in enumerate(windows[1:], start=1):
                candidate = x[rows][window]
                if train:  # strictly greater: ties keep the first maximum, like argmax
                    better = candidate > best
                    # arithmetic, not where(): NumPy's masked paths are ten times slower here
                    winner[rows] += better * (k - winner[rows])
                xp.maximum(best, candidate, out=best)

        split_rows(pool, x.shape[0], elements=x.size, xp=xp)
        self.winner, self.x_shape = winner, x.shape
        # reading never needs the winners; a backward after it (a saliency image) finds them
        self.x = None if train else x
        return out

    def backward(self, dout):
        xp = get_array_module(dout)
        if self.winner is None:
            self.winner = self._winners(self.x, *dout.shape[1:3])
        winner = self.winner
        dx = xp.zeros(self.x_shape, dtype=dout.dtype)
        windows = self._window_slices(*dout.shape[1:3])
        overlapping = self.stride < self.size

        def route(start, stop):
            rows = slice(start, stop)
            for k, window in enumerate(windows):
                if overlapping:
                    dx[rows][window] += dout[rows] * (winner[rows] == k)
                else:  # every input is in at most one window: write, don't add
                    xp.multiply(dout[rows], winner[rows] == k, out=dx[rows][window])

        split_rows(route, dout.shape[0], elements=dx.size, xp=xp)
        return dx

    def _winners(self, x, out_h, out_w):
        """Which element of each window holds its maximum (ties: the first), as forward with
        train=True records it."""
        xp = get_array_module(x)
        windows = self._window_slices(out_h, out_w)
        best = x[windows[0]].copy()
        winner = xp.zeros(best.shape, dtype=np.uint8)
        for k, window in enumerate(windows[1:], start=1):
            better = x[window] > best
            winner += better * (k - winner)
            xp.maximum(best, x[window], out=best)
        return winner

    def _window_slices(self, out_h, out_w):
        """One strided slice per offset inside the window: slice k holds the k-th element of
        every window, so comparing the slices compares within windows."""
        s = self.stride
        return [(slice(None), slice(i, i + s * (out_h - 1) + 1, s),
                 slice(j, j + s * (out_w - 1) + 1, s), slice(None))
                for i in range(self.size) for j in range(self.size)]

    def __repr__(self):
        return f"MaxPooling(size={self.size}, stride={self.stride})"


# --- im2col and friends -------------------------------------------------------------------------

def output_size(in_hw, kernel_hw, stride, pad, layer="layer"):
    """(OH, OW) of a sliding window; a clear error when the window does not fit at all."""
    sizes = []
    for size, k in zip(in_hw, kernel_hw, strict=True):
        padded = size + 2 * pad
        if padded < k:
            raise ValueError(f"{_name(layer)}: a {kernel_hw[0]}x{kernel_hw[1]} window does not "
                             f"fit in {in_hw[0]}x{in_hw[1]} images (padding {pad})")
        sizes.append((padded - k) // stride + 1)
    return tuple(sizes)


def pad_images(x, pad):
    """Zero border of ``pad`` pixels around (N, H, W, C) images."""
    if pad == 0:
        return x
    xp = get_array_module(x)
    n, h, w, c = x.shape
    padded = xp.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=x.dtype)
    padded[:, pad:pad + h, pad:pad + w, :] = x
    return padded


def new_cols(xp, rows, fh, fw, channels, dtype):
    """An empty (rows, FH*FW*C) matrix in the layout ``im2col`` writes: for one channel, the
    transpose of a contiguous (FH*FW, rows) array (see _im2col_by_offsets)."""
    if channels == 1:
        return xp.empty((fh * fw, rows), dtype=dtype).T
    return xp.empty((rows, fh * fw * channels), dtype=dtype)


def im2col(padded, fh, fw, stride, out_h, out_w, out=None):
    """(N*OH*OW, FH*FW*C): row r holds the pixels under the filter at output position r.

    A strided view names every window without copying, (N, OH, OW, FH, FW, C); one copy then
    lays the windows out as rows. For one channel, FH*FW slice copies are up to 3x faster, and
    the matrix comes back as the transpose of a contiguous one (see _im2col_by_offsets).
    ``out``: rows of a ``new_cols`` matrix to write into instead of a new one.
    """
    xp = get_array_module(padded)
    n, _, _, c = padded.shape
    if out is None:
        out = new_cols(xp, n * out_h * out_w, fh, fw, c, padded.dtype)
    if c == 1:
        _im2col_by_offsets(padded, fh, fw, stride, out_h, out_w, out)
        return out
    s_n, s_h, s_w, s_c = padded.strides
    windows = xp.lib.stride_tricks.as_strided(
        padded, shape=(n, out_h, out_w, fh, fw, c),
        strides=(s_n, s_h * stride, s_w * stride, s_h, s_w, s_c))
    out.reshape(windows.shape)[...] = windows
    return out


def _im2col_by_offsets(padded, fh, fw, stride, out_h, out_w, out):
    """im2col of one-channel images into the transpose of a contiguous matrix: one row per
    kernel offset, each a single copy of a shifted image. The matrix products take the
    transpose as it is (BLAS reads either order), and writing whole rows is twice as fast as
    writing one column of 25 at a time for a 5x5 first layer."""
    n = padded.shape[0]
    rows = out.T.reshape(fh, fw, n, out_h, out_w)  # a view: each offset's row is contiguous
    for i in range(fh):
        for j in range(fw):
            rows[i, j] = padded[:, i:i + stride * (out_h - 1) + 1:stride,
                                j:j + stride * (out_w - 1) + 1:stride, 0]


def new_padded_gradient(xp, x_shape, pad, dtype):
    """Zeros the shape of the padded input, for add_input_gradient to add into."""
    n, h, w, c = x_shape
    return xp.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dtype)


def unpad(x, pad):
    return x[:, pad:x.shape[1] - pad, pad:x.shape[2] - pad, :] if pad else x


def add_input_gradient(dx, rows, W, stride, out_hw):
    """Add d(loss)/d(padded input) into ``dx`` (N, H+2p, W+2p, C) from the output gradient
    ``rows`` (N*OH*OW, FN): for each kernel offset (i, j), rows @ W[:, i, j, :] is the gradient
    of the slice im2col copied for that offset."""
    xp = get_array_module(rows)
    n, c = dx.shape[0], dx.shape[3]
    fh, fw = W.shape[1:3]
    out_h, out_w = out_hw
    piece = xp.empty((rows.shape[0], c), dtype=rows.dtype)
    for i in range(fh):
        for j in range(fw):
            xp.matmul(rows, W[:, i, j, :], out=piece)
            dx[:, i:i + stride * (out_h - 1) + 1:stride,
               j:j + stride * (out_w - 1) + 1:stride, :] += piece.reshape(n, out_h, out_w, c)


# --- checks ---------------------------------------------------------------------------------------

def _check_images(layer, x, channels=None):
    if x.ndim != 4:
        raise ValueError(f"{_name(layer)} expects channels-last images (N, H, W, C), got shape "
                         f"{x.shape}; put a ChannelsLast layer before the first image layer")
    if channels is not None and x.shape[3] != channels:
        raise ValueError(f"{_name(layer)} has filters for {channels} channel(s), but its input "
                         f"(N, H, W, C) = {x.shape} has {x.shape[3]}")


def _cols_bytes(x, out_h, out_w, W):
    return x.shape[0] * out_h * out_w * W[0].size * x.dtype.itemsize


def _name(layer):
    return layer if isinstance(layer, str) else type(layer).__name__


def _positive_int(name, value):
    return _whole_number(name, value, 1)


def _non_negative_int(name, value):
    return _whole_number(name, value, 0)


def _whole_number(name, value, minimum):
    is_whole = (isinstance(value, numbers.Real) and not isinstance(value, bool)
                and math.isfinite(value) and int(value) == value)
    if not is_whole or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)
