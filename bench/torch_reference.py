"""What every PyTorch comparison in bench/ starts from: PyTorch on the lab PC's two threads,
and MNIST's training arrays exactly as the engine trains on them.

PyTorch is a reference only (`pip install torch==2.13.0`): the app never imports it.
"""
import statistics
import sys
import time

import numpy as np

from engine.datasets import load_mnist, to_float32


def import_torch(threads=2):
    try:
        import torch  # noqa: PLC0415 - the reference is optional
    except ImportError:
        sys.exit("PyTorch is the reference here: pip install torch==2.13.0")
    torch.set_num_threads(threads)
    return torch


def mnist_training_arrays():
    """(float32 images (N, 1, 28, 28) in [0, 1], int64 labels) of the bundled MNIST."""
    data = load_mnist()
    return to_float32(data.x_train), data.t_train.astype(np.int64)


def torch_latency_us(torch, model, images, repeats=200):
    """Median microseconds for PyTorch to give class probabilities for one image."""
    model.eval()
    timings = []
    with torch.no_grad():
        for i in range(repeats):
            image = torch.from_numpy(images[i % len(images)][None])
            start = time.perf_counter()
            torch.softmax(model(image), dim=1)
            timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1e6


def torch_epoch_seconds(torch, model, optimizer, x, t, batch_size=100):
    """One shuffled epoch of PyTorch training on tensors x, t; the wall-clock seconds."""
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    start = time.perf_counter()
    for batch in torch.randperm(len(x)).split(batch_size):
        optimizer.zero_grad()
        loss = loss_fn(model(x[batch]), t[batch])
        loss.backward()
        optimizer.step()
    loss.item()  # waits for the last step to finish
    return time.perf_counter() - start
