"""Hostile snapshots: every forged, damaged or absurd value is refused when the file is read.

Each refusal is one sentence naming the file (the technical reason in ``detail``), costs little
memory, and leaves the trainer exactly as it was. Whatever is accepted trains to the end and
can be saved as a model: a run resumed from a snapshot is never lost at its end.
"""
import copy
import json
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.data.iterators import BatchIterator
from engine.files.fileio import HEADER_KEY, load_npz_with_header, save_npz_with_header
from engine.files.modelio import save_model
from engine.nn.network import build_network
from engine.nn.optimizers import Adam, WeightDecay
from engine.training.extensions import ExponentialShift, LogReport, NonFiniteGuard
from engine.training.presets import mlp_config
from engine.training.snapshots import SnapshotError, load_snapshot, save_snapshot
from engine.training.trainer import StandardUpdater, Trainer

from ceilings import outcome_and_peak

MEMORY_CEILING = 20 * 2**20  # a refusal reads a 20 KB file: a few MB at most
PYTHON_WORDS = ("cannot reshape", "Traceback", "Error", "Exceeds the limit", "File is not a zip",
                "could not convert", "object has no attribute", "unhashable", "NoneType")


def make_trainer(out, seed=0, stop=20):
    """Dropout, batch norm, Adam with weight decay, a shuffling iterator, a log and an lr
    schedule: every kind of state a snapshot holds."""
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((45, 4)).astype(np.float32), rng.integers(0, 3, 45)
    model = build_network(mlp_config(hidden=(8,), inputs=4, outputs=3, dropout=0.3,
                                     batchnorm=True, seed=seed))
    optimizer = Adam(lr=0.01).add_hook(WeightDecay(0.001))
    updater = StandardUpdater(BatchIterator(x, t, 10, seed=seed), model, optimizer)
    trainer = Trainer(updater, stop_trigger=(stop, "iteration"), out=out)
    trainer.extend(NonFiniteGuard())
    trainer.extend(LogReport(trigger=(3, "iteration"), filename=None))
    trainer.extend(ExponentialShift("lr", 0.9, trigger=(4, "iteration")))
    return trainer


def target_trainer(tmp_path):
    """A trainer with state of its own (two steps taken by hand), not yet run."""
    trainer = make_trainer(tmp_path, seed=5)
    trainer.updater.update()
    trainer.updater.update()
    return trainer


def state_of(trainer):
    """Everything a snapshot could change, as plain values to compare."""
    updater = trainer.updater
    return {"model": {k: a.copy() for k, a in updater.model.state_arrays().items()},
            "optimizer": (updater.optimizer.config(), updater.optimizer.state_arrays()),
            "iterator": updater.iterator.state_dict(), "trainer": trainer.state_dict(),
            "extensions": {name: copy.deepcopy(ext.state_dict())
                           for name, ext in trainer.extensions()},
            "dropout": [layer.rng.bit_generator.state for layer in updater.model.layers
                        if hasattr(layer, "rng")]}


def assert_same(actual, expected):
    assert actual["model"].keys() == expected["model"].keys()
    for name, array in expected["model"].items():
        np.testing.assert_array_equal(actual["model"][name], array, err_msg=name)
    assert actual["optimizer"][0] == expected["optimizer"][0]
    assert actual["optimizer"][1].keys() == expected["optimizer"][1].keys()
    for name, array in expected["optimizer"][1].items():
        np.testing.assert_array_equal(actual["optimizer"][1][name], array, err_msg=name)
    for part in ("iterator", "trainer", "extensions", "dropout"):
        assert actual[part] == expected[part], part




def assert_refused(path, trainer, words):
    """Refused with one sentence naming the file, cheaply, the trainer untouched."""
    before = state_of(trainer)
    error, peak = outcome_and_peak(lambda: load_snapshot(path, trainer), SnapshotError)
    assert isinstance(error, SnapshotError), f"accepted: {path}"
    message = str(error)
    assert message.startswith(f"{path} ") and words in message, message
    assert_a_sentence(message)
    assert peak < MEMORY_CEILING
    assert_same(state_of(trainer), before)


