"""CurrentModel: which network reads the drawing, said in one line, for every way it got there."""

import pytest

import engine
from gui.current_model import CurrentModel
from gui.workers import WeightsSnapshot

from qt_helpers import small_settings


@pytest.fixture
def model(qtbot):
    return CurrentModel()


def untrained_network():
    return engine.build_network(small_settings().plan().network)


def test_the_bundled_model_is_named_by_its_preset_and_marked_built_in(model):
    model.open(engine.bundled_model_path())
    assert model.reader_text() == "Read by deep-cnn (built in), test accuracy 99.60%"


def test_a_model_file_is_named_by_its_file_with_its_test_accuracy(model, tmp_path):
    path = engine.save_model(tmp_path / "digitlab-mlp-97.8.npz", untrained_network(),
                             metrics={"test_accuracy": 0.978},
                             extra={"settings": {"preset": "mlp"}})
    model.open(path)
    assert model.reader_text() == "Read by digitlab-mlp-97.8.npz, test accuracy 97.80%"


def test_a_model_file_without_metrics_is_named_alone(model, tmp_path):
    model.open(engine.save_model(tmp_path / "mine.npz", untrained_network()))
    assert model.reader_text() == "Read by mine.npz"


def test_a_new_model_says_it_guesses(model):
    model.start_new(small_settings())
    assert model.reader_text() == "Read by a new, untrained network (it guesses)"
    assert "being trained" not in model.reader_text()


def test_while_training_it_follows_the_iteration_of_the_weights_shown(model):
    network = untrained_network()
    changes = []
    model.changed.connect(lambda: changes.append(model.reader_text()))
    model.show_training_weights(WeightsSnapshot.of(network, 1200))
    model.show_training_weights(WeightsSnapshot.of(network, 1400))
    assert changes == [
        "Read by the network being trained (iteration 1,200)",
        "Read by the network being trained (iteration 1,400)"]
    assert "being trained" in model.reader_text()


def test_saving_trained_weights_names_the_file(model, tmp_path):
    model.show_training_weights(WeightsSnapshot.of(untrained_network(), 50))
    model.save(tmp_path / "after-50.npz")
    assert model.reader_text() == "Read by after-50.npz"
    assert "being trained" not in model.reader_text()


def test_without_a_network_it_says_how_to_get_one(model):
    assert model.reader_text() == "No network reads the drawing: open a model or train one"


def test_history_and_iterations_per_epoch_come_from_the_file(model, tmp_path):
    assert model.history() == [] and model.iterations_per_epoch() is None
    model.open(engine.bundled_model_path())
    assert len(model.history()) == 35 and "iteration" in model.history()[-1]
    assert model.iterations_per_epoch() == 600  # 21,000 iterations in 35 epochs
    model.open(engine.save_model(tmp_path / "odd.npz", untrained_network(),
                                 metrics={"iterations": 30, "epochs": 0}))
    assert model.history() == [] and model.iterations_per_epoch() is None
