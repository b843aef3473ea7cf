"""Open a photo or scan of a handwritten digit for the canvas (File > Open image, or a drop).

Qt decodes it: its image readers are in the window (and the one-file binary) already, where
Pillow, which `python -m engine predict` uses, would add megabytes. The engine turns the grey
levels into ink (`engine.photo_ink`). Every file is untrusted, and a small file must cost small
memory, so the same limits hold as for the command line (engine/files/images.py):

- only a regular file of at most MAX_FILE_BYTES is read, and Qt reads it from memory;
- the format is decided by the file's first bytes, and only the formats a photo comes in are
  decoded (Qt's SVG and TGA readers, say, are never tried);
- the size in the header is checked before any pixel is decoded, and a picture over
  WORK_PIXELS is decoded smaller (a JPEG at 1/2 to 1/8 scale, as libjpeg does at no cost);
- what the decoder would hold is checked against MAX_DECODED_BYTES, and Qt's own allocation
  limit is set to it as well;
- the EXIF orientation is applied: a phone stores its pictures sideways and says so.

Each problem raises PhotoFileError with one translated sentence naming the file.
"""
import os
import stat
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QPainter

import numpy as np

import engine

from .i18n import tr

MAX_FILE_BYTES = engine.MAX_IMAGE_FILE_BYTES
MAX_PIXELS = engine.MAX_IMAGE_PIXELS
MAX_SIDE = engine.MAX_IMAGE_SIDE
MAX_DECODED_BYTES = engine.MAX_IMAGE_DECODED_BYTES

# Qt's names for the formats a photo or a scan comes in, and how a sentence names them.
PHOTO_FORMATS = {b"png": "PNG", b"jpeg": "JPEG", b"jpg": "JPEG", b"bmp": "BMP", b"gif": "GIF",
                 b"pbm": "PBM", b"pgm": "PGM", b"ppm": "PPM", b"tiff": "TIFF", b"tif": "TIFF",
                 b"webp": "WebP"}
DIALOG_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.pbm *.pgm *.ppm *.tif *.tiff *.webp"
DECODED_PIXEL_BYTES = 4  # Qt decodes colour to 32 bits a pixel


class PhotoFileError(ValueError):
    """A file that cannot be opened as a photo: the message is one sentence naming it."""


