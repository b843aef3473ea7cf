"""Every finished run kept on disk, listed, compared and deleted: the Runs page's store.

A store is one folder; each kept run is a folder inside it, named from what it was
(``2026-11-30_140512_mlp_97.84``), holding two files:

* ``model.npz``  a normal DigitLab model file (``save_model``), history and settings included
* ``run.json``   what the Runs page lists: name, settings, the whole log, metrics, changes

A run is written into a hidden staging folder and renamed into place once both files are
complete, so a folder of the store never shows half a run; a folder without ``run.json`` is
an unfinished write, ignored by ``runs()`` and removed by the next ``keep()``. Listing reads
only the ``run.json`` files, each checked as untrusted input (a user may copy runs between
machines); nothing is ever unpickled.

``write_log_csv`` turns a run's log into a CSV file (the GUI's export, ``train --log-csv``);
``differing_settings`` is the table of what differs between runs.
"""
import contextlib
import csv
import dataclasses
import datetime
import errno
import io
import json
import math
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from ..files.fileio import (
    HOST_TAG,
    STALE_AFTER_SECONDS,
    atomic_write,
    process_is_alive,  # the stale-temp-file rule
)
from ..files.modelio import save_model
from ..messages import message_of, sentence
from .extensions import DEFAULT_ENTRIES as LOG_COLUMNS
from .snapshots import os_error_reason

RUNS_BUDGET_BYTES = 300 * 2**20  # default size budget of the whole store
RUN_FORMAT = 1  # run.json's "format": a later version may add fields, never change these
MODEL_FILE = "model.npz"  # a kept model is named after its run instead; this name stays known
MODEL_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.npz")
RECORD_FILE = "run.json"
MAX_RECORD_BYTES = 20 * 2**20  # far above a real run.json (100,000 log rows are ~15 MB)
# what a run.json may hold: as plain as a model file's history (modelio's limits)
MAX_HISTORY = 100_000
MAX_ENTRIES = 1000
MAX_TEXT = 200
STAGING_PREFIX = ".keeping-"
# a folder this store named: date_time_preset[_accuracy][-n]
RUN_FOLDER_NAME = re.compile(r"\d{4}-\d\d-\d\d_\d{6}_.+")
CREATED_FORMAT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


class RunStoreError(ValueError):
    """A run that cannot be kept, deleted or exported; the message is one sentence naming the
    folder or file and the problem. ``detail`` holds a technical reason, or None."""

    def __init__(self, message, detail=None):
        super().__init__(message)
        self.detail = detail


@dataclasses.dataclass(frozen=True)
class KeptRun:
    """One kept run as its run.json describes it (plain JSON values); the model stays on disk."""

    folder: Path  # the run's own folder inside the store
    name: str  # "mlp 97.84% 2026-11-30 14:05": preset, test accuracy, date
    preset: str
    created: str  # ISO 8601 local time with seconds, "2026-11-30T14:05:12"
    train_seconds: float | None
    test_accuracy: float | None  # 0..1
    train_accuracy: float | None
    settings: dict  # TrainSettings.as_dict() merged with the plan's training config
    history: list  # the LogReport entries, as recorded
    changes: list  # the hyperparameter changes made mid-run
    size_bytes: int  # bytes on disk of the whole folder
    metrics: dict = dataclasses.field(default_factory=dict)  # all final metrics (epochs...)
    dataset: str = ""  # the dataset's name, e.g. "mnist"
    # named after the run, so that a window, a title bar or a file list opened on it says
    # which run it is, not "model.npz"
    model_file: str = MODEL_FILE

    @property
    def model_path(self):
        return self.folder / self.model_file

    def __hash__(self):  # the folder is the run: a set or dict of runs needs no dict hashed
        return hash(self.folder)


# fields of run.json besides "format": KeptRun's own, minus folder and size
RECORD_FIELDS = ("name", "preset", "created", "train_seconds", "test_accuracy",
                 "train_accuracy", "settings", "history", "changes", "metrics", "dataset",
                 "model_file")


