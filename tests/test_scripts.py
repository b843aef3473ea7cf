"""scripts/run and scripts/setup-venv, run for real in a copy of the repository whose Python is a
fake that records its calls: no pip, no venv and no window are ever made here."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NO_DISPLAY = ("DigitLab needs a graphical desktop: no display found (DISPLAY and WAYLAND_DISPLAY "
              "are not set). Start it from a desktop session, or run ./scripts/test for the "
              "tests.")
# a Python that records its arguments; `-m venv DIR` makes DIR a venv whose python is itself,
# and a pip install fails with status $FAKE_PIP_STATUS
FAKE_PYTHON = """#!/bin/sh
echo "$*" >>"$FAKE_LOG"
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi
case "$*" in "-m pip install --quiet -e"*) exit "${FAKE_PIP_STATUS:-0}" ;; esac
exit 0
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bash scripts")


class Checkout:
    """scripts/, pyproject.toml and (unless `fresh`) a .venv whose python is the fake."""

    def __init__(self, folder, fresh=False):
        self.root = folder / "repo"
        (self.root / "scripts").mkdir(parents=True)
        for name in ("run", "setup-venv"):
            shutil.copy2(ROOT / "scripts" / name, self.root / "scripts" / name)
        shutil.copy2(ROOT / "pyproject.toml", self.root / "pyproject.toml")
        self.log = folder / "calls.log"
        self.log.touch()
        self.system_python = folder / "python3"
        self.system_python.write_text(FAKE_PYTHON)
        self.system_python.chmod(0o755)
        if not fresh:
            (self.root / ".venv" / "bin").mkdir(parents=True)
            shutil.copy2(self.system_python, self.root / ".venv" / "bin" / "python")

    def run(self, script, *args, **env):
        """Run scripts/<script> in a clean environment: no display unless `env` names one."""
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.root), "FAKE_LOG": str(self.log),
               "PYTHON": str(self.system_python), **env}
        return subprocess.run([str(self.root / "scripts" / script), *args], cwd=self.root,
                              env=env, capture_output=True, text=True, timeout=60, check=False)

    def calls(self):
        """The fake Python's calls since the last look."""
        lines = self.log.read_text().splitlines()
        self.log.write_text("")
        return lines

    def stamps(self):
        return sorted(path.name for path in (self.root / ".venv").glob(".digitlab-installed-*"))


INSTALL = "-m pip install --quiet -e ."


@pytest.fixture
def checkout(tmp_path):
    return Checkout(tmp_path)


def test_the_first_set_up_installs_and_the_next_one_goes_straight_on(checkout):
    assert checkout.run("setup-venv").returncode == 0
    assert checkout.calls() == [INSTALL]
    assert checkout.stamps() == [".digitlab-installed-base"]
    result = checkout.run("setup-venv")
    assert result.returncode == 0 and result.stdout == result.stderr == ""
    assert checkout.calls() == []


def test_editing_pyproject_installs_again_and_touching_it_does_not(checkout):
    checkout.run("setup-venv")
    checkout.calls()
    pyproject = checkout.root / "pyproject.toml"
    os.utime(pyproject)  # a checkout rewrote it unchanged: the hash is what counts
    checkout.run("setup-venv")
    assert checkout.calls() == []
    pyproject.write_text(pyproject.read_text().replace('"numpy>=1.26"', '"numpy>=2"'))
    assert checkout.run("setup-venv").returncode == 0
    assert checkout.calls() == [INSTALL]
    checkout.run("setup-venv")
    assert checkout.calls() == []


def test_a_missing_stamp_installs_again(checkout):
    checkout.run("setup-venv")
    (checkout.root / ".venv" / ".digitlab-installed-base").unlink()
    checkout.calls()
    checkout.run("setup-venv")
    assert checkout.calls() == [INSTALL]


def test_a_failed_install_leaves_no_stamp_and_the_next_call_tries_again(checkout):
    failed = checkout.run("setup-venv", "dev", FAKE_PIP_STATUS="1")
    assert failed.returncode != 0
    assert checkout.calls() == [INSTALL + "[dev]"]
    assert checkout.stamps() == []  # not even a half-written one
    assert checkout.run("setup-venv", "dev").returncode == 0
    assert checkout.calls() == [INSTALL + "[dev]"]
    assert checkout.stamps() == [".digitlab-installed-dev"]


def test_a_failed_reinstall_does_not_pass_for_the_install_before_it(checkout):
    checkout.run("setup-venv")
    pyproject = checkout.root / "pyproject.toml"
    before = pyproject.read_text()
    pyproject.write_text(before + "\n# changed\n")
    assert checkout.run("setup-venv", FAKE_PIP_STATUS="1").returncode != 0
    pyproject.write_text(before)  # back as it was: the venv may be half-installed all the same
    checkout.calls()
    checkout.run("setup-venv")
    assert checkout.calls() == [INSTALL]


def test_a_fresh_machine_gets_a_venv_and_the_extras_asked_for(tmp_path):
    checkout = Checkout(tmp_path, fresh=True)
    assert checkout.run("setup-venv", "dev").returncode == 0
    assert checkout.calls() == ["-m venv .venv", "-m pip install --quiet --upgrade pip",
                                INSTALL + "[dev]"]
    assert checkout.stamps() == [".digitlab-installed-dev"]


def test_extras_already_installed_are_not_installed_again(checkout):
    checkout.run("setup-venv", "dev")  # ./scripts/test
    checkout.calls()
    checkout.run("setup-venv")  # ./scripts/run: the dev install included everything it needs
    assert checkout.calls() == []
    checkout.run("setup-venv", "build", "gpu")  # ./scripts/build --gpu
    assert checkout.calls() == [INSTALL + "[build,gpu]"]
    checkout.run("setup-venv", "build")
    checkout.run("setup-venv", "dev")
    assert checkout.calls() == []
    assert checkout.stamps() == [".digitlab-installed-build,gpu", ".digitlab-installed-dev"]


def test_a_venv_made_again_forgets_the_old_stamps(checkout):
    checkout.run("setup-venv")
    (checkout.root / ".venv" / "bin" / "python").unlink()  # a broken venv, made again
    checkout.calls()
    checkout.run("setup-venv")
    assert checkout.calls() == ["-m venv .venv", "-m pip install --quiet --upgrade pip", INSTALL]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_run_without_a_display_says_so_before_setting_anything_up(tmp_path):
    checkout = Checkout(tmp_path, fresh=True)
    result = checkout.run("run")
    assert result.returncode == 2
    assert result.stderr.strip() == NO_DISPLAY and result.stdout == ""
    assert checkout.calls() == [] and not (checkout.root / ".venv").exists()


@pytest.mark.parametrize("env", [{"QT_QPA_PLATFORM": "offscreen"}, {"DISPLAY": ":0"},
                                 {"WAYLAND_DISPLAY": "wayland-0"}])
def test_run_sets_up_once_then_starts_the_app_directly(checkout, env):
    assert checkout.run("run", "--quit-when-shown", **env).returncode == 0
    assert checkout.calls() == [INSTALL, "-m gui --quit-when-shown"]
    assert checkout.run("run", "--quit-when-shown", **env).returncode == 0
    assert checkout.calls() == ["-m gui --quit-when-shown"]


@pytest.mark.parametrize("option", ["--self-test", "--version", "--install-desktop-entry",
                                    "--help"])
def test_options_that_need_no_window_run_without_a_display(checkout, option):
    result = checkout.run("run", option)
    assert result.returncode == 0, result.stderr
    assert checkout.calls() == [INSTALL, f"-m gui {option}"]
