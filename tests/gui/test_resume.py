"""Resume (issue 18, item 7): a run killed mid-epoch (SIGKILL, as a crash or a power cut) is
offered on the next start and, resumed, ends with exactly the weights of a run never
interrupted; a run left by closing the window is offered too; Discard forgets it, Later keeps
it for another start, and a damaged one is named."""
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import engine
from engine.training.snapshots import save_snapshot
from gui.selftest import ScriptedDialogs

from interrupted_run import SETTINGS
from qt_helpers import (
    HUNG,
    Iterations,
    small_settings,
    start_long_run,
    tiny_dataset,
    use_dataset,
    write_dataset_dir,
)

SCRIPT = Path(__file__).with_name("interrupted_run.py")
ROOT = Path(__file__).resolve().parents[2]


def answering(answer):
    dialogs = ScriptedDialogs()
    dialogs.resume_answer = answer
    return dialogs


def read_line(process, timeout_s):
    """The child's next line of output, or "" if it says nothing for `timeout_s` (a hang)."""
    ready, _, _ = select.select([process.stdout], [], [], timeout_s)
    return process.stdout.readline() if ready else ""


def kill_mid_epoch(tmp_path, runs, data):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests" / "engine")]))
    child = subprocess.Popen([sys.executable, str(SCRIPT), str(runs), str(data),
                              str(tmp_path / "child.ini")], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        line = read_line(child, HUNG / 1000 * 4)
    finally:
        child.kill()  # SIGKILL: no clean-up runs, nothing is flushed
        child.wait()
    assert "killable" in line, f"the child run said {line!r}"
    return json.loads(line)["killable"]


def child_settings():
    return engine.TrainSettings(**dict(SETTINGS, hidden=tuple(SETTINGS["hidden"])))


def test_a_run_killed_mid_epoch_resumes_to_the_weights_of_a_run_never_killed(
        qtbot, make_window, tmp_path, monkeypatch):
    dataset = tiny_dataset(n_train=2000, n_test=100, seed=1)
    data, runs = write_dataset_dir(tmp_path / "data", dataset), tmp_path / "runs"
    killed_at = kill_mid_epoch(tmp_path, runs, data)
    assert 100 < killed_at < 500 and killed_at % 100  # mid-epoch, after the first snapshot
    with threadpool_limits(1):  # the child's sums, in the child's order
        iterations = Iterations(monkeypatch)
        window = make_window(dialogs=answering("resume"))
        qtbot.waitUntil(lambda: window.controller.state == "finished", timeout=HUNG * 4)
        resumed_iterations = iterations.begun
        reference = engine.build_training(child_settings(), engine.load_dataset(data),
                                          out=tmp_path)
        reference, _ = engine.train_to_end(reference)
    [question] = window.dialogs.questions
    assert question.startswith("A run of mlp that began ")
    assert "was interrupted after epoch " in question and " of 5. Resume it?" in question
    epoch = int(question.split("after epoch ")[1].split(" ")[0])
    assert 1 <= epoch == killed_at // 100  # the last snapshot before the kill
    assert resumed_iterations == 500 - 100 * epoch  # it went on from there: no epoch redone
    form = window.train_panel.form  # it shows the run that goes on
    assert (form.hidden.text(), form.length.value(), form.seed.value()) == ("16", 5, 3)
    assert form.dataset_folder() == data
    resumed = window.current_model.network.params()
    for name, expected in reference.model.params().items():
        np.testing.assert_array_equal(resumed[name], expected, err_msg=name)
    assert window.current_model.metrics["iterations"] == 500
    qtbot.waitUntil(lambda: window.current_model.kept is not None, timeout=HUNG)
    assert not list((runs / ".unfinished").iterdir())  # ended: nothing left to resume


def test_a_run_left_by_closing_the_window_is_offered_at_the_next_start(
        qtbot, make_window, tiny_folder):
    first = make_window()
    use_dataset(qtbot, first, tiny_folder)
    progress = start_long_run(qtbot, first)
    qtbot.waitUntil(lambda: bool(progress[-1].epoch_summaries) or progress[-1].iteration > 30,
                    timeout=HUNG)
    qtbot.waitUntil(lambda: any(first.unfinished.folder.glob("*/snapshot_latest.npz")),
                    timeout=HUNG)
    first.dialogs.quit_answer = "discard"
    first.close()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=HUNG)
    second = make_window(dialogs=answering("later"))
    qtbot.waitUntil(lambda: bool(second.dialogs.questions), timeout=HUNG)
    assert second.dialogs.questions[-1].startswith("A run of mlp that began ")
    assert second.controller.state == "idle"  # Later: nothing starts
    third = make_window(dialogs=answering("discard"))  # Later kept it for this start
    qtbot.waitUntil(lambda: bool(third.dialogs.questions), timeout=HUNG)
    qtbot.waitUntil(lambda: not any(third.unfinished.folder.iterdir()), timeout=HUNG)
    fourth = make_window(dialogs=answering("resume"))
    qtbot.waitUntil(lambda: fourth.jobs.idle(), timeout=HUNG)
    assert fourth.dialogs.questions == []  # discarded: never asked again


def test_a_run_that_ends_leaves_nothing_to_resume(qtbot, window, tiny_folder):
    use_dataset(qtbot, window, tiny_folder)
    with qtbot.waitSignal(window.kept_runs.kept, timeout=HUNG):
        window.start_training(small_settings())
    assert not any(window.unfinished.folder.iterdir())


@pytest.mark.parametrize("damage", ["{not json", json.dumps({"format": 1, "settings": {
    "preset": "no-such-preset"}}), json.dumps([1, 2]), "x" * 100_000])
def test_a_damaged_unfinished_run_is_named_and_the_window_starts(qtbot, make_window, tmp_path,
                                                                 damage):
    folder = tmp_path / "runs" / ".unfinished" / "2026-11-30_120000"
    folder.mkdir(parents=True)
    (folder / "resume.json").write_text(damage)
    (folder / "snapshot_latest.npz").write_bytes(b"PK junk")
    window = make_window(dialogs=answering("resume"))
    qtbot.waitUntil(lambda: bool(window.dialogs.warnings), timeout=HUNG)
    [(title, message)] = window.dialogs.warnings
    assert title == "An unfinished run" and str(folder) in message
    assert "cannot be resumed" in message and "Traceback" not in message
    assert window.dialogs.questions == [] and window.controller.state == "idle"


def test_a_snapshot_that_does_not_fit_fails_with_a_sentence_and_nothing_is_lost(
        qtbot, make_window, tmp_path, tiny_folder):
    """A snapshot of another network under a readable resume.json: the run fails with a
    sentence naming the file, and the model shown stays."""
    runs = tmp_path / "runs"
    unfinished = engine.UnfinishedRuns(runs)
    folder = unfinished.begin(small_settings(hidden=(16,)), tiny_folder)
    other = engine.build_training(small_settings(hidden=(9,)), tiny_dataset(), out=folder)
    save_snapshot(folder / "snapshot_latest.npz", other.trainer)
    record = json.loads((folder / "resume.json").read_text())
    record["pid"] = -1  # its process is gone
    (folder / "resume.json").write_text(json.dumps(record))
    window = make_window(dialogs=answering("resume"))
    qtbot.waitUntil(lambda: window.controller.state == "failed", timeout=HUNG)
    [(title, message)] = window.dialogs.errors
    assert title == "Training failed" and "snapshot_latest.npz" in message
    assert window.current_model.path == engine.bundled_model_path()

