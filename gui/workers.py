"""All of DigitLab's thread code: training in a QThread; models and datasets read in the background.

The rules this module keeps (ARCHITECTURE.md, practices 9-11):

- worker to GUI only through signals carrying immutable values: frozen dataclasses of Python
  numbers, tuples, read-only mappings and read-only NumPy copies. No live array crosses;
- GUI to worker only through thread-safe requests (the engine Trainer's stop/pause/resume);
- signals are received by ``@Slot`` methods of QObjects that live in the GUI thread (a plain
  lambda connected to a worker signal would run in the worker thread);
- progress crosses at most once per ``REPORT_INTERVAL_S``, carrying every loss since the last
  report, so a plot misses no iteration while the GUI thread stays idle;
- a report (or snapshot) waits until the GUI thread has handled the previous one, plus that
  interval: on a busy machine a view slower than the reports then sees fewer, larger ones,
  instead of a queue that never empties (Qt fires no timer while posted events keep coming);
- any exception in a worker becomes a ``failed(str)`` signal; the app goes on;
- every QThread has an owner that quits and joins it, on finish and on close.

Nothing here touches a widget.
"""
import dataclasses
import json
import math
import sys
import threading
import time
import traceback
import types

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

import numpy as np

import engine

from .i18n import engine_text, tr

CHECKS_PER_EPOCH = 10  # test checks on a 1,000-image subset: the test curve is a curve
# How often the window hears from a run. Each report costs the GUI thread several ms (curves,
# progress bar, figures), and the interpreter it holds is the training thread's too: at 20
# reports and 4 readings a second, lesson-cnn trained 1.2-1.3x slower in the window than at 2
# and 0.5. Five a second still shows the curves growing; the drawing's reading, once a second.
REPORT_INTERVAL_S = 0.2
WEIGHTS_INTERVAL_S = 1.0
CLOSE_TIMEOUT_S = 1.0

# errors a user causes (a bad folder, an unreadable file): their message is enough. Settings
# are checked before the thread starts, so any other ValueError in training is a bug.
USER_ERRORS = (engine.DatasetError, engine.ConfigError, engine.RunStoreError,
               engine.SnapshotError, engine.MyDigitsError, OSError)


# A training step waits this long after the last pen move: a stroke's moves come every 10-20
# ms, so training holds off for the whole stroke and goes on a moment after the pen stops.
PEN_HOLD_S = 0.3


class PenYield:
    """Training steps wait while the user draws: the cores and the interpreter are then the
    window's, and training goes on a moment after the pen rests.

    Leaving BLAS a core short was not enough: a pen move's reading still competed with the
    training step for the interpreter, and a move took up to 35-53 ms (p99) to reach the bars
    while lesson-cnn trained; waiting brings that to 10-13 ms, as when idle
    (bench/bench_gui.py, --no-pen-yield for the old way).
    """

    def __init__(self, hold_s=PEN_HOLD_S, clock=time.monotonic):
        self._hold_s = hold_s
        self._clock = clock
        self._until = -math.inf
        self._changed = threading.Condition()
        self._holding = False

    def pen_moved(self):
        """The user drew (GUI thread): training holds off until ``hold_s`` after this."""
        with self._changed:
            self._until = self._clock() + self._hold_s

    def release(self):
        """Stop holding training back at once (a stop, a close)."""
        with self._changed:
            self._until = -math.inf
            self._changed.notify_all()

    def wait_while_drawing(self):
        """Before each training step (training thread): return once the pen has rested."""
        with self._changed:
            while (left := self._until - self._clock()) > 0:
                self._holding = True
                self._changed.wait(left)
            self._holding = False

    def is_holding(self):
        """Whether a training step is waiting for the pen to rest now."""
        with self._changed:
            return self._holding


def share_the_cores():
    """Let training use every core, for the whole process; returns how many.

    The window once kept a core free of BLAS: BLAS's own threads spin between products and
    starved the GUI thread (on 2 cores the 10 ms timer's p99 lateness was 28-42 ms). The engine
    now splits a batch across its own threads, which sleep when idle, with BLAS on one thread
    in each (engine/nn/parallel.py), and training waits while the pen moves. A lesson-cnn run
    on both cores took 1.07-1.14x the command line's time, with a pen move painted within
    5.9-8.7 ms (p99), against 1.27-1.31x and 7.7-9.9 ms with a core kept free
    (bench/bench_gui.py --leave-a-core).
    """
    return engine.use_cores()


