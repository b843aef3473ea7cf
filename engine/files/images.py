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

`as_ink(grey)` then turns paper-and-ink into MNIST's convention (white ink on black): see its
docstring for the rule.

Every file is untrusted input: each defect (missing, empty, unknown format, truncated, damaged,
sizes over `MAX_SIDE` or Pillow's decompression-bomb limit, NaN, ...) raises `ImageError` naming
the file and the problem, and sizes are checked from the header before any pixel is decoded.
"""
import io
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .fileio import read_nonempty_file

# PIL is imported only inside the functions that decode: `import engine` (and so the GUI, which
# never reads image files) must not pay for it, nor must the one-file binary bundle it.

MAX_SIDE = 10_000  # pixels per side; a digit photo never needs more, a forged header may claim 2^31
LUMA_WEIGHTS = (0.299, 0.587, 0.114)  # ITU-R BT.601

NPY_MAGIC = b"\x93NUMPY"
PILLOW_FORMATS = ("PNG", "JPEG", "PPM", "BMP", "GIF", "WEBP", "TIFF")  # JPEG includes MPO
SUPPORTED = "PNG, JPEG, PGM/PPM/PBM, BMP, GIF, WebP, TIFF or NumPy .npy"
SIXTEEN_BIT_GREY = ("I;16", "I;16B", "I;16L", "I;16N", "I")  # PNG, TIFF; PGM with maxval > 255

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
    """Read the image at `path` as 2-D float32 grey levels in [0, 1] (H, W), 1 = white."""
    path = Path(path)
    data = read_nonempty_file(path, ImageError, "an image file")
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
        raise ImageError(f"{path}: image has zero size ({width}x{height} pixels)")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ImageError(f"{path}: {width}x{height} pixels is larger than the "
                         f"{MAX_SIDE}x{MAX_SIDE} limit")


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


# ---------------------------------------------------------------------------- Pillow

def _read_picture(data, path):
    from PIL import Image, ImageOps  # noqa: PLC0415 - see the note at the top

    with _pillow_errors(data, path):
        image = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS)  # the header only
        _check_size(*image.size, path)  # before a single pixel is decoded
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
    return to_grey(_channels(image, path))


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
            raise ImageError(_unidentified(data, claimed, path)) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(f"{path}: image is too large to read: {exc}") from None
        except MemoryError:  # an allowed size can still be too much for a small machine
            raise ImageError(f"{path}: not enough memory to decode this image") from None
        except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many types on damage
            raise ImageError(f"{path}: damaged or truncated {claimed or 'image'} file: "
                             f"{exc}") from None


def _claimed_format(data):
    if data[4:8] == b"ftyp":
        return "HEIC/AVIF"
    return next((name for magic, name in {**SIGNATURES, **UNSUPPORTED}.items()
                 if data.startswith(magic)), None)


def _unidentified(data, claimed, path):
    if claimed in SIGNATURES.values():
        return f"{path}: damaged or truncated {claimed} file: its header cannot be read"
    if claimed:
        return f"{path}: {claimed} files are not supported; save the image as {SUPPORTED}"
    return (f"{path}: not a recognised image format (starts with {data[:8]!r}); expected "
            f"{SUPPORTED}")


def _channels(image, path):
    """A decoded Pillow image -> float32 (H, W, C) in [0, 1], C as `to_grey` takes them."""
    key = image.info.get("transparency")  # grey or RGB: pixels of this value are transparent
    if image.mode in SIXTEEN_BIT_GREY:
        samples, top = np.asarray(image), 65535
        if samples.min() < 0 or samples.max() > top:  # mode "I" also holds 32-bit TIFFs
            raise ImageError(f"{path}: 32-bit integer images are not supported; values must "
                             f"lie in 0-65535")
    else:
        if image.mode == "F":  # float TIFF: Pillow would truncate it to the integers 0 and 1
            raise ImageError(f"{path}: 32-bit float images are not supported")
        if image.mode not in ("L", "LA", "RGB", "RGBA"):
            # palettes (and their transparent entries), 1-bit, CMYK, YCbCr, ...: Pillow resolves
            alpha = key is not None or image.mode[-1] in "Aa"
            try:
                image = image.convert("RGBA" if alpha else "RGB")
            except ValueError:
                raise ImageError(f"{path}: {image.format} images in Pillow's mode "
                                 f"{image.mode} are not supported") from None
            key = None
        samples, top = np.asarray(image), 255
    if samples.ndim == 2:
        samples = samples[:, :, None]
    channels = _scaled(samples, top)
    if isinstance(key, (int, tuple)):
        opaque = (samples != np.asarray(key)).any(axis=2, keepdims=True)
        channels = np.concatenate([channels, opaque.astype(np.float32)], axis=2)
    return channels


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
