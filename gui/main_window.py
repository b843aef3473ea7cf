"""The main window: pages over the shared models, menus, files and remembered settings.

It owns the shared models (the CurrentModel, the TrainingController, the DatasetSource and the
background jobs) and hands them to each page (gui/pages); it never reaches into a page's
widgets for data. Dialogs go through one ``Dialogs`` object so tests can answer them.

Model files are read in the background (a hostile file may take a while to refuse): the model
shown stays usable meanwhile, and ``model_opened`` or ``model_refused`` says how it ended.
Anything remembered in the settings is checked before use: a start never fails on it.
"""
import contextlib
import dataclasses
import datetime
import errno
import functools
import json
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QRect, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
)

import engine

from . import i18n
from .current_model import CurrentModel, ModelFile, read_model_file
from .dataset_source import DatasetSource
from .draw_panel import DIGITS
from .drawing import SharedDrawing
from .external import folder_of, open_externally
from .help import AboutDialog, GettingStartedDialog, KeyboardShortcutsDialog
from .i18n import tr
from .kept_runs import KeptRuns, default_runs_folder
from .my_digits import MyDigitsStore, default_my_digits_file
from .pages import SharedModels
from .pages.draw_train import DrawTrainPage
from .pages.inspect import InspectPage
from .pages.learn import LearnPage
from .pages.my_digits import MyDigitsPage
from .pages.runs import RunsPage
from .photo_file import DIALOG_PATTERNS, PhotoFileError, photo_ink
from .plain import menu_text, plain_tooltip
from .trainer_view import TrainerView
from .workers import BackgroundJobs, TrainingController

