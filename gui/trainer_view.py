"""Chainer's view of a run (issue 18 item 4): the Trainer's extensions with their triggers, in
the order they are called after each step, and the LogReport table growing live with the
columns PrintReport prints on the command line.

A window of its own (Training > Trainer and log), following the TrainingController from the
window's start, so that it holds the whole run whenever it is opened. Between runs it shows the
log the current model's file records.
"""
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

import engine

from .i18n import tr
from .plain import shortened
from .tables import explain_corner_button

WINDOW_SIZE = (760, 520)  # px: seven columns of the log without scrolling sideways



def trigger_text(trigger):
    """A trigger (engine describe_trigger) in words."""
    kind, unit = trigger.get("kind"), trigger.get("unit")
    if kind == "interval":
        period = trigger["period"]
        if unit == "epoch":
            return tr("every epoch") if period == 1 else tr("every {0} epochs").format(period)
        return tr("every iteration") if period == 1 else tr("every {0:,} iterations").format(
            period)
    if kind == "schedule":
        points = ", ".join(f"{point:,}" for point in trigger["points"][:8])
        return (tr("after epochs {0}") if unit == "epoch" else tr("at iterations {0}")).format(
            points)
    if kind == "never":
        return tr("only when called")
    return tr("its own rule")


class TrainerView(QDialog):
    def __init__(self, controller, current_model, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trainer and log"))
        self.resize(*WINDOW_SIZE)
        self._controller = controller
        self._model = current_model
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.PlainText)
        self.caption.setWordWrap(True)
        self.extensions_table = self._table(
            self.tr("Extensions"), [self.tr("Extension"), self.tr("Priority"),
                                    self.tr("When it runs")],
            self.tr("What the Trainer calls after each training step, in this order (higher "
                    "priority first), and when."))
        self.log_table = self._table(
            self.tr("Log"), list(engine.LOG_COLUMNS),
            self.tr("LogReport's entries, one per epoch, with the columns PrintReport prints "
                    "on the command line."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(QLabel(self.tr("The Trainer's extensions")))
        layout.addWidget(self.extensions_table)
        layout.addWidget(QLabel(self.tr("The log (LogReport)")))
        layout.addWidget(self.log_table, 1)
        controller.started.connect(self._on_started)
        controller.state_changed.connect(self._on_state_changed)
        controller.progress.connect(self._on_progress)
        current_model.replaced.connect(self._show_model_log)
        self._show_model_log()

    @staticmethod
    def _table(name, headers, tooltip):
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(name)
        table.setToolTip(tooltip)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        explain_corner_button(table, name)
        return table

    def extension_rows(self):
        return _texts(self.extensions_table)

    def log_rows(self):
        return _texts(self.log_table)

    # --- following the run and the model --------------------------------------------------
    @Slot()
    def _on_started(self):
        self.extensions_table.setRowCount(0)
        self.log_table.setRowCount(0)
        self.caption.setText(self.tr("The run being trained: its log grows after each epoch."))

    @Slot(str)
    def _on_state_changed(self, state):
        if state in ("finished", "failed"):
            self.caption.setText(self.tr("The run that ended last: the Trainer that ran it and "
                                         "its log."))
        elif state == "idle":  # a run cancelled before it trained: the model is as it was
            self._show_model_log()

    @Slot(object)
    def _on_progress(self, report):
        if report.extensions is not None:
            self.extensions_table.setRowCount(0)
            for row in report.extensions:
                _append(self.extensions_table, [shortened(row["name"], 40),
                                                str(row["priority"]),
                                                trigger_text(row["trigger"])])
        for entry in report.epoch_summaries:
            self._append_log(entry)

    @Slot()
    def _show_model_log(self):
        if self._controller.is_active():
            return  # the run's own log is growing here
        self.extensions_table.setRowCount(0)
        self.log_table.setRowCount(0)
        entries = self._model.history()
        for entry in entries:
            self._append_log(entry)
        self.caption.setText(
            self.tr("The log the current model's file records. The extensions show while a "
                    "run trains.") if entries else
            self.tr("The current model records no log. Train one (F5) to watch it grow."))

    def _append_log(self, entry):
        _append(self.log_table, [engine.format_log_cell(_number(entry.get(name)))
                                 for name in engine.LOG_COLUMNS])
        self.log_table.scrollToBottom()  # the newest epoch in sight


def _number(value):
    """A log value as PrintReport takes it: a number, or nothing (a file may hold anything)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _append(table, texts):
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(texts):
        item = QTableWidgetItem(text)
        numeric = column > 0 and text.replace(".", "").replace("e-", "").isdigit()
        item.setTextAlignment((Qt.AlignRight if numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        table.setItem(row, column, item)


def _texts(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
