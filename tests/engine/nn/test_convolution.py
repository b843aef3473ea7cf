"""Image layers: the book's worked examples, a loop-by-loop oracle, numerical gradients for every
stride/padding/channel variation, and clear errors for shapes that do not fit."""
import numpy as np
import pytest

from engine.backend import get_array_module, to_device, to_numpy
from engine.device import move_layer, move_network
from engine.nn import convolution as C
from engine.nn import layers as L
from engine.nn.gradcheck import gradcheck, numerical_gradient, relative_error
from engine.nn.network import ConfigError, build_network

from conftest import on_device

BOOK_INPUT = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]], dtype=float)
BOOK_FILTER = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]], dtype=float)


def _one_channel(image):
    """(H, W) -> (1, H, W, 1)."""
    return image[None, :, :, None]


def _conv_layer(filters_hw, bias=0.0, stride=1, pad=0):
    return C.Convolution(filters_hw[None, :, :, None], np.array([bias]), stride=stride, pad=pad)


def naive_convolution(x, W, b, stride, pad):
    """The definition, one output number at a time: the oracle the fast layer must match."""
    n, h, w, c = x.shape
    fn, fh, fw, _ = W.shape
    padded = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    padded[:, pad:pad + h, pad:pad + w] = x
    out_h, out_w = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    out = np.zeros((n, out_h, out_w, fn))
    for i in range(out_h):
        for j in range(out_w):
            window = padded[:, i * stride:i * stride + fh, j * stride:j * stride + fw, :]
            out[:, i, j, :] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3]))
    return out + (0 if b is None else b)


def naive_max_pooling(x, size, stride):
    n, h, w, c = x.shape
    out_h, out_w = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.empty((n, out_h, out_w, c))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]
            out[:, i, j, :] = window.max(axis=(1, 2))
    return out


# --- worked examples (chapter 7 of the book) --------------------------------------------------

def test_book_convolution_example():
    out = _conv_layer(BOOK_FILTER).forward(_one_channel(BOOK_INPUT))
    np.testing.assert_array_equal(out[0, :, :, 0], [[15, 16], [6, 15]])


def test_book_convolution_example_with_bias():
    out = _conv_layer(BOOK_FILTER, bias=3).forward(_one_channel(BOOK_INPUT))
    np.testing.assert_array_equal(out[0, :, :, 0], [[18, 19], [9, 18]])


def test_book_convolution_example_with_padding_one():
    out = _conv_layer(BOOK_FILTER, pad=1).forward(_one_channel(BOOK_INPUT))
    np.testing.assert_array_equal(out[0, :, :, 0], [[7, 12, 10, 2], [4, 15, 16, 10],
                                                    [10, 6, 15, 6], [8, 10, 4, 3]])


def test_book_output_size_formula():
    # (H + 2P - FH) / S + 1: the book's examples, 4x4 pad 1 filter 3 stride 1 -> 4;
    # 7x7 pad 0 filter 3 stride 2 -> 3; 28x31 pad 2 filter 5x5 stride 3 -> 10x11
    assert C.output_size((4, 4), (3, 3), 1, 1) == (4, 4)
    assert C.output_size((7, 7), (3, 3), 2, 0) == (3, 3)
    assert C.output_size((28, 31), (5, 5), 3, 2) == (10, 11)


def test_book_max_pooling_example():
    image = np.array([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]], dtype=float)
    out = C.MaxPooling(2).forward(_one_channel(image))
    np.testing.assert_array_equal(out[0, :, :, 0], [[2, 3], [4, 2]])


def test_max_pooling_backward_routes_each_gradient_to_the_maximum():
    image = np.array([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]], dtype=float)
    pool = C.MaxPooling(2)
    pool.forward(_one_channel(image), train=True)
    dx = pool.backward(np.array([[10.0, 20.0], [30.0, 40.0]])[None, :, :, None])
    np.testing.assert_array_equal(dx[0, :, :, 0], [[0, 10, 0, 0], [0, 0, 0, 20],
                                                   [0, 0, 0, 40], [0, 30, 0, 0]])


def test_max_pooling_gives_a_tie_to_the_first_maximum_only():
    # an all-zero border is common (padding, black MNIST edges): the gradient must not be
    # counted four times
    pool = C.MaxPooling(2)
    pool.forward(np.zeros((1, 2, 2, 1)), train=True)
    dx = pool.backward(np.ones((1, 1, 1, 1)))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1, 0], [0, 0]])


# --- the fast layers against the oracle ---------------------------------------------------------

