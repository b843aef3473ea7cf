"""Lesson 3, softmax and cross-entropy (Deep Learning from Scratch, 3.5, 4.2 and 5.6.3): ten
scores divided by a temperature, read by the engine's own ``SoftmaxWithLoss``.

``read_scores`` returns what the layer's ``forward(x, t)`` and ``backward()`` give (the
probabilities, the book's guarded loss ``-log(y_t + 1e-7)``, the gradient ``y - t``) and, to
show why the guard is there and what it costs, the loss without it (``cross_entropy_error``
with guard 0) and the exact loss ``logsumexp(x) - x_t``, which needs no guard.
"""
import dataclasses

import numpy as np

from ..nn.layers import SoftmaxWithLoss, cross_entropy_error, softmax

CLASSES = 10
GUARD = SoftmaxWithLoss.guard  # the book's 1e-7
MAX_GUARDED_LOSS = float(-np.log(GUARD))  # 16.118...: a probability of 0 costs no more


@dataclasses.dataclass(frozen=True)
class SoftmaxReading:
    scores: np.ndarray  # (10,) as given (read-only)
    temperature: float
    label: int  # the true class t
    scaled: np.ndarray  # scores / temperature: what the layer reads
    probabilities: np.ndarray  # y = softmax(scaled)
    loss: float  # SoftmaxWithLoss.forward: -log(y_t + guard)
    gradient: np.ndarray  # SoftmaxWithLoss.backward(): (y - t) / N, N = 1
    guard: float
    unguarded_loss: float  # -log(y_t): inf once y_t underflows to 0
    exact_loss: float  # logsumexp(scaled) - scaled[t]: the loss the guard approximates

    @property
    def true_probability(self):
        return float(self.probabilities[self.label])

    @property
    def underflowed(self):
        """y_t is exactly 0 in float64: the wrong answer is too confident to be represented."""
        return self.true_probability == 0.0

    @property
    def guard_cost(self):
        """How much the guard lowers the loss: exact - guarded (about guard / y_t)."""
        return self.exact_loss - self.loss

    @property
    def guard_estimate(self):
        """guard / y_t, the first-order cost of the guard; inf when y_t is 0."""
        with np.errstate(divide="ignore"):
            return float(np.float64(self.guard) / np.float64(self.true_probability))


def read_scores(scores, label, temperature=1.0):
    """Softmax of ``scores / temperature`` and its cross-entropy against class `label`, by
    ``SoftmaxWithLoss`` (forward, then backward with dout = 1)."""
    scores = np.array(scores, dtype=np.float64).reshape(-1)
    _check(scores, label, temperature)
    scaled = scores / temperature
    layer = SoftmaxWithLoss()
    batch, labels = scaled.reshape(1, -1), np.array([label])
    loss = float(layer.forward(batch, labels))
    gradient = layer.backward()[0]
    probabilities = layer.y[0]
    with np.errstate(divide="ignore"):  # log(0) = -inf is the point of the comparison
        unguarded = float(cross_entropy_error(layer.y, labels, guard=0.0))
    return SoftmaxReading(
        scores=_read_only(scores), temperature=float(temperature), label=int(label),
        scaled=_read_only(scaled), probabilities=_read_only(probabilities), loss=loss,
        gradient=_read_only(gradient), guard=float(layer.guard), unguarded_loss=unguarded,
        exact_loss=exact_loss(scaled, label))


def probabilities_of(scores, temperature=1.0):
    """The engine's plain ``softmax`` of ``scores / temperature``: the layer must agree."""
    return softmax(np.array(scores, dtype=np.float64) / temperature)


def exact_loss(scaled, label):
    """-log softmax(x)_t computed as logsumexp(x) - x_t: finite however small y_t is."""
    scaled = np.asarray(scaled, dtype=np.float64)
    top = scaled.max()
    return float(top + np.log(np.exp(scaled - top).sum()) - scaled[label])


def confident_wrong_scores(gap=1000.0, right=0, wrong=1):
    """Ten scores where class `wrong` leads class `right` by `gap` (and the rest sit with
    `right`): softmax(x)[right] = exp(-gap) underflows to 0 for a gap beyond about 745."""
    scores = np.zeros(CLASSES)
    scores[wrong] = gap
    return scores, right


def _check(scores, label, temperature):
    if scores.size != CLASSES:
        raise ValueError(f"softmax lesson reads {CLASSES} scores, got {scores.size}")
    if not np.all(np.isfinite(scores)):
        raise ValueError("every score must be a finite number")
    if not (isinstance(label, int | np.integer) and 0 <= label < CLASSES):
        raise ValueError(f"label must be a class 0-{CLASSES - 1}, got {label!r}")
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a number above 0, got {temperature!r}")


def _read_only(array):
    array = np.array(array, dtype=np.float64)
    array.setflags(write=False)
    return array


def layer_sources():
    """What a view shows beside the numbers: the layer, then the functions it calls."""
    return SoftmaxWithLoss, softmax, cross_entropy_error
