"""Which libpython will PyInstaller bundle, and is it this interpreter's own?

A one-file binary carries a copy of the shared Python library (libpython3.X.so.1.0) and runs
the bundled standard library on it. Two traps wait on Linux:

1. The library exists but the dynamic linker cannot find it: Anaconda and some pyenv or
   self-built Pythons keep it in their own ``lib`` folder, off the linker path. PyInstaller then
   stops with ``OSError: Python library not found: libpython3.X.so.1.0, ...``.
2. The linker finds another libpython of the same minor version first (a distribution's, of
   another patch release): the interpreter, or PyInstaller's search, picks that one, and the
   binary runs one release's library on another release's standard library.

Both are cured by putting the interpreter's own library folder first on LD_LIBRARY_PATH. A
Python built with no shared library at all (pyenv without ``--enable-shared``) cannot be
frozen; that needs a rebuild, which we say.

``probe()`` must run in a fresh process started with the environment under test, because what
the linker loaded is fixed when a process starts: ``python -m freeze.libpython`` prints it.
"""
import json
import os
import platform
import sys
import sysconfig
from dataclasses import asdict, dataclass
from pathlib import Path

PROC_MAPS = "/proc/self/maps"


@dataclass(frozen=True)
class LibpythonReport:
    """What one interpreter process found; paths are resolved (no symlinks), or None."""
    executable: str
    version: str
    own: str | None       # the shared library that belongs to this installation
    searched: list        # where `own` was looked for
    loaded: str | None    # the one this process runs on (None: linked statically)
    bundled: str | None   # the one PyInstaller's own search picks
    bundle_error: str | None  # or why PyInstaller's search failed


def own_libpython(config=sysconfig.get_config_var, base_prefix=sys.base_prefix,
                  version=sys.version_info):
    """(path or None, folders searched): the shared libpython of this installation.

    With ``--enable-shared`` sysconfig names it (LIBDIR / INSTSONAME). Anaconda reports a
    static build yet ships the shared library in its ``lib``; PyInstaller accepts that one too.
    """
    if config("Py_ENABLE_SHARED"):
        name = config("INSTSONAME")
        folders = [config("LIBDIR"), base_prefix, os.path.join(base_prefix, "lib")]
    else:
        name = f"libpython{version[0]}.{version[1]}.so.1.0"
        folders = [base_prefix, os.path.join(base_prefix, "lib")]
    folders = [f for f in dict.fromkeys(folders) if f]
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate.resolve()), [str(Path(f) / name) for f in folders]
    return None, [str(Path(f) / name) for f in folders]


def loaded_libpython(maps_path=PROC_MAPS):
    """The libpython file mapped into this process, or None for a statically linked python."""
    try:
        lines = Path(maps_path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and Path(fields[5]).name.startswith("libpython"):
            return str(Path(fields[5]).resolve())
    return None


def pyinstaller_libpython():
    """(path, None) that PyInstaller would bundle, or (None, its error message)."""
    try:
        from PyInstaller.depend.bindepend import get_python_library_path  # noqa: PLC0415 - may fail
        found = get_python_library_path()
    # PyInstaller's PythonLibraryNotFoundError is a SystemExit: catch it, to try the cure
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the user must see any failure
        return None, f"{type(error).__name__}: {error}"
    if not found:
        return None, "PyInstaller found no Python library"
    return str(Path(found).resolve()), None


def probe():
    own, searched = own_libpython()
    bundled, bundle_error = pyinstaller_libpython()
    return LibpythonReport(executable=sys.executable, version=platform.python_version(),
                           own=own, searched=searched, loaded=loaded_libpython(),
                           bundled=bundled, bundle_error=bundle_error)


def problems(report):
    """What is wrong with building from this process's environment: [] when nothing is."""
    found = []
    if report.loaded and report.loaded != report.own:
        found.append(f"this interpreter runs on {report.loaded}, not its own library")
    if report.bundle_error:
        found.append(f"PyInstaller's search failed: {report.bundle_error}")
    elif report.bundled != report.own:
        found.append(f"PyInstaller would bundle {report.bundled}, not {report.own}")
    return found


def no_shared_library_message(report):
    return (f"{report.executable} (Python {report.version}) has no shared Python library "
            f"(looked for {', '.join(report.searched)}), and PyInstaller needs one. "
            "Rebuild that Python with --enable-shared (pyenv: env PYTHON_CONFIGURE_OPTS="
            f"--enable-shared pyenv install --force {report.version}), or build with another "
            "Python, e.g. PYTHON=/usr/bin/python3 after sudo apt-get install python3-venv "
            "libpython3-dev.")


def main():
    print(json.dumps(asdict(probe())))


if __name__ == "__main__":
    main()