CONV_CASES = [  # (N, H, W, C, FN, FH, FW, stride, pad)
    (2, 5, 5, 1, 3, 3, 3, 1, 0),
    (2, 6, 7, 3, 4, 3, 3, 1, 1),
    (3, 7, 7, 2, 2, 3, 3, 2, 0),
    (2, 8, 6, 3, 2, 5, 5, 2, 2),
    (1, 6, 6, 2, 3, 2, 3, 3, 1),  # non-square filter, stride larger than the filter
    (2, 4, 4, 5, 6, 1, 1, 1, 0),  # 1x1 convolution mixes channels only
]


@pytest.mark.parametrize("case", CONV_CASES, ids=lambda c: "N{}H{}W{}C{}F{}K{}x{}S{}P{}".format(*c))
def test_convolution_matches_the_definition(case):
    n, h, w, c, fn, fh, fw, stride, pad = case
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, h, w, c))
    W, b = rng.standard_normal((fn, fh, fw, c)), rng.standard_normal(fn)
    out = C.Convolution(W, b, stride, pad).forward(x)
    np.testing.assert_allclose(out, naive_convolution(x, W, b, stride, pad), atol=1e-12)


@pytest.mark.parametrize("size,stride,shape", [
    (2, 2, (2, 6, 6, 3)), (2, 2, (2, 7, 5, 2)), (3, 2, (2, 7, 7, 2)), (2, 3, (1, 8, 8, 2)),
    (3, 3, (2, 6, 9, 1)), (3, 1, (1, 5, 5, 2)),
], ids=["2x2", "odd-edge-dropped", "overlapping", "gaps", "3x3", "stride-1"])
def test_max_pooling_matches_the_definition(size, stride, shape):
    x = np.random.default_rng(1).standard_normal(shape)
    np.testing.assert_array_equal(C.MaxPooling(size, stride).forward(x),
                                  naive_max_pooling(x, size, stride))


# --- gradient checks, float64 --------------------------------------------------------------------

def _input_and_param_errors(layer, x):
    y = layer.forward(x, train=True)
    weights = to_device(np.random.default_rng(7).standard_normal(y.shape), get_array_module(y))

    def loss():
        return float((layer.forward(x, train=True) * weights).sum())

    layer.forward(x, train=True)
    analytic_dx = layer.backward(weights)
    errors = {"x": relative_error(analytic_dx, numerical_gradient(loss, x))}
    for name in layer.param_names:
        errors[name] = relative_error(getattr(layer, "d" + name),
                                      numerical_gradient(loss, getattr(layer, name)))
    return errors


@pytest.mark.parametrize("case", CONV_CASES, ids=lambda c: "N{}H{}W{}C{}F{}K{}x{}S{}P{}".format(*c))
def test_convolution_gradients_match_numerical(case, xp):
    n, h, w, c, fn, fh, fw, stride, pad = case
    rng = np.random.default_rng(2)
    layer = move_layer(C.Convolution(rng.standard_normal((fn, fh, fw, c)),
                                     rng.standard_normal(fn), stride, pad), xp)
    errors = _input_and_param_errors(layer, on_device(xp, rng.standard_normal((n, h, w, c))))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-8, errors


def test_bias_free_convolution_has_only_filters_to_learn():
    rng = np.random.default_rng(3)
    layer = C.Convolution(rng.standard_normal((2, 3, 3, 2)), None, pad=1)
    errors = _input_and_param_errors(layer, rng.standard_normal((2, 4, 4, 2)))
    assert set(errors) == {"x", "W"}
    assert max(errors.values()) < 1e-8, errors


@pytest.mark.parametrize("size,stride", [(2, 2), (3, 2), (2, 3), (3, 3), (2, 1)],
                         ids=["2x2", "overlapping", "gaps", "3x3", "stride-1"])
def test_max_pooling_gradient_matches_numerical(size, stride, xp):
    # distinct values a good distance apart: the difference quotient never crosses a tie
    rng = np.random.default_rng(4)
    x = on_device(xp, rng.permutation(2 * 7 * 7 * 3).reshape(2, 7, 7, 3) * 0.01)
    errors = _input_and_param_errors(C.MaxPooling(size, stride), x)
    assert errors["x"] < 1e-8, errors


@pytest.mark.parametrize("size,stride", [(2, 2), (3, 2), (2, 1)],
                         ids=["2x2", "overlapping", "stride-1"])
