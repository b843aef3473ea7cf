"""Loading the bundled MNIST, as a training run (or `python -m engine train`) starts with it.

``engine.load_mnist`` reads the four gzip files, validates their structure and checks their
SHA-256 sums. The reference, measured in the same run in alternating rounds, is the least any
loader does: read and decompress the same four files and view them as NumPy arrays, with no
checking at all. The ratio is the figure to compare between machines and versions: it is the
price of the validation. Target: within ``TARGET_RATIO`` times the reference. (The old test
budget was 3 s on its own; on an idle laptop both take well under a second.)

    .venv/bin/python -m bench.bench_load_mnist [--rounds 5] [--json]
"""
import argparse
import gzip
import json
import statistics
import time

import numpy as np

from engine import load_mnist
from engine.data.datasets import FILES, find_dataset_dir, find_idx_file

TARGET_RATIO = 1.5


def plain_load(directory):
    """The reference: decompress each file and view its bytes past the IDX header."""
    arrays = {}
    for key in FILES:
        data = gzip.decompress(find_idx_file(directory, key).read_bytes())
        header = 16 if key.endswith("images") else 8
        arrays[key] = np.frombuffer(data, np.uint8, offset=header)
    return arrays


def seconds(fn, directory):
    start = time.perf_counter()
    fn(directory)
    return time.perf_counter() - start


def measure(rounds):
    directory = find_dataset_dir(None)
    loaders = {"load_mnist": load_mnist, "plain": plain_load}
    for fn in loaders.values():  # warm up: the page cache, NumPy's first allocations
        fn(directory)
    timings = {name: [] for name in loaders}
    for _ in range(rounds):
        for name, fn in loaders.items():
            timings[name].append(seconds(fn, directory))
    ours, reference = (statistics.median(timings[name]) for name in loaders)
    ratio = ours / reference
    return {"directory": str(directory), "rounds": rounds, "load_mnist_s": round(ours, 3),
            "plain_s": round(reference, 3), "ratio": round(ratio, 2),
            "target_ratio": TARGET_RATIO, "ratio_ok": ratio <= TARGET_RATIO}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args(argv)
    result = measure(args.rounds)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"load_mnist (validated, SHA-256 checked): {result['load_mnist_s']:.3f} s")
        print(f"reference, decompress and view the same files: {result['plain_s']:.3f} s")
        print(f"ratio {result['ratio']:.2f}x (target <= {TARGET_RATIO:g}x): "
              f"{'ok' if result['ratio_ok'] else 'TOO SLOW'}")
    return 0 if result["ratio_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
