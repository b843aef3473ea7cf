"""Seconds of training until MNIST test accuracy first reaches 98.5%, 99.0% and 99.4%.

Trains a preset exactly as `python -m engine train --preset NAME` does (same settings, the
same per-epoch evaluation and learning-rate decay, augmentation if the preset uses it) and
checks the full 10,000-image test set every ``--every`` iterations. Those extra checks are
timed and taken off the clock: the figures are what the run itself needed.
Targets: 98.5% within 60 s on a 2-core lab PC (issue 5; the best peer needs 241 s); with
``--device gpu``, 99.4% within 60 s (bench/gpu_figures.py reports it); the ``lesson-cnn``
preset, 99.0% within 15 s (issue 19).

With ``--torch`` the same recipe (network, Adam, batch size, schedule, epochs; no
augmentation) is then trained in PyTorch 2.13 on two threads, with the same checks off the
clock, for a reference measured in the same run.

    python -m bench.time_to_accuracy [--preset deep-cnn] [--device cpu|gpu] [--every 200]
                                     [--seed 0] [--epochs N] [--torch] [--json]

With ``--device gpu`` and no usable GPU, or a GPU that fails during the run, training goes on
on the CPU as it does for a user; the output says where it really trained, and why.
"""
import argparse
import json
import time

import numpy as np

from engine.backend import get_array_module
from engine.data.datasets import find_dataset_dir, load_dataset, to_float32
from engine.device import DEVICES, synchronize
from engine.nn.parallel import use_cores
from engine.training.plan import LINEAR, TrainSettings
from engine.training.runs import build_training, train_to_end
from engine.training.trainer import Extension

THRESHOLDS = (0.985, 0.990, 0.994)


class AccuracyWatch(Extension):
    """Test accuracy every few iterations, against training time without its own checks."""

    priority = 0  # after the standard extensions: their time counts, like in a real run

    def __init__(self, every):
        self.trigger = (every, "iteration")
        self.model = self.test_set = None
        self.own_seconds = 0.0
        self.points = []  # (training seconds, iteration, accuracy)

    def attach(self, run):
        """Watch ``run``; also the ``prepare`` of train_to_end, so that a run restarted on the CPU
        after a GPU failure keeps the same watch (and its points)."""
        self.model, self.test_set = run.model, run.test_set
        run.trainer.extend(self)

    def __call__(self, trainer):
        _finish_queued_work(self.test_set[0])  # steps the GPU still has queued are training
        start = time.perf_counter()
        seconds = trainer.elapsed_time - self.own_seconds  # before this check, not after
        accuracy = self.model.accuracy(*self.test_set)
        self.points.append((seconds, trainer.updater.iteration, accuracy))
        self.own_seconds += time.perf_counter() - start


def _finish_queued_work(array):
    """Wait for the GPU (if ``array`` lives on one): CuPy calls return before their work ends."""
    synchronize(get_array_module(array))


def first_reached(points, threshold):
    for seconds, iteration, accuracy in points:
        if accuracy >= threshold:
            return {"seconds": round(seconds, 1), "iteration": iteration,
                    "accuracy": accuracy}
    return None


def measure(preset="deep-cnn", every=200, seed=0, epochs=None, device="cpu"):
    """Train ``preset`` once, checking test accuracy every ``every`` iterations: the figures.

    ``device`` is what was asked for; the result's "device" is where the run really trained
    and "notices" says why that differs (no GPU, or the GPU failed and the CPU took over).
    """
    settings = TrainSettings(preset=preset, seed=seed, epochs=epochs, device=device)
    run = build_training(settings, load_dataset(find_dataset_dir()), out=".")
    watch = AccuracyWatch(every)
    watch.attach(run)
    run, metrics = train_to_end(run, prepare=watch.attach)
    points = watch.points
    return {"preset": preset, "seed": seed, "every": every, "requested_device": device,
            "device": run.device, "notices": list(run.notices),
            "train_seconds": round(run.trainer.elapsed_time - watch.own_seconds, 1),
            "final_accuracy": metrics["test_accuracy"],
            "best_accuracy": max([p[2] for p in points] + [metrics["test_accuracy"]]),
            "epochs": metrics["epochs"], "iterations": metrics["iterations"],
            "reached": {f"{t:.3f}": first_reached(points, t) for t in THRESHOLDS},
            "points": points}


