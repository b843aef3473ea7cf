"""Lesson 7, the book's own check: the first test images read one by one, each printed as the
book's readers print it, ``label == answer: o`` (o right, x wrong), e.g. ``7 == 7: o``.

One function serves the Learn page and ``python -m engine eval MODEL --list N``, so the lines
in the window are the lines on the terminal.
"""
import dataclasses

import numpy as np

from ..data.datasets import to_float32
from ..inference import evaluate_predictions
from .source import ShownSource

RIGHT_MARK = "o"
WRONG_MARK = "x"


def check_line(label, answer):
    """``"7 == 7: o"``: the label, the network's answer, and whether they agree."""
    mark = RIGHT_MARK if label == answer else WRONG_MARK
    return f"{label} == {answer}: {mark}"


@dataclasses.dataclass(frozen=True)
class BookCheck:
    """The first ``count`` test images read by a network: labels and answers as class names
    (tuples of str, in test-set order) and whether each answer is right."""

    labels: tuple
    answers: tuple
    right: tuple  # bools

    @property
    def count(self):
        return len(self.labels)

    @property
    def lines(self):
        return tuple(check_line(label, answer)
                     for label, answer in zip(self.labels, self.answers, strict=True))

    @property
    def marks(self):
        return tuple(RIGHT_MARK if ok else WRONG_MARK for ok in self.right)

    @property
    def right_count(self):
        return sum(self.right)

    @property
    def accuracy(self):
        return self.right_count / self.count

    def wrong_indices(self):
        return tuple(index for index, ok in enumerate(self.right) if not ok)


def book_check(model, images, labels, count, class_names=None, progress=None, should_stop=None):
    """Read the first `count` of `images` (uint8, N x 28 x 28, as a Dataset holds them) with
    `model` (Sequential or LoadedModel) as engine.evaluate_predictions does: the answer is the
    arg-max of the scores. A `count` beyond the set reads the whole set. ``progress`` and
    ``should_stop`` as evaluate_predictions takes them (EvaluationCancelled when stopped)."""
    if int(count) < 1:
        raise ValueError(f"the check reads at least one image, not {count}")
    count = min(int(count), len(images))
    labels = np.asarray(labels)[:count]
    predictions = evaluate_predictions(model, to_float32(images[:count]), labels,
                                       progress=progress, should_stop=should_stop)
    names = _names(class_names, predictions.probabilities.shape[1])
    label_indices = [int(label) for label in predictions.labels]
    answer_indices = [int(answer) for answer in predictions.predicted]
    return BookCheck(tuple(names[i] for i in label_indices),
                     tuple(names[i] for i in answer_indices),
                     tuple(label == answer
                           for label, answer in zip(label_indices, answer_indices, strict=True)))


def _names(class_names, classes):
    if class_names is None:
        return [str(index) for index in range(classes)]
    names = [str(name) for name in class_names]
    if len(names) != classes:
        raise ValueError(f"{len(names)} class names for a network with {classes} outputs")
    return names


SOURCES = (
    ShownSource(book_check, ("evaluate_predictions(", "tuple(label == answer")),
    ShownSource(check_line, ("mark = ", 'return f"{label} == {answer}: {mark}"')),
)
