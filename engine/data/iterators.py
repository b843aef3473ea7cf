"""Mini-batches over a dataset, in the style of Chainer's SerialIterator.

One pass over the data is an epoch; with shuffle=True each epoch visits the examples in a fresh
random order drawn from a seeded PCG64 generator. The iterator can be saved to a small JSON-able
dict and restored so that a resumed training run sees exactly the batches it would have seen.
"""
import copy
import math
import numbers

import numpy as np

from ..backend import get_array_module

STATE_VERSION = 1


class BatchIterator:
    """Yield (x_batch, t_batch) gathered from `x` and `t` (NumPy or CuPy arrays, same length).

    The last batch of an epoch holds the remainder (smaller, never wrapped around). With
    repeat=False the iterator stops after one epoch, so `for x, t in it:` walks the data once;
    call `reset()` to walk it again.
    """

    def __init__(self, x, t, batch_size, shuffle=True, seed=None, repeat=True, transform=None):
        _check_arguments(x, t, batch_size)
        self.x, self.t = x, t
        self.transform = transform  # e.g. engine.augment.Augmentation: new inputs, same labels
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.repeat = bool(repeat)
        self._size = len(x)
        self._rng = np.random.Generator(np.random.PCG64(seed))
        # Kept so that reset() replays the same orders as a freshly built iterator.
        self._initial_rng_state = self._rng.bit_generator.state
        self.reset()

    def reset(self):
        """Start again from the first batch of the first epoch, with the same shuffles as before."""
        self._rng.bit_generator.state = self._initial_rng_state
        self.epoch = 0
        self.iteration = 0
        self.is_new_epoch = False
        self._position = 0
        self._start_epoch()

    def __len__(self):
        """Batches per epoch, counting the smaller last one."""
        return math.ceil(self._size / self.batch_size)

    def __iter__(self):
        return self

    def __next__(self):
        if not self.repeat and self.epoch > 0:
            raise StopIteration
        start = self._position
        end = min(start + self.batch_size, self._size)
        indices = self._order[start:end]
        x = self.x[indices]
        batch = (x if self.transform is None else self.transform(x)), self.t[indices]
        self._advance(end)
        return batch

    @property
    def epoch_detail(self):
        """Completed epochs as a float: 2.5 means halfway through the third epoch."""
        return self.epoch + self._position / self._size

    def _advance(self, end):
        self.iteration += 1
        self.is_new_epoch = end >= self._size
        if not self.is_new_epoch:
            self._position = end
            return
        self.epoch += 1
        self._position = 0
        if self.repeat:
            self._start_epoch()

    def _start_epoch(self):
        # The state *before* drawing the order is what state_dict saves: replaying the same draw
        # regenerates the order without storing a permutation of the whole dataset.
        self._epoch_rng_state = self._rng.bit_generator.state
        order = self._rng.permutation(self._size) if self.shuffle else np.arange(self._size)
        xp = get_array_module(self.x)
        # One host-to-device copy per epoch, so each batch is gathered on the data's own device.
        self._order = order if xp is np else xp.asarray(order)

    def state_dict(self):
        """Position, counters and generator state as a JSON-able dict (Python ints and bools)."""
        state = self._own_state()
        if hasattr(self.transform, "state_dict"):  # a resumed run must draw the same warps
            state["transform"] = self.transform.state_dict()
        return state

    def _own_state(self):
        return {
            "version": STATE_VERSION,
            "size": self._size,
            "batch_size": self.batch_size,
            "shuffle": self.shuffle,
            "repeat": self.repeat,
            "epoch": self.epoch,
            "iteration": self.iteration,
            "position": self._position,
            "is_new_epoch": self.is_new_epoch,
            "rng_state": copy.deepcopy(self._epoch_rng_state),
        }

    def load_state_dict(self, state):
        """Resume from `state_dict()`: the next batches are those the saved iterator gave next."""
        self._check_state(state)
        if hasattr(self.transform, "load_state_dict") and "transform" in state:
            self.transform.load_state_dict(state["transform"])
        self._rng.bit_generator.state = state["rng_state"]
        self._start_epoch()
        self.epoch = int(state["epoch"])
        self.iteration = int(state["iteration"])
        self._position = int(state["position"])
        self.is_new_epoch = bool(state["is_new_epoch"])

    def _check_state(self, state):
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"iterator state: version {state.get('version')!r} is not "
                             f"{STATE_VERSION}")
        for key, mine in (("size", self._size), ("batch_size", self.batch_size),
                          ("shuffle", self.shuffle)):
            if state.get(key) != mine:
                raise ValueError(f"iterator state: saved {key}={state.get(key)!r} does not match "
                                 f"this iterator's {key}={mine!r}")
        position = state.get("position")
        if not isinstance(position, int) or not 0 <= position < self._size:
            raise ValueError(f"iterator state: position {position!r} is outside 0-{self._size - 1}")


def _check_arguments(x, t, batch_size):
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise ValueError(f"batch_size must be a whole number, not {batch_size!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if len(x) != len(t):
        raise ValueError(f"x and t differ in length: {len(x)} inputs but {len(t)} targets")
    if len(x) == 0:
        raise ValueError("cannot iterate over an empty dataset (x and t have length 0)")
