"""Using a trained network: read one digit, or measure a whole test set.

One pass serves the command line (``python -m engine predict`` and ``eval``) and the GUI.
"""
import dataclasses

import numpy as np

from .backend import to_numpy
from .files.modelio import LoadedModel
from .inspect import (
    LayerOutput,
    PrincipalComponents,
    _checked_masks,
    _zero_units,
    device_batch,
    host_float32,
    network_of,
)
from .messages import sentence

MNIST_SIZE = 28  # MNIST's side, not imported: engine.data measures my digits through here


def predict_digit(model, image28):
    """Classify one 28x28 image (float 0-1, white on black, e.g. from preprocess.to_mnist).

    model: a Sequential or a LoadedModel. Returns (class index, float32 probabilities).
    """
    net = model.model if isinstance(model, LoadedModel) else model
    config = net.config or {}
    image = np.asarray(image28)
    if not (np.issubdtype(image.dtype, np.number) or image.dtype == np.bool_):
        raise ValueError(f"predict_digit expects a numeric image, got dtype {image.dtype}")
    if image.shape != (MNIST_SIZE, MNIST_SIZE):
        raise ValueError(f"predict_digit expects a 28x28 image, got shape {image.shape}")
    if not np.isfinite(image).all():
        raise ValueError("predict_digit: the image contains NaN or infinite values")
    if not net.is_classifier:  # a model file may hold another kind: the command line says so
        raise ValueError(sentence("predict_digit needs a classifier (SoftmaxWithLoss), "
                                  "not a regression model"))
    batch = image.reshape(1, *config.get("input_shape", [1, MNIST_SIZE, MNIST_SIZE]))
    probabilities = net.host_output(batch)[0].astype(np.float32)
    return int(probabilities.argmax()), probabilities


class EvaluationCancelled(Exception):
    """``should_stop()`` asked evaluate_predictions to stop before the end of the set."""


@dataclasses.dataclass(frozen=True, eq=False)
class Predictions:
    """One pass of a network over a labelled set, N images and C classes.

    ``probabilities`` (N, C) float32, ``predicted`` (N,) int64 (the arg-max of the scores),
    ``labels`` (N,) int64, ``confusion`` (C, C) int64 with rows the true label and columns the
    answer, ``per_class_accuracy`` (C,) float64 (0 for a class with no image), ``accuracy``.
    """

    probabilities: np.ndarray
    predicted: np.ndarray
    labels: np.ndarray
    confusion: np.ndarray
    per_class_accuracy: np.ndarray
    accuracy: float


def evaluate_predictions(model, x, t, batch_size=1000, progress=None, should_stop=None):
    """Run `model` (Sequential or LoadedModel) over images `x` (N, *input_shape) with labels `t`
    (N,) in batches: the Predictions behind the confusion matrix, the gallery and the accuracy.

    ``progress(done, total)`` is called after each batch with image counts; when
    ``should_stop()`` returns True the pass stops and raises EvaluationCancelled.
    """
    net = network_of(model)
    labels = np.asarray(t).astype(np.int64)
    if len(x) == 0 or len(x) != len(labels):
        raise ValueError(f"evaluate needs as many labels as images (and at least one), got "
                         f"{len(x)} images and {len(labels)} labels")
    scores, probabilities = [], []
    for start in range(0, len(x), batch_size):
        if should_stop is not None and should_stop():
            raise EvaluationCancelled(f"evaluation stopped after {start} of {len(x)} images")
        batch_scores, batch_probabilities = _scores_and_outputs(net, x[start:start + batch_size])
        scores.append(batch_scores)
        probabilities.append(batch_probabilities)
        if progress is not None:
            progress(min(start + batch_size, len(x)), len(x))
    predicted = np.concatenate([s.argmax(axis=1) for s in scores])
    return predictions_from(np.concatenate(probabilities), predicted, labels)


