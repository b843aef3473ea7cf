"""File > Open image and a drop on the canvas: a photo of a handwritten digit is read as if drawn,
can be corrected by drawing and erasing, and every bad file is answered in a sentence."""
import os
import struct
import sys
import zlib

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

import numpy as np
import pytest
from synthetic_photos import photo_of

import engine
from engine.files.images import WORK_PIXELS
from gui.photo_file import read_photo
from gui.simulate import drag

TITLE = "Cannot open image"


@pytest.fixture(scope="module")
def digits():
    data = engine.load_mnist()
    return data.x_test[:10].reshape(-1, 28, 28), data.t_test[:10]


def save_grey(grey, path, quality=-1):
    pixels = np.ascontiguousarray(np.clip(grey * 255, 0, 255).astype(np.uint8))
    image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1],
                   QImage.Format_Grayscale8)
    assert image.save(str(path), quality=quality)
    return path


def photo_file(digits, index, path, seed=0):
    """A made-up phone photo (1200 x 1600) of test digit `index`, as a JPEG."""
    grey = photo_of(digits[0][index], np.random.default_rng(seed), 1200, 1600)
    return save_grey(grey, path, quality=85)


def open_image(window, path):
    window.dialogs.image_answer = str(path)
    window.open_image_action.trigger()
    QApplication.processEvents()  # the read is queued for the event loop's next pass


def answer(window):
    reading = window.draw_panel.reading()
    return None if reading is None else reading[0]


def test_a_photo_is_read_as_the_digit(window, digits, tmp_path):
    for index in range(4):
        open_image(window, photo_file(digits, index, tmp_path / f"digit-{index}.jpg", index))
        assert not window.dialogs.errors
        assert answer(window) == str(digits[1][index])
        assert f"digit-{index}" in window.draw_panel.source_text()
        assert window.draw_panel.network_image() is not None


def test_the_photo_goes_onto_the_draw_page_from_any_page(window, digits, tmp_path):
    window.pages.setCurrentWidget(window.learn_page)
    open_image(window, photo_file(digits, 0, tmp_path / "seven.jpg"))
    assert window.pages.currentWidget() is window.draw_train_page
    assert window.draw_panel.canvas.hasFocus()


def test_the_dialog_opens_where_the_last_photo_was(window, digits, tmp_path):
    open_image(window, photo_file(digits, 0, tmp_path / "seven.jpg"))
    window.dialogs.image_answer = None  # Cancel this time: nothing changes
    before = window.draw_panel.canvas.to_array()
    window.open_image_action.trigger()
    assert window.dialogs.image_folder == str(tmp_path)
    assert np.array_equal(window.draw_panel.canvas.to_array(), before)


def test_undo_takes_the_photo_off(window, digits, tmp_path, qtbot):
    canvas = window.draw_panel.canvas
    drag(canvas, [(60, 60), (200, 200)])
    drawn = canvas.to_array()
    open_image(window, photo_file(digits, 0, tmp_path / "seven.jpg"))
    assert QApplication.focusWidget() is canvas  # opening it put the keys there
    qtbot.keyClick(canvas, Qt.Key_Z, Qt.ControlModifier)
    QApplication.processEvents()
    assert np.array_equal(canvas.to_array(), drawn)
    assert window.draw_panel.source_text() == ""


