"""Sequential networks: gradient checks of every preset, configs, parameters and state."""
import json

import numpy as np
import pytest

from engine.nn import layers as L
from engine.nn.gradcheck import gradcheck
from engine.nn.network import ConfigError, build_network
from engine.training.presets import PRESETS, get_preset, mlp_config, preset_names


def _small_batch(inputs, outputs, n=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, inputs)), rng.integers(0, outputs, n)


def _as_float64(config):
    return {**config, "dtype": "float64"}


def _gradcheck_at_random_biases(network, x, t, max_elements=None, h=1e-4):
    """Zero biases put a dead layer's next pre-activation exactly on ReLU's kink; move them off."""
    rng = np.random.default_rng(42)
    for name, p in network.params().items():
        if name.endswith(".b"):
            p[...] = rng.uniform(0.05, 0.2, p.shape) * rng.choice([-1, 1], p.shape)
    return gradcheck(network, x, t, max_elements=max_elements, h=h)


@pytest.mark.parametrize("options", [
    {}, {"activation": "sigmoid"}, {"activation": "tanh"}, {"batchnorm": True},
    {"dropout": 0.3}, {"batchnorm": True, "dropout": 0.2, "hidden": (9, 7, 5)},
    {"init": 0.01, "hidden": (6,)},
], ids=["relu", "sigmoid", "tanh", "batchnorm", "dropout", "bn-dropout-deep", "book-init"])
def test_mlp_variants_pass_gradcheck_in_float64(options):
    config = mlp_config(**{"hidden": (8, 6), **options}, inputs=5, outputs=4, dtype="float64")
    network = build_network(config)
    x, t = _small_batch(5, 4)
    errors = _gradcheck_at_random_biases(network, x, t)
    assert set(errors) == set(network.params())
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.slow) if name == "deep-cnn" else name  # 5 s and more
    for name in preset_names()])
def test_every_preset_passes_gradcheck_in_float64(name):
    config = _as_float64(get_preset(name).network_config())
    network = build_network(config)
    outputs = network.layers[-1].W.shape[1]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, *config["input_shape"]))
    t = rng.standard_normal((3, outputs)) if not network.is_classifier else rng.integers(0, 10, 3)
    # a full numerical gradient of 784x512 weights is slow: sample 60 elements per parameter;
    # a small step keeps the CNNs' thousands of pooling windows and ReLUs off their kinks
    errors = _gradcheck_at_random_biases(network, x, t, max_elements=60, h=1e-6)
    assert set(errors) == set(network.params())
    assert max(errors.values()) < 1e-6, errors


def test_sampled_gradcheck_still_catches_a_wrong_backward():
    network = build_network(mlp_config(hidden=(30,), inputs=40, outputs=3, dtype="float64"))
    x, t = _small_batch(40, 3)
    original_backward = network.layers[0].backward

    def off_by_ten_percent(dout):
        result = original_backward(dout)
        network.layers[0].dW = network.layers[0].dW * 1.1
        return result

    network.layers[0].backward = off_by_ten_percent
    errors = gradcheck(network, x, t, max_elements=20)
    assert errors["0.W"] > 0.01
    assert errors["2.W"] < 1e-6


def test_presets_are_json_serialisable_and_documented():
    for name, preset in PRESETS.items():
        json.dumps(preset.network_config())
        json.dumps(dict(preset.training))
        assert preset.name == name and preset.description, name


def test_unknown_preset_names_the_choices():
    with pytest.raises(KeyError, match="two-layer"):
        get_preset("nope")


def test_two_layer_preset_is_the_books_784_50_10():
    network = build_network(get_preset("two-layer").network_config())
    shapes = {name: p.shape for name, p in network.params().items()}
    assert shapes == {"0.W": (784, 50), "0.b": (50,), "2.W": (50, 10), "2.b": (10,)}
    assert 0.009 < network.params()["0.W"].std() < 0.011
    assert all(p.dtype == np.float32 for p in network.params().values())


