"""`python -m engine`: every command on real MNIST, and every user mistake as a clear message."""
import csv
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from engine import cli
from engine.cli import main
from engine.data.datasets import find_dataset_dir, load_mnist
from engine.data.my_digits import MyDigits, measure_my_digits, save_my_digits
from engine.files.modelio import load_model, save_model
from engine.files.resources import bundled_model_path
from engine.lessons.book_check import book_check
from engine.nn.network import build_network
from engine.training.extensions import DEFAULT_ENTRIES as LOG_COLUMNS
from engine.training.presets import mlp_config
from engine.training.run_store import RunStoreError


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory):
    """A small model trained through the CLI itself (1000 iterations, a few seconds)."""
    path = tmp_path_factory.mktemp("model") / "two-layer.npz"
    code = main(["train", "--preset", "book-ch05", "--iterations", "1000", "--json",
                 "--out", str(path)])
    assert code == 0
    return path


def test_train_json_prints_one_line_with_the_promised_keys(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "train", "--preset", "book-ch05", "--iterations", "300",
                           "--json", "--out", str(tmp_path / "m.npz"))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) == {"test_accuracy", "train_accuracy", "train_seconds", "epochs",
                           "iterations", "measured_images"}
    assert result["measured_images"] == 70_000  # the CLI never skips the final measurement
    assert result["iterations"] == 300 and result["epochs"] == pytest.approx(0.5)
    assert result["test_accuracy"] > 0.85  # 300 SGD steps already read most digits
    assert (tmp_path / "m.npz").exists()


def test_train_prints_a_table_and_saves(capsys, tmp_path):
    code, out, err = run_cli(capsys, "train", "--hidden", "32", "--epochs", "1",
                             "--out", str(tmp_path / "m.npz"))
    assert code == 0
    assert "validation/main/accuracy" in out and "model saved to" in out
    assert "ETA" in err or "iters/sec" in err or "%" in err


def test_a_hundred_images_are_learnt_by_heart_and_the_model_says_how_it_was_trained(
        capsys, tmp_path):
    """The overfitting lesson on the command line: 100 training images are read perfectly,
    MNIST's 10,000 test images far worse; the model file records the subset and the noise."""
    path = tmp_path / "m.npz"
    code, out, _ = run_cli(capsys, "train", "--subset", "100", "--label-noise", "0.1",
                           "--epochs", "20", "--batch-size", "10", "--json", "--out", str(path))
    assert code == 0
    result = json.loads(out)
    assert result["iterations"] == 200 and result["measured_images"] == 10_100
    assert result["train_accuracy"] >= 0.95  # the ten changed labels learnt by heart too
    assert result["test_accuracy"] < result["train_accuracy"] - 0.2
    extra = load_model(path).header["extra"]
    assert extra["train"]["train_subset"] == 100 and extra["train"]["label_noise"] == 0.1
    # the command that trained it, as a user can paste it again
    assert extra["command"] == (f"python -m engine train --subset 100 --label-noise 0.1 "
                                f"--epochs 20 --batch-size 10 --json --out {path}")


def test_the_linear_schedule_is_chosen_on_the_command_line_and_recorded(capsys, tmp_path):
    """How the shipped model was trained: any preset may fall linearly to 0 over its run."""
    path = tmp_path / "m.npz"
    code, _, _ = run_cli(capsys, "train", "--hidden", "16", "--iterations", "40",
                         "--lr-schedule", "linear", "--lr-decay", "1", "--json",
                         "--out", str(path))
    assert code == 0
    header = load_model(path).header
    assert header["extra"]["train"]["lr_schedule"] == "linear"
    assert header["extra"]["settings"]["lr_schedule"] == "linear"
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--lr-schedule", "cosine", "--iterations", "1"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'cosine'" in capsys.readouterr().err


