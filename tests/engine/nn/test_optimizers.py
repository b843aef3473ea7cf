"""Optimizers: in-place updates, their published update rules, state saving, hooks."""
import numpy as np
import pytest

from engine.nn.network import PackedParams, build_network
from engine.nn.optimizers import (
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    GradientClipping,
    Momentum,
    Nesterov,
    RMSprop,
    WeightDecay,
    make_optimizer,
    optimizer_from_config,
)
from engine.training.presets import mlp_config


def _quadratic_problem():
    """f(W) = 0.5 * sum(A * W^2) with minimum at 0; gradient A * W."""
    params = {"0.W": np.array([[3.0, -2.0], [1.5, 4.0]]), "0.b": np.array([1.0, -1.0])}
    scales = {"0.W": np.array([[1.0, 2.0], [0.5, 3.0]]), "0.b": np.array([1.0, 0.2])}
    return params, scales


@pytest.mark.parametrize("name,lr", [("sgd", 0.1), ("momentum", 0.05), ("nesterov", 0.05),
                                     ("adagrad", 0.5), ("rmsprop", 0.05), ("adam", 0.1)])
def test_every_optimizer_minimises_a_quadratic_in_place(name, lr):
    params, scales = _quadratic_problem()
    live = dict(params)
    optimizer = make_optimizer(name, lr=lr)
    for _ in range(500):
        optimizer.update(params, {k: scales[k] * p for k, p in params.items()})
    for k in params:
        assert params[k] is live[k]  # the very arrays a layer holds were updated
        assert np.abs(params[k]).max() < 0.05, (name, params[k])


def _one_step(optimizer, p, g):
    params = {"w": np.array(p, dtype=np.float64)}
    optimizer.update(params, {"w": np.array(g, dtype=np.float64)})
    return params["w"]


def test_update_rules_match_their_formulas():
    g = np.array([0.5, -2.0])
    np.testing.assert_allclose(_one_step(SGD(0.1), [1.0, 1.0], g), [0.95, 1.2])
    np.testing.assert_allclose(_one_step(Momentum(0.1, 0.9), [1.0, 1.0], g), [0.95, 1.2])
    np.testing.assert_allclose(_one_step(Nesterov(0.1, 0.9), [1.0, 1.0], g),
                               1.0 + 0.9 * (-0.1 * g) - 0.1 * g)
    np.testing.assert_allclose(_one_step(AdaGrad(0.1, 1e-7), [1.0, 1.0], g),
                               1.0 - 0.1 * g / (np.abs(g) + 1e-7))
    np.testing.assert_allclose(_one_step(RMSprop(0.1, 0.99, 1e-7), [1.0, 1.0], g),
                               1.0 - 0.1 * g / (np.sqrt(0.01 * g * g) + 1e-7))
    # Adam's first step moves every coordinate by about lr, whatever the gradient's scale
    np.testing.assert_allclose(_one_step(Adam(0.1), [1.0, 1.0], g), [0.9, 1.1], rtol=1e-6)


def test_momentum_accumulates_velocity():
    optimizer = Momentum(0.1, 0.9)
    params = {"w": np.array([0.0])}
    for _ in range(2):
        optimizer.update(params, {"w": np.array([1.0])})
    np.testing.assert_allclose(params["w"], [-0.1 - 0.19])


def test_float32_parameters_stay_float32():
    for cls in OPTIMIZERS.values():
        params = {"w": np.ones(3, dtype=np.float32)}
        optimizer = cls()
        optimizer.update(params, {"w": np.full(3, 0.5, dtype=np.float32)})
        assert params["w"].dtype == np.float32, cls.__name__
        for slot in optimizer.state.get("w", {}).values():
            assert slot.dtype == np.float32


def test_weight_decay_hook_adds_rate_times_weight_to_matrices_only():
    params = {"0.W": np.ones((2, 2)), "0.b": np.ones(2)}
    grads = {"0.W": np.zeros((2, 2)), "0.b": np.zeros(2)}
    decayed = WeightDecay(0.1)(params, grads)
    np.testing.assert_allclose(decayed["0.W"], 0.1)
    np.testing.assert_allclose(decayed["0.b"], 0.0)
    np.testing.assert_array_equal(grads["0.W"], 0.0)  # the hook never edits its input


def test_gradient_clipping_rescales_the_global_norm():
    grads = {"a": np.array([3.0]), "b": np.array([4.0])}
    clipped = GradientClipping(1.0)(None, grads)
    total = np.sqrt(sum((g ** 2).sum() for g in clipped.values()))
    assert total == pytest.approx(1.0, rel=1e-5)
    assert GradientClipping(10.0)(None, grads) is grads


