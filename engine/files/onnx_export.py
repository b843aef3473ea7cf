"""A model file as an ONNX model, for the tools the rest of the field uses (onnxruntime,
Netron, OpenCV's dnn, ...).

The graph is built with the ``onnx`` package's helpers and checked with ``onnx.checker``;
``onnx`` is imported only when a model is exported, so the engine runs without it.

Input ``image``: (N, C, H, W) float32, the pixels as the network reads them (the model's
``normalization``: 0-255 times ``scale``, white ink on black). Outputs ``scores`` (the last
layer's output) and, for a classifier, ``probabilities`` (their softmax).

Our image layers work channels last; ONNX's Conv and MaxPool work channels first. The graph
stays channels first and the filters are transposed to (FN, C, FH, FW); where the engine
flattens images, the graph first turns them channels last, so that the Affine weights see
the features in the order they were trained on. Dropout is left out: it does nothing when
reading. Everything is exported in float32, whatever the model's dtype.
"""
import json
import math

import numpy as np

from .._version import __version__
from ..messages import sentence
from ..nn import convolution as C
from ..nn import layers as L
from .fileio import atomic_write
from .modelio import DEFAULT_NORMALIZATION

OPSET = 17  # every runtime of the last few years reads it
IR_VERSION = 8  # the oldest IR that opset 17 allows: older readers accept the file
INPUT = "image"
SCORES = "scores"
PROBABILITIES = "probabilities"


class ExportError(ValueError):
    """A model that cannot be exported, or an exporter that is not installed."""


def export_onnx(loaded, path, source_name="model"):
    """Write `loaded` (a LoadedModel) to `path` as ONNX, atomically; returns the ModelProto."""
    proto = onnx_model(loaded, source_name)
    with atomic_write(path) as f:
        f.write(proto.SerializeToString())
    return proto


def onnx_model(loaded, source_name="model"):
    """The ModelProto of `loaded`, checked by onnx.checker."""
    onnx = _onnx()
    builder = _GraphBuilder(onnx, loaded.model)
    outputs = builder.build()
    graph = onnx.helper.make_graph(builder.nodes, source_name, [builder.graph_input()],
                                   outputs, builder.initializers)
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", OPSET)],
                                   producer_name="DigitLab", producer_version=__version__)
    model.ir_version = IR_VERSION
    onnx.helper.set_model_props(model, metadata_props(loaded))
    onnx.checker.check_model(model, full_check=True)
    return model


def metadata_props(loaded):
    """What a reader needs besides the graph: class names, how to prepare an image, accuracy."""
    props = {
        "class_names": json.dumps(loaded.class_names, ensure_ascii=False),
        "normalization": json.dumps({**DEFAULT_NORMALIZATION, **loaded.normalization},
                                    ensure_ascii=False),
        "dataset": str(loaded.dataset.get("name", "")),
        "engine_version": str(loaded.header.get("engine_version", "")),
        "exported_by": f"DigitLab {__version__}",
    }
    accuracy = loaded.metrics.get("test_accuracy")
    if accuracy is not None:
        props["test_accuracy"] = repr(float(accuracy))
    return props


def _onnx():
    try:
        import onnx  # noqa: PLC0415 - only an export needs it: the engine runs without it
    except ImportError:
        raise ExportError(sentence("Exporting as ONNX needs the onnx package, which this "
                                   "installation does not have (pip install onnx).")) from None
    return onnx


