"""The map of a layer as a user meets it: the Map tab, the points the engine's PCA of that
layer's outputs for the test images, and the drawing's star moving as one draws."""
from PySide6.QtCore import Qt

import numpy as np
from test_inspect_page import SMALL_STROKE, STROKE, draw_on, go_to_inspect

import engine
from gui.inspect_map import MAP_IMAGES

from qt_helpers import HUNG, use_dataset


def open_map_tab(qtbot, page):
    bar = page.views.tabBar()
    index = page.views.indexOf(page.map)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert page.views.currentWidget() is page.map


def expected_map(window, layer):
    """The oracle: PrincipalComponents fitted on engine.layer_outputs of the test images."""
    dataset = window.dataset()
    x = engine.to_float32(dataset.x_test[:MAP_IMAGES])
    features = engine.layer_outputs(window.current_model.network, x)[layer].values
    features = features.reshape(len(x), -1)
    pca = engine.PrincipalComponents.fit(features, components=2)
    return pca, pca.transform(features), dataset.t_test[:MAP_IMAGES]


def assert_map_is_the_engines(window, layer):
    view = window.inspect_page.map
    pca, points, labels = expected_map(window, layer)
    for digit, item in enumerate(view.digits):
        xs, ys = item.getData()
        shown = np.column_stack([xs, ys]) if len(xs) else np.zeros((0, 2))
        np.testing.assert_allclose(shown, points[labels == digit], rtol=1e-6, atol=1e-6)
    return pca


def drawing_place(window, pca, layer):
    batch = np.asarray(window.drawing.image(), np.float32).reshape(1, 1, 28, 28)
    output = engine.layer_outputs(window.current_model.network, batch)[layer].values
    return pca.transform(output.reshape(1, -1))[0]


def test_the_map_is_the_pca_of_the_last_hidden_layer_and_the_star_follows(qtbot, window,
                                                                          tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    draw_on(qtbot, window.draw_panel, STROKE)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    view = page.map
    assert view.map() is None  # nothing computed while its tab was hidden
    open_map_tab(qtbot, page)
    network = window.current_model.network
    layer = engine.last_hidden_layer(network)
    qtbot.waitUntil(lambda: view.map() is not None, timeout=HUNG)
    assert view.layer() == layer
    pca = assert_map_is_the_engines(window, layer)
    np.testing.assert_allclose(view.marker_position(), drawing_place(window, pca, layer),
                               rtol=1e-6, atol=1e-6)
    before = view.marker_position()
    # draw more on the page's canvas: the star moves to the new drawing's place
    draw_on(qtbot, page, SMALL_STROKE)
    qtbot.waitUntil(lambda: view.marker_position() != before, timeout=HUNG)
    np.testing.assert_allclose(view.marker_position(), drawing_place(window, pca, layer),
                               rtol=1e-6, atol=1e-6)
    assert "test images" in view.status.text()


def test_choosing_another_layer_with_the_keyboard_maps_it(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    view = page.map
    open_map_tab(qtbot, page)
    qtbot.waitUntil(lambda: view.map() is not None, timeout=HUNG)
    chosen = view.layer() - 1
    view.layer_box.setFocus()
    qtbot.keyClick(view.layer_box, Qt.Key_Up)
    assert view.layer() == chosen
    qtbot.waitUntil(lambda: view.map() is not None and view.map().layer == chosen,
                    timeout=HUNG)
    assert_map_is_the_engines(window, chosen)
    assert view.marker_position() is None  # no drawing: no star
    for widget in (view, view.layer_box, view.plot, view.status):
        assert widget.accessibleName()

