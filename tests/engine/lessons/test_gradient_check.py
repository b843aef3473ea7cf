"""Lesson 4: the lesson's gradient check is the CLI's, and the error against h is a V."""
import json

import numpy as np
import pytest

import engine
import engine.cli
from engine.cli import main
from engine.lessons import gradient_check as lesson
from engine.nn.gradcheck import TOLERANCE as GRADCHECK_TOLERANCE
from engine.nn.gradcheck import gradcheck_config

FAST_PRESETS = ["two-layer", "book-ch05", "mlp"]


@pytest.mark.parametrize("name", FAST_PRESETS)
def test_a_preset_check_is_exactly_gradcheck_config(name):
    result = lesson.check_network(name)
    expected = gradcheck_config(engine.get_preset(name).network_config())
    assert result.errors() == expected  # the same floats, not close ones
    assert [p.name for p in result.parameters] == list(expected)
    assert result.passed and all(p.passed for p in result.parameters)


def test_the_preset_check_is_what_the_command_line_prints(capsys, monkeypatch):
    # the command checks every preset and demo; the fast ones stand for them all here
    monkeypatch.setattr(engine.cli, "preset_names", lambda: FAST_PRESETS)
    monkeypatch.setattr(engine.cli, "DEMOS", {})
    assert main(["gradcheck", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["tolerance"] == lesson.GRADCHECK_TOLERANCE == GRADCHECK_TOLERANCE
    for name in FAST_PRESETS:
        assert lesson.check_network(name).errors() == printed["presets"][name]


def test_the_small_network_and_its_table():
    result = lesson.check_network(lesson.SMALL_NETWORK)
    rows = {p.name: p for p in result.parameters}
    assert {name: row.shape for name, row in rows.items()} == {
        "0.W": (16, 10), "0.b": (10,), "2.W": (10, 3), "2.b": (3,)}
    assert {name: row.checked for name, row in rows.items()} == {
        "0.W": 40, "0.b": 10, "2.W": 30, "2.b": 3}  # 40 sampled; small arrays in full
    assert result.max_error < 1e-8 and result.passed
    assert result.step == 1e-6 and result.tolerance == GRADCHECK_TOLERANCE


def test_progress_is_heard_after_each_parameter_array():
    heard = []
    lesson.check_network("mlp", progress=lambda done, total: heard.append((done, total)))
    assert heard == [(done, 6) for done in range(7)]


def test_should_stop_cancels_the_check():
    asked = []

    def stop_at_the_third_question():
        asked.append(True)
        return len(asked) == 3

    with pytest.raises(engine.EvaluationCancelled):
        lesson.check_network("mlp", should_stop=stop_at_the_third_question)
    assert len(asked) == 3


def test_should_stop_is_heard_within_a_parameter_array():
    asked = []

    def stop_soon():
        asked.append(True)
        return len(asked) > 5

    with pytest.raises(engine.EvaluationCancelled):
        lesson.check_network("deep-cnn", should_stop=stop_soon)  # its first array: 80 passes
    assert len(asked) == 6


def test_a_wrong_backward_pass_fails(monkeypatch):
    real_backward = engine.nn.layers.Affine.backward

    def off_by_a_little(layer, dout):
        dx = real_backward(layer, dout)
        layer.dW = layer.dW * 1.01
        return dx

    monkeypatch.setattr(engine.nn.layers.Affine, "backward", off_by_a_little)
    result = lesson.check_network(lesson.SMALL_NETWORK)
    assert not result.passed
    assert {p.name for p in result.parameters if not p.passed} == {"0.W", "2.W"}


def test_the_error_against_h_is_a_v():
    sweep = lesson.step_sweep()
    assert sweep.steps[0] == pytest.approx(1e-1) and sweep.steps[-1] == pytest.approx(1e-10)
    assert len(sweep.steps) == 19
    steps = np.array(sweep.steps)
    for dtype in ("float32", "float64"):
        errors = np.array(sweep.errors[dtype])
        best = int(np.argmin(errors))
        assert 0 < best < len(steps) - 1, dtype  # a V: it falls, then rises
        assert sweep.best(dtype) == (sweep.steps[best], sweep.errors[dtype][best])
    best64, error64 = sweep.best("float64")
    best32, error32 = sweep.best("float32")
    assert 1e-6 <= best64 <= 1e-4 and error64 < 1e-9  # measured: 3.2e-5, 2.0e-11
    assert 1e-3 <= best32 <= 1e-1 and error32 > 1e-6  # measured: 3.2e-2, 1.6e-5
    errors64 = np.array(sweep.errors["float64"])
    # right of the minimum the truncation error falls as h^2: 10x per half decade
    right = steps > 1e-3
    slope = np.polyfit(np.log10(steps[right]), np.log10(errors64[right]), 1)[0]
    assert slope == pytest.approx(2, abs=0.1)
    # left of it round-off grows as 1/h
    left = steps < 1e-6
    slope = np.polyfit(np.log10(steps[left]), np.log10(errors64[left]), 1)[0]
    assert slope == pytest.approx(-1, abs=0.25)
    # float32 at h below its eps: x + h == x, the numerical gradient is 0, the error 1
    assert sweep.errors["float32"][-1] == pytest.approx(1.0)


def test_the_sweep_reports_and_stops():
    heard = []
    lesson.step_sweep(steps=(1e-2, 1e-3), progress=lambda d, t: heard.append((d, t)))
    assert heard == [(1, 4), (2, 4), (3, 4), (4, 4)]
    with pytest.raises(engine.EvaluationCancelled):
        lesson.step_sweep(should_stop=lambda: True)
