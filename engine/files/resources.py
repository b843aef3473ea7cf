"""Where the shipped files are: the one place that knows about the one-file bundle.

A PyInstaller one-file binary unpacks itself into a temporary folder named by ``sys._MEIPASS``;
from a source checkout the assets sit beside the packages. Everything else asks here.
"""
import sys
from pathlib import Path

BUNDLED_MODEL = "models/deep-cnn.npz"  # trained by the CLI; see assets/models/README.md


def assets_dir():
    """The shipped assets folder: inside the one-file bundle when frozen, else the source tree's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parents[2] / "assets"  # engine/files/ -> the checkout


def is_shipped(path):
    """True for a file or folder among the shipped assets (in the binary: a temporary folder
    that is gone once the app exits, so never worth remembering or overwriting)."""
    try:
        Path(path).resolve().relative_to(assets_dir().resolve())
    except ValueError:
        return False
    return True


def bundled_model_path():
    """The pretrained model the app opens at start, so drawing works at once and offline."""
    return assets_dir() / BUNDLED_MODEL
