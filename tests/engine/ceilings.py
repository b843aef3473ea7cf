"""Memory ceilings for tests of hostile input: what a reader allocates, measured, not timed.

tracemalloc sees Python's and NumPy's allocations in every thread (not Pillow's own C
buffers: the image tests measure a child process's peak for those).
"""
import contextlib
import tracemalloc


@contextlib.contextmanager
def traced_peak():
    """{"bytes": the most allocated at once} while the block ran (filled in when it ends,
    also when it raises)."""
    measured = {}
    tracemalloc.start()
    try:
        yield measured
    finally:
        measured["bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def peak_of(function):
    """Peak bytes allocated while `function()` ran (its errors, assertions too, propagate)."""
    with traced_peak() as peak:
        function()
    return peak["bytes"]


def outcome_and_peak(function, expected):
    """(what `function()` returned, or the `expected` exception it raised; peak bytes)."""
    with traced_peak() as peak:
        try:
            outcome = function()
        except expected as exc:
            outcome = exc
    return outcome, peak["bytes"]
