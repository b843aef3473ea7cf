"""Smoothing for training curves: an exponential moving average that starts without bias.

A loss recorded on every mini-batch is noisy; its trend is what a learner wants to read. The
exponential moving average (EMA) keeps one number of state, so a live plot can smooth a stream
that arrives a few values at a time, and smoothing the stream in chunks gives exactly the same
numbers as smoothing it in one go.

Debiasing. The plain EMA ``s_n = w * s_(n-1) + (1 - w) * x_n`` starts from ``s_0 = 0``, so its
first values are pulled toward 0: with ``w = 0.98`` the first output would be ``0.02 * x_1``.
The weights given to ``x_1 .. x_n`` add up to ``1 - w**n``, not 1; dividing by that sum
(``s_n / (1 - w**n)``) makes the output a true weighted average of the values seen so far. The
first output is then ``x_1`` itself, and as n grows ``w**n`` fades and the correction vanishes.
This is what TensorBoard's scalar dashboard does.

A memory that grows. Early in a run the loss falls fast, and the debiased average is then close
to the plain mean of everything seen so far: with ``w = 0.98`` it read 1.1 at iteration 23 of a
run whose loss was already about 0.55. With ``memory_fraction=f`` the average instead forgets
at the rate of an EMA whose memory is ``1 + f * (n - 1)`` values after n values (never more than
the ``1 / (1 - w)`` of ``weight``): each new value gets the share ``1 / memory`` and the average
keeps the rest, ``s_n = s_(n-1) + (x_n - s_(n-1)) / memory_n``. The first value has memory 1
and is its own average, so no debiasing is needed; with ``f = 1/8`` the trend lags about an
eighth of the run early on (3 iterations at iteration 23), and after ``1 + 49 * 8`` = 393 values
it is the plain EMA of ``weight``, as smooth as before.

Non-finite values (NaN, +-inf, e.g. a diverging run) leave the state untouched: their smoothed
value repeats the last finite one (NaN before any finite value arrives), so one bad batch does
not turn the rest of the line into NaN.
"""
import math
import numbers

import numpy as np

# About 1 / (1 - 0.98) = 50 iterations of memory: a training run of thousands of iterations
# (MNIST at batch 100 is 600 per epoch) gets a clear trend that lags well under a tenth of an
# epoch, while the batch-to-batch noise (a few percent of the loss) is averaged away.
DEFAULT_WEIGHT = 0.98


class SmoothedSeries:
    """Debiased exponential moving average of a stream of values, with state between pushes.

    >>> SmoothedSeries(weight=0.5).push([1.0, 3.0]).tolist()
    [1.0, 2.3333333333333335]
    >>> SmoothedSeries(weight=0.9, memory_fraction=0.5).push([1.0, 4.0, 7.0]).tolist()
    [1.0, 3.0, 5.0]

    ``weight`` in [0, 1): 0 means no smoothing, closer to 1 means a longer memory (about
    ``1 / (1 - weight)`` values). ``memory_fraction`` in (0, 1], or None (the default): when
    given, the memory after n values is ``1 + memory_fraction * (n - 1)`` values, up to the one
    of ``weight`` (see the module's docstring), so that the average follows a curve that falls
    fast at the start. ``memory_fraction=1`` is the running mean, up to that memory.
    """

    def __init__(self, weight=DEFAULT_WEIGHT, memory_fraction=None):
        self._weight = _checked_weight(weight)
        self._memory_fraction = _checked_memory_fraction(memory_fraction)
        self._max_memory = 1.0 / (1.0 - self._weight)
        self.reset()

    @property
    def weight(self):
        return self._weight

    @property
    def memory_fraction(self):
        """How fast the memory grows with the values seen; None: the plain debiased EMA."""
        return self._memory_fraction

    @property
    def count(self):
        """How many finite values the average has absorbed."""
        return self._count

    @property
    def last(self):
        """The latest smoothed value; NaN until a finite value has arrived."""
        return self._last

    def reset(self):
        """Forget every value pushed so far (a new training run starts)."""
        self._biased = 0.0  # the plain EMA, started at 0
        self._decay = 1.0  # weight ** count, so the debiasing divisor is 1 - decay
        self._count = 0
        self._last = math.nan

    def push(self, values):
        """Absorb ``values`` (a 1-D sequence) and return their smoothed values (float64)."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 1:
            raise ValueError(f"push takes a 1-D sequence of values, not shape {values.shape}")
        smoothed = [self._absorb(value) for value in values.tolist()]
        return np.array(smoothed, dtype=np.float64)

    def _absorb(self, value):
        # Python floats: a per-value loop is cheaper than NumPy calls on a few values a push
        if not math.isfinite(value):
            return self._last
        if self._memory_fraction is not None:
            memory = min(1.0 + self._memory_fraction * self._count, self._max_memory)
            self._count += 1
            if memory <= 1.0:  # the first value, or weight 0: exactly the value
                self._last = value
            else:
                self._last += (value - self._last) / memory
        else:
            w = self._weight
            self._biased = w * self._biased + (1.0 - w) * value
            self._decay *= w
            self._count += 1
            self._last = self._biased / (1.0 - self._decay)
        return self._last


def _checked_weight(weight):
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        raise ValueError(f"weight must be a number in [0, 1), not {weight!r}")
    weight = float(weight)
    if not 0.0 <= weight < 1.0:  # also refuses NaN
        raise ValueError(f"weight must be in [0, 1) (0: no smoothing), not {weight}")
    return weight


def _checked_memory_fraction(fraction):
    if fraction is None:
        return None
    if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real):
        raise ValueError(f"memory_fraction must be a number in (0, 1] or None, not {fraction!r}")
    fraction = float(fraction)
    if not 0.0 < fraction <= 1.0:  # also refuses NaN
        raise ValueError(f"memory_fraction must be in (0, 1], not {fraction}")
    return fraction
