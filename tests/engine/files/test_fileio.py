"""fileio: .npz archives read with every declared size checked first, and temporary files that a
killed writer leaves behind cleaned on the next save."""
import errno
import io
import json
import os
import struct
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from engine.files import fileio
from engine.files.fileio import (
    atomic_write,
    load_npz_with_header,
    remove_stale_temp_files,
    save_npz_with_header,
)

from ceilings import traced_peak

CEILING = 32 * 2**20  # what refusing a small hostile file may cost
HEADER = {"format": "test"}


class ReadError(ValueError):
    """The error class a reader passes to fileio."""


def refused(path, *fragments, kind="DigitLab file"):
    """The file is refused with one plain sentence naming it, at small cost in memory; each
    fragment is in the sentence or its detail. Returns the sentence."""
    with traced_peak() as peak, pytest.raises(ReadError) as info:
        load_npz_with_header(path, ReadError, kind)
    peak = peak["bytes"]
    message, detail = str(info.value), info.value.detail or ""
    assert message.startswith(str(path)) and message.endswith(".") and "\n" not in message
    assert "Error" not in message and "zip file" not in message, message
    for fragment in fragments:
        assert fragment in message + detail, (message, detail)
    assert peak < CEILING, f"refusing {path.name} cost {peak / 2**20:.0f} MB"
    return message


