"""The main window: the draw panel beside the train panel, menus, files and remembered settings.

It owns the CurrentModel, the TrainingController and the background jobs, and connects them to
the two panels. Dialogs go through one ``Dialogs`` object so tests can answer them.
"""
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter

import engine

from .current_model import CurrentModel
from .draw_panel import DrawPanel
from .external import folder_of, open_externally
from .train_panel import TrainPanel
from .workers import BackgroundJobs, TrainingController

MAX_RECENT = 8
MODEL_FILTER = "DigitLab models (*.npz);;All files (*)"


class Dialogs:
    """Every question and message box the window shows; tests replace it."""

    def __init__(self, parent):
        self._parent = parent

    def error(self, title, text):
        QMessageBox.critical(self._parent, title, text)

    def warning(self, title, text):
        QMessageBox.warning(self._parent, title, text)

    def ask_save_changes(self, text):
        """'save', 'discard' or 'cancel'."""
        answer = QMessageBox.question(
            self._parent, "Unsaved model", text,
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def open_model_path(self, folder):
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open model", str(folder),
                                              MODEL_FILTER)
        return path or None

    def save_model_path(self, suggestion):
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save model as", str(suggestion),
                                              MODEL_FILTER)
        return path or None

    def dataset_folder(self, folder):
        path = QFileDialog.getExistingDirectory(self._parent, "Dataset folder", str(folder))
        return path or None


