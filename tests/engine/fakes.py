"""Stand-ins shared by tests: a training step without a model, a tiny learnable dataset.

No Qt here: the GUI tests import it too (pyproject.toml puts tests/engine on their path)."""
import struct
import time

import numpy as np

from engine.data.datasets import Dataset
from engine.nn.optimizers import SGD
from engine.training.trainer import Trainer


class FakeUpdater:
    """Counts iterations like an iterator of `per_epoch` batches.

    The observed loss is `loss_of(iteration)`; `accuracy`, when given, is observed too; `lr`,
    when given, adds an optimizer whose learning rate reports can show. Each step takes
    `step_seconds`: on `clock` (a FakeClock) when given, else really (a sleep).
    """

    def __init__(self, per_epoch=5, loss_of=lambda i: 1.0 / i, accuracy=None, lr=None,
                 step_seconds=0.0, clock=None):
        self.per_epoch = per_epoch
        self.loss_of = loss_of
        self.accuracy = accuracy
        self.optimizer = SGD(lr=lr) if lr is not None else None
        self.step_seconds = step_seconds
        self.clock = clock
        self.iteration = 0
        self.epoch = 0
        self.is_new_epoch = False
        self.observation = {}

    @property
    def epoch_detail(self):
        return self.iteration / self.per_epoch

    def update(self):
        if self.clock is not None:
            self.clock.advance(self.step_seconds)
        elif self.step_seconds:
            time.sleep(self.step_seconds)
        self.iteration += 1
        self.epoch = self.iteration // self.per_epoch
        self.is_new_epoch = self.iteration % self.per_epoch == 0
        self.observation = {"main/loss": np.float32(self.loss_of(self.iteration))}
        if self.accuracy is not None:
            self.observation["main/accuracy"] = np.float64(self.accuracy)


class FakeClock:
    """A clock that moves only when told to: tests of time spent assert exact seconds.

    Call it for the time; `advance(seconds)` moves it. `patch(monkeypatch, module)` makes it
    the clock of everything `module` reads through its `time` module (perf_counter, monotonic,
    time); the rest of `time` stays real there.
    """

    def __init__(self, start=1000.0):
        self.now = float(start)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds

    def patch(self, monkeypatch, module):
        clock = self

        class ModuleTime:
            perf_counter = monotonic = time = staticmethod(clock)

            def __getattr__(self, name):
                return getattr(time, name)

        monkeypatch.setattr(module, "time", ModuleTime())
        return self


class StartedTrainers:
    """Every Trainer whose ``run()`` begins while this is installed (with ``monkeypatch``): for
    tests that hold no reference to a trainer built elsewhere, such as in the GUI's worker."""

    def __init__(self, monkeypatch):
        self.trainers = []
        run = Trainer.run

        def recorded(trainer):
            self.trainers.append(trainer)
            return run(trainer)

        monkeypatch.setattr(Trainer, "run", recorded)

    def paused(self):
        """Those whose loop is asleep in its pause now (Trainer.waiting_in_pause)."""
        return [trainer for trainer in self.trainers if trainer.waiting_in_pause]


def tiny_dataset(n_train=200, n_test=50, seed=0):
    """Separable 28x28 'digits': class k lights up row band k, so real runs learn in ms."""
    rng = np.random.default_rng(seed)

    def make(n):
        t = rng.integers(0, 10, n).astype(np.uint8)
        x = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
        for i, label in enumerate(t):
            x[i, 2 * label:2 * label + 3, :] = 255
        return x, t

    (x_train, t_train), (x_test, t_test) = make(n_train), make(n_test)
    return Dataset("tiny", None, x_train, t_train, x_test, t_test)


def idx_bytes(array):
    """`array` (images N x rows x cols, or labels N) as the bytes of an IDX file."""
    magic = 0x00000803 if array.ndim == 3 else 0x00000801
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.astype(np.uint8).tobytes()
