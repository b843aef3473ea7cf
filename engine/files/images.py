"""Read a user's digit image as grey levels, and turn paper-and-ink into MNIST's white ink.

`read_image(path)` returns a 2-D float32 array of grey levels in [0, 1], 1 = white, whatever the
file held:

- Pillow decodes PNG, JPEG, Netpbm (PBM/PGM/PPM), BMP, GIF, WebP and TIFF, recognised by the
  file's first bytes, never by its extension. Only these formats are tried: Pillow has plugins
  for many more (EPS even runs Ghostscript), and a digit never needs them. A photo's EXIF
  orientation is applied, as a phone stores its pictures sideways and says so in EXIF. 16-bit
  grey keeps its 16 bits; the first frame of an animation is the image.
- .npy: 2-D grey or (H, W, C) with C = 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; bool, integers
  (uint8 and other integer types hold 0-255, uint16 holds 0-65535) or finite floats in [0, 1].
  Loaded with allow_pickle=False: an array of Python objects is refused, never unpickled.

Colour becomes grey with the ITU-R BT.601 luma weights (0.299 R + 0.587 G + 0.114 B), the weights
MNIST-era software used (and Pillow's own "L" conversion). Transparent pixels are composited onto
WHITE, because a digit drawn in black on a transparent canvas is meant as dark ink on paper.

An image of more than `WORK_PIXELS` comes back smaller, averaged over boxes of a whole number of
pixels a side: the digit ends up 20x20 pixels anyway, and a 50-megapixel photo in float32 would
take 200 MB. Edge rows and columns that do not fill a box are dropped.

`as_ink(grey)` then turns paper-and-ink into MNIST's convention (white ink on black): see its
docstring for the rule.

Every file is untrusted input, and a small file must cost small memory. Only an ordinary file of
at most `MAX_FILE_BYTES` is read; the size in its header is checked before any pixel is decoded
(`MAX_PIXELS`, `MAX_SIDE`, and `MAX_DECODED_BYTES` for what Pillow would hold); a large JPEG is
decoded at a reduced scale; the conversion to grey runs a strip of rows at a time, so no
full-size float copy ever exists. Each defect raises `ImageError`: one sentence naming the file,
with the technical reason in its `detail`.
"""
import io
import math
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..messages import sentence
from .fileio import format_error, read_nonempty_file

# PIL is imported only inside the functions that decode: `import engine` (and so the GUI, which
# never reads image files) must not pay for it, nor must the one-file binary bundle it.

MAX_FILE_BYTES = 64 * 2**20  # a phone's 50-megapixel JPEG takes 10-25 MB
MAX_PIXELS = 50_000_000  # a phone photo of handwriting has 12-50 megapixels
MAX_SIDE = 10_000  # pixels per side; a forged header may claim 2^31
MAX_DECODED_BYTES = 100_000_000  # what Pillow holds decoded: 25 MP in colour, 50 MP in grey
WORK_PIXELS = 4_000_000  # larger images are averaged down to at most this many pixels
STRIP_PIXELS = 2**20  # converted to grey this many pixels at a time (a few MB of float32)
LUMA_WEIGHTS = (0.299, 0.587, 0.114)  # ITU-R BT.601

NPY_MAGIC = b"\x93NUMPY"
PILLOW_FORMATS = ("PNG", "JPEG", "PPM", "BMP", "GIF", "WEBP", "TIFF")  # JPEG includes MPO
SUPPORTED = sentence("PNG, JPEG, PGM/PPM/PBM, BMP, GIF, WebP, TIFF or NumPy .npy")
IMAGE_FILE = sentence("an image file")  # what read_nonempty_file says a file should have been
SIXTEEN_BIT_GREY = ("I;16", "I;16B", "I;16L", "I;16N", "I")  # PNG, TIFF; PGM with maxval > 255
# Bytes a pixel takes once Pillow has decoded it; every other mode (RGB too) takes 4.
PILLOW_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the turn that makes the picture upright, as Pillow's exif_transpose does it
UPRIGHT = {
    2: lambda a: a[:, ::-1],  # mirrored
    3: lambda a: a[::-1, ::-1],  # upside down
    4: lambda a: a[::-1],  # mirrored upside down
    5: lambda a: a.T,  # transposed
    6: lambda a: np.rot90(a, -1),  # phone held upright: turn clockwise
    7: lambda a: a[::-1, ::-1].T,  # transversed
    8: lambda a: np.rot90(a, 1),  # turn anticlockwise
}

