"""Weight decay changed on a live optimizer: every optimizer keeps it as a WeightDecay hook."""
import numpy as np
import pytest

from engine.nn.optimizers import OPTIMIZERS, GradientClipping, WeightDecay, make_optimizer
from engine.training.hyperparameters import set_weight_decay, weight_decay_of


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_weight_decay_is_changed_added_and_dropped_on_every_optimizer(name):
    optimizer = make_optimizer(name, lr=0.1, weight_decay=0.01, clip_norm=5.0)
    hooks = optimizer.hooks
    set_weight_decay(optimizer, 0.2)
    assert weight_decay_of(optimizer) == 0.2
    assert [type(h) for h in optimizer.hooks] == [WeightDecay, GradientClipping]
    assert optimizer.hooks is hooks  # changed in place
    set_weight_decay(optimizer, 0.0)
    assert weight_decay_of(optimizer) == 0.0
    assert [type(h) for h in optimizer.hooks] == [GradientClipping]
    assert optimizer.config()["hooks"] == [{"type": "GradientClipping", "max_norm": 5.0}]


def test_a_weight_decay_added_mid_run_pulls_the_weights_in_the_next_update():
    optimizer = make_optimizer("sgd", lr=0.5)
    params = {"W": np.full((2, 2), 2.0), "b": np.full(2, 2.0)}
    grads = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    optimizer.update(params, grads)
    assert weight_decay_of(optimizer) == 0.0 and params["W"][0, 0] == 2.0
    set_weight_decay(optimizer, 0.1)
    optimizer.update(params, grads)
    np.testing.assert_array_equal(params["W"], np.full((2, 2), 2.0 - 0.5 * 0.1 * 2.0))
    np.testing.assert_array_equal(params["b"], np.full(2, 2.0))  # biases are not decayed