def test_max_pooling_backward_after_reading_equals_backward_after_training(size, stride, xp):
    # reading records no winners (it never needs them); a saliency image's backward finds them
    rng = np.random.default_rng(8)
    x = on_device(xp, rng.permutation(2 * 7 * 7 * 3).reshape(2, 7, 7, 3) * 0.01)
    layer = C.MaxPooling(size, stride)
    out = layer.forward(x, train=True)
    dout = on_device(xp, rng.standard_normal(out.shape))
    trained = to_numpy(layer.backward(dout))
    np.testing.assert_array_equal(to_numpy(layer.forward(x, train=False)), to_numpy(out))
    assert layer.winner is None
    np.testing.assert_array_equal(to_numpy(layer.backward(dout)), trained)


@pytest.mark.parametrize("layer", [C.Flatten(), C.ChannelsLast()], ids=["flatten", "channels-last"])
def test_reshaping_layers_pass_gradients_back_to_the_input_shape(layer):
    x = np.random.default_rng(5).standard_normal((2, 3, 4, 5))
    errors = _input_and_param_errors(layer, x)
    assert errors["x"] < 1e-9
    assert layer.backward(layer.forward(x)).shape == x.shape


def test_channels_last_moves_the_channel_axis():
    x = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    np.testing.assert_array_equal(C.ChannelsLast().forward(x), x.transpose(0, 2, 3, 1))