def test_train_snapshot_and_resume(capsys, tmp_path):
    snapshots = tmp_path / "snaps"
    code, *_ = run_cli(capsys, "train", "--hidden", "16", "--epochs", "1", "--json",
                       "--snapshot-dir", str(snapshots))
    assert code == 0
    snapshot = snapshots / "snapshot_latest.npz"
    assert snapshot.exists()
    # another seed: only a real resume (weights, shuffling state) can match the straight run
    code, out, _ = run_cli(capsys, "train", "--hidden", "16", "--epochs", "2", "--json",
                           "--seed", "5", "--resume", str(snapshot))
    assert code == 0
    resumed = json.loads(out)
    assert resumed["iterations"] == 1200
    code, out, _ = run_cli(capsys, "train", "--hidden", "16", "--epochs", "2", "--json")
    straight = json.loads(out)
    assert resumed["test_accuracy"] == straight["test_accuracy"]
    assert resumed["train_accuracy"] == straight["train_accuracy"]


def test_eval_reports_accuracy_per_class_and_confusion(capsys, trained_model):
    code, out, _ = run_cli(capsys, "eval", str(trained_model), "--json")
    assert code == 0
    result = json.loads(out)
    confusion = np.array(result["confusion_matrix"])
    assert confusion.shape == (10, 10) and confusion.sum() == result["count"] == 10000
    assert result["accuracy"] == pytest.approx(np.trace(confusion) / 10000)
    test_labels = load_mnist().t_test
    np.testing.assert_array_equal(confusion.sum(axis=1), np.bincount(test_labels, minlength=10))
    assert len(result["per_class_accuracy"]) == 10
    code, out, _ = run_cli(capsys, "eval", str(trained_model))
    assert "confusion matrix" in out and code == 0


def _write_pgm(path, image):
    path.write_bytes(b"P5\n%d %d\n255\n" % (image.shape[1], image.shape[0]) + image.tobytes())


