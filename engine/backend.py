"""CPU/GPU array backend: the one place that knows whether CuPy exists.

Every numeric function asks `get_array_module(x)` for its `xp` instead of
importing numpy directly, so the same layer code runs on NumPy or CuPy
(CuPy user guide, "Writing CPU/GPU agnostic code"; DeZero `cuda.py`).
CuPy is imported lazily: a CPU-only machine never pays for it at start-up.
"""
import sys

import numpy as np

_cupy = None
_cupy_checked = False
_cupy_error = None


def cupy_module():
    """Return the cupy module, or None when it is not installed or unusable."""
    global _cupy, _cupy_checked, _cupy_error
    if not _cupy_checked:
        _cupy_checked = True
        try:
            import cupy  # noqa: PLC0415 - optional dependency, imported on demand
            _cupy = cupy
        except Exception as exc:  # noqa: BLE001 - ImportError, or a CUDA library failing to load
            _cupy, _cupy_error = None, exc
    return _cupy


def cupy_import_error():
    """Why ``cupy_module()`` returned None (the exception), or None if it did not."""
    cupy_module()
    return _cupy_error


def _loaded_cupy():
    """CuPy if this process has imported it (then arrays may live on a GPU), else None.

    Never imports it: until someone asks for the GPU, no array can be on one, and a CPU-only
    run must not pay CuPy's import at its first forward pass.
    """
    return _cupy if _cupy_checked else sys.modules.get("cupy")


def get_array_module(*arrays):
    """numpy or cupy, whichever owns the arrays (numpy when CuPy is absent)."""
    cp = _loaded_cupy()
    if cp is None:
        return np
    return cp.get_array_module(*arrays)


def to_numpy(x):
    """Host copy of an array (no copy when it already is a NumPy array)."""
    if type(x) is np.ndarray:
        return x
    cp = _loaded_cupy()
    if cp is not None and isinstance(x, cp.ndarray):
        return cp.asnumpy(x)
    return np.asarray(x)


def to_device(x, xp):
    """Move a NumPy array to the module `xp` (numpy or cupy)."""
    if xp is np:
        return to_numpy(x)
    return xp.asarray(x)
