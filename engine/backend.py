"""CPU/GPU array backend: the one place that knows whether CuPy exists.

Every numeric function asks `get_array_module(x)` for its `xp` instead of
importing numpy directly, so the same layer code runs on NumPy or CuPy
(CuPy user guide, "Writing CPU/GPU agnostic code"; DeZero `cuda.py`).
CuPy is imported lazily: a CPU-only machine never pays for it at start-up.
"""
import numpy as np

_cupy = None
_cupy_checked = False


def cupy_module():
    """Return the cupy module, or None when it is not installed or unusable."""
    global _cupy, _cupy_checked
    if not _cupy_checked:
        _cupy_checked = True
        try:
            import cupy  # noqa: PLC0415 - optional dependency, imported on demand
            _cupy = cupy
        except Exception:  # ImportError, or a CUDA library that fails to load
            _cupy = None
    return _cupy


def get_array_module(*arrays):
    """numpy or cupy, whichever owns the arrays (numpy when CuPy is absent)."""
    cp = cupy_module()
    if cp is None:
        return np
    return cp.get_array_module(*arrays)


def to_numpy(x):
    """Host copy of an array (no copy when it already is a NumPy array)."""
    if isinstance(x, np.ndarray):
        return x
    cp = cupy_module()
    if cp is not None and isinstance(x, cp.ndarray):
        return cp.asnumpy(x)
    return np.asarray(x)


def to_device(x, xp):
    """Move a NumPy array to the module `xp` (numpy or cupy)."""
    if xp is np:
        return to_numpy(x)
    return xp.asarray(x)
