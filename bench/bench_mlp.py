"""MLP 784-100-100-10 epoch time and batch-1 latency: DigitLab's engine against PyTorch CPU.

Both train on the same MNIST arrays with batch 100 and SGD momentum 0.9 (lr 0.01), PyTorch with
2 threads. Epochs alternate between the two so that machine noise hits both alike; the ratio is
of the medians. Target (issue 2): engine / PyTorch <= 0.8.

    python -m bench.bench_mlp [--epochs 5] [--json]

Needs `pip install torch==2.13.0` (a reference only: the app never imports torch).
"""
import argparse
import json
import statistics

import numpy as np

from engine.nn.parallel import use_cores
from engine.tools.benchmark import mlp_epoch_seconds, single_image_latency

from .torch_reference import (
    import_torch,
    mnist_training_arrays,
    torch_epoch_seconds,
    torch_latency_us,
)


def torch_mlp_epochs(torch, x, t, epochs, lr=0.01, seed=0):
    """Seconds of each epoch of PyTorch's 784-100-100-10 MLP with SGD momentum 0.9."""
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 100), torch.nn.ReLU(),
                                torch.nn.Linear(100, 100), torch.nn.ReLU(),
                                torch.nn.Linear(100, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    seconds = [torch_epoch_seconds(torch, model, optimizer, x, t) for _ in range(epochs)]
    return seconds, model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    use_cores()  # as `python -m engine train` does
    torch = import_torch()
    x, t = mnist_training_arrays()
    ours, theirs = [], []
    torch_model = None
    for _ in range(args.epochs):  # alternate so that noise hits both alike
        ours += mlp_epoch_seconds(x, t, epochs=1)
        seconds, torch_model = torch_mlp_epochs(torch, x, t, epochs=1)
        theirs += seconds
    result = {
        "engine_epoch_s": statistics.median(ours), "torch_epoch_s": statistics.median(theirs),
        "engine_batch1_us": single_image_latency(x[:200]),
        "torch_batch1_us": torch_latency_us(torch, torch_model, x[:200]),
        "engine_epochs": ours, "torch_epochs": theirs, "torch_threads": torch.get_num_threads(),
        "numpy": np.__version__, "torch": torch.__version__,
    }
    result["epoch_ratio"] = result["engine_epoch_s"] / result["torch_epoch_s"]
    result["batch1_ratio"] = result["engine_batch1_us"] / result["torch_batch1_us"]
    print(json.dumps(result) if args.json else _table(result))


def _table(r):
    return "\n".join([
        "MLP 784-100-100-10, batch 100, SGD momentum, MNIST (medians)",
        f"{'':22s}{'engine':>12s}{'PyTorch':>12s}{'ratio':>8s}",
        f"{'epoch time (s)':22s}{r['engine_epoch_s']:12.3f}{r['torch_epoch_s']:12.3f}"
        f"{r['epoch_ratio']:8.2f}",
        f"{'batch-1 latency (us)':22s}{r['engine_batch1_us']:12.1f}{r['torch_batch1_us']:12.1f}"
        f"{r['batch1_ratio']:8.2f}",
        f"numpy {r['numpy']}, torch {r['torch']} ({r['torch_threads']} threads)",
    ])


if __name__ == "__main__":
    main()
