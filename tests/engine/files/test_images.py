"""Reading users' digit images: PNG, Netpbm and .npy; every defect must be an ImageError.

PNG files are written here by a tiny encoder whose filters transcribe the PNG specification
literally, byte by byte, so the decoder's vectorised filters are checked against the spec rather
than against themselves.
"""
import io
import itertools
import struct
import time
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.files import images
from engine.files.images import MAX_SIDE, ImageError, as_ink, decode_png, read_image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
COLOUR_DEPTHS = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2),
                 (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)]
LUMA = np.array([0.299, 0.587, 0.114])


# ---------------------------------------------------------------------------- a tiny PNG encoder

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def pack_row(values, depth):
    """Samples of one row -> bytes, most significant bits first, padded to a whole byte."""
    if depth == 16:
        return b"".join(int(v).to_bytes(2, "big") for v in values)
    bits = "".join(format(int(v), f"0{depth}b") for v in values)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def paeth_predictor(a, b, c):
    """The PNG specification's pseudo-code, verbatim."""
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    if pb <= pc:
        return b
    return c


def filter_row(kind, line, previous, unit):
    out = bytearray([kind])
    for i, x in enumerate(line):
        a = line[i - unit] if i >= unit else 0
        b = previous[i]
        c = previous[i - unit] if i >= unit else 0
        prediction = [0, a, b, (a + b) // 2, paeth_predictor(a, b, c)][kind]
        out.append((x - prediction) % 256)
    return bytes(out)


def filter_all_paeth_vectorised(lines, unit):
    """Paeth-filter every row at once (only the raw bytes are needed to encode): for big images."""
    raw = lines.astype(np.int16)
    left = np.zeros_like(raw)
    left[:, unit:] = raw[:, :-unit]
    above = np.zeros_like(raw)
    above[1:] = raw[:-1]
    corner = np.zeros_like(raw)
    corner[1:, unit:] = raw[:-1, :-unit]
    p = left + above - corner
    pa, pb, pc = np.abs(p - left), np.abs(p - above), np.abs(p - corner)
    prediction = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, above, corner))
    filtered = ((raw - prediction) % 256).astype(np.uint8)
    return np.hstack([np.full((len(raw), 1), 4, dtype=np.uint8), filtered]).tobytes()


