"""What a hostile file costs: peak memory, CPU time and outcome, one fresh process per input.

Builds a corpus of small files that once froze or bombed DigitLab (issue 15) in a temporary
folder, then opens each with the engine's own reader in a child process that may use at most
``--memory-gb`` of address space and ``--timeout`` seconds. The reference is the same child
doing nothing but importing the engine, so the figure to compare is the extra memory the file
cost. ``--repo`` points the children at another checkout, e.g. the previous version:

    git worktree add /tmp/before <commit>
    .venv/bin/python -m bench.bench_hostile_files --repo /tmp/before
    .venv/bin/python -m bench.bench_hostile_files

A row's outcome is "refused" (the reader's own error, one line), "loaded", "error" (any other
exception: a defect), "out of memory" (the child hit its limit) or "blocked" (killed at the
timeout).
"""
import argparse
import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, REPO)
import engine
from engine.files.images import ImageError, read_image
from engine.data.datasets import DatasetError, read_idx
from engine.files.modelio import ModelFormatError
from engine.training.plan import TrainSettings
start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start_cpu = time.process_time()
outcome, message = "loaded", ""
try:
    ACTION
except (ModelFormatError, DatasetError, ImageError, ValueError) as exc:
    outcome, message = "refused", str(exc)
except MemoryError:
    outcome, message = "out of memory", "MemoryError"
except Exception as exc:
    outcome, message = "error", f"{type(exc).__name__}: {exc}"
print(json.dumps({"outcome": outcome, "message": message[:300],
                  "cpu_s": time.process_time() - start_cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "import_mb": start_rss / 1024}))
