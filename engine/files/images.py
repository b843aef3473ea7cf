"""Read a user's digit image (PNG, Netpbm or .npy) with nothing but NumPy and the standard library.

`read_image(path)` returns a 2-D float32 array of grey levels in [0, 1], 1 = white, whatever the
file held:

- The format is recognised by the file's first bytes, never by its extension.
- PNG: every bit depth and colour type of the PNG specification (grey, grey+alpha, RGB, RGBA,
  palette with optional tRNS transparency), all five row filters, CRCs checked. Interlaced (Adam7)
  files are refused with a message saying how to fix them.
- Netpbm: PBM, PGM and PPM, plain (P1-P3) and raw (P4-P6), maxval up to 65535, header comments.
- .npy: 2-D grey or (H, W, C) with C = 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; bool, integers
  (uint8 and other integer types hold 0-255, uint16 holds 0-65535) or finite floats in [0, 1].
  Loaded with allow_pickle=False: an array of Python objects is refused, never unpickled.

Colour becomes grey with the ITU-R BT.601 luma weights (0.299 R + 0.587 G + 0.114 B), the weights
MNIST-era software used. Transparent pixels are composited onto WHITE, because a digit drawn in
black on a transparent canvas is meant as dark ink on paper.

`as_ink(grey)` then turns paper-and-ink into MNIST's convention (white ink on black): see its
docstring for the rule.

Every file is untrusted input: each defect (missing, empty, unknown format, truncated, bad CRC,
impossible sizes, sizes over `MAX_SIDE`, NaN, ...) raises `ImageError` naming the file and the
problem, and sizes are checked before anything is allocated for the pixels.
"""
import io
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .fileio import read_nonempty_file

MAX_SIDE = 10_000  # pixels per side; a digit photo never needs more, a forged header may claim 2^31
LUMA_WEIGHTS = (0.299, 0.587, 0.114)  # ITU-R BT.601

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NPY_MAGIC = b"\x93NUMPY"
NETPBM_MAGIC = re.compile(rb"P[1-6][\s#]")

# Recognised only to say clearly that they are not supported.
OTHER_FORMATS = {
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"P7": "PAM (P7)",
    b"\x1f\x8b": "gzip",
}
SUPPORTED = "PNG, PGM/PPM/PBM or NumPy .npy"


class ImageError(ValueError):
    """An image file is missing, unreadable, damaged or in a form DigitLab cannot read."""


def read_image(path):
    """Read the image at `path` as 2-D float32 grey levels in [0, 1] (H, W), 1 = white."""
    path = Path(path)
    data = read_nonempty_file(path, ImageError, "an image file")
    grey = _decoder_for(data, path)(data, path)
    return np.ascontiguousarray(grey, dtype=np.float32)


def as_ink(grey):
    """Grey levels (1 = white) -> float32 ink in [0, 1], MNIST's convention: ink high, paper 0.

    MNIST digits are white ink on black, but a scan, photo or drawing is usually dark ink on light
    paper. The paper is what touches the edges, so the rule looks only at the border (the outer
    ring of pixels): when its median is above 0.5 the paper is light, and the image is inverted
    (1 - grey). Otherwise it already is light ink on dark paper and is returned unchanged. A tie
    at exactly 0.5 counts as dark paper.
    """
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2 or grey.size == 0:
        raise ValueError(f"as_ink needs a non-empty 2-D grey image, got shape {grey.shape}")
    if np.median(border_pixels(grey)) > 0.5:
        return (1.0 - grey).astype(np.float32)
    return grey.copy()


def border_pixels(image):
    """The outer ring of a 2-D array, each pixel once (corners are not counted twice)."""
    if image.shape[0] <= 2 or image.shape[1] <= 2:
        return image.ravel()
    return np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])


# ---------------------------------------------------------------------------- files and formats