def png_bytes(samples, depth=8, colour=None, filters=None, palette=None, trns=None,
              interlace=0, extra_chunks=(), idat_parts=1, vectorised_paeth=False):
    """Encode (H, W, C) integer samples. `filters`: one per row, or None for rows cycling 0-4."""
    samples = np.asarray(samples)
    if samples.ndim == 2:
        samples = samples[:, :, None]
    height, width, channels = samples.shape
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[channels] if colour is None else colour
    unit = max(1, channels * depth // 8)
    lines = [pack_row(row.ravel(), depth) for row in samples]
    if vectorised_paeth:
        stream = filter_all_paeth_vectorised(np.frombuffer(b"".join(lines), np.uint8)
                                             .reshape(height, -1), unit)
    else:
        filters = [row % 5 for row in range(height)] if filters is None else filters
        previous = bytes(len(lines[0]))
        stream = b""
        for kind, line in zip(filters, lines, strict=True):
            stream += filter_row(kind, line, previous, unit)
            previous = line
    compressed = zlib.compress(stream)
    cuts = np.linspace(0, len(compressed), idat_parts + 1).astype(int)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    body = chunk(b"IHDR", ihdr)
    if palette is not None:
        body += chunk(b"PLTE", np.asarray(palette, dtype=np.uint8).tobytes())
    if trns is not None:
        body += chunk(b"tRNS", trns)
    for extra in extra_chunks:
        body += extra
    for start, stop in itertools.pairwise(cuts):
        body += chunk(b"IDAT", compressed[start:stop])
    return PNG_SIGNATURE + body + chunk(b"IEND", b"")


def png_from_parts(ihdr_fields, stream, before_idat=b""):
    """A PNG from a raw IHDR and an unfiltered-format scanline stream, for malformed cases."""
    return (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", *ihdr_fields)) + before_idat
            + chunk(b"IDAT", zlib.compress(stream)) + chunk(b"IEND", b""))


def random_samples(shape, depth, seed=0):
    return np.random.default_rng(seed).integers(0, 1 << depth, shape, dtype=np.int64)


def write(tmp_path, data, name="image.bin"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_image_error(path, match):
    """The read fails with an ImageError that names the file and says what is wrong."""
    with pytest.raises(ImageError, match=match) as caught:
        read_image(path)
    assert str(path) in str(caught.value)
    return caught.value


def expected_grey(channels):
    """Independent float64 reference: BT.601 luma, alpha composited onto white."""
    channels = np.asarray(channels, dtype=np.float64)
    count = channels.shape[-1]
    grey = channels[..., :3] @ LUMA if count >= 3 else channels[..., 0]
    if count in (2, 4):
        alpha = channels[..., -1]
        grey = grey * alpha + (1 - alpha)
    return grey


# ---------------------------------------------------------------------------- PNG decoding

def test_the_encoders_vectorised_paeth_agrees_with_the_spec_transcription():
    samples = random_samples((9, 11, 3), 8, seed=1)
    literal = png_bytes(samples, filters=[4] * 9)
    vectorised = png_bytes(samples, vectorised_paeth=True)
    assert literal == vectorised


@pytest.mark.parametrize("filters", ["none", "sub", "up", "average", "paeth", "mixed"])
@pytest.mark.parametrize("colour, depth", [(2, 8), (0, 8), (6, 16), (0, 1)])
def test_every_filter_decodes_exactly(filters, colour, depth):
    height, width = 17, 23
    samples = random_samples((height, width, CHANNELS[colour]), depth, seed=height + depth)
    names = ["none", "sub", "up", "average", "paeth"]
    rows = [row % 5 for row in range(height)] if filters == "mixed" else \
        [names.index(filters)] * height
    png = decode_png(png_bytes(samples, depth, colour, filters=rows))
    assert png.samples.shape == (height, width, CHANNELS[colour])
    np.testing.assert_array_equal(png.samples, samples)


def test_random_filter_sequences_with_extreme_bytes_decode_exactly():
    rng = np.random.default_rng(7)
    for trial in range(20):
        height, width = rng.integers(1, 12, size=2)
        samples = rng.choice([0, 1, 127, 128, 254, 255], size=(height, width, 3))
        rows = rng.integers(0, 5, size=height).tolist()
        png = decode_png(png_bytes(samples, 8, 2, filters=rows))
        np.testing.assert_array_equal(png.samples, samples, err_msg=f"trial {trial}")


def test_bands_of_rows_join_up_exactly(monkeypatch):
    monkeypatch.setattr(images, "DIAGONAL_BAND_ROWS", 3)  # several bands on a small image
    samples = random_samples((11, 7, 4), 8, seed=3)
    for rows in ([4] * 11, [3] * 11, [row % 5 for row in range(11)]):
        np.testing.assert_array_equal(decode_png(png_bytes(samples, filters=rows)).samples,
                                      samples)


@pytest.mark.parametrize("colour, depth", COLOUR_DEPTHS)
def test_every_colour_type_and_bit_depth(tmp_path, colour, depth):
    height, width = 6, 13  # 13 columns: sub-byte rows end in padding bits
    channels = CHANNELS[colour]
    samples = random_samples((height, width, channels), depth, seed=colour * 17 + depth)
    palette = None
    if colour == 3:
        palette = np.random.default_rng(depth).integers(0, 256, (1 << depth, 3))
    path = write(tmp_path, png_bytes(samples, depth, colour, palette=palette))

    np.testing.assert_array_equal(decode_png(path.read_bytes()).samples, samples)
    grey = read_image(path)
    assert grey.dtype == np.float32 and grey.shape == (height, width)
    if colour == 3:
        reference = expected_grey(palette[samples[..., 0]] / 255)
    else:
        reference = expected_grey(samples / ((1 << depth) - 1))
    np.testing.assert_allclose(grey, reference, atol=1e-6)


@pytest.mark.parametrize("depth", [1, 2, 4, 8, 16])
def test_grey_pngs_give_exact_levels(tmp_path, depth):
    samples = random_samples((5, 9), depth, seed=depth)
    grey = read_image(write(tmp_path, png_bytes(samples, depth, 0)))
    top = np.float32((1 << depth) - 1)
    np.testing.assert_array_equal(grey, samples.astype(np.float32) / top)
    assert grey.min() >= 0 and grey.max() <= 1


def test_colour_uses_bt601_luma(tmp_path):
    primaries = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]]])
    grey = read_image(write(tmp_path, png_bytes(primaries, 8, 2)))
    np.testing.assert_allclose(grey[0], [0.299, 0.587, 0.114, 1.0, 0.0], atol=1e-6)