def assert_a_sentence(message):
    assert message.endswith(".") and "\n" not in message, message
    for words in PYTHON_WORDS:
        assert words not in message, message


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """(header, arrays) of a snapshot taken at iteration 7 (mid-epoch, after a log entry)."""
    folder = tmp_path_factory.mktemp("good")
    trainer = make_trainer(folder, stop=7)
    trainer.run()
    save_snapshot(folder / "good.npz", trainer)
    return load_npz_with_header(folder / "good.npz", SnapshotError)


def forged(tmp_path, good, change, name="forged.npz"):
    """A snapshot file whose header and arrays are `good`'s after `change(header, arrays)`."""
    header, arrays = copy.deepcopy(good[0]), dict(good[1])
    change(header, arrays)
    path = tmp_path / name
    save_npz_with_header(path, arrays, header)  # json.dumps writes NaN and Infinity as such
    return path


def test_the_good_snapshot_is_accepted(tmp_path, good):
    trainer = target_trainer(tmp_path)
    load_snapshot(forged(tmp_path, good, lambda header, arrays: None), trainer)
    assert trainer.updater.iteration == 7


def _log(header):
    return header["extensions"]["LogReport"]["log"]


def _iterator(header):
    return header["updater"]["iterator"]


def _set(*keys, value):
    """A change that sets header[keys[0]][keys[1]]... to `value`."""
    def change(header, arrays):
        target = header
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return change


def _scaled_array(name, factor):
    def change(header, arrays):
        arrays[name] = arrays[name] * factor
    return change


def _nan_at(name):
    def change(header, arrays):
        arrays[name] = arrays[name].copy()
        arrays[name].flat[0] = np.nan
    return change


def _replace_array(name, make):
    def change(header, arrays):
        arrays[name] = make(arrays[name])
    return change


LOG = ("extensions", "LogReport")
FORGED_LOGS = [
    ("a word in a log entry", lambda h, a: _log(h)[0].update({"main/loss": "low"})),
    ("NaN in a log entry", lambda h, a: _log(h)[0].update({"main/loss": math.nan})),
    ("infinity in a log entry", lambda h, a: _log(h)[0].update({"lr": math.inf})),
    ("a list in a log entry", lambda h, a: _log(h)[0].update({"main/loss": [1, 2]})),
    ("a log entry that is a number", lambda h, a: _log(h).__setitem__(0, 3)),
    ("entries out of order", lambda h, a: _log(h).append(dict(_log(h)[0]))),
    ("an entry from the future", lambda h, a: _log(h)[-1].update({"iteration": 99})),
    ("an entry without its epoch", lambda h, a: _log(h)[0].pop("epoch")),
    ("a negative epoch", lambda h, a: _log(h)[0].update({"epoch": -1})),
    ("more entries than iterations", lambda h, a: _log(h).extend(
        {"epoch": 0, "iteration": i} for i in range(4, 12))),
    ("a 10,000-character name", lambda h, a: _log(h)[0].update({"x" * 10_000: 1.0})),
    ("a name with a control character", lambda h, a: _log(h)[0].update({"loss\x1b[2J": 1.0})),
    ("a number beyond int64", lambda h, a: _log(h)[0].update({"elapsed_time": 2**63})),
    ("a log that is a string", _set(*LOG, "log", value="everything went well")),
    ("sums without counts", _set(*LOG, "counts", value={})),
    ("a count of zero", lambda h, a: h["extensions"]["LogReport"]["counts"].update(
        dict.fromkeys(h["extensions"]["LogReport"]["counts"], 0))),
    ("a LogReport state that is a list", _set("extensions", "LogReport", value=[1, 2])),
]


@pytest.mark.parametrize("change", [c for _, c in FORGED_LOGS], ids=[i for i, _ in FORGED_LOGS])
def test_a_forged_log_is_refused(tmp_path, good, change):
    assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                   "is damaged: its training log cannot be used.")


@pytest.mark.parametrize("change", [_nan_at("0.W"), _scaled_array("1.beta", np.inf),
                                    _nan_at("1.running_var")],
                         ids=["NaN weight", "infinite BN shift", "NaN running variance"])
def test_non_finite_weights_are_refused(tmp_path, good, change):
    prefixed = lambda h, a: change(h, _Prefixed(a, "model/"))  # noqa: E731
    assert_refused(forged(tmp_path, good, prefixed), target_trainer(tmp_path),
                   "holds weights that are not finite numbers (NaN or infinity), so training "
                   "cannot go on from it.")


