"""Batches split across threads: every row done once, errors kept, and every split layer and
optimizer giving the numbers it gives in one thread (gradients too, by gradcheck)."""
import concurrent.futures
import json
import threading

import numpy as np
import pytest
from test_convolution import naive_convolution, small_cnn_config
from threadpoolctl import threadpool_info, threadpool_limits

from engine.cli import main
from engine.nn import convolution as C
from engine.nn import optimizers, parallel
from engine.nn.gradcheck import gradcheck
from engine.nn.network import build_network
from engine.nn.optimizers import make_optimizer

HUNG_S = 30  # only a hang waits this long


@pytest.fixture
def split_everything(monkeypatch):
    """Two threads, and no work too small to split; records each split's parts' threads."""
    monkeypatch.setattr(parallel, "_threads", 2)
    monkeypatch.setattr(parallel, "MIN_ELEMENTS", 0)
    monkeypatch.setattr(parallel, "MIN_MULTIPLY_ADDS", 0)
    splits = []
    real = parallel.split_rows

    def recording(work, rows, *args, **kwargs):
        threads = []

        def noted(start, stop):
            threads.append(threading.get_ident())
            return work(start, stop)

        result = real(noted, rows, *args, **kwargs)
        splits.append(threads)
        return result

    for module in (C, optimizers):
        monkeypatch.setattr(module, "split_rows", recording)
    return splits


def split_in_two(splits):
    """How many of the recorded splits ran on two threads."""
    return sum(len(set(threads)) == 2 for threads in splits)


def unsplit(fn):
    """``fn()`` with splitting off, then on again."""
    before = parallel._threads
    parallel._threads = 1
    try:
        return fn()
    finally:
        parallel._threads = before


# --- split_rows ---------------------------------------------------------------------------------

def test_every_row_is_done_once_in_row_order_on_two_threads(split_everything):
    done, threads = np.zeros(7, dtype=int), []

    def work(start, stop):
        threads.append(threading.get_ident())
        done[start:stop] += 1
        return (start, stop)

    parts = parallel.split_rows(work, 7, elements=1)
    assert parts == [(0, 3), (3, 7)]
    assert done.tolist() == [1] * 7
    assert len(set(threads)) == 2 and threading.get_ident() in threads


def test_work_the_pool_refuses_at_exit_is_done_by_the_caller(split_everything, monkeypatch):
    closed = concurrent.futures.ThreadPoolExecutor(1)
    closed.shutdown()  # as concurrent.futures does to every pool when the interpreter exits
    monkeypatch.setattr(parallel, "_executor", lambda: closed)
    done, threads = np.zeros(6, dtype=int), set()

    def work(start, stop):
        threads.add(threading.get_ident())
        done[start:stop] += 1
        return stop

    assert parallel.split_rows(work, 6, elements=1) == [3, 6]
    assert done.tolist() == [1] * 6 and threads == {threading.get_ident()}

    def failing(start, stop):
        raise ValueError(f"rows {start}-{stop}")

    with pytest.raises(ValueError, match="rows 0-3"):  # the caller's own part fails first
        parallel.split_rows(failing, 6, elements=1)


def test_small_work_and_gpu_arrays_stay_on_the_calling_thread(monkeypatch):
    monkeypatch.setattr(parallel, "_threads", 2)
    threads = []

    def work(start, stop):
        threads.append((threading.get_ident(), start, stop))

    parallel.split_rows(work, 100, elements=parallel.MIN_ELEMENTS - 1,
                        multiply_adds=parallel.MIN_MULTIPLY_ADDS - 1)
    parallel.split_rows(work, 100, elements=10**9, xp=object())  # CuPy runs its own kernels
    assert threads == [(threading.get_ident(), 0, 100)] * 2
    parallel.split_rows(work, 100, multiply_adds=parallel.MIN_MULTIPLY_ADDS)
    assert len(threads) == 4


def test_until_use_cores_nothing_is_split():
    assert parallel.threads() == 1  # the default: a library user gets NumPy as usual


def test_a_workers_error_reaches_the_caller_after_every_part_ended(split_everything):
    ended = []

    def work(start, stop):
        if start > 0:
            raise ValueError("the second part failed")
        ended.append(start)

    with pytest.raises(ValueError, match="second part failed"):
        parallel.split_rows(work, 4, elements=1)
    assert ended == [0]


def test_the_callers_error_waits_for_the_workers_part(split_everything):
    caller_failing, worker_done = threading.Event(), threading.Event()

    def work(start, stop):
        if start == 0:
            caller_failing.set()
            raise RuntimeError("the first part failed")
        assert caller_failing.wait(HUNG_S)
        sum(range(2_000_000))  # still writing after the caller's part failed
        worker_done.set()

    with pytest.raises(RuntimeError, match="first part failed"):
        parallel.split_rows(work, 4, elements=1)
    assert worker_done.is_set()  # no thread still writes into the caller's arrays


def test_use_cores_puts_blas_on_one_thread_and_splits_across_the_cores(monkeypatch):
    monkeypatch.setattr(parallel, "_threads", parallel._threads)
    with threadpool_limits(limits=None, user_api="blas"):  # restored on leaving
        assert parallel.use_cores(3) == 3
        assert parallel.threads() == 3
        assert blas_threads() == {1}
        assert parallel.use_cores() == parallel.usable_cores()


