"""Continue training (issue 18, item 7): Training > Continue training (Ctrl+F5) trains the model
shown on from its own weights, with the settings it records, for the form's length; the form
shows what runs; a model that says nothing of its training and fits no form is refused."""
from PySide6.QtCore import Qt

import engine

from qt_helpers import HUNG, start_long_run, type_over, use_dataset


def short_run(qtbot, window):
    form = window.train_panel.form
    form.hidden.setText("8")
    type_over(qtbot, form.batch_size, "20")
    type_over(qtbot, form.length, "2")
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG) as kept:
        window.train_panel.start_action.trigger()
    return kept.args[1]


def test_a_kept_run_trains_on_from_its_weights_for_the_forms_length(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    first = short_run(qtbot, window)
    form = window.train_panel.form
    form.hidden.setText("100, 100")  # the form wanders off; the model's own settings rule
    type_over(qtbot, form.length, "3")
    window.activateWindow()
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG) as kept:
        qtbot.keyClick(window, Qt.Key_F5, Qt.ControlModifier)
    continued = kept.args[1]
    assert window.dialogs.errors == [] and window.dialogs.questions == []
    assert form.hidden.text() == "8"  # the form shows what ran
    assert [entry["epoch"] for entry in continued.history] == [1, 2, 3]
    assert continued.history[0]["main/loss"] < first.history[0]["main/loss"] / 2
    extra = engine.load_model(continued.model_path).header["extra"]
    assert extra["continued_from"] == {"model": "trained", "iterations": 20,
                                       "test_accuracy": first.test_accuracy}


def test_a_model_that_fits_no_form_is_refused_with_a_sentence(qtbot, window, tmp_path):
    path = engine.save_model(tmp_path / "odd.npz",
                             engine.build_network(engine.mlp_config(hidden=(7,))))
    with qtbot.waitSignal(window.model_opened, timeout=HUNG):
        window.open_model(path)
    assert window.continue_action.isEnabled()
    window.continue_action.trigger()
    [(title, message)] = window.dialogs.errors
    assert title == "Cannot continue training"
    assert message.startswith("The model shown does not say how it was trained")
    assert window.controller.state == "idle"


def test_continue_waits_for_the_run_to_end(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)  # running: a Stop now ends it in "finished"
    assert not window.continue_action.isEnabled()
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    assert window.continue_action.isEnabled()