def test_predict_reads_mnist_digits_drawn_black_on_white(capsys, tmp_path, trained_model):
    data = load_mnist()
    paths = []
    for i in range(10):
        big = np.kron(255 - data.x_test[i], np.ones((4, 4), np.uint8))  # paper-like: dark ink
        paths.append(tmp_path / f"digit{i}.pgm")
        _write_pgm(paths[-1], big)
    code, out, _ = run_cli(capsys, "predict", str(trained_model), *map(str, paths), "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.strip().splitlines()]
    assert [row["image"] for row in rows] == [str(p) for p in paths]
    for row in rows:
        assert len(row["probabilities"]) == 10
        assert sum(row["probabilities"]) == pytest.approx(1, abs=1e-4)
    correct = sum(row["digit"] == int(data.t_test[i]) for i, row in enumerate(rows))
    assert correct >= 8


def test_predict_reports_bad_and_blank_images_and_goes_on(capsys, tmp_path, trained_model):
    blank = tmp_path / "blank.pgm"
    _write_pgm(blank, np.full((50, 50), 255, np.uint8))
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    digit = tmp_path / "digit.pgm"
    _write_pgm(digit, np.kron(load_mnist().x_test[0], np.ones((3, 3), np.uint8)))
    code, out, err = run_cli(capsys, "predict", str(trained_model), str(blank), str(junk),
                             str(digit))
    assert code == 2
    assert "blank.pgm" in err and "no mark in the picture" in err
    assert "junk.png" in err
    assert out.startswith(str(digit))


def test_gradcheck_json_passes(capsys):
    code, out, _ = run_cli(capsys, "gradcheck", "--json", "--samples", "10")
    result = json.loads(out)
    assert code == 0 and result["passed"]
    assert result["max_relative_error"] < 1e-6
    assert {"two-layer", "mlp", "torch-example", "sum-product"} <= set(result["presets"])


def test_the_demo_command_reproduces_the_demos_numbers(capsys):
    code, out, _ = run_cli(capsys, "demo", "torch-example", "--json")
    result = json.loads(out)
    assert code == 0 and result["steps"] == 300
    assert result["first_loss"] == pytest.approx(53178.4, rel=0.01)
    assert result["final_loss"] == pytest.approx(18.68, rel=0.01)
    code, out, _ = run_cli(capsys, "demo", "sum-product", "--json")
    result = json.loads(out)
    assert code == 0 and result["steps"] == 1500 and result["final_loss"] <= 0.005
    np.testing.assert_allclose(result["predict_0.3_0.5"], [0.8, 0.15], atol=0.05)


def test_the_demo_command_prints_the_loss_falling_and_explains_a_stall(capsys):
    code, out, _ = run_cli(capsys, "demo", "sum-product", "--seed", "0")
    assert code == 0
    assert out.startswith("step     1  loss ") and "step  1500  loss " in out
    assert "predict(0.3, 0.5) = (" in out and "the hidden ReLUs died" in out
    code, out, _ = run_cli(capsys, "demo", "torch-example")
    assert "final loss 18.6" in out and "after 300 steps" in out and "died" not in out


@pytest.mark.parametrize("preset,message", [
    ("torch-example", "torch-example is a regression demo, not an MNIST preset: run it with "
                      "python -m engine demo torch-example"),
    ("resnet", "unknown preset 'resnet'; choose one of book-ch05, deep-cnn, lesson-cnn, mlp"),
])
def test_train_refuses_a_demo_or_unknown_preset_and_says_what_to_run(capsys, preset, message):
    with pytest.raises(SystemExit) as stopped:
        main(["train", "--preset", preset])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


def test_the_torch_demo_refuses_a_seed_it_cannot_honour(capsys):
    code, _, err = run_cli(capsys, "demo", "torch-example", "--seed", "3")
    assert code == 2 and "takes no --seed" in err


@pytest.mark.parametrize("argv,message", [
    (["eval", "missing.npz"], "missing.npz does not exist."),
    (["predict", "missing.npz", "x.png"], "missing.npz"),
    (["train", "--data", "/nonexistent-folder", "--iterations", "1"], "/nonexistent-folder"),
    (["train", "--lr", "-1", "--iterations", "1"], "learning rate"),
    (["train", "--batch-size", "0", "--iterations", "1"], "batch size"),
    (["train", "--resume", "nope.npz", "--iterations", "1"], "nope.npz"),
    (["train", "--preset", "simple-cnn", "--hidden", "50", "--iterations", "1"],
     "only the MLP presets"),
    (["train", "--elastic", "--iterations", "1"], "turn augmentation on"),
    (["train", "--subset", "0", "--iterations", "1"], "a training subset is a number"),
    (["train", "--label-noise", "1", "--iterations", "1"], "label noise is the share"),
])
def test_user_mistakes_give_one_line_and_status_2(capsys, argv, message):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_corrupt_model_file_is_named(capsys, tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 definitely not a model")
    code, _, err = run_cli(capsys, "eval", str(bad))
    assert code == 2 and "bad.npz" in err


def test_eval_of_a_model_with_too_few_outputs_says_so(capsys, tmp_path):
    five_classes = build_network(mlp_config(hidden=(8,), outputs=5))
    path = save_model(tmp_path / "five.npz", five_classes)
    code, _, err = run_cli(capsys, "eval", str(path))
    assert code == 2
    assert "5 outputs" in err and "labels go up to 9" in err


def test_bad_hidden_sizes_are_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--hidden", "10,x"])
    assert exit_info.value.code == 2
    assert "hidden sizes" in capsys.readouterr().err


def test_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "engine", "--version"], capture_output=True,
                         text=True, check=True)
    assert "DigitLab engine" in out.stdout


def test_fetch_from_an_unreachable_mirror_names_it(capsys, tmp_path):
    """Port 9 on loopback refuses at once: no traffic leaves this machine."""
    code, _, err = run_cli(capsys, "fetch", "--dest", str(tmp_path / "mnist"),
                           "--mirror", "http://127.0.0.1:9/mnist/")
    assert code == 2
    assert "127.0.0.1:9" in err and "Traceback" not in err


def test_fetch_finds_a_complete_folder_and_downloads_nothing(capsys, tmp_path):
    dest = tmp_path / "mnist"
    shutil.copytree(find_dataset_dir(), dest)
    code, out, _ = run_cli(capsys, "fetch", "--dest", str(dest),
                           "--mirror", "http://127.0.0.1:9/mnist/")
    assert code == 0 and str(dest) in out


