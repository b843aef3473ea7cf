"""Child processes get the user's environment back, not the one-file bootloader's."""
import os
import subprocess
import sys

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

import pytest

import engine
from gui import external
from gui.external import child_environment, folder_of, open_externally, opener_command

BUNDLE = "/tmp/_MEIabc123"


def test_frozen_restores_the_users_library_path():
    environ = {"LD_LIBRARY_PATH": f"{BUNDLE}:/opt/lib", "LD_LIBRARY_PATH_ORIG": "/opt/lib",
               "HOME": "/home/ada"}
    assert child_environment(environ, frozen=True) == {"LD_LIBRARY_PATH": "/opt/lib",
                                                       "HOME": "/home/ada"}


def test_frozen_drops_the_bootloaders_path_when_the_user_had_none():
    environ = {"LD_LIBRARY_PATH": BUNDLE, "PATH": "/usr/bin"}
    assert child_environment(environ, frozen=True) == {"PATH": "/usr/bin"}


def test_frozen_keeps_an_empty_user_value_as_it_was():
    environ = {"LD_LIBRARY_PATH": BUNDLE, "LD_LIBRARY_PATH_ORIG": ""}
    assert child_environment(environ, frozen=True) == {"LD_LIBRARY_PATH": ""}


def test_from_source_the_environment_is_left_alone():
    environ = {"LD_LIBRARY_PATH": "/opt/lib", "LD_LIBRARY_PATH_ORIG": "/elsewhere"}
    assert child_environment(environ, frozen=False) == environ


def test_the_callers_mapping_is_not_changed():
    environ = {"LD_LIBRARY_PATH": BUNDLE, "LD_LIBRARY_PATH_ORIG": "/opt/lib"}
    child_environment(environ, frozen=True)
    assert environ == {"LD_LIBRARY_PATH": BUNDLE, "LD_LIBRARY_PATH_ORIG": "/opt/lib"}


@pytest.mark.parametrize("platform, program", [("linux", "xdg-open"), ("darwin", "open"),
                                               ("win32", "explorer")])
def test_each_desktop_has_its_opener(platform, program):
    assert opener_command("/home/ada/models", platform) == [program, "/home/ada/models"]


def test_a_started_program_really_sees_the_users_library_path(monkeypatch, tmp_path):
    """End to end through a real child process, as the frozen app would start it."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{BUNDLE}:/opt/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    seen = tmp_path / "seen"
    script = f"import os; open({str(seen)!r}, 'w').write(os.environ.get('LD_LIBRARY_PATH', '-'))"
    monkeypatch.setattr(external, "opener_command", lambda target: [sys.executable, "-c", script])
    started = []

    def start(command, **kwargs):
        started.append(subprocess.Popen(command, **kwargs))
        return started[-1]

    assert open_externally("ignored", start=start) is None
    started[0].wait(timeout=30)
    assert seen.read_text() == "/opt/lib"
    assert os.environ["LD_LIBRARY_PATH"] == f"{BUNDLE}:/opt/lib"  # this process keeps its own


def test_a_missing_opener_is_a_message_not_a_crash(monkeypatch):
    monkeypatch.setattr(external, "opener_command", lambda target: ["no-such-opener-xyz", target])
    error = open_externally("/home/ada")
    assert error.startswith("Could not open /home/ada with no-such-opener-xyz")


def test_links_qt_opens_go_through_the_router(qapp):
    opened = []
    router = external.route_desktop_links(qapp, opener=lambda target: opened.append(target))
    try:
        QDesktopServices.openUrl(QUrl("https://creativecommons.org/licenses/by-sa/3.0/"))
        QDesktopServices.openUrl(QUrl.fromLocalFile("/home/ada/models"))
    finally:
        external.route_desktop_links(qapp)  # back to the app's own router
        router.deleteLater()
    assert opened == ["https://creativecommons.org/licenses/by-sa/3.0/", "/home/ada/models"]


def test_the_folder_of_a_file_is_its_parent_and_of_a_folder_itself(tmp_path):
    model = tmp_path / "model.npz"
    model.write_bytes(b"")
    assert folder_of(model) == tmp_path and folder_of(tmp_path) == tmp_path


def test_shipped_assets_are_recognised(tmp_path):
    assert engine.is_shipped(engine.bundled_model_path())
    assert engine.is_shipped(engine.assets_dir() / "datasets" / "mnist")
    assert not engine.is_shipped(tmp_path / "model.npz")
