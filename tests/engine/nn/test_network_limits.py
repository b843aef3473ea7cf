"""network_cost: a config's size, counted before anything is allocated, and the limits that keep
a hostile config (a model file is untrusted) from costing gigabytes or seconds."""
import copy

import numpy as np
import pytest

from engine.nn import network as limits
from engine.nn.network import ConfigError, build_network, network_cost
from engine.training.presets import PRESETS, mlp_config

from ceilings import outcome_and_peak

BUILD_CEILING = 20 * 2**20  # what refusing a hostile config may cost: nothing is built




def refused_cheaply(config, *fragments):
    """build_network refuses `config` with ConfigError, allocating almost nothing."""
    error, peak = outcome_and_peak(lambda: build_network(config), ConfigError)
    assert isinstance(error, ConfigError), error
    message = str(error)
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message and len(message) < 300, message
    assert peak < BUILD_CEILING, f"refusing cost {peak / 2**20:.0f} MB"
    return message


def image_config(*layers, input_shape=(1, 28, 28), dtype="float32"):
    return {"input_shape": list(input_shape), "dtype": dtype, "seed": 0,
            "layers": [{"type": "ChannelsLast"}, *layers], "loss": {"type": "SoftmaxWithLoss"}}


def conv(channels, filters, size, **options):
    return {"type": "Convolution", "in_channels": channels, "filters": filters, "size": size,
            **options}


# ----------------------------------------------------------------------- the count is right

@pytest.mark.parametrize("name", sorted(PRESETS))
def test_the_count_matches_the_built_network(name):
    config = PRESETS[name].network_config()
    cost = network_cost(config)
    network = build_network(config)
    assert cost.parameters == sum(a.size for a in network.params().values())
    assert cost.buffers == sum(a.size for a in network.buffers().values())
    out = network.predict(np.zeros((2, *config["input_shape"]), np.float32))
    assert cost.output_shape == out.shape[1:]


def test_the_limits_are_far_above_every_preset():
    costs = {name: network_cost(preset.network_config()) for name, preset in PRESETS.items()}
    assert limits.MAX_PARAMETERS >= 15 * max(cost.parameters for cost in costs.values())
    assert limits.MAX_ACTIVATIONS >= 10 * max(cost.activations for cost in costs.values())
    assert limits.MAX_MULTIPLY_ADDS >= 15 * max(cost.multiply_adds for cost in costs.values())


def test_the_limits_keep_a_loaded_model_cheap():
    """Loading a model pushes four examples through it in float64 at worst."""
    assert 4 * limits.MAX_ACTIVATIONS * 8 <= 100 * 2**20
    assert 4 * limits.MAX_MULTIPLY_ADDS <= 10**9  # well under a second of BLAS
    assert limits.MAX_PARAMETERS * 8 <= 100 * 2**20


def test_counting_allocates_nothing():
    config = mlp_config(hidden=(4000, 2000))  # 11 M parameters: over the limit, never built
    error, peak = outcome_and_peak(lambda: network_cost(config), ConfigError)
    assert isinstance(error, ConfigError)
    assert peak < 2**20
    assert network_cost(mlp_config(hidden=(3000,))).parameters == 784 * 3000 + 3000 + 30010


def test_a_config_without_input_shape_counts_parameters_only():
    config = {"layers": [{"type": "Affine", "in": 3, "out": 2}, {"type": "ReLU"}]}
    cost = network_cost(config)
    assert (cost.parameters, cost.activations, cost.output_shape) == (8, 0, None)


# ----------------------------------------------------------------------- hostile configs

def test_twenty_thousand_filters_are_refused_before_allocating():
    config = image_config(conv(1, 20_000, 5), {"type": "MaxPooling", "size": 24},
                          {"type": "Flatten"}, {"type": "Affine", "in": 20_000, "out": 10},
                          dtype="float64")
    refused_cheaply(config, "the network is too large", "values per example",
                    "at most 3,000,000")


def test_a_four_thousand_pixel_padding_is_refused():
    config = image_config(conv(1, 1, 3, pad=4000), {"type": "Flatten"},
                          {"type": "Affine", "in": 784, "out": 10})
    refused_cheaply(config, "layer 1 (Convolution): pad must be a whole number from 0 to 2, "
                            "got 4000")


def test_a_thousand_pixel_pooling_window_is_refused():
    """It fits a 1000x1000 input, and its million slices would take 14 s of CPU."""
    config = image_config({"type": "MaxPooling", "size": 1000}, {"type": "Flatten"},
                          {"type": "Affine", "in": 1, "out": 10}, input_shape=(1, 1000, 1000))
    refused_cheaply(config, "layer 1 (MaxPooling): size must be a whole number from 1 to 32, "
                            "got 1000")


def test_a_padding_that_fits_the_rules_still_counts():
    """A wide image with the largest padding allowed: refused by its size, not its values."""
    config = image_config(conv(1, 64, 32, pad=31), {"type": "Flatten"},
                          {"type": "Affine", "in": 1031 * 1031 * 64, "out": 10},
                          input_shape=(1, 1000, 1000))
    refused_cheaply(config, "the network is too large")


