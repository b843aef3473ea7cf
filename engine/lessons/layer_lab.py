"""The layer lab (Deep Learning from Scratch, 5.5-5.6): one layer of the engine, run forward and
backward on small arrays a student can read and edit.

``run_layer`` builds the real layer class (``engine.nn.layers``) from plain arrays, runs
``forward`` then ``backward`` and returns every array involved. It copies what it is given, so
the caller's arrays are never changed, and it checks that the upstream gradient it passed to
``backward`` came back untouched: the layer must not write into the gradient it receives.

Two deliberately wrong functions show the classic mistakes the engine's layers avoid:
``book_relu_backward_in_place`` (the book's ``dout[mask] = 0``) and
``sigmoid_backward_with_input_cached`` (Sigmoid caching its input instead of its output).
They are used only to put the wrong numbers beside the right ones.
"""
import dataclasses

import numpy as np

from ..messages import sentence
from ..nn import layers

LAYER_NAMES = ("Affine", "ReLU", "Sigmoid", "Tanh", "SoftmaxWithLoss")
LAYER_CLASSES = {name: getattr(layers, name) for name in LAYER_NAMES}
# the input arrays each layer takes, in the order a lesson shows them
INPUT_NAMES = {"Affine": ("x", "W", "b"), "ReLU": ("x",), "Sigmoid": ("x",), "Tanh": ("x",),
               "SoftmaxWithLoss": ("x", "t")}
PARAMETER_NAMES = {"Affine": ("W", "b")}  # their gradients are dW, db
# the lines of each class that computed the numbers, for a source view to highlight
HIGHLIGHTS = {
    "Affine": ("out = self.x @ self.W", "out += self.b", "self.dW = self.x.T @ dout",
               "self.db = dout.sum(axis=0)", "return (dout @ self.W.T)"),
    "ReLU": ("self.positive = x > 0", "return xp.maximum(x, 0)", "return dout * self.positive"),
    "Sigmoid": ("self.out = sigmoid(x)", "return dout * (1.0 - self.out) * self.out"),
    "Tanh": ("self.out = xp.tanh(x)", "return dout * (1.0 - self.out * self.out)"),
    "SoftmaxWithLoss": ("self.y = softmax(x)", "return cross_entropy_error(", "dx = self.y.copy()",
                        "dx[xp.arange(n), self.t] -= 1", "return dx * (dout / n)"),
}
MAX_ROWS = 8  # a lab table larger than this is scrolled, not read
MAX_COLUMNS = 10  # ten classes: the softmax example's width

