"""--install-desktop-entry: a valid entry naming this very program, and its icons."""
import shutil
import subprocess
import sys
from configparser import ConfigParser

import pytest

import engine
from gui.desktop_entry import data_home, entry_text, exec_quote, install_desktop_entry


def read_entry(path):
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_entry_names_the_binary_and_its_icon(tmp_path):
    written = install_desktop_entry(tmp_path, command=["/opt/digitlab/digitlab"])
    entry = read_entry(tmp_path / "applications" / "digitlab.desktop")
    assert entry["Exec"] == "/opt/digitlab/digitlab"
    assert entry["Icon"] == "digitlab" and entry["Type"] == "Application"
    assert entry["StartupWMClass"] == "digitlab"  # Qt's desktop file name (gui.app)
    icon = tmp_path / "icons/hicolor/scalable/apps/digitlab.svg"
    assert icon.read_bytes() == (engine.assets_dir() / "icons" / "digitlab.svg").read_bytes()
    assert (tmp_path / "icons/hicolor/256x256/apps/digitlab.png").read_bytes()[:4] == b"\x89PNG"
    assert len(written) == 3


@pytest.mark.parametrize("argument, quoted", [
    ("/opt/digitlab", "/opt/digitlab"),
    ("/home/ada/My Apps/digitlab", '"/home/ada/My Apps/digitlab"'),
    ('/tmp/a"b$c`d\\e', '"/tmp/a\\"b\\$c\\`d\\\\e"'),
    ("/tmp/100%/digitlab", "/tmp/100%%/digitlab"),
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(argument, quoted):
    assert exec_quote(argument) == quoted


def test_a_backslash_is_escaped_again_as_a_string_value():
    text = entry_text("[Desktop Entry]\nExec=digitlab\n", ["/tmp/a\\b c"])
    assert text == '[Desktop Entry]\nExec="/tmp/a\\\\\\\\b c"\n'


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_the_written_entry_passes_desktop_file_validate(tmp_path):
    install_desktop_entry(tmp_path, command=["/home/ada/My Apps/digitlab", "--flag=$x"])
    result = subprocess.run(["desktop-file-validate",
                             str(tmp_path / "applications" / "digitlab.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_xdg_data_home_is_used_only_when_absolute(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_home({"XDG_DATA_HOME": "/srv/share"}).as_posix() == "/srv/share"
    assert data_home({"XDG_DATA_HOME": "relative/share"}) == tmp_path / ".local/share"
    assert data_home({}) == tmp_path / ".local/share"


def test_the_command_line_installs_it_for_the_running_python(tmp_path):
    result = subprocess.run([sys.executable, "-m", "gui", "--install-desktop-entry"],
                            env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path),
                                 "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"wrote {tmp_path / 'applications' / 'digitlab.desktop'}" in result.stdout
    entry = read_entry(tmp_path / "applications" / "digitlab.desktop")
    assert entry["Exec"] == f"{sys.executable} -m gui"


def test_an_unwritable_folder_is_a_message_and_exit_status_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = subprocess.run([sys.executable, "-m", "gui", "--install-desktop-entry"],
                            env={"XDG_DATA_HOME": str(blocker), "HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Could not install the desktop entry:")
    assert "a-file" in result.stderr
