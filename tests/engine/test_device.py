"""Training on a GPU: choosing it, why it is missing, moving a run there once, NumPy/CuPy parity,
and going on on the CPU when the GPU fails, losing nothing.

Runs everywhere: the ``xp`` fixture covers NumPy, the strict fake GPU (fake_cupy.py) and real
CuPy where a GPU works. Only the real GPU can show speed and CuPy's own quirks
(bench/gpu_figures.py).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.backend import get_array_module, to_numpy
from engine.cli import main
from engine.device import (
    DeviceError,
    array_module,
    describe_gpu_failure,
    gpu_status,
    is_gpu_failure,
    move_network,
    move_optimizer,
)
from engine.files.modelio import load_model, save_model
from engine.nn.network import build_network
from engine.nn.optimizers import make_optimizer
from engine.training import runs as recipes
from engine.training.extensions import Callback, HostCheckpoint
from engine.training.plan import TrainSettings
from engine.training.presets import mlp_config
from engine.training.runs import build_training, train_to_end

import fake_cupy
from conftest import device_name
from fakes import tiny_dataset

ROOT = Path(__file__).resolve().parents[2]


# --- why there is no GPU ------------------------------------------------------------------------

def test_without_cupy_the_reason_says_what_to_install(monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch)
    status = gpu_status()
    assert not status.available
    assert "CuPy is not installed: pip install '.[gpu]'" in status.reason
    assert "cupy-cuda13x" in status.reason and "CUDA 12" in status.reason
    assert status.describe() == status.reason


def test_the_cpu_only_binary_says_it_is_the_cpu_only_build(monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "CPU-only" in gpu_status().reason and "./scripts/build --gpu" in gpu_status().reason


def test_the_gpu_binary_with_a_cupy_that_does_not_load_says_so(monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch, ModuleNotFoundError("No module named 'graphlib'",
                                                               name="graphlib"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "CuPy is installed but does not load (No module named 'graphlib')" in \
        gpu_status().reason


def test_a_cupy_that_does_not_load_is_named(monkeypatch):
    fake_cupy.uninstall_cupy(monkeypatch, OSError("libcuda.so.1: cannot open shared object file"))
    reason = gpu_status().reason
    assert "CuPy is installed but does not load (libcuda.so.1: cannot open" in reason


def _broken_runtime(error):
    def get_device_count():
        raise error
    return get_device_count


@pytest.mark.parametrize("setup,expected", [
    (lambda cp: setattr(cp.cuda.runtime, "getDeviceCount", _broken_runtime(
        fake_cupy.CUDARuntimeError("cudaErrorNoDevice: no CUDA-capable device is detected"))),
     "no usable NVIDIA driver (cudaErrorNoDevice: no CUDA-capable device is detected)"),
    (lambda cp: setattr(cp.cuda.runtime, "getDeviceCount", lambda: 0),
     "no NVIDIA GPU was found"),
    (lambda cp: cp.fail_after(1, fake_cupy.CUDARuntimeError(
        "cudaErrorInsufficientDriver: CUDA driver version is insufficient")),
     "Fake GPU 8GB does not run CuPy code (cudaErrorInsufficientDriver: CUDA driver version is "
     "insufficient); cupy-cuda12x needs an NVIDIA driver for CUDA 12"),
], ids=["no-driver", "no-device", "driver-too-old"])
def test_each_way_a_gpu_can_be_missing_is_told(monkeypatch, setup, expected):
    setup(fake_cupy.install(monkeypatch))
    status = gpu_status()
    assert not status.available
    assert expected in status.reason
    with pytest.raises(DeviceError, match="no GPU: "):
        array_module("gpu")


def test_a_working_gpu_shows_its_name_and_memory_and_is_probed_once(monkeypatch):
    cp = fake_cupy.install(monkeypatch, fake_cupy.FakeCupy(memory=int(79.1 * 2**30)))
    status = gpu_status()
    assert status.available and status.describe() == "Fake GPU 8GB, 79.1 GiB"
    calls = cp.calls
    assert gpu_status() is status and cp.calls == calls  # cached: the smoke test ran once
    assert array_module("gpu") is cp and array_module("cpu") is np


def test_device_names_are_checked():
    with pytest.raises(ValueError, match="device must be 'cpu' or 'gpu', not 'tpu'"):
        array_module("tpu")
    with pytest.raises(ValueError, match="device must be 'cpu' or 'gpu'"):
        TrainSettings(device="cuda").plan()


def test_gpu_failures_are_told_from_bugs():
    assert is_gpu_failure(fake_cupy.CUDARuntimeError("cudaErrorIllegalAddress"))
    assert is_gpu_failure(fake_cupy.OutOfMemoryError("out of memory allocating 400 MB"))
    assert is_gpu_failure(DeviceError("no GPU"))
    for bug in (TypeError("mixing arrays"), ValueError("bad shape"), MemoryError("host")):
        assert not is_gpu_failure(bug)
    assert describe_gpu_failure(fake_cupy.OutOfMemoryError("allocating 400 MB")) == \
        "The GPU ran out of memory (allocating 400 MB)"
    assert describe_gpu_failure(fake_cupy.CUDARuntimeError("cudaErrorIllegalAddress")) == \
        "The GPU failed (CUDARuntimeError: cudaErrorIllegalAddress)"


def test_the_fake_gpu_refuses_host_arrays_as_cupy_does(monkeypatch):
    """The fixture is only worth something if forgetting to move an array fails on it."""
    cp = fake_cupy.install(monkeypatch)
    on_gpu = cp.asarray(np.ones(3))
    with pytest.raises(TypeError, match="move it to the device first"):
        on_gpu + np.ones(3)
    with pytest.raises(TypeError, match="move it to the device first"):
        cp.matmul(on_gpu, np.ones(3))
    assert float(on_gpu.sum()) == 3.0 and type(cp.asnumpy(on_gpu)) is np.ndarray


# --- moving a run to the device ---------------------------------------------------------------

def test_moving_a_network_and_optimizer_there_and_back_keeps_every_value(xp):
    model = build_network(mlp_config(hidden=(8,), batchnorm=True))
    optimizer = make_optimizer("adam", lr=0.01)
    optimizer.update(model.params(), {k: np.ones_like(v) for k, v in model.params().items()})
    before = model.state_arrays()
    slots = optimizer.state_arrays()
    move_optimizer(optimizer, xp)
    move_network(model, xp)
    assert all(get_array_module(a) is xp for a in model.params().values())
    assert all(get_array_module(a) is xp for a in model.buffers().values())
    move_network(model, np)
    move_optimizer(optimizer, np)
    for name, array in model.state_arrays().items():
        assert type(array) is np.ndarray
        np.testing.assert_array_equal(array, before[name])
    for name, array in optimizer.state_arrays().items():
        np.testing.assert_array_equal(array, slots[name])


def test_a_gpu_run_holds_its_model_and_both_datasets_on_the_gpu(monkeypatch, tmp_path):
    cp = fake_cupy.install(monkeypatch)
    run = build_training(TrainSettings(preset="mlp", device="gpu", epochs=1, batch_size=20),
                         tiny_dataset(), out=tmp_path)
    assert run.device == "gpu" and run.notices == []
    arrays = [*run.model.params().values(), *run.train_set, *run.test_set,
              run.trainer.updater.iterator.x, run.trainer.updater.iterator.t]
    assert all(isinstance(a, cp.ndarray) for a in arrays)
    assert isinstance(run.trainer.get_extension("HostCheckpoint"), HostCheckpoint)
    assert run.trainer.get_extension("NonFiniteGuard").trigger == (50, "iteration")
    # a GPU measures in large passes; a CPU in cache-sized ones (test_runs.py)
    assert run.trainer.get_extension("validation").batch_size == 1000


def test_asking_for_a_missing_gpu_trains_on_the_cpu_and_says_why(monkeypatch, tmp_path):
    fake_cupy.uninstall_cupy(monkeypatch)
    run = build_training(TrainSettings(preset="mlp", device="gpu", iterations=3, batch_size=20),
                         tiny_dataset(), out=tmp_path)
    assert run.device == "cpu" and run.settings.device == "cpu"
    assert run.notices == [f"GPU not used: {gpu_status().reason}. Training on the CPU."]
    assert type(run.model.params()["0.W"]) is np.ndarray


def test_running_out_of_gpu_memory_while_moving_the_data_builds_on_the_cpu(monkeypatch,
                                                                          tmp_path):
    cp = fake_cupy.install(monkeypatch)
    gpu_status()  # probed before the failure is armed
    cp.fail_after(3, fake_cupy.OutOfMemoryError("out of memory allocating 188,160,000 bytes"))
    run = build_training(TrainSettings(preset="mlp", device="gpu", iterations=3, batch_size=20),
                         tiny_dataset(), out=tmp_path)
    assert run.device == "cpu"
    assert run.notices == ["The GPU ran out of memory (out of memory allocating 188,160,000 "
                           "bytes) while the data was moved there. Training on the CPU."]
    assert cp.freed >= 1  # its cached blocks were handed back


# --- the same training on every device ---------------------------------------------------------

@pytest.mark.parametrize("preset", ["mlp", "simple-cnn"])
def test_a_run_learns_on_every_device(xp, preset, tmp_path):
    run = build_training(TrainSettings(preset=preset, device=device_name(xp), epochs=2,
                                       batch_size=20, lr=0.01 if preset == "mlp" else None),
                         tiny_dataset(), out=tmp_path)
    assert run.device == device_name(xp)
    run, metrics = train_to_end(run)
    assert metrics["test_accuracy"] >= 0.9 and metrics["iterations"] == 20
    assert [entry["epoch"] for entry in run.log_report.log] == [1, 2]
    assert all(isinstance(value, (int, float)) for value in run.log_report.log[-1].values())


def _one_step(preset, device_name_, dataset):
    run = build_training(TrainSettings(preset=preset, device=device_name_, iterations=1,
                                       batch_size=16, seed=3), dataset, out=".")
    run.trainer.run()
    loss = float(run.trainer.observation["main/loss"])
    return loss, run.model.state_arrays()


@pytest.mark.parametrize("preset", ["mlp", "simple-cnn", "deep-cnn"])
def test_one_training_step_agrees_with_numpy_to_1e_5(xp, preset):
    """deep-cnn brings batch norm, dropout and augmentation: all drawn from the same host
    generators, so both devices see the same masks and warps."""
    dataset = tiny_dataset(n_train=32, n_test=10)
    loss, arrays = _one_step(preset, device_name(xp), dataset)
    reference_loss, reference = _one_step(preset, "cpu", dataset)
    assert loss == pytest.approx(reference_loss, rel=1e-5)
    assert set(arrays) == set(reference)
    for name, array in arrays.items():
        assert type(array) is np.ndarray and array.dtype == np.float32
        difference = np.linalg.norm(array - reference[name])
        assert difference <= 1e-5 * max(np.linalg.norm(reference[name]), 1e-12), name


@pytest.mark.parametrize("preset,optimizer,budget", [("mlp", "momentum", 45),
                                                     ("simple-cnn", "adam", 80)])
def test_a_training_step_launches_few_device_operations(monkeypatch, preset, optimizer, budget):
    """At MNIST sizes a GPU step costs what it launches, not what it computes. With the
    parameters packed into one array, the optimizer takes about a dozen operations whatever
    the number of layers (a SimpleConvNet step with Adam took 138 before, the MLP 63)."""
    cp = fake_cupy.install(monkeypatch)
    run = build_training(TrainSettings(preset=preset, device="gpu", optimizer=optimizer,
                                       iterations=3, batch_size=20), tiny_dataset(), out=".")
    updater = run.trainer.updater
    updater.update()  # the first step creates the optimizer's slots
    before = cp.calls
    updater.update()
    assert cp.calls - before <= budget


# --- when the GPU fails -------------------------------------------------------------------------

def _gpu_run(tmp_path, epochs=3):
    return build_training(TrainSettings(preset="mlp", hidden=(32,), device="gpu", epochs=epochs,
                                        batch_size=20, seed=1), tiny_dataset(), out=tmp_path)


def test_a_gpu_that_fails_mid_run_hands_over_to_the_cpu_and_nothing_is_lost(monkeypatch,
                                                                            tmp_path):
    uninterrupted = build_training(TrainSettings(preset="mlp", hidden=(32,), epochs=3,
                                                 batch_size=20, seed=1), tiny_dataset(),
                                   out=tmp_path)
    _, expected_metrics = train_to_end(uninterrupted)
    cp = fake_cupy.install(monkeypatch)
    run = _gpu_run(tmp_path)
    per_epoch = run.iterations_per_epoch

    def fail_in_epoch_two(trainer):
        if trainer.updater.iteration == per_epoch + 4:
            cp.fail_after(5, fake_cupy.CUDARuntimeError("cudaErrorIllegalAddress"))
    run.trainer.extend(fail_in_epoch_two, name="saboteur")
    told = []
    prepared = []
    run, metrics = train_to_end(run, prepare=prepared.append, notify=told.append)

    assert run.device == "cpu" and prepared == [run]
    assert told == [f"The GPU failed (CUDARuntimeError: cudaErrorIllegalAddress). Training "
                    f"goes on on the CPU from iteration {per_epoch} (epoch 1); nothing before "
                    f"that is lost."]
    assert run.notices == told
    assert metrics["iterations"] == 3 * per_epoch and metrics["epochs"] == 3
    assert [entry["epoch"] for entry in run.log_report.log] == [1, 2, 3]
    # the same seed, shuffles and steps: the handed-over run ends where one on the CPU does
    assert metrics["test_accuracy"] == expected_metrics["test_accuracy"]
    for name, array in run.model.state_arrays().items():
        np.testing.assert_allclose(array, uninterrupted.model.state_arrays()[name], rtol=1e-6,
                                   atol=1e-7)


def test_a_cpu_restart_keeps_the_checks_and_the_hyperparameters_in_force_and_asked(
        monkeypatch, tmp_path):
    fake_cupy.install(monkeypatch)
    run = build_training(TrainSettings(preset="mlp", hidden=(32,), device="gpu", epochs=3,
                                       batch_size=20, seed=1), tiny_dataset(), out=tmp_path,
                         checks_per_epoch=5, check_size=30)
    per_epoch = run.iterations_per_epoch

    def change_then_fail(trainer):
        if trainer.updater.iteration == per_epoch + 2:
            run.request_hyperparameters(lr=0.02)
        if trainer.updater.iteration == per_epoch + 4:
            run.request_hyperparameters(weight_decay=0.003)
        if trainer.updater.iteration == per_epoch + 5:
            run.request_hyperparameters(lr_decay=0.5)  # asked, never applied on the GPU
            raise fake_cupy.CUDARuntimeError("cudaErrorIllegalAddress")
    run.trainer.extend(change_then_fail, name="saboteur")
    reports = []
    run, metrics = train_to_end(run, prepare=lambda cpu_run: cpu_run.trainer.extend(
        Callback(reports.append)))
    assert run.device == "cpu" and (run.checks_per_epoch, run.check_size) == (5, 30)
    assert [r["iteration"] for r in reports if "check/main/accuracy" in r] == \
        list(range(per_epoch + 2, 3 * per_epoch + 1, 2))
    # the CPU run goes on from the checkpoint at the end of epoch 1, with the values the GPU
    # run had last: put into force again before its first update
    assert run.hyperparameter_changes == [
        {"iteration": per_epoch + 2, "lr": 0.02, "lr_decay": 1.0, "weight_decay": 0.0},
        {"iteration": per_epoch + 4, "lr": 0.02, "lr_decay": 1.0, "weight_decay": 0.003},
        {"iteration": per_epoch, "lr": 0.02, "lr_decay": 0.5, "weight_decay": 0.003}]
    assert run.current_hyperparameters() == {"lr": 0.02 * 0.5 ** 2, "lr_decay": 0.5,
                                             "weight_decay": 0.003}
    assert metrics["iterations"] == 3 * per_epoch


def test_a_gpu_that_fails_before_the_first_epoch_restarts_from_the_beginning(monkeypatch,
                                                                             tmp_path):
    cp = fake_cupy.install(monkeypatch)
    run = _gpu_run(tmp_path, epochs=1)
    gpu_status()
    cp.fail_after(40, fake_cupy.OutOfMemoryError("out of memory"))
    told = []
    run, metrics = train_to_end(run, notify=told.append)
    assert run.device == "cpu" and metrics["iterations"] == run.total_iterations
    assert "from iteration 0 (epoch 0)" in told[0]


def test_a_gpu_failure_after_a_stop_keeps_the_run_stopped(monkeypatch, tmp_path):
    cp = fake_cupy.install(monkeypatch)
    run = _gpu_run(tmp_path)
    per_epoch = run.iterations_per_epoch

    def stop_then_fail(trainer):
        if trainer.updater.iteration == per_epoch:
            trainer.request_stop()
            cp.fail_after(1, fake_cupy.CUDARuntimeError("cudaErrorLaunchFailure"))
    run.trainer.extend(stop_then_fail, name="saboteur", priority=-200)  # after the checkpoint
    run, metrics = train_to_end(run)
    assert run.device == "cpu" and run.trainer.stop_reason == "stopped by request"
    assert metrics["iterations"] == per_epoch


def test_a_caller_that_stopped_meanwhile_gets_the_checkpoint_without_more_training(
        monkeypatch, tmp_path):
    """The window's case: Stop was pressed while the GPU failed; prepare() returns False."""
    cp = fake_cupy.install(monkeypatch)
    run = _gpu_run(tmp_path)
    per_epoch = run.iterations_per_epoch

    def fail_in_epoch_two(trainer):
        if trainer.updater.iteration == per_epoch + 4:
            cp.fail_after(5, fake_cupy.CUDARuntimeError("cudaErrorLaunchFailure"))
    run.trainer.extend(fail_in_epoch_two, name="saboteur")
    run, metrics = train_to_end(run, prepare=lambda cpu_run: False)
    assert run.device == "cpu" and run.trainer.stop_reason == "stopped by request"
    assert metrics["iterations"] == per_epoch  # the checkpoint's, kept


