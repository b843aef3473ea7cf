"""Overfitting made visible (issue 18, item 3): the student picks fewer training images and a
share of wrong labels in the form; the run trains on exactly those, the form says so, the
trained model records it, and the choice comes back at the next start."""
import json

from PySide6.QtCore import QSettings, Qt

import pytest

from qt_helpers import HUNG, type_over, use_dataset


def choose_by_keyboard(qtbot, combo, text):
    """Focus the list and press Down until it shows `text`, as a keyboard user does."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key_Down)
    assert combo.currentText() == text


def test_a_hundred_images_with_a_quarter_of_labels_changed_are_what_the_run_trains_on(
        qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)  # 200 training images
    form = window.train_panel.form
    choose_by_keyboard(qtbot, form.train_subset, "100")
    type_over(qtbot, form.label_noise, "0.25")
    form.hidden.setText("16")
    type_over(qtbot, form.batch_size, "10")
    type_over(qtbot, form.length, "2")
    assert form.description.text().startswith("Your settings, changed from preset mlp")
    assert "on 100 training images, 25% of their labels changed" in form.description.text()
    reports = []
    window.controller.progress.connect(reports.append)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        window.train_panel.start_action.trigger()
        assert not form.train_subset.isEnabled() and not form.label_noise.isEnabled()
    assert reports[-1].iterations_per_epoch == 10  # 100 images in batches of 10
    metadata = finished.args[0].metadata
    assert [entry["iteration"] for entry in metadata["history"]] == [10, 20]
    assert metadata["extra"]["train"]["train_subset"] == 100
    assert metadata["extra"]["train"]["label_noise"] == 0.25
    qtbot.waitUntil(lambda: form.train_subset.isEnabled(), timeout=HUNG)


def test_a_new_preset_puts_back_every_image_and_no_noise(qtbot, window):
    form = window.train_panel.form
    choose_by_keyboard(qtbot, form.train_subset, "1,000")
    type_over(qtbot, form.label_noise, "0.5")
    choose_by_keyboard(qtbot, form.preset, "simple-cnn")
    assert form.train_subset.currentText() == "all" and form.label_noise.value() == 0.0
    assert form.settings().train_subset is None
    assert form.description.text().startswith("Preset simple-cnn:")


def test_the_choice_comes_back_at_the_next_start(qtbot, make_window):
    first = make_window(open_model=False)
    form = first.train_panel.form
    choose_by_keyboard(qtbot, form.train_subset, "10,000")
    type_over(qtbot, form.label_noise, "0.2")
    first.close()
    second = make_window(open_model=False)
    form = second.train_panel.form
    assert form.train_subset.currentText() == "10,000" and form.label_noise.value() == 0.2
    assert form.settings().train_subset == 10_000 and form.settings().label_noise == 0.2
    assert second.dialogs.warnings == []


@pytest.mark.parametrize("value", [7, 0, -100, "100", True, 1e30, [100]])
def test_a_remembered_subset_that_is_not_a_choice_is_named_and_all_used(
        qtbot, make_window, tmp_path, value):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    settings.setValue("training/form", json.dumps({"preset": "mlp", "train_subset": value}))
    settings.sync()
    window = make_window()
    assert window.train_panel.form.train_subset.currentText() == "all"
    [(_, message)] = window.dialogs.warnings
    assert "Training images" in message and "not one of the choices; using all." in message