def _decoder_for(data, path):
    if data.startswith(PNG_SIGNATURE):
        return _read_png
    if data.startswith(NPY_MAGIC):
        return _read_npy
    if NETPBM_MAGIC.match(data):
        return _read_netpbm
    for magic, name in OTHER_FORMATS.items():
        if data.startswith(magic):
            raise ImageError(f"{path}: {name} files are not supported; save the image as "
                             f"{SUPPORTED}")
    raise ImageError(f"{path}: not a recognised image format (starts with {data[:8]!r}); "
                     f"expected {SUPPORTED}")


def _check_size(width, height, path):
    """Refuse empty and giant images from the header alone, before any pixel is allocated."""
    if width == 0 or height == 0:
        raise ImageError(f"{path}: image has zero size ({width}x{height} pixels)")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ImageError(f"{path}: {width}x{height} pixels is larger than the "
                         f"{MAX_SIDE}x{MAX_SIDE} limit")


# ---------------------------------------------------------------------------- colour

def to_grey(channels):
    """float (H, W, C) in [0, 1], C = 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA -> float32 (H, W) grey.

    Colour is reduced with BT.601 luma; alpha composites onto white (transparent = paper).
    """
    channels = np.asarray(channels, dtype=np.float32)
    count = channels.shape[-1]
    if count >= 3:
        grey = channels[..., :3] @ np.asarray(LUMA_WEIGHTS, dtype=np.float32)
    else:
        grey = channels[..., 0]
    if count in (2, 4):
        alpha = channels[..., -1]
        grey = grey * alpha + (1.0 - alpha)
    return np.clip(grey, 0.0, 1.0).astype(np.float32, copy=False)


def _scaled(samples, maxval):
    return samples.astype(np.float32) / np.float32(maxval)


# ---------------------------------------------------------------------------- PNG

PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
PNG_COLOUR_NAMES = {0: "grey", 2: "RGB", 3: "palette", 4: "grey+alpha", 6: "RGBA"}
FILTER_NONE, FILTER_SUB, FILTER_UP, FILTER_AVERAGE, FILTER_PAETH = range(5)
MAX_CHUNK_LENGTH = 2**31 - 1
DIAGONAL_BAND_ROWS = 1024  # rows per wavefront pass: bounds the skewed buffer for giant images


