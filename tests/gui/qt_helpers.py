"""Shared by the GUI tests: settings for short real runs, dataset folders on disk."""
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
