"""Lesson 5, backprop on my drawing (Deep Learning from Scratch, 5.7 and 4.4): for one drawing
and the label a student says it is, the gradient of the loss with respect to every pixel (a
saliency image) and to the first layer's weights; then one step of the engine's SGD, and undo.

Everything happens on a ``DrawingLab``'s own copy of the network, never on the network it was
given (the window's model stays as it is). The copy reads the drawing as the network does
(``train=False``: Dropout keeps every unit, BatchNormalization uses its running statistics),
and backward differentiates exactly that function; its first layer also computes the input
gradient (``Sequential`` switches that off: training never needs d(loss)/d(pixels)).

So the engine's own ``Sequential.gradient`` computes the loss and every gradient, and the
engine's own SGD takes the step: the probabilities shown before and after are what the
network reads.
"""
import dataclasses

import numpy as np

from ..nn.convolution import Convolution
from ..nn.layers import Affine
from ..nn.network import build_network
from ..nn.optimizers import SGD, make_optimizer

__all__ = ["SGD", "DrawingGradients", "DrawingLab", "StepResult", "first_weight_layer",
           "lesson_copy"]

WEIGHT_PICTURES = 8  # hidden units (or filters) shown: those with the largest gradient


def lesson_copy(network, dtype=None):
    """A copy of `network` (its weights and buffers, in `dtype` or its own) that computes the
    gradient of the loss for one drawing, with respect to the pixels too."""
    config = {**network.config, "dtype": str(np.dtype(dtype or network.dtype))}
    copy = build_network(config)
    copy.load_state_arrays(network.state_arrays())
    for layer in copy.layers:
        if hasattr(layer, "input_grad"):
            layer.input_grad = True
            break
    return copy


def first_weight_layer(network):
    """The first layer with parameters (Affine for an MLP, Convolution for a CNN), or None."""
    return next((layer for layer in network.layers if layer.param_names), None)


@dataclasses.dataclass(frozen=True)
class DrawingGradients:
    """What backprop says about one drawing read as `label`."""

    label: int
    loss: float  # the training loss (SoftmaxWithLoss with its 1e-7 guard)
    probabilities: np.ndarray  # (classes,): what the copy reads now
    input_gradient: np.ndarray  # (28, 28): d loss / d pixel
    first_layer: str  # "Affine", "Convolution", or another kind (no pictures then)
    units: tuple  # hidden units (Affine columns) or filters pictured, largest gradient first
    unit_norms: tuple  # the norm of each one's weight gradient
    weight_gradients: np.ndarray  # (k, 28, 28) Affine columns, (k, FH, FW) filters (channel 0)


@dataclasses.dataclass(frozen=True)
class StepResult:
    lr: float
    loss_before: float
    loss_after: float
    before: np.ndarray  # probabilities before the step
    after: np.ndarray  # and after it
    steps: int  # steps taken on the copy so far


class DrawingLab:
    """Backprop and SGD steps on a copy of a network, for a 28x28 drawing and a label."""

    def __init__(self, network, dtype=None):
        self.network = lesson_copy(network, dtype)
        self._original = lesson_copy(network, dtype)  # never stepped
        self._undo = []  # state arrays before each step taken

    @property
    def steps(self):
        return len(self._undo)

    def _batch(self, image):
        shape = self.network.config["input_shape"]
        return np.asarray(image, dtype=self.network.dtype).reshape(1, *shape)

    def probabilities(self, image):
        return self.network.host_output(self._batch(image))[0]

    def original_probabilities(self, image):
        """What the network given to the lab reads (the copy before any step)."""
        return self._original.host_output(self._batch(image))[0]

    def answer(self, image):
        """The digit the network given to the lab reads in `image`."""
        return int(np.argmax(self.original_probabilities(image)))

    def gradients(self, image, label, pictures=WEIGHT_PICTURES):
        x = self._batch(image)
        # as the network reads: no dropout, batch norm with its running statistics
        loss = self.network.loss(x, np.array([int(label)]), train=False)
        input_gradient = self.network.backward()
        units, norms, weights = _weight_pictures(self.network, x.shape, pictures)
        layer = first_weight_layer(self.network)
        return DrawingGradients(
            int(label), float(loss), self.probabilities(image),
            np.asarray(input_gradient, dtype=np.float64).reshape(np.shape(image)),
            type(layer).__name__ if layer is not None else "", units, norms, weights)

    def step(self, image, label, lr):
        """One step of the engine's SGD on the copy: every parameter p -= lr * d loss / d p."""
        before = self.gradients(image, label, pictures=0)
        self._undo.append(self.network.state_arrays())
        optimizer = make_optimizer("sgd", lr=lr)
        optimizer.update(self.network.params(), self.network.grads())
        after = self.gradients(image, label, pictures=0)
        return StepResult(float(lr), before.loss, after.loss, before.probabilities,
                          after.probabilities, self.steps)

    def undo(self):
        """Put back the weights before the last step, exactly; False when there is none."""
        if not self._undo:
            return False
        self.network.load_state_arrays(self._undo.pop())
        return True

    def weights(self):
        """Host copies of the copy's parameters and buffers (for comparing)."""
        return self.network.state_arrays()


def _weight_pictures(network, input_shape, count):
    """The `count` hidden units (or filters) of the first layer whose weight gradient is
    largest, and those gradients as pictures."""
    layer = first_weight_layer(network)
    if count == 0 or not isinstance(layer, (Affine, Convolution)):
        return (), (), np.zeros((0, 0, 0))
    gradient = np.asarray(layer.dW, dtype=np.float64)
    if isinstance(layer, Affine):
        per_unit = gradient.T  # one row of 784 weights per hidden unit
        side = input_shape[-2:] if len(input_shape) > 2 else (1, per_unit.shape[1])
        pictures = per_unit.reshape(per_unit.shape[0], *side)
    else:
        per_unit = gradient.reshape(gradient.shape[0], -1)  # one row per filter
        pictures = gradient[..., 0]  # (filters, FH, FW): the first channel's weights
    norms = np.linalg.norm(per_unit, axis=1)
    units = np.argsort(-norms, kind="stable")[:count]
    return (tuple(int(u) for u in units), tuple(float(norms[u]) for u in units),
            pictures[units])
