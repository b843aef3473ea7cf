"""Reading users' digit images: PNG, JPEG, Netpbm, BMP, GIF, WebP, TIFF and .npy; every defect
must be an ImageError that names the file.

Most files are written with Pillow. PNGs that Pillow would never write (sub-byte depths, colour
keys, Adam7 interlacing, forged headers, zip bombs) come from a tiny encoder here.
"""
import io
import re
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageOps, features

from engine.files import images
from engine.files.images import MAX_SIDE, ImageError, as_ink, read_image

from ceilings import peak_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LUMA = np.array([0.299, 0.587, 0.114])
# Adam7 passes: first column, first row, column step, row step
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]
MB = 1 << 20


# ---------------------------------------------------------------------------- writing test files

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def pack_row(values, depth):
    """Samples of one row -> bytes, most significant bits first, padded to a whole byte."""
    if depth == 16:
        return b"".join(int(v).to_bytes(2, "big") for v in values)
    bits = "".join(format(int(v), f"0{depth}b") for v in values)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def png_bytes(samples, depth=8, colour=None, before_idat=b"", interlace=False, size=None,
              idat=None):
    """Encode (H, W, C) integer samples, every row unfiltered. `size` forges the header's
    (width, height); `idat` replaces the compressed image data."""
    samples = np.asarray(samples)
    if samples.ndim == 2:
        samples = samples[:, :, None]
    height, width, channels = samples.shape
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[channels] if colour is None else colour
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    stream = b"".join(b"\x00" + pack_row(row.ravel(), depth)
                      for x0, y0, dx, dy in passes for row in samples[y0::dy, x0::dx] if row.size)
    ihdr = struct.pack(">IIBBBBB", *(size or (width, height)), depth, colour, 0, 0, interlace)
    return (PNG_SIGNATURE + chunk(b"IHDR", ihdr) + before_idat
            + chunk(b"IDAT", zlib.compress(stream) if idat is None else idat)
            + chunk(b"IEND", b""))


def pillow_bytes(array, fmt, **options):
    stream = io.BytesIO()
    Image.fromarray(np.asarray(array)).save(stream, fmt, **options)
    return stream.getvalue()


def random_samples(shape, depth, seed=0):
    return np.random.default_rng(seed).integers(0, 1 << depth, shape, dtype=np.int64)


def write(tmp_path, data, name="image.bin"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_image_error(path, match, detail=None):
    """The read fails with an ImageError whose one sentence names the file and says what is
    wrong; `detail` is searched in the technical text the error carries for "Show details"."""
    with pytest.raises(ImageError, match=match) as caught:
        read_image(path)
    message = str(caught.value)
    assert str(path) in message and message.endswith(".") and "\n" not in message
    if detail is not None:
        assert re.search(detail, caught.value.detail), caught.value.detail
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




LEVELS = np.array([[0, 51], [204, 255]], dtype=np.uint8)  # greys 0, 0.2, 0.8 and 1 exactly
EXACT = LEVELS.astype(np.float32) / np.float32(255)


# ---------------------------------------------------------------------------- PNG

def test_a_grey_png_reads_back_to_its_exact_levels(tmp_path):
    grey = read_image(write(tmp_path, pillow_bytes(LEVELS, "PNG"), "digit.png"))
    assert grey.dtype == np.float32 and grey.shape == (2, 2)
    np.testing.assert_array_equal(grey, EXACT)
    np.testing.assert_allclose(grey, [[0.0, 0.2], [0.8, 1.0]], atol=1e-7)


@pytest.mark.parametrize("depth", [1, 2, 4, 8, 16])
def test_every_grey_bit_depth_gives_exact_levels(tmp_path, depth):
    samples = random_samples((5, 9), depth, seed=depth)  # 9 columns: sub-byte rows are padded
    grey = read_image(write(tmp_path, png_bytes(samples, depth, 0)))
    np.testing.assert_array_equal(grey, samples.astype(np.float32) / np.float32((1 << depth) - 1))


def test_a_16_bit_png_keeps_its_16_bits(tmp_path):
    samples = np.array([[0, 1000], [32768, 65535]], dtype=np.uint16)
    grey = read_image(write(tmp_path, pillow_bytes(samples, "PNG")))
    np.testing.assert_array_equal(grey, samples.astype(np.float32) / np.float32(65535))
    assert grey[0, 1] != np.float32(1000 // 256) / np.float32(255)  # not cut to 8 bits


def test_16_bit_colour_reads_to_within_8_bit_precision(tmp_path):
    rgba = random_samples((3, 4, 4), 16, seed=2)
    rgb = rgba[..., :3]
    for samples, colour in ((rgb, 2), (rgba, 6), (rgba[..., :2], 4)):
        grey = read_image(write(tmp_path, png_bytes(samples, 16, colour)))
        np.testing.assert_allclose(grey, expected_grey(samples / 65535), atol=1 / 255)


def test_colour_uses_bt601_luma(tmp_path):
    primaries = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]]],
                         dtype=np.uint8)
    grey = read_image(write(tmp_path, pillow_bytes(primaries, "PNG")))
    np.testing.assert_allclose(grey[0], [0.299, 0.587, 0.114, 1.0, 0.0], atol=1e-6)


