"""Lesson 6, the regression playground: PyTorch's "Learning PyTorch with Examples" warm-up
written three ways, and the sum/product toy whose ReLUs can die.

The warm-up (64 x 1000 random inputs -> 100 ReLU -> 10, no biases, SGD lr 1e-4, 300 full-batch
steps; data and weights from ``np.random.seed(1)`` as in engine/tools/demos.py) is trained

* by hand, the tutorial's NumPy code (``hand_written_step``),
* with the engine's layers (``Sequential.gradient`` and ``SGD.update``, ``layers_step``),
* with the engine's Trainer (``build_trainer``: StandardUpdater over the full batch),

all from the same weights and with the same loss, so their loss curves coincide. The tutorial
sums the squared errors; the engine's demo averages them (MeanSquaredError's "mean", PyTorch's
MSELoss), and so does the hand-written step here, or the curves would differ by a factor 640.

``WarmupRace`` advances the three together a few steps at a time, so a view can draw the
curves as they grow; each ``advance`` returns an immutable ``WarmupCurves``.
"""
import dataclasses

import numpy as np

from ..data.iterators import BatchIterator
from ..inference import EvaluationCancelled
from ..nn.layers import Affine, MeanSquaredError, ReLU
from ..nn.network import Sequential, build_network
from ..nn.optimizers import SGD
from ..tools.demos import SUM_PRODUCT_CONFIG, sum_product_problem, torch_example_problem
from ..training.trainer import StandardUpdater, Trainer
from .source import ShownSource

WARMUP_STEPS = 300
WARMUP_LR = 1e-4
WAYS = ("hand", "layers", "trainer")  # the order of WarmupCurves.losses

TOY_EPOCHS = 1500
TOY_LR = 0.2
TOY_SAMPLES = 1500
TOY_DEFAULT_SEED = SUM_PRODUCT_CONFIG["seed"]
TOY_DEAD_SEEDS = (0, 4, 5)  # of 0-9, both hidden units die (demos.py's docstring)
TOY_GRID = (0.1, 0.5, 0.9)  # x1 and x2 of the table of predictions
# A unit positive on at most 1% of the inputs gets (almost) no gradient: it is dead. Seed 4
# leaves one unit positive on a single input of 1,500, which changes nothing.
TOY_DEAD_SHARE = 0.01


# --- the warm-up, three ways ----------------------------------------------------------------------

def hand_written_step(x, y, w1, w2, learning_rate):
    """One step of the tutorial's NumPy network, backprop written out by hand; updates w1 and
    w2 in place and returns the loss before the step.

    The loss is the MEAN of the squared errors (the engine's MeanSquaredError "mean"), not the
    tutorial's sum: its gradient is then 2 * (y_pred - y) / y_pred.size, not 2 * (y_pred - y).
    """
    # forward pass: compute predicted y
    h = x.dot(w1)
    h_relu = np.maximum(h, 0)
    y_pred = h_relu.dot(w2)

    # compute and print loss (the tutorial: np.square(y_pred - y).sum())
    loss = np.square(y_pred - y).sum() / y_pred.size

    # backprop to compute gradients of w1 and w2 with respect to loss
    grad_y_pred = 2.0 * (y_pred - y) / y_pred.size
    grad_w2 = h_relu.T.dot(grad_y_pred)
    grad_h_relu = grad_y_pred.dot(w2.T)
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    grad_w1 = x.T.dot(grad_h)

    # update weights
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
    return float(loss)


def layers_step(network, optimizer, x, y):
    """One step with the engine's layers: forward and backward through Affine, ReLU, Affine
    and MeanSquaredError, then SGD (demos.torch_example's loop); the loss before the step."""
    loss = network.gradient(x, y)
    optimizer.update(network.params(), network.grads())
    return float(loss)


def build_trainer(updater, stop_at, record_loss):
    """The engine's Trainer over the full batch, running until iteration `stop_at`;
    `record_loss(trainer)` is called after every step. A Trainer runs once: the next steps
    are a new Trainer on the same updater, as a resumed run is."""
    trainer = Trainer(updater, stop_trigger=(stop_at, "iteration"))
    trainer.extend(record_loss, trigger=(1, "iteration"), name="record_loss")
    return trainer


def full_batch_updater(network, x, y, lr):
    """StandardUpdater whose iterator hands out all 64 examples, in order, at every step."""
    iterator = BatchIterator(x, y, batch_size=len(x), shuffle=False)
    return StandardUpdater(iterator, network, SGD(lr))


