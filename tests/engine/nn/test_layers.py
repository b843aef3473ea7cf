"""Layers against the worked examples of the seed documents and against numerical gradients."""
import numpy as np
import pytest

from engine.backend import get_array_module, to_device
from engine.device import move_layer
from engine.nn import layers as L
from engine.nn.gradcheck import _recheck_near_kinks, numerical_gradient, relative_error

from conftest import on_device

# --- worked examples ---------------------------------------------------------------------------

def test_affine_worked_example():
    x = np.array([[1.0, 2.0]])
    W = np.array([[4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    b = np.array([[10.0, 11.0, 12.0]])
    layer = L.Affine(W, b)
    np.testing.assert_array_equal(layer.forward(x), [[28, 32, 36]])
    dy = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(layer.backward(dy), [[32, 50]])
    np.testing.assert_array_equal(layer.dW, [[1, 2, 3], [2, 4, 6]])
    np.testing.assert_array_equal(layer.db, [[1, 2, 3]])
    assert layer.db.shape == b.shape


def test_affine_restores_nd_input_shape():
    x = np.random.default_rng(0).standard_normal((4, 1, 3, 3))
    layer = L.Affine(np.ones((9, 2)), np.zeros(2))
    assert layer.forward(x).shape == (4, 2)
    assert layer.backward(np.ones((4, 2))).shape == (4, 1, 3, 3)


def test_mul_and_add_worked_examples():
    x, y = np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]])
    mul = L.Mul()
    np.testing.assert_array_equal(mul.forward(x, y), [[3], [8]])
    dx, dy = mul.backward(np.array([5.0]))
    np.testing.assert_array_equal(dx, [[15], [20]])
    np.testing.assert_array_equal(dy, [[5], [10]])
    add = L.Add()
    np.testing.assert_array_equal(add.forward(x, y), [[4], [6]])
    dout = np.array([[7.0], [9.0]])
    dx, dy = add.backward(dout)
    np.testing.assert_array_equal(dx, dout)
    np.testing.assert_array_equal(dy, dout)


def test_book_apple_example():
    apple, count, tax = 100.0, 2.0, 1.1
    mul_apple, mul_tax = L.Mul(), L.Mul()
    price = mul_tax.forward(mul_apple.forward(apple, count), tax)
    assert price == pytest.approx(220.0)
    d_apple_total, d_tax = mul_tax.backward(1.0)
    d_apple, d_count = mul_apple.backward(d_apple_total)
    assert d_apple == pytest.approx(2.2)
    assert d_count == pytest.approx(110.0)
    assert d_tax == pytest.approx(200.0)


def test_cross_entropy_worked_example():
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert L.cross_entropy_error(y, 2) == pytest.approx(0.510825, abs=1e-6)
    one_hot = np.eye(10)[2]
    assert L.cross_entropy_error(y, one_hot) == pytest.approx(0.510825, abs=1e-6)


SOFTMAX_SCORES = np.array([[1, 3, 5, 7, 9, 1.5, 3.5, 5.5, 7.5, 9.5],
                           [1.0] * 10,
                           [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8]])


@pytest.mark.parametrize("labels", [np.array([7, 4, 9]), np.eye(10)[[7, 4, 9]]],
                         ids=["indices", "one-hot"])
def test_softmax_with_loss_worked_example(labels):
    layer = L.SoftmaxWithLoss()
    assert layer.forward(SOFTMAX_SCORES, labels) == pytest.approx(2.3558107768, abs=1e-6)
    dA = layer.backward()
    assert dA[0, 7] == pytest.approx(-0.3300472448, abs=1e-8)
    assert dA[0, 9] == pytest.approx(0.1794143525, abs=1e-8)
    assert dA[1, 4] == pytest.approx(-0.3, abs=1e-8)
    assert dA[2, 9] == pytest.approx(-0.0451117605, abs=1e-8)
    expected = (L.softmax(SOFTMAX_SCORES) - np.eye(10)[[7, 4, 9]]) / 3
    np.testing.assert_allclose(dA, expected, atol=1e-12)


def test_softmax_loss_differs_from_exact_log_sum_exp_only_by_the_guard():
    shifted = SOFTMAX_SCORES - SOFTMAX_SCORES.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    exact = -log_probs[[0, 1, 2], [7, 4, 9]].mean()
    assert exact == pytest.approx(2.3558145300, abs=1e-9)
    guard = (1e-7 / np.exp(log_probs[[0, 1, 2], [7, 4, 9]])).mean()
    loss = L.SoftmaxWithLoss().forward(SOFTMAX_SCORES, np.array([7, 4, 9]))
    assert exact - loss == pytest.approx(guard, rel=1e-3)


