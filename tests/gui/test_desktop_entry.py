"""--install-desktop-entry: a valid entry naming this very program, and its icons."""
import shutil
import subprocess
import sys
from configparser import ConfigParser

import pytest

import engine
from gui import desktop_entry
from gui.desktop_entry import (
    UnsafeCommandError,
    data_home,
    entry_text,
    exec_quote,
    install_desktop_entry,
)


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


# --- a folder name cannot add lines to the entry (issue 15, item 4) --------------------------

STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
QUOTED_ESCAPES = '"`$\\'
RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def unescape_string(value):
    """A desktop entry string value as its reader takes it (the spec's \\s \\n \\t \\r \\\\)."""
    out, chars = [], iter(value)
    for char in chars:
        out.append(STRING_ESCAPES[next(chars)] if char == "\\" else char)
    return "".join(out)


def parse_exec(value):
    """The argv an Exec value means, following the Desktop Entry spec: arguments split at
    spaces, double-quoted ones with \\" \\` \\$ \\\\ escaped, %% a literal %."""
    argv, chars = [], list(value)
    while chars:
        if chars[0] == " ":
            chars.pop(0)
            continue
        argument = []
        if chars[0] == '"':
            chars.pop(0)
            while (char := chars.pop(0)) != '"':
                if char == "\\":
                    char = chars.pop(0)
                    assert char in QUOTED_ESCAPES, f"\\{char} is no escape in a quoted argument"
                argument.append(char)
        else:
            while chars and chars[0] != " ":
                argument.append(chars.pop(0))
            assert not RESERVED.intersection(argument), f"unquoted reserved: {argument}"
        text = "".join(argument)
        assert "%" not in text.replace("%%", ""), f"a field code in {text!r}"
        argv.append(text.replace("%%", "%"))
    return argv


def entry_groups(path):
    """{group: [(key, value), ...]} of a desktop file, read line by line as desktops do."""
    groups, group = {}, None
    for line in path.read_bytes().decode("utf-8").split("\n"):
        if line.startswith("["):
            group = line.strip("[]")
            groups[group] = []
        elif line and not line.startswith("#"):
            key, _, value = line.partition("=")
            groups[group].append((key, value))
    return groups


@pytest.mark.parametrize("command", [
    ["/opt/digitlab/digitlab"],
    ["/home/ada/My Apps/digitlab", "-m", "gui"],
    ['/tmp/say "hi"/digitlab'],
    ["/tmp/back\\slash\\\\twice/py"],
    ["/tmp/$HOME/`id`/py", "--flag=$x"],
    ["/tmp/100%/%f/py"],
    ["/tmp/it's ~ (a) [b] {c} #d; e & f | g > h < i * j ? k/py"],
    ["/home/ада/Документы/数字/py"],
    ["/tmp/ends with a backslash\\"],
    ["/tmp/x", ""],
])
def test_any_printable_command_reads_back_as_the_same_argv(tmp_path, command):
    install_desktop_entry(tmp_path, command=command)
    groups = entry_groups(tmp_path / "applications" / "digitlab.desktop")
    assert list(groups) == ["Desktop Entry"]
    execs = [value for key, value in groups["Desktop Entry"] if key == "Exec"]
    assert len(execs) == 1
    assert parse_exec(unescape_string(execs[0])) == command
    template = engine.assets_dir() / "digitlab.desktop"
    assert [key for key, _ in groups["Desktop Entry"]] == \
        [key for key, _ in entry_groups(template)["Desktop Entry"]]


@pytest.mark.parametrize("folder, what", [
    ("/home/ada/x\nExec=evil", "a line break"),
    ("/home/ada/x\rX", "a line break"),
    ("/home/ada/x\u2028Exec=evil", "a line break"),
    ("/home/ada/x\x85y", "a line break"),
    ("/home/ada/x\ty", "a tab"),
    ("/home/ada/x\x1b[31my", "a control character"),
    ("/home/ada/x\x00y", "a control character"),
    ("/home/ada/x\x7fy", "a control character"),
])
def test_a_folder_name_with_a_control_character_is_refused_before_writing(tmp_path, folder,
                                                                          what):
    with pytest.raises(UnsafeCommandError) as refused:
        install_desktop_entry(tmp_path, command=[f"{folder}/digitlab"])
    assert str(refused.value) == (f"DigitLab's folder name holds {what}; move DigitLab to a "
                                  "folder whose name has none and try again.")
    assert not any(tmp_path.iterdir())  # nothing written, not even the icons


def test_a_name_utf8_cannot_write_is_refused(tmp_path):
    undecodable = b"/home/ada/caf\xe9/digitlab".decode("utf-8", "surrogateescape")
    with pytest.raises(UnsafeCommandError, match="not valid UTF-8 text"):
        install_desktop_entry(tmp_path, command=[undecodable])


def test_the_command_line_prints_the_sentence_and_exits_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(desktop_entry, "launch_command",
                        lambda: ["/home/ada/new\nExec=rm -rf ~/digitlab"])
    assert desktop_entry.main() == 1
    said = capsys.readouterr()
    assert said.err == ("DigitLab's folder name holds a line break; move DigitLab to a folder "
                        "whose name has none and try again.\n")
    assert said.out == "" and not any(tmp_path.iterdir())