def frozen_mapping(values):
    return types.MappingProxyType(dict(values))


# --- what crosses from a worker to the GUI --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ProgressReport:
    """Where a run stands, and every training loss since the previous report."""

    iteration: int
    total_iterations: int
    epoch_detail: float
    elapsed_time: float  # seconds of training, pauses excluded
    lr: float
    loss_iterations: tuple  # iteration numbers of `losses`
    losses: tuple
    epoch_summaries: tuple  # LogReport entries closed since the previous report (read-only),
    # each with "epoch_detail" added: where it sits on an epoch axis, also for short runs
    iterations_per_epoch: int = 0
    checks: tuple = ()  # (epoch_detail, test accuracy on the check subset) since the last report
    # (iteration, engine Predictions) of the run's latest full test pass, when it is new since
    # the last report: read-only host copies, made once per pass (the confusion matrix)
    test_predictions: tuple = None
    # learning rate, decay or weight decay put into force since the last report: read-only
    # {"iteration", "lr", "lr_decay", "weight_decay"} (LiveHyperparameters.changes)
    hyperparameter_changes: tuple = ()
    # a learner's single Step, when one ended since the last report: (iteration, the loss of
    # its batch before the update, after it), as the network reads (train=False)
    step: tuple = None
    # the Trainer's extensions in calling order, in the run's first report only: read-only
    # {"name", "priority", "trigger"} (engine Trainer.extension_table)
    extensions: tuple = None

    @property
    def fraction_done(self):
        return min(1.0, self.iteration / self.total_iterations) if self.total_iterations else 0.0

    @property
    def iterations_per_s(self):
        return self.iteration / self.elapsed_time if self.elapsed_time > 0 else 0.0

    @property
    def eta_s(self):
        """Seconds left at the average speed so far (evaluations included); None before any."""
        speed = self.iterations_per_s
        return (self.total_iterations - self.iteration) / speed if speed > 0 else None


@dataclasses.dataclass(frozen=True)
class WeightsSnapshot:
    """A copy of a network's arrays at one moment, with the config that rebuilds it, and the
    gradients of the last training step (empty before any), for the Inspect page's histograms."""

    config_json: str
    arrays: types.MappingProxyType  # name -> read-only NumPy copy
    iteration: int
    gradients: types.MappingProxyType = dataclasses.field(  # name -> read-only NumPy copy
        default_factory=lambda: frozen_mapping({}))

    @classmethod
    def of(cls, network, iteration):
        arrays = {}
        for name, array in network.state_arrays().items():
            copy = np.array(array, copy=True)
            copy.setflags(write=False)
            arrays[name] = copy
        gradients = engine.host_gradients(network)  # host copies already: only freeze them
        for gradient in gradients.values():
            gradient.setflags(write=False)
        return cls(json.dumps(network.config), frozen_mapping(arrays), int(iteration),
                   frozen_mapping(gradients))

    @property
    def config(self):
        return json.loads(self.config_json)

    def load_into(self, network):
        """Copy these weights into `network` (built from the same config)."""
        network.load_state_arrays(dict(self.arrays))

    def to_network(self):
        network = engine.build_network(self.config)
        self.load_into(network)
        return network


@dataclasses.dataclass(frozen=True)
class TrainingResult:
    """How a run ended, its final weights and what a saved model should record about it."""

    stop_reason: str
    warning: str  # None unless the user must be told something went wrong (e.g. NaN loss)
    metrics: types.MappingProxyType
    weights: WeightsSnapshot
    metadata_json: str  # engine.model_metadata(...): save_model(path, net, **metadata)

    @property
    def metadata(self):
        return json.loads(self.metadata_json)


# --- the engine side: runs in the worker thread ---------------------------------------------------

