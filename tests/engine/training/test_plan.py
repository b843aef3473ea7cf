"""TrainSettings -> TrainPlan: a preset and a user's overrides, checked, with a known length."""
import dataclasses

import pytest

from engine.nn.network import ConfigError
from engine.training import plan as plan_module
from engine.training.plan import TrainPlan, TrainSettings
from engine.training.presets import preset_names

from ceilings import outcome_and_peak

MNIST_TRAIN = 60_000


def test_preset_values_are_used_when_nothing_is_overridden():
    plan = TrainSettings(preset="book-ch05").plan()
    assert plan.training_config() == {"optimizer": "sgd", "lr": 0.1, "batch_size": 100,
                                      "iterations": 10000, "weight_decay": 0.0,
                                      "augment": False, "elastic": False,
                                      "label_noise": 0.0}  # on every image (no subset)
    affine = [layer for layer in plan.network["layers"] if layer["type"] == "Affine"]
    assert [layer.get("out") for layer in affine] == [50, 10]


def test_the_books_chapter_5_run_is_10000_iterations_not_17_epochs():
    plan = TrainSettings(preset="book-ch05").plan()
    assert (plan.unit, plan.length, plan.stop_trigger) == ("iteration", 10000, (10000, "iteration"))
    assert plan.total_iterations(MNIST_TRAIN) == 10000
    assert plan.iterations_per_epoch(MNIST_TRAIN) == 600
    assert plan.total_epochs(MNIST_TRAIN) == pytest.approx(16.6667, abs=1e-4)
    # on a dataset of another size the run is still 10,000 updates, of other epochs
    assert plan.total_iterations(1000) == 10000 and plan.total_epochs(1000) == 1000.0


def test_an_epoch_plan_counts_the_smaller_last_batch():
    plan = TrainSettings(preset="mlp", epochs=3, batch_size=20).plan()
    assert (plan.unit, plan.length) == ("epoch", 3)
    assert plan.iterations_per_epoch(205) == 11  # ten batches of 20 and one of 5
    assert plan.total_iterations(205) == 33 and plan.total_epochs(205) == 3.0
    with pytest.raises(ValueError, match="the training set is empty"):
        plan.total_iterations(0)


def test_overrides_replace_the_presets_values():
    plan = TrainSettings(preset="mlp", hidden=(32, 16), dropout=0.25, optimizer="adam",
                         lr=0.003, batch_size=64, epochs=2, seed=7).plan()
    kinds = [layer["type"] for layer in plan.network["layers"]]
    assert kinds.count("Dropout") == 2
    affine = [layer for layer in plan.network["layers"] if layer["type"] == "Affine"]
    assert [layer["out"] for layer in affine] == [32, 16, 10]
    assert plan.network["seed"] == 7
    assert (plan.optimizer, plan.lr, plan.batch_size, plan.epochs) == ("adam", 0.003, 64, 2)


def test_epochs_and_iterations_replace_each_other():
    plan = TrainSettings(preset="book-ch05", epochs=3).plan()
    assert (plan.epochs, plan.iterations, plan.unit) == (3, None, "epoch")
    plan = TrainSettings(preset="mlp", iterations=50).plan()
    assert (plan.epochs, plan.iterations, plan.unit) == (None, 50, "iteration")


def test_cnn_presets_take_the_seed_and_the_augmentation_switch():
    plan = TrainSettings(preset="deep-cnn", seed=5).plan()
    assert plan.network["seed"] == 5 and plan.network["layers"][1]["type"] == "Convolution"
    assert plan.augment is True  # the preset's choice
    assert TrainSettings(preset="deep-cnn", augment=False).plan().augment is False
    plan = TrainSettings(preset="simple-cnn", augment=True, elastic=True).plan()
    assert (plan.augment, plan.elastic) == (True, True)


