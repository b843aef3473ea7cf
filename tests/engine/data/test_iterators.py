"""BatchIterator: epochs, shuffling, the partial last batch, and exact resumption from a state."""
import json

import numpy as np
import pytest

from engine.backend import get_array_module, to_numpy
from engine.data.iterators import BatchIterator

from conftest import on_device


def data(n=10):
    """x[i] and t[i] both encode i, so every batch says which examples it holds."""
    x = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    return x, np.arange(n)


def take(iterator, count):
    return [next(iterator) for _ in range(count)]


def assert_same_batches(batches_a, batches_b):
    assert len(batches_a) == len(batches_b)
    for (xa, ta), (xb, tb) in zip(batches_a, batches_b, strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ta, tb)


def test_each_epoch_visits_every_example_once_in_a_new_order():
    it = BatchIterator(*data(10), batch_size=3, seed=0)
    orders = []
    for _ in range(3):
        batches = take(it, len(it))
        assert [len(t) for _, t in batches] == [3, 3, 3, 1]  # the remainder, not wrapped
        order = np.concatenate([t for _, t in batches])
        assert sorted(order) == list(range(10))
        orders.append(order.tolist())
    assert orders[0] != orders[1] != orders[2]


def test_batches_pair_inputs_with_their_targets():
    x, t = data(7)
    for xb, tb in take(BatchIterator(x, t, batch_size=2, seed=1), 8):
        np.testing.assert_array_equal(xb, x[tb])


def test_batches_are_copies_not_views():
    x, t = data(6)
    xb, _ = next(BatchIterator(x, t, batch_size=3, shuffle=False))
    xb[:] = -1
    assert x.min() == 0


def test_same_seed_same_batches_other_seed_other_batches():
    a = take(BatchIterator(*data(), batch_size=4, seed=5), 6)
    b = take(BatchIterator(*data(), batch_size=4, seed=5), 6)
    c = take(BatchIterator(*data(), batch_size=4, seed=6), 6)
    assert_same_batches(a, b)
    assert any(not np.array_equal(ta, tc) for (_, ta), (_, tc) in zip(a, c, strict=True))


def test_counters_through_two_epochs():
    it = BatchIterator(*data(10), batch_size=4, seed=0)
    assert len(it) == 3 and it.batch_size == 4
    seen = []
    for _ in range(6):
        next(it)
        seen.append((it.epoch, it.iteration, it.is_new_epoch, round(it.epoch_detail, 2)))
    assert seen == [(0, 1, False, 0.4), (0, 2, False, 0.8), (1, 3, True, 1.0),
                    (1, 4, False, 1.4), (1, 5, False, 1.8), (2, 6, True, 2.0)]


def test_without_shuffle_the_order_is_the_data_order():
    it = BatchIterator(*data(5), batch_size=2, shuffle=False)
    assert [t.tolist() for _, t in take(it, 4)] == [[0, 1], [2, 3], [4], [0, 1]]


def test_one_pass_without_repeat_then_reset():
    it = BatchIterator(*data(5), batch_size=2, shuffle=False, repeat=False)
    assert [t.tolist() for _, t in it] == [[0, 1], [2, 3], [4]]
    assert list(it) == [] and it.epoch == 1
    with pytest.raises(StopIteration):
        next(it)
    it.reset()
    assert [t.tolist() for _, t in it] == [[0, 1], [2, 3], [4]]


def test_reset_replays_the_same_shuffles():
    it = BatchIterator(*data(9), batch_size=4, seed=3)
    first = take(it, 7)
    it.reset()
    assert (it.epoch, it.iteration, it.epoch_detail) == (0, 0, 0.0)
    assert_same_batches(first, take(it, 7))