def blas_threads():
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_a_command_on_every_core_puts_the_process_back_as_it_was(monkeypatch):
    monkeypatch.setattr(parallel, "_threads", 1)
    with threadpool_limits(2, user_api="blas"):
        with parallel.cores_in_use(2) as cores:
            assert cores == parallel.threads() == 2 and blas_threads() == {1}
        assert parallel.threads() == 1 and blas_threads() == {2}
        with pytest.raises(RuntimeError), parallel.cores_in_use(2):
            raise RuntimeError("a command that fails")
        assert parallel.threads() == 1 and blas_threads() == {2}


def test_the_commands_train_and_eval_leave_no_cores_in_use(tmp_path, capsys):
    model = tmp_path / "m.npz"
    with threadpool_limits(2, user_api="blas"):
        assert main(["train", "--preset", "book-ch05", "--iterations", "20", "--json",
                     "--out", str(model)]) == 0
        assert main(["eval", str(model), "--json"]) == 0
        assert parallel.threads() == 1 and blas_threads() == {2}
    trained, evaluated = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert trained["iterations"] == 20 and 0 <= evaluated["accuracy"] <= 1


# --- layers and optimizers: the same numbers split as whole ---------------------------------------

@pytest.mark.parametrize("channels,stride,pad,bias", [(1, 1, 1, True), (3, 2, 0, False),
                                                      (2, 1, 2, True)])
def test_a_split_convolution_computes_what_one_thread_does(split_everything, channels, stride,
                                                            pad, bias):
    rng = np.random.default_rng(1)
    W = rng.standard_normal((4, 3, 3, channels))
    layer = C.Convolution(W, rng.standard_normal(4) if bias else None, stride=stride, pad=pad)
    x = rng.standard_normal((5, 7, 7, channels))
    out = layer.forward(x, train=True)
    np.testing.assert_allclose(out, naive_convolution(x, W, layer.b, stride, pad), atol=1e-12)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    whole = C.Convolution(W, layer.b, stride=stride, pad=pad)
    _, whole_dx = unsplit(lambda: (whole.forward(x, train=True), whole.backward(dout)))
    np.testing.assert_allclose(dx, whole_dx, atol=1e-12)
    np.testing.assert_allclose(layer.dW, whole.dW, atol=1e-12)
    if bias:
        np.testing.assert_allclose(layer.db, dout.sum(axis=(0, 1, 2)), atol=1e-12)
    assert split_in_two(split_everything) == 2


def test_the_im2col_matrix_is_reused_while_the_batch_keeps_its_shape(split_everything):
    rng = np.random.default_rng(2)
    layer = C.Convolution(rng.standard_normal((2, 3, 3, 2)), None, pad=1)
    a, b, small = (rng.standard_normal((n, 5, 5, 2)) for n in (4, 4, 3))
    layer.forward(a, train=True)
    first = layer.cols
    out_b = layer.forward(b, train=True)
    assert layer.cols is first  # written again, not allocated again
    out_small = layer.forward(small, train=True)
    assert layer.cols is not first and layer.cols.shape[0] == 3 * 25
    np.testing.assert_allclose(out_b, naive_convolution(b, layer.W, None, 1, 1), atol=1e-12)
    np.testing.assert_allclose(out_small, naive_convolution(small, layer.W, None, 1, 1),
                               atol=1e-12)


@pytest.mark.parametrize("size,stride", [(2, 2), (3, 2)], ids=["windows apart", "overlapping"])
def test_split_pooling_routes_what_one_thread_routes(split_everything, size, stride):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((5, 9, 9, 3))
    layer, whole = C.MaxPooling(size, stride), C.MaxPooling(size, stride)
    out = layer.forward(x, train=True)
    np.testing.assert_array_equal(out, unsplit(lambda: whole.forward(x, train=True)))
    np.testing.assert_array_equal(layer.winner, whole.winner)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dx, unsplit(lambda: whole.backward(dout)))
    if size == stride:  # random values: one winner per window, each in one window only
        assert np.count_nonzero(dx) == dout.size
    assert split_in_two(split_everything) == 2


def test_split_adam_steps_as_one_thread_does(split_everything):
    rng = np.random.default_rng(5)
    start, grads = rng.standard_normal((2, 9, 4))
    split_param, whole_param = start.copy(), start.copy()
    split_adam, whole_adam = make_optimizer("adam", lr=0.01), make_optimizer("adam", lr=0.01)
    for grad in (grads, grads * 0.5, -grads):
        split_adam.update({"w": split_param}, {"w": grad})
        unsplit(lambda g=grad: whole_adam.update({"w": whole_param}, {"w": g}))
    np.testing.assert_allclose(split_param, whole_param, rtol=1e-15, atol=0)
    assert not np.allclose(split_param, start)
    assert split_in_two(split_everything) == 3


@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "batchnorm"])
def test_a_split_cnn_passes_gradcheck(split_everything, batchnorm):
    network = build_network(small_cnn_config(batchnorm=batchnorm))
    rng = np.random.default_rng(6)
    x, t = rng.standard_normal((4, 1, 8, 8)), rng.integers(0, 3, 4)
    errors = gradcheck(network, x, t)
    assert max(errors.values()) < 1e-6, errors
    assert split_in_two(split_everything) > 0
