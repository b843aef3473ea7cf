"""A non-editable install holds every module of the source tree, subpackages included."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import engine
from engine._version import __version__ as written

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("engine", "gui")


def source_modules():
    """Every importable module in the checkout, by dotted name (``__main__`` runs the app)."""
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def build_wheel(tmp_path):
    """A wheel built from a copy of the project, so the checkout gets no build/ or egg-info."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, text=True)
    wheels = list((tmp_path / "dist").glob("digitlab-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


IMPORT_ALL = """
import importlib, json, sys
found = {}
for name in json.loads(sys.argv[1]):
    module = importlib.import_module(name)
    found[name] = module.__file__
print(json.dumps(found))
"""


def test_the_wheel_installs_every_module_and_each_imports_from_it(tmp_path):
    wheel = build_wheel(tmp_path)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    expected = source_modules()
    assert "engine.nn.layers" in expected and "engine.training.extensions.reports" in expected
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL, json.dumps(expected)],
                          env={"PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen",
                               "PATH": "/usr/bin:/bin"},
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout)
    outside = {name: path for name, path in files.items() if not path.startswith(str(site))}
    assert not outside, f"imported from outside the wheel: {outside}"


def test_the_version_comes_from_one_place():
    assert engine.__version__ == written
    metadata = subprocess.run([sys.executable, "-c", "import importlib.metadata as m; "
                               "print(m.version('digitlab'))"], capture_output=True, text=True,
                              check=True)
    assert metadata.stdout.strip() == written
    assert "version = " not in (ROOT / "pyproject.toml").read_text().split("[project]")[1] \
        .split("[")[0], "pyproject.toml writes a version of its own"
