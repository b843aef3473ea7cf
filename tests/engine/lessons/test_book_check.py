"""Lesson 7's lines: the first test images as the book's readers print them, `label == answer:
o` or `x`, from the network's own answers (the arg-max of its scores)."""
import numpy as np
import pytest

from engine.data.datasets import find_dataset_dir, load_dataset, to_float32
from engine.files.modelio import load_model
from engine.files.resources import bundled_model_path
from engine.inference import EvaluationCancelled, evaluate_predictions
from engine.lessons.book_check import SOURCES, book_check, check_line
from engine.lessons.source import source_of
from engine.nn.network import build_network
from engine.training.presets import mlp_config


def test_a_line_is_label_answer_and_mark():
    assert check_line("7", "7") == "7 == 7: o"
    assert check_line("6", "5") == "6 == 5: x"
    assert check_line("A", "a") == "A == a: x"


def pixel_reader():
    """A network without hidden layers whose answer is the brightest of the first ten
    pixels of the image's top row: its answers are known before it runs."""
    network = build_network(mlp_config(hidden=()))
    weights = np.zeros((784, 10), dtype=np.float32)
    weights[np.arange(10), np.arange(10)] = 1.0
    network.load_state_arrays({"0.W": weights, "0.b": np.zeros(10, dtype=np.float32)})
    return network


def images_answering(answers):
    images = np.zeros((len(answers), 28, 28), dtype=np.uint8)
    images[np.arange(len(answers)), 0, answers] = 255
    return images


def test_a_known_network_gives_known_lines():
    answers = [7, 2, 1, 6, 4]
    labels = np.array([7, 2, 1, 5, 9])
    check = book_check(pixel_reader(), images_answering(answers), labels, 5)
    assert check.lines == ("7 == 7: o", "2 == 2: o", "1 == 1: o", "5 == 6: x", "9 == 4: x")
    assert check.marks == ("o", "o", "o", "x", "x")
    assert check.right == (True, True, True, False, False)
    assert check.count == 5 and check.right_count == 3 and check.accuracy == 0.6
    assert check.wrong_indices() == (3, 4)


def test_only_the_first_n_are_read_and_n_past_the_end_reads_all():
    answers = [3, 3, 8, 0]
    images, labels = images_answering(answers), np.array([3, 1, 8, 0])
    assert book_check(pixel_reader(), images, labels, 2).lines == ("3 == 3: o", "1 == 3: x")
    assert book_check(pixel_reader(), images, labels, 99).count == 4
    with pytest.raises(ValueError, match="at least one image"):
        book_check(pixel_reader(), images, labels, 0)


def test_class_names_are_printed_when_the_model_has_them():
    names = [f"d{n}" for n in range(10)]
    check = book_check(pixel_reader(), images_answering([4]), np.array([9]), 1, names)
    assert check.lines == ("d9 == d4: x",)
    with pytest.raises(ValueError, match="3 class names for a network with 10 outputs"):
        book_check(pixel_reader(), images_answering([4]), np.array([9]), 1, ["a", "b", "c"])


def test_progress_and_stop_are_evaluate_predictions_own():
    seen = []
    book_check(pixel_reader(), images_answering([1, 2]), np.array([1, 2]), 2,
               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)]
    with pytest.raises(EvaluationCancelled):
        book_check(pixel_reader(), images_answering([1]), np.array([1]), 1,
                   should_stop=lambda: True)


def test_the_bundled_model_on_the_first_test_images():
    loaded = load_model(bundled_model_path())
    data = load_dataset(find_dataset_dir(None))
    check = book_check(loaded, data.x_test, data.t_test, 200, loaded.class_names)
    predicted = evaluate_predictions(loaded, to_float32(data.x_test[:200]), data.t_test[:200])
    assert [int(a) for a in check.answers] == predicted.predicted.tolist()
    assert [int(label) for label in check.labels] == data.t_test[:200].tolist()
    assert check.lines[:3] == ("7 == 7: o", "2 == 2: o", "1 == 1: o")
    assert check.accuracy == pytest.approx(predicted.accuracy)


def test_the_code_shown_holds_the_lines_it_highlights():
    for item in SOURCES:
        source = source_of(item.obj)
        assert all(source.line_of(fragment) for fragment in item.highlight), item.name
