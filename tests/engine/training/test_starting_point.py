"""Continuing a trained model (issue 18, item 7): a run built from a StartingPoint begins with
exactly the model's weights, learns on from there, records what it continued, and refuses
settings that describe another network with a sentence."""
import dataclasses

import numpy as np
import pytest

import engine
from engine.training.runs import model_metadata

from fakes import tiny_dataset

SETTINGS = engine.TrainSettings(preset="mlp", hidden=(8,), batch_size=20, epochs=2, seed=1)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    run = engine.build_training(SETTINGS, tiny_dataset(), out=tmp_path_factory.mktemp("r"))
    run, metrics = engine.train_to_end(run)
    return run, metrics


def test_a_continued_run_begins_with_the_models_weights(trained, tmp_path):
    run, _ = trained
    start = engine.StartingPoint.of(run.model, model="trained", iterations=20)
    continued = engine.build_training(dataclasses.replace(SETTINGS, seed=5), tiny_dataset(),
                                      out=tmp_path, start_from=start)
    for name, array in run.model.params().items():
        np.testing.assert_array_equal(continued.model.params()[name], array, err_msg=name)
    start.arrays["0.W"][...] = 0  # the run holds its own copy, not the model's arrays
    assert np.any(continued.model.params()["0.W"] != 0)


def test_a_continued_run_learns_on_from_where_the_model_was(trained, tmp_path):
    run, _ = trained
    first_epoch_loss = run.log_report.log[0]["main/loss"]
    continued = engine.build_training(SETTINGS, tiny_dataset(), out=tmp_path,
                                      start_from=engine.StartingPoint.of(run.model))
    continued, metrics = engine.train_to_end(continued)
    assert continued.log_report.log[0]["main/loss"] < first_epoch_loss / 2
    assert metrics["iterations"] == 20  # the form's length more, counted from 0


def test_the_continued_model_records_what_it_continued(trained, tmp_path):
    run, _ = trained
    start = engine.StartingPoint.of(run.model, model="a.npz", test_accuracy=0.5, iterations=20)
    continued = engine.build_training(SETTINGS, tiny_dataset(), out=tmp_path, start_from=start)
    continued, metrics = engine.train_to_end(continued)
    extra = model_metadata(continued, metrics)["extra"]
    assert extra["continued_from"] == {"model": "a.npz", "test_accuracy": 0.5, "iterations": 20}
    assert "continued_from" not in model_metadata(*trained)["extra"]


def test_settings_for_another_network_are_refused_with_a_sentence(trained, tmp_path):
    run, _ = trained
    with pytest.raises(engine.ConfigError, match="another network than the model to continue"):
        engine.build_training(dataclasses.replace(SETTINGS, hidden=(9,)), tiny_dataset(),
                              out=tmp_path, start_from=engine.StartingPoint.of(run.model))


@pytest.mark.parametrize("values, words", [
    ({"preset": "mlp", "hidden": [8]}, None),
    ({"preset": "mlp", "nonsense": 1}, "not training settings DigitLab knows"),
    ([1, 2], "not training settings DigitLab knows"),
    ({"preset": "no-such"}, "not settings DigitLab can train"),
    ({"preset": "mlp", "lr": -1}, "learning rate"),
])
def test_recorded_settings_read_back_or_are_refused(values, words):
    if words is None:
        assert engine.TrainSettings.from_dict(values).hidden == (8,)
    else:
        with pytest.raises(ValueError, match=words):
            engine.TrainSettings.from_dict(values)


@pytest.mark.parametrize("lr", [None, 0.5])
def test_fine_tuning_settings_train_the_whole_mix_at_a_tenth_of_the_rate(lr):
    settings = engine.TrainSettings(preset="mlp", hidden=(8,), lr=lr, iterations=600,
                                    train_subset=100, label_noise=0.2, seed=3)
    tuned = settings.for_fine_tuning(2)
    assert (tuned.epochs, tuned.iterations, tuned.train_subset, tuned.label_noise) == \
        (2, None, None, None)
    assert tuned.lr == pytest.approx(settings.plan().lr * 0.1, rel=1e-15)
    assert tuned.plan().network == settings.plan().network  # the same network, so it fits
