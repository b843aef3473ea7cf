"""DigitLab's neural-network engine: NumPy (or CuPy) only, never Qt.

The public API a script or the GUI uses is re-exported here. Behind it:

* ``nn/``          the book: layers, convolution, network, optimizers, gradcheck (read it first)
* ``training/``    Chainer's shape: trainer, triggers, extensions/, snapshots, presets, plan, runs
* ``data/``        datasets, fetch, iterators, augmentation, a drawing -> 28x28
* ``files/``       atomic writes, model files, image files, shipped resources
* ``inference.py`` reading a digit and measuring a test set
* ``inspect.py``   inside a network: each layer's output, the diagram, knocked-out units, PCA
* ``tools/``       the regression warm-up demos and benchmark timings
* ``backend.py`` and ``device.py``: NumPy or CuPy, and whether there is a GPU

Run ``python -m engine --help`` for the command line.
"""
from ._version import __version__
from .data.augment import Augmentation
from .data.datasets import (
    Dataset,
    DatasetError,
    dataset_name,
    dataset_problem,
    find_dataset_dir,
    known_dataset_dirs,
    load_dataset,
    load_mnist,
    to_float32,
)
from .data.iterators import BatchIterator

# my digits (issue 18 items 8-10)
from .data.my_digits import (
    HELD_OUT_SHARE,
    MAX_DIGITS,
    MY_DIGITS_FILE,
    FineTuneMix,
    MyDigits,
    MyDigitsError,
    MyDigitsFigures,
    is_held_out,
    load_my_digits,
    measure_my_digits,
    mix_for_fine_tuning,
    save_my_digits,
    trained_ids_of,
)
from .data.photo import NoDigitError, PhotoInk, photo_ink
from .data.preprocess import EmptyCanvasError, has_ink, to_mnist
from .device import GpuStatus, check_device_name, gpu_status
from .files.fileio import atomic_write
from .files.images import MAX_DECODED_BYTES as MAX_IMAGE_DECODED_BYTES
from .files.images import MAX_FILE_BYTES as MAX_IMAGE_FILE_BYTES
from .files.images import MAX_PIXELS as MAX_IMAGE_PIXELS
from .files.images import MAX_SIDE as MAX_IMAGE_SIDE
from .files.images import reduction_factor as image_reduction_factor
from .files.modelio import LoadedModel, ModelFormatError, load_model, save_model
from .files.onnx_export import ExportError, export_onnx
from .files.resources import assets_dir, bundled_model_path, is_shipped
from .inference import (
    EvaluationCancelled,
    LayerMap,
    Predictions,
    cell_indices,
    confidence_threshold,
    evaluate,
    evaluate_predictions,
    last_hidden_layer,
    layer_features,
    layer_map,
    masked_accuracy,
    masked_layer_outputs,
    predict_digit,
)
from .inspect import (
    LayerOutput,
    LayerSummary,
    NetworkSummary,
    PrincipalComponents,
    WeightImages,
    host_gradients,
    layer_outputs,
    masked_outputs,
    network_summary,
    weight_arrays,
    weight_histograms,
    weight_images,
)
from .messages import Sentence, sentence, sentence_of
from .nn.gradcheck import gradcheck, numerical_gradient
from .nn.network import ConfigError, Sequential, build_network
from .nn.optimizers import make_optimizer
from .nn.parallel import usable_cores, use_cores
from .tools.system_info import SystemInfo, system_info
from .training.curves import SmoothedSeries
from .training.estimate import estimate_seconds
from .training.extensions import (
    DEFAULT_ENTRIES as LOG_COLUMNS,
)
from .training.extensions import (
    BatchedCallback,
    Callback,
    Evaluator,
    ExponentialShift,
    LogReport,
    NonFiniteGuard,
    PrintReport,
    ProgressBar,
    Snapshot,
    format_log_cell,
)
from .training.hyperparameters import (
    check_hyperparameters,
    recorded_changes,
    starting_hyperparameters,
)
from .training.plan import TrainPlan, TrainSettings
from .training.presets import Preset, get_preset, mlp_config, preset_names
from .training.resume import SNAPSHOT_FILE as RESUME_SNAPSHOT
from .training.resume import ResumeError, UnfinishedRun, UnfinishedRuns
from .training.run_store import (
    RUNS_BUDGET_BYTES,
    KeptRun,
    RunStore,
    RunStoreError,
    differing_settings,
    write_log_csv,
)
from .training.runs import (
    StartingPoint,
    TrainingRun,
    build_training,
    final_metrics,
    model_metadata,
    train_to_end,
)
from .training.snapshots import SnapshotError, load_snapshot
from .training.trainer import StandardUpdater, Trainer

