"""Layers with forward and backward, in the style of "Deep Learning from Scratch"
(common/layers.py).

Every layer has the same shape, so reading one teaches all:

* ``forward(x, train=False)`` returns the output and caches only what ``backward`` needs;
* ``backward(dout)`` returns the gradient with respect to the input and stores the gradient of
  each parameter in an attribute named after it (``W`` -> ``dW``);
* ``param_names`` lists the trainable arrays, ``buffer_names`` the non-trainable state that is
  saved with a model (BatchNormalization's running statistics).

Backward never modifies the gradient it receives: the caller may still hold it.
Every numeric function asks ``get_array_module`` for ``xp``, so the same code runs on CuPy.
"""
import numpy as np

from ..backend import get_array_module


class Layer:
    """Base class: a layer without parameters that passes its input through."""

    param_names = ()
    buffer_names = ()

    def forward(self, x, train=False):
        return x

    def backward(self, dout):
        return dout

    def __repr__(self):
        shapes = ", ".join(f"{n}={getattr(self, n).shape}" for n in self.param_names)
        return f"{type(self).__name__}({shapes})"


# --- the book's computational-graph examples: two inputs, two input gradients ---------------

class Mul:
    """z = x * y; backward swaps the inputs (chapter 5.4)."""

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class Add:
    """z = x + y; backward passes the gradient through to both inputs unchanged."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


# --- layers of a network ----------------------------------------------------------------------

class Affine(Layer):
    """y = x W + b for N-D input: flattened to (N, features) and restored in backward."""

    param_names = ("W", "b")
    input_grad = True  # False for a network's first layer: nobody needs d(loss)/d(pixels)

    def __init__(self, W, b=None):
        self.W = W
        self.b = b
        if b is None:  # a bias-free affine map (the PyTorch warm-up example has none)
            self.param_names = ("W",)
        self.x = None
        self.x_shape = None

    def forward(self, x, train=False):
        self.x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        if self.x.shape[1] != self.W.shape[0]:
            raise ValueError(f"Affine takes {self.W.shape[0]} inputs per example, got "
                             f"{self.x.shape[1]} (input shape {x.shape})")
        out = self.x @ self.W
        if self.b is not None:
            out += self.b
        return out

    def backward(self, dout):
        self.dW = self.x.T @ dout
        if self.b is not None:
            self.db = dout.sum(axis=0).reshape(self.b.shape)
        if not self.input_grad:
            return None
        return (dout @ self.W.T).reshape(self.x_shape)


class ReLU(Layer):
    """max(0, x); the gradient flows only where the input was positive."""

    def forward(self, x, train=False):
        xp = get_array_module(x)
        self.positive = x > 0
        return xp.maximum(x, 0)

    def backward(self, dout):
        return dout * self.positive


class Sigmoid(Layer):
    """1 / (1 + exp(-x)), computed without overflow for large |x|."""

    def forward(self, x, train=False):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Tanh(Layer):
    def forward(self, x, train=False):
        xp = get_array_module(x)
        self.out = xp.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out * self.out)


class Dropout(Layer):
    """Inverted dropout (Srivastava et al. 2014): scale at training time, identity at test time.

    ``fix_mask(mask)`` freezes the mask so that a numerical gradient check sees one function.
    """

    def __init__(self, ratio=0.5, rng=None):
        if not 0.0 <= ratio < 1.0:
            raise ValueError(f"dropout ratio must be in [0, 1), got {ratio}")
        self.ratio = ratio
        self.rng = rng if rng is not None else np.random.default_rng()
        self.fixed_mask = None
        self.keep = None
        self.scaled_mask = None

    def fix_mask(self, keep):
        """Reuse ``keep`` (a boolean mask, True = kept) until ``fix_mask(None)``."""
        self.fixed_mask = keep

    def forward(self, x, train=False):
        if not train or self.ratio == 0.0:
            self.scaled_mask = None
            return x
        xp = get_array_module(x)
        keep = self.fixed_mask
        if keep is None:
            keep = xp.asarray(self.rng.random(x.shape, dtype=np.float32) >= self.ratio)
        self.keep = keep
        self.scaled_mask = keep.astype(x.dtype) * x.dtype.type(1.0 / (1.0 - self.ratio))
        return x * self.scaled_mask

    def backward(self, dout):
        if self.scaled_mask is None:
            return dout
        return dout * self.scaled_mask


class BatchNormalization(Layer):
    """Batch normalisation (Ioffe & Szegedy 2015) over the batch axis of (N, D) input.

    N-D input is normalised per feature after flattening, like the book's version, when there is
    one ``gamma`` per feature. With one ``gamma`` per channel of channels-last images
    (N, H, W, C), each channel is normalised over the batch and every pixel, as a CNN needs.
    """

    param_names = ("gamma", "beta")
    buffer_names = ("running_mean", "running_var")

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5, running_mean=None, running_var=None):
        xp = get_array_module(gamma)
        self.gamma, self.beta = gamma, beta
        self.momentum, self.eps = momentum, eps
        self.running_mean = xp.zeros_like(gamma) if running_mean is None else running_mean
        self.running_var = xp.ones_like(gamma) if running_var is None else running_var

    def forward(self, x, train=False):
        self.x_shape = x.shape
        x = x.reshape(self._rows(x.shape))
        xp = get_array_module(x)
        if train:
            rows = x.shape[0]
            mean = column_sums(x) / rows
            xc = x - mean
            var = column_dots(xc, xc) / rows
            self.std = xp.sqrt(var + self.eps)
            xc /= self.std  # in place: xc is ours, and a CNN's activations are large
            self.xn = xc
            m = self.momentum
            self.running_mean[...] = m * self.running_mean + (1 - m) * mean
            self.running_var[...] = m * self.running_var + (1 - m) * var
        else:
            self.std = xp.sqrt(self.running_var + self.eps)
            self.xn = (x - self.running_mean) / self.std
        self.batch_statistics = train  # backward differentiates the function forward computed
        out = self.xn * self.gamma
        out += self.beta
        return out.reshape(self.x_shape)

    def backward(self, dout):
        dout = dout.reshape(self._rows(dout.shape))
        rows = dout.shape[0]
        self.dbeta = column_sums(dout)
        self.dgamma = column_dots(self.xn, dout)
        scale = self.gamma / self.std
        dx = dout * scale
        if self.batch_statistics:
            # the batch's mean and variance depend on x too: the three-term closed form,
            # dx = gamma / std * (dout - mean(dout) - xn * mean(dout * xn)), in three passes
            dx -= self.xn * (scale * self.dgamma / rows)
            dx -= scale * self.dbeta / rows
        # else the running statistics are constants: the map is x * scale + a constant
        return dx.reshape(self.x_shape)

    def _rows(self, shape):
        """The 2-D view that puts one feature (or channel) per column."""
        size = self.gamma.size
        features = int(np.prod(shape[1:]))
        if features == size:
            return (shape[0], size)
        if len(shape) > 2 and shape[-1] == size:
            return (-1, size)
        raise ValueError(f"BatchNormalization has {size} features, but its input {shape} has "
                         f"{features} per example and {shape[-1]} channels")


# --- output layers: forward(x, t) returns the loss, backward(dout=1) the input gradient ------

class SoftmaxWithLoss:
    """Softmax followed by cross-entropy; labels are class indices or one-hot rows.

    The loss is the book's ``-log(y + 1e-7)``: the guard keeps a zero probability finite and makes
    the numbers match the seed documents (the exact log-sum-exp value differs by about
    mean(1e-7 / y_true), 4e-6 on the worked example).
    """

    param_names = ()
    buffer_names = ()
    guard = 1e-7  # gradcheck sets 0: backward is the exact gradient of the unguarded loss

    def forward(self, x, t):
        self.t = labels_as_indices(t)
        self.y = softmax(x)
        return cross_entropy_error(self.y, self.t, self.guard)

    def backward(self, dout=1.0):
        xp = get_array_module(self.y)
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[xp.arange(n), self.t] -= 1
        return dx * (dout / n)

    def output(self, x):
        """What a prediction reports: the class probabilities."""
        return softmax(x)


class MeanSquaredError:
    """Identity output with a squared-error loss.

    ``reduction="mean"``: mean over every element (PyTorch's MSELoss, the warm-up example);
    ``reduction="half_sum"``: 0.5 * sum of squares / batch size (the book's 0.5 * sum, per sample).
    """

    param_names = ()
    buffer_names = ()
    REDUCTIONS = ("mean", "half_sum")

    def __init__(self, reduction="mean"):
        if reduction not in self.REDUCTIONS:
            raise ValueError(f"reduction must be one of {self.REDUCTIONS}, got {reduction!r}")
        self.reduction = reduction

    def forward(self, x, t):
        self.diff = x - t.reshape(x.shape)
        squared = (self.diff * self.diff).sum()
        if self.reduction == "mean":
            return squared / self.diff.size
        return 0.5 * squared / self.diff.shape[0]

    def backward(self, dout=1.0):
        if self.reduction == "mean":
            return self.diff * (2.0 * dout / self.diff.size)
        return self.diff * (dout / self.diff.shape[0])

    def output(self, x):
        return x


# --- functions ------------------------------------------------------------------------------

def sigmoid(x):
    xp = get_array_module(x)
    e = xp.exp(-xp.abs(x))  # never overflows: the exponent is <= 0
    return xp.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def softmax(x):
    """Row-wise softmax of (N, C) scores (or one row), shifted by the row max for stability."""
    xp = get_array_module(x)
    shifted = x - x.max(axis=-1, keepdims=True)
    exp = xp.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def cross_entropy_error(y, t, guard=1e-7):
    """The book's cross-entropy of probabilities y against labels t, with its 1e-7 guard."""
    xp = get_array_module(y)
    t = xp.asarray(t)
    if y.ndim == 1:
        y, t = y.reshape(1, y.size), t.reshape(1, t.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    t = t.reshape(-1).astype(np.int64, copy=False)
    n = y.shape[0]
    return -xp.log(y[xp.arange(n), t] + guard).sum() / n


def column_sums(x):
    """x.sum(axis=0) as a matrix-vector product: five times faster for a CNN's tall arrays."""
    xp = get_array_module(x)
    return xp.ones(x.shape[0], dtype=x.dtype) @ x


def column_dots(a, b):
    """(a * b).sum(axis=0) without the temporary a * b."""
    xp = get_array_module(a)
    return xp.einsum("ij,ij->j", a, b)


def labels_as_indices(t):
    """Class indices from either indices (N,) or one-hot rows (N, C)."""
    xp = get_array_module(t)
    t = xp.asarray(t)
    if t.ndim == 2:
        return t.argmax(axis=1)
    return t.astype(np.int64, copy=False)
