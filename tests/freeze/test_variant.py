"""Which binary the build makes: CPU-only `digitlab` by default, `digitlab-gpu` with CuPy.

No PyInstaller build here: build.spec runs with stand-ins for PyInstaller's Analysis, PYZ and
EXE, so these tests show what it would ask PyInstaller for, in well under a second.
"""
import platform
import subprocess
import sys
import types
from pathlib import Path

import pytest

from freeze import build
from freeze.variant import (
    CPU_VARIANT,
    ENV_VAR,
    GPU_VARIANT,
    VariantError,
    choose,
    from_args,
    from_environment,
    select,
)

ROOT = Path(__file__).resolve().parents[2]
CUPY = ("cupy", "cupyx", "cupy_backends")


def test_the_default_is_the_cpu_only_digitlab():
    assert choose({}) is CPU_VARIANT and from_environment({}) is CPU_VARIANT
    assert choose({ENV_VAR: ""}) is CPU_VARIANT
    assert CPU_VARIANT.binary_name == "digitlab" and CPU_VARIANT.extras == ("build",)


def test_the_environment_picks_the_gpu_build():
    variant = choose({ENV_VAR: "gpu"})
    assert variant is GPU_VARIANT and from_environment({ENV_VAR: " GPU "}) is GPU_VARIANT
    assert variant.binary_name == "digitlab-gpu" and variant.extras == ("build", "gpu")
    assert choose({ENV_VAR: "cpu"}) is CPU_VARIANT


def test_the_flag_overrides_the_environment():
    assert choose({ENV_VAR: "cpu"}, gpu=True) is GPU_VARIANT
    assert choose({ENV_VAR: "nonsense"}, gpu=True) is GPU_VARIANT
    assert from_args(["--dist", "/tmp/d", "--gpu"], env={}) is GPU_VARIANT  # others left alone
    assert from_args(["--dist", "/tmp/d"], env={ENV_VAR: "gpu"}) is GPU_VARIANT
    assert from_args([], env={}) is CPU_VARIANT


def test_an_unknown_variant_says_which_values_there_are():
    with pytest.raises(VariantError) as raised:
        choose({ENV_VAR: "cuda"})
    assert str(raised.value) == "DIGITLAB_BUILD must be one of cpu, gpu, not 'cuda'"
    with pytest.raises(VariantError):
        select("rocm")


def test_the_build_stops_on_an_unknown_variant_before_building(monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, "cuda")
    monkeypatch.setattr(build, "run_pyinstaller", lambda *a, **k: pytest.fail("it built"))
    assert build.main([]) == 1
    said = capsys.readouterr().err.strip()
    assert said == "build failed: DIGITLAB_BUILD must be one of cpu, gpu, not 'cuda'"


def test_scripts_build_learns_the_extras_to_install_from_the_module():
    def extras(*args, value=None):
        env = {"PATH": "/usr/bin:/bin", **({ENV_VAR: value} if value is not None else {})}
        return subprocess.run([sys.executable, "-m", "freeze.variant", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60, check=False)

    assert extras().stdout.strip() == "build"
    assert extras("--gpu").stdout.strip() == "build gpu"
    assert extras(value="gpu").stdout.strip() == "build gpu"
    unknown = extras(value="cuda")
    assert unknown.returncode != 0 and unknown.stdout == ""
    assert unknown.stderr.strip().splitlines() == [
        "build failed: DIGITLAB_BUILD must be one of cpu, gpu, not 'cuda'"]
    script = (ROOT / "scripts" / "build").read_text()
    assert "-m freeze.variant \"$@\"" in script and "./scripts/setup-venv $extras" in script


def test_the_cpu_build_keeps_cupy_out_and_the_gpu_build_bundles_it():
    assert set(CUPY) <= set(CPU_VARIANT.excludes)
    assert not CPU_VARIANT.collect_packages and not CPU_VARIANT.hidden_imports
    assert set(GPU_VARIANT.collect_packages) == set(CUPY)
    assert not set(CUPY) & set(GPU_VARIANT.excludes)


def test_the_gpu_build_stops_when_cupy_is_not_installed():
    with pytest.raises(build.BuildError, match=r"setup-venv build,gpu"):
        build.check_packages_installed(GPU_VARIANT, find_spec=lambda name: None)
    build.check_packages_installed(CPU_VARIANT, find_spec=lambda name: None)  # needs none


def test_the_build_hands_the_variant_to_the_spec_and_checks_its_binary(monkeypatch, tmp_path):
    ran = {}
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(build, "check_packages_installed", lambda variant: None)
    monkeypatch.setattr(build, "choose_environment", lambda env: (env, types.SimpleNamespace(
        version="3.11.7")))
    monkeypatch.setattr(build, "run_pyinstaller",
                        lambda spec, dist, work, env: ran.update(env=env, work=work))
    monkeypatch.setattr(build, "check_binary",
                        lambda binary, version: ran.update(binary=binary) or "DigitLab")
    for name in ("digitlab", "digitlab-gpu"):  # what PyInstaller would have written
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "linux")
    assert build.main(["--dist", str(tmp_path), "--gpu"]) == 0
    assert ran["env"][ENV_VAR] == "gpu" and ran["binary"] == tmp_path / "digitlab-gpu"
    assert ran["work"] == ROOT / "build" / "gpu"
    assert build.main(["--dist", str(tmp_path)]) == 0
    assert ran["env"][ENV_VAR] == "cpu" and ran["binary"] == tmp_path / "digitlab"
    assert ran["work"] == ROOT / "build"


