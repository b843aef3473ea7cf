"""fetch_mnist against local HTTP servers only: never the internet."""
import gzip
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from engine.cli import main as cli_main
from engine.data.datasets import FILES, load_dataset
from engine.data.fetch import FetchError, fetch_mnist

SHARED_MNIST = Path(__file__).resolve().parents[3] / "assets" / "datasets" / "mnist"
GZ_NAMES = [stem + ".gz" for stem in FILES.values()]


class RangeHandler(http.server.BaseHTTPRequestHandler):
    """Serves files from server.root, honouring "Range: bytes=N-" unless server.ignore_range."""

    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("Range")))
        if self.server.hang:
            self.server.released.wait(timeout=60)  # no answer until the test is over
        path = self.server.root / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = self._range_start()
        if start is None:
            self._send(200, data[:self.server.cut_after] if self.server.cut_after else data,
                       {"Content-Length": str(len(data))})
        elif start >= len(data):
            self.send_error(416)
        else:
            content_range = f"bytes {start}-{len(data) - 1}/{len(data)}"
            self._send(206, data[start:], {"Content-Range": content_range})

    def _range_start(self):
        header = self.headers.get("Range")
        if not header or self.server.ignore_range:
            return None
        return int(header.removeprefix("bytes=").split("-")[0])

    def _send(self, status, body, headers=()):
        headers = {"Content-Length": str(len(body)), **dict(headers)}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args):
        pass  # keep pytest output clean