class ReportRelay:
    """The engine Callback's receiver: batches per-iteration losses into throttled reports.

    Plain Python, called in the training thread; ``send_progress`` / ``send_weights`` are the
    worker's signal emitters (thread-safe in Qt). Each report is held back until the receiver
    calls ``progress_handled()`` (``weights_handled()`` for snapshots) and the interval has
    passed since then; until that, iterations go on being collected into the next report.
    """

    def __init__(self, run, send_progress, send_weights, clock=time.monotonic,
                 report_interval_s=REPORT_INTERVAL_S, weights_interval_s=WEIGHTS_INTERVAL_S):
        self._run = run
        self._send_progress = send_progress
        self._send_weights = send_weights
        self._clock = clock
        self._report_interval_s = report_interval_s
        self._weights_interval_s = weights_interval_s
        self._last_report = self._last_weights = clock()
        self._progress_free = threading.Event()  # set: no report waits to be handled
        self._weights_free = threading.Event()
        self._progress_free.set()
        self._weights_free.set()
        self._iterations, self._losses, self._checks = [], [], []
        self._summarized = 0  # the iteration of the last LogReport entry sent
        self._predictions_sent = None  # the test pass last sent: (iteration, Predictions)
        self._changes_sent = 0  # of the run's hyperparameter changes
        self._step = None  # a Step's (iteration, loss before, loss after) not yet sent
        self._extensions_sent = False
        self._latest = None
        self._last_iteration = 0

    def follow(self, run):
        """Report on ``run`` from now on: the same training, handed over to the CPU from its
        last checkpoint. Iterations and epochs already reported are not reported again as it
        replays them, so a curve never runs backwards. (Called before the checkpoint is loaded
        into ``run``: its log is empty now and holds the checkpoint's entries later.)"""
        self._run = run

    def __call__(self, reports):
        """Every iteration's report since the last call (engine.BatchedCallback)."""
        for report in reports:
            self._add(report)
        now = self._clock()
        if self._progress_free.is_set() and now - self._last_report >= self._report_interval_s:
            self.send_progress(now)
        if self._weights_free.is_set() and now - self._last_weights >= self._weights_interval_s:
            self.send_weights(now)

    # called from the receiving (GUI) thread once it has shown what it was sent
    def progress_handled(self):
        self._last_report = self._clock()
        self._progress_free.set()

    def weights_handled(self):
        self._last_weights = self._clock()
        self._weights_free.set()

    def _add(self, report):
        if report["iteration"] <= self._last_iteration:
            return
        self._last_iteration = report["iteration"]
        self._latest = report
        self._iterations.append(report["iteration"])
        self._losses.append(report.get("main/loss", math.nan))
        if "check/main/accuracy" in report:
            self._checks.append((report["epoch_detail"], report["check/main/accuracy"]))
        if "step/loss_before" in report:
            self._step = (int(report["iteration"]), report["step/loss_before"],
                          report["step/loss_after"])

    def send_progress(self, now=None):
        if self._latest is None:
            return
        log = self._run.log_report.log
        per_epoch = self._run.iterations_per_epoch
        new = [entry for entry in log if entry["iteration"] > self._summarized]
        summaries = tuple(frozen_mapping({**entry, "epoch_detail": entry["iteration"] / per_epoch})
                          for entry in new)
        if new:
            self._summarized = new[-1]["iteration"]
        latest = self._latest
        report = ProgressReport(
            iteration=int(latest["iteration"]), total_iterations=self._run.total_iterations,
            epoch_detail=latest["epoch_detail"], elapsed_time=latest["elapsed_time"],
            lr=latest.get("lr", math.nan), loss_iterations=tuple(self._iterations),
            losses=tuple(self._losses), epoch_summaries=summaries,
            iterations_per_epoch=per_epoch, checks=tuple(self._checks),
            test_predictions=self._new_test_predictions(),
            hyperparameter_changes=self._new_hyperparameter_changes(), step=self._step,
            extensions=self._extensions_once())
        self._iterations, self._losses, self._checks = [], [], []
        self._step = None
        self._last_report = self._clock() if now is None else now
        self._progress_free.clear()  # before sending: the receiver may answer at once
        self._send_progress(report)

    def _extensions_once(self):
        if self._extensions_sent:
            return None
        self._extensions_sent = True
        return tuple(frozen_mapping(row) for row in self._run.trainer.extension_table())

    def _new_hyperparameter_changes(self):
        changes = self._run.hyperparameter_changes  # copies, so the GUI may keep them
        # max: a run handed over to the CPU gets its changes back only after `follow`
        new = changes[self._changes_sent:]
        self._changes_sent = max(self._changes_sent, len(changes))
        return tuple(frozen_mapping(change) for change in new)

    def _new_test_predictions(self):
        latest = self._run.latest_test_predictions
        if latest is None or latest is self._predictions_sent:
            return None
        self._predictions_sent = latest
        for field in dataclasses.fields(latest[1]):
            array = getattr(latest[1], field.name)
            if isinstance(array, np.ndarray):
                array.setflags(write=False)  # the GUI thread reads them from now on
        return latest

    def send_weights(self, now=None):
        iteration = self._latest["iteration"] if self._latest else 0
        snapshot = WeightsSnapshot.of(self._run.model, iteration)
        self._last_weights = self._clock() if now is None else now
        self._weights_free.clear()
        self._send_weights(snapshot)

    def flush(self):
        """The last report and weights, handled or not: called once the trainer has returned."""
        self.send_progress()
        self.send_weights()


