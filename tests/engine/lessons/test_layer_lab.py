"""The layer lab's engine function against the worked examples, against the layer classes
themselves, and against the mistakes it demonstrates."""
import numpy as np
import pytest

from engine.lessons import layer_lab
from engine.lessons.source import source_of
from engine.nn import layers as L

SCORES = np.array([[1, 3, 5, 7, 9, 1.5, 3.5, 5.5, 7.5, 9.5], [1] * 10, list(range(-10, 10, 2))],
                  dtype=np.float64)
LABELS = np.array([7, 4, 9])


def run_example(name):
    example = layer_lab.worked_example(name)
    return layer_lab.run_layer(name, example.inputs, example.upstream)


def expected_softmax_with_loss(scores, labels):
    """Written out independently of the engine: softmax, the book's guarded cross-entropy,
    and (Y - T) / N."""
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    one_hot = np.eye(scores.shape[1])[labels]
    rows = np.arange(len(labels))
    loss = -np.log(probabilities[rows, labels] + 1e-7).mean()
    return probabilities, one_hot, loss, (probabilities - one_hot) / len(labels)


def test_affine_worked_example():
    run = run_example("Affine")
    np.testing.assert_array_equal(run.outputs["y"], [[28, 32, 36]])
    np.testing.assert_array_equal(run.upstream, [[1, 2, 3]])
    np.testing.assert_array_equal(run.grads["dx"], [[32, 50]])
    np.testing.assert_array_equal(run.grads["dW"], [[1, 2, 3], [2, 4, 6]])
    np.testing.assert_array_equal(run.grads["db"], [[1, 2, 3]])
    assert run.upstream_unchanged and run.finite and run.mistake is None


def test_softmax_with_loss_worked_example():
    run = run_example("SoftmaxWithLoss")
    probabilities, one_hot, loss, gradient = expected_softmax_with_loss(SCORES, LABELS)
    np.testing.assert_allclose(run.outputs["Y"], probabilities, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(run.outputs["T"], one_hot)
    assert run.outputs["loss"].shape == (1, 1)
    assert run.outputs["loss"][0, 0] == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(run.grads["dx"], gradient, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(run.upstream, [[1.0]])
    assert run.outputs["Y"][1].tolist() == pytest.approx([0.1] * 10, rel=1e-12)


def test_relu_worked_example_and_the_in_place_mistake():
    run = run_example("ReLU")
    np.testing.assert_array_equal(run.inputs["x"], [[1.0, -0.5], [-2.0, 3.0]])
    np.testing.assert_array_equal(run.outputs["y"], [[1, 0], [0, 3]])
    np.testing.assert_array_equal(run.grads["dx"], [[1, 0], [0, 4]])
    assert run.upstream_unchanged
    np.testing.assert_array_equal(run.upstream, [[1, 2], [3, 4]])
    assert run.mistake.kind == "in_place"
    np.testing.assert_array_equal(run.mistake.array, [[1, 0], [0, 4]])  # dy, overwritten


def test_the_book_relu_backward_writes_into_the_callers_gradient():
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])
    dout = np.ones((2, 2))
    returned = layer_lab.book_relu_backward_in_place(x, dout)
    assert returned is dout
    np.testing.assert_array_equal(dout, [[1, 0], [0, 1]])
    engine_dout = np.ones((2, 2))
    layer = L.ReLU()
    layer.forward(x)
    np.testing.assert_array_equal(layer.backward(engine_dout), [[1, 0], [0, 1]])
    np.testing.assert_array_equal(engine_dout, np.ones((2, 2)))


def test_sigmoid_worked_example_and_the_input_cached_mistake():
    run = run_example("Sigmoid")
    x = np.array([[0.0, 2.0], [-2.0, 1.0]])
    y = 1 / (1 + np.exp(-x))
    assert run.outputs["y"][0, 0] == 0.5
    assert run.grads["dx"][0, 0] == 0.25
    np.testing.assert_allclose(run.outputs["y"], y, rtol=1e-15)
    np.testing.assert_allclose(run.grads["dx"], y * (1 - y), rtol=1e-15)
    assert run.mistake.kind == "input_cached"
    np.testing.assert_array_equal(run.mistake.array, [[0, -2], [-6, 0]])  # x (1 - x)
    np.testing.assert_array_equal(layer_lab.sigmoid_backward_with_input_cached(x, np.ones((2, 2))),
                                  x * (1 - x))


def test_tanh_worked_example():
    run = run_example("Tanh")
    x = np.array([[0.0, 0.5], [-1.0, 2.0]])
    assert run.outputs["y"][0, 0] == 0.0 and run.grads["dx"][0, 0] == 1.0
    np.testing.assert_allclose(run.outputs["y"], np.tanh(x), rtol=1e-15)
    np.testing.assert_allclose(run.grads["dx"], 1 - np.tanh(x) ** 2, rtol=1e-15)
    assert run.mistake is None


