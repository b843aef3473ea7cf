"""Does fine-tuning on my digits make a model forget MNIST? The shipped model fine-tuned at its
own learning rate and at TrainSettings.for_fine_tuning's (a tenth), side by side.

"My digits" here are MNIST test images shifted sideways (a hand MNIST centres differently),
picked by the seed; the held-out ones are never trained on. Each run trains the model on from
its weights for one epoch on ``--mnist`` MNIST training images plus the mix, and prints the
MNIST test accuracy and the held-out accuracy before and after.

    python -m bench.fine_tune_rate [--digits 100] [--mnist 10000] [--shift 4] [--seed 0]
"""
import argparse
import dataclasses
import tempfile
import time

import numpy as np

import engine


def shifted_digits(dataset, count, shift, seed):
    rng = np.random.default_rng(seed)
    digits = engine.MyDigits.empty()
    for index in rng.choice(len(dataset.t_test), count, replace=False):
        digits = digits.add(np.roll(dataset.x_test[index], shift, axis=1),
                            int(dataset.t_test[index]))
    return digits


def fine_tune(loaded, dataset, digits, settings, mnist_images):
    mix = engine.mix_for_fine_tuning(digits, mnist_images)
    start = engine.StartingPoint.of(loaded.model)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        run = engine.build_training(settings, mix.mixed_into(dataset), out=out,
                                    start_from=start)
        run, metrics = engine.train_to_end(run)
    figures = engine.measure_my_digits(run.model, digits, mix.trained_ids)
    return time.perf_counter() - began, metrics["test_accuracy"], figures.held_out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=100)
    parser.add_argument("--mnist", type=int, default=10_000)
    parser.add_argument("--shift", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    dataset = engine.load_mnist()
    loaded = engine.load_model(engine.bundled_model_path())
    digits = shifted_digits(dataset, args.digits, args.shift, args.seed)
    before = engine.measure_my_digits(loaded.model, digits).held_out
    recorded = engine.TrainSettings.from_dict(loaded.header["extra"]["settings"])
    print(f"before: MNIST test {loaded.header['metrics']['test_accuracy']:.4f}, held-out "
          f"{before.accuracy:.3f} of {len(before.labels)}")
    tuned = recorded.for_fine_tuning(1)
    for name, settings in (("recorded rate", dataclasses.replace(tuned, lr=recorded.plan().lr)),
                           ("a tenth", tuned)):
        seconds, mnist, held_out = fine_tune(loaded, dataset, digits, settings, args.mnist)
        print(f"{name} (lr {settings.lr:g}): {seconds:.1f} s, MNIST test {mnist:.4f}, held-out "
              f"{held_out.accuracy:.3f} of {len(held_out.labels)}", flush=True)


if __name__ == "__main__":
    main()