@dataclass(frozen=True)
class PngHeader:
    width: int
    height: int
    bit_depth: int
    colour_type: int

    @property
    def channels(self):
        return PNG_CHANNELS[self.colour_type]

    @property
    def row_bytes(self):
        return (self.width * self.channels * self.bit_depth + 7) // 8

    @property
    def filter_unit(self):
        """Bytes per complete pixel, the distance filters look left (at least one byte)."""
        return max(1, self.channels * self.bit_depth // 8)


@dataclass(frozen=True)
class PngImage:
    """A decoded PNG before colour handling: integer samples (H, W, channels), exactly as stored."""
    header: PngHeader
    samples: np.ndarray  # uint8, or uint16 for 16-bit; palette indices for colour type 3
    palette: np.ndarray | None  # (N, 3) uint8
    transparency: bytes | None  # the raw tRNS chunk


def decode_png(data, path="<PNG data>"):
    """Decode PNG bytes into their integer samples; `path` only names the file in errors."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageError(f"{path}: not a PNG file (no PNG signature)")
    header, palette, transparency, compressed = _png_chunks(data, path)
    rows = _inflate(compressed, header, path)
    lines = _unfilter(rows, header.filter_unit, path)
    samples = _unpack_samples(lines, header)
    return PngImage(header, samples, palette, transparency)


def _read_png(data, path):
    png = decode_png(data, path)
    if png.header.colour_type == 3:
        return _palette_grey(png, path)
    channels = _scaled(png.samples, (1 << png.header.bit_depth) - 1)
    if png.transparency is not None and png.header.colour_type in (0, 2):
        channels = np.concatenate([channels, _colour_key_alpha(png, path)], axis=2)
    return to_grey(channels)


def _png_chunks(data, path):
    """Walk the chunks up to IEND: the header, palette, tRNS and the joined IDAT data."""
    header = palette = transparency = None
    idat = []
    pos = len(PNG_SIGNATURE)
    while True:
        name, body, pos = _next_chunk(data, pos, path)
        if header is None and name != "IHDR":
            raise ImageError(f"{path}: damaged PNG: first chunk is {name}, not IHDR")
        if name == "IHDR":
            if header is not None:
                raise ImageError(f"{path}: damaged PNG: a second IHDR chunk")
            header = _parse_ihdr(body, path)
        elif name == "PLTE":
            palette = _parse_palette(body, path)
        elif name == "tRNS":
            transparency = body
        elif name == "IDAT":
            idat.append(body)
        elif name == "IEND":
            break
        elif name[0].isupper():  # an unknown critical chunk: the spec says we must not guess
            raise ImageError(f"{path}: PNG uses an unknown critical chunk {name}")
    if not idat:
        raise ImageError(f"{path}: PNG holds no image data (no IDAT chunk)")
    if header.colour_type == 3 and palette is None:
        raise ImageError(f"{path}: palette PNG without a palette (no PLTE chunk)")
    return header, palette, transparency, b"".join(idat)


def _next_chunk(data, pos, path):
    if pos + 8 > len(data):
        raise ImageError(f"{path}: truncated PNG: file ends at byte {len(data)} before the "
                         f"IEND chunk")
    length, kind = struct.unpack_from(">I4s", data, pos)
    if not kind.isalpha():
        raise ImageError(f"{path}: damaged PNG: invalid chunk type {kind!r} at byte {pos}")
    name = kind.decode("ascii")
    if length > MAX_CHUNK_LENGTH:
        raise ImageError(f"{path}: damaged PNG: {name} chunk at byte {pos} claims "
                         f"{length} bytes")
    end = pos + 12 + length
    if end > len(data):
        raise ImageError(f"{path}: truncated PNG: {name} chunk at byte {pos} needs {length} "
                         f"bytes and a CRC, but the file ends at byte {len(data)}")
    body = data[pos + 8:end - 4]
    if zlib.crc32(kind + body) != int.from_bytes(data[end - 4:end], "big"):
        raise ImageError(f"{path}: damaged PNG: CRC mismatch in the {name} chunk at byte {pos}")
    return name, body, end


def _parse_ihdr(body, path):
    if len(body) != 13:
        raise ImageError(f"{path}: damaged PNG: IHDR chunk has {len(body)} bytes, not 13")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", body)
    _check_size(width, height, path)
    if colour not in PNG_DEPTHS:
        raise ImageError(f"{path}: damaged PNG: unknown colour type {colour}")
    if depth not in PNG_DEPTHS[colour]:
        raise ImageError(f"{path}: damaged PNG: bit depth {depth} is not allowed for "
                         f"{PNG_COLOUR_NAMES[colour]} images")
    if compression != 0 or filtering != 0:
        raise ImageError(f"{path}: damaged PNG: unknown compression/filter method "
                         f"{compression}/{filtering}")
    if interlace == 1:
        raise ImageError(f"{path}: interlaced PNG is not supported; save it without interlacing")
    if interlace != 0:
        raise ImageError(f"{path}: damaged PNG: unknown interlace method {interlace}")
    return PngHeader(width, height, depth, colour)


def _parse_palette(body, path):
    if not body or len(body) % 3 or len(body) > 3 * 256:
        raise ImageError(f"{path}: damaged PNG: PLTE chunk of {len(body)} bytes is not "
                         f"1 to 256 RGB entries")
    return np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)


def _inflate(compressed, header, path):
    """Decompress to exactly (height, 1 + row_bytes): never more, so a zip bomb costs nothing."""
    expected = header.height * (header.row_bytes + 1)
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, expected + 1)
    except zlib.error as exc:
        raise ImageError(f"{path}: damaged PNG: corrupt compressed image data ({exc})") from None
    if len(raw) > expected:
        raise ImageError(f"{path}: damaged PNG: more image data than {header.width}x"
                         f"{header.height} pixels need")
    if len(raw) < expected or not inflater.eof:
        raise ImageError(f"{path}: truncated PNG: image data stops after {len(raw)} of "
                         f"{expected} bytes")
    return np.frombuffer(raw, dtype=np.uint8).reshape(header.height, header.row_bytes + 1)


def _unfilter(rows, unit, path):
    """Undo the per-row filters of (H, 1 + row_bytes) scanlines -> (H, row_bytes) uint8."""
    filters, lines = rows[:, 0], rows[:, 1:]
    unknown = np.flatnonzero(filters > FILTER_PAETH)
    if unknown.size:
        row = int(unknown[0])
        raise ImageError(f"{path}: damaged PNG: unknown filter type {filters[row]} on row {row}")
    if (filters >= FILTER_AVERAGE).any():
        return _unfilter_diagonals(lines, filters, unit)
    return _unfilter_rows(lines, filters, unit)


def _unfilter_rows(lines, filters, unit):
    """None, Sub and Up only: each row is one vectorised step from the row above."""
    out = np.empty_like(lines)
    previous = np.zeros(lines.shape[1], dtype=np.uint8)
    for row, kind in enumerate(filters.tolist()):
        line = lines[row]
        if kind == FILTER_SUB:  # a running sum per byte of the pixel, wrapping modulo 256
            line = line.reshape(-1, unit).cumsum(axis=0, dtype=np.uint8).reshape(-1)
        elif kind == FILTER_UP:
            line = line + previous
        out[row] = line
        previous = out[row]
    return out


def _unfilter_diagonals(lines, filters, unit):
    """Any mix of filters, Average and Paeth included, in bands of rows."""
    height = lines.shape[0]
    units = lines.reshape(height, -1, unit)
    out = np.empty_like(units)
    previous = np.zeros(units.shape[1:], dtype=np.int16)
    for start in range(0, height, DIAGONAL_BAND_ROWS):
        stop = min(height, start + DIAGONAL_BAND_ROWS)
        decoded = _unfilter_band(units[start:stop], filters[start:stop], previous)
        out[start:stop] = decoded
        previous = decoded[-1]
    return out.reshape(lines.shape)


def _unfilter_band(raw, filters, previous):
    """Unfilter (rows, pixels, unit) bytes as a wavefront over anti-diagonals.

    Average and Paeth need the decoded pixel to the left, so one row is inherently sequential.
    But pixel (r, c) needs only (r, c-1), (r-1, c) and (r-1, c-1): every pixel on an
    anti-diagonal r + c = k depends on diagonals k-1 and k-2 alone. Stepping through the
    rows + width diagonals, each a vectorised NumPy step, decodes all rows at once.

    Layout: `grid[k, i]` holds pixel (i, k - i - 1) of the band, row 0 being the row above the
    band; a diagonal is then one contiguous slice, and column -1 (grid[i, i]) stays zero as the
    filters require. `pixels` is a strided view of the same memory in ordinary (row, column)
    order, used to load the raw bytes and read back the result.
    """
    count, width, unit = raw.shape
    rows = count + 1
    buffer = np.zeros((count + width + 1) * rows * unit, dtype=np.int16)
    grid = buffer.reshape(count + width + 1, rows, unit)
    step = buffer.itemsize * unit
    pixels = as_strided(buffer[rows * unit:], shape=(rows, width, unit),
                        strides=((rows + 1) * step, rows * step, buffer.itemsize))
    pixels[0] = previous
    pixels[1:] = raw
    kinds = np.concatenate([[FILTER_NONE], filters]).astype(np.int16)[:, None]
    present = set(filters.tolist())
    for k in range(2, count + width + 1):
        first, last = max(1, k - width), min(count, k - 1)
        here = grid[k, first:last + 1]
        left = grid[k - 1, first:last + 1]
        above = grid[k - 1, first - 1:last]
        corner = grid[k - 2, first - 1:last]
        here += _predict(present, kinds[first:last + 1], left, above, corner)
        here &= 0xFF
    return pixels[1:].astype(np.uint8)


def _predict(present, kinds, left, above, corner):
    """The filters' predictions for one diagonal; a band with one filter skips the selection."""
    if present == {FILTER_PAETH}:
        return _paeth(left, above, corner)
    if present == {FILTER_AVERAGE}:
        return (left + above) >> 1
    return np.select(
        [kinds == FILTER_SUB, kinds == FILTER_UP, kinds == FILTER_AVERAGE, kinds == FILTER_PAETH],
        [left, above, (left + above) >> 1, _paeth(left, above, corner)],
        0,
    )


def _paeth(left, above, corner):
    """The PNG spec's Paeth predictor, ties broken in its order: left, above, corner."""
    to_left, to_above = above - corner, left - corner  # |p - a| and |p - b| before abs
    distance_left, distance_above = np.abs(to_left), np.abs(to_above)
    distance_corner = np.abs(to_left + to_above)
    use_left = (distance_left <= distance_above) & (distance_left <= distance_corner)
    return np.where(use_left, left, np.where(distance_above <= distance_corner, above, corner))


def _unpack_samples(lines, header):
    """(H, row_bytes) bytes -> (H, W, channels) samples, splitting 1/2/4-bit bytes apart."""
    height, width, depth = header.height, header.width, header.bit_depth
    if depth == 16:
        values = lines.view(">u2").astype(np.uint16)
    elif depth == 8:
        values = lines
    else:  # sub-byte samples, most significant bits first; rows are padded to whole bytes
        shifts = np.arange(8 - depth, -1, -depth, dtype=np.uint8)
        values = (lines[:, :, None] >> shifts) & np.uint8((1 << depth) - 1)
        values = values.reshape(height, -1)[:, :width]
    return values.reshape(height, width, header.channels)


def _palette_grey(png, path):
    palette = png.palette
    alpha = np.full(len(palette), 255, dtype=np.uint8)
    if png.transparency is not None:
        if len(png.transparency) > len(palette):
            raise ImageError(f"{path}: damaged PNG: tRNS has {len(png.transparency)} entries "
                             f"for a palette of {len(palette)} colours")
        alpha[:len(png.transparency)] = np.frombuffer(png.transparency, dtype=np.uint8)
    indices = png.samples[..., 0]
    highest = int(indices.max())
    if highest >= len(palette):
        raise ImageError(f"{path}: damaged PNG: palette index {highest} but the palette has "
                         f"only {len(palette)} colours")
    rgba = np.concatenate([palette, alpha[:, None]], axis=1)
    greys = to_grey(_scaled(rgba, 255))  # one grey per palette entry, then a lookup
    return greys[indices]


def _colour_key_alpha(png, path):
    """tRNS for grey/RGB names one colour that is fully transparent; alpha (H, W, 1)."""
    expected = 2 * png.header.channels
    if len(png.transparency) != expected:
        raise ImageError(f"{path}: damaged PNG: tRNS chunk has {len(png.transparency)} bytes; "
                         f"a {PNG_COLOUR_NAMES[png.header.colour_type]} image needs {expected}")
    key = np.frombuffer(png.transparency, dtype=">u2")
    transparent = (png.samples == key).all(axis=2, keepdims=True)
    return (~transparent).astype(np.float32)


# ---------------------------------------------------------------------------- Netpbm

NETPBM_BLANKS = re.compile(rb"(?:\s|#[^\r\n]*)*")  # whitespace and comments between header fields
NETPBM_NUMBER = re.compile(rb"[0-9]+")
NETPBM_COMMENT = re.compile(rb"#[^\r\n]*")
NETPBM_NOT_DIGITS = re.compile(rb"[^0-9\s]")
NETPBM_NAMES = {1: "PBM", 2: "PGM", 3: "PPM", 4: "PBM", 5: "PGM", 6: "PPM"}
MAX_NETPBM_MAXVAL = 65535


@dataclass(frozen=True)
class NetpbmHeader:
    kind: int  # the digit of the magic number, 1-6
    width: int
    height: int
    maxval: int

    @property
    def name(self):
        return f"{NETPBM_NAMES[self.kind]} (P{self.kind})"

    @property
    def is_bitmap(self):
        return self.kind in (1, 4)

    @property
    def is_plain(self):
        return self.kind <= 3

    @property
    def channels(self):
        return 3 if self.kind in (3, 6) else 1

    @property
    def sample_count(self):
        return self.width * self.height * self.channels


def _read_netpbm(data, path):
    header, pos = _netpbm_header(data, path)
    if header.is_plain:
        samples = _plain_raster(data[pos:], header, path)
    else:
        if pos >= len(data) or not data[pos:pos + 1].isspace():
            raise ImageError(f"{path}: {header.name}: the header must end with one whitespace "
                             f"byte before the raster")
        samples = _binary_raster(data[pos + 1:], header, path)
    samples = samples.reshape(header.height, header.width, header.channels)
    if header.is_bitmap:  # PBM: 1 is black
        return 1.0 - samples[..., 0].astype(np.float32)
    highest = int(samples.max())
    if highest > header.maxval:
        raise ImageError(f"{path}: {header.name}: sample value {highest} exceeds the maxval "
                         f"{header.maxval} in the header")
    return to_grey(_scaled(samples, header.maxval))


def _netpbm_header(data, path):
    kind = data[1] - ord("0")
    fields = ("width", "height") if kind in (1, 4) else ("width", "height", "maxval")
    values = []
    pos = 2
    for field in fields:
        pos = NETPBM_BLANKS.match(data, pos).end()
        number = NETPBM_NUMBER.match(data, pos)
        if number is None:
            found = "the end of the file" if pos >= len(data) else repr(data[pos:pos + 1])
            raise ImageError(f"{path}: Netpbm header: expected the {field} at byte {pos}, "
                             f"found {found}")
        if len(number.group()) > 9:
            raise ImageError(f"{path}: Netpbm header: {field} {number.group()[:12]!r}... is "
                             f"absurdly large")
        values.append(int(number.group()))
        pos = number.end()
    width, height = values[:2]
    maxval = values[2] if len(values) == 3 else 1
    _check_size(width, height, path)
    if not 1 <= maxval <= MAX_NETPBM_MAXVAL:
        raise ImageError(f"{path}: Netpbm header: maxval {maxval} is outside 1-65535")
    return NetpbmHeader(kind, width, height, maxval), pos


def _plain_raster(body, header, path):
    body = NETPBM_COMMENT.sub(b"", body)  # comments belong in the header, but be forgiving
    bad = NETPBM_NOT_DIGITS.search(body)
    if bad:
        raise ImageError(f"{path}: {header.name}: unexpected character {bad.group()!r} in the "
                         f"plain-text raster")
    if header.is_bitmap:  # plain PBM digits need no separators: "0110" is four pixels
        digits = re.sub(rb"\s", b"", body)
        if re.search(rb"[^01]", digits):
            raise ImageError(f"{path}: {header.name}: raster digits must be 0 or 1")
        values = np.frombuffer(digits, dtype=np.uint8) - ord("0")
    else:
        tokens = body.split()
        try:
            values = np.fromiter(map(int, tokens), dtype=np.int64, count=len(tokens))
        except OverflowError:
            raise ImageError(f"{path}: {header.name}: a raster value is absurdly large") from None
    _check_sample_count(len(values), header, path)
    return values


def _check_sample_count(found, header, path):
    if found != header.sample_count:
        problem = "cut short" if found < header.sample_count else "longer than the header says"
        raise ImageError(f"{path}: {header.name}: raster {problem}: {found} values for "
                         f"{header.width}x{header.height} pixels x {header.channels} channels "
                         f"({header.sample_count})")


def _binary_raster(body, header, path):
    if header.is_bitmap:  # 8 pixels a byte, each row padded to a whole byte
        row_bytes = (header.width + 7) // 8
        needed = row_bytes * header.height
    else:
        dtype = np.dtype(np.uint8) if header.maxval < 256 else np.dtype(">u2")
        needed = header.sample_count * dtype.itemsize
    if len(body) < needed:
        raise ImageError(f"{path}: truncated {header.name}: raster has {len(body)} of the "
                         f"{needed} bytes that {header.width}x{header.height} pixels need")
    if body[needed:].strip():  # trailing whitespace is harmless; anything else means bad sizes
        raise ImageError(f"{path}: {header.name}: {len(body) - needed} unexpected bytes after "
                         f"the raster; is the size {header.width}x{header.height} right? "
                         f"(files holding several images are not supported)")
    if header.is_bitmap:
        packed = np.frombuffer(body, dtype=np.uint8, count=needed).reshape(header.height, -1)
        return np.unpackbits(packed, axis=1)[:, :header.width]
    return np.frombuffer(body, dtype=dtype, count=header.sample_count)


# ---------------------------------------------------------------------------- NumPy .npy

NPY_CHANNELS = (1, 2, 3, 4)


def _read_npy(data, path):
    shape, dtype = _npy_header(data, path)
    _check_npy_layout(shape, dtype, path)
    try:
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - NumPy's loader raises many types on damaged files
        raise ImageError(f"{path}: damaged .npy file ({exc})") from None
    if array.ndim == 2:
        array = array[:, :, None]
    return to_grey(_npy_unit_range(array, path))


def _npy_header(data, path):
    """Shape and dtype from the header alone, so nothing is allocated before they are checked."""
    stream = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
    except Exception as exc:  # noqa: BLE001 - the header is a Python literal parsed by NumPy
        raise ImageError(f"{path}: damaged .npy header ({exc})") from None
    return shape, dtype


def _check_npy_layout(shape, dtype, path):
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf":
        raise ImageError(f"{path}: .npy holds {dtype} values; an image needs numbers "
                         f"(bool, integer or float)")
    if len(shape) == 3 and shape[2] in NPY_CHANNELS:
        height, width = shape[:2]
    elif len(shape) == 2:
        height, width = shape
    else:
        raise ImageError(f"{path}: .npy array has shape {shape}; expected (H, W) or (H, W, C) "
                         f"with C = 1 grey, 2 grey+alpha, 3 RGB or 4 RGBA")
    _check_size(width, height, path)


def _npy_unit_range(array, path):
    """Numbers -> float32 in [0, 1]: uint8 and other integers are 0-255, uint16 is 0-65535."""
    kind = array.dtype.kind
    if kind == "b":
        return array.astype(np.float32)
    if kind == "f":
        if not np.isfinite(array).all():
            raise ImageError(f"{path}: .npy image holds NaN or infinite values")
        low, high = float(array.min()), float(array.max())
        if low < 0.0 or high > 1.0:
            raise ImageError(f"{path}: float .npy values must lie in [0, 1], found "
                             f"[{low:g}, {high:g}]; divide 0-255 data by 255")
        return array.astype(np.float32)
    top = 65535 if array.dtype == np.uint16 else 255
    low, high = int(array.min()), int(array.max())
    if low < 0 or high > top:
        raise ImageError(f"{path}: {array.dtype} .npy values must lie in 0-{top}, found "
                         f"{low}-{high}")
    return _scaled(array, top)
