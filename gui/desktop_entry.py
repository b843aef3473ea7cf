"""``digitlab --install-desktop-entry``: put DigitLab in the Linux desktop's applications menu.

Writes the shipped desktop entry (assets/digitlab.desktop), with Exec naming this very binary
(or this Python running ``-m gui`` from a checkout), and the icon, into the user's XDG data
folder. Nothing needs root, and running it again after moving the binary updates the entry.
"""
import os
import sys
from pathlib import Path

import engine

ENTRY_NAME = "digitlab.desktop"
ICONS = {"digitlab.svg": "icons/hicolor/scalable/apps/digitlab.svg",
         "digitlab-256.png": "icons/hicolor/256x256/apps/digitlab.png"}
EXEC_RESERVED = '"`$\\'  # escaped inside a quoted Exec argument (Desktop Entry spec)
# A desktop file is one key per line: a line break in the command would start a line of its
# own (a second Exec= the desktop runs). The spec has escapes for some controls in string
# values, but not every desktop honours them in Exec, so such a command is refused.
LINE_BREAKS = "\n\r\x85\u2028\u2029"  # ASCII's and Unicode's: some readers split at each
CONTROL_NAMES = {**dict.fromkeys(LINE_BREAKS, "a line break"), "\t": "a tab"}
EXEC_NEEDS_QUOTES = set(' \t\n"\'\\><~|&;$*?#()`')


def data_home(environ=None):
    """$XDG_DATA_HOME, or ~/.local/share when unset or not absolute (as the spec says)."""
    value = (os.environ if environ is None else environ).get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local/share"


def launch_command():
    """How the desktop starts this app: the one-file binary itself, or Python with -m gui."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "gui"]


class UnsafeCommandError(ValueError):
    """The launch command cannot be written into a desktop entry safely; str() says why."""


def check_command(command):
    """Refuse a command holding a control character (a folder name with a line break), or
    what UTF-8 cannot write (a desktop file is UTF-8; Python keeps undecodable bytes of a
    file name as lone surrogates)."""
    for argument in command:
        bad = next((c for c in argument if ord(c) < 0x20 or c in CONTROL_NAMES
                    or c == "\x7f"), None)
        if bad is not None:
            what = CONTROL_NAMES.get(bad, "a control character")
            raise UnsafeCommandError(
                f"DigitLab's folder name holds {what}; move DigitLab to a folder whose name "
                f"has none and try again.")
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raise UnsafeCommandError(
                "DigitLab's folder name is not valid UTF-8 text; move DigitLab to a folder "
                "with a plainer name and try again.") from None
    return command


def exec_quote(argument):
    """One Exec argument, quoted only if needed; '%' doubled since it starts field codes."""
    argument = argument.replace("%", "%%")
    if argument and not EXEC_NEEDS_QUOTES.intersection(argument):
        return argument
    escaped = "".join("\\" + c if c in EXEC_RESERVED else c for c in argument)
    return f'"{escaped}"'


def entry_text(template, command):
    """The template with its Exec line replaced by `command` (a desktop file value, so each
    backslash of the quoted command is written twice). UnsafeCommandError for a command
    that holds a control character."""
    exec_value = " ".join(exec_quote(a) for a in check_command(command)).replace("\\", "\\\\")
    lines = [f"Exec={exec_value}" if line.startswith("Exec=") else line
             for line in template.splitlines()]
    return "\n".join(lines) + "\n"


def install_desktop_entry(target=None, command=None):
    """Write the entry and icons under `target` (the XDG data folder); the paths written.
    UnsafeCommandError, before anything is written, for a command no entry can hold."""
    target = data_home() if target is None else Path(target)
    assets = engine.assets_dir()
    template = (assets / ENTRY_NAME).read_text(encoding="utf-8")
    text = entry_text(template, command or launch_command())
    written = []
    entry = target / "applications" / ENTRY_NAME
    with engine.atomic_write(entry, "wb") as f:
        f.write(text.encode("utf-8"))  # whatever the locale's encoding: the spec says UTF-8
    written.append(entry)
    for source, destination in ICONS.items():
        path = target / destination
        with engine.atomic_write(path, "wb") as f:
            f.write((assets / "icons" / source).read_bytes())
        written.append(path)
    return written


def main():
    """The CLI action: exit status 0 with the files written, 1 with a message naming the problem."""
    try:
        written = install_desktop_entry()
    except UnsafeCommandError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Could not install the desktop entry: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print("DigitLab is in the applications menu now (or after logging in again).")
    return 0
