"""The thread module: throttled immutable reports on the GUI thread; stop, pause, failure, close.

No test here waits a fixed time: each waits for a state or a signal, with a timeout that only a
hung run reaches (a loaded CI machine is slow, never wrong).
"""
import dataclasses
import math
import os
import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import engine
from engine.nn import parallel
from gui.workers import (
    REPORT_INTERVAL_S,
    BackgroundJobs,
    ProgressReport,
    ReportRelay,
    TrainingController,
    WeightsSnapshot,
    describe_failure,
    share_the_cores,
)

from fakes import StartedTrainers
from qt_helpers import Iterations, small_settings, tiny_dataset

LONG_RUN = {"epochs": None, "iterations": 1_000_000}  # never ends by itself: a test ends it
HUNG = 30_000  # ms: the timeout of every wait, reached only by a run that hangs


class Recorder:
    """Collects what the controller emits, noting whether each arrived on the GUI thread."""

    def __init__(self, controller):
        self.progress, self.weights, self.results, self.failures = [], [], [], []
        self.off_thread = 0
        controller.progress.connect(lambda r: self._add(self.progress, r))
        controller.weights.connect(lambda w: self._add(self.weights, w))
        controller.finished.connect(lambda r: self._add(self.results, r))
        controller.failed.connect(lambda m: self._add(self.failures, m))
        controller.cancelled.connect(lambda: self._add(self.failures, "cancelled"))

    def _add(self, bucket, item):
        if threading.current_thread() is not threading.main_thread():
            self.off_thread += 1
        bucket.append(item)

    @property
    def losses(self):
        return [loss for report in self.progress for loss in report.losses]

    @property
    def iterations(self):
        return [i for report in self.progress for i in report.loss_iterations]


@pytest.fixture
def controller(qtbot):
    controller = TrainingController()
    yield controller
    controller.shutdown()


def paused_at(qtbot, trainers):
    """Wait until the training loop sleeps in its pause; the iteration it holds there."""
    qtbot.waitUntil(lambda: len(trainers.paused()) == 1, timeout=HUNG)
    return trainers.paused()[0].updater.iteration


def handle_posted_events():
    """Deliver what worker threads have already signalled: no waiting, nothing left queued."""
    QCoreApplication.sendPostedEvents()


def test_a_real_run_reports_every_iteration_on_the_gui_thread_and_ends(qtbot, controller):
    recorder = Recorder(controller)
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.start(small_settings(), dataset=tiny_dataset())
    assert recorder.off_thread == 0
    assert recorder.iterations == list(range(1, 31))  # 3 epochs x 10 batches, none lost
    assert all(math.isfinite(loss) for loss in recorder.losses)
    last = recorder.progress[-1]
    assert (last.iteration, last.total_iterations, last.fraction_done) == (30, 30, 1.0)
    summaries = [s for report in recorder.progress for s in report.epoch_summaries]
    assert [s["epoch"] for s in summaries] == [1, 2, 3]
    assert [s["epoch_detail"] for s in summaries] == [1.0, 2.0, 3.0]
    assert all("validation/main/accuracy" in s and "main/accuracy" in s for s in summaries)
    result = recorder.results[0]
    assert result.stop_reason == "completed" and result.warning is None
    assert result.metrics["test_accuracy"] >= 0.9
    assert result.metrics["test_accuracy"] == summaries[-1]["validation/main/accuracy"]
    assert result.metrics["measured_images"] == 200 + 50  # the whole tiny set, measured
    checks = [check for report in recorder.progress for check in report.checks]
    assert len(checks) == 30  # 10 a epoch: here every iteration, so the test curve is a curve
    assert all(0 <= accuracy <= 1 for _, accuracy in checks)
    assert controller.state == "finished" and not controller.is_active()