def test_alpha_composites_onto_white(tmp_path):
    # Black ink at full, half and zero opacity, and a transparent "black" pixel.
    rgba = np.array([[[0, 0, 0, 255], [0, 0, 0, 128], [0, 0, 0, 0], [200, 10, 10, 0]]])
    grey = read_image(write(tmp_path, png_bytes(rgba, 8, 6)))
    np.testing.assert_allclose(grey[0], [0.0, 1 - 128 / 255, 1.0, 1.0], atol=1e-6)
    grey_alpha = np.array([[[0, 255], [0, 0], [100, 51]]])
    grey = read_image(write(tmp_path, png_bytes(grey_alpha, 8, 4)))
    np.testing.assert_allclose(grey[0], [0.0, 1.0, 100 / 255 * 0.2 + 0.8], atol=1e-6)


def test_black_drawing_on_transparent_canvas_reads_as_dark_ink_on_white(tmp_path):
    rgba = np.zeros((8, 8, 4), dtype=int)
    rgba[2:6, 3:5, 3] = 255  # opaque black stroke; the rest is transparent black
    grey = read_image(write(tmp_path, png_bytes(rgba, 8, 6)))
    assert grey[0, 0] == 1.0 and grey[3, 3] == 0.0
    ink = as_ink(grey)
    assert ink[3, 3] == 1.0 and ink[0, 0] == 0.0


def test_palette_transparency(tmp_path):
    palette = [[0, 0, 0], [255, 0, 0], [0, 0, 0]]
    indices = np.array([[0, 1, 2]])
    path = write(tmp_path, png_bytes(indices, 8, 3, palette=palette, trns=b"\xff\x00"))
    np.testing.assert_allclose(read_image(path)[0], [0.0, 1.0, 0.0], atol=1e-6)


def test_colour_key_transparency(tmp_path):
    grey = np.array([[0, 7, 65535]])
    path = write(tmp_path, png_bytes(grey, 16, 0, trns=struct.pack(">H", 7)))
    np.testing.assert_array_equal(read_image(path)[0], [0.0, 1.0, 1.0])
    rgb = np.array([[[1, 2, 3], [0, 0, 0], [1, 2, 4]]])
    path = write(tmp_path, png_bytes(rgb, 8, 2, trns=struct.pack(">3H", 1, 2, 3)))
    grey = read_image(path)[0]
    assert grey[0] == 1.0 and grey[1] == 0.0 and grey[2] < 0.02


def test_split_image_data_and_ancillary_chunks_are_fine(tmp_path):
    samples = random_samples((10, 10), 8)
    extra = (chunk(b"tEXt", b"Comment\x00drawn by hand"), chunk(b"gAMA", b"\x00\x00\xb1\x8f"))
    path = write(tmp_path, png_bytes(samples, 8, 0, idat_parts=4, extra_chunks=extra))
    np.testing.assert_array_equal(read_image(path), samples.astype(np.float32) / 255)


def test_format_comes_from_the_content_not_the_name(tmp_path):
    samples = random_samples((3, 4), 8)
    path = write(tmp_path, png_bytes(samples, 8, 0), name="digit.jpg")
    np.testing.assert_array_equal(read_image(path), samples.astype(np.float32) / 255)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(colour_depth=st.sampled_from(COLOUR_DEPTHS), height=st.integers(1, 9),
       width=st.integers(1, 19), seed=st.integers(0, 2**16))
def test_any_small_png_round_trips(colour_depth, height, width, seed):
    colour, depth = colour_depth
    rng = np.random.default_rng(seed)
    samples = rng.integers(0, 1 << depth, (height, width, CHANNELS[colour]))
    rows = rng.integers(0, 5, size=height).tolist()
    palette = [[0, 0, 0]] * (1 << depth) if colour == 3 else None
    data = png_bytes(samples, depth, colour, filters=rows, palette=palette)
    np.testing.assert_array_equal(decode_png(data).samples, samples)


# ---------------------------------------------------------------------------- PNG defects

def small_png(**kwargs):
    return png_bytes(random_samples((4, 5), 8), 8, 0, **kwargs)


def test_interlaced_png_is_refused_with_a_fix(tmp_path):
    path = write(tmp_path, small_png(interlace=1))
    assert_image_error(path, "interlaced PNG is not supported; save it without interlacing")


