"""Beside the app: the regression warm-up demos and the benchmark timings."""