class TrainingWorker(QObject):
    """Builds and runs one training run in whatever thread ``run`` is called from."""

    training_started = Signal()  # the data is loaded and the network built: iterations begin
    progress = Signal(object)  # ProgressReport
    weights = Signal(object)  # WeightsSnapshot
    notice = Signal(str)  # no GPU, or the GPU failed and the run went on on the CPU
    evaluating = Signal(int, int)  # final measurement: images done, images in all
    finished = Signal(object)  # TrainingResult
    failed = Signal(str)
    cancelled = Signal()  # stopped before training began, or discarded on close

    def __init__(self, settings, data_dir=None, dataset=None, snapshot_dir=None,
                 resume_from=None, start_from=None, mix=None, pen=None):
        super().__init__()
        self._pen = pen  # PenYield: steps wait while the user draws
        self._settings = settings
        self._data_dir = data_dir
        self._dataset = dataset
        self._snapshot_dir = snapshot_dir  # a snapshot after every epoch goes there
        self._resume_from = resume_from  # a snapshot file to continue from
        self._start_from = start_from  # engine.StartingPoint: a trained model to train on
        self._mix = mix  # engine.FineTuneMix: my digits mixed into the training images
        self._lock = threading.Lock()
        self._trainer = None
        self._run = None
        self._stop_requested = False
        self._pause_requested = False
        self._skip_requested = False
        self._discard = False
        self._hyperparameters = {}  # asked for before the run was built
        self._relay = None

    @Slot()
    def run(self):
        try:
            result = self._train()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
            self.failed.emit(describe_failure(self.tr("Training failed"), exc))
            return
        if result is None:
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    # thread-safe requests, called from the GUI thread -------------------------------------------
    def request_stop(self, discard=False, skip_evaluation=False):
        """Stop after the current iteration. `skip_evaluation` keeps the last epoch's figures
        instead of measuring the final accuracy; `discard` (closing) also drops the result."""
        if self._pen is not None:
            self._pen.release()
        with self._lock:
            self._stop_requested = True
            self._discard = self._discard or discard
            self._skip_requested = self._skip_requested or skip_evaluation or discard
            if self._trainer is not None:
                self._trainer.request_stop()

    def request_skip_evaluation(self):
        with self._lock:
            self._skip_requested = True

    def request_pause(self, paused):
        with self._lock:
            self._pause_requested = paused
            if self._trainer is not None:
                (self._trainer.request_pause if paused else self._trainer.request_resume)()

    def request_step(self):
        """While paused: one iteration, then paused again (engine Trainer.request_step)."""
        with self._lock:
            if self._trainer is not None:
                self._trainer.request_step()

    def request_hyperparameters(self, **values):
        """New learning rate, decay or weight decay, from the next iteration on."""
        with self._lock:
            if self._run is None:
                self._hyperparameters.update(values)
            else:
                self._run.request_hyperparameters(**values)

    def progress_handled(self):
        """The GUI has shown the last progress report: the next may follow."""
        if self._relay is not None:
            self._relay.progress_handled()

    def weights_handled(self):
        if self._relay is not None:
            self._relay.weights_handled()

    # the run itself ------------------------------------------------------------------------
    def _train(self):
        dataset = self._dataset or engine.load_dataset(engine.find_dataset_dir(self._data_dir))
        if self._mix is not None:
            dataset = self._mix.mixed_into(dataset)
        run = engine.build_training(self._settings, dataset, out=self._snapshot_dir or ".",
                                    log_file=None, checks_per_epoch=CHECKS_PER_EPOCH,
                                    start_from=self._start_from)
        for message in run.notices:
            self._tell(message)
        relay = self._relay = ReportRelay(run, self.progress.emit, self.weights.emit)
        self._extend(run, relay)
        if self._resume_from is not None:
            engine.load_snapshot(self._resume_from, run.trainer)  # a sentence if it does not fit
        if not self._attach(run):
            return None
        self.training_started.emit()

        def on_the_cpu_now(cpu_run):  # the GPU failed: the same run goes on here
            relay.follow(cpu_run)
            self._extend(cpu_run, relay)
            return self._attach(cpu_run)  # False (stopped meanwhile): it stops at once

        run, metrics = engine.train_to_end(run, prepare=on_the_cpu_now, notify=self._tell,
                                           evaluation_progress=self._measuring,
                                           skip_evaluation=self._should_skip_evaluation)
        relay.flush()
        if self._discard:
            return None
        return self._result(run, metrics)

    def _tell(self, message):
        """Pass on an engine's notice in the window's language (a signal's str would lose the
        sentence's template)."""
        self.notice.emit(engine_text(message))

    def _extend(self, run, relay):
        if self._pen is not None:
            run.trainer.updater.before_update.append(self._pen.wait_while_drawing)
            for _, extension in run.trainer.extensions():
                if isinstance(extension, engine.Evaluator):  # a batch of 1,000: up to 1/3 s
                    extension.before_batch.append(self._pen.wait_while_drawing)
        run.trainer.extend(self._reader(relay))
        if self._snapshot_dir is not None:  # a crash or a closed window costs an epoch at most
            run.trainer.extend(engine.Snapshot(filename=engine.RESUME_SNAPSHOT,
                                               notify=self._tell))

    def _measuring(self, done, total):
        if done == 0:  # it begins: the last losses and weights go first
            self._relay.flush()
        self.evaluating.emit(done, total)

    def _should_skip_evaluation(self):
        with self._lock:
            return self._skip_requested

    @staticmethod
    def _reader(relay):
        # every loss reaches the plot, turned into floats (a wait on a GPU) once per report
        return engine.BatchedCallback(relay, min_interval_s=REPORT_INTERVAL_S / 2,
                                      on_pause=relay.flush)

    def _attach(self, run):
        """Hand the run requests made while the data loaded; False if already stopped."""
        with self._lock:
            if self._stop_requested:
                return False
            self._trainer, self._run = run.trainer, run
            if self._pause_requested:
                run.trainer.request_pause()
            if self._hyperparameters:
                run.request_hyperparameters(**self._hyperparameters)
                self._hyperparameters = {}
        return True

    @staticmethod
    def _result(run, metrics):
        metadata = engine.model_metadata(run, metrics)
        return TrainingResult(run.trainer.stop_reason, run.trainer.warning,
                              frozen_mapping(metrics),
                              WeightsSnapshot.of(run.model, run.trainer.updater.iteration),
                              json.dumps(metadata))


