"""Hostile image files (issue 15): a lab PC must survive any picture a student brings.

Each file here is small on disk and once cost hundreds of megabytes to gigabytes, or blocked
forever: PNGs whose headers declare 10000x10000 16-bit RGBA or 30000x30000 1-bit pixels, images
inside the size limits whose float conversion multiplied memory, /dev/zero, a named pipe, a
sparse giant. Pillow's C allocations are invisible to tracemalloc, so each is read in a fresh
Python process whose peak resident memory (ru_maxrss) is compared with its own peak just before
the read, once NumPy and Pillow are imported.
"""
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from engine.files.images import MAX_PIXELS, WORK_PIXELS, ImageError, read_image

from ceilings import peak_of

MB = 2**20
REPO = Path(__file__).resolve().parents[3]
REFUSED_CEILING = 30 * MB  # the file's bytes and Pillow's header parsing, never its pixels
PYTHON_TEXT = re.compile(r"Error|errno|Traceback|cannot identify|exceeds limit|decompression "
                         r"bomb|broken data stream|\bb'")

needs_rusage = pytest.mark.skipif(sys.platform == "win32", reason="no resource module")

# Reads one image in a fresh process; prints the extra peak memory in bytes, then the outcome.
CHILD = """
import resource, sys
import numpy
from PIL import Image, ImageOps, PngImagePlugin, JpegImagePlugin
from engine.files.images import ImageError, read_image
unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in kB on Linux, bytes on macOS
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    outcome = "image %dx%d" % read_image(sys.argv[1]).shape[::-1]
except ImageError as exc:
    outcome = "ImageError " + str(exc)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * unit)
print(outcome)
"""


# ---------------------------------------------------------------------------- building files

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def zlib_of_zeros(count):
    """zlib stream of `count` zero bytes, built in milliseconds: one compressed megabyte
    repeated (a full flush resets the history, so every copy decodes alike)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeat = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(count, MB)
    tail = compressor.compress(bytes(rest)) + compressor.flush()
    adler = (count % 65521) << 16 | 1  # Adler-32 of zeros: the sum of ones stays 1
    return b"\x78\xda" + repeat * whole + tail + struct.pack(">I", adler)


def png_of_zeros(width, height, depth, colour, channels):
    """A complete, valid PNG of black pixels, any size: about 1 kB per MB of pixel data."""
    row = 1 + (width * channels * depth + 7) // 8  # a filter byte, then the samples
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib_of_zeros(row * height)) + chunk(b"IEND", b""))


IHDR_1X1 = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
IHDR_HUGE_ROW = chunk(b"IHDR", struct.pack(">IIBBBBB", 2**31 - 1, 1, 8, 0, 0, 0, 0))


def npy_header_only(shape, descr="<f8"):
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode("latin1")
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def write(path, data):
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- measuring

def read_in_fresh_process(path):
    """(extra peak resident bytes, outcome line) of `read_image(path)` in a new interpreter."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, env=env, cwd=REPO, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 0, done.stderr
    extra, outcome = done.stdout.strip().split("\n", 1)
    return int(extra), outcome


def assert_one_sentence(message, path):
    """It names the file, ends with a full stop, is one sentence and holds no Python text."""
    assert str(path) in message
    rest = message.replace(str(path), "FILE")
    assert rest.endswith(".") and "\n" not in rest, message
    assert ". " not in rest, f"more than one sentence: {message}"
    assert not PYTHON_TEXT.search(rest), message


def assert_refused_cheaply(path, match, ceiling=REFUSED_CEILING):
    extra, outcome = read_in_fresh_process(path)
    assert outcome.startswith("ImageError "), outcome
    message = outcome.removeprefix("ImageError ")
    assert re.search(match, message), message
    assert_one_sentence(message, path)
    assert extra < ceiling, f"{extra / MB:.0f} MB"




# ---------------------------------------------------------------------------- over the limits

