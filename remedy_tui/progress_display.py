"""Progress of a long command on stderr: a bar on a terminal, plain lines otherwise (a log, a
script, a pipe). Only the step's name and counts are shown, never case data."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress


def _took(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {seconds % 60:.0f} s"


class PlainProgress:
    """One line as each step begins and one as it ends, with how long it took."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._name: str | None = None
        self._started = 0.0
        self._total: int | None = None
        self._unit = ""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.finish()
        self._name, self._total, self._unit = name, total, unit
        self._started = time.perf_counter()
        size = f" ({_amount(total, unit)})" if total else ""
        print(f"  {name}{size} ...", file=self._stream, flush=True)

    def advance(self, done: int) -> None:
        return None

    def finish(self, *, succeeded: bool = True) -> None:
        if self._name is not None:
            took = _took(time.perf_counter() - self._started)
            ended = "done in" if succeeded else "stopped after"
            print(f"  {self._name}: {ended} {took}", file=self._stream, flush=True)
        self._name = None


class BarProgress:
    """A rich progress bar for the current step; finished steps stay listed above it."""

    def __init__(self, console: Console) -> None:
        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[amount]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._unit = ""
        self._total: int | None = None

    def start(self) -> None:
        self._bar.start()

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.finish()
        self._unit, self._total = unit, total
        self._task = self._bar.add_task(name, total=total, amount=_amount(0, unit, total))

    def advance(self, done: int) -> None:
        if self._task is not None:
            self._bar.update(
                self._task, completed=done, amount=_amount(done, self._unit, self._total)
            )

    def finish(self) -> None:
        if self._task is not None:
            task = self._bar.tasks[-1]
            total = task.total if task.total is not None else 1.0
            self._bar.update(self._task, total=total, completed=total)
            self._bar.stop_task(self._task)
        self._task = None

    def stop(self, *, succeeded: bool = True) -> None:
        if succeeded:
            self.finish()
        self._bar.stop()


def _amount(done: int | None, unit: str, total: int | None = None) -> str:
    """``1.2 of 1.9 GB``, ``5,000 of 64,000 entries``, or nothing when there is no count."""
    if done is None or not unit:
        return ""
    if unit == "bytes":
        if total is None:
            return _bytes(done)
        return f"{_bytes(done)} of {_bytes(total)}"
    return f"{done:,} {unit}" if total is None else f"{done:,} of {total:,} {unit}"


def _bytes(count: int) -> str:
    for size, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
        if count >= size:
            return f"{count / size:.1f} {name}"
    return f"{count} bytes"


class _Titled:
    """Shows nothing until the first step begins: a command refused before any work (a wrong
    recovery code, a folder it may not write to) prints its one line of refusal and no more."""

    def __init__(self, title: str, stream: TextIO) -> None:
        self._title = title
        self._stream = stream
        self._shown: PlainProgress | BarProgress | None = None
        self._started = 0.0

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        if self._shown is None:
            self._started = time.perf_counter()
            print(self._title, file=self._stream, flush=True)
            if self._stream.isatty():
                bar = BarProgress(Console(file=self._stream))
                bar.start()
                self._shown = bar
            else:
                self._shown = PlainProgress(self._stream)
        self._shown.phase(name, total, unit)

    def advance(self, done: int) -> None:
        if self._shown is not None:
            self._shown.advance(done)

    def close(self, *, succeeded: bool) -> None:
        if self._shown is None:
            return
        if isinstance(self._shown, BarProgress):
            self._shown.stop(succeeded=succeeded)
        else:
            self._shown.finish(succeeded=succeeded)
        if succeeded:
            took = _took(time.perf_counter() - self._started)
            print(f"  ({took} in all)", file=self._stream, flush=True)


@contextmanager
def showing_progress(title: str, stream: TextIO | None = None) -> Iterator[_Titled]:
    """Show a long command's steps on stderr, headed by ``title`` once the first begins."""
    shown = _Titled(title, stream or sys.stderr)
    try:
        yield shown
    except BaseException:
        shown.close(succeeded=False)
        raise
    shown.close(succeeded=True)
