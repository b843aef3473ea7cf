"""Timing helpers shared by `python -m engine bench` and the scripts in bench/.

They time the engine's real training path (BatchIterator + StandardUpdater), not a hand-tuned
loop, so the figures are what a user's training run gets.
"""
import time

import numpy as np

from .iterators import BatchIterator
from .network import build_network
from .optimizers import make_optimizer
from .presets import mlp_config
from .trainer import StandardUpdater


def mlp_epoch_seconds(x, t, epochs=2, hidden=(100, 100), batch_size=100, lr=0.01, seed=0):
    """Wall-clock seconds of each training epoch of an MLP with SGD momentum 0.9."""
    model = build_network(mlp_config(hidden=hidden, seed=seed))
    return epoch_seconds(model, make_optimizer("momentum", lr=lr), x, t, epochs, batch_size, seed)


def epoch_seconds(model, optimizer, x, t, epochs=2, batch_size=100, seed=0):
    """Wall-clock seconds of each training epoch of ``model`` (kept trained, for a later test)."""
    updater = StandardUpdater(BatchIterator(x, t, batch_size, seed=seed), model, optimizer)
    per_epoch = len(updater.iterator)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        for _ in range(per_epoch):
            updater.update()
        float(updater.observation["main/loss"])  # on a GPU this waits for the queued work
        seconds.append(time.perf_counter() - start)
    return seconds


def single_image_latency(images, model=None, repeats=200):
    """Median microseconds to get class probabilities for one image (what live drawing needs)."""
    model = model or build_network(mlp_config())
    timings = []
    for i in range(repeats):
        image = images[i % len(images)][None]
        start = time.perf_counter()
        model.output(image)
        timings.append(time.perf_counter() - start)
    return float(np.median(timings) * 1e6)
