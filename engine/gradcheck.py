"""Numerical gradients by central differences, to check every analytic backward pass.

The numerical gradient perturbs the model's *own* parameter arrays in place and restores them.
The classic trap it avoids: ``f = lambda W: net.loss(x, t)`` ignores its argument, so perturbing
a copy of W would give a gradient of zero and a check that cannot fail.
"""
import contextlib

import numpy as np

from .layers import Dropout


def numerical_gradient(f, x, h=1e-4, indices=None):
    """d f() / d x for an array ``x`` that ``f`` reads, by (f(x+h) - f(x-h)) / 2h per element.

    With ``indices`` (a list of index tuples) only those elements are computed; the rest stay 0.
    """
    grad = np.zeros_like(x)
    if indices is None:
        indices = list(np.ndindex(x.shape))
    for i in indices:
        original = x[i].copy()
        x[i] = original + h
        plus = float(f())
        x[i] = original - h
        minus = float(f())
        x[i] = original
        grad[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(analytic, numeric):
    """||a - n|| / (||a|| + ||n||): scale-free, and 0 when both are 0."""
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(analytic - numeric) / denominator)


def gradcheck(model, x, t, h=1e-4, max_elements=None, seed=0):
    """Relative error between backprop and numerical gradients, per parameter name.

    ``max_elements`` checks a random sample of that many elements per parameter (a 784x512
    weight matrix would need 800,000 forward passes in full). Run it in float64: float32's
    7 digits cannot resolve a difference quotient with h = 1e-4.
    """
    rng = np.random.default_rng(seed)
    with exact_loss(model), frozen_dropout(model, x, t):
        model.gradient(x, t)
        analytic = {name: np.array(g, copy=True) for name, g in model.grads().items()}
        errors = {}
        for name, param in model.params().items():
            indices = _sample_indices(param.shape, max_elements, rng)
            numeric = numerical_gradient(lambda: model.loss(x, t, train=True), param, h, indices)
            picked = tuple(np.array(indices).T)
            errors[name] = relative_error(analytic[name][picked], numeric[picked])
    return errors


def _sample_indices(shape, max_elements, rng):
    size = int(np.prod(shape))
    if max_elements is None or size <= max_elements:
        return list(np.ndindex(shape))
    chosen = np.sort(rng.choice(size, size=max_elements, replace=False))
    return list(zip(*(axis.tolist() for axis in np.unravel_index(chosen, shape)), strict=True))


@contextlib.contextmanager
def exact_loss(model):
    """Turns off SoftmaxWithLoss's 1e-7 guard inside the block.

    Backward returns (y - t) / N, the gradient of the unguarded loss, as the book's code does; the
    guard would add a bias of about 1e-7 / y_true to the comparison, which is not a backward bug.
    """
    layer = model.loss_layer
    saved = getattr(layer, "guard", None)
    if saved is None:  # MeanSquaredError has no guard
        yield
        return
    layer.guard = 0.0
    try:
        yield
    finally:
        layer.guard = saved


@contextlib.contextmanager
def frozen_dropout(model, x, t):
    """Every Dropout layer keeps one mask inside the block, so the loss is one function."""
    model.loss(x, t, train=True)  # draws the masks to keep
    dropouts = [layer for layer in model.layers if isinstance(layer, Dropout)]
    for layer in dropouts:
        layer.fix_mask(layer.keep)
    try:
        yield
    finally:
        for layer in dropouts:
            layer.fix_mask(None)
