"""Numerical gradients by central differences, to check every analytic backward pass.

The numerical gradient perturbs the model's *own* parameter arrays in place and restores them.
The classic trap it avoids: ``f = lambda W: net.loss(x, t)`` ignores its argument, so perturbing
a copy of W would give a gradient of zero and a check that cannot fail.
"""
import contextlib

import numpy as np

from ..backend import to_numpy
from .layers import Dropout
from .network import build_network

TOLERANCE = 1e-6  # the largest relative error a correct backward pass shows in float64


def numerical_gradient(f, x, h=1e-4, indices=None):
    """d f() / d x for an array ``x`` that ``f`` reads, by (f(x+h) - f(x-h)) / 2h per element.

    With ``indices`` (a list of index tuples) only those elements are computed; the rest stay 0.
    ``x`` may live on a GPU; the gradient is a NumPy array (each element is a host float anyway).
    """
    grad = np.zeros(x.shape, dtype=x.dtype)
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
    analytic, numeric = to_numpy(analytic), to_numpy(numeric)
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
        analytic = {name: to_numpy(g).copy() for name, g in model.grads().items()}
        errors = {}
        for name, param in model.params().items():
            indices = _sample_indices(param.shape, max_elements, rng)
            loss = lambda: model.loss(x, t, train=True)  # noqa: E731 - reads `param` itself
            numeric = numerical_gradient(loss, param, h, indices)
            numeric = _recheck_near_kinks(loss, param, h, indices, analytic[name], numeric)
            picked = tuple(np.array(indices).T)
            errors[name] = relative_error(analytic[name][picked], numeric[picked])
    return errors


def _recheck_near_kinks(f, param, h, indices, analytic, numeric):
    """Elements that disagree are measured again with a step 100x smaller, and the closer
    value is kept.

    A CNN has thousands of ReLU inputs and pooling windows whose runner-up is close behind:
    when one lies within h of switching, the difference quotient spans the kink and is off by
    the jump in slope, at any step that spans it. A 100x smaller step almost never does. A
    wrong backward pass disagrees at every step, so this cannot hide one.
    """
    suspicious = [i for i in indices
                  if abs(analytic[i] - numeric[i]) > 1e-7 * (abs(analytic[i]) + abs(numeric[i]))]
    if suspicious:
        finer = numerical_gradient(f, param, h / 100, suspicious)
        for i in suspicious:
            if abs(finer[i] - analytic[i]) < abs(numeric[i] - analytic[i]):
                numeric[i] = finer[i]
    return numeric


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


def gradcheck_config(config, samples=40, batch=4, seed=0):
    """Relative errors of a network config's parameters, rebuilt in float64, on a random batch.

    ``samples`` elements are checked per parameter. The step is 1e-6, not 1e-4: among a CNN's
    thousands of outputs a 1e-4 step moves some pooling window's maximum or some ReLU input
    across its kink; float64 still resolves 1e-6 to 1e-10.
    """
    network, x, t = gradcheck_batch({**config, "dtype": "float64"}, batch, seed)
    return gradcheck(network, x, t, h=1e-6, max_elements=samples)


def gradcheck_batch(config, batch=4, seed=0):
    """(network, x, t): the network of `config` and a random batch of inputs and targets for
    it, drawn from `seed`."""
    network = build_network(config)
    rng = np.random.default_rng(seed)
    outputs = network.host_output(np.zeros((1, *config["input_shape"]))).shape[1]
    x = rng.random((batch, *config["input_shape"]))
    t = (rng.integers(0, outputs, batch) if network.is_classifier
         else rng.standard_normal((batch, outputs)))
    return network, x, t