@pytest.mark.slow  # an epoch of the full MNIST
def test_bench_prints_epoch_time_and_latency(capsys):
    code, out, _ = run_cli(capsys, "bench", "--epochs", "1", "--json")
    result = json.loads(out)
    assert code == 0 and len(result["mlp_epoch_seconds"]) == 1
    assert result["mlp_epoch_median_s"] > 0 and result["batch1_latency_median_us"] > 0


# --- eval --list: the book's own check (Learn lesson 7) ---------------------------------------

@pytest.mark.slow  # the bundled CNN reads all 10,000 test images after the ten
def test_eval_list_prints_the_books_lines_then_the_evaluation(capsys):
    model = str(bundled_model_path())
    code, out, _ = run_cli(capsys, "eval", model, "--list", "10")
    assert code == 0
    lines = out.splitlines()
    data = load_mnist()
    loaded = load_model(model)
    expected = book_check(loaded, data.x_test, data.t_test, 10, loaded.class_names)
    assert tuple(lines[:10]) == expected.lines
    assert lines[0] == "7 == 7: o" and lines[1] == "2 == 2: o"
    assert lines[10] == f"the first 10 test images: {expected.right_count} right " \
                        f"({expected.accuracy:.2%})"
    assert lines[11].startswith(f"{model} on mnist test set (10000 images): accuracy")
    assert "confusion matrix" in out


def test_eval_list_goes_into_the_json_line(capsys, trained_model):
    code, out, _ = run_cli(capsys, "eval", str(trained_model), "--list", "3", "--json")
    assert code == 0
    result = json.loads(out)
    data, loaded = load_mnist(), load_model(trained_model)
    assert result["list"] == list(book_check(loaded, data.x_test, data.t_test, 3).lines)
    assert [line.split(" == ")[0] for line in result["list"]] == ["7", "2", "1"]
    assert result["count"] == 10000


@pytest.mark.parametrize("value", ["0", "-2", "ten"])
def test_eval_list_refuses_what_is_not_a_count(capsys, value):
    with pytest.raises(SystemExit) as stopped:
        main(["eval", "model.npz", "--list", value])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "--list" in err and "Traceback" not in err


# --- train --log-csv: the run's log as CSV (issue 18 item 6) --------------------------------