@pytest.mark.parametrize(("system", "binary"), [("win32", "digitlab.exe"),
                                               ("darwin", "digitlab")])
def test_windows_and_macos_builds_skip_the_linux_libpython_checks(monkeypatch, tmp_path, system,
                                                                 binary):
    ran = {}

    def linux_only(env):
        raise AssertionError("the libpython probe reads ELF files and /proc: Linux only")

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(build, "check_packages_installed", lambda variant: None)
    monkeypatch.setattr(build, "choose_environment", linux_only)
    monkeypatch.setattr(build, "run_pyinstaller", lambda spec, dist, work, env: None)
    monkeypatch.setattr(build, "check_binary",
                        lambda path, version: ran.update(binary=path, version=version) or "")
    (tmp_path / binary).write_bytes(b"")
    monkeypatch.setattr(sys, "platform", system)
    assert build.main(["--dist", str(tmp_path)]) == 0
    assert ran["binary"] == tmp_path / binary
    assert ran["version"] == platform.python_version()


class SpecRun:
    """build.spec executed with recorders for PyInstaller's build steps and hooks."""

    def __init__(self, monkeypatch, tmp_path, environment):
        self.analysis = self.exe = None
        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_submodules = lambda package: [f"{package}.collected"]
        hooks.collect_data_files = lambda package: [(f"/site/{package}/data.h", package)]
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
        monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the repository first
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        if ENV_VAR not in environment:
            monkeypatch.delenv(ENV_VAR, raising=False)
        spec = ROOT / "build.spec"
        exec(compile(spec.read_text(), str(spec), "exec"), {  # noqa: S102 - it is our recipe
            "__name__": "__main__", "SPECPATH": str(ROOT), "workpath": str(tmp_path),
            "Analysis": self._analysis, "PYZ": lambda pure: "pyz", "EXE": self._exe})

    def _analysis(self, scripts, **options):
        self.analysis = options
        return types.SimpleNamespace(datas=list(options["datas"]), binaries=[], pure=[],
                                     scripts=scripts)

    def _exe(self, *parts, **options):
        self.exe = options


def test_build_spec_makes_the_cpu_only_binary_by_default(monkeypatch, tmp_path):
    spec = SpecRun(monkeypatch, tmp_path, {})
    assert spec.exe["name"] == "digitlab"
    assert set(CUPY) <= set(spec.analysis["excludes"])
    assert "PySide6.QtNetwork" in spec.analysis["excludes"]  # the spec's own excludes stay
    assert not any(name.startswith(CUPY) for name in spec.analysis["hiddenimports"])


def test_build_spec_bundles_cupy_for_the_gpu_variant(monkeypatch, tmp_path):
    spec = SpecRun(monkeypatch, tmp_path, {ENV_VAR: "gpu"})
    assert spec.exe["name"] == "digitlab-gpu"
    assert not set(CUPY) & set(spec.analysis["excludes"])
    assert {f"{package}.collected" for package in CUPY} <= set(spec.analysis["hiddenimports"])
    assert ("/site/cupy/data.h", "cupy") in spec.analysis["datas"]  # NVRTC's headers
    assert "PySide6.QtNetwork" in spec.analysis["excludes"]