def read_photo(path):
    """The picture at `path` as float32 grey levels (H, W) in [0, 1], 1 = white, at most about
    WORK_PIXELS of them; PhotoFileError says what is wrong with the file."""
    path = Path(path)
    reader = QImageReader()
    buffer = QBuffer()  # the reader's device: it must live until the image is read
    buffer.setData(QByteArray(_file_bytes(path)))
    buffer.open(QIODevice.ReadOnly)
    reader.setDevice(buffer)
    reader.setAutoTransform(True)
    name = _photo_format(reader, path)
    _decode_smaller(reader, path, name)
    QImageReader.setAllocationLimit(MAX_DECODED_BYTES // 2**20 + 1)  # in MB; a last guard
    image = reader.read()
    if image.isNull():
        raise PhotoFileError(tr("{0} is a damaged or truncated {1} file.").format(path, name))
    return grey_levels(image)


def photo_ink(path, canvas_size):
    """`read_photo`, then the engine's ink for a `canvas_size` canvas (an engine.PhotoInk);
    a picture with no digit in it raises PhotoFileError too."""
    grey = read_photo(path)
    try:
        return engine.photo_ink(grey, canvas_size)
    except engine.NoDigitError:
        raise PhotoFileError(tr(
            "No digit found in {0}: nothing in it is dark and large enough to be one. Take "
            "the photo close, so that one digit in dark ink fills much of it.").format(
            path)) from None


def _file_bytes(path):
    """The file's bytes, once it is a regular file of at most MAX_FILE_BYTES. It is opened
    non-blocking and checked through its own descriptor: a named pipe would block the window
    forever, /dev/zero would never end, and nothing can swap the file between check and read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise PhotoFileError(_open_problem(path, exc)) from None
    try:
        _check_regular(path, os.fstat(fd))  # before fdopen, which refuses a folder itself
    except BaseException:
        os.close(fd)
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise PhotoFileError(_open_problem(path, exc)) from None
    if not data:
        raise PhotoFileError(tr("{0} is empty.").format(path))
    if len(data) > MAX_FILE_BYTES:  # it grew since fstat
        raise _too_many_bytes(path, len(data))
    return data


def _open_problem(path, exc):
    if isinstance(exc, FileNotFoundError):
        return tr("{0} does not exist.").format(path)
    if isinstance(exc, IsADirectoryError):
        return tr("{0} is a folder, not an image.").format(path)
    if isinstance(exc, PermissionError):
        return tr("{0} cannot be read: you may not read it.").format(path)
    return tr("{0} cannot be read: {1}.").format(path, exc.strerror or type(exc).__name__)


def _check_regular(path, info):
    if stat.S_ISDIR(info.st_mode):
        raise PhotoFileError(tr("{0} is a folder, not an image.").format(path))
    if not stat.S_ISREG(info.st_mode):
        raise PhotoFileError(tr("{0} is not an ordinary file (a device or a pipe): DigitLab "
                                "opens only ordinary files.").format(path))
    if info.st_size > MAX_FILE_BYTES:
        raise _too_many_bytes(path, info.st_size)


def _too_many_bytes(path, size):
    return PhotoFileError(tr(
        "{0} is too large ({1} MB): DigitLab opens images of up to {2} MB.").format(
        path, round(size / 2**20), MAX_FILE_BYTES // 2**20))


def _photo_format(reader, path):
    """How a sentence names the file's format, once it is one a photo comes in."""
    reader.setDecideFormatFromContent(True)
    found = bytes(reader.format().data()).lower()
    if found not in PHOTO_FORMATS:
        raise PhotoFileError(tr(
            "{0} is not a picture DigitLab can open: save it as PNG or JPEG.").format(path))
    return PHOTO_FORMATS[found]


def _decode_smaller(reader, path, name):
    """Refuse what is too large from the header alone; ask for a picture over WORK_PIXELS
    to be decoded smaller."""
    size = reader.size()
    width, height = size.width(), size.height()
    if width <= 0 or height <= 0:
        raise PhotoFileError(tr("{0} is a damaged or truncated {1} file.").format(path, name))
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise PhotoFileError(tr(
            "{0} is too large ({1}x{2} pixels): DigitLab opens pictures of up to {3} "
            "megapixels and {4} pixels a side.").format(
            path, width, height, MAX_PIXELS // 1_000_000, MAX_SIDE))
    factor = engine.image_reduction_factor(width, height)
    decoded = width * height
    if factor > 1:
        reader.setScaledSize(QSize(width // factor, height // factor))
        if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
            decoded = (width // factor) * (height // factor)  # decoded smaller, not scaled after
    if decoded * DECODED_PIXEL_BYTES > MAX_DECODED_BYTES:
        raise PhotoFileError(tr(
            "{0} is too large to open: its {1}x{2} pixels would take {3} MB. Save a smaller "
            "picture, or a JPEG.").format(
            path, width, height, round(decoded * DECODED_PIXEL_BYTES / 1e6)))


def grey_levels(image):
    """A decoded QImage as float32 grey (H, W), 1 = white; transparent parts count as white
    paper (a digit drawn in black on a transparent background)."""
    paper = QImage(image.size(), QImage.Format_RGB32)
    paper.fill(Qt.white)
    with QPainter(paper) as painter:
        painter.drawImage(0, 0, image)
    grey = paper.convertToFormat(QImage.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8, grey.bytesPerLine() * grey.height())
    pixels = rows.reshape(grey.height(), grey.bytesPerLine())[:, :grey.width()]
    return pixels.astype(np.float32) / np.float32(255)
