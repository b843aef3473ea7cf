"""Lesson 6's numbers: the warm-up trained three ways gives one curve, and the sum/product toy
is demos.sum_product itself, dead ReLUs included."""
import numpy as np
import pytest

from engine.inference import EvaluationCancelled
from engine.lessons import regression
from engine.lessons.regression import WarmupCurves, WarmupRace, hand_written_step
from engine.lessons.source import source_of
from engine.nn.optimizers import SGD
from engine.tools import demos


@pytest.fixture(scope="module")
def curves():
    return regression.warmup_curves()


def test_the_three_curves_coincide_to_float32_rounding(curves):
    assert curves.steps == curves.total_steps == 300 and curves.finished
    for way in ("hand", "trainer"):
        np.testing.assert_allclose(curves.losses(way), curves.layers, rtol=1e-4)
    absolute, relative = curves.largest_difference()
    assert relative < 1e-4
    assert absolute == pytest.approx(np.max(np.ptp([curves.hand, curves.layers, curves.trainer],
                                                   axis=0)))


def test_the_layers_curve_is_the_demo_and_it_learns(curves):
    assert list(curves.layers) == demos.torch_example()  # the same steps as the CLI's demo
    assert curves.layers[0] == pytest.approx(53178.4, rel=1e-5)  # before any step
    assert curves.layers[-1] == pytest.approx(18.676, rel=1e-3)
    assert all(np.diff(curves.layers) < 0)


def test_the_trainer_does_exactly_what_the_layers_do(curves):
    """The Trainer's step is Sequential.gradient + SGD.update on the whole batch: the same
    float32 operations in the same order, so the same numbers to the last bit."""
    assert curves.trainer == curves.layers


def test_the_hand_written_step_is_the_engines_step():
    network, x, y = demos.torch_example_problem()
    weights = network.state_arrays()
    w1, w2 = weights["0.W"].copy(), weights["2.W"].copy()
    loss = hand_written_step(x, y, w1, w2, 1e-4)
    engine_loss = float(network.gradient(x, y))
    assert loss == pytest.approx(engine_loss, rel=1e-6)  # the mean, not the tutorial's sum
    assert loss == pytest.approx(float(np.square(network.predict(x) - y).mean()), rel=1e-5)
    SGD(1e-4).update(network.params(), network.grads())
    np.testing.assert_allclose(w1, network.params()["0.W"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(w2, network.params()["2.W"], rtol=1e-5, atol=1e-6)
    assert w1.dtype == w2.dtype == np.float32


def test_a_race_run_in_chunks_gives_the_same_curves(curves):
    race = WarmupRace()
    seen = []
    while not race.curves().finished:
        seen.append(race.advance(7))
    assert [c.steps for c in seen][:3] == [7, 14, 21] and seen[-1].steps == 300
    assert seen[-1] == curves
    assert race.advance(10) == curves  # a finished race trains no further


def test_progress_counts_the_three_ways_and_a_stop_is_heard():
    reports = []
    race = WarmupRace(steps=4)
    race.advance(4, progress=lambda done, total: reports.append((done, total)))
    assert reports == [(done, 12) for done in range(1, 13)]
    stopping = WarmupRace()
    with pytest.raises(EvaluationCancelled):
        stopping.advance(10, should_stop=lambda: True)
    asked = []

    def stop_during_the_trainer():
        asked.append(1)
        return len(asked) > 25  # after the hand-written and layer steps, in the trainer's
    with pytest.raises(EvaluationCancelled):
        WarmupRace().advance(10, should_stop=stop_during_the_trainer)


def test_the_largest_difference_is_read_step_by_step():
    curves = WarmupCurves((10.0, 4.0), (10.0, 4.0, 1.0), (11.0, 3.0), total_steps=3)
    assert curves.steps == 2 and not curves.finished
    assert curves.largest_difference() == (1.0, pytest.approx(1 / 3))
    assert WarmupCurves((), (), (), 1).largest_difference() == (0.0, 0.0)
    with pytest.raises(ValueError, match="at least one step"):
        WarmupRace(steps=0)


# --- the sum/product toy ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def toys():
    return {seed: regression.train_toy(seed) for seed in (1, 5)}


def test_the_toy_is_the_demos_training(toys):
    network, losses = demos.sum_product(seed=1)
    toy = toys[1]
    assert list(toy.losses) == losses
    _, x, y = demos.sum_product_problem(seed=1)
    np.testing.assert_array_equal(toy.inputs, x)
    np.testing.assert_array_equal(toy.truth, y)
    np.testing.assert_array_equal(toy.predictions, network.output(x))
    np.testing.assert_array_equal(toy.grid_predictions, network.output(toy.grid_inputs))
    assert toy.grid_inputs.tolist()[:2] == [[0.1, 0.1], [0.1, 0.5]] and len(toy.grid_inputs) == 9
    np.testing.assert_allclose(toy.grid_truth[:, 0], toy.grid_inputs.sum(axis=1))
    np.testing.assert_allclose(toy.grid_truth[:, 1], toy.grid_inputs.prod(axis=1))
    assert not toy.predictions.flags.writeable


def test_seed_1_fits_with_one_unit_and_seed_5_kills_both(toys):
    alive = toys[1]
    assert alive.final_loss == pytest.approx(0.0033, abs=2e-4) and alive.final_loss < 0.005
    assert alive.positive_before == (1500, 0) and alive.positive_after == (1437, 0)
    assert alive.dead_units == (1,) and not alive.all_dead
    dead = toys[5]
    assert dead.positive_before == (1500, 873)  # both alive at the start...
    assert dead.positive_after == (0, 0) and dead.all_dead  # ...both dead at the end
    assert dead.final_loss == pytest.approx(0.1, abs=0.02)
    assert np.ptp(dead.predictions, axis=0).max() < 1e-9  # a constant output


def test_the_hidden_counts_are_the_first_layers_positive_outputs(toys):
    network, x, _ = demos.sum_product_problem(seed=5)
    before = network.layers[0].forward(x)
    assert toys[5].positive_before == tuple(int(n) for n in (before > 0).sum(axis=0))
    assert regression.hidden_positive_counts(network, x) == toys[5].positive_before


@pytest.mark.parametrize("seed", regression.TOY_DEAD_SEEDS)
def test_the_dead_seeds_of_the_docstring_stall(seed):
    toy = regression.train_toy(seed)
    assert toy.all_dead and toy.final_loss > 0.09


def test_the_toy_reports_progress_and_stops():
    reports = []
    toy = regression.train_toy(1, epochs=3, progress=lambda d, t: reports.append((d, t)))
    assert reports == [(1, 3), (2, 3), (3, 3)] and len(toy.losses) == 3
    with pytest.raises(EvaluationCancelled):
        regression.train_toy(1, should_stop=lambda: True)


def test_every_source_shown_has_its_highlighted_lines():
    shown = [*sum(regression.WARMUP_SOURCES.values(), ()), *regression.TOY_SOURCES]
    for item in shown:
        source = source_of(item.obj)
        for fragment in item.highlight:
            assert source.line_of(fragment) is not None, (item.name, fragment)