def test_batch_normalization_per_channel_of_images(xp):
    rng = np.random.default_rng(6)
    layer = move_layer(L.BatchNormalization(rng.standard_normal(3) + 1, rng.standard_normal(3)),
                       xp)
    x = on_device(xp, rng.standard_normal((4, 5, 5, 3)) * 3 + 2)
    out = layer.forward(x, train=True)
    normalised = to_numpy((out - layer.beta) / layer.gamma)
    np.testing.assert_allclose(normalised.mean(axis=(0, 1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(normalised.var(axis=(0, 1, 2)), 1, atol=1e-3)
    errors = _input_and_param_errors(layer, x)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("make", [
    lambda: C.Convolution(np.ones((2, 3, 3, 2)), np.zeros(2), pad=1),
    lambda: C.MaxPooling(2), lambda: C.Flatten(), lambda: C.ChannelsLast(),
], ids=["convolution", "pooling", "flatten", "channels-last"])
def test_backward_never_modifies_the_incoming_gradient(make):
    layer = make()
    rng = np.random.default_rng(8)
    y = layer.forward(rng.standard_normal((2, 4, 4, 2)), train=True)
    dout = rng.standard_normal(y.shape)
    kept = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(dout, kept)


# --- a network of them ---------------------------------------------------------------------------

def small_cnn_config(dtype="float64", batchnorm=False):
    conv2 = [{"type": "Convolution", "in_channels": 3, "filters": 4, "size": 3, "pad": 1,
              "bias": not batchnorm}]
    if batchnorm:
        conv2.append({"type": "BatchNormalization", "size": 4})
    return {"input_shape": [1, 8, 8], "dtype": dtype, "seed": 3, "layers": [
        {"type": "ChannelsLast"},
        {"type": "Convolution", "in_channels": 1, "filters": 3, "size": 3, "stride": 1, "pad": 1},
        {"type": "ReLU"}, {"type": "MaxPooling", "size": 2},
        *conv2, {"type": "ReLU"}, {"type": "MaxPooling", "size": 2, "stride": 2},
        {"type": "Flatten"}, {"type": "Affine", "in": 16, "out": 5}, {"type": "ReLU"},
        {"type": "Affine", "in": 5, "out": 3}], "loss": {"type": "SoftmaxWithLoss"}}


@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "batchnorm"])
def test_small_cnn_passes_gradcheck(batchnorm, xp):
    network = build_network(small_cnn_config(batchnorm=batchnorm))
    rng = np.random.default_rng(9)
    for name, p in network.params().items():  # keep ReLU kinks away from zero biases
        if name.endswith(".b"):
            p[...] = rng.uniform(0.05, 0.2, p.shape)
    move_network(network, xp)
    x, t = on_device(xp, rng.standard_normal((4, 1, 8, 8))), on_device(xp, rng.integers(0, 3, 4))
    errors = gradcheck(network, x, t)
    assert set(errors) == set(network.params())
    assert max(errors.values()) < 1e-6, errors


def test_first_convolution_skips_its_input_gradient():
    network = build_network(small_cnn_config())
    first = network.layers[1]
    assert first.input_grad is False and network.layers[4].input_grad is True
    rng = np.random.default_rng(10)
    network.gradient(rng.standard_normal((2, 1, 8, 8)), rng.integers(0, 3, 2))
    assert first.dW.shape == first.W.shape
    assert network.backward() is None  # nothing before the first convolution needs a gradient


def test_large_inference_batches_are_processed_in_chunks(monkeypatch):
    layer = C.Convolution(*(np.random.default_rng(11).standard_normal(s) for s in
                            ((4, 3, 3, 2), (4,))), pad=1)
    x = np.random.default_rng(12).standard_normal((9, 5, 5, 2))
    whole = layer.forward(x)
    monkeypatch.setattr(C, "EVAL_CHUNK_BYTES", 5 * 5 * 18 * 8 * 2)  # two images per chunk
    calls = []
    real_im2col = C.im2col
    monkeypatch.setattr(C, "im2col", lambda *a: calls.append(a[0].shape[0]) or real_im2col(*a))
    np.testing.assert_allclose(layer.forward(x), whole, atol=1e-12)
    assert calls == [2, 2, 2, 2, 1]


# --- errors a user can make ---------------------------------------------------------------------

def test_convolution_names_a_channel_mismatch():
    layer = C.Convolution(np.ones((2, 3, 3, 3)), np.zeros(2))
    with pytest.raises(ValueError, match=r"filters for 3 channel\(s\).*has 1"):
        layer.forward(np.ones((1, 5, 5, 1)))


@pytest.mark.parametrize("layer", [C.Convolution(np.ones((2, 3, 3, 1)), np.zeros(2)),
                                   C.MaxPooling(2)], ids=["convolution", "pooling"])
def test_image_layers_ask_for_channels_last_images(layer):
    with pytest.raises(ValueError, match=r"\(N, H, W, C\).*ChannelsLast"):
        layer.forward(np.ones((2, 28, 28)))


def test_a_window_larger_than_the_image_is_named():
    with pytest.raises(ValueError, match="5x5 window does not fit in 3x3 images"):
        C.Convolution(np.ones((1, 5, 5, 1)), np.zeros(1)).forward(np.ones((1, 3, 3, 1)))
    with pytest.raises(ValueError, match="MaxPooling: a 2x2 window does not fit in 1x4"):
        C.MaxPooling(2).forward(np.ones((1, 1, 4, 1)))


@pytest.mark.parametrize("make,message", [
    (lambda: C.Convolution(np.ones((2, 3, 3)), np.zeros(2)), r"\(FN, FH, FW, C\)"),
    (lambda: C.Convolution(np.ones((2, 3, 3, 1)), np.zeros(3)), r"bias must be \(2,\)"),
    (lambda: C.Convolution(np.ones((2, 3, 3, 1)), np.zeros(2), stride=0), "stride"),
    (lambda: C.Convolution(np.ones((2, 3, 3, 1)), np.zeros(2), pad=-1), "pad"),
    (lambda: C.Convolution(np.ones((2, 3, 3, 1)), np.zeros(2), stride=1.5), "stride"),
    (lambda: C.MaxPooling(0), "size"), (lambda: C.MaxPooling(2, stride=True), "stride"),
    (lambda: C.MaxPooling("2"), "size"), (lambda: C.MaxPooling(float("nan")), "size"),
])
def test_bad_layer_arguments_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def _with_layer(index, **changes):
    config = small_cnn_config()
    config["layers"][index] = {**config["layers"][index], **changes}
    return config


@pytest.mark.parametrize("config,message", [
    (_with_layer(8, **{"in": 20}),
     r"layer 8 \(Affine\): its input is \(16,\).*takes 20 inputs per example, got 16"),
    (_with_layer(4, in_channels=2), r"layer 4 \(Convolution\).*has 3"),
    (_with_layer(1, size=11), r"layer 1 \(Convolution\).*11x11 window does not fit in 8x8"),
    (_with_layer(1, filters=0), r"layer 1 \(Convolution\).*positive"),
    (_with_layer(3, size=0), r"layer 3 \(MaxPooling\).*size"),
    (_with_layer(0, type="Flatten"), r"layer 1 \(Convolution\).*channels-last"),
    ({**small_cnn_config(), "input_shape": [1, "x", 8]}, "input_shape"),
], ids=["affine-size", "channels", "kernel-too-big", "no-filters", "pool-size",
        "no-channels-last", "bad-input-shape"])
def test_shape_mistakes_in_a_config_are_reported_when_it_is_built(config, message):
    with pytest.raises(ConfigError, match=message):
        build_network(config)
