"""Runs that did not end: a run in progress keeps its settings and its latest snapshot in a
folder of its own, so that a window closed mid-run, a crash or a power cut costs at most an
epoch. The next start finds the folder and offers to resume; a run that ends (kept, failed or
discarded) removes it.

One folder per run under ``<runs>/.unfinished/``: ``resume.json`` (the settings, the dataset
folder, who runs it) and ``snapshot_latest.npz`` (written by the Snapshot extension after
every epoch). The folder's name starts with a dot so that the run store's listing and clean-up
never take it for a kept run.
"""
import dataclasses
import datetime
import json
import os
import shutil
import socket
from pathlib import Path

from ..files.fileio import atomic_write, load_npz_with_header, process_is_alive
from ..messages import message_of, sentence
from .plan import TrainSettings
from .snapshots import SNAPSHOT_KIND, SnapshotError

UNFINISHED_FOLDER = ".unfinished"
RECORD_FILE = "resume.json"
SNAPSHOT_FILE = "snapshot_latest.npz"  # the Snapshot extension's filename in such a folder
RESUME_FORMAT = 1
MAX_RECORD_BYTES = 64 * 1024  # settings and a folder name: a few hundred bytes


class ResumeError(ValueError):
    """An unfinished run that cannot be resumed; one sentence naming its folder."""


@dataclasses.dataclass(frozen=True)
class UnfinishedRun:
    """A run that did not end, with what resuming it needs."""

    folder: Path
    settings: TrainSettings
    data_dir: str  # None: the default (built-in) dataset
    created: str  # ISO 8601 local time the run began
    iteration: int  # updates made when its latest snapshot was written
    epoch: int  # whole epochs done then

    @property
    def snapshot_path(self):
        return self.folder / SNAPSHOT_FILE


class UnfinishedRuns:
    """The folder of runs in progress beside the kept runs (``runs_folder``)."""

    def __init__(self, runs_folder):
        self.folder = Path(runs_folder) / UNFINISHED_FOLDER
        self.problems = []

    def begin(self, settings, data_dir=None, now=None):
        """A new folder for a run starting now; its snapshots go there (``trainer.out``)."""
        now = now or datetime.datetime.now()
        self.folder.mkdir(parents=True, exist_ok=True)
        folder = self._new_folder(now)
        record = {"format": RESUME_FORMAT, "settings": settings.as_dict(),
                  "data_dir": None if data_dir is None else str(data_dir),
                  "created": now.isoformat(timespec="seconds"),
                  "pid": os.getpid(), "host": socket.gethostname()}
        with atomic_write(folder / RECORD_FILE, "w") as file:
            json.dump(record, file)
        return folder

    def _new_folder(self, now):
        base = now.strftime("%Y-%m-%d_%H%M%S")
        for number in range(1, 1000):
            folder = self.folder / (base if number == 1 else f"{base}-{number}")
            try:
                folder.mkdir()
                return folder
            except FileExistsError:
                continue
        raise FileExistsError(sentence("no free folder name for a run under {folder}",
                                       folder=self.folder))

    def end(self, folder):
        """The run ended (kept, failed or discarded): nothing is left to resume."""
        folder = Path(folder)
        if folder.parent == self.folder:
            shutil.rmtree(folder, ignore_errors=True)

    def find(self):
        """The runs that can be resumed, newest first: a snapshot written, and the process
        that ran them gone. ``problems`` names the folders that could not be read."""
        self.problems = []
        if not self.folder.is_dir():
            return []
        found = []
        for folder in sorted(self.folder.iterdir(), reverse=True):
            try:
                run = self._read(folder)
            except ResumeError as exc:
                self.problems.append(message_of(exc))
                continue
            if run is not None:
                found.append(run)
        return found

    def _read(self, folder):
        """The UnfinishedRun in `folder`; None while nothing is resumable or it still runs."""
        record_path, snapshot_path = folder / RECORD_FILE, folder / SNAPSHOT_FILE
        if not folder.is_dir() or not record_path.is_file() or not snapshot_path.is_file():
            return None  # the run ended before its first epoch: nothing to resume
        record = _read_record(record_path)
        if record.get("host") == socket.gethostname() and isinstance(record.get("pid"), int) \
                and record["pid"] != os.getpid() and process_is_alive(record["pid"]):
            return None  # another window trains it now
        settings = _settings(record, folder)
        iteration, epoch = _position(snapshot_path, folder)
        return UnfinishedRun(folder, settings, record.get("data_dir"),
                             str(record.get("created", "")), iteration, epoch)


def _read_record(path):
    folder, name = path.parent, RECORD_FILE
    if path.stat().st_size > MAX_RECORD_BYTES:
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "{name} is too large to be one.", folder=folder, name=name))
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "{name} is damaged.", folder=folder, name=name)) from None
    if not isinstance(record, dict) or record.get("format") != RESUME_FORMAT:
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "{name} is not one DigitLab wrote.", folder=folder,
                                   name=name))
    data_dir = record.get("data_dir")
    if data_dir is not None and (not isinstance(data_dir, str) or "\x00" in data_dir):
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "dataset folder is not a folder name.", folder=folder))
    return record


def _settings(record, folder):
    try:
        return TrainSettings.from_dict(record.get("settings"))
    except ValueError as exc:
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "settings are not ones DigitLab can train ({reason}).",
                                   folder=folder, reason=message_of(exc))) from None


def _position(snapshot_path, folder):
    try:
        header, _ = load_npz_with_header(snapshot_path, SnapshotError, kind=SNAPSHOT_KIND)
    except SnapshotError as exc:
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: {reason}",
                                   folder=folder, reason=message_of(exc))) from None
    state = header.get("trainer") if isinstance(header, dict) else None
    iteration = state.get("iteration") if isinstance(state, dict) else None
    epoch = state.get("epoch") if isinstance(state, dict) else None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
               for v in (iteration, epoch)):
        raise ResumeError(sentence("The unfinished run in {folder} cannot be resumed: its "
                                   "snapshot does not say how far it got.", folder=folder))
    return iteration, epoch