def test_the_final_weights_are_the_trained_network(qtbot, controller, tmp_path):
    recorder = Recorder(controller)
    dataset = tiny_dataset()
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.start(small_settings(), dataset=dataset)
    result = recorder.results[0]
    network = result.weights.to_network()
    x = engine.to_float32(dataset.x_test)
    assert network.accuracy(x, dataset.t_test.astype(np.int64)) == result.metrics["test_accuracy"]
    saved = engine.save_model(tmp_path / "m.npz", network, **result.metadata)
    assert engine.load_model(saved).metrics["test_accuracy"] == result.metrics["test_accuracy"]
    assert recorder.weights and recorder.weights[-1].iteration == 30
    assert result.weights.iteration == 30


def test_reports_and_snapshots_cannot_be_changed():
    snapshot = WeightsSnapshot.of(engine.build_network(engine.mlp_config(hidden=(4,))), 7)
    with pytest.raises(ValueError, match="read-only"):
        snapshot.arrays["0.W"][0, 0] = 1.0
    with pytest.raises(TypeError):
        snapshot.arrays["0.W"] = None
    report = ProgressReport(5, 10, 0.5, 2.0, 0.1, (5,), (0.3,), ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.iteration = 6
    assert (report.fraction_done, report.iterations_per_s, report.eta_s) == (0.5, 2.5, 2.0)


def test_stop_mid_run_ends_with_a_result(qtbot, controller):
    recorder = Recorder(controller)
    controller.start(small_settings(**LONG_RUN), dataset=tiny_dataset())
    qtbot.waitUntil(lambda: len(recorder.progress) >= 2, timeout=HUNG)
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.stop()
        assert controller.state == "stopping"
    result = recorder.results[0]
    assert result.stop_reason == "stopped by request"
    assert 0 < recorder.iterations[-1] < 1_000_000
    assert controller.state == "finished"


def test_pause_holds_the_run_and_resume_continues(qtbot, controller, monkeypatch):
    trainers = StartedTrainers(monkeypatch)
    recorder = Recorder(controller)
    states = []
    controller.state_changed.connect(states.append)
    controller.start(small_settings(**LONG_RUN), dataset=tiny_dataset())
    qtbot.waitUntil(lambda: len(recorder.progress) >= 1, timeout=HUNG)
    controller.pause()
    held = paused_at(qtbot, trainers)  # the iteration in flight ended; none begins till resumed
    assert held >= recorder.iterations[-1]
    controller.toggle_pause()
    qtbot.waitUntil(lambda: recorder.iterations[-1] > held, timeout=HUNG)
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.stop()
    assert states == ["loading", "running", "paused", "running", "stopping", "evaluating",
                      "finished"]


def test_stop_while_paused_ends_the_run(qtbot, controller, monkeypatch):
    trainers = StartedTrainers(monkeypatch)
    recorder = Recorder(controller)
    controller.start(small_settings(**LONG_RUN), dataset=tiny_dataset())
    qtbot.waitUntil(lambda: len(recorder.progress) >= 1, timeout=HUNG)
    controller.pause()
    held = paused_at(qtbot, trainers)  # asleep in the pause, not in an iteration
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.stop()
    result = recorder.results[0]
    assert result.stop_reason == "stopped by request"
    assert result.metrics["iterations"] == held  # not one more


def test_stop_before_training_began_is_cancelled_not_lost(qtbot, controller):
    controller.start(small_settings(), data_dir=None)  # the real MNIST: 0.2 s to load
    controller.pause()
    with qtbot.waitSignal(controller.cancelled, timeout=HUNG):
        controller.stop()
    assert controller.state == "idle" and not controller.is_active()


def test_a_failure_becomes_a_message_and_the_controller_can_start_again(qtbot, controller,
                                                                      tmp_path):
    recorder = Recorder(controller)
    with qtbot.waitSignal(controller.failed, timeout=HUNG):
        controller.start(small_settings(), data_dir=tmp_path / "nowhere")
    assert "Training failed" in recorder.failures[0] and "nowhere" in recorder.failures[0]
    assert controller.state == "failed" and not recorder.results
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.start(small_settings(), dataset=tiny_dataset())


def test_a_bug_in_training_is_reported_not_swallowed(qtbot, controller, monkeypatch, capsys):
    def broken_update(self):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(engine.StandardUpdater, "update", broken_update)
    recorder = Recorder(controller)
    with qtbot.waitSignal(controller.failed, timeout=HUNG):
        controller.start(small_settings(), dataset=tiny_dataset())
    assert "bug (ZeroDivisionError: boom)" in recorder.failures[0]
    assert "Traceback" in capsys.readouterr().err


def test_failure_messages_tell_a_users_mistake_from_a_bug(capsys):
    message = describe_failure("Training failed", engine.DatasetError("/x: no such folder"))
    assert message == "Training failed: /x: no such folder"
    assert "not enough memory" in describe_failure("Training failed", MemoryError())
    assert capsys.readouterr().err == ""
    try:
        np.ones((1, 2)) @ np.ones((3, 4))
    except ValueError as bug:
        message = describe_failure("Training failed", bug)
    assert "because of a bug (ValueError: matmul" in message
    assert "Traceback" in capsys.readouterr().err


def test_bad_settings_are_refused_before_any_thread_starts(controller):
    with pytest.raises(ValueError, match="learning rate"):
        controller.start(small_settings(lr=-1.0), dataset=tiny_dataset())
    assert not controller.is_active()


def test_one_run_at_a_time(qtbot, controller):
    controller.start(small_settings(**LONG_RUN), dataset=tiny_dataset())
    with pytest.raises(RuntimeError, match="already active"):
        controller.start(small_settings(), dataset=tiny_dataset())


def test_shutdown_mid_run_ends_the_iteration_in_flight_and_joins_the_thread(qtbot, controller,
                                                                             monkeypatch):
    iterations = Iterations(monkeypatch)
    recorder = Recorder(controller)
    controller.start(small_settings(**LONG_RUN, hidden=(256, 256)), dataset=tiny_dataset(2000))
    qtbot.waitUntil(lambda: len(recorder.progress) >= 1, timeout=HUNG)
    controller.shutdown()
    # at most the iteration that began as the stop was asked: not a run, an epoch, an evaluation
    [at_stop] = iterations.at_stop
    assert at_stop <= iterations.begun <= at_stop + 1
    assert not controller.is_active() and controller.state == "idle"
    handle_posted_events()
    assert not recorder.results and not recorder.failures  # no final evaluation, no message


def test_shutdown_while_the_dataset_is_still_loading(qtbot, controller, monkeypatch):
    iterations = Iterations(monkeypatch)
    # reading the files can't be interrupted: it finishes (0.2 s here, over 1 s on a busy CI
    # machine), then the run is dropped before its first iteration; nothing crashes or leaks
    recorder = Recorder(controller)
    controller.start(small_settings(), data_dir=None)
    controller.shutdown()
    assert iterations.begun == 0
    assert not controller.is_active() and controller.state == "idle"
    handle_posted_events()
    assert not recorder.results and not recorder.failures  # "cancelled" is not told either


def test_a_slow_view_leaves_the_gui_thread_time_between_reports(qtbot, controller):
    """A view that takes longer than REPORT_INTERVAL_S per report (a heavy plot on a busy
    machine) must not let reports queue up: Qt delivers posted events before it fires any timer,
    so a queue that never empties froze every QTimer (the draw panel's reading, qtbot's own
    waits) until the run ended. Each report now waits for the previous one to be handled."""
    handled, ticks = [], []

    def slow_view(report):
        time.sleep(2 * REPORT_INTERVAL_S)  # the view's work, slower than reports are made
        handled.append(report)
        if len(handled) == 10:
            controller.stop()  # bounds the run even where reports do pile up

    controller.progress.connect(slow_view)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(len(handled)))
    timer.start()
    with qtbot.waitSignal(controller.finished, timeout=HUNG):
        controller.start(small_settings(**LONG_RUN), dataset=tiny_dataset())
    timer.stop()
    iterations = [i for report in handled for i in report.loss_iterations]
    assert iterations == list(range(1, len(iterations) + 1))  # fewer reports, no loss lost
    gaps_with_a_tick = set(ticks) & set(range(1, 10))  # the timer fired after report k, k + 1
    assert len(gaps_with_a_tick) >= 7, ticks  # all 9, unless the OS held the thread 50 ms+


