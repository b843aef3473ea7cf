"""Numerical gradients by central differences, to check every analytic backward pass.

The numerical gradient perturbs the model's *own* parameter arrays in place and restores them.
The classic trap it avoids: ``f = lambda W: net.loss(x, t)`` ignores its argument, so perturbing
a copy of W would give a gradient of zero and a check that cannot fail.
"""
import contextlib

import numpy as np

from .layers import Dropout


def numerical_gradient(f, x, h=1e-4):
    """d f() / d x for an array ``x`` that ``f`` reads, by (f(x+h) - f(x-h)) / 2h per element."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    for _ in it:
        i = it.multi_index
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


def gradcheck(model, x, t, h=1e-4):
    """Relative error between backprop and numerical gradients, per parameter name.

    Run it in float64: float32's 7 digits cannot resolve a difference quotient with h = 1e-4.
    """
    with frozen_dropout(model, x, t):
        model.gradient(x, t)
        analytic = {name: np.array(g, copy=True) for name, g in model.grads().items()}
        errors = {}
        for name, param in model.params().items():
            numeric = numerical_gradient(lambda: model.loss(x, t, train=True), param, h)
            errors[name] = relative_error(analytic[name], numeric)
    return errors


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
