"""Snapshots: a resumed run equals an uninterrupted one; a bad file changes nothing."""
import numpy as np
import pytest

from engine.data.iterators import BatchIterator
from engine.files.fileio import HEADER_KEY, load_npz_with_header, save_npz_with_header
from engine.nn.network import build_network
from engine.nn.optimizers import SGD, Adam
from engine.training.extensions import (
    Evaluator,
    ExponentialShift,
    LogReport,
    NonFiniteGuard,
    Snapshot,
)
from engine.training.presets import mlp_config
from engine.training.snapshots import SnapshotError, load_snapshot, save_snapshot
from engine.training.trainer import Extension, StandardUpdater, Trainer


def dataset(n, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n)


def make_trainer(stop_iteration, out, seed=0, hidden=(8,), optimizer=None, batch_size=10,
                 log_report=True, lr_rate=0.9):
    """Dropout, batch norm, Adam, a shuffling iterator, an lr schedule: every kind of state.

    `seed` changes the initial weights, the dropout generator and the shuffling, so that a
    resumed trainer can only match the uninterrupted one if the snapshot restores all of them.
    """
    x, t = dataset(45, seed=1)
    model = build_network(mlp_config(hidden=hidden, inputs=4, outputs=3, dropout=0.3,
                                     batchnorm=True, seed=seed))
    updater = StandardUpdater(BatchIterator(x, t, batch_size, seed=seed), model,
                              optimizer or Adam(lr=0.01))
    trainer = Trainer(updater, stop_trigger=(stop_iteration, "iteration"), out=out)
    trainer.extend(NonFiniteGuard())
    trainer.extend(Evaluator(dataset(20, seed=2), model))
    if log_report:
        trainer.extend(LogReport(trigger=(3, "iteration")))
    if lr_rate is not None:
        trainer.extend(ExponentialShift("lr", lr_rate, trigger=(4, "iteration")))
    return trainer


def without_time(log):
    return [{k: v for k, v in entry.items() if k != "elapsed_time"} for entry in log]


def full_state(trainer):
    updater = trainer.updater
    return {"model": updater.model.state_arrays(),
            "optimizer": (updater.optimizer.config(), updater.optimizer.state_arrays()),
            "iterator": updater.iterator.state_dict(),
            "extensions": {name: without_time_in(ext.state_dict())
                           for name, ext in trainer.extensions()}}


def without_time_in(state):
    # elapsed_time is the one thing a resumed run cannot reproduce
    return {**state, "log": without_time(state["log"])} if "log" in state else state


def assert_same_state(actual, expected):
    for name, array in expected["model"].items():
        np.testing.assert_array_equal(actual["model"][name], array, err_msg=name)
    assert actual["optimizer"][0] == expected["optimizer"][0]
    assert actual["optimizer"][1].keys() == expected["optimizer"][1].keys()
    for name, array in expected["optimizer"][1].items():
        np.testing.assert_array_equal(actual["optimizer"][1][name], array, err_msg=name)
    assert actual["iterator"] == expected["iterator"]
    assert actual["extensions"] == expected["extensions"]


@pytest.mark.parametrize("split", [7, 10])  # mid-epoch, and on an epoch's end
def test_a_resumed_run_reproduces_an_uninterrupted_one_exactly(tmp_path, split):
    straight = make_trainer(20, tmp_path / "straight")
    straight.run()

    first_half = make_trainer(split, tmp_path / "halves")
    first_half.extend(Snapshot(trigger=(split, "iteration")))
    first_half.run()
    snapshot = tmp_path / "halves" / f"snapshot_iter_{split}.npz"
    assert snapshot.exists()

    second_half = make_trainer(20, tmp_path / "halves", seed=99)
    load_snapshot(snapshot, second_half)
    saved_time = load_npz_with_header(snapshot, SnapshotError)[0]["trainer"]["elapsed_time"]
    assert 0 < second_half.elapsed_time == saved_time <= first_half.elapsed_time
    second_half.run()

    straight_log = straight.get_extension("LogReport").log
    resumed_log = second_half.get_extension("LogReport").log
    assert without_time(resumed_log) == without_time(straight_log)
    assert len(straight_log) == 6
    assert_same_state(full_state(second_half), full_state(straight))
    times = [entry["elapsed_time"] for entry in resumed_log]
    assert times == sorted(times)


def test_a_snapshot_is_one_pickle_free_npz_with_a_json_header(tmp_path):
    trainer = make_trainer(5, tmp_path)
    trainer.extend(Snapshot(filename="snap_{epoch}_{iteration}.npz"))  # every epoch
    trainer.run()
    path = tmp_path / "snap_1_5.npz"
    with np.load(path, allow_pickle=False) as archive:
        names = set(archive.files)
    assert HEADER_KEY in names
    assert {n.split("/")[0] for n in names - {HEADER_KEY}} == {"model", "optimizer"}
    header, _ = load_npz_with_header(path, SnapshotError)
    assert header["format"] == "digitlab-snapshot"
    assert header["trainer"]["iteration"] == 5
    assert set(header["dropout_rng"]) == {"3"}  # Affine, BatchNormalization, ReLU, Dropout
    assert trainer.get_extension("Snapshot").last_path == path


