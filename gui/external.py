"""Opening folders and links with the desktop's own programs, from the source tree or the binary.

The one-file binary's bootloader puts its unpack folder first on LD_LIBRARY_PATH (and keeps the
user's value in LD_LIBRARY_PATH_ORIG), so that the bundled Qt is found. A file manager or web
browser started with that environment would load our bundled libraries instead of its own and
may crash. Every child process the app starts therefore gets the user's environment back.
"""
import os
import subprocess
import sys
from pathlib import Path

# variables the PyInstaller bootloader changes, each with the copy it keeps of the user's value
BOOTLOADER_SAVED = {"LD_LIBRARY_PATH": "LD_LIBRARY_PATH_ORIG"}


def child_environment(environ=None, frozen=None):
    """The environment for a program we start: the user's, as it was before the bootloader ran."""
    environ = dict(os.environ if environ is None else environ)
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    if not frozen:
        return environ
    for name, saved in BOOTLOADER_SAVED.items():
        if saved in environ:
            environ[name] = environ.pop(saved)
        else:
            environ.pop(name, None)  # the user had none: the bootloader's value must not leak
    return environ


def opener_command(target, platform=sys.platform):
    """The command that opens `target` (a folder, a file or a URL) in the desktop's program."""
    if platform.startswith("win"):
        return ["explorer", str(target)]
    if platform == "darwin":
        return ["open", str(target)]
    return ["xdg-open", str(target)]


def open_externally(target, start=subprocess.Popen):
    """Open `target` with the desktop's program; an error message naming it, or None."""
    command = opener_command(target)
    try:
        start(command, env=child_environment(), stdin=subprocess.DEVNULL,
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        return f"Could not open {target} with {command[0]}: {error.strerror or error}"
    return None


def folder_of(path):
    """The folder to show for `path`: itself if a folder, else the folder holding it."""
    path = Path(path)
    return path if path.is_dir() else path.parent


def route_desktop_links(app, opener=open_externally):
    """Send every link Qt opens (About box, labels, QDesktopServices) through `opener`."""
    # Qt only here: child_environment and open_externally also serve Qt-free callers
    from PySide6.QtCore import QObject, Slot  # noqa: PLC0415
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415

    class LinkRouter(QObject):
        @Slot("QUrl")
        def open(self, url):
            target = url.toLocalFile() if url.isLocalFile() else url.toString()
            error = opener(target)
            if error:
                print(error, file=sys.stderr)

    router = LinkRouter(app)
    for scheme in ("http", "https", "file"):
        QDesktopServices.setUrlHandler(scheme, router, "open")
    return router
