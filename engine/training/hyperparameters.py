"""Hyperparameters changed while a run goes or is paused.

The GUI thread asks (``request``); the training thread applies what was asked just before its
next update (``apply_pending``, called by the updater), so a change asked during a pause reaches
the very first step after resuming. Only plain floats cross the thread boundary, under a lock.
"""
import math
import threading

from ..messages import sentence
from ..nn.network import ConfigError
from ..nn.optimizers import WeightDecay

NAMES = ("lr", "lr_decay", "weight_decay")


def check_hyperparameters(lr=None, lr_decay=None, weight_decay=None):
    """The values that are not None, as floats; a bad one raises ConfigError with a sentence."""
    values = {}
    if lr is not None:
        values["lr"] = _number(sentence("The learning rate"), lr)
        if not values["lr"] > 0:
            raise ConfigError(sentence("The learning rate must be greater than 0, not {lr}.",
                                       lr=lr))
    if lr_decay is not None:
        values["lr_decay"] = _number(sentence("The learning-rate decay"), lr_decay)
        if not 0 < values["lr_decay"] <= 1:
            raise ConfigError(sentence("The learning-rate decay must be above 0 and at most 1, "
                                       "not {decay}.", decay=lr_decay))
    if weight_decay is not None:
        values["weight_decay"] = _number(sentence("The weight decay"), weight_decay)
        if values["weight_decay"] < 0:
            raise ConfigError(sentence("The weight decay must be 0 or more, not {decay}.",
                                       decay=weight_decay))
    return values


def _number(what, value):
    """``value`` as a float; ``what`` (a sentence: "The learning rate") names it in a refusal."""
    # bool is an int to Python, but "lr=True" is a mistake, not 1.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(sentence("{what} must be a number, not {value}.", what=what,
                                   value=repr(value)))
    if not math.isfinite(value):
        raise ConfigError(sentence("{what} must be a finite number, not {value}.", what=what,
                                   value=value))
    return float(value)


def weight_decay_of(optimizer):
    """The L2 rate the optimizer applies: its WeightDecay hook's, 0.0 without one."""
    hook = next((h for h in optimizer.hooks if isinstance(h, WeightDecay)), None)
    return hook.rate if hook is not None else 0.0


def set_weight_decay(optimizer, rate):
    """Weight decay is a gradient hook (optimizers.py): change, add or drop that hook."""
    hooks = [h for h in optimizer.hooks if not isinstance(h, WeightDecay)]
    if rate > 0:
        hooks.insert(0, WeightDecay(rate))  # before clipping, as make_optimizer orders them
    optimizer.hooks[:] = hooks  # in place: whoever holds the list sees the change


class LiveHyperparameters:
    """The learning rate, its decay per epoch and the weight decay of one run, changeable."""

    def __init__(self, updater, schedule):
        self.updater = updater  # its optimizer and iteration
        self.schedule = schedule  # the run's ExponentialShift: its rate is the decay
        self._lock = threading.Lock()
        self._pending = {}
        self._changes = []

    def request(self, lr=None, lr_decay=None, weight_decay=None):
        """Ask for new values (None: unchanged); safe from any thread. Raises ConfigError."""
        values = check_hyperparameters(lr, lr_decay, weight_decay)
        with self._lock:
            self._pending.update(values)

    def pending(self):
        with self._lock:
            return dict(self._pending)

    @property
    def changes(self):
        """Every applied change: {"iteration", "lr", "lr_decay", "weight_decay"}, copies."""
        with self._lock:
            return [dict(change) for change in self._changes]

    def restore_changes(self, changes):
        with self._lock:
            self._changes = [dict(change) for change in changes]

    def current(self):
        optimizer = self.updater.optimizer
        return {"lr": float(optimizer.lr), "lr_decay": float(self.schedule.rate),
                "weight_decay": float(weight_decay_of(optimizer))}

    def apply_pending(self):
        """Put what was asked into force; the training thread calls it before each update."""
        with self._lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        before = self.current()
        optimizer = self.updater.optimizer
        if "lr" in pending:
            optimizer.lr = pending["lr"]
        if "lr_decay" in pending:
            self.schedule.rate = pending["lr_decay"]
        if "weight_decay" in pending:
            set_weight_decay(optimizer, pending["weight_decay"])
        after = self.current()
        if after != before:  # asking for the values already in force changes nothing
            with self._lock:
                self._changes.append({"iteration": int(self.updater.iteration), **after})


# --- what a model file records ---------------------------------------------------------------

MAX_RECORDED_CHANGES = 10_000  # a run changes its values by hand: more is a forged file


def starting_hyperparameters(train_config):
    """The values a run began with, from its plan's ``training_config()`` (a model file's
    "extra"/"train"), as LiveHyperparameters.current() names them; None where unknown."""
    config = train_config if isinstance(train_config, dict) else {}
    decay = config.get("lr_decay", 1.0)  # no decay: the rate stays, as a factor of 1
    values = {"lr": config.get("lr"), "lr_decay": 1.0 if decay is None else decay,
              "weight_decay": config.get("weight_decay", 0.0)}
    return {name: float(value) if _is_finite(value) else None for name, value in values.items()}


def recorded_changes(changes):
    """The well-formed entries of a model file's list of changes, by iteration: a file may hold
    anything, and what is not a change is left out (never raises)."""
    if not isinstance(changes, list):
        return []
    kept = []
    for change in changes[:MAX_RECORDED_CHANGES]:
        values = [change.get(name) for name in ("iteration", *NAMES)] \
            if isinstance(change, dict) else [None]
        if all(_is_finite(value) for value in values) and values[0] >= 0:
            kept.append({"iteration": int(values[0]),
                         **{name: float(value) for name, value in zip(NAMES, values[1:],
                                                                      strict=True)}})
    return sorted(kept, key=lambda change: change["iteration"])


def _is_finite(value):
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))
