"""CuPy is imported only when a GPU is asked for: a CPU-only PC never pays for it.

(That the engine never imports Qt is an import-linter contract in pyproject.toml, checked by
./scripts/test with every other architecture rule.)
"""
import subprocess
import sys

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys, engine
names = [m.name for m in pkgutil.walk_packages(engine.__path__, "engine.")]
for name in names:
    importlib.import_module(name)
print(len(names), ",".join(sorted(n for n in sys.modules if n.split(".")[0] == "cupy")))
"""


def test_importing_every_engine_module_subpackages_included_loads_no_cupy():
    done = subprocess.run([sys.executable, "-c", IMPORT_EVERY_MODULE], capture_output=True,
                          text=True, check=True)
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) >= 40  # engine.nn.layers, engine.training.extensions.guard, ...
    assert loaded.strip() == "", f"importing the engine loaded {loaded.strip()}"
