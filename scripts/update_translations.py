"""Collect the window's strings into translations/digitlab_ja.ts and compile it.

    .venv/bin/python -m scripts.update_translations          # after changing any tr("...")

pyside6-lupdate reads every tr()/translate() call in gui/ and every sentence() in engine/, and
adds new strings to the .ts file
(a translator fills them in, with Qt Linguist: pyside6-linguist translations/digitlab_ja.ts, or
any editor), keeping those already translated and dropping vanished ones. pyside6-lrelease
then writes assets/translations/digitlab_ja.qm, which the app and the binary load.
tests/gui/test_translations.py fails while a string is new, unfinished or not compiled.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = {"ja": "ja_JP"}  # the languages DigitLab is translated into, and their Qt locales
TS_DIR = ROOT / "translations"
QM_DIR = ROOT / "assets" / "translations"


def tool(name):
    """pyside6-lupdate or pyside6-lrelease beside this interpreter (the venv's)."""
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def sources(root=ROOT):
    """The window's code and the engine's: the engine's sentences reach the window too."""
    return sorted(str(path.relative_to(root))
                  for folder in ("gui", "engine") for path in (root / folder).rglob("*.py"))


def ts_file(language, folder=TS_DIR):
    return folder / f"digitlab_{language}.ts"


def qm_file(language, folder=QM_DIR):
    return folder / f"digitlab_{language}.qm"


def update(ts, root=ROOT):
    """Run lupdate into `ts`; returns lupdate's report (it counts new and vanished strings)."""
    locale = LOCALES[ts.stem.split("_", 1)[1]]
    result = subprocess.run([tool("lupdate"), *sources(root), "-no-obsolete",
                             "-locations", "relative", "-target-language", locale,
                             # engine/messages.py's sentence("...") marks a string as
                             # QT_TR_NOOP does
                             "-tr-function-alias", "QT_TR_NOOP+=sentence", "-ts", str(ts)],
                            cwd=root, capture_output=True, text=True, check=True)
    return result.stdout + result.stderr


def release(ts, qm):
    result = subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)],
                            capture_output=True, text=True, check=True)
    return result.stdout + result.stderr


def main():
    for language in LOCALES:
        print(update(ts_file(language)), end="")
        print(release(ts_file(language), qm_file(language)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
