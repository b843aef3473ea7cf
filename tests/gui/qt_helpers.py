"""Shared by the GUI tests: a tiny separable dataset, so real training runs take milliseconds."""
import numpy as np

import engine


def tiny_dataset(n_train=200, n_test=50, seed=0):
    """28x28 'digits' where class k lights up row band k: trivially learnable."""
    rng = np.random.default_rng(seed)

    def make(n):
        t = rng.integers(0, 10, n).astype(np.uint8)
        x = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
        for i, label in enumerate(t):
            x[i, 2 * label:2 * label + 3, :] = 255
        return x, t

    (x_train, t_train), (x_test, t_test) = make(n_train), make(n_test)
    return engine.Dataset("tiny", None, x_train, t_train, x_test, t_test)


def small_settings(**overrides):
    values = {"preset": "mlp", "hidden": (16,), "batch_size": 20, "epochs": 3, "lr": 0.05}
    values.update(overrides)
    return engine.TrainSettings(**values)
