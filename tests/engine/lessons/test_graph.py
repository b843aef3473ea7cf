"""Lesson 1's graph against the book's worked numbers (5.4) and against Mul and Add themselves."""
import math

import pytest

from engine.lessons import graph
from engine.nn.layers import Add, Mul


def test_the_apple_example_gives_the_books_numbers():
    run = graph.run_graph("apple")
    assert run.total == pytest.approx(220)
    assert run.gradients["apple"] == pytest.approx(2.2)
    assert run.gradients["apple_count"] == pytest.approx(110)
    assert run.gradients["tax"] == pytest.approx(200)
    assert run.gradients["price"] == 1.0


def test_the_apple_and_orange_example_gives_the_books_numbers():
    run = graph.run_graph("apple_orange")
    assert run.total == pytest.approx(715)
    expected = {"apple": 2.2, "apple_count": 110, "orange": 3.3, "orange_count": 165, "tax": 650}
    for name, gradient in expected.items():
        assert run.gradients[name] == pytest.approx(gradient), name
    assert run.values["fruit_price"] == 650


@pytest.mark.parametrize("key", sorted(graph.EXAMPLES))
def test_every_node_holds_a_real_layer_and_each_step_is_what_it_returns(key):
    run = graph.run_graph(key)
    nodes = len(run.nodes)
    assert len(run.steps) == 2 * nodes
    assert [s.node for s in run.steps] == list(range(nodes)) + list(reversed(range(nodes)))
    for node in run.nodes:
        assert type(node.layer) is {"Mul": Mul, "Add": Add}[node.spec.kind]
    for step in run.steps[:nodes]:  # forward: a fresh layer of the same class agrees
        spec = run.nodes[step.node].spec
        assert isinstance(step, graph.ForwardStep)
        assert step.inputs == tuple(run.values[name] for name in spec.inputs)
        fresh = type(run.nodes[step.node].layer)()
        assert step.output == fresh.forward(*step.inputs) == run.values[spec.output]
    for step in run.steps[nodes:]:
        spec = run.nodes[step.node].spec
        fresh = type(run.nodes[step.node].layer)()
        fresh.forward(*(run.values[name] for name in spec.inputs))
        assert isinstance(step, graph.BackwardStep)
        assert step.upstream == run.gradients[spec.output]
        assert step.local == fresh.backward(1.0)
        assert step.downstream == fresh.backward(step.upstream)
        assert step.downstream == tuple(run.gradients[name] for name in spec.inputs)


def test_mul_s_local_gradients_are_its_inputs_swapped():
    run = graph.run_graph("apple")
    first_backward = run.steps[2]  # the tax node
    assert first_backward.local == (1.1, 200.0)  # d(price)/d(apple price) = tax, d/d(tax) = 200


def test_an_edited_input_recomputes():
    run = graph.run_graph("apple", {"apple_count": 3})
    assert run.total == pytest.approx(330)
    assert run.gradients["tax"] == pytest.approx(300)
    assert run.gradients["apple"] == pytest.approx(3.3)


def test_an_unknown_input_is_refused():
    with pytest.raises(ValueError, match="no input named"):
        graph.run_graph("apple", {"pear": 1})


def test_huge_inputs_overflow_to_inf_without_warnings_and_say_so(recwarn):
    run = graph.run_graph("apple", {"apple": 1e300, "apple_count": 1e300})
    assert math.isinf(run.total)
    assert not run.all_finite()
    assert graph.run_graph("apple").all_finite()
    nan_run = graph.run_graph("apple", {"apple": 1e300, "apple_count": 1e300, "tax": 0})
    assert math.isnan(nan_run.total) and not nan_run.all_finite()
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_the_source_line_of_each_step_is_in_the_layer():
    assert graph.step_source_line("Mul", backward=False) == "return x * y"
    assert graph.step_source_line("Mul", backward=True) == "return dout * self.y, dout * self.x"
    assert graph.step_source_line("Add", backward=False) == "return x + y"
    assert graph.step_source_line("Add", backward=True) == "return dout, dout"
    assert graph.layer_classes() == {"Mul": Mul, "Add": Add}


def test_a_run_s_numbers_are_plain_floats_that_cannot_be_changed():
    run = graph.run_graph("apple")
    assert all(type(value) is float for value in run.values.values())
    with pytest.raises(TypeError):
        run.values["apple"] = 1.0
