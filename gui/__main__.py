"""Entry point of the desktop app: `python -m gui`.

The window arrives with the desktop-app issue; until then this says so instead of failing.
"""
import sys


def main():
    print("DigitLab's desktop window is not built yet. Meanwhile the engine works from the "
          "command line: python -m engine --help", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
