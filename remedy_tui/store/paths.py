"""Where a store's files live: the database, its key slots, lockout state, who has it open
and backups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StorePaths:
    """The files that make up one store, all derived from the database path."""

    db: Path

    @property
    def keys(self) -> Path:
        """The key-slot file beside the database."""
        return self.db.with_name(self.db.name + ".keys")

    @property
    def lockout(self) -> Path:
        """Failed-attempt counter beside the database."""
        return self.db.with_name(self.db.name + ".lockout")

    @property
    def wal(self) -> Path:
        """SQLite's write-ahead log (encrypted like the database)."""
        return self.db.with_name(self.db.name + "-wal")

    @property
    def shm(self) -> Path:
        """SQLite's shared-memory index for the WAL."""
        return self.db.with_name(self.db.name + "-shm")

    @property
    def in_use(self) -> Path:
        """The folder of claims on the store by the processes that have it open."""
        return self.db.with_name(self.db.name + ".in-use")

    @property
    def backups(self) -> Path:
        """Automatic backups taken before migrations and restores."""
        return self.db.parent / "backups"

    def exists(self) -> bool:
        """True when the database file is there."""
        return self.db.exists()

    def all_files(self) -> list[Path]:
        """Every file of the store that exists now (for scans and backups)."""
        return [p for p in (self.db, self.wal, self.shm, self.keys) if p.exists()]