def test_softmax_is_stable_for_huge_scores():
    scores = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -1000.0]])
    probs = L.softmax(scores)
    assert np.isfinite(probs).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    layer = L.SoftmaxWithLoss()
    assert np.isfinite(layer.forward(scores, np.array([0, 1])))


def test_sigmoid_has_no_overflow_and_right_values():
    x = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise"):
        y = L.sigmoid(x)
    np.testing.assert_allclose(y, [0.0, 0.26894142, 0.5, 0.73105858, 1.0], rtol=1e-6, atol=1e-30)
    assert y.dtype == np.float32


def test_mean_squared_error_reductions():
    x, t = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[0.0, 2.0], [3.0, 3.0]])
    assert L.MeanSquaredError("mean").forward(x, t) == pytest.approx((1 + 4) / 4)
    assert L.MeanSquaredError("half_sum").forward(x, t) == pytest.approx(0.5 * 5 / 2)
    with pytest.raises(ValueError, match="reduction"):
        L.MeanSquaredError("sum")


def test_dropout_is_identity_at_test_time_and_scales_in_training():
    x = np.ones((1000, 100), dtype=np.float32)
    layer = L.Dropout(0.3, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(layer.forward(x, train=False), x)
    y = layer.forward(x, train=True)
    assert abs((y == 0).mean() - 0.3) < 0.01
    assert y.max() == pytest.approx(1 / 0.7)
    assert abs(y.mean() - 1.0) < 0.02  # inverted dropout keeps the expectation
    with pytest.raises(ValueError, match="ratio"):
        L.Dropout(1.0)


def test_batchnorm_normalises_in_training_and_uses_running_stats_at_test():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 5)) * 3 + 7
    bn = L.BatchNormalization(np.ones(5), np.zeros(5), momentum=0.0)
    y = bn.forward(x, train=True)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 1, atol=1e-3)
    np.testing.assert_allclose(bn.forward(x, train=False), y, atol=1e-4)


# --- backward never touches its input gradient --------------------------------------------------

def _network_layers(rng):
    return [L.Affine(rng.standard_normal((6, 4)), rng.standard_normal(4)), L.ReLU(), L.Sigmoid(),
            L.Tanh(), L.Dropout(0.5, rng=rng),
            L.BatchNormalization(rng.standard_normal(6) + 1, rng.standard_normal(6))]


@pytest.mark.parametrize("index", range(6))
def test_backward_never_modifies_the_incoming_gradient(index):
    rng = np.random.default_rng(index)
    layer = _network_layers(rng)[index]
    x = rng.standard_normal((5, 6))
    y = layer.forward(x, train=True)
    dout = rng.standard_normal(y.shape)
    kept = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(dout, kept)


def test_relu_backward_zeroes_where_input_was_not_positive():
    layer = L.ReLU()
    layer.forward(np.array([[-1.0, 0.0, 2.0]]))
    np.testing.assert_array_equal(layer.backward(np.array([[5.0, 5.0, 5.0]])), [[0, 0, 5]])


# --- gradient checks, every layer, float64 --------------------------------------------------------

def _check_input_gradient(layer, x, train=True):
    rng = np.random.default_rng(1)
    y = layer.forward(x, train=train)
    # loss = sum(w * y) has dloss/dy = w
    weights = to_device(rng.standard_normal(y.shape), get_array_module(y))

    def loss():
        return float((layer.forward(x, train=train) * weights).sum())

    analytic = layer.backward(weights)
    return relative_error(analytic, numerical_gradient(loss, x)), layer, loss, weights


def _check_param_gradients(layer, loss):
    errors = {}
    for name in layer.param_names:
        numeric = numerical_gradient(loss, getattr(layer, name))
        errors[name] = relative_error(getattr(layer, "d" + name), numeric)
    return errors


@pytest.mark.parametrize("make", [
    lambda r: L.Affine(r.standard_normal((12, 4)), r.standard_normal(4)),
    lambda r: L.Affine(r.standard_normal((12, 4)), None),
    lambda r: L.ReLU(), lambda r: L.Sigmoid(), lambda r: L.Tanh(),
    lambda r: L.BatchNormalization(r.standard_normal(12) + 1, r.standard_normal(12)),
], ids=["affine", "affine-no-bias", "relu", "sigmoid", "tanh", "batchnorm"])
def test_layer_gradients_match_numerical(make, xp):
    rng = np.random.default_rng(0)
    layer = move_layer(make(rng), xp)
    x = rng.standard_normal((5, 3, 4))  # N-D input exercises Affine's reshape
    x[np.abs(x) < 1e-2] = 0.5  # keep ReLU's kink out of the difference quotient
    x = on_device(xp, x)
    error, layer, loss, weights = _check_input_gradient(layer, x)
    assert error < 1e-6
    layer.forward(x, train=True)
    layer.backward(weights)
    for name, err in _check_param_gradients(layer, loss).items():
        assert err < 1e-6, name


