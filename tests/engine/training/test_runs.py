"""TrainSettings -> a wired Trainer: what a GUI form or the CLI gets for its choices."""
import numpy as np
import pytest

from engine.files.modelio import load_model, save_model
from engine.training.extensions import ExponentialShift, LogReport
from engine.training.plan import TrainSettings
from engine.training.runs import build_training, final_metrics, model_metadata

from fakes import tiny_dataset


def test_a_built_run_learns_and_reports_its_metrics(tmp_path):
    dataset = tiny_dataset()
    run = build_training(TrainSettings(preset="mlp", hidden=(32,), lr=0.05, epochs=5,
                                       batch_size=20, lr_decay=0.9), dataset, out=tmp_path)
    assert isinstance(run.log_report, LogReport)
    assert any(isinstance(ext, ExponentialShift) for _, ext in run.trainer.extensions())
    assert run.train_set[0].dtype == np.float32 and run.train_set[0].shape == (200, 1, 28, 28)
    assert run.total_iterations == 50  # 5 epochs of 200 images in batches of 20
    run.trainer.run()
    metrics = final_metrics(run)
    assert metrics["epochs"] == 5 and metrics["iterations"] == 50
    assert metrics["test_accuracy"] >= 0.9  # the bands are trivially separable
    assert run.optimizer.lr == pytest.approx(0.05 * 0.9 ** 5)
    assert [entry["epoch"] for entry in run.log_report.log] == [1, 2, 3, 4, 5]
    assert "validation/main/accuracy" in run.log_report.log[-1]


def test_same_seed_gives_the_same_run():
    dataset = tiny_dataset()
    finals = []
    for _ in range(2):
        run = build_training(TrainSettings(hidden=(16,), iterations=20, batch_size=10, seed=3,
                                           dropout=0.2), dataset, out="unused")
        run.trainer.run()
        finals.append(run.model.state_arrays())
    for name in finals[0]:
        np.testing.assert_array_equal(finals[0][name], finals[1][name])


def test_total_iterations_counts_the_smaller_last_batch_and_plain_iteration_runs():
    dataset = tiny_dataset(n_train=205)
    by_epoch = build_training(TrainSettings(hidden=(8,), epochs=3, batch_size=20), dataset)
    assert by_epoch.total_iterations == 3 * 11 and by_epoch.iterations_per_epoch == 11
    by_count = build_training(TrainSettings(hidden=(8,), iterations=7, batch_size=20), dataset)
    assert by_count.total_iterations == 7


def test_model_metadata_is_what_save_model_records(tmp_path):
    run = build_training(TrainSettings(hidden=(8,), epochs=2, batch_size=50, lr_decay=0.5),
                         tiny_dataset())
    run.trainer.run()
    metadata = model_metadata(run, {"test_accuracy": 0.5})
    run.log_report.log.clear()  # the metadata is a copy: later changes to the run don't reach it
    loaded = load_model(save_model(tmp_path / "m.npz", run.model, **metadata))
    assert loaded.dataset == {"name": "tiny", "classes": [str(d) for d in range(10)]}
    assert loaded.metrics == {"test_accuracy": 0.5}
    assert [row["epoch"] for row in loaded.history] == [1, 2]
    assert loaded.header["extra"]["settings"]["lr_decay"] == 0.5
    assert loaded.header["extra"]["train"]["epochs"] == 2


def test_augmentation_warps_the_training_batches_only(tmp_path):
    dataset = tiny_dataset()
    plain = build_training(TrainSettings(preset="mlp", hidden=(8,), epochs=1, batch_size=20),
                           dataset, out=tmp_path)
    warped = build_training(TrainSettings(preset="mlp", hidden=(8,), epochs=1, batch_size=20,
                                          augment=True, elastic=True), dataset, out=tmp_path)
    assert plain.trainer.updater.iterator.transform is None
    augmentation = warped.trainer.updater.iterator.transform
    assert augmentation.config()["elastic"] is True
    x_plain, t_plain = next(plain.trainer.updater.iterator)
    x_warped, t_warped = next(warped.trainer.updater.iterator)
    np.testing.assert_array_equal(t_plain, t_warped)  # same shuffle, labels untouched
    assert not np.array_equal(x_plain, x_warped)
    assert x_warped.dtype == np.float32 and 0 <= x_warped.min() and x_warped.max() <= 1
    np.testing.assert_array_equal(warped.test_set[0], plain.test_set[0])  # tests stay real
    recorded = model_metadata(warped, {})["extra"]["augmentation"]
    assert recorded == {**augmentation.config(), "elastic": True}
    assert model_metadata(plain, {})["extra"]["augmentation"] is None


def test_a_short_cnn_run_learns(tmp_path):
    run = build_training(TrainSettings(preset="simple-cnn", epochs=3, batch_size=20, lr=0.002),
                         tiny_dataset(), out=tmp_path)
    run.trainer.run()
    metrics = final_metrics(run)
    assert metrics["test_accuracy"] >= 0.9, metrics
    assert run.log_report.log[-1]["main/loss"] < run.log_report.log[0]["main/loss"]
