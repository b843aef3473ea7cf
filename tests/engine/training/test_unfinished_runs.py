"""UnfinishedRuns: a run in progress leaves its settings and latest snapshot in a folder of its
own; find() offers those whose process is gone, names damaged ones, and end() forgets one."""
import dataclasses
import datetime
import json
import os

import numpy as np
import pytest

import engine
from engine.training.resume import RECORD_FILE, UnfinishedRuns
from engine.training.snapshots import save_snapshot

from fakes import tiny_dataset

SETTINGS = engine.TrainSettings(preset="mlp", hidden=(8,), batch_size=20, epochs=3, seed=2)


def snapshot_after_an_epoch(folder, settings=SETTINGS):
    run = engine.build_training(dataclasses.replace(settings, epochs=1), tiny_dataset(),
                                out=folder)
    engine.train_to_end(run)
    save_snapshot(folder / engine.RESUME_SNAPSHOT, run.trainer)
    return run


def gone(folder):
    """As if the process that ran it had ended (a crash)."""
    record = json.loads((folder / RECORD_FILE).read_text())
    record["pid"] = -1
    (folder / RECORD_FILE).write_text(json.dumps(record))


def test_a_run_with_a_snapshot_whose_process_is_gone_is_found(tmp_path):
    unfinished = UnfinishedRuns(tmp_path)
    folder = unfinished.begin(SETTINGS, tmp_path / "data")
    assert folder.parent == tmp_path / ".unfinished"
    assert unfinished.find() == []  # no snapshot yet: nothing to resume
    snapshot_after_an_epoch(folder)
    gone(folder)
    [run] = unfinished.find()
    assert run.settings == SETTINGS and run.data_dir == str(tmp_path / "data")
    assert (run.iteration, run.epoch) == (10, 1)
    assert run.snapshot_path == folder / "snapshot_latest.npz"
    assert unfinished.problems == []


def test_a_run_of_a_live_process_is_not_offered(tmp_path):
    unfinished = UnfinishedRuns(tmp_path)
    folder = unfinished.begin(SETTINGS)
    snapshot_after_an_epoch(folder)
    record = json.loads((folder / RECORD_FILE).read_text())
    record["pid"] = os.getppid()  # alive, and not this process
    (folder / RECORD_FILE).write_text(json.dumps(record))
    assert unfinished.find() == []


def test_end_forgets_the_run_and_only_inside_its_folder(tmp_path):
    unfinished = UnfinishedRuns(tmp_path)
    folder = unfinished.begin(SETTINGS)
    outside = tmp_path / "keep-me"
    outside.mkdir()
    unfinished.end(outside)
    unfinished.end(folder)
    assert outside.is_dir() and not folder.exists()


def test_the_newest_run_comes_first(tmp_path):
    unfinished = UnfinishedRuns(tmp_path)
    older = unfinished.begin(SETTINGS, now=datetime.datetime(2026, 1, 1, 9, 0, 0))
    newer = unfinished.begin(SETTINGS, now=datetime.datetime(2026, 1, 2, 9, 0, 0))
    for folder in (older, newer):
        snapshot_after_an_epoch(folder)
        gone(folder)
    assert [run.folder for run in unfinished.find()] == [newer, older]
    assert unfinished.find()[0].created == "2026-01-02T09:00:00"


@pytest.mark.parametrize("record, words", [
    ("{not json", "is damaged"),
    (json.dumps([1]), "is not one DigitLab wrote"),
    (json.dumps({"format": 99}), "is not one DigitLab wrote"),
    (json.dumps({"format": 1, "settings": {"preset": "nope"}}), "settings are not ones"),
    (json.dumps({"format": 1, "settings": {"preset": "mlp", "lr": -1}}), "settings are not ones"),
    (json.dumps({"format": 1, "settings": {"preset": "mlp", "evil": 1}}), "settings are not"),
    (json.dumps({"format": 1, "settings": {"preset": "mlp"}, "data_dir": 5}),
     "dataset folder is not a folder name"),
    ("[" * 100_000, "is too large"),
])
def test_a_damaged_record_is_named_and_the_others_still_found(tmp_path, record, words):
    unfinished = UnfinishedRuns(tmp_path)
    good = unfinished.begin(SETTINGS)
    snapshot_after_an_epoch(good)
    gone(good)
    bad = tmp_path / ".unfinished" / "2000-01-01_000000"
    bad.mkdir()
    (bad / RECORD_FILE).write_text(record)
    (bad / "snapshot_latest.npz").write_bytes(b"not a zip")
    assert [run.folder for run in unfinished.find()] == [good]
    [problem] = unfinished.problems
    assert problem.startswith(f"The unfinished run in {bad} cannot be resumed")
    assert words in problem


def test_a_damaged_snapshot_is_named(tmp_path):
    unfinished = UnfinishedRuns(tmp_path)
    folder = unfinished.begin(SETTINGS)
    gone(folder)
    (folder / "snapshot_latest.npz").write_bytes(b"PK\x03\x04 not really")
    assert unfinished.find() == []
    assert "cannot be resumed" in unfinished.problems[0]


def test_a_resumed_run_ends_as_one_never_interrupted(tmp_path):
    dataset = tiny_dataset()
    straight = engine.build_training(SETTINGS, dataset, out=tmp_path)
    engine.train_to_end(straight)
    unfinished = UnfinishedRuns(tmp_path)
    folder = unfinished.begin(SETTINGS)
    snapshot_after_an_epoch(folder)
    gone(folder)
    [run] = unfinished.find()
    resumed = engine.build_training(run.settings, dataset, out=run.folder)
    engine.load_snapshot(run.snapshot_path, resumed.trainer)
    engine.train_to_end(resumed)
    for name, array in straight.model.params().items():
        np.testing.assert_array_equal(resumed.model.params()[name], array, err_msg=name)
