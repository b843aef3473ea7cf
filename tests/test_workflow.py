"""The hosted-CI workflow that builds the binary on Windows, macOS and the oldest Linux.

It cannot run on this project's machines, so it is linted here against GitHub's workflow
schema (check-jsonschema ships it) and checked to do what README.md says it does.
"""
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "binaries.yml"


def _lint(path):
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="module")
def workflow():
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def steps(workflow):
    [job] = workflow["jobs"].values()
    return job["steps"]


def _runs(steps):
    return "\n".join(step.get("run", "") for step in steps)


def test_the_workflow_passes_githubs_schema():
    result = _lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_broken_workflow(tmp_path, workflow):
    broken = dict(workflow)
    [name] = broken["jobs"]
    broken["jobs"] = {name: {k: v for k, v in workflow["jobs"][name].items()
                             if k != "runs-on"}}
    path = tmp_path / "broken.yml"
    with path.open("w", encoding="utf-8") as f:
        YAML().dump(broken, f)
    assert _lint(path).returncode != 0


def test_one_job_per_system(workflow):
    [job] = workflow["jobs"].values()
    systems = job["strategy"]["matrix"]["os"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert {system.split("-")[0] for system in systems} == {"windows", "macos", "ubuntu"}
    assert job["strategy"]["fail-fast"] is False  # one system's failure hides no other's


def test_it_builds_with_the_readme_command_and_the_build_extra(steps):
    runs = _runs(steps)
    assert 'pip install -e ".[build]"' in runs and "python -m freeze.build" in runs
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'python -m pip install -e ".[build]"' in readme and "python -m freeze.build" in readme
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert any(dep.startswith("pyinstaller") for dep in extras["build"])


def test_the_binary_tests_itself_offscreen_and_is_kept(workflow, steps):
    [job] = workflow["jobs"].values()
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert '"$binary" --self-test' in _runs(steps) and "digitlab.exe" in _runs(steps)
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "dist/digitlab*"
    assert upload["with"]["if-no-files-found"] == "error"
