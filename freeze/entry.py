"""What the one-file binary runs: the desktop app's main (``python -m gui`` in a checkout)."""
import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