MAX_RECENT = 8
MAX_PATH_CHARS = 4096  # a remembered path longer than any file system allows is junk
MAX_FORM_CHARS = 100_000  # the form's remembered JSON is about 500 characters
MODEL_LANE = "model"  # BackgroundJobs lane: the latest request to open a model wins
SAVE_PROBLEMS = {  # errno -> why a save failed, in words a student can act on (translated)
    errno.ENOSPC: QT_TRANSLATE_NOOP("", "the disk is full"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("", "the disk quota is used up"),
    errno.EROFS: QT_TRANSLATE_NOOP("", "the disk is read-only"),
    errno.EACCES: QT_TRANSLATE_NOOP("", "you may not write to that folder"),
    errno.EPERM: QT_TRANSLATE_NOOP("", "you may not write to that folder"),
    errno.ENOENT: QT_TRANSLATE_NOOP("", "the folder does not exist"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("", "part of the path is not a folder"),
    errno.EEXIST: QT_TRANSLATE_NOOP("", "part of the path is a file, not a folder"),
}
# said in the language chosen, which the window does not speak yet
NEXT_START_NOTES = {"en": "DigitLab will be in English the next time it starts.",
                    "ja": "次に DigitLab を起動したときから日本語で表示します。"}
PAGES = (DrawTrainPage, InspectPage, LearnPage, RunsPage, MyDigitsPage)
FIRST_SIZE = (1280, 800)  # on a first start, or less where the screen is smaller


@contextlib.contextmanager
def busy_cursor():
    """The wait cursor while the window's own thread works for a moment (a photo decoding)."""
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _write_problem(exc):
    """Why writing a file failed (an OSError), in the window's language where we know it."""
    if exc.errno in SAVE_PROBLEMS:
        return tr(SAVE_PROBLEMS[exc.errno])
    return (exc.strerror or str(exc)).lower()


class Dialogs:
    """Every question and message box the window shows; tests replace it."""

    def __init__(self, parent):
        self._parent = parent

    def error(self, title, text, details=None):
        self._message(QMessageBox.Critical, title, text, details)

    def warning(self, title, text, details=None):
        self._message(QMessageBox.Warning, title, text, details)

    def _message(self, icon, title, text, details):
        box = QMessageBox(icon, title, text, QMessageBox.Ok, self._parent)
        box.setTextFormat(Qt.PlainText)  # messages quote file names and file contents
        if details:
            box.setDetailedText(details)  # adds the "Show Details..." button
        box.exec()

    def ask_save_changes(self, text):
        """'save', 'discard' or 'cancel'."""
        return self._ask(tr("Unsaved model"), text, tr("&Save"), tr("&Don't save"))

    def ask_quit_during_training(self):
        """Closing while a run goes on (it is paused meanwhile): 'save', 'discard', 'cancel'."""
        return self._ask(tr("Training is running"), tr(
            "A network is training. Save the network as trained so far before quitting? "
            "Either way, the next start offers to resume the run from its last epoch."),
            tr("&Save and quit"), tr("&Quit without saving"))

    def _ask(self, title, text, save_text, discard_text):
        box = QMessageBox(QMessageBox.Question, title, text,
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                          self._parent)
        box.setTextFormat(Qt.PlainText)
        for button, label in ((QMessageBox.Save, save_text),
                              (QMessageBox.Discard, discard_text),
                              (QMessageBox.Cancel, tr("&Cancel"))):
            box.button(button).setText(label)  # mnemonics: Alt+S, Alt+D/Q, Alt+C
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def open_model_path(self, folder):
        path, _ = QFileDialog.getOpenFileName(self._parent, tr("Open model"), str(folder),
                                              tr("DigitLab models (*.npz);;All files (*)"))
        return path or None

    def save_model_path(self, suggestion):
        path, _ = QFileDialog.getSaveFileName(self._parent, tr("Save model as"), str(suggestion),
                                              tr("DigitLab models (*.npz);;All files (*)"))
        return path or None

    def onnx_export_path(self, suggestion):
        path, _ = QFileDialog.getSaveFileName(self._parent, tr("Export as ONNX"), str(suggestion),
                                              tr("ONNX models (*.onnx);;All files (*)"))
        return path or None

    def image_path(self, folder):
        path, _ = QFileDialog.getOpenFileName(
            self._parent, tr("Open image"), str(folder),
            tr("Images ({0});;All files (*)").format(DIALOG_PATTERNS))
        return path or None

    def dataset_folder(self, folder):
        path = QFileDialog.getExistingDirectory(self._parent, tr("Dataset folder"), str(folder))
        return path or None

    def save_csv_path(self, suggestion):
        path, _ = QFileDialog.getSaveFileName(self._parent, tr("Export log as CSV"),
                                              str(suggestion),
                                              tr("CSV files (*.csv);;All files (*)"))
        return path or None

    def ask_resume(self, text):
        """'resume', 'discard' or 'later'."""
        box = QMessageBox(QMessageBox.Question, tr("Resume the run?"), text,
                          QMessageBox.Yes | QMessageBox.Discard | QMessageBox.Cancel,
                          self._parent)
        box.setTextFormat(Qt.PlainText)
        box.button(QMessageBox.Yes).setText(tr("&Resume"))
        box.button(QMessageBox.Discard).setText(tr("&Discard it"))
        box.button(QMessageBox.Cancel).setText(tr("&Later"))
        box.setDefaultButton(QMessageBox.Yes)
        answer = box.exec()
        return {QMessageBox.Yes: "resume", QMessageBox.Discard: "discard"}.get(answer, "later")

    def confirm_delete(self, text, title=None):
        """True when the user answers Delete."""
        box = QMessageBox(QMessageBox.Question, title or tr("Delete runs"), text,
                          QMessageBox.Yes | QMessageBox.Cancel, self._parent)
        box.setTextFormat(Qt.PlainText)  # run names come from files
        box.button(QMessageBox.Yes).setText(tr("&Delete"))
        box.setDefaultButton(QMessageBox.Cancel)  # deleting is never the default
        return box.exec() == QMessageBox.Yes

    def my_digits_export_path(self, suggestion):
        path, _ = QFileDialog.getSaveFileName(self._parent, tr("Export my digits"),
                                              str(suggestion),
                                              tr("DigitLab digits (*.npz);;All files (*)"))
        return path or None

    def my_digits_import_path(self, folder):
        path, _ = QFileDialog.getOpenFileName(self._parent, tr("Import digits"), str(folder),
                                              tr("DigitLab digits (*.npz);;All files (*)"))
        return path or None


class MainWindow(QMainWindow):
    model_opened = Signal(object)  # Path: the model shown now was read from it
    model_refused = Signal(object, str)  # Path, and why (the sentence the user was shown)

    def __init__(self, settings=None, dialogs=None, runs_folder=None, my_digits_file=None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.dialogs = dialogs or Dialogs(self)
        self.current_model = CurrentModel(self)
        self.controller = TrainingController(self)
        self.jobs = BackgroundJobs(self)
        self.about_dialog = None  # Help > About, made when first asked for
        self.datasets = DatasetSource(self.jobs, self)
        self.drawing = SharedDrawing(self)
        runs_folder = runs_folder or default_runs_folder()
        self.kept_runs = KeptRuns(runs_folder, self.jobs, self)
        self.unfinished = engine.UnfinishedRuns(runs_folder)
        self._run_folder = None  # where the run in progress leaves its snapshots
        self.my_digits = MyDigitsStore(my_digits_file or default_my_digits_file(), self)
        self.models = SharedModels(self.current_model, self.controller, self.datasets, self.jobs,
                                   self.drawing, self.kept_runs, self.my_digits)
        self._closing = None  # "save" or "discard" while a run ends before the window closes
        self._opening = None  # the model file being read in the background, or None
        self._start_note = None  # what the status bar must still say once the model is open
        self._notice = None  # a start note being shown: passing news waits until it is gone
        self._build_layout()
        # follows every run from the start, so it holds the whole log whenever it is opened
        self.trainer_view = TrainerView(self.controller, self.current_model, self)
        self._build_menus()
        self._connect()
        self.my_digits.load()  # a damaged file is renamed aside and said (_on_my_digits_problem)
        self._restore_settings()
        self._on_model_changed()
        self._on_training_state(self.controller.state)
        self.draw_panel.canvas.setFocus()  # first on screen, first for the keys (Esc clears)

    # --- building -----------------------------------------------------------------------------
    def _build_layout(self):
        self.setWindowTitle("DigitLab")
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)  # one page: no tab bar
        self.pages.setFocusPolicy(Qt.NoFocus)  # its tab bar takes the keys once it shows
        for page_class in PAGES:
            page = page_class(self.models)
            self.pages.addTab(page, page_class.title())
        self.draw_train_page = self.pages.widget(0)
        self.inspect_page = self.pages.widget(1)
        self.learn_page = self.pages.widget(2)
        self.runs_page = self.pages.widget(3)
        self.my_digits_page = self.pages.widget(4)
        self.draw_panel.share_drawing(self.drawing)
        # training steps wait while the pen moves: the window has every core then
        self.draw_panel.canvas.changed.connect(self.controller.note_pen)
        self.draw_panel.canvas.file_dropped.connect(self.open_photo)
        self.setCentralWidget(self.pages)
        self.model_label = QLabel()
        self.model_label.setTextFormat(Qt.PlainText)  # a file's name
        self.model_label.setAccessibleName(self.tr("Current model"))
        self.model_label.setToolTip(self.tr("The model reading your drawing."))
        self.statusBar().addPermanentWidget(self.model_label)

    @property
    def draw_panel(self):
        return self.draw_train_page.draw_panel

    @property
    def train_panel(self):
        return self.draw_train_page.train_panel

    @property
    def curves(self):
        return self.draw_train_page.curves

    def _build_menus(self):
        self._build_file_menu()
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        panel = self.draw_panel
        edit_menu.addActions([panel.undo_action, panel.clear_action, panel.random_action])
        self._build_view_menu()
        train_menu = self.menuBar().addMenu(self.tr("&Training"))
        train = self.train_panel
        self.continue_action = self._action(
            self.tr("&Continue training"), "Ctrl+F5", self.continue_training,
            self.tr("Train the model shown for the form's length more, from its own weights "
                    "and with the settings it was trained with (Ctrl+F5)."))
        train_menu.addActions([train.start_action, self.continue_action, train.pause_action,
                               train.step_action, train.stop_action])
        train_menu.addSeparator()
        self.trainer_view_action = self._action(
            self.tr("Trainer and &log"), None, self.show_trainer_view,
            self.tr("The Trainer's extensions and the log of the run, as Chainer shows them."))
        train_menu.addAction(self.trainer_view_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.getting_started_action = self._action(
            self.tr("&Getting started"), QKeySequence.HelpContents, self.show_getting_started,
            self.tr("A short guide: draw, train, read the curves (F1)."))
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), None, self.show_shortcuts,
            self.tr("Every key DigitLab knows."))
        help_menu.addActions([self.getting_started_action, self.shortcuts_action])
        self._build_language_menu(help_menu.addMenu(self.tr("&Language")))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("&About DigitLab"), None, self.show_about,
                                         self.tr("What DigitLab is and whose data it uses.")))
        help_menu.addAction(self._action(self.tr("About &Qt"), None, QApplication.aboutQt,
                                         self.tr("The Qt version DigitLab runs on.")))

    def _build_language_menu(self, menu):
        """The system's language, English or Japanese, remembered for the next start."""
        self.language_actions = QActionGroup(self)
        chosen = str(self.settings.value(i18n.SETTING, "") or "")
        # each language is named in itself, as a user who cannot read the current one looks
        for code, text in (("", self.tr("&System language")), ("en", "&English"),
                           ("ja", "日本語 (&J)")):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(code == chosen or (code == "" and chosen not in i18n.LANGUAGES))
            action.setData(code)
            action.setStatusTip(self.tr("Takes effect when DigitLab starts again."))
            self.language_actions.addAction(action)
        self.language_actions.triggered.connect(self._choose_language)

    @Slot(QAction)
    def _choose_language(self, action):
        self.settings.setValue(i18n.SETTING, action.data())
        self.settings.sync()
        language = i18n.chosen_language(self.settings)
        self.statusBar().showMessage(NEXT_START_NOTES[language], 15_000)

    def _build_view_menu(self):
        """One action per page, Ctrl+1, Ctrl+2, ...: the pages from the keyboard."""
        view_menu = self.menuBar().addMenu(self.tr("Pa&ges"))
        self.page_actions = []
        for index in range(self.pages.count()):
            action = self._action(
                self.pages.tabText(index), QKeySequence(f"Ctrl+{index + 1}"),
                self._show_page,
                self.tr("Show the {0} page (Ctrl+{1}).").format(
                    self.pages.tabText(index).replace("&&", "&"), index + 1))
            action.setData(index)
            view_menu.addAction(action)
            self.page_actions.append(action)

    @Slot()
    def show_trainer_view(self):
        self.trainer_view.show()
        self.trainer_view.raise_()
        self.trainer_view.activateWindow()

    @Slot()
    def _show_page(self):
        self.pages.setCurrentIndex(self.sender().data())

    def _build_file_menu(self):
        self.new_action = self._action(self.tr("&New model"), QKeySequence.New, self.new_model,
                                       self.tr("A fresh, untrained network from the training "
                                               "settings: see how it reads before learning "
                                               "anything."))
        self.open_action = self._action(self.tr("&Open model…"), QKeySequence.Open,
                                        self.choose_model,
                                        self.tr("Open a saved DigitLab model (.npz)."))
        self.open_builtin_action = self._action(
            self.tr("Open &built-in model"), None, self.open_builtin_model,
            self.tr("Go back to the trained model DigitLab ships with."))
        self.open_image_action = self._action(
            self.tr("Open &image…"), QKeySequence("Ctrl+I"), self.choose_image,
            self.tr("Read a photo or scan of a handwritten digit (PNG, JPEG, ...): it is put on "
                    "the canvas as if drawn there. You can also drop it on the canvas."))
        self.save_action = self._action(self.tr("&Save model"), QKeySequence.Save,
                                        self.save_model, self.tr("Save the current model."))
        self.save_as_action = self._action(self.tr("Save model &as…"), QKeySequence.SaveAs,
                                           self.save_model_as,
                                           self.tr("Save the current model under a new name."))
        self.export_onnx_action = self._action(
            self.tr("&Export as ONNX…"), None, self.export_onnx,
            self.tr("Write the current model as an ONNX file, for onnxruntime, Netron and other "
                    "tools."))
        self.show_folder_action = self._action(
            self.tr("Show model &folder"), None, self.show_model_folder,
            self.tr("Open the folder holding the current model in the file manager."))
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.Quit, self.close,
                                        self.tr("Close DigitLab."))
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action, self.open_builtin_action])
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.open_image_action)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action, self.export_onnx_action,
                              self.show_folder_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _action(self, text, shortcut, slot, tip):
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _connect(self):
        self.current_model.changed.connect(self._on_model_changed)
        self.current_model.modified_changed.connect(self.setWindowModified)
        self.controller.weights.connect(self.current_model.show_training_weights)
        self.controller.finished.connect(self._on_training_finished)
        self.controller.failed.connect(self._on_training_failed)
        self.controller.cancelled.connect(self._on_training_cancelled)
        self.controller.notice.connect(self._on_training_notice)
        self.controller.state_changed.connect(self._on_training_state)
        self.train_panel.start_requested.connect(self.start_training)
        self.train_panel.browse_requested.connect(self._browse_dataset)
        self.datasets.loaded.connect(self._on_dataset_loaded)
        self.datasets.failed.connect(self._on_dataset_failed)
        self.kept_runs.kept.connect(self._on_run_kept)
        self.kept_runs.keep_failed.connect(self._on_keep_failed)
        self.kept_runs.failed.connect(self._on_runs_failed)
        self.runs_page.open_requested.connect(self._open_kept_model)
        self.runs_page.export_requested.connect(self._export_run_log)
        self.runs_page.delete_requested.connect(self._delete_runs)
        self.my_digits.problem.connect(self._on_my_digits_problem)
        self.draw_panel.set_my_digits(self.my_digits)
        self.my_digits_page.delete_requested.connect(self._delete_my_digits)
        self.my_digits_page.export_requested.connect(self._export_my_digits)
        self.my_digits_page.import_requested.connect(self._import_my_digits)
        self.my_digits_page.figures.fine_tune_requested.connect(self.fine_tune_on_my_digits)

    # --- start-up -----------------------------------------------------------------------------
    def open_startup_model(self):
        """The last model the user had open, else the bundled one, read in the background; a
        remembered file that cannot be shown is skipped with a word, never a crash."""
        last = self._remembered_path("model/last")
        note, self._start_note = self._start_note, None  # e.g. settings reset: said after
        if last is not None and last.is_file():
            self._read_model(last, functools.partial(self._on_remembered_model_read, note))
        else:
            self._open_builtin_quietly(note)

    def _open_builtin_quietly(self, note=None):
        """The bundled model, with `note` (a sentence) in the status bar once it is shown."""
        path = engine.bundled_model_path()
        if path.is_file():
            self._read_model(path, functools.partial(self._on_builtin_model_read, note))
        else:
            self.statusBar().showMessage(note or self.tr(
                "No model found: train one, or open one with File > Open."))

    def _on_remembered_model_read(self, note, model_file):
        if model_file.loaded is not None:
            self._show_model_file(model_file)
            self._say_at_start(note)
            return
        self.settings.setValue("model/last", "")  # the next start does not try it again
        self.model_refused.emit(model_file.path, model_file.problem)
        self._open_builtin_quietly(_paragraphs(note, self.tr(
            "The model from your last session was skipped and the built-in model opened "
            "instead: {0}").format(model_file.problem)))

    def _on_builtin_model_read(self, note, model_file):
        if model_file.loaded is not None:
            self._show_model_file(model_file)
        else:
            self.model_refused.emit(model_file.path, model_file.problem)
            note = _paragraphs(note, model_file.problem)
        self._say_at_start(note)

    # --- a run that did not end ---------------------------------------------------------------
    def _look_for_unfinished_runs(self):
        """Once the start-up model shows: a run a crash or a closed window left is offered."""
        self.jobs.submit(lambda: (self.unfinished.find(), list(self.unfinished.problems)),
                         self._offer_to_resume, self._on_unfinished_lookup_failed,
                         what=self.tr("Looking for unfinished runs failed"))

    def _on_unfinished_lookup_failed(self, message):
        self.dialogs.warning(self.tr("An unfinished run"), message)

    def _offer_to_resume(self, found):
        runs, problems = found
        for problem in problems:
            self.dialogs.warning(self.tr("An unfinished run"), i18n.engine_text(problem))
        if not runs or self.controller.is_active():
            return
        run = runs[0]  # the newest; older ones are offered at later starts
        answer = self.dialogs.ask_resume(self.tr(
            "A run of {0} that began {1} was interrupted after epoch {2} of {3}. Resume "
            "it?").format(run.settings.preset, run.created.replace("T", " "), run.epoch,
                          run.settings.plan().length))
        if answer == "discard":
            self.unfinished.end(run.folder)
        elif answer == "resume":
            self._resume(run)

    def _resume(self, run):
        # the form shows what runs: the resumed run's settings, not the last session's
        self._show_in_form(run.settings, run.data_dir or "")
        try:
            self.controller.start(run.settings, data_dir=run.data_dir,
                                  snapshot_dir=run.folder, resume_from=run.snapshot_path)
        except ValueError as exc:
            self.dialogs.error(self.tr("Cannot resume the run"), i18n.engine_text(exc))
            return
        self._run_folder = run.folder
        self._stop_opening()
        self.statusBar().showMessage(self.tr("Resuming the run from epoch {0}…").format(
            run.epoch), 10_000)

    def _end_run_folder(self):
        if self._run_folder is not None:
            self.unfinished.end(self._run_folder)
            self._run_folder = None

    def _say_at_start(self, note):
        """What the user must know about this start (settings reset, a model skipped): a
        message box, since it may be long, and a line in the status bar instead of "Opened"."""
        if note:
            self._notice = self.tr("Started with some of your last session reset; see the "
                                   "message.")
            self.statusBar().showMessage(self._notice, 30_000)
            self.dialogs.warning(self.tr("Your last session"), note)
        self._look_for_unfinished_runs()  # the start is done: now a question may follow

    def _show_news(self, text, timeout_ms):
        """A passing message ("Dataset ... loaded"), unless a start note is still showing."""
        if not (self._notice and self.statusBar().currentMessage() == self._notice):
            self.statusBar().showMessage(text, timeout_ms)

    def _opened_text(self, path):
        return self.tr("Opened {0}").format(self._model_name(path))

    def _model_name(self, path):
        # the built-in model's path is the binary's temporary folder: no use to a reader
        return self.tr("the built-in model") if engine.is_shipped(path) else str(path)

    def look_for_gpu(self):
        """Ask, off the GUI thread, whether a GPU can train (this imports CuPy if installed)."""
        self.jobs.submit(engine.gpu_status, self._on_gpu_status, self._on_gpu_status_failed,
                         what="Could not look for a GPU")

    @Slot(object)
    def _on_gpu_status(self, status):
        self.train_panel.set_gpu_status(status)

    @Slot(str)
    def _on_gpu_status_failed(self, message):
        self.train_panel.set_gpu_status(engine.GpuStatus(False, message))

    def load_dataset(self):
        """Load the chosen dataset folder in the background (test images, faster training)."""
        self.datasets.choose(self.train_panel.dataset_folder())

    @Slot(object)
    def _on_dataset_loaded(self, dataset):
        self._show_news(self.tr("Dataset {0}: {1:,} training and {2:,} test images").format(
            dataset.name, len(dataset.x_train), len(dataset.x_test)), 5_000)

    @Slot(str)
    def _on_dataset_failed(self, message):
        self.statusBar().showMessage(message, 15_000)

    def dataset(self):
        """The loaded engine Dataset, or None while loading (or if it failed)."""
        return self.datasets.dataset()

    @Slot()
    def _browse_dataset(self):
        folder = self.dialogs.dataset_folder(self.train_panel.dataset_folder() or Path.home())
        if folder:
            self.train_panel.set_dataset_folder(folder)

    # --- files --------------------------------------------------------------------------------
    def _may_replace_model(self, doing):
        """Offer to save an unsaved trained model before `doing` replaces it; False: cancel."""
        if not self.current_model.is_modified or self.controller.is_active() \
                or self.current_model.kept is not None:
            return True
        answer = self.dialogs.ask_save_changes(
            self.tr("The model you trained is not saved. Save it before {0}?").format(doing))
        if answer == "save":
            return self.save_model()
        return answer == "discard"

    @Slot()
    def new_model(self):
        if not self._may_replace_model(self.tr("making a new one")):
            return
        self._stop_opening()  # the later request wins
        try:
            self.current_model.start_new(self.train_panel.settings())
        except ValueError as exc:
            self.dialogs.error(self.tr("Cannot make this network"), i18n.engine_text(exc))
            return
        self.controller.clear_outcome()

    @Slot()
    def choose_model(self):
        """File > Open: ask for a model file, then open it."""
        if not self._may_replace_model(self.tr("opening another")):
            return False
        path = self.dialogs.open_model_path(self._model_folder())
        return path is not None and self.open_model(path, asked=True)

    @Slot()
    def choose_image(self):
        """File > Open image: ask for a photo of a digit, then put it on the canvas."""
        folder = self.settings.value("image/folder") or str(Path.home())
        path = self.dialogs.image_path(folder)
        return path is not None and self.open_photo(path)

    @Slot(str)
    def open_photo(self, path):
        """Read the photo at `path` onto the Draw & train page's canvas (also for a file dropped
        there); a file that cannot be read is said in a sentence and the canvas stays."""
        try:
            with busy_cursor():
                ink = photo_ink(path, self.draw_panel.canvas.width())
        except PhotoFileError as exc:
            self.dialogs.error(self.tr("Cannot open image"), i18n.engine_text(exc))
            return False
        self.settings.setValue("image/folder", str(Path(path).parent))
        self.pages.setCurrentWidget(self.draw_train_page)
        self.draw_panel.show_photo(Path(path).name, ink)
        self.draw_panel.canvas.setFocus()  # Ctrl+Z now takes the photo off
        return True

    @Slot()
    def open_builtin_model(self):
        """File > Open built-in model: back to the model DigitLab ships with."""
        return self.open_model(engine.bundled_model_path())

    def open_model(self, path, asked=False):
        """Open `path` in the background: the current model stays usable until the file is
        read, then the file's model replaces it (``model_opened``), or a message says why
        it cannot (``model_refused``). False when the user cancelled at the save question."""
        if not asked and not self._may_replace_model(self.tr("opening another")):
            return False
        self._read_model(Path(path), self._on_model_read)
        return True

    @property
    def opening(self):
        """The model file being read in the background, or None."""
        return self._opening

    def _read_model(self, path, on_read):
        """Read `path` off the GUI thread; `on_read(ModelFile)` follows unless a later request
        (another open, a new model, a run) replaced this one first."""
        self._opening = path
        self.statusBar().showMessage(self.tr("Opening {0}…").format(
            self.tr("the built-in model") if engine.is_shipped(path) else path.name))
        self.jobs.submit(functools.partial(read_model_file, path),
                         functools.partial(self._on_read, on_read),
                         functools.partial(self._on_read_bug, path, on_read),
                         what=self.tr("Could not open {0}").format(path), lane=MODEL_LANE)

    def _stop_opening(self):
        if self._opening is not None:
            self.jobs.drop(MODEL_LANE)
            self._opening = None
            self.statusBar().clearMessage()

    def _on_read(self, on_read, model_file):
        self._opening = None
        on_read(model_file)

    def _on_model_read(self, model_file):
        if model_file.loaded is None:
            self.statusBar().clearMessage()
            self.dialogs.error(self.tr("Cannot open model"), model_file.problem,
                               model_file.detail)
            self.model_refused.emit(model_file.path, model_file.problem)
            return
        self._show_model_file(model_file)

    def _on_read_bug(self, path, on_read, message):
        """A bug while reading (a bad file is a refusal, not an exception): refused as well,
        with the bug's own message, so the window goes on as for any refusal."""
        self._on_read(on_read, ModelFile(path, problem=message))

    def _show_model_file(self, model_file):
        path = model_file.path
        self.current_model.use(model_file)
        self.controller.clear_outcome()
        if engine.is_shipped(path):
            self.settings.setValue("model/last", "")  # the next start opens it too
        else:
            self._remember_model(path)
        self.statusBar().showMessage(self._opened_text(path), 5_000)
        self.model_opened.emit(path)

    @Slot()
    def save_model(self):
        path = self.current_model.path
        if path is None or engine.is_shipped(path):
            return self.save_model_as()  # never overwrite the shipped model
        return self.save_model_to(path)

    @Slot()
    def save_model_as(self):
        path = self.dialogs.save_model_path(self._model_folder() / self._suggested_name())
        if path is None:
            return False
        path = Path(path)
        return self.save_model_to(path if path.suffix == ".npz" else path.with_suffix(".npz"))

    def _suggested_name(self):
        """The file's own name, else one from the run: preset, test accuracy, date."""
        model = self.current_model
        if model.path is not None and not engine.is_shipped(model.path):
            return Path(model.path).name
        parts = [model.preset_name() or "model"]
        accuracy = model.metrics.get("test_accuracy")
        if accuracy is not None:
            parts.append(f"{accuracy * 100:.2f}")
        parts.append(datetime.date.today().isoformat())
        return "-".join(parts) + ".npz"

    def save_model_to(self, path):
        """Save to `path`; on failure the model stays open as it was (unsaved stays unsaved)
        and the message names `path`, never the temporary file the save wrote first."""
        try:
            self.current_model.save(path)
        except OSError as exc:
            self._say_not_saved(path, _write_problem(exc), repr(exc))
            return False
        except ValueError as exc:  # a model the engine will not write, e.g. gone NaN
            self._say_not_saved(path, i18n.engine_text(exc).removeprefix(f"{path}: "),
                               repr(exc))
            return False
        self._remember_model(path)
        self.statusBar().showMessage(self.tr("Saved {0}").format(path), 5_000)
        return True

    @Slot()
    def export_onnx(self):
        name = Path(self._suggested_name()).with_suffix(".onnx").name
        path = self.dialogs.onnx_export_path(self._model_folder() / name)
        if path is None:
            return False
        path = Path(path)
        path = path if path.suffix else path.with_suffix(".onnx")
        if self.current_model.path is not None and path.resolve() == Path(
                self.current_model.path).resolve():
            self.dialogs.error(self.tr("Cannot export as ONNX"), self.tr(
                "{0} is the model itself: choose another name for the ONNX file.").format(path))
            return False
        try:
            self.current_model.export_onnx(path)
        except OSError as exc:
            self.dialogs.error(self.tr("Cannot export as ONNX"), self.tr(
                "{0} could not be written: {1}.").format(path, _write_problem(exc).rstrip(".")),
                repr(exc))
            return False
        except engine.ExportError as exc:
            self.dialogs.error(self.tr("Cannot export as ONNX"), i18n.engine_text(exc))
            return False
        self.statusBar().showMessage(self.tr("Exported {0}").format(path), 5_000)
        return True

    def _say_not_saved(self, path, reason, detail):
        kept = self.tr("the model is still open here, so you can save it elsewhere with File > "
                       "Save model as") if self.current_model.network is not None else ""
        text = self.tr("{0} could not be saved: {1}").format(path, reason.rstrip(".。"))
        # the sentences' punctuation is the language's: "; " and "." are not Japanese
        message = self.tr("{0}; {1}.").format(text, kept) if kept else self.tr("{0}.").format(text)
        self.dialogs.error(self.tr("Cannot save model"), message, detail)

    def _model_folder(self):
        path = self.current_model.path
        if path is not None and not engine.is_shipped(path):
            return Path(path).parent
        return Path.home()

    def _remember_model(self, path):
        path = str(Path(path).resolve())
        self.settings.setValue("model/last", path)
        recent = [p for p in self.recent_models() if p != path]
        self.settings.setValue("model/recent", json.dumps([path, *recent][:MAX_RECENT]))

    def recent_models(self):
        """The remembered paths (strings) that could be paths at all; junk is skipped."""
        text = self._setting_text("model/recent")
        if len(text) > MAX_RECENT * (MAX_PATH_CHARS + 8):
            return []
        try:
            recent = json.loads(text or "[]")
        except (ValueError, RecursionError):  # hand-edited, or damaged
            return []
        if not isinstance(recent, list):
            return []
        return [p for p in recent if self._could_be_path(p)][:MAX_RECENT]

    def _remembered_path(self, key):
        text = self._setting_text(key)
        return Path(text) if self._could_be_path(text) else None

    def _setting_text(self, key):
        """A remembered string, or "" when there is none or it is not a string."""
        value = self.settings.value(key, "")
        return value if isinstance(value, str) else ""

    @staticmethod
    def _could_be_path(text):
        return isinstance(text, str) and 0 < len(text) <= MAX_PATH_CHARS and "\0" not in text

    @Slot()
    def _fill_recent_menu(self):
        self.recent_menu.clear()
        for index, path in enumerate(self.recent_models(), start=1):
            # a file's name may hold '&' or markup: shown as it is, never as a mnemonic or HTML
            action = self.recent_menu.addAction(f"&{index} {menu_text(Path(path).name)}")
            action.setToolTip(plain_tooltip(path))
            action.setStatusTip(path)  # the status bar shows plain text
            action.setData(path)
            action.triggered.connect(self._open_recent)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    @Slot()
    def _open_recent(self):
        self.open_model(self.sender().data())

    # --- training -----------------------------------------------------------------------------
    @Slot()
    @Slot()
    def continue_training(self):
        """Train the model shown on, from its weights: with the settings its file records
        (else the form's), for the form's length, on the form's dataset and device."""
        model = self.current_model
        if self.controller.is_active() or model.network is None:
            return False
        trained = model.my_digits_trained_ids()  # still never counted as held out after
        start = engine.StartingPoint.of(
            model.network, model=model.title(), test_accuracy=model.metrics.get("test_accuracy"),
            iterations=model.metrics.get("iterations"),
            **({"my_digits": {"trained_ids": sorted(trained)}} if trained else {}))
        try:
            settings = self._settings_to_continue(model, start)
        except ValueError as exc:
            self.dialogs.error(self.tr("Cannot continue training"), i18n.engine_text(exc))
            return False
        self._show_in_form(settings)
        return self.start_training(settings, start_from=start)

    @Slot(int, int)
    def fine_tune_on_my_digits(self, mnist_images, epochs):
        """Train the model shown on from its weights on `mnist_images` MNIST training images
        mixed with my digits (never the held-out ones), for `epochs` epochs."""
        model = self.current_model
        if self.controller.is_active() or model.network is None:
            return False
        if model.class_names != DIGITS:
            self.dialogs.error(self.tr("Cannot fine-tune on my digits"), self.tr(
                "The model shown does not read digits: open or train a digits model first."))
            return False
        try:
            mix = engine.mix_for_fine_tuning(self.my_digits.digits(), mnist_images,
                                             already_trained=model.my_digits_trained_ids())
            start = engine.StartingPoint.of(
                model.network, model=model.title(),
                test_accuracy=model.metrics.get("test_accuracy"),
                iterations=model.metrics.get("iterations"), my_digits=mix.record())
            settings = self._settings_to_continue(model, start, epochs=epochs)
        except ValueError as exc:  # MyDigitsError too
            self.dialogs.error(self.tr("Cannot fine-tune on my digits"), i18n.engine_text(exc))
            return False
        self._show_in_form(settings)
        return self.start_training(settings, start_from=start, mix=mix)

    def _settings_to_continue(self, model, start, epochs=None):
        """The model's recorded settings (else the form's) for the form's length, or, given
        `epochs`, for fine-tuning; on the form's device."""
        form = self.train_panel.settings()
        recorded = model.recorded_settings() or form
        if epochs is None:
            settings = dataclasses.replace(recorded, epochs=form.epochs,
                                           iterations=form.iterations)
        else:
            settings = recorded.for_fine_tuning(epochs)
        settings = dataclasses.replace(settings, device=form.device)
        if not start.fits(settings.plan().network):
            raise ValueError(self.tr(
                "The model shown does not say how it was trained, and the form describes "
                "another network: choose its preset and layers in the form, then continue."))
        return settings

    def _show_in_form(self, settings, data_dir=None):
        """The form shows what runs (a resumed or continued run's own settings)."""
        values = settings.as_dict()
        values["hidden"] = None if values["hidden"] is None else list(values["hidden"])
        if data_dir is not None:
            values["data_dir"] = data_dir
        self.train_panel.set_values(values)

    def start_training(self, settings=None, start_from=None, mix=None):
        """Train with the form's settings (or `settings`); the draw panel follows the weights.
        `start_from` (engine.StartingPoint) continues a model instead of new weights; `mix`
        (engine.FineTuneMix) adds my digits to the training images."""
        if self.controller.is_active():
            return False
        problem = self.train_panel.problem() if settings is None else None
        if problem:
            self.dialogs.error(self.tr("Cannot train with these settings"), problem)
            return False
        if not self._may_replace_model(self.tr("training a new one")):
            return False
        folder = self.train_panel.dataset_folder()
        loaded = self.datasets.dataset() if folder == self.datasets.folder() else None
        settings = settings or self.train_panel.settings()
        try:
            settings.plan()  # checked before a folder is made for it
            # a resumed run would rebuild its data from the settings alone, without my digits
            run_folder = self._begin_run_folder(settings, folder) if mix is None else None
            self.controller.start(settings, data_dir=folder, dataset=loaded,
                                  snapshot_dir=run_folder, start_from=start_from, mix=mix)
        except ValueError as exc:
            self._end_run_folder()
            self.dialogs.error(self.tr("Cannot train with these settings"), i18n.engine_text(exc))
            return False
        self._stop_opening()  # the later request wins: the run's network is shown
        return True

    def _begin_run_folder(self, settings, data_dir):
        """A folder for the run's snapshots, so that a crash can be resumed from; None (the
        run goes on without) where the data folder cannot be written."""
        self._end_run_folder()
        try:
            self._run_folder = self.unfinished.begin(settings, data_dir)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("This run cannot be resumed after a crash: "
                                                 "{0}").format(exc.strerror or exc), 15_000)
        return self._run_folder

    @Slot(object)
    def _on_training_finished(self, result):
        self._end_run_folder()  # the run ended: its model is here, and being kept
        self.current_model.finish_training(result)
        self.kept_runs.keep(result)  # no question: every run is kept
        accuracy = result.metrics.get("test_accuracy", float("nan"))
        self.statusBar().showMessage(self.tr("Training {0}: test accuracy {1:.2%}. Keeping it "
                                             "in Runs…").format(
                                                 i18n.stop_reason_text(result.stop_reason),
                                                 accuracy),
                                     15_000)
        if result.warning:
            self.dialogs.warning(self.tr("Training stopped early"),
                                 i18n.engine_text(result.warning))
        if self._closing == "save":
            self._closing = None
            if self.save_model():
                self.close()
            else:  # no file chosen: the window stays, with the trained model
                self.statusBar().showMessage(self.tr("Not closed: the trained model is not "
                                                     "saved yet."))

    @Slot(object, object)
    def _on_run_kept(self, result, kept):
        self.current_model.mark_kept(result, kept)
        self.statusBar().showMessage(self.tr("Kept in Runs as {0}.").format(kept.name), 15_000)

    @Slot(object, str)
    def _on_keep_failed(self, result, message):
        self.dialogs.warning(self.tr("The run was not kept"), self.tr(
            "{0} The run's model is still open here: save it with File > Save.").format(
            message.rstrip(".") + "."))

    @Slot(str)
    def _on_runs_failed(self, message):
        self.dialogs.warning(self.tr("Runs"), message)

    @Slot(object)
    def _open_kept_model(self, path):
        if self.controller.is_active():
            self.statusBar().showMessage(self.tr("A run is going on: stop it to open another "
                                                 "model."), 10_000)
            return
        if self.open_model(path):
            self.pages.setCurrentWidget(self.draw_train_page)

    @Slot(object)
    def _export_run_log(self, kept):
        path = self.dialogs.save_csv_path(Path.home() / f"{kept.folder.name}.csv")
        if path is None:
            return
        path = Path(path)
        path = path if path.suffix else path.with_suffix(".csv")
        try:
            engine.write_log_csv(kept.history, path)
        except engine.RunStoreError as exc:
            self.dialogs.error(self.tr("Cannot export the log"), i18n.engine_text(exc))
            return
        self.statusBar().showMessage(self.tr("Wrote {0} rows to {1}").format(
            len(kept.history), path), 10_000)

    @Slot(object)
    def _delete_runs(self, runs):
        names = "\n".join(f"• {kept.name}" for kept in runs)
        question = self.tr("Delete {0} kept runs from the disk, with their models?\n{1}").format(
            len(runs), names) if len(runs) > 1 else self.tr(
            "Delete the kept run {0} from the disk, with its model?").format(runs[0].name)
        if self.dialogs.confirm_delete(question):
            self.kept_runs.delete(runs)

    # --- my digits ----------------------------------------------------------------------------
    @Slot(str)
    def _on_my_digits_problem(self, message):
        self.dialogs.warning(self.tr("My digits"), message)

    @Slot(object)
    def _delete_my_digits(self, ids):
        question = self.tr("Delete {0} of your digits? Export them first to keep a copy.").format(
            len(ids)) if len(ids) > 1 else self.tr("Delete this digit of yours?")
        if self.dialogs.confirm_delete(question, self.tr("Delete digits")):
            deleted = self.my_digits.delete(ids)
            self.statusBar().showMessage(self.tr("Deleted {0} of your digits; {1} left.").format(
                deleted, len(self.my_digits.digits())), 10_000)

    @Slot()
    def _export_my_digits(self):
        suggestion = Path.home() / f"my-digits-{datetime.date.today().isoformat()}.npz"
        path = self.dialogs.my_digits_export_path(suggestion)
        if path is None:
            return
        path = Path(path)
        path = path if path.suffix else path.with_suffix(".npz")
        if self.my_digits.export_to(path):
            self.statusBar().showMessage(self.tr("Exported {0} digits to {1}").format(
                len(self.my_digits.digits()), path), 10_000)

    @Slot()
    def _import_my_digits(self):
        path = self.dialogs.my_digits_import_path(Path.home())
        if path is None:
            return
        added = self.my_digits.import_from(path)
        if added is None:
            return
        self.statusBar().showMessage(self.tr(
            "Imported {0} digits from {1}; {2} in all now.").format(
            added, path, len(self.my_digits.digits())) if added else self.tr(
            "Nothing new in {0}: its digits are all here already.").format(path), 10_000)

    @Slot()
    def _on_training_cancelled(self):
        if self._closing is None:  # stopped before it began: nothing to resume
            self._end_run_folder()
        if self._closing == "discard":
            self._closing = "closed"  # nothing to ask: the user chose to quit without saving
            self.close()

    @Slot(str)
    def _on_training_notice(self, message):
        self.statusBar().showMessage(message, 15_000)

    @Slot(str)
    def _on_training_failed(self, message):
        self._end_run_folder()  # resuming would fail the same way
        if self._closing == "discard":
            self._on_training_cancelled()
            return
        self._closing = None
        self.dialogs.error(self.tr("Training failed"), message)

    @Slot(str)
    def _on_training_state(self, state):
        idle = not self.controller.is_active()
        for action in (self.new_action, self.open_action, self.open_builtin_action,
                       self.save_action, self.save_as_action, self.export_onnx_action,
                       self.continue_action):
            action.setEnabled(idle)
        self.recent_menu.setEnabled(idle)

    # --- showing state ------------------------------------------------------------------------
    @Slot()
    def _on_model_changed(self):
        model = self.current_model
        self.setWindowTitle(self.tr("{0}[*] — DigitLab").format(model.title()))
        self.setWindowModified(model.is_modified)
        self.model_label.setText(model.summary())
        # the built-in model lives in the binary's temporary folder: nothing to show there
        self.show_folder_action.setEnabled(model.path is not None and not engine.is_shipped(
            model.path))

    @Slot()
    def show_model_folder(self):
        error = open_externally(folder_of(self.current_model.path))
        if error:
            self.dialogs.error(self.tr("Cannot show the folder"), error)

    @Slot()
    def show_getting_started(self):
        self._show_help(GettingStartedDialog(self))

    @Slot()
    def show_shortcuts(self):
        menus = [action.menu() for action in self.menuBar().actions() if action.menu()]
        groups = [(menu.title().replace("&", ""), menu.actions()) for menu in menus]
        self._show_help(KeyboardShortcutsDialog(groups, self))

    @staticmethod
    def _show_help(dialog):
        # the window (its parent) keeps it alive until it is closed, then Qt deletes it
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()  # not modal: read it beside the window

    @Slot()
    def show_about(self):
        """Help > About: DigitLab and this computer; the report is looked up each time shown."""
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(engine.__version__, self)  # kept: a job answers it
        self.jobs.submit(engine.system_info, self.about_dialog.show_report,
                         self.about_dialog.show_failure,
                         what=self.tr("Could not look up this computer"), lane="about")
        self.about_dialog.show()
        self.about_dialog.raise_()

    # --- remembered settings and closing ------------------------------------------------------
    def _restore_settings(self):
        """Whatever the settings file holds (hand-edited, damaged, from another version), the
        window starts: a value out of range falls back to its default, and the status bar
        says which were reset."""
        self._restore_geometry()
        reset = (self._restore_form() + self._restore_pen_width()
                 + self._restore_sure_threshold())
        if reset:
            self._start_note = self.tr(
                "Some remembered settings were out of range and were reset:\n{0}").format(
                "\n".join(f"• {_sentence(text)}" for text in reset))
            # said in full once the window shows and its start-up model is open
            self.statusBar().showMessage(self.tr("Some remembered settings were reset."))

    def _restore_geometry(self):
        # restoreGeometry and restoreState check their bytes and refuse junk (False)
        geometry = self.settings.value("window/geometry", QByteArray())
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._first_size()
        self._keep_on_screen()
        splitter = self.settings.value("window/splitter", QByteArray())
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.draw_train_page.splitter.restoreState(splitter)

    def _restore_form(self):
        """The training form's remembered values; returns the sentences of those reset."""
        text = self.settings.value("training/form")
        if text is None:
            return []
        values = None
        if isinstance(text, str) and len(text) <= MAX_FORM_CHARS:
            try:
                values = json.loads(text)
            except (ValueError, RecursionError):  # damaged, or nested beyond the parser's depth
                pass
        if not isinstance(values, dict):
            return [self.tr("the training settings could not be read")]
        try:  # the form checks each field and says which fell back to its default
            return list(self.train_panel.set_values(values) or [])
        except (TypeError, ValueError, OverflowError):  # a field the form did not check
            return [self.tr("the training settings could not all be used")]

    def _restore_pen_width(self):
        raw = self.settings.value("canvas/pen_width")
        problem = None if raw is None else self.draw_panel.restore_pen_width(raw)
        return [problem] if problem else []

    def _restore_sure_threshold(self):
        """The Draw page's "not sure" threshold, kept under "canvas/not_sure_below" in percent
        (0 to 100) as its spin box shows it; returns the sentence if it was reset."""
        raw = self.settings.value("canvas/not_sure_below")
        problem = None if raw is None else self.draw_panel.restore_sure_threshold(raw)
        return [problem] if problem else []

    def _available(self):
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)

    def _first_size(self):
        """Most of a small screen, a comfortable size on a large one, centred."""
        available = self._available()
        width = min(FIRST_SIZE[0], available.width())
        height = min(FIRST_SIZE[1], available.height())
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + (available.height() - height) // 2)

    def _keep_on_screen(self):
        """A size remembered on a larger screen, or a screen no longer attached, is brought
        back within this one: the whole window, title and status bar included."""
        available = self._available()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def _save_settings(self):
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.draw_train_page.splitter.saveState())
        self.settings.setValue("training/form", json.dumps(self.train_panel.values()))
        self.settings.setValue("canvas/pen_width", self.draw_panel.canvas.pen_width())
        self.settings.setValue("canvas/not_sure_below", self.draw_panel.sure_threshold.value())
        self.settings.sync()

    def closeEvent(self, event):
        if self.controller.is_active():
            event.ignore()  # the run ends first, in its own time; the GUI thread never waits
            if self._closing is None:
                self._ask_to_quit_mid_run()
            return
        if self._closing != "closed" and not self._may_replace_model(self.tr("quitting")):
            event.ignore()
            return
        self.jobs.shutdown()  # a file being read is let go: nothing it gives is used
        self.inspect_page.mistakes.shutdown()  # a measurement stops instead of being waited on
        self.learn_page.shutdown()  # a lesson's computation too
        self.my_digits_page.shutdown()  # and a measurement on my digits
        self._save_settings()
        event.accept()

    def _ask_to_quit_mid_run(self):
        """Pause, ask, and resume on Cancel; else end the run and close when it has ended."""
        was_running = self.controller.state == "running"
        self.controller.pause()
        answer = self.dialogs.ask_quit_during_training()
        if answer == "cancel":
            if was_running:
                self.controller.resume()
            return
        self._closing = answer
        self.controller.stop_for_close(keep_result=answer == "save")
        self.statusBar().showMessage(self.tr("Closing once the current iteration ends…"))


def _paragraphs(*texts):
    """The texts that are there, as paragraphs of one message."""
    return "\n\n".join(text for text in texts if text) or None


def _sentence(text):
    """`text` as a sentence of its own: a capital first letter and a full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
