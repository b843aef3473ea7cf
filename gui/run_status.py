"""Where the run stands, in one place: a progress bar, its figures beside it, one sentence.

The view follows the TrainingController's single run state (idle, loading, running, paused,
stopping, evaluating, finished, failed); every state has its own text, so nothing from an
earlier state is left behind.
"""
import math

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .i18n import stop_reason_text

PROGRESS_STEPS = 1000


def format_duration(seconds):
    if seconds is None or not math.isfinite(seconds):
        return "--:--"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}:{secs:02d}"
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


class SteadyLabel(QLabel):
    """A label whose text changes many times a second, at a fixed size that only grows.

    A label that resizes with its text asks its window for a layout pass on every change: one
    per progress report, each taking the GUI thread, and the interpreter, from training.
    """

    def setText(self, text):  # noqa: N802 - Qt's name
        super().setText(text)
        hint = self.sizeHint()
        width = max(hint.width(), self.minimumWidth())
        if (width, hint.height()) != (self.maximumWidth(), self.maximumHeight()):
            self.setFixedSize(width, hint.height())

    def fit_again(self):
        """Shrink to the current text (at a run's start: its figures may be narrower)."""
        self.setMinimumSize(0, 0)
        self.setText(self.text())


class SteadyWrappedText(QWidget):
    """Word-wrapped plain text that changes many times a second (a run's summary), asking for a
    layout pass only when its height changes.

    A QLabel asks on every change, and here each pass climbs to the page's splitter and tabs,
    which repaint every widget of the page: "Iteration n/N" cost book-ch05 6-7% of its time in
    the window. Drawn as plain text: it may quote a file's name.
    """

    PREFERRED_CHARS = 40  # the width it asks for, whatever its text: the text never widens it

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        policy = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self):
        return self._text

    def setText(self, text):  # noqa: N802 - QLabel's name, for the same use
        text = str(text)
        if text == self._text:
            return
        height = self.heightForWidth(self.width())
        self._text = text
        self.setAccessibleDescription(text)
        if self.heightForWidth(self.width()) != height:
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self):  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width):  # noqa: N802 - Qt's name
        if not self._text:
            return 0
        bounds = QRect(0, 0, max(1, width), 1 << 20)
        return self.fontMetrics().boundingRect(bounds, self._flags(), self._text).height()

    def sizeHint(self):
        width = self.fontMetrics().averageCharWidth() * self.PREFERRED_CHARS
        return QSize(width, self.heightForWidth(self.width() or width))

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return QSize(0, self.fontMetrics().height() if self._text else 0)  # one line at least

    def changeEvent(self, event):
        if event.type() == QEvent.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event):
        QPainter(self).drawText(self.rect(), self._flags(), self._text)

    @staticmethod
    def _flags():
        return int(Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap)


