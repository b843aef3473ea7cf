"""Seeing inside a network: each layer's output, the diagram, knocked-out units, PCA.

The oracle is the engine's own layer-by-layer forward pass, written out here as a loop.
"""
import numpy as np
import pytest

from engine import (
    LayerOutput,
    PrincipalComponents,
    build_network,
    layer_outputs,
    masked_outputs,
    network_summary,
)
from engine.files.modelio import load_model, save_model
from engine.training.plan import TrainSettings
from engine.training.presets import preset_names

PRESETS = preset_names()


def preset_network(name):
    """A preset's network with every parameter and buffer drawn at random (biases and batch
    norm statistics are not left at 0 and 1, so every layer changes what passes through)."""
    net = build_network(TrainSettings(preset=name).plan().network)
    rng = np.random.default_rng(7)
    for key, array in {**net.params(), **net.buffers()}.items():
        values = rng.normal(0.0, 0.1, array.shape)
        if key.endswith("running_var"):
            values = 0.5 + np.abs(values)
        array[...] = values.astype(array.dtype)
    return net


def images(count, seed=0):
    return np.random.default_rng(seed).random((count, 1, 28, 28))  # float64: cast by the engine


def manual_forward(net, batch, knock_out=None):
    """The oracle: layer.forward(x, train=False) in a loop, zeroing units where asked."""
    x = batch.astype(net.dtype)
    outputs = []
    for index, layer in enumerate(net.layers):
        x = layer.forward(x, train=False)
        if knock_out and index in knock_out:
            x = x.copy()
            x[..., knock_out[index]] = 0
        outputs.append(x.copy())
    outputs.append(net.loss_layer.output(x))
    return outputs


@pytest.mark.parametrize("name", PRESETS)
def test_layer_outputs_equal_the_manual_forward_pass(name):
    net = preset_network(name)
    batch = images(3)
    outputs = layer_outputs(net, batch)
    expected = manual_forward(net, batch)
    assert [o.index for o in outputs] == list(range(len(net.layers) + 1))
    assert [o.name for o in outputs] == [type(layer).__name__ for layer in net.layers] + \
        ["SoftmaxWithLoss"]
    for output, oracle in zip(outputs, expected, strict=True):
        assert isinstance(output, LayerOutput)
        assert output.values.dtype == np.float32
        assert np.array_equal(output.values, oracle)
    assert outputs[-1].values.shape == (3, 10)


def test_layer_outputs_of_the_simple_cnn_keep_images_channels_last():
    outputs = layer_outputs(preset_network("simple-cnn"), images(2))
    assert [(o.name, o.values.shape) for o in outputs[:5]] == [
        ("ChannelsLast", (2, 28, 28, 1)), ("Convolution", (2, 24, 24, 30)),
        ("ReLU", (2, 24, 24, 30)), ("MaxPooling", (2, 12, 12, 30)), ("Flatten", (2, 4320))]


def test_layer_outputs_are_copies_the_caller_may_keep():
    net = preset_network("mlp-wide")  # Dropout at test time returns its input object
    outputs = layer_outputs(net, images(1))
    assert all(not np.shares_memory(a.values, b.values)
               for a in outputs for b in outputs if a is not b)


def test_layer_outputs_of_a_model_file_and_a_float64_network(tmp_path):
    net = preset_network("two-layer")
    loaded = load_model(save_model(tmp_path / "m.npz", net))
    batch = images(2)
    for mine, theirs in zip(layer_outputs(loaded, batch), layer_outputs(net, batch), strict=True):
        assert np.array_equal(mine.values, theirs.values)
    config = TrainSettings(preset="two-layer").plan().network
    wide = build_network({**config, "dtype": "float64"})
    outputs = layer_outputs(wide, batch)
    assert all(o.values.dtype == np.float32 for o in outputs)
    assert np.array_equal(outputs[-1].values, manual_forward(wide, batch)[-1].astype(np.float32))


@pytest.mark.parametrize("batch", [np.zeros((1, 28, 28)), np.zeros((2, 784)),
                                   np.full((1, 1, 28, 28), "a")])
def test_layer_outputs_refuse_a_batch_of_the_wrong_shape_or_kind(batch):
    with pytest.raises(ValueError, match="batch"):
        layer_outputs(preset_network("simple-cnn"), batch)


