"""Knocking out units on the Inspect page as a user does it: a click on a feature map or a
unit, arrow keys and Space, Reset all. What the page shows is the engine's masked pass, and the
test accuracy with the units knocked out is the engine's masked_accuracy."""
from PySide6.QtCore import Qt

import numpy as np
from test_inspect_page import STROKE, draw_on, go_to_inspect

import engine
from gui.inspect_views import FeatureMapGrid, UnitGrid

from qt_helpers import HUNG, use_dataset


def drawing_batch(window):
    return np.asarray(window.drawing.image(), np.float32).reshape(1, 1, 28, 28)


def first_view(page, kind):
    """(layer index, view) of the first layer shown as `kind` (FeatureMapGrid or UnitGrid)."""
    return next((index, view) for index, view in enumerate(page.activations.views())
                if isinstance(view, kind))


def click_cell(qtbot, page, view, cell):
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        qtbot.mouseClick(view, Qt.LeftButton, pos=view.cell_rect(cell).center())


def assert_shown_is_the_masked_pass(window, masks):
    page = window.inspect_page
    network, batch = window.current_model.network, drawing_batch(window)
    expected = engine.masked_layer_outputs(network, batch, masks)
    for view, output in zip(page.activations.views(), expected, strict=True):
        np.testing.assert_array_equal(view.values(), output.values[0])
    bars = np.asarray(page.activations.views()[-1].probabilities(), np.float32)
    np.testing.assert_array_equal(bars, engine.masked_outputs(network, batch, masks)[0])


def test_clicking_a_feature_map_knocks_it_out_and_clicking_again_brings_it_back(qtbot, window):
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    plain = engine.layer_outputs(window.current_model.network, drawing_batch(window))
    layer = next(index for index, view in enumerate(page.activations.views())  # a map with ink
                 if isinstance(view, FeatureMapGrid) and view.cell_count() > 3
                 and plain[index].values[0, ..., 3].any())
    grid = page.activations.views()[layer]
    click_cell(qtbot, page, grid, 3)
    assert page.activations.masks() == {layer: [3]}
    assert grid.knocked() == {3}
    assert_shown_is_the_masked_pass(window, {layer: [3]})
    # the same as zeroing that channel in the forward pass, written out by hand
    shown = grid.values()
    manual = plain[layer].values[0].copy()
    manual[..., 3] = 0
    np.testing.assert_array_equal(shown, manual)
    assert not np.array_equal(page.activations.views()[-1].values(), plain[-1].values[0]) \
        or not np.array_equal(page.activations.views()[layer + 1].values(),
                              plain[layer + 1].values[0])
    click_cell(qtbot, page, grid, 3)
    assert page.activations.masks() == {}
    assert grid.knocked() == set()
    assert_shown_is_the_masked_pass(window, {})


def test_arrow_keys_and_space_knock_out_units_and_reset_all_restores(qtbot, window):
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    layer, units = first_view(page, UnitGrid)
    units.setFocus()
    qtbot.waitUntil(units.hasFocus, timeout=HUNG)
    qtbot.keyClick(units, Qt.Key_Right)
    qtbot.keyClick(units, Qt.Key_Right)
    qtbot.keyClick(units, Qt.Key_Left)
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        qtbot.keyClick(units, Qt.Key_Space)
    qtbot.keyClick(units, Qt.Key_Down)
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        qtbot.keyClick(units, Qt.Key_Space)
    # Down moved one row: to the first cell painted below cell 1
    below = next(cell for cell in range(units.cell_count())
                 if units.cell_rect(cell).left() == units.cell_rect(1).left()
                 and units.cell_rect(cell).top() > units.cell_rect(1).top())
    masks = {layer: [1, below]}
    assert page.activations.masks() == masks
    assert_shown_is_the_masked_pass(window, masks)
    assert "2" in page.activations.knock_out_label.text()
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        qtbot.mouseClick(page.activations.reset_button, Qt.LeftButton)
    assert page.activations.masks() == {}
    assert units.knocked() == set()
    assert not page.activations.reset_button.isEnabled()
    assert_shown_is_the_masked_pass(window, {})


def test_the_test_accuracy_with_units_knocked_out_is_measured(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    layer, units = first_view(page, UnitGrid)
    for cell in (0, 2, 4, 6, 8):
        click_cell(qtbot, page, units, cell)
    masks = page.activations.masks()
    assert masks == {layer: [0, 2, 4, 6, 8]}
    label = page.activations.accuracy_label
    qtbot.waitUntil(lambda: "with these units" in label.text(), timeout=HUNG)
    dataset = window.dataset()
    x = engine.to_float32(dataset.x_test)
    network = window.current_model.network
    knocked = engine.masked_accuracy(network, x, dataset.t_test, masks)
    normal = engine.evaluate_predictions(network, x, dataset.t_test).accuracy
    assert f"{knocked:.2%}" in label.text()
    assert f"{normal:.2%}" in label.text()
    assert label.accessibleName()
