"""`python -m engine train` never loses a finished run, and says every problem in one sentence.

Each test trains on a tiny dataset folder (200 images: a run takes a fraction of a second).
Disks are made full or read-only by refusing the very system calls a real one refuses (the
tests run as root too, which chmod cannot stop), so they always run.
"""
import errno
import os
import shutil
import types
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main
from engine.data.datasets import FILES
from engine.files.fileio import HEADER_KEY
from engine.files.modelio import load_model

from fakes import idx_bytes, tiny_dataset

TRAIN = ("train", "--hidden", "8", "--epochs", "2")


@pytest.fixture
def tiny(tmp_path):
    """A dataset folder of the four IDX files of `tiny_dataset()`."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    dataset = tiny_dataset()
    for key, array in {"train_images": dataset.x_train, "train_labels": dataset.t_train,
                       "test_images": dataset.x_test, "test_labels": dataset.t_test}.items():
        (folder / FILES[key]).write_bytes(idx_bytes(array))
    return folder


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The current folder and the temporary folder, inside tmp_path: rescues land there."""
    cwd, temp = tmp_path / "cwd", tmp_path / "temp"
    cwd.mkdir()
    temp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    return types.SimpleNamespace(cwd=cwd, temp=temp)


def train(capsys, tiny, *options):
    code = main([*TRAIN, "--data", str(tiny), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_sentence(err, *names):
    """The user's message: one line per problem, naming the file, with no Python text."""
    for name in names:
        assert str(name) in err
    for python_text in ("Traceback", "Errno", ".tmp", "Error:", "OSError"):
        assert python_text not in err, err
    for line in err.strip().splitlines():
        if line.startswith(("error:", "warning:")):
            assert line.endswith("."), line


def refuse_new_files_in(monkeypatch, folder, code=errno.EROFS):
    """`folder` refuses every new file as a read-only disk (or `code`) does."""
    real_open = os.open

    def opening(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == Path(folder):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


def fill_disk_for(monkeypatch, refused):
    """A full disk for every file `refused(target path)` says: the write of the temporary file
    completes no rename, as when the last block cannot be had. The error names the temporary
    file, as the real one does."""
    real_replace = os.replace

    def replacing(src, dst, *args, **kwargs):
        if refused(Path(dst)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replacing)


# --- before training: a place that cannot be written is refused at once ------------------------

def test_a_read_only_out_folder_is_refused_before_training(capsys, tiny, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    refuse_new_files_in(monkeypatch, locked)
    code, out, err = train(capsys, tiny, "--out", str(locked / "m.npz"))
    assert code == 2
    assert f"error: {locked} cannot be written: read-only file system." in err
    assert "training on" not in err and out == ""  # not one step was trained
    assert_one_sentence(err, locked)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores chmod")
def test_a_folder_without_write_permission_is_refused(capsys, tiny, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = train(capsys, tiny, "--out", str(locked / "m.npz"))
    finally:
        locked.chmod(0o755)
    assert code == 2 and f"{locked} cannot be written: permission denied." in err


def test_a_read_only_snapshot_folder_is_refused_before_training(capsys, tiny, tmp_path,
                                                                monkeypatch):
    snaps = tmp_path / "snaps"
    snaps.mkdir()
    refuse_new_files_in(monkeypatch, snaps, errno.EACCES)
    code, _, err = train(capsys, tiny, "--json", "--snapshot-dir", str(snaps))
    assert code == 2
    assert f"error: {snaps} cannot be written: permission denied." in err
    assert_one_sentence(err, snaps)


def test_out_naming_a_folder_and_a_snapshot_dir_naming_a_file_are_refused(capsys, tiny,
                                                                         tmp_path):
    code, _, err = train(capsys, tiny, "--out", str(tmp_path))
    assert code == 2
    assert f"{tmp_path} is a folder: give the file a name, such as {tmp_path / 'model.npz'}." \
        in err
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    code, _, err = train(capsys, tiny, "--json", "--snapshot-dir", str(a_file))
    assert code == 2 and f"{a_file} is a file, not a folder." in err


def test_a_missing_out_folder_is_created_as_before(capsys, tiny, tmp_path):
    out = tmp_path / "new" / "deeper" / "m.npz"
    code, _, _ = train(capsys, tiny, "--json", "--out", str(out))
    assert code == 0 and load_model(out).model is not None


def test_a_disk_too_full_for_the_model_is_refused_before_training(capsys, tiny, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda path: types.SimpleNamespace(total=10**9, used=10**9, free=1000))
    code, out, err = train(capsys, tiny, "--out", str(tmp_path / "m.npz"))
    assert code == 2
    assert f"{tmp_path} has only 0.0 MB free and {tmp_path / 'm.npz'} needs about" in err
    assert "free some space or save somewhere else." in err
    assert out == ""
    assert_one_sentence(err, tmp_path)


# --- after training: the model is kept, wherever it can be --------------------------------------

def test_a_full_disk_at_the_final_save_keeps_the_model_next_to_the_snapshots(
        capsys, tiny, tmp_path, monkeypatch, elsewhere):
    out, snaps = tmp_path / "out" / "m.npz", tmp_path / "snaps"
    fill_disk_for(monkeypatch, lambda target: target == out)
    code, _, err = train(capsys, tiny, "--json", "--out", str(out), "--snapshot-dir", str(snaps))
    assert code == 1  # trained, but not where asked
    rescued = list(snaps.glob("digitlab-rescued-*.npz"))
    assert len(rescued) == 1
    assert (f"error: could not save the model to {out}: no space left on device; it was saved "
            f"to {rescued[0]} instead.") in err
    assert_one_sentence(err, out, rescued[0])
    assert load_model(rescued[0]).header["metrics"]["iterations"] == 4
    assert not out.exists() and list(out.parent.iterdir()) == []  # no temporary file left


def test_without_snapshots_the_model_is_kept_in_the_current_folder(capsys, tiny, tmp_path,
                                                                   monkeypatch, elsewhere):
    out = tmp_path / "m.npz"
    fill_disk_for(monkeypatch, lambda target: target == out)
    code, _, err = train(capsys, tiny, "--out", str(out))
    assert code == 1
    rescued = list(elsewhere.cwd.glob("digitlab-rescued-*.npz"))
    assert len(rescued) == 1 and load_model(rescued[0]).model is not None
    assert f"could not save the model to {out}: no space left on device" in err


def test_the_temporary_folder_is_the_last_resort(capsys, tiny, tmp_path, monkeypatch,
                                                 elsewhere):
    out = tmp_path / "m.npz"
    fill_disk_for(monkeypatch, lambda target: target.parent != elsewhere.temp)
    code, _, err = train(capsys, tiny, "--json", "--out", str(out))
    assert code == 1
    rescued = list(elsewhere.temp.glob("digitlab-rescued-*.npz"))
    assert len(rescued) == 1 and str(rescued[0]) in err


def test_when_no_folder_takes_the_model_the_message_says_where_it_tried(
        capsys, tiny, tmp_path, monkeypatch, elsewhere):
    out = tmp_path / "m.npz"
    fill_disk_for(monkeypatch, lambda target: target.suffix == ".npz")
    code, _, err = train(capsys, tiny, "--json", "--out", str(out))
    assert code == 2
    assert f"error: could not save the model to {out}: no space left on device, nor to " in err
    assert str(elsewhere.cwd) in err and str(elsewhere.temp) in err
    assert "the trained model could not be kept." in err
    assert_one_sentence(err, out)


# --- during training: a snapshot that cannot be written is a warning ----------------------------

def test_a_full_disk_at_a_snapshot_warns_once_and_the_run_goes_on(capsys, tiny, tmp_path,
                                                                  monkeypatch):
    out, snaps = tmp_path / "m.npz", tmp_path / "snaps"
    fill_disk_for(monkeypatch, lambda target: target.name == "snapshot_latest.npz")
    code, _, err = train(capsys, tiny, "--epochs", "3", "--json", "--out", str(out),
                         "--snapshot-dir", str(snaps))
    assert code == 0
    snapshot = snaps / "snapshot_latest.npz"
    warning = (f"warning: could not write snapshot {snapshot}: no space left on device; "
               f"training goes on without snapshots.")
    assert err.count("could not write snapshot") == 1 and warning in err
    assert load_model(out).header["metrics"]["epochs"] == 3  # the whole run, saved
    assert list(snaps.iterdir()) == []  # and no temporary file left behind


# --- resuming: the command line wins, and says what it replaces ----------------------------------

@pytest.fixture
def snapshot(capsys, tiny, tmp_path):
    snaps = tmp_path / "snaps"
    code, _, _ = train(capsys, tiny, "--epochs", "1", "--json", "--snapshot-dir", str(snaps))
    assert code == 0
    return snaps / "snapshot_latest.npz"


def test_lr_given_with_resume_replaces_the_snapshots_and_says_so(capsys, tiny, tmp_path,
                                                                 snapshot):
    out = tmp_path / "m.npz"
    code, _, err = train(capsys, tiny, "--json", "--resume", str(snapshot), "--lr", "0.5",
                         "--weight-decay", "0.001", "--out", str(out))
    assert code == 0
    assert ("warning: --lr 0.5 is used from here on, instead of the snapshot's learning rate "
            "0.05.") in err
    assert ("warning: --weight-decay 0.001 is used from here on, instead of the snapshot's "
            "weight decay 0.") in err
    changes = load_model(out).header["extra"]["changes"]
    assert changes == [{"iteration": 2, "lr": 0.5, "lr_decay": 1.0, "weight_decay": 0.001}]


def test_resume_without_options_continues_with_the_snapshots_values(capsys, tiny, tmp_path,
                                                                    snapshot):
    out = tmp_path / "m.npz"
    code, _, err = train(capsys, tiny, "--json", "--resume", str(snapshot), "--out", str(out))
    assert code == 0 and "warning" not in err
    assert load_model(out).header["extra"]["changes"] == []


def test_an_option_equal_to_the_snapshots_value_is_not_a_warning(capsys, tiny, snapshot):
    code, _, err = train(capsys, tiny, "--json", "--resume", str(snapshot), "--lr", "0.05")
    assert code == 0 and "warning" not in err


# --- every hostile --resume is one sentence naming it --------------------------------------------

def _fifo(tmp_path, snapshot):
    path = tmp_path / "pipe.npz"
    os.mkfifo(path)
    return path, "is a named pipe, not a training snapshot"


def _folder(tmp_path, snapshot):
    return tmp_path, "is a folder, not a training snapshot."


def _missing(tmp_path, snapshot):
    return tmp_path / "gone.npz", "does not exist."


def _damaged_json(tmp_path, snapshot):
    path = tmp_path / "damaged.npz"
    with np.load(snapshot) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays[HEADER_KEY] = np.frombuffer(b'{"format": "digitlab-snapsh', np.uint8)  # cut short
    np.savez(path, **arrays)
    return path, "is not a training snapshot: its DigitLab header is damaged."


def _model_file(tmp_path, snapshot):
    path = tmp_path / "model.npz"
    assert main(["train", "--hidden", "8", "--iterations", "1", "--data", str(tmp_path / "tiny"),
                 "--json", "--out", str(path)]) == 0
    return path, "is a saved model, not a training snapshot"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("make", [_fifo, _folder, _missing, _damaged_json, _model_file])
def test_a_hostile_resume_file_is_one_sentence_naming_it(capsys, tiny, tmp_path, snapshot,
                                                         make):
    path, words = make(tmp_path, snapshot)
    capsys.readouterr()
    code, _, err = train(capsys, tiny, "--json", "--resume", str(path))
    assert code == 2
    assert f"error: {path} {words}" in err
    assert_one_sentence(err, path)


def test_a_snapshot_of_another_network_says_how_to_resume(capsys, tiny, snapshot):
    code, _, err = train(capsys, tiny, "--json", "--hidden", "9", "--resume", str(snapshot))
    assert code == 2
    assert (f"error: {snapshot} is a snapshot of a different network: resume with the same "
            f"network settings as the run that wrote it.") in err


def test_a_snapshot_of_another_optimizer_or_batch_size_says_which(capsys, tiny, snapshot):
    code, _, err = train(capsys, tiny, "--json", "--optimizer", "adam", "--resume",
                         str(snapshot))
    assert code == 2
    assert "was written by a run with optimizer Momentum, not Adam" in err
    code, _, err = train(capsys, tiny, "--json", "--batch-size", "50", "--resume",
                         str(snapshot))
    assert code == 2
    assert "was written by a run with batch size 100, not 50: resume with the same batch " \
        "size." in err


# --- any other OSError: the file the user knows, and the reason, never Python's words -----------

@pytest.mark.parametrize("error,sentence", [
    (OSError(errno.EACCES, "Permission denied", "m.npz"), "m.npz cannot be used: permission "
                                                          "denied."),
    (OSError(errno.ENOSPC, "No space left on device", "/x/m.npz"),
     "/x/m.npz cannot be written: no space left on device."),
    (OSError(errno.EROFS, "Read-only file system", "/x/m.npz"),
     "/x/m.npz cannot be written: read-only file system."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "m.npz"),
     "m.npz does not exist."),
    (OSError(errno.EIO, "Input/output error"), "Input/output error."),
])
def test_an_os_error_is_phrased_as_a_sentence(capsys, monkeypatch, error, sentence):
    def failing(path):
        raise error

    monkeypatch.setattr("engine.cli.load_model", failing)
    code = main(["eval", "m.npz"])
    err = capsys.readouterr().err
    assert code == 2 and err == f"error: {sentence}\n"


def test_the_rescued_model_and_the_snapshot_stay_usable(capsys, tiny, tmp_path, monkeypatch,
                                                        elsewhere):
    """The snapshot written before the final save failed still resumes the run."""
    out, snaps = tmp_path / "m.npz", tmp_path / "snaps"
    fill_disk_for(monkeypatch, lambda target: target == out)
    code, _, _ = train(capsys, tiny, "--json", "--out", str(out), "--snapshot-dir", str(snaps))
    assert code == 1
    monkeypatch.undo()
    code, _, _ = train(capsys, tiny, "--json", "--epochs", "3", "--resume",
                       str(snaps / "snapshot_latest.npz"), "--out", str(out))
    assert code == 0 and load_model(out).header["metrics"]["epochs"] == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="no named pipes or /dev/zero here")
@pytest.mark.parametrize("command", ["eval", "predict"])
def test_eval_and_predict_refuse_pipes_devices_and_folders_in_a_sentence(capsys, tmp_path,
                                                                         command):
    pipe = tmp_path / "model.npz"
    os.mkfifo(pipe)
    for model, words in ((pipe, "is a named pipe, not a DigitLab model"),
                         (Path("/dev/zero"), "is a device, not a DigitLab model"),
                         (tmp_path, "is a folder, not a DigitLab model.")):
        code = main([command, str(model)] + (["x.png"] if command == "predict" else []))
        err = capsys.readouterr().err
        assert code == 2 and f"error: {model} {words}" in err
        assert_one_sentence(err, model)
