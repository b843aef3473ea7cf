"""How long a run would take on this machine's CPU, measured before it starts.

A few real training steps of the chosen network, on random data of the chosen batch size, are
timed and scaled to the plan's length, plus the test-set evaluations the run makes: the GUI says
"about 2 min on this PC" before anyone waits for it.
"""
import math
import time

import numpy as np

from ..nn.network import build_network
from ..nn.optimizers import make_optimizer
from .plan import EPOCH
from .runs import _augmentation, _log_interval

WARMUP_STEPS = 2  # the first steps allocate workspaces and caches: never counted
# A probe stops taking steps once this many seconds have gone (after at least one step): a
# deep CNN's step takes most of a second on two cores, and the user is waiting for the answer.
WARMUP_BUDGET_S = 0.5
PROBE_BUDGET_S = 0.5


def estimate_seconds(settings, train_size=60000, test_size=10000, probe_iterations=3,
                     clock=time.perf_counter):
    """Estimated seconds for a run with these TrainSettings on the CPU (a float > 0).

    Up to ``probe_iterations`` steps are timed after up to two warm-up steps; slow networks
    take fewer (at least one of each), so that the probe stays near a second or two.

    Counts the plan's total iterations at the timed step cost (forward, backward, optimizer
    update and any augmentation), plus the evaluations of ``test_size`` images the run makes
    (once per epoch, or ten times for a run measured in iterations), not the final measurement.
    Bad settings raise as ``settings.plan()`` does; ``clock`` is the timer (tests fake it).
    """
    plan = settings.plan()
    _check_count("train_size", train_size, 1)
    _check_count("test_size", test_size, 0)
    _check_count("probe_iterations", probe_iterations, 1)
    step, forward, batch_size = _probe(plan, settings.seed)
    _timed(step, WARMUP_STEPS, WARMUP_BUDGET_S, clock)
    seconds, steps = _timed(step, probe_iterations, PROBE_BUDGET_S, clock)
    step_seconds = seconds / steps
    forward_seconds = _timed(forward, 1, 0.0, clock)[0]
    evaluations = _evaluations(plan)
    evaluation_seconds = forward_seconds * math.ceil(test_size / batch_size)
    trained_on = min(train_size, plan.train_subset or train_size)
    return step_seconds * plan.total_iterations(trained_on) + evaluations * evaluation_seconds


def _timed(fn, most, budget_s, clock):
    """(seconds, calls): ``fn()`` called up to ``most`` times, fewer once ``budget_s`` is spent."""
    start, calls, elapsed = clock(), 0, 0.0
    while calls < most and (calls == 0 or elapsed <= budget_s):
        fn()
        calls += 1
        elapsed = clock() - start
    return elapsed, calls


def _check_count(name, value, least):
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")


def _probe(plan, seed):
    """(one training step, one test-mode forward pass, batch size) on random float32 data."""
    model = build_network(plan.network)
    model.set_rng(np.random.default_rng(seed + 1))
    optimizer = make_optimizer(plan.optimizer, lr=plan.lr, weight_decay=plan.weight_decay or 0.0)
    rng = np.random.default_rng(seed)
    shape = plan.network["input_shape"]
    x = rng.random((plan.batch_size, *shape), dtype=np.float32)
    t = rng.integers(0, _classes(model, x), plan.batch_size)
    transform = _augmentation(plan, seed)

    def step():
        model.gradient(x if transform is None else transform(x), t)
        optimizer.update(model.params(), model.grads())

    def forward():
        model.loss(x, t, train=False)
    return step, forward, plan.batch_size


def _classes(model, x):
    return int(model.predict(x[:1], train=False).shape[1])


def _evaluations(plan):
    """How often the run evaluates the test set: what runs.py's report trigger does."""
    if plan.unit == EPOCH:
        return plan.epochs
    return plan.iterations // _log_interval(plan)
