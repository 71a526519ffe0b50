"""Slowing down repeated failed unlocks, per user name, across runs of the program.

Failures are counted for the user name typed, so ten wrong guesses for one name never make
another person wait. A name nobody has is counted and slowed the same way, so the wait says
nothing about which names exist. Names are kept as salted hashes, not as typed: a passphrase
typed into the user name field by mistake is not left in the file.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remedy_tui.store.private_files import write_atomically

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0
# A name not tried for a day is forgotten, so the file does not grow without end.
FORGET_AFTER_SECONDS = 24 * 3600.0
MAX_NAMES = 1000


@dataclass
class Lockout:
    """Failed attempts recorded beside the store, per user name; each failure past the third
    doubles that name's wait."""

    path: Path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("users"), dict)
            or not isinstance(data.get("salt"), str)
        ):
            # Missing, damaged, or the one count per store of older versions: start afresh.
            return {"salt": secrets.token_hex(16), "users": {}}
        return data

    @staticmethod
    def _key(data: dict[str, Any], user: str) -> str:
        name = unicodedata.normalize("NFC", user.strip()).casefold()
        salted = f"{data['salt']}\0{name}".encode()
        return hashlib.sha256(salted).hexdigest()

    def _entry(self, user: str) -> tuple[int, float]:
        data = self._read()
        entry = data["users"].get(self._key(data, user))
        try:
            return int(entry["failures"]), float(entry["last_failure"])
        except (TypeError, KeyError, ValueError):
            return 0, 0.0

    @staticmethod
    def delay_for(failures: int) -> float:
        """How long to wait after ``failures`` consecutive failures."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)

    def failures(self, user: str) -> int:
        """Consecutive failed attempts for ``user`` so far."""
        return self._entry(user)[0]

    def wait_seconds(self, user: str, now: float | None = None) -> float:
        """Seconds ``user`` must still wait before their next attempt is allowed."""
        failures, last = self._entry(user)
        now = time.time() if now is None else now
        return max(0.0, last + self.delay_for(failures) - now)

    def record_failure(self, user: str) -> None:
        """Count one more failed attempt for ``user``."""
        data = self._read()
        now = time.time()
        users = {
            key: entry
            for key, entry in data["users"].items()
            if now - _last_failure(entry) < FORGET_AFTER_SECONDS
        }
        key = self._key(data, user)
        failures = int(users.get(key, {}).get("failures", 0))
        users[key] = {"failures": failures + 1, "last_failure": now}
        kept = sorted(users.items(), key=lambda item: _last_failure(item[1]))
        data["users"] = dict(kept[-MAX_NAMES:])
        write_atomically(self.path, json.dumps(data).encode("utf-8"))

    def reset(self, user: str) -> None:
        """Forget ``user``'s failures after they unlock."""
        data = self._read()
        key = self._key(data, user)
        if key not in data["users"]:
            return
        del data["users"][key]
        if data["users"]:
            write_atomically(self.path, json.dumps(data).encode("utf-8"))
        else:
            self.path.unlink(missing_ok=True)


def _last_failure(entry: object) -> float:
    try:
        return float(entry["last_failure"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return 0.0
