"""A window that never contradicts itself: one run state with its own words, a close that asks
first and never blocks, inline checks before Start, a window that fits 1024x768, help inside.

Each test drives the window as a user does (actions, keys, the mouse) and reads what it shows.
No test waits a fixed time: each waits for a state or a signal, with a timeout only a hang
reaches.
"""
import threading

from PySide6 import QtGui
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

import pytest

import engine
from gui.main_window import Dialogs, MainWindow
from gui.selftest import DRAWN_DIGITS
from gui.simulate import drag
from gui.workers import TrainingWorker

from qt_helpers import (
    HUNG,
    Iterations,
    small_settings,
    start_long_run,
    status_text,
    use_dataset,
    wait_opened,
)

LONG_RUN = {"epochs": None, "iterations": 1_000_000}
SEVEN = DRAWN_DIGITS["7"][0]


# --- 3. quit during training asks first, resumes on Cancel, never blocks ------------------------

def test_quit_mid_run_then_cancel_resumes_the_run(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    asked_in = []
    window.dialogs.quit_answer = "cancel"
    original = window.dialogs.ask_quit_during_training
    window.dialogs.ask_quit_during_training = lambda: (
        asked_in.append(window.controller.state), original())[1]
    window.quit_action.trigger()
    assert asked_in == ["paused"]  # the run waits while the user decides
    assert window.isVisible() and window.controller.state == "running"
    assert not window.train_panel.start_action.isEnabled()
    assert window.train_panel.stop_action.isEnabled()
    progress = []
    window.controller.progress.connect(progress.append)
    qtbot.waitUntil(lambda: len(progress) > 0, timeout=HUNG)  # and it goes on


def test_quit_mid_run_without_saving_closes_once_the_iteration_ends(qtbot, window, tiny_folder,
                                                                    monkeypatch):
    iterations = Iterations(monkeypatch)
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window, hidden="256, 256")
    window.dialogs.quit_answer = "discard"
    assert not window.close()  # not now: the GUI thread does not wait for the run ...
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=HUNG)  # ... it closes when it ends
    [at_stop] = iterations.at_stop
    assert at_stop <= iterations.begun <= at_stop + 1
    assert not window.controller.is_active()
    assert window.dialogs.questions == ["quit during training"]  # asked once, not twice


def test_quit_mid_run_and_save_but_no_file_chosen_keeps_the_window(qtbot, runs_not_kept, window,
                                                                   tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    window.dialogs.quit_answer = "save"
    window.dialogs.save_path = None  # the user closes the file dialog
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.close()
    assert window.isVisible() and window.current_model.is_modified
    assert window.statusBar().currentMessage().startswith("Not closed")
    assert window.train_panel.start_action.isEnabled()


def test_quit_mid_run_and_save_saves_the_weights_so_far(qtbot, window, tiny_folder, tmp_path):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    window.dialogs.quit_answer = "save"
    window.dialogs.save_path = str(tmp_path / "kept.npz")
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=HUNG)
    loaded = engine.load_model(tmp_path / "kept.npz")
    assert loaded.metrics["measured_images"] == 0  # no final measurement made us wait
    assert loaded.metrics["iterations"] > 0


# --- 4. the final measurement shows its progress and can be skipped -----------------------------

@pytest.fixture
def slow_measurement(monkeypatch):
    """The final measurement holds before its first batch until Skip is pressed (a real one on
    the tiny set would end before a test could press anything)."""
    original = TrainingWorker._should_skip_evaluation
    released = threading.Event()

    def held(worker):
        skip = original(worker)
        if not skip:
            released.wait(HUNG / 1000)
            skip = original(worker)
        return skip

    monkeypatch.setattr(TrainingWorker, "_should_skip_evaluation", held)
    yield released
    released.set()