def test_train_writes_the_log_csv_that_the_model_file_records(capsys, tmp_path):
    csv_path, model_path = tmp_path / "log.csv", tmp_path / "m.npz"
    code, out, _ = run_cli(capsys, "train", "--preset", "book-ch05", "--iterations", "600",
                           "--json", "--out", str(model_path), "--log-csv", str(csv_path))
    assert code == 0 and len(out.strip().splitlines()) == 1  # --json: still one line
    history = load_model(model_path).history
    with open(csv_path, newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    assert len(rows) == len(history) == 10  # one row per log entry
    assert header[:7] == list(LOG_COLUMNS)  # PrintReport's columns first, in its order
    assert set(header) == set().union(*history)
    for row, entry in zip(rows, history, strict=True):
        assert {name: float(cell) for name, cell in zip(header, row, strict=True)} == entry


def test_train_says_where_the_csv_went(capsys, tmp_path):
    csv_path = tmp_path / "log.csv"
    code, out, _ = run_cli(capsys, "train", "--preset", "book-ch05", "--iterations", "20",
                           "--out", str(tmp_path / "m.npz"), "--log-csv", str(csv_path))
    assert code == 0 and f"log written to {csv_path}" in out and csv_path.exists()


@pytest.mark.parametrize("place, words", [("missing/log.csv", "does not exist"),
                                          ("a-file/log.csv", "is a file, not a folder"),
                                          (".", "is a folder")])
def test_train_refuses_a_bad_csv_path_before_training(capsys, tmp_path, monkeypatch, place,
                                                      words):
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setattr(cli, "load_dataset", lambda *a, **k: pytest.fail("it trained"))
    bad = tmp_path / place
    code, out, err = run_cli(capsys, "train", "--preset", "book-ch05", "--iterations", "20",
                             "--out", str(tmp_path / "m.npz"), "--log-csv", str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err
    assert str(bad.parent if place != "." else bad) in err
    assert not (tmp_path / "m.npz").exists() and not (tmp_path / "missing").exists()


def test_a_csv_the_disk_refuses_after_training_keeps_the_model(capsys, tmp_path, monkeypatch):
    def no_space(history, path):
        raise RunStoreError(f"The log could not be written to {path}: no space left on device.")
    monkeypatch.setattr(cli, "write_log_csv", no_space)
    code, _, err = run_cli(capsys, "train", "--preset", "book-ch05", "--iterations", "20",
                           "--json", "--out", str(tmp_path / "m.npz"),
                           "--log-csv", str(tmp_path / "log.csv"))
    assert code == 1 and "no space left on device" in err
    assert (tmp_path / "m.npz").exists()


# --- my-digits (issue 18 items 8-10) ------------------------------------------------------------

def my_digits_file(path, count=40, trained_ids=()):
    """MNIST test digits stored as my digits, with ids of which some are held out."""
    dataset = load_mnist()
    x, t = dataset.x_test, dataset.t_test
    rng = np.random.default_rng(0)
    ids = np.array([rng.bytes(16).hex() for _ in range(count)], dtype="<U32")
    digits = MyDigits(x[:count].copy(), t[:count].copy(), ids)
    save_my_digits(digits, path)
    return digits


def test_my_digits_counts_and_measures_the_bundled_model(capsys, tmp_path):
    digits = my_digits_file(tmp_path / "mine.npz")
    code, out, err = run_cli(capsys, "my-digits", str(tmp_path / "mine.npz"), "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    figures = measure_my_digits(load_model(bundled_model_path()), digits)
    held_out = int(digits.held_out_mask().sum())
    assert result == {"file": str(tmp_path / "mine.npz"), "count": 40,
                      "counts": [int(n) for n in np.bincount(digits.labels, minlength=10)],
                      "held_out": held_out, "model": str(bundled_model_path()),
                      "accuracy": figures.every.accuracy, "held_out_measured": held_out,
                      "held_out_accuracy": figures.held_out.accuracy, "excluded": 0}
    code, out, _ = run_cli(capsys, "my-digits", str(tmp_path / "mine.npz"))
    assert code == 0
    assert f"40 digits, {held_out} of them held out" in out
    assert f"on all 40 digits: accuracy {figures.every.accuracy:.4f}" in out
    assert f"on the {held_out} held-out digits: accuracy {figures.held_out.accuracy:.4f}" in out


def test_my_digits_leaves_out_what_the_model_trained_on(capsys, tmp_path):
    digits = my_digits_file(tmp_path / "mine.npz")
    held = [str(i) for i in digits.ids[digits.held_out_mask()]]
    model = tmp_path / "tuned.npz"
    save_model(model, build_network(mlp_config(hidden=(8,))),
               extra={"continued_from": {"my_digits": {"trained_ids": held[:2]}}})
    code, out, _ = run_cli(capsys, "my-digits", str(tmp_path / "mine.npz"), "--model",
                           str(model), "--json")
    result = json.loads(out)
    assert code == 0 and result["excluded"] == 2
    assert result["held_out_measured"] == len(held) - 2 and result["model"] == str(model)
    code, out, _ = run_cli(capsys, "my-digits", str(tmp_path / "mine.npz"), "--model",
                           str(model))
    assert "2 held-out digits left out: the model's file says it trained on them" in out


def test_my_digits_of_an_empty_collection(capsys, tmp_path):
    save_my_digits(MyDigits.empty(), tmp_path / "none.npz")
    code, out, _ = run_cli(capsys, "my-digits", str(tmp_path / "none.npz"))
    assert code == 0 and "0 digits" in out and "no digits to measure" in out


@pytest.mark.parametrize("content, words", [(b"not a zip", "is not a DigitLab digits file."),
                                            (b"", "is empty."), (None, "does not exist.")])
def test_a_damaged_digits_file_is_one_line_and_status_2(capsys, tmp_path, content, words):
    path = tmp_path / "mine.npz"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli(capsys, "my-digits", str(path))
    assert code == 2 and out == ""
    assert err == f"error: {path} {words}\n"