__all__ = [
    "Augmentation", "BatchIterator", "BatchedCallback", "Callback", "ConfigError", "Dataset",
    "DatasetError", "EmptyCanvasError", "EvaluationCancelled", "Evaluator", "ExponentialShift",
    "ExportError", "export_onnx",
    "GpuStatus", "LayerOutput", "LayerSummary", "LoadedModel", "LogReport", "ModelFormatError",
    "LayerMap", "NetworkSummary", "NonFiniteGuard", "Predictions", "Preset", "PrincipalComponents",
    "PrintReport", "ProgressBar", "StartingPoint", "RESUME_SNAPSHOT", "ResumeError",
    "UnfinishedRun",
    "UnfinishedRuns", "Sequential", "SmoothedSeries", "Snapshot", "SnapshotError",
    "StandardUpdater", "TrainPlan", "TrainSettings", "Trainer", "TrainingRun", "__version__",
    "assets_dir", "atomic_write", "build_network", "build_training", "bundled_model_path",
    "cell_indices", "check_device_name", "check_hyperparameters", "confidence_threshold",
    "dataset_name", "dataset_problem", "estimate_seconds", "evaluate", "evaluate_predictions",
    "final_metrics", "find_dataset_dir", "get_preset", "gpu_status", "gradcheck", "has_ink",
    "is_shipped", "known_dataset_dirs", "last_hidden_layer", "layer_features", "layer_map",
    "layer_outputs", "load_dataset", "load_mnist", "load_model",
    "load_snapshot", "make_optimizer", "masked_accuracy", "masked_layer_outputs",
    "masked_outputs", "mlp_config", "model_metadata",
    "network_summary", "numerical_gradient", "predict_digit", "preset_names", "save_model",
    "to_float32", "to_mnist", "train_to_end",
    # the weights as pictures and histograms (issue 16 item 3)
    "WeightImages", "host_gradients", "weight_arrays", "weight_histograms", "weight_images",
    # hyperparameters changed mid-run, as a model file records them (issue 18 item 1)
    "recorded_changes", "starting_hyperparameters",
    # the Trainer's view of a run: PrintReport's columns as it prints them (issue 18 item 4)
    "LOG_COLUMNS", "format_log_cell",
    # every run kept, listed, compared, exported (issue 18 items 5 and 6)
    "KeptRun", "RUNS_BUDGET_BYTES", "RunStore", "RunStoreError", "differing_settings",
    "write_log_csv",
    # a photo of a handwritten digit, read as a drawing (issue 20 item 6)
    "NoDigitError", "PhotoInk", "photo_ink",
    "Sentence", "sentence", "sentence_of",
    # the limits on an image file, which the window's own reader keeps too
    "MAX_IMAGE_DECODED_BYTES", "MAX_IMAGE_FILE_BYTES", "MAX_IMAGE_PIXELS", "MAX_IMAGE_SIDE",
    "image_reduction_factor",
    # my digits (issue 18 items 8-10)
    "FineTuneMix", "HELD_OUT_SHARE", "MAX_DIGITS", "MY_DIGITS_FILE", "MyDigits", "MyDigitsError",
    "MyDigitsFigures", "is_held_out", "load_my_digits", "measure_my_digits",
    "mix_for_fine_tuning", "save_my_digits", "trained_ids_of",
    # how the engine uses the cores (issue 19)
    "usable_cores", "use_cores",
    # what machine this is (issue 20 item 5)
    "SystemInfo", "system_info",
]