def test_stop_shows_the_final_measurement_and_skip_keeps_the_last_figures(
        qtbot, window, tiny_folder, slow_measurement):
    use_dataset(qtbot, window, tiny_folder)
    window.train_panel.form.length_unit.setCurrentIndex(0)  # epochs: a log entry to keep
    form = window.train_panel.form
    form.hidden.setText("16")
    form.batch_size.setValue(20)
    form.length.setValue(2)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        window.train_panel.start_action.trigger()
        qtbot.waitUntil(lambda: window.controller.state == "evaluating", timeout=HUNG)
        status = window.train_panel.status
        assert status.skip_button.isVisible()
        assert "Measuring the final accuracy" in status.summary.text()
        assert "left" not in status.progress_text.text()  # no stale ETA
        assert window.train_panel.stop_action.isEnabled()
        qtbot.mouseClick(status.skip_button, Qt.LeftButton)
        slow_measurement.set()
    metrics = finished.args[0].metrics
    assert metrics["measured_images"] == 0
    assert metrics["test_accuracy"] == finished.args[0].metadata["history"][-1][
        "validation/main/accuracy"]
    assert "skipped" in window.train_panel.status.summary.text()
    assert not window.train_panel.status.skip_button.isVisible()


def test_closing_during_the_final_measurement_does_not_wait_for_it(qtbot, window, tiny_folder,
                                                                   slow_measurement):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.state_changed, timeout=HUNG,
                          check_params_cb=lambda state: state == "evaluating"):
        window.start_training(small_settings())
    window.dialogs.quit_answer = "discard"
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=HUNG)  # Skip was not pressed
    assert not slow_measurement.is_set()


# --- 5. one run state, each with its own words --------------------------------------------------

def test_each_run_state_has_its_own_words(qtbot, window, tiny_folder, monkeypatch):
    use_dataset(qtbot, window, tiny_folder)
    summary, figures = status_text(window)
    assert summary.startswith("Not training") and figures == ""
    seen = {}
    window.controller.state_changed.connect(lambda state: seen.setdefault(state,
                                                                          status_text(window)))
    start_long_run(qtbot, window)
    assert seen["loading"][0].startswith("Loading the dataset")
    qtbot.waitUntil(lambda: "left" in status_text(window)[1], timeout=HUNG)
    assert not status_text(window)[0].startswith("Loading")  # gone once training began
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    summary, figures = status_text(window)
    assert summary.startswith("Finished (stopped by request)") and "left" not in figures
    assert figures.startswith("stopped at")


def test_a_failed_start_says_nothing_was_lost(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "load_dataset", lambda folder: (_ for _ in ()).throw(
        engine.DatasetError(f"{folder}: the labels file is cut short")))
    with qtbot.waitSignal(window.controller.failed, timeout=HUNG):
        window.start_training(small_settings())
    summary, figures = status_text(window)
    assert summary == "Training failed before it began; nothing changed."
    assert figures == "failed" and "kept" not in summary
    assert window.current_model.path == engine.bundled_model_path()
    history = engine.load_model(engine.bundled_model_path()).history
    assert window.curves.loss_plot.point_count() == len(history)  # not "Loading..." on empty
    assert not window.curves.loss_plot.placeholder.isVisible()


def test_opening_another_model_shows_its_own_history_not_the_last_run(qtbot, runs_not_kept, window,
                                                                      tiny_folder, tmp_path):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.start_training(small_settings())
    assert window.curves.loss_plot.point_count() == 30
    window.dialogs.save_answer = "discard"
    window.open_builtin_action.trigger()
    wait_opened(qtbot, window)
    assert window.current_model.path == engine.bundled_model_path()
    assert status_text(window)[0].startswith("Not training")  # not "Finished ..."
    history = engine.load_model(engine.bundled_model_path()).history
    assert window.curves.loss_plot.point_count() == len(history)  # the file's own curves
    assert window.curves.accuracy_plot.point_counts() == (len(history), len(history))
    window.new_action.trigger()
    loss_plot = window.curves.loss_plot
    assert loss_plot.point_count() == 0  # a new network has no history
    assert loss_plot.placeholder.isVisible() and "No training history" in \
        loss_plot.placeholder.text()
    assert not loss_plot.getPlotItem().legend.isVisible()  # it would cover the sentence