def test_bad_crc(tmp_path):
    data = bytearray(small_png())
    data[30] ^= 0x01  # bytes 29-32 are the IHDR CRC
    assert_image_error(write(tmp_path, bytes(data)), "CRC mismatch")


@pytest.mark.parametrize("keep", [9, 16, 33, 40, -20, -12, -1])
def test_truncated_png(tmp_path, keep):
    data = small_png()
    assert_image_error(write(tmp_path, data[:keep]), "truncated PNG")


@pytest.mark.parametrize("fields, stream, match", [
    ((0, 4, 8, 0, 0, 0, 0), b"", "zero size"),
    ((4, 0, 8, 0, 0, 0, 0), b"", "zero size"),
    ((MAX_SIDE + 1, 1, 8, 0, 0, 0, 0), b"", "larger than"),
    ((2**31 - 1, 2**31 - 1, 16, 6, 0, 0, 0), b"", "larger than"),
    ((2, 2, 3, 0, 0, 0, 0), b"", "bit depth 3"),
    ((2, 2, 8, 5, 0, 0, 0), b"", "colour type 5"),
    ((2, 2, 4, 2, 0, 0, 0), b"", "bit depth 4 is not allowed for RGB"),
    ((2, 2, 8, 0, 1, 0, 0), b"", "compression"),
    ((2, 2, 8, 0, 0, 0, 2), b"", "interlace method 2"),
    ((2, 2, 8, 0, 0, 0, 0), b"\x05\x00\x00\x00\x00\x00", "filter type 5 on row 0"),
    ((2, 2, 8, 0, 0, 0, 0), b"\x00\x00\x00", "stops after 3 of 6 bytes"),
    ((2, 2, 8, 0, 0, 0, 0), bytes(7), "more image data"),
    ((2, 2, 8, 3, 0, 0, 0), bytes(6), "without a palette"),
])
def test_malformed_headers_and_data(tmp_path, fields, stream, match):
    assert_image_error(write(tmp_path, png_from_parts(fields, stream)), match)


def test_giant_dimensions_are_refused_before_decompressing(tmp_path):
    # A 10,001 x 10,001 RGBA16 header over a zip bomb: refused from the header, instantly.
    bomb = zlib.compress(bytes(50_000_000), 9)
    data = (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 10_001, 10_001, 16, 6, 0, 0, 0))
            + chunk(b"IDAT", bomb) + chunk(b"IEND", b""))
    start = time.perf_counter()
    assert_image_error(write(tmp_path, data), "larger than the 10000x10000 limit")
    assert time.perf_counter() - start < 0.5


