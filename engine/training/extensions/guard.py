"""NonFiniteGuard: stop on a NaN or infinite loss and put back the last good weights."""
import math

import numpy as np

from ...messages import sentence
from ..trainer import PRIORITY_GUARD, Extension, StopTraining


class NonFiniteGuard(Extension):
    """Stops training when the loss becomes NaN or infinite, putting back the last good weights.

    It checks the loss every time it fires and keeps a copy of the weights and optimizer state
    every ``keep_every`` iterations, only after checking that copy is finite itself (one step can
    turn weights to inf while the loss that step reported was still finite). Copying every
    iteration would cost a large MLP a fifth of its step time.
    """

    trigger = (1, "iteration")
    priority = PRIORITY_GUARD
    name = "NonFiniteGuard"

    def __init__(self, key="main/loss", trigger=(1, "iteration"), keep_every=50):
        if keep_every < 1:
            raise ValueError(f"keep_every must be >= 1, not {keep_every}")
        self.key = key
        self.trigger = trigger
        self.keep_every = int(keep_every)
        self.message = None
        self._kept = None

    def initialize(self, trainer):
        self._kept = self._copy(trainer)  # the starting weights are good by definition

    def __call__(self, trainer):
        if self.key not in trainer.observation:
            raise KeyError(f"NonFiniteGuard: the observation has no {self.key!r}; "
                           f"it has {sorted(trainer.observation)}")
        value = float(trainer.observation[self.key])
        if not math.isfinite(value):
            what = sentence("loss") if self.key == "main/loss" else self.key
            self._stop(trainer, sentence("{what} became {value}", what=what, value=value))
        if trainer.updater.iteration % self.keep_every == 0:
            copy = self._copy(trainer)
            if not _all_finite(copy["model"]):
                self._stop(trainer, sentence("the weights became non-finite"))
            self._kept = copy

    def _stop(self, trainer, what_happened):
        kept_iteration = self._restore(trainer)
        updater = trainer.updater
        epoch = max(1, math.ceil(updater.epoch_detail))
        self.message = sentence("{what_happened} at iteration {iteration} (epoch {epoch}); "
                                "weights restored to iteration {kept}. Lower the learning rate.",
                                what_happened=what_happened, iteration=updater.iteration,
                                epoch=epoch, kept=kept_iteration)
        raise StopTraining(self.message)

    @staticmethod
    def _copy(trainer):
        updater = trainer.updater
        return {"iteration": int(updater.iteration),
                "model": updater.model.state_arrays(),
                "optimizer": (updater.optimizer.config(), updater.optimizer.state_arrays())}

    def _restore(self, trainer):
        updater = trainer.updater
        updater.model.load_state_arrays(self._kept["model"])
        config, arrays = self._kept["optimizer"]
        updater.optimizer.load_state(config, arrays, updater.model.params())
        return self._kept["iteration"]


def _all_finite(arrays):
    return all(np.isfinite(a).all() for a in arrays.values())
