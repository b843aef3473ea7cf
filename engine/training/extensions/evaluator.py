"""Evaluator: loss and accuracy over a validation set, written into the observation."""
import numpy as np

from ...backend import to_numpy
from ...inference import predictions_from
from ..trainer import PRIORITY_WRITER, Extension


class Evaluator(Extension):
    """Loss and accuracy over a whole validation set, in inference mode (train=False).

    ``data`` is ``(x, t)`` or ``(x, t, batch_size)``, an iterator built with ``repeat=False``
    (it is reset before each pass), or a function returning a fresh iterable of (x, t) batches.
    """

    trigger = (1, "epoch")
    priority = PRIORITY_WRITER
    name = "validation"

    def __init__(self, data, model, prefix="validation", batch_size=1000,
                 keep_predictions=False):
        self.model = model
        self.prefix = prefix
        self.name = prefix  # two evaluators (validation, test) get two names
        self.batch_size = int(batch_size)
        self._batches = _batch_source(data, self.batch_size)
        # a classifier's last pass as engine Predictions, with the iteration it was made at:
        # the window's confusion matrix follows a run from these, not from a second pass
        self.keep_predictions = keep_predictions
        self.last_predictions = None  # (iteration, Predictions) once a pass has run
        self._kept = None
        # called before each batch, as the updater's before_update is before each step: the
        # window waits there while the user draws, so a check never slows the pen
        self.before_batch = []

    def __call__(self, trainer):
        trainer.observation.update(self.evaluate())
        if self._kept is not None:
            self.last_predictions = (trainer.updater.iteration, predictions_from(*self._kept))

    def evaluate(self):
        """``{prefix}/main/loss`` (and ``/main/accuracy`` for a classifier) as Python floats."""
        total_loss, correct, count = 0.0, 0, 0
        keep = self.keep_predictions and self.model.is_classifier
        kept = ([], [], [])  # probabilities, answers, labels: host copies, batch by batch
        for x, t in self._batches():
            for hook in self.before_batch:
                hook()
            loss = self.model.loss(x, t, train=False)
            total_loss = total_loss + loss * len(x)  # stays on the device until the end
            if self.model.is_classifier:
                layer = self.model.loss_layer
                answers = layer.y.argmax(axis=1)
                correct = correct + (answers == layer.t).sum()
                if keep:
                    for store, array in zip(kept, (layer.y, answers, layer.t), strict=True):
                        store.append(to_numpy(array))
            count += len(x)
        self._kept = tuple(np.concatenate(store) for store in kept) if keep and count else None
        if count == 0:
            raise ValueError(f"{self.prefix}: the evaluation set is empty")
        result = {f"{self.prefix}/main/loss": float(total_loss) / count}
        if self.model.is_classifier:
            result[f"{self.prefix}/main/accuracy"] = float(correct) / count
        return result


def _batch_source(data, batch_size):
    """A function returning a fresh iterable of (x, t) batches, whatever form ``data`` has."""
    if isinstance(data, (tuple, list)):
        if len(data) == 3:
            x, t, batch_size = data
        elif len(data) == 2:
            x, t = data
        else:
            raise ValueError("evaluation data must be (x, t) or (x, t, batch_size)")
        return lambda: _slices(x, t, int(batch_size))
    if hasattr(data, "reset"):
        if getattr(data, "repeat", False):
            raise ValueError("an evaluation iterator must be built with repeat=False, "
                             "or one pass would never end")

        def one_pass():
            data.reset()
            return data
        return one_pass
    if callable(data):
        return data
    raise ValueError(f"evaluation data must be (x, t[, batch_size]), an iterator or a function, "
                     f"not {type(data).__name__}")


def _slices(x, t, batch_size):
    if len(x) != len(t):
        raise ValueError(f"x and t differ in length: {len(x)} inputs but {len(t)} targets")
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], t[start:start + batch_size]
