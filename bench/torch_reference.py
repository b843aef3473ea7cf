"""What every PyTorch comparison in bench/ starts from: PyTorch on the lab PC's two threads (or
on an NVIDIA GPU, for bench/gpu_figures.py), and MNIST's training arrays exactly as the engine
trains on them.

PyTorch is a reference only (`pip install torch==2.13.0`): the app never imports it.
"""
import statistics
import sys
import time

import numpy as np

from engine.data.datasets import load_mnist, to_float32


def import_torch(threads=2):
    try:
        import torch  # noqa: PLC0415 - the reference is optional
    except ImportError:
        sys.exit("PyTorch is the reference here: pip install torch==2.13.0")
    torch.set_num_threads(threads)
    return torch


def optional_torch():
    """torch, or None when it is not installed: the GPU figures go on without their reference."""
    try:
        import torch  # noqa: PLC0415 - the reference is optional
    except ImportError:
        return None
    return torch


def torch_cuda_problem(torch):
    """Why PyTorch cannot train on an NVIDIA GPU here, or None when it can."""
    if torch is None:
        return "PyTorch is not installed (a CUDA build of torch is the reference here)"
    if not torch.cuda.is_available():
        return (f"PyTorch {torch.__version__} sees no usable CUDA device "
                f"(torch.version.cuda = {torch.version.cuda})")
    return None


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
    """One shuffled epoch of PyTorch training on tensors x, t (on the CPU or a CUDA device, with
    the model); the wall-clock seconds."""
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    _synchronize(torch, x)  # GPU work queued before (a copy, the engine's epoch) is not this one's
    start = time.perf_counter()
    # the order is drawn where the data is: CPU indices would be copied to the GPU every batch
    for batch in torch.randperm(len(x), device=x.device).split(batch_size):
        optimizer.zero_grad()
        loss = loss_fn(model(x[batch]), t[batch])
        loss.backward()
        optimizer.step()
    loss.item()  # waits for the last step to finish
    _synchronize(torch, x)
    return time.perf_counter() - start


def _synchronize(torch, x):
    if x.is_cuda:
        torch.cuda.synchronize(x.device)
