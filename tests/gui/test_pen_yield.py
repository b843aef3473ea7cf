"""Training waits while the user draws (gui.workers.PenYield, issue 19 item 3): the window has
every core while the pen moves, and training has them again once it rests."""
import sys
import threading

import engine
from gui.simulate import drag
from gui.workers import PenYield

from fakes import StartedTrainers
from qt_helpers import HUNG, start_long_run, tiny_dataset, use_dataset, write_dataset_dir

AN_HOUR = 3600.0


def held_in_a_check():
    """Whether the thread waiting for the pen waits inside an Evaluator's pass (a test check)
    rather than before a training step."""
    for frame in sys._current_frames().values():
        names = []
        while frame is not None:
            names.append(frame.f_code.co_name)
            frame = frame.f_back
        if "wait_while_drawing" in names:
            return "evaluate" in names
    raise AssertionError("no thread waits for the pen")


def test_drawing_holds_training_and_stop_still_ends_the_run_at_once(qtbot, make_window,
                                                                     tmp_path, monkeypatch):
    window = make_window()
    use_dataset(qtbot, window, write_dataset_dir(tmp_path / "tiny", tiny_dataset()))
    window.controller.pen = PenYield(hold_s=AN_HOUR)  # the pen "rests" only after an hour
    trainers = StartedTrainers(monkeypatch)
    start_long_run(qtbot, window)
    drag(window.draw_panel.canvas, [(140, 60), (140, 220)], steps_between=5)
    qtbot.waitUntil(window.controller.pen.is_holding, timeout=HUNG)
    held = trainers.trainers[0].updater.iteration  # steps done; a step or a check waits
    in_check = held_in_a_check()
    finished = []
    window.controller.finished.connect(finished.append)
    window.train_panel.stop_action.trigger()  # Stop lets the held step go, then ends the run
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=HUNG)
    # held before a step, that step goes; held in the test check after one, none does
    assert finished[0].weights.iteration == held + (0 if in_check else 1)
    assert not window.controller.pen.is_holding()


def test_a_step_goes_on_at_once_when_nobody_draws():
    pen = PenYield(hold_s=AN_HOUR)
    done = threading.Event()
    threading.Thread(target=lambda: (pen.wait_while_drawing(), done.set()), daemon=True).start()
    assert done.wait(HUNG / 1000)
    assert not pen.is_holding()


def test_a_step_waits_for_the_pen_to_rest_and_release_lets_it_go(qtbot):
    pen = PenYield(hold_s=AN_HOUR)
    pen.pen_moved()
    done = threading.Event()
    waiter = threading.Thread(target=lambda: (pen.wait_while_drawing(), done.set()), daemon=True)
    waiter.start()
    qtbot.waitUntil(pen.is_holding, timeout=HUNG)
    assert not done.is_set()
    pen.release()
    assert done.wait(HUNG / 1000)
    assert not pen.is_holding()


def test_the_hold_ends_by_itself_once_the_pen_has_rested():
    times = iter([0.0, 0.24, 0.25])  # the pen moves at 0.0; the step asks at 0.24, then 0.25
    pen = PenYield(hold_s=0.25, clock=lambda: next(times))
    pen.pen_moved()
    done = threading.Event()
    threading.Thread(target=lambda: (pen.wait_while_drawing(), done.set()), daemon=True).start()
    assert done.wait(HUNG / 1000)
    assert next(times, None) is None  # it asked again after 0.24: it waited, then saw the rest


def test_a_runs_test_checks_are_handed_the_pen_wait(qtbot, make_window, tmp_path, monkeypatch):
    """A check reads 1,000 test images at a time (up to a third of a second): the window hands
    each of a run's Evaluators (its checks and its per-epoch test) the pen wait, which the
    Evaluator calls before every batch (tests/engine/training/test_extensions.py)."""
    window = make_window()
    use_dataset(qtbot, window, write_dataset_dir(tmp_path / "tiny", tiny_dataset()))
    trainers = StartedTrainers(monkeypatch)
    start_long_run(qtbot, window)
    evaluators = [extension for _, extension in trainers.trainers[0].extensions()
                  if isinstance(extension, engine.Evaluator)]
    assert {evaluator.prefix for evaluator in evaluators} == {"validation", "check"}
    for evaluator in evaluators:
        assert evaluator.before_batch == [window.controller.pen.wait_while_drawing]
    window.train_panel.stop_action.trigger()