class RunStore:
    """The kept runs in ``folder``; the oldest go when all of them pass ``budget_bytes``."""

    def __init__(self, folder, budget_bytes=RUNS_BUDGET_BYTES):
        self.folder = Path(folder)
        self.budget_bytes = budget_bytes
        self.problems = []  # sentences: runs left out by runs(), runs the budget could not delete

    # --- keeping ---------------------------------------------------------------------------

    def keep(self, network, metadata, created=None):
        """Save a finished run (``metadata`` is ``model_metadata(run, metrics)``) as a new
        folder of the store; the oldest runs then go while the store is over its budget.
        A disk that refuses it raises RunStoreError, and nothing of the run is left behind."""
        created = _local_time(created)
        record = _json_roundtrip(_record(metadata, created))
        try:  # what runs() would refuse is refused before anything is written
            _check_record(record)
        except _Damaged as exc:  # a caller's mistake: metadata not from model_metadata()
            raise ValueError(f"the run cannot be kept: its record {exc}") from None
        self._make_store_folder()
        self._remove_unfinished()
        folder = self._write_run(network, metadata, record, created)
        kept = _kept_run(folder, record)
        self._apply_budget(kept)
        return kept

    def _make_store_folder(self):
        if self.folder.exists() and not self.folder.is_dir():
            raise RunStoreError(sentence("The run could not be kept: {folder} is a file, not a "
                                         "folder.", folder=self.folder))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._keep_error(exc) from None

    def _write_run(self, network, metadata, record, created):
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-{HOST_TAG}-",
                                            dir=self.folder))
        except OSError as exc:
            raise self._keep_error(exc) from None
        try:
            save_model(staging / record["model_file"], network, **metadata)
            with atomic_write(staging / RECORD_FILE, "wb") as f:
                f.write(json.dumps({"format": RUN_FORMAT, **record}, indent=1).encode("utf-8"))
            return self._move_into_place(staging, _folder_base(created, record))
        except OSError as exc:
            raise self._keep_error(exc) from None
        except ValueError as exc:  # weights save_model refuses to write: NaN, say
            raise RunStoreError(sentence("The run could not be kept in {folder}: its model "
                                         "cannot be saved as a DigitLab model file.",
                                         folder=self.folder), str(exc)) from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def _move_into_place(self, staging, base):
        """Rename the complete run to the first free name: base, base-2, base-3..."""
        for n in range(1, 10_000):
            folder = self.folder / (base if n == 1 else f"{base}-{n}")
            if folder.exists():
                continue
            try:
                os.rename(staging, folder)  # atomic: the folder appears with both files
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):  # another app took the name
                    continue
                raise
            return folder
        raise OSError(errno.EEXIST, "too many runs of the same name", str(self.folder))

    def _keep_error(self, exc):
        values = {"folder": self.folder, "reason": os_error_reason(exc)}
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            said = sentence("The run could not be kept in {folder}: {reason}; free some space "
                            "or delete old runs.", **values)
        elif exc.errno == errno.ENOTDIR:
            said = sentence("The run could not be kept in {folder}: a part of its path is a "
                            "file, not a folder.", folder=self.folder)
        else:
            said = sentence("The run could not be kept in {folder}: {reason}.", **values)
        return RunStoreError(said, repr(exc))

    def _remove_unfinished(self):
        """Remove what a killed writer left: its staging folder once the writer is gone, and a
        run folder of ours without run.json (a write of the older, unstaged kind)."""
        for entry in _scan(self.folder):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name.startswith(STAGING_PREFIX):
                if _writer_is_gone(entry):
                    shutil.rmtree(entry.path, ignore_errors=True)
            elif _is_unfinished_run(entry):
                shutil.rmtree(entry.path, ignore_errors=True)

    def _apply_budget(self, kept):
        """Delete the oldest runs, never ``kept``, until the store fits its budget."""
        total = self.total_bytes()
        for run in reversed(self.runs()):  # oldest first
            if total <= self.budget_bytes:
                return
            if run.folder == kept.folder:
                continue
            try:
                self.delete(run)
            except RunStoreError as exc:
                self.problems.append(message_of(exc))
                continue
            total -= run.size_bytes

    # --- listing ---------------------------------------------------------------------------

    def runs(self):
        """The kept runs, newest first; a damaged run.json is left out and ``problems`` says
        which folder and why. A missing store is simply empty."""
        self.problems = []
        if not self.folder.exists():
            return []
        if not self.folder.is_dir():
            self.problems.append(sentence("The runs cannot be listed: {folder} is a file, not "
                                          "a folder.", folder=self.folder))
            return []
        found = []
        for entry in _scan(self.folder):
            if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                continue
            run = self._read_run(Path(entry.path))
            if run is not None:
                found.append(run)
        return sorted(found, key=lambda run: (run.created, _natural(run.folder.name)),
                      reverse=True)

    def _read_run(self, folder):
        try:
            data = _read_record_bytes(folder / RECORD_FILE)
            if data is None:  # no run.json: an unfinished write, or not a run at all
                return None
            return _kept_run(folder, _parse_record(data))
        except _Damaged as exc:
            self.problems.append(sentence("The run in {folder} is not listed: its {name} "
                                          "{problem}.", folder=folder, name=RECORD_FILE,
                                          problem=message_of(exc)))
            return None

    def total_bytes(self):
        """Bytes of every file in the store (unfinished writes and foreign files included)."""
        return _folder_bytes(self.folder)

    # --- deleting --------------------------------------------------------------------------

    def delete(self, kept_run):
        """Remove ``kept_run``'s folder, which must be a run folder inside this store."""
        folder = Path(kept_run.folder)
        if not self._holds(folder):
            raise RunStoreError(sentence("{folder} was not deleted: it is not a run of "
                                         "{store}.", folder=folder, store=self.folder))
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            return  # already gone: deleted elsewhere, which is what was asked
        except OSError as exc:
            raise RunStoreError(sentence("The run in {folder} could not be deleted: {reason}.",
                                         folder=folder, reason=os_error_reason(exc)),
                                repr(exc)) from None

    def _holds(self, folder):
        try:
            resolved, store = folder.resolve(), self.folder.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            return False
        return (resolved.parent == store and not folder.is_symlink()
                and not folder.name.startswith("."))


