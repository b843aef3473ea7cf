"""``python -m gui --self-test``: the whole app exercised without a screen, one JSON line out.

Opens the main window offscreen, loads the bundled model and MNIST, draws digits with simulated
mouse drags and checks what the network reads, trains a few dozen iterations through the worker
thread, then saves and reloads the model in a temporary folder. Exit status 0 when every check
passed; otherwise 1 and the JSON says which check failed and why. The one-file binary runs this
in CI, so it must need nothing but the bundle.
"""
import importlib.util
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFontInfo, QImage, QRawFont
from PySide6.QtWidgets import QApplication

import numpy as np

import engine

from . import i18n
from .errors import install_excepthook
from .external import child_environment
from .main_window import MainWindow
from .pages.learn.common import SourceView
from .simulate import drag, wait_until

TRAIN_ITERATIONS = 40
# strokes on the 280x280 canvas that any reasonable MNIST model reads as these digits
DRAWN_DIGITS = {
    "1": [[(140, 50), (140, 230)]],
    "7": [[(80, 60), (200, 60), (120, 230)]],
    "0": [[(140 + 55 * np.sin(a), 140 - 85 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 40)]],
}


class SelfTestFailure(Exception):
    """A check did not hold; the message says which and what was seen."""


class ScriptedDialogs:
    """Stands in for main_window.Dialogs with no user: records every message and question,
    answers from its attributes (by default: discard unsaved work, choose no file)."""

    def __init__(self):
        self.errors, self.warnings, self.questions = [], [], []
        self.details = []  # the "Show details" text of each error or warning (None: none)
        self.save_answer = "discard"
        self.quit_answer = "discard"  # closing while a run goes on
        self.open_path = self.save_path = self.folder = self.suggested = None
        self.csv_path = None
        self.onnx_path = None  # the file File > Export as ONNX writes
        self.image_answer = None  # the photo File > Open image reads
        self.image_folder = None  # the folder its dialog was opened in
        self.delete_answer = True
        self.resume_answer = "later"
        self.my_digits_export_answer = None  # the file My digits > Export writes
        self.my_digits_import_answer = None  # the file My digits > Import reads

    @property
    def messages(self):
        return [f"{title}: {text}" for title, text in self.errors + self.warnings]

    def error(self, title, text, details=None):
        self.errors.append((title, text))
        self.details.append(details)

    def warning(self, title, text, details=None):
        self.warnings.append((title, text))
        self.details.append(details)

    def ask_quit_during_training(self):
        self.questions.append("quit during training")
        return self.quit_answer

    def ask_save_changes(self, text):
        self.questions.append(text)
        return self.save_answer

    def open_model_path(self, folder):
        return self.open_path

    def save_model_path(self, suggestion):
        self.suggested = suggestion
        return self.save_path

    def onnx_export_path(self, suggestion):
        self.suggested = suggestion
        return self.onnx_path

    def image_path(self, folder):
        self.image_folder = folder
        return self.image_answer

    def dataset_folder(self, folder):
        return self.folder

    def save_csv_path(self, suggestion):
        self.suggested = suggestion
        return self.csv_path

    def ask_resume(self, text):
        self.questions.append(text)
        return self.resume_answer

    def confirm_delete(self, text, title=None):
        self.questions.append(text)
        return self.delete_answer

    def my_digits_export_path(self, suggestion):
        self.suggested = suggestion
        return self.my_digits_export_answer

    def my_digits_import_path(self, folder):
        return self.my_digits_import_answer


def check(condition, message):
    if not condition:
        raise SelfTestFailure(message)