def test_a_gpu_that_fails_while_measuring_a_finished_run_finishes_it_on_the_cpu(monkeypatch,
                                                                                tmp_path):
    fake_cupy.install(monkeypatch)
    run = build_training(TrainSettings(preset="mlp", hidden=(32,), device="gpu", iterations=25,
                                       batch_size=20), tiny_dataset(), out=tmp_path)
    measured = recipes.final_metrics

    def fails_once(measured_run, **options):
        if measured_run.device == "gpu":
            raise fake_cupy.CUDARuntimeError("cudaErrorECCUncorrectable")
        return measured(measured_run, **options)
    monkeypatch.setattr(recipes, "final_metrics", fails_once)
    told = []
    run, metrics = train_to_end(run, notify=told.append)
    assert "from iteration 20 (epoch 2)" in told[0]  # the last epoch's checkpoint
    assert run.device == "cpu" and run.trainer.stop_reason == "completed"
    assert metrics["iterations"] == 25


def test_a_bug_on_the_gpu_is_not_mistaken_for_a_failing_gpu(monkeypatch, tmp_path):
    cp = fake_cupy.install(monkeypatch)
    run = _gpu_run(tmp_path)
    gpu_status()
    cp.fail_after(30, TypeError("an engine bug"))
    with pytest.raises(TypeError, match="an engine bug"):
        train_to_end(run)


