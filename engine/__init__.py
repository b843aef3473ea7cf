"""DigitLab's neural-network engine: NumPy (or CuPy) only, never Qt.

The public API a script or the GUI uses is re-exported here; the modules behind it are
layers, network, optimizers, trainer/extensions, datasets/iterators, modelio, preprocess and
recipes. Run ``python -m engine --help`` for the command line.
"""
__version__ = "0.1.0"

from .augment import Augmentation
from .curves import SmoothedSeries
from .device import GpuStatus, check_device_name, gpu_status
from .datasets import (Dataset, DatasetError, dataset_name, find_dataset_dir,
                       known_dataset_dirs, load_dataset, load_mnist, to_float32)
from .extensions import (BatchedCallback, Callback, Evaluator, ExponentialShift, LogReport,
                         NonFiniteGuard, PrintReport, ProgressBar, Snapshot, SnapshotError,
                         load_snapshot)
from .gradcheck import gradcheck, numerical_gradient
from .iterators import BatchIterator
from .modelio import LoadedModel, ModelFormatError, load_model, predict_digit, save_model
from .network import ConfigError, Sequential, build_network
from .optimizers import make_optimizer
from .preprocess import EmptyCanvasError, has_ink, to_mnist
from .presets import get_preset, mlp_config, preset_names
from .fileio import atomic_write
from .resources import assets_dir, bundled_model_path, is_shipped
from .recipes import (TrainSettings, TrainingRun, build_training, final_metrics,
                      model_metadata, train_to_end)
from .trainer import StandardUpdater, Trainer

__all__ = [
    "Augmentation", "BatchIterator", "BatchedCallback", "Callback", "ConfigError", "Dataset",
    "DatasetError",
    "EmptyCanvasError", "Evaluator", "ExponentialShift", "GpuStatus", "LoadedModel",
    "LogReport",
    "ModelFormatError",
    "NonFiniteGuard", "PrintReport", "ProgressBar", "Sequential", "SmoothedSeries", "Snapshot",
    "SnapshotError", "StandardUpdater", "Trainer", "TrainingRun", "TrainSettings", "assets_dir",
    "atomic_write", "build_network", "build_training", "bundled_model_path", "check_device_name",
    "dataset_name",
    "final_metrics", "find_dataset_dir", "get_preset", "gpu_status", "gradcheck", "has_ink",
    "is_shipped",
    "known_dataset_dirs", "load_dataset", "load_mnist", "load_model", "load_snapshot",
    "make_optimizer", "mlp_config", "model_metadata", "numerical_gradient", "predict_digit",
    "preset_names", "save_model", "to_float32", "to_mnist", "train_to_end",
]
