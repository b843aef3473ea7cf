"""The model shown, measured on my digits beside MNIST, and fine-tuned on them (issue 18, items 9
and 10): the figures are the engine's own on the same images, the held-out digits are never
trained on, and fine-tuning a model that cannot read a class's handwriting teaches it."""
from PySide6.QtCore import Qt

import numpy as np
import pytest

import engine
from gui.my_digits_figures import MyDigitsFiguresView

from qt_helpers import HUNG, tiny_dataset, type_over, use_dataset, write_dataset_dir

MY_DIGITS_PAGE = 4


def column_band_digits(per_class, seed=1):
    """Images the tiny dataset never shows: class k lights up COLUMN band k (the tiny set's
    class k lights up row band k), a handwriting of their own."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(10, dtype=np.uint8), per_class)
    images = rng.integers(0, 40, (len(labels), 28, 28)).astype(np.uint8)
    for image, label in zip(images, labels, strict=True):
        image[:, 2 * label:2 * label + 3] = 255
    return images, labels


def collection_of(images, labels):
    digits = engine.MyDigits.empty()
    for image, label in zip(images, labels, strict=True):
        digits = digits.add(image, int(label))
    return digits


def train_a_tiny_model(qtbot, window, folder, hidden="8", epochs="1"):
    """A small MLP trained on the tiny dataset (row bands), through the form."""
    use_dataset(qtbot, window, folder)
    form = window.train_panel.form
    form.hidden.setText(hidden)
    type_over(qtbot, form.batch_size, "20")
    type_over(qtbot, form.length, epochs)
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG):
        window.train_panel.start_action.trigger()


def figures_view(window):
    view = window.my_digits_page.figures
    assert isinstance(view, MyDigitsFiguresView)
    return view


def show_page(qtbot, window):
    """Pages > My digits, and the figures measured on it."""
    view = figures_view(window)
    with qtbot.waitSignal(view.measured, timeout=HUNG):
        window.page_actions[MY_DIGITS_PAGE].trigger()
    return view


@pytest.fixture
def mnist_as_my_digits(tmp_path):
    """The first 60 MNIST test images, kept as a collection the window finds at start."""
    dataset = engine.load_mnist()
    digits = collection_of(dataset.x_test[:60], dataset.t_test[:60])
    engine.save_my_digits(digits, tmp_path / "my_digits.npz")
    return digits


def test_the_figures_are_the_engines_on_the_same_digits(qtbot, mnist_as_my_digits, window):
    view = show_page(qtbot, window)
    digits = mnist_as_my_digits
    expected = engine.evaluate_predictions(window.current_model.network,
                                           engine.to_float32(digits.images), digits.labels)
    right = int(expected.confusion.trace())
    mnist, mine, held_out, comparison = view.texts()
    accuracy = window.current_model.metrics["test_accuracy"]
    assert mnist == f"On MNIST's test set: {accuracy:.2%} (as its file records)."
    assert mine == f"On your 60 digits: {right} right, {right / 60:.1%}."
    held = digits.held_out_mask()
    held_expected = engine.evaluate_predictions(
        window.current_model.network, engine.to_float32(digits.images[held]), digits.labels[held])
    held_right = int(held_expected.confusion.trace())
    assert held_out == (f"On the {held.sum()} held out, never trained on: {held_right} right, "
                        f"{held_right / held.sum():.1%}.")
    assert comparison == ""
    model = view.confusion
    shown = np.array([[int(model.data(model.index(row, column))) for column in range(10)]
                      for row in range(10)])
    np.testing.assert_array_equal(shown, expected.confusion)
    assert [model.data(model.index(row, 10)) for row in range(10)] == \
        [f"{accuracy:.0%}" for accuracy in expected.per_class_accuracy]


def test_no_digits_says_how_to_add_them(qtbot, window):
    view = figures_view(window)
    window.page_actions[MY_DIGITS_PAGE].trigger()
    qtbot.waitUntil(lambda: "no digits" in view.texts()[1], timeout=HUNG)
    assert not view.fine_tune_button.isEnabled()


def test_fine_tuning_teaches_a_handwriting_and_never_trains_on_the_held_out(
        qtbot, make_window, tmp_path, tiny_folder):
    images, labels = column_band_digits(per_class=6)
    digits = collection_of(images, labels)
    engine.save_my_digits(digits, tmp_path / "my_digits.npz")
    window = make_window()
    train_a_tiny_model(qtbot, window, tiny_folder, hidden="32", epochs="3")
    view = show_page(qtbot, window)
    before = view.figures()
    held = digits.held_out_mask()
    assert list(before.held_out_ids) == list(digits.ids[held])
    type_over(qtbot, view.epochs, "15")
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG) as kept:
        qtbot.mouseClick(view.fine_tune_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "After" in view.texts()[3], timeout=HUNG)
    assert window.dialogs.errors == []
    record = engine.load_model(kept.args[1].model_path).header["extra"]["continued_from"]
    trained = set(record["my_digits"]["trained_ids"])
    assert trained == set(digits.ids[~held])  # every training digit, no held-out one
    after = view.figures()
    assert list(after.held_out_ids) == list(digits.ids[held]) and after.excluded == 0
    before_right, after_right = (int(f.held_out.confusion.trace()) for f in (before, after))
    assert after_right >= 0.8 * held.sum() > before_right
    comparison = view.texts()[3].splitlines()
    assert comparison[0].startswith("Before: MNIST test ")
    assert comparison[0].endswith(f"my held-out digits {before_right} of {held.sum()}, "
                                  f"{before_right / held.sum():.1%}")
    accuracy = window.current_model.metrics["test_accuracy"]
    assert comparison[1] == (f"After: MNIST test {accuracy:.2%} · my held-out digits "
                             f"{after_right} of {held.sum()}, {after_right / held.sum():.1%}")


def test_a_model_that_trained_on_held_out_digits_leaves_them_out(qtbot, mnist_as_my_digits,
                                                                 make_window, tmp_path):
    digits = mnist_as_my_digits
    held_ids = list(digits.ids[digits.held_out_mask()])
    bundled = engine.load_model(engine.bundled_model_path())
    extra = dict(bundled.header.get("extra", {}))
    extra["continued_from"] = {"my_digits": {"trained_ids": held_ids[:2]}}
    path = engine.save_model(tmp_path / "cheat.npz", bundled.model,
                             dataset=bundled.header["dataset"], metrics=bundled.header["metrics"],
                             extra=extra)
    window = make_window()
    with qtbot.waitSignal(window.model_opened, timeout=HUNG):
        window.open_model(path)
    view = show_page(qtbot, window)
    figures = view.figures()
    assert figures.excluded == 2 and not set(figures.held_out_ids) & set(held_ids[:2])
    assert view.texts()[2].endswith("(2 held-out digits left out: this model trained on them.)")


def test_fine_tuning_with_no_training_digit_is_refused_with_a_sentence(qtbot, make_window,
                                                                       tmp_path):
    dataset = engine.load_mnist()
    digits = engine.MyDigits.empty()
    index = 0
    while len(digits) < 3:  # only digits the split holds out
        candidate = digits.add(dataset.x_test[index], int(dataset.t_test[index]))
        if candidate.held_out_mask()[-1]:
            digits = candidate
        index += 1
    engine.save_my_digits(digits, tmp_path / "my_digits.npz")
    window = make_window()
    view = show_page(qtbot, window)
    qtbot.mouseClick(view.fine_tune_button, Qt.LeftButton)
    [(title, message)] = window.dialogs.errors
    assert title == "Cannot fine-tune on my digits"
    assert "none of your 3 digits" in message.lower()
    assert window.controller.state == "idle" and view.texts()[3] == ""


def test_opening_another_model_clears_the_comparison(qtbot, make_window, tmp_path, tiny_folder):
    images, labels = column_band_digits(per_class=3)
    engine.save_my_digits(collection_of(images, labels), tmp_path / "my_digits.npz")
    window = make_window()
    train_a_tiny_model(qtbot, window, tiny_folder)
    view = show_page(qtbot, window)
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG):
        qtbot.mouseClick(view.fine_tune_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "After" in view.texts()[3], timeout=HUNG)
    with qtbot.waitSignal(view.measured, timeout=HUNG):
        window.open_builtin_action.trigger()
    assert view.texts()[3] == ""
    assert view.texts()[0].startswith("On MNIST's test set: 99.")


def test_fine_tuning_on_a_dataset_of_other_things_fails_with_a_sentence_and_keeps_the_model(
        qtbot, make_window, tmp_path, tiny_folder):
    images, labels = column_band_digits(per_class=3)
    engine.save_my_digits(collection_of(images, labels), tmp_path / "my_digits.npz")
    window = make_window()
    train_a_tiny_model(qtbot, window, tiny_folder)
    trained = window.current_model.network.state_arrays()
    fashion = write_dataset_dir(tmp_path / "fashion", tiny_dataset())  # named as Fashion-MNIST
    use_dataset(qtbot, window, fashion)
    view = show_page(qtbot, window)
    with qtbot.waitSignal(window.controller.failed, timeout=HUNG):
        qtbot.mouseClick(view.fine_tune_button, Qt.LeftButton)
    assert view.texts()[3] == ("Fine-tuning did not finish: the model shown is the one "
                               "before.")
    assert any("needs a dataset of digits such as MNIST; fashion-mnist holds other classes"
               in message for message in window.dialogs.messages), window.dialogs.messages
    for name, array in window.current_model.network.state_arrays().items():
        np.testing.assert_array_equal(array, trained[name])
