"""`python -m engine info`: every fact read from this machine, each parser tried on the files
it reads (x86 and ARM, missing, garbled), and the GPU's fields from the fake CuPy."""
import dataclasses
import json
import types

import pytest
from threadpoolctl import threadpool_limits

from engine.cli import main
from engine.tools import system_info as info_module

import fake_cupy

X86_CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz
flags\t\t: fpu vme
"""
ARM_CPUINFO = """processor\t: 0
BogoMIPS\t: 108.00

Hardware\t: BCM2835
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
"""
DRIVER = ("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC "
          "2024\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n")


@pytest.mark.parametrize("text,name", [
    (X86_CPUINFO, "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz"),
    (ARM_CPUINFO, "Raspberry Pi 4 Model B Rev 1.4"),
    ("processor\t: 0\nmodel name\t:   \n", None),
    ("", None)], ids=["x86", "arm", "blank", "empty"])
def test_the_cpu_model_is_read_from_proc_cpuinfo(text, name):
    assert info_module.model_name_in(text) == name


def test_without_proc_cpuinfo_the_cpu_is_still_named(tmp_path):
    assert info_module.cpu_name(tmp_path / "absent") not in ("", None)
    (tmp_path / "cpuinfo").write_text(X86_CPUINFO)
    assert info_module.cpu_name(tmp_path / "cpuinfo") == "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz"


def test_memory_is_read_from_proc_meminfo_or_asked_of_the_system(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16318588 kB\nMemFree:         1148316 kB\n")
    assert info_module.memory_bytes(meminfo) == 16318588 * 1024
    meminfo.write_text("garbled\n")
    for path in (meminfo, tmp_path / "absent"):
        fallback = info_module.memory_bytes(path)
        assert fallback is None or fallback > 2**20


def test_the_nvidia_driver_version_is_read_from_proc(tmp_path):
    version = tmp_path / "version"
    version.write_text(DRIVER)
    assert info_module.nvidia_driver(version) == "550.54.14"
    version.write_text("something else\n")
    assert info_module.nvidia_driver(version) is None
    assert info_module.nvidia_driver(tmp_path / "absent") is None


def test_cuda_versions_are_written_as_people_say_them():
    runtime = types.SimpleNamespace(runtimeGetVersion=lambda: 12040,
                                    driverGetVersion=lambda: 13000)
    cp = types.SimpleNamespace(cuda=types.SimpleNamespace(runtime=runtime))
    assert info_module.cuda_version(cp, "runtimeGetVersion") == "12.4"
    assert info_module.cuda_version(cp, "driverGetVersion") == "13.0"

    def broken():
        raise RuntimeError("cudaErrorInsufficientDriver")

    runtime.driverGetVersion = broken
    assert info_module.cuda_version(cp, "driverGetVersion") == "unknown (RuntimeError)"


def test_blas_is_named_with_its_threads():
    with threadpool_limits(1, user_api="blas"):
        [blas] = info_module.blas_libraries()
    assert blas.endswith(", 1 thread") and blas.split()[0] in ("openblas", "mkl", "blis")


def test_the_report_has_every_fact_of_this_machine():
    info = info_module.system_info()
    assert info.cores >= 1 and info.logical_cpus >= info.cores
    assert info.memory_bytes is None or info.memory_bytes > 2**20
    assert all([info.os, info.cpu, info.python, info.numpy, info.digitlab, info.gpu])
    lines = info.lines()
    for name in ("DigitLab", "OS", "CPU", "Cores", "Memory", "BLAS", "Python", "NumPy",
                 "Qt", "GPU"):
        assert sum(line.startswith(f"{name}: ") for line in lines) == 1, name
    assert json.loads(json.dumps(dataclasses.asdict(info)))["cpu"] == info.cpu


def test_a_gpu_is_reported_with_its_driver_and_cuda(monkeypatch, tmp_path):
    cp = fake_cupy.install(monkeypatch, fake_cupy.FakeCupy(memory=8 * 2**30))
    cp.cuda.runtime.runtimeGetVersion = lambda: 12040
    cp.cuda.runtime.driverGetVersion = lambda: 12080
    cp.__version__ = "13.6.0"
    driver = tmp_path / "version"
    driver.write_text(DRIVER)
    read_driver = info_module.nvidia_driver
    monkeypatch.setattr(info_module, "nvidia_driver", lambda: read_driver(driver))
    info = info_module.system_info()
    assert info.gpu == "Fake GPU 8GB, 8.0 GiB"
    assert info.cuda == "runtime 12.4, driver 12.8" and info.cupy == "13.6.0"
    assert info.gpu_driver == "550.54.14"
    assert "CUDA: runtime 12.4, driver 12.8" in info.lines()


def test_without_a_gpu_the_report_says_why(monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch, ModuleNotFoundError("No module named 'cupy'",
                                                              name="cupy"))
    info = info_module.system_info()
    assert "CuPy is not installed" in info.gpu and info.cuda is None and info.cupy is None
    assert not any(line.startswith("CUDA") for line in info.lines())


def test_the_info_command_prints_the_report_and_its_json(capsys):
    assert main(["info"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("DigitLab: ") and "\nCPU: " in text and "\nBLAS: " in text
    assert main(["info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert {"os", "cpu", "cores", "memory_bytes", "blas", "python", "numpy", "qt",
            "gpu", "gpu_driver", "cuda", "cupy"} <= set(facts)
