"""Slowing down repeated failed unlocks, across runs of the program."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from remedy_tui.store.private_files import write_atomically

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0


@dataclass
class Lockout:
    """Failed attempts recorded beside the store; each failure past the third doubles the wait."""

    path: Path

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data.get("failures", 0)), float(data.get("last_failure", 0.0))
        except (OSError, ValueError, TypeError):
            return 0, 0.0

    @staticmethod
    def delay_for(failures: int) -> float:
        """How long to wait after ``failures`` consecutive failures."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)

    def failures(self) -> int:
        """Consecutive failed attempts so far."""
        return self._read()[0]

    def wait_seconds(self, now: float | None = None) -> float:
        """Seconds still to wait before the next attempt is allowed."""
        failures, last = self._read()
        now = time.time() if now is None else now
        return max(0.0, last + self.delay_for(failures) - now)

    def record_failure(self) -> None:
        """Count one more failed attempt."""
        failures, _ = self._read()
        record = {"failures": failures + 1, "last_failure": time.time()}
        write_atomically(self.path, json.dumps(record).encode("utf-8"))

    def reset(self) -> None:
        """Forget failures after a successful unlock."""
        if self.path.exists():
            self.path.unlink()
