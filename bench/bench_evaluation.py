"""What one measuring pass should hold on the CPU: inference time per 1,000 images by pass size.

The trainer's test evaluation and the window's frequent checks measure in passes of
``engine.training.runs.CPU_EVALUATION_CHUNK`` images on the CPU. This prints each preset's
inference time per 1,000 images for passes of 1000, 500, 200 and 100, interleaved, the median
of ``--repeats``, and its ratio to the 1,000-image pass measured in the same run.

    python -m bench.bench_evaluation [--threads 1] [--repeats 7] [PRESET ...]
"""
import argparse
import time

import numpy as np

from engine.nn.network import build_network
from engine.nn.parallel import use_cores
from engine.training.presets import get_preset
from engine.training.runs import CPU_EVALUATION_CHUNK

PASS_SIZES = (1000, 500, 200, 100)
IMAGES = 2000


def milliseconds_per_1000(network, images, repeats):
    times = {size: [] for size in PASS_SIZES}
    for _ in range(repeats):
        for size in PASS_SIZES:  # interleaved: a noisy moment hurts every size alike
            start = time.perf_counter()
            for first in range(0, len(images), size):
                network.predict(images[first:first + size], train=False)
            times[size].append((time.perf_counter() - start) * 1000 / (len(images) / 1000))
    return {size: float(np.median(values)) for size, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", default=["lesson-cnn", "simple-cnn", "deep-cnn"])
    parser.add_argument("--threads", type=int, default=1,
                        help="cores (the window on two cores: 1)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    images = np.random.default_rng(0).random((IMAGES, 1, 28, 28), dtype=np.float32)
    use_cores(args.threads)
    print(f"{args.threads} core(s); the engine measures in passes of "
          f"{CPU_EVALUATION_CHUNK} on the CPU")
    for name in args.presets:
        network = build_network(get_preset(name).network_config())
        ms = milliseconds_per_1000(network, images, args.repeats)
        row = "   ".join(f"{size:>4}: {ms[size]:6.1f} ms ({ms[size] / ms[1000]:.2f}x)"
                       for size in PASS_SIZES)
        print(f"{name:<11} per 1,000 images, by pass size   {row}")


if __name__ == "__main__":
    main()