# First bytes, only to word an error: which format a file Pillow could not read claims to be.
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"BM": "BMP",
    b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "WebP",
    b"P1": "PBM", b"P4": "PBM", b"P2": "PGM", b"P5": "PGM", b"P3": "PPM", b"P6": "PPM",
}
UNSUPPORTED = {b"%PDF": "PDF", b"P7": "PAM (P7)", b"\x1f\x8b": "gzip"}


class ImageError(ValueError):
    """An image file is missing, unreadable, damaged or in a form DigitLab cannot read."""


def read_image(path):
    """Read the image at `path` as 2-D float32 grey levels in [0, 1] (H, W), 1 = white; an image
    over `WORK_PIXELS` comes back averaged down by a whole factor."""
    path = Path(path)
    data = read_nonempty_file(path, ImageError, IMAGE_FILE, max_bytes=MAX_FILE_BYTES)
    grey = _read_npy(data, path) if data.startswith(NPY_MAGIC) else _read_picture(data, path)
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


def _check_size(width, height, path):
    """Refuse empty and giant images from the header alone, before any pixel is allocated."""
    if width == 0 or height == 0:
        raise format_error(ImageError, sentence("{path} is an empty image: it has no pixels.",
                                                path=path), f"{width}x{height} pixels")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _too_large(path, f"{width}x{height} pixels", size=(width, height))


