"""`python -m engine`: train, evaluate, predict, check gradients, demos, fetch MNIST, benchmark.

Every command turns a user mistake (a missing file, a damaged model, a bad number) into one
line on stderr and exit status 2, never a traceback. ``train`` checks before it trains that
what it will write can be written, and never loses a finished run: when the final save still
fails, the model goes to another folder that the message names, with exit status 1 (as for a
run that a non-finite loss stopped: trained, but something needs looking at).
"""
import argparse
import dataclasses
import errno
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from ._version import __version__
from .data.datasets import DatasetError, find_dataset_dir, load_dataset, to_float32
from .data.fetch import DEFAULT_MIRRORS, FetchError, fetch_mnist
from .data.my_digits import load_my_digits, measure_my_digits, trained_ids_of
from .data.photo import NoDigitError, photo_ink
from .data.preprocess import EmptyCanvasError, to_mnist
from .device import array_module, gpu_status
from .files.images import ImageError, read_image
from .files.modelio import ModelFormatError, load_model
from .files.onnx_export import INPUT, ExportError, export_onnx
from .files.resources import bundled_model_path
from .inference import evaluate, predict_digit
from .lessons.book_check import book_check
from .nn.gradcheck import TOLERANCE, gradcheck_config
from .nn.network import ConfigError
from .nn.parallel import cores_in_use
from .tools.demos import DEMOS, run_demo
from .tools.system_info import system_info
from .training.extensions import PrintReport, ProgressBar, Snapshot
from .training.plan import LINEAR, TrainSettings
from .training.presets import get_preset, preset_names
from .training.run_store import RunStoreError, write_log_csv
from .training.runs import (
    OutputError,
    build_training,
    check_output_file,
    check_output_folder,
    model_file_bytes,
    save_trained_model,
    snapshot_file_bytes,
    train_to_end,
)
from .training.snapshots import SnapshotError, load_snapshot, os_error_reason

# What a user can cause: bad files, bad numbers, unwritable paths. Anything else is a bug and
# keeps its traceback.
USER_ERRORS = (DatasetError, ModelFormatError, ExportError, SnapshotError, ImageError, FetchError,
               ConfigError, EmptyCanvasError, NoDigitError, ValueError, OSError)


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except OSError as exc:  # its own text names no file or a temporary one: "[Errno 28] ..."
        print(f"error: {os_error_sentence(exc)}", file=sys.stderr)
        return 2
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


PHOTO_CANVAS = 280  # px: the window's canvas, where a photo's digit is placed as if drawn
WRITE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG}


def os_error_sentence(exc):
    """An OSError as one sentence naming the file the user knows (never a temporary file)."""
    # atomic_write names the target, never its temporary file
    name = exc.filename2 or exc.filename
    name = None if name is None else str(name)
    reason = os_error_reason(exc)
    if name is None:
        return f"{reason[:1].upper()}{reason[1:]}."
    if exc.errno == errno.ENOENT:
        return f"{name} does not exist."
    verb = "written" if exc.errno in WRITE_ERRNOS else "used"
    return f"{name} cannot be {verb}: {reason}."


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m engine",
        description="DigitLab's engine: train, evaluate, predict, check gradients, run a demo, "
                    "fetch MNIST, benchmark.")
    parser.add_argument("--version", action="version", version=f"DigitLab engine {__version__}")
    commands = parser.add_subparsers(title="commands")
    _add_train(commands)
    _add_eval(commands)
    _add_predict(commands)
    _add_gradcheck(commands)
    _add_demo(commands)
    _add_fetch(commands)
    _add_bench(commands)
    _add_my_digits(commands)
    _add_info(commands)
    _add_export(commands)
    return parser


# --- train --------------------------------------------------------------------------------------

