"""Each extension on its own: what it observes, reports, prints, writes and restores."""
import io
import json
import math

import numpy as np
import pytest

from engine.data.iterators import BatchIterator
from engine.inference import evaluate_predictions
from engine.nn.network import build_network
from engine.nn.optimizers import SGD, Momentum
from engine.training.extensions import (
    BatchedCallback,
    Callback,
    Evaluator,
    ExponentialShift,
    LinearDecay,
    LogReport,
    NonFiniteGuard,
    PrintReport,
    ProgressBar,
)
from engine.training.presets import mlp_config
from engine.training.trainer import PRIORITY_WRITER, StandardUpdater, Trainer

import fakes


def FakeUpdater(per_epoch=4, lr=0.1):  # noqa: N802 - stands in for the class it configures
    """The loss is the iteration number, the accuracy 0.5, the learning rate `lr`."""
    return fakes.FakeUpdater(per_epoch, loss_of=float, accuracy=0.5, lr=lr)


class FakeClock:
    def __init__(self, step):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now


def dataset(n=30, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n)


def tiny_model(**options):
    return build_network(mlp_config(hidden=(8,), inputs=4, outputs=3, **options))


def real_trainer(stop=(2, "epoch"), out="result", optimizer=None, model=None):
    x, t = dataset()
    updater = StandardUpdater(BatchIterator(x, t, 10, seed=0), model or tiny_model(),
                              optimizer or SGD(lr=0.1))
    return Trainer(updater, stop_trigger=stop, out=out)


def assert_plain_numbers(mapping):
    for key, value in mapping.items():
        assert type(value) in (float, int), f"{key} is {type(value).__name__}"


# --- Evaluator ----------------------------------------------------------------------------------

def test_evaluator_reports_the_whole_set_in_inference_mode_as_floats():
    x, t = dataset(25)
    model = tiny_model(dropout=0.5)
    result = Evaluator((x, t, 10), model).evaluate()
    assert set(result) == {"validation/main/loss", "validation/main/accuracy"}
    assert_plain_numbers(result)
    assert result["validation/main/loss"] == pytest.approx(float(model.loss(x, t, train=False)),
                                                           rel=1e-5)
    assert result["validation/main/accuracy"] == model.accuracy(x, t)


def test_evaluator_keeps_its_pass_as_the_predictions_of_one_evaluate_predictions_pass():
    x, t = dataset(25)
    trainer = real_trainer(stop=(1, "epoch"))
    model = trainer.updater.model
    evaluator = Evaluator((x, t, 10), model, prefix="test", keep_predictions=True)
    trainer.extend(evaluator)
    trainer.run()
    iteration, kept = evaluator.last_predictions
    assert iteration == trainer.updater.iteration
    expected = evaluate_predictions(model, x, t, batch_size=10)
    np.testing.assert_array_equal(kept.confusion, expected.confusion)
    np.testing.assert_array_equal(kept.labels, t)
    np.testing.assert_allclose(kept.probabilities, expected.probabilities, rtol=1e-6)
    assert kept.accuracy == trainer.observation["test/main/accuracy"]
    assert Evaluator((x, t), model).last_predictions is None  # only when asked: no copies


def test_evaluator_calls_its_hooks_before_every_batch():
    """The window waits in such a hook while the user draws."""
    x, t = dataset(25)
    model = tiny_model()
    events = []
    original_loss = model.loss
    model.loss = lambda xb, tb, train: events.append(len(xb)) or original_loss(xb, tb, train)
    evaluator = Evaluator((x, t, 10), model)
    evaluator.before_batch.append(lambda: events.append("hook"))
    evaluator.evaluate()
    assert events == ["hook", 10, "hook", 10, "hook", 5]


def test_evaluator_accepts_a_one_pass_iterator_and_reuses_it():
    x, t = dataset(25)
    model = tiny_model()
    expected = Evaluator((x, t), model, batch_size=7).evaluate()
    evaluator = Evaluator(BatchIterator(x, t, 7, shuffle=False, repeat=False), model)
    assert evaluator.evaluate() == pytest.approx(expected)
    assert evaluator.evaluate() == pytest.approx(expected)  # reset between passes


def test_evaluator_refuses_a_repeating_iterator():
    x, t = dataset()
    with pytest.raises(ValueError, match="repeat=False"):
        Evaluator(BatchIterator(x, t, 10), tiny_model())


def test_evaluator_writes_into_the_observation_with_its_prefix():
    x, t = dataset()
    trainer = real_trainer(stop=(1, "epoch"))
    trainer.extend(Evaluator((x, t), trainer.updater.model, prefix="test"))
    trainer.run()
    assert {"test/main/loss", "test/main/accuracy", "main/loss"} <= set(trainer.observation)


# --- LogReport ----------------------------------------------------------------------------------

