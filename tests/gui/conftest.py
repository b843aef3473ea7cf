"""Fixtures of the window tests: real windows on throwaway settings, a tiny dataset folder."""
import errno
import os

from PySide6.QtCore import QSettings

import pytest

import engine.data.my_digits as my_digits_module
from gui import i18n
from gui.kept_runs import KeptRuns
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs

from qt_helpers import HUNG, tiny_dataset, write_dataset_dir


@pytest.fixture(autouse=True, scope="session")
def no_test_writes_the_users_data(tmp_path_factory):
    """Where a window is made without a runs folder, its runs go to a throwaway data folder,
    never the real user's (QStandardPaths reads XDG_DATA_HOME on every call)."""
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))


@pytest.fixture
def make_window(qtbot, tmp_path):
    """make(open_model=True, settings_file=..., dialogs=..., my_digits_file=...): a shown window
    whose questions are scripted (by `dialogs`, a ScriptedDialogs, when given), with its own
    collection of my digits (a file in tmp_path, shared by the test's windows unless named),
    its start-up model opened (waited for: it is read in the background); each is shut down
    (its run and its background jobs joined) after the test."""
    windows = []

    def make(open_model=True, settings_file="settings.ini", dialogs=None,
             my_digits_file="my_digits.npz"):
        settings = QSettings(str(tmp_path / settings_file), QSettings.IniFormat)
        window = MainWindow(settings=settings, dialogs=dialogs or ScriptedDialogs(),
                            runs_folder=tmp_path / "runs",
                            my_digits_file=tmp_path / my_digits_file)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        if open_model:
            window.open_startup_model()
            qtbot.waitUntil(lambda: window.opening is None, timeout=HUNG)
        return window

    yield make
    for window in windows:
        window.controller.shutdown()
        window.jobs.shutdown()


@pytest.fixture
def runs_not_kept(monkeypatch):
    """Finished runs stay unkept: the state between a run's end and its keeping, or after a
    store refused it (test_runs_page shows both), made lasting, for the tests of what an
    unkept trained model is owed (the save question, the unsaved mark)."""
    monkeypatch.setattr(KeptRuns, "keep", lambda self, result: None)


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def tiny_folder(tmp_path):
    return write_dataset_dir(tmp_path / "tiny", tiny_dataset())


@pytest.fixture
def read_only_disk(monkeypatch):
    """A switch: while `on`, every digits file write fails as on a read-only disk (root, who
    runs the tests here, ignores chmod; the system's answer is simulated)."""
    class Switch:
        on = True

    real = my_digits_module.atomic_write

    def writer(path, *args, **kwargs):
        if Switch.on:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(my_digits_module, "atomic_write", writer)
    return Switch


@pytest.fixture
def japanese(qapp):
    """The window's strings and Qt's own in Japanese for this test."""
    installed = i18n.install_translators(qapp, "ja")
    assert len(installed) == 2  # ours and Qt's own
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