def test_batchnorm_at_test_time_differentiates_its_running_statistics_map(xp):
    # what a trained network computes when it reads: x -> gamma (x - mean) / std + beta, with
    # the running mean and variance constants (a saliency image needs this gradient)
    rng = np.random.default_rng(5)
    layer = move_layer(L.BatchNormalization(rng.standard_normal(12) + 1, rng.standard_normal(12),
                                            running_mean=rng.standard_normal(12),
                                            running_var=rng.random(12) + 0.5), xp)
    x = on_device(xp, rng.standard_normal((1, 3, 4)))  # one image: no batch to speak of
    error, layer, loss, weights = _check_input_gradient(layer, x, train=False)
    assert error < 1e-8
    layer.forward(x, train=False)
    layer.backward(weights)
    for name, err in _check_param_gradients(layer, loss).items():
        assert err < 1e-8, name


def test_batchnorm_backward_follows_the_latest_forward_mode():
    rng = np.random.default_rng(6)
    layer = L.BatchNormalization(np.ones(4), np.zeros(4))
    x, dout = rng.standard_normal((8, 4)), rng.standard_normal((8, 4))
    layer.forward(x, train=True)
    in_training = layer.backward(dout)
    layer.forward(x, train=False)
    at_test = layer.backward(dout)
    np.testing.assert_allclose(at_test, dout / np.sqrt(layer.running_var + layer.eps))
    layer.forward(x, train=True)
    np.testing.assert_allclose(layer.backward(dout), in_training)


def test_dropout_gradient_with_fixed_mask(xp):
    rng = np.random.default_rng(0)
    layer = L.Dropout(0.4, rng=rng)
    layer.fix_mask(on_device(xp, rng.random((5, 7)) >= 0.4))
    error, *_ = _check_input_gradient(layer, on_device(xp, rng.standard_normal((5, 7))))
    assert error < 1e-6


@pytest.mark.parametrize("loss_layer,target", [
    (L.SoftmaxWithLoss(), np.array([0, 3, 1, 2, 3])),
    (L.SoftmaxWithLoss(), np.eye(4)[[0, 3, 1, 2, 3]]),
    (L.MeanSquaredError("mean"), np.arange(20.0).reshape(5, 4) / 10),
    (L.MeanSquaredError("half_sum"), np.arange(20.0).reshape(5, 4) / 10),
], ids=["softmax-indices", "softmax-one-hot", "mse-mean", "mse-half-sum"])
def test_loss_layer_gradients_match_numerical(loss_layer, target, xp):
    x = on_device(xp, np.random.default_rng(0).standard_normal((5, 4)))
    target = on_device(xp, target)
    loss_layer.forward(x, target)
    analytic = loss_layer.backward()
    numeric = numerical_gradient(lambda: loss_layer.forward(x, target), x)
    assert relative_error(analytic, numeric) < 1e-6


def test_numerical_gradient_restores_the_array():
    x = np.array([1.0, 2.0, 3.0])
    grad = numerical_gradient(lambda: (x ** 2).sum(), x)
    np.testing.assert_allclose(grad, [2, 4, 6], rtol=1e-8)
    np.testing.assert_array_equal(x, [1, 2, 3])


def test_a_gradient_check_against_a_copy_would_be_caught():
    """The book's trap: a loss that ignores the perturbed array gives a zero gradient."""
    W = np.ones((2, 2))
    detached = W.copy()
    grad = numerical_gradient(lambda: (detached ** 2).sum(), W)
    assert relative_error(2 * W, grad) == pytest.approx(1.0)


def test_an_element_next_to_a_kink_is_measured_again_with_a_smaller_step():
    p = np.zeros(1)

    def f():  # a ReLU whose kink is 3e-7 away: a 1e-6 step spans it, a 1e-8 step does not
        return max(0.0, p[0] - 3e-7)

    spanning = numerical_gradient(f, p, 1e-6)
    assert spanning[0] == pytest.approx(0.35)
    rechecked = _recheck_near_kinks(f, p, 1e-6, [(0,)], np.zeros(1), spanning.copy())
    assert rechecked[0] == 0.0  # the true slope at p = 0
    wrong = _recheck_near_kinks(f, p, 1e-6, [(0,)], np.ones(1), spanning.copy())
    assert relative_error(np.ones(1), wrong) > 0.1  # a wrong backward stays wrong
