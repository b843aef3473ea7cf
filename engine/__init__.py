"""DigitLab's neural-network engine: NumPy (or CuPy) only, never Qt.

Public API: layers, networks built from JSON-able configs, optimizers, a Chainer-style Trainer
with extensions, MNIST loading, model files and drawing preprocessing. Run ``python -m engine``.
"""
__version__ = "0.1.0"