def test_alpha_composites_onto_white(tmp_path):
    # Black ink at full, half and zero opacity, and a transparent "red" pixel.
    rgba = np.array([[[0, 0, 0, 255], [0, 0, 0, 128], [0, 0, 0, 0], [200, 10, 10, 0]]],
                    dtype=np.uint8)
    grey = read_image(write(tmp_path, pillow_bytes(rgba, "PNG")))
    np.testing.assert_allclose(grey[0], [0.0, 1 - 128 / 255, 1.0, 1.0], atol=1e-6)
    grey_alpha = np.array([[[0, 255], [0, 0], [100, 51]]], dtype=np.uint8)
    grey = read_image(write(tmp_path, pillow_bytes(grey_alpha, "PNG")))
    np.testing.assert_allclose(grey[0], [0.0, 1.0, 100 / 255 * 0.2 + 0.8], atol=1e-6)


def test_black_drawing_on_transparent_canvas_reads_as_dark_ink_on_white(tmp_path):
    rgba = np.zeros((8, 8, 4), dtype=np.uint8)
    rgba[2:6, 3:5, 3] = 255  # opaque black stroke; the rest is transparent black
    grey = read_image(write(tmp_path, pillow_bytes(rgba, "PNG")))
    assert grey[0, 0] == 1.0 and grey[3, 3] == 0.0
    ink = as_ink(grey)
    assert ink[3, 3] == 1.0 and ink[0, 0] == 0.0


def test_palette_with_transparency(tmp_path):
    palette = chunk(b"PLTE", bytes([0, 0, 0, 255, 0, 0, 0, 0, 0]))
    transparency = chunk(b"tRNS", b"\xff\x00")  # entry 1 (red) is transparent
    path = write(tmp_path, png_bytes([[0, 1, 2]], 8, 3, before_idat=palette + transparency))
    np.testing.assert_array_equal(read_image(path)[0], [0.0, 1.0, 0.0])


def test_colour_key_transparency(tmp_path):
    key = chunk(b"tRNS", struct.pack(">H", 7))
    path = write(tmp_path, png_bytes([[0, 7, 65535]], 16, 0, before_idat=key))
    np.testing.assert_array_equal(read_image(path)[0], [0.0, 1.0, 1.0])
    key = chunk(b"tRNS", struct.pack(">3H", 1, 2, 3))
    path = write(tmp_path, png_bytes([[[1, 2, 3], [0, 0, 0], [1, 2, 4]]], 8, 2, before_idat=key))
    grey = read_image(path)[0]
    assert grey[0] == 1.0 and grey[1] == 0.0
    assert grey[2] == pytest.approx((0.299 + 2 * 0.587 + 4 * 0.114) / 255, abs=1e-6)


def test_interlaced_png(tmp_path):
    samples = random_samples((9, 11), 8, seed=4)
    path = write(tmp_path, png_bytes(samples, 8, 0, interlace=True))
    np.testing.assert_array_equal(read_image(path), samples.astype(np.float32) / np.float32(255))


