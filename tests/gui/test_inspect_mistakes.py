"""Where it goes wrong, as a user meets it: Inspect > the tab, Measure, a cell, an image.

The oracle is the engine: the matrix is engine.evaluate's on the same model and test set, a
cell's gallery is exactly that cell's images in engine.cell_indices' order, and an image opened
is the very test image the network then reads."""
import threading

from PySide6.QtCore import Qt

import numpy as np
from test_inspect_page import go_to_inspect

import engine

from qt_helpers import HUNG, use_dataset


def open_mistakes(qtbot, window):
    """Ctrl+2, then a click on the tab, as a user does."""
    go_to_inspect(qtbot, window)
    page = window.inspect_page
    view = page.mistakes
    tab_bar = page.views.tabBar()
    qtbot.mouseClick(tab_bar, Qt.LeftButton, pos=tab_bar.tabRect(page.views.indexOf(view))
                     .center())
    qtbot.waitUntil(view.isVisible, timeout=HUNG)
    return view


def measure(qtbot, view):
    qtbot.mouseClick(view.measure_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.accuracy_text() is not None, timeout=HUNG)


def shown_counts(view):
    """The counts the matrix shows, read from what each cell displays."""
    model = view.confusion
    classes = model.classes()
    return np.array([[int(model.index(row, column).data().split("\n")[0].replace(",", ""))
                      for column in range(classes)] for row in range(classes)])


def click_cell(qtbot, view, row, column):
    index = view.confusion.index(row, column)
    view.matrix.scrollTo(index)
    qtbot.mouseClick(view.matrix.viewport(), Qt.LeftButton,
                     pos=view.matrix.visualRect(index).center())


def busiest_mistake(confusion):
    off_diagonal = confusion - np.diag(np.diag(confusion))
    return np.unravel_index(int(off_diagonal.argmax()), confusion.shape)


