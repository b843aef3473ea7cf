"""A Sequential network built from a JSON-able config (the presets are in training/presets.py).

A config is a plain dict, so a model file can store it and rebuild the same network::

    {"input_shape": [1, 28, 28], "dtype": "float32", "seed": 0,
     "layers": [{"type": "Affine", "in": 784, "out": 50, "init": 0.01}, {"type": "ReLU"}, ...],
     "loss": {"type": "SoftmaxWithLoss"}}

Parameters are reached one way, by name (``"0.W"``, ``"0.b"``, ``"2.W"``): ``params()`` and
``grads()`` return dicts of the live arrays, which optimizers update in place.
"""
import dataclasses
import math
import numbers

import numpy as np

from ..backend import get_array_module, to_device, to_numpy
from ..messages import message_of, sentence
from . import convolution as C
from . import layers as L

ACTIVATIONS = {"relu": L.ReLU, "sigmoid": L.Sigmoid, "tanh": L.Tanh}
LOSSES = {"SoftmaxWithLoss": L.SoftmaxWithLoss, "MeanSquaredError": L.MeanSquaredError}
PARAMETER_FREE = {"ReLU": L.ReLU, "Sigmoid": L.Sigmoid, "Tanh": L.Tanh, "Flatten": C.Flatten,
                  "ChannelsLast": C.ChannelsLast}


class ConfigError(ValueError):
    """A network config that cannot be built; the message says which entry and why.

    network_cost's messages are worded to follow a colon ("... is not a usable DigitLab model:
    <message>."); where a user's own settings can cause one (a seed, a dropout ratio, hidden
    sizes too large), ``standalone`` is the same as a sentence of its own, to be shown alone.
    """

    def __init__(self, message, standalone=None):
        super().__init__(message)
        self.standalone = standalone


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
        return self.count_correct(x, t, batch_size) / max(x.shape[0], 1)

    def count_correct(self, x, t, batch_size=1000):
        """How many rows' arg-max score equals the label, read ``batch_size`` rows a pass."""
        t = L.labels_as_indices(t)
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            scores = self.predict(x[start:start + batch_size], train=False)
            correct += int((scores.argmax(axis=1) == t[start:start + batch_size]).sum())
        return correct

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
            raise ConfigError(sentence("arrays do not match the network: missing {missing}, "
                                       "unexpected {extra}", missing=missing, extra=extra))
        for name, target in live.items():
            if tuple(arrays[name].shape) != tuple(target.shape):
                raise ConfigError(sentence("array {name} has shape {shape}, the network needs "
                                           "{needed}", name=name, shape=tuple(arrays[name].shape),
                                           needed=tuple(target.shape)))
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
    """A Sequential from a config dict; weights drawn from ``config["seed"]`` unless `rng`.

    Every value, the layers' shapes and the network's size are checked by ``network_cost``
    first, so a config that does not fit or is far too large is refused before any array is
    allocated (a model file is untrusted input)."""
    network_cost(config)
    dtype = _config_dtype(config)
    if rng is None:
        rng = np.random.default_rng(config.get("seed", 0))
    layers = [_build_layer(i, spec, dtype, rng) for i, spec in enumerate(config["layers"])]
    network = Sequential(layers, _build_loss(config.get("loss", {"type": "SoftmaxWithLoss"})),
                         config)
    return network.pack_parameters()


def _build_layer(index, spec, dtype, rng):
    kind = spec["type"]  # network_cost checked the kind and every value
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
        raise _layer_error(index, kind, message_of(exc)) from None
    raise ConfigError(sentence("layer {index}: unknown layer type {kind}", index=index,
                               kind=quoted(kind)))


def _build_affine(spec, dtype, rng):
    fan_in, fan_out = int(spec["in"]), int(spec["out"])
    std = init_std(spec.get("init", "he"), fan_in)
    # draw in float64 and cast after scaling: NumPy 2 keeps float64 scalars' type
    W = (rng.standard_normal((fan_in, fan_out)) * std).astype(dtype)
    b = np.zeros(fan_out, dtype) if spec.get("bias", True) else None
    return L.Affine(W, b)


