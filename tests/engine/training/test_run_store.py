"""Every run kept: a real tiny run kept, listed after a restart, compared, exported, deleted;
damaged records, full and read-only disks refused with a sentence, nothing half-written left."""
import csv
import datetime
import errno
import json
import os
import re

import numpy as np
import pytest

import engine
from engine.files import fileio
from engine.training import run_store
from engine.training.run_store import (
    MAX_RECORD_BYTES,
    KeptRun,
    RunStore,
    RunStoreError,
    differing_settings,
    write_log_csv,
)
from engine.training.runs import model_metadata

from fakes import tiny_dataset

NOON = datetime.datetime(2026, 11, 30, 14, 5, 12)


def finished_run(tmp_path, **overrides):
    """(network, metadata) of a real run on the tiny dataset: two epochs, milliseconds."""
    settings = engine.TrainSettings(**{"preset": "mlp", "hidden": (8,), "epochs": 2,
                                       "batch_size": 20, **overrides})
    run = engine.build_training(settings, tiny_dataset(), out=tmp_path)
    run, metrics = engine.train_to_end(run)
    return run.model, model_metadata(run, metrics)


@pytest.fixture(scope="module")
def kept_inputs(tmp_path_factory):
    return finished_run(tmp_path_factory.mktemp("train"))


def store_folders(store):
    return sorted(path.name for path in store.folder.iterdir())


# --- keeping and listing --------------------------------------------------------------------

