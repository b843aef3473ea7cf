"""Lesson 5: the saliency is the numerical gradient of the loss with respect to the pixels, a
step is the engine's SGD update, undo is exact, and the network given is never touched."""
import numpy as np
import pytest

import engine
from engine.lessons import my_drawing as lesson
from engine.nn.gradcheck import exact_loss, numerical_gradient

PIXELS = [(0, 0, 9, 13), (0, 0, 14, 10), (0, 0, 20, 15), (0, 0, 6, 18), (0, 0, 2, 2)]


@pytest.fixture(scope="module")
def cnn():
    """The bundled model: deep-cnn, with batch normalisation and dropout."""
    return engine.load_model(engine.bundled_model_path()).model


@pytest.fixture(scope="module")
def mlp():
    return engine.build_network(engine.mlp_config(hidden=(30,), seed=3))


def a_digit(noise_seed=None):
    """A 28x28 "1"-like stroke; with noise, no two pixels tie (a max-pooling window whose
    runner-up ties its winner has no derivative, so a difference quotient would disagree)."""
    image = np.zeros((28, 28))
    image[5:23, 12:16] = 1.0
    image[5:9, 9:12] = 0.6
    if noise_seed is not None:
        image += np.random.default_rng(noise_seed).random((28, 28)) * 0.05
    return image


def numerical_input_gradient(lab, image, label):
    x = image.reshape(1, 1, 28, 28).astype(np.float64)
    t = np.array([label])
    with exact_loss(lab.network):  # backward is the gradient of the unguarded loss
        return numerical_gradient(lambda: lab.network.loss(x, t, train=False), x, 1e-6, PIXELS)


@pytest.mark.parametrize("which", ["mlp", "cnn"])
@pytest.mark.parametrize("label", [1, 7])
def test_the_saliency_is_the_numerical_gradient(which, label, request):
    lab = lesson.DrawingLab(request.getfixturevalue(which), dtype="float64")
    image = a_digit(noise_seed=label)
    saliency = lab.gradients(image, label).input_gradient
    numeric = numerical_input_gradient(lab, image, label)
    for pixel in PIXELS:
        assert saliency[pixel[2:]] == pytest.approx(numeric[pixel], rel=1e-5, abs=1e-9)
    assert np.abs(saliency).max() > 0


def test_the_copy_reads_as_the_network_does(cnn):
    image = a_digit()
    lab = lesson.DrawingLab(cnn)
    expected = cnn.host_output(image.reshape(1, 1, 28, 28))[0]
    np.testing.assert_array_equal(lab.gradients(image, 1).probabilities, expected)
    np.testing.assert_array_equal(lab.original_probabilities(image), expected)
    assert lab.network.dtype == cnn.dtype == np.float32


def test_batch_normalisation_reads_its_running_statistics(cnn):
    lab = lesson.DrawingLab(cnn)
    norms = [layer for layer in lab.network.layers
             if isinstance(layer, engine.nn.layers.BatchNormalization)]
    assert len(norms) == 3
    before = {name: a.copy() for name, a in lab.network.buffers().items()}
    lab.step(a_digit(), 3, 0.01)
    for name, buffer in lab.network.buffers().items():  # not moved by the one image
        np.testing.assert_array_equal(buffer, before[name])


@pytest.mark.parametrize("which", ["mlp", "cnn"])
def test_one_step_is_the_sgd_update(which, request):
    lab = lesson.DrawingLab(request.getfixturevalue(which))
    image, lr = a_digit(), 0.01
    lab.gradients(image, 3)
    before = {name: p.copy() for name, p in lab.network.params().items()}
    grads = {name: g.copy() for name, g in lab.network.grads().items()}
    result = lab.step(image, 3, lr)
    for name, param in lab.network.params().items():
        np.testing.assert_array_equal(param, before[name] - lr * grads[name])
    assert result.steps == 1 and result.lr == lr
    assert result.loss_after < result.loss_before
    assert result.after[3] > result.before[3]
    np.testing.assert_array_equal(result.after, lab.probabilities(image))