def test_the_accuracy_plot_says_what_it_waits_for_and_a_run_stopped_before_any_check(
        qtbot, window, tiny_folder, monkeypatch):
    # no 1,000-image checks, and a run in iterations: no test figure at all before Stop
    monkeypatch.setattr("gui.workers.CHECKS_PER_EPOCH", 0)
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    placeholder = window.curves.accuracy_plot.placeholder
    assert "appears here at the first check" in placeholder.text()  # not "Loading..."
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    assert window.curves.accuracy_plot.check_count() == 0
    assert placeholder.isVisible()
    assert placeholder.text() == "The run ended before its first test check."


def test_a_run_counted_in_iterations_is_drawn_at_its_true_epochs(qtbot, window, tmp_path):
    """The book's chapter 5 logs every 1,000 of 10,000 iterations, with whole epoch numbers
    (1, 3, 5, ...): the file's metrics say where each entry really sits (1000/600 epochs...)."""
    history = [{"epoch": iteration // 600, "iteration": iteration, "main/loss": 1.0 / iteration,
                "main/accuracy": 0.9, "validation/main/accuracy": 0.91}
               for iteration in range(1000, 10_001, 1000)]
    path = engine.save_model(tmp_path / "ch05.npz", engine.load_model(
        engine.bundled_model_path()).model, history=history,
        metrics={"test_accuracy": 0.91, "iterations": 10_000, "epochs": 16.6667})
    window.dialogs.open_path = str(path)
    window.open_action.trigger()
    wait_opened(qtbot, window)
    epochs, _ = window.curves.accuracy_plot.test_curve.getData()
    assert epochs == pytest.approx([i * 16.6667 / 10_000 for i in range(1000, 10_001, 1000)])
    assert window.curves.loss_plot.point_count() == 10


# --- 6. pause is a state, and the learning rate can change while paused -------------------------