def test_log_report_averages_each_period_and_adds_counters(tmp_path):
    trainer = Trainer(FakeUpdater(per_epoch=4, lr=0.25), stop_trigger=(2, "epoch"), out=tmp_path)
    log_report = LogReport()
    trainer.extend(log_report)
    trainer.run()
    first, second = log_report.log
    assert first["main/loss"] == pytest.approx((1 + 2 + 3 + 4) / 4)
    assert second["main/loss"] == pytest.approx((5 + 6 + 7 + 8) / 4)
    assert (first["epoch"], first["iteration"], first["lr"]) == (1, 4, 0.25)
    assert second["elapsed_time"] >= first["elapsed_time"] >= 0
    for entry in log_report.log:
        assert_plain_numbers(entry)


def test_log_report_writes_json_of_plain_numbers(tmp_path):
    trainer = Trainer(FakeUpdater(), stop_trigger=(6, "iteration"), out=tmp_path / "run")
    log_report = LogReport(trigger=(3, "iteration"), filename="log.json")
    trainer.extend(log_report)
    trainer.run()
    saved = json.loads((tmp_path / "run" / "log.json").read_text())
    assert saved == log_report.log
    assert [entry["iteration"] for entry in saved] == [3, 6]
    assert saved[1]["main/loss"] == 5.0
    assert [p.name for p in (tmp_path / "run").iterdir()] == ["log.json"]  # no temporary left


def test_log_report_without_filename_writes_nothing(tmp_path):
    trainer = Trainer(FakeUpdater(), stop_trigger=(4, "iteration"), out=tmp_path / "run")
    trainer.extend(LogReport(filename=None))
    trainer.run()
    assert not (tmp_path / "run").exists()


def test_log_report_averages_validation_only_over_the_iterations_that_had_it():
    trainer = Trainer(FakeUpdater(per_epoch=3), stop_trigger=(1, "epoch"))

    def fake_validation(tr):
        tr.observation["validation/main/loss"] = 0.75
    trainer.extend(fake_validation, trigger=(1, "epoch"), priority=300)
    log_report = LogReport(filename=None)
    trainer.extend(log_report)
    trainer.run()
    assert log_report.log[0]["validation/main/loss"] == 0.75
    assert log_report.log[0]["main/loss"] == 2.0


# --- PrintReport --------------------------------------------------------------------------------

def test_print_report_prints_a_header_and_one_aligned_row_per_entry():
    out = io.StringIO()
    trainer = Trainer(FakeUpdater(per_epoch=2), stop_trigger=(3, "epoch"))
    trainer.extend(LogReport(filename=None))
    trainer.extend(PrintReport(["epoch", "main/loss", "validation/main/loss"], out=out))
    trainer.run()
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["epoch", "main/loss", "validation/main/loss"]
    assert [line.split() for line in lines[1:]] == [["1", "1.5"], ["2", "3.5"], ["3", "5.5"]]
    assert lines[1].index("1.5") == lines[0].index("main/loss")  # fixed-width columns


def test_print_report_needs_its_log_report():
    trainer = Trainer(FakeUpdater(), stop_trigger=(1, "iteration"))
    trainer.extend(PrintReport(out=io.StringIO()))
    with pytest.raises(KeyError, match="LogReport"):
        trainer.run()


# --- ProgressBar --------------------------------------------------------------------------------

def test_progress_bar_shows_percent_speed_and_eta():
    out = io.StringIO()
    trainer = Trainer(FakeUpdater(per_epoch=10), stop_trigger=(4, "epoch"))
    # the fake clock advances 0.5 s per reading: 10 iterations between two readings
    trainer.extend(ProgressBar(update_interval=10, out=out, clock=FakeClock(0.5)))
    trainer.run()
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert "25.00%" in lines[0] and "epoch 1.00/4" in lines[0]
    assert "20.0 iters/s" in lines[0]
    assert "ETA 0:00:01" in lines[1]  # an epoch per 0.5 s, 2 epochs left
    assert "100.00%" in lines[3] and "ETA 0:00:00" in lines[3]


# --- Callback -----------------------------------------------------------------------------------

def test_callback_receives_flat_python_numbers_with_validation_when_present():
    x, t = dataset()
    reports = []
    trainer = real_trainer(stop=(2, "epoch"))
    trainer.extend(Evaluator((x, t), trainer.updater.model))
    trainer.extend(Callback(reports.append))
    trainer.run()
    assert len(reports) == 6
    for report in reports:
        assert_plain_numbers(report)
        assert {"epoch", "iteration", "epoch_detail", "elapsed_time", "lr", "main/loss",
                "main/accuracy"} <= set(report)
    with_validation = [r["iteration"] for r in reports if "validation/main/loss" in r]
    assert with_validation == [3, 6]


