"""Keep and compare (issue 18, items 5 and 6) as a student meets it: every finished run is kept
without a question, the Runs page (Ctrl+4) lists them after a restart with identical curves,
several selected overlay one curve each beside the settings that differ, and a run's model
opens, its log exports as CSV and it can be deleted. A store that cannot be written costs the
run nothing."""
import csv
import json

from PySide6.QtCore import QPoint, Qt

import pytest

import engine
from gui.kept_runs import default_runs_folder
from gui.pages import runs

from qt_helpers import HUNG, type_over, use_dataset


def train_and_keep(qtbot, window, lr="0.05"):
    """A short real run started with F5's action, waited until the Runs page keeps it."""
    form = window.train_panel.form
    form.hidden.setText("8")
    type_over(qtbot, form.batch_size, "20")
    type_over(qtbot, form.length, "2")
    type_over(qtbot, form.lr, lr)
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG) as kept:
        window.train_panel.start_action.trigger()
    return kept.args[1]


def show_runs_page(qtbot, window):
    """Pages > Runs (Ctrl+4), waited until the page has listed the store."""
    with qtbot.waitSignal(window.kept_runs.listed, timeout=HUNG):
        window.page_actions[3].trigger()
    assert window.pages.currentWidget() is window.runs_page
    return window.runs_page


def click_row(qtbot, table, row, modifier=Qt.NoModifier):
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, modifier, rect.center())


@pytest.fixture
def two_runs(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    return window, [train_and_keep(qtbot, window, "0.05"), train_and_keep(qtbot, window, "0.2")]


def test_every_run_is_kept_without_a_question(qtbot, two_runs):
    window, (first, second) = two_runs
    assert window.dialogs.questions == []  # the second run replaced the first unasked
    assert window.current_model.kept == second
    assert window.model_label.text().endswith("kept in Runs")
    assert window.statusBar().currentMessage() == f"Kept in Runs as {second.name}."
    page = show_runs_page(qtbot, window)
    assert sorted(page.table.names()) == sorted([first.name, second.name])
    assert first.name.startswith("mlp ") and first.model_path.is_file()
    with qtbot.waitSignal(window.current_model.replaced, timeout=HUNG):
        window.new_action.trigger()  # the kept run is not lost: nothing to ask
    assert window.dialogs.questions == []


def test_runs_survive_a_restart_with_identical_curves(qtbot, make_window, tiny_folder):
    window = make_window()
    use_dataset(qtbot, window, tiny_folder)
    kept = train_and_keep(qtbot, window)
    window.close()
    again = make_window()  # the same settings and runs folder
    page = show_runs_page(qtbot, again)
    assert page.table.names() == [kept.name]
    [listed] = again.kept_runs.runs()
    assert listed.history == kept.history and listed.settings == kept.settings
    assert listed.test_accuracy == kept.test_accuracy
    click_row(qtbot, page.table, 0)
    [(name, key, epochs, losses)] = page.loss_plot.curves()
    assert (name, key) == (kept.name, "main/loss")
    assert epochs == [entry["epoch"] for entry in kept.history]
    assert losses == [entry["main/loss"] for entry in kept.history]


def test_several_runs_overlay_one_curve_each_beside_the_settings_that_differ(qtbot, two_runs):
    window, (first, second) = two_runs
    page = show_runs_page(qtbot, window)
    assert page.differences_label.text().startswith("Select two or more runs")
    [selected] = page.selected_runs()  # the run kept last, selected as it was listed
    click_row(qtbot, page.table, page.table.row_of(selected.folder), Qt.ControlModifier)
    assert page.selected_runs() == [] and page.loss_plot.curves() == []
    assert page.loss_plot.plotItem.titleLabel.text.endswith("select runs in the list")
    click_row(qtbot, page.table, 0)
    click_row(qtbot, page.table, 1, Qt.ControlModifier)
    assert len(page.selected_runs()) == 2
    names = {name for name, *_ in page.loss_plot.curves()}
    assert names == {first.name, second.name}  # one loss curve per run
    accuracy = page.accuracy_plot.curves()
    assert sorted(key for _, key, *_ in accuracy) == [
        "main/accuracy", "main/accuracy", "validation/main/accuracy",
        "validation/main/accuracy"]  # train dashed and test solid, per run
    colours = {page.loss_plot.listDataItems()[i].opts["pen"].color().name() for i in (0, 1)}
    assert len(colours) == 2
    shown = page.differences_shown()
    assert list(shown) == ["lr"]  # the only setting the two runs differ in
    order = [run.name for run in page.selected_runs()]
    by_name = {first.name: "0.05", second.name: "0.2"}
    assert shown["lr"] == [by_name[name] for name in order]


def test_a_click_on_a_heading_sorts_by_it(qtbot, two_runs):
    window, _ = two_runs
    page = show_runs_page(qtbot, window)
    header = page.table.horizontalHeader()
    column = 1  # test accuracy
    qtbot.mouseClick(header.viewport(), Qt.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2))
    keys = [page.table.item(row, column).data(Qt.UserRole + 1)
            for row in range(page.table.rowCount())]
    assert keys == sorted(keys) or keys == sorted(keys, reverse=True)
    assert page.table.horizontalHeader().sortIndicatorSection() == column


