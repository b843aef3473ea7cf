"""Shared by the GUI tests: settings for short real runs, dataset folders on disk, and a count
of a run's training iterations that needs no clock, and a user's ways into tables and lessons."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import engine
from engine.data.datasets import FILES
from gui.pages.learn import lesson_row
from gui.train_panel import MAX_ITERATIONS

from fakes import idx_bytes, tiny_dataset  # noqa: F401 - tiny_dataset: for the GUI tests


def small_settings(**overrides):
    values = {"preset": "mlp", "hidden": (16,), "batch_size": 20, "epochs": 3, "lr": 0.05}
    values.update(overrides)
    return engine.TrainSettings(**values)


class Iterations:
    """Training iterations begun so far (`begun`, counted at the updater, in any run), and the
    count just after each stop request reached a trainer (`at_stop`). A stopped loop can begin
    at most one more: the one that passed its stop check as the request came."""

    def __init__(self, monkeypatch):
        self.begun = 0
        self.at_stop = []
        update, request_stop = engine.StandardUpdater.update, engine.Trainer.request_stop

        def counted(updater):
            self.begun += 1
            return update(updater)

        def noted(trainer):
            request_stop(trainer)
            self.at_stop.append(self.begun)  # after the request: no later count slips in

        monkeypatch.setattr(engine.StandardUpdater, "update", counted)
        monkeypatch.setattr(engine.Trainer, "request_stop", noted)


HUNG = 30_000  # ms: every wait's timeout; only a hung run reaches it, however busy the machine


def use_dataset(qtbot, window, folder):
    """Choose `folder` in the train panel, as Browse does, and wait until it has loaded."""
    window.train_panel.set_dataset_folder(folder)
    qtbot.waitUntil(lambda: window.dataset() is not None, timeout=HUNG)


def write_dataset_dir(folder, dataset):
    """The dataset as the four raw IDX files a dataset folder holds (no gzip needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {"train_images": dataset.x_train, "train_labels": dataset.t_train,
              "test_images": dataset.x_test, "test_labels": dataset.t_test}
    for key, array in arrays.items():
        (folder / FILES[key]).write_bytes(idx_bytes(array))
    return folder


def wait_opened(qtbot, window):
    """Wait until the model file the window is reading in the background is shown or refused
    (File > Open, Open recent and the start-up model all read off the GUI thread)."""
    qtbot.waitUntil(lambda: window.opening is None, timeout=HUNG)


def type_over(qtbot, box, text):
    """Select a field's text, type over it and confirm with Tab, as a user does."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Tab)


def type_into_cell(qtbot, table, row, column, text):
    """Type `text` into a table cell as a user does: select it, F2 to edit, select the old
    text, type, Enter."""
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table, "F2 did not open the cell's editor"
    qtbot.keyClick(editor, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    # the delegate commits the editor's text in a queued call
    qtbot.waitUntil(lambda: table.item(row, column).text() == text, timeout=HUNG)


def choose_lesson(qtbot, window, lesson_class):
    """Pages > Learn (Ctrl+3), then a click on the lesson in the list: the lesson shown."""
    window.page_actions[2].trigger()
    page = window.learn_page
    assert window.pages.currentWidget() is page
    lessons = page.lesson_list
    rect = lessons.visualItemRect(lessons.item(lesson_row(lesson_class)))
    qtbot.mouseClick(lessons.viewport(), Qt.LeftButton, pos=rect.center())
    lesson = page.current_lesson()
    assert isinstance(lesson, lesson_class)
    qtbot.waitUntil(lesson.isVisible, timeout=HUNG)
    return lesson


def start_long_run(qtbot, window, **overrides):
    """A run that never ends by itself, started with F5's action, waited into 'running'."""
    progress = []
    window.controller.progress.connect(progress.append)
    form = window.train_panel.form
    form.length_unit.setCurrentIndex(form.length_unit.findData("iteration"))
    form.length.setValue(MAX_ITERATIONS)
    form.batch_size.setValue(overrides.get("batch_size", 20))
    form.hidden.setText(overrides.get("hidden", "16"))
    window.train_panel.start_action.trigger()
    qtbot.waitUntil(lambda: len(progress) > 0, timeout=HUNG)
    return progress


def status_text(window):
    status = window.train_panel.status
    return status.summary.text(), status.progress_text.text()
