"""The training loop, in the style of Chainer's ``training/trainer.py``.

The Trainer owns only the loop: draw a batch and update (the updater), then call every extension
whose trigger fires. Everything else -- evaluation, logging, printing, snapshots, the
non-finite-loss guard -- is an extension (see ``extensions/``)::

    updater = StandardUpdater(BatchIterator(x, t, 100), model, optimizer)
    trainer = Trainer(updater, stop_trigger=(10, "epoch"), out="result")
    trainer.extend(LogReport())
    trainer.run()

A GUI runs ``run()`` in a worker thread and steers it with ``request_stop()``,
``request_pause()``, ``request_resume()`` and ``request_step()``, which are safe to call from
any thread.
"""
import math
import threading
import time
from pathlib import Path

from ..messages import message_of
from .triggers import describe_trigger, get_trigger

# Extensions run in descending priority within one iteration (Chainer's PRIORITY_* values, plus
# two ends): the guard sees the loss before anyone reports it, writers add to the observation,
# editors (LogReport) summarise it, readers print it, and a snapshot saves what they all left.
PRIORITY_GUARD = 400
PRIORITY_WRITER = 300
PRIORITY_EDITOR = 200
PRIORITY_READER = 100
PRIORITY_SNAPSHOT = -100

class StopTraining(Exception):
    """Raised by an extension to end the run at once; the rest of this iteration's extensions
    are skipped and the message becomes ``trainer.stop_reason`` (and ``trainer.warning``)."""


# --- extensions' base class ---------------------------------------------------------------------