@pytest.mark.parametrize("seed", [7, None])
@pytest.mark.parametrize("saved_after", [8, 6])  # 2.5 epochs, and exactly on an epoch boundary
def test_state_dict_resumes_the_exact_batch_sequence(seed, saved_after):
    x, t = data(11)
    original = BatchIterator(x, t, batch_size=4, seed=seed)  # 3 batches per epoch
    take(original, saved_after)
    state = json.loads(json.dumps(original.state_dict()))  # must survive a JSON file
    resumed = BatchIterator(x, t, batch_size=4, seed=12345)
    resumed.load_state_dict(state)
    assert (resumed.epoch, resumed.iteration, resumed.epoch_detail, resumed.is_new_epoch) == \
        (original.epoch, original.iteration, original.epoch_detail, original.is_new_epoch)
    assert_same_batches(take(original, 4), take(resumed, 4))  # over an epoch, across a reshuffle
    assert resumed.epoch == original.epoch


def test_state_of_a_finished_single_pass():
    it = BatchIterator(*data(4), batch_size=3, shuffle=False, repeat=False)
    list(it)
    other = BatchIterator(*data(4), batch_size=3, shuffle=False, repeat=False)
    other.load_state_dict(it.state_dict())
    assert list(other) == [] and other.epoch == 1


def test_state_for_another_dataset_or_batch_size_is_refused():
    state = BatchIterator(*data(10), batch_size=4, seed=0).state_dict()
    with pytest.raises(ValueError, match="batch_size"):
        BatchIterator(*data(10), batch_size=5).load_state_dict(state)
    with pytest.raises(ValueError, match="size"):
        BatchIterator(*data(12), batch_size=4).load_state_dict(state)
    with pytest.raises(ValueError, match="version"):
        BatchIterator(*data(10), batch_size=4).load_state_dict({})


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, True, "4"])
def test_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        BatchIterator(*data(), batch_size=batch_size)


def test_length_mismatch_and_empty_data():
    x, t = data(10)
    with pytest.raises(ValueError, match="10 inputs but 9 targets"):
        BatchIterator(x, t[:9], batch_size=2)
    with pytest.raises(ValueError, match="empty"):
        BatchIterator(x[:0], t[:0], batch_size=2)


def test_batch_larger_than_the_data():
    it = BatchIterator(*data(3), batch_size=100, seed=0)
    assert len(it) == 1
    _, t = next(it)
    assert sorted(t.tolist()) == [0, 1, 2] and it.is_new_epoch


def test_gathers_on_the_device_of_its_arrays(xp):
    x, t = data(10)
    it = BatchIterator(on_device(xp, x), on_device(xp, t), batch_size=4, seed=0)
    reference = BatchIterator(x, t, batch_size=4, seed=0)
    for (xg, tg), (xc, tc) in zip(take(it, 5), take(reference, 5), strict=True):
        assert get_array_module(xg, tg) is xp
        np.testing.assert_array_equal(to_numpy(xg), xc)
        np.testing.assert_array_equal(to_numpy(tg), tc)


class Negate:
    """A stand-in transform with state, like engine.data.augment.Augmentation."""

    def __init__(self):
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return -x

    def state_dict(self):
        return {"calls": self.calls}

    def load_state_dict(self, state):
        self.calls = state["calls"]


def test_a_transform_changes_the_inputs_and_keeps_the_targets():
    x, t = data(10)
    plain = take(BatchIterator(x, t, batch_size=4, seed=1), 3)
    negate = Negate()
    transformed = take(BatchIterator(x, t, batch_size=4, seed=1, transform=negate), 3)
    for (px, pt), (tx, tt) in zip(plain, transformed, strict=True):
        np.testing.assert_array_equal(tx, -px)
        np.testing.assert_array_equal(tt, pt)
    assert negate.calls == 3
    np.testing.assert_array_equal(x, data(10)[0])  # the dataset itself is never transformed


def test_the_transforms_state_travels_with_the_iterators():
    x, t = data(10)
    original = BatchIterator(x, t, batch_size=4, seed=1, transform=Negate())
    take(original, 5)
    state = json.loads(json.dumps(original.state_dict()))
    assert state["transform"] == {"calls": 5}
    resumed = BatchIterator(x, t, batch_size=4, seed=1, transform=Negate())
    resumed.load_state_dict(state)
    assert resumed.transform.calls == 5
