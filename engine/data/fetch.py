"""Download the four MNIST files from public mirrors, resumably and verified.

Each file is streamed into `<name>.gz.part`, resumed with an HTTP Range request after an
interruption, checked against the SHA-256 of its *decompressed* content (mirrors compress
differently, the content is identical) and only then renamed into place. A final file is therefore
always complete and correct; a bad mirror costs a retry on the next one, never a corrupt dataset.

Usage from a shell: python -m engine.fetch DEST_DIR
"""
import functools
import gzip
import hashlib
import http.client
import os
import zlib
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from ..messages import sentence
from .datasets import FILES, GZIP_MAGIC, MNIST_SHA256, find_idx_file

DEFAULT_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
DEFAULT_TIMEOUT_S = 30
USER_AGENT = "DigitLab-fetch/1.0"
CHUNK_BYTES = 1 << 16
# Far above MNIST's largest file (9.9 MB compressed, 47 MB raw): a guard against a mirror that
# streams forever or a gzip bomb, not a real limit.
MAX_DOWNLOAD_BYTES = 64 << 20
MAX_CONTENT_BYTES = 256 << 20


class FetchError(RuntimeError):
    """A file could not be downloaded from any mirror, or could not be written."""


class _MirrorFailed(Exception):
    """One mirror failed for one file; the next mirror may still succeed. Its message is what
    went wrong, a sentence for the middle of FetchError's."""


def fetch_mnist(dest_dir, base_urls=DEFAULT_MIRRORS, progress=None, timeout=DEFAULT_TIMEOUT_S):
    """Make `dest_dir` hold the four verified MNIST files, downloading only what is missing.

    base_urls are tried in order for each file. progress(filename, done_bytes, total_bytes) is
    called as bytes arrive; total_bytes is None when the server does not say. Returns dest_dir.
    """
    if isinstance(base_urls, str) or not base_urls:
        raise ValueError(f"base_urls must be a non-empty list of URLs, not {base_urls!r}")
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(sentence("{folder}: cannot create the folder ({reason})",
                                  folder=dest_dir, reason=_reason(exc))) from None
    for key in FILES:
        _fetch_file(dest_dir, key, base_urls, progress, timeout)
    return dest_dir


def _fetch_file(dest_dir, key, base_urls, progress, timeout):
    expected = MNIST_SHA256[key]
    existing = find_idx_file(dest_dir, key)
    if existing is not None and _content_problem(existing, expected) is None:
        size = existing.stat().st_size
        _report(progress, existing.name, size, size)
        return existing
    target = dest_dir / (FILES[key] + ".gz")
    part = target.with_name(target.name + ".part")
    errors = []
    for base in base_urls:
        url = base.rstrip("/") + "/" + target.name
        try:
            _download_verified(url, part, expected, progress, timeout)
        except _MirrorFailed as exc:
            errors.append(sentence("{url}: {problem}", url=url, problem=exc.args[0]))
            continue
        _commit(part, target)
        return target
    raise FetchError(sentence("could not download {name}: {failures}", name=target.name,
                              failures=_listed(errors)))


def _listed(sentences):
    """"first; second; third" as one sentence, each part still translatable."""
    return functools.reduce(lambda said, more: sentence("{said}; {more}", said=said, more=more),
                            sentences)


def _reason(exc):
    """What the system said about a failed file operation, for the middle of a sentence."""
    return exc.strerror or str(exc)


def _commit(part, target):
    # Atomic: the target is either absent (or the old file) or complete and verified.
    try:
        os.replace(part, target)
    except OSError as exc:
        raise FetchError(sentence("{path}: cannot move the verified download into place "
                                  "({reason})", path=target, reason=_reason(exc))) from None


def _download_verified(url, part, expected, progress, timeout):
    resumed = _download(url, part, progress, timeout)
    problem = _content_problem(part, expected)
    if problem and resumed:
        # The .part may come from another mirror whose compression differs: start afresh here.
        part.unlink()
        _download(url, part, progress, timeout)
        problem = _content_problem(part, expected)
    if problem:
        part.unlink(missing_ok=True)
        raise _MirrorFailed(problem)


def _download(url, part, progress, timeout):
    """Stream `url` into `part`, resuming when it already holds bytes. True if it resumed."""
    offset = part.stat().st_size if part.exists() else 0
    response = _open(url, offset, timeout)
    if response is None:  # 416: the .part is no prefix of this file
        part.unlink()
        return _download(url, part, progress, timeout)
    with response:
        start = _resume_offset(response, offset)
        if offset and start is None:
            offset = 0  # the server sent the whole file: overwrite the .part
        elif offset and start != offset:
            part.unlink()
            raise _MirrorFailed(sentence("asked to resume at byte {offset}, server resumed at "
                                         "{start}", offset=offset, start=start))
        total = _total_bytes(response, offset)
        _copy_body(response, part, offset, total, progress)
    return offset > 0


