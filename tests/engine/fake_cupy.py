"""A strict stand-in for CuPy, so the GPU code paths run (and fail loudly) on a CPU-only machine.

It is NumPy underneath, but its arrays are a separate type, ``FakeDeviceArray``, and it keeps
CuPy's rule that host and device arrays never mix: a ufunc or a module function given a plain
NumPy array (other than a 0-d one) raises TypeError, as CuPy does. Only ``asarray``/``array``
(the host-to-device copy) and ``asnumpy`` (the way back) cross. So an engine path that forgets to
move something to the device fails here as it would on a GPU.

What it cannot tell: whether real CuPy has a function or an ``out=`` argument, its dtype rules,
and anything about speed. Those need the real GPU run (``bench/gpu_figures.py``).

``install(monkeypatch)`` makes the engine see it as CuPy; ``FakeCupy.fail_after(n, error)``
makes the n-th following device call raise ``error`` (a CUDA failure in the middle of a step).
"""
import types

import numpy as np


class CUDARuntimeError(RuntimeError):
    """Shaped like cupy_backends.cuda.api.runtime.CUDARuntimeError."""


CUDARuntimeError.__module__ = "cupy_backends.cuda.api.runtime"


class OutOfMemoryError(MemoryError):
    """Shaped like cupy.cuda.memory.OutOfMemoryError."""


OutOfMemoryError.__module__ = "cupy.cuda.memory"

# the functions that copy between host and device, and so may be given NumPy arrays
TRANSFERS = {"asarray", "array", "ascontiguousarray"}


class FakeDeviceArray(np.ndarray):
    """An array 'on the fake GPU': NumPy memory, CuPy's refusal to mix with host arrays."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        _refuse_host_arrays(inputs, ufunc.__name__)
        device = _DEVICE
        device.count_call(ufunc.__name__)
        out = kwargs.get("out")
        if out is not None:
            _refuse_host_arrays(out, ufunc.__name__)
            kwargs["out"] = tuple(_unwrap(o) for o in out)
        result = getattr(ufunc, method)(*_unwrap(inputs), **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return _wrap(result, zero_d=True)

    def __bool__(self):
        return bool(self.view(np.ndarray))

    def get(self):
        """CuPy's device-to-host copy."""
        return np.array(self.view(np.ndarray), copy=True)


def _refuse_host_arrays(values, what):
    for value in values:
        if isinstance(value, (tuple, list)):
            _refuse_host_arrays(value, what)
        elif type(value) is np.ndarray and value.ndim > 0:
            raise TypeError(f"fake CuPy: {what} was given a NumPy array of shape {value.shape}; "
                            f"move it to the device first (CuPy refuses to mix them)")


def _unwrap(value):
    if isinstance(value, FakeDeviceArray):
        return value.view(np.ndarray)
    if isinstance(value, tuple):
        return tuple(_unwrap(v) for v in value)
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _wrap(value, zero_d=False):
    if isinstance(value, np.ndarray) and not isinstance(value, FakeDeviceArray):
        return value.view(FakeDeviceArray)
    if zero_d and isinstance(value, np.generic):  # CuPy reductions give 0-d arrays
        return np.asarray(value).view(FakeDeviceArray)
    if isinstance(value, tuple):
        return tuple(_wrap(v) for v in value)
    return value


class FakeCupy(types.ModuleType):
    """The module object the engine gets from ``backend.cupy_module()``."""

    ndarray = FakeDeviceArray

    def __init__(self, devices=1, name=b"Fake GPU 8GB", memory=8 * 2**30):
        super().__init__("cupy")
        self.calls = 0
        self._fail_at = None
        self._failure = None
        self.cuda = types.SimpleNamespace(
            runtime=types.SimpleNamespace(
                getDeviceCount=lambda: devices,
                getDeviceProperties=lambda i: {"name": name, "totalGlobalMem": memory}),
            get_current_stream=lambda: types.SimpleNamespace(synchronize=lambda: None))
        self.lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(
            as_strided=self._device_function(np.lib.stride_tricks.as_strided, "as_strided")))
        self.freed = 0

    # --- failure injection --------------------------------------------------------------------
    def fail_after(self, calls, error):
        """The ``calls``-th device call from now raises ``error`` (and every later one)."""
        self._fail_at = self.calls + calls
        self._failure = error

    def count_call(self, what):
        self.calls += 1
        if self._fail_at is not None and self.calls >= self._fail_at:
            raise self._failure

    # --- CuPy's own API -------------------------------------------------------------------------
    def get_array_module(self, *arrays):
        return self if any(isinstance(a, FakeDeviceArray) for a in arrays) else np

    def asnumpy(self, x):
        return np.array(_unwrap(x), copy=True)

    def get_default_memory_pool(self):
        module = self

        class Pool:
            def free_all_blocks(self):
                module.freed += 1
        return Pool()

    # --- everything else: NumPy's function, on device arrays only ---------------------------------
    def __getattr__(self, name):
        target = getattr(np, name)
        if isinstance(target, type) or not callable(target):
            return target  # dtypes (float32, uint8) and constants
        return self._device_function(target, name)

    def _device_function(self, fn, name):
        def on_device(*args, **kwargs):
            self.count_call(name)
            if name not in TRANSFERS:
                _refuse_host_arrays(args, name)
                _refuse_host_arrays(kwargs.values(), name)
            elif args and isinstance(args[0], np.ndarray) and not isinstance(
                    args[0], FakeDeviceArray):
                args = (np.array(args[0], copy=True), *args[1:])  # a real copy, like CuPy's
            return _wrap(fn(*_unwrap(args), **_unwrap(kwargs)))
        on_device.__name__ = name
        return on_device


_DEVICE = FakeCupy()


def install(monkeypatch, module=None):
    """Make the engine see ``module`` (a new FakeCupy by default) as an installed CuPy."""
    from engine import backend, device  # noqa: PLC0415
    module = module or FakeCupy()
    monkeypatch.setattr(backend, "_cupy", module)
    monkeypatch.setattr(backend, "_cupy_checked", True)
    monkeypatch.setattr(backend, "_cupy_error", None)
    monkeypatch.setattr(device, "_status", None)
    monkeypatch.setattr(__import__("fake_cupy"), "_DEVICE", module)
    return module


def uninstall_cupy(monkeypatch, error=None):
    """Make the engine see no CuPy at all (``error``: the ImportError it got)."""
    from engine import backend, device  # noqa: PLC0415
    monkeypatch.setattr(backend, "_cupy", None)
    monkeypatch.setattr(backend, "_cupy_checked", True)
    monkeypatch.setattr(backend, "_cupy_error",
                        error or ModuleNotFoundError("No module named 'cupy'", name="cupy"))
    monkeypatch.setattr(device, "_status", None)