def _add_train(commands):
    p = commands.add_parser("train", help="train a network on MNIST",
                            description=_preset_help(),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", default="mlp", type=_preset_name, metavar="NAME",
                   help=f"starting point: {', '.join(preset_names())} (default mlp)")
    p.add_argument("--hidden", type=_sizes, help="hidden layer sizes, e.g. 100,100")
    p.add_argument("--activation", choices=["relu", "sigmoid", "tanh"])
    p.add_argument("--batchnorm", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--dropout", type=float, help="dropout ratio after each hidden layer")
    p.add_argument("--optimizer", choices=["sgd", "momentum", "nesterov", "adagrad", "rmsprop",
                                           "adam"])
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--lr-decay", type=float, help="multiply the learning rate by this each epoch")
    p.add_argument("--lr-schedule", choices=[LINEAR],
                   help="linear: also let the learning rate fall in a straight line to 0 at the "
                        "last iteration (default: the preset's choice; lesson-cnn's is linear)")
    p.add_argument("--weight-decay", type=float, help="L2 weight decay rate")
    p.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help="randomly shift, rotate and scale every training batch (default: the "
                        "preset's choice; deep-cnn augments)")
    p.add_argument("--elastic", action=argparse.BooleanOptionalAction, default=None,
                   help="with --augment, also bend the digits with elastic distortion")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--subset", dest="train_subset", type=int, metavar="N",
                   help="train on N training images picked at random by the seed (default: "
                        "all): a small set shows overfitting")
    p.add_argument("--label-noise", type=float, metavar="FRACTION",
                   help="change this share of the training labels at random, e.g. 0.2")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int)
    length.add_argument("--iterations", type=int)
    p.add_argument("--seed", type=int, default=0,
                   help="random seed for weights, shuffling and dropout (default 0)")
    p.add_argument("--data", help="folder with the four IDX files (default: $DIGITLAB_DATA, "
                                  "then the bundled MNIST)")
    p.add_argument("--device", choices=["cpu", "gpu"], default="cpu",
                   help="train with NumPy on the CPU (default) or with CuPy on an NVIDIA GPU; "
                        "without a working GPU the run says why and trains on the CPU")
    p.add_argument("--out", help="where to save the trained model (.npz); default: none saved "
                                 "with --json, digitlab-<preset>.npz otherwise")
    p.add_argument("--snapshot-dir", help="save a resumable snapshot here after every epoch")
    p.add_argument("--resume", help="continue from a snapshot file")
    p.add_argument("--json", action="store_true", help="print only one final JSON line")
    p.add_argument("--log-csv", metavar="PATH",
                   help="after training, write the log to this CSV file: one row per log "
                        "entry, PrintReport's columns first, numbers in full precision")
    p.set_defaults(run=run_train)


def _preset_help():
    lines = ["Presets:"] + [f"  {name}: {get_preset(name).description}" for name in preset_names()]
    return "\n".join(lines)


def _preset_name(name):
    if name in DEMOS:
        raise argparse.ArgumentTypeError(f"{name} is a regression demo, not an MNIST preset: "
                                         f"run it with python -m engine demo {name}")
    try:
        get_preset(name)
    except KeyError as exc:  # its message names the choices
        raise argparse.ArgumentTypeError(exc.args[0]) from None
    return name


def _sizes(text):
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"hidden sizes must be integers like 100,100: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"hidden sizes must be positive integers: {text!r}")
    return sizes


def run_train(args):
    with cores_in_use():  # batches split across every core, BLAS on one thread in each
        return _train(args)


def _train(args):
    settings = TrainSettings(**{k: getattr(args, k) for k in (
        "preset", "hidden", "activation", "batchnorm", "dropout", "optimizer", "lr", "lr_decay",
        "lr_schedule", "weight_decay", "augment", "elastic", "batch_size", "epochs", "iterations",
        "train_subset", "label_noise", "device")},
        seed=args.seed)
    settings.plan()  # a bad setting is reported before MNIST is read or a GPU is woken
    model_path = _model_path(args)
    _check_outputs(args, model_path)  # and so is a place that cannot be written
    dataset = load_dataset(find_dataset_dir(args.data))
    out_dir = Path(args.snapshot_dir) if args.snapshot_dir else Path(".")
    run = build_training(settings, dataset, out=out_dir)
    # a model file says how to train it again
    run.command = shlex.join(["python", "-m", "engine", *args.argv])
    _check_outputs(args, model_path, run)  # now that the files' sizes are known
    for notice in run.notices:
        _warn(notice)
    if not args.json:
        print(f"training on {_device_words(run)}", file=sys.stderr)
    _add_cli_extensions(run.trainer, args)
    if args.resume:
        load_snapshot(args.resume, run.trainer)
        _prefer_command_line(run, args)
    run, metrics = train_to_end(run, prepare=lambda new_run: _add_cli_extensions(
        new_run.trainer, args), notify=_warn)
    _report_training_end(run, metrics, args)
    saved = _save_trained_model(run, metrics, args, model_path)
    logged = _write_log_csv(run, args)
    return 1 if run.trainer.warning or not saved or not logged else 0