AFFINE_X = [[1.0, 2.0]]
AFFINE_W = [[4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
AFFINE_B = [[10.0, 11.0, 12.0]]
SOFTMAX_SCORES = [[1, 3, 5, 7, 9, 1.5, 3.5, 5.5, 7.5, 9.5], [1] * 10, list(range(-10, 10, 2))]
SOFTMAX_LABELS = [[7], [4], [9]]  # one column: one class index per row of scores


@dataclasses.dataclass(frozen=True)
class LayerExample:
    """A layer's inputs and the upstream gradient that reaches its output."""

    layer: str
    inputs: dict  # name -> 2-D float64 array, in INPUT_NAMES order
    upstream: np.ndarray  # dy, of the output's shape; (1, 1) dout for SoftmaxWithLoss


@dataclasses.dataclass(frozen=True)
class InputProblem:
    """Two arrays that do not fit together, or a label that is not a class.

    ``kind``: "inner" (Affine: x's columns against W's rows), "bias" (b's columns against W's),
    "upstream" (dy's shape against y's), "label_count" (t's rows against x's), "label_value"
    (t at ``row`` is not an integer class 0 .. second_size - 1).
    """

    kind: str
    first: str  # the array at fault, e.g. "x"
    first_size: object  # int, a shape tuple, or the bad label (float)
    second: str  # the array it must fit, e.g. "W"
    second_size: object
    row: int = -1
    message: str = ""  # the same as a Sentence (engine.messages), for scripts and the window


@dataclasses.dataclass(frozen=True)
class Mistake:
    """What a classic mistake would have shown. ``kind``: "in_place" (``array`` is the upstream
    gradient after the book's ``dout[mask] = 0``), "input_cached" (``array`` is the dx computed
    with the input cached in place of the output)."""

    kind: str
    array: np.ndarray


@dataclasses.dataclass(frozen=True)
class LayerRun:
    """Everything one forward and backward pass of a layer involved (copies, float64)."""

    layer: str
    inputs: dict  # as the layer received them
    outputs: dict  # "y"; SoftmaxWithLoss: "Y" (probabilities), "T" (one-hot), "loss" (1x1)
    upstream: np.ndarray  # what was passed to backward
    grads: dict  # "dx" (dL/dA for SoftmaxWithLoss) and the parameters' "dW", "db"
    upstream_unchanged: bool  # backward left the gradient it received as it was
    finite: bool  # no inf or nan anywhere in the outputs and gradients
    mistake: Mistake | None  # ReLU and Sigmoid: the wrong numbers, to show beside the right


def worked_example(name):
    """The lesson's preloaded example for the layer `name` (fresh arrays each call)."""
    if name == "Affine":
        inputs = {"x": AFFINE_X, "W": AFFINE_W, "b": AFFINE_B}
        upstream = [[1.0, 2.0, 3.0]]
    elif name == "ReLU":  # the book's example in 5.5.1
        inputs = {"x": [[1.0, -0.5], [-2.0, 3.0]]}
        upstream = [[1.0, 2.0], [3.0, 4.0]]  # unequal, so that the mask shows in dx
    elif name == "Sigmoid":
        inputs = {"x": [[0.0, 2.0], [-2.0, 1.0]]}
        upstream = [[1.0, 1.0], [1.0, 1.0]]
    elif name == "Tanh":
        inputs = {"x": [[0.0, 0.5], [-1.0, 2.0]]}
        upstream = [[1.0, 1.0], [1.0, 1.0]]
    elif name == "SoftmaxWithLoss":
        inputs = {"x": SOFTMAX_SCORES, "t": SOFTMAX_LABELS}
        upstream = [[1.0]]
    else:
        raise ValueError(f"unknown layer {name!r}; the lab has {', '.join(LAYER_NAMES)}")
    return LayerExample(name, {key: _matrix(value) for key, value in inputs.items()},
                        _matrix(upstream))


def resized(array, rows, columns, fill=0.0):
    """`array` (2-D) cut or padded with `fill` to rows x columns: a table changing its shape
    keeps the numbers a student typed where they still fit."""
    array = _matrix(array)
    out = np.full((rows, columns), float(fill))
    keep_rows, keep_columns = min(rows, array.shape[0]), min(columns, array.shape[1])
    out[:keep_rows, :keep_columns] = array[:keep_rows, :keep_columns]
    return out


def output_shape(name, inputs):
    """The shape of the layer's forward output (of the upstream gradient it expects), or None
    when the inputs do not fit together. SoftmaxWithLoss's output is the scalar loss: (1, 1)."""
    if input_problem(name, inputs) is not None:
        return None
    if name == "Affine":
        return (_matrix(inputs["x"]).shape[0], _matrix(inputs["W"]).shape[1])
    if name == "SoftmaxWithLoss":
        return (1, 1)
    return _matrix(inputs["x"]).shape


def input_problem(name, inputs, upstream=None):
    """The first way the inputs (and the upstream gradient, if given) do not fit, or None."""
    arrays = {key: _matrix(value) for key, value in inputs.items()}
    if name == "Affine":
        problem = _affine_problem(arrays["x"], arrays["W"], arrays["b"])
    elif name == "SoftmaxWithLoss":
        problem = _label_problem(arrays["x"], arrays["t"])
    else:
        problem = None
    if problem is None and upstream is not None:
        expected, shape = output_shape(name, arrays), _matrix(upstream).shape
        if shape != expected:
            problem = InputProblem("upstream", "dy", shape, "y", expected, message=sentence(
                "the upstream gradient has shape {shape}, the output {expected}",
                shape=shape, expected=expected))
    return problem


def run_layer(name, inputs, upstream):
    """Build the engine's layer `name` from `inputs`, run forward and then backward with
    `upstream` (dy; the scalar dout for SoftmaxWithLoss), and return a LayerRun.

    Raises ValueError (its message from InputProblem) when the arrays do not fit together.
    """
    arrays = {key: _matrix(value) for key, value in inputs.items()}  # copies: the caller's stay
    upstream = _matrix(upstream)
    problem = input_problem(name, arrays, upstream)
    if problem is not None:
        raise ValueError(problem.message)
    given = {key: value.copy() for key, value in arrays.items()}
    passed = upstream.copy()  # the very array backward receives, checked afterwards
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if name == "SoftmaxWithLoss":
            outputs, grads = _run_softmax_with_loss(arrays, passed)
        else:
            outputs, grads = _run_layer(name, arrays, passed)
        mistake = _mistake(name, given, upstream)
    finite = all(np.isfinite(a).all() for a in (*outputs.values(), *grads.values()))
    return LayerRun(name, given, outputs, upstream, grads,
                    upstream_unchanged=bool(np.array_equal(passed, upstream, equal_nan=True)),
                    finite=bool(finite), mistake=mistake)


def _run_layer(name, arrays, dout):
    if name == "Affine":
        layer = layers.Affine(arrays["W"], arrays["b"])
    else:
        layer = LAYER_CLASSES[name]()
    y = layer.forward(arrays["x"])
    grads = {"dx": layer.backward(dout)}
    for parameter in PARAMETER_NAMES.get(name, ()):
        grads["d" + parameter] = getattr(layer, "d" + parameter)
    return {"y": y}, grads


def _run_softmax_with_loss(arrays, dout):
    layer = layers.SoftmaxWithLoss()
    labels = arrays["t"].reshape(-1).astype(np.int64)
    loss = layer.forward(arrays["x"], labels)
    dx = layer.backward(dout[0, 0])
    one_hot = np.zeros_like(arrays["x"])
    one_hot[np.arange(labels.size), labels] = 1.0
    return {"Y": layer.y.copy(), "T": one_hot, "loss": _matrix([[loss]])}, {"dx": dx}


def _mistake(name, given, upstream):
    if name == "ReLU":
        victim = upstream.copy()  # stands for the caller's array: the book's code writes into it
        book_relu_backward_in_place(given["x"], victim)
        return Mistake("in_place", victim)
    if name == "Sigmoid":
        return Mistake("input_cached", sigmoid_backward_with_input_cached(given["x"], upstream))
    return None


# --- deliberately wrong: the mistakes the engine's layers avoid, shown beside them ------------

def book_relu_backward_in_place(x, dout):
    """WRONG ON PURPOSE: the book's ReLU backward, ``dout[self.mask] = 0; dx = dout``.

    Its dx is right, but it zeroes the caller's `dout` in place: a gradient that another branch
    of the graph still needs is silently changed. The engine returns ``dout * self.positive``.
    """
    mask = x <= 0
    dout[mask] = 0
    return dout


def sigmoid_backward_with_input_cached(x, dout):
    """WRONG ON PURPOSE: Sigmoid's backward as written by someone who cached the input x in
    forward and used it as if it were the output y: ``dout * (1 - x) * x``.

    The engine caches ``self.out`` (y = sigmoid(x)) and returns ``dout * (1 - y) * y``.
    """
    return dout * (1.0 - x) * x


# --- shapes -----------------------------------------------------------------------------------

def _affine_problem(x, W, b):
    if x.shape[1] != W.shape[0]:
        return InputProblem("inner", "x", x.shape[1], "W", W.shape[0], message=sentence(
            "x has {columns} columns but W has {rows} rows: x @ W needs them equal",
            columns=x.shape[1], rows=W.shape[0]))
    if b.shape != (1, W.shape[1]):
        return InputProblem("bias", "b", b.shape[1], "W", W.shape[1], message=sentence(
            "b has shape {shape} but W has {columns} columns: b needs (1, {columns})",
            shape=b.shape, columns=W.shape[1]))
    return None


def _label_problem(x, t):
    if t.size != x.shape[0]:
        return InputProblem("label_count", "t", t.size, "x", x.shape[0], message=sentence(
            "t has {labels} labels but x has {rows} rows: one label per row",
            labels=t.size, rows=x.shape[0]))
    classes = x.shape[1]
    for row, label in enumerate(t.reshape(-1)):
        if not (np.isfinite(label) and label == np.floor(label) and 0 <= label < classes):
            return InputProblem("label_value", "t", float(label), "x", classes, row=row,
                                message=sentence("t row {row}: {label:g} is not a class "
                                                 "0 .. {last} of x's {classes} columns",
                                                 row=row + 1, label=float(label), last=classes - 1,
                                                 classes=classes))
    return None


def _matrix(values):
    """A float64 2-D copy (a single number: 1x1; a list: one row)."""
    return np.array(values, dtype=np.float64, ndmin=2, copy=True)
