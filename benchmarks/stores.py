"""Seeded demo stores for benchmarking, built once and cached between runs: encrypted files
in a cache folder, or databases on a PostgreSQL server (``benchmarks.servers``)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from remedy_tui import config
from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.store import Store, StorePaths
from remedy_tui.store.backend import Where
from remedy_tui.store.server import ServerAddress

# Bump when the generator's output changes, so stale cached stores are rebuilt.
GENERATOR_VERSION = 6
SEED = 1
# Stores are built for a fixed day and the clock is frozen to it while measuring, so a cached
# store means the same thing (what is overdue, how long cases have been open) on any day.
ANCHOR = date(2026, 11, 22)
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
USER = config.DEMO_USER
PASSPHRASE = config.DEMO_PASSPHRASE


def _upgrade(path: Path) -> None:
    """Bring a cached store up to the current schema, as opening it would, without keeping
    the backup opening makes first (the store can always be built again): at 100,000 cases
    it is 1.9 GB."""
    store = Store.open(path, USER, PASSPHRASE)
    try:
        backup = store.migration_backup
    finally:
        store.close()
    if backup is not None:
        print(f"  upgraded the cached {path.name} to the current schema", file=sys.stderr)
        Path(backup).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            Path(backup).parent.rmdir()  # the backups folder, if nothing else is in it


def cached_store(cases: int, cache: Path = DEFAULT_CACHE) -> Path:
    """The path of a demo store with ``cases`` cases, building it if it is not cached yet."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"demo-{cases}-s{SEED}-g{GENERATOR_VERSION}.db"
    if path.exists() and StorePaths(path).keys.exists():
        _upgrade(path)
        return path
    for stale in cache.glob(f"demo-{cases}-*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    building = cache / f"building-{cases}.db"
    for leftover in StorePaths(building).all_files():
        leftover.unlink()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(
            f"\r  building {cases:,}-case store: {done:,}/{total:,}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    store, counts = build_demo_store(
        building, DemoSpec(cases=cases, seed=SEED, today=ANCHOR), progress=progress
    )
    store.backend.checkpoint(store.engine)
    store.close()
    rows = sum(counts.rows.values())
    print(
        f"\r  built {cases:,}-case store ({rows:,} rows) in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    built = StorePaths(building)
    target = StorePaths(path)
    for src, dst in ((built.keys, target.keys), (built.db, target.db)):
        src.replace(dst)
    for leftover in (built.wal, built.shm):
        leftover.unlink(missing_ok=True)
    return path


BACKENDS = ("sqlcipher", "postgresql")


@dataclass(frozen=True)
class Target:
    """Which backend is measured, and where its stores are kept: the file cache, or the
    PostgreSQL server ``benchmarks.servers`` finds."""

    backend: str = BACKENDS[0]
    cache: Path = DEFAULT_CACHE

    def store(self, cases: int) -> Where:
        """Where the demo store of ``cases`` cases is, building it if need be."""
        if self.backend == "postgresql":
            from benchmarks.servers import cached_database

            return cached_database(cases)
        return cached_store(cases, self.cache)

    def size_bytes(self, where: Where) -> int:
        """How big the store is: its file, or its database on the server."""
        if isinstance(where, ServerAddress):
            from benchmarks.servers import database_size

            return database_size(where.database)
        return where.stat().st_size

    def describe(self) -> str:
        """The backend in words, for the results."""
        if self.backend == "postgresql":
            from benchmarks.servers import server_version

            return (
                f"PostgreSQL {server_version()} (a team server; signed in as the demo user's own "
                "login role, so row-level security applies to service calls and floors alike)"
            )
        return "SQLCipher (the encrypted file on this computer)"