# --- the record: a run as run.json holds it ------------------------------------------------

def _local_time(created):
    """``created`` (default: now) as naive local time to the second."""
    created = datetime.datetime.now() if created is None else created
    if created.tzinfo is not None:
        created = created.astimezone().replace(tzinfo=None)
    return created.replace(microsecond=0)


def _record(metadata, created):
    record = _record_fields(metadata, created)
    record["model_file"] = f"{_folder_base(created, record)}.npz"
    return record


def _record_fields(metadata, created):
    metrics = dict(metadata.get("metrics") or {})
    extra = metadata.get("extra") or {}
    settings = extra.get("settings") or {}
    preset = str(settings.get("preset") or "run")
    accuracy = _number_or_none(metrics.get("test_accuracy"))
    return {"name": _run_name(preset, accuracy, created), "preset": preset,
            "created": created.isoformat(timespec="seconds"),
            "train_seconds": _number_or_none(metrics.get("train_seconds")),
            "test_accuracy": accuracy,
            "train_accuracy": _number_or_none(metrics.get("train_accuracy")),
            "settings": {**settings, **(extra.get("train") or {})},
            "history": [dict(entry) for entry in metadata.get("history") or []],
            "changes": [dict(change) for change in extra.get("changes") or []],
            "metrics": metrics,
            "dataset": str((metadata.get("dataset") or {}).get("name") or ""),
            "model_file": ""}  # named below, from the rest


def _number_or_none(value):
    return None if value is None else float(value)


def _run_name(preset, accuracy, created):
    accuracy_words = "" if accuracy is None else f" {accuracy:.2%}"
    return f"{preset}{accuracy_words} {created:%Y-%m-%d %H:%M}"


def _folder_base(created, record):
    """The run's folder name before any "-2": sortable, and safe on every filesystem."""
    preset = re.sub(r"[^A-Za-z0-9.-]+", "-", record["preset"]).strip(".-")[:40] or "run"
    accuracy = record["test_accuracy"]
    accuracy_part = "" if accuracy is None else f"_{accuracy * 100:.2f}"
    return f"{created:%Y-%m-%d_%H%M%S}_{preset}{accuracy_part}"


def _json_roundtrip(value):
    """Exactly what run.json will give back: tuples become lists, NumPy numbers floats..."""
    return json.loads(json.dumps(value))


def _kept_run(folder, record):
    return KeptRun(folder=folder, size_bytes=_folder_bytes(folder),
                   **{name: record[name] for name in RECORD_FIELDS})