def test_he_and_xavier_init_scales():
    he = build_network(mlp_config(hidden=(400,), seed=1)).params()["0.W"]
    xavier = build_network(mlp_config(hidden=(400,), activation="tanh", seed=1)).params()["0.W"]
    assert he.std() == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert xavier.std() == pytest.approx(np.sqrt(1 / 784), rel=0.02)
    assert he.dtype == np.float32


def test_same_seed_same_weights_other_seed_other_weights():
    a = build_network(mlp_config(seed=5)).params()["0.W"]
    b = build_network(mlp_config(seed=5)).params()["0.W"]
    c = build_network(mlp_config(seed=6)).params()["0.W"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_network_accepts_image_shaped_batches():
    network = build_network(mlp_config())
    x = np.random.default_rng(0).random((7, 1, 28, 28), dtype=np.float32)
    probs = network.output(x)
    assert probs.shape == (7, 10) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-5)


def test_first_affine_skips_the_unneeded_input_gradient():
    network = build_network(mlp_config(hidden=(4,), inputs=3, outputs=2))
    x, t = _small_batch(3, 2)
    network.gradient(x, t)
    assert network.backward() is None
    assert network.layers[2].input_grad


def test_accuracy_in_batches_matches_one_pass():
    network = build_network(mlp_config(hidden=(16,), inputs=8, outputs=3))
    x, t = _small_batch(8, 3, n=250)
    expected = (network.predict(x).argmax(axis=1) == t).mean()
    assert network.accuracy(x, t, batch_size=64) == pytest.approx(expected)
    assert network.accuracy(x, np.eye(3)[t], batch_size=1000) == pytest.approx(expected)


def test_state_arrays_round_trip_in_place():
    config = mlp_config(hidden=(5,), inputs=3, outputs=2, batchnorm=True)
    source, target = build_network(config), build_network({**config, "seed": 9})
    source.gradient(*_small_batch(3, 2))  # moves the BatchNorm running statistics
    live_w = target.params()["0.W"]
    target.load_state_arrays(source.state_arrays())
    assert target.params()["0.W"] is live_w  # copied in place: optimizers keep their arrays
    x, _ = _small_batch(3, 2, seed=1)
    np.testing.assert_array_equal(source.output(x), target.output(x))


def test_load_state_arrays_rejects_wrong_names_and_shapes():
    network = build_network(mlp_config(hidden=(5,), inputs=3, outputs=2))
    arrays = network.state_arrays()
    with pytest.raises(ConfigError, match="missing"):
        network.load_state_arrays({k: v for k, v in arrays.items() if k != "0.W"})
    with pytest.raises(ConfigError, match="shape"):
        network.load_state_arrays({**arrays, "0.W": np.zeros((2, 2))})


@pytest.mark.parametrize("config,message", [
    ([], "dict"),
    ({"layers": []}, "non-empty"),
    ({"layers": [{"type": "Conv9"}]}, "unknown layer type"),
    ({"layers": [{"kind": "Affine"}]}, "'type'"),
    ({"layers": [{"type": "Affine", "in": 3}]}, "Affine"),
    ({"layers": [{"type": "Affine", "in": 0, "out": 2}]}, "positive"),
    ({"layers": [{"type": "Affine", "in": 2, "out": 2, "init": "magic"}]}, "init"),
    ({"layers": [{"type": "ReLU"}], "loss": {"type": "Hinge"}}, "loss"),
    ({"layers": [{"type": "ReLU"}], "dtype": "int32"}, "dtype"),
    ({"layers": [{"type": "Dropout", "ratio": 1.5}]}, "ratio"),
])
def test_bad_configs_raise_config_error(config, message):
    with pytest.raises(ConfigError, match=message):
        build_network(config)


def test_mlp_config_rejects_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        mlp_config(activation="swish")


def test_layer_list_is_what_the_config_says():
    network = build_network(mlp_config(hidden=(4,), inputs=3, outputs=2, batchnorm=True,
                                       dropout=0.5))
    kinds = [type(layer) for layer in network.layers]
    assert kinds == [L.Affine, L.BatchNormalization, L.ReLU, L.Dropout, L.Affine]
    assert network.layers[0].b is None  # batch norm's beta replaces the bias