class Extension:
    """Something the trainer calls when its trigger fires. Subclasses override ``__call__``.

    ``trigger``, ``priority`` and ``name`` are defaults that ``Trainer.extend`` may override.
    ``state_dict`` returns JSON-able values; a snapshot saves it and ``load_state_dict`` restores.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = None

    @property
    def default_name(self):
        return self.name or type(self).__name__

    def __call__(self, trainer):
        raise NotImplementedError

    def initialize(self, trainer):
        """Called once when ``run()`` starts (after any snapshot was loaded)."""

    def finalize(self):
        """Called once when ``run()`` ends, however it ends: close files, flush what is pending."""

    def on_pause(self, trainer):
        """Called in the training thread as the loop begins a pause: what is held back (a
        throttled report) should be handed over now, while the learner looks at it."""

    def state_dict(self):
        return {}

    def load_state_dict(self, state):
        """Restore what ``state_dict`` returned; the default has nothing to restore."""


class _Entry:
    """An extension as registered: with its resolved trigger, priority and name."""

    def __init__(self, extension, trigger, priority, name):
        self.extension = extension
        self.trigger = trigger
        self.priority = priority
        self.name = name


# --- updater ------------------------------------------------------------------------------------

class StandardUpdater:
    """One training step: next batch, forward + backward, optimizer update.

    ``observation`` holds this step's ``main/loss`` (and ``main/accuracy`` for a classifier) as
    array scalars: converting them to Python floats would wait for a GPU at every step, so that
    happens only where they are reported.
    """

    def __init__(self, iterator, model, optimizer):
        self.iterator = iterator
        self.model = model
        self.optimizer = optimizer
        self.observation = {}
        # called before each step: a change asked during a pause must reach the first step
        # after resuming, and extensions only run after a step
        self.before_update = []
        # the next step also measures its batch's loss before and after the update, as the
        # network reads (train=False): a learner's single Step shows what one update does
        self.measure_next_step = False

    def update(self):
        for hook in self.before_update:
            hook()
        x, t = next(self.iterator)
        measure, self.measure_next_step = self.measure_next_step, False
        if measure:
            loss_before = self.model.loss(x, t, train=False)
        loss = self.model.gradient(x, t)
        self.optimizer.update(self.model.params(), self.model.grads())
        observation = {"main/loss": loss}
        if self.model.is_classifier:
            observation["main/accuracy"] = batch_accuracy(self.model.loss_layer)
        if measure:  # after batch_accuracy: this forward pass replaces what it reads
            observation["step/loss_before"] = loss_before
            observation["step/loss_after"] = self.model.loss(x, t, train=False)
        self.observation = observation

    @property
    def iteration(self):
        return self.iterator.iteration

    @property
    def epoch(self):
        return self.iterator.epoch

    @property
    def epoch_detail(self):
        return self.iterator.epoch_detail

    @property
    def is_new_epoch(self):
        return self.iterator.is_new_epoch

    def state_dict(self):
        return {"iterator": self.iterator.state_dict()}

    def load_state_dict(self, state):
        self.iterator.load_state_dict(state["iterator"])


def batch_accuracy(loss_layer):
    """Accuracy of the last forward pass of a SoftmaxWithLoss, as a 0-d array (no host sync)."""
    return (loss_layer.y.argmax(axis=1) == loss_layer.t).mean()


# --- trainer ------------------------------------------------------------------------------------

class Trainer:
    """Runs ``updater.update()`` and the extensions until ``stop_trigger`` fires or a stop is asked.

    After ``run()``, ``stop_reason`` says why it ended ("completed", "stopped by request", or an
    extension's message such as a non-finite loss) and ``warning`` holds that message when the
    user must be told something went wrong (None otherwise).
    """

    def __init__(self, updater, stop_trigger=(10, "epoch"), out="result"):
        self.updater = updater
        self.stop_trigger = get_trigger(stop_trigger)
        self.out = Path(out)
        self.observation = {}
        self.stop_reason = None
        self.warning = None
        self._entries = []
        self._started = False
        self._stop = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._one_step = False  # paused again after the iteration running now (request_step)
        self._step_lock = threading.Lock()
        self._elapsed_before = 0.0  # time trained before a snapshot this run resumed from
        self._start_time = None
        self._paused_total = 0.0
        self._pause_began = None
        self._running_entries = ()

    # --- extensions -------------------------------------------------------------------------
    def extend(self, extension, trigger=None, name=None, priority=None):
        """Register an extension (or a plain function of the trainer) before ``run()``."""
        if self._started:
            raise RuntimeError("extensions must be added before run() starts")
        if trigger is None:
            trigger = getattr(extension, "trigger", (1, "iteration"))
        if name is None:
            name = getattr(extension, "default_name", None) or getattr(
                extension, "__name__", type(extension).__name__)
        if priority is None:
            priority = getattr(extension, "priority", PRIORITY_READER)
        entry = _Entry(extension, get_trigger(trigger), priority, self._unique_name(name))
        self._entries.append(entry)
        return entry.name

    def _unique_name(self, name):
        taken = {entry.name for entry in self._entries}
        unique, suffix = name, 1
        while unique in taken:
            unique, suffix = f"{name}_{suffix}", suffix + 1
        return unique

    def get_extension(self, name):
        for entry in self._entries:
            if entry.name == name:
                return entry.extension
        raise KeyError(f"no extension named {name!r}; registered: {self.extension_names()}")

    def extension_names(self):
        return [entry.name for entry in self._entries]

    def extensions(self):
        """(name, extension) pairs in the order they are called."""
        return [(entry.name, entry.extension) for entry in self._ordered_entries()]

    def extension_table(self):
        """What runs after each step, in the order it is called, as plain values another thread
        may keep: {"name", "priority", "trigger"}, the trigger as ``describe_trigger`` says."""
        return [{"name": entry.name, "priority": int(entry.priority),
                 "trigger": describe_trigger(entry.trigger)} for entry in self._ordered_entries()]

    def _ordered_entries(self):
        # sorted() is stable: equal priorities keep the order they were registered in
        return sorted(self._entries, key=lambda entry: -entry.priority)

    # --- the loop ---------------------------------------------------------------------------
    def run(self):
        """Train until the stop trigger fires or a stop is requested; runs once per Trainer."""
        if self._started:
            raise RuntimeError("a Trainer runs once; build a new one (and load a snapshot) "
                               "to train further")
        self._started = True
        entries = self._running_entries = self._ordered_entries()
        self._start_time = time.perf_counter()
        try:
            for entry in entries:
                initialize = getattr(entry.extension, "initialize", None)
                if initialize is not None:
                    initialize(self)
            self.stop_reason = self._loop(entries)
        except StopTraining as stop:  # the sentence it carries, kept for a translation
            self.stop_reason = self.warning = message_of(stop)
        except BaseException as exc:
            self.stop_reason = f"failed: {type(exc).__name__}: {exc}"
            raise
        finally:
            finalize_error = self._finalize(entries)
        # only reached when the run itself succeeded: its own error would take precedence
        if finalize_error is not None:
            self.stop_reason = f"failed: {type(finalize_error).__name__}: {finalize_error}"
            raise finalize_error

    def _loop(self, entries):
        while not self.stop_trigger(self):
            self._wait_while_paused()
            if self._stop.is_set():
                return "stopped by request"
            self.updater.update()
            self.observation = dict(self.updater.observation)
            for entry in entries:
                if entry.trigger(self):
                    entry.extension(self)
            if self._stop.is_set():
                return "stopped by request"
            self._pause_after_a_step()
        return "completed"

    def _pause_after_a_step(self):
        with self._step_lock:
            if self._one_step:
                self._one_step = False
                self._running.clear()

    def _finalize(self, entries):
        """Finalize every extension even if one fails; returns the first error, if any."""
        first_error = None
        for entry in entries:
            finalize = getattr(entry.extension, "finalize", None)
            if finalize is None:
                continue
            try:
                finalize()
            except Exception as exc:  # noqa: BLE001 - kept, and raised once all have run
                first_error = first_error or exc
        self._elapsed_before = self.elapsed_time
        self._start_time = None
        return first_error

    # --- requests from other threads ---------------------------------------------------------
    def request_stop(self):
        """End the run after the current iteration (also when paused). Safe from any thread."""
        self._stop.set()
        self._running.set()  # wake a paused loop so that it can see the stop

    def request_pause(self):
        """Block the loop between iterations until ``request_resume()``. Safe from any thread."""
        self._running.clear()

    def request_resume(self):
        with self._step_lock:
            self._one_step = False  # a resume after a Step asked for goes on running
            self._running.set()

    def request_step(self):
        """While paused: run exactly one iteration, measuring its batch's loss before and after
        (``step/loss_before``, ``step/loss_after``), then pause again. False when not paused
        (or a step is still running). Safe from any thread."""
        with self._step_lock:
            if self._running.is_set() or self._stop.is_set():
                return False
            self._one_step = True
            self.updater.measure_next_step = True
            self._running.set()
        return True

    @property
    def started(self):
        return self._started

    @property
    def is_paused(self):
        return not self._running.is_set()

    @property
    def waiting_in_pause(self):
        """True while the loop sleeps in a pause: the iteration in flight has ended and no other
        starts until ``request_resume()`` or ``request_stop()``. Safe to read from any thread."""
        return self._pause_began is not None

    @property
    def stop_requested(self):
        return self._stop.is_set()

    def _wait_while_paused(self):
        if self._running.is_set():
            return
        self._pause_began = time.perf_counter()
        for entry in self._running_entries:
            on_pause = getattr(entry.extension, "on_pause", None)
            if on_pause is not None:
                on_pause(self)
        self._running.wait()  # sleeps in the OS: a paused run costs no CPU
        self._paused_total += time.perf_counter() - self._pause_began
        self._pause_began = None

    # --- time and state ----------------------------------------------------------------------
    @property
    def elapsed_time(self):
        """Seconds spent training, pauses excluded, including time before a resumed snapshot."""
        if self._start_time is None:
            return self._elapsed_before
        now = self._pause_began or time.perf_counter()
        return self._elapsed_before + now - self._start_time - self._paused_total

    def state_dict(self):
        return {"iteration": int(self.updater.iteration), "epoch": int(self.updater.epoch),
                "elapsed_time": float(self.elapsed_time)}

    def load_state_dict(self, state):
        if self._started:
            raise RuntimeError("load a snapshot into a trainer before its run() starts")
        elapsed = float(state["elapsed_time"])
        if not math.isfinite(elapsed) or elapsed < 0:
            raise ValueError(f"elapsed_time must be a finite number >= 0, not {elapsed!r}")
        self._elapsed_before = elapsed
