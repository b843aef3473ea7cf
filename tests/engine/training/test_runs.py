"""TrainSettings -> a wired Trainer: what a GUI form or the CLI gets for its choices."""
import dataclasses
import threading

import numpy as np
import pytest

from engine.files.modelio import load_model, save_model
from engine.nn.network import ConfigError
from engine.training.extensions import Callback, ExponentialShift, LogReport
from engine.training.plan import TrainSettings
from engine.training.runs import build_training, final_metrics, model_metadata, train_to_end
from engine.training.trainer import PRIORITY_WRITER

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


def test_the_lesson_preset_falls_linearly_to_zero_and_the_model_records_its_schedule(tmp_path):
    dataset = tiny_dataset(n_train=200)
    run = build_training(TrainSettings(preset="lesson-cnn", epochs=2), dataset, out=tmp_path)
    assert run.total_iterations == 8  # 2 epochs of 200 images in the preset's batches of 50
    used = []
    run.trainer.extend(lambda t: used.append(t.updater.optimizer.lr), priority=PRIORITY_WRITER)
    run.trainer.run()
    assert used == pytest.approx([0.005 * (1 - i / 8) for i in range(8)])
    assert run.optimizer.lr == 0.0
    assert run.plan.training_config()["lr_schedule"] == "linear"
    assert model_metadata(run, final_metrics(run))["extra"]["train"]["lr_schedule"] == "linear"


def test_a_schedule_the_engine_does_not_know_is_refused():
    with pytest.raises(ValueError, match="lr_schedule must be 'linear' or None, got 'cosine'"):
        dataclasses.replace(TrainSettings(preset="lesson-cnn").plan(), lr_schedule="cosine")


# --- the final measurement: in batches, with progress, skippable ------------------------------

def _short_run(n_train=2500, n_test=1200, **settings):
    options = {"hidden": (8,), "iterations": 3, "batch_size": 50, **settings}
    run = build_training(TrainSettings(**options), tiny_dataset(n_train, n_test), out="unused")
    run.trainer.run()
    return run


def test_final_metrics_measure_both_sets_in_batches_of_1000_and_tell_the_progress():
    run = _short_run()
    told = []
    metrics = final_metrics(run, progress=lambda done, total: told.append((done, total)))
    # the start, then the test set (1000 + 200), then the training set (1000 + 1000 + 500)
    assert told == [(0, 3700), (1000, 3700), (1200, 3700), (2200, 3700), (3200, 3700),
                    (3700, 3700)]
    assert metrics["test_accuracy"] == run.model.accuracy(*run.test_set)
    assert metrics["train_accuracy"] == run.model.accuracy(*run.train_set)
    assert metrics["measured_images"] == 3700
    assert metrics["iterations"] == 3 and metrics["epochs"] == round(3 / 50, 4)
    assert all(type(value) in (int, float) for value in metrics.values())


def test_a_cpu_measures_in_passes_of_100_images_that_suit_its_caches(monkeypatch):
    run = build_training(TrainSettings(hidden=(8,), epochs=1, batch_size=50),
                         tiny_dataset(2500, 1200), checks_per_epoch=1, check_size=250)
    assert run.trainer.get_extension("validation").batch_size == 100
    assert run.trainer.get_extension("check").batch_size == 100
    run.trainer.run()
    passes = []
    predict = run.model.predict
    monkeypatch.setattr(run.model, "predict",
                        lambda x, train=True: passes.append(len(x)) or predict(x, train))
    told = []
    metrics = final_metrics(run, progress=lambda done, total: told.append(done))
    assert passes == [100] * 12 + [100] * 25  # the test set's 1,200, the training set's 2,500
    assert told == [0, 1000, 1200, 2200, 3200, 3700]  # progress still moves 1,000 at a time
    assert metrics["test_accuracy"] == run.model.accuracy(*run.test_set)


def test_skipping_the_final_measurement_takes_the_last_logged_figures():
    run = _short_run(epochs=2, iterations=None)
    asked, told = [], []

    def skip_on_the_third_batch():
        asked.append(len(told))
        return len(asked) == 3
    metrics = final_metrics(run, progress=lambda done, total: told.append(done),
                            should_skip=skip_on_the_third_batch)
    assert told == [0, 1000, 1200] and asked == [1, 2, 3]  # before each batch, then stopped
    last = run.log_report.log[-1]
    assert last["epoch"] == 2
    assert metrics["test_accuracy"] == last["validation/main/accuracy"]
    assert metrics["train_accuracy"] == last["main/accuracy"]
    assert metrics["measured_images"] == 0 and metrics["iterations"] == 100