def _too_large(path, detail, size=None):
    """The image is over the limits; `size` (width, height) when its header said it."""
    limits = {"path": path, "megapixels": MAX_PIXELS // 1_000_000, "side": MAX_SIDE}
    if size is None:
        said = sentence("{path} is too large: DigitLab reads images of up to {megapixels} "
                        "megapixels and {side:,} pixels a side.", **limits)
    else:
        said = sentence("{path} is too large ({width}x{height} pixels): DigitLab reads images "
                        "of up to {megapixels} megapixels and {side:,} pixels a side.",
                        width=size[0], height=size[1], **limits)
    return format_error(ImageError, said, detail)


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


# ---------------------------------------------------------------------------- size and memory

def reduction_factor(width, height):
    """The whole factor by which each side shrinks so that at most WORK_PIXELS remain."""
    return max(1, math.ceil(math.sqrt(width * height / WORK_PIXELS)))


def _reduced_grey(height, width, strip_grey):
    """Grey levels (H, W) from `strip_grey(rows, cols)`, which converts one strip of rows: only
    a strip at a time exists in float, and each is box-averaged by `reduction_factor` at once."""
    factor = reduction_factor(width, height)
    height, width = height - height % factor, width - width % factor
    grey = np.empty((height // factor, width // factor), dtype=np.float32)
    step = factor * max(1, STRIP_PIXELS // (width * factor))
    for top in range(0, height, step):
        bottom = min(top + step, height)
        grey[top // factor:bottom // factor] = _box_mean(
            strip_grey(slice(top, bottom), slice(0, width)), factor)
    return grey


def _box_mean(grey, factor):
    if factor == 1:
        return grey
    rows, cols = grey.shape
    return grey.reshape(rows // factor, factor, cols // factor, factor).mean(
        axis=(1, 3), dtype=np.float32)


def _upright(grey, orientation):
    turn = UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    return grey if turn is None else turn(grey)


# ---------------------------------------------------------------------------- Pillow

def _read_picture(data, path):
    from PIL import Image  # noqa: PLC0415 - see the note at the top

    with _pillow_errors(data, path):
        image = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS)  # the header only
        _check_size(*image.size, path)  # before a single pixel is decoded
        _draft_reduced(image)
        _check_decoded_bytes(image, path)
        image.load()
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)  # PNG keeps EXIF after pixels
        grey = _reduced_grey(image.height, image.width, lambda rows, cols: to_grey(
            _channels(_strip(image, rows, cols), path)))
    return _upright(grey, orientation)


def _draft_reduced(image):
    """Ask a large JPEG to decode at 1/2, 1/4 or 1/8 scale, which libjpeg does at no cost
    while decoding; other formats ignore the request."""
    factor = reduction_factor(*image.size)
    if factor > 1:
        image.draft(image.mode, (image.width // factor, image.height // factor))


def _check_decoded_bytes(image, path):
    """Mode and bit depth multiply what Pillow holds: 1-bit pixels take a byte each, colour 4."""
    decoded = image.width * image.height * PILLOW_PIXEL_BYTES.get(image.mode, 4)
    if decoded > MAX_DECODED_BYTES:
        raise format_error(ImageError, sentence("{path} is too large to decode: its {width}x"
                                                "{height} pixels would take {megabytes:,.0f} "
                                                "MB; save a smaller picture, or a JPEG.",
                                                path=path, width=image.width,
                                                height=image.height, megabytes=decoded / 1e6),
                           f"Pillow mode {image.mode}; at most {MAX_DECODED_BYTES} bytes decoded")


def _strip(image, rows, cols):
    if (rows.start, cols.start, rows.stop, cols.stop) == (0, 0, image.height, image.width):
        return image  # the whole image: no copy
    return image.crop((cols.start, rows.start, cols.stop, rows.stop))


@contextmanager
def _pillow_errors(data, path):
    """Turn whatever Pillow raises into an ImageError that names the file and the problem."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    claimed = _claimed_format(data)
    with warnings.catch_warnings():
        # Pillow's other warnings (odd EXIF or TIFF tags) are about files it reads anyway; a
        # phone photo's quirks are no business of a student's. Between its pixel limit and
        # twice it Pillow only warns, but both mean a possible decompression bomb.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except ImageError:
            raise
        except UnidentifiedImageError:
            raise _unidentified(data, claimed, path) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(path, str(exc)) from None
        except MemoryError:  # an allowed size can still be too much for a small machine
            raise format_error(ImageError, sentence("{path} needs more memory to decode than "
                                                    "this computer has free.", path=path),
                               "MemoryError") from None
        except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many types on damage
            raise format_error(ImageError, _damaged(path, claimed),
                               f"{type(exc).__name__}: {exc}") from None


def _damaged(path, claimed):
    if claimed is None:
        return sentence("{path} is a damaged or truncated image file.", path=path)
    return sentence("{path} is a damaged or truncated {format} file.", path=path,
                    format=claimed)


def _claimed_format(data):
    if data[4:8] == b"ftyp":
        return "HEIC/AVIF"
    return next((name for magic, name in {**SIGNATURES, **UNSUPPORTED}.items()
                 if data.startswith(magic)), None)


def _unidentified(data, claimed, path):
    if claimed in SIGNATURES.values():
        return format_error(ImageError, sentence("{path} is a damaged or truncated {format} "
                                                 "file: its header cannot be read.", path=path,
                                                 format=claimed),
                            "Pillow cannot identify the image")
    if claimed:
        return format_error(ImageError, sentence("{path} is a {format} file, which DigitLab "
                                                 "cannot read: save the image as {supported}.",
                                                 path=path, format=claimed, supported=SUPPORTED),
                            f"a {claimed} file")
    return format_error(ImageError, sentence("{path} is not an image DigitLab can read: save it "
                                             "as {supported}.", path=path, supported=SUPPORTED),
                        f"the file starts with {data[:8]!r}")


def _channels(image, path):
    """A decoded Pillow image -> float32 (H, W, C) in [0, 1], C as `to_grey` takes them."""
    key = image.info.get("transparency")  # grey or RGB: pixels of this value are transparent
    if image.mode in SIXTEEN_BIT_GREY:
        samples, top = np.asarray(image), 65535
        if samples.min() < 0 or samples.max() > top:  # mode "I" also holds 32-bit TIFFs
            raise format_error(ImageError, sentence("{path} holds 32-bit integer pixels, "
                                                    "which DigitLab cannot read: values must "
                                                    "lie in 0-65535.", path=path),
                               f"Pillow mode {image.mode}")
    else:
        image, key = _as_8_bit_channels(image, key, path)
        samples, top = np.asarray(image), 255
    if samples.ndim == 2:
        samples = samples[:, :, None]
    channels = _scaled(samples, top)
    if isinstance(key, (int, tuple)):
        opaque = (samples != np.asarray(key)).any(axis=2, keepdims=True)
        channels = np.concatenate([channels, opaque.astype(np.float32)], axis=2)
    return channels


def _as_8_bit_channels(image, key, path):
    """(image in mode L, LA, RGB or RGBA, colour key still to apply or None)."""
    if image.mode == "F":  # float TIFF: Pillow would truncate it to the integers 0 and 1
        raise format_error(ImageError, sentence("{path} holds 32-bit float pixels, which "
                                                "DigitLab cannot read.", path=path),
                           "Pillow mode F")
    if image.mode in ("L", "LA", "RGB", "RGBA"):
        return image, key
    if image.mode == "1" and key is None:
        return image.convert("L"), None  # a byte a pixel, not the four of RGB
    # palettes (and their transparent entries), CMYK, YCbCr, ...: Pillow resolves them
    alpha = key is not None or image.mode[-1] in "Aa"
    try:
        return image.convert("RGBA" if alpha else "RGB"), None
    except ValueError:
        raise format_error(ImageError, _odd_colours(path, image.format),
                           f"Pillow mode {image.mode}") from None


def _odd_colours(path, image_format):
    if not image_format:
        return sentence("{path} is an image in a colour mode DigitLab cannot read.",
                        path=path)
    return sentence("{path} is a {format} image in a colour mode DigitLab cannot read.",
                    path=path, format=image_format)


# ---------------------------------------------------------------------------- NumPy .npy

NPY_CHANNELS = (1, 2, 3, 4)


def _read_npy(data, path):
    array = _load_npy(data, path)
    top = _npy_unit_range(array, path)
    if array.ndim == 2:
        array = array[:, :, None]
    return _reduced_grey(array.shape[0], array.shape[1],
                         lambda rows, cols: to_grey(_scaled(array[rows, cols], top)))


def _load_npy(data, path):
    """The array, once its header is checked and the file holds all the data it declares:
    NumPy would allocate the declared size first."""
    shape, dtype, offset = _npy_header(data, path)
    _check_npy_layout(shape, dtype, path)
    needed = math.prod(shape) * dtype.itemsize
    if len(data) - offset < needed:
        raise _damaged_npy(path, f"the header declares {needed} bytes of data, the file holds "
                                 f"{len(data) - offset}")
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - NumPy's loader raises many types on damaged files
        raise _damaged_npy(path, f"{type(exc).__name__}: {exc}") from None


def _damaged_npy(path, detail):
    return format_error(ImageError, sentence("{path} is a damaged .npy file.", path=path),
                        detail)


def _npy_header(data, path):
    """Shape, dtype and data offset from the header alone: nothing is allocated before they
    are checked."""
    stream = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
    except Exception as exc:  # noqa: BLE001 - the header is a Python literal parsed by NumPy
        raise format_error(ImageError, sentence("{path} is a damaged .npy file: its header "
                                                "cannot be read.", path=path),
                           f"{type(exc).__name__}: {exc}") from None
    return shape, dtype, stream.tell()


def _check_npy_layout(shape, dtype, path):
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf":
        raise format_error(ImageError, sentence("{path} holds {dtype} values; an image needs "
                                                "numbers (bool, integer or float).", path=path,
                                                dtype=dtype), f"dtype {dtype.str}")
    if len(shape) == 3 and shape[2] in NPY_CHANNELS:
        height, width = shape[:2]
    elif len(shape) == 2:
        height, width = shape
    else:
        raise format_error(ImageError, sentence("{path} holds an array of shape {shape}; an "
                                                "image is (H, W) or (H, W, C) with C = 1 grey, "
                                                "2 grey+alpha, 3 RGB or 4 RGBA.", path=path,
                                                shape=shape), f"shape {shape}")
    _check_size(width, height, path)


def _npy_unit_range(array, path):
    """What divides the numbers into [0, 1]: 1 for bools and floats, 65535 for uint16, 255 for
    other integers; values outside that range are refused."""
    kind = array.dtype.kind
    if kind == "b":
        return 1
    if kind == "f":
        if not np.isfinite(array).all():
            raise format_error(ImageError, sentence("{path} holds NaN or infinite values.",
                                                    path=path), f"dtype {array.dtype}")
        low, high = float(array.min()), float(array.max())
        if low < 0.0 or high > 1.0:
            raise format_error(ImageError, sentence("{path} holds float values outside [0, 1] "
                                                    "(from {low:g} to {high:g}); divide 0-255 "
                                                    "data by 255.", path=path, low=low,
                                                    high=high), f"dtype {array.dtype}")
        return 1
    top = 65535 if array.dtype == np.uint16 else 255
    low, high = int(array.min()), int(array.max())
    if low < 0 or high > top:
        raise format_error(ImageError, sentence("{path} holds {dtype} values outside 0-{top} "
                                                "(from {low} to {high}).", path=path,
                                                dtype=array.dtype, top=top, low=low, high=high),
                           f"dtype {array.dtype}")
    return top