def describe_failure(what, exc):
    """A one-paragraph message for a message box, in the window's language (any thread: Qt's
    translate is thread-safe); a bug's traceback also goes to stderr."""
    if isinstance(exc, USER_ERRORS):
        return tr("{0}: {1}").format(what, engine_text(exc))
    if isinstance(exc, MemoryError):
        return tr("{0}: not enough memory for this network and batch size; try smaller "
                  "ones.").format(what)
    traceback.print_exception(exc, file=sys.stderr)
    return tr("{0} because of a bug ({1}: {2}). Details were printed to the terminal; please "
              "report them.").format(what, type(exc).__name__, exc)


# --- the GUI side: lives in the GUI thread --------------------------------------------------------

class TrainingController(QObject):
    """Owns the training thread: start, pause, stop, and a clean join on finish or close.

    Re-emits the worker's signals from the GUI thread, so views connect to this object only.
    Every start ends in exactly one of ``finished``, ``failed`` or ``cancelled``. ``state`` is
    the one run state every view shows (STATES); ``finished`` and ``failed`` last until the
    next run or ``clear_outcome()`` (another model opened).
    """

    started = Signal()
    progress = Signal(object)
    weights = Signal(object)
    notice = Signal(str)
    evaluating = Signal(int, int)  # images measured so far, images in all
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    state_changed = Signal(str)  # one of STATES

    STATES = ("idle", "loading", "running", "paused", "stopping", "evaluating", "finished",
              "failed")
    ACTIVE = ("loading", "running", "paused", "stopping", "evaluating")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread = None
        self._worker = None
        self._state = "idle"
        self._weights_seen = False
        self._plan = None
        self.pen = PenYield()

    @property
    def state(self):
        return self._state

    @property
    def plan(self):
        """The engine TrainPlan of the current (or last) run; None before the first."""
        return self._plan

    @property
    def weights_seen(self):
        """Whether the current (or last) run has sent any trained weights."""
        return self._weights_seen

    def is_active(self):
        return self._thread is not None

    def start(self, settings, data_dir=None, dataset=None, snapshot_dir=None, resume_from=None,
              start_from=None, mix=None):
        """Train in a new thread. `dataset` (already loaded) saves reading `data_dir` again;
        a snapshot goes into `snapshot_dir` after every epoch; `resume_from` (a snapshot file)
        continues a run from where it was; `start_from` (engine.StartingPoint) trains on from
        a model's weights; `mix` (engine.FineTuneMix) adds my digits to its training images."""
        if self.is_active():
            raise RuntimeError("a training run is already active; stop it first")
        plan = settings.plan()  # bad settings fail here, in the caller's thread, with their message
        self._plan = plan
        self._worker = TrainingWorker(settings, data_dir, dataset, snapshot_dir, resume_from,
                                      start_from, mix, pen=self.pen)
        self._thread = QThread(self)
        self._thread.setObjectName("digitlab-training")
        self._worker.moveToThread(self._thread)
        self._connect_worker()
        self._thread.started.connect(self._worker.run)
        self._weights_seen = False
        self._thread.start()
        self._set_state("loading")
        self.started.emit()

    @Slot()
    def note_pen(self):
        """The user drew: training steps wait until the pen rests (PenYield)."""
        self.pen.pen_moved()

    def _connect_worker(self):
        self._worker.training_started.connect(self._on_training_started)
        self._worker.progress.connect(self._on_progress)
        self._worker.weights.connect(self._on_weights)
        self._worker.notice.connect(self._on_notice)
        self._worker.evaluating.connect(self._on_evaluating)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)

    @Slot()
    def pause(self):
        if self._state == "running":
            self._worker.request_pause(True)
            self._set_state("paused")

    @Slot()
    def resume(self):
        if self._state == "paused":
            self._worker.request_pause(False)
            self._set_state("running")

    @Slot()
    def step(self):
        """While paused: train exactly one iteration and stay paused; the report that follows
        carries the step's loss before and after (ProgressReport.step)."""
        if self._state == "paused":
            self._worker.request_step()

    @Slot()
    def toggle_pause(self):
        (self.resume if self._state == "paused" else self.pause)()

    @Slot()
    def stop(self):
        """Ask the run to end after its current iteration; `finished` follows. During the
        final measurement, Stop skips it (the last epoch's figures are kept)."""
        if self._state == "loading":
            self._worker.request_stop()
            self._set_state("stopping")
        elif self._state in ("running", "paused"):
            self._worker.request_stop()
            self._worker.request_pause(False)
            self._set_state("stopping")
        elif self._state == "evaluating":
            self.skip_evaluation()

    @Slot()
    def skip_evaluation(self):
        """Keep the last epoch's figures instead of measuring the final accuracy."""
        if self.is_active():
            self._worker.request_skip_evaluation()

    def set_hyperparameters(self, **values):
        """lr, lr_decay, weight_decay (any of them) from the next iteration on (on resume)."""
        if self.is_active():
            self._worker.request_hyperparameters(**values)

    def stop_for_close(self, keep_result):
        """Closing the window: end soon, never wait here. With `keep_result` the run ends
        with its weights as they are (no final measurement); else it ends in `cancelled`."""
        if not self.is_active():
            return
        self._worker.request_stop(discard=not keep_result, skip_evaluation=True)
        self._worker.request_pause(False)
        self._set_state("stopping")

    def clear_outcome(self):
        """Another model replaced the run's: the last run's outcome is no longer shown."""
        if self._state in ("finished", "failed"):
            self._set_state("idle")

    def shutdown(self, timeout_s=CLOSE_TIMEOUT_S):
        """Stop without a final evaluation and join the thread (tests, the self-test, exit).

        Returns the seconds it took. Waits past `timeout_s` rather than destroy a running
        QThread (which would crash), but says so on stderr.
        """
        if not self.is_active():
            return 0.0
        began = time.perf_counter()
        self._worker.request_stop(discard=True)
        self._worker.request_pause(False)
        self._thread.quit()  # leaves the thread's event loop once run() has returned
        if not self._thread.wait(int(timeout_s * 1000)):
            print(f"DigitLab: training took more than {timeout_s:.1f} s to stop; waiting",
                  file=sys.stderr)
            self._thread.wait()
        self._release("idle")
        return time.perf_counter() - began

    @Slot()
    def _on_training_started(self):
        if self._state == "loading":
            self._set_state("running")

    @Slot(object)
    def _on_progress(self, report):
        self.progress.emit(report)  # the views draw it now (direct connections) ...
        if self._worker is not None:
            self._worker.progress_handled()  # ... so the worker may send the next

    @Slot(object)
    def _on_weights(self, snapshot):
        self._weights_seen = True
        self.weights.emit(snapshot)
        if self._worker is not None:
            self._worker.weights_handled()

    @Slot(str)
    def _on_notice(self, message):
        self.notice.emit(message)

    @Slot(int, int)
    def _on_evaluating(self, done, total):
        if self.is_active():
            self._set_state("evaluating")
            self.evaluating.emit(done, total)

    @Slot(object)
    def _on_finished(self, result):
        self._join("finished")
        self.finished.emit(result)

    @Slot(str)
    def _on_failed(self, message):
        self._join("failed")
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self):
        if self._thread is not None:  # after shutdown() there is nothing left to tell
            self._join("idle")
            self.cancelled.emit()

    def _join(self, state):
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._release(state)

    def _release(self, state):
        self._worker.deleteLater()
        self._thread.deleteLater()
        self._worker = self._thread = None
        self._set_state(state)

    def _set_state(self, state):
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)