class RunStatusView(QWidget):
    """The progress bar with its text beside it (never over the filled part), a skip button
    for the final measurement, the run's one-sentence summary and any device notice."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._last_report = None
        self._last_summary = None
        self._last_step = None  # (iteration, loss before, loss after) of the latest Step
        self._blocked = False  # settings that cannot start: the idle text does not say "Start"
        self._build()
        controller.started.connect(self._on_started)
        controller.state_changed.connect(self._on_state_changed)
        controller.progress.connect(self._on_progress)
        controller.evaluating.connect(self._on_evaluating)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        controller.cancelled.connect(self._on_cancelled)
        controller.notice.connect(self.show_notice)
        self._on_state_changed(controller.state)

    def _build(self):
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(False)  # text over the filled part is half unreadable
        self.progress.setAccessibleName(self.tr("Training progress"))
        self.progress.setToolTip(self.tr("How much of the run is done."))
        self.progress_text = SteadyLabel()
        self.progress_text.setTextFormat(Qt.PlainText)  # figures only, but never markup
        self.progress_text.setAccessibleName(self.tr("Training progress figures"))
        self.progress_text.setToolTip(self.tr(
            "The share done, the speed in iterations (batches) per second, and the time left."))
        self.skip_button = QPushButton(self.tr("S&kip measuring"))
        self.skip_button.setToolTip(self.tr(
            "Skip measuring the final accuracy on every image and keep the last epoch's "
            "figures instead."))
        self.skip_button.setAccessibleName(self.tr("Skip measuring"))
        self.skip_button.clicked.connect(self._controller.skip_evaluation)
        self.skip_button.hide()
        self.summary = SteadyWrappedText()
        self.summary.setAccessibleName(self.tr("Training summary"))
        self.device_notice = QLabel()  # why a run is not where it was asked to be (the GPU)
        self.device_notice.setAccessibleName(self.tr("Device notice"))
        self.device_notice.setWordWrap(True)
        self.device_notice.setTextFormat(Qt.PlainText)
        self.device_notice.setStyleSheet("color: #a15c00;")  # amber: worth reading, not an error
        self.device_notice.hide()
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.progress_text)
        bar.addWidget(self.skip_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.summary)
        column.addWidget(self.device_notice)

    # --- following the controller -------------------------------------------------------------
    @Slot()
    def _on_started(self):
        self._last_report = self._last_summary = self._last_step = None
        self.progress_text.fit_again()
        self.device_notice.clear()
        self.device_notice.hide()

    @Slot(str)
    def _on_state_changed(self, state):
        self.skip_button.setVisible(state == "evaluating")
        self.progress.setRange(0, 0 if state == "loading" else PROGRESS_STEPS)  # 0, 0: busy
        idle = self.tr("Not training.") if self._blocked else \
            self.tr("Not training. Choose settings and press Start (F5).")
        texts = {
            "idle": (idle, ""),
            "loading": (self.tr("Loading the dataset and building the network…"),
                        self.tr("loading")),
            "running": (self._running_text(), self._figures()),
            "paused": (self._paused_text(), self.tr("paused · {0}").format(self._share())),
            "stopping": (self.tr("Stopping after the current iteration…"), self.tr("stopping")),
            "evaluating": (self.tr("Measuring the final accuracy on every test and training "
                                   "image…"), self.tr("measuring")),
        }
        if state in texts:
            self.summary.setText(texts[state][0])
            self.progress_text.setText(texts[state][1])
        if state in ("idle", "evaluating"):
            self.progress.setValue(0)  # the measurement has a bar of its own

    @Slot(object)
    def _on_progress(self, report):
        self._last_report = report
        if report.step is not None:
            self._last_step = report.step
        if report.epoch_summaries:
            self._last_summary = report.epoch_summaries[-1]
        state = self._controller.state
        if state == "running":
            self.progress.setValue(int(report.fraction_done * PROGRESS_STEPS))
            self.progress_text.setText(self._figures())
            self.summary.setText(self._running_text())
        elif state == "paused":  # the run hands over where it stopped as it pauses
            self.progress.setValue(int(report.fraction_done * PROGRESS_STEPS))
            self._on_state_changed(state)
        # else: the last reports of a stopping run; its state text stays

    @Slot(int, int)
    def _on_evaluating(self, done, total):
        if total:  # an empty evaluation set has nothing to count
            self.progress.setValue(int(done / total * PROGRESS_STEPS))
            self.progress_text.setText(self.tr("measuring {0:.0%}").format(done / total))
            self.summary.setText(self.tr("Measuring the final accuracy: {0:,} of {1:,} "
                                         "images…").format(done, total))

    @Slot(object)
    def _on_finished(self, result):
        metrics = result.metrics
        accuracy = metrics.get("test_accuracy")
        parts = [self.tr("Finished ({0}) after {1:,} iterations in {2}").format(
            stop_reason_text(result.stop_reason), int(metrics.get("iterations", 0)),
            format_duration(metrics.get("train_seconds")))]
        if accuracy is not None:
            parts.append(self.tr("test accuracy {0:.2%}").format(accuracy))
            if metrics.get("measured_images", 1) == 0:
                parts.append(self.tr("(the last epoch's figure: the final measurement was "
                                     "skipped)"))
        self.summary.setText(": ".join(parts[:2]) + (" " + parts[2] if len(parts) > 2 else "")
                             + ".")
        if result.stop_reason == "completed":
            self.progress.setValue(PROGRESS_STEPS)
            self.progress_text.setText(self.tr("done"))
        else:  # the bar goes back from the measurement to where the training stopped
            report = self._last_report
            self.progress.setValue(int(report.fraction_done * PROGRESS_STEPS) if report else 0)
            self.progress_text.setText(self.tr("stopped at {0}").format(self._share()))
        self.progress_text.fit_again()  # the run's figures are gone: no gap beside the bar

    @Slot(str)
    def _on_failed(self, message):
        self.progress_text.setText(self.tr("failed"))
        self.progress_text.fit_again()
        if self._controller.weights_seen:
            self.summary.setText(self.tr("Training failed; the network keeps the weights it "
                                         "had reached."))
        else:
            self.summary.setText(self.tr("Training failed before it began; nothing changed."))

    @Slot()
    def _on_cancelled(self):
        self.progress_text.setText("")
        self.progress_text.fit_again()
        self.summary.setText(self.tr("Stopped before training began; nothing changed."))

    def set_blocked(self, blocked):
        """Whether the settings shown cannot start a run (the form says why)."""
        self._blocked = blocked
        if self._controller.state == "idle":
            self._on_state_changed("idle")

    @Slot(str)
    def show_notice(self, message):
        """A run's word about its device (no GPU, or a GPU that failed), kept until the next."""
        shown = self.device_notice.text()
        self.device_notice.setText(f"{shown}\n{message}" if shown else message)
        self.device_notice.show()

    # --- texts --------------------------------------------------------------------------------
    def _share(self):
        report = self._last_report
        return f"{report.fraction_done:.0%}" if report else "0%"

    def _figures(self):
        report = self._last_report
        if report is None:
            return self.tr("starting")
        return self.tr("{0} · {1:,.0f} it/s · {2} left").format(
            self._share(), report.iterations_per_s, format_duration(report.eta_s))

    def _position(self):
        """Where the run is, counted as its plan counts its length."""
        report, plan = self._last_report, self._controller.plan
        if report is None or plan is None:
            return self.tr("Starting")
        if plan.unit == "iteration":
            return self.tr("Iteration {0:,}/{1:,}").format(report.iteration,
                                                           report.total_iterations)
        per_epoch = max(1, report.iterations_per_epoch)
        epochs = math.ceil(report.total_iterations / per_epoch)
        return self.tr("Epoch {0}/{1}").format(min(epochs, report.iteration // per_epoch + 1),
                                               epochs)

    def _running_text(self):
        parts = [self._position()]
        summary = self._last_summary or {}
        if "validation/main/accuracy" in summary:
            parts.append(self.tr("test accuracy {0:.2%}").format(
                summary["validation/main/accuracy"]))
        if "main/accuracy" in summary:
            parts.append(self.tr("train accuracy {0:.2%}").format(summary["main/accuracy"]))
        if "main/loss" in summary:
            parts.append(self.tr("loss {0:.4f}").format(summary["main/loss"]))
        return " · ".join(parts)

    def _paused_text(self):
        report = self._last_report
        where = self.tr("Paused at iteration {0:,}").format(report.iteration) if report \
            else self.tr("Paused")
        step = self._last_step
        if step is not None and report is not None and step[0] == report.iteration:
            return where + self.tr(". One step: the loss of its batch went from {0:.4f} to "
                                   "{1:.4f}. Step again (F7) or resume (F6).").format(*step[1:])
        return where + self.tr(". The drawing is read with the weights so far; the learning "
                               "rate, its decay and weight decay can be changed now; Step (F7) "
                               "trains one iteration.")
