"""ProgressBar: a bar, the share of training done, speed and ETA on a terminal or a log."""
import datetime
import sys
import time

from ..trainer import PRIORITY_READER, Extension


class ProgressBar(Extension):
    """Every ``update_interval`` iterations: a bar, percent of training done, speed and ETA."""

    trigger = (1, "iteration")
    priority = PRIORITY_READER
    name = "ProgressBar"

    def __init__(self, update_interval=100, bar_length=30, out=None, clock=time.perf_counter):
        if update_interval < 1:
            raise ValueError(f"update_interval must be >= 1, not {update_interval}")
        self.update_interval = int(update_interval)
        self.bar_length = int(bar_length)
        self._out = out  # None: whatever sys.stderr is when printing
        self.clock = clock
        self._last = None
        self._wrote_in_place = False

    @property
    def out(self):
        return self._out or sys.stderr

    def initialize(self, trainer):
        self._last = (self.clock(), trainer.updater.iteration, self._fraction(trainer))

    def __call__(self, trainer):
        if trainer.updater.iteration % self.update_interval:
            return
        line = self.render(trainer)
        in_place = hasattr(self.out, "isatty") and self.out.isatty()
        # a terminal redraws one line; a file or pipe gets one line per update
        self.out.write("\r" + line + "\033[K" if in_place else line + "\n")
        self._wrote_in_place = in_place
        self.out.flush()

    def finalize(self):
        if self._wrote_in_place:
            self.out.write("\n")
            self.out.flush()

    def render(self, trainer):
        now, iteration, fraction = self.clock(), trainer.updater.iteration, self._fraction(trainer)
        then, last_iteration, last_fraction = self._last
        self._last = (now, iteration, fraction)
        seconds = now - then
        speed = (iteration - last_iteration) / seconds if seconds > 0 else None
        rate = (fraction - last_fraction) / seconds if fraction is not None and seconds > 0 else 0
        parts = [self._bar(fraction), self._position(trainer),
                 f"{speed:.1f} iters/s" if speed is not None else "-- iters/s",
                 "ETA " + (_format_duration((1.0 - fraction) / rate) if rate > 0 else "--")]
        return " | ".join(parts)

    def _bar(self, fraction):
        if fraction is None:
            return "[" + "?" * self.bar_length + "]"
        filled = int(fraction * self.bar_length)
        return f"[{'#' * filled}{'.' * (self.bar_length - filled)}] {fraction * 100:6.2f}%"

    @staticmethod
    def _position(trainer):
        updater = trainer.updater
        length = _training_length(trainer)
        if length is None:
            return f"iter {updater.iteration}, epoch {updater.epoch_detail:.2f}"
        period, unit = length
        if unit == "epoch":
            return f"iter {updater.iteration}, epoch {updater.epoch_detail:.2f}/{period}"
        return f"iter {updater.iteration}/{period}, epoch {updater.epoch_detail:.2f}"

    @staticmethod
    def _fraction(trainer):
        progress = getattr(trainer.stop_trigger, "progress", None)
        return progress(trainer) if progress is not None else None


def _training_length(trainer):
    period = getattr(trainer.stop_trigger, "period", None)
    unit = getattr(trainer.stop_trigger, "unit", None)
    return None if period is None else (period, unit)


def _format_duration(seconds):
    return str(datetime.timedelta(seconds=round(seconds)))