def test_format_comes_from_the_content_not_the_name(tmp_path):
    path = write(tmp_path, pillow_bytes(LEVELS, "PNG"), name="digit.jpg")
    np.testing.assert_array_equal(read_image(path), EXACT)


# ---------------------------------------------------------------------------- JPEG: phone photos

def test_jpeg(tmp_path):
    half = np.zeros((16, 16), dtype=np.uint8)
    half[:, 8:] = 255  # black | white, on the 8x8 block boundary
    grey = read_image(write(tmp_path, pillow_bytes(half, "JPEG", quality=95), "photo.jpg"))
    assert grey.shape == (16, 16)
    np.testing.assert_allclose(grey, half / 255, atol=0.02)
    red = np.zeros((16, 16, 3), dtype=np.uint8)
    red[..., 0] = 255
    grey = read_image(write(tmp_path, pillow_bytes(red, "JPEG", quality=95), "red.jpg"))
    np.testing.assert_allclose(grey, 0.299, atol=0.02)


def band_on_the_left_rotated_by_exif(orientation):
    """A 40-wide, 24-tall JPEG, white on its left 8 columns, whose EXIF asks for a rotation."""
    stored = np.zeros((24, 40), dtype=np.uint8)
    stored[:, :8] = 255
    exif = Image.Exif()
    exif[0x0112] = orientation  # the Orientation tag
    return pillow_bytes(stored, "JPEG", quality=95, exif=exif.tobytes())


@pytest.mark.parametrize("orientation, shape, band", [
    (1, (24, 40), np.s_[:, :8]),   # as stored
    (3, (24, 40), np.s_[:, -8:]),  # upside down: rotated 180 degrees
    (6, (40, 24), np.s_[:8, :]),   # phone held upright: rotate 90 degrees clockwise
    (8, (40, 24), np.s_[-8:, :]),  # rotate 90 degrees anticlockwise
])
def test_exif_rotated_jpeg_reads_upright(tmp_path, orientation, shape, band):
    grey = read_image(write(tmp_path, band_on_the_left_rotated_by_exif(orientation), "p.jpg"))
    assert grey.shape == shape
    expected = np.zeros(shape)
    expected[band] = 1.0
    np.testing.assert_allclose(grey, expected, atol=0.1)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_turns_the_picture_as_pillow_does(tmp_path, orientation):
    samples = np.arange(15, dtype=np.uint8).reshape(3, 5) * 17  # no symmetry to hide a mistake
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = write(tmp_path, pillow_bytes(samples, "PNG", exif=exif.tobytes()), "turned.png")
    with Image.open(path) as image:
        upright = np.asarray(ImageOps.exif_transpose(image))
    np.testing.assert_array_equal(read_image(path), upright.astype(np.float32) / np.float32(255))


# ---------------------------------------------------------------------------- other formats

@pytest.mark.parametrize("fmt, options", [
    ("BMP", {}),
    ("GIF", {}),
    ("TIFF", {}),
    ("PPM", {}),
    pytest.param("WEBP", {"lossless": True},
                 marks=pytest.mark.skipif(not features.check("webp"), reason="no WebP")),
])
def test_other_formats_read_exactly(tmp_path, fmt, options):
    path = write(tmp_path, pillow_bytes(LEVELS, fmt, **options), f"digit.{fmt.lower()}")
    np.testing.assert_array_equal(read_image(path), EXACT)


def test_gif_transparency_is_white(tmp_path):
    stream = io.BytesIO()
    image = Image.fromarray(np.array([[0, 1, 0]], dtype=np.uint8), "P")
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.save(stream, "GIF", transparency=1)
    np.testing.assert_array_equal(read_image(write(tmp_path, stream.getvalue()))[0], [0, 1, 0])


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