@pytest.mark.parametrize("settings,message", [
    (TrainSettings(lr=0.0), "learning rate"),
    (TrainSettings(lr=float("nan")), "learning rate"),
    (TrainSettings(batch_size=0), "batch size"),
    (TrainSettings(epochs=0), "at least 1 epoch"),
    (TrainSettings(iterations=-5), "at least 1 iteration"),
    (TrainSettings(lr_decay=1.5), "lr_decay"),
    (TrainSettings(preset="simple-cnn", hidden=(50,)), "hidden: only the MLP presets"),
    (TrainSettings(preset="deep-cnn", dropout=0.1, batchnorm=True),
     "batchnorm, dropout: only the MLP presets"),
    (TrainSettings(preset="mlp", elastic=True), "turn augmentation on"),
    (TrainSettings(device="cuda"), "cuda"),
    (TrainSettings(hidden=(0,)), "at least one neuron, got 0"),
    (TrainSettings(hidden=(64, 0)), "at least one neuron, got 64, 0"),
])
def test_impossible_settings_are_explained(settings, message):
    with pytest.raises(ValueError, match=message):
        settings.plan()


def test_unknown_presets_and_demos_name_the_choices():
    for name in ("resnet", "torch-example"):
        with pytest.raises(KeyError, match="mlp-wide"):
            TrainSettings(preset=name).plan()


def test_a_plan_has_exactly_one_length_and_cannot_be_changed():
    network = TrainSettings().plan().network
    with pytest.raises(ValueError, match="one of them"):
        TrainPlan(network, "sgd", 0.1, 100, epochs=2, iterations=10)
    with pytest.raises(ValueError, match="one of them"):
        TrainPlan(network, "sgd", 0.1, 100)
    plan = TrainPlan(network, "sgd", 0.1, 100, epochs=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.lr = 1.0


# ----------------------------------------------------------------------------- memory



@pytest.mark.parametrize("hidden", [(3_000_000,), (10_000_000_000,), (1000, 20_000)])
def test_a_network_too_large_to_build_is_refused_with_a_sentence(hidden):
    """`train --hidden 3000000` ended in a MemoryError traceback; now nothing is allocated."""
    error, peak = outcome_and_peak(TrainSettings(hidden=hidden, epochs=1).plan, ValueError)
    assert isinstance(error, ConfigError)
    assert str(error).startswith("The network is too large: it has ")
    assert str(error).endswith("and DigitLab allows at most 10,000,000.")
    assert peak < 2**20


def test_a_batch_too_large_for_memory_is_refused_with_a_sentence():
    error, peak = outcome_and_peak(
        TrainSettings(preset="deep-cnn", batch_size=100_000).plan, ValueError)
    assert isinstance(error, ConfigError)
    assert str(error).startswith("Training this network with batches of 100,000 needs about ")
    assert "GB of memory, more than the" in str(error) and str(error).endswith("smaller batch.")
    assert peak < 2**20


def test_a_small_computer_lowers_the_limit(monkeypatch):
    monkeypatch.setattr(plan_module, "physical_memory_bytes", lambda: 2 * 2**30)
    assert plan_module.memory_allowance() == (2**30, "on this computer")
    with pytest.raises(ConfigError, match="more than the 1.0 GB DigitLab allows on this "
                                          "computer"):
        TrainSettings(preset="deep-cnn", batch_size=2000).plan()
    for name in preset_names():  # every preset still fits a 2 GB computer
        TrainSettings(preset=name).plan()


def test_an_unknown_memory_size_keeps_the_fixed_cap(monkeypatch):
    def no_such_name(name):
        raise ValueError(f"unrecognized configuration name {name!r}")

    monkeypatch.setattr(plan_module.os, "sysconf", no_such_name)
    assert plan_module.physical_memory_bytes() is None
    assert plan_module.memory_allowance() == (plan_module.MAX_TRAINING_BYTES, "for training")
    monkeypatch.delattr(plan_module.os, "sysconf")  # Windows has none
    assert plan_module.physical_memory_bytes() is None


def test_the_estimate_grows_with_the_batch_and_the_optimizer():
    network = TrainSettings(preset="mlp").plan().network
    sgd = plan_module.training_memory_bytes(network, "sgd", 100)
    assert plan_module.training_memory_bytes(network, "adam", 100) > sgd
    assert plan_module.training_memory_bytes(network, "sgd", 1000) > sgd
    largest = max(plan_module.training_memory_bytes(TrainSettings(preset=name).plan().network,
                                                    "adam", 100) for name in preset_names())
    assert 10 * largest < plan_module.MAX_TRAINING_BYTES
