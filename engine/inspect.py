"""Seeing inside a network: every layer's output, the layers as a diagram, units knocked out,
and a 2-D map (PCA) of what a layer has learned. The Inspect page shows these; it does no
network math of its own.

Every function takes a Sequential or a LoadedModel and host NumPy batches shaped
(N, *input_shape); results come back as host NumPy arrays, whatever device the network is on.
"""
import dataclasses
import operator

import numpy as np

from .backend import get_array_module, to_device, to_numpy
from .files.modelio import LoadedModel
from .messages import sentence
from .nn.network import layer_costs


@dataclasses.dataclass(frozen=True, eq=False)
class LayerOutput:
    """What one layer returned for a batch: ``values`` is float32 (N, ...) as the layer's
    forward(train=False) gave it (channels-last images stay (N, H, W, C)). ``index`` is the
    layer's position; the loss layer's output (the probabilities) comes last, with
    ``index == len(layers)``. ``name`` is the layer's class name, e.g. "Convolution"."""

    index: int
    name: str
    values: np.ndarray


@dataclasses.dataclass(frozen=True)
class LayerSummary:
    """One row of the network's diagram: ``output_shape`` is per example, e.g. (24, 24, 30)."""

    index: int
    name: str
    output_shape: tuple
    parameters: int


@dataclasses.dataclass(frozen=True)
class NetworkSummary:
    """Every layer in order, then the loss layer, and the total number of parameters."""

    layers: list
    total_parameters: int


def network_of(model):
    """The Sequential inside a LoadedModel, or the Sequential itself."""
    return model.model if isinstance(model, LoadedModel) else model


def device_batch(net, batch):
    """`batch` as an array of the network's dtype on the network's device, after checking it
    is numeric and shaped (N, *input_shape)."""
    batch = np.asarray(batch)
    if not (np.issubdtype(batch.dtype, np.number) or batch.dtype == np.bool_):
        raise ValueError(f"the batch must hold numbers, got dtype {batch.dtype}")
    input_shape = (net.config or {}).get("input_shape")
    if input_shape is not None and tuple(batch.shape[1:]) != tuple(input_shape):
        # a model file evaluated on images of another size (python -m engine eval)
        sizes = ", ".join(str(n) for n in input_shape)
        raise ValueError(sentence("the network takes batches shaped (N, {sizes}), got {shape}",
                                  sizes=sizes, shape=batch.shape))
    xp = get_array_module(*net.params().values())
    return to_device(batch.astype(net.dtype), xp)


def host_float32(x):
    """A host float32 copy: later layers or masks never write into what a caller holds."""
    return np.array(to_numpy(x), dtype=np.float32)


def layer_outputs(model, batch):
    """Every layer's output for `batch` (N, *input_shape), in inference mode (dropout off,
    batch norm's running statistics): a list of len(layers) + 1 LayerOutput, the last one the
    loss layer's output, (N, classes) probabilities for a classifier."""
    net = network_of(model)
    x = device_batch(net, batch)
    outputs = []
    for index, layer in enumerate(net.layers):
        x = layer.forward(x, train=False)
        outputs.append(LayerOutput(index, type(layer).__name__, host_float32(x)))
    final = net.loss_layer.output(x)
    outputs.append(LayerOutput(len(net.layers), type(net.loss_layer).__name__,
                               host_float32(final)))
    return outputs


def network_summary(model):
    """The network as a diagram, from its config by arithmetic (no forward pass): one
    LayerSummary per layer, then the loss layer (no parameters, the output's shape)."""
    net = network_of(model)
    if not isinstance(net.config, dict):
        raise ValueError("network_summary needs a network built from a config (build_network)")
    costs = layer_costs(net.config)
    rows = [LayerSummary(index, type(layer).__name__, cost.output_shape, cost.parameters)
            for index, (layer, cost) in enumerate(zip(net.layers, costs, strict=True))]
    rows.append(LayerSummary(len(rows), type(net.loss_layer).__name__, costs[-1].output_shape, 0))
    return NetworkSummary(rows, sum(row.parameters for row in rows))