@needs_rusage
def test_a_10000x10000_16_bit_rgba_png_is_refused_from_its_header(tmp_path):
    # 778 kB on disk, 800 MB of samples; the issue measured 3.5 GB
    path = write(tmp_path / "rgba16.png", png_of_zeros(10_000, 10_000, 16, 6, 4))
    # over Pillow's own limit (89 MP), which refuses it while opening, before saying its size
    assert_refused_cheaply(path, r"is too large( \(10000x10000 pixels\))?: DigitLab reads "
                                 r"images of up to 50 megapixels")


@needs_rusage
def test_a_30000x30000_1_bit_png_is_refused_from_its_header(tmp_path):
    path = write(tmp_path / "bits.png", png_of_zeros(30_000, 30_000, 1, 0, 1))
    assert_refused_cheaply(path, r"is too large( \(30000x30000 pixels\))?: DigitLab reads")


@needs_rusage
@pytest.mark.parametrize("name, data", [
    ("row.png", png_of_zeros(1, 1, 8, 0, 1).replace(IHDR_1X1, IHDR_HUGE_ROW)),
    ("row.pgm", b"P5 50000000 1 255\n" + bytes(1000)),
    ("row.npy", npy_header_only((1, 50_000_000), "|u1")),
], ids=["png", "pgm", "npy"])
def test_an_image_of_a_single_huge_row_is_refused_from_its_header(tmp_path, name, data):
    # Pillow itself refuses the PNG's 2^31 - 1 pixels while opening it, before saying its size
    assert_refused_cheaply(write(tmp_path / name, data), r"is too large( \(\d+x1 pixels\))?: "
                                                         r"DigitLab reads images of up to")


@needs_rusage
def test_colour_that_pillow_would_hold_in_too_many_bytes_is_refused_before_decoding(tmp_path):
    # 36 megapixels pass the pixel budget, but Pillow would hold them in 144 MB
    path = write(tmp_path / "rgba.png", png_of_zeros(6000, 6000, 8, 6, 4))
    assert_refused_cheaply(path, r"is too large to decode: its 6000x6000 pixels would take "
                                 r"144 MB; save a smaller picture, or a JPEG\.")


@needs_rusage
def test_a_sparse_giant_is_refused_from_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "giant.png"
    with open(path, "wb") as f:
        f.write(png_of_zeros(100, 100, 8, 0, 1))
        f.truncate(4 * 2**30)
    assert_refused_cheaply(path, r"is too large for an image file")


def test_an_npy_declaring_more_than_it_holds_is_refused_before_numpy_allocates(tmp_path):
    # 7000x7000x4 float64 declared (1.5 GB): NumPy's loader would allocate it all first
    path = write(tmp_path / "image.npy", npy_header_only((7000, 7000, 4)) + bytes(1000))
    caught = []

    def attempt():
        with pytest.raises(ImageError, match="is a damaged .npy file") as info:
            read_image(path)
        caught.append(info.value)
    assert peak_of(attempt) < 2 * MB
    assert_one_sentence(str(caught[0]), path)
    assert "declares 1568000000 bytes" in caught[0].detail