# --- the relay alone, with a fake clock -----------------------------------------------------------

class FakeRun:
    total_iterations = 100
    iterations_per_epoch = 50
    latest_test_predictions = None

    def __init__(self):
        self.log_report = type("Log", (), {"log": []})()
        self.model = engine.build_network(engine.mlp_config(hidden=(4,)))
        self.hyperparameter_changes = []  # as TrainingRun gives them: copies, in order
        self.trainer = engine.Trainer(None)  # no extensions


def test_each_hyperparameter_change_is_reported_once_also_after_a_hand_over():
    now, sent = [0.0], []
    gpu_run = FakeRun()
    relay = ReportRelay(gpu_run, lambda report: (sent.append(report), relay.progress_handled()),
                        lambda snapshot: None, clock=lambda: now[0], report_interval_s=0.05)

    def train(run, first, last):
        for i in range(first, last + 1):
            now[0] += 0.01
            relay([{"iteration": i, "epoch_detail": i / 50, "elapsed_time": now[0], "lr": 0.1,
                    "main/loss": 1.0}])

    change = {"iteration": 20, "lr": 0.05, "lr_decay": 1.0, "weight_decay": 0.0}
    train(gpu_run, 1, 20)
    gpu_run.hyperparameter_changes.append(change)
    train(gpu_run, 21, 40)
    cpu_run = FakeRun()
    relay.follow(cpu_run)  # the CPU run gets the changes back after this
    train(cpu_run, 41, 45)
    cpu_run.hyperparameter_changes.append(change)
    train(cpu_run, 46, 60)
    later = {**change, "iteration": 60, "lr": 0.01}
    cpu_run.hyperparameter_changes.append(later)
    relay.flush()
    reported = [dict(c) for report in sent for c in report.hyperparameter_changes]
    assert reported == [change, later]