# --- files never hold device arrays -----------------------------------------------------------

def test_a_model_trained_on_the_gpu_opens_on_a_cpu_only_pc(monkeypatch, tmp_path):
    fake_cupy.install(monkeypatch)
    run = build_training(TrainSettings(preset="simple-cnn", device="gpu", iterations=5,
                                       batch_size=20), tiny_dataset(), out=tmp_path)
    run, metrics = train_to_end(run)
    path = tmp_path / "gpu-trained.npz"
    save_model(path, run.model)
    with np.load(path) as archive:  # never allow_pickle: plain NumPy arrays only
        assert all(archive[name].dtype != object for name in archive.files)
    fake_cupy.uninstall_cupy(monkeypatch)
    loaded = load_model(path).model
    assert type(loaded.params()["1.W"]) is np.ndarray
    x, t = (to_numpy(a) for a in run.test_set)
    assert loaded.accuracy(x, t) == metrics["test_accuracy"]


# --- CPU-only machines pay nothing ------------------------------------------------------------

CPU_SESSION = """
import sys
import engine
from engine.training.plan import TrainSettings
from engine.training.runs import build_training, train_to_end
from engine.files.modelio import save_model
from engine.inference import predict_digit
sys.path.insert(0, {tests!r})
from fakes import tiny_dataset
run = build_training(TrainSettings(preset="simple-cnn", device={device!r}, iterations=2,
                                   batch_size=20), tiny_dataset(), out={out!r})
run, metrics = train_to_end(run)
save_model({out!r} + "/m.npz", run.model)
predict_digit(engine.load_model({out!r} + "/m.npz").model, run.dataset.x_test[0] / 255.0)
print(run.device)
"""


