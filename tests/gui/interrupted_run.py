"""Run by test_resume.py in a process of its own: a window trains until its run has written a
snapshot and gone on into the next epoch, pauses there, says "killable" on stdout, and waits
for the test to kill it with SIGKILL, as a crash or a power cut would.

    python interrupted_run.py RUNS_FOLDER DATASET_FOLDER SETTINGS_INI
"""
import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from threadpoolctl import threadpool_limits

import engine
from gui.main_window import MainWindow
from gui.selftest import ScriptedDialogs

SETTINGS = {"preset": "mlp", "hidden": [16], "batch_size": 20, "epochs": 5, "lr": 0.05,
            "seed": 3}
ITERATIONS_PER_EPOCH = 100  # the test's 2,000 training images in batches of 20


def main(runs_folder, dataset_folder, settings_file):
    threadpool_limits(1)  # as the test's own runs: the same sums in the same order
    app = QApplication(sys.argv[:1])
    window = MainWindow(settings=QSettings(settings_file, QSettings.IniFormat),
                        dialogs=ScriptedDialogs(), runs_folder=Path(runs_folder))
    window.train_panel.set_dataset_folder(dataset_folder)
    values = dict(SETTINGS, hidden=tuple(SETTINGS["hidden"]))
    reports = []
    window.controller.progress.connect(reports.append)
    started = False
    stepped = None  # the iteration at which it stepped once, not to step twice

    def watch():
        nonlocal started, stepped
        if not started and window.dataset() is not None:
            started = window.start_training(engine.TrainSettings(**values))
        if window.controller.state == "finished":
            print(json.dumps({"finished too soon": reports[-1].iteration}), flush=True)
            timer.stop()
            return
        snapshots = list(Path(runs_folder).glob(".unfinished/*/snapshot_latest.npz"))
        # at once: reports come 5 times a second, and the whole run may take less than that
        if snapshots and window.controller.state == "running":
            window.controller.pause()
        # the report sent on pausing says where it stopped; older ones may come before it
        at = reports[-1].iteration if reports else 0
        if window.controller.state != "paused" or at <= ITERATIONS_PER_EPOCH or at == stepped:
            return
        if at % ITERATIONS_PER_EPOCH == 0:  # paused on an epoch's end: one step into the next
            stepped = at
            window.controller.step()
            return
        print(json.dumps({"killable": at}), flush=True)
        timer.stop()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])
