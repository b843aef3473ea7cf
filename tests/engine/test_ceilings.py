"""The memory ceilings of the hostile-input tests can fail: NumPy's allocations are seen."""
import numpy as np
import pytest

from ceilings import outcome_and_peak, peak_of, traced_peak

MB = 2**20


def test_a_numpy_array_counts_towards_the_peak_even_once_freed():
    assert peak_of(lambda: np.ones(8 * MB, np.uint8).sum()) >= 8 * MB
    assert peak_of(lambda: None) < MB


def test_the_expected_error_is_returned_and_any_other_propagates():
    def refuse():
        np.ones(4 * MB, np.uint8)
        raise ValueError("refused")

    error, peak = outcome_and_peak(refuse, ValueError)
    assert str(error) == "refused" and peak >= 4 * MB
    def failing_check():
        assert np.ones(3).sum() == 4, "a failed check is never swallowed"

    with pytest.raises(AssertionError, match="never swallowed"):
        outcome_and_peak(failing_check, ValueError)


def test_the_peak_is_filled_in_when_the_block_raises():
    with pytest.raises(KeyError), traced_peak() as peak:
        np.ones(2 * MB, np.uint8)
        raise KeyError("x")
    assert peak["bytes"] >= 2 * MB
