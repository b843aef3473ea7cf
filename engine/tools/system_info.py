"""What machine DigitLab runs on, for a bug report: ``python -m engine info`` and Help > About.

The book's readers look each of these up by hand (/proc/cpuinfo, lspci, nvcc -V,
/etc/*-release); a teacher helping a class needs them together. Every fact is read defensively:
a field that cannot be read says "unknown", never raises, so the report itself cannot fail.
Nothing here imports Qt: the window adds Qt's own version where it shows the report.
"""
import dataclasses
import os
import platform
import re
import sys
from pathlib import Path

import numpy as np

from .._version import __version__
from ..backend import cupy_module
from ..device import gpu_status
from ..messages import sentence
from ..nn.parallel import usable_cores

UNKNOWN = sentence("unknown")  # a field that could not be read


@dataclasses.dataclass(frozen=True)
class SystemInfo:
    """The facts, as plain JSON-able values."""

    digitlab: str
    os: str
    cpu: str
    cores: int  # the cores this process may use: training splits its batches across them all
    logical_cpus: int
    memory_bytes: int | None
    blas: tuple  # one "library version (architecture), N threads" per BLAS loaded
    python: str
    numpy: str
    qt: str | None  # PySide6's version where it is installed (the window: the Qt it runs on)
    gpu: str  # the GPU's name and memory, or why there is none
    gpu_driver: str | None
    cuda: str | None  # CuPy's CUDA runtime and the driver's CUDA version
    cupy: str | None

    def lines(self):
        """The report as "name: value" lines, for a terminal or the clipboard. Each line is a
        Sentence whose value a window can translate ("unknown", why there is no GPU); the
        field names stay English, so a report pasted into an issue reads the same."""
        memory = (f"{self.memory_bytes / 2**30:.1f} GiB" if self.memory_bytes
                  else UNKNOWN)
        rows = [("DigitLab", self.digitlab), ("OS", self.os), ("CPU", self.cpu),
                ("Cores", sentence("{usable} usable of {logical}", usable=self.cores,
                                   logical=self.logical_cpus)),
                ("Memory", memory),
                ("BLAS", "; ".join(self.blas) or UNKNOWN),
                ("Python", self.python), ("NumPy", self.numpy),
                ("Qt", self.qt or sentence("not installed")),
                ("GPU", self.gpu)]
        rows += [(name, value) for name, value in (
            ("NVIDIA driver", self.gpu_driver), ("CUDA", self.cuda), ("CuPy", self.cupy))
            if value]
        return [sentence("{name}: {value}", name=name, value=value) for name, value in rows]


def system_info():
    """This machine's SystemInfo (probes the GPU once: CuPy is imported if installed)."""
    cp = cupy_module()
    return SystemInfo(
        digitlab=__version__, os=os_name(), cpu=cpu_name(), cores=usable_cores(),
        logical_cpus=os.cpu_count() or 1, memory_bytes=memory_bytes(),
        blas=tuple(blas_libraries()),
        python=f"{platform.python_version()} ({platform.python_implementation()}, "
               f"{'frozen' if getattr(sys, 'frozen', False) else sys.executable})",
        numpy=np.__version__, qt=_package_version("PySide6-Essentials", "PySide6"),
        gpu=gpu_status().describe(), gpu_driver=nvidia_driver(),
        cuda=_cuda_versions(cp) if cp is not None else None,
        cupy=getattr(cp, "__version__", None) if cp is not None else None)


def os_name():
    """'Debian GNU/Linux 12 (bookworm), Linux 6.1.0-18-amd64 x86_64', or the platform string."""
    kernel = f"{platform.system()} {platform.release()} {platform.machine()}".strip()
    if sys.platform.startswith("linux"):
        try:
            pretty = platform.freedesktop_os_release().get("PRETTY_NAME")
        except OSError:
            pretty = None
        return f"{pretty}, {kernel}" if pretty else kernel
    if sys.platform == "darwin":
        return f"macOS {platform.mac_ver()[0] or UNKNOWN}, {platform.machine()}"
    return platform.platform() or kernel or UNKNOWN


def cpu_name(cpuinfo=Path("/proc/cpuinfo")):
    """The CPU's model name: /proc/cpuinfo on Linux, else what the platform module says."""
    try:
        name = model_name_in(cpuinfo.read_text(errors="replace"))
    except OSError:
        name = None
    return name or platform.processor() or platform.machine() or UNKNOWN


def model_name_in(cpuinfo_text):
    """The first 'model name' (x86) or 'Model' / 'Hardware' (ARM) of /proc/cpuinfo's text."""
    for field in ("model name", "Model", "Hardware"):
        match = re.search(rf"^{field}\s*:\s*(.+)$", cpuinfo_text, re.MULTILINE)
        if match and match.group(1).strip():
            return " ".join(match.group(1).split())
    return None


def memory_bytes(meminfo=Path("/proc/meminfo")):
    """Physical memory in bytes, or None where it cannot be read."""
    try:
        match = re.search(r"^MemTotal:\s*(\d+)\s*kB", meminfo.read_text(), re.MULTILINE)
        if match:
            return int(match.group(1)) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def blas_libraries():
    """'openblas 0.3.31 (SkylakeX), 1 thread' for each BLAS NumPy has loaded (threadpoolctl)."""
    from threadpoolctl import threadpool_info  # noqa: PLC0415 - only when asked

    found = []
    for pool in threadpool_info():
        if pool.get("user_api") != "blas":
            continue
        name = " ".join(filter(None, (pool.get("internal_api") or UNKNOWN, pool.get("version"))))
        if pool.get("architecture"):
            name += f" ({pool['architecture']})"
        count = pool.get("num_threads")
        found.append(f"{name}, {count} thread{'' if count == 1 else 's'}")
    return found


def nvidia_driver(version_file=Path("/proc/driver/nvidia/version")):
    """The NVIDIA kernel module's version from /proc (Linux), or None where there is none."""
    try:
        text = version_file.read_text()
    except OSError:
        return None
    match = re.search(r"Kernel Module\s+(\S+)", text)
    return match.group(1) if match else None


def cuda_version(cp, function):
    """'13.0' for CUDA's 13000 from ``cp.cuda.runtime.<function>()``, or why the call failed."""
    try:
        number = getattr(cp.cuda.runtime, function)()
    except Exception as exc:  # noqa: BLE001 - a broken CUDA set-up is a fact, not a crash
        return sentence("unknown ({error})", error=type(exc).__name__)
    return f"{number // 1000}.{number % 1000 // 10}"


def _cuda_versions(cp):
    return sentence("runtime {runtime}, driver {driver}",
                    runtime=cuda_version(cp, "runtimeGetVersion"),
                    driver=cuda_version(cp, "driverGetVersion"))


def _package_version(*names):
    import importlib.metadata  # noqa: PLC0415 - 9 ms: only when a report is asked for

    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None