class _GraphBuilder:
    """The nodes and weights of one network, layer by layer, tracking the tensor's layout."""

    def __init__(self, onnx, network):
        self.onnx, self.network = onnx, network
        self.nodes, self.initializers = [], []
        self.input_shape = tuple(network.config["input_shape"])
        self.shape = self.input_shape  # the engine's shape of the tensor so far, less N
        self.channels_last = False  # the engine's layout; the graph's is channels first
        self.tensor = INPUT
        self._count = 0

    def graph_input(self):
        return self.onnx.helper.make_tensor_value_info(
            INPUT, self.onnx.TensorProto.FLOAT, ["N", *self.input_shape])

    def build(self):
        for index, layer in enumerate(self.network.layers):
            self._layer(index, layer)
        self._node("Identity", [self.tensor], name=SCORES)
        outputs = [self._output(SCORES)]
        if isinstance(self.network.loss_layer, L.SoftmaxWithLoss):
            self._node("Softmax", [SCORES], name=PROBABILITIES, axis=-1)
            outputs.append(self._output(PROBABILITIES))
        return outputs

    def _output(self, name):
        return self.onnx.helper.make_tensor_value_info(name, self.onnx.TensorProto.FLOAT,
                                                       ["N", self.shape[-1]])

    def _layer(self, index, layer):
        if isinstance(layer, C.ChannelsLast):
            c, h, w = self.shape
            self.shape, self.channels_last = (h, w, c), True  # the graph's tensor is unchanged
        elif isinstance(layer, (C.Convolution, C.MaxPooling)) and not self.channels_last:
            raise ExportError(sentence("layer {index} ({layer}) reads images that no "
                                       "ChannelsLast layer put channels last", index=index,
                                       layer=type(layer).__name__))
        elif isinstance(layer, C.Convolution):
            self._convolution(index, layer)
        elif isinstance(layer, C.MaxPooling):
            self._max_pooling(layer)
        elif isinstance(layer, L.Affine):
            self._affine(index, layer)
        elif isinstance(layer, L.BatchNormalization):
            self._batch_normalization(index, layer)
        elif isinstance(layer, C.Flatten):
            self._flatten()
        elif isinstance(layer, L.Dropout):
            pass  # identity when reading
        elif type(layer) in ELEMENTWISE:
            self._node(ELEMENTWISE[type(layer)], [self.tensor])
        else:
            raise ExportError(sentence("layer {index} ({layer}) has no ONNX form here",
                                       index=index, layer=type(layer).__name__))

    def _convolution(self, index, layer):
        fn, fh, fw, _ = layer.W.shape
        weights = [self._weight(f"{index}.W", layer.W.transpose(0, 3, 1, 2))]
        if layer.b is not None:
            weights.append(self._weight(f"{index}.b", layer.b))
        p, s = layer.pad, layer.stride
        self._node("Conv", [self.tensor, *weights], kernel_shape=[fh, fw], pads=[p, p, p, p],
                   strides=[s, s])
        h, w, _ = self.shape
        self.shape = ((h + 2 * p - fh) // s + 1, (w + 2 * p - fw) // s + 1, fn)

    def _max_pooling(self, layer):
        k, s = layer.size, layer.stride
        self._node("MaxPool", [self.tensor], kernel_shape=[k, k], strides=[s, s])
        h, w, c = self.shape
        self.shape = ((h - k) // s + 1, (w - k) // s + 1, c)

    def _affine(self, index, layer):
        self._flatten()
        inputs = [self.tensor, self._weight(f"{index}.W", layer.W)]
        if layer.b is not None:
            self._node("Gemm", [*inputs, self._weight(f"{index}.b", layer.b)])
        else:
            self._node("MatMul", inputs)
        self.shape = (layer.W.shape[1],)

    def _batch_normalization(self, index, layer):
        per_channel = len(self.shape) == 3 and layer.gamma.size == self.shape[-1] \
            and math.prod(self.shape) != layer.gamma.size
        if not per_channel and len(self.shape) > 1:
            # the engine normalises each feature of the flattened rows, then gives the images
            # their shape back: no ONNX node does that in one step, and no preset needs it
            raise ExportError(sentence("layer {index} (BatchNormalization) normalises each "
                                       "pixel of an image separately, which this exporter does "
                                       "not support", index=index))
        names = ("gamma", "beta", "running_mean", "running_var")
        weights = [self._weight(f"{index}.{name}", getattr(layer, name)) for name in names]
        self._node("BatchNormalization", [self.tensor, *weights], epsilon=float(layer.eps))

    def _flatten(self):
        if len(self.shape) == 1:
            return
        if len(self.shape) == 3 and self.channels_last:
            self._node("Transpose", [self.tensor], perm=[0, 2, 3, 1])
        self._node("Flatten", [self.tensor], axis=1)
        self.shape = (math.prod(self.shape),)

    def _weight(self, name, array):
        values = np.ascontiguousarray(np.asarray(array, dtype=np.float32))
        self.initializers.append(self.onnx.numpy_helper.from_array(values, name))
        return name

    def _node(self, op, inputs, name=None, **attributes):
        self._count += 1
        output = name or f"{op.lower()}_{self._count}"
        self.nodes.append(self.onnx.helper.make_node(op, inputs, [output],
                                                     name=f"{op}_{self._count}", **attributes))
        self.tensor = output


ELEMENTWISE = {L.ReLU: "Relu", L.Sigmoid: "Sigmoid", L.Tanh: "Tanh"}
