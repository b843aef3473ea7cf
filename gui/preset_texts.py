"""The presets' descriptions (engine/training/presets.py), marked for translation.

The engine never imports Qt, so its text is repeated here where pyside6-lupdate finds it;
tests/gui/test_translations.py fails when the two differ.
"""
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

import engine

DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("Presets",
                      "Chapter 5's run: 784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 "
                      "iterations."),
    QT_TRANSLATE_NOOP("Presets",
                      "Three 3x3 convolution blocks (32, 64 and 128 filters, each with 2x2 max "
                      "pooling, batch norm and ReLU), 128 ReLU with dropout 0.3, 10. Adam lr "
                      "0.002 decaying x0.75 per epoch, batch 100, 12 epochs, augmented data: "
                      "99.4% or more."),
    QT_TRANSLATE_NOOP("Presets",
                      "For a lesson: 99% on MNIST in about 15 seconds on two cores. Two 5x5 "
                      "convolution blocks (16 and 32 filters, each with 2x2 max pooling, batch "
                      "norm and ReLU), then 10 outputs. Adam lr 0.005 falling linearly to 0, "
                      "batch 50, 1 epoch."),
    QT_TRANSLATE_NOOP("Presets",
                      "784-100-100-10 ReLU (He init), SGD with momentum 0.9, lr 0.05, batch "
                      "100, 10 epochs."),
    QT_TRANSLATE_NOOP("Presets",
                      "784-512-256-10 ReLU, dropout 0.2, Adam lr 0.001 decaying x0.8 per epoch,"
                      " batch 100, 12 epochs: about 98.5% on MNIST in well under a minute on "
                      "two cores."),
    QT_TRANSLATE_NOOP("Presets",
                      "The book's SimpleConvNet: conv 30x5x5, ReLU, 2x2 max pooling, 100 ReLU, "
                      "10. Adam lr 0.001 decaying x0.7 per epoch, batch 100, 6 epochs: about "
                      "99% on MNIST."),
    QT_TRANSLATE_NOOP("Presets",
                      "The book's TwoLayerNet 784-50-10 (ReLU, init 0.01), SGD lr 0.1, batch "
                      "100, 17 epochs."),
)


def preset_description(name):
    """The preset's description in the window's language."""
    return QCoreApplication.translate("Presets", engine.get_preset(name).description)