def test_paused_is_shown_and_the_learning_rate_changes_on_resume(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    progress = start_long_run(qtbot, window)
    panel = window.train_panel
    panel.pause_action.trigger()
    QCoreApplication.sendPostedEvents()  # reports sent before the pause reached the loop
    assert status_text(window)[0].startswith("Paused at iteration")
    assert status_text(window)[1].startswith("paused")
    form = panel.form
    assert form.lr.isEnabled() and form.lr_decay.isEnabled() and form.weight_decay.isEnabled()
    assert not form.batch_size.isEnabled() and not form.hidden.isEnabled()
    form.lr.setFocus()
    form.lr.selectAll()
    qtbot.keyClicks(form.lr, "0.0123")
    qtbot.keyClick(form.lr, Qt.Key_Tab)
    panel.pause_action.trigger()  # resume
    before = progress[-1].iteration
    with qtbot.waitSignal(window.controller.progress, timeout=HUNG,
                          check_params_cb=lambda report: report.iteration > before):
        pass  # at least one update with the new rate
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        panel.stop_action.trigger()
    changes = finished.args[0].metadata["extra"]["changes"]
    assert changes and changes[-1]["lr"] == pytest.approx(0.0123)
    assert not form.lr.isEnabled() or window.controller.state == "finished"


# --- 8. files that are not models: plain sentences, details behind a button ---------------------

def test_opening_a_text_file_or_random_bytes_says_so_plainly(qtbot, window, tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("these are my notes, not a model\n")
    noise = tmp_path / "noise.npz"
    noise.write_bytes(bytes(range(256)) * 8)
    for path in (text, noise):
        window.dialogs.open_path = str(path)
        window.open_action.trigger()
        wait_opened(qtbot, window)
        title, message = window.dialogs.errors[-1]
        assert title == "Cannot open model" and path.name in message
        assert message == f"{path} is not a DigitLab model."  # one plain sentence
        assert "zip" in window.dialogs.details[-1]  # the technical reason, behind a button
        assert "pickle" not in message.lower() + window.dialogs.details[-1].lower()
        assert window.current_model.path == engine.bundled_model_path()


# --- 9. which model reads, and the way back to the built-in one ---------------------------------

def test_the_built_in_model_can_be_opened_again_after_training(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.start_training(small_settings())
    assert window.current_model.path is None
    window.open_builtin_action.trigger()  # the scripted user answers "don't save"
    wait_opened(qtbot, window)
    assert window.current_model.path == engine.bundled_model_path()
    assert "99.60%" in window.model_label.text()
    assert window.statusBar().currentMessage() == "Opened the built-in model"


# --- 10. checked as typed: Start says why it cannot start ---------------------------------------

def test_a_hidden_layer_of_zero_disables_start_with_the_reason(qtbot, window):
    form = window.train_panel.form
    form.hidden.setFocus()
    form.hidden.selectAll()
    qtbot.keyClicks(form.hidden, "0")
    panel = window.train_panel
    assert not panel.start_action.isEnabled()
    assert panel.problem_label.isVisible() and "neuron" in panel.problem_label.text()
    assert status_text(window)[0] == "Not training."  # not "press Start": it cannot start
    qtbot.keyClicks(form.hidden, "")
    form.hidden.selectAll()
    qtbot.keyClicks(form.hidden, "32")
    assert panel.start_action.isEnabled() and not panel.problem_label.isVisible()
    assert "press Start" in status_text(window)[0]


def test_sizes_typed_halfway_are_explained_not_a_crash(qtbot, window):
    form, panel = window.train_panel.form, window.train_panel
    form.hidden.setFocus()
    form.hidden.selectAll()
    qtbot.keyClicks(form.hidden, "100,")  # the next size not typed yet
    assert not panel.start_action.isEnabled()
    assert "separated by commas" in panel.problem_label.text()
    assert "invalid literal" not in panel.problem_label.text()
    assert window.train_panel.values()["hidden"] is None  # closing now remembers the rest
    qtbot.keyClicks(form.hidden, " 50")
    assert panel.start_action.isEnabled()
    assert "hidden layers 100, 50" in form.description.text()


def test_a_folder_without_a_dataset_disables_start_and_is_not_listed(qtbot, window, tmp_path):
    form = window.train_panel.form
    listed = form.data_dir.count()
    form.data_dir.lineEdit().clear()
    qtbot.keyClicks(form.data_dir.lineEdit(), str(tmp_path / "nothing-here"))
    qtbot.keyClick(form.data_dir.lineEdit(), Qt.Key_Return)
    panel = window.train_panel
    assert not panel.start_action.isEnabled()
    assert "nothing-here" in panel.problem_label.text()
    assert form.data_dir.count() == listed  # the bad path is not added to the list
    assert not window.start_training()  # F5 cannot start it either
    assert not window.controller.is_active()


def test_the_description_follows_the_fields_not_the_preset(qtbot, window):
    form = window.train_panel.form
    assert form.description.text().startswith("Preset mlp:")
    form.batch_size.setFocus()
    form.batch_size.selectAll()
    qtbot.keyClicks(form.batch_size, "32")
    qtbot.keyClick(form.batch_size, Qt.Key_Tab)
    text = form.description.text()
    assert text.startswith("Your settings, changed from preset mlp") and "batches of 32" in text


def test_preset_tooltips_wrap_instead_of_running_off_the_screen(window):
    combo = window.train_panel.form.preset
    tips = [combo.itemData(index, Qt.ToolTipRole) for index in range(combo.count())]
    assert all(tip.startswith("<p>") and tip.endswith("</p>") for tip in tips)  # Qt wraps these
    assert all(QtGui.Qt.mightBeRichText(tip) for tip in tips)


def test_the_expected_time_on_this_pc_is_shown_before_a_run_and_never_stale(qtbot, window,
                                                                          tiny_folder):
    form = window.train_panel.form
    use_dataset(qtbot, window, tiny_folder)  # its sizes are part of the estimate
    qtbot.waitUntil(lambda: "to train on this PC" in form.description.text(), timeout=HUNG)
    form.length.setValue(form.length.value() * 2)
    assert "to train on this PC" not in form.description.text()  # not the other run's time
    qtbot.waitUntil(lambda: "to train on this PC" in form.description.text(), timeout=HUNG)
    form.length.setValue(form.length.value() // 2)  # measured before: shown at once
    assert "to train on this PC" in form.description.text()


# --- 11. keys and message boxes -----------------------------------------------------------------

def test_escape_in_a_field_does_not_clear_the_drawing(qtbot, window):
    window.activateWindow()
    drag(window.draw_panel.canvas, SEVEN, steps_between=3)
    form = window.train_panel.form
    form.lr.setFocus()
    qtbot.keyClick(form.lr, Qt.Key_Escape)
    assert not window.draw_panel.canvas.is_empty()


def tab_order(window):
    """The widgets Tab visits, in order, from the window's start."""
    order, widget = [], window.nextInFocusChain()
    while widget is not window and len(order) < 500:
        if widget.focusPolicy() & Qt.TabFocus and widget.isVisibleTo(window) \
                and widget.isEnabled() and widget.isWindow() is False:
            order.append(widget)
        widget = widget.nextInFocusChain()
    return order


def test_tab_starts_at_the_canvas_and_skips_the_plots(qtbot, window):
    order = tab_order(window)
    assert order[0] is window.draw_panel.canvas
    assert window.curves.loss_plot not in order and window.curves.accuracy_plot not in order
    unnamed = [type(w).__name__ for w in order
               if not w.accessibleName() and not getattr(w, "text", lambda: "")()
               and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
    assert unnamed == []


def test_question_buttons_have_mnemonics(qtbot, window):
    dialogs = Dialogs(window)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        seen.extend(button.text() for button in box.findChildren(QAbstractButton)
                    if button.isVisible())
        box.button(QMessageBox.Cancel).click()

    QTimer.singleShot(0, answer)
    assert dialogs.ask_save_changes("Save it?") == "cancel"
    assert len(seen) == 3 and all("&" in text for text in seen)


# --- 12. the progress figures sit beside the bar ------------------------------------------------

def test_progress_text_is_beside_the_bar_not_over_it(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    status = window.train_panel.status
    assert not status.progress.isTextVisible()
    qtbot.waitUntil(lambda: "it/s" in status.progress_text.text(), timeout=HUNG)


class LayoutRequests(QObject):
    """Counts the layout passes asked of a widget."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.LayoutRequest:
            self.count += 1
        return False


def test_a_runs_changing_texts_ask_for_no_layout_pass(qtbot, window, tiny_folder):
    """The figures beside the bar and the summary's "Iteration n/N" change with every report.
    A label that changes asks the window for a layout pass, and here each pass repainted every
    widget of the page, taking the GUI thread from training."""
    use_dataset(qtbot, window, tiny_folder)
    status = window.train_panel.status
    figures, summary = status.progress_text, status.summary
    progress = start_long_run(qtbot, window)
    sizes, texts = [], set()

    def note():
        sizes.append((figures.minimumSize(), figures.maximumSize()))
        texts.add((figures.text(), summary.text()))
    window.controller.progress.connect(note)
    qtbot.waitUntil(lambda: len(texts) >= 4, timeout=HUNG)
    assert all(least == most for least, most in sizes)  # a fixed size: no layout pass
    widths = [least.width() for least, _ in sizes]
    assert widths == sorted(widths)  # it may grow for a wider text, never shrink mid-run
    assert figures.sizeHint().width() <= figures.width()  # and the text is never clipped
    requests = LayoutRequests(status)
    count_before, texts_before = len(progress), len(texts)
    qtbot.waitUntil(lambda: len(texts) >= texts_before + 3, timeout=HUNG)
    assert len({summary for _, summary in texts}) > 3  # "Iteration n/N" moved on
    assert len(progress) > count_before and requests.count <= 1  # at most one growth


def test_a_long_summary_wraps_and_shows_every_line(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    summary = window.train_panel.status.summary
    one_line = summary.height()
    window.train_panel.pause_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state == "paused", timeout=HUNG)
    assert "Step (F7) trains one iteration" in summary.text()
    qtbot.waitUntil(lambda: summary.height() > one_line, timeout=HUNG)  # the window laid out
    assert summary.height() >= summary.heightForWidth(summary.width())  # no line cut off
    assert summary.width() <= summary.parentWidget().width()  # nor cut at the side
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG):
        window.train_panel.stop_action.trigger()
    assert summary.text().startswith("Finished (stopped by request)")
    qtbot.waitUntil(lambda: summary.height() == summary.heightForWidth(summary.width()),
                    timeout=HUNG)  # the shorter text gives the room back


# --- 14. a suggested name from the run ----------------------------------------------------------

def test_save_suggests_a_name_from_the_run(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.controller.finished, timeout=HUNG) as finished:
        window.start_training(small_settings())
    window.save_action.trigger()  # no path chosen: the scripted dialog only records
    accuracy = finished.args[0].metrics["test_accuracy"]
    name = window.dialogs.suggested.name
    assert name.startswith(f"mlp-{accuracy * 100:.2f}-") and name.endswith(".npz")
    assert name != "digitlab-model.npz"


# --- 15. help inside the app --------------------------------------------------------------------

def open_dialogs(window):
    return [dialog for dialog in window.findChildren(QDialog) if dialog.isVisible()]


def test_help_menu_opens_getting_started_and_shortcuts_again_and_again(qtbot, window):
    for _ in range(2):  # closed (and deleted) dialogs must not trouble the next opening
        window.getting_started_action.trigger()
        window.shortcuts_action.trigger()
        shown = open_dialogs(window)
        titles = sorted(dialog.windowTitle() for dialog in shown)
        assert titles == ["Getting started with DigitLab", "Keyboard shortcuts"]
        for dialog in shown:
            qtbot.keyClick(dialog, Qt.Key_Escape)
        qtbot.waitUntil(lambda: not open_dialogs(window), timeout=HUNG)


# --- 2. fits the screen ---------------------------------------------------------------------------

SMALL_SCREEN = QRect(0, 0, 1024, 768)


def test_a_first_start_fits_a_1024x768_screen(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(MainWindow, "_available", lambda self: SMALL_SCREEN)
    window = make_window()
    assert window.width() <= 1024 and window.height() <= 768
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 740, hint


def test_a_remembered_size_from_a_bigger_screen_is_brought_back(qtbot, make_window, tmp_path,
                                                               monkeypatch):
    big = make_window(open_model=False, settings_file="big.ini")
    big.setGeometry(1500, 900, 1800, 1100)
    big.settings.setValue("window/geometry", big.saveGeometry())
    big.settings.sync()
    geometry = big.settings.value("window/geometry", QByteArray())
    monkeypatch.setattr(MainWindow, "_available", lambda self: SMALL_SCREEN)
    small = make_window(open_model=False, settings_file="small.ini")
    small.restoreGeometry(geometry)
    small._keep_on_screen()
    frame = small.frameGeometry()
    assert SMALL_SCREEN.contains(frame), frame


def test_nothing_is_clipped_at_1024x768(qtbot, window):
    window.resize(1024, 740)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=HUNG)
    QApplication.processEvents()
    clipped = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                clipped.append((type(widget).__name__, widget.text(), widget.width()))
    assert clipped == []


def test_paused_says_the_same_iteration_as_the_weights_reading_the_drawing(qtbot, window,
                                                                           tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    start_long_run(qtbot, window)
    window.train_panel.pause_action.trigger()
    reader = window.draw_panel.reader_label
    qtbot.waitUntil(lambda: window.controller.weights_seen, timeout=HUNG)

    def same_iteration():
        summary = status_text(window)[0]  # "Paused at iteration 1,234. ..."
        number = summary.split("iteration ")[1].split(".")[0]
        return number.replace(",", "") in reader.text().replace(",", "")

    qtbot.waitUntil(same_iteration, timeout=HUNG)  # the pause hands the last iteration over
