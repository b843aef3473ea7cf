"""Which binary a build makes: the default CPU-only `digitlab` or `digitlab-gpu` with CuPy.

``DIGITLAB_BUILD=gpu ./scripts/build`` or ``./scripts/build --gpu`` picks the GPU one; the flag
wins over the variable. freeze/build.py hands the choice to PyInstaller in DIGITLAB_BUILD, and
build.spec reads it back with ``from_environment``. Nothing here imports PyInstaller, so the
choice is tested without a build (tests/freeze/test_variant.py).

``python -m freeze.variant [--gpu]`` prints the setup-venv extras the chosen variant needs
(``build`` or ``build gpu``), or stops with why: scripts/build installs them before building.
"""
import argparse
import dataclasses
import os
import sys

ENV_VAR = "DIGITLAB_BUILD"
CPU, GPU = "cpu", "gpu"
VARIANTS = (CPU, GPU)

# CuPy's import packages. engine/backend.py imports cupy inside a function; PyInstaller's
# analysis still follows that import whenever CuPy is installed in the build venv.
CUPY_PACKAGES = ("cupy", "cupyx", "cupy_backends")
# CuPy 13's fastrlock, imported by its compiled code only (CuPy 14 no longer needs it).
CUPY_ONLY_DEPENDENCIES = ("fastrlock",)


class VariantError(ValueError):
    """DIGITLAB_BUILD names no variant; the message says which values it takes."""


@dataclasses.dataclass(frozen=True)
class Variant:
    """What build.spec and freeze/build.py need to know about one kind of binary."""

    name: str  # "cpu" or "gpu", as in DIGITLAB_BUILD
    binary_name: str  # the file PyInstaller writes under dist/
    extras: tuple  # pyproject extras the build venv needs (./scripts/setup-venv arguments)
    excludes: tuple = ()  # modules kept out of the binary, on top of build.spec's EXCLUDES
    collect_packages: tuple = ()  # packages bundled whole: every submodule and data file
    # modules bundled when the build venv has them, though no import PyInstaller sees names them
    hidden_imports: tuple = ()


CPU_VARIANT = Variant(
    name=CPU,
    binary_name="digitlab",
    extras=("build",),
    # CPU-only even from a venv with the gpu extra: otherwise CuPy's Python half comes along
    # (without the submodules its Cython code imports, so it would not even load).
    excludes=CUPY_PACKAGES + CUPY_ONLY_DEPENDENCIES,
)

GPU_VARIANT = Variant(
    name=GPU,
    binary_name="digitlab-gpu",
    extras=("build", "gpu"),
    # pyinstaller-hooks-contrib (2026.9) has no hook for CuPy. Its compiled (Cython) modules
    # import one another where PyInstaller cannot see it ("No module named
    # 'cupy_backends.cuda.stream'", cupy/cupy#5090), so every submodule is bundled; and CuPy
    # compiles its kernels at run time with NVRTC from the headers under cupy/_core/include
    # ("complex.cuh not found", cupy/cupy#2140), which are data files of the cupy package.
    collect_packages=CUPY_PACKAGES,
    # Imported by CuPy's compiled code only, so PyInstaller cannot see them: the standard
    # library's graphlib (cupy._core._scalar, CuPy 14: without it a frozen `import cupy` fails
    # with "No module named 'graphlib'"), and CuPy 13's fastrlock (cupy/cupy#1262), skipped
    # where it is not installed.
    hidden_imports=("graphlib", *CUPY_ONLY_DEPENDENCIES),
)

_BY_NAME = {variant.name: variant for variant in (CPU_VARIANT, GPU_VARIANT)}


def select(name):
    """The Variant called `name`; VariantError, naming DIGITLAB_BUILD and its values, if none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise VariantError(f"{ENV_VAR} must be one of {', '.join(VARIANTS)}, "
                           f"not {name!r}") from None


def choose(env=None, gpu=False):
    """The variant to build: GPU when `gpu` (the --gpu flag), else DIGITLAB_BUILD's, else CPU."""
    if gpu:
        return GPU_VARIANT
    env = os.environ if env is None else env
    return select(env.get(ENV_VAR, "").strip().lower() or CPU)


def from_environment(env=None):
    """The variant freeze/build.py asked for (build.spec's side): DIGITLAB_BUILD, else CPU."""
    return choose(env)


def add_gpu_flag(parser):
    parser.add_argument("--gpu", action="store_true",
                        help=f"build dist/{GPU_VARIANT.binary_name}, which bundles CuPy "
                             f"(same as {ENV_VAR}={GPU}; default: {ENV_VAR} or {CPU})")
    return parser


def from_args(argv, env=None):
    """The variant a build command line picks; arguments other than --gpu are left alone."""
    args, _ = add_gpu_flag(argparse.ArgumentParser(add_help=False)).parse_known_args(argv)
    return choose(env, gpu=args.gpu)


def main(argv=None):
    try:
        variant = from_args(sys.argv[1:] if argv is None else argv)
    except VariantError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 2
    print(" ".join(variant.extras))
    return 0


if __name__ == "__main__":
    sys.exit(main())