def test_a_kept_run_lists_the_same_after_a_restart(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    kept = RunStore(tmp_path / "runs").keep(network, metadata, created=NOON)
    listed = RunStore(tmp_path / "runs").runs()  # a new store: what the next start sees
    assert listed == [kept]
    run = listed[0]
    assert run.history == metadata["history"] and len(run.history) == 2
    assert run.changes == metadata["extra"]["changes"]
    merged = {**metadata["extra"]["settings"], **metadata["extra"]["train"]}
    assert run.settings == json.loads(json.dumps(merged))  # the hidden sizes' tuple: a list
    assert run.settings["hidden"] == [8] and run.settings["optimizer"] == "momentum"
    assert run.test_accuracy == metadata["metrics"]["test_accuracy"]
    assert run.train_accuracy == metadata["metrics"]["train_accuracy"]
    assert run.train_seconds == metadata["metrics"]["train_seconds"]
    assert run.metrics == metadata["metrics"] and run.dataset == "tiny"
    assert run.preset == "mlp" and run.created == "2026-11-30T14:05:12"
    assert run.size_bytes == sum(p.stat().st_size for p in run.folder.iterdir()) > 0
    assert sorted(p.name for p in run.folder.iterdir()) == [f"{run.folder.name}.npz", "run.json"]
    assert run.model_path.name == f"{run.folder.name}.npz"  # the run's name, wherever shown
    assert json.loads((run.folder / "run.json").read_text())["format"] == 1


def test_a_kept_model_opens_and_predicts_as_the_network_did(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    kept = RunStore(tmp_path).keep(network, metadata, created=NOON)
    loaded = engine.load_model(kept.model_path)
    x = tiny_dataset().x_test.reshape(-1, 1, 28, 28).astype(np.float32) / 255
    np.testing.assert_array_equal(loaded.model.predict(x), network.predict(x))
    assert loaded.history == metadata["history"]
    assert loaded.header["extra"]["train"] == metadata["extra"]["train"]


def test_a_run_is_named_from_its_preset_accuracy_and_date(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    kept = RunStore(tmp_path).keep(network, metadata, created=NOON)
    accuracy = metadata["metrics"]["test_accuracy"]
    assert kept.name == f"mlp {accuracy:.2%} 2026-11-30 14:05"
    assert kept.folder.name == f"2026-11-30_140512_mlp_{accuracy * 100:.2f}"
    assert re.fullmatch(r"[0-9A-Za-z_.-]+", kept.folder.name)


def test_runs_come_newest_first_and_a_taken_name_gets_a_number(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    store = RunStore(tmp_path)
    times = [NOON, NOON - datetime.timedelta(days=1), NOON + datetime.timedelta(hours=1), NOON]
    kept = [store.keep(network, metadata, created=when) for when in times]
    assert kept[3].folder.name == kept[0].folder.name + "-2"
    # the same second: the one kept later is the newer
    assert store.runs() == [kept[2], kept[3], kept[0], kept[1]]
    assert len({run.folder for run in store.runs()}) == 4


def test_a_kept_run_without_test_accuracy_is_still_named(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    metadata = {**metadata, "metrics": {"train_seconds": 1.5}}
    kept = RunStore(tmp_path).keep(network, metadata, created=NOON)
    assert kept.name == "mlp 2026-11-30 14:05" and kept.test_accuracy is None
    assert kept.folder.name == "2026-11-30_140512_mlp"
    assert RunStore(tmp_path).runs() == [kept]


def test_a_missing_store_has_no_runs(tmp_path):
    store = RunStore(tmp_path / "nowhere")
    assert store.runs() == [] and store.problems == [] and store.total_bytes() == 0
    assert not (tmp_path / "nowhere").exists()  # listing creates nothing


def test_kept_runs_can_be_put_in_a_set(tmp_path, kept_inputs):
    kept = RunStore(tmp_path).keep(*kept_inputs, created=NOON)
    assert {kept, RunStore(tmp_path).runs()[0]} == {kept}


# --- the size budget and deleting -----------------------------------------------------------

def test_the_budget_deletes_the_oldest_runs_first(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    one = RunStore(tmp_path / "measure").keep(network, metadata, created=NOON).size_bytes
    store = RunStore(tmp_path / "runs", budget_bytes=int(2.5 * one))
    days = [NOON + datetime.timedelta(days=n) for n in range(4)]
    kept = [store.keep(network, metadata, created=day) for day in days]
    assert store.runs() == [kept[3], kept[2]]  # two fit; the two oldest went
    assert store.total_bytes() <= store.budget_bytes


def test_the_budget_never_deletes_the_run_just_kept(tmp_path, kept_inputs):
    network, metadata = kept_inputs
    store = RunStore(tmp_path, budget_bytes=0)
    store.keep(network, metadata, created=NOON + datetime.timedelta(days=1))
    older = store.keep(network, metadata, created=NOON)  # kept last, though dated earlier
    assert store.runs() == [older]


def test_delete_removes_the_runs_folder(tmp_path, kept_inputs):
    store = RunStore(tmp_path)
    first = store.keep(*kept_inputs, created=NOON)
    second = store.keep(*kept_inputs, created=NOON + datetime.timedelta(minutes=1))
    store.delete(first)
    assert not first.folder.exists() and store.runs() == [second]
    store.delete(first)  # already gone: nothing to do


def test_delete_refuses_a_folder_outside_the_store(tmp_path, kept_inputs):
    kept = RunStore(tmp_path / "a").keep(*kept_inputs, created=NOON)
    with pytest.raises(RunStoreError, match="not a run of") as refused:
        RunStore(tmp_path / "b").delete(kept)
    assert str(kept.folder) in str(refused.value)
    assert kept.folder.exists()


# --- damaged records: skipped, said, the others still listed --------------------------------

def huge(path):
    with open(path, "wb") as f:  # sparse: no 20 MB written
        f.truncate(MAX_RECORD_BYTES + 1)


def rewrite(**changes):
    def damage(path):
        record = json.loads(path.read_text())
        record.update(changes)
        for name, value in changes.items():
            if value is KeyError:
                del record[name]
        path.write_text(json.dumps(record))
    return damage


def nested(depth):
    value = 1
    for _ in range(depth):
        value = {"a": value}
    return value


DAMAGES = {
    "not JSON": (lambda path: path.write_text("{ not json"), "not valid JSON"),
    "not UTF-8": (lambda path: path.write_bytes(b"\xff\xfe{}"), "not valid JSON"),
    "empty": (lambda path: path.write_bytes(b""), "not valid JSON"),
    "a list": (lambda path: path.write_text("[1, 2]"), "not a JSON object"),
    "huge": (huge, "too large"),
    "nested past Python's limit": (
        lambda path: path.write_text("[" * 200_000 + "]" * 200_000), "not valid JSON"),
    "nested settings": (rewrite(settings=nested(50)), "\"settings\""),
    "history a text": (rewrite(history="loss went down"), "\"history\""),
    "history rows of text": (rewrite(history=[{"main/loss": "low"}]), "\"history\""),
    "accuracy above 1": (rewrite(test_accuracy=97.8), "\"test_accuracy\""),
    "accuracy a bool": (rewrite(test_accuracy=True), "\"test_accuracy\""),
    "name a number": (rewrite(name=3), "\"name\""),
    "long name": (rewrite(name="x" * 10_000), "\"name\""),
    "bad date": (rewrite(created="yesterday"), "\"created\""),
    "missing history": (rewrite(history=KeyError), "has no \"history\""),
    "missing format": (rewrite(format=KeyError), "\"format\""),
    "newer format": (rewrite(format=2), "newer DigitLab"),
    "a folder": (lambda path: (path.unlink(), path.mkdir()), "not a plain file"),
    "model outside its folder": (rewrite(model_file="../../elsewhere.npz"), "\"model_file\""),
    "model not a model": (rewrite(model_file="notes.txt"), "\"model_file\""),
    "model file missing": (rewrite(model_file=KeyError), "has no \"model_file\""),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_record_is_skipped_with_a_sentence(tmp_path, kept_inputs, damage):
    make_damage, words = DAMAGES[damage]
    store = RunStore(tmp_path)
    good = store.keep(*kept_inputs, created=NOON)
    bad = store.keep(*kept_inputs, created=NOON + datetime.timedelta(hours=1))
    make_damage(bad.folder / "run.json")
    assert store.runs() == [good]
    [problem] = store.problems
    assert str(bad.folder) in problem and words in problem
    assert problem.endswith(".") and "\n" not in problem and "Traceback" not in problem
    assert store.runs() == [good] and len(store.problems) == 1  # reset at each call


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_record_does_not_hang_the_listing(tmp_path, kept_inputs):
    store = RunStore(tmp_path)
    kept = store.keep(*kept_inputs, created=NOON)
    (kept.folder / "run.json").unlink()
    os.mkfifo(kept.folder / "run.json")
    assert store.runs() == [] and "not a plain file" in store.problems[0]


def test_an_unfinished_run_is_ignored_then_removed_by_the_next_keep(tmp_path, kept_inputs):
    store = RunStore(tmp_path)
    kept = store.keep(*kept_inputs, created=NOON)
    unfinished = tmp_path / "2026-11-29_100000_mlp_90.00"
    unfinished.mkdir()
    (unfinished / kept.model_path.name).write_bytes(kept.model_path.read_bytes())
    staging = tmp_path / ".keeping-999999999-00000000-abc"  # a writer of another machine...
    staging.mkdir()
    os.utime(staging, (0, 0))  # ...silent for decades
    foreign = tmp_path / "my notes"  # not ours: never touched
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert store.runs() == [kept] and store.problems == []
    newer = store.keep(*kept_inputs, created=NOON + datetime.timedelta(hours=1))
    assert not unfinished.exists() and not staging.exists()
    assert (foreign / "notes.txt").read_text() == "keep me"
    assert store.runs() == [newer, kept]


def test_a_live_writers_staging_folder_is_left_alone(tmp_path, kept_inputs):
    store = RunStore(tmp_path)
    staging = tmp_path / f".keeping-{os.getpid()}-{fileio.HOST_TAG}-abc"
    staging.mkdir(parents=True)
    store.keep(*kept_inputs, created=NOON)
    assert staging.exists()


# --- a disk that refuses: a sentence, nothing left behind -----------------------------------

def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("writer", [(fileio, "atomic_write"), (run_store, "atomic_write")],
                         ids=["while the model is written", "while run.json is written"])
def test_a_full_disk_leaves_nothing_behind(tmp_path, kept_inputs, monkeypatch, writer):
    store = RunStore(tmp_path / "runs")
    earlier = store.keep(*kept_inputs, created=NOON)
    monkeypatch.setattr(*writer, no_space)
    with pytest.raises(RunStoreError) as refused:
        store.keep(*kept_inputs, created=NOON + datetime.timedelta(hours=1))
    message = str(refused.value)
    assert str(store.folder) in message and "no space left on device" in message
    assert "Errno" not in message and message.endswith(".")
    assert store_folders(store) == [earlier.folder.name]  # no new folder, no staging
    assert sorted(os.listdir(earlier.folder)) == [earlier.model_path.name, "run.json"]
    assert store.runs() == [earlier]


def test_a_read_only_store_refuses_with_a_sentence(tmp_path, kept_inputs):
    folder = tmp_path / "runs"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) can write a read-only folder")
        with pytest.raises(RunStoreError) as refused:
            RunStore(folder).keep(*kept_inputs, created=NOON)
        assert str(folder) in str(refused.value) and "ermission denied" in str(refused.value)
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_file_where_the_store_should_be_is_refused(tmp_path, kept_inputs):
    path = tmp_path / "runs"
    path.write_text("not a folder")
    store = RunStore(path)
    with pytest.raises(RunStoreError, match="is a file, not a folder") as refused:
        store.keep(*kept_inputs, created=NOON)
    assert str(path) in str(refused.value) and path.read_text() == "not a folder"
    assert store.runs() == [] and str(path) in store.problems[0]


def test_a_file_above_the_store_is_refused(tmp_path, kept_inputs):
    (tmp_path / "data").write_text("a file")
    with pytest.raises(RunStoreError, match="is a file, not a folder"):
        RunStore(tmp_path / "data" / "runs").keep(*kept_inputs, created=NOON)


# --- CSV ------------------------------------------------------------------------------------

def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_csv_has_a_row_per_log_entry_with_the_logreports_columns(tmp_path, kept_inputs):
    history = kept_inputs[1]["history"]
    write_log_csv(history, tmp_path / "log.csv")
    header, *rows = read_csv(tmp_path / "log.csv")
    assert header == list(engine.LOG_COLUMNS) + ["lr"]  # PrintReport's order, then the rest
    assert len(rows) == len(history) == 2
    for row, entry in zip(rows, history, strict=True):
        assert set(entry) == set(header)
        for column, cell in zip(header, row, strict=True):
            assert float(cell) == entry[column]  # full precision, not PrintReport's 6 digits
            assert type(entry[column])(cell) == entry[column]


def test_the_csv_leaves_a_cell_empty_where_an_entry_lacks_the_key(tmp_path):
    history = [{"epoch": 1, "main/loss": 0.1 + 0.2, "zeta": 1.0},
               {"epoch": 2, "alpha": 3, "main/loss": 1e-300}]
    write_log_csv(history, tmp_path / "log.csv")
    assert read_csv(tmp_path / "log.csv") == [
        ["epoch", "main/loss", "alpha", "zeta"],
        ["1", "0.30000000000000004", "", "1.0"],
        ["2", "1e-300", "3", ""]]


def test_an_empty_log_still_gets_a_header(tmp_path):
    write_log_csv([], tmp_path / "log.csv")
    assert read_csv(tmp_path / "log.csv") == [list(engine.LOG_COLUMNS)]


def test_a_csv_that_cannot_be_written_is_a_sentence(tmp_path, monkeypatch):
    (tmp_path / "old.csv").write_text("kept")
    monkeypatch.setattr(run_store, "atomic_write", no_space)
    with pytest.raises(RunStoreError) as refused:
        write_log_csv([{"epoch": 1}], tmp_path / "old.csv")
    assert str(refused.value) == (f"The log could not be written to {tmp_path / 'old.csv'}: "
                                  f"no space left on device.")
    assert (tmp_path / "old.csv").read_text() == "kept"


def test_a_csv_in_a_file_is_a_sentence(tmp_path):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(RunStoreError, match="could not be written to"):
        write_log_csv([{"epoch": 1}], tmp_path / "a-file" / "log.csv")


# --- comparing ------------------------------------------------------------------------------

def test_differing_settings_names_only_what_differs(tmp_path):
    store = RunStore(tmp_path / "runs")
    for n, overrides in enumerate([{"lr": 0.1}, {"lr": 0.01}, {"lr": 0.1, "hidden": (16,)}]):
        store.keep(*finished_run(tmp_path / str(n), **overrides),
                   created=NOON + datetime.timedelta(minutes=n))
    runs = store.runs()[::-1]  # in the order kept
    assert differing_settings(runs) == {"hidden": [[8], [8], [16]], "lr": [0.1, 0.01, 0.1]}
    assert differing_settings(runs[:1]) == {} and differing_settings([]) == {}


def test_differing_settings_counts_a_missing_setting_as_none():
    def run(settings):
        return KeptRun(folder=None, name="", preset="mlp", created="", train_seconds=None,
                       test_accuracy=None, train_accuracy=None, settings=settings, history=[],
                       changes=[], size_bytes=0)
    runs = [run({"lr": 1, "augment": True}), run({"lr": 1.0, "augment": 1}), run({"lr": 1})]
    assert differing_settings(runs) == {"augment": [True, 1, None]}
    assert list(differing_settings([run({"b": 1, "a": 1}), run({"b": 2, "a": 2})])) == ["a", "b"]


def test_a_read_only_disk_refuses_with_a_sentence(tmp_path, kept_inputs, monkeypatch):
    """As root the chmod test above cannot refuse anything: the system's answer, simulated."""
    def read_only(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", dir)
    store = RunStore(tmp_path / "runs")
    monkeypatch.setattr(run_store.tempfile, "mkdtemp", read_only)
    with pytest.raises(RunStoreError) as refused:
        store.keep(*kept_inputs, created=NOON)
    assert str(refused.value) == f"The run could not be kept in {store.folder}: read-only " \
                                 f"file system."
    assert store_folders(store) == []
