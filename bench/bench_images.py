"""How much `read_image` adds to Pillow's own decoding, on a 1000x1000 RGB PNG (a phone photo's
order of size, downscaled).

The reference, timed in the same run on the same file, is the least a reader can do:
``np.asarray(Image.open(path).convert("L"))``. `read_image` adds the checks, EXIF orientation and
BT.601 luma in float32 rather than Pillow's 8-bit "L". Runs alternate between the two so that
machine noise hits both alike; the ratio is of the medians.

    .venv/bin/python -m bench.bench_images [--repeats 15]
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from engine.files.images import read_image


def photo_like_rgb(side, seed=0):
    """Smooth gradients plus a little noise: compresses like a photo, not like noise or a flat."""
    ramp = np.add.outer(np.arange(side), np.arange(side))
    noise = np.random.default_rng(seed).integers(0, 16, (side, side, 3))
    return ((ramp[:, :, None] // 8 + noise + [0, 40, 80]) % 256).astype(np.uint8)


def reference(path):
    return np.asarray(Image.open(path).convert("L"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--side", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.png"
        Image.fromarray(photo_like_rgb(args.side)).save(path)
        size = path.stat().st_size
        times = {read_image: [], reference: []}
        for function in times:  # warm-up: imports, plugin registry, file cache
            function(path)
        for _ in range(args.repeats):
            for function, spent in times.items():
                start = time.perf_counter()
                function(path)
                spent.append(time.perf_counter() - start)
    ours, base = (statistics.median(times[f]) for f in (read_image, reference))
    print(f"{args.side}x{args.side} RGB PNG ({size / 1e6:.1f} MB): read_image {ours * 1e3:.1f} "
          f"ms, Pillow + convert('L') {base * 1e3:.1f} ms, ratio {ours / base:.2f} (median of "
          f"{args.repeats})")


if __name__ == "__main__":
    main()
