"""Fewer or noisier training images: the controls of the overfitting lesson.

A network trained on 100 images learns those by heart and reads new ones badly; one trained
with a fifth of its labels changed learns the wrong labels too. Either way the gap between the
training and test accuracy grows on the charts. Both are picked by the run's seed, so a run
repeats exactly, and neither touches the test set.
"""
import numpy as np

from ..messages import sentence

CLASSES = 10  # every MNIST-format dataset: digits, or Fashion-MNIST's ten kinds of clothing
SUBSET_STREAM, NOISE_STREAM = 5, 7  # apart from the weights', shuffling's and dropout's


def subset_indices(size, train_size, seed):
    """Sorted indices of `size` of `train_size` images, picked at random without replacement
    (all of them, in order, when `size` is None or not less than `train_size`)."""
    if size is None or size >= train_size:
        return np.arange(train_size)
    rng = np.random.default_rng((seed, SUBSET_STREAM))
    return np.sort(rng.choice(train_size, size=int(size), replace=False))


def noisy_labels(labels, fraction, seed, classes=CLASSES):
    """(labels, changed): a copy in which exactly round(fraction * n) labels, picked at random,
    are each changed to one of the other classes at random; `changed` are their sorted indices.
    """
    labels = np.array(labels, copy=True)
    count = int(round(float(fraction or 0.0) * len(labels)))
    if count == 0:
        return labels, np.zeros(0, np.int64)
    rng = np.random.default_rng((seed, NOISE_STREAM))
    changed = np.sort(rng.choice(len(labels), size=count, replace=False))
    # a shift of 1..classes-1 never lands on the label it had
    shifts = rng.integers(1, classes, size=count)
    labels[changed] = (labels[changed] + shifts) % classes
    return labels, changed


def training_images(x, t, size, noise, seed):
    """(x, t, changed, notice): the images a run trains on, its labels with `noise` of them
    changed, the indices changed (into the returned arrays), and a sentence for the user where
    `size` asked for more images than there are (None otherwise)."""
    notice = None
    if size is not None and size > len(t):
        notice = sentence("The training set has {count:,} images, fewer than the {size:,} "
                          "asked for: training on all of them.", count=len(t), size=size)
    picked = subset_indices(size, len(t), seed)
    if len(picked) < len(t):
        x, t = x[picked], t[picked]
    t, changed = noisy_labels(t, noise, seed)
    return x, t, changed, notice