def test_a_kept_model_opens_for_drawing(qtbot, two_runs):
    window, (first, _) = two_runs
    page = show_runs_page(qtbot, window)
    click_row(qtbot, page.table, page.table.row_of(first.folder))
    with qtbot.waitSignal(window.model_opened, timeout=HUNG) as opened:
        qtbot.mouseClick(page.open_button, Qt.LeftButton)
    assert opened.args[0] == first.model_path
    # the window names the run, not "model.npz"
    assert window.current_model.title() == f"{first.folder.name}.npz"
    assert window.pages.currentWidget() is window.draw_train_page
    assert window.current_model.history() == first.history


def test_a_runs_log_exports_as_csv_one_row_per_entry(qtbot, two_runs, tmp_path):
    window, (first, _) = two_runs
    page = show_runs_page(qtbot, window)
    click_row(qtbot, page.table, page.table.row_of(first.folder))
    window.dialogs.csv_path = str(tmp_path / "log")  # no suffix typed: .csv is added
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    with open(tmp_path / "log.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(first.history) == 2
    columns = list(rows[0])
    assert columns[:len([c for c in engine.LOG_COLUMNS if c in first.history[0]])] == [
        c for c in engine.LOG_COLUMNS if c in first.history[0]]
    for row, entry in zip(rows, first.history, strict=True):
        assert float(row["main/loss"]) == entry["main/loss"]
    assert window.statusBar().currentMessage().startswith("Wrote 2 rows to ")


def test_a_csv_that_cannot_be_written_is_named(qtbot, two_runs, tmp_path):
    window, (first, _) = two_runs
    page = show_runs_page(qtbot, window)
    click_row(qtbot, page.table, 0)
    (tmp_path / "a-file").write_text("not a folder")
    window.dialogs.csv_path = str(tmp_path / "a-file" / "log.csv")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    [(title, message)] = window.dialogs.errors
    assert title == "Cannot export the log" and "a-file" in message
    assert "Traceback" not in message


def test_delete_asks_first_and_only_then_deletes(qtbot, two_runs):
    window, (first, second) = two_runs
    page = show_runs_page(qtbot, window)
    click_row(qtbot, page.table, page.table.row_of(first.folder))
    window.dialogs.delete_answer = False
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    assert window.dialogs.questions == [
        f"Delete the kept run {first.name} from the disk, with its model?"]
    assert first.folder.is_dir() and page.table.rowCount() == 2
    window.dialogs.delete_answer = True
    with qtbot.waitSignal(window.kept_runs.listed, timeout=HUNG):
        qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    assert not first.folder.exists()
    assert page.table.names() == [second.name]


def test_a_damaged_run_is_named_and_the_others_still_listed(qtbot, two_runs):
    window, (first, second) = two_runs
    (first.folder / "run.json").write_text("{not json")
    page = show_runs_page(qtbot, window)
    assert page.table.names() == [second.name]
    assert page.problem_label.isVisible()
    assert first.folder.name in page.problem_label.text()


def test_a_store_that_cannot_be_written_costs_the_run_nothing(qtbot, make_window, tmp_path,
                                                               tiny_folder):
    (tmp_path / "runs").write_text("a file where the runs folder should be")
    window = make_window()
    use_dataset(qtbot, window, tiny_folder)
    form = window.train_panel.form
    form.hidden.setText("8")
    type_over(qtbot, form.length, "1")
    with qtbot.waitSignal(window.kept_runs.keep_failed, timeout=HUNG):
        window.train_panel.start_action.trigger()
    [(title, message)] = window.dialogs.warnings
    assert title == "The run was not kept"
    assert str(tmp_path / "runs") in message and "save it with File > Save" in message
    assert "Traceback" not in message
    model = window.current_model
    assert model.kept is None and model.is_modified and model.network is not None
    assert model.summary().endswith("not saved")
    window.dialogs.save_answer = "cancel"
    window.new_action.trigger()  # the unkept model is not thrown away unasked
    assert len(window.dialogs.questions) == 1 and model.is_modified


def test_the_runs_data_folder_follows_the_platform(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    folder = default_runs_folder()
    assert folder.name == "runs" and str(folder).startswith(str(tmp_path / "xdg"))


def test_the_store_file_is_plain_json(two_runs):
    _, (first, _) = two_runs
    record = json.loads((first.folder / "run.json").read_text())
    assert record["name"] == first.name and record["history"] == first.history


def test_the_table_headings_are_translated_when_the_page_is_made(qtbot, monkeypatch):
    """A translator is installed after the modules load: headings read at import would stay
    in English whatever language the student chose."""
    monkeypatch.setattr(runs, "tr", lambda text: f"«{text}»")
    table = runs.RunsTable()
    qtbot.addWidget(table)
    assert table.horizontalHeaderItem(0).text() == "«Preset»"
    assert table.horizontalHeaderItem(1).toolTip() == "«Accuracy on the test images, never " \
                                                       "trained on.»"