def predictions_from(probabilities, predicted, labels):
    """Predictions of a pass made elsewhere (a trainer's own evaluation at an epoch's end):
    host arrays (N, C) probabilities, (N,) answers and (N,) labels, summed up here."""
    probabilities = np.asarray(probabilities).astype(np.float32, copy=False)
    predicted = np.asarray(predicted).astype(np.int64)
    labels = np.asarray(labels).astype(np.int64)
    confusion = _confusion(labels, predicted, probabilities.shape[1])
    per_class = confusion.diagonal() / np.maximum(confusion.sum(axis=1), 1)
    return Predictions(probabilities, predicted, labels, confusion, per_class,
                       float(confusion.trace() / len(labels)))


def _scores_and_outputs(net, batch):
    """Host scores and outputs of one batch: the answer is the arg-max of the scores, as in
    training's accuracy, so a near-tie rounded away by softmax cannot change it."""
    scores = net.predict(device_batch(net, batch), train=False)
    return to_numpy(scores), to_numpy(net.loss_layer.output(scores))


def _confusion(labels, predicted, classes):
    if labels.max() >= classes:  # a model file evaluated on another dataset
        raise ValueError(sentence("the model has {outputs} outputs but the labels go up to "
                                  "{label}: it was not trained on this dataset",
                                  outputs=classes, label=int(labels.max())))
    if labels.min() < 0:
        raise ValueError(f"labels are class numbers from 0, got {int(labels.min())}")
    confusion = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    return confusion


def evaluate(model, x, t, batch_size=1000):
    """Accuracy, per-class accuracy and the confusion matrix as plain Python numbers (the
    JSON of ``python -m engine eval``): evaluate_predictions' pass, summarised."""
    result = evaluate_predictions(model, x, t, batch_size)
    return {"accuracy": result.accuracy, "count": int(len(result.labels)),
            "per_class_accuracy": [float(a) for a in result.per_class_accuracy],
            "confusion_matrix": result.confusion.tolist()}


def cell_indices(predictions, true_label, answer):
    """Indices (int64) of the images labelled `true_label` and answered `answer`, the most
    confident answer first (by the answer's probability; equal ones by index)."""
    inside = np.flatnonzero((predictions.labels == true_label) & (predictions.predicted == answer))
    confidence = predictions.probabilities[inside, answer]
    return inside[np.lexsort((inside, -confidence))].astype(np.int64)


def confidence_threshold(probabilities, labels, target_precision=0.99):
    """The confidence above which the answers are right at least `target_precision` of the
    time on this set (calibration, e.g. on the test set): below it, say "not sure".

    `probabilities` (N, C), `labels` (N,). Each answer's confidence is its top probability.
    Sorting the answers from most to least confident, the threshold is the lowest confidence
    τ such that the answers with confidence >= τ (all of those tied with τ included) are right
    at least `target_precision` of the time. Returns 1.0 when no such τ exists (not even the
    most confident answers are right often enough).
    """
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels).astype(np.int64)
    if probabilities.ndim != 2 or len(probabilities) != len(labels) or len(labels) == 0:
        raise ValueError(f"confidence_threshold needs (N, C) probabilities and N labels, got "
                         f"{probabilities.shape} and {labels.shape}")
    confidence = probabilities.max(axis=1)
    order = np.argsort(-confidence, kind="stable")
    confidence = confidence[order]
    right = (probabilities.argmax(axis=1) == labels)[order]
    precision = np.cumsum(right) / np.arange(1, len(right) + 1)
    # a threshold takes in every answer tied with it: only the last of a tie is a candidate
    last_of_tie = np.append(confidence[1:] != confidence[:-1], True)
    good = np.flatnonzero(last_of_tie & (precision >= target_precision))
    return float(confidence[good[-1]]) if len(good) else 1.0


