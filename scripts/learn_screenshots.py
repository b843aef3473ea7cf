"""Screenshots of every lesson of the Learn page, as a student first opens it.

    xvfb-run -a -s "-screen 0 1024x768x24" \\
        .venv/bin/python -m scripts.learn_screenshots /tmp/learn-1024 1024 768
    xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python -m scripts.learn_screenshots /tmp/learn-1366 1366 768

Writes <number>-<lesson>.png into the folder: the real window at that size (a title bar's worth
less than the screen), a 7 drawn on the Draw page first (lesson 5 reads it), MNIST loaded
(lesson 7 reads its test images). Needs an X server (see scripts/screenshot.py for the Debian
packages).
"""
import sys
import tempfile
from pathlib import Path

from gui.app import make_application
from gui.selftest import DRAWN_DIGITS
from gui.simulate import drag, run_event_loop_for, wait_until
from scripts.inspect_screenshots import ready_window

SETTLE_S = 2.0  # a lesson's first computation and any job it starts on showing


def main(out, width, height):
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        window = ready_window(folder, width, height)
        for stroke in DRAWN_DIGITS["7"]:
            drag(window.draw_panel.canvas, stroke, steps_between=3)
        window.page_actions[2].trigger()
        page = window.learn_page
        for row in range(page.lesson_list.count()):
            page.lesson_list.setCurrentRow(row)
            run_event_loop_for(SETTLE_S)
            lesson = page.current_lesson()
            name = f"{row + 1}-{type(lesson).__name__.removesuffix('Lesson').lower()}"
            shoot(window, lesson, out / name)
            if act_as_a_student(lesson):
                shoot(window, lesson, out / f"{name}-used")
        page.shutdown()
        window.controller.shutdown()
        window.close()


def shoot(window, lesson, prefix):
    """The window as it is, and the whole lesson as if the screen were tall enough."""
    for path, widget in ((f"{prefix}.png", window), (f"{prefix}-whole.png", lesson)):
        widget.grab().save(path)
        print(path, flush=True)


def act_as_a_student(lesson):
    """Press what a student presses first, and wait for what it shows; False: nothing to do."""
    name = type(lesson).__name__
    if name == "GraphLesson":
        lesson.all_button.click()
    elif name == "SoftmaxLesson":
        lesson.wrong_button.click()
    elif name == "MyDrawingLesson":
        lesson.label_box.setCurrentIndex(lesson.label_box.findData(1))  # a 7 read as a 1
        lesson.label_box.activated.emit(lesson.label_box.currentIndex())
        run_event_loop_for(0.5)
        lesson.step_button.click()
    elif name == "RegressionLesson":
        lesson.start_button.click()
        wait_until(lambda: not lesson.warmup_running() and lesson.start_button.isEnabled(),
                   120, "the warm-up to train")
        lesson.dead_button.click()
        run_event_loop_for(0.2)  # the seed box trains when its value changes
        wait_until(lambda: not lesson.toy_running(), 120, "the toy to train")
    else:
        return False
    run_event_loop_for(SETTLE_S)
    return True


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    sys.exit(0)
