"""ExponentialShift: the learning-rate schedule."""

from ..trainer import PRIORITY_READER, Extension


class ExponentialShift(Extension):
    """Multiplies an optimizer attribute (the learning rate) by ``rate`` each time it fires.

    With an epoch trigger of period k this is the step schedule "lr *= rate every k epochs";
    ``target`` bounds the value (a floor when rate < 1). It runs after LogReport, so a log entry
    shows the rate that was used during its period.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_READER
    state_kind = "schedule"  # how a snapshot's copy of its state is checked (snapshots.py)
    name = "ExponentialShift"

    def __init__(self, attr, rate, trigger=(1, "epoch"), target=None, optimizer=None):
        if rate <= 0:
            raise ValueError(f"rate must be > 0, not {rate}")
        self.attr = attr
        self.rate = float(rate)
        self.trigger = trigger
        self.target = target
        self.optimizer = optimizer
        self.count = 0

    def __call__(self, trainer):
        optimizer = self.optimizer or trainer.updater.optimizer
        value = getattr(optimizer, self.attr) * self.rate
        if self.target is not None:
            value = max(value, self.target) if self.rate < 1 else min(value, self.target)
        setattr(optimizer, self.attr, value)
        self.count += 1

    def state_is_optional(self):
        """A rate of 1 changes nothing: a snapshot taken without this schedule fits it."""
        return self.rate == 1.0

    def state_dict(self):
        # the value itself is saved with the optimizer; the rate may have been changed mid-run
        return {"count": self.count, "rate": self.rate}

    def load_state_dict(self, state):
        self.count = int(state["count"])
        rate = float(state.get("rate", self.rate))  # older snapshots did not save it
        if not rate > 0:
            raise ValueError(f"rate must be > 0, not {rate}")
        self.rate = rate


class LinearDecay(Extension):
    """The learning rate falls in a straight line to 0 at the run's last iteration.

    For a run of a few hundred steps this beats a per-epoch decay, which never fires: the
    large early steps find the way and the small late ones settle. Each step multiplies the
    value by (remaining - 1) / remaining instead of setting it from a formula, so a rate set
    by hand mid-run falls in a straight line from there, and a resumed run (its rate saved
    with the optimizer, its iteration with the trainer) goes on exactly where it stopped.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "LinearDecay"

    def __init__(self, attr, total_iterations, optimizer=None):
        if isinstance(total_iterations, bool) or int(total_iterations) < 1:
            raise ValueError(f"total_iterations must be at least 1, not {total_iterations}")
        self.attr = attr
        self.total = int(total_iterations)
        self.optimizer = optimizer

    def __call__(self, trainer):
        optimizer = self.optimizer or trainer.updater.optimizer
        remaining = self.total - trainer.updater.iteration  # steps still to take
        before = remaining + 1
        factor = remaining / before if remaining > 0 else 0.0
        setattr(optimizer, self.attr, getattr(optimizer, self.attr) * factor)