def test_skipping_before_anything_was_logged_leaves_the_accuracies_out():
    run = _short_run(epochs=1, iterations=None)
    run.log_report.log.clear()
    metrics = final_metrics(run, should_skip=lambda: True)
    assert set(metrics) == {"train_seconds", "epochs", "iterations", "measured_images"}
    assert metrics["measured_images"] == 0
    run.log_report.log.append({"epoch": 1, "main/accuracy": 0.25})  # no validation ran
    assert final_metrics(run, should_skip=lambda: True)["train_accuracy"] == 0.25
    assert "test_accuracy" not in final_metrics(run, should_skip=lambda: True)


def test_train_to_end_passes_progress_and_skip_to_the_final_measurement():
    run = build_training(TrainSettings(hidden=(8,), epochs=1, batch_size=50),
                         tiny_dataset(1500, 100), out="unused")
    told = []
    run, measured = train_to_end(run, evaluation_progress=lambda *args: told.append(args))
    assert told == [(0, 1600), (100, 1600), (1100, 1600), (1600, 1600)]
    assert measured["measured_images"] == 1600
    run = build_training(TrainSettings(hidden=(8,), epochs=1, batch_size=50),
                         tiny_dataset(1500, 100), out="unused")
    run, skipped = train_to_end(run, skip_evaluation=lambda: True)
    assert skipped["measured_images"] == 0
    assert skipped["test_accuracy"] == run.log_report.log[-1]["validation/main/accuracy"]


# --- frequent checks on a test sample ----------------------------------------------------------

def _reports_of(run):
    reports = []
    run.trainer.extend(Callback(reports.append))
    run.trainer.run()
    return reports


def test_checks_put_a_test_sample_measure_into_every_nth_report_but_not_into_the_log():
    dataset = tiny_dataset()  # 200 training images: 10 batches of 20 per epoch
    run = build_training(TrainSettings(hidden=(16,), epochs=2, batch_size=20), dataset,
                         checks_per_epoch=4, check_size=1000)
    assert (run.checks_per_epoch, run.check_size) == (4, 1000)
    reports = _reports_of(run)
    checked = [r["iteration"] for r in reports if "check/main/accuracy" in r]
    assert checked == list(range(2, 21, 2))  # every 10 // 4 = 2 iterations
    assert all("check/main/loss" in r for r in reports if r["iteration"] in checked)
    # a sample as large as the test set is the test set: at an epoch's end both agree
    for report in (reports[9], reports[19]):
        assert report["check/main/loss"] == report["validation/main/loss"]
        assert report["check/main/accuracy"] == report["validation/main/accuracy"]
    plain = build_training(TrainSettings(hidden=(16,), epochs=2, batch_size=20), dataset)
    plain.trainer.run()
    assert [set(entry) for entry in run.log_report.log] == \
        [set(entry) for entry in plain.log_report.log]
    assert not any(key.startswith("check/") for entry in run.log_report.log for key in entry)


def test_the_check_sample_is_fixed_by_the_seed_and_has_check_size_images():
    dataset = tiny_dataset(n_test=50)

    def sample(seed):
        run = build_training(TrainSettings(hidden=(8,), epochs=1, batch_size=20, seed=seed),
                             dataset, checks_per_epoch=1, check_size=7)
        evaluator = run.trainer.get_extension("check")
        return [(x.copy(), t.copy()) for x, t in evaluator._batches()]
    first, again, other = sample(0), sample(0), sample(5)
    assert len(first) == 1 and first[0][0].shape == (7, 1, 28, 28)
    np.testing.assert_array_equal(first[0][0], again[0][0])
    assert not np.array_equal(first[0][1], other[0][1]) or \
        not np.array_equal(first[0][0], other[0][0])
    # 7 distinct test images, not repeats
    assert len({image.tobytes() for image in first[0][0]}) == 7


def test_more_checks_than_iterations_check_every_iteration():
    run = build_training(TrainSettings(hidden=(8,), epochs=1, batch_size=50), tiny_dataset(),
                         checks_per_epoch=10, check_size=5)
    assert all("check/main/accuracy" in report for report in _reports_of(run))


@pytest.mark.parametrize("options", [{"checks_per_epoch": -1}, {"checks_per_epoch": 1.5},
                                     {"checks_per_epoch": True}, {"checks_per_epoch": "2"},
                                     {"check_size": 0}, {"check_size": -5},
                                     {"check_size": 2.0}, {"check_size": None}])