def test_hooks_run_before_the_update():
    optimizer = make_optimizer("sgd", lr=1.0, weight_decay=0.5)
    params = {"0.W": np.full((1, 1), 2.0)}
    optimizer.update(params, {"0.W": np.zeros((1, 1))})
    np.testing.assert_allclose(params["0.W"], 1.0)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_state_round_trip_continues_identically(name):
    rng = np.random.default_rng(0)
    grads = [{"w": rng.standard_normal(4)} for _ in range(6)]
    straight = make_optimizer(name, lr=0.01, weight_decay=1e-3)
    p_straight = {"w": np.ones(4)}
    for g in grads:
        straight.update(p_straight, g)

    first = make_optimizer(name, lr=0.01, weight_decay=1e-3)
    p_resumed = {"w": np.ones(4)}
    for g in grads[:3]:
        first.update(p_resumed, g)
    config, arrays = first.config(), first.state_arrays()
    resumed = optimizer_from_config(config)
    resumed.load_state(config, arrays, p_resumed)
    for g in grads[3:]:
        resumed.update(p_resumed, g)
    np.testing.assert_array_equal(p_resumed["w"], p_straight["w"])
    assert resumed.t == 6 and len(resumed.hooks) == 1


def test_bad_optimizer_arguments_are_reported():
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("lbfgs")
    with pytest.raises(ValueError, match="weight decay"):
        WeightDecay(-1)
    with pytest.raises(ValueError, match="max_norm"):
        GradientClipping(0)
    with pytest.raises(ValueError, match="saved optimizer is SGD"):
        Adam().load_state(SGD().config(), {}, {})


# --- packed parameters: one array, the same arithmetic ----------------------------------------

def _mlp_with_gradients(packed, seed=0):
    network = build_network(mlp_config(hidden=(6, 5), batchnorm=True, seed=seed))
    if not packed:
        network._packed = None  # as if built before packing existed: one array per parameter
    rng = np.random.default_rng(seed)
    x, t = rng.random((8, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, 8)
    return network, x, t


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_packed_parameters_are_updated_exactly_as_one_by_one(name):
    results = []
    for packed in (True, False):
        network, x, t = _mlp_with_gradients(packed)
        assert isinstance(network.params(), PackedParams) == packed
        optimizer = make_optimizer(name, lr=0.01, weight_decay=0.001)
        for _ in range(3):
            network.gradient(x, t)
            optimizer.update(network.params(), network.grads())
        results.append((network.state_arrays(), optimizer.state_arrays()))
    (packed_weights, packed_slots), (plain_weights, plain_slots) = results
    assert packed_slots.keys() == plain_slots.keys()
    for mine, theirs in ((packed_weights, plain_weights), (packed_slots, plain_slots)):
        for key in theirs:
            np.testing.assert_array_equal(mine[key], theirs[key], err_msg=key)


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_slots_move_between_packed_and_one_by_one_without_a_change(name):
    """A snapshot taken one way resumes the other way, and the run goes on identically."""
    reference, x, t = _mlp_with_gradients(packed=True)
    steps = make_optimizer(name, lr=0.01)
    for _ in range(4):
        reference.gradient(x, t)
        steps.update(reference.params(), reference.grads())

    network, _, _ = _mlp_with_gradients(packed=True)
    optimizer = make_optimizer(name, lr=0.01)
    network.gradient(x, t)
    optimizer.update(network.params(), network.grads())  # packed
    network.gradient(x, t)
    optimizer.update(dict(network.params()), network.grads())  # one by one
    saved = (optimizer.config(), optimizer.state_arrays())
    resumed = make_optimizer(name, lr=0.01)
    resumed.load_state(*saved, network.params())  # straight into the packed layout
    for _ in range(2):
        network.gradient(x, t)
        resumed.update(network.params(), network.grads())
    for key, array in reference.state_arrays().items():
        np.testing.assert_array_equal(network.state_arrays()[key], array, err_msg=key)


def test_packing_keeps_every_value_and_notices_a_parameter_replaced():
    network, _, _ = _mlp_with_gradients(packed=False)
    before = network.state_arrays()
    network.pack_parameters()
    params = network.params()
    assert isinstance(params, PackedParams) and params.flat.size == sum(
        p.size for p in params.values())
    assert all(np.shares_memory(p, params.flat) for p in params.values())
    for key, array in network.state_arrays().items():
        np.testing.assert_array_equal(array, before[key])
    network.layers[0].W = network.layers[0].W.copy()  # no longer a view of the packed array
    assert type(network.params()) is dict
