"""Photos of handwritten digits: how often `photo_ink` reads them as the digit itself, what it
costs, and what the window's reader costs for a 12-megapixel JPEG.

1. Agreement: N made-up phone photos (tests/engine/synthetic_photos.py: MNIST test digits in
   dark ink under uneven light, with grain, specks and the table at an edge), each read by the
   shipped model through `photo_ink` -> `to_mnist`, against its reading of the original digit;
   beside it the old rule, `as_ink` (inversion by the border's brightness alone).
2. Time per photo: `photo_ink` on an 800 x 600 photo, against `to_mnist` of a drawn canvas
   (what reading a drawing costs), alternating, medians.
3. The window's reader (`gui.photo_file.read_photo`: Qt, decoded at 1/2 scale) on a
   4000 x 3000 JPEG, against Qt's plain full-size decode of the same file, alternating.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_photos [--photos 300] [--repeats 9]
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

import numpy as np

import engine
from engine.files.images import as_ink
from gui.photo_file import read_photo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "engine"))
from synthetic_photos import photo_of

CANVAS = 280


def agreement(count, seed):
    data = engine.load_mnist()
    model = engine.load_model(engine.bundled_model_path())
    rng = np.random.default_rng(seed)
    ours = old = 0
    for digit in data.x_test[:count].reshape(-1, 28, 28):
        want = engine.predict_digit(model, digit / 255)[0]
        grey = photo_of(digit, rng)
        ours += engine.predict_digit(model, engine.to_mnist(
            engine.photo_ink(grey, CANVAS).canvas))[0] == want
        try:
            old += engine.predict_digit(model, engine.to_mnist(as_ink(grey)))[0] == want
        except ValueError:  # nothing left after the old rule: not read
            pass
    return ours, old


def alternating(functions, repeats):
    times = {name: [] for name in functions}
    for function in functions.values():
        function()  # warm-up
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(spent) for name, spent in times.items()}


def save_jpeg(grey, path):
    pixels = np.ascontiguousarray((grey * 255).astype(np.uint8))
    QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1],
           QImage.Format_Grayscale8).save(str(path), quality=85)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    ours, old = agreement(args.photos, args.seed)
    print(f"{args.photos} made-up photos read as the digit itself: photo_ink {ours} "
          f"({ours / args.photos:.1%}), the border rule {old} ({old / args.photos:.1%})")

    digit = engine.load_mnist().x_test[0].reshape(28, 28)
    grey = photo_of(digit, np.random.default_rng(1))
    drawn = np.kron(digit, np.ones((10, 10), np.uint8))
    spent = alternating({"photo": lambda: engine.photo_ink(grey, CANVAS),
                         "drawing": lambda: engine.to_mnist(drawn)}, args.repeats)
    print(f"800x600 photo: photo_ink {spent['photo'] * 1e3:.1f} ms, to_mnist of a drawing "
          f"{spent['drawing'] * 1e3:.2f} ms, ratio {spent['photo'] / spent['drawing']:.0f}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        save_jpeg(photo_of(digit, np.random.default_rng(2), 3000, 4000), path)
        spent = alternating({"ours": lambda: read_photo(path),
                             "qt": lambda: QImage(str(path))}, args.repeats)
        size = path.stat().st_size / 1e6
    print(f"4000x3000 JPEG ({size:.1f} MB): read_photo {spent['ours'] * 1e3:.0f} ms, Qt's "
          f"full decode {spent['qt'] * 1e3:.0f} ms, ratio {spent['ours'] / spent['qt']:.2f} "
          f"(medians of {args.repeats})")


if __name__ == "__main__":
    main()