def test_bad_check_options_are_refused(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        build_training(TrainSettings(hidden=(8,), epochs=1), tiny_dataset(), **options)


# --- hyperparameters changed mid-run -----------------------------------------------------------

def _run_with_lr(lr=0.05, epochs=3, **settings):
    return build_training(TrainSettings(hidden=(16,), lr=lr, epochs=epochs, batch_size=20,
                                        **settings), tiny_dataset(), out="unused")


def test_a_learning_rate_asked_mid_epoch_is_used_from_the_next_update_and_logged():
    run = _run_with_lr()
    assert run.current_hyperparameters() == {"lr": 0.05, "lr_decay": 1.0, "weight_decay": 0.0}
    seen = {}

    def ask_at_iteration_12(trainer):
        seen[trainer.updater.iteration] = run.optimizer.lr
        if trainer.updater.iteration == 12:
            run.request_hyperparameters(lr=0.2, lr_decay=0.5)
            assert run.optimizer.lr == 0.05  # not before the current iteration has ended
    run.trainer.extend(ask_at_iteration_12, name="asker")
    run.trainer.run()
    assert seen[12] == 0.05 and seen[13] == 0.2
    # entry 2 was logged at iteration 20 with 0.2, then the new decay halved it each epoch
    assert [entry["lr"] for entry in run.log_report.log] == [0.05, 0.2, 0.1]
    assert run.optimizer.lr == 0.05
    assert run.hyperparameter_changes == [
        {"iteration": 12, "lr": 0.2, "lr_decay": 0.5, "weight_decay": 0.0}]
    assert run.current_hyperparameters() == {"lr": 0.05, "lr_decay": 0.5, "weight_decay": 0.0}


def test_a_change_asked_during_a_pause_applies_to_the_first_update_after_resuming():
    run = _run_with_lr(epochs=2)
    trainer = run.trainer
    paused_at, lr_at = threading.Event(), {}

    def pause_at_iteration_5(trainer):
        lr_at[trainer.updater.iteration] = run.optimizer.lr
        if trainer.updater.iteration == 5:
            trainer.request_pause()
            paused_at.set()
    trainer.extend(pause_at_iteration_5, name="pauser")
    worker = threading.Thread(target=trainer.run)
    worker.start()
    try:
        assert paused_at.wait(60)
        for _ in range(60_000):  # the loop reaches its pause between iterations
            if trainer.waiting_in_pause:
                break
            paused_at.wait(0.001)
        assert trainer.waiting_in_pause
        run.request_hyperparameters(lr=0.01, weight_decay=0.001)
        assert run.current_hyperparameters()["lr"] == 0.05  # asked, not yet in force
        trainer.request_resume()
    finally:
        trainer.request_resume()
        worker.join(60)
    assert trainer.stop_reason == "completed"
    assert lr_at[5] == 0.05 and lr_at[6] == 0.01
    assert run.hyperparameter_changes == [
        {"iteration": 5, "lr": 0.01, "lr_decay": 1.0, "weight_decay": 0.001}]
    assert [hook.rate for hook in run.optimizer.hooks] == [0.001]
    assert [entry["lr"] for entry in run.log_report.log] == [0.01, 0.01]


def test_asking_for_the_values_in_force_records_no_change():
    run = _run_with_lr(epochs=1, lr_decay=0.9, weight_decay=0.01)
    run.request_hyperparameters(lr=0.05, lr_decay=0.9, weight_decay=0.01)
    run.trainer.run()
    assert run.hyperparameter_changes == []
    assert run.current_hyperparameters() == {"lr": pytest.approx(0.045), "lr_decay": 0.9,
                                             "weight_decay": 0.01}


def test_changes_are_saved_with_the_model(tmp_path):
    run = _run_with_lr(epochs=1)
    run.request_hyperparameters(weight_decay=0.5)
    run.trainer.run()
    metadata = model_metadata(run, final_metrics(run))
    loaded = load_model(save_model(tmp_path / "m.npz", run.model, **metadata))
    assert loaded.header["extra"]["changes"] == [
        {"iteration": 0, "lr": 0.05, "lr_decay": 1.0, "weight_decay": 0.5}]
    assert loaded.metrics["measured_images"] == 250


@pytest.mark.parametrize("values,fragment", [
    ({"lr": 0}, "learning rate must be greater than 0"),
    ({"lr": -0.1}, "learning rate must be greater than 0"),
    ({"lr": float("nan")}, "learning rate must be a finite number"),
    ({"lr": float("inf")}, "learning rate must be a finite number"),
    ({"lr": "0.1"}, "learning rate must be a number"),
    ({"lr": True}, "learning rate must be a number"),
    ({"lr_decay": 0}, "decay must be above 0 and at most 1"),
    ({"lr_decay": -0.5}, "decay must be above 0 and at most 1"),
    ({"lr_decay": 1.01}, "decay must be above 0 and at most 1"),
    ({"lr_decay": float("nan")}, "decay must be a finite number"),
    ({"weight_decay": -1e-4}, "weight decay must be 0 or more"),
    ({"weight_decay": float("inf")}, "weight decay must be a finite number"),
    ({"weight_decay": [0.1]}, "weight decay must be a number"),
])
def test_bad_hyperparameters_are_refused_and_nothing_changes(values, fragment):
    run = _run_with_lr(epochs=1)
    with pytest.raises(ConfigError, match=fragment):
        # a good value beside the bad one is not kept either
        run.request_hyperparameters(**{"lr": 0.3, "weight_decay": 0.2, **values})
    run.trainer.run()
    assert run.hyperparameter_changes == [] and run.optimizer.lr == 0.05