class _Prefixed(dict):
    """`arrays` seen without the "model/" or "optimizer/" prefix, writing through."""

    def __init__(self, arrays, prefix):
        super().__init__({k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)})
        self.arrays, self.prefix = arrays, prefix

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.arrays[self.prefix + key] = value


def _in_optimizer(change):
    return lambda h, a: change(h, _Prefixed(a, "optimizer/"))


BAD_SLOTS = [
    ("a slot of the wrong shape", _replace_array("m/0.W", lambda s: s.reshape(-1))),
    ("a transposed slot", _replace_array("v/0.W", lambda s: np.ascontiguousarray(s.T))),
    ("a slot of integers", _replace_array("m/4.b", lambda s: s.astype(np.int64))),
    ("a slot of complex numbers", _replace_array("m/4.b", lambda s: s.astype(np.complex64))),
    ("a zero-dimensional slot", _replace_array("m/4.b", lambda s: np.float32(0))),
]


@pytest.mark.parametrize("change", [c for _, c in BAD_SLOTS], ids=[i for i, _ in BAD_SLOTS])
def test_optimizer_slots_that_cannot_fit_are_refused(tmp_path, good, change):
    """Today's "cannot reshape array of size 32 into shape (4,8)" named no file."""
    assert_refused(forged(tmp_path, good, _in_optimizer(change)), target_trainer(tmp_path),
                   "is damaged: its optimizer state cannot be used.")


def test_a_slot_of_text_is_refused(tmp_path, good):
    change = _replace_array("m/4.b", lambda s: np.array(["x"] * s.size))
    path = forged(tmp_path, good, _in_optimizer(change))
    with pytest.raises(SnapshotError) as refused:
        load_snapshot(path, target_trainer(tmp_path))
    assert str(refused.value).startswith(f"{path} ")  # fileio may already say "not numbers"
    assert_a_sentence(str(refused.value))


def test_missing_and_extra_slots_are_refused(tmp_path, good):
    def drop_one(header, arrays):
        del arrays["optimizer/m/0.W"]

    def add_one(header, arrays):
        arrays["optimizer/m/9.W"] = np.zeros(3, np.float32)

    for change in (drop_one, add_one):
        assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                       "is damaged: its optimizer state cannot be used.")


def test_a_nan_slot_is_refused(tmp_path, good):
    assert_refused(forged(tmp_path, good, _in_optimizer(_nan_at("v/0.W"))),
                   target_trainer(tmp_path), "holds optimizer values that are not finite")


BAD_OPTIMIZER_VALUES = [
    ("NaN learning rate", _set("optimizer", "lr", value=math.nan)),
    ("negative learning rate", _set("optimizer", "lr", value=-0.1)),
    ("a learning rate in words", _set("optimizer", "lr", value="fast")),
    ("beta1 of 1", _set("optimizer", "beta1", value=1.0)),
    ("a missing eps", lambda h, a: h["optimizer"].pop("eps")),
    ("a negative step count", _set("optimizer", "t", value=-1)),
    ("a fractional step count", _set("optimizer", "t", value=2.5)),
    ("an absurd step count", _set("optimizer", "t", value=10**30)),
    ("an unknown hook", _set("optimizer", "hooks", value=[{"type": "os.system"}])),
    ("a NaN weight decay", _set("optimizer", "hooks", value=[{"type": "WeightDecay",
                                                              "rate": math.nan}])),
    ("hooks that are not a list", _set("optimizer", "hooks", value={"type": "WeightDecay"})),
]


@pytest.mark.parametrize("change", [c for _, c in BAD_OPTIMIZER_VALUES],
                         ids=[i for i, _ in BAD_OPTIMIZER_VALUES])
def test_forged_optimizer_values_are_refused(tmp_path, good, change):
    assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                   "is damaged: its optimizer state cannot be used.")


def test_an_unknown_optimizer_type_is_refused(tmp_path, good):
    assert_refused(forged(tmp_path, good, _set("optimizer", "type", value="Pickle")),
                   target_trainer(tmp_path), "is damaged: its optimizer cannot be used.")