"""

ACTIONS = {
    "model": "engine.load_model(PATH)",
    "image": "read_image(PATH)",
    "idx": "read_idx(PATH)",
    "plan": "engine.build_network(TrainSettings(hidden=(3_000_000,), epochs=1).plan().network)",
}


# --- the corpus ---------------------------------------------------------------------------------

def npy_bytes(shape, dtype="<f4", body=b""):
    header = repr({"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    header = header.encode("latin1")
    pad = 64 - (10 + len(header) + 1) % 64
    header += b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + body


def model_header(layers, input_shape=(1, 28, 28)):
    return {"format": "digitlab-model", "format_version": 1,
            "config": {"input_shape": list(input_shape), "dtype": "float32", "seed": 0,
                       "layers": layers, "loss": {"type": "SoftmaxWithLoss"}},
            "dataset": {"name": "mnist", "classes": [str(i) for i in range(10)]},
            "normalization": {}, "metrics": {}, "history": []}


def write_model(path, layers, input_shape=(1, 28, 28)):
    header = json.dumps(model_header(layers, input_shape)).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__header__.npy", npy_bytes((len(header),), "|u1", header))
    return path


def zip_bomb_model(path, gigabytes=2):
    """A model whose one weight member inflates to `gigabytes` of zeros (a few MB on disk)."""
    size = gigabytes * 2**30
    header = json.dumps(model_header([{"type": "Affine", "in": 784, "out": 10}])).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("__header__.npy", npy_bytes((len(header),), "|u1", header))
        with archive.open("0.W.npy", "w", force_zip64=True) as member:
            member.write(npy_bytes((size // 4,)))
            chunk = bytes(2**24)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def conv_model(path, side=28, **conv):
    """Channels-last images of `side` x `side` through one convolution (no weights stored:
    the network is built, and its shapes checked, before the arrays are compared)."""
    layers = [{"type": "ChannelsLast"},
              {"type": "Convolution", "in_channels": 1, "size": 3, "filters": 8, **conv},
              {"type": "ReLU"}, {"type": "Flatten"}]
    return write_model(path, layers, (1, side, side))


def pooling_model(path, side=1000, size=32):
    layers = [{"type": "ChannelsLast"}, {"type": "MaxPooling", "size": size, "stride": 1},
              {"type": "Flatten"}]
    return write_model(path, layers, (1, side, side))


def idx_header(count, rows=28, cols=28):
    return struct.pack(">IIII", 0x803, count, rows, cols)


def gzip_bomb_idx(path, gigabytes=2):
    size = gigabytes * 2**30
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(idx_header(size // 784))
        chunk = bytes(2**24)
        for _ in range(size // len(chunk)):
            f.write(chunk)
    return path


def sparse_idx(path, gigabytes=3):
    with open(path, "wb") as f:
        f.write(idx_header(gigabytes * 2**30 // 784))
        f.truncate(16 + gigabytes * 2**30 // 784 * 784)
    return path


def png(path, width, height, bit_depth, colour_type, channels):
    """A PNG of zeros written chunk by chunk: no image library, any size the format allows."""
    row = bytes(1 + (width * channels * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body)
                     + chunk(b"IEND", b""))
    return path


def fifo(path):
    os.mkfifo(path)
    return path


def corpus(folder):
    """(class, description, reader, path) for every input, built in `folder`."""
    f = Path(folder)
    return [
        ("5 model bombs", "2 GB zip-bombed model", "model", zip_bomb_model(f / "zipbomb.npz")),
        ("5 model bombs", "20,000-filter convolution", "model",
         conv_model(f / "filters.npz", filters=20_000, size=5)),
        ("5 model bombs", "1000x1000 input, 32x32 filters, padding 31", "model",
         conv_model(f / "pad.npz", side=1000, size=32, pad=31, filters=64)),
        ("5 model bombs", "1000x1000 input, 2,000 32x32 filters", "model",
         conv_model(f / "wide.npz", side=1000, size=32, filters=2000)),
        ("5 model bombs", "1000x1000 input, 32x32 pooling, stride 1", "model",
         pooling_model(f / "pool.npz")),
        ("6 dataset bombs", "2 GB gzip-bombed IDX", "idx",
         gzip_bomb_idx(f / "train-images-idx3-ubyte.gz")),
        ("6 dataset bombs", "sparse 3 GB IDX", "idx", sparse_idx(f / "sparse-idx3-ubyte")),
        ("7 image bombs", "10000x10000 16-bit RGBA PNG", "image",
         png(f / "rgba16.png", 10_000, 10_000, 16, 6, 4)),
        ("7 image bombs", "9000x9000 16-bit RGBA PNG", "image",
         png(f / "rgba16-small.png", 9_000, 9_000, 16, 6, 4)),
        ("7 image bombs", "30000x30000 1-bit PNG", "image",
         png(f / "bits.png", 30_000, 30_000, 1, 0, 1)),
        ("7 image bombs", "/dev/zero as an image", "image", Path("/dev/zero")),
        ("8 huge networks", "train --hidden 3000000", "plan", None),
        ("9 not a file", "FIFO as a model", "model", fifo(f / "pipe.npz")),
        ("9 not a file", "FIFO as an image", "image", fifo(f / "pipe.png")),
        ("9 not a file", "FIFO as a dataset member", "idx", fifo(f / "pipe-idx1-ubyte")),
    ]


# --- measuring ----------------------------------------------------------------------------------

def measure(repo, reader, path, memory_gb, timeout):
    code = (CHILD.replace("REPO", repr(str(repo)))
            .replace("ACTION", ACTIONS[reader].replace("PATH", repr(str(path)))))
    limit = int(memory_gb * 2**30)

    def limit_memory():
        import resource  # noqa: PLC0415 - in the child only
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, preexec_fn=limit_memory, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"outcome": "blocked", "message": f"killed after {timeout} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": "out of memory" if "MemoryError" in tail else "crashed",
                "message": tail[:300]}
    return json.loads(lines[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", default=str(ROOT), help="the checkout whose engine reads")
    parser.add_argument("--memory-gb", type=float, default=6.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        print("building the corpus…", file=sys.stderr)
        for klass, what, reader, path in corpus(folder):
            size = path.stat().st_size if path and path.is_file() else 0
            result = measure(args.repo, reader, path, args.memory_gb, args.timeout)
            row = {"class": klass, "input": what, "bytes": size, **result}
            rows.append(row)
            if not args.json:
                print_row(row)
    if args.json:
        print(json.dumps(rows, indent=1))


def print_row(row):
    extra = row.get("peak_mb", 0) - row.get("import_mb", 0)
    cost = (f"{extra:7.0f} MB {row['cpu_s']:6.2f} s" if "peak_mb" in row
            else f"{'-':>10} {'-':>8}")
    print(f"{row['class']:16} {row['input']:42} {row['bytes']:>12,} B  {cost}  "
          f"{row['outcome']:13} {row['message'][:110]}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
