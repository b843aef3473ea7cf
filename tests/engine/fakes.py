"""A training step without a model, shared by the trainer and extension tests."""
import time

import numpy as np

from engine.optimizers import SGD


class FakeUpdater:
    """Counts iterations like an iterator of `per_epoch` batches.

    The observed loss is `loss_of(iteration)`; `accuracy`, when given, is observed too; `lr`,
    when given, adds an optimizer whose learning rate reports can show.
    """

    def __init__(self, per_epoch=5, loss_of=lambda i: 1.0 / i, accuracy=None, lr=None,
                 step_seconds=0.0):
        self.per_epoch = per_epoch
        self.loss_of = loss_of
        self.accuracy = accuracy
        self.optimizer = SGD(lr=lr) if lr is not None else None
        self.step_seconds = step_seconds
        self.iteration = 0
        self.epoch = 0
        self.is_new_epoch = False
        self.observation = {}

    @property
    def epoch_detail(self):
        return self.iteration / self.per_epoch

    def update(self):
        if self.step_seconds:
            time.sleep(self.step_seconds)
        self.iteration += 1
        self.epoch = self.iteration // self.per_epoch
        self.is_new_epoch = self.iteration % self.per_epoch == 0
        self.observation = {"main/loss": np.float32(self.loss_of(self.iteration))}
        if self.accuracy is not None:
            self.observation["main/accuracy"] = np.float64(self.accuracy)