def measure_torch(preset="lesson-cnn", every=200, seed=0, epochs=None):
    """The preset's recipe in PyTorch (CPU, two threads): the same figures as ``measure``."""
    from .bench_cnn import torch_network  # noqa: PLC0415 - PyTorch only when asked
    from .torch_reference import import_torch  # noqa: PLC0415
    torch = import_torch(threads=2)
    plan = TrainSettings(preset=preset, seed=seed, epochs=epochs).plan()
    if plan.augment or plan.optimizer != "adam" or plan.unit != "epoch":
        raise SystemExit(f"--torch knows Adam runs of whole epochs without augmentation; "
                         f"{preset} is not one")
    data = load_dataset(find_dataset_dir())
    x_train, t_train, x_test, t_test = (torch.from_numpy(array) for array in (
        to_float32(data.x_train), data.t_train.astype(np.int64),
        to_float32(data.x_test), data.t_test.astype(np.int64)))
    torch.manual_seed(seed)
    model = torch_network(torch, preset)
    optimizer = torch.optim.Adam(model.parameters(), lr=plan.lr)
    total = plan.total_iterations(len(t_train))
    schedule = _torch_schedule(torch, optimizer, plan, total, len(t_train))
    loss_fn = torch.nn.CrossEntropyLoss()
    points, clock, iteration = [], 0.0, 0
    for _ in range(plan.epochs):
        for batch in torch.randperm(len(t_train)).split(plan.batch_size):
            start = time.perf_counter()
            model.train()
            optimizer.zero_grad()
            loss_fn(model(x_train[batch]), t_train[batch]).backward()
            optimizer.step()
            schedule.step()
            clock += time.perf_counter() - start
            iteration += 1
            if iteration % every == 0 or iteration == total:
                points.append((clock, iteration, _torch_accuracy(torch, model, x_test, t_test)))
    return {"preset": preset, "framework": f"PyTorch {torch.__version__}",
            "train_seconds": round(clock, 1),
            "final_accuracy": points[-1][2], "best_accuracy": max(p[2] for p in points),
            "reached": {f"{t:.3f}": first_reached(points, t) for t in THRESHOLDS}}


def _torch_schedule(torch, optimizer, plan, total, train_size):
    """The plan's learning-rate schedule per step: linear to 0, or the per-epoch decay."""
    if plan.lr_schedule == LINEAR:
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1 - step / total)
    per_epoch = plan.iterations_per_epoch(train_size)
    decay = plan.lr_decay or 1.0
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: decay ** (step // per_epoch))


def _torch_accuracy(torch, model, x, t):
    model.eval()
    with torch.no_grad():
        right = sum(int((model(x[i:i + 1000]).argmax(1) == t[i:i + 1000]).sum())
                    for i in range(0, len(t), 1000))
    return right / len(t)


def report_lines(result):
    """The result as lines of text: where it trained, each threshold, the totals."""
    where = result.get("framework") or f"DigitLab on the {result['device'].upper()}"
    lines = [f"{result['preset']} trained by {where}"]
    lines += [f"notice: {notice}" for notice in result.get("notices", ())]
    for threshold, hit in result["reached"].items():
        when = (f"{hit['seconds']:7.1f} s (iteration {hit['iteration']}, {hit['accuracy']:.4f})"
                if hit else "not reached")
        lines.append(f"{result['preset']} test accuracy >= {float(threshold):.1%}: {when}")
    length = f" ({result['epochs']:g} epochs)" if "epochs" in result else ""
    lines.append(f"training {result['train_seconds']} s{length}, final "
                 f"{result['final_accuracy']:.4f}, best {result['best_accuracy']:.4f}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="deep-cnn")
    parser.add_argument("--device", choices=DEVICES, default="cpu",
                        help="train on the CPU (NumPy, default) or an NVIDIA GPU (CuPy)")
    parser.add_argument("--every", type=int, default=200, help="iterations between checks")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, help="instead of the preset's number")
    parser.add_argument("--torch", action="store_true",
                        help="then the same recipe in PyTorch (CPU, 2 threads)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    use_cores()  # as `python -m engine train` does
    results = [measure(args.preset, args.every, args.seed, args.epochs, args.device)]
    if args.torch:
        results.append(measure_torch(args.preset, args.every, args.seed, args.epochs))
    if args.json:
        print(json.dumps(results if args.torch else results[0]))
        return
    print("\n".join(line for result in results for line in report_lines(result)))
    if args.torch:
        print(_ratio_line(results))


def _ratio_line(results):
    ours, theirs = (result["reached"]["0.990"] for result in results)
    if not (ours and theirs):
        return "time to 99.0%: not reached by both, no ratio"
    return (f"time to 99.0%: DigitLab {ours['seconds']} s, PyTorch {theirs['seconds']} s, "
            f"ratio {ours['seconds'] / theirs['seconds']:.2f}")


if __name__ == "__main__":
    main()
