"""Shared by the GUI tests: settings for short real runs, dataset folders, scripted dialogs."""
import numpy as np
from fakes import tiny_dataset  # noqa: F401 - re-exported for the GUI tests

import engine


def small_settings(**overrides):
    values = {"preset": "mlp", "hidden": (16,), "batch_size": 20, "epochs": 3, "lr": 0.05}
    values.update(overrides)
    return engine.TrainSettings(**values)


def write_dataset_dir(folder, dataset):
    """The dataset as the four raw IDX files a dataset folder holds (no gzip needed)."""
    import struct
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = {"train-images-idx3-ubyte": dataset.x_train, "train-labels-idx1-ubyte": dataset.t_train,
             "t10k-images-idx3-ubyte": dataset.x_test, "t10k-labels-idx1-ubyte": dataset.t_test}
    for name, array in parts.items():
        magic = 0x00000803 if array.ndim == 3 else 0x00000801
        header = struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in array.shape)
        (folder / name).write_bytes(header + np.ascontiguousarray(array, np.uint8).tobytes())
    return folder


class AnsweringDialogs:
    """Stands in for gui.main_window.Dialogs: records messages, answers from a script."""

    def __init__(self):
        self.errors, self.warnings, self.questions = [], [], []
        self.save_answer = "discard"
        self.open_path = self.save_path = self.folder = None

    def error(self, title, text):
        self.errors.append((title, text))

    def warning(self, title, text):
        self.warnings.append((title, text))

    def ask_save_changes(self, text):
        self.questions.append(text)
        return self.save_answer

    def open_model_path(self, folder):
        return self.open_path

    def save_model_path(self, suggestion):
        self.suggested = suggestion
        return self.save_path

    def dataset_folder(self, folder):
        return self.folder