def test_zip_bomb_inside_allowed_dimensions_stops_early(tmp_path):
    bomb = zlib.compress(bytes(200_000_000), 9)  # 200 MB of zeros for a 2x2 image
    data = (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", bomb) + chunk(b"IEND", b""))
    start = time.perf_counter()
    assert_image_error(write(tmp_path, data), "more image data")
    assert time.perf_counter() - start < 0.5


def test_chunk_order_and_structure(tmp_path):
    body = random_samples((2, 2), 8)
    good = png_bytes(body, 8, 0)
    ihdr_end = 8 + 25
    no_idat = good[:ihdr_end] + chunk(b"IEND", b"")
    assert_image_error(write(tmp_path, no_idat), "no IDAT")
    text_first = PNG_SIGNATURE + chunk(b"tEXt", b"a\x00b") + good[8:]
    assert_image_error(write(tmp_path, text_first), "first chunk is tEXt")
    two_headers = good[:ihdr_end] + good[8:]
    assert_image_error(write(tmp_path, two_headers), "second IHDR")
    critical = good[:ihdr_end] + chunk(b"ABCD", b"") + good[ihdr_end:]
    assert_image_error(write(tmp_path, critical), "unknown critical chunk ABCD")
    bad_type = good[:ihdr_end] + struct.pack(">I", 0) + b"1234" + good[ihdr_end + 8:]
    assert_image_error(write(tmp_path, bad_type), "invalid chunk type")


def test_palette_defects(tmp_path):
    indices = np.array([[0, 1, 2]])
    out_of_range = png_bytes(indices, 8, 3, palette=[[0, 0, 0], [9, 9, 9]])
    assert_image_error(write(tmp_path, out_of_range), "palette index 2 .* only 2 colours")
    too_much_alpha = png_bytes(indices, 8, 3, palette=[[0, 0, 0]] * 3, trns=bytes(4))
    assert_image_error(write(tmp_path, too_much_alpha), "tRNS has 4 entries")
    bad_plte = png_bytes(indices, 8, 3, palette=[[0, 0, 0]] * 3)
    bad_plte = bad_plte.replace(chunk(b"PLTE", bytes(9)), chunk(b"PLTE", bytes(8)))
    assert_image_error(write(tmp_path, bad_plte), "PLTE chunk of 8 bytes")
    bad_key = png_bytes(indices, 8, 0, trns=b"\x00")
    assert_image_error(write(tmp_path, bad_key), "tRNS chunk has 1 bytes")


# ---------------------------------------------------------------------------- Netpbm

def test_pgm_plain_and_raw_8_bit(tmp_path):
    samples = random_samples((3, 4), 8)
    text = " ".join(map(str, samples.ravel()))
    plain = write(tmp_path, f"P2\n# a comment\n4 3\n255\n{text}\n".encode(), "a.pgm")
    raw = write(tmp_path, b"P5 4 3 255\n" + samples.astype(np.uint8).tobytes(), "b.pgm")
    expected = samples.astype(np.float32) / np.float32(255)
    np.testing.assert_array_equal(read_image(plain), expected)
    np.testing.assert_array_equal(read_image(raw), expected)


def test_pgm_plain_and_raw_16_bit(tmp_path):
    samples = random_samples((5, 2), 16)
    text = "\n".join(map(str, samples.ravel()))
    plain = write(tmp_path, f"P2 2 5 65535 {text}".encode(), "a.pgm")
    raw = write(tmp_path, b"P5\n2 5\n65535\n" + samples.astype(">u2").tobytes(), "b.pgm")
    expected = samples.astype(np.float32) / np.float32(65535)
    np.testing.assert_array_equal(read_image(plain), expected)
    np.testing.assert_array_equal(read_image(raw), expected)


def test_pgm_with_small_maxval_and_comments_everywhere_in_the_header(tmp_path):
    data = b"P5#magic\n#c1\n3#w\n 1 #h\n\t15\n" + bytes([0, 5, 15])
    np.testing.assert_array_equal(read_image(write(tmp_path, data)),
                                  np.float32([[0, 5, 15]]) / np.float32(15))


def test_pbm_plain_and_raw_one_is_black(tmp_path):
    bits = np.array([[1, 0, 1, 1, 0, 0, 0, 0, 1, 1], [0, 1, 0, 0, 1, 1, 1, 1, 0, 0]])
    plain = write(tmp_path, b"P1\n10 2\n1011000011\n0 1 0 0 1 1 1 1 0 0\n", "a.pbm")
    raw = write(tmp_path, b"P4\n10 2\n" + np.packbits(bits, axis=1).tobytes(), "b.pbm")
    for path in (plain, raw):
        np.testing.assert_array_equal(read_image(path), 1 - bits.astype(np.float32))


def test_ppm_plain_and_raw(tmp_path):
    samples = random_samples((2, 3, 3), 8)
    text = " ".join(map(str, samples.ravel()))
    plain = write(tmp_path, f"P3 3 2 255 {text}".encode(), "a.ppm")
    raw = write(tmp_path, b"P6 3 2 255\n" + samples.astype(np.uint8).tobytes(), "b.ppm")
    raw16 = write(tmp_path, b"P6 3 2 65535\n" + (samples * 257).astype(">u2").tobytes(), "c.ppm")
    reference = expected_grey(samples / 255)
    for path in (plain, raw, raw16):
        np.testing.assert_allclose(read_image(path), reference, atol=1e-6)


@pytest.mark.parametrize("data, match", [
    (b"P5 2 2 255\n\x00\x01\x02", "truncated PGM .* 3 of the 4 bytes"),
    (b"P5 2 2 255\n\x00\x01\x02\x03junk", "4 unexpected bytes after the raster"),
    (b"P5 2 2 255\x00\x01\x02\x03", "one whitespace byte"),
    (b"P5 2 2 255", "one whitespace byte"),
    (b"P5 2 2 0\n\x00\x00\x00\x00", "maxval 0 is outside"),
    (b"P5 2 2 70000\n", "maxval 70000 is outside"),
    (b"P5 2 2 9\n\x00\x0a\x00\x00", "sample value 10 exceeds the maxval 9"),
    (b"P5 2\n", "expected the height at byte 5, found the end of the file"),
    (b"P2 2 x 255\n", "expected the height .* found b'x'"),
    (b"P5 0 2 255\n", "zero size"),
    (b"P5 10001 2 255\n", "larger than"),
    (b"P5 99999999999999999999 2 255\n", "absurdly large"),
    (b"P2 2 2 255 1 2 3", "raster cut short: 3 values"),
    (b"P2 2 2 255 1 2 3 4 5", "longer than the header says"),
    (b"P2 2 2 255 1 2 -3 4", "unexpected character b'-'"),
    (b"P2 1 1 255 123456789012345678901234567890", "absurdly large"),
    (b"P1 2 2 0 1 2 0", "must be 0 or 1"),
    (b"P1 2 2 010", "raster cut short"),
    (b"P4 9 2\n\x00\x00\x00", "truncated PBM"),
])
def test_netpbm_defects(tmp_path, data, match):
    assert_image_error(write(tmp_path, data), match)


def test_netpbm_trailing_whitespace_is_fine(tmp_path):
    path = write(tmp_path, b"P5 2 1 255\n\x00\xff\n\n")
    np.testing.assert_array_equal(read_image(path), [[0.0, 1.0]])


# ---------------------------------------------------------------------------- .npy

def npy_file(tmp_path, array, name="image.npy"):
    path = tmp_path / name
    np.save(path, array, allow_pickle=False)
    return path


def npy_bytes(array):
    stream = io.BytesIO()
    np.save(stream, array, allow_pickle=False)
    return stream.getvalue()


def npy_with_header(header_dict_text, payload=b""):
    """A .npy built by hand, for dtypes and shapes np.save would refuse or allocate."""
    header = header_dict_text.encode("latin1")
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


def test_npy_uint8_and_floats(tmp_path):
    samples = random_samples((4, 6), 8).astype(np.uint8)
    np.testing.assert_array_equal(read_image(npy_file(tmp_path, samples)),
                                  samples.astype(np.float32) / np.float32(255))
    floats = np.random.default_rng(0).random((4, 6))
    np.testing.assert_array_equal(read_image(npy_file(tmp_path, floats)),
                                  floats.astype(np.float32))


def test_npy_other_numeric_types(tmp_path):
    np.testing.assert_array_equal(read_image(npy_file(tmp_path, np.eye(2, dtype=bool))),
                                  np.eye(2, dtype=np.float32))
    np.testing.assert_array_equal(read_image(npy_file(tmp_path, np.array([[0, 255]]))),
                                  [[0.0, 1.0]])
    np.testing.assert_array_equal(
        read_image(npy_file(tmp_path, np.array([[0, 65535]], dtype=np.uint16))), [[0.0, 1.0]])


def test_npy_colour_and_alpha(tmp_path):
    rgb = random_samples((3, 5, 3), 8).astype(np.uint8)
    np.testing.assert_allclose(read_image(npy_file(tmp_path, rgb)), expected_grey(rgb / 255),
                               atol=1e-6)
    rgba = np.random.default_rng(1).random((3, 5, 4)).astype(np.float32)
    np.testing.assert_allclose(read_image(npy_file(tmp_path, rgba)), expected_grey(rgba),
                               atol=1e-6)
    single = rgb[..., :1]
    np.testing.assert_array_equal(read_image(npy_file(tmp_path, single)),
                                  single[..., 0].astype(np.float32) / np.float32(255))


@pytest.mark.parametrize("array, match", [
    (np.array([[0.5, np.nan]]), "NaN or infinite"),
    (np.array([[0.5, np.inf]]), "NaN or infinite"),
    (np.array([[0.0, 255.0]]), r"float .npy values must lie in \[0, 1\]"),
    (np.array([[-1, 3]]), "int64 .npy values must lie in 0-255, found -1-3"),
    (np.array([[1 + 2j]]), "complex128 values"),
    (np.zeros(5), r"shape \(5,\)"),
    (np.zeros((10, 28, 28), dtype=np.uint8), r"shape \(10, 28, 28\)"),
    (np.zeros((0, 3)), "zero size"),
    (np.zeros((1, MAX_SIDE + 1), dtype=np.uint8), "larger than"),
    (np.zeros(2, dtype=[("a", "u1"), ("b", "u1")]), "an image needs numbers"),
])
def test_npy_defects(tmp_path, array, match):
    assert_image_error(npy_file(tmp_path, array), match)


def test_npy_of_python_objects_is_refused_without_unpickling(tmp_path):
    data = npy_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }",
                           b"cos\nsystem\n(S'echo owned'\ntR.")
    assert_image_error(write(tmp_path, data), "object values")