@pytest.mark.parametrize("name", layer_lab.LAYER_NAMES)
def test_every_layer_returns_what_its_class_returns(name):
    rng = np.random.default_rng(17)
    inputs = {"x": rng.standard_normal((3, 4))}
    if name == "Affine":
        inputs |= {"W": rng.standard_normal((4, 2)), "b": rng.standard_normal((1, 2))}
        upstream = rng.standard_normal((3, 2))
    elif name == "SoftmaxWithLoss":
        inputs |= {"t": np.array([[3.0], [0.0], [1.0]])}
        upstream = np.array([[0.5]])
    else:
        upstream = rng.standard_normal((3, 4))
    run = layer_lab.run_layer(name, inputs, upstream)
    if name == "Affine":
        layer = L.Affine(inputs["W"].copy(), inputs["b"].copy())
    else:
        layer = getattr(L, name)()
    if name == "SoftmaxWithLoss":
        loss = layer.forward(inputs["x"], np.array([3, 0, 1]))
        assert run.outputs["loss"][0, 0] == loss
        np.testing.assert_array_equal(run.outputs["Y"], layer.y)
        np.testing.assert_array_equal(run.grads["dx"], layer.backward(0.5))
        return
    np.testing.assert_array_equal(run.outputs["y"], layer.forward(inputs["x"]))
    np.testing.assert_array_equal(run.grads["dx"], layer.backward(upstream))
    if name == "Affine":
        np.testing.assert_array_equal(run.grads["dW"], layer.dW)
        np.testing.assert_array_equal(run.grads["db"], layer.db)


@pytest.mark.parametrize("name", layer_lab.LAYER_NAMES)
def test_the_callers_arrays_are_never_changed(name):
    example = layer_lab.worked_example(name)
    inputs = {key: value.copy() for key, value in example.inputs.items()}
    upstream = example.upstream.copy()
    run = layer_lab.run_layer(name, inputs, upstream)
    for key, value in inputs.items():
        np.testing.assert_array_equal(value, example.inputs[key])
        assert run.inputs[key] is not value
    np.testing.assert_array_equal(upstream, example.upstream)
    assert run.upstream is not upstream


def test_a_layer_that_writes_into_its_gradient_is_caught(monkeypatch):
    def in_place_backward(layer, dout):
        dout[~layer.positive] = 0  # the book's way
        return dout

    monkeypatch.setattr(L.ReLU, "backward", in_place_backward)
    run = run_example("ReLU")
    assert not run.upstream_unchanged


@pytest.mark.parametrize("name", layer_lab.LAYER_NAMES)
def test_the_highlighted_lines_are_in_the_class_that_ran(name):
    source = source_of(layer_lab.LAYER_CLASSES[name])
    assert source.path == "engine/nn/layers.py"
    for fragment in layer_lab.HIGHLIGHTS[name]:
        assert source.line_of(fragment) is not None, fragment


def test_shapes_that_do_not_chain_are_named():
    inputs = {"x": np.ones((1, 3)), "W": np.ones((2, 3)), "b": np.ones((1, 3))}
    problem = layer_lab.input_problem("Affine", inputs)
    assert (problem.kind, problem.first, problem.first_size, problem.second,
            problem.second_size) == ("inner", "x", 3, "W", 2)
    assert layer_lab.output_shape("Affine", inputs) is None
    with pytest.raises(ValueError, match="x has 3 columns but W has 2 rows"):
        layer_lab.run_layer("Affine", inputs, np.ones((1, 3)))
    inputs["W"] = np.ones((3, 3))
    assert layer_lab.input_problem("Affine", inputs | {"b": np.ones((1, 2))}).kind == "bias"
    assert layer_lab.output_shape("Affine", inputs) == (1, 3)
    problem = layer_lab.input_problem("Affine", inputs, np.ones((2, 3)))
    assert (problem.kind, problem.first_size, problem.second_size) == ("upstream", (2, 3), (1, 3))


@pytest.mark.parametrize(("labels", "kind", "row"), [
    ([[1.0], [2.0]], "label_count", -1),
    ([[1.0], [2.5], [0.0]], "label_value", 1),
    ([[1.0], [2.0], [10.0]], "label_value", 2),
    ([[-1.0], [2.0], [0.0]], "label_value", 0),
    ([[1.0], [np.inf], [0.0]], "label_value", 1),
])
def test_labels_that_are_not_classes_are_named(labels, kind, row):
    problem = layer_lab.input_problem("SoftmaxWithLoss", {"x": SCORES, "t": labels})
    assert (problem.kind, problem.row) == (kind, row)
    with pytest.raises(ValueError):
        layer_lab.run_layer("SoftmaxWithLoss", {"x": SCORES, "t": labels}, [[1.0]])


def test_huge_values_overflow_visibly_without_warnings():
    inputs = {"x": [[1e308, 1.0]], "W": [[10.0], [1.0]], "b": [[0.0]]}
    with np.errstate(all="raise"):
        run = layer_lab.run_layer("Affine", inputs, [[1.0]])
    assert not run.finite
    assert np.isinf(run.outputs["y"][0, 0])
    run = layer_lab.run_layer("Sigmoid", {"x": [[1e308, -1e308]]}, [[1.0, 1.0]])
    np.testing.assert_array_equal(run.outputs["y"], [[1.0, 0.0]])


def test_resized_keeps_what_still_fits():
    array = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(layer_lab.resized(array, 3, 2, fill=9.0),
                                  [[0, 1], [3, 4], [9, 9]])
    np.testing.assert_array_equal(array, np.arange(6.0).reshape(2, 3))


def test_the_worked_examples_are_fresh_each_time():
    first = layer_lab.worked_example("Affine")
    first.inputs["x"][0, 0] = 99.0
    assert layer_lab.worked_example("Affine").inputs["x"][0, 0] == 1.0
    with pytest.raises(ValueError, match="unknown layer"):
        layer_lab.worked_example("Conv")
