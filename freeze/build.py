"""Build the one-file binary: ``./scripts/build`` runs ``python -m freeze.build``.

Before PyInstaller runs, a fresh interpreter process reports which libpython it runs on and
which one PyInstaller would bundle (freeze.libpython). If that is not the interpreter's own
library, the build runs with the library's folder first on LD_LIBRARY_PATH and says so; if the
interpreter has no shared library at all, it stops with the fix. After the build, the binary's
``--version`` must name the same Python release, so a wrong library cannot slip through.

``--gpu`` (or DIGITLAB_BUILD=gpu) builds dist/digitlab-gpu, which bundles CuPy, instead of the
CPU-only dist/digitlab (freeze.variant); the choice reaches build.spec in DIGITLAB_BUILD.
"""
import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from . import variant as variants
from .libpython import LibpythonReport, no_shared_library_message, problems

ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """The build cannot go on; the message says why and what to do."""


def probe_in(env, python=sys.executable):
    """freeze.libpython's report from a new `python` process started with `env`."""
    result = subprocess.run([python, "-m", "freeze.libpython"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"{python} could not report its Python library:\n{result.stderr.strip()}")
    return LibpythonReport(**json.loads(result.stdout))


def with_library_path(env, folder):
    """A copy of `env` whose LD_LIBRARY_PATH starts with `folder`."""
    fixed = dict(env)
    rest = env.get("LD_LIBRARY_PATH", "")
    fixed["LD_LIBRARY_PATH"] = folder + (os.pathsep + rest if rest else "")
    return fixed


def choose_environment(env, probe=probe_in, say=print):
    """(environment, report) to build in, so the bundle gets the interpreter's own libpython."""
    report = probe(env)
    if report.own is None:
        raise BuildError(no_shared_library_message(report))
    found = problems(report)
    if not found:
        return env, report
    folder = str(Path(report.own).parent)
    fixed_env = with_library_path(env, folder)
    fixed = probe(fixed_env)
    if problems(fixed):
        raise BuildError(f"{report.executable}: {'; '.join(found)}. Even with "
                         f"LD_LIBRARY_PATH={fixed_env['LD_LIBRARY_PATH']}: "
                         f"{'; '.join(problems(fixed))}.")
    say(f"{report.executable}: {'; '.join(found)}. Building with LD_LIBRARY_PATH={folder} "
        f"prepended, so the binary bundles {report.own} (Python {fixed.version}).")
    return fixed_env, fixed


def with_variant(env, variant):
    """A copy of `env` that tells build.spec which binary to make."""
    return {**env, variants.ENV_VAR: variant.name}


def check_packages_installed(variant, find_spec=importlib.util.find_spec):
    """The packages a variant bundles whole are in this Python; else PyInstaller would just
    warn and write a binary without them."""
    missing = [name for name in variant.collect_packages if find_spec(name) is None]
    if missing:
        extras = ",".join(variant.extras)
        raise BuildError(f"the {variant.name} build bundles {', '.join(missing)}, which "
                         f"{sys.executable} lacks: run ./scripts/setup-venv {extras} "
                         f"(or pip install -e '.[{extras}]')")


def run_pyinstaller(spec, dist, work, env, python=sys.executable):
    command = [python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(spec)]
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
        raise BuildError(f"PyInstaller failed on {spec} (its messages are above)")


def check_binary(binary, python_version):
    """The built binary starts and runs the Python release it was built from."""
    if not binary.is_file():
        raise BuildError(f"{binary}: PyInstaller reported success but wrote no binary")
    result = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                            timeout=120, check=False)
    shown = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or f"Python {python_version}" not in shown:
        raise BuildError(f"{binary} --version should name Python {python_version}; "
                         f"it exited {result.returncode} saying: {shown}")
    return shown


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m freeze.build", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "build.spec")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="folder for the binary (default: dist/)")
    parser.add_argument("--work", type=Path, default=None,
                        help="PyInstaller's working folder (default: build/, or build/gpu/ "
                             "for --gpu, so each variant keeps its own cache)")
    parser.add_argument("--name", default=None,
                        help="the binary's name in the spec (default: the variant's, "
                             "digitlab or digitlab-gpu)")
    variants.add_gpu_flag(parser)
    return parser.parse_args(argv)


def work_folder(variant):
    return ROOT / "build" if variant.name == variants.CPU else ROOT / "build" / variant.name


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        variant = variants.choose(os.environ, gpu=args.gpu)
        name = args.name or variant.binary_name
        binary = args.dist / (name + (".exe" if sys.platform == "win32" else ""))
        check_packages_installed(variant)
        if sys.platform.startswith("linux"):
            env, report = choose_environment(dict(os.environ))
            version = report.version
        else:  # Windows and macOS: PyInstaller finds the DLL or framework from the process
            env, version = dict(os.environ), platform.python_version()
        run_pyinstaller(args.spec, args.dist, args.work or work_folder(variant),
                        with_variant(env, variant))
        shown = check_binary(binary, version)
    except (BuildError, variants.VariantError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    print(f"built {binary} ({binary.stat().st_size / 1e6:.1f} MB): {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
