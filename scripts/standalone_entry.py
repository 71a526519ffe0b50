"""The entry point of the standalone program (PyInstaller runs this file as ``remedy``)."""

import sys

from remedy_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
