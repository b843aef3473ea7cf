"""Lesson 1, the computational graph (Deep Learning from Scratch, 5.4): the book's shopping
examples built from the engine's own ``Mul`` and ``Add`` layers, run forward node by node and
then backward node by node.

``run_graph`` returns every step in the order a student takes them: each forward step says
what a node's layer returned, each backward step what its ``backward`` returned for the local
gradient (``backward(1)``) and for the gradient flowing through it (``backward(dout)``).
"""
import dataclasses
import types

import numpy as np

from ..nn.layers import Add, Mul
from .source import source_of

LAYERS = {"Mul": Mul, "Add": Add}  # the classes a node can hold, by the name a view shows
OUTPUT = "price"  # every example's last edge: what the shopper pays


@dataclasses.dataclass(frozen=True)
class NodeSpec:
    kind: str  # "Mul" or "Add"
    inputs: tuple  # the two edge names going in (x, y)
    output: str  # the edge name coming out


@dataclasses.dataclass(frozen=True)
class Example:
    key: str
    inputs: tuple  # ((edge name, the book's value), ...) in the order a view lists them
    nodes: tuple  # NodeSpec in forward order

    def defaults(self):
        return dict(self.inputs)


EXAMPLES = {
    "apple": Example(
        key="apple",
        inputs=(("apple", 100.0), ("apple_count", 2.0), ("tax", 1.1)),
        nodes=(NodeSpec("Mul", ("apple", "apple_count"), "apple_price"),
               NodeSpec("Mul", ("apple_price", "tax"), OUTPUT))),
    "apple_orange": Example(
        key="apple_orange",
        inputs=(("apple", 100.0), ("apple_count", 2.0), ("orange", 150.0),
                ("orange_count", 3.0), ("tax", 1.1)),
        nodes=(NodeSpec("Mul", ("apple", "apple_count"), "apple_price"),
               NodeSpec("Mul", ("orange", "orange_count"), "orange_price"),
               NodeSpec("Add", ("apple_price", "orange_price"), "fruit_price"),
               NodeSpec("Mul", ("fruit_price", "tax"), OUTPUT))),
}


@dataclasses.dataclass(frozen=True)
class Node:
    """A node of the graph: its spec and the real layer instance that computes it."""

    index: int
    spec: NodeSpec
    layer: object  # a Mul or an Add


@dataclasses.dataclass(frozen=True)
class ForwardStep:
    node: int  # index into GraphRun.nodes
    inputs: tuple  # the two values going in
    output: float  # layer.forward(*inputs)


@dataclasses.dataclass(frozen=True)
class BackwardStep:
    node: int
    upstream: float  # d(price)/d(output edge): the gradient arriving at the node
    local: tuple  # layer.backward(1.0): d(output)/d(each input)
    downstream: tuple  # layer.backward(upstream): d(price)/d(each input)


@dataclasses.dataclass(frozen=True)
class GraphRun:
    example: Example
    nodes: tuple  # Node, in forward order
    values: types.MappingProxyType  # edge -> its forward value
    gradients: types.MappingProxyType  # edge -> d(price)/d(edge)
    steps: tuple  # ForwardStep for each node, then BackwardStep for each node in reverse

    @property
    def total(self):
        return self.values[OUTPUT]

    def all_finite(self):
        """False when a value or gradient overflowed float64 (or became NaN from inf * 0)."""
        numbers = list(self.values.values()) + list(self.gradients.values())
        return bool(np.all(np.isfinite(numbers)))


def run_graph(example, inputs=None):
    """Forward then backward through `example` (a key of EXAMPLES or an Example), with its
    inputs replaced by any of `inputs` (edge name -> number)."""
    example = EXAMPLES[example] if isinstance(example, str) else example
    given = example.defaults()
    unknown = set(inputs or {}) - set(given)
    if unknown:
        raise ValueError(f"{example.key} has no input named {sorted(unknown)}")
    given.update(inputs or {})
    nodes = tuple(Node(i, spec, LAYERS[spec.kind]()) for i, spec in enumerate(example.nodes))
    values = {name: np.float64(value) for name, value in given.items()}
    steps = []
    with np.errstate(all="ignore"):  # a huge input overflows to inf: the view says so
        for node in nodes:
            x, y = (values[name] for name in node.spec.inputs)
            values[node.spec.output] = node.layer.forward(x, y)
            steps.append(ForwardStep(node.index, (float(x), float(y)),
                                     float(values[node.spec.output])))
        gradients = {OUTPUT: np.float64(1.0)}  # d(price)/d(price)
        for node in reversed(nodes):
            upstream = gradients[node.spec.output]
            local = node.layer.backward(np.float64(1.0))
            downstream = node.layer.backward(upstream)
            for name, gradient in zip(node.spec.inputs, downstream, strict=True):
                # an edge feeding two nodes would sum its gradients; the book's do not branch
                gradients[name] = gradients.get(name, 0.0) + gradient
            steps.append(BackwardStep(node.index, float(upstream),
                                      tuple(map(float, local)), tuple(map(float, downstream))))
    return GraphRun(example, nodes, _floats(values), _floats(gradients), tuple(steps))


def step_source_line(kind, backward):
    """The line of Mul's or Add's source that computes a forward (or a backward) step: the
    ``return`` of that method, as written in engine/nn/layers.py."""
    method = getattr(LAYERS[kind], "backward" if backward else "forward")
    for line in source_of(method).text.splitlines():
        if line.strip().startswith("return"):
            return line.strip()
    raise LookupError(f"{kind}.{method.__name__} has no return line")


def layer_classes():
    """The classes whose source a view shows beside the graph, by name."""
    return dict(LAYERS)


def _floats(mapping):
    return types.MappingProxyType({name: float(value) for name, value in mapping.items()})


__all__ = ["EXAMPLES", "OUTPUT", "BackwardStep", "Example", "ForwardStep", "GraphRun", "Node",
           "NodeSpec", "layer_classes", "run_graph", "step_source_line"]
