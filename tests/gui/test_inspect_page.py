"""The Inspect page as a user meets it: Ctrl+2, the layer table, each layer's output for the
drawing (exactly the engine's), and one drawing shared with the Draw page."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

import numpy as np
import pytest

import engine
from gui.inspect_views import shape_text
from gui.simulate import drag

from qt_helpers import HUNG, wait_opened

STROKE = [(100, 40), (110, 150), (120, 240)]  # on the Draw page's 280 px canvas
SMALL_STROKE = [(80, 30), (90, 120), (100, 190)]  # on the Inspect page's 224 px canvas


def go_to_inspect(qtbot, window):
    """Ctrl+2, as a user would press it, then wait for the page to show its readings."""
    with qtbot.waitSignal(window.inspect_page.shown_outputs, timeout=HUNG):
        qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.pages.currentWidget() is window.inspect_page


def draw_on(qtbot, panel_or_page, points):
    drag(panel_or_page.canvas, points, steps_between=6)
    qtbot.waitUntil(lambda: not panel_or_page._read_pending, timeout=HUNG)


def expected_rows(network):
    summary = engine.network_summary(network)
    return [(str(layer.index), str(layer.name), shape_text(layer.output_shape),
             f"{int(layer.parameters):,}") for layer in summary.layers], summary


def assert_diagram_is(window):
    page = window.inspect_page
    rows, summary = expected_rows(window.current_model.network)
    assert page.diagram.rows() == rows
    assert len(rows) >= len(window.current_model.network.layers)
    assert f"{summary.total_parameters:,}" in page.total_label.text()


def assert_activations_are_the_engines(window):
    """What each view holds equals engine.layer_outputs for the very image the page read."""
    page = window.inspect_page
    image = window.drawing.image()
    assert image is not None
    batch = np.asarray(image, np.float32).reshape(1, 1, 28, 28)
    outputs = engine.layer_outputs(window.current_model.network, batch)
    views = page.activations.views()
    assert len(views) == len(outputs)
    for view, output in zip(views, outputs, strict=True):
        shown = view.values()
        assert shown.shape == output.values[0].shape
        np.testing.assert_array_equal(shown, output.values[0])
    bars = np.asarray(views[-1].probabilities(), np.float32)  # what the bars paint
    np.testing.assert_array_equal(bars, outputs[-1].values[0])


def test_ctrl_2_shows_the_builtin_cnn_layer_by_layer(qtbot, window):
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    assert_diagram_is(window)
    assert window.inspect_page.diagram.rows()[1][1] == "Convolution"
    assert_activations_are_the_engines(window)
    # the page reads the very 28x28 image the Draw page read, and its canvas shows the drawing
    first = window.inspect_page.activations.views()[0].values()  # ChannelsLast: the input
    np.testing.assert_array_equal(first[..., 0], window.drawing.image())
    copied = engine.to_mnist(window.inspect_page.canvas.to_array())
    assert np.abs(copied - window.drawing.image()).max() < 0.35  # scaled to a smaller canvas


@pytest.mark.parametrize("preset", ["mlp", "simple-cnn"])
def test_an_untrained_preset_is_listed_and_read(qtbot, window, preset):
    window.current_model.start_new(engine.TrainSettings(preset=preset))
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    assert_diagram_is(window)
    assert_activations_are_the_engines(window)


def test_a_model_opened_from_a_file_is_listed(qtbot, window, tmp_path):
    network = engine.build_network(engine.TrainSettings(preset="two-layer").plan().network)
    path = engine.save_model(tmp_path / "two.npz", network)
    go_to_inspect(qtbot, window)
    with qtbot.waitSignal(window.inspect_page.shown_outputs, timeout=HUNG):
        window.open_model(path)
        wait_opened(qtbot, window)
    assert window.current_model.path == path
    assert_diagram_is(window)


def test_drawing_here_follows_the_pen_and_is_read_on_the_draw_page(qtbot, window):
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        draw_on(qtbot, page, SMALL_STROKE)
    assert_activations_are_the_engines(window)
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    panel = window.draw_panel
    qtbot.waitUntil(lambda: panel.reading() is not None, timeout=HUNG)
    np.testing.assert_array_equal(panel.network_input.image() is not None, True)
    expected = window.current_model.read_image(engine.to_mnist(panel.canvas.to_array()))[1]
    np.testing.assert_array_equal(np.asarray(panel.bars.probabilities(), np.float32), expected)
    # the Draw page reads what was drawn on Inspect (scaled up to its larger canvas)
    inspect_input = engine.to_mnist(page.canvas.to_array())
    assert np.abs(engine.to_mnist(panel.canvas.to_array()) - inspect_input).max() < 0.35


def test_nothing_is_computed_while_the_page_is_hidden(qtbot, window, monkeypatch):
    calls = []  # the page's work: the table, and the layer outputs of the drawing
    for name in ("network_summary", "masked_layer_outputs"):
        real = getattr(engine, name)
        monkeypatch.setattr(engine, name,
                            lambda *a, real=real, name=name: calls.append(name) or real(*a))
    draw_on(qtbot, window.draw_panel, STROKE)
    window.current_model.start_new(engine.TrainSettings(preset="mlp"))
    assert calls == []
    go_to_inspect(qtbot, window)
    assert calls
    assert set(calls) == {"network_summary", "masked_layer_outputs"}  # both, once shown


def test_every_view_has_an_accessible_name_and_the_pages_have_keys(qtbot, window):
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    for widget in [page.canvas, page.diagram, page.activations, *page.activations.views()]:
        assert widget.accessibleName()
    shortcuts = [action.shortcut() for action in window.page_actions]
    assert shortcuts == [QKeySequence(f"Ctrl+{page}") for page in (1, 2, 3, 4, 5)]
    window.page_actions[0].trigger()
    assert window.pages.currentWidget() is window.draw_train_page


def test_clear_on_the_page_empties_the_views(qtbot, window):
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    with qtbot.waitSignal(page.shown_outputs, timeout=HUNG):
        page.clear_action.trigger()
    assert all(view.values() is None for view in page.activations.views())
    assert window.drawing.image() is None
