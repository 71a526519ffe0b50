"""The SQLCipher backend: one encrypted SQLite file, its pragmas, FTS5 search and VACUUM INTO."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, update
from sqlalchemy.orm import Session
from sqlmodel import col

from remedy_tui.store import search
from remedy_tui.store.audit import HEAD_KEY
from remedy_tui.store.backend import CheckResult, Where, register
from remedy_tui.store.engine import connect, make_engine
from remedy_tui.store.errors import StoreError
from remedy_tui.store.migrate import migrate_if_needed, upgrade_to
from remedy_tui.store.models import StoreMeta
from remedy_tui.store.paths import StorePaths


class SQLCipherBackend:
    """Stores in an SQLCipher database file keyed with the raw data key."""

    name = "sqlcipher"
    dialect = "sqlite"
    seals_attachments = False  # the whole file is encrypted

    def create_database(self, where: Where, data_key: bytes) -> list[Path]:
        """Make a new, empty database at the head revision; return the files it wrote."""
        path = _file(where)
        paths = StorePaths(path)
        connect(path, data_key).close()
        created = [paths.db, paths.wal, paths.shm]
        try:
            upgrade_to(path, data_key)
        except BaseException:
            for made in created:
                with contextlib.suppress(OSError):
                    made.unlink()
            raise
        return created

    def open_engine(self, where: Where, data_key: bytes) -> Engine:
        """An engine whose every connection is keyed with ``data_key``."""
        return make_engine(_file(where), data_key)

    def upgrade(
        self, engine: Engine, where: Where, data_key: bytes, backup: Callable[[str], Path]
    ) -> Path | None:
        """Bring an older database up to date after ``backup``; return the backup's path."""
        return migrate_if_needed(engine, _file(where), data_key, backup)

    def begin_write(self, session: Session) -> None:
        """``BEGIN IMMEDIATE``: what the change reads cannot change before it commits."""
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")

    def lock_audit_head(self, conn: Connection) -> None:
        """A no-op write to the head row, which takes SQLite's write lock if not yet held."""
        conn.execute(
            update(StoreMeta).where(col(StoreMeta.key) == HEAD_KEY).values(value=StoreMeta.value)
        )

    def matches_practitioner(self, column: Any, typed: str) -> ColumnElement[bool] | None:
        """Practitioner ids found through the FTS5 index of names and registration numbers."""
        return search.matches_practitioner(column, typed)

    def copy_database(self, engine: Engine, dest: Path) -> None:
        """``VACUUM INTO`` writes a consistent copy encrypted with the same key as the source."""
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM INTO ?", (str(dest),))

    def integrity_checks(self, conn: Connection) -> list[CheckResult]:
        """SQLite's integrity check, SQLCipher's page HMACs, and the foreign keys."""
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        ok = rows == ["ok"]
        results = [CheckResult("integrity", ok, "ok" if ok else "; ".join(rows[:5]))]

        # cipher_integrity_check lists every page whose HMAC fails; no rows means all pass.
        faults = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
        results.append(
            CheckResult(
                "cipher integrity",
                not faults,
                "every page authenticates" if not faults else "; ".join(faults[:5]),
            )
        )

        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        results.append(
            CheckResult(
                "foreign keys",
                not fk,
                "ok" if not fk else f"{len(fk)} rows point at records that do not exist",
            )
        )
        return results

    def lost(self, error: BaseException) -> str | None:
        """Never: the file is on this computer's own disk."""
        return None

    def refusal(self, error: BaseException) -> str | None:
        """Never: the local file has no roles of its own."""
        return None

    def watch(
        self, engine: Engine, callback: Callable[[frozenset[str]], None]
    ) -> Callable[[], None] | None:
        """None: a file on one computer has no colleagues writing to it as it is shown."""
        return None

    def may_read_audit(self, conn: Connection) -> bool:
        """Always: whoever holds a passphrase to the file reads all of it."""
        return True

    def checkpoint(self, engine: Engine) -> None:
        """Fold the write-ahead log into the database file and empty it."""
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def analyze(self, conn: Connection) -> None:
        """``ANALYZE`` the whole database."""
        conn.exec_driver_sql("ANALYZE")


def _file(where: Where) -> Path:
    if not isinstance(where, Path):
        raise StoreError(f"{where.display()} is a server: the SQLCipher backend needs a file.")
    return where


SQLCIPHER = register(SQLCipherBackend())