def run_self_test(app):
    checks, began = {}, time.perf_counter()
    escaped = []  # exceptions raised inside slots: Qt only prints those
    hook = install_excepthook(escaped.append)
    with tempfile.TemporaryDirectory(prefix="digitlab-selftest-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)
        window = MainWindow(settings=settings, dialogs=ScriptedDialogs(),
                            runs_folder=Path(folder) / "runs",
                            my_digits_file=Path(folder) / "my_digits.npz")
        try:
            _run_checks(window, Path(folder), checks)
            hook.flush()  # reports wait for the event loop: the last step's are still queued
            check(not escaped, f"exceptions escaped from slots: {escaped}")
            outcome = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - the reason is the self-test's output
            outcome = {"ok": False, "error": f"{type(exc).__name__}: {exc}",
                       "where": traceback.format_exc(limit=-2).strip().splitlines()[-3:]}
        finally:
            window.controller.shutdown()
            window.close()
    outcome.update(checks=checks, seconds=round(time.perf_counter() - began, 2),
                   version=engine.__version__)
    print(json.dumps(outcome), flush=True)
    return 0 if outcome["ok"] else 1


def _run_checks(window, folder, checks):
    window.show()
    window.open_startup_model()  # read in the background, as the app does
    wait_until(lambda: window.opening is None, 30, "the built-in model to open")
    accuracy = window.current_model.metrics.get("test_accuracy", 0)
    check(accuracy >= 0.994, f"bundled model test accuracy {accuracy}, expected >= 0.994")
    checks["bundled_model_accuracy"] = accuracy
    window.load_dataset()
    wait_until(lambda: window.dataset() is not None, 30, "MNIST to load")
    checks["mnist_test_images"] = len(window.dataset().x_test)
    checks["drawn"] = _check_drawing(window)
    checks["test_images_read_right"] = _check_test_images(window)
    checks["photos_read_right"] = _check_photos(window, folder)
    checks["training"] = _check_training(window)
    checks["runs"] = _check_runs(window)
    checks["save_and_reload"] = _check_save_and_reload(window, folder)
    checks["onnx_export"] = _check_onnx_export(window, folder)
    checks["japanese"] = _check_japanese()
    checks["lessons"] = _check_lessons(window)
    checks["child_library_path"] = _check_child_environment()
    checks["text_font"] = _text_font()
    checks["gpu"] = engine.gpu_status().describe()  # information: a GPU is never required
    dialogs = window.dialogs.messages
    check(not dialogs, f"unexpected messages: {dialogs}")


def _check_drawing(window):
    panel, read = window.draw_panel, {}
    for digit, strokes in DRAWN_DIGITS.items():
        panel.clear()
        QCoreApplication.processEvents()
        check(panel.reading() is None, "an empty canvas shows a prediction")
        for stroke in strokes:
            drag(panel.canvas, stroke, steps_between=3)
        QCoreApplication.processEvents()
        reading = panel.reading()
        check(reading is not None, f"no prediction after drawing a {digit}")
        check(reading[0] == digit, f"drew a {digit}, the network read {reading[0]}")
        read[digit] = round(reading[1], 3)
    panel.canvas.undo()
    QCoreApplication.processEvents()
    check(panel.reading() is None, "undoing the only stroke left a prediction")
    return read


def _check_test_images(window):
    panel, right = window.draw_panel, 0
    for index in range(20):
        label = panel.show_test_image(index)
        QCoreApplication.processEvents()
        right += panel.reading()[0] == str(label)
    check(right >= 18, f"only {right} of the first 20 MNIST test images read right")
    return right


def _check_photos(window, folder):
    """Test images as black ink on white paper, saved as JPEG and PNG and opened with
    File > Open image: Qt's image readers are in the binary, and the photo reads right."""
    data, right = window.dataset(), 0
    for index, suffix in enumerate([".jpg", ".png"] * 5):
        digit = data.x_test[index].reshape(28, 28)
        enlarged = np.ascontiguousarray(np.kron(255 - digit, np.ones((12, 12), np.uint8)))
        path = folder / f"photo-{index}{suffix}"
        image = QImage(enlarged.data, enlarged.shape[1], enlarged.shape[0], enlarged.shape[1],
                       QImage.Format_Grayscale8)
        check(image.save(str(path)), f"Qt cannot write {path.name}")
        window.dialogs.image_answer = str(path)
        window.open_image_action.trigger()
        QCoreApplication.processEvents()
        reading = window.draw_panel.reading()
        check(reading is not None, f"no prediction for the photo {path.name}")
        right += reading[0] == str(data.t_test[index])
    check(right >= 9, f"only {right} of 10 photos of test digits were read right")
    return right


def _check_training(window):
    reports, results = [], []
    window.controller.progress.connect(reports.append)
    window.controller.finished.connect(results.append)
    started = window.start_training(engine.TrainSettings(preset="mlp",
                                                         iterations=TRAIN_ITERATIONS))
    check(started, f"training did not start: {window.dialogs.messages}")
    wait_until(lambda: results or window.dialogs.messages, 120, "training to finish")
    check(results, f"training failed: {window.dialogs.messages}")
    iterations = [i for report in reports for i in report.loss_iterations]
    check(iterations == list(range(1, TRAIN_ITERATIONS + 1)),
          f"progress reports covered iterations {iterations[:3]}...{iterations[-3:]}")
    check(window.current_model.is_modified, "the trained model is not marked unsaved")
    return {"iterations": len(iterations), "reports": len(reports),
            "test_accuracy": results[0].metrics["test_accuracy"]}


def _check_runs(window):
    """The run just trained is kept in the data folder and listed on the Runs page."""
    wait_until(lambda: window.current_model.kept is not None or window.dialogs.messages, 60,
               "the run to be kept")
    check(window.current_model.kept is not None, f"the run was not kept: "
                                                 f"{window.dialogs.messages}")
    window.page_actions[3].trigger()
    wait_until(lambda: window.runs_page.table.rowCount() == 1, 30, "the Runs page's list")
    check(window.runs_page.table.names() == [window.current_model.kept.name],
          f"the Runs page lists {window.runs_page.table.names()}")
    window.page_actions[0].trigger()
    return window.current_model.kept.name


def _check_lessons(window):
    """Every lesson opens, and shows the engine source beside its numbers: the binary must
    carry the engine's .py files (build.spec's module_collection_mode)."""
    window.page_actions[2].trigger()
    page, shown = window.learn_page, {}
    for row in range(page.lesson_list.count()):
        page.lesson_list.setCurrentRow(row)
        QCoreApplication.processEvents()
        lesson = page.current_lesson()
        check(lesson is not None and lesson.isVisible(), f"lesson {row + 1} did not open")
        views = lesson.findChildren(SourceView)
        check(views, f"lesson {row + 1} has no source view")
        missing = [view.heading.text() for view in views if view.source() is None]
        check(not missing, f"lesson {row + 1} shows no source: {missing}")
        shown[type(lesson).__name__] = len(views)
    window.page_actions[0].trigger()
    return shown


def _check_child_environment():
    """Programs we start (file manager, browser) must not load the binary's bundled libraries."""
    bundle = getattr(sys, "_MEIPASS", None)
    value = child_environment().get("LD_LIBRARY_PATH")
    if bundle and value:
        inside = [p for p in value.split(os.pathsep)
                  if p and Path(p).resolve().is_relative_to(Path(bundle).resolve())]
        check(not inside, f"a child process would get the bundle on LD_LIBRARY_PATH: {value}")
    return value


def _text_font():
    """The font family text is drawn with, or None: then every letter is an empty box. Not a
    failure (a build machine may have no fonts), but worth saying. Qt lists generic families
    (Sans Serif, ...) even with no font installed, so counting families proves nothing."""
    font = QApplication.font()
    family = QFontInfo(font).family()  # "" when fontconfig found no font file at all
    if not (family and QRawFont.fromFont(font).isValid()):
        print("DigitLab self-test: no font found; text will be drawn as empty boxes "
              "(install a font, e.g. Debian's fonts-dejavu-core)", file=sys.stderr)
        return None
    return family


def _check_japanese():
    """The binary carries DigitLab's Japanese and Qt's own (the standard dialogs')."""
    found = [translator.filePath() for translator in i18n.loaded_translators("ja")]
    check(len(found) == 2, f"Japanese translations missing: found only {found}")
    return [Path(path).name for path in found]


def _check_onnx_export(window, folder):
    """The binary carries the onnx package (the build extra); a source install may lack it."""
    if not getattr(sys, "frozen", False) and importlib.util.find_spec("onnx") is None:
        return "the onnx package is not installed"
    window.dialogs.onnx_path = str(folder / "trained.onnx")
    window.export_onnx_action.trigger()
    check(not window.dialogs.messages, f"exporting as ONNX failed: {window.dialogs.messages}")
    return (folder / "trained.onnx").stat().st_size


def _check_save_and_reload(window, folder):
    path = folder / "trained.npz"
    image = engine.to_mnist(window.draw_panel.canvas.to_array())
    before = window.current_model.read_image(image)[1]
    check(window.save_model_to(path), f"saving failed: {window.dialogs.messages}")
    check(window.open_model(path), "reopening was cancelled")
    wait_until(lambda: window.opening is None, 30, "the saved model to open again")
    check(window.current_model.path == path, f"reopening failed: {window.dialogs.messages}")
    after = window.current_model.read_image(image)[1]
    check(np.array_equal(before, after), "the reloaded model reads differently")
    return path.stat().st_size
