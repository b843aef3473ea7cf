"""Named network configs and training settings: what `--preset NAME` means.

A preset is two JSON-able dicts: the network config (see network.py) and the training
settings that go with it (optimizer, learning rate, batch size, length of training).
"""
import copy
import itertools

from ..tools.demos import SUM_PRODUCT_CONFIG, TORCH_EXAMPLE_CONFIG

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


def simple_cnn_config(seed=0, dtype="float32"):
    """The book's SimpleConvNet (chapter 7.5): conv 30x5x5 -> ReLU -> pool 2x2 -> Affine 100 ->
    ReLU -> Affine 10, with He initialisation."""
    return _cnn_config([_conv(1, 30, 5), _RELU, _POOL, _FLATTEN, _affine(12 * 12 * 30, 100),
                        _RELU, _affine(100, MNIST_CLASSES)], seed, dtype)


def deep_cnn_config(seed=0, dtype="float32"):
    """Three 3x3 convolution blocks (32, 64, 128 filters), then 128 ReLU with dropout: small
    enough to train on two cores, deep enough for 99.4% with augmentation.

    Each block pools *before* its batch normalisation and ReLU: normalising and rectifying a
    quarter of the values is a quarter of the work, and for the 28x28x32 first block that
    work was most of a step.
    """
    return _cnn_config([
        _conv(1, 32, 3, pad=1, bias=False), _POOL, _batchnorm(32), _RELU,     # 14x14x32
        _conv(32, 64, 3, pad=1, bias=False), _POOL, _batchnorm(64), _RELU,    # 7x7x64
        _conv(64, 128, 3, pad=1, bias=False), _POOL, _batchnorm(128), _RELU,  # 3x3x128
        _FLATTEN, _affine(3 * 3 * 128, 128), _RELU, {"type": "Dropout", "ratio": 0.3},
        _affine(128, MNIST_CLASSES)], seed, dtype)


_RELU = {"type": "ReLU"}
_POOL = {"type": "MaxPooling", "size": 2, "stride": 2}
_FLATTEN = {"type": "Flatten"}


def _conv(channels, filters, size, pad=0, bias=True):
    return {"type": "Convolution", "in_channels": channels, "filters": filters, "size": size,
            "stride": 1, "pad": pad, "init": "he", "bias": bias}


def _batchnorm(size):
    return {"type": "BatchNormalization", "size": size}


def _affine(fan_in, fan_out):
    return {"type": "Affine", "in": fan_in, "out": fan_out, "init": "he"}


def _cnn_config(layers, seed, dtype):
    # datasets keep images as (N, 1, 28, 28); the image layers work channels last
    return {"input_shape": MNIST_INPUT, "dtype": dtype, "seed": seed,
            "layers": [{"type": "ChannelsLast"}, *layers], "loss": {"type": "SoftmaxWithLoss"}}


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
    "simple-cnn": {
        "description": "The book's SimpleConvNet: conv 30x5x5, ReLU, 2x2 max pooling, 100 ReLU, "
                       "10. Adam lr 0.001 decaying x0.7 per epoch, batch 100, 6 epochs: about "
                       "99% on MNIST.",
        "cnn": "simple-cnn", "network": simple_cnn_config(),
        "train": {"optimizer": "adam", "lr": 0.001, "lr_decay": 0.7, "batch_size": 100,
                  "epochs": 6},
    },
    "deep-cnn": {
        "description": "Three 3x3 convolution blocks (32, 64 and 128 filters, each with 2x2 max "
                       "pooling, batch norm and ReLU), 128 ReLU with dropout 0.3, 10. Adam lr "
                       "0.002 decaying x0.75 per epoch, batch 100, 12 epochs, augmented data: "
                       "99.4% or more.",
        "cnn": "deep-cnn", "network": deep_cnn_config(),
        "train": {"optimizer": "adam", "lr": 0.002, "lr_decay": 0.75, "batch_size": 100,
                  "epochs": 12, "augment": True},
    },
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


CNN_CONFIGS = {"simple-cnn": simple_cnn_config, "deep-cnn": deep_cnn_config}


def network_config(preset, seed=0, mlp_options=None):
    """The network config of an MNIST preset (``get_preset(name)``) with ``seed``; MLP presets
    also take mlp_config's options, which override the preset's own."""
    if "cnn" in preset:
        return CNN_CONFIGS[preset["cnn"]](seed=seed)
    return mlp_config(**{**preset["mlp"], **(mlp_options or {})}, seed=seed)


def preset_names():
    return sorted(PRESETS)


def get_preset(name):
    """A deep copy of a preset (callers may edit it freely)."""
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(preset_names())}")
    return copy.deepcopy(PRESETS[name])
