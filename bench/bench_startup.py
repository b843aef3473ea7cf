"""Start-up of the one-file binary against a bare PySide6 + pyqtgraph + NumPy one-file.

    python -m bench.bench_startup [--binary dist/digitlab] [--runs 5]

Times process start to the first painted window ('shown' on stdout, from --quit-when-shown),
alternating the two binaries, and prints medians and their ratio. With permission to write
/proc/sys/vm/drop_caches (root), every run is cold: the page cache is dropped first, so the
binary is read from disk and unpacked as on the first start after boot. Without it, runs are
warm and the output says so. The reference is built once into build/bench-reference/.
Set QT_QPA_PLATFORM=offscreen, or run under xvfb-run for X11. Settings go to a temporary
folder so runs do not see each other's saved state.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SCRIPT = ROOT / "bench" / "startup_reference.py"
REFERENCE_DIR = ROOT / "build" / "bench-reference"
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
TIMEOUT_S = 60


def build_reference():
    binary = REFERENCE_DIR / "dist" / "startup_reference"
    if binary.exists():
        return binary
    print(f"building the bare reference into {REFERENCE_DIR} (once, about a minute)")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--onefile",
                    "--noconsole", "--log-level", "WARN", "--distpath", str(binary.parent),
                    "--workpath", str(REFERENCE_DIR / "work"), "--specpath", str(REFERENCE_DIR),
                    str(REFERENCE_SCRIPT)], check=True)
    return binary


def drop_page_cache():
    """True if the page cache was dropped, so the next start reads the binary from disk."""
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
        return True
    except OSError:
        return False


def seconds_to_shown(command, env):
    start = time.perf_counter()
    # a session of its own: the one-file bootloader runs the app as its child, and a kill
    # must reach both
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=env, text=True, start_new_session=True)
    watchdog = threading.Timer(TIMEOUT_S, os.killpg, (process.pid, signal.SIGKILL))
    watchdog.start()  # a window that never shows must not hang the benchmark
    line = process.stdout.readline()
    shown = time.perf_counter() - start
    process.wait()
    watchdog.cancel()
    if line.strip() != "shown":
        raise RuntimeError(f"{command[0]} exited {process.returncode} without showing a window")
    return shown


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, default=ROOT / "dist" / "digitlab")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    reference = build_reference()
    env = dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="digitlab-bench-"))
    commands = {"digitlab": [str(args.binary), "--quit-when-shown"],
                "bare one-file": [str(reference)]}
    times = {name: [] for name in commands}
    cold = True
    for _ in range(args.runs):
        for name, command in commands.items():
            cold = drop_page_cache() and cold
            times[name].append(seconds_to_shown(command, env))
    platform = env.get("QT_QPA_PLATFORM", "xcb")
    print(f"start to shown window, {'cold (page cache dropped)' if cold else 'warm'} starts, "
          f"{platform}, {args.runs} runs each")
    for name, command in commands.items():
        size = Path(command[0]).stat().st_size / 1e6
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:14s} median {statistics.median(times[name]):.2f} s  ({runs})  "
              f"size {size:.1f} MB")
    ratio = statistics.median(times["digitlab"]) / statistics.median(times["bare one-file"])
    print(f"  ratio digitlab / bare: {ratio:.2f}")


if __name__ == "__main__":
    main()
