"""Fewer and noisier training images: a subset is exactly that many distinct images, label noise
changes exactly that share of labels and each to another class, both repeat with the seed, and
a run trains on exactly what was asked while its test set stays whole."""
import dataclasses

import numpy as np
import pytest

import engine
from engine.data.subsets import noisy_labels, subset_indices, training_images

from fakes import tiny_dataset


@pytest.mark.parametrize("size", [1, 100, 999])
def test_a_subset_is_that_many_distinct_images_in_order(size):
    picked = subset_indices(size, 1000, seed=4)
    assert len(picked) == size == len(np.unique(picked))
    assert np.all(np.diff(picked) > 0) and picked.min() >= 0 and picked.max() < 1000


def test_a_subset_repeats_with_its_seed_and_changes_with_another():
    np.testing.assert_array_equal(subset_indices(100, 1000, 1), subset_indices(100, 1000, 1))
    assert not np.array_equal(subset_indices(100, 1000, 1), subset_indices(100, 1000, 2))


@pytest.mark.parametrize("size", [None, 1000, 5000])
def test_no_subset_or_one_too_large_is_every_image(size):
    np.testing.assert_array_equal(subset_indices(size, 1000, 0), np.arange(1000))


@pytest.mark.parametrize("fraction, changed", [(0.0, 0), (0.2, 200), (0.5, 500), (0.0004, 0),
                                               (0.0005, 0), (0.0015, 2), (0.999, 999)])
def test_label_noise_changes_exactly_that_share_each_to_another_class(fraction, changed):
    labels = np.arange(1000) % 10
    noisy, indices = noisy_labels(labels, fraction, seed=3)
    differs = np.flatnonzero(noisy != labels)
    assert len(differs) == changed
    np.testing.assert_array_equal(differs, indices)
    assert noisy.min() >= 0 and noisy.max() <= 9 and noisy.dtype == labels.dtype
    np.testing.assert_array_equal(labels, np.arange(1000) % 10)  # the caller's array untouched


def test_label_noise_spreads_over_every_other_class():
    labels = np.zeros(10_000, np.int64)
    noisy, _ = noisy_labels(labels, 0.9, seed=0)
    counts = np.bincount(noisy, minlength=10)
    assert counts[0] == 1000
    assert counts[1:].min() > 900 and counts[1:].max() < 1100  # about 9000 / 9 each


def test_training_images_picks_then_relabels_and_names_a_subset_too_large():
    x = np.arange(50, dtype=np.uint8).reshape(50, 1)
    t = np.arange(50) % 10
    x_small, t_small, changed, notice = training_images(x, t, 20, 0.25, seed=9)
    picked = subset_indices(20, 50, 9)
    np.testing.assert_array_equal(x_small[:, 0], picked)
    assert len(changed) == 5 and np.count_nonzero(t_small != t[picked]) == 5
    assert notice is None
    _, t_all, _, notice = training_images(x, t, 60, 0.0, seed=9)
    np.testing.assert_array_equal(t_all, t)
    assert notice == ("The training set has 50 images, fewer than the 60 asked for: "
                      "training on all of them.")


def test_a_run_trains_on_exactly_the_subset_with_exactly_the_noise(tmp_path):
    dataset = tiny_dataset(n_train=300, n_test=40)
    settings = engine.TrainSettings(preset="mlp", hidden=(8,), epochs=1, batch_size=10,
                                    train_subset=100, label_noise=0.3, seed=2)
    run = engine.build_training(settings, dataset, out=tmp_path)
    picked = subset_indices(100, 300, 2)
    assert run.train_size == 100 and run.iterations_per_epoch == 10
    np.testing.assert_array_equal(np.asarray(run.train_set[0]),
                                  engine.to_float32(dataset.x_train[picked]))
    assert np.count_nonzero(np.asarray(run.train_set[1]) != dataset.t_train[picked]) == 30
    assert len(run.relabelled) == 30
    assert len(run.test_set[1]) == 40  # the test set is never shrunk nor relabelled
    np.testing.assert_array_equal(np.asarray(run.test_set[1]), dataset.t_test)
    assert run.plan.training_config()["train_subset"] == 100
    assert run.plan.training_config()["label_noise"] == 0.3
    engine.train_to_end(run)
    assert run.trainer.updater.iteration == 10
    assert run.notices == []


def test_a_subset_larger_than_the_set_trains_on_all_and_says_so(tmp_path):
    dataset = tiny_dataset(n_train=50, n_test=10)
    settings = engine.TrainSettings(preset="mlp", hidden=(8,), epochs=1, train_subset=1000)
    run = engine.build_training(settings, dataset, out=tmp_path)
    assert run.train_size == 50
    assert run.notices == ["The training set has 50 images, fewer than the 1,000 asked for: "
                           "training on all of them."]


@pytest.mark.parametrize("field, value, words", [
    ("train_subset", 0, "a training subset is a number of images"),
    ("train_subset", -5, "a training subset is a number of images"),
    ("train_subset", 2.5, "a training subset is a number of images"),
    ("train_subset", True, "a training subset is a number of images"),
    ("label_noise", 1.0, "label noise is the share of labels changed"),
    ("label_noise", -0.1, "label noise is the share of labels changed"),
    ("label_noise", float("nan"), "label noise is the share of labels changed"),
    ("label_noise", "0.2", "label noise is the share of labels changed"),
])
def test_bad_data_choices_are_refused_with_a_sentence(field, value, words):
    settings = dataclasses.replace(engine.TrainSettings(), **{field: value})
    with pytest.raises(ValueError, match=words):
        settings.plan()
