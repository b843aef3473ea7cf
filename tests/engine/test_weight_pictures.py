"""The weights as pictures and histograms (issue 16 item 3).

Oracles: the layers' own arrays indexed by hand (column j of W is unit j's picture; W[f, :, :, c]
is filter f on channel c) and np.histogram with the symmetric range written out.
"""
import numpy as np
import pytest

from engine import (
    WeightImages,
    build_network,
    host_gradients,
    mlp_config,
    weight_arrays,
    weight_histograms,
    weight_images,
)
from engine.training.plan import TrainSettings


def preset_network(name):
    return build_network(TrainSettings(preset=name).plan().network)


def test_an_mlps_first_layer_gives_one_28x28_picture_per_hidden_unit():
    net = build_network(mlp_config(hidden=(12, 5)))
    pictures = weight_images(net)
    assert [(p.index, p.name, p.parameter) for p in pictures] == [(0, "Affine", "0.W")]
    images = pictures[0].images
    assert images.shape == (1, 12, 28, 28) and images.dtype == np.float32
    W = net.layers[0].W
    for unit in (0, 7, 11):
        np.testing.assert_array_equal(images[0, unit], W[:, unit].reshape(28, 28))
    # the picture is where the unit looks: pixel (row 3, column 20) is input 3 * 28 + 20
    assert images[0, 4, 3, 20] == W[3 * 28 + 20, 4]


def test_every_convolution_gives_its_filters_per_input_channel():
    net = preset_network("deep-cnn")
    pictures = weight_images(net)
    convolutions = [index for index, layer in enumerate(net.layers)
                    if type(layer).__name__ == "Convolution"]
    assert [p.index for p in pictures] == convolutions  # the Affine after Flatten reads maps
    for picture in pictures:
        W = net.layers[picture.index].W  # (FN, FH, FW, C)
        assert picture.images.shape == (W.shape[3], W.shape[0], W.shape[1], W.shape[2])
        channel = W.shape[3] // 2
        np.testing.assert_array_equal(picture.images[channel, 5], W[5, :, :, channel])
        np.testing.assert_array_equal(picture.images[-1, -1], W[-1, :, :, -1])


def test_pictures_are_copies_a_caller_may_keep():
    net = build_network(mlp_config(hidden=(4,)))
    before = weight_images(net)[0].images.copy()
    net.layers[0].W[...] += 1.0
    np.testing.assert_array_equal(weight_images(net)[0].images, before + 1.0)
    assert isinstance(weight_images(net)[0], WeightImages)


def test_weight_arrays_are_every_layers_weights_in_order():
    net = preset_network("simple-cnn")
    arrays = weight_arrays(net)
    expected = [f"{index}.W" for index, layer in enumerate(net.layers) if "W" in layer.param_names]
    assert list(arrays) == expected
    for name, array in arrays.items():
        np.testing.assert_array_equal(array, net.params()[name])
        assert array is not net.params()[name]


def test_histograms_equal_numpy_with_a_range_symmetric_around_zero():
    rng = np.random.default_rng(3)
    arrays = {"0.W": rng.normal(0.2, 1.0, (50, 8)).astype(np.float32),
              "2.W": rng.normal(-0.1, 0.01, (3, 3, 4, 6)).astype(np.float32)}
    histograms = weight_histograms(arrays, bins=17)
    assert list(histograms) == ["0.W", "2.W"]
    for name, array in arrays.items():
        extent = float(np.abs(array).max())
        counts, edges = np.histogram(array, bins=17, range=(-extent, extent))
        np.testing.assert_array_equal(histograms[name][0], counts)
        np.testing.assert_array_equal(histograms[name][1], edges)
        assert histograms[name][1][0] == -histograms[name][1][-1]
        assert histograms[name][0].sum() == array.size


def test_histograms_of_zeros_and_of_a_diverged_run():
    counts, edges = weight_histograms({"b": np.zeros(5)}, bins=4)["b"]
    np.testing.assert_array_equal(counts, [0, 0, 5, 0])  # 0 falls in the bin starting at 0
    np.testing.assert_array_equal(edges, [-1.0, -0.5, 0.0, 0.5, 1.0])
    counts, edges = weight_histograms({"W": np.array([np.nan, -2.0, np.inf, 1.0])}, bins=2)["W"]
    np.testing.assert_array_equal(counts, [1, 1])
    np.testing.assert_array_equal(edges, [-2.0, 0.0, 2.0])


def test_gradients_are_the_last_backward_passes_copies():
    net = build_network(mlp_config(hidden=(6,)))
    assert host_gradients(net) == {}  # no backward pass yet
    rng = np.random.default_rng(0)
    net.gradient(rng.random((4, 1, 28, 28)).astype(np.float32), np.array([1, 2, 3, 4]))
    gradients = host_gradients(net)
    assert list(gradients) == ["0.W", "0.b", "2.W", "2.b"]
    for name, gradient in gradients.items():
        np.testing.assert_array_equal(gradient, net.grads()[name])
        assert gradient is not net.grads()[name]


@pytest.mark.parametrize("hidden", [(3,), (9, 2)])
def test_an_mlp_for_flat_inputs_has_no_pictures(hidden):
    net = build_network(mlp_config(hidden=hidden, inputs=20, outputs=3))
    assert weight_images(net) == []