# --- one-off background jobs (reading a model file, loading a dataset) ---------------------------

class _JobSignals(QObject):
    """The pool's way back to the GUI thread: every job reports here, under its number."""

    done = Signal(int, object)
    failed = Signal(int, str)
    skipped = Signal(int)


class _Job(QRunnable):
    def __init__(self, number, fn, what, signals, dropped):
        super().__init__()
        self._number, self._fn, self._what = number, fn, what
        self._signals, self._dropped = signals, dropped

    def run(self):
        if self._dropped.is_set():  # a later request replaced it before it began: no work
            self._signals.skipped.emit(self._number)
            return
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - reported through `failed`
            self._signals.failed.emit(self._number, describe_failure(self._what, exc))
            return
        self._signals.done.emit(self._number, result)


@dataclasses.dataclass(frozen=True)
class _Pending:
    on_done: object
    on_failed: object
    lane: object
    dropped: threading.Event  # set in the GUI thread; read by the job before it begins


class BackgroundJobs(QObject):
    """Runs short functions (reading a model, loading a dataset) off the GUI thread, in order.

    ``submit(fn, on_done, on_failed)``: the callbacks are called in the GUI thread with the
    result or a failure message. Jobs given the same ``lane`` replace each other: the later
    request wins, and an earlier one is skipped if it has not begun, or its outcome is dropped
    when it arrives (a thread cannot be stopped mid-read, but nobody hears from it).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        # the pool is the first child, so it is destroyed (joining its thread) before the
        # signals object a running job still reports through
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # jobs are rare and I/O-bound: keep them in order
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.skipped.connect(self._on_skipped)
        self._pending = {}  # job number -> _Pending, until the job has reported
        self._lanes = {}  # lane -> the number of its latest job, while that job runs
        self._numbers = iter(range(1, 2**31))  # a Qt int carries it

    def submit(self, fn, on_done, on_failed, what="Loading failed", lane=None):
        """Run `fn()` in the pool; in `lane` (any name), this job replaces the lane's last."""
        if lane is not None:
            self.drop(lane)
        number = next(self._numbers)
        pending = _Pending(on_done, on_failed, lane, threading.Event())
        self._pending[number] = pending
        if lane is not None:
            self._lanes[lane] = number
        self._pool.start(_Job(number, fn, what, self._signals, pending.dropped))

    def drop(self, lane):
        """Nobody waits for `lane`'s job any more: it is skipped or its outcome dropped."""
        number = self._lanes.pop(lane, None)
        if number is not None:
            self._pending[number].dropped.set()

    def busy(self, lane):
        """Whether a job of `lane` is queued or running and its outcome still awaited."""
        return lane in self._lanes

    def idle(self):
        """Whether every job submitted has reported back (dropped ones included)."""
        return not self._pending

    @Slot(int, object)
    def _on_done(self, number, result):
        pending = self._ended(number)
        if pending is not None:
            pending.on_done(result)

    @Slot(int, str)
    def _on_failed(self, number, message):
        pending = self._ended(number)
        if pending is not None:
            pending.on_failed(message)

    @Slot(int)
    def _on_skipped(self, number):
        self._ended(number)

    def _ended(self, number):
        """The job's callbacks, or None when its outcome is no longer wanted."""
        pending = self._pending.pop(number, None)
        if pending is None or pending.dropped.is_set():
            return None
        if pending.lane is not None and self._lanes.get(pending.lane) == number:
            del self._lanes[pending.lane]
        return pending

    def wait(self, timeout_s=5.0):
        """Join the running jobs; False if they took longer than `timeout_s`."""
        return self._pool.waitForDone(int(timeout_s * 1000))

    def shutdown(self, timeout_s=5.0):
        """Closing: nothing queued runs, no outcome is delivered, the running job is joined."""
        self._lanes.clear()
        for pending in self._pending.values():
            pending.dropped.set()
        return self.wait(timeout_s)