@pytest.mark.parametrize("hidden, fragment", [
    ((3_000_000,), "2,385,000,010 weights"),  # 784 x 3,000,000 + biases, then 3,000,000 x 10
    ((10**14,), "about 7.9 x 10^16 weights"),
    ((5000, 5000), "28,980,010 weights"),
])
def test_huge_hidden_layers_are_refused_before_allocating(hidden, fragment):
    refused_cheaply(mlp_config(hidden=hidden), "the network is too large", fragment,
                    "at most 10,000,000")


def test_too_many_layers():
    config = mlp_config(hidden=(4,) * 150)  # 301 layers
    refused_cheaply(config, "301 layers", "at most 200")


@pytest.mark.parametrize("change, fragment", [
    (lambda c: c["layers"][1].update(stride=0), "stride must be a whole number from 1 to 32"),
    (lambda c: c["layers"][1].update(stride=33), "stride must be a whole number from 1 to 32"),
    (lambda c: c["layers"][1].update(pad=-1), "pad must be a whole number from 0 to 4"),
    (lambda c: c["layers"][1].update(size=2.5), "size must be a whole number from 1 to 32"),
    (lambda c: c["layers"][1].update(size=True), "size must be"),
    (lambda c: c["layers"][1].update(filters="8"), "filters must be a positive whole number"),
    (lambda c: c["layers"][1].update(filters=float("nan")), "filters must be"),
    (lambda c: c["layers"][1].update(init=float("inf")), "init must be"),
    (lambda c: c["layers"][1].update(init=1e308), "init must be"),
    (lambda c: c["layers"][1].update(init=-0.1), "init must be"),
    (lambda c: c["layers"][1].update(bias="yes"), "bias must be true or false"),
    (lambda c: c["layers"][2].update(size=0), "layer 2 (MaxPooling): size"),
    (lambda c: c["layers"][2].update(stride=10**40), "got about 1.0 x 10^40"),
    (lambda c: c["layers"][3].update(momentum=2.0), "momentum must be a number from 0 to 1"),
    (lambda c: c["layers"][3].update(momentum=float("nan")), "momentum"),
    (lambda c: c["layers"][4].update(ratio=1.0), "dropout ratio must be in [0, 1)"),
    (lambda c: c["layers"][4].update(ratio=float("nan")), "dropout ratio"),
    (lambda c: c["layers"][4].update(ratio="half"), "dropout ratio"),
    (lambda c: c.update(seed=-1), "seed must be a whole number"),
    (lambda c: c.update(seed=2**64), "seed must be a whole number"),
    (lambda c: c.update(seed=1.5), "seed must be a whole number"),
    (lambda c: c.update(dtype={"names": ["a"], "formats": ["f4"]}), "dtype must be"),
    (lambda c: c.update(dtype="S1000"), "dtype must be"),
    (lambda c: c.update(dtype=","), "dtype must be float32 or float64, got ','"),  # fuzzing
    (lambda c: c.update(dtype="f4, f8"), "dtype must be"),
    (lambda c: c.update(dtype="(2,)f4"), "dtype must be"),
    (lambda c: c.update(dtype="(10**20)f4"), "dtype must be"),
    (lambda c: c.update(dtype=["float32"]), "dtype must be"),
    (lambda c: c.update(input_shape=[1, 2000, 2000]), "at most 1,000,000"),
    (lambda c: c.update(input_shape=[1, 28, 28, 1, 1]), "input_shape must be a list"),
    (lambda c: c.update(input_shape=[1, 28, True]), "input_shape must be a list"),
    (lambda c: c["layers"][1].update(type="x" * 10_000), "unknown layer type 'xxxx"),
])
def test_single_values_out_of_range_are_named(change, fragment):
    config = image_config(conv(1, 4, 5), {"type": "MaxPooling", "size": 2},
                          {"type": "BatchNormalization", "size": 4},
                          {"type": "Dropout", "ratio": 0.5}, {"type": "Flatten"},
                          {"type": "Affine", "in": 12 * 12 * 4, "out": 10})
    build_network(copy.deepcopy(config))  # the unchanged config is fine
    change(config)
    refused_cheaply(config, fragment)


def test_values_a_json_file_may_hold_are_accepted_when_sane():
    """Whole floats (784.0) and a stride of None are what a JSON round trip may give."""
    config = image_config(conv(1, 4.0, 5.0, stride=1.0, pad=0.0),
                          {"type": "MaxPooling", "size": 2, "stride": None},
                          {"type": "Flatten"}, {"type": "Affine", "in": 576.0, "out": 10})
    cost = network_cost(config)
    assert cost.output_shape == (10,)
    assert build_network(config).predict(np.zeros((1, 1, 28, 28), np.float32)).shape == (1, 10)


def test_a_shape_mismatch_names_the_layer_and_its_input():
    config = mlp_config(hidden=(8,), inputs=16)
    config["layers"][2]["in"] = 9
    refused_cheaply(config, "layer 2 (Affine): its input is (8,) per example",
                    "takes 9 inputs per example, got 8")