def _model_path(args):
    return args.out or (None if args.json else f"digitlab-{args.preset}.npz")


def _check_outputs(args, model_path, run=None):
    """Refuse before training what could not be saved after it; with ``run``, also the space."""
    if model_path is not None:
        check_output_file(model_path, model_file_bytes(run) if run else 0)
    if args.snapshot_dir:
        check_output_folder(args.snapshot_dir, snapshot_file_bytes(run) if run else 0,
                            "a snapshot")
    if args.log_csv and run is None:
        _check_log_csv(Path(args.log_csv))


def _check_log_csv(path):
    """Before training: the CSV's folder exists and can be written. Unlike --out, a missing
    folder is refused, not created: it is most often a typing mistake."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give the CSV file a name, such as "
                          f"{path / 'log.csv'}.")
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise OutputError(f"{folder} is a file, not a folder: write the log somewhere else.")
        raise OutputError(f"The folder {folder} does not exist: create it, or write the log "
                          f"somewhere else.")
    check_output_folder(folder, 0, str(path))


def _write_log_csv(run, args):
    """True when the CSV was written (or not asked for); a trained run is kept either way."""
    if not args.log_csv:
        return True
    try:
        write_log_csv(run.log_report.log, args.log_csv)
    except RunStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    if not args.json:
        print(f"log written to {args.log_csv}")
    return True


# (argument, option, what the user calls it) of the hyperparameters a snapshot carries
RESUMABLE_OPTIONS = (("lr", "--lr", "learning rate"),
                     ("lr_decay", "--lr-decay", "learning-rate decay"),
                     ("weight_decay", "--weight-decay", "weight decay"))


def _prefer_command_line(run, args):
    """A snapshot brings back its run's hyperparameters; one typed on the command line wins
    from the first step on, and the user is told what it replaces."""
    restored = run.current_hyperparameters()
    asked = {key: getattr(args, key) for key, _, _ in RESUMABLE_OPTIONS
             if getattr(args, key) is not None}
    for key, option, words in RESUMABLE_OPTIONS:
        if key in asked and asked[key] != restored[key]:
            _warn(f"{option} {asked[key]:g} is used from here on, instead of the snapshot's "
                  f"{words} {restored[key]:g}.")
    run.request_hyperparameters(**asked)


def _warn(message):
    print(f"warning: {message}", file=sys.stderr)


def _device_words(run):
    if run.device == "gpu":
        return f"the GPU ({gpu_status().describe()}) with CuPy"
    return "the CPU with NumPy"


def _add_cli_extensions(trainer, args):
    if args.snapshot_dir:
        trainer.extend(Snapshot(filename="snapshot_latest.npz", notify=_warn))
    if not args.json:
        trainer.extend(PrintReport())
        trainer.extend(ProgressBar())


def _report_training_end(run, metrics, args):
    if run.trainer.warning:
        print(f"warning: {run.trainer.warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(metrics))
    else:
        print(f"test accuracy {metrics['test_accuracy']:.4f}, train accuracy "
              f"{metrics['train_accuracy']:.4f}, {metrics['train_seconds']:.1f} s of training "
              f"({run.trainer.stop_reason})")


def _save_trained_model(run, metrics, args, path):
    """True when the model is where it was asked to be; False when it had to go elsewhere."""
    if path is None:
        return True
    fallbacks = [args.snapshot_dir] if args.snapshot_dir else []
    saved = save_trained_model(run, metrics, path, fallback_folders=fallbacks)
    if saved.problem is not None:
        print(f"error: {saved.problem}", file=sys.stderr)
        return False
    if not args.json:
        print(f"model saved to {path}")
    return True


# --- eval ---------------------------------------------------------------------------------------

def _add_eval(commands):
    p = commands.add_parser("eval", help="accuracy, per-class accuracy and confusion matrix")
    p.add_argument("model")
    p.add_argument("--data", help="dataset folder (default: the bundled MNIST)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--list", type=_count, metavar="N",
                   help="first print the first N test images as the book's readers do: "
                        "'label == answer: o' (o right, x wrong)")
    p.set_defaults(run=run_eval)


def _count(text):
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of images, like 10: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"at least one image: {text!r}")
    return count


def run_eval(args):
    with cores_in_use():
        return _evaluate(args)


def _evaluate(args):
    loaded = load_model(args.model)
    dataset = load_dataset(find_dataset_dir(args.data))
    check = None
    if args.list:
        check = book_check(loaded, dataset.x_test, dataset.t_test, args.list,
                           class_names=loaded.class_names)
    result = evaluate(loaded.model, to_float32(dataset.x_test), dataset.t_test)
    if args.json:
        print(json.dumps(result if check is None else {**result, "list": list(check.lines)}))
        return 0
    if check is not None:
        print("\n".join(check.lines))
        print(f"the first {check.count} test images: {check.right_count} right "
              f"({check.accuracy:.2%})")
    print(f"{args.model} on {dataset.name} test set ({result['count']} images): "
          f"accuracy {result['accuracy']:.4f}")
    print("per class: " + "  ".join(f"{d}:{a:.3f}" for d, a in
                                    enumerate(result["per_class_accuracy"])))
    print("confusion matrix (rows: true digit, columns: predicted)")
    print("     " + "".join(f"{d:6d}" for d in range(10)))
    for digit, row in enumerate(result["confusion_matrix"]):
        print(f"{digit:4d} " + "".join(f"{n:6d}" for n in row))
    return 0


# --- predict ------------------------------------------------------------------------------------

def _add_predict(commands):
    p = commands.add_parser("predict", help="read digits from images (PNG, JPEG, PGM, ..., NPY)")
    p.add_argument("model")
    p.add_argument("images", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON line per image")
    p.set_defaults(run=run_predict)


def run_predict(args):
    model = load_model(args.model).model
    failures = 0
    for path in args.images:
        try:
            # the window's File > Open image does the same: a photo is read as a drawing
            image = to_mnist(photo_ink(read_image(path), PHOTO_CANVAS).canvas)
        except (ImageError, NoDigitError, ValueError) as exc:
            print(f"error: {path}: {exc}" if path not in str(exc) else f"error: {exc}",
                  file=sys.stderr)
            failures += 1
            continue
        _print_prediction(path, *predict_digit(model, image), args.json)
    return 2 if failures else 0


def _print_prediction(path, digit, probabilities, as_json):
    if as_json:
        print(json.dumps({"image": path, "digit": digit,
                          "probabilities": [round(float(p), 6) for p in probabilities]}))
        return
    bars = "  ".join(f"{d}:{p:.3f}" for d, p in enumerate(probabilities))
    print(f"{path}: {digit} ({probabilities[digit]:.1%})   {bars}")


# --- gradcheck ----------------------------------------------------------------------------------

def _add_gradcheck(commands):
    p = commands.add_parser("gradcheck", help="compare backprop with numerical gradients "
                                              "for every preset and demo (float64)")
    p.add_argument("--samples", type=int, default=40,
                   help="elements checked per parameter (default 40)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_gradcheck)




def run_gradcheck(args):
    configs = {**{name: get_preset(name).network_config() for name in preset_names()},
               **{name: demo.config for name, demo in DEMOS.items()}}
    results = {name: gradcheck_config(config, args.samples) for name, config in configs.items()}
    worst = max(max(errors.values()) for errors in results.values())
    passed = worst < TOLERANCE
    if args.json:
        print(json.dumps({"passed": passed, "tolerance": TOLERANCE,
                          "max_relative_error": worst, "presets": results}))
    else:
        for name, errors in results.items():
            status = "ok" if max(errors.values()) < TOLERANCE else "FAIL"
            print(f"{name:14s} {status:4s} max relative error {max(errors.values()):.2e}")
        print(f"{'passed' if passed else 'FAILED'}: tolerance {TOLERANCE:g}")
    return 0 if passed else 1


# --- demo ---------------------------------------------------------------------------------------

def _add_demo(commands):
    lines = ["Demos:"] + [f"  {name}: {DEMOS[name].description}" for name in sorted(DEMOS)]
    p = commands.add_parser("demo", help="run a regression warm-up (not MNIST)",
                            description="\n".join(lines),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", choices=sorted(DEMOS))
    p.add_argument("--seed", type=int, help="sum-product: the random seed (default 1)")
    p.add_argument("--json", action="store_true", help="print only one final JSON line")
    p.set_defaults(run=run_demo_command)


def run_demo_command(args):
    start = time.perf_counter()
    losses, extra = run_demo(args.name, seed=args.seed)
    seconds = time.perf_counter() - start
    summary = {"first_loss": losses[0], "final_loss": losses[-1], "steps": len(losses),
               "train_seconds": round(seconds, 3), **extra}
    if args.json:
        print(json.dumps(summary))
        return 0
    for step in sorted({0, *range(0, len(losses), max(1, len(losses) // 10)), len(losses) - 1}):
        print(f"step {step + 1:5d}  loss {losses[step]:.6g}")
    print(f"{DEMOS[args.name].description}\nfinal loss {losses[-1]:.6g} after {len(losses)} steps")
    if extra:
        x1_plus_x2, x1_times_x2 = extra["predict_0.3_0.5"]
        print(f"predict(0.3, 0.5) = ({x1_plus_x2:.4f}, {x1_times_x2:.4f}); exact (0.8, 0.15)")
        if losses[-1] > 0.05:
            print("the loss stalled: the hidden ReLUs died (never positive on the data, so no "
                  "gradient reaches them) and the output is a constant. Try another --seed.")
    return 0


# --- fetch --------------------------------------------------------------------------------------

def _add_fetch(commands):
    p = commands.add_parser("fetch", help="download MNIST (needs a network; checks SHA-256)")
    p.add_argument("--dest", default="mnist", help="folder to download into (default ./mnist)")
    p.add_argument("--mirror", action="append", metavar="URL",
                   help="a base URL to try instead of the public mirrors (repeatable), e.g. a "
                        "school's local copy")
    p.set_defaults(run=run_fetch)


def run_fetch(args):
    def progress(name, done, total):
        percent = f"{done / total:.0%}" if total else f"{done} bytes"
        print(f"\r{name}: {percent}", end="", file=sys.stderr, flush=True)

    mirrors = args.mirror or DEFAULT_MIRRORS
    folder = fetch_mnist(args.dest, base_urls=mirrors, progress=progress)
    print(f"\nMNIST is in {folder}; train with: python -m engine train --data {folder}")
    return 0


# --- info -------------------------------------------------------------------------------------

def _add_info(commands):
    p = commands.add_parser("info", help="what this machine is: OS, CPU, memory, BLAS and its "
                                         "threads, Python, NumPy, Qt, the GPU (for a bug report)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_info)


def run_info(args):
    info = system_info()  # probes the GPU: imports CuPy where it is installed
    print(json.dumps(dataclasses.asdict(info)) if args.json else "\n".join(info.lines()))
    return 0


# --- export -----------------------------------------------------------------------------------

def _add_export(commands):
    p = commands.add_parser("export", help="write a model as ONNX, for onnxruntime, Netron, ...")
    p.add_argument("model", type=Path, help="a DigitLab model (.npz)")
    p.add_argument("out", type=Path, help="the ONNX file to write")
    p.set_defaults(run=run_export)


def run_export(args):
    if args.out.resolve() == args.model.resolve():
        raise ExportError(f"{args.out}: the ONNX file would replace the model it is made from; "
                          "choose another name.")
    loaded = load_model(args.model)
    proto = export_onnx(loaded, args.out, source_name=args.model.stem)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, ONNX opset "
          f"{proto.opset_import[0].version}): input {INPUT!r} (N, "
          f"{', '.join(map(str, loaded.model.config['input_shape']))}), outputs "
          f"{', '.join(repr(o.name) for o in proto.graph.output)}")
    return 0


# --- bench --------------------------------------------------------------------------------------

def _add_bench(commands):
    p = commands.add_parser("bench", help="time an MLP epoch, batch-1 latency and a large matrix "
                                          "product on the CPU and (if there is one) the GPU")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--matmul-size", type=int, default=10000,
                   help="side of the float32 product (default 10000, as in the seed document; "
                        "0 skips it)")
    p.add_argument("--matmul-repeats", type=int, default=1,
                   help="timed NumPy products (default 1: one takes tens of seconds on 2 "
                        "cores); CuPy always times 5")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_bench)


def run_bench(args):
    from .tools.benchmark import matmul_timing, mlp_epoch_seconds, single_image_latency  # noqa: PLC0415
    if args.epochs < 1 or args.matmul_size < 0 or args.matmul_repeats < 1:
        raise ValueError("--epochs and --matmul-repeats must be at least 1, --matmul-size >= 0")
    dataset = load_dataset(find_dataset_dir(None))
    x, t = to_float32(dataset.x_train), dataset.t_train.astype(np.int64)
    gpu = gpu_status()
    epochs = {"cpu": mlp_epoch_seconds(x, t, epochs=args.epochs)}
    if gpu.available:
        epochs["gpu"] = mlp_epoch_seconds(x, t, epochs=args.epochs, xp=array_module("gpu"))
    result = {"gpu": gpu.describe(), "gpu_available": gpu.available,
              "mlp_epoch_seconds": epochs["cpu"], "mlp_epoch_median_s": float(np.median(
                  epochs["cpu"])), "batch1_latency_median_us": single_image_latency(x[:200])}
    if "gpu" in epochs:
        result["gpu_mlp_epoch_seconds"] = epochs["gpu"]
        result["gpu_mlp_epoch_median_s"] = float(np.median(epochs["gpu"]))
    if args.matmul_size:
        timings = [matmul_timing(np, args.matmul_size, args.matmul_repeats)]
        if gpu.available:
            timings.append(matmul_timing(array_module("gpu"), args.matmul_size, 5))
        result["matmul"] = [dict(dataclasses.asdict(m), gflops=m.gflops) for m in timings]
    _print_bench(result, args.json)
    return 0


def _print_bench(result, as_json):
    if as_json:
        print(json.dumps(result))
        return
    print(f"GPU: {result['gpu']}")
    for device, key in (("CPU", "mlp_epoch_seconds"), ("GPU", "gpu_mlp_epoch_seconds")):
        if key in result:
            print(f"MLP 784-100-100-10, batch 100, SGD momentum, {device}: epoch "
                  f"{np.median(result[key]):.3f} s (median of {len(result[key])})")
    print(f"batch-1 prediction latency (CPU): {result['batch1_latency_median_us']:.1f} us "
          f"(median)")
    for m in result.get("matmul", []):
        line = (f"{m['size']}x{m['size']} float32 product, {m['module']}: {m['seconds']:.4f} s "
                f"({m['gflops']:.0f} GFLOP/s, median of {m['repeats']} after a warm-up)")
        if m["module"] != "numpy":
            line += (f"; the call alone returns in {m['launch_seconds'] * 1e3:.3f} ms: timing "
                     f"that, without synchronising, measures the launch, not the product")
        print(line)


# --- my-digits ----------------------------------------------------------------------------------

def _add_my_digits(commands):
    p = commands.add_parser("my-digits", help="a collection of my digits: digits per label, and "
                                              "a model's accuracy on all and on the held-out "
                                              "ones")
    p.add_argument("file", help="a digits file (my_digits.npz, or one exported from the app)")
    p.add_argument("--model", help="the model to measure (default: the bundled one)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_my_digits)


def run_my_digits(args):
    digits = load_my_digits(args.file)
    model_path = args.model or str(bundled_model_path())
    loaded = load_model(model_path)
    figures = measure_my_digits(loaded, digits, trained_ids_of(loaded))
    result = {"file": args.file, "count": len(digits),
              "counts": [int(n) for n in digits.counts()],
              "held_out": int(digits.held_out_mask().sum()), "model": model_path,
              "accuracy": figures.every.accuracy if figures.every else None,
              "held_out_measured": len(figures.held_out_ids),
              "held_out_accuracy": figures.held_out.accuracy if figures.held_out else None,
              "excluded": figures.excluded}
    if args.json:
        print(json.dumps(result))
    else:
        _print_my_digits(result)
    return 0


def _print_my_digits(result):
    print(f"{result['file']}: {result['count']} digits, {result['held_out']} of them held out "
          f"(never trained on)")
    print("per digit: " + "  ".join(f"{d}:{n}" for d, n in enumerate(result["counts"])))
    if result["accuracy"] is None:
        print("no digits to measure")
        return
    print(f"{result['model']} on all {result['count']} digits: accuracy "
          f"{result['accuracy']:.4f}")
    if result["held_out_accuracy"] is None:
        print("no held-out digit to measure the model on")
    else:
        print(f"{result['model']} on the {result['held_out_measured']} held-out digits: "
              f"accuracy {result['held_out_accuracy']:.4f}")
    if result["excluded"]:
        print(f"{result['excluded']} held-out digits left out: the model's file says it "
              f"trained on them")