def test_the_matrix_is_the_engines_and_a_cell_opens_its_images(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    view = open_mistakes(qtbot, window)
    measure(qtbot, view)
    dataset = window.dataset()
    network = window.current_model.network
    expected = engine.evaluate(network, engine.to_float32(dataset.x_test), dataset.t_test)
    np.testing.assert_array_equal(shown_counts(view), expected["confusion_matrix"])
    assert view.accuracy_text() == f"{expected['accuracy']:.2%}"
    assert f"{expected['accuracy']:.2%}" in view.status_label.text()
    for row, accuracy in enumerate(expected["per_class_accuracy"]):
        assert view.confusion.index(row, 10).data() == f"{accuracy:.1%}"

    # a cell's gallery: exactly its images, most confident answer first (from the oracle)
    predictions = engine.evaluate_predictions(network, engine.to_float32(dataset.x_test),
                                              dataset.t_test)
    row, column = busiest_mistake(np.array(expected["confusion_matrix"]))
    click_cell(qtbot, view, row, column)
    inside = np.flatnonzero((dataset.t_test == row) & (predictions.predicted == column))
    order = sorted(inside, key=lambda i: (-predictions.probabilities[i, column], i))
    assert view.gallery_indices() == [int(i) for i in order]
    assert len(order) == expected["confusion_matrix"][row][column] > 0

    # an image clicked is the very image the network reads, captioned, and every layer shows it
    first = view.images.index(0, 0)
    image_index = first.data(Qt.UserRole + 1)
    with qtbot.waitSignal(window.inspect_page.shown_outputs, timeout=HUNG):
        qtbot.mouseClick(view.gallery.viewport(), Qt.LeftButton,
                         pos=view.gallery.visualRect(first).center())
    np.testing.assert_array_equal(window.drawing.image(),
                                  dataset.x_test[image_index].astype(np.float32) / 255)
    assert window.drawing.caption() == (f"tiny test image {image_index}: its label is "
                                        f"{dataset.t_test[image_index]}")
    assert window.inspect_page.caption_label.text() == window.drawing.caption()  # on screen
    network_input = window.inspect_page.activations.views()[0].values()[..., 0]
    np.testing.assert_array_equal(network_input, window.drawing.image())


def test_the_keyboard_opens_a_cell_and_an_image(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    view = open_mistakes(qtbot, window)
    measure(qtbot, view)
    confusion = shown_counts(view)
    row, column = (int(i) for i in np.argwhere(confusion)[0])  # the first cell with images
    view.matrix.setFocus()
    qtbot.keyClick(view.matrix, Qt.Key_Home, Qt.ControlModifier)  # the top left cell
    for key, count in ((Qt.Key_Down, row), (Qt.Key_Right, column)):
        for _ in range(count):
            qtbot.keyClick(view.matrix, key)
    qtbot.keyClick(view.matrix, Qt.Key_Return)
    assert len(view.gallery_indices()) == confusion[row, column]
    view.gallery.setFocus()
    qtbot.keyClick(view.gallery, Qt.Key_Home)
    with qtbot.waitSignal(window.inspect_page.shown_outputs, timeout=HUNG):
        qtbot.keyClick(view.gallery, Qt.Key_Return)
    first = view.gallery_indices()[0]
    np.testing.assert_array_equal(window.drawing.image(),
                                  window.dataset().x_test[first].astype(np.float32) / 255)


def test_another_model_makes_the_figures_stale(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    view = open_mistakes(qtbot, window)
    measure(qtbot, view)
    window.current_model.start_new(engine.TrainSettings(preset="mlp"))
    assert view.accuracy_text() is None
    assert "previous model" in view.status_label.text()
    assert view.confusion.index(0, 0).data() is None  # no number left beside the new model
    assert view.gallery_indices() == []
    measure(qtbot, view)  # measured again: the new model's figures
    dataset = window.dataset()
    expected = engine.evaluate(window.current_model.network, engine.to_float32(dataset.x_test),
                               dataset.t_test)
    np.testing.assert_array_equal(shown_counts(view), expected["confusion_matrix"])


def test_cancel_stops_the_measurement(qtbot, window, tiny_folder, monkeypatch):
    evaluate_predictions = engine.evaluate_predictions

    def held_after_the_first_batch(model, x, t, progress, should_stop):
        """The real pass in batches of 10 that waits, after the first, until told to stop."""
        def progress_then_hold(done, total):
            progress(done, total)
            deadline = HUNG / 1000
            while not should_stop() and deadline > 0:  # no fixed wait: it ends on Cancel
                deadline -= 0.01
                threading_event.wait(0.01)
        return evaluate_predictions(model, x, t, batch_size=10, progress=progress_then_hold,
                                    should_stop=should_stop)

    threading_event = threading.Event()  # never set: its wait is a short pause per check
    monkeypatch.setattr(engine, "evaluate_predictions", held_after_the_first_batch)
    use_dataset(qtbot, window, tiny_folder)
    view = open_mistakes(qtbot, window)
    qtbot.mouseClick(view.measure_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.progress_bar.value() == 10, timeout=HUNG)
    assert view.cancel_button.isVisible() and not view.measure_button.isEnabled()
    assert view.progress_bar.maximum() == len(window.dataset().t_test)
    qtbot.mouseClick(view.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not view.is_measuring(), timeout=HUNG)
    assert "cancelled" in view.status_label.text()
    assert view.accuracy_text() is None and view.confusion.index(0, 0).data() is None
    assert view.measure_button.isEnabled() and not view.cancel_button.isVisible()


def test_a_run_fills_the_matrix_at_each_epoch_end_from_its_own_test_pass(qtbot, window,
                                                                         tiny_folder):
    dataset = use_dataset(qtbot, window, tiny_folder) or window.dataset()
    view = open_mistakes(qtbot, window)
    shown = []
    window.controller.progress.connect(
        lambda report: report.test_predictions and shown.append(report.test_predictions))
    form = window.train_panel.form
    form.length_unit.setCurrentIndex(form.length_unit.findData("epoch"))
    form.hidden.setText("16")
    form.batch_size.setValue(20)
    form.length.setValue(2)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.start_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state == "finished", timeout=HUNG)
    per_epoch = len(dataset.x_train) // 20
    # the run's own test passes, at epoch ends (a report may skip one when epochs are quick)
    assert all(iteration % per_epoch == 0 for iteration, _ in shown)
    assert shown[-1][0] == 2 * per_epoch
    # the last pass is the final network's: the matrix equals `engine eval` on it
    network = window.current_model.network
    expected = engine.evaluate(network, engine.to_float32(dataset.x_test), dataset.t_test)
    np.testing.assert_array_equal(shown_counts(view), expected["confusion_matrix"])
    assert view.status_label.text().startswith(
        f"Measured by the training run at iteration {2 * per_epoch:,} (epoch 2)")
    assert view.accuracy_text() == f"{expected['accuracy']:.2%}"
    window.open_builtin_model()  # another model: the run's figures are not its own
    qtbot.waitUntil(lambda: window.opening is None, timeout=HUNG)
    assert view.accuracy_text() is None and "previous model" in view.status_label.text()