def test_npy_giant_shape_is_refused_before_allocating(tmp_path):
    data = npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (100000, 100000), }")
    assert_image_error(write(tmp_path, data), "100000x100000 pixels is larger than")


def test_damaged_npy(tmp_path):
    truncated = npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 4), }",
                                bytes(10))
    assert_image_error(write(tmp_path, truncated), "damaged .npy file")
    garbage = npy_with_header("{'descr': nonsense}")
    assert_image_error(write(tmp_path, garbage), "damaged .npy header")
    assert_image_error(write(tmp_path, b"\x93NUMPY\x01"), "damaged .npy header")


# ---------------------------------------------------------------------------- files

def test_file_problems(tmp_path):
    assert_image_error(tmp_path / "missing.png", "no such file")
    assert_image_error(tmp_path, "is a folder")
    assert_image_error(write(tmp_path, b""), "file is empty")
    assert_image_error(write(tmp_path, b"hello world"), "not a recognised image format")
    assert_image_error(write(tmp_path, b"\xff\xd8\xff\xe0\x00\x10JFIF"), "JPEG files are not "
                                                                           "supported; save")
    assert_image_error(write(tmp_path, b"P7\nWIDTH 2\n"), "PAM")


def test_image_error_is_a_value_error():
    assert issubclass(ImageError, ValueError)


