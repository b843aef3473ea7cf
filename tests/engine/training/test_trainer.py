"""The training loop against a fake step: triggers, priorities, stopping, pausing, failures."""
import threading
import time

import numpy as np
import pytest

from engine.data.iterators import BatchIterator
from engine.nn.network import build_network
from engine.nn.optimizers import SGD, Adam
from engine.training import trainer as trainer_module
from engine.training.extensions import BatchedCallback
from engine.training.presets import mlp_config
from engine.training.trainer import (
    PRIORITY_EDITOR,
    PRIORITY_READER,
    PRIORITY_WRITER,
    Extension,
    StandardUpdater,
    StopTraining,
    Trainer,
)
from engine.training.triggers import IntervalTrigger, ManualScheduleTrigger, get_trigger

from fakes import FakeClock, FakeUpdater


class Recorder(Extension):
    """Appends (name, iteration) to a shared list when called; counts initialize/finalize."""

    def __init__(self, calls, name, priority=PRIORITY_READER, trigger=(1, "iteration")):
        self.calls, self.name, self.priority, self.trigger = calls, name, priority, trigger
        self.initialized = self.finalized = 0

    def __call__(self, trainer):
        self.calls.append((self.name, trainer.updater.iteration))

    def initialize(self, trainer):
        self.initialized += 1

    def finalize(self):
        self.finalized += 1


class Failing(Extension):
    def __init__(self, at_iteration):
        self.at_iteration = at_iteration

    def __call__(self, trainer):
        if trainer.updater.iteration == self.at_iteration:
            raise RuntimeError("extension broke")



@pytest.fixture
def clock(monkeypatch):
    """The trainer's clock, moved by hand (or by FakeUpdater steps): exact elapsed times."""
    return FakeClock().patch(monkeypatch, trainer_module)


def run_in_thread(trainer):
    errors = []

    def target():
        try:
            trainer.run()
        except BaseException as exc:  # noqa: BLE001 - the test asserts on `errors`
            errors.append(exc)
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, errors


