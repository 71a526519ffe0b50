"""Run Remedy with ``python -m remedy_tui``."""

from remedy_tui.cli import main

raise SystemExit(main())