def test_the_relay_throttles_but_loses_no_loss():
    now = [0.0]
    sent, snapshots = [], []
    run = FakeRun()

    def show(report):  # a view that keeps up: handled as soon as sent
        sent.append(report)
        relay.progress_handled()

    def show_weights(snapshot):
        snapshots.append(snapshot)
        relay.weights_handled()

    relay = ReportRelay(run, show, show_weights, clock=lambda: now[0],
                        report_interval_s=0.05, weights_interval_s=0.25)
    for i in range(1, 101):
        now[0] += 0.01  # 100 iterations/s
        if i == 50:
            run.log_report.log.append({"epoch": 1, "iteration": 50,
                                       "validation/main/accuracy": 0.5})
        relay([{"iteration": i, "epoch_detail": i / 50, "elapsed_time": now[0], "lr": 0.1,
                "main/loss": 1.0 / i}])
    relay.flush()
    assert 19 <= len(sent) <= 21  # one per 50 ms, plus the flush
    assert [i for r in sent for i in r.loss_iterations] == list(range(1, 101))
    assert [x for r in sent for x in r.losses] == [1.0 / i for i in range(1, 101)]
    assert [(s["epoch"], s["epoch_detail"]) for r in sent for s in r.epoch_summaries] == [(1, 1.0)]
    assert 4 <= len(snapshots) <= 6
    assert sent[-1].iteration == 100 and snapshots[-1].iteration == 100


def test_the_relay_sends_each_test_pass_once_read_only():
    now = [0.0]
    sent = []
    run = FakeRun()
    x, t = np.zeros((4, 1, 28, 28), np.float32), np.array([0, 1, 2, 3])
    relay = ReportRelay(run, lambda report: (sent.append(report), relay.progress_handled()),
                        lambda snapshot: relay.weights_handled(), clock=lambda: now[0],
                        report_interval_s=0.05)
    for i in range(1, 21):
        now[0] += 0.02
        if i == 10:  # an epoch's end: the run's evaluator has made its pass
            run.latest_test_predictions = (10, engine.evaluate_predictions(run.model, x, t))
        relay([{"iteration": i, "epoch_detail": i / 50, "elapsed_time": now[0], "lr": 0.1,
                "main/loss": 1.0}])
    passes = [r.test_predictions for r in sent if r.test_predictions is not None]
    assert len(passes) == 1 and passes[0] is run.latest_test_predictions  # once, not copied
    iteration, predictions = passes[0]
    assert iteration == 10 and not predictions.confusion.flags.writeable
    assert not predictions.probabilities.flags.writeable  # the GUI thread reads, never writes


