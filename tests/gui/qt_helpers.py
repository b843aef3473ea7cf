"""Shared by the GUI tests: settings for short real runs, dataset folders on disk."""
from fakes import idx_bytes, tiny_dataset  # noqa: F401 - tiny_dataset: for the GUI tests

import engine
from engine.data.datasets import FILES


def small_settings(**overrides):
    values = {"preset": "mlp", "hidden": (16,), "batch_size": 20, "epochs": 3, "lr": 0.05}
    values.update(overrides)
    return engine.TrainSettings(**values)


def write_dataset_dir(folder, dataset):
    """The dataset as the four raw IDX files a dataset folder holds (no gzip needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {"train_images": dataset.x_train, "train_labels": dataset.t_train,
              "test_images": dataset.x_test, "test_labels": dataset.t_test}
    for key, array in arrays.items():
        (folder / FILES[key]).write_bytes(idx_bytes(array))
    return folder