def masked_outputs(model, batch, masks):
    """The network's output (N, classes) float32 for `batch` (N, *input_shape) with units
    knocked out: `masks` maps a layer index to the unit indices whose output is set to 0 before
    the next layer (the last axis: dense units, or channels of a channels-last feature map).
    An empty mask gives the plain output; an index out of range raises ValueError."""
    net = network_of(model)
    masks = _checked_masks(masks, len(net.layers))
    x = device_batch(net, batch)
    for index, layer in enumerate(net.layers):
        x = layer.forward(x, train=False)
        if masks.get(index):
            x = _zero_units(x, index, masks[index])
    return host_float32(net.loss_layer.output(x))


def _checked_masks(masks, layer_count):
    checked = {}
    for index, units in masks.items():
        if not _is_index(index) or not 0 <= index < layer_count:
            raise ValueError(f"cannot knock out units of layer {index!r}: the network's layers "
                             f"are numbered 0 to {layer_count - 1}")
        units = list(units)
        if not all(_is_index(unit) for unit in units):
            raise ValueError(f"the units to knock out in layer {index} must be whole numbers, "
                             f"got {units!r}")
        checked[int(index)] = sorted({int(unit) for unit in units})
    return checked


def _is_index(value):
    try:
        operator.index(value)
    except TypeError:
        return False
    return not isinstance(value, bool)


def _zero_units(x, index, units):
    count = x.shape[-1]
    if units[0] < 0 or units[-1] >= count:
        raise ValueError(f"layer {index} has {count} units (or channels), numbered 0 to "
                         f"{count - 1}; cannot knock out {units[0] if units[0] < 0 else units[-1]}")
    x = x.copy()  # the layer's output may be its input (Dropout, ChannelsLast's view)
    x[..., units] = 0
    return x


@dataclasses.dataclass(frozen=True, eq=False)
class PrincipalComponents:
    """A linear map onto the directions of largest variance (PCA), fitted with NumPy's SVD.

    ``mean`` (D,), ``components`` (k, D) with orthonormal rows, ``explained_variance_ratio``
    (k,): each component's share of the total variance. Each component's sign is fixed so that
    its largest-magnitude loading is positive: the same data always gives the same map.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance_ratio: np.ndarray

    @classmethod
    def fit(cls, features, components=2):
        """Fit on `features` (N, ...), flattened to (N, D); needs N >= 2 and components <= D."""
        data = _rows(features)
        if data.shape[0] < 2 or not 1 <= components <= min(data.shape):
            raise ValueError(f"PCA with {components} components needs at least 2 examples and "
                             f"{components} features, got {data.shape[0]} examples of "
                             f"{data.shape[1]} features")
        mean = data.mean(axis=0)
        variance, axes = _leading_axes(data - mean, components)
        largest = np.abs(axes).argmax(axis=1)
        axes = axes * np.where(axes[np.arange(components), largest] < 0, -1.0, 1.0)[:, None]
        total = float(np.einsum("ij,ij->", data - mean, data - mean))  # the trace: all variance
        ratio = variance / total if total > 0 else np.zeros(components)
        return cls(mean, axes, ratio)

    def transform(self, x):
        """Coordinates (N, k) of `x` (N, ...) along the components."""
        return (_rows(x) - self.mean) @ self.components.T


def _leading_axes(centred, components):
    """(variances, axes (k, D)) of the k largest directions of `centred` (N, D).

    A full SVD of 2,000 images of a layer with 6,272 values took 100 s; only k axes are
    wanted, so the eigenvectors of the smaller Gram matrix are used: X^T X (D x D) when
    D <= N, else X X^T (N x N), whose eigenvectors u give the axes X^T u / |X^T u|. Exact (the
    same axes as the SVD), one matrix product and one symmetric eigendecomposition."""
    count, size = centred.shape
    gram = centred.T @ centred if size <= count else centred @ centred.T
    values, vectors = np.linalg.eigh(gram)  # ascending
    order = np.argsort(values)[::-1][:components]
    values, vectors = np.maximum(values[order], 0.0), vectors[:, order]
    if size <= count:
        return values, vectors.T
    axes = centred.T @ vectors  # (D, k): each column a direction of length sqrt(its value)
    lengths = np.linalg.norm(axes, axis=0)
    return values, (axes / np.where(lengths > 0, lengths, 1.0)).T


def _rows(features):
    features = np.asarray(features, dtype=np.float64)
    return features.reshape(features.shape[0], -1)


# --- the weights as pictures and histograms -----------------------------------------------------
@dataclasses.dataclass(frozen=True, eq=False)
class WeightImages:
    """One layer's weights as pictures: ``images`` float32 (channels, count, height, width),
    one group of ``count`` pictures per input channel.

    The first Affine layer of an MLP reading C x H x W images gives (C, units, H, W): unit j's
    picture is column j of W reshaped as its input (MNIST: (1, hidden units, 28, 28)). A
    Convolution's W (FN, FH, FW, C) gives (C, FN, FH, FW): each filter's slice on one channel.
    ``parameter`` is the array's name in ``params()``, e.g. "0.W"."""

    index: int
    name: str
    parameter: str
    images: np.ndarray


