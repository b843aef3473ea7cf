"""The app's entry point: with no display it says so plainly instead of letting Qt abort."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui import app, desktop_entry

ROOT = Path(__file__).resolve().parents[2]
NO_DISPLAY = ("DigitLab needs a graphical desktop: no display found (DISPLAY and WAYLAND_DISPLAY "
              "are not set). Start it from a desktop session, or check it without one with "
              "--self-test.")
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.mark.parametrize("environ, platform, problem", [
    ({}, "linux", NO_DISPLAY),
    ({"DISPLAY": ""}, "linux", NO_DISPLAY),
    ({"DISPLAY": ":0"}, "linux", None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
    ({}, "darwin", None),
    ({}, "win32", None),
])
def test_a_display_is_needed_on_linux_only(environ, platform, problem):
    assert app.missing_display(environ, platform) == problem


def test_main_stops_with_status_2_before_making_an_application(monkeypatch, capsys):
    for name in DISPLAY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(app, "make_application", lambda argv: pytest.fail("it went on"))
    assert app.main(["--quit-when-shown"]) == 2
    said = capsys.readouterr()
    assert said.err.strip() == NO_DISPLAY and said.out == ""


def run_gui(*args):
    env = {name: value for name, value in os.environ.items() if name not in DISPLAY_VARIABLES}
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_python_m_gui_without_a_display_says_so():
    result = run_gui()
    assert result.returncode == 2 and result.stderr.strip() == NO_DISPLAY, result.stderr


def test_version_needs_no_display():
    result = run_gui("--version")
    assert result.returncode == 0 and result.stdout.startswith("DigitLab "), result.stderr


def test_install_desktop_entry_from_a_folder_with_a_line_break_exits_1(tmp_path, monkeypatch,
                                                                      capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(desktop_entry, "launch_command", lambda: ["/opt/x\nExec=evil/digitlab"])
    assert app.main(["--install-desktop-entry"]) == 1
    assert "holds a line break" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