@pytest.mark.parametrize("device_name_", ["cpu", "gpu"])
def test_cupy_is_imported_only_when_the_gpu_is_asked_for(tmp_path, device_name_):
    """A 'cupy' that leaves a mark when imported (and then fails, as on a PC with no GPU)."""
    package = tmp_path / "site" / "cupy"
    package.mkdir(parents=True)
    mark = tmp_path / "imported"
    (package / "__init__.py").write_text(
        f"open({str(mark)!r}, 'w').close()\nraise ImportError('libcudart.so.12: not found')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(ROOT)])}
    code = CPU_SESSION.format(tests=str(ROOT / "tests" / "engine"), device=device_name_,
                              out=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cpu"
    assert mark.exists() == (device_name_ == "gpu")


# --- the command line ---------------------------------------------------------------------------

def _tiny_mnist(tmp_path):
    from fakes import idx_bytes  # noqa: PLC0415
    dataset = tiny_dataset()
    folder = tmp_path / "data"
    folder.mkdir()
    for stem, array in (("train-images-idx3-ubyte", dataset.x_train),
                        ("train-labels-idx1-ubyte", dataset.t_train),
                        ("t10k-images-idx3-ubyte", dataset.x_test),
                        ("t10k-labels-idx1-ubyte", dataset.t_test)):
        (folder / stem).write_bytes(idx_bytes(array))
    return folder


def test_cli_device_gpu_without_a_gpu_warns_and_trains_on_the_cpu(monkeypatch, tmp_path, capsys):
    fake_cupy.uninstall_cupy(monkeypatch)
    out = tmp_path / "m.npz"
    code = main(["train", "--device", "gpu", "--iterations", "5", "--batch-size", "20",
                 "--data", str(_tiny_mnist(tmp_path)), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and out.exists()
    assert "warning: GPU not used: CuPy is not installed: pip install '.[gpu]'" in err
    assert "training on the CPU with NumPy" in err
    assert load_model(out).header["extra"]["settings"]["device"] == "cpu"


def test_cli_trains_on_the_gpu_and_saves_a_numpy_model(monkeypatch, tmp_path, capsys):
    fake_cupy.install(monkeypatch)
    out = tmp_path / "m.npz"
    code = main(["train", "--device", "gpu", "--epochs", "2", "--batch-size", "20",
                 "--data", str(_tiny_mnist(tmp_path)), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "training on the GPU (Fake GPU 8GB, 8.0 GiB) with CuPy" in captured.err
    assert "warning" not in captured.err
    loaded = load_model(out)
    assert loaded.header["extra"]["settings"]["device"] == "gpu"
    assert type(loaded.model.params()["0.W"]) is np.ndarray


@pytest.mark.slow  # an epoch of the full MNIST
def test_bench_prints_the_product_with_and_without_synchronising(monkeypatch, capsys):
    fake_cupy.install(monkeypatch)
    code = main(["bench", "--epochs", "1", "--matmul-size", "64", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["gpu_available"] and result["gpu"] == "Fake GPU 8GB, 8.0 GiB"
    assert [m["module"] for m in result["matmul"]] == ["numpy", "cupy"]
    assert [m["repeats"] for m in result["matmul"]] == [1, 5]
    assert all(m["seconds"] >= m["launch_seconds"] > 0 for m in result["matmul"])
    assert len(result["gpu_mlp_epoch_seconds"]) == 1
    main(["bench", "--epochs", "1", "--matmul-size", "64"])
    text = capsys.readouterr().out
    assert "64x64 float32 product, numpy:" in text
    assert "the call alone returns in" in text and "measures the launch, not the product" in text


def test_bench_refuses_nonsense_sizes(capsys):
    assert main(["bench", "--matmul-size", "-1"]) == 2
    assert "--matmul-size >= 0" in capsys.readouterr().err