def test_pgm_with_other_maxvals_and_comments_everywhere_in_the_header(tmp_path):
    data = b"P5 #magic\n#c1\n3#w\n 1 #h\n\t15\n" + bytes([0, 5, 15])
    np.testing.assert_array_equal(read_image(write(tmp_path, data)),
                                  np.float32([[0, 5, 15]]) / np.float32(15))
    data = b"P5 3 1 1000\n" + np.array([0, 500, 1000], dtype=">u2").tobytes()
    np.testing.assert_allclose(read_image(write(tmp_path, data)), [[0.0, 0.5, 1.0]], atol=1e-4)


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


PGM, PBM, PPM = (f"is a damaged or truncated {name} file" for name in ("PGM", "PBM", "PPM"))


@pytest.mark.parametrize("data, match, detail", [
    (b"P5 2 2 255\n\x00\x01\x02", PGM, "image file is truncated"),
    (b"P5 2 2 255", PGM, None),
    (b"P5 2 2 255\x00\x01\x02\x03", PGM, None),
    (b"P5 2 2 0\n\x00\x00\x00\x00", PGM, "maxval must be greater than 0"),
    (b"P5 2 2 70000\n", PGM, "maxval must be greater than 0 and less than 65536"),
    (b"P5 2\n", PGM, None),
    (b"P2 2 x 255\n", PGM, None),
    (b"P5 0 2 255\n", PGM, None),
    (b"P5 10001 2 255\n", rf"is too large \(10001x2 pixels\): DigitLab reads images of up to "
                          rf"50 megapixels and {MAX_SIDE:,} pixels a side\.", "10001x2 pixels"),
    (b"P5 99999999999999999999 2 255\n", PGM, None),
    (b"P2 2 2 255 1 2 3", PGM, "not enough image data"),
    (b"P2 2 2 255 1 2 -3 4", PGM, None),
    (b"P2 1 1 255 123456789012345678901234567890", PGM, None),
    (b"P1 2 2 0 1 2 0", PBM, None),
    (b"P1 2 2 010", PBM, None),
    (b"P4 9 2\n\x00\x00\x00", PBM, None),
    (b"P6 2 2 255\n" + bytes(11), PPM, None),
])
def test_netpbm_defects(tmp_path, data, match, detail):
    assert_image_error(write(tmp_path, data), match, detail)


def test_netpbm_trailing_whitespace_is_fine(tmp_path):
    path = write(tmp_path, b"P5 2 1 255\n\x00\xff\n\n")
    np.testing.assert_array_equal(read_image(path), [[0.0, 1.0]])


# ---------------------------------------------------------------------------- damaged files

@pytest.mark.parametrize("keep", [9, 16, 33, 45, 0.5, 0.9])
def test_truncated_png(tmp_path, keep):
    data = pillow_bytes(random_samples((64, 64), 8).astype(np.uint8), "PNG")
    cut = data[:int(keep * len(data)) if keep < 1 else keep]
    assert_image_error(write(tmp_path, cut, "cut.png"), "damaged or truncated PNG file")


@pytest.mark.parametrize("keep", [3, 20, 0.5])
def test_truncated_jpeg(tmp_path, keep):
    data = pillow_bytes(random_samples((64, 64, 3), 8).astype(np.uint8), "JPEG")
    cut = data[:int(keep * len(data)) if keep < 1 else keep]
    assert_image_error(write(tmp_path, cut, "cut.jpg"), "damaged or truncated JPEG file")


def test_a_png_whose_end_is_cut_off_after_the_pixels_still_reads(tmp_path):
    data = pillow_bytes(LEVELS, "PNG")
    np.testing.assert_array_equal(read_image(write(tmp_path, data[:-12])), EXACT)  # no IEND


def test_bad_header_crc(tmp_path):
    data = bytearray(pillow_bytes(LEVELS, "PNG"))
    data[30] ^= 0x01  # bytes 29-32 are the IHDR CRC
    assert_image_error(write(tmp_path, bytes(data)), "damaged or truncated PNG file: its header "
                                                     "cannot be read")


@pytest.mark.parametrize("depth, colour", [(3, 0), (8, 5), (4, 2)])
def test_impossible_png_headers(tmp_path, depth, colour):
    data = png_bytes([[0, 0]], depth, colour)  # bit depth 3, colour type 5, 4-bit RGB
    assert_image_error(write(tmp_path, data), "damaged or truncated PNG file")


