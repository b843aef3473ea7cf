"""python -m bench.gpu_figures: without a GPU it says what it cannot measure and why, times what
the CPU can, and exits 3 so that a caller knows the figures are incomplete; its GPU code paths
run on the strict fake CuPy (fake_cupy.py), with PyTorch's CPU standing in for CUDA."""
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.device import gpu_status

import fake_cupy

ROOT = Path(__file__).resolve().parents[2]


def run_script(*argv, timeout=120):
    # no GPU for the child, even on a machine with one; run from the checkout as a module
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.slow  # the script's CPU figures first: about 5 s
def test_gpu_figures_without_a_gpu_says_why_and_exits_3():
    done = run_script("-m", "bench.gpu_figures", "--quick", "--skip-accuracy", "--skip-tests")
    assert done.returncode == 3, done.stdout + done.stderr
    assert re.search(r"needs a GPU: \S", done.stdout)
    if not gpu_status().available:  # then the child saw the same reason as this process
        assert f"needs a GPU: {gpu_status().reason}" in done.stdout
    assert re.search(r"numpy\s+\d+\.\d+ s\s+\d+ GFLOP/s", done.stdout)
    assert "engine on NumPy (CPU)" in done.stdout
    assert "Traceback" not in done.stderr


def test_time_to_accuracy_offers_the_gpu():
    done = run_script("-m", "bench.time_to_accuracy", "--help", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--device {cpu,gpu}" in done.stdout


@pytest.mark.slow  # trains the engine and PyTorch: about 7 s
def test_gpu_sections_run_on_the_fake_gpu(monkeypatch, capsys, tmp_path):
    """Every array where it belongs and every figure reported; the speeds mean nothing here."""
    pytest.importorskip("torch")
    fake_cupy.install(monkeypatch)
    monkeypatch.syspath_prepend(str(ROOT))  # as `python -m bench.gpu_figures` from the checkout
    script = importlib.import_module("bench.gpu_figures")
    full = script.mnist_training_arrays
    monkeypatch.setattr(script, "mnist_training_arrays", lambda: tuple(a[:500] for a in full()))
    monkeypatch.setattr(script, "TORCH_DEVICE", "cpu")
    monkeypatch.setattr(script, "torch_cuda_problem", lambda torch: None)
    path = tmp_path / "figures.json"
    status = script.main(["--quick", "--matmul-size", "64", "--skip-accuracy", "--skip-tests",
                          "--json", str(path)])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    figures = json.loads(path.read_text())
    assert [m["module"] for m in figures["matmul"]["timings"]] == ["numpy", "cupy"]
    assert "(launch only)" in out
    for name in ("mlp", "cnn"):
        assert figures[name]["missing"] == []
        assert figures[name]["ratio"] == pytest.approx(
            figures[name]["engine_gpu_epoch_s"] / figures[name]["torch_cuda_epoch_s"])
    assert len(re.findall(r"(PASS|MISS)  ", out)) == 3  # all but deep-cnn, which was skipped
    assert figures["incomplete"] == []