def test_callback_is_throttled_but_always_gets_the_final_report():
    reports = []
    trainer = Trainer(FakeUpdater(), stop_trigger=(10, "iteration"))
    # each reading advances 0.3 s and the limit is 1 s: every fourth call goes through
    trainer.extend(Callback(reports.append, min_interval_s=1.0, clock=FakeClock(0.3)))
    trainer.run()
    assert [r["iteration"] for r in reports] == [1, 5, 9, 10]
    assert reports[-1]["main/loss"] == 10.0


def test_callback_without_throttling_is_called_on_its_trigger():
    reports = []
    trainer = Trainer(FakeUpdater(per_epoch=2), stop_trigger=(3, "epoch"))
    trainer.extend(Callback(reports.append, trigger=(1, "epoch")))
    trainer.run()
    assert [(r["epoch"], r["iteration"]) for r in reports] == [(1, 2), (2, 4), (3, 6)]


class CountedFloat:
    """An observation value that counts its conversions, as a GPU scalar would wait on each."""

    conversions = 0

    def __init__(self, value):
        self.value = value

    def __float__(self):
        CountedFloat.conversions += 1
        return float(self.value)


def test_batched_callback_sends_every_iteration_converting_only_when_it_sends():
    batches = []
    updater = fakes.FakeUpdater(4, lr=0.1)
    counted_update = updater.update

    def update():  # the loss stays a CountedFloat until someone converts it
        counted_update()
        updater.observation = {"main/loss": CountedFloat(1.0 / updater.iteration)}
    updater.update = update
    trainer = Trainer(updater, stop_trigger=(10, "iteration"))
    # each reading advances 0.3 s and the limit is 1 s: every fourth iteration sends
    trainer.extend(BatchedCallback(batches.append, min_interval_s=1.0, clock=FakeClock(0.3)))
    CountedFloat.conversions = 0
    conversions_at_send = []
    trainer.extend(lambda t: conversions_at_send.append(CountedFloat.conversions),
                   name="counter", priority=0)
    trainer.run()
    assert [[r["iteration"] for r in batch] for batch in batches] == [
        [1], [2, 3, 4, 5], [6, 7, 8, 9], [10]]
    assert [r["main/loss"] for batch in batches for r in batch] == pytest.approx(
        [1.0 / i for i in range(1, 11)])
    assert all(type(r["main/loss"]) is float for batch in batches for r in batch)
    # nothing was converted between sends: the count only moves at iterations 1, 5 and 9
    assert conversions_at_send == [1, 1, 1, 1, 5, 5, 5, 5, 9, 9]


def test_batched_callback_refuses_a_negative_interval():
    with pytest.raises(ValueError, match="min_interval_s must be >= 0"):
        BatchedCallback(print, min_interval_s=-1)


# --- ExponentialShift ---------------------------------------------------------------------------

def test_exponential_shift_scales_the_learning_rate_each_period():
    trainer = Trainer(FakeUpdater(per_epoch=2, lr=0.1), stop_trigger=(3, "epoch"))
    log_report = LogReport(filename=None)
    trainer.extend(log_report)
    trainer.extend(ExponentialShift("lr", 0.5))
    trainer.run()
    assert trainer.updater.optimizer.lr == pytest.approx(0.0125)
    # each log entry shows the rate used during its epoch
    assert [entry["lr"] for entry in log_report.log] == pytest.approx([0.1, 0.05, 0.025])


