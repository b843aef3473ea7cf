"""Steering a run (issue 18, item 1): the learning rate (or its decay, or weight decay) typed
while a run goes takes effect at the next iteration, is marked on both charts with what it
became, and stays marked on the trained model's curves and in its file."""
from PySide6.QtCore import QCoreApplication, Qt

import pytest

import engine
from gui.trainer_view import trigger_text

from qt_helpers import HUNG, small_settings, start_long_run, status_text, type_over, use_dataset


def test_a_learning_rate_typed_mid_run_applies_at_the_next_iteration_and_is_marked(
        qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    progress = start_long_run(qtbot, window)
    form, curves = window.train_panel.form, window.curves
    assert window.controller.state == "running" and form.lr.isEnabled()
    assert not form.batch_size.isEnabled()  # only the live fields change mid-run
    with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                          check_params_cb=lambda r: bool(r.hyperparameter_changes)) as marked:
        type_over(qtbot, form.lr, "0.0123")
    change = dict(marked.args[0].hyperparameter_changes[0])
    assert change["lr"] == pytest.approx(0.0123)
    # every iteration after the change's reports the new rate, none before it the old one
    qtbot.waitUntil(lambda: progress[-1].iteration > change["iteration"] + 1, timeout=HUNG)
    rates = {r.iteration: r.lr for r in progress}
    assert all(lr == pytest.approx(0.0123) for i, lr in rates.items() if i > change["iteration"])
    assert all(lr == pytest.approx(0.05) for i, lr in rates.items() if i <= change["iteration"])
    per_epoch = marked.args[0].iterations_per_epoch
    assert curves.loss_plot.markers.texts() == [(change["iteration"], "lr 0.0123")]
    assert curves.accuracy_plot.markers.texts() == [
        (pytest.approx(change["iteration"] / per_epoch), "lr 0.0123")]

    with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                          check_params_cb=lambda r: bool(r.hyperparameter_changes)):
        type_over(qtbot, form.weight_decay, "0.001")
    assert [text for _, text in curves.loss_plot.markers.texts()] == [
        "lr 0.0123", "weight decay 0.001"]  # only what changed
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        window.train_panel.stop_action.trigger()
    recorded = finished.args[0].metadata["extra"]["changes"]
    assert [c["iteration"] for c in recorded] == [
        int(x) for x, _ in curves.loss_plot.markers.texts()]
    # the trained model now shown draws its curves from what it records: the marks stay
    qtbot.waitUntil(lambda: not window.controller.is_active(), timeout=HUNG)
    assert [text for _, text in curves.loss_plot.markers.texts()] == [
        "lr 0.0123", "weight decay 0.001"]


def test_a_new_run_starts_with_no_marks(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                          check_params_cb=lambda r: bool(r.hyperparameter_changes)):
        type_over(qtbot, window.train_panel.form.lr, "0.02")
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    with qtbot.waitSignal(window.controller.progress, timeout=HUNG):
        window.train_panel.start_action.trigger()
    assert window.curves.loss_plot.markers.texts() == []
    assert window.curves.accuracy_plot.markers.texts() == []


def test_a_file_shows_only_the_changes_that_are_changes(qtbot, window, tmp_path):
    network = engine.build_network(engine.mlp_config(hidden=(8,)))
    history = [{"epoch": e, "iteration": 10 * e, "main/loss": 1.0 / e, "main/accuracy": 0.5,
                "validation/main/accuracy": 0.5} for e in (1, 2, 3)]
    changes = [{"iteration": 15, "lr": 0.01, "lr_decay": 1.0, "weight_decay": 0.0},
               {"iteration": "<b>15</b>", "lr": 0.5}, 7, None, {"iteration": float("nan")},
               {"iteration": 25, "lr": 0.01, "lr_decay": 0.9, "weight_decay": 0.0}]
    path = tmp_path / "changed.npz"
    engine.save_model(path, network, history=history,
                      metrics={"iterations": 30, "epochs": 3},
                      extra={"train": {"lr": 0.1}, "changes": changes})
    window.dialogs.open_path = str(path)
    with qtbot.waitSignal(window.model_opened, timeout=HUNG):
        window.open_action.trigger()
    assert window.curves.loss_plot.markers.texts() == [(15, "lr 0.01"), (25, "decay 0.9")]
    assert window.curves.accuracy_plot.markers.texts() == [(1.5, "lr 0.01"), (2.5, "decay 0.9")]
    assert window.dialogs.messages == []