def test_drawing_and_erasing_correct_the_photo(window, digits, tmp_path):
    canvas = window.draw_panel.canvas
    open_image(window, photo_file(digits, 1, tmp_path / "two.jpg"))
    photo = canvas.to_array()
    drag(canvas, [(10, 270), (270, 270)], steps_between=10)  # a line along the bottom
    QApplication.processEvents()
    drawn = canvas.to_array()
    assert drawn[262:278].sum() > photo[262:278].sum()
    assert "two.jpg" in window.draw_panel.source_text()  # still the photo, with a stroke
    inked = np.argwhere(photo > 200)
    row, col = inked[len(inked) // 2]
    drag(canvas, [(col - 20, row), (col + 20, row)], button=Qt.RightButton, steps_between=10)
    QApplication.processEvents()
    erased = canvas.to_array()
    assert erased[row, col] == 0 and erased.sum() < drawn.sum()
    assert "two.jpg" in window.draw_panel.source_text()


def test_clearing_forgets_where_the_photo_came_from(window, digits, tmp_path):
    open_image(window, photo_file(digits, 0, tmp_path / "seven.jpg"))
    window.draw_panel.clear_action.trigger()
    QApplication.processEvents()
    assert window.draw_panel.source_text() == ""


def _drop(widget, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(centre.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)
    QApplication.processEvents()
    return enter.isAccepted(), drop.isAccepted()


def test_a_photo_dropped_on_the_canvas_is_read(window, digits, tmp_path):
    path = photo_file(digits, 2, tmp_path / "dropped.jpg")
    assert _drop(window.draw_panel.canvas, path) == (True, True)
    assert not window.dialogs.errors
    assert answer(window) == str(digits[1][2])
    assert "dropped.jpg" in window.draw_panel.source_text()


def test_a_drop_of_two_files_or_a_web_address_is_not_taken(window, digits, tmp_path):
    canvas = window.draw_panel.canvas
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/seven.jpg")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(canvas, enter)
    assert not enter.isAccepted()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.jpg")),
                  QUrl.fromLocalFile(str(tmp_path / "b.jpg"))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(canvas, enter)
    assert not enter.isAccepted()


def test_a_bad_file_dropped_is_explained(window, tmp_path):
    junk = tmp_path / "notes.jpg"
    junk.write_text("not a picture")
    _drop(window.draw_panel.canvas, junk)
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and "notes.jpg" in text


def _png_header_claiming(width, height):
    """A PNG whose header claims `width` x `height` pixels, with a few bytes of data."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _truncated_jpeg(digits, tmp_path):
    whole = photo_file(digits, 0, tmp_path / "whole.jpg").read_bytes()
    return whole[:200]


BAD_FILES = {
    "missing.jpg": (None, "does not exist"),
    "empty.png": (b"", "is empty"),
    "notes.jpg": (b"just some words\n", "not a picture DigitLab can open"),
    "drawing.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                    "not a picture DigitLab can open"),
    "huge.png": (_png_header_claiming(20_000, 20_000), "too large (20000x20000 pixels)"),
    "wide.png": (_png_header_claiming(8_000, 5_000), "too large to open"),  # 40 MP, a PNG
    "broken.png": (_png_header_claiming(300, 300), "damaged or truncated PNG"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_are_explained_and_the_drawing_stays(window, tmp_path, name):
    content, words = BAD_FILES[name]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    canvas = window.draw_panel.canvas
    drag(canvas, [(60, 60), (200, 200)])
    drawn = canvas.to_array()
    open_image(window, path)
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and name in text and words in text
    assert "Traceback" not in text and "Errno" not in text
    assert np.array_equal(canvas.to_array(), drawn)


def test_a_truncated_jpeg_is_refused_or_read_without_a_crash(window, digits, tmp_path):
    path = tmp_path / "cut.jpg"
    path.write_bytes(_truncated_jpeg(digits, tmp_path))
    open_image(window, path)
    [(title, text)] = window.dialogs.errors  # 200 bytes hold no digit, however decoded
    assert title == TITLE and "cut.jpg" in text


def test_a_folder_is_explained(window, tmp_path):
    open_image(window, tmp_path)
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and "is a folder" in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_waiting_for_it(window, tmp_path):
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    open_image(window, pipe)
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and "not an ordinary file" in text


def test_blank_paper_is_no_digit(window, tmp_path):
    paper = np.clip(0.85 + np.random.default_rng(0).normal(0, 0.02, (600, 800)), 0, 1)
    open_image(window, save_grey(paper, tmp_path / "blank.jpg", quality=90))
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and "No digit found in" in text and "blank.jpg" in text


def test_a_large_photo_is_decoded_smaller(digits, tmp_path):
    grey = photo_of(digits[0][0], np.random.default_rng(0), 3000, 4000)  # 12 megapixels
    path = save_grey(grey, tmp_path / "big.jpg", quality=80)
    pixels = read_photo(path)
    assert pixels.size <= WORK_PIXELS and pixels.shape == (1500, 2000)
    assert pixels.dtype == np.float32 and 0.0 <= pixels.min() and pixels.max() <= 1.0


def test_transparency_is_white_paper(tmp_path):
    image = QImage(40, 30, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    for row in range(5, 25):
        image.setPixelColor(20, row, Qt.black)
    image.save(str(tmp_path / "clear.png"))
    pixels = read_photo(tmp_path / "clear.png")
    assert pixels[0, 0] == 1.0 and pixels[10, 20] == 0.0


def test_a_phone_photo_stored_sideways_is_turned_upright(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    pixels = np.full((30, 40), 255, np.uint8)
    pixels[5:10, 30:35] = 0  # a dark block near the top right, as stored
    image = pil.fromarray(pixels)
    exif = image.getexif()
    exif[0x0112] = 6  # "turn clockwise to view"
    image.save(tmp_path / "sideways.jpg", exif=exif, quality=95)
    upright = read_photo(tmp_path / "sideways.jpg")
    assert upright.shape == (40, 30)
    dark = np.argwhere(upright < 0.5).mean(axis=0)
    assert dark[0] > 20 and dark[1] > 15  # the block is now near the bottom right


def test_the_action_has_a_shortcut_and_is_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.open_image_action in file_menu.actions()
    assert window.open_image_action.shortcut().toString() == "Ctrl+I"


@pytest.mark.skipif(sys.platform == "win32", reason="file modes")
def test_an_unreadable_file_is_explained(window, digits, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = photo_file(digits, 0, tmp_path / "locked.jpg")
    path.chmod(0)
    open_image(window, path)
    [(title, text)] = window.dialogs.errors
    assert title == TITLE and "you may not read it" in text