def test_a_text_file_named_png(tmp_path):
    path = write(tmp_path, b"hello world, this is not a picture\n", "digit.png")
    assert_image_error(path, r"is not an image DigitLab can read: save it as PNG, JPEG, "
                             r"PGM/PPM/PBM, BMP, GIF, WebP, TIFF or NumPy \.npy\.$",
                       detail="starts with b'hello wo'")


@pytest.mark.parametrize("data, name", [
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC/AVIF"),  # an iPhone photo
    (b"%PDF-1.4\n", "PDF"),
    (b"P7\nWIDTH 2\n", r"PAM \(P7\)"),
    (b"\x1f\x8b\x08\x00", "gzip"),
])
def test_unsupported_formats_are_named_with_a_fix(tmp_path, data, name):
    assert_image_error(write(tmp_path, data), f"is a {name} file, which DigitLab cannot read: "
                                              f"save the image as PNG, JPEG")


def test_file_problems(tmp_path):
    assert_image_error(tmp_path / "missing.png", "does not exist")
    assert_image_error(tmp_path, "is a folder, not an image file")
    assert_image_error(write(tmp_path, b""), "is empty")
    assert_image_error(write(tmp_path, b"\x89PNG\r\n\x1a\nnot really"), "truncated PNG file")


def test_image_error_is_a_value_error():
    assert issubclass(ImageError, ValueError)


# ---------------------------------------------------------------------------- sizes and bombs

def forged_jpeg(width, height):
    """A real JPEG whose frame header (SOF0) claims another size."""
    data = bytearray(pillow_bytes(np.zeros((8, 8), dtype=np.uint8), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


ZIP_BOMB = zlib.compress(bytes(50 * MB), 9)  # 50 MB of zeros in about 50 kB


@pytest.mark.parametrize("data", [
    png_bytes([[0]], size=(100_000, 100_000), idat=ZIP_BOMB),
    b"P5 100000 100000 255\n" + bytes(1000),
    forged_jpeg(65_000, 65_000),
], ids=["png", "pgm", "jpeg"])
def test_a_giant_header_is_refused_before_any_large_allocation(tmp_path, data):
    path = write(tmp_path, data)
    peak = peak_of(lambda: assert_image_error(path, "is too large"))
    assert peak < 50 * MB


def test_too_many_pixels_are_refused_even_below_max_side(tmp_path):
    # 7,100 x 7,100 is within MAX_SIDE but over MAX_PIXELS
    path = write(tmp_path, png_bytes([[0]], size=(7_100, 7_100), idat=ZIP_BOMB))
    assert_image_error(path, r"is too large \(7100x7100 pixels\)")


def test_pillows_own_bomb_warning_refuses_the_file_too(tmp_path, monkeypatch):
    # Pillow only warns between its pixel limit and twice it: that warning refuses the file too
    monkeypatch.setattr(images, "MAX_PIXELS", 10**9)
    path = write(tmp_path, png_bytes([[0]], size=(9_500, 9_500), idat=ZIP_BOMB))
    assert_image_error(path, "is too large", detail=r"Image size \(90250000 pixels\)")


def test_a_side_over_max_side_is_refused_from_the_header(tmp_path):
    path = write(tmp_path, png_bytes([[0]], size=(MAX_SIDE + 1, 1), idat=ZIP_BOMB))
    peak = peak_of(lambda: assert_image_error(
        path, rf"is too large \({MAX_SIDE + 1}x1 pixels\)"))
    assert peak < 50 * MB


def test_a_zip_bomb_inside_allowed_dimensions_decodes_only_the_pixels(tmp_path):
    path = write(tmp_path, png_bytes(np.zeros((2, 2), dtype=int), idat=ZIP_BOMB))
    grey = []
    peak = peak_of(lambda: grey.append(read_image(path)))
    assert peak < 50 * MB
    np.testing.assert_array_equal(grey[0], np.zeros((2, 2)))  # all-zero rows: black pixels


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
    (np.array([[0.0, 255.0]]), r"float values outside \[0, 1\] \(from 0 to 255\)"),
    (np.array([[-1, 3]]), r"int64 values outside 0-255 \(from -1 to 3\)"),
    (np.array([[1 + 2j]]), "complex128 values"),
    (np.zeros(5), r"shape \(5,\)"),
    (np.zeros((10, 28, 28), dtype=np.uint8), r"shape \(10, 28, 28\)"),
    (np.zeros((0, 3)), "is an empty image"),
    (np.zeros((1, MAX_SIDE + 1), dtype=np.uint8), "is too large"),
    (np.zeros(2, dtype=[("a", "u1"), ("b", "u1")]), "an image needs numbers"),
])
def test_npy_defects(tmp_path, array, match):
    assert_image_error(npy_file(tmp_path, array), match)


