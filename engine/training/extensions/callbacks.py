"""Callback and BatchedCallback: reports handed to a function, throttled (a GUI's way in)."""
import time

from ..trainer import PRIORITY_READER, Extension
from .reports import as_floats, training_counters


class Callback(Extension):
    """Calls ``fn(report)`` with a flat dict of Python floats and ints, at most once per
    ``min_interval_s`` seconds. A report held back by that limit is sent at ``finalize``, so the
    last one is never lost. ``fn`` runs in the training thread: a GUI should only emit a signal.

    The report has epoch, iteration, epoch_detail, elapsed_time, lr, and the observation of that
    iteration: main/loss, main/accuracy, and validation/* when an Evaluator ran.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "Callback"

    def __init__(self, fn, trigger=(1, "iteration"), min_interval_s=0.0, clock=time.monotonic,
                 on_pause=None):
        if min_interval_s < 0:
            raise ValueError(f"min_interval_s must be >= 0, not {min_interval_s}")
        self.fn = fn
        self.trigger = trigger
        self.min_interval_s = float(min_interval_s)
        self.clock = clock
        self._last_sent = None
        self._pending = None
        self._on_pause = on_pause

    def __call__(self, trainer):
        # holding the observation costs nothing; converting it to floats waits for the GPU
        self._hold((training_counters(trainer), dict(trainer.observation)))
        now = self.clock()
        if self._last_sent is None or now - self._last_sent >= self.min_interval_s:
            self._last_sent = now
            self._send()

    def _hold(self, report):
        self._pending = report

    def finalize(self):
        self._send()

    def on_pause(self, trainer):
        """A paused run shows where it stopped: the held-back report goes now, then
        ``on_pause()`` (given to the constructor) is called."""
        self._send()
        if self._on_pause is not None:
            self._on_pause()

    def _send(self):
        if self._pending is None:
            return
        counters, observation = self._pending
        self._pending = None
        self.fn({**as_floats(observation), **counters})


class BatchedCallback(Callback):
    """Keeps every iteration's report and calls ``fn(reports)`` with all of them (a list of
    Callback's flat dicts) at most once per ``min_interval_s`` seconds, and at ``finalize``.

    For a plot that shows every loss: on a GPU, turning a loss into a Python float waits for
    the queued steps, so that happens once per call here, not once per iteration.
    """

    name = "BatchedCallback"

    def __init__(self, fn, min_interval_s=0.05, clock=time.monotonic, on_pause=None):
        super().__init__(fn, (1, "iteration"), min_interval_s, clock, on_pause)
        self._pending = []

    def _hold(self, report):
        self._pending.append(report)

    def _send(self):
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self.fn([{**as_floats(observation), **counters} for counters, observation in pending])
