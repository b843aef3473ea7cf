"""Fixtures of the window tests: real windows on throwaway settings, a tiny dataset folder."""
from PySide6.QtCore import QSettings

import pytest

from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs

from qt_helpers import HUNG, tiny_dataset, write_dataset_dir


@pytest.fixture
def make_window(qtbot, tmp_path):
    """make(open_model=True, settings_file=...): a shown window whose questions are scripted,
    its start-up model opened (waited for: it is read in the background); each is shut down
    (its run and its background jobs joined) after the test."""
    windows = []

    def make(open_model=True, settings_file="settings.ini"):
        settings = QSettings(str(tmp_path / settings_file), QSettings.IniFormat)
        window = MainWindow(settings=settings, dialogs=ScriptedDialogs())
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
def window(make_window):
    return make_window()


@pytest.fixture
def tiny_folder(tmp_path):
    return write_dataset_dir(tmp_path / "tiny", tiny_dataset())