def test_npy_of_python_objects_is_refused_without_unpickling(tmp_path):
    data = npy_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }",
                           b"cos\nsystem\n(S'echo owned'\ntR.")
    assert_image_error(write(tmp_path, data), "object values")


def test_npy_giant_shape_is_refused_before_allocating(tmp_path):
    path = write(tmp_path, npy_with_header(
        "{'descr': '|u1', 'fortran_order': False, 'shape': (100000, 100000), }"))
    peak = peak_of(lambda: assert_image_error(path, r"is too large \(100000x100000 "
                                                               r"pixels\)"))
    assert peak < 50 * MB


def test_damaged_npy(tmp_path):
    truncated = npy_with_header("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 4), }",
                                bytes(10))
    assert_image_error(write(tmp_path, truncated), "damaged .npy file")
    garbage = npy_with_header("{'descr': nonsense}")
    assert_image_error(write(tmp_path, garbage), "damaged .npy file: its header cannot be read")
    assert_image_error(write(tmp_path, b"\x93NUMPY\x01"), "damaged .npy file: its header")


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


def test_a_photo_of_a_dark_digit_on_paper_becomes_white_ink(tmp_path):
    paper = np.full((32, 32), 230, dtype=np.uint8)
    paper[8:24, 14:18] = 20  # a "1" in dark pen
    ink = as_ink(read_image(write(tmp_path, pillow_bytes(paper, "JPEG", quality=95), "1.jpg")))
    assert ink[16, 15] > 0.8 and ink[0, 0] < 0.2


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
    rgb = random_samples((6, 7, 3), 8, seed=5).astype(np.uint8)
    originals = [
        pillow_bytes(rgb, "PNG"),
        png_bytes(random_samples((5, 9, 4), 16, seed=6), 16, 6),
        png_bytes(random_samples((7, 5), 2, seed=7), 2, 3, before_idat=chunk(
            b"PLTE", bytes(range(12))) + chunk(b"tRNS", b"\x00\x80")),
        png_bytes(random_samples((4, 4), 8, seed=8), 8, 0, before_idat=chunk(b"tRNS", bytes(2))),
        pillow_bytes(rgb, "JPEG"),
        pillow_bytes(rgb, "GIF"),
        pillow_bytes(rgb, "BMP"),
        pillow_bytes(rgb, "TIFF"),
        b"P5 4 3 255\n" + random_samples((3, 4), 8).astype(np.uint8).tobytes(),
        b"P6 2 2 65535\n" + random_samples((2, 2, 3), 16).astype(">u2").tobytes(),
        b"P2\n# c\n3 2\n255\n0 10 20\n30 40 255\n",
        b"P1 3 2 010 111",
        b"P4 3 2\n\xa0\xe0",
        npy_bytes(rgb),
    ]
    outcomes = {"error": 0, "image": 0}
    path = tmp_path / "fuzzed"
    for trial in range(700):
        source = originals[trial % len(originals)]
        damaged = corrupt(source, rng)
        if source.startswith(PNG_SIGNATURE) and trial % 3 == 0:
            damaged = fix_crcs(damaged)  # let the damage past the CRCs into the decoder
        path.write_bytes(damaged)
        outcomes[assert_valid_or_image_error(path)] += 1
    print(f"\nfuzz: {outcomes}")
    assert outcomes["error"] > 100 and outcomes["image"] > 10
