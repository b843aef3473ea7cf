"""Using a trained network: read one digit, or measure a whole test set.

One pass serves the command line (``python -m engine predict`` and ``eval``) and the GUI.
"""
import numpy as np

from .data.preprocess import MNIST_SIZE
from .files.modelio import LoadedModel


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
    if not net.is_classifier:
        raise ValueError("predict_digit needs a classifier (SoftmaxWithLoss), "
                         "not a regression model")
    batch = image.reshape(1, *config.get("input_shape", [1, MNIST_SIZE, MNIST_SIZE]))
    probabilities = net.host_output(batch)[0].astype(np.float32)
    return int(probabilities.argmax()), probabilities


def evaluate(model, x, t, batch_size=1000):
    """Accuracy, per-class accuracy and the confusion matrix as plain Python numbers."""
    if len(x) == 0 or len(x) != len(t):
        raise ValueError(f"evaluate needs as many labels as images (and at least one), got "
                         f"{len(x)} images and {len(t)} labels")
    scores = [model.predict(x[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    predicted = np.concatenate([batch.argmax(axis=1) for batch in scores])
    classes = int(scores[0].shape[1])
    if int(t.max()) >= classes:
        raise ValueError(f"the model has {classes} outputs but the labels go up to {int(t.max())}: "
                         f"it was not trained on this dataset")
    confusion = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(confusion, (t.astype(np.int64), predicted), 1)
    per_class = confusion.diagonal() / np.maximum(confusion.sum(axis=1), 1)
    return {"accuracy": float(confusion.trace() / len(t)), "count": int(len(t)),
            "per_class_accuracy": [float(a) for a in per_class],
            "confusion_matrix": confusion.tolist()}
