"""How the engine uses the CPU's cores: its batches split across threads, BLAS on one thread
inside each. This module is the engine's only thread code.

NumPy runs each element-wise loop (im2col's copy, max pooling's comparisons, Adam's
arithmetic) on one core; only BLAS spreads its matrix products. In a CNN step on two cores
those loops were about half of the time, with the second core idle. NumPy releases the GIL
inside such loops, so each thread can work on its own rows of the batch at the same time.

BLAS then runs on one thread inside each part: OpenBLAS's own threads spin for a while after
every product and took the core the split needed. A deep-cnn step (batch 100, two cores) took
57-60 ms with BLAS on both cores and no split, 59-60 ms with BLAS on both cores and the split,
and 48-50 ms this way.

``split_rows(work, rows, ...)`` calls ``work(start, stop)`` for consecutive ranges covering
``range(rows)``, concurrently when the work is big enough to pay for the hand-over and the
arrays are NumPy's (CuPy runs its own kernels). ``work`` must write only its own rows. The
calling thread does the first part, so one worker serves two cores.

Until ``use_cores`` is called nothing is split and BLAS keeps its own threads: a library user
who never asks gets NumPy's usual behaviour. The window calls it at start; the command line's
train and evaluate use ``cores_in_use``, which puts things back when the command ends.
"""
import concurrent.futures
import contextlib
import os
import threading

import numpy as np

# A hand-over to a worker thread and back costs about 0.1 ms, so only work well above that is
# split: element-wise passes over a million values (a 10 MB pooling pass took 0.59x the time
# on two threads, a 2 MB ReLU gained nothing), or matrix products of 20 million multiply-adds
# (0.2 ms on one core).
MIN_ELEMENTS = 1_000_000
MIN_MULTIPLY_ADDS = 20_000_000

_threads = 1
_pool = None
_pool_lock = threading.Lock()


def usable_cores():
    """The cores this process may run on (its affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def use_cores(count=None):
    """Run the engine's work on ``count`` cores (default: all usable): batches split across
    ``count`` threads, BLAS on one thread in each. Returns the count."""
    global _threads
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 - only for a run, not at start-up

    _threads = max(1, int(usable_cores() if count is None else count))
    threadpool_limits(1, user_api="blas")  # process-wide, as BLAS's thread count is
    return _threads


@contextlib.contextmanager
def cores_in_use(count=None):
    """``use_cores`` for a block (a command): on leaving it, splitting and BLAS's thread count
    are as they were, for whatever else runs in the process (a test, a notebook)."""
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 - only for a run, not at start-up

    global _threads
    before = _threads
    try:
        with threadpool_limits(limits=None, user_api="blas"):  # restores them on leaving
            yield use_cores(count)
    finally:
        _threads = before


def threads():
    """How many threads split the engine's large work now (1: none)."""
    return _threads


def split_rows(work, rows, elements=0, multiply_adds=0, xp=np):
    """``work(start, stop)`` over ``range(rows)`` in parts, when the work is worth splitting:
    it touches ``elements`` values or does ``multiply_adds`` in matrix products.

    Returns the parts' results in row order (one result when the work was not split).
    """
    big = elements >= MIN_ELEMENTS or multiply_adds >= MIN_MULTIPLY_ADDS
    parts = min(threads() if xp is np and big else 1, rows)
    if parts <= 1:
        return [work(0, rows)]
    bounds = [rows * k // parts for k in range(parts + 1)]
    pending = [_handed_over(work, start, stop)
               for start, stop in zip(bounds[1:-1], bounds[2:], strict=True)]
    try:
        first = work(bounds[0], bounds[1])
    finally:  # never return, nor raise, while a worker still writes into the caller's arrays
        concurrent.futures.wait(pending)
    return [first, *(future.result() for future in pending)]  # re-raises a worker's error


def _handed_over(work, start, stop):
    """``work(start, stop)`` submitted to a worker; done here if the pool refuses it.

    The pool refuses new work once the interpreter is exiting (concurrent.futures shuts its
    pools down then): a training thread still measuring must finish, not fail.
    """
    try:
        return _executor().submit(work, start, stop)
    except RuntimeError:
        done = concurrent.futures.Future()
        try:
            done.set_result(work(start, stop))
        except Exception as exc:  # noqa: BLE001 - kept for the caller, as a worker's would be
            done.set_exception(exc)
        return done


def _executor():
    global _pool
    with _pool_lock:  # the GUI thread and a training thread may both split first
        if _pool is None:
            # one worker per extra core: the calling thread does a share too
            _pool = concurrent.futures.ThreadPoolExecutor(max(1, usable_cores() - 1),
                                                          thread_name_prefix="engine-split")
    return _pool


def sum_of(arrays):
    """The sum of the threads' shares of one result (a gradient summed over the batch)."""
    total = arrays[0]
    for array in arrays[1:]:
        total = total + array
    return total