def npy(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def npy_header(shape, dtype="<f8"):
    """An .npy header alone: what a file that lies about its data starts with."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    return buffer.getvalue()


def header_member(header=None):
    return npy(np.frombuffer(json.dumps(header or HEADER).encode(), np.uint8))


def write_zip(path, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def patch_declared_size(data, name, size):
    """The zip with `name`'s uncompressed size in the central directory set to `size`."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the archive")


# ----------------------------------------------------------------------------- what is read

def test_a_good_archive_round_trips_every_number_type(tmp_path):
    arrays = {"f": np.arange(6, dtype=np.float32).reshape(2, 3), "i": np.arange(4),
              "b": np.array([True, False]), "c": np.array([1 + 2j]), "empty": np.zeros((0, 3)),
              "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
              "big-endian": np.arange(3, dtype=">f4"), "slot/0.W/m": np.ones(5)}
    save_npz_with_header(tmp_path / "a.npz", arrays, {"x": [1, 2]})
    header, loaded = load_npz_with_header(tmp_path / "a.npz", ReadError)
    assert header == {"x": [1, 2]} and sorted(loaded) == sorted(arrays)
    for name, array in arrays.items():
        assert loaded[name].dtype == array.dtype and np.array_equal(loaded[name], array)
    assert loaded["fortran"].flags.f_contiguous


def test_a_deflated_archive_is_read_too(tmp_path):
    path = write_zip(tmp_path / "c.npz", {"__header__.npy": header_member(),
                                          "w.npy": npy(np.zeros(1000))}, zipfile.ZIP_DEFLATED)
    assert np.array_equal(load_npz_with_header(path, ReadError)[1]["w"], np.zeros(1000))


# ----------------------------------------------------------------------------- bombs

def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    """64 MB of zeros deflated into 64 KB: reading it would take 64 MB; the declared sizes say
    so before anything is decompressed."""
    path = tmp_path / "bomb.npz"
    zeros = np.zeros(2**20 // 8)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__header__.npy", header_member())
        with archive.open("w.npy", "w", force_zip64=True) as member:
            member.write(npy_header((64 * zeros.size,)))
            for _ in range(64):
                member.write(zeros.tobytes())
    assert path.stat().st_size < 200_000
    message = refused(path, "declared uncompressed sizes total")
    assert message.startswith(f"{path} is too large for a DigitLab file: it unpacks to 64.0 MB")


def test_a_member_that_declares_gigabytes_is_refused(tmp_path):
    """The central directory says 4 GB and the .npy header agrees: nothing is allocated."""
    data = (write_zip(tmp_path / "a.npz", {"__header__.npy": header_member(),
                                           "w.npy": npy_header((2**29 - 10,)) + bytes(800)})
            .read_bytes())
    path = tmp_path / "declared.npz"
    path.write_bytes(patch_declared_size(data, "w.npy", 2**32 - 1))
    refused(path, "is too large for a DigitLab file", "4294967")


def test_an_npy_header_that_lies_about_its_shape_allocates_nothing(tmp_path):
    path = write_zip(tmp_path / "liar.npz", {
        "__header__.npy": header_member(),
        "w.npy": npy_header((20_000, 20_000)) + bytes(100)})  # 3.2 GB said, 100 bytes held
    message = refused(path, "'w'", "(20000, 20000)", "but it holds 100")
    assert message == f"{path} is damaged: a part of it cannot be read."


def test_a_header_member_that_lies_about_its_shape(tmp_path):
    path = write_zip(tmp_path / "liar.npz", {"__header__.npy": npy_header((10**12,), "|u1")})
    refused(path, "'__header__'", "(1000000000000,)")


def test_an_object_header_member_allocates_nothing(tmp_path):
    path = write_zip(tmp_path / "objects.npz", {"__header__.npy": npy_header((10**9,), "|O")})
    assert refused(path, "object dtype").endswith("holds Python objects, not plain arrays of "
                                                  "numbers.")


def test_a_huge_json_header_is_refused_unread(tmp_path):
    path = write_zip(tmp_path / "h.npz", {"__header__.npy": npy_header((9 * 2**20,), "|u1")
                                          + bytes(9 * 2**20)})
    assert refused(path).endswith("its DigitLab header is damaged.")


@pytest.mark.parametrize("count", [5000, 70_000])
def test_more_members_than_any_file_of_ours_has(tmp_path, count):
    """A zip's table of contents costs an object per entry: refused from its end record."""
    path = tmp_path / "many.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__header__.npy", header_member())
        for i in range(count):
            archive.writestr(f"{i}", b"")
    assert refused(path, "entries").endswith("it holds more than 4,096 parts.")


def test_a_forged_table_of_contents_size_is_refused(tmp_path):
    data = bytearray(write_zip(tmp_path / "a.npz", {"__header__.npy": header_member()})
                     .read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 12, 2**31)  # a 2 GB directory, zipfile would read whole
    (tmp_path / "forged.npz").write_bytes(bytes(data))
    refused(tmp_path / "forged.npz", "2147483648-byte directory")


def test_bzip2_and_lzma_are_refused_unread(tmp_path):
    """zipfile caps what deflate unpacks per read, but not bzip2 or lzma."""
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        path = write_zip(tmp_path / f"{method}.npz", {"__header__.npy": header_member()}, method)
        assert refused(path, "compression method").endswith("compressed in a way DigitLab "
                                                            "does not read.")


def test_encrypted_members_are_refused(tmp_path):
    data = bytearray(write_zip(tmp_path / "a.npz", {"__header__.npy": header_member()})
                     .read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        struct.pack_into("<H", data, at + flags, 1)
    (tmp_path / "locked.npz").write_bytes(bytes(data))
    assert refused(tmp_path / "locked.npz", "encrypted").endswith("it is encrypted.")


@pytest.mark.parametrize("array, fragment", [
    (np.array(["a", "b"]), "<U1"),
    (np.zeros(2, dtype=[("x", "f4")]), "[('x', '<f4')]"),
    (np.array(["2024-01-01"], dtype="datetime64[D]"), "datetime64"),
])
def test_members_that_are_not_numbers(tmp_path, array, fragment):
    path = write_zip(tmp_path / "text.npz", {"__header__.npy": header_member(),
                                             "w.npy": npy(array)})
    assert refused(path, fragment).endswith("it holds data that are not numbers.")


def test_a_negative_size_in_a_shape(tmp_path):
    path = write_zip(tmp_path / "neg.npz", {"__header__.npy": header_member(),
                                            "w.npy": npy_header((-2, -4)) + bytes(64)})
    refused(path, "negative size")


def test_a_damaged_deflate_stream_and_a_wrong_checksum(tmp_path):
    good = write_zip(tmp_path / "good.npz", {"__header__.npy": header_member(),
                                             "w.npy": npy(np.arange(2000.0))},
                     zipfile.ZIP_DEFLATED).read_bytes()
    data = bytearray(good)
    data[len(good) // 2] ^= 0xFF
    (tmp_path / "bad.npz").write_bytes(bytes(data))
    assert refused(tmp_path / "bad.npz", "'w'") == \
        f"{tmp_path / 'bad.npz'} is damaged: a part of it cannot be read."


def test_a_header_with_a_5000_digit_number(tmp_path):
    """json.loads raises "Exceeds the limit (4300 digits)", which is no sentence."""
    text = b'{"seed": ' + b"9" * 5000 + b"}"
    path = write_zip(tmp_path / "digits.npz",
                     {"__header__.npy": npy(np.frombuffer(text, np.uint8))})
    assert refused(path, "4300").endswith("is not a DigitLab file: its DigitLab header is "
                                          "damaged.")


# ----------------------------------------------------------------------------- not files at all

def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    assert refused(fifo) == (f"{fifo} is a named pipe, not a DigitLab file: DigitLab reads "
                             f"only ordinary files.")


def test_dev_zero_is_refused_without_reading_it():
    path = fileio.Path("/dev/zero")
    if not path.exists():
        pytest.skip("no /dev/zero here")
    assert refused(path) == ("/dev/zero is a device, not a DigitLab file: DigitLab reads only "
                             "ordinary files.")


def test_a_folder_and_a_missing_file(tmp_path):
    assert refused(tmp_path) == f"{tmp_path} is a folder, not a DigitLab file."
    assert refused(tmp_path / "gone.npz") == f"{tmp_path / 'gone.npz'} does not exist."


# ----------------------------------------------------------------------------- temp files

def temp_name(target, pid, host=fileio.HOST_TAG, suffix="abcd1234"):
    return target.parent / f".{target.name}.{pid}-{host}.{suffix}.tmp"


def leave(path, age_seconds=0):
    path.write_bytes(b"half a model")
    if age_seconds:
        stamp = path.stat().st_mtime - age_seconds
        os.utime(path, (stamp, stamp))
    return path


def dead_pid():
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


WRITER = """
import sys
from engine.files.fileio import atomic_write
with atomic_write(sys.argv[1]) as f:
    f.write(b"x" * 100_000)
    f.flush()
    print("writing", flush=True)
    sys.stdin.read()  # until the test says so, or kills this process
"""


def start_writer(target):
    """A process halfway through writing `target`, waiting on its stdin."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              cwd=os.getcwd(), env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert writer.stdout.readline() == "writing\n"
    return writer


def temp_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_temp_file_is_named_after_its_writer(tmp_path):
    with atomic_write(tmp_path / "m.npz") as f:
        f.write(b"x")
        assert temp_files(tmp_path)[0].startswith(f".m.npz.{os.getpid()}-{fileio.HOST_TAG}.")
    assert temp_files(tmp_path) == []


def test_a_writer_killed_with_kill_9_leaves_a_file_the_next_save_removes(tmp_path):
    target = tmp_path / "m.npz"
    writer = start_writer(target)
    writer.kill()
    writer.wait()
    writer.stdin.close()
    writer.stdout.close()
    assert temp_files(tmp_path)[0].startswith(f".m.npz.{writer.pid}-")
    with atomic_write(target) as f:
        f.write(b"the model")
    assert temp_files(tmp_path) == [] and target.read_bytes() == b"the model"


def test_a_live_writers_file_is_never_removed(tmp_path):
    target = tmp_path / "m.npz"
    writer = start_writer(target)
    try:
        with atomic_write(target) as f:
            f.write(b"mine")
        assert len(temp_files(tmp_path)) == 1  # the other writer's, still being written
    finally:
        writer.communicate("")  # let it finish: its rename wins, as the later save
    assert writer.returncode == 0 and target.read_bytes() == b"x" * 100_000
    assert temp_files(tmp_path) == []


def test_only_stale_files_of_the_targets_own_pattern_are_removed(tmp_path):
    target = tmp_path / "m.npz"
    gone = dead_pid()
    stale = [leave(temp_name(target, gone)),
             leave(temp_name(target, gone, suffix="zz_9abcd")),
             leave(temp_name(target, 10**10 - 1)),  # no process can have this id
             leave(tmp_path / ".m.npz.old_styl.tmp", age_seconds=7200),
             leave(temp_name(target, gone, host="0badcafe"), age_seconds=7200)]
    kept = [leave(temp_name(target, os.getpid())),
            leave(temp_name(target, os.getppid())),  # a live process: the test runner's parent
            leave(tmp_path / ".m.npz.new_styl.tmp"),  # old naming, written a moment ago
            leave(temp_name(target, gone, host="0badcafe", suffix="recent12")),  # another PC's
            leave(temp_name(tmp_path / "other.npz", gone)),  # another target's
            leave(tmp_path / f".m.npz.1.{gone}-{fileio.HOST_TAG}.abcd1234.tmp"),  # "m.npz.1"'s
            leave(tmp_path / f".m.npz.{gone}-{fileio.HOST_TAG}.abcd1234.tmp.keep"),
            leave(tmp_path / "m.npz.abcd1234.tmp")]  # not hidden: not ours
    (tmp_path / temp_name(target, gone + 1, suffix="folder12").name).mkdir()
    save_npz_with_header(target, {"w": np.ones(3)}, HEADER)
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert load_npz_with_header(target, ReadError)[0] == HEADER


def test_cleaning_never_stops_a_save(tmp_path, monkeypatch):
    def unreadable_folder(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.os, "scandir", unreadable_folder)
    remove_stale_temp_files(tmp_path / "m.npz")
    with atomic_write(tmp_path / "m.npz") as f:
        f.write(b"ok")
    assert (tmp_path / "m.npz").read_bytes() == b"ok"


@pytest.mark.parametrize("failure", ["write", "rename"])
def test_a_failed_save_names_the_target_never_the_temp_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "m.npz"
    full = OSError(errno.ENOSPC, "No space left on device")
    if failure == "rename":
        def replace(source, destination):
            raise OSError(errno.EROFS, "Read-only file system", source, destination)
        monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(OSError) as raised, atomic_write(target) as f:
        f.write(b"weights")
        if failure == "write":
            raise full
    assert raised.value.filename == str(target)
    assert raised.value.errno in (errno.ENOSPC, errno.EROFS)
    assert temp_files(tmp_path) == []  # and nothing is left behind