@pytest.fixture
def serve(tmp_path):
    """serve(root, ignore_range=False, hang=False, cut_after=None) -> (server, base URL)."""
    servers = []

    def start(root, ignore_range=False, hang=False, cut_after=None):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RangeHandler)
        server.root, server.ignore_range, server.hang = Path(root), ignore_range, hang
        server.released = threading.Event()  # lets a hanging server answer, at teardown
        server.cut_after = cut_after  # send only this many bytes of a full answer, then hang up
        server.requests = []
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.released.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def mirror(tmp_path):
    """A folder with copies of the four real MNIST .gz files."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    for name in GZ_NAMES:
        shutil.copy(SHARED_MNIST / name, folder / name)
    return folder


def assert_valid_mnist(folder):
    assert load_dataset(folder, verify=True).x_train.shape == (60000, 28, 28)
    assert not list(folder.glob("*.part"))


def test_full_download_is_verified_and_reports_progress(serve, mirror, tmp_path):
    server, url = serve(mirror)
    calls = []
    dest = fetch_mnist(tmp_path / "dest", base_urls=[url],
                       progress=lambda name, done, total: calls.append((name, done, total)))
    assert_valid_mnist(dest)
    assert sorted(path for path, _ in server.requests) == sorted("/" + n for n in GZ_NAMES)
    last = {name: (done, total) for name, done, total in calls}
    assert last == {n: ((mirror / n).stat().st_size,) * 2 for n in GZ_NAMES}


def test_resume_sends_a_range_request(serve, mirror, tmp_path):
    server, url = serve(mirror)
    dest = tmp_path / "dest"
    dest.mkdir()
    data = (mirror / "train-images-idx3-ubyte.gz").read_bytes()
    half = len(data) // 2
    (dest / "train-images-idx3-ubyte.gz.part").write_bytes(data[:half])
    fetch_mnist(dest, base_urls=[url])
    assert ("/train-images-idx3-ubyte.gz", f"bytes={half}-") in server.requests
    assert len(server.requests) == 4  # resumed, not fetched again in full
    assert_valid_mnist(dest)


def test_interrupted_download_keeps_its_part_and_resumes_next_time(serve, mirror, tmp_path):
    _, flaky_url = serve(mirror, cut_after=5000)
    dest = tmp_path / "dest"
    with pytest.raises(FetchError, match="connection closed after 5000 of"):
        fetch_mnist(dest, base_urls=[flaky_url])
    assert (dest / "train-images-idx3-ubyte.gz.part").stat().st_size == 5000
    assert not (dest / "train-images-idx3-ubyte.gz").exists()
    server, url = serve(mirror)
    fetch_mnist(dest, base_urls=[url])
    assert ("/train-images-idx3-ubyte.gz", "bytes=5000-") in server.requests
    assert_valid_mnist(dest)


def test_server_ignoring_range_still_works(serve, mirror, tmp_path):
    server, url = serve(mirror, ignore_range=True)
    dest = tmp_path / "dest"
    dest.mkdir()
    data = (mirror / "t10k-images-idx3-ubyte.gz").read_bytes()
    (dest / "t10k-images-idx3-ubyte.gz.part").write_bytes(data[:1000])
    fetch_mnist(dest, base_urls=[url])
    assert (dest / "t10k-images-idx3-ubyte.gz").read_bytes() == data
    assert_valid_mnist(dest)


def test_part_from_a_differently_compressed_mirror_is_restarted(serve, mirror, tmp_path):
    server, url = serve(mirror)
    dest = tmp_path / "dest"
    dest.mkdir()
    other_compression = gzip.compress(gzip.decompress((mirror / GZ_NAMES[1]).read_bytes()), 1)
    (dest / (GZ_NAMES[1] + ".part")).write_bytes(other_compression[:2000])
    fetch_mnist(dest, base_urls=[url])
    assert [r for r in server.requests if r[0] == "/" + GZ_NAMES[1]] == \
        [("/" + GZ_NAMES[1], "bytes=2000-"), ("/" + GZ_NAMES[1], None)]
    assert_valid_mnist(dest)


def test_corrupt_file_on_first_mirror_falls_back_to_the_second(serve, mirror, tmp_path):
    bad = tmp_path / "bad-mirror"
    shutil.copytree(mirror, bad)
    labels = bytearray(gzip.decompress((bad / "train-labels-idx1-ubyte.gz").read_bytes()))
    labels[-1] = (labels[-1] + 1) % 10  # valid IDX, wrong content: only the checksum can tell
    (bad / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(bytes(labels)))
    bad_server, bad_url = serve(bad)
    good_server, good_url = serve(mirror)
    dest = fetch_mnist(tmp_path / "dest", base_urls=[bad_url, good_url])
    assert_valid_mnist(dest)
    assert [path for path, _ in good_server.requests] == ["/train-labels-idx1-ubyte.gz"]


def test_404_everywhere_names_every_url(serve, tmp_path):
    (tmp_path / "empty-a").mkdir()
    (tmp_path / "empty-b").mkdir()
    _, url_a = serve(tmp_path / "empty-a")
    _, url_b = serve(tmp_path / "empty-b")
    with pytest.raises(FetchError) as caught:
        fetch_mnist(tmp_path / "dest", base_urls=[url_a, url_b])
    message = str(caught.value)
    assert url_a + "train-images-idx3-ubyte.gz: HTTP 404" in message
    assert url_b + "train-images-idx3-ubyte.gz: HTTP 404" in message
    assert not (tmp_path / "dest" / "train-images-idx3-ubyte.gz").exists()


def test_valid_files_are_not_downloaded_again(serve, mirror, tmp_path):
    server, url = serve(mirror)
    dest = tmp_path / "dest"
    dest.mkdir()
    shutil.copy(mirror / GZ_NAMES[0], dest / GZ_NAMES[0])
    raw = gzip.decompress((mirror / GZ_NAMES[3]).read_bytes())
    (dest / FILES["test_labels"]).write_bytes(raw)  # an uncompressed copy counts too
    fetch_mnist(dest, base_urls=[url])
    requested = sorted(path for path, _ in server.requests)
    assert requested == sorted(["/" + GZ_NAMES[1], "/" + GZ_NAMES[2]])
    server.requests.clear()
    fetch_mnist(dest, base_urls=[url])
    assert server.requests == []


def test_a_corrupt_final_file_is_replaced(serve, mirror, tmp_path):
    _, url = serve(mirror)
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / GZ_NAMES[2]).write_bytes(b"\x1f\x8bnot really gzip")
    fetch_mnist(dest, base_urls=[url])
    assert_valid_mnist(dest)


def test_unreachable_and_slow_mirrors(serve, mirror, tmp_path):
    _, slow_url = serve(mirror, hang=True)  # answers only after the test: too late, surely
    with pytest.raises(FetchError) as caught:
        fetch_mnist(tmp_path / "dest", base_urls=["http://127.0.0.1:9/", slow_url], timeout=0.3)
    message = str(caught.value)
    assert "http://127.0.0.1:9/train-images-idx3-ubyte.gz: cannot connect" in message
    assert slow_url + "train-images-idx3-ubyte.gz" in message and "0.3 s" in message


def test_command_line(serve, mirror, tmp_path, capsys):
    """`python -m engine fetch` is the one command that downloads; --mirror keeps it local."""
    _, url = serve(mirror)
    assert cli_main(["fetch", "--dest", str(tmp_path / "dest"), "--mirror", url]) == 0
    assert "--data" in capsys.readouterr().out
    assert cli_main(["fetch", "--dest", str(tmp_path / "other"),
                     "--mirror", url + "missing/"]) == 2
    assert "HTTP 404" in capsys.readouterr().err


def test_base_urls_must_be_a_list(tmp_path):
    with pytest.raises(ValueError, match="base_urls"):
        fetch_mnist(tmp_path, base_urls="http://127.0.0.1/")
