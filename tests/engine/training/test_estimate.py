"""estimate_seconds: real steps timed on an injected clock, so every expectation is exact."""
import math

import pytest

from engine.training.estimate import estimate_seconds
from engine.training.plan import TrainSettings


class TickingClock:
    """Moves `tick` seconds each time it is read: every timed stretch of n reads is exact."""

    def __init__(self, tick):
        self.tick = tick
        self.now = 0.0
        self.reads = 0

    def __call__(self):
        self.now += self.tick
        self.reads += 1
        return self.now


def mlp(**options):
    return TrainSettings(**{"preset": "mlp", "hidden": (16,), "batch_size": 100, **options})


def test_a_real_probe_gives_a_positive_finite_number_of_seconds():
    seconds = estimate_seconds(mlp(epochs=1), train_size=600, test_size=100)
    assert math.isfinite(seconds) and seconds > 0


def test_the_estimate_is_steps_times_step_cost_plus_one_evaluation_per_epoch():
    # 0.25 s per read: warm-up (0.25 s per step) and 3 timed steps of 0.25 s, one forward
    # pass of 0.25 s for each 100 test images
    seconds = estimate_seconds(mlp(epochs=2), train_size=1000, test_size=250,
                               clock=TickingClock(0.25))
    assert seconds == pytest.approx(2 * 10 * 0.25 + 2 * 3 * 0.25)


def test_the_estimate_grows_with_the_epochs_by_exactly_one_epoch_each():
    one, two, five = (estimate_seconds(mlp(epochs=n), clock=TickingClock(0.01))
                      for n in (1, 2, 5))
    per_epoch = 600 * 0.01 + 100 * 0.01  # 600 steps and 100 test batches of 100
    assert two - one == pytest.approx(per_epoch)
    assert five - one == pytest.approx(4 * per_epoch)


@pytest.mark.parametrize("subset, steps", [(500, 5), (1000, 10), (5000, 10)])
def test_a_training_subset_counts_the_steps_of_that_many_images(subset, steps):
    seconds = estimate_seconds(mlp(epochs=2, train_subset=subset), train_size=1000,
                               test_size=250, clock=TickingClock(0.25))
    assert seconds == pytest.approx(2 * steps * 0.25 + 2 * 3 * 0.25)


def test_an_iteration_run_counts_its_ten_evaluations():
    seconds = estimate_seconds(mlp(iterations=1000), clock=TickingClock(0.001))
    assert seconds == pytest.approx(1000 * 0.001 + 10 * 100 * 0.001)


def test_a_slow_network_is_probed_with_one_warm_up_and_one_timed_step():
    clock = TickingClock(2.0)  # every step "takes" 2 s: over the budget at once
    seconds = estimate_seconds(mlp(epochs=1), train_size=500, test_size=100, clock=clock)
    assert seconds == pytest.approx(5 * 2.0 + 1 * 2.0)
    assert clock.reads == 6  # start and end of: one warm-up, one timed step, one forward


def test_probe_iterations_steps_are_timed():
    clock = TickingClock(0.01)
    estimate_seconds(mlp(epochs=1), probe_iterations=7, clock=clock)
    assert clock.reads == (1 + 2) + (1 + 7) + (1 + 1)


@pytest.mark.parametrize("settings,error", [
    (TrainSettings(preset="no-such-preset"), KeyError),
    (mlp(lr=-1.0), ValueError),
    (mlp(batch_size=0), ValueError),
    (mlp(epochs=0), ValueError),
    (mlp(device="tpu"), ValueError),
    (mlp(elastic=True), ValueError),
])
def test_bad_settings_raise_as_their_plan_does(settings, error):
    with pytest.raises(error) as expected:
        settings.plan()
    with pytest.raises(error, match=str(expected.value)[:20]):
        estimate_seconds(settings)


@pytest.mark.parametrize("options", [{"train_size": 0}, {"train_size": 1.5},
                                     {"test_size": -1}, {"test_size": "10"},
                                     {"probe_iterations": 0}, {"probe_iterations": True}])
def test_bad_sizes_are_refused(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        estimate_seconds(mlp(epochs=1), **options)
