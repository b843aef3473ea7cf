"""The ``xp`` fixture: a test that takes it runs on NumPy, on the strict fake GPU
(tests/engine/fake_cupy.py, NumPy underneath but refusing host arrays as CuPy does), and on
real CuPy where a GPU works. Without one the CuPy case skips, saying why; it never fails.

``on_device(xp, array)`` moves test data; ``device_name(xp)`` is what TrainSettings wants.
"""
import numpy as np
import pytest

from engine.backend import cupy_module, to_device
from engine.device import gpu_status

import fake_cupy


@pytest.fixture(params=["numpy", "fake_gpu", "cupy"])
def xp(request, monkeypatch):
    if request.param == "numpy":
        return np
    if request.param == "fake_gpu":
        return fake_cupy.install(monkeypatch)
    status = gpu_status()
    if not status.available:
        pytest.skip(f"no GPU: {status.reason}")
    return cupy_module()


def on_device(xp, array):
    return to_device(np.asarray(array), xp)


def device_name(xp):
    return "cpu" if xp is np else "gpu"
