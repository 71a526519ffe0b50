"""What a long step is doing, told to whoever shows it: the command line draws a progress bar
on a terminal and plain lines otherwise; the app and the tests pass :data:`SILENT`."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class Progress(Protocol):
    """A listener for one long command's steps."""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        """A new step begins: what it does, and how many ``unit`` it has to do (None when the
        engine cannot say, as for SQLite's own checks)."""

    def advance(self, done: int) -> None:
        """How many of the current step's units are done so far."""


class _Silent:
    """Progress nobody watches."""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        return None

    def advance(self, done: int) -> None:
        return None


SILENT: Progress = _Silent()


@contextlib.contextmanager
def watching_size(progress: Progress, path: Path, every: float = 0.25) -> Iterator[None]:
    """Report the size of ``path`` while the engine writes it in one statement (``VACUUM
    INTO``, ``sqlcipher_export``): SQLite gives no progress of its own for these, and the
    file's growth is an honest measure of how far the copy has come."""
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every):
            with contextlib.suppress(OSError):
                progress.advance(path.stat().st_size)

    watcher = threading.Thread(target=watch, name="remedy-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        with contextlib.suppress(OSError):
            progress.advance(path.stat().st_size)
