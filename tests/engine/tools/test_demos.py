"""The seed documents' regression demos reproduce their published numbers."""
import numpy as np
import pytest

from engine.tools.demos import sum_product, torch_example, torch_example_problem


def test_torch_example_matches_the_seed():
    losses = torch_example()
    assert len(losses) == 300
    assert losses[0] == pytest.approx(53178.4, rel=0.01)
    assert losses[-1] == pytest.approx(18.68, rel=0.01)
    assert all(np.diff(losses) < 0), "the loss must fall at every step"


def test_torch_example_draws_in_the_seeds_order():
    np.random.seed(1)
    x = np.random.randn(64, 1000).astype(np.float32)
    network, x_demo, _ = torch_example_problem()
    np.testing.assert_array_equal(x, x_demo)
    assert network.params()["0.W"].shape == (1000, 100)
    assert set(network.params()) == {"0.W", "2.W"}  # no biases, like the seed


def test_sum_product_learns_sum_and_product():
    network, losses = sum_product()
    assert losses[-1] <= 0.005
    prediction = network.output(np.array([[0.3, 0.5]]))[0]
    np.testing.assert_allclose(prediction, [0.8, 0.15], atol=0.05)


def test_sum_product_seed_with_a_dead_relu_stalls():
    """Seed 0 starts with a dead hidden unit: documented behaviour, not a regression."""
    _, losses = sum_product(seed=0)
    assert losses[-1] > 0.05