# ---------------------------------------------------------------------------- not plain files

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_instead_of_read_until_memory_runs_out():
    with pytest.raises(ImageError, match="is a device, not an image file") as caught:
        read_image("/dev/zero")
    assert_one_sentence(str(caught.value), Path("/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_instead_of_blocking_forever(tmp_path):
    path = tmp_path / "digit.png"
    os.mkfifo(path)
    with pytest.raises(ImageError, match="is a named pipe, not an image file") as caught:
        read_image(path)
    assert_one_sentence(str(caught.value), path)


# ---------------------------------------------------------------------------- inside the limits

@needs_rusage
@pytest.mark.parametrize("name, data, ceiling", [
    # 49 megapixels in 6 kB: a byte a pixel in Pillow, then strips of float, never all at once
    ("bits.png", png_of_zeros(7000, 7000, 1, 0, 1), 120 * MB),
    # 25 megapixels of 16-bit RGBA in 190 kB: 100 MB in Pillow, the most it may hold
    ("rgba16.png", png_of_zeros(5000, 5000, 16, 6, 4), 170 * MB),
], ids=["49 MP 1-bit", "25 MP 16-bit RGBA"])
def test_a_large_image_within_the_limits_costs_what_pillow_holds_and_little_more(
        tmp_path, name, data, ceiling):
    # the old reader made full-size float copies of every channel: 985 and 767 MB
    extra, outcome = read_in_fresh_process(write(tmp_path / name, data))
    assert outcome.startswith("image "), outcome
    assert extra < ceiling, f"{extra / MB:.0f} MB"


@needs_rusage
def test_a_phone_sized_jpeg_is_decoded_at_a_reduced_scale(tmp_path):
    # 48 megapixels, as a phone takes them; libjpeg decodes a quarter of each side
    stream = io.BytesIO()
    Image.new("L", (8000, 6000), 200).save(stream, "JPEG", quality=90)
    extra, outcome = read_in_fresh_process(write(tmp_path / "photo.jpg", stream.getvalue()))
    assert outcome == "image 2000x1500"
    assert extra < 40 * MB, f"{extra / MB:.0f} MB"  # the full size would be 48 MB in Pillow


def test_a_large_image_comes_back_averaged_down_to_at_most_work_pixels(tmp_path):
    samples = np.zeros((2100, 2000), dtype=np.uint8)
    samples[::2] = 255  # stripes one pixel high: every 2x2 box averages them to 0.5
    path = tmp_path / "stripes.png"
    Image.fromarray(samples).save(path)
    grey = read_image(path)
    assert grey.shape == (1050, 1000) and grey.size <= WORK_PIXELS < samples.size <= MAX_PIXELS
    np.testing.assert_allclose(grey, 0.5)


# ---------------------------------------------------------------------------- fuzzing

def small_png():
    rng = np.random.default_rng(3)
    rgba = rng.integers(0, 256, (6, 7, 4), dtype=np.uint8)
    stream = io.BytesIO()
    Image.fromarray(rgba).save(stream, "PNG")
    return stream.getvalue()


SMALL_PNG = small_png()
FUZZ_TRACED_PEAK = 16 * MB
FUZZ_RSS_GROWTH = 200 * MB


def fix_crcs(data):
    """Recompute each chunk's CRC, so that a mutation reaches Pillow's decoder and checks."""
    out, pos = bytearray(data[:8]), 8
    while pos + 12 <= len(data):
        end = pos + 12 + struct.unpack_from(">I", data, pos)[0]
        if end > len(data):
            break
        out += data[pos:end - 4] + struct.pack(">I", zlib.crc32(data[pos + 4:end - 4]))
        pos = end
    return bytes(out + data[pos:])


@st.composite
def mutated_png(draw):
    """The small PNG with bytes rewritten (the IHDR's sizes among them), cut or extended."""
    data = bytearray(SMALL_PNG)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1) | st.integers(16, 28))  # 16-28: IHDR fields
        data[at] = draw(st.integers(0, 255))
    data = data[:draw(st.integers(8, len(data)))] + draw(st.binary(max_size=16))
    return fix_crcs(bytes(data)) if draw(st.booleans()) else bytes(data)


@needs_rusage
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_png())
def test_fuzzed_pngs_give_an_image_or_an_image_error_within_a_memory_ceiling(
        tmp_path_factory, data):
    import resource  # noqa: PLC0415 - POSIX only, like the test

    path = tmp_path_factory.getbasetemp() / "fuzzed.png"
    path.write_bytes(data)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = []

    def attempt():
        try:
            outcome.append(read_image(path))
        except ImageError as exc:
            assert_one_sentence(str(exc), path)
    assert peak_of(attempt) < FUZZ_TRACED_PEAK
    unit = 1 if sys.platform == "darwin" else 1024
    # ru_maxrss grows only past the process's earlier peak: a bomb would show here
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * unit < \
        FUZZ_RSS_GROWTH
    if outcome:
        grey = outcome[0]
        assert grey.ndim == 2 and grey.dtype == np.float32 and grey.size <= WORK_PIXELS
        assert np.isfinite(grey).all() and grey.min() >= 0 and grey.max() <= 1
