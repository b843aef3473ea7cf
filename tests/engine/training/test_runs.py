"""TrainSettings -> a wired Trainer: what a GUI form or the CLI gets for its choices."""
import numpy as np
import pytest
from fakes import tiny_dataset

from engine.training.extensions import ExponentialShift, LogReport
from engine.training.runs import TrainSettings, build_training, final_metrics, model_metadata


def test_preset_values_are_used_when_nothing_is_overridden():
    network, train = TrainSettings(preset="book-ch05").resolved()
    assert train == {"optimizer": "sgd", "lr": 0.1, "batch_size": 100, "iterations": 10000}
    affine = [layer for layer in network["layers"] if layer["type"] == "Affine"]
    assert [layer.get("out") for layer in affine] == [50, 10]


def test_overrides_replace_the_presets_values():
    network, train = TrainSettings(preset="mlp", hidden=(32, 16), dropout=0.25, optimizer="adam",
                                   lr=0.003, batch_size=64, epochs=2, seed=7).resolved()
    kinds = [layer["type"] for layer in network["layers"]]
    assert kinds.count("Dropout") == 2
    affine = [layer for layer in network["layers"] if layer["type"] == "Affine"]
    assert [layer["out"] for layer in affine] == [32, 16, 10]
    assert network["seed"] == 7
    assert train["optimizer"] == "adam" and train["lr"] == 0.003 and train["batch_size"] == 64


def test_epochs_and_iterations_replace_each_other():
    _, train = TrainSettings(preset="book-ch05", epochs=3).resolved()
    assert train["epochs"] == 3 and "iterations" not in train
    _, train = TrainSettings(preset="mlp", iterations=50).resolved()
    assert train["iterations"] == 50 and "epochs" not in train


@pytest.mark.parametrize("settings,message", [
    (TrainSettings(preset="torch-example"), "regression demo"),
    (TrainSettings(lr=0.0), "learning rate"),
    (TrainSettings(lr=float("nan")), "learning rate"),
    (TrainSettings(batch_size=0), "batch size"),
    (TrainSettings(epochs=0), "at least 1"),
    (TrainSettings(lr_decay=1.5), "lr_decay"),
    (TrainSettings(preset="simple-cnn", hidden=(50,)), "hidden: only the MLP presets"),
    (TrainSettings(preset="deep-cnn", dropout=0.1, batchnorm=True),
     "batchnorm, dropout: only the MLP presets"),
    (TrainSettings(preset="mlp", elastic=True), "turn augmentation on"),
])
def test_impossible_settings_are_explained(settings, message):
    with pytest.raises(ValueError, match=message):
        settings.resolved()


def test_unknown_preset_names_the_choices():
    with pytest.raises(KeyError, match="mlp-wide"):
        TrainSettings(preset="resnet").resolved()


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
    from engine import load_model, model_metadata, save_model
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


def test_cnn_presets_take_the_seed_and_the_augmentation_switch():
    network, train = TrainSettings(preset="deep-cnn", seed=5).resolved()
    assert network["seed"] == 5 and network["layers"][1]["type"] == "Convolution"
    assert train["augment"] is True  # the preset's choice
    _, train = TrainSettings(preset="deep-cnn", augment=False).resolved()
    assert train["augment"] is False
    _, train = TrainSettings(preset="simple-cnn", augment=True, elastic=True).resolved()
    assert (train["augment"], train["elastic"]) == (True, True)


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
