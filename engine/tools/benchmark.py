"""Timing helpers shared by `python -m engine bench` and the scripts in bench/.

They time the engine's real training path (BatchIterator + StandardUpdater), not a hand-tuned
loop, so the figures are what a user's training run gets.
"""
import dataclasses
import time

import numpy as np

from ..backend import to_device
from ..data.iterators import BatchIterator
from ..nn.network import build_network
from ..nn.optimizers import make_optimizer
from ..training.presets import mlp_config
from ..training.trainer import StandardUpdater


def mlp_epoch_seconds(x, t, epochs=2, hidden=(100, 100), batch_size=100, lr=0.01, seed=0,
                      xp=np):
    """Wall-clock seconds of each training epoch of an MLP with SGD momentum 0.9, on the device
    of ``xp`` (x and t are moved there first, once)."""
    from ..device import move_network  # noqa: PLC0415 - keeps this module's imports light
    model = move_network(build_network(mlp_config(hidden=hidden, seed=seed)), xp)
    x, t = to_device(x, xp), to_device(t, xp)
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


@dataclasses.dataclass(frozen=True)
class MatmulTiming:
    """One size x size float32 product: medians in seconds over ``repeats`` warm runs."""

    module: str  # "numpy" or "cupy"
    size: int
    repeats: int
    seconds: float  # until the product exists (for CuPy: after synchronising the GPU)
    launch_seconds: float  # until the call returns: for CuPy only the kernel's launch

    @property
    def gflops(self):
        return 2 * self.size ** 3 / self.seconds / 1e9


def matmul_timing(xp, size=10000, repeats=3, seed=0):
    """Time ``a @ b`` honestly: after a warm-up, and (on a GPU) up to the end of the work.

    A CuPy call returns as soon as its kernel is queued; timing only that is how a product that
    takes the GPU tens of milliseconds can look like microseconds, or a cold first call (cuBLAS
    setting up) like a slow GPU.
    """
    rng = np.random.default_rng(seed)
    a = to_device(rng.random((size, size), dtype=np.float32), xp)
    b = to_device(rng.random((size, size), dtype=np.float32), xp)
    from ..device import synchronize  # noqa: PLC0415 - keeps this module's imports light
    warm = min(size, 1000) if xp is np else size  # a full-size CPU warm-up would cost a minute
    (a[:warm, :warm] @ b[:warm, :warm]).sum()
    synchronize(xp)
    totals, launches = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        c = a @ b
        launched = time.perf_counter()
        synchronize(xp)
        totals.append(time.perf_counter() - start)
        launches.append(launched - start)
        del c
    return MatmulTiming(xp.__name__, size, repeats, float(np.median(totals)),
                        float(np.median(launches)))