def test_the_step_is_the_engines_optimizer(mlp):
    lab = lesson.DrawingLab(mlp)
    other = lesson.DrawingLab(mlp)
    image = a_digit()
    lab.step(image, 4, 0.05)
    other.gradients(image, 4)
    engine.make_optimizer("sgd", lr=0.05).update(other.network.params(), other.network.grads())
    for name, array in lab.weights().items():
        np.testing.assert_array_equal(array, other.weights()[name])


@pytest.mark.parametrize("which", ["mlp", "cnn"])
def test_undo_restores_the_weights_bit_for_bit(which, request):
    lab = lesson.DrawingLab(request.getfixturevalue(which))
    image = a_digit()
    start = lab.weights()
    lab.step(image, 2, 0.1)
    after_one = lab.weights()
    lab.step(image, 5, 0.3)
    assert lab.steps == 2
    assert lab.undo()
    for name, array in lab.weights().items():
        assert array.tobytes() == after_one[name].tobytes()
    assert lab.undo() and not lab.undo()
    for name, array in lab.weights().items():
        assert array.tobytes() == start[name].tobytes()
    assert lab.steps == 0


@pytest.mark.parametrize("which", ["mlp", "cnn"])
def test_the_network_given_is_untouched(which, request):
    network = request.getfixturevalue(which)
    saved = network.state_arrays()
    first = next(layer for layer in network.layers if hasattr(layer, "input_grad"))
    lab = lesson.DrawingLab(network)
    lab.step(a_digit(), 8, 0.5)
    lab.gradients(a_digit(), 8)
    for name, array in network.state_arrays().items():
        assert array.tobytes() == saved[name].tobytes()
    assert first.input_grad is False  # the window's network still skips the pixels' gradient


def test_mlp_weight_gradients_are_the_hidden_units_columns(mlp):
    lab = lesson.DrawingLab(mlp)
    image = a_digit()
    result = lab.gradients(image, 6)
    layer = lesson.first_weight_layer(lab.network)
    assert result.first_layer == "Affine"
    norms = np.linalg.norm(layer.dW, axis=0)
    assert result.units == tuple(np.argsort(-norms, kind="stable")[:8].tolist())
    assert result.unit_norms == pytest.approx(norms[list(result.units)])
    assert result.weight_gradients.shape == (8, 28, 28)
    for picture, unit in zip(result.weight_gradients, result.units, strict=True):
        np.testing.assert_array_equal(picture, layer.dW[:, unit].reshape(28, 28))
    # dW = x^T dout: each column is the image scaled by that unit's upstream gradient
    unit = result.units[0]
    ratio = result.weight_gradients[0][image > 0] / image[image > 0]
    assert np.allclose(ratio, ratio[0]) and ratio[0] != 0 and unit >= 0


def test_cnn_weight_gradients_are_the_filters(cnn):
    lab = lesson.DrawingLab(cnn)
    result = lab.gradients(a_digit(), 6)
    layer = lesson.first_weight_layer(lab.network)
    assert result.first_layer == "Convolution"
    assert result.weight_gradients.shape == (8, 3, 3)
    norms = np.linalg.norm(layer.dW.reshape(32, -1), axis=1)
    assert result.units == tuple(np.argsort(-norms, kind="stable")[:8].tolist())
    np.testing.assert_array_equal(result.weight_gradients[0], layer.dW[result.units[0], :, :, 0])


def test_a_confident_answer_has_a_small_gradient(cnn):
    lab = lesson.DrawingLab(cnn)
    image = a_digit()
    answer = int(np.argmax(lab.probabilities(image)))
    agreed = lab.gradients(image, answer)
    disputed = lab.gradients(image, (answer + 1) % 10)
    assert agreed.loss < 0.01 < 1 < disputed.loss
    assert np.abs(agreed.input_gradient).max() < np.abs(disputed.input_gradient).max() / 10