@pytest.mark.parametrize("name", PRESETS)
def test_summary_shapes_and_parameters_match_the_arrays(name):
    net = preset_network(name)
    summary = network_summary(net)
    outputs = layer_outputs(net, images(1))
    assert [(s.index, s.name) for s in summary.layers] == [(o.index, o.name) for o in outputs]
    assert [s.output_shape for s in summary.layers] == [o.values.shape[1:] for o in outputs]
    sizes = [sum(getattr(layer, p).size for p in layer.param_names) for layer in net.layers]
    assert [s.parameters for s in summary.layers] == [*sizes, 0]
    assert summary.total_parameters == sum(a.size for a in net.params().values())


def test_summary_of_the_books_two_layer_net():
    summary = network_summary(preset_network("two-layer"))
    assert [(s.name, s.output_shape, s.parameters) for s in summary.layers] == [
        ("Affine", (50,), 784 * 50 + 50), ("ReLU", (50,), 0), ("Affine", (10,), 50 * 10 + 10),
        ("SoftmaxWithLoss", (10,), 0)]
    assert summary.total_parameters == 39760


@pytest.mark.parametrize(("name", "knock_out"), [
    ("mlp", {0: [3], 3: [1, 2]}),  # an Affine unit, and a unit after the second ReLU
    ("simple-cnn", {1: [0, 29]}),  # two filters of the convolution
    ("simple-cnn", {3: (5,), 6: range(10)}),  # a pooled channel, ten dense units
    ("deep-cnn", {1: [31], 17: [0]}),  # a filter of the first convolution, the logit of a 0
])
def test_knocking_out_units_equals_zeroing_them_in_the_forward_pass(name, knock_out):
    net = preset_network(name)
    batch = images(4)
    expected = manual_forward(net, batch, knock_out)[-1]
    probabilities = masked_outputs(net, batch, knock_out)
    assert probabilities.dtype == np.float32 and probabilities.shape == (4, 10)
    assert np.array_equal(probabilities, expected)
    assert not np.array_equal(probabilities, layer_outputs(net, batch)[-1].values)


def test_an_empty_mask_gives_the_plain_output():
    net = preset_network("simple-cnn")
    batch = images(2)
    plain = layer_outputs(net, batch)[-1].values
    assert np.array_equal(masked_outputs(net, batch, {}), plain)
    assert np.array_equal(masked_outputs(net, batch, {1: []}), plain)


@pytest.mark.parametrize(("masks", "words"), [
    ({8: [0]}, "layers are numbered 0 to 7"), ({-1: [0]}, "numbered 0 to 7"),
    ({1: [30]}, "layer 1 has 30 units"), ({0: [-1]}, "cannot knock out -1"),
    ({1: [1.5]}, "whole numbers"), ({"1": [0]}, "layer '1'"),
])
def test_masks_out_of_range_are_refused_with_a_sentence(masks, words):
    with pytest.raises(ValueError, match=words):
        masked_outputs(preset_network("simple-cnn"), images(1), masks)


def test_pca_finds_the_axes_of_a_hand_made_ellipse():
    # points spread 3 along (1, 1)/sqrt(2) and 1 along (1, -1)/sqrt(2), centred on (5, -2)
    along = np.array([[-3.0, 0], [3, 0], [0, -1], [0, 1]])
    rotation = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2)
    points = along @ rotation + [5, -2]
    pca = PrincipalComponents.fit(points)
    assert np.allclose(pca.mean, [5, -2])
    assert np.allclose(pca.components, rotation)  # each largest loading positive
    assert np.allclose(pca.explained_variance_ratio, [0.9, 0.1])
    assert np.allclose(pca.transform(points), along)


def test_pca_agrees_with_the_covariance_eigenvectors():
    rng = np.random.default_rng(1)
    features = rng.normal(size=(200, 2, 3)) * [[1, 2, 3], [4, 5, 6]]
    pca = PrincipalComponents.fit(features, components=2)
    values, vectors = np.linalg.eigh(np.cov(features.reshape(200, 6), rowvar=False))
    top = vectors[:, ::-1][:, :2].T
    top *= np.where(top[np.arange(2), np.abs(top).argmax(axis=1)] < 0, -1, 1)[:, None]
    assert np.allclose(pca.components, top)
    assert np.allclose(pca.explained_variance_ratio, values[::-1][:2] / values.sum())
    assert pca.transform(features[:5]).shape == (5, 2)
    again = PrincipalComponents.fit(features.copy(), components=2)
    assert np.array_equal(again.components, pca.components)  # deterministic signs


def test_pca_of_constant_data_and_too_few_examples():
    flat = PrincipalComponents.fit(np.ones((5, 3)))
    assert np.array_equal(flat.explained_variance_ratio, [0.0, 0.0])
    with pytest.raises(ValueError, match="at least 2 examples"):
        PrincipalComponents.fit(np.ones((1, 3)))
