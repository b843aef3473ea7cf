"""Lesson 2, the layer lab, as a student meets it: choose a layer, read its worked example,
type into its tables, change shapes, and see every number equal what the engine's layer
class returns."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

import numpy as np
import pytest

from engine.lessons import layer_lab
from engine.nn import layers as L
from gui.pages.learn.layer_lab import LayerLabLesson

from qt_helpers import HUNG

SCORES = np.array([[1, 3, 5, 7, 9, 1.5, 3.5, 5.5, 7.5, 9.5], [1] * 10, list(range(-10, 10, 2))],
                  dtype=np.float64)
LABELS = np.array([7, 4, 9])
SHOWN_RTOL = 5e-4  # a result shows four significant digits


# --- driving the lesson as a user ---------------------------------------------------------------

def open_layer_lab(qtbot, window):
    """Pages > Learn, then a click on lesson 2 in the list."""
    window.page_actions[2].trigger()
    page = window.learn_page
    qtbot.waitUntil(page.isVisible, timeout=HUNG)
    rect = page.lesson_list.visualItemRect(page.lesson_list.item(1))
    qtbot.mouseClick(page.lesson_list.viewport(), Qt.LeftButton, pos=rect.center())
    lesson = page.current_lesson()
    assert isinstance(lesson, LayerLabLesson)
    qtbot.waitUntil(lambda: lesson.current_panel().run is not None, timeout=HUNG)
    return lesson


def choose_layer(qtbot, lesson, name):
    """Arrow keys on the Layer box, as a keyboard user picks an entry."""
    combo = lesson.combo
    combo.setFocus()
    target = combo.findText(name)
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key_Down if combo.currentIndex() < target else Qt.Key_Up)
    panel = lesson.current_panel()
    assert panel.name == name and panel.isVisible()
    return panel


def type_into(qtbot, table, row, column, text):
    """Select a cell and type `text` and Enter: the first key opens the editor, the editor
    takes the rest. An empty `text` types a digit and deletes it."""
    table.setCurrentCell(row, column)
    table.setFocus()
    qtbot.keyClicks(table, text[:1] or "1")
    editor = QApplication.focusWidget()
    assert editor is not table, "the first key should have opened the cell's editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    if not text:
        qtbot.keyClick(editor, Qt.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key_Return)
    # the delegate commits the editor's text on the next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.EditingState, timeout=HUNG)


def step_spin(qtbot, spin, steps):
    spin.setFocus()
    for _ in range(abs(steps)):
        qtbot.keyClick(spin, Qt.Key_Up if steps > 0 else Qt.Key_Down)


def texts(panel, key):
    return panel.table(key).texts()


def shown_values(panel, key):
    """The numbers as the student reads them."""
    return np.array([[float(text) for text in row] for row in texts(panel, key)])


def expected_softmax_with_loss(scores, labels):
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    one_hot = np.eye(scores.shape[1])[labels]
    loss = -np.log(probabilities[np.arange(len(labels)), labels] + 1e-7).mean()
    return probabilities, one_hot, loss, (probabilities - one_hot) / len(labels)


def layer_on(panel):
    """The engine's layer class run directly on what the panel's input tables hold."""
    inputs = {key: table.array() for key, table in panel.inputs.items()}
    upstream = panel.table("upstream").array()
    if panel.name == "SoftmaxWithLoss":
        layer = L.SoftmaxWithLoss()
        loss = layer.forward(inputs["x"], inputs["t"].reshape(-1).astype(int))
        return {"Y": layer.y, "loss": [[loss]], "dx": layer.backward(upstream[0, 0])}
    layer = (L.Affine(inputs["W"], inputs["b"]) if panel.name == "Affine"
             else getattr(L, panel.name)())
    values = {"y": layer.forward(inputs["x"]), "dx": layer.backward(upstream)}
    if panel.name == "Affine":
        values |= {"dW": layer.dW, "db": layer.db}
    return values


def assert_view_is_the_layers(panel):
    for key, expected in layer_on(panel).items():
        np.testing.assert_array_equal(panel.table(key).array(), expected, err_msg=key)
        np.testing.assert_allclose(shown_values(panel, key), expected, rtol=SHOWN_RTOL,
                                   atol=1e-12, err_msg=key)


# --- the worked examples ------------------------------------------------------------------------

def test_affine_worked_example_as_shown(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    assert panel.name == "Affine"
    assert texts(panel, "x") == [["1", "2"]]
    assert texts(panel, "W") == [["4", "5", "6"], ["7", "8", "9"]]
    assert texts(panel, "b") == [["10", "11", "12"]]
    assert texts(panel, "y") == [["28", "32", "36"]]
    assert texts(panel, "upstream") == [["1", "2", "3"]]
    assert texts(panel, "dx") == [["32", "50"]]
    assert texts(panel, "dW") == [["1", "2", "3"], ["2", "4", "6"]]
    assert texts(panel, "db") == [["1", "2", "3"]]
    # the shapes rule, in the headings
    assert "1×2, the shape of x" in panel.captions["dx"].text()
    assert "2×3, the shape of W" in panel.captions["dW"].text()
    assert "1×3, the shape of b" in panel.captions["db"].text()
    assert_view_is_the_layers(panel)
    assert not panel.problem_label.isVisible()


def test_the_source_shown_is_the_class_that_ran(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    for name in ("Affine", "ReLU", "Sigmoid", "Tanh", "SoftmaxWithLoss"):
        choose_layer(qtbot, lesson, name)
        source = lesson.source_view.source()
        assert source.path == "engine/nn/layers.py"
        assert source.text.startswith(f"class {name}")
        highlighted = lesson.source_view.highlighted_lines()
        assert len(highlighted) == len(layer_lab.HIGHLIGHTS[name])
        assert all(any(f in line for line in highlighted) for f in layer_lab.HIGHLIGHTS[name])
    assert "return dx * (dout / n)" in lesson.source_view.highlighted_lines()


def test_softmax_with_loss_worked_example_as_shown(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "SoftmaxWithLoss")
    probabilities, one_hot, loss, gradient = expected_softmax_with_loss(SCORES, LABELS)
    assert texts(panel, "x")[0] == ["1", "3", "5", "7", "9", "1.5", "3.5", "5.5", "7.5", "9.5"]
    assert texts(panel, "t") == [["7"], ["4"], ["9"]]
    np.testing.assert_allclose(shown_values(panel, "Y"), probabilities, rtol=SHOWN_RTOL)
    assert texts(panel, "Y")[1] == ["0.1"] * 10
    np.testing.assert_array_equal(shown_values(panel, "T"), one_hot)
    assert float(texts(panel, "loss")[0][0]) == pytest.approx(loss, rel=SHOWN_RTOL)
    assert texts(panel, "loss") == [["2.356"]]
    assert texts(panel, "upstream") == [["1"]]
    np.testing.assert_allclose(shown_values(panel, "dx"), gradient, rtol=SHOWN_RTOL)
    assert texts(panel, "dx")[1][4] == "-0.3"  # (0.1 - 1) / 3
    assert texts(panel, "dx")[1][0] == "0.03333"  # 0.1 / 3
    # behind the four digits, the engine's own numbers to the last bit
    np.testing.assert_allclose(panel.table("Y").array(), probabilities, rtol=1e-12)
    np.testing.assert_allclose(panel.table("dx").array(), gradient, rtol=1e-12, atol=1e-15)
    assert panel.table("loss").array()[0, 0] == pytest.approx(loss, rel=1e-12)
    assert_view_is_the_layers(panel)
    assert "3×10, the shape of A" in panel.captions["dx"].text()


def test_relu_worked_example_and_its_untouched_upstream_gradient(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "ReLU")
    assert texts(panel, "x") == [["1", "-0.5"], ["-2", "3"]]
    assert texts(panel, "y") == [["1", "0"], ["0", "3"]]
    assert texts(panel, "dx") == [["1", "0"], ["0", "4"]]
    # the engine's backward left dy as it was; the book's dout[mask] = 0 would have zeroed it
    assert texts(panel, "upstream") == [["1", "2"], ["3", "4"]]
    assert "dy is unchanged" in panel.unchanged_label.text()
    assert texts(panel, "mistake") == [["1", "0"], ["0", "4"]]
    type_into(qtbot, panel.table("upstream"), 1, 1, "7")
    assert texts(panel, "upstream") == [["1", "2"], ["3", "7"]]
    assert texts(panel, "dx") == [["1", "0"], ["0", "7"]]
    assert texts(panel, "mistake") == [["1", "0"], ["0", "7"]]
    assert "dy is unchanged" in panel.unchanged_label.text()
    assert "dout[mask] = 0" in panel.note_label.text()
    assert_view_is_the_layers(panel)


def test_a_layer_writing_into_its_gradient_would_be_shown(qtbot, window, monkeypatch):
    def in_place_backward(layer, dout):
        dout[~layer.positive] = 0  # the book's way
        return dout

    monkeypatch.setattr(L.ReLU, "backward", in_place_backward)
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "ReLU")
    assert "dy was changed" in panel.unchanged_label.text()
    assert texts(panel, "upstream") == [["1", "2"], ["3", "4"]]  # the lab ran on a copy


def test_sigmoid_worked_example_beside_the_input_cached_mistake(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "Sigmoid")
    assert texts(panel, "x") == [["0", "2"], ["-2", "1"]]
    assert texts(panel, "y") == [["0.5", "0.8808"], ["0.1192", "0.7311"]]
    assert texts(panel, "dx") == [["0.25", "0.105"], ["0.105", "0.1966"]]  # y (1 - y)
    assert texts(panel, "mistake") == [["0", "-2"], ["-6", "0"]]  # x (1 - x): wrong
    x = panel.table("x").array()
    np.testing.assert_array_equal(panel.table("mistake").array(),
                                  layer_lab.sigmoid_backward_with_input_cached(x, np.ones((2, 2))))
    type_into(qtbot, panel.table("x"), 0, 0, "3")
    y = 1 / (1 + np.exp(-3.0))
    assert panel.table("dx").array()[0, 0] == pytest.approx(y * (1 - y), rel=1e-15)
    assert texts(panel, "mistake")[0][0] == "-6"  # 3 (1 - 3)
    assert_view_is_the_layers(panel)


def test_tanh_worked_example(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "Tanh")
    assert texts(panel, "y")[0][0] == "0" and texts(panel, "dx")[0][0] == "1"
    np.testing.assert_allclose(panel.table("y").array(), np.tanh([[0, 0.5], [-1, 2]]),
                               rtol=1e-15)
    assert texts(panel, "y") == [["0", "0.4621"], ["-0.7616", "0.964"]]
    assert_view_is_the_layers(panel)


# --- editing ------------------------------------------------------------------------------------

def test_typing_into_affine_recomputes_through_the_layer(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    type_into(qtbot, panel.table("x"), 0, 0, "3")
    assert texts(panel, "y") == [["36", "42", "48"]]  # 3*4+2*7+10, ...
    assert texts(panel, "dW") == [["3", "6", "9"], ["2", "4", "6"]]
    type_into(qtbot, panel.table("W"), 1, 2, "-1.5")
    assert texts(panel, "y") == [["36", "42", "27"]]  # 3*6-2*1.5+12
    type_into(qtbot, panel.table("upstream"), 0, 0, "0.5")
    assert texts(panel, "db") == [["0.5", "2", "3"]]
    assert texts(panel, "dx") == [["30", "15"]]  # 0.5*4+2*5+3*6, 0.5*7+2*8+3*(-1.5)
    assert_view_is_the_layers(panel)


@pytest.mark.parametrize(("name", "cell", "text"), [
    ("Affine", (0, 1), "-3"), ("ReLU", (0, 0), "-0.25"), ("Sigmoid", (1, 1), "40"),
    ("Tanh", (1, 0), "0.125"), ("SoftmaxWithLoss", (2, 9), "-4"),
])
def test_every_layer_view_equals_the_layer(qtbot, window, name, cell, text):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, name)
    assert_view_is_the_layers(panel)
    type_into(qtbot, panel.table("x"), *cell, text)
    assert panel.table("x").array()[cell] == float(text)
    assert_view_is_the_layers(panel)
    assert not panel.problem_label.isVisible()


def test_reset_puts_the_worked_example_back(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    type_into(qtbot, panel.table("b"), 0, 0, "0")
    step_spin(qtbot, panel.spins["x rows"], 1)
    assert texts(panel, "y") == [["18", "32", "36"], ["0", "11", "12"]]
    qtbot.mouseClick(lesson.reset_button, Qt.LeftButton)
    assert texts(panel, "y") == [["28", "32", "36"]]
    assert panel.spins["x rows"].value() == 1


# --- shapes -------------------------------------------------------------------------------------

def test_shapes_that_do_not_chain_are_named_and_fixed(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    step_spin(qtbot, panel.spins["x columns"], 1)
    assert texts(panel, "x") == [["1", "2", "0"]]
    assert panel.problem_label.isVisible()
    assert panel.problem_text().startswith("x has 3 columns but W has 2 rows")
    assert panel.table("y").rowCount() == 0 and panel.table("dx").rowCount() == 0
    assert "not computed" in panel.captions["y"].text()
    step_spin(qtbot, panel.spins["W rows"], 1)
    assert not panel.problem_label.isVisible()
    assert texts(panel, "W")[2] == ["0", "0", "0"]
    assert texts(panel, "y") == [["28", "32", "36"]]
    assert texts(panel, "dx") == [["32", "50", "0"]]
    assert "1×3, the shape of x" in panel.captions["dx"].text()
    assert "3×3, the shape of W" in panel.captions["dW"].text()
    step_spin(qtbot, panel.spins["W columns"], -1)
    assert texts(panel, "b") == [["10", "11"]]
    assert texts(panel, "upstream") == [["1", "2"]]  # follows y's shape
    step_spin(qtbot, panel.spins["x rows"], 2)
    assert texts(panel, "upstream") == [["1", "2"], ["1", "1"], ["1", "1"]]
    assert_view_is_the_layers(panel)


def test_shapes_are_capped(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "Tanh")
    step_spin(qtbot, panel.spins["x rows"], layer_lab.MAX_ROWS + 3)
    step_spin(qtbot, panel.spins["x columns"], layer_lab.MAX_COLUMNS + 3)
    assert panel.table("x").array().shape == (layer_lab.MAX_ROWS, layer_lab.MAX_COLUMNS)
    assert panel.table("dx").array().shape == (layer_lab.MAX_ROWS, layer_lab.MAX_COLUMNS)
    assert_view_is_the_layers(panel)
    step_spin(qtbot, panel.spins["x rows"], -20)
    assert panel.table("x").array().shape == (1, layer_lab.MAX_COLUMNS)


def test_one_change_is_one_computation_however_large_the_tables(qtbot, window):
    """Filling a table cell by cell must not recompute once per cell: at the largest shape
    that would be thousands of forward and backward passes for one key press."""
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "Affine")
    runs = []
    panel.computed.connect(runs.append)
    step_spin(qtbot, panel.spins["x rows"], 1)
    assert len(runs) == 1 and panel.table("y").rowCount() == 2
    type_into(qtbot, panel.table("x"), 1, 0, "5")
    assert len(runs) == 2 and panel.table("x").array()[1, 0] == 5
    type_into(qtbot, panel.table("x"), 1, 0, "five")  # red, named, still one computation
    assert len(runs) == 3 and "not a number" in panel.problem_text()


def test_labels_that_are_not_classes_are_named(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = choose_layer(qtbot, lesson, "SoftmaxWithLoss")
    type_into(qtbot, panel.table("t"), 0, 0, "12")
    assert panel.problem_text().startswith("t, row 1: 12 is not a class")
    assert "from 0 to 9" in panel.problem_text()
    assert panel.table("Y").rowCount() == 0
    type_into(qtbot, panel.table("t"), 0, 0, "2.5")
    assert panel.problem_text().startswith("t, row 1: 2.5 is not a class")
    type_into(qtbot, panel.table("t"), 0, 0, "0")
    assert not panel.problem_label.isVisible()
    assert texts(panel, "T")[0][0] == "1"
    step_spin(qtbot, panel.spins["x columns"], -2)  # label 9 of row 3 has no column now
    assert panel.problem_text().startswith("t, row 3: 9 is not a class")
    step_spin(qtbot, panel.spins["x columns"], 2)
    step_spin(qtbot, panel.spins["x rows"], 1)
    assert texts(panel, "t") == [["0"], ["4"], ["9"], ["0"]]
    assert_view_is_the_layers(panel)


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["abc", "", "nan", "1e400"])
def test_a_cell_that_is_not_a_number_is_named_and_red(qtbot, window, text):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    type_into(qtbot, panel.table("x"), 0, 1, text)
    assert panel.table("x").problem()
    assert panel.problem_text().startswith(f"x, row 1, column 2: “{text}” is not a number.")
    assert "last number" in panel.problem_text()
    item = panel.table("x").item(0, 1)
    assert item.background().color().red() == 255 and item.background().color().blue() < 255
    assert texts(panel, "y") == [["28", "32", "36"]]  # still x = [1, 2]
    type_into(qtbot, panel.table("x"), 0, 1, "1")
    assert not panel.problem_label.isVisible()
    assert texts(panel, "y") == [["21", "24", "27"]]


def test_huge_values_show_inf_with_a_sentence(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    panel = lesson.current_panel()
    type_into(qtbot, panel.table("x"), 0, 0, "1e308")
    assert texts(panel, "y")[0][0] == "inf"
    assert "too large for 64-bit floats" in panel.problem_text()
    panel = choose_layer(qtbot, lesson, "Sigmoid")
    type_into(qtbot, panel.table("x"), 0, 0, "-1e308")
    assert texts(panel, "y")[0][0] == "0" and texts(panel, "dx")[0][0] == "0"
    assert not panel.problem_label.isVisible()


# --- every control explained --------------------------------------------------------------------

def test_every_control_has_a_tooltip_an_accessible_name_and_its_own_letter(qtbot, window):
    lesson = open_layer_lab(qtbot, window)
    controls = [w for w in lesson.findChildren(QWidget)
                if isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox))
                and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
    assert len(controls) >= 2 + 2 * 5 + 2
    unexplained = [(type(w).__name__, w.accessibleName(), w.toolTip()) for w in controls
                   if not (w.toolTip().endswith(".") and w.accessibleName())]
    assert unexplained == []
    labels = [w.text() for w in lesson.findChildren(QAbstractButton)]
    labels += [w.text() for w in lesson.findChildren(QLabel) if w.buddy() is not None]
    letters = [t.replace("&&", "")[t.replace("&&", "").index("&") + 1].lower()
               for t in labels if "&" in t.replace("&&", "")]
    assert letters and len(letters) == len(set(letters))
    assert not set(letters) & set("fegth")  # the menus' letters
