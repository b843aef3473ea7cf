"""Benchmarks that print ratios against a reference measured in the same run.

Run each as a module from the checkout, e.g. ``.venv/bin/python -m bench.bench_mlp``: the
checkout's engine and gui are then imported without any path editing.
"""
