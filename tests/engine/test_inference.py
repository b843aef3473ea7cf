"""Using a network: one digit read from a 28x28 image, and a test set measured."""
import numpy as np
import pytest

from engine.files.modelio import load_model, save_model
from engine.inference import (
    EvaluationCancelled,
    Predictions,
    cell_indices,
    confidence_threshold,
    evaluate,
    evaluate_predictions,
    predict_digit,
)
from engine.nn.layers import SoftmaxWithLoss
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
    """A model whose scores pick the given classes, one row per image (its number in x[:, 0]),
    in batches: a Sequential's interface, without layers."""

    config = None
    dtype = np.dtype(np.float64)
    loss_layer = SoftmaxWithLoss()

    def __init__(self, predicted, classes):
        self.scores = np.eye(classes)[predicted]
        self.batches = []

    def params(self):
        return {}

    def predict(self, x, train=False):
        self.batches.append(len(x))
        return self.scores[x[:, 0].astype(int)]


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


def test_evaluate_predictions_is_one_pass_of_the_network_in_batches(tmp_path):
    net = trained_a_little(CONFIGS["plain-mlp"])
    rng = np.random.default_rng(5)
    x, t = rng.random((50, 1, 28, 28)), rng.integers(0, 10, 50)  # float64: cast by the engine
    calls = []
    result = evaluate_predictions(net, x, t, batch_size=16,
                                  progress=lambda done, total: calls.append((done, total)))
    assert calls == [(16, 50), (32, 50), (48, 50), (50, 50)]
    batches = [x[i:i + 16].astype(np.float32) for i in range(0, 50, 16)]
    expected = np.concatenate([net.output(batch) for batch in batches])
    assert result.probabilities.dtype == np.float32 and np.array_equal(result.probabilities,
                                                                       expected)
    scores = np.concatenate([net.predict(batch) for batch in batches])
    assert result.predicted.dtype == np.int64
    assert np.array_equal(result.predicted, scores.argmax(axis=1))
    assert result.labels.dtype == np.int64 and np.array_equal(result.labels, t)
    assert result.confusion.dtype == np.int64 and result.confusion.sum() == 50
    assert result.confusion.tolist() == evaluate(net, x, t, batch_size=16)["confusion_matrix"]
    assert result.accuracy == pytest.approx(net.accuracy(x.astype(np.float32), t))
    assert result.per_class_accuracy.dtype == np.float64
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    assert np.array_equal(evaluate_predictions(loaded, x, t).confusion, result.confusion)


def test_evaluate_predictions_stops_when_asked():
    model = FixedScores([0, 1, 1, 1, 0], classes=3)
    calls = []
    with pytest.raises(EvaluationCancelled, match="after 4 of 5"):
        evaluate_predictions(model, np.arange(5).reshape(5, 1), np.array([0, 0, 1, 1, 2]),
                             batch_size=2, progress=lambda done, total: calls.append(done),
                             should_stop=lambda: len(calls) == 2)
    assert calls == [2, 4] and model.batches == [2, 2]


def worked_predictions():
    """Six images of a 3-class set: labels 0 0 0 1 1 2, answers 1 1 0 1 1 1."""
    probabilities = np.array([[0.2, 0.7, 0.1], [0.1, 0.7, 0.2], [0.8, 0.1, 0.1],
                              [0.0, 0.6, 0.4], [0.1, 0.9, 0.0], [0.0, 0.95, 0.05]], np.float32)
    labels = np.array([0, 0, 0, 1, 1, 2])
    predicted = probabilities.argmax(axis=1)
    confusion = np.zeros((3, 3), np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    return Predictions(probabilities, predicted, labels, confusion, np.zeros(3), 0.5)


def test_a_cells_images_most_confident_first_ties_by_index():
    predictions = worked_predictions()
    assert cell_indices(predictions, 0, 1).tolist() == [0, 1]  # both 0.7: by index
    assert cell_indices(predictions, 1, 1).tolist() == [4, 3]  # 0.9, then 0.6
    assert cell_indices(predictions, 2, 1).tolist() == [5]
    assert cell_indices(predictions, 2, 2).tolist() == []
    assert cell_indices(predictions, 0, 1).dtype == np.int64


def two_class(confidences_and_rightness):
    """Rows [p, 1 - p] (answer 0), labelled 0 when right and 1 when wrong."""
    confidence = np.array([c for c, _ in confidences_and_rightness], np.float32)
    labels = np.array([0 if right else 1 for _, right in confidences_and_rightness])
    return np.stack([confidence, 1 - confidence], axis=1), labels


# confidences (exact in binary), most confident first; True = the answer is right
WORKED = [(0.9375, True), (0.875, True), (0.75, False), (0.75, True), (0.625, True),
          (0.5625, False), (0.5, True)]


@pytest.mark.parametrize(("target", "threshold"), [
    (0.75, 0.625),   # >= 0.625: 4 right of 5 = 0.8; >= 0.5625: 4 of 6; >= 0.5: 5 of 7 = 0.71
    (0.7, 0.5),      # all seven: 5 of 7 = 0.714
    (0.81, 0.875),   # >= 0.75: 3 of 4; >= 0.625: 4 of 5 = 0.8; >= 0.875: 2 of 2
    (1.0, 0.875),
])
def test_confidence_threshold_on_a_worked_example(target, threshold):
    probabilities, labels = two_class(WORKED)
    order = np.random.default_rng(0).permutation(len(labels))  # the order does not matter
    assert confidence_threshold(probabilities[order], labels[order], target) == threshold


def test_confidence_threshold_takes_ties_together_and_may_find_none():
    # >= 0.75 takes both 0.75 answers (one wrong): 2 of 3, so only >= 0.875 reaches 0.7
    probabilities, labels = two_class([(0.875, True), (0.75, True), (0.75, False)])
    assert confidence_threshold(probabilities, labels, 0.7) == 0.875
    probabilities, labels = two_class([(0.875, False), (0.75, True)])
    assert confidence_threshold(probabilities, labels, 0.99) == 1.0
    with pytest.raises(ValueError, match="N labels"):
        confidence_threshold(probabilities, labels[:1])