# --- knocked-out units and the map of a layer (the Inspect page) -------------------------------
def masked_layer_outputs(model, batch, masks):
    """Every layer's output for `batch` as ``layer_outputs`` gives them, with the units in
    `masks` knocked out (``masked_outputs``' masks: layer index -> unit indices set to 0 on the
    last axis before the next layer). The knocked-out units read 0 in their layer's output."""
    net = network_of(model)
    masks = _checked_masks(masks, len(net.layers))
    x = device_batch(net, batch)
    outputs = []
    for index, layer in enumerate(net.layers):
        x = layer.forward(x, train=False)
        if masks.get(index):
            x = _zero_units(x, index, masks[index])
        outputs.append(LayerOutput(index, type(layer).__name__, host_float32(x)))
    final = net.loss_layer.output(x)
    outputs.append(LayerOutput(len(net.layers), type(net.loss_layer).__name__,
                               host_float32(final)))
    return outputs


def masked_accuracy(model, x, t, masks, batch_size=1000):
    """The share of images `x` (N, *input_shape) answered as their labels `t` (N,) with the
    units in `masks` knocked out (as in ``masked_outputs``); empty masks give
    ``evaluate_predictions``' accuracy, the answer being the arg-max of the scores."""
    net = network_of(model)
    masks = _checked_masks(masks, len(net.layers))
    labels = np.asarray(t).astype(np.int64)
    if len(x) == 0 or len(x) != len(labels):
        raise ValueError(f"masked_accuracy needs as many labels as images (and at least one), "
                         f"got {len(x)} images and {len(labels)} labels")
    right = 0
    for start in range(0, len(x), batch_size):
        scores = device_batch(net, x[start:start + batch_size])
        for index, layer in enumerate(net.layers):
            scores = layer.forward(scores, train=False)
            if masks.get(index):
                scores = _zero_units(scores, index, masks[index])
        answers = to_numpy(scores).argmax(axis=1)
        right += int((answers == labels[start:start + batch_size]).sum())
    return right / len(labels)


def last_hidden_layer(model):
    """The index of the layer whose output the last layer reads (the last hidden layer): what
    the network has made of an image just before it answers. 0 for a one-layer network."""
    return max(len(network_of(model).layers) - 2, 0)


def layer_features(model, x, layer, batch_size=1000):
    """Layer `layer`'s output for images `x` (N, *input_shape), flattened to (N, D) float32,
    computed in batches so only this layer's outputs are kept."""
    net = network_of(model)
    if not 0 <= layer < len(net.layers):
        raise ValueError(f"the network's layers are numbered 0 to {len(net.layers) - 1}, "
                         f"not {layer}")
    parts = []
    for start in range(0, len(x), batch_size):
        h = device_batch(net, x[start:start + batch_size])
        for current in net.layers[:layer + 1]:
            h = current.forward(h, train=False)
        parts.append(host_float32(h).reshape(len(h), -1))
    return np.concatenate(parts)


@dataclasses.dataclass(frozen=True, eq=False)
class LayerMap:
    """A 2-D map of layer `layer`'s outputs: ``pca`` fitted on them, ``points`` (N, 2) the
    images' places on it (float64), ``labels`` (N,) int64 their digits."""

    layer: int
    pca: PrincipalComponents
    points: np.ndarray
    labels: np.ndarray

    def place(self, model, batch):
        """Where images `batch` (M, *input_shape) fall on this map: (M, 2), the same
        projection as the points (the layer's output through the fitted PCA)."""
        return self.pca.transform(layer_features(model, batch, self.layer))


def layer_map(model, x, t, layer, batch_size=1000):
    """The LayerMap of layer `layer` for images `x` (N >= 2) labelled `t`: the 2-D PCA of that
    layer's outputs, and each image's place on it."""
    features = layer_features(model, x, layer, batch_size)
    pca = PrincipalComponents.fit(features, components=2)
    return LayerMap(int(layer), pca, pca.transform(features), np.asarray(t).astype(np.int64))