# ---------------------------------------------------------------------------- as_ink

def test_black_on_white_and_white_on_black_both_become_white_ink_on_black():
    stroke = np.zeros((10, 10), dtype=np.float32)
    stroke[2:8, 4:6] = 1.0
    white_on_black = stroke
    black_on_white = 1.0 - stroke
    np.testing.assert_array_equal(as_ink(white_on_black), stroke)
    np.testing.assert_array_equal(as_ink(black_on_white), stroke)
    assert as_ink(black_on_white).dtype == np.float32


def test_inversion_looks_at_the_border_only():
    # Mostly-dark picture with a light frame: the frame is the paper, so it inverts.
    image = np.zeros((9, 9), dtype=np.float32)
    image[0, :] = image[-1, :] = image[:, 0] = image[:, -1] = 0.9
    np.testing.assert_allclose(as_ink(image), 1.0 - image)
    # A light interior with a dark frame is already light ink on dark paper.
    np.testing.assert_array_equal(as_ink(1.0 - image), 1.0 - image)


def test_inversion_tie_and_tiny_images():
    tie = np.array([[0.5, 0.5], [0.5, 0.5]], dtype=np.float32)
    np.testing.assert_array_equal(as_ink(tie), tie)
    np.testing.assert_array_equal(as_ink(np.float32([[0.8]])), [[np.float32(1) - np.float32(0.8)]])
    with pytest.raises(ValueError, match="2-D"):
        as_ink(np.zeros((2, 2, 3)))
    with pytest.raises(ValueError, match="non-empty"):
        as_ink(np.zeros((0, 4)))


def test_as_ink_does_not_modify_its_input():
    grey = np.zeros((3, 3), dtype=np.float32)
    as_ink(grey)[1, 1] = 7
    assert grey[1, 1] == 0


# ---------------------------------------------------------------------------- fuzzing

def fix_crcs(data):
    """Recompute every chunk's CRC so a corruption reaches the decoder past the CRC check."""
    out, pos = bytearray(data[:8]), 8
    while pos + 12 <= len(data):
        length = struct.unpack_from(">I", data, pos)[0]
        end = pos + 12 + length
        if end > len(data):
            break
        kind_and_body = data[pos + 4:end - 4]
        out += data[pos:end - 4] + struct.pack(">I", zlib.crc32(kind_and_body))
        pos = end
    return bytes(out + data[pos:])


