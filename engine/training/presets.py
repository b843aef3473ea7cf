"""Named MNIST networks and how to train them: what `--preset NAME` means.

A ``Preset`` is of one kind: an MLP (``mlp_config``'s options, which a form may override) or
a fixed convolutional design, with the training that goes with it (plan.py turns a preset and
a user's overrides into a ``TrainPlan``). The regression warm-ups are not presets:
see tools/demos.py (``python -m engine demo NAME``).
"""
import dataclasses
import itertools
import types

from ..messages import sentence

MLP = "mlp"
CNN = "cnn"
KINDS = (MLP, CNN)

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
        raise ValueError(sentence("activation must be one of {choices}, got {activation}",
                                  choices=sorted(names), activation=repr(activation)))
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


def lesson_cnn_config(seed=0, dtype="float32"):
    """Two 5x5 convolution blocks (16 and 32 filters, each 2x2 max pooling, batch norm and
    ReLU) and one Affine layer: the smallest network found that passes 99% on MNIST within
    one epoch on two cores, which is what a lesson has time for.

    Designs measured for this (one epoch, batch 50 or 100, the same schedule): 8 then 32
    filters, or a 3x3 second convolution, were faster per step but stopped near 98.8%; three
    3x3 blocks needed more time per step than they saved in steps.
    """
    return _cnn_config([
        _conv(1, 16, 5, bias=False), _POOL, _batchnorm(16), _RELU,    # 12x12x16
        _conv(16, 32, 5, bias=False), _POOL, _batchnorm(32), _RELU,   # 4x4x32
        _FLATTEN, _affine(4 * 4 * 32, MNIST_CLASSES)], seed, dtype)


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


@dataclasses.dataclass(frozen=True)
class Preset:
    """A named starting point: a network of one ``kind`` and the plan it trains by."""

    name: str
    kind: str  # MLP or CNN
    description: str
    training: types.MappingProxyType  # TrainPlan's fields but the network: optimizer, lr...
    mlp: types.MappingProxyType = None  # mlp_config's options (MLP presets only)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"preset {self.name}: kind must be one of {KINDS}, not {self.kind!r}")
        if (self.kind == MLP) != (self.mlp is not None):
            raise ValueError(f"preset {self.name}: MLP presets, and only they, have mlp options")

    @property
    def is_mlp(self):
        return self.kind == MLP

    def network_config(self, seed=0, mlp_options=None):
        """The network with ``seed``; an MLP preset takes mlp_config's options over its own."""
        if self.kind == CNN:
            if mlp_options:
                names = ", ".join(sorted(mlp_options))
                raise ValueError(sentence("{names}: only the MLP presets take these; preset "
                                          "{preset} is a fixed convolutional network",
                                          names=names, preset=repr(self.name)))
            return CNN_CONFIGS[self.name](seed=seed)
        return mlp_config(**{**self.mlp, **(mlp_options or {})}, seed=seed)


def _preset(name, kind, description, training, mlp=None):
    return Preset(name, kind, description, types.MappingProxyType(training),
                  types.MappingProxyType(mlp) if mlp is not None else None)


CNN_CONFIGS = {"simple-cnn": simple_cnn_config, "deep-cnn": deep_cnn_config,
               "lesson-cnn": lesson_cnn_config}

PRESETS = {preset.name: preset for preset in (
    _preset("two-layer", MLP,
            "The book's TwoLayerNet 784-50-10 (ReLU, init 0.01), SGD lr 0.1, batch 100, "
            "17 epochs.",
            {"optimizer": "sgd", "lr": 0.1, "batch_size": 100, "epochs": 17},
            {"hidden": (50,), "init": 0.01}),
    _preset("book-ch05", MLP,
            "Chapter 5's run: 784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations.",
            {"optimizer": "sgd", "lr": 0.1, "batch_size": 100, "iterations": 10000},
            {"hidden": (50,), "init": 0.01}),
    _preset("mlp", MLP,
            "784-100-100-10 ReLU (He init), SGD with momentum 0.9, lr 0.05, batch 100, "
            "10 epochs.",
            {"optimizer": "momentum", "lr": 0.05, "batch_size": 100, "epochs": 10},
            {"hidden": (100, 100)}),
    _preset("mlp-wide", MLP,
            "784-512-256-10 ReLU, dropout 0.2, Adam lr 0.001 decaying x0.8 per epoch, batch "
            "100, 12 epochs: about 98.5% on MNIST in well under a minute on two cores.",
            {"optimizer": "adam", "lr": 0.001, "lr_decay": 0.8, "batch_size": 100,
             "epochs": 12},
            {"hidden": (512, 256), "dropout": 0.2}),
    _preset("simple-cnn", CNN,
            "The book's SimpleConvNet: conv 30x5x5, ReLU, 2x2 max pooling, 100 ReLU, 10. Adam "
            "lr 0.001 decaying x0.7 per epoch, batch 100, 6 epochs: about 99% on MNIST.",
            {"optimizer": "adam", "lr": 0.001, "lr_decay": 0.7, "batch_size": 100,
             "epochs": 6}),
    _preset("lesson-cnn", CNN,
            "For a lesson: 99% on MNIST in about 15 seconds on two cores. Two 5x5 convolution "
            "blocks (16 and 32 filters, each with 2x2 max pooling, batch norm and ReLU), then "
            "10 outputs. Adam lr 0.005 falling linearly to 0, batch 50, 1 epoch.",
            {"optimizer": "adam", "lr": 0.005, "lr_schedule": "linear", "batch_size": 50,
             "epochs": 1}),
    _preset("deep-cnn", CNN,
            "Three 3x3 convolution blocks (32, 64 and 128 filters, each with 2x2 max pooling, "
            "batch norm and ReLU), 128 ReLU with dropout 0.3, 10. Adam lr 0.002 decaying x0.75 "
            "per epoch, batch 100, 12 epochs, augmented data: 99.4% or more.",
            {"optimizer": "adam", "lr": 0.002, "lr_decay": 0.75, "batch_size": 100,
             "epochs": 12, "augment": True}),
)}


def preset_names():
    return sorted(PRESETS)


def get_preset(name):
    """The Preset called ``name`` (immutable: override through TrainSettings)."""
    if name not in PRESETS:
        raise KeyError(sentence("unknown preset {name}; choose one of {choices}",
                                name=repr(name), choices=", ".join(preset_names())))
    return PRESETS[name]