def test_the_relay_sends_each_epoch_once_when_the_run_goes_on_on_the_cpu():
    """A GPU failure rebuilds the run on the CPU, which replays from its last checkpoint. The
    relay follows the new run before the checkpoint is loaded into it, while its log is still
    empty: counting log entries then sent epoch 1 again, and the accuracy plot refused it."""
    now = [0.0]
    sent = []

    def show(report):
        sent.append(report)
        relay.progress_handled()

    def train(run, first, last):
        for i in range(first, last + 1):
            now[0] += 0.01
            if i % run.iterations_per_epoch == 0:
                run.log_report.log.append({"epoch": i // 50, "iteration": i})
            relay([{"iteration": i, "epoch_detail": i / 50, "elapsed_time": now[0], "lr": 0.1,
                    "main/loss": 1.0 / i}])

    gpu_run = FakeRun()
    relay = ReportRelay(gpu_run, show, lambda snapshot: None, clock=lambda: now[0],
                        report_interval_s=0.05, weights_interval_s=0.25)
    train(gpu_run, 1, 70)  # epoch 1 is closed and sent; the GPU fails at iteration 70
    assert [s["epoch"] for r in sent for s in r.epoch_summaries] == [1]
    cpu_run = FakeRun()
    relay.follow(cpu_run)
    cpu_run.log_report.log.append({"epoch": 1, "iteration": 50})  # the checkpoint, loaded
    train(cpu_run, 51, 100)  # replayed from it
    relay.flush()
    assert [s["epoch"] for r in sent for s in r.epoch_summaries] == [1, 2]
    assert [i for r in sent for i in r.loss_iterations] == list(range(1, 101))


def test_the_relay_sends_nothing_new_until_the_last_report_is_handled():
    now = [0.0]
    sent, snapshots = [], []
    relay = ReportRelay(FakeRun(), sent.append, snapshots.append, clock=lambda: now[0],
                        report_interval_s=0.05, weights_interval_s=0.25)

    def train(first, last):
        for i in range(first, last + 1):
            now[0] += 0.01
            relay([{"iteration": i, "epoch_detail": i / 50, "elapsed_time": now[0], "lr": 0.1,
                    "main/loss": float(i)}])

    train(1, 40)  # 0.4 s: 8 report intervals, but nobody has handled the first report yet
    assert len(sent) == 1 and len(snapshots) == 1
    relay.progress_handled()
    relay.weights_handled()
    train(41, 44)  # handled at 0.40 s: the next report is due an interval later, at 0.45 s
    assert len(sent) == 1
    train(45, 45)
    assert len(sent) == 2 and sent[1].loss_iterations == tuple(range(sent[0].iteration + 1, 46))
    assert len(snapshots) == 1  # its interval is longer
    train(46, 60)
    relay.flush()  # the end of the run is sent, handled or not
    assert sent[-1].iteration == snapshots[-1].iteration == 60
    assert [i for r in sent for i in r.loss_iterations] == list(range(1, 61))


def test_background_jobs_deliver_results_and_failures_on_the_gui_thread(qtbot):
    class Receiver(QObject):
        def __init__(self):
            super().__init__()
            self.got = []

        @Slot(object)
        def done(self, value):
            self.got.append((value, threading.current_thread() is threading.main_thread()))

        @Slot(str)
        def failed(self, message):
            self.got.append((message, threading.current_thread() is threading.main_thread()))

    jobs, receiver = BackgroundJobs(), Receiver()
    jobs.submit(lambda: time.sleep(0.01) or 42, receiver.done, receiver.failed)
    jobs.submit(lambda: engine.load_dataset("/nowhere"), receiver.done, receiver.failed,
                what="Loading the dataset failed")
    qtbot.waitUntil(lambda: len(receiver.got) == 2, timeout=HUNG)
    assert receiver.got[0] == (42, True)
    message, on_gui_thread = receiver.got[1]
    assert on_gui_thread and message.startswith("Loading the dataset failed: ")
    assert "/nowhere" in message
    assert jobs.wait()


class Gate:
    """A job that says when it runs and returns only once the test lets it."""

    def __init__(self, result="first", error=None):
        self.running, self.release = threading.Event(), threading.Event()
        self._result, self._error = result, error

    def __call__(self):
        self.running.set()
        self.release.wait(timeout=HUNG / 1000)
        if self._error is not None:
            raise self._error
        return self._result


def test_a_later_job_in_a_lane_wins_and_the_ones_before_are_dropped_or_skipped(qtbot):
    jobs, got, ran = BackgroundJobs(), [], []
    gate = Gate()
    jobs.submit(gate, got.append, got.append, lane="model")
    qtbot.waitUntil(gate.running.is_set, timeout=HUNG)
    jobs.submit(lambda: ran.append("queued") or "second", got.append, got.append, lane="model")
    jobs.submit(lambda: "third", got.append, got.append, lane="model")
    assert jobs.busy("model")
    gate.release.set()
    qtbot.waitUntil(jobs.idle, timeout=HUNG)
    assert got == ["third"]  # the running one's result was dropped
    assert ran == []  # the queued one was replaced before it began: it never ran
    assert not jobs.busy("model")


def test_a_replaced_jobs_failure_is_not_reported(qtbot):
    jobs, done, failed = BackgroundJobs(), [], []
    gate = Gate(error=engine.DatasetError("/old: the labels file is cut short"))
    jobs.submit(gate, done.append, failed.append, lane="dataset")
    qtbot.waitUntil(gate.running.is_set, timeout=HUNG)
    jobs.submit(lambda: "new", done.append, failed.append, lane="dataset")
    jobs.submit(lambda: "other lane", done.append, failed.append, lane="model")
    jobs.submit(lambda: "no lane", done.append, failed.append)
    gate.release.set()
    qtbot.waitUntil(jobs.idle, timeout=HUNG)
    assert failed == [] and done == ["new", "other lane", "no lane"]  # in order


def test_dropping_a_lane_drops_its_job(qtbot):
    jobs, got = BackgroundJobs(), []
    gate = Gate()
    jobs.submit(gate, got.append, got.append, lane="model")
    qtbot.waitUntil(gate.running.is_set, timeout=HUNG)
    jobs.drop("model")
    assert not jobs.busy("model")
    gate.release.set()
    qtbot.waitUntil(jobs.idle, timeout=HUNG)
    assert got == []


def test_shutdown_delivers_nothing_more_and_joins_the_running_job(qtbot):
    jobs, got = BackgroundJobs(), []
    gate = Gate()
    jobs.submit(gate, got.append, got.append)
    jobs.submit(lambda: got.append("never ran") or "queued", got.append, got.append)
    qtbot.waitUntil(gate.running.is_set, timeout=HUNG)
    assert not jobs.shutdown(timeout_s=0)  # the running job cannot be stopped mid-way ...
    gate.release.set()
    assert jobs.wait(timeout_s=HUNG / 1000)  # ... but it ends, and the queued one never runs
    qtbot.waitUntil(jobs.idle, timeout=HUNG)
    assert got == []


def test_the_window_trains_on_every_core_with_blas_on_one_thread_in_each(monkeypatch):
    monkeypatch.setattr(parallel, "_threads", parallel.threads())  # restored after the test
    with threadpool_limits(limits=None, user_api="blas"):  # and so is BLAS's thread count
        threads = share_the_cores()
        assert threads == len(os.sched_getaffinity(0)) == parallel.threads()
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas)  # one inside each part
