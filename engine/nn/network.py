"""A Sequential network built from a JSON-able config (the presets are in training/presets.py).

A config is a plain dict, so a model file can store it and rebuild the same network::

    {"input_shape": [1, 28, 28], "dtype": "float32", "seed": 0,
     "layers": [{"type": "Affine", "in": 784, "out": 50, "init": 0.01}, {"type": "ReLU"}, ...],
     "loss": {"type": "SoftmaxWithLoss"}}

Parameters are reached one way, by name (``"0.W"``, ``"0.b"``, ``"2.W"``): ``params()`` and
``grads()`` return dicts of the live arrays, which optimizers update in place.
"""
import math

import numpy as np

from ..backend import get_array_module, to_device, to_numpy
from . import convolution as C
from . import layers as L

ACTIVATIONS = {"relu": L.ReLU, "sigmoid": L.Sigmoid, "tanh": L.Tanh}
LOSSES = {"SoftmaxWithLoss": L.SoftmaxWithLoss, "MeanSquaredError": L.MeanSquaredError}
PARAMETER_FREE = {"ReLU": L.ReLU, "Sigmoid": L.Sigmoid, "Tanh": L.Tanh, "Flatten": C.Flatten,
                  "ChannelsLast": C.ChannelsLast}


class ConfigError(ValueError):
    """A network config that cannot be built; the message says which entry and why."""


class PackedParams(dict):
    """``params()`` of a network whose parameters are views of one contiguous array, ``flat``,
    in this dict's order: an optimizer may update them all at once (optimizers.py)."""

    def __init__(self, params, flat):
        super().__init__(params)
        self.flat = flat

    def gather(self, grads):
        """The gradients in ``flat``'s layout: one array, one copy."""
        xp = get_array_module(self.flat)
        return xp.concatenate([grads[name].reshape(-1) for name in self])


