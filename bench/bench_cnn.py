"""CNN epoch time and batch-1 latency: DigitLab's engine against PyTorch 2.13 CPU (2 threads).

Both train the same network on the same MNIST arrays with batch 100 and Adam (lr 0.001): the
book's SimpleConvNet (preset ``simple-cnn``: conv 30x5x5, ReLU, 2x2 max pooling, Affine 100,
ReLU, Affine 10) and, with ``--deep``, the ``deep-cnn`` preset as well. Epochs alternate between
the two so that machine noise hits both alike; ratios are of the medians.
Targets (issue 5): simple-cnn epoch <= 1.5x PyTorch (stretch 1.0x); batch-1 <= 150 us.

    python -m bench.bench_cnn [--epochs 3] [--deep] [--json]

Needs `pip install torch==2.13.0` (a reference only: the app never imports torch).
"""
import argparse
import json
import statistics

import numpy as np

from engine.nn.network import build_network
from engine.nn.optimizers import make_optimizer
from engine.nn.parallel import use_cores
from engine.tools.benchmark import epoch_seconds, single_image_latency
from engine.training.presets import get_preset

from .torch_reference import (
    import_torch,
    mnist_training_arrays,
    torch_epoch_seconds,
    torch_latency_us,
)


def torch_network(torch, name):
    """The preset's network in PyTorch, layer for layer (NCHW, PyTorch's own layout)."""
    nn = torch.nn
    if name == "simple-cnn":
        return nn.Sequential(nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10))
    if name == "lesson-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 5, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 5, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Flatten(), nn.Linear(512, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.MaxPool2d(2), nn.BatchNorm2d(64),
        nn.ReLU(), nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.MaxPool2d(2),
        nn.BatchNorm2d(128), nn.ReLU(), nn.Flatten(), nn.Linear(1152, 128), nn.ReLU(),
        nn.Dropout(0.3), nn.Linear(128, 10))


def compare(torch, name, x, t, epochs):
    """Alternating epochs of the engine and PyTorch on one preset's network; medians and ratios."""
    torch.manual_seed(0)
    theirs_model = torch_network(torch, name)
    theirs_optimizer = torch.optim.Adam(theirs_model.parameters(), lr=0.001)
    ours_model = build_network(get_preset(name).network_config())
    optimizer = make_optimizer("adam", lr=0.001)
    tx, tt = torch.from_numpy(x), torch.from_numpy(t)
    ours, theirs = [], []
    for epoch in range(epochs):
        ours += epoch_seconds(ours_model, optimizer, x, t, epochs=1, seed=epoch)
        theirs.append(torch_epoch_seconds(torch, theirs_model, theirs_optimizer, tx, tt))
    result = {"engine_epoch_s": statistics.median(ours),
              "torch_epoch_s": statistics.median(theirs),
              "engine_batch1_us": single_image_latency(x[:300], ours_model, repeats=300),
              "torch_batch1_us": torch_latency_us(torch, theirs_model, x[:300], repeats=300),
              "engine_epochs": ours, "torch_epochs": theirs}
    result["epoch_ratio"] = result["engine_epoch_s"] / result["torch_epoch_s"]
    result["batch1_ratio"] = result["engine_batch1_us"] / result["torch_batch1_us"]
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs of each (default 3)")
    parser.add_argument("--deep", action="store_true", help="also time the deep-cnn preset")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    use_cores()  # as `python -m engine train` does
    torch = import_torch()
    x, t = mnist_training_arrays()
    names = ["simple-cnn", "deep-cnn"] if args.deep else ["simple-cnn"]
    results = {name: compare(torch, name, x, t, args.epochs) for name in names}
    versions = {"numpy": np.__version__, "torch": torch.__version__,
                "torch_threads": torch.get_num_threads()}
    print(json.dumps({**results, **versions}) if args.json else _table(results, versions))


def _table(results, versions):
    lines = ["CNN training on MNIST, batch 100, Adam lr 0.001 (medians of alternating epochs)",
             f"{'':34s}{'engine':>10s}{'PyTorch':>10s}{'ratio':>8s}"]
    for name, r in results.items():
        lines += [
            f"{name + ' epoch time (s)':34s}{r['engine_epoch_s']:10.2f}{r['torch_epoch_s']:10.2f}"
            f"{r['epoch_ratio']:8.2f}",
            f"{name + ' batch-1 latency (us)':34s}{r['engine_batch1_us']:10.1f}"
            f"{r['torch_batch1_us']:10.1f}{r['batch1_ratio']:8.2f}"]
    lines.append("numpy {numpy}, torch {torch} ({torch_threads} threads)".format(**versions))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