# --- files that must be refused, leaving the trainer untouched ----------------------------------

@pytest.fixture
def good_snapshot(tmp_path):
    trainer = make_trainer(7, tmp_path)
    trainer.run()
    path = tmp_path / "good.npz"
    save_snapshot(path, trainer)
    return path


def trained_trainer(tmp_path, **options):
    """A trainer with non-trivial state (two steps taken by hand), not yet run."""
    trainer = make_trainer(20, tmp_path / "target", seed=5, **options)
    trainer.updater.update()
    trainer.updater.update()
    return trainer


def assert_refused(path, trainer, match):
    before = full_state(trainer)
    with pytest.raises(SnapshotError, match=match) as info:
        load_snapshot(path, trainer)
    assert str(path) in str(info.value)
    assert_same_state(full_state(trainer), before)


def test_a_corrupt_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    assert_refused(path, trained_trainer(tmp_path), "is incomplete: the file ends early")
    path.write_bytes(b"GIF89a and so on")
    assert_refused(path, trained_trainer(tmp_path), "is not a training snapshot.")


def test_a_truncated_snapshot_is_refused(tmp_path, good_snapshot):
    path = tmp_path / "truncated.npz"
    path.write_bytes(good_snapshot.read_bytes()[:-200])
    assert_refused(path, trained_trainer(tmp_path), "truncated.npz is incomplete")


def test_a_missing_file_is_refused(tmp_path):
    assert_refused(tmp_path / "nowhere.npz", trained_trainer(tmp_path),
                   "nowhere.npz does not exist")


def test_another_kind_of_file_is_refused(tmp_path):
    path = tmp_path / "model.npz"
    save_npz_with_header(path, {"W": np.zeros(3)}, {"format": "digitlab-model"})
    assert_refused(path, trained_trainer(tmp_path), "not a training snapshot")


def test_a_newer_version_is_refused(tmp_path, good_snapshot):
    header, arrays = load_npz_with_header(good_snapshot, SnapshotError)
    header["version"] = 99
    path = tmp_path / "future.npz"
    save_npz_with_header(path, arrays, header)
    assert_refused(path, trained_trainer(tmp_path), "version 99")


def test_a_snapshot_of_another_network_is_refused(tmp_path, good_snapshot):
    assert_refused(good_snapshot, trained_trainer(tmp_path, hidden=(9,)), "different network")


def test_a_snapshot_of_another_optimizer_is_refused(tmp_path, good_snapshot):
    assert_refused(good_snapshot, trained_trainer(tmp_path, optimizer=SGD()), "optimizer Adam")


class RefusesToLoad(Extension):
    """An extension that refuses any state but its own: well-formed JSON that only its own
    load_state_dict can find wrong."""

    name = "RefusesToLoad"

    def __init__(self, kept):
        self.kept = kept

    def __call__(self, trainer):
        pass

    def state_dict(self):
        return {"kept": self.kept}

    def load_state_dict(self, state):
        if state != self.state_dict():
            raise ValueError("this state is not mine")


def test_a_failure_halfway_through_restoring_is_rolled_back(tmp_path):
    # every check passes; the extension refuses its state only after the model, the optimizer
    # and the iterator have been loaded, so this checks the rollback
    source = make_trainer(7, tmp_path)
    source.extend(RefusesToLoad(1))
    source.run()
    path = tmp_path / "refused.npz"
    save_snapshot(path, source)
    trainer = trained_trainer(tmp_path)
    trainer.extend(RefusesToLoad(2))
    assert_refused(path, trainer, "refused.npz does not fit this training run.")


def test_a_snapshot_of_another_batch_size_says_which(tmp_path, good_snapshot):
    assert_refused(good_snapshot, trained_trainer(tmp_path, batch_size=9),
                   "was written by a run with batch size 10, not 9: resume with the same "
                   "batch size.")


def test_a_snapshot_without_a_needed_extension_state_is_refused(tmp_path):
    source = make_trainer(3, tmp_path, log_report=False)
    source.run()
    path = tmp_path / "no_log.npz"
    save_snapshot(path, source)
    assert_refused(path, trained_trainer(tmp_path), "lacks the state of this run's LogReport")


def test_a_snapshot_from_before_the_schedule_was_always_there_resumes_without_decay(tmp_path):
    """Runs without lr decay had no ExponentialShift until the rate became editable mid-run:
    their snapshots lack its state, which for a rate of 1 is no state at all."""
    source = make_trainer(3, tmp_path, lr_rate=None)
    source.run()
    path = tmp_path / "no_schedule.npz"
    save_snapshot(path, source)
    load_snapshot(path, make_trainer(20, tmp_path / "target", lr_rate=1.0))
    assert_refused(path, trained_trainer(tmp_path),
                   "lacks the state of this run's ExponentialShift")


def test_a_snapshot_cannot_be_loaded_into_a_trainer_that_has_run(tmp_path, good_snapshot):
    trainer = make_trainer(1, tmp_path / "ran")
    trainer.run()
    with pytest.raises(RuntimeError, match="before its run"):
        load_snapshot(good_snapshot, trainer)
