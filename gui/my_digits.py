"""My digits as the window keeps them: the student's own drawings, saved at every change
(issue 18, item 8).

The collection is small (under 1 KB a digit, at most engine.MAX_DIGITS), so every operation
runs on the GUI thread and writes the whole file through engine.save_my_digits, an atomic
write: a crash or a full disk leaves the previous file whole. A file that cannot be read is
never overwritten: it is renamed aside, and the collection starts empty.
"""
import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal

import engine

from .i18n import engine_text

DAMAGED_STAMP = "%Y%m%d-%H%M%S"


def default_my_digits_file():
    """Where my digits are kept: the platform's data folder for applications (XDG_DATA_HOME on
    Linux, Application Support on macOS, AppData on Windows), beside the kept runs."""
    base = QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation)
    return Path(base or Path.home() / ".digitlab") / engine.MY_DIGITS_FILE


def aside_path(path, now=None):
    """A free name beside `path` for a damaged copy: my_digits.damaged-20250102-030405.npz."""
    stamp = (now or datetime.datetime.now()).strftime(DAMAGED_STAMP)
    path = Path(path)
    candidate = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    number = 2
    while candidate.exists():  # two damaged files within a second: never one over the other
        candidate = path.with_name(f"{path.stem}.damaged-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


class MyDigitsStore(QObject):
    """The collection (an engine.MyDigits) and its file; ``changed`` after every change,
    ``problem`` with a sentence when a file could not be read or written."""

    changed = Signal()
    problem = Signal(str)

    def __init__(self, path, parent=None):
        super().__init__(parent)
        self._path = Path(path)
        self._digits = engine.MyDigits.empty()
        self._unsaved = None  # why the last save failed; None when the file holds every change
        self._blocked = None  # why the file must not be written (a damaged one stayed there)

    @property
    def path(self):
        return self._path

    def digits(self):
        """The collection now: an engine.MyDigits (read-only arrays)."""
        return self._digits

    def unsaved(self):
        """Why the latest changes are not in the file yet (a sentence), or None."""
        return self._unsaved

    # --- the user's own file ------------------------------------------------------------------
    def load(self):
        """Read the file if there is one; a damaged one is renamed aside and said."""
        if not self._path.exists() and not self._path.is_symlink():
            return
        try:
            digits = engine.load_my_digits(self._path)
        except engine.MyDigitsError as exc:
            self._set_aside(engine_text(exc))
            self._digits = engine.MyDigits.empty()
        else:
            self._digits = digits
        self.changed.emit()

    def _set_aside(self, why):
        if self._path.is_dir():  # nothing to rename: saving will say the folder is in the way
            self.problem.emit(self.tr("{0} My digits starts empty.").format(why))
            return
        aside = aside_path(self._path)
        try:
            self._path.rename(aside)
        except OSError as exc:
            # the damaged file stays where it is, so nothing may be saved over it
            self._blocked = self.tr("{0} could not be read and could not be renamed aside "
                                    "({1}), so it is left untouched and nothing you add is "
                                    "saved until it is moved away.").format(
                self._path, exc.strerror or type(exc).__name__)
            self.problem.emit(self.tr("{0} {1}").format(why, self._blocked))
            return
        self.problem.emit(self.tr(
            "{0} It was renamed {1}, with every byte it held, and My digits starts empty; "
            "new digits go to a new {2}.").format(why, aside, self._path))

    # --- changes ------------------------------------------------------------------------------
    def add(self, image28, label):
        """Add the 28x28 network input (float 0-1) as `label`; returns the new digit's id, or
        None when it could not be added (``problem`` says why)."""
        try:
            digits = self._digits.add(image28, label)
        except ValueError as exc:
            self.problem.emit(engine_text(exc))
            return None
        self._change(digits)
        return str(digits.ids[-1])

    def delete(self, ids):
        """Delete the digits with these ids (absent ones are ignored); returns how many went."""
        digits = self._digits.delete(list(ids))
        deleted = len(self._digits) - len(digits)
        if deleted:
            self._change(digits)
        return deleted

    def relabel(self, ids, label):
        """Give the digits with these ids `label` (0-9); False when refused (``problem``)."""
        try:
            digits = self._digits.relabel(list(ids), label)
        except ValueError as exc:
            self.problem.emit(engine_text(exc))
            return False
        self._change(digits)
        return True

    def _change(self, digits):
        self._digits = digits
        self._save()
        self.changed.emit()

    def _save(self):
        if self._blocked is not None:
            self._say_unsaved(self._blocked)
            return
        try:
            engine.save_my_digits(self._digits, self._path)
        except engine.MyDigitsError as exc:
            self._say_unsaved(self.tr("{0} Your digits are kept here meanwhile: the next "
                                      "change tries again to save them all, and Export on "
                                      "the My digits page saves them elsewhere.").format(
                engine_text(exc)))
            return
        self._unsaved = None

    def _say_unsaved(self, why):
        first = self._unsaved is None  # once per failure in a row: not a message per key
        self._unsaved = why
        if first:
            self.problem.emit(why)

    # --- sharing ------------------------------------------------------------------------------
    def export_to(self, path):
        """Write the whole collection to `path`; False when it could not (``problem``)."""
        try:
            engine.save_my_digits(self._digits, Path(path))
        except engine.MyDigitsError as exc:
            self.problem.emit(engine_text(exc))
            return False
        return True

    def import_from(self, path):
        """Add the digits of the file at `path` that are not here yet (by id); returns how
        many were added, or None when the file was refused (``problem``; nothing changes)."""
        try:
            other = engine.load_my_digits(Path(path))
            digits, added = self._digits.merged(other)
        except ValueError as exc:  # MyDigitsError too: a sentence naming the file
            self.problem.emit(engine_text(exc))
            return None
        if added:
            self._change(digits)
        return added
