"""The one-file binary itself, built by the README's build command from this tree.

Builds dist/digitlab first when it is missing or older than any file it is made of (about a
minute), so the README's test command always tests the binary of the code under test.
"""
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

import engine

pytestmark = pytest.mark.slow  # builds the binary (a minute or more) when the tree changed

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "dist" / "digitlab"
SOURCES = ["build.spec", "pyproject.toml", "engine", "gui", "freeze", "assets"]
SIZE_LIMIT = 100e6  # bytes: the target for the download


def newest_source_time():
    times = []
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        times += [p.stat().st_mtime for p in files if "__pycache__" not in p.parts]
    return max(times)


@pytest.fixture(scope="session")
def binary():
    if not BINARY.exists() or BINARY.stat().st_mtime < newest_source_time():
        default_build = {k: v for k, v in os.environ.items() if k != "DIGITLAB_BUILD"}
        result = subprocess.run([sys.executable, "-m", "freeze.build"], cwd=ROOT,
                                env=default_build, capture_output=True, text=True,
                                timeout=1200, check=False)
        assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return BINARY


def run(binary, *args, env=None, timeout=300):
    environ = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH",)}
    environ.update(env or {})
    return subprocess.run([str(binary), *args], capture_output=True, text=True,
                          env=environ, timeout=timeout, check=False)


def test_it_names_its_version_and_the_python_it_was_built_from(binary):
    result = run(binary, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"DigitLab {engine.__version__} "
                                    f"(Python {platform.python_version()}, ")


def test_the_self_test_passes_inside_the_binary(binary, tmp_path):
    result = run(binary, "--self-test", env={"QT_QPA_PLATFORM": "offscreen",
                                             "HOME": str(tmp_path)})
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0 and outcome["ok"], outcome
    assert outcome["checks"]["bundled_model_accuracy"] >= 0.994
    assert outcome["checks"]["child_library_path"] is None  # the user had none: none leaks
    assert outcome["checks"]["gpu"].startswith("this DigitLab build is the CPU-only one")


def test_child_processes_get_the_users_library_path_back(binary, tmp_path):
    result = run(binary, "--self-test", env={"QT_QPA_PLATFORM": "offscreen",
                                             "HOME": str(tmp_path),
                                             "LD_LIBRARY_PATH": "/opt/user-libs"})
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0 and outcome["ok"], outcome
    assert outcome["checks"]["child_library_path"] == "/opt/user-libs"


def test_the_real_window_starts_and_paints(binary, tmp_path):
    result = run(binary, "--quit-when-shown", env={"QT_QPA_PLATFORM": "offscreen",
                                                   "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 0 and result.stdout.strip() == "shown", result.stderr[-2000:]


def test_it_installs_a_desktop_entry_that_starts_itself(binary, tmp_path):
    result = run(binary, "--install-desktop-entry", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / "digitlab.desktop").read_text()
    assert f"\nExec={binary}\n" in entry
    assert (tmp_path / "icons/hicolor/scalable/apps/digitlab.svg").is_file()


def test_it_stays_a_reasonable_download(binary):
    assert binary.stat().st_size <= SIZE_LIMIT, f"{binary.stat().st_size / 1e6:.1f} MB"