class Sequential:
    """Layers applied in order, then a loss layer (SoftmaxWithLoss or MeanSquaredError)."""

    def __init__(self, layers, loss_layer, config=None):
        self.layers = list(layers)
        self.loss_layer = loss_layer
        self.config = config
        self._packed = None  # (flat array, {name: its view}) once pack_parameters() ran
        _skip_input_gradient(self.layers)

    # --- forward and backward ---------------------------------------------------------------
    def predict(self, x, train=False):
        """Raw scores (before softmax) for a batch."""
        for layer in self.layers:
            x = layer.forward(x, train)
        return x

    def loss(self, x, t, train=True):
        return self.loss_layer.forward(self.predict(x, train), t)

    def backward(self, dout=1.0):
        """The gradient with respect to the input, or None when the first layer skips it."""
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
            if dout is None:  # everything before this layer has no parameters
                break
        return dout

    def gradient(self, x, t):
        """Loss of a training-mode forward pass; gradients are left in ``grads()``."""
        loss = self.loss(x, t, train=True)
        self.backward()
        return loss

    def output(self, x):
        """What a user sees: class probabilities (classification) or the raw output (regression)."""
        return self.loss_layer.output(self.predict(x, train=False))

    def host_output(self, batch):
        """``output`` of a NumPy batch, as NumPy: cast to the network's dtype and moved to its
        device (a GUI may hold a network trained on the GPU) and back."""
        xp = get_array_module(*self.params().values())
        return to_numpy(self.output(to_device(np.asarray(batch).astype(self.dtype), xp)))

    def accuracy(self, x, t, batch_size=1000):
        """Fraction of rows whose arg-max score equals the label (indices or one-hot)."""
        t = L.labels_as_indices(t)
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            scores = self.predict(x[start:start + batch_size], train=False)
            correct += int((scores.argmax(axis=1) == t[start:start + batch_size]).sum())
        return correct / max(x.shape[0], 1)

    # --- parameters -------------------------------------------------------------------------
    def params(self):
        """Live parameter arrays by name; a PackedParams while they still share one array."""
        live = {f"{i}.{name}": getattr(layer, name)
                for i, layer in enumerate(self.layers) for name in layer.param_names}
        if self._packed is not None:
            flat, views = self._packed
            if live.keys() == views.keys() and all(live[n] is v for n, v in views.items()):
                return PackedParams(live, flat)
        return live

    def pack_parameters(self):
        """Lay every parameter out in one contiguous array, keeping each as a named view.

        An optimizer then updates all of them with a few whole-array operations: on a GPU a
        handful of kernel launches per step instead of several per parameter (a SimpleConvNet
        step with Adam went from 138 array operations to 79). Values are unchanged.
        """
        live = {f"{i}.{name}": (layer, name)
                for i, layer in enumerate(self.layers) for name in layer.param_names}
        arrays = [getattr(layer, name) for layer, name in live.values()]
        if not arrays or len({a.dtype for a in arrays}) != 1:
            self._packed = None
            return self
        xp = get_array_module(*arrays)
        flat = xp.empty(sum(a.size for a in arrays), dtype=arrays[0].dtype)
        views, offset = {}, 0
        for (key, (layer, name)), array in zip(live.items(), arrays, strict=True):
            view = flat[offset:offset + array.size].reshape(array.shape)
            view[...] = array
            setattr(layer, name, view)
            views[key], offset = view, offset + array.size
        self._packed = (flat, views)
        return self

    def grads(self):
        return {f"{i}.{name}": getattr(layer, "d" + name)
                for i, layer in enumerate(self.layers) for name in layer.param_names}

    def buffers(self):
        return {f"{i}.{name}": getattr(layer, name)
                for i, layer in enumerate(self.layers) for name in layer.buffer_names}

    def state_arrays(self):
        """Host copies of every parameter and buffer, for saving."""
        return {name: to_numpy(a).copy() for name, a in {**self.params(), **self.buffers()}.items()}

    def load_state_arrays(self, arrays):
        """Copy saved arrays into the live ones, in place, after checking names and shapes."""
        live = {**self.params(), **self.buffers()}
        missing = sorted(set(live) - set(arrays))
        extra = sorted(set(arrays) - set(live))
        if missing or extra:
            raise ConfigError(f"arrays do not match the network: missing {missing}, "
                              f"unexpected {extra}")
        for name, target in live.items():
            if tuple(arrays[name].shape) != tuple(target.shape):
                raise ConfigError(f"array {name} has shape {tuple(arrays[name].shape)}, "
                                  f"the network needs {tuple(target.shape)}")
        xp = get_array_module(next(iter(live.values()))) if live else np
        for name, target in live.items():
            target[...] = to_device(np.asarray(arrays[name], dtype=target.dtype), xp)

    def set_rng(self, rng):
        for layer in self.layers:
            if isinstance(layer, L.Dropout):
                layer.rng = rng

    @property
    def dtype(self):
        """The parameters' float dtype: float32 unless the config says float64."""
        return np.dtype((self.config or {}).get("dtype", "float32"))

    @property
    def is_classifier(self):
        return isinstance(self.loss_layer, L.SoftmaxWithLoss)

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}], {type(self.loss_layer).__name__})"


def _skip_input_gradient(layers):
    """Nobody needs d(loss)/d(pixels): the first layer with parameters skips its input gradient
    (one matrix product per step for an MLP, a whole col2im for a CNN)."""
    for layer in layers:
        if hasattr(layer, "input_grad"):
            layer.input_grad = False
            return
        if layer.param_names:
            return


# --- building from a config --------------------------------------------------------------------

def build_network(config, rng=None):
    """A Sequential from a config dict; weights drawn from ``config["seed"]`` unless `rng`."""
    if not isinstance(config, dict):
        raise ConfigError("a network config must be a dict")
    dtype = np.dtype(config.get("dtype", "float32"))
    if dtype not in (np.float32, np.float64):
        raise ConfigError(f"dtype must be float32 or float64, got {dtype}")
    if rng is None:
        rng = np.random.default_rng(config.get("seed", 0))
    specs = config.get("layers")
    if not isinstance(specs, list) or not specs:
        raise ConfigError("config['layers'] must be a non-empty list")
    layers = [_build_layer(i, spec, dtype, rng) for i, spec in enumerate(specs)]
    _check_shapes(layers, specs, config.get("input_shape"), dtype)
    network = Sequential(layers, _build_loss(config.get("loss", {"type": "SoftmaxWithLoss"})),
                         config)
    return network.pack_parameters()


