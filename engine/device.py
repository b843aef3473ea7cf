"""Where training runs: the CPU (NumPy) or an NVIDIA GPU (CuPy), and how a GPU failure is told.

``gpu_status()`` answers "can this PC train on its GPU, and if not, why not?" in words a user
can act on. It imports CuPy on first call only, so a CPU-only start never pays for it, and runs
a tiny product on the GPU, because a CuPy built for a newer CUDA than the driver imports fine and
fails only at its first kernel.

``move_network`` and ``move_optimizer`` put a model's arrays on a device in place;
``is_gpu_failure`` tells a CUDA error or an out-of-memory (after which a run restarts on the
CPU) from a bug (which must surface).
"""
import dataclasses
import sys
import threading

import numpy as np

from .backend import cupy_import_error, cupy_module, to_device
from .messages import sentence, sentence_of

CPU, GPU = "cpu", "gpu"
DEVICES = (CPU, GPU)
CUPY_PACKAGES = ("cupy", "cupy_backends", "cupyx")


class DeviceError(RuntimeError):
    """The GPU was asked for where there is none that works; the message says why."""


@dataclasses.dataclass(frozen=True)
class GpuStatus:
    """The first GPU's name and memory when it works, else why it cannot be used."""

    available: bool
    reason: str = None  # why not, with what to do about it: a `sentence`
    name: str = None
    total_memory: int = None  # bytes

    def describe(self):
        """'NVIDIA H100 80GB HBM3, 79.1 GiB' or the reason there is no GPU."""
        if not self.available:
            return self.reason
        return f"{self.name}, {self.total_memory / 2**30:.1f} GiB"


_status = None
_status_lock = threading.Lock()


def gpu_status(refresh=False):
    """The GpuStatus of this PC, probed once (thread-safe; the GUI asks from a worker)."""
    global _status
    with _status_lock:
        if _status is None or refresh:
            _status = _probe()
        return _status


def _probe():
    cp = cupy_module()
    if cp is None:
        return GpuStatus(False, _why_no_cupy(cupy_import_error()))
    try:
        count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # noqa: BLE001 - no driver raises CUDARuntimeError or worse
        return GpuStatus(False, sentence("no usable NVIDIA driver ({error})",
                                         error=_one_line(exc)))
    if count < 1:
        return GpuStatus(False, sentence("no NVIDIA GPU was found"))
    try:
        properties = cp.cuda.runtime.getDeviceProperties(0)
        name = _text(properties["name"])
        total = int(properties["totalGlobalMem"])
    except Exception as exc:  # noqa: BLE001
        return GpuStatus(False, sentence("the NVIDIA GPU cannot be queried ({error})",
                                         error=_one_line(exc)))
    try:
        _smoke_test(cp)
    except Exception as exc:  # noqa: BLE001
        return GpuStatus(False, sentence("{name} does not run CuPy code ({error}); {hint}",
                                         name=name, error=_one_line(exc),
                                         hint=_cuda_version_hint()))
    return GpuStatus(True, name=name, total_memory=total)


def _smoke_test(cp):
    a = cp.arange(6, dtype=cp.float32).reshape(2, 3)
    if float((a @ a.T).sum()) != 83.0:  # [[5, 14], [14, 50]]
        raise DeviceError(sentence("a 2x3 product gave a wrong result"))


def _why_no_cupy(error):
    missing = isinstance(error, ModuleNotFoundError) and error.name == "cupy"
    if getattr(sys, "frozen", False) and missing:
        return sentence("this DigitLab build is the CPU-only one (CuPy is not bundled); "
                        "the GPU build is made with ./scripts/build --gpu")
    if missing:
        return sentence("CuPy is not installed: pip install '.[gpu]'; {hint}",
                        hint=_cuda_version_hint())
    return sentence("CuPy is installed but does not load ({error}); {hint}",
                    error=_one_line(error), hint=_cuda_version_hint())


def _cuda_version_hint():
    return sentence("cupy-cuda12x needs an NVIDIA driver for CUDA 12 (525 or newer); "
                    "with a CUDA 13 driver install cupy-cuda13x instead")


def _text(value):
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _one_line(exc):
    """The exception's text on one line, at most 200 characters; one of our sentences whole,
    so that it stays translatable."""
    said = sentence_of(exc)
    if said is not None:
        return said
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# --- choosing ---------------------------------------------------------------------------------

def check_device_name(device):
    if device not in DEVICES:
        raise ValueError(f"device must be 'cpu' or 'gpu', not {device!r}")
    return device


def array_module(device):
    """numpy for 'cpu', cupy for 'gpu'; DeviceError (saying why) when the GPU cannot be used."""
    if check_device_name(device) == CPU:
        return np
    status = gpu_status()
    if not status.available:
        raise DeviceError(sentence("no GPU: {reason}", reason=status.reason))
    return cupy_module()


def synchronize(xp):
    """Wait until the GPU has done the work queued so far (a CuPy call returns as soon as its
    kernel is queued); nothing to wait for with NumPy. Call it before reading a clock."""
    if xp is not np:
        xp.cuda.get_current_stream().synchronize()


# --- moving a model ---------------------------------------------------------------------------

def move_network(model, xp):
    """Put every parameter and buffer of ``model`` on ``xp``'s device (in place)."""
    for layer in model.layers:
        move_layer(layer, xp)
    return model.pack_parameters()


def move_layer(layer, xp):
    """One layer's parameters and buffers on ``xp``'s device; its gradients are dropped (the
    next backward pass makes them there)."""
    for name in (*layer.param_names, *layer.buffer_names):
        setattr(layer, name, to_device(getattr(layer, name), xp))
    for name in layer.param_names:
        if hasattr(layer, "d" + name):
            setattr(layer, "d" + name, None)
    return layer


def move_optimizer(optimizer, xp):
    """Put an optimizer's per-parameter state (momentum, Adam's m and v) on ``xp``'s device."""
    optimizer.state = {name: {slot: to_device(array, xp) for slot, array in slots.items()}
                       for name, slots in optimizer.state.items()}
    return optimizer


# --- failures ---------------------------------------------------------------------------------

def is_gpu_failure(exc):
    """True for CuPy's CUDA, cuBLAS, compiler and out-of-memory errors; False for anything else
    (a TypeError from mixing NumPy and CuPy arrays is a bug, not a failing GPU)."""
    if isinstance(exc, DeviceError):
        return True
    return any(cls.__module__.split(".")[0] in CUPY_PACKAGES for cls in type(exc).__mro__)


def describe_gpu_failure(exc):
    """What went wrong on the GPU, in one line that begins a sentence."""
    if isinstance(exc, MemoryError) or "OutOfMemory" in type(exc).__name__:
        return sentence("The GPU ran out of memory ({error})", error=_one_line(exc))
    return sentence("The GPU failed ({kind}: {error})", kind=type(exc).__name__,
                    error=_one_line(exc))


def release_gpu_memory():
    """Hand CuPy's cached blocks back to the driver (after a failure); never raises."""
    cp = cupy_module()
    if cp is None:
        return
    try:
        cp.get_default_memory_pool().free_all_blocks()
    except Exception:  # noqa: BLE001, S110 - a broken context cannot free anything; nothing to do
        pass