def corrupt(data, rng):
    if not data:
        return data
    data = bytearray(data)
    mode = rng.integers(4)
    if mode == 0:  # flip a few bytes
        for pos in rng.integers(0, len(data), size=rng.integers(1, 4)):
            data[pos] = rng.integers(256)
    elif mode == 1:  # cut short
        del data[rng.integers(0, len(data)):]
    elif mode == 2:  # insert junk
        pos = rng.integers(0, len(data))
        data[pos:pos] = rng.integers(0, 256, size=rng.integers(1, 6), dtype=np.uint8).tobytes()
    else:  # drop a slice
        pos = rng.integers(0, len(data))
        del data[pos:pos + rng.integers(1, 8)]
    return bytes(data)


def corrupt_scanlines(rng):
    """A valid container around damaged scanlines: bad filter bytes, rows cut short."""
    row_bytes = 1 + 6 * 3
    raw = bytearray(rng.integers(0, 256, size=5 * row_bytes, dtype=np.uint8).tobytes())
    raw[::row_bytes] = rng.choice([0, 1, 2, 3, 4, 4, 5, 255], size=5).astype(np.uint8).tobytes()
    del raw[rng.integers(4 * row_bytes, 5 * row_bytes + 1):]
    return png_from_parts((6, 5, 8, 2, 0, 0, 0), bytes(raw))


def assert_valid_or_image_error(path):
    try:
        grey = read_image(path)
    except ImageError as exc:
        assert str(path) in str(exc)
        return "error"
    assert grey.ndim == 2 and grey.dtype == np.float32
    assert np.isfinite(grey).all() and grey.min() >= 0 and grey.max() <= 1
    return "image"


def test_fuzz_corrupted_files_fail_cleanly(tmp_path):
    rng = np.random.default_rng(2024)
    rgb = random_samples((6, 7, 3), 8, seed=5)
    originals = [
        png_bytes(rgb, 8, 2),
        png_bytes(random_samples((5, 9, 4), 16, seed=6), 16, 6),
        png_bytes(random_samples((7, 5), 2, seed=7), 2, 3, palette=[[1, 2, 3]] * 4,
                  trns=b"\x00\x80"),
        png_bytes(random_samples((4, 4), 8, seed=8), 8, 0, trns=b"\x00\x05"),
        b"P5 4 3 255\n" + random_samples((3, 4), 8).astype(np.uint8).tobytes(),
        b"P6 2 2 65535\n" + random_samples((2, 2, 3), 16).astype(">u2").tobytes(),
        b"P2\n# c\n3 2\n255\n0 10 20\n30 40 255\n",
        b"P1 3 2 010 111",
        b"P4 3 2\n\xa0\xe0",
        npy_bytes(rgb.astype(np.uint8)),
    ]
    outcomes = {"error": 0, "image": 0}
    path = tmp_path / "fuzzed"
    for trial in range(600):
        source = originals[trial % len(originals)]
        damaged = corrupt(source, rng)
        if source.startswith(PNG_SIGNATURE) and trial % 3 == 0:
            damaged = fix_crcs(damaged)  # let the damage past the CRCs into the decoder
        if trial % 10 == 9:
            damaged = corrupt_scanlines(rng)
        path.write_bytes(damaged)
        outcomes[assert_valid_or_image_error(path)] += 1
    print(f"\nfuzz: {outcomes}")
    assert outcomes["error"] > 100 and outcomes["image"] > 10


# ---------------------------------------------------------------------------- speed

def test_a_1000x1000_paeth_rgb_png_decodes_fast(tmp_path):
    samples = random_samples((1000, 1000, 3), 8, seed=11)
    smooth = (np.add.outer(np.arange(1000), np.arange(1000))[:, :, None] // 8 + samples // 16)
    path = write(tmp_path, png_bytes(smooth % 256, vectorised_paeth=True))
    start = time.perf_counter()
    grey = read_image(path)
    elapsed = time.perf_counter() - start
    print(f"\n1000x1000 Paeth RGB PNG: {elapsed * 1000:.0f} ms")
    np.testing.assert_allclose(grey, expected_grey(smooth % 256 / 255), atol=1e-6)
    assert elapsed < 2.0


def test_mixed_filters_on_a_large_image_are_fast_and_exact():
    samples = random_samples((600, 400, 4), 8, seed=12)
    rows = list(itertools.islice(itertools.cycle([4, 1, 3, 2, 0, 4]), 600))
    data = png_bytes(samples, filters=rows)
    start = time.perf_counter()
    png = decode_png(data)
    print(f"\n600x400 RGBA, mixed filters: {(time.perf_counter() - start) * 1000:.0f} ms")
    np.testing.assert_array_equal(png.samples, samples)