def test_linear_decay_falls_in_a_straight_line_to_zero_at_the_last_iteration():
    trainer = Trainer(FakeUpdater(per_epoch=4, lr=0.8), stop_trigger=(8, "iteration"))
    used = []  # the rate each update was taken with
    trainer.extend(lambda t: used.append(t.updater.optimizer.lr), priority=PRIORITY_WRITER)
    trainer.extend(LinearDecay("lr", 8))
    trainer.run()
    assert used == pytest.approx([0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    assert trainer.updater.optimizer.lr == 0.0


def test_a_rate_set_by_hand_mid_run_falls_linearly_from_there():
    trainer = Trainer(FakeUpdater(per_epoch=10, lr=1.0), stop_trigger=(6, "iteration"))
    used = []

    def steer(t):  # after the schedule, as LiveHyperparameters applies a change before a step
        if t.updater.iteration == 2:
            t.updater.optimizer.lr = 0.4

    trainer.extend(lambda t: used.append(t.updater.optimizer.lr), priority=PRIORITY_WRITER)
    trainer.extend(LinearDecay("lr", 6))
    trainer.extend(steer, priority=0)
    trainer.run()
    # 1.0 and 5/6 by the schedule; then 0.4 by hand with 4 steps left: 0.4 x 3/4, 2/4, 1/4
    assert used == pytest.approx([1.0, 5 / 6, 0.4, 0.3, 0.2, 0.1])
    assert trainer.updater.optimizer.lr == 0.0


def test_a_run_longer_than_its_schedule_keeps_a_rate_of_zero():
    trainer = Trainer(FakeUpdater(per_epoch=2, lr=1.0), stop_trigger=(4, "iteration"))
    trainer.extend(LinearDecay("lr", 2))
    trainer.run()
    assert trainer.updater.optimizer.lr == 0.0


@pytest.mark.parametrize("total", [0, -3, True])
def test_linear_decay_needs_a_run_of_at_least_one_iteration(total):
    with pytest.raises(ValueError, match="total_iterations must be at least 1"):
        LinearDecay("lr", total)


def test_exponential_shift_stops_at_its_target():
    trainer = Trainer(FakeUpdater(per_epoch=1, lr=1.0), stop_trigger=(5, "epoch"))
    trainer.extend(ExponentialShift("lr", 0.1, target=0.01))
    trainer.run()
    assert trainer.updater.optimizer.lr == 0.01


# --- NonFiniteGuard -----------------------------------------------------------------------------

class PoisonedUpdater(StandardUpdater):
    """A real step, except that at `bad_iteration` the loss and the weights become NaN."""

    bad_iteration = 7

    def update(self):
        super().update()
        if self.iteration == self.bad_iteration:
            for param in self.model.params().values():
                param[...] = np.nan
            self.observation["main/loss"] = np.float32(np.nan)


def test_non_finite_guard_restores_the_last_good_weights_and_says_why():
    x, t = dataset()
    model = tiny_model()
    updater = PoisonedUpdater(BatchIterator(x, t, 10, seed=0), model, Momentum(lr=0.1))
    trainer = Trainer(updater, stop_trigger=(5, "epoch"))
    good = {}

    def remember_weights(tr):
        good[tr.updater.iteration] = tr.updater.model.state_arrays()
    log_report = LogReport(trigger=(1, "iteration"), filename=None)
    trainer.extend(NonFiniteGuard(keep_every=1))
    trainer.extend(remember_weights)
    trainer.extend(log_report)
    trainer.run()
    assert updater.iteration == 7
    for name, array in model.state_arrays().items():
        np.testing.assert_array_equal(array, good[6][name])
    expected = ("loss became nan at iteration 7 (epoch 3); weights restored to iteration 6. "
                "Lower the learning rate.")
    assert trainer.stop_reason == trainer.warning == expected
    assert all(math.isfinite(entry["main/loss"]) for entry in log_report.log)  # never logged
    assert len(log_report.log) == 6


def test_non_finite_guard_with_a_keep_period_restores_its_last_copy():
    x, t = dataset()
    model = tiny_model()
    updater = PoisonedUpdater(BatchIterator(x, t, 10, seed=0), model, SGD(lr=0.1))
    updater.bad_iteration = 8
    trainer = Trainer(updater, stop_trigger=(5, "epoch"))
    good = {}
    trainer.extend(lambda tr: good.setdefault(tr.updater.iteration,
                                              tr.updater.model.state_arrays()))
    trainer.extend(NonFiniteGuard(keep_every=4))
    trainer.run()
    assert "loss became nan at iteration 8" in trainer.warning
    assert "weights restored to iteration 4" in trainer.warning
    for name, array in model.state_arrays().items():
        np.testing.assert_array_equal(array, good[4][name])


class WeightsBlowUpUpdater(StandardUpdater):
    """The loss of step 6 is finite, but the update it makes turns the weights to inf."""

    def update(self):
        super().update()
        if self.iteration == 6:
            next(iter(self.model.params().values()))[...] = np.inf


def test_non_finite_guard_never_keeps_non_finite_weights():
    x, t = dataset()
    model = tiny_model()
    updater = WeightsBlowUpUpdater(BatchIterator(x, t, 10, seed=0), model, SGD(lr=0.1))
    trainer = Trainer(updater, stop_trigger=(5, "epoch"))
    good = {}
    trainer.extend(lambda tr: good.setdefault(tr.updater.iteration,
                                              tr.updater.model.state_arrays()))
    trainer.extend(NonFiniteGuard(keep_every=3))
    trainer.run()
    assert trainer.warning.startswith("the weights became non-finite at iteration 6")
    assert "restored to iteration 3" in trainer.warning
    for name, array in model.state_arrays().items():
        np.testing.assert_array_equal(array, good[3][name])


def test_non_finite_guard_rejects_a_bad_keep_period():
    with pytest.raises(ValueError, match="keep_every"):
        NonFiniteGuard(keep_every=0)


def test_non_finite_guard_leaves_a_healthy_run_alone():
    trainer = real_trainer(stop=(2, "epoch"))
    trainer.extend(NonFiniteGuard())
    trainer.run()
    assert trainer.stop_reason == "completed" and trainer.warning is None