def _open(url, offset, timeout):
    request = Request(url, headers={"User-Agent": USER_AGENT})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        return urlopen(request, timeout=timeout)
    except HTTPError as exc:
        if exc.code == 416 and offset:
            return None
        raise _MirrorFailed(sentence("HTTP {code} {reason}", code=exc.code,
                                     reason=exc.reason)) from None
    except URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _MirrorFailed(sentence("no connection within {timeout} s",
                                         timeout=timeout)) from None
        raise _MirrorFailed(sentence("cannot connect ({reason})", reason=str(exc.reason))) \
            from None
    except TimeoutError:
        raise _MirrorFailed(sentence("no answer within {timeout} s", timeout=timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _MirrorFailed(sentence("connection failed ({error})", error=str(exc))) from None


def _resume_offset(response, offset):
    """First byte the response body starts at when it is a partial answer (206), else None."""
    if not offset or response.status != 206:
        return None
    content_range = response.headers.get("Content-Range", "")
    # "bytes 1000-1999/2000"
    try:
        return int(content_range.split()[1].split("-")[0])
    except (IndexError, ValueError):
        raise _MirrorFailed(sentence("206 answer with an unreadable Content-Range {header}",
                                     header=repr(content_range))) from None


def _total_bytes(response, offset):
    length = response.headers.get("Content-Length")
    if length is None or not length.isdigit():
        return None
    return offset + int(length)


def _copy_body(response, part, done, total, progress):
    try:
        out = open(part, "ab" if done else "wb")
    except OSError as exc:
        raise _cannot_write(part, exc) from None
    with out:
        while chunk := _read_chunk(response, done):
            done += len(chunk)
            if done > MAX_DOWNLOAD_BYTES:
                raise _MirrorFailed(sentence("more than {limit} bytes, not an MNIST file",
                                             limit=MAX_DOWNLOAD_BYTES))
            _write(out, chunk, part)
            _report(progress, part.name.removesuffix(".part"), done, total)
        _write_through(out, part)
    if total is not None and done < total:
        raise _MirrorFailed(sentence("connection closed after {done} of {total} bytes",
                                     done=done, total=total))


def _read_chunk(response, done):
    try:
        return response.read(CHUNK_BYTES)
    except TimeoutError:
        raise _MirrorFailed(sentence("stalled after {done} bytes (timed out)",
                                     done=done)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _MirrorFailed(sentence("connection lost after {done} bytes ({error})", done=done,
                                     error=repr(exc))) from None


def _write(out, chunk, part):
    try:
        out.write(chunk)
    except OSError as exc:
        raise _cannot_write(part, exc) from None


def _write_through(out, part):
    # On disk before the rename, so a power cut cannot leave a renamed but empty file.
    try:
        out.flush()
        os.fsync(out.fileno())
    except OSError as exc:
        raise _cannot_write(part, exc) from None


def _cannot_write(part, exc):
    return FetchError(sentence("{path}: cannot write ({reason})", path=part, reason=_reason(exc)))


def _content_problem(path, expected):
    """None if the (decompressed) content of `path` has SHA-256 `expected`, else what is wrong."""
    try:
        digest = _content_sha256(path)
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        return sentence("damaged download ({error})", error=str(exc))
    except _MirrorFailed as exc:
        return exc.args[0]
    if digest != expected:
        return sentence("checksum mismatch: SHA-256 of the content is {digest}, expected "
                        "{expected}", digest=digest, expected=expected)
    return None


def _content_sha256(path):
    # Streamed, so a hostile file cannot make us hold gigabytes of decompressed data.
    with open(path, "rb") as f:
        compressed = f.read(2) == GZIP_MAGIC
    sha, size = hashlib.sha256(), 0
    with (gzip.open(path, "rb") if compressed else open(path, "rb")) as f:
        while chunk := f.read(1 << 20):
            size += len(chunk)
            if size > MAX_CONTENT_BYTES:
                raise _MirrorFailed(sentence("decompresses to more than {limit} bytes",
                                             limit=MAX_CONTENT_BYTES))
            sha.update(chunk)
    return sha.hexdigest()


def _report(progress, filename, done, total):
    if progress is not None:
        progress(filename, done, total)
