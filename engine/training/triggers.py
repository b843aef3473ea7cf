"""When an extension runs, or training stops: every N iterations or epochs, or at listed points.

Triggers read the updater's counters and keep no state, so a resumed run fires exactly where an
uninterrupted one would (Chainer's ``training/triggers``).
"""
import numbers

UNITS = ("iteration", "epoch")


class IntervalTrigger:
    """Fires every ``period`` iterations, or at the end of every ``period``-th epoch.

    It is stateless (it reads the updater's counters), so a resumed run fires exactly where an
    uninterrupted one would.
    """

    def __init__(self, period, unit):
        if unit not in UNITS:
            raise ValueError(f"trigger unit must be 'iteration' or 'epoch', not {unit!r}")
        if not _is_whole_number(period) or period < 1:
            raise ValueError(f"trigger period must be a whole number >= 1, not {period!r}")
        self.period = int(period)
        self.unit = unit

    def __call__(self, trainer):
        updater = trainer.updater
        if self.unit == "iteration":
            return updater.iteration > 0 and updater.iteration % self.period == 0
        return bool(updater.is_new_epoch) and updater.epoch % self.period == 0

    def progress(self, trainer):
        """How far through the first period training is: 0.0 at the start, 1.0 at the end."""
        updater = trainer.updater
        done = updater.iteration if self.unit == "iteration" else updater.epoch_detail
        return min(done / self.period, 1.0)

    def __repr__(self):
        return f"IntervalTrigger({self.period}, {self.unit!r})"


class ManualScheduleTrigger:
    """Fires at the listed iterations, or at the end of the listed epochs."""

    def __init__(self, points, unit):
        if unit not in UNITS:
            raise ValueError(f"trigger unit must be 'iteration' or 'epoch', not {unit!r}")
        self.points = {int(p) for p in ([points] if isinstance(points, int) else points)}
        self.unit = unit

    def __call__(self, trainer):
        updater = trainer.updater
        if self.unit == "iteration":
            return updater.iteration in self.points
        return bool(updater.is_new_epoch) and updater.epoch in self.points


def _is_whole_number(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and float(value).is_integer())


def describe_trigger(trigger):
    """A trigger as plain values: {"kind": "interval", "period", "unit"}, {"kind": "schedule",
    "points" (sorted), "unit"}, {"kind": "never"} or {"kind": "custom"} (any other callable)."""
    if isinstance(trigger, IntervalTrigger):
        return {"kind": "interval", "period": trigger.period, "unit": trigger.unit}
    if isinstance(trigger, ManualScheduleTrigger):
        return {"kind": "schedule", "points": sorted(trigger.points), "unit": trigger.unit}
    if trigger is _never:
        return {"kind": "never"}
    return {"kind": "custom"}


def get_trigger(trigger):
    """A trigger from a trigger, a ``(period, unit)`` tuple, or None (never fires)."""
    if trigger is None:
        return _never
    if callable(trigger):
        return trigger
    if isinstance(trigger, (tuple, list)) and len(trigger) == 2:
        return IntervalTrigger(*trigger)
    raise ValueError(f"a trigger must be callable or a (period, unit) tuple, not {trigger!r}")


def _never(trainer):
    return False
