"""The Inspect page's Weights tab as a user meets it: Ctrl+2, a click on "Weights", and the
pictures, the colour scale and the histograms equal what the engine says of the weights shown,
live as a run sends new weights, and nothing computed while the tab is hidden."""
from PySide6.QtCore import Qt

import numpy as np
import pytest

import engine
from gui.inspect_views import diverging_colours
from gui.inspect_weights import GAP, WeightsView, coloured_mosaic
from gui.workers import WeightsSnapshot

from qt_helpers import HUNG


def trained_a_step(preset, seed=0):
    """A preset's network after one backward pass, so it has gradients to show."""
    network = engine.build_network(engine.TrainSettings(preset=preset).plan().network)
    rng = np.random.default_rng(seed)
    network.gradient(rng.random((8, 1, 28, 28)).astype(np.float32), np.arange(8))
    return network


def click_tab(qtbot, tabs, widget):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())


def open_weights_tab(qtbot, window):
    """The Inspect page (a click on its tab), then a click on the Weights tab; waits until
    the tab shows the weights."""
    click_tab(qtbot, window.pages, window.inspect_page)
    page = window.inspect_page
    bar = page.views.tabBar()
    index = page.views.indexOf(page.weights)
    with qtbot.waitSignal(page.weights.shown_weights, timeout=HUNG):
        qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert page.views.currentWidget() is page.weights
    return page.weights


def shown_pixels(view):
    """The RGB pixels the picture grid paints: its image, as far as the widget reaches."""
    image = view.grid.image()
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    pixels = pixels[:, :width * 3].reshape(height, width, 3)
    return pixels[:view.grid.height(), :view.grid.width()]


def assert_histograms_are_numpys(view, network, gradients=None):
    weights = {f"{index}.W": np.asarray(layer.W) for index, layer in enumerate(network.layers)
               if "W" in layer.param_names}
    shown = view.histograms()
    assert list(shown) == list(weights)
    for name, array in weights.items():
        extent = float(np.abs(array).max())
        counts, edges = np.histogram(array, bins=40, range=(-extent, extent))
        np.testing.assert_array_equal(shown[name][0][0], counts)
        np.testing.assert_array_equal(shown[name][0][1], edges)
        if gradients is None:
            assert shown[name][1] is None
        else:
            extent = float(np.abs(gradients[name]).max())
            counts, _ = np.histogram(gradients[name], bins=40, range=(-extent, extent))
            np.testing.assert_array_equal(shown[name][1][0], counts)


def test_an_mlps_first_layer_is_pictured_unit_by_unit(qtbot, window):
    window.current_model.start_new(engine.TrainSettings(preset="mlp"))
    view = open_weights_tab(qtbot, window)
    W = window.current_model.network.layers[0].W  # (784, 100)
    units = W.T.reshape(100, 28, 28)
    expected, extent = coloured_mosaic(units)
    assert extent == float(np.abs(W).max())
    np.testing.assert_array_equal(shown_pixels(view), expected[:-GAP, :-GAP])
    # unit 0's top-left pixel is the first tile's corner: the colour of W[0, 0] on that scale
    colour, _ = diverging_colours(np.array([W[0, 0], extent, -extent], np.float32))
    np.testing.assert_array_equal(shown_pixels(view)[0, 0], colour[0])
    assert view.legend.labels() == (f"{-extent:.3g}", "0", f"{extent:.3g}")
    assert_histograms_are_numpys(view, window.current_model.network)
    assert not view.channel_choice.isEnabled()  # one input channel: nothing to choose


def test_the_weights_and_gradients_move_as_training_sends_them(qtbot, window):
    window.current_model.start_new(engine.TrainSettings(preset="mlp"))
    view = open_weights_tab(qtbot, window)
    before = shown_pixels(view).copy()
    network = trained_a_step("mlp", seed=3)
    network.layers[0].W[:, :50] *= -1.0  # as if it had learned: half the units changed sign
    with qtbot.waitSignal(view.shown_weights, timeout=HUNG):
        window.current_model.show_training_weights(WeightsSnapshot.of(network, 120))
    assert not np.array_equal(shown_pixels(view), before)
    expected, _ = coloured_mosaic(network.layers[0].W.T.reshape(100, 28, 28))
    np.testing.assert_array_equal(shown_pixels(view), expected[:-GAP, :-GAP])
    gradients = {name: np.asarray(g) for name, g in network.grads().items()}
    assert_histograms_are_numpys(view, network, gradients)
    assert "last training step" in view.gradients_header.text()


def test_nothing_is_computed_while_the_tab_is_hidden(qtbot, window, monkeypatch):
    window.current_model.start_new(engine.TrainSettings(preset="mlp"))
    view = open_weights_tab(qtbot, window)
    calls = []
    real = engine.weight_images
    monkeypatch.setattr(engine, "weight_images", lambda net: calls.append(1) or real(net))
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)  # back to Draw & Train
    assert not view.isVisible()
    for iteration in (10, 20, 30):
        sent = trained_a_step("mlp", iteration)
        window.current_model.show_training_weights(WeightsSnapshot.of(sent, iteration))
    qtbot.wait(0)  # let any queued refresh run: it must find the tab hidden
    assert calls == [] and window.jobs.idle()
    with qtbot.waitSignal(view.shown_weights, timeout=HUNG):
        qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)  # the Weights tab is still current
    assert calls == [1]  # caught up once, on showing
    assert_histograms_are_numpys(view, sent, {n: np.asarray(g) for n, g in sent.grads().items()})


def test_a_cnns_filters_by_layer_and_channel_from_the_keyboard(qtbot, window):
    window.current_model.start_new(engine.TrainSettings(preset="deep-cnn"))
    view = open_weights_tab(qtbot, window)
    network = window.current_model.network
    convolutions = [i for i, layer in enumerate(network.layers)
                    if type(layer).__name__ == "Convolution"]
    assert view.layer_choice.count() == len(convolutions)
    view.layer_choice.setFocus()
    with qtbot.waitSignal(view.shown_weights, timeout=HUNG):
        qtbot.keyClick(view.layer_choice, Qt.Key_Down)  # the second convolution
    assert view.channel_choice.isEnabled() and view.channel_choice.maximum() == 31
    view.channel_choice.setFocus()
    for _ in range(3):
        with qtbot.waitSignal(view.shown_weights, timeout=HUNG):
            qtbot.keyClick(view.channel_choice, Qt.Key_Up)
    assert view.choice() == (1, 3)
    W = network.layers[convolutions[1]].W  # (64, 3, 3, 32)
    expected, extent = coloured_mosaic(W[..., 3])
    np.testing.assert_array_equal(shown_pixels(view), expected[:-GAP, :-GAP])
    assert view.legend.extent() == pytest.approx(float(np.abs(W[..., 3]).max()))
    assert "channel 3 of 32" in view.caption.text()


def test_every_part_has_an_accessible_name_and_no_model_says_so(qtbot, make_window):
    window = make_window(open_model=False)
    view = open_weights_tab(qtbot, window)
    assert "No model" in view.hint.text() and view.histograms() == {}
    for widget in (view, view.layer_choice, view.channel_choice, view.grid, view.legend,
                   view.pictures_area, view.histograms_area):
        assert widget.accessibleName()
    assert WeightsView.title() == view.parent().parent().tabText(
        view.parent().parent().indexOf(view))
