"""Lesson 4, the gradient check (Deep Learning from Scratch, 4.3 and 5.7): backprop against the
central-difference numerical gradient, per parameter array, and the error against the step h.

``check_network`` runs the engine's own ``gradcheck`` on the batch ``gradcheck_config`` draws,
so a preset's numbers are exactly what ``python -m engine gradcheck`` prints, while it reports
its progress and can stop between parameter arrays (a CNN takes seconds).

``step_sweep`` measures how the error depends on h, in float32 and float64: falling as h^2 on
the right (the difference quotient's truncation error), rising as eps/h on the left (round-off:
the two losses agree in almost every digit and their difference keeps only the last few).
"""
import dataclasses

import numpy as np

from ..inference import EvaluationCancelled
from ..nn.gradcheck import (
    TOLERANCE,
    exact_loss,
    gradcheck,
    gradcheck_batch,
    numerical_gradient,
    relative_error,
)
from ..training.presets import get_preset, mlp_config, preset_names

__all__ = ["GRADCHECK_TOLERANCE", "SMALL_NETWORK", "STEP_SIZES", "CheckResult",
           "ParameterCheck", "StepSweep", "check_network", "config_of", "network_names",
           "numerical_gradient", "relative_error", "step_sweep"]

GRADCHECK_TOLERANCE = TOLERANCE  # the pass mark of `python -m engine gradcheck` too
SMALL_NETWORK = "small"  # the book's TwoLayerNet, shrunk to 4x4 inputs and 3 classes
SAMPLES = 40  # elements per parameter array, as the CLI's default --samples
BATCH = 4  # as gradcheck_config's default
CHECK_STEP = 1e-6  # the h gradcheck_config uses (its docstring says why not 1e-4)
STEP_SIZES = tuple(10.0 ** -(k / 2) for k in range(2, 21))  # 1e-1 ... 1e-10, half decades
SWEEP_DTYPES = ("float32", "float64")


def small_network_config(dtype="float64"):
    """16 inputs (a 4x4 image), 10 sigmoid units, 3 classes: sigmoid, as in the book's
    chapter 4, because a ReLU's kink would add jumps to the error curve."""
    return mlp_config(hidden=(10,), activation="sigmoid", inputs=16, outputs=3, dtype=dtype)


def network_names():
    """What the lesson offers: the small network first, then every preset the CLI checks."""
    return (SMALL_NETWORK, *preset_names())


def config_of(name):
    if name == SMALL_NETWORK:
        return small_network_config()
    return get_preset(name).network_config()


@dataclasses.dataclass(frozen=True)
class ParameterCheck:
    name: str  # "0.W"
    shape: tuple
    checked: int  # elements compared (a sample of SAMPLES for a large array)
    relative_error: float

    @property
    def passed(self):
        return self.relative_error < GRADCHECK_TOLERANCE


@dataclasses.dataclass(frozen=True)
class CheckResult:
    network: str  # a name from network_names()
    parameters: tuple  # ParameterCheck, in the network's order
    step: float = CHECK_STEP
    tolerance: float = GRADCHECK_TOLERANCE

    @property
    def max_error(self):
        return max(p.relative_error for p in self.parameters)

    @property
    def passed(self):
        """As the CLI decides: the largest error under the tolerance."""
        return self.max_error < self.tolerance

    def errors(self):
        """name -> relative error: what gradcheck_config returns for the same network."""
        return {p.name: p.relative_error for p in self.parameters}


def check_network(name, samples=SAMPLES, progress=None, should_stop=None):
    """The gradient check of network `name` that ``python -m engine gradcheck`` runs.

    ``progress(done, total)`` hears after each parameter array; ``should_stop()`` is asked
    before each, and True raises EvaluationCancelled (what gui.workers.ProgressJob expects).
    """
    config = {**config_of(name), "dtype": "float64"}
    network, x, t = gradcheck_batch(config, BATCH, seed=0)
    watched = _WatchedParameters(network, progress, should_stop)
    errors = gradcheck(watched, x, t, h=CHECK_STEP, max_elements=samples)
    params = network.params()
    rows = tuple(ParameterCheck(key, tuple(params[key].shape), min(params[key].size, samples),
                                float(error)) for key, error in errors.items())
    return CheckResult(name, rows)


class _WatchedParameters:
    """The network as gradcheck sees it, but it reports after each parameter array and can
    be stopped before any forward pass (a CNN's one array takes seconds).

    Wrapping the network, not copying gradcheck, keeps "the check you see is the CLI's"
    true. A stop leaves the element being perturbed changed: the network is this check's own.
    """

    def __init__(self, network, progress, should_stop):
        self._network = network
        self._progress = progress or (lambda done, total: None)
        self._should_stop = should_stop or (lambda: False)

    def __getattr__(self, name):
        return getattr(self._network, name)

    def loss(self, x, t, train=True):
        if self._should_stop():
            raise EvaluationCancelled("the gradient check was cancelled")
        return self._network.loss(x, t, train)

    def params(self):
        return _ReportingItems(self._network.params(), self._progress, self._should_stop)


class _ReportingItems(dict):
    def __init__(self, params, progress, should_stop):
        super().__init__(params)
        self._progress, self._should_stop = progress, should_stop

    def items(self):
        total = len(self)
        self._progress(0, total)
        for done, item in enumerate(super().items()):
            if self._should_stop():
                raise EvaluationCancelled("the gradient check was cancelled")
            yield item
            self._progress(done + 1, total)


# --- the error against the step size ------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class StepSweep:
    steps: tuple  # h, largest first
    errors: dict  # dtype name -> tuple of relative errors, one per step

    def best(self, dtype):
        """(h, error) where the error is smallest."""
        errors = self.errors[dtype]
        index = int(np.argmin(errors))
        return self.steps[index], errors[index]


def step_sweep(steps=STEP_SIZES, dtypes=SWEEP_DTYPES, progress=None, should_stop=None):
    """Relative error of the small network's whole gradient (every element of every array)
    for each step h, in each dtype: the same weights and batch, rounded to that dtype.

    ``progress(done, total)`` hears after each step; ``should_stop()`` is asked before each.
    """
    progress = progress or (lambda done, total: None)
    should_stop = should_stop or (lambda: False)
    total = len(steps) * len(dtypes)
    errors = {}
    for number, dtype in enumerate(dtypes):
        errors[dtype] = []
        for error in _errors_by_step(dtype, steps, should_stop):
            errors[dtype].append(error)
            progress(number * len(steps) + len(errors[dtype]), total)
    return StepSweep(tuple(steps), {dtype: tuple(e) for dtype, e in errors.items()})


def _errors_by_step(dtype, steps, should_stop):
    network, x, t = gradcheck_batch(small_network_config(dtype), BATCH, seed=0)
    x = x.astype(dtype)
    loss = lambda: network.loss(x, t, train=True)  # noqa: E731 - reads the parameters itself
    with exact_loss(network):  # the 1e-7 guard would bias float64's best error
        network.gradient(x, t)
        analytic = np.concatenate([g.ravel() for g in network.grads().values()])
        for h in steps:
            if should_stop():
                raise EvaluationCancelled("the step-size sweep was cancelled")
            numeric = [numerical_gradient(loss, p, h).ravel() for p in network.params().values()]
            yield relative_error(analytic, np.concatenate(numeric))