class MainWindow(QMainWindow):
    def __init__(self, settings=None, dialogs=None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.dialogs = dialogs or Dialogs(self)
        self.current_model = CurrentModel(self)
        self.controller = TrainingController(self)
        self.jobs = BackgroundJobs(self)
        self._dataset_folder = None  # the folder loaded or loading, for test images and training
        self._dataset = None  # its engine Dataset once loaded
        self.draw_panel = DrawPanel(self.current_model)
        self.train_panel = TrainPanel(self.controller)
        self._build_layout()
        self._build_menus()
        self._connect()
        self._restore_settings()
        self._on_model_changed()
        self._on_training_state(self.controller.state)

    # --- building -----------------------------------------------------------------------------
    def _build_layout(self):
        self.setWindowTitle("DigitLab")
        panels = QSplitter(Qt.Horizontal)
        panels.addWidget(self.draw_panel)
        panels.addWidget(self.train_panel)
        panels.setStretchFactor(1, 1)
        panels.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Vertical)  # the curves below both panels, full width
        self.splitter.addWidget(panels)
        self.splitter.addWidget(self.train_panel.curves)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(8, 8, 8, 0)
        self.setCentralWidget(self.splitter)
        self.model_label = QLabel()
        self.model_label.setAccessibleName("Current model")
        self.model_label.setToolTip("The model reading your drawing.")
        self.statusBar().addPermanentWidget(self.model_label)

    def _build_menus(self):
        self.new_action = self._action("&New model", QKeySequence.New, self.new_model,
                                       "A fresh, untrained network from the training settings: "
                                       "see how it reads before learning anything.")
        self.open_action = self._action("&Open model…", QKeySequence.Open, self.choose_model,
                                        "Open a saved DigitLab model (.npz).")
        self.save_action = self._action("&Save model", QKeySequence.Save, self.save_model,
                                        "Save the current model.")
        self.save_as_action = self._action("Save model &as…", QKeySequence.SaveAs,
                                           self.save_model_as, "Save the current model under a "
                                           "new name.")
        self.show_folder_action = self._action("Show model &folder", None, self.show_model_folder,
                                               "Open the folder holding the current model in "
                                               "the file manager.")
        quit_action = self._action("&Quit", QKeySequence.Quit, self.close, "Close DigitLab.")
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addActions([self.save_action, self.save_as_action, self.show_folder_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        panel = self.draw_panel
        edit_menu.addActions([panel.undo_action, panel.clear_action, panel.random_action])
        train_menu = self.menuBar().addMenu("&Training")
        train = self.train_panel
        train_menu.addActions([train.start_action, train.pause_action, train.stop_action])
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About DigitLab", None, self.show_about,
                                         "What DigitLab is and whose data it uses."))
        help_menu.addAction(self._action("About &Qt", None, QApplication.aboutQt,
                                         "The Qt version DigitLab runs on."))

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
        self.controller.notice.connect(self._on_training_notice)
        self.controller.state_changed.connect(self._on_training_state)
        self.train_panel.start_requested.connect(self.start_training)
        self.train_panel.form.browse_requested.connect(self._browse_dataset)
        # a chosen or typed-and-confirmed folder, not every keystroke of a path being typed
        data_dir = self.train_panel.form.data_dir
        data_dir.currentIndexChanged.connect(self._on_dataset_folder_changed)
        data_dir.lineEdit().editingFinished.connect(self._on_dataset_folder_changed)

    # --- start-up -----------------------------------------------------------------------------
    def open_startup_model(self):
        """The last model the user had open, else the bundled one; never a crash."""
        last = self.settings.value("model/last", "", type=str)
        for path in ([Path(last)] if last else []) + [engine.bundled_model_path()]:
            if path.is_file() and self._open_quietly(path):
                return
        self.statusBar().showMessage("No model found: train one, or open one with File > Open.")

    def _open_quietly(self, path):
        try:
            self.current_model.open(path)
        except (engine.ModelFormatError, OSError) as exc:
            self.statusBar().showMessage(str(exc), 10_000)
            return False
        self.statusBar().showMessage(f"Opened {path}", 5_000)
        return True

    def look_for_gpu(self):
        """Ask, off the GUI thread, whether a GPU can train (this imports CuPy if installed)."""
        self.jobs.submit(engine.gpu_status, self._on_gpu_status, self._on_gpu_status_failed,
                         what="Could not look for a GPU")

    @Slot(object)
    def _on_gpu_status(self, status):
        self.train_panel.form.set_gpu_status(status)

    @Slot(str)
    def _on_gpu_status_failed(self, message):
        self.train_panel.form.set_gpu_status(engine.GpuStatus(False, message))

    def load_dataset(self):
        """Load the form's dataset folder in the background (test images, faster training)."""
        folder = self.train_panel.form.dataset_folder()
        if folder is None or folder == self._dataset_folder:
            return
        self._dataset_folder, self._dataset = folder, None
        self.draw_panel.random_action.setEnabled(False)
        self.jobs.submit(lambda: (folder, engine.load_dataset(folder)), self._on_dataset_loaded,
                         self._on_dataset_failed, what=f"Could not load the dataset in {folder}")

    @Slot(object)
    def _on_dataset_loaded(self, loaded):
        folder, dataset = loaded
        if folder != self._dataset_folder:
            return  # the user picked another folder meanwhile; its own load follows
        self._dataset = dataset
        self.draw_panel.set_test_images(dataset.x_test, dataset.t_test, dataset.name)
        self.statusBar().showMessage(f"Dataset {dataset.name}: {len(dataset.x_train):,} "
                                     f"training and {len(dataset.x_test):,} test images", 5_000)

    @Slot(str)
    def _on_dataset_failed(self, message):
        self._dataset_folder = None  # choosing it again tries again
        self.statusBar().showMessage(message, 15_000)

    def dataset(self):
        """The loaded engine Dataset, or None while loading (or if it failed)."""
        return self._dataset

    @Slot()
    def _on_dataset_folder_changed(self):
        self.load_dataset()

    @Slot()
    def _browse_dataset(self):
        folder = self.dialogs.dataset_folder(self.train_panel.form.dataset_folder() or Path.home())
        if folder:
            self.train_panel.form.set_dataset_folder(folder)

    # --- files --------------------------------------------------------------------------------
    def _may_replace_model(self, doing):
        """Offer to save an unsaved trained model before `doing` replaces it; False: cancel."""
        if not self.current_model.is_modified or self.controller.is_active():
            return True
        answer = self.dialogs.ask_save_changes(
            f"The model you trained is not saved. Save it before {doing}?")
        if answer == "save":
            return self.save_model()
        return answer == "discard"

    @Slot()
    def new_model(self):
        if not self._may_replace_model("making a new one"):
            return
        try:
            self.current_model.start_new(self.train_panel.form.settings())
        except ValueError as exc:
            self.dialogs.error("Cannot make this network", str(exc))

    @Slot()
    def choose_model(self):
        """File > Open: ask for a model file, then open it."""
        if not self._may_replace_model("opening another"):
            return False
        path = self.dialogs.open_model_path(self._model_folder())
        return path is not None and self.open_model(path, asked=True)

    def open_model(self, path, asked=False):
        """Open `path`; a bad file keeps the current model and says why."""
        if not asked and not self._may_replace_model("opening another"):
            return False
        try:
            self.current_model.open(path)
        except (engine.ModelFormatError, OSError) as exc:
            self.dialogs.error("Cannot open model", str(exc))
            return False
        self._remember_model(path)
        self.statusBar().showMessage(f"Opened {path}", 5_000)
        return True

    @Slot()
    def save_model(self):
        path = self.current_model.path
        if path is None or engine.is_shipped(path):
            return self.save_model_as()  # never overwrite the shipped model
        return self.save_model_to(path)

    @Slot()
    def save_model_as(self):
        suggestion = self._model_folder() / (self.current_model.path.name
                                             if self.current_model.path else "digitlab-model.npz")
        path = self.dialogs.save_model_path(suggestion)
        if path is None:
            return False
        path = Path(path)
        return self.save_model_to(path if path.suffix == ".npz" else path.with_suffix(".npz"))

    def save_model_to(self, path):
        try:
            self.current_model.save(path)
        except (ValueError, OSError) as exc:
            self.dialogs.error("Cannot save model", f"{path}: {exc}")
            return False
        self._remember_model(path)
        self.statusBar().showMessage(f"Saved {path}", 5_000)
        return True

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
        try:
            recent = json.loads(self.settings.value("model/recent", "[]", type=str))
        except ValueError:
            return []
        return [p for p in recent if isinstance(p, str)] if isinstance(recent, list) else []

    @Slot()
    def _fill_recent_menu(self):
        self.recent_menu.clear()
        for index, path in enumerate(self.recent_models(), start=1):
            action = self.recent_menu.addAction(f"&{index} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(self._open_recent)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    @Slot()
    def _open_recent(self):
        self.open_model(self.sender().data())

    # --- training -----------------------------------------------------------------------------
    @Slot()
    def start_training(self, settings=None):
        """Train with the form's settings (or `settings`); the draw panel follows the weights."""
        if self.controller.is_active() or not self._may_replace_model("training a new one"):
            return False
        form = self.train_panel.form
        settings = settings or form.settings()
        folder = form.dataset_folder()
        loaded = self._dataset if folder == self._dataset_folder else None
        try:
            self.controller.start(settings, data_dir=folder, dataset=loaded)
        except ValueError as exc:
            self.dialogs.error("Cannot train with these settings", str(exc))
            return False
        self.train_panel.reset_run(settings.plan())
        self.statusBar().showMessage("Training: the drawing is read with the weights as they "
                                     "learn.")
        return True

    @Slot(object)
    def _on_training_finished(self, result):
        self.current_model.finish_training(result)
        accuracy = result.metrics.get("test_accuracy", float("nan"))
        self.statusBar().showMessage(f"Training {result.stop_reason}: test accuracy "
                                     f"{accuracy:.2%}. Save it with File > Save.")
        if result.warning:
            self.dialogs.warning("Training stopped early", result.warning)

    @Slot(str)
    def _on_training_notice(self, message):
        self.statusBar().showMessage(message, 15_000)

    @Slot(str)
    def _on_training_failed(self, message):
        self.statusBar().showMessage("Training failed; the weights reached so far are kept.")
        self.dialogs.error("Training failed", message)

    @Slot(str)
    def _on_training_state(self, state):
        idle = state == "idle"
        for action in (self.new_action, self.open_action, self.save_action, self.save_as_action):
            action.setEnabled(idle)
        self.recent_menu.setEnabled(idle)

    # --- showing state ------------------------------------------------------------------------
    @Slot()
    def _on_model_changed(self):
        model = self.current_model
        self.setWindowTitle(f"{model.title()}[*] — DigitLab")
        self.setWindowModified(model.is_modified)
        self.model_label.setText(model.summary())
        # the built-in model lives in the binary's temporary folder: nothing to show there
        self.show_folder_action.setEnabled(model.path is not None and not engine.is_shipped(
            model.path))

    @Slot()
    def show_model_folder(self):
        error = open_externally(folder_of(self.current_model.path))
        if error:
            self.dialogs.error("Cannot show the folder", error)

    @Slot()
    def show_about(self):
        # links open through gui.external (see app.make_application), with the user's environment
        QMessageBox.about(self, "About DigitLab", (
            f"<h3>DigitLab {engine.__version__}</h3>"
            "<p>Draw a digit and watch a neural network written from scratch in NumPy read it; "
            "train it on MNIST and watch it learn.</p>"
            "<p>The MNIST database of handwritten digits is by Yann LeCun, Corinna Cortes and "
            "Christopher J.C. Burges, used under the <a href="
            "'https://creativecommons.org/licenses/by-sa/3.0/'>CC BY-SA 3.0 licence</a>.</p>"))

    # --- remembered settings and closing ------------------------------------------------------
    def _restore_settings(self):
        geometry = self.settings.value("window/geometry", QByteArray())
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1240, 760)
        splitter = self.settings.value("window/splitter", QByteArray())
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        try:
            values = json.loads(self.settings.value("training/form", "{}", type=str))
        except ValueError:
            values = {}
        if isinstance(values, dict):
            self.train_panel.form.set_values(values)
        pen = self.settings.value("canvas/pen_width", 0, type=float)
        if pen:
            self.draw_panel.pen_width.setValue(int(pen))

    def _save_settings(self):
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("training/form", json.dumps(self.train_panel.form.values()))
        self.settings.setValue("canvas/pen_width", self.draw_panel.canvas.pen_width())
        self.settings.sync()

    def closeEvent(self, event):
        if self.controller.is_active():
            self.controller.shutdown()  # within a second
            # the run's last weights are queued for the controller: take them in before asking
            QCoreApplication.sendPostedEvents(self.controller)
        if not self._may_replace_model("quitting"):
            event.ignore()
            return
        self.jobs.wait()
        self._save_settings()
        event.accept()
