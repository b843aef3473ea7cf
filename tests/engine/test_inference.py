"""Using a network: one digit read from a 28x28 image, and a test set measured."""
import numpy as np
import pytest

from engine.files.modelio import load_model, save_model
from engine.inference import evaluate, predict_digit
from engine.nn.network import build_network
from engine.training.presets import mlp_config

CONFIGS = {"plain-mlp": mlp_config(hidden=(32, 16)),
           "float64": mlp_config(hidden=(16,), activation="tanh", dtype="float64")}


def trained_a_little(config, steps=3, seed=0):
    net = build_network(config)
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        x = rng.random((8, *config["input_shape"])).astype(config["dtype"])
        net.gradient(x, rng.integers(0, 10, 8))
        for name, grad in net.grads().items():
            net.params()[name][...] -= 0.1 * grad
    return net


def test_predict_digit_matches_the_network(tmp_path):
    net = trained_a_little(CONFIGS["plain-mlp"])
    image = np.random.default_rng(3).random((28, 28)).astype(np.float32)
    digit, probabilities = predict_digit(net, image)
    expected = net.output(image.reshape(1, 1, 28, 28))[0]
    assert isinstance(digit, int) and digit == int(expected.argmax())
    assert probabilities.dtype == np.float32 and probabilities.shape == (10,)
    assert np.array_equal(probabilities, expected)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    assert predict_digit(loaded, image)[0] == digit


def test_predict_digit_with_a_float64_model():
    net = build_network(CONFIGS["float64"])
    digit, probabilities = predict_digit(net, np.zeros((28, 28)))
    assert probabilities.dtype == np.float32 and 0 <= digit < 10


@pytest.mark.parametrize("image", [np.zeros((28, 27)), np.zeros((1, 28, 28)),
                                   np.full((28, 28), np.nan), np.full((28, 28), "a")])
def test_predict_digit_rejects_bad_images(image):
    with pytest.raises(ValueError, match="predict_digit"):
        predict_digit(build_network(CONFIGS["plain-mlp"]), image)


class FixedScores:
    """A model whose scores pick the given classes, one row per image, in batches."""

    def __init__(self, predicted, classes):
        self.scores = np.eye(classes)[predicted]
        self.batches = []

    def predict(self, x):
        self.batches.append(len(x))
        return self.scores[x[:, 0]]


def test_evaluate_a_worked_example():
    # labels 0 0 1 1 2, read as 0 1 1 1 0: three right out of five
    model = FixedScores([0, 1, 1, 1, 0], classes=3)
    x = np.arange(5).reshape(5, 1)
    result = evaluate(model, x, np.array([0, 0, 1, 1, 2]), batch_size=2)
    assert result == {"accuracy": 0.6, "count": 5, "per_class_accuracy": [0.5, 1.0, 0.0],
                      "confusion_matrix": [[1, 1, 0], [0, 2, 0], [1, 0, 0]]}
    assert model.batches == [2, 2, 1]


def test_evaluate_a_real_network_agrees_with_its_accuracy():
    net = trained_a_little(CONFIGS["plain-mlp"])
    rng = np.random.default_rng(5)
    x, t = rng.random((50, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 50)
    result = evaluate(net, x, t, batch_size=16)
    assert result["accuracy"] == pytest.approx(net.accuracy(x, t))
    assert np.sum(result["confusion_matrix"]) == 50
    assert [sum(row) for row in result["confusion_matrix"]] == np.bincount(t, minlength=10).tolist()


def test_evaluate_refuses_labels_beyond_the_outputs_and_empty_sets():
    model = FixedScores([0, 1], classes=2)
    with pytest.raises(ValueError, match="labels go up to 5"):
        evaluate(model, np.arange(2).reshape(2, 1), np.array([0, 5]))
    with pytest.raises(ValueError, match="at least one"):
        evaluate(model, np.zeros((0, 1), dtype=int), np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match="2 images and 3 labels"):
        evaluate(model, np.arange(2).reshape(2, 1), np.array([0, 1, 1]))