BAD_COUNTERS = [
    ("a negative iteration", lambda h, a: (_iterator(h).update(iteration=-1),
                                           h["trainer"].update(iteration=-1))),
    ("an absurd iteration", lambda h, a: (_iterator(h).update(iteration=10**15),
                                          h["trainer"].update(iteration=10**15))),
    ("a fractional iteration", lambda h, a: (_iterator(h).update(iteration=7.5),
                                             h["trainer"].update(iteration=7.5))),
    ("an iteration in words", lambda h, a: (_iterator(h).update(iteration="7"),
                                            h["trainer"].update(iteration="7"))),
    ("true as an epoch", lambda h, a: _iterator(h).update(epoch=True)),
    ("an epoch that does not follow", lambda h, a: (_iterator(h).update(epoch=3),
                                                    h["trainer"].update(epoch=3))),
    ("a position that does not follow", lambda h, a: _iterator(h).update(position=30)),
    ("a position past the data", lambda h, a: _iterator(h).update(position=10**6)),
    ("trainer and iterator apart", lambda h, a: h["trainer"].update(iteration=6)),
    ("a NaN training time", lambda h, a: h["trainer"].update(elapsed_time=math.nan)),
    ("a negative training time", lambda h, a: h["trainer"].update(elapsed_time=-5.0)),
    ("a training time of ages", lambda h, a: h["trainer"].update(elapsed_time=1e300)),
    ("is_new_epoch as a number", lambda h, a: _iterator(h).update(is_new_epoch=0)),
    ("an iterator state that is a list", _set("updater", "iterator", value=[1])),
    ("a shuffling state of another generator",
     lambda h, a: _iterator(h)["rng_state"].update(bit_generator="MT19937")),
    ("a shuffling state past 128 bits",
     lambda h, a: _iterator(h)["rng_state"]["state"].update(state=2**200)),
    ("a shuffling state in words",
     lambda h, a: _iterator(h)["rng_state"]["state"].update(inc="odd")),
]


@pytest.mark.parametrize("change", [c for _, c in BAD_COUNTERS], ids=[i for i, _ in BAD_COUNTERS])
def test_forged_counters_are_refused(tmp_path, good, change):
    assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                   "is damaged: its training position cannot be used.")


BAD_SCHEDULES = [
    ("a count in words", _set("extensions", "ExponentialShift", "count", value="x")),
    ("a negative count", _set("extensions", "ExponentialShift", "count", value=-3)),
    ("a rate of 0", _set("extensions", "ExponentialShift", "rate", value=0)),
    ("a NaN rate", _set("extensions", "ExponentialShift", "rate", value=math.nan)),
    ("an absurd rate", _set("extensions", "ExponentialShift", "rate", value=1e300)),
    ("a schedule state that is a number", _set("extensions", "ExponentialShift", value=1)),
]


@pytest.mark.parametrize("change", [c for _, c in BAD_SCHEDULES], ids=[i for i, _ in BAD_SCHEDULES])
def test_forged_schedule_states_are_refused(tmp_path, good, change):
    assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                   "is damaged: its learning-rate schedule cannot be used.")


def test_another_extensions_state_of_the_wrong_type_is_refused(tmp_path, good):
    assert_refused(forged(tmp_path, good, _set("extensions", "NonFiniteGuard", value="ok")),
                   target_trainer(tmp_path), "is damaged: its NonFiniteGuard state cannot be "
                                             "used.")


BAD_DROPOUT = [
    ("another generator", lambda h, a: h["dropout_rng"]["3"].update(bit_generator="Philox")),
    ("a missing key", lambda h, a: h["dropout_rng"]["3"].pop("uinteger")),
    ("a negative state", lambda h, a: h["dropout_rng"]["3"]["state"].update(state=-1)),
    ("a state in words", lambda h, a: h["dropout_rng"]["3"]["state"].update(state="x")),
    ("has_uint32 of 7", lambda h, a: h["dropout_rng"]["3"].update(has_uint32=7)),
    ("a generator for a layer that is not dropout", lambda h, a: h["dropout_rng"].update(
        {"0": h["dropout_rng"]["3"]})),
    ("no generator", _set("dropout_rng", "3", value=None)),
]


@pytest.mark.parametrize("change", [c for _, c in BAD_DROPOUT], ids=[i for i, _ in BAD_DROPOUT])
def test_malformed_dropout_generators_are_refused(tmp_path, good, change):
    assert_refused(forged(tmp_path, good, change), target_trainer(tmp_path),
                   "is damaged: its dropout random state cannot be used.")