def pause(qtbot, window):
    """F6's action, then wait until the loop sleeps and has handed over where it stopped."""
    window.train_panel.pause_action.trigger()
    trainer = window.controller._worker._trainer
    qtbot.waitUntil(lambda: trainer.waiting_in_pause, timeout=HUNG)
    QCoreApplication.sendPostedEvents()  # the report sent as it paused


def test_step_trains_exactly_one_iteration_and_says_what_it_did_to_the_loss(
        qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    progress = start_long_run(qtbot, window)
    panel = window.train_panel
    assert not panel.step_action.isEnabled()  # running: Step is for a paused run
    pause(qtbot, window)
    assert panel.step_action.isEnabled()
    held = progress[-1].iteration
    for step in (1, 2):
        with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                              check_params_cb=lambda r: r.step is not None) as stepped:
            qtbot.keyClick(window, Qt.Key_F7)
        report = stepped.args[0]
        assert report.iteration == held + step  # exactly one iteration
        assert report.step[0] == report.iteration
        assert window.controller.state == "paused"
        before, after = report.step[1:]
        assert status_text(window)[0] == (
            f"Paused at iteration {held + step:,}. One step: the loss of its batch went from "
            f"{before:.4f} to {after:.4f}. Step again (F7) or resume (F6).")
    assert window.curves.loss_plot.raw_data()[0][-1] == held + 2  # drawn as any iteration
    panel.pause_action.trigger()  # resume
    assert not panel.step_action.isEnabled()
    with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                          check_params_cb=lambda r: r.iteration > held + 5):
        pass
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        panel.stop_action.trigger()


# --- Chainer's view of the run (issue 18, item 4) -------------------------------------------------

def test_the_trainer_view_lists_the_extensions_and_grows_the_log_as_printreport_prints_it(
        qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    window.trainer_view_action.trigger()  # Training > Trainer and log
    view = window.trainer_view
    assert view.isVisible()
    reports = []
    window.controller.progress.connect(reports.append)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        window.start_training(small_settings(epochs=3))
    table = reports[0].extensions  # the run's own Trainer.extension_table, sent once
    assert all(report.extensions is None for report in reports[1:])
    assert view.extension_rows() == [
        [row["name"], str(row["priority"]), trigger_text(row["trigger"])] for row in table]
    names = [row["name"] for row in table]
    assert {"LogReport", "validation", "ExponentialShift", "NonFiniteGuard"} <= set(names)
    log = finished.args[0].metadata["history"]
    expected = [[engine.format_log_cell(entry.get(name)) for name in engine.LOG_COLUMNS]
                for entry in log]
    assert view.log_rows() == expected and len(expected) == 3
    assert view.caption.text().startswith("The run that ended last")
    # what PrintReport prints on the command line: the same cells
    printer = engine.PrintReport()
    assert [printer.row(entry).split() for entry in log] == [
        [cell for cell in row if cell] for row in expected]
    # another model opened: its file's log, and no extensions (they show during a run)
    window.open_builtin_action.trigger()
    qtbot.waitUntil(lambda: window.opening is None, timeout=HUNG)
    builtin = window.current_model.history()
    assert len(view.log_rows()) == len(builtin) and view.extension_rows() == []
    assert view.caption.text().startswith("The log the current model's file records")


@pytest.mark.parametrize(("trigger", "text"), [
    ({"kind": "interval", "period": 1, "unit": "epoch"}, "every epoch"),
    ({"kind": "interval", "period": 3, "unit": "epoch"}, "every 3 epochs"),
    ({"kind": "interval", "period": 1, "unit": "iteration"}, "every iteration"),
    ({"kind": "interval", "period": 1000, "unit": "iteration"}, "every 1,000 iterations"),
    ({"kind": "schedule", "points": [1, 5], "unit": "epoch"}, "after epochs 1, 5"),
    ({"kind": "schedule", "points": [200], "unit": "iteration"}, "at iterations 200"),
    ({"kind": "never"}, "only when called"), ({"kind": "custom"}, "its own rule"),
])
def test_a_trigger_is_said_in_words(trigger, text):
    assert trigger_text(trigger) == text