def _check_shapes(layers, specs, input_shape, dtype):
    """One example through every layer now, so that a size that does not fit is reported by
    layer and shape when the network is built, not as a matrix error in the middle of training."""
    if input_shape is None:
        return
    try:
        x = np.zeros((1, *[int(size) for size in input_shape]), dtype)
    except (TypeError, ValueError):
        raise ConfigError(f"input_shape must be a list of positive sizes, got {input_shape!r}") \
            from None
    for index, (layer, spec) in enumerate(zip(layers, specs, strict=True)):
        try:
            x = layer.forward(x)
        except ValueError as exc:
            raise ConfigError(f"layer {index} ({spec['type']}): its input is "
                              f"{tuple(x.shape[1:])} per example: {exc}") from None


def _build_layer(index, spec, dtype, rng):
    if not isinstance(spec, dict) or "type" not in spec:
        raise ConfigError(f"layer {index}: each layer must be a dict with a 'type'")
    kind = spec["type"]
    try:
        if kind == "Affine":
            return _build_affine(spec, dtype, rng)
        if kind == "Convolution":
            return _build_convolution(spec, dtype, rng)
        if kind == "MaxPooling":
            return C.MaxPooling(spec.get("size", 2), spec.get("stride"))
        if kind in PARAMETER_FREE:
            return PARAMETER_FREE[kind]()
        if kind == "Dropout":
            return L.Dropout(float(spec.get("ratio", 0.5)), rng=rng)
        if kind == "BatchNormalization":
            size = int(spec["size"])
            return L.BatchNormalization(np.ones(size, dtype), np.zeros(size, dtype),
                                        momentum=float(spec.get("momentum", 0.9)))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"layer {index} ({kind}): {exc}") from None
    raise ConfigError(f"layer {index}: unknown layer type {kind!r}")


def _build_affine(spec, dtype, rng):
    fan_in, fan_out = int(spec["in"]), int(spec["out"])
    if fan_in < 1 or fan_out < 1:
        raise ValueError(f"sizes must be positive, got in={fan_in}, out={fan_out}")
    std = init_std(spec.get("init", "he"), fan_in)
    # draw in float64 and cast after scaling: NumPy 2 keeps float64 scalars' type
    W = (rng.standard_normal((fan_in, fan_out)) * std).astype(dtype)
    b = np.zeros(fan_out, dtype) if spec.get("bias", True) else None
    return L.Affine(W, b)


def _build_convolution(spec, dtype, rng):
    channels, filters, size = int(spec["in_channels"]), int(spec["filters"]), int(spec["size"])
    if min(channels, filters, size) < 1:
        raise ValueError(f"sizes must be positive, got in_channels={channels}, "
                         f"filters={filters}, size={size}")
    std = init_std(spec.get("init", "he"), size * size * channels)
    W = (rng.standard_normal((filters, size, size, channels)) * std).astype(dtype)
    b = np.zeros(filters, dtype) if spec.get("bias", True) else None
    return C.Convolution(W, b, spec.get("stride", 1), spec.get("pad", 0))


def init_std(init, fan_in):
    """He (ReLU), Xavier (sigmoid/tanh), or a fixed standard deviation such as the book's 0.01."""
    if init == "he":
        return math.sqrt(2.0 / fan_in)
    if init == "xavier":
        return math.sqrt(1.0 / fan_in)
    if isinstance(init, (int, float)) and not isinstance(init, bool) and init > 0:
        return float(init)
    raise ValueError(f"init must be 'he', 'xavier' or a positive number, got {init!r}")


def _build_loss(spec):
    if not isinstance(spec, dict) or spec.get("type") not in LOSSES:
        raise ConfigError(f"loss must be one of {sorted(LOSSES)}, got {spec!r}")
    options = {k: v for k, v in spec.items() if k != "type"}
    try:
        return LOSSES[spec["type"]](**options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"loss {spec['type']}: {exc}") from None