def wait_until(condition, timeout=30.0):
    """Poll for a state; the timeout only ends a hung test, however busy the machine."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.001)


# --- triggers -----------------------------------------------------------------------------------

def fired_iterations(trigger, iterations=12, per_epoch=5):
    trainer = Trainer(FakeUpdater(per_epoch), stop_trigger=(iterations, "iteration"))
    fired = []
    for _ in range(iterations):
        trainer.updater.update()
        if trigger(trainer):
            fired.append(trainer.updater.iteration)
    return fired


def test_interval_trigger_fires_every_period_of_iterations():
    assert fired_iterations(IntervalTrigger(4, "iteration")) == [4, 8, 12]


def test_interval_trigger_fires_at_the_end_of_every_period_of_epochs():
    assert fired_iterations(IntervalTrigger(1, "epoch"), 15) == [5, 10, 15]
    assert fired_iterations(IntervalTrigger(2, "epoch"), 20) == [10, 20]


def test_a_tuple_is_accepted_as_a_trigger():
    assert fired_iterations(get_trigger((3, "iteration")), 7) == [3, 6]


def test_manual_schedule_trigger_fires_at_listed_points():
    assert fired_iterations(ManualScheduleTrigger([2, 7], "iteration")) == [2, 7]
    assert fired_iterations(ManualScheduleTrigger([2], "epoch"), 15) == [10]


@pytest.mark.parametrize("period, unit", [(0, "epoch"), (1.5, "epoch"), (2, "epochs"),
                                          (True, "iteration")])
def test_bad_triggers_are_refused_with_a_message(period, unit):
    with pytest.raises(ValueError, match="trigger"):
        IntervalTrigger(period, unit)


def test_interval_trigger_progress_is_the_fraction_done():
    trainer = Trainer(FakeUpdater(per_epoch=4), stop_trigger=(2, "epoch"))
    for _ in range(2):
        trainer.updater.update()
    assert trainer.stop_trigger.progress(trainer) == pytest.approx(0.25)


# --- order, stopping, lifecycle -----------------------------------------------------------------

def test_extensions_run_by_priority_then_in_registration_order():
    calls = []
    trainer = Trainer(FakeUpdater(), stop_trigger=(1, "iteration"))
    trainer.extend(Recorder(calls, "reader_a"))
    trainer.extend(Recorder(calls, "editor", PRIORITY_EDITOR))
    trainer.extend(Recorder(calls, "reader_b"))
    trainer.extend(Recorder(calls, "writer", PRIORITY_WRITER))
    trainer.extend(Recorder(calls, "overridden"), priority=PRIORITY_WRITER + 1)
    trainer.run()
    assert [name for name, _ in calls] == ["overridden", "writer", "editor", "reader_a", "reader_b"]


def test_each_extension_fires_on_its_own_trigger():
    calls = []
    trainer = Trainer(FakeUpdater(per_epoch=3), stop_trigger=(2, "epoch"))
    trainer.extend(Recorder(calls, "every_2", trigger=(2, "iteration")))
    trainer.extend(Recorder(calls, "epoch"), trigger=(1, "epoch"))
    trainer.run()
    assert calls == [("every_2", 2), ("epoch", 3), ("every_2", 4), ("every_2", 6), ("epoch", 6)]


def test_same_names_get_a_suffix_and_can_be_looked_up():
    trainer = Trainer(FakeUpdater())
    first = trainer.extend(Recorder([], "rec"))
    second = trainer.extend(Recorder([], "rec"))
    assert (first, second) == ("rec", "rec_1")
    assert trainer.get_extension("rec_1").name == "rec"
    with pytest.raises(KeyError, match="no extension named 'nope'"):
        trainer.get_extension("nope")


def test_a_plain_function_can_be_an_extension():
    seen = []
    trainer = Trainer(FakeUpdater(), stop_trigger=(3, "iteration"))
    trainer.extend(lambda tr: seen.append(tr.updater.iteration))
    trainer.run()
    assert seen == [1, 2, 3]


def test_stop_trigger_by_iteration():
    trainer = Trainer(FakeUpdater(), stop_trigger=(7, "iteration"))
    trainer.run()
    assert trainer.updater.iteration == 7
    assert trainer.stop_reason == "completed"
    assert trainer.warning is None


def test_stop_trigger_by_epoch():
    trainer = Trainer(FakeUpdater(per_epoch=4), stop_trigger=(3, "epoch"))
    trainer.run()
    assert (trainer.updater.iteration, trainer.updater.epoch) == (12, 3)


def test_initialize_and_finalize_run_once_and_observation_is_set():
    calls = []
    recorder = Recorder(calls, "rec")
    trainer = Trainer(FakeUpdater(), stop_trigger=(3, "iteration"))
    trainer.extend(recorder)
    trainer.run()
    assert (recorder.initialized, recorder.finalized) == (1, 1)
    assert float(trainer.observation["main/loss"]) == pytest.approx(1 / 3)


def test_a_trainer_runs_only_once_and_extends_only_before():
    trainer = Trainer(FakeUpdater(), stop_trigger=(1, "iteration"))
    trainer.run()
    with pytest.raises(RuntimeError, match="runs once"):
        trainer.run()
    with pytest.raises(RuntimeError, match="before run"):
        trainer.extend(Recorder([], "late"))


def test_elapsed_time_grows_while_training(clock):
    trainer = Trainer(FakeUpdater(step_seconds=0.002, clock=clock), stop_trigger=(5, "iteration"))
    assert trainer.elapsed_time == 0.0
    trainer.run()
    assert trainer.elapsed_time == pytest.approx(0.01)


# --- failures -----------------------------------------------------------------------------------

def test_an_extension_error_propagates_after_every_finalize():
    recorder = Recorder([], "rec")
    trainer = Trainer(FakeUpdater(), stop_trigger=(10, "iteration"))
    trainer.extend(Failing(at_iteration=3), priority=PRIORITY_WRITER)
    trainer.extend(recorder)
    with pytest.raises(RuntimeError, match="extension broke"):
        trainer.run()
    assert recorder.finalized == 1
    assert trainer.updater.iteration == 3
    assert trainer.stop_reason == "failed: RuntimeError: extension broke"


def test_an_updater_error_propagates_after_finalize():
    class Broken(FakeUpdater):
        def update(self):
            raise FloatingPointError("bad step")
    recorder = Recorder([], "rec")
    trainer = Trainer(Broken(), stop_trigger=(10, "iteration"))
    trainer.extend(recorder)
    with pytest.raises(FloatingPointError):
        trainer.run()
    assert recorder.finalized == 1


def test_a_finalize_error_is_raised_after_the_others_finalize():
    class BadFinalize(Recorder):
        def finalize(self):
            super().finalize()
            raise OSError("disk full")
    bad, good = BadFinalize([], "bad", PRIORITY_WRITER), Recorder([], "good")
    trainer = Trainer(FakeUpdater(), stop_trigger=(2, "iteration"))
    trainer.extend(bad)
    trainer.extend(good)
    with pytest.raises(OSError, match="disk full"):
        trainer.run()
    assert (bad.finalized, good.finalized) == (1, 1)


def test_stop_training_ends_at_once_with_a_warning():
    calls = []

    def stop_at_two(trainer):
        if trainer.updater.iteration == 2:
            raise StopTraining("something to tell the user")
    trainer = Trainer(FakeUpdater(), stop_trigger=(10, "iteration"))
    trainer.extend(stop_at_two, priority=PRIORITY_WRITER)
    trainer.extend(Recorder(calls, "later"))
    trainer.run()
    assert trainer.updater.iteration == 2
    assert calls == [("later", 1)]  # the rest of the stopping iteration is skipped
    assert trainer.stop_reason == trainer.warning == "something to tell the user"


def tiny_classifier_trainer(stop=(10, "iteration"), optimizer=None, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((40, 4)).astype(np.float32)
    t = rng.integers(0, 3, 40)
    model = build_network(mlp_config(hidden=(8,), inputs=4, outputs=3))
    updater = StandardUpdater(BatchIterator(x, t, 8, seed=1), model, optimizer or SGD(lr=0.1))
    return Trainer(updater, stop_trigger=stop)


def test_a_failing_run_keeps_the_weights_of_the_last_completed_step():
    reference = tiny_classifier_trainer(stop=(3, "iteration"), optimizer=Adam())
    reference.run()
    trainer = tiny_classifier_trainer(optimizer=Adam())
    trainer.extend(Failing(at_iteration=3))
    with pytest.raises(RuntimeError):
        trainer.run()
    for name, array in reference.updater.model.params().items():
        np.testing.assert_array_equal(trainer.updater.model.params()[name], array)


# --- threads ------------------------------------------------------------------------------------

def test_request_stop_from_another_thread_ends_the_run_cleanly():
    recorder = Recorder([], "rec")
    trainer = Trainer(FakeUpdater(), stop_trigger=(10 ** 9, "iteration"))
    trainer.extend(recorder)
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.updater.iteration >= 50)
    trainer.request_stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors
    assert trainer.stop_reason == "stopped by request"
    assert recorder.finalized == 1


def test_pause_holds_the_iteration_count_and_resume_continues():
    trainer = Trainer(FakeUpdater(), stop_trigger=(10 ** 9, "iteration"))
    assert not trainer.waiting_in_pause  # not started
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.updater.iteration >= 5)
    assert not trainer.waiting_in_pause  # running, never asked to pause
    trainer.request_pause()
    assert trainer.is_paused
    wait_until(lambda: trainer.waiting_in_pause)  # the iteration in flight ended
    held = trainer.updater.iteration  # and held: the loop sleeps until it is resumed
    assert held >= 5
    trainer.request_resume()
    assert not trainer.is_paused
    wait_until(lambda: trainer.updater.iteration > held + 5)
    assert not trainer.waiting_in_pause  # it trains again
    trainer.request_stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors and not trainer.waiting_in_pause


def test_a_step_while_paused_runs_exactly_one_iteration_and_pauses_again():
    calls = []
    trainer = Trainer(FakeUpdater(), stop_trigger=(10 ** 9, "iteration"))
    trainer.extend(Recorder(calls, "rec"))  # extensions see the step's iteration, as any other
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.updater.iteration >= 5)
    assert not trainer.request_step()  # running: nothing to step
    trainer.request_pause()
    wait_until(lambda: trainer.waiting_in_pause)
    held = trainer.updater.iteration
    for step in (1, 2, 3):
        assert trainer.request_step()
        wait_until(lambda step=step: trainer.updater.iteration == held + step
                   and trainer.waiting_in_pause)
        assert trainer.is_paused and calls[-1] == ("rec", held + step)
    trainer.request_resume()  # and on it goes
    wait_until(lambda: trainer.updater.iteration > held + 10)
    trainer.request_stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors


def test_a_step_measures_its_batchs_loss_before_and_after_the_update():
    rng = np.random.default_rng(0)
    images, labels = rng.random((40, 1, 28, 28)), rng.integers(0, 10, 40)
    network = build_network(mlp_config(hidden=(8,), seed=0, dtype="float64"))
    iterator = BatchIterator(images, labels, batch_size=10, shuffle=False)
    updater = StandardUpdater(iterator, network, SGD(lr=0.5))
    updater.update()
    assert "step/loss_before" not in updater.observation  # a plain step measures nothing more
    x, t = images[10:20], labels[10:20]
    before = float(network.loss(x, t, train=False))
    updater.measure_next_step = True
    updater.update()
    after = float(network.loss(x, t, train=False))
    assert float(updater.observation["step/loss_before"]) == pytest.approx(before, rel=1e-6)
    assert float(updater.observation["step/loss_after"]) == pytest.approx(after, rel=1e-6)
    assert after < before  # one step of lr 0.5 on its own batch
    updater.update()
    assert "step/loss_before" not in updater.observation  # only the one step asked for


def test_stop_while_paused_ends_the_run():
    recorder = Recorder([], "rec")
    trainer = Trainer(FakeUpdater(), stop_trigger=(10 ** 9, "iteration"))
    trainer.extend(recorder)
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.updater.iteration >= 5)
    trainer.request_pause()
    wait_until(lambda: trainer.waiting_in_pause)
    held = trainer.updater.iteration
    trainer.request_stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors
    assert trainer.updater.iteration == held
    assert trainer.stop_reason == "stopped by request"
    assert recorder.finalized == 1


def test_a_pause_hands_over_what_a_throttled_callback_held_back():
    """A learner who pauses reads where the run stopped: the last iteration reaches the
    callback at the pause (in the training thread), not after the resume."""
    trainer = Trainer(FakeUpdater(), stop_trigger=(10 ** 9, "iteration"))
    received, paused_in = [], []
    never_now = BatchedCallback(received.extend, min_interval_s=10 ** 6,  # only the first
                                on_pause=lambda: paused_in.append(threading.current_thread()))
    trainer.extend(never_now)
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.updater.iteration >= 5)
    trainer.request_pause()
    wait_until(lambda: trainer.waiting_in_pause)
    held = trainer.updater.iteration
    assert received[-1]["iteration"] == held  # not held back until the resume
    assert [report["iteration"] for report in received] == list(range(1, held + 1))
    assert paused_in == [thread]
    trainer.request_stop()
    thread.join(timeout=30)
    assert not errors


def test_elapsed_time_leaves_out_pauses(clock):
    trainer = Trainer(FakeUpdater(step_seconds=1.0, clock=clock), stop_trigger=(5, "iteration"))
    trainer.extend(lambda t: t.updater.iteration == 3 and t.request_pause(), name="pause_at_3")
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.waiting_in_pause)
    clock.advance(1000.0)  # a long pause
    assert trainer.elapsed_time == pytest.approx(3.0)  # also while it lasts
    trainer.request_resume()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors
    assert trainer.updater.iteration == 5 and trainer.stop_reason == "completed"
    assert trainer.elapsed_time == pytest.approx(5.0)  # 5 steps of 1 s; the 1000 s left out


def test_a_run_paused_from_its_start_and_stopped_has_trained_no_time(clock):
    trainer = Trainer(FakeUpdater(step_seconds=1.0, clock=clock),
                      stop_trigger=(10 ** 9, "iteration"))
    trainer.request_pause()
    thread, errors = run_in_thread(trainer)
    wait_until(lambda: trainer.waiting_in_pause)
    clock.advance(1000.0)
    trainer.request_stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors
    assert trainer.updater.iteration == 0 and trainer.stop_reason == "stopped by request"
    assert trainer.elapsed_time == 0.0


def test_stop_requested_before_run_trains_nothing():
    trainer = Trainer(FakeUpdater(), stop_trigger=(10, "iteration"))
    trainer.request_stop()
    trainer.run()
    assert trainer.updater.iteration == 0
    assert trainer.stop_reason == "stopped by request"


# --- the real updater ---------------------------------------------------------------------------

def test_standard_updater_observes_loss_and_batch_accuracy_as_array_scalars():
    trainer = tiny_classifier_trainer()
    updater = trainer.updater
    updater.update()
    loss, accuracy = updater.observation["main/loss"], updater.observation["main/accuracy"]
    assert isinstance(loss, (np.ndarray, np.generic)) and isinstance(accuracy,
                                                                      (np.ndarray, np.generic))
    layer = updater.model.loss_layer
    assert float(accuracy) == np.mean(layer.y.argmax(axis=1) == layer.t)
    assert (updater.iteration, updater.epoch, updater.is_new_epoch) == (1, 0, False)
    assert updater.epoch_detail == pytest.approx(8 / 40)


def test_standard_updater_reports_no_accuracy_for_regression():
    config = mlp_config(hidden=(4,), inputs=3, outputs=2)
    config["loss"] = {"type": "MeanSquaredError"}
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 3)).astype(np.float32)
    t = rng.standard_normal((10, 2)).astype(np.float32)
    updater = StandardUpdater(BatchIterator(x, t, 5), build_network(config), SGD(lr=0.01))
    updater.update()
    assert set(updater.observation) == {"main/loss"}


def blobs(n_per_class=50, seed=0):
    """Three well-separated Gaussian blobs in 4-D: any working classifier nearly solves them."""
    rng = np.random.default_rng(seed)
    centres = np.array([[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]], dtype=np.float32)
    x = np.concatenate([c + 0.5 * rng.standard_normal((n_per_class, 4)) for c in centres])
    t = np.repeat(np.arange(3), n_per_class)
    return x.astype(np.float32), t


def test_a_short_real_run_learns_a_separable_problem():
    x, t = blobs()
    model = build_network(mlp_config(hidden=(8,), inputs=4, outputs=3, seed=0))
    before = model.accuracy(x, t)
    updater = StandardUpdater(BatchIterator(x, t, 15, seed=0), model, SGD(lr=0.1))
    Trainer(updater, stop_trigger=(20, "epoch")).run()
    assert model.accuracy(x, t) > 0.95 > before


def test_the_extension_table_lists_what_runs_in_calling_order_with_its_trigger():
    trainer = Trainer(FakeUpdater(), stop_trigger=(3, "iteration"))
    trainer.extend(Recorder([], "late", priority=PRIORITY_READER), trigger=(2, "epoch"))
    trainer.extend(Recorder([], "early", priority=PRIORITY_WRITER),
                   trigger=ManualScheduleTrigger([5, 1], "iteration"))
    trainer.extend(lambda t: None, trigger=lambda t: True, name="mine")
    trainer.extend(Recorder([], "idle", trigger=None))
    table = trainer.extension_table()
    assert [row["name"] for row in table] == [name for name, _ in trainer.extensions()]
    rows = {row["name"]: row for row in table}
    assert rows["late"]["trigger"] == {"kind": "interval", "period": 2, "unit": "epoch"}
    assert rows["early"]["trigger"] == {"kind": "schedule", "points": [1, 5],
                                        "unit": "iteration"}
    assert rows["mine"]["trigger"] == {"kind": "custom"}
    assert rows["idle"]["trigger"] == {"kind": "never"}
    assert rows["early"]["priority"] == PRIORITY_WRITER