@dataclasses.dataclass(frozen=True)
class WarmupCurves:
    """The loss before each step so far, for each way (tuples of floats, WAYS' order)."""

    hand: tuple
    layers: tuple
    trainer: tuple
    total_steps: int

    @property
    def steps(self):
        return min(len(self.hand), len(self.layers), len(self.trainer))

    @property
    def finished(self):
        return self.steps >= self.total_steps

    def losses(self, way):
        return getattr(self, way)

    def largest_difference(self):
        """(absolute, relative): the largest gap between the three curves at any one step,
        and the largest of those gaps divided by the loss there."""
        steps = self.steps
        if steps == 0:
            return 0.0, 0.0
        curves = np.array([self.hand[:steps], self.layers[:steps], self.trainer[:steps]])
        gap = curves.max(axis=0) - curves.min(axis=0)
        relative = gap / np.abs(curves).min(axis=0)
        return float(gap.max()), float(relative.max())


class WarmupRace:
    """The warm-up trained three ways from the same weights, a few steps at a time.

    Built cheaply; the data and weights are drawn on the first ``advance`` (off a GUI's
    thread). Not thread-safe: one ``advance`` at a time.
    """

    def __init__(self, steps=WARMUP_STEPS, lr=WARMUP_LR):
        if steps < 1:
            raise ValueError(f"the warm-up trains for at least one step, not {steps}")
        self.total_steps = int(steps)
        self.lr = float(lr)
        self._losses = {way: [] for way in WAYS}
        self._state = None

    def _set_up(self):
        network, x, y = torch_example_problem()
        weights = network.state_arrays()  # host copies: each way starts from its own
        trainer_network = build_network(network.config)
        trainer_network.load_state_arrays(weights)
        self._state = {
            "x": x, "y": y, "w1": weights["0.W"].copy(), "w2": weights["2.W"].copy(),
            "network": network, "optimizer": SGD(self.lr),
            "updater": full_batch_updater(trainer_network, x, y, self.lr),
        }

    def advance(self, steps, progress=None, should_stop=None):
        """Train each way `steps` steps further (fewer at the end); the curves so far.

        ``progress(done, total)`` counts steps of the three ways together; when
        ``should_stop()`` returns True it raises EvaluationCancelled between steps.
        """
        if self._state is None:
            self._set_up()
        stop_at = min(self.steps_done + int(steps), self.total_steps)
        reporter = _Reporter(self, progress, should_stop)
        self._advance_by_hand(stop_at, reporter)
        self._advance_with_layers(stop_at, reporter)
        self._advance_with_trainer(stop_at, reporter)
        return self.curves()

    @property
    def steps_done(self):
        return min(len(losses) for losses in self._losses.values())

    def curves(self):
        return WarmupCurves(*(tuple(self._losses[way]) for way in WAYS), self.total_steps)

    def _advance_by_hand(self, stop_at, reporter):
        s, losses = self._state, self._losses["hand"]
        while len(losses) < stop_at:
            reporter.check()
            losses.append(hand_written_step(s["x"], s["y"], s["w1"], s["w2"], self.lr))
            reporter.step()

    def _advance_with_layers(self, stop_at, reporter):
        s, losses = self._state, self._losses["layers"]
        while len(losses) < stop_at:
            reporter.check()
            losses.append(layers_step(s["network"], s["optimizer"], s["x"], s["y"]))
            reporter.step()

    def _advance_with_trainer(self, stop_at, reporter):
        losses = self._losses["trainer"]
        if len(losses) >= stop_at:
            return

        def record_loss(trainer):
            losses.append(float(trainer.observation["main/loss"]))
            reporter.step()
            if reporter.stop_asked():
                trainer.request_stop()

        reporter.check()
        build_trainer(self._state["updater"], stop_at, record_loss).run()
        reporter.check()


class _Reporter:
    """Counts the steps of one advance for ``progress`` and asks ``should_stop``."""

    def __init__(self, race, progress, should_stop):
        self._race, self._progress, self._should_stop = race, progress, should_stop

    def stop_asked(self):
        return self._should_stop is not None and self._should_stop()

    def check(self):
        if self.stop_asked():
            raise EvaluationCancelled("the warm-up was stopped")

    def step(self):
        if self._progress is not None:
            done = sum(len(losses) for losses in self._race._losses.values())
            self._progress(done, len(WAYS) * self._race.total_steps)


