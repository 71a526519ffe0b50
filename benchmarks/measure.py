"""Timing helpers: repeat, take the median and the 95th percentile."""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Timing:
    """One measured operation."""

    name: str
    kind: str  # "open", "service", "app", "floor"
    cases: int
    runs: int
    median_ms: float
    p95_ms: float
    floor_ms: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times slower than the hand-written SQL floor."""
        if self.floor_ms is None or self.floor_ms <= 0:
            return None
        return self.median_ms / self.floor_ms

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready record, ratio included."""
        data = asdict(self)
        data["ratio_to_floor"] = None if self.ratio is None else round(self.ratio, 2)
        return data


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_calls(fn: Callable[[int], object], runs: int, warmup: int = 1) -> list[float]:
    """Call ``fn(i)`` ``runs`` times after ``warmup`` unmeasured calls; milliseconds each."""
    for i in range(warmup):
        fn(-1 - i)
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summarise(name: str, kind: str, cases: int, samples: list[float], note: str = "") -> Timing:
    """A Timing from raw samples."""
    return Timing(
        name=name,
        kind=kind,
        cases=cases,
        runs=len(samples),
        median_ms=round(statistics.median(samples), 3),
        p95_ms=round(percentile(samples, 95), 3),
        note=note,
    )


@contextlib.contextmanager
def own_settings() -> Iterator[None]:
    """Run the app's sessions as on a computer of their own: the scenarios sign in to scratch
    copies of one store (the same store, other audit trails), which the app's check of the
    trail's history would rightly report as entries removed."""
    name = "REMEDY_CONFIG_DIR"
    previous = os.environ.get(name)
    with tempfile.TemporaryDirectory(prefix="remedy-bench-settings-") as settings:
        os.environ[name] = settings
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = previous