# --- one long job with progress and Cancel (measuring a model on a test set) ---------------------

class _ProgressSignals(QObject):
    """The job's way back to the GUI thread, each message under the job's number."""

    progress = Signal(int, int, int)  # number, done, total
    done = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _ProgressRunnable(QRunnable):
    def __init__(self, number, fn, what, signals, stop):
        super().__init__()
        self._number, self._fn, self._what = number, fn, what
        self._signals, self._stop = signals, stop
        self._last_report = -math.inf

    def run(self):
        try:
            result = self._fn(self._progress, self._stop.is_set)
        except engine.EvaluationCancelled:
            self._signals.cancelled.emit(self._number)
            return
        except Exception as exc:  # noqa: BLE001 - reported through `failed`
            self._signals.failed.emit(self._number, describe_failure(self._what, exc))
            return
        if self._stop.is_set():  # stopped after its last check: nobody wants the result
            self._signals.cancelled.emit(self._number)
        else:
            self._signals.done.emit(self._number, result)

    def _progress(self, done, total):
        # throttled (practice 10), but the last step always crosses: the bar reaches the end
        now = time.monotonic()
        if done >= total or now - self._last_report >= REPORT_INTERVAL_S:
            self._last_report = now
            self._signals.progress.emit(self._number, int(done), int(total))