def warmup_curves(steps=WARMUP_STEPS, lr=WARMUP_LR):
    """The three curves of the whole warm-up, in one call."""
    return WarmupRace(steps, lr).advance(steps)


# --- the sum/product toy ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, eq=False)
class ToyResult:
    """The sum/product network of one seed, before and after training.

    ``positive_before`` / ``positive_after``: for each hidden ReLU unit, how many of the
    ``samples`` inputs make it positive (0: the unit is dead, it passes no gradient).
    ``inputs`` (N, 2), ``truth`` and ``predictions`` (N, 2: sum, product) are read-only;
    ``grid_inputs``, ``grid_truth``, ``grid_predictions`` the same on TOY_GRID x TOY_GRID.
    """

    seed: int
    losses: tuple  # the loss before each epoch
    positive_before: tuple
    positive_after: tuple
    inputs: np.ndarray
    truth: np.ndarray
    predictions: np.ndarray
    grid_inputs: np.ndarray
    grid_truth: np.ndarray
    grid_predictions: np.ndarray

    @property
    def samples(self):
        return len(self.inputs)

    @property
    def final_loss(self):
        return self.losses[-1]

    @property
    def dead_units(self):
        """Indices of the hidden units positive on no input, or almost none (at most
        TOY_DEAD_SHARE of them), after training."""
        limit = TOY_DEAD_SHARE * self.samples
        return tuple(unit for unit, count in enumerate(self.positive_after) if count <= limit)

    @property
    def all_dead(self):
        return len(self.dead_units) == len(self.positive_after)


def hidden_positive_counts(network, x):
    """For each unit of the first ReLU, how many rows of `x` make it positive."""
    hidden = network.layers[0].forward(x)
    return tuple(int(count) for count in (hidden > 0).sum(axis=0))


def train_toy(seed=TOY_DEFAULT_SEED, epochs=TOY_EPOCHS, lr=TOY_LR, progress=None,
              should_stop=None):
    """Train the sum/product network (demos.sum_product, the same steps) with `seed`.

    ``progress(done, total)`` counts epochs; ``should_stop()`` -> EvaluationCancelled.
    """
    network, x, y = sum_product_problem(samples=TOY_SAMPLES, seed=int(seed))
    positive_before = hidden_positive_counts(network, x)
    optimizer = SGD(lr)
    losses = []
    for epoch in range(epochs):
        if should_stop is not None and should_stop():
            raise EvaluationCancelled(f"the toy was stopped after {epoch} epochs")
        losses.append(layers_step(network, optimizer, x, y))
        if progress is not None:
            progress(epoch + 1, epochs)
    grid = np.array([(a, b) for a in TOY_GRID for b in TOY_GRID])
    return ToyResult(int(seed), tuple(losses), positive_before,
                     hidden_positive_counts(network, x), _frozen(x), _frozen(y),
                     _frozen(network.output(x)), _frozen(grid), _frozen(_toy_truth(grid)),
                     _frozen(network.output(grid)))


def _toy_truth(x):
    return np.stack([x[:, 0] + x[:, 1], x[:, 0] * x[:, 1]], axis=1)


def _frozen(array):
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


# --- the code a view shows beside the numbers ---------------------------------------------------

WARMUP_SOURCES = {
    "hand": (ShownSource(hand_written_step, ("loss = ", "grad_y_pred = ", "grad_h[h < 0]",
                                             "w1 -= ", "w2 -= ")),),
    "layers": (
        ShownSource(layers_step, ("network.gradient", "optimizer.update")),
        ShownSource(Sequential.gradient, ("self.loss(", "self.backward()")),
        ShownSource(Affine, ("out = self.x @ self.W", "self.dW = ", "dout @ self.W.T")),
        ShownSource(ReLU, ("self.positive = ", "dout * self.positive")),
        ShownSource(MeanSquaredError, ("squared / self.diff.size", "2.0 * dout / self.diff.size")),
        ShownSource(SGD, ("param -= self.lr * grad",)),
    ),
    "trainer": (
        ShownSource(build_trainer, ("Trainer(", "trainer.extend(")),
        ShownSource(full_batch_updater, ("BatchIterator(", "StandardUpdater(")),
        ShownSource(StandardUpdater.update, ("next(self.iterator)", "self.model.gradient",
                                             "self.optimizer.update")),
    ),
}
TOY_SOURCES = (
    ShownSource(train_toy, ("layers_step(", "hidden_positive_counts(")),
    ShownSource(hidden_positive_counts, ("hidden > 0",)),
)
