"""My digits as a student meets them: a digit key on the canvas keeps the drawing, the My
digits page (Ctrl+5) shows, deletes and relabels them, and a file carries them to another
window bit for bit (issue 18, item 8)."""

from PySide6.QtCore import Qt

import numpy as np
import pytest

import engine
from gui.selftest import ScriptedDialogs
from gui.simulate import drag

from qt_helpers import HUNG, type_over, use_dataset

STROKE = [(100, 40), (110, 150), (120, 240)]  # on the Draw page's 280 px canvas


def stroke(number):
    """A different stroke for each number: distinct images."""
    return [(x + 12 * (number % 8), y + 9 * (number // 8)) for x, y in STROKE]


def draw(qtbot, window, points=STROKE):
    panel = window.draw_panel
    with qtbot.waitSignal(panel.read, timeout=HUNG):
        drag(panel.canvas, points, steps_between=6)
    assert panel.canvas.hasFocus()  # a click on the canvas gives it the keys


def add_drawn(qtbot, window, label, number=0, key_modifier=Qt.NoModifier):
    """Draw, then press the label's key on the canvas, as a student does; returns what the
    network saw."""
    draw(qtbot, window, stroke(number))
    seen = window.draw_panel.network_image().copy()
    qtbot.keyClick(window.draw_panel.canvas, getattr(Qt, f"Key_{label}"), key_modifier)
    return seen


def as_stored(image28):
    return np.clip(np.rint(np.asarray(image28, np.float64) * 255), 0, 255).astype(np.uint8)


def assert_same_digits(first, second):
    for name in ("images", "labels", "ids"):
        a, b = getattr(first, name), getattr(second, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name


def show_page(qtbot, window):
    """Ctrl+5, as a user presses it (a window takes keys once it is active)."""
    qtbot.waitUntil(window.isActiveWindow, timeout=HUNG)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    page = window.my_digits_page
    assert window.pages.currentWidget() is page
    return page


def click_digit(qtbot, page, row, modifier=Qt.NoModifier):
    gallery = page.gallery
    index = page.digits_model.index(row)
    qtbot.waitUntil(lambda: not gallery.visualRect(index).isEmpty(), timeout=HUNG)
    qtbot.mouseClick(gallery.viewport(), Qt.LeftButton, modifier,
                     gallery.visualRect(index).center())


def held_out_ids():
    """One id that is held out and one that is not, found among plain counted ids."""
    ids = [f"{number:032x}" for number in range(100)]
    return (next(i for i in ids if engine.is_held_out(i)),
            next(i for i in ids if not engine.is_held_out(i)))


# --- adding while drawing ------------------------------------------------------------------------

def test_a_digit_key_on_the_canvas_keeps_what_the_network_sees(qtbot, make_window, tmp_path):
    window = make_window(open_model=False)
    panel, canvas = window.draw_panel, window.draw_panel.canvas
    draw(qtbot, window)
    drawing = canvas.to_array()
    seen = panel.network_image().copy()
    qtbot.keyClick(canvas, Qt.Key_7)
    digits = window.my_digits.digits()
    assert len(digits) == 1 and digits.labels.tolist() == [7]
    assert np.array_equal(digits.images[0], as_stored(seen))  # bit for bit
    assert_same_digits(engine.load_my_digits(tmp_path / "my_digits.npz"), digits)
    assert window.my_digits_page.digits_model.rowCount() == 1
    assert window.my_digits_page.shown_labels()[0] in ("7", "7 (held out)")
    assert canvas.is_empty()
    assert panel.note_text() == "Added a 7 to my digits (1 in all)."
    qtbot.keyClick(canvas, Qt.Key_Z, Qt.ControlModifier)  # one undo step brings it back
    assert np.array_equal(canvas.to_array(), drawing)
    assert panel.note_text() == ""
    assert len(window.my_digits.digits()) == 1


def test_the_keypad_adds_too_and_eight_reads_well(qtbot, make_window):
    window = make_window(open_model=False)
    add_drawn(qtbot, window, 1, 0)
    add_drawn(qtbot, window, 8, 1, Qt.KeypadModifier)
    assert window.my_digits.digits().labels.tolist() == [1, 8]
    assert window.draw_panel.note_text() == "Added an 8 to my digits (2 in all)."


def test_a_digit_typed_into_the_sure_threshold_adds_nothing(qtbot, make_window):
    window = make_window(open_model=False)
    panel = window.draw_panel
    draw(qtbot, window)
    type_over(qtbot, panel.sure_threshold, "97")
    assert panel.sure_threshold.value() == 97.0
    assert len(window.my_digits.digits()) == 0
    assert not panel.canvas.is_empty() and panel.note_text() == ""


def test_the_menu_button_adds_for_mouse_users(qtbot, make_window):
    window = make_window(open_model=False)
    panel = window.draw_panel
    assert panel.add_button.isVisible() and panel.add_button.isEnabled()
    assert "0 to 9" in panel.add_button.toolTip()
    entries = panel.add_button.menu().actions()
    assert [entry.text() for entry in entries] == [f"Digit {digit}" for digit in range(10)]
    draw(qtbot, window)
    seen = panel.network_image().copy()
    entries[3].trigger()
    digits = window.my_digits.digits()
    assert digits.labels.tolist() == [3] and np.array_equal(digits.images[0], as_stored(seen))
    assert panel.canvas.is_empty()
    assert panel.note_text() == "Added a 3 to my digits (1 in all)."


def test_an_empty_canvas_adds_nothing_and_says_so(qtbot, make_window):
    window = make_window(open_model=False)
    canvas = window.draw_panel.canvas
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus, timeout=HUNG)
    qtbot.keyClick(canvas, Qt.Key_4)
    assert len(window.my_digits.digits()) == 0
    assert window.draw_panel.note_text() == ("Nothing to add: draw a digit on the canvas "
                                             "first, then press its key.")
    draw(qtbot, window)
    assert window.draw_panel.note_text() == ""  # said about the canvas as it was


TEST_IMAGE_REFUSED = ("This is a test image, not your handwriting: draw the digit yourself to "
                      "add it to my digits.")


def test_a_random_test_image_is_not_the_students_handwriting(qtbot, make_window, tiny_folder):
    window = make_window(open_model=False)
    panel = window.draw_panel
    use_dataset(qtbot, window, tiny_folder)
    draw(qtbot, window)  # the focus on the canvas
    panel.random_action.trigger()
    before = panel.canvas.to_array()
    qtbot.keyClick(panel.canvas, Qt.Key_3)
    assert len(window.my_digits.digits()) == 0
    assert panel.note_text() == TEST_IMAGE_REFUSED
    assert np.array_equal(panel.canvas.to_array(), before)  # not cleared


def test_a_test_image_shared_by_another_page_is_refused_too(qtbot, make_window):
    window = make_window(open_model=False)
    panel = window.draw_panel
    draw(qtbot, window)
    image = np.zeros((28, 28), np.uint8)
    image[5:23, 12:16] = 255
    with qtbot.waitSignal(panel.read, timeout=HUNG):
        window.drawing.show_test_image(image, "MNIST test image 4: its label is 1")
    qtbot.keyClick(panel.canvas, Qt.Key_1)
    assert len(window.my_digits.digits()) == 0
    assert panel.note_text() == TEST_IMAGE_REFUSED


# --- the page ------------------------------------------------------------------------------------

def test_the_page_is_the_fifth_and_an_empty_one_says_how_to_add(qtbot, make_window):
    window = make_window(open_model=False)
    assert window.pages.tabText(4) == "My digits" and window.page_actions[4].text() == \
        "My digits"
    page = show_page(qtbot, window)
    assert page.stack.currentWidget() is page.empty_label and page.empty_label.isVisible()
    assert "Draw & Train page" in page.empty_label.text() and "0 to 9" in \
        page.empty_label.text()
    assert not page.export_button.isEnabled() and not page.delete_button.isEnabled()
    assert not page.relabel_button.isEnabled() and page.import_button.isEnabled()


def test_the_gallery_shows_newest_first_counts_and_held_out_digits(qtbot, make_window,
                                                                   tmp_path):
    held, trained = held_out_ids()
    offered = engine.MyDigits.empty().add(np.full((28, 28), 50, np.uint8), 1, held).add(
        np.full((28, 28), 90, np.uint8), 4, trained)
    engine.save_my_digits(offered, tmp_path / "my_digits.npz")
    window = make_window(open_model=False)
    page = show_page(qtbot, window)
    assert page.stack.currentWidget() is page.gallery
    assert page.shown_labels() == ["4", "1 (held out)"]  # newest first
    model = page.digits_model
    assert "held out" in model.index(1).data(Qt.ToolTipRole)
    assert "held out" not in model.index(0).data(Qt.ToolTipRole)
    assert model.index(1).data(Qt.FontRole).italic()
    assert page.counts_label.text() == (
        "0: 0 · 1: 1 · 2: 0 · 3: 0 · 4: 1 · 5: 0 · 6: 0 · 7: 0 · 8: 0 · 9: 0 — 2 in all; 1 "
        "held out (in italics), never trained on, for an honest accuracy.")


def test_delete_key_asks_then_deletes_the_selected(qtbot, make_window, tmp_path):
    window = make_window(open_model=False)
    for number, label in enumerate((0, 1, 2)):
        add_drawn(qtbot, window, label, number)
    ids = window.my_digits.digits().ids.tolist()
    page = show_page(qtbot, window)
    click_digit(qtbot, page, 0)  # the newest: the 2
    click_digit(qtbot, page, 2, Qt.ControlModifier)  # the oldest: the 0
    assert page.selected_ids() == [ids[2], ids[0]]
    window.dialogs.delete_answer = False
    qtbot.keyClick(page.gallery, Qt.Key_Delete)
    assert window.dialogs.questions == ["Delete 2 of your digits? Export them first to keep a "
                                        "copy."]
    assert window.my_digits.digits().ids.tolist() == ids
    window.dialogs.delete_answer = True
    qtbot.keyClick(page.gallery, Qt.Key_Delete)
    assert window.my_digits.digits().ids.tolist() == [ids[1]]
    assert page.shown_labels() in (["1"], ["1 (held out)"])
    assert_same_digits(engine.load_my_digits(tmp_path / "my_digits.npz"),
                       window.my_digits.digits())
    assert window.statusBar().currentMessage() == "Deleted 2 of your digits; 1 left."


def test_the_delete_button_asks_too(qtbot, make_window):
    window = make_window(open_model=False)
    add_drawn(qtbot, window, 5)
    page = show_page(qtbot, window)
    click_digit(qtbot, page, 0)
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    assert window.dialogs.questions == ["Delete this digit of yours?"]
    assert len(window.my_digits.digits()) == 0
    assert page.stack.currentWidget() is page.empty_label


def test_digit_keys_in_the_gallery_relabel_the_selected(qtbot, make_window, tmp_path):
    window = make_window(open_model=False)
    for number, label in enumerate((3, 3, 5)):
        add_drawn(qtbot, window, label, number)
    ids = window.my_digits.digits().ids.tolist()
    page = show_page(qtbot, window)
    click_digit(qtbot, page, 1)
    click_digit(qtbot, page, 2, Qt.ControlModifier)
    qtbot.keyClick(page.gallery, Qt.Key_8)
    digits = window.my_digits.digits()
    assert digits.ids.tolist() == ids and digits.labels.tolist() == [8, 8, 5]
    assert [text.split()[0] for text in page.shown_labels()] == ["5", "8", "8"]
    assert page.selected_ids() == [ids[1], ids[0]]  # still selected: relabel again at once
    assert_same_digits(engine.load_my_digits(tmp_path / "my_digits.npz"), digits)
    relabel = page.relabel_button.menu().actions()
    assert [entry.data() for entry in relabel] == list(range(10))
    relabel[2].trigger()
    assert window.my_digits.digits().labels.tolist() == [2, 2, 5]


# --- files ---------------------------------------------------------------------------------------

def test_export_then_import_into_another_window_is_bit_for_bit(qtbot, make_window, tmp_path):
    window = make_window(open_model=False)
    for number, label in enumerate((9, 4, 7)):
        add_drawn(qtbot, window, label, number)
    page = show_page(qtbot, window)
    window.dialogs.my_digits_export_answer = str(tmp_path / "class" / "shared")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    shared = tmp_path / "class" / "shared.npz"
    assert window.statusBar().currentMessage() == f"Exported 3 digits to {shared}"
    friend = make_window(open_model=False, settings_file="friend.ini",
                         dialogs=ScriptedDialogs(), my_digits_file="friend.npz")
    friend.dialogs.my_digits_import_answer = str(shared)
    their_page = show_page(qtbot, friend)
    qtbot.mouseClick(their_page.import_button, Qt.LeftButton)
    assert_same_digits(friend.my_digits.digits(), window.my_digits.digits())
    assert_same_digits(engine.load_my_digits(tmp_path / "friend.npz"),
                       window.my_digits.digits())
    assert friend.statusBar().currentMessage() == (f"Imported 3 digits from {shared}; 3 in all "
                                                   f"now.")
    assert their_page.digits_model.rowCount() == 3
    qtbot.mouseClick(their_page.import_button, Qt.LeftButton)  # the same file again
    assert len(friend.my_digits.digits()) == 3
    assert friend.statusBar().currentMessage() == (f"Nothing new in {shared}: its digits are "
                                                   f"all here already.")
    assert friend.dialogs.messages == [] and window.dialogs.messages == []


@pytest.mark.parametrize("junk", [b"", b"PK\x03\x04 not really a zip", b"plain text\n"])
def test_a_damaged_import_is_refused_and_nothing_changes(qtbot, make_window, tmp_path, junk):
    window = make_window(open_model=False)
    add_drawn(qtbot, window, 6)
    own = tmp_path / "my_digits.npz"
    before, ids = own.read_bytes(), window.my_digits.digits().ids.tolist()
    offered = tmp_path / "from a friend.npz"
    offered.write_bytes(junk)
    window.dialogs.my_digits_import_answer = str(offered)
    page = show_page(qtbot, window)
    qtbot.mouseClick(page.import_button, Qt.LeftButton)
    [(title, text)] = window.dialogs.warnings
    assert title == "My digits" and str(offered) in text and text.endswith(".")
    assert "\n" not in text and "Traceback" not in text
    assert window.my_digits.digits().ids.tolist() == ids and own.read_bytes() == before
    assert offered.read_bytes() == junk


def test_cancelled_file_questions_do_nothing(qtbot, make_window, tmp_path):
    window = make_window(open_model=False)
    add_drawn(qtbot, window, 2)
    page = show_page(qtbot, window)
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.mouseClick(page.import_button, Qt.LeftButton)
    assert window.dialogs.suggested.suffix == ".npz"
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".npz") == [
        "my_digits.npz"]
    assert len(window.my_digits.digits()) == 1


def test_a_damaged_collection_at_start_is_renamed_aside_and_said(qtbot, make_window, tmp_path):
    own = tmp_path / "my_digits.npz"
    own.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    damaged = own.read_bytes()
    window = make_window(open_model=False)
    [aside] = tmp_path.glob("my_digits.damaged-*.npz")
    assert aside.read_bytes() == damaged  # every byte, under its new name
    [(title, text)] = window.dialogs.warnings
    assert title == "My digits" and str(own) in text and str(aside) in text
    assert len(window.my_digits.digits()) == 0
    page = show_page(qtbot, window)
    assert page.stack.currentWidget() is page.empty_label
    window.page_actions[0].trigger()  # back to Draw & Train (Ctrl+1)
    add_drawn(qtbot, window, 0)
    assert len(engine.load_my_digits(own)) == 1 and aside.read_bytes() == damaged


def test_a_read_only_data_folder_shows_the_digit_says_so_and_saves_later(
        qtbot, make_window, tmp_path, read_only_disk):
    window = make_window(open_model=False)
    own = tmp_path / "my_digits.npz"
    add_drawn(qtbot, window, 7, 0)
    assert len(window.my_digits.digits()) == 1
    assert window.my_digits_page.digits_model.rowCount() == 1  # shown all the same
    [(title, text)] = window.dialogs.warnings
    assert text == (f"{own} cannot be saved: read-only file system. Your digits are kept here "
                    f"meanwhile: the next change tries again to save them all, and Export on "
                    f"the My digits page saves them elsewhere.")
    page = show_page(qtbot, window)
    assert page.unsaved_label.isVisible() and page.unsaved_label.text() == text
    assert not own.exists()
    read_only_disk.on = False
    window.page_actions[0].trigger()  # back to Draw & Train (Ctrl+1)
    add_drawn(qtbot, window, 2, 1)
    assert_same_digits(engine.load_my_digits(own), window.my_digits.digits())
    assert window.my_digits.digits().labels.tolist() == [7, 2]
    assert len(window.dialogs.warnings) == 1
    assert page.unsaved_label.isHidden()


def test_the_collection_survives_a_restart(qtbot, make_window):
    window = make_window(open_model=False)
    for number, label in enumerate((1, 2)):
        add_drawn(qtbot, window, label, number)
    window.close()
    again = make_window(open_model=False, settings_file="again.ini")
    assert_same_digits(again.my_digits.digits(), window.my_digits.digits())
    assert again.my_digits_page.digits_model.rowCount() == 2