# --- reading run.json: untrusted input -------------------------------------------------------

class _Damaged(Exception):
    """What is wrong with a run.json, a sentence worded to follow "its run.json"."""


def _read_record_bytes(path):
    """The bytes of ``path``, None when it does not exist; refuses a large or odd file unread."""
    try:  # non-blocking: a named pipe put in its place must not hang the listing
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        _check_record_file(os.fstat(fd))  # of what was opened: nothing can swap it meanwhile
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        data = _read_up_to(fd, MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(fd)
    if len(data) > MAX_RECORD_BYTES:  # it grew while being read
        raise _Damaged(sentence("is too large (over {limit} MB)",
                                limit=MAX_RECORD_BYTES // 2**20))
    return data


def _unreadable(exc):
    return _Damaged(sentence("cannot be read ({reason})", reason=os_error_reason(exc)))


def _check_record_file(info):
    if not stat.S_ISREG(info.st_mode):
        raise _Damaged(sentence("is not a plain file"))
    if info.st_size > MAX_RECORD_BYTES:
        raise _Damaged(sentence("is too large ({size:,.1f} MB; a run record is at most "
                                "{limit} MB)", size=info.st_size / 2**20,
                                limit=MAX_RECORD_BYTES // 2**20))


def _read_up_to(fd, limit):
    chunks, count = [], 0
    while count < limit:
        chunk = os.read(fd, min(limit - count, 2**20))
        if not chunk:
            break
        chunks.append(chunk)
        count += len(chunk)
    return b"".join(chunks)


def _parse_record(data):
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: deep nesting
        raise _Damaged(sentence("is not valid JSON")) from None
    if not isinstance(record, dict):
        raise _Damaged(sentence("is not a JSON object"))
    fmt = record.get("format")
    if not _is_whole(fmt) or fmt < 1:
        raise _Damaged(sentence("has no valid \"format\""))
    if fmt > RUN_FORMAT:
        raise _Damaged(sentence("was written by a newer DigitLab (format {format}; this version "
                                "reads {own})", format=fmt, own=RUN_FORMAT))
    record.setdefault("metrics", {})  # added fields: a format 1 file may lack them
    record.setdefault("dataset", "")
    _check_record(record)
    return record


def _check_record(record):
    for name, check in RECORD_CHECKS.items():
        if name not in record:
            raise _Damaged(sentence("has no \"{name}\"", name=name))
        if not check(record[name]):
            raise _Damaged(sentence("has a \"{name}\" that is not {what}", name=name,
                                    what=RECORD_WORDS[name]))


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value):
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _is_created(value):
    if not isinstance(value, str) or not CREATED_FORMAT.fullmatch(value):
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_number_or_none(value):
    return value is None or (_is_number(value) and math.isfinite(value))


def _is_accuracy(value):
    return value is None or (_is_number(value) and 0 <= value <= 1)


def _is_scalar(value):
    return value is None or isinstance(value, (bool, int, float)) or _is_text(value)


def _is_setting(value):
    """A setting is a scalar or a short list of scalars (hidden sizes): never nested."""
    if isinstance(value, list):
        return len(value) <= MAX_ENTRIES and all(_is_scalar(item) for item in value)
    return _is_scalar(value)


def _is_flat_dict(value, is_value):
    return (isinstance(value, dict) and len(value) <= MAX_ENTRIES
            and all(_is_text(key) and is_value(item) for key, item in value.items()))


def _is_rows(value, is_value):
    return (isinstance(value, list) and len(value) <= MAX_HISTORY
            and all(_is_flat_dict(row, is_value) for row in value))


RECORD_CHECKS = {
    "name": _is_text,
    "preset": _is_text,
    "created": _is_created,
    "train_seconds": _is_number_or_none,
    "test_accuracy": _is_accuracy,
    "train_accuracy": _is_accuracy,
    "settings": lambda value: _is_flat_dict(value, _is_setting),
    "history": lambda value: _is_rows(value, _is_number),
    "changes": lambda value: _is_rows(value, _is_scalar),
    "metrics": lambda value: _is_flat_dict(value, _is_number),
    "dataset": _is_text,
    "model_file": lambda value: isinstance(value, str) and bool(MODEL_FILE_NAME.fullmatch(value)),
}
RECORD_WORDS = {
    "name": sentence("a short text"), "preset": sentence("a short text"),
    "created": sentence("a date and time like 2026-11-30T14:05:12"),
    "train_seconds": sentence("a number of seconds"),
    "test_accuracy": sentence("an accuracy from 0 to 1"),
    "train_accuracy": sentence("an accuracy from 0 to 1"),
    "settings": sentence("a table of plain settings"),
    "history": sentence("a list of log entries of numbers"),
    "changes": sentence("a list of plain changes"),
    "metrics": sentence("a table of numbers"), "dataset": sentence("a short text"),
    "model_file": sentence("a plain .npz file name"),
}


# --- the folder: sizes, unfinished writes, order ---------------------------------------------

def _scan(folder):
    """The entries of ``folder``; none when it is missing or unreadable."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _folder_bytes(folder):
    """Bytes of the files under ``folder``, symlinks not followed."""
    total = 0
    for entry in _scan(folder):
        with contextlib.suppress(OSError):  # a file removed meanwhile counts nothing
            if entry.is_dir(follow_symlinks=False):
                total += _folder_bytes(entry.path)
            else:
                total += entry.stat(follow_symlinks=False).st_size
    return total


def _writer_is_gone(entry):
    """A staging folder's writer has ended: its process is gone on this machine, or it has
    not written for an hour (another machine's, on a shared folder)."""
    match = re.match(rf"{re.escape(STAGING_PREFIX)}(\d+)-([0-9a-f]{{8}})-", entry.name)
    if match and match[2] == HOST_TAG:
        alive = process_is_alive(int(match[1]))
        if alive is not None:
            return not alive
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
    except OSError:
        return False


def _is_unfinished_run(entry):
    """A folder of our naming with no run.json, holding only what keep() writes there."""
    if not RUN_FOLDER_NAME.fullmatch(entry.name):
        return False
    names = [child.name for child in _scan(entry.path)]
    return RECORD_FILE not in names and all(
        name.endswith(".npz") or (name.startswith(".") and name.endswith(".tmp"))
        for name in names)


def _natural(name):
    """A sort key in which "run-10" comes after "run-9"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", name)]


# --- comparing and exporting -----------------------------------------------------------------

def differing_settings(runs):
    """{setting: [each run's value, None where it lacks it]} for the settings whose values are
    not all equal among ``runs``, keys sorted. Fewer than two runs differ in nothing."""
    runs = list(runs)
    if len(runs) < 2:
        return {}
    keys = sorted({key for run in runs for key in run.settings})
    table = {}
    for key in keys:
        values = [run.settings.get(key) for run in runs]
        if len({json.dumps(_comparable(value)) for value in values}) > 1:
            table[key] = values
    return table


def _comparable(value):
    """True and 1 differ as settings; 1 and 1.0 do not."""
    if isinstance(value, bool) or value is None:
        return [type(value).__name__, value]
    if isinstance(value, (int, float)):
        return ["number", float(value)]
    if isinstance(value, list):
        return ["list", [_comparable(item) for item in value]]
    return [type(value).__name__, value]


def log_columns(history):
    """The CSV's columns: PrintReport's that occur in ``history`` in its order, then the other
    keys sorted; an empty history gets PrintReport's columns."""
    present = {key for entry in history for key in entry}
    if not present:
        return list(LOG_COLUMNS)
    return [key for key in LOG_COLUMNS if key in present] + sorted(present - set(LOG_COLUMNS))


def write_log_csv(history, path):
    """Write a run's log (LogReport entries) to ``path`` as CSV, one row per entry, numbers in
    full precision; atomically. RunStoreError with a sentence when the disk refuses it."""
    columns = log_columns(history)
    text = io.StringIO(newline="")  # csv ends rows with \r\n itself, on every platform
    writer = csv.writer(text)
    writer.writerow(columns)
    for entry in history:
        writer.writerow([_csv_cell(entry.get(column)) for column in columns])
    try:
        with atomic_write(path, "wb") as f:
            f.write(text.getvalue().encode("utf-8"))
    except OSError as exc:
        raise RunStoreError(sentence("The log could not be written to {path}: {reason}.",
                                     path=path, reason=os_error_reason(exc)),
                            repr(exc)) from None


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as exactly this float
    return str(value)
