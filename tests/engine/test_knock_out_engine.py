"""Knocking units out and mapping a layer: the oracle is the layer-by-layer forward pass written
out here, zeroing units by hand, and PrincipalComponents fitted on its outputs."""
import numpy as np
import pytest

from engine import (
    PrincipalComponents,
    build_network,
    evaluate_predictions,
    last_hidden_layer,
    layer_features,
    layer_map,
    layer_outputs,
    masked_accuracy,
    masked_layer_outputs,
    masked_outputs,
)
from engine.training.plan import TrainSettings


def random_network(preset):
    net = build_network(TrainSettings(preset=preset).plan().network)
    rng = np.random.default_rng(3)
    for key, array in {**net.params(), **net.buffers()}.items():
        values = rng.normal(0.0, 0.3, array.shape)
        if key.endswith("running_var"):
            values = 0.5 + np.abs(values)
        array[...] = values.astype(array.dtype)
    return net


def images(count, seed=0):
    return np.random.default_rng(seed).random((count, 1, 28, 28)).astype(np.float32)


def manual_pass(net, batch, knock_out):
    """Every layer's output with the units of `knock_out` {layer: [units]} zeroed by hand."""
    x = batch.astype(net.dtype)
    outputs = []
    for index, layer in enumerate(net.layers):
        x = layer.forward(x, train=False)
        if index in knock_out:
            x = x.copy()
            x[..., knock_out[index]] = 0
        outputs.append(x)
    return outputs


# mlp: 0 Affine, 1 ReLU, 2 Affine, ...; simple-cnn: 2 ReLU of 30 channels, 6 ReLU of 100 units
CASES = [("mlp", {1: [0, 5, 7]}), ("mlp", {1: [2], 3: [0, 1]}),
         ("simple-cnn", {2: [0, 3]}), ("simple-cnn", {2: [1], 6: [10, 20, 99]})]


@pytest.mark.parametrize(("preset", "masks"), CASES)
def test_masked_layer_outputs_zero_the_units_as_the_manual_pass(preset, masks):
    net = random_network(preset)
    batch = images(4)
    outputs = masked_layer_outputs(net, batch, masks)
    expected = manual_pass(net, batch, masks)
    assert len(outputs) == len(net.layers) + 1
    for output, oracle in zip(outputs, expected, strict=False):
        np.testing.assert_array_equal(output.values, oracle)
    for index, units in masks.items():
        assert not outputs[index].values[..., units].any()
    np.testing.assert_array_equal(outputs[-1].values, masked_outputs(net, batch, masks))


def test_no_mask_gives_layer_outputs():
    net = random_network("simple-cnn")
    batch = images(2)
    for masked, plain in zip(masked_layer_outputs(net, batch, {}), layer_outputs(net, batch),
                             strict=True):
        np.testing.assert_array_equal(masked.values, plain.values)


@pytest.mark.parametrize(("preset", "masks"), CASES)
def test_masked_accuracy_is_the_share_right_after_zeroing(preset, masks):
    net = random_network(preset)
    x = images(50, seed=1)
    scores = manual_pass(net, x, masks)[-1]
    t = np.random.default_rng(2).integers(0, 10, len(x))
    t[:20] = scores[:20].argmax(axis=1)  # some right answers whatever the seed
    expected = np.count_nonzero(scores.argmax(axis=1) == t) / len(x)
    assert masked_accuracy(net, x, t, masks, batch_size=16) == expected
    assert expected >= 0.4


def test_masked_accuracy_without_masks_is_the_evaluated_accuracy():
    net = random_network("mlp")
    x = images(30, seed=4)
    t = np.arange(30) % 10
    assert masked_accuracy(net, x, t, {}, batch_size=7) == \
        evaluate_predictions(net, x, t).accuracy


def test_masked_accuracy_refuses_bad_masks_and_labels():
    net = random_network("mlp")
    x = images(3)
    with pytest.raises(ValueError, match="numbered"):
        masked_accuracy(net, x, [0, 1, 2], {99: [0]})
    with pytest.raises(ValueError, match="cannot knock out"):
        masked_accuracy(net, x, [0, 1, 2], {1: [10_000]})
    with pytest.raises(ValueError, match="as many labels"):
        masked_accuracy(net, x, [0, 1], {})


@pytest.mark.parametrize(("preset", "layer"), [("mlp", 3), ("simple-cnn", 3)])
def test_layer_map_is_the_pca_of_the_layers_outputs(preset, layer):
    net = random_network(preset)
    x = images(40, seed=5)
    t = np.arange(40) % 10
    # the oracle in the same batches: BLAS may round a batch of 9 and one of 40 differently
    features = np.concatenate([manual_pass(net, x[start:start + 9], {})[layer]
                               for start in range(0, 40, 9)]).reshape(40, -1)
    np.testing.assert_array_equal(layer_features(net, x, layer, batch_size=9), features)
    result = layer_map(net, x, t, layer, batch_size=9)
    pca = PrincipalComponents.fit(features, components=2)
    np.testing.assert_allclose(result.points, pca.transform(features), rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(result.labels, t)
    drawing = images(1, seed=9)
    one = manual_pass(net, drawing, {})[layer].reshape(1, -1)
    np.testing.assert_allclose(result.place(net, drawing), pca.transform(one), rtol=1e-9,
                               atol=1e-9)


def test_the_last_hidden_layer_is_what_the_last_layer_reads():
    assert last_hidden_layer(random_network("mlp")) == 3  # the second ReLU
    assert last_hidden_layer(random_network("simple-cnn")) == 6
    with pytest.raises(ValueError, match="numbered"):
        layer_features(random_network("mlp"), images(2), 5)