def _build_convolution(spec, dtype, rng):
    channels, filters, size = int(spec["in_channels"]), int(spec["filters"]), int(spec["size"])
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
    if isinstance(init, (int, float)) and not isinstance(init, bool) and 0 < init <= MAX_INIT:
        return float(init)
    raise ValueError(sentence("init must be 'he', 'xavier' or a positive number up to {most:g}, "
                              "got {init}", most=MAX_INIT, init=quoted(init)))


def _build_loss(spec):
    if not isinstance(spec, dict) or spec.get("type") not in LOSSES:
        raise ConfigError(sentence("loss must be one of {choices}, got {spec}",
                                   choices=sorted(LOSSES), spec=repr(spec)))
    options = {k: v for k, v in spec.items() if k != "type"}
    try:
        return LOSSES[spec["type"]](**options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(sentence("loss {kind}: {reason}", kind=spec["type"],
                                   reason=message_of(exc))) from None


# --- what a config costs, counted before anything is allocated -----------------------------------

# Limits far above every preset in training/presets.py (test_network_limits.py prints their
# costs: the largest have 0.54 M parameters, 0.21 M activations and 7.7 M multiply-adds per
# example) and far below what hurts a lab PC: loading a model file builds its network and
# pushes four examples through it, so a 4 KB file must not be able to ask for gigabytes.
MAX_LAYERS = 200
MAX_INPUT_VALUES = 1_000_000  # one input example: a 1000x1000 image
MAX_WINDOW = 32  # the side of a convolution filter or a pooling window, and their strides
MAX_PARAMETERS = 10_000_000  # 19x the largest preset; 40 MB in float32
MAX_ACTIVATIONS = 3_000_000  # values one example's forward pass allocates; 15x
MAX_MULTIPLY_ADDS = 150_000_000  # per example; 20x
MAX_INIT = 1e3  # a weight scale above this only makes infinities


@dataclasses.dataclass(frozen=True)
class NetworkCost:
    """What a network costs, from its config alone. ``activations`` counts the values a
    forward pass allocates per example (outputs, padded images, im2col columns), and
    ``multiply_adds`` the arithmetic per example (a pooling comparison counts as one). Both are
    0 and ``output_shape`` is None for a config without an ``input_shape``."""

    parameters: int
    buffers: int
    activations: int
    multiply_adds: int
    output_shape: tuple = None


@dataclasses.dataclass(frozen=True)
class LayerCost:
    """One layer's share of a NetworkCost (``layer_costs``)."""

    output_shape: tuple = None  # per example; None when the input shape is unknown
    parameters: int = 0
    buffers: int = 0
    activations: int = 0
    multiply_adds: int = 0


class _ShapeMismatch(ValueError):
    """A layer's input does not have the shape it needs (raised by the cost walk)."""


def network_cost(config):
    """The NetworkCost of `config`, walking its layers from ``input_shape`` by arithmetic only.

    Raises ConfigError with a sentence when a value is of the wrong kind or out of range, when
    the layers' shapes do not chain, or when the network is over a limit (MAX_*).
    """
    costs = layer_costs(config)
    shape = _checked_input_shape(config.get("input_shape"))
    totals = {name: sum(getattr(cost, name) for cost in costs)
              for name in ("parameters", "buffers", "activations", "multiply_adds")}
    totals["activations"] += math.prod(shape) if shape is not None else 0  # the input itself
    _check_totals(totals)
    return NetworkCost(**totals, output_shape=costs[-1].output_shape)


def layer_costs(config):
    """One LayerCost per layer of `config`, in order: its output shape per example and its
    parameters, by arithmetic only (the Inspect page's diagram; nothing is allocated).

    Raises ConfigError like network_cost, except for the size limits, which only it checks.
    """
    specs = _checked_top_level(config)
    shape = _checked_input_shape(config.get("input_shape"))
    costs = []
    for index, spec in enumerate(specs):
        costs.append(_layer_cost(index, spec, shape))
        shape = costs[-1].output_shape
    return costs


FLOAT_TYPES = {"float32": np.dtype(np.float32), "float64": np.dtype(np.float64)}


def _config_dtype(config):
    """The network's float type by its name, or None for anything else.

    A file's string never reaches ``np.dtype``: NumPy parses "f4, f8" or "(2,)f4" with a small
    language of its own, and a fuzzed header's "," raised SyntaxError there, not ValueError.
    """
    name = config.get("dtype", "float32")
    return FLOAT_TYPES.get(name) if isinstance(name, str) else None


def _checked_top_level(config):
    if not isinstance(config, dict):
        raise ConfigError(sentence("a network config must be a dict"))
    if _config_dtype(config) is None:
        raise ConfigError(sentence("dtype must be float32 or float64, got {dtype}",
                                   dtype=quoted(config.get("dtype"))))
    seed = config.get("seed", 0)
    if not (seed is None or _is_integer(seed) and 0 <= seed < 2**64):
        raise ConfigError(
            sentence("seed must be a whole number from 0 to 2**64 - 1, got {seed}",
                     seed=quoted(seed)),
            sentence("Seed must be a whole number from 0 to 2**64 - 1, got {seed}.",
                     seed=quoted(seed)))
    specs = config.get("layers")
    if not isinstance(specs, list) or not specs:
        raise ConfigError(sentence("config['layers'] must be a non-empty list"))
    if len(specs) > MAX_LAYERS:
        raise ConfigError(sentence("the network has {count:,} layers; DigitLab builds at most "
                                   "{limit}", count=len(specs), limit=MAX_LAYERS))
    return specs


def _checked_input_shape(shape):
    """The input shape as a tuple, or None when the config has none (nothing is run then)."""
    if shape is None:
        return None
    if not (isinstance(shape, (list, tuple)) and 0 < len(shape) <= 4
            and all(_is_integer(n) and n > 0 for n in shape)):
        raise ConfigError(sentence("input_shape must be a list of 1 to 4 positive sizes, got "
                                   "{shape}", shape=quoted(shape)))
    if math.prod(shape) > MAX_INPUT_VALUES:
        raise ConfigError(sentence("input_shape {shape} has {count:,} values per example; "
                                   "DigitLab takes at most {limit:,}", shape=quoted(shape),
                                   count=math.prod(shape), limit=MAX_INPUT_VALUES))
    return tuple(int(n) for n in shape)


def _layer_cost(index, spec, shape):
    if not isinstance(spec, dict) or "type" not in spec:
        raise ConfigError(sentence("layer {index}: each layer must be a dict with a 'type'",
                                   index=index))
    kind = spec["type"]
    if not isinstance(kind, str) or kind not in LAYER_COSTS:
        raise ConfigError(sentence("layer {index}: unknown layer type {kind}", index=index,
                                   kind=quoted(kind)))
    try:
        return LAYER_COSTS[kind](spec, shape)
    except _ShapeMismatch as exc:
        raise _input_mismatch(index, kind, shape, message_of(exc)) from None
    except ValueError as exc:
        raise _layer_error(index, kind, message_of(exc)) from None


def _input_mismatch(index, kind, shape, reason):
    values = {"index": index, "kind": kind, "dims": _dims(shape), "reason": reason}
    return ConfigError(
        sentence("layer {index} ({kind}): its input is {dims} per example: {reason}", **values),
        sentence("Layer {index} ({kind}): its input is {dims} per example: {reason}.", **values))


def _layer_error(index, kind, reason):
    values = {"index": index, "kind": kind, "reason": reason}
    return ConfigError(sentence("layer {index} ({kind}): {reason}", **values),
                       sentence("Layer {index} ({kind}): {reason}.", **values))


def _check_totals(totals):
    for name, limit, what in (("parameters", MAX_PARAMETERS, sentence("weights")),
                              ("activations", MAX_ACTIVATIONS,
                               sentence("values per example in its layers")),
                              ("multiply_adds", MAX_MULTIPLY_ADDS,
                               sentence("multiply-adds per example"))):
        if totals[name] > limit:
            values = {"count": _count(totals[name]), "what": what, "limit": limit}
            raise ConfigError(
                sentence("the network is too large: it has {count} {what}, and DigitLab allows "
                         "at most {limit:,}", **values),
                sentence("The network is too large: it has {count} {what}, and DigitLab allows "
                         "at most {limit:,}.", **values))


def _affine_cost(spec, shape):
    fan_in, fan_out = _size(spec, "in"), _size(spec, "out")
    init_std(spec.get("init", "he"), fan_in)
    parameters = fan_in * fan_out + fan_out * _bias(spec)
    if shape is None:
        return LayerCost(parameters=parameters)
    if math.prod(shape) != fan_in:
        raise _ShapeMismatch(sentence("Affine takes {inputs} inputs per example, got {got}",
                                      inputs=quoted(fan_in), got=quoted(math.prod(shape))))
    return LayerCost((fan_out,), parameters, activations=fan_out,
                      multiply_adds=fan_in * fan_out)


def _convolution_cost(spec, shape):
    channels, filters = _size(spec, "in_channels"), _size(spec, "filters")
    size = _size(spec, "size", high=MAX_WINDOW)
    stride = _size(spec, "stride", 1, high=MAX_WINDOW)
    # a border as wide as the filter only adds outputs that see nothing but zeros
    pad = _whole(spec, "pad", 0, 0, size - 1)
    init_std(spec.get("init", "he"), size * size * channels)
    window = size * size * channels
    parameters = filters * window + filters * _bias(spec)
    if shape is None:
        return LayerCost(parameters=parameters)
    height, width = _image_size(shape, "Convolution", channels)
    out_h, out_w = _output_size((height, width), size, stride, pad)
    positions = out_h * out_w
    padded = (height + 2 * pad) * (width + 2 * pad) * channels if pad else 0
    return LayerCost((out_h, out_w, filters), parameters,
                      activations=padded + positions * (window + filters),
                      multiply_adds=positions * filters * window)


def _pooling_cost(spec, shape):
    size = _size(spec, "size", 2, high=MAX_WINDOW)
    stride = size if spec.get("stride") is None else _size(spec, "stride", high=MAX_WINDOW)
    if shape is None:
        return LayerCost()
    height, width = _image_size(shape, "MaxPooling")
    out_h, out_w = _output_size((height, width), size, stride, 0)
    outputs = out_h * out_w * shape[2]
    return LayerCost((out_h, out_w, shape[2]), activations=2 * outputs,  # and the winners
                      multiply_adds=outputs * size * size)


def _batchnorm_cost(spec, shape):
    size = _size(spec, "size")
    momentum = spec.get("momentum", 0.9)
    if not (_is_real(momentum) and 0 <= momentum <= 1):
        raise ValueError(sentence("momentum must be a number from 0 to 1, got {momentum}",
                                  momentum=quoted(momentum)))
    if shape is None:
        return LayerCost(parameters=2 * size, buffers=2 * size)
    features = math.prod(shape)
    if features != size and not (len(shape) > 1 and shape[-1] == size):
        raise _ShapeMismatch(sentence("BatchNormalization has {size} features, but its input has "
                                      "{features} per example and {channels} channels",
                                      size=quoted(size), features=quoted(features),
                                      channels=quoted(shape[-1])))
    return LayerCost(shape, 2 * size, 2 * size, activations=2 * features,
                      multiply_adds=2 * features)


def _dropout_cost(spec, shape):
    ratio = spec.get("ratio", 0.5)
    if not (_is_real(ratio) and 0 <= ratio < 1):
        raise ValueError(sentence("dropout ratio must be in [0, 1), got {ratio}",
                                  ratio=quoted(ratio)))
    return _elementwise_cost(spec, shape)


def _elementwise_cost(spec, shape):
    if shape is None:
        return LayerCost()
    return LayerCost(shape, activations=math.prod(shape), multiply_adds=math.prod(shape))


def _channels_last_cost(spec, shape):
    if shape is None:
        return LayerCost()
    if len(shape) != 3:
        raise _ShapeMismatch(sentence("ChannelsLast expects images (C, H, W)"))
    return LayerCost((shape[1], shape[2], shape[0]))  # a view: nothing allocated


def _flatten_cost(spec, shape):
    if shape is None:
        return LayerCost()
    return LayerCost((math.prod(shape),), activations=math.prod(shape))


LAYER_COSTS = {"Affine": _affine_cost, "Convolution": _convolution_cost,
               "MaxPooling": _pooling_cost, "BatchNormalization": _batchnorm_cost,
               "Dropout": _dropout_cost, "ReLU": _elementwise_cost,
               "Sigmoid": _elementwise_cost, "Tanh": _elementwise_cost,
               "Flatten": _flatten_cost, "ChannelsLast": _channels_last_cost}


def _image_size(shape, layer, channels=None):
    if len(shape) != 3:
        raise _ShapeMismatch(sentence("{layer} expects channels-last images (H, W, C); put a "
                                      "ChannelsLast layer before the first image layer",
                                      layer=layer))
    if channels is not None and shape[2] != channels:
        raise _ShapeMismatch(sentence("{layer} has filters for {channels} channel(s), but its "
                                      "input has {got}", layer=layer, channels=quoted(channels),
                                      got=quoted(shape[2])))
    return shape[0], shape[1]


def _output_size(image_hw, size, stride, pad):
    # checked here, as C.output_size checks it, for a sentence without the layer's name
    if min(image_hw) + 2 * pad < size:
        raise _ShapeMismatch(sentence("a {size}x{size} window does not fit in {height}x{width} "
                                      "images (padding {pad})", size=size, height=image_hw[0],
                                      width=image_hw[1], pad=pad))
    return C.output_size(image_hw, (size, size), stride, pad)


def _dims(shape):
    """A shape as Python writes it, (16,) or (28, 28, 1), each size quoted."""
    sizes = [quoted(n) for n in shape]
    return f"({sizes[0]},)" if len(sizes) == 1 else f"({', '.join(sizes)})"


def _size(spec, key, default=None, high=None):
    """A positive whole-number entry of a layer spec."""
    return _whole(spec, key, default, 1, high)


def _whole(spec, key, default, low, high=None):
    value = spec.get(key, default)
    if value is None:
        raise ValueError(sentence("the layer needs {key}", key=repr(key)))
    if not (_is_integer(value) or _is_real(value) and float(value).is_integer()) or value < low \
            or high is not None and value > high:
        raise ValueError(sentence("{key} must be {kind}, got {value}", key=key,
                                  kind=_whole_kind(low, high), value=quoted(value)))
    return int(value)


def _whole_kind(low, high):
    if high is not None:
        return sentence("a whole number from {low} to {high}", low=low, high=high)
    if low == 1:
        return sentence("a positive whole number")
    return sentence("a whole number of at least {low}", low=low)


def _bias(spec):
    bias = spec.get("bias", True)
    if not isinstance(bias, bool):
        raise ValueError(sentence("bias must be true or false, got {bias}", bias=quoted(bias)))
    return int(bias)


def _is_integer(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value))


def _count(number):
    """A count for a sentence: digits with commas, or its size when it has too many."""
    if number < 10**15:
        return f"{number:,}"
    exponent = int(math.log10(number))  # math.log10 takes integers of any size
    return sentence("about {mantissa:.1f} x 10^{exponent}",
                    mantissa=number // 10**(exponent - 1) / 10, exponent=exponent)


def quoted(value, limit=60):
    """A value quoted in a sentence: never thousands of digits or characters (a model file's
    config is untrusted and may hold either)."""
    if _is_integer(value) and abs(value) >= 10**15:
        return _count(value) if value > 0 else sentence("-{count}", count=_count(-value))
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
