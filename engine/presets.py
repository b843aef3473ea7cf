"""Named network configs and training settings: what `--preset NAME` means.

A preset is two JSON-able dicts: the network config (see network.py) and the training
settings that go with it (optimizer, learning rate, batch size, length of training).
"""
import copy
import itertools

from .demos import SUM_PRODUCT_CONFIG, TORCH_EXAMPLE_CONFIG

MNIST_INPUT = [1, 28, 28]
MNIST_PIXELS = 784
MNIST_CLASSES = 10


def mlp_config(hidden=(100, 100), activation="relu", init=None, dropout=0.0, batchnorm=False,
               inputs=MNIST_PIXELS, outputs=MNIST_CLASSES, seed=0, dtype="float32"):
    """Affine -> [BatchNorm] -> activation -> [Dropout], per hidden size, then Affine -> softmax.

    ``init`` defaults to He for ReLU and Xavier for sigmoid/tanh (the book's chapter 6.2).
    """
    activation = activation.lower()
    names = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}
    if activation not in names:
        raise ValueError(f"activation must be one of {sorted(names)}, got {activation!r}")
    if init is None:
        init = "he" if activation == "relu" else "xavier"
    sizes = [inputs, *[int(h) for h in hidden]]
    layers = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        # a bias before batch norm is cancelled by its mean subtraction: beta takes its place
        layers.append({"type": "Affine", "in": fan_in, "out": fan_out, "init": init,
                       "bias": not batchnorm})
        if batchnorm:
            layers.append({"type": "BatchNormalization", "size": fan_out})
        layers.append({"type": names[activation]})
        if dropout:
            layers.append({"type": "Dropout", "ratio": float(dropout)})
    layers.append({"type": "Affine", "in": sizes[-1], "out": outputs, "init": init})
    return {"input_shape": [inputs] if inputs != MNIST_PIXELS else MNIST_INPUT, "dtype": dtype,
            "seed": seed, "layers": layers, "loss": {"type": "SoftmaxWithLoss"}}


def _mlp_preset(description, mlp, train):
    """An MNIST preset: ``mlp`` holds mlp_config's options, so a form can override any of them."""
    return {"description": description, "mlp": mlp, "network": mlp_config(**mlp), "train": train}


PRESETS = {
    "two-layer": _mlp_preset(
        "The book's TwoLayerNet 784-50-10 (ReLU, init 0.01), SGD lr 0.1, batch 100, 17 epochs.",
        {"hidden": [50], "init": 0.01},
        {"optimizer": "sgd", "lr": 0.1, "batch_size": 100, "epochs": 17}),
    "book-ch05": _mlp_preset(
        "Chapter 5's run: 784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations.",
        {"hidden": [50], "init": 0.01},
        {"optimizer": "sgd", "lr": 0.1, "batch_size": 100, "iterations": 10000}),
    "mlp": _mlp_preset(
        "784-100-100-10 ReLU (He init), SGD with momentum 0.9, lr 0.05, batch 100, 10 epochs.",
        {"hidden": [100, 100]},
        {"optimizer": "momentum", "lr": 0.05, "batch_size": 100, "epochs": 10}),
    "mlp-wide": _mlp_preset(
        "784-512-256-10 ReLU, dropout 0.2, Adam lr 0.001 decaying x0.8 per epoch, batch 100, "
        "12 epochs: about 98.5% on MNIST in well under a minute on two cores.",
        {"hidden": [512, 256], "dropout": 0.2},
        {"optimizer": "adam", "lr": 0.001, "lr_decay": 0.8, "batch_size": 100, "epochs": 12}),
    "torch-example": {
        "description": "PyTorch's NumPy warm-up: 64x1000 random inputs -> 100 ReLU -> 10, MSE, "
                       "SGD lr 1e-4, 300 full-batch steps (a regression demo, not MNIST).",
        "network": TORCH_EXAMPLE_CONFIG,
        "train": {"optimizer": "sgd", "lr": 1e-4, "steps": 300},
        "demo": "torch-example",
    },
    "sum-product": {
        "description": "Learn (x1 + x2, x1 * x2) with Affine(2,2)-ReLU-Affine(2,2), MSE, "
                       "SGD lr 0.2, 1500 full-batch epochs (a regression demo, not MNIST).",
        "network": SUM_PRODUCT_CONFIG,
        "train": {"optimizer": "sgd", "lr": 0.2, "steps": 1500},
        "demo": "sum-product",
    },
}


def preset_names():
    return sorted(PRESETS)


def get_preset(name):
    """A deep copy of a preset (callers may edit it freely)."""
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(preset_names())}")
    return copy.deepcopy(PRESETS[name])