def test_another_version_or_an_incomplete_header_is_refused(tmp_path, good):
    assert_refused(forged(tmp_path, good, _set("version", value=2)), target_trainer(tmp_path),
                   "was written by another DigitLab (snapshot version 2; this one reads "
                   "version 1).")
    assert_refused(forged(tmp_path, good, lambda h, a: h.pop("trainer")),
                   target_trainer(tmp_path), "is not a complete training snapshot.")
    assert_refused(forged(tmp_path, good, _set("network", value="mlp")),
                   target_trainer(tmp_path), "is not a complete training snapshot.")


def write_raw_header(path, good, text):
    """A snapshot whose header is exactly `text`: values json.dumps itself refuses to write."""
    payload = {**good[1], HEADER_KEY: np.frombuffer(text.encode(), np.uint8)}
    np.savez(path, **payload)
    return path


def test_a_5000_digit_number_is_refused_in_plain_words(tmp_path, good):
    text = json.dumps(good[0]).replace('"elapsed_time": ', '"elapsed_time": ' + "9" * 5000 + ", "
                                       '"was": ', 1)
    path = write_raw_header(tmp_path / "digits.npz", good, text)
    assert_refused(path, target_trainer(tmp_path), "header is damaged.")


def test_deeply_nested_values_are_refused(tmp_path, good):
    text = json.dumps(good[0]).replace('"elapsed_time": ', '"elapsed_time": ' + "[" * 100_000 +
                                       "]" * 100_000 + ', "was": ', 1)
    path = write_raw_header(tmp_path / "nested.npz", good, text)
    assert_refused(path, target_trainer(tmp_path), "is damaged")


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "pipe.npz"
    os.mkfifo(path)
    assert_refused(path, target_trainer(tmp_path), "is a named pipe, not a training snapshot")


# --- fuzzing: mutated snapshots are either restored (and then train and save) or refused --------

def _paths(value, prefix=()):
    """Every place in a JSON value, as key paths: the value itself and all inside it."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


DELETE = object()
HOSTILE_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.sampled_from([0, -1, 1, 7, 2**32, 2**64, 2**128, 10**40, 1e300, -0.0]),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.lists(st.integers(-3, 3), max_size=3), st.dictionaries(st.text(max_size=4),
                                                              st.integers(), max_size=3),
    st.just(_nested(200)), st.just({"bit_generator": "PCG64"}), st.just(DELETE))

ARRAY_CHANGES = [
    lambda a: a * np.nan, lambda a: a.reshape(-1), lambda a: a.astype(np.int32),
    lambda a: a[..., :1], lambda a: np.zeros((0,), a.dtype), lambda a: a.astype(np.float64),
    lambda a: a * np.float32(1e38) * 10, lambda a: np.stack([a, a]),
]


def _mutate_header(header, data):
    paths = list(_paths(header))[1:]  # not the header itself: that stays an object
    path = data.draw(st.sampled_from(paths))
    parent = header
    for key in path[:-1]:
        parent = parent[key]
    value = data.draw(HOSTILE_VALUES)
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)  # later mutations must not change the strategy's


def _mutate_arrays(arrays, data):
    name = data.draw(st.sampled_from(sorted(arrays)))
    with np.errstate(all="ignore"):
        arrays[name] = data.draw(st.sampled_from(ARRAY_CHANGES))(arrays[name])


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_snapshots_are_restored_or_refused(tmp_path, good, data):
    header, arrays = copy.deepcopy(good[0]), dict(good[1])
    for _ in range(data.draw(st.integers(1, 3))):
        if data.draw(st.integers(0, 4)) == 0:
            _mutate_arrays(arrays, data)
        elif header:
            _mutate_header(header, data)
    path = tmp_path / "fuzzed.npz"
    save_npz_with_header(path, arrays, header)
    trainer = target_trainer(tmp_path)
    before = state_of(trainer)
    error, peak = outcome_and_peak(lambda: load_snapshot(path, trainer), SnapshotError)
    assert peak < MEMORY_CEILING
    if error is not None:
        assert str(error).startswith(f"{path} ")
        assert_a_sentence(str(error))
        assert_same(state_of(trainer), before)
        return
    # accepted: it must train to the end and leave a model that can be saved
    trainer.run()
    log = trainer.get_extension("LogReport").log
    save_model(tmp_path / "after.npz", trainer.updater.model, history=log)