def weight_images(model):
    """Pictures of the weights that look at pixels or feature maps: the first Affine layer when
    it reads the input image directly (an MLP), and every Convolution. A list of WeightImages
    in layer order; host float32 copies, whatever device the network is on."""
    net = network_of(model)
    pictures = []
    for index, layer in enumerate(net.layers):
        kind = type(layer).__name__
        if kind == "Convolution":
            filters = host_float32(layer.W).transpose(3, 0, 1, 2)  # (C, FN, FH, FW)
        elif kind == "Affine" and _reads_the_input_image(net, index):
            channels, height, width = _input_image_shape(net)
            units = layer.W.shape[1]
            # rows of W follow the input flattened in C order: (C, H, W) -> C*H*W
            filters = host_float32(layer.W).T.reshape(units, channels, height, width)
            filters = filters.transpose(1, 0, 2, 3)
        else:
            continue
        pictures.append(WeightImages(index, kind, f"{index}.W", np.ascontiguousarray(filters)))
    return pictures


def _input_image_shape(net):
    """(C, H, W) of the network's input, or None when it is not an image."""
    shape = tuple((net.config or {}).get("input_shape") or ())
    if len(shape) == 2:
        shape = (1, *shape)
    return shape if len(shape) == 3 else None


def _reads_the_input_image(net, index):
    """Whether layer `index` (an Affine) sees the input pixels as they are: it is the first
    layer, or only Flattens come before it, and its inputs are the image's pixels."""
    shape = _input_image_shape(net)
    before = net.layers[:index]
    return (shape is not None and all(type(layer).__name__ == "Flatten" for layer in before)
            and net.layers[index].W.shape[0] == int(np.prod(shape)))


def weight_arrays(model):
    """Every layer's weight matrix or filters (its ``W``), by parameter name ("0.W", ...), in
    layer order: host float32 copies, for histograms."""
    net = network_of(model)
    return {f"{index}.W": host_float32(layer.W) for index, layer in enumerate(net.layers)
            if "W" in layer.param_names}


def host_gradients(model):
    """The gradients the last backward pass left, by parameter name ("0.W", "0.b", ...): host
    float32 copies; a parameter with no gradient yet (no backward pass) is left out."""
    net = network_of(model)
    gradients = {}
    for index, layer in enumerate(net.layers):
        for name in layer.param_names:
            gradient = getattr(layer, "d" + name, None)
            if gradient is not None:
                gradients[f"{index}.{name}"] = host_float32(gradient)
    return gradients


def weight_histograms(arrays, bins=40):
    """Per array name, ``(counts, edges)`` as ``np.histogram(values, bins, range=(-m, m))``
    gives, with m the largest absolute finite value (1 when all are 0): a range symmetric
    around 0, so which side of 0 a layer's weights lean to shows. Non-finite values (a run
    that diverged) are left out of the counts."""
    histograms = {}
    for name, array in arrays.items():
        values = np.asarray(to_numpy(array)).reshape(-1)
        values = values[np.isfinite(values)]
        extent = float(np.abs(values).max()) if values.size else 0.0
        extent = extent if extent > 0 else 1.0
        histograms[name] = np.histogram(values, bins=bins, range=(-extent, extent))
    return histograms
