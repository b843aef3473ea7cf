"""Weight decay changed on a live optimizer: every optimizer keeps it as a WeightDecay hook;
and the changes a model file records, read back whatever the file holds."""
import numpy as np
import pytest

import engine
from engine.nn.optimizers import OPTIMIZERS, GradientClipping, WeightDecay, make_optimizer
from engine.training.hyperparameters import (
    MAX_RECORDED_CHANGES,
    recorded_changes,
    set_weight_decay,
    starting_hyperparameters,
    weight_decay_of,
)


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


# --- what a model file records -------------------------------------------------------------------

def test_a_files_changes_keep_only_well_formed_entries_in_iteration_order():
    good = {"iteration": 30, "lr": 0.01, "lr_decay": 0.9, "weight_decay": 0.0}
    earlier = {"iteration": 10, "lr": 0.02, "lr_decay": 1, "weight_decay": 1e-4}
    forged = [good, 7, None, "lr", {"iteration": True, "lr": 1, "lr_decay": 1, "weight_decay": 0},
              {"iteration": -1, "lr": 1, "lr_decay": 1, "weight_decay": 0},
              {"iteration": 5, "lr": float("inf"), "lr_decay": 1, "weight_decay": 0},
              {"iteration": 5, "lr": "0.1", "lr_decay": 1, "weight_decay": 0},
              {"iteration": 5, "lr": 0.1}, earlier]
    assert recorded_changes(forged) == [
        {"iteration": 10, "lr": 0.02, "lr_decay": 1.0, "weight_decay": 1e-4}, good]
    assert recorded_changes({"iteration": 1}) == [] and recorded_changes(None) == []


def test_a_files_changes_are_read_up_to_a_limit():
    many = [{"iteration": i, "lr": 0.1, "lr_decay": 1, "weight_decay": 0}
            for i in range(MAX_RECORDED_CHANGES + 5)]
    assert len(recorded_changes(many)) == MAX_RECORDED_CHANGES


def test_the_starting_values_come_from_the_plan_a_file_records():
    plan = engine.TrainSettings(preset="mlp", lr=0.07, weight_decay=1e-3).plan()
    assert starting_hyperparameters(plan.training_config()) == {
        "lr": 0.07, "lr_decay": 1.0, "weight_decay": 1e-3}  # no decay: a factor of 1
    assert starting_hyperparameters({"lr": "fast", "lr_decay": 0.9}) == {
        "lr": None, "lr_decay": 0.9, "weight_decay": 0.0}
    assert starting_hyperparameters(None) == {"lr": None, "lr_decay": 1.0, "weight_decay": 0.0}