class ProgressJob(QObject):
    """One cancellable job at a time, in its own thread, reporting its progress.

    ``start(fn)`` runs ``fn(progress, should_stop)`` off the GUI thread: ``progress(done,
    total)`` and ``should_stop()`` are what engine.evaluate_predictions takes; ``fn`` stops by
    raising engine.EvaluationCancelled. A new ``start`` cancels the job before it, whose
    messages are no longer heard. Exactly one of ``done``, ``failed`` or ``cancelled`` ends
    each job that was not replaced.
    """

    progress = Signal(int, int)  # done, total
    done = Signal(object)  # fn's result
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)  # first child: joined before the signals object goes
        self._pool.setMaxThreadCount(1)
        self._signals = _ProgressSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._numbers = iter(range(1, 2**31))
        self._current = None  # the number of the job whose outcome is awaited
        self._stop = threading.Event()

    def start(self, fn, what="The job failed"):
        self.cancel()
        self._current = next(self._numbers)
        self._stop = threading.Event()  # each job its own: the old one keeps its stop set
        self._pool.start(_ProgressRunnable(self._current, fn, what, self._signals, self._stop))

    def cancel(self):
        """Ask the running job to stop at its next check; ``cancelled`` follows."""
        self._stop.set()

    def running(self):
        return self._current is not None

    def shutdown(self, timeout_s=CLOSE_TIMEOUT_S * 5):
        """Closing: stop the job, hear nothing more from it, and join its thread."""
        self._current = None
        self._stop.set()
        return self._pool.waitForDone(int(timeout_s * 1000))

    def _is_current(self, number):
        return number == self._current

    @Slot(int, int, int)
    def _on_progress(self, number, done, total):
        if self._is_current(number):
            self.progress.emit(done, total)

    @Slot(int, object)
    def _on_done(self, number, result):
        if self._is_current(number):
            self._current = None
            self.done.emit(result)

    @Slot(int, str)
    def _on_failed(self, number, message):
        if self._is_current(number):
            self._current = None
            self.failed.emit(message)

    @Slot(int)
    def _on_cancelled(self, number):
        if self._is_current(number):
            self._current = None
            self.cancelled.emit()
