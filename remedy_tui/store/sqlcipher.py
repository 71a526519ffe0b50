"""The SQLCipher backend: one encrypted SQLite file, its pragmas, FTS5 search and VACUUM INTO."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlmodel import col

from remedy_tui.store import search
from remedy_tui.store.audit import HEAD_KEY
from remedy_tui.store.backend import CheckResult, Where, register, unreadable_as_failed
from remedy_tui.store.engine import connect, make_engine
from remedy_tui.store.errors import StoreError
from remedy_tui.store.migrate import migrate_if_needed, upgrade_to
from remedy_tui.store.models import StoreMeta
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.progress import SILENT, Progress, watching_size


class SQLCipherBackend:
    """Stores in an SQLCipher database file keyed with the raw data key."""

    name = "sqlcipher"
    dialect = "sqlite"
    seals_attachments = False  # the whole file is encrypted
    disposal_refusal: str | None = None

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

    def copy_database(self, engine: Engine, dest: Path, progress: Progress = SILENT) -> None:
        """``VACUUM INTO`` writes a consistent copy encrypted with the same key as the source,
        in one pass; its progress is the copy's size against the database's."""
        with engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
            progress.phase("copying the store", total=int(pages) * int(size), unit="bytes")
            with watching_size(progress, dest):
                conn.exec_driver_sql("VACUUM INTO ?", (str(dest),))

    @contextlib.contextmanager
    def snapshot(self, engine: Engine) -> Iterator[Connection]:
        """A read transaction: in WAL mode its reads see the database as it was at the first
        one (the driver itself begins a transaction only before a write)."""
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()

    def integrity_checks(
        self, conn: Connection, *, full: bool = False, progress: Progress = SILENT
    ) -> list[CheckResult]:
        """SQLite's integrity check, SQLCipher's page HMACs, and the foreign keys: each one
        run whatever the others found, and a check the damage stops reported as failed.

        By default SQLite's quick check: every page and record parses and every b-tree is in
        order, but indexes are not compared row by row with their tables. At 100,000 cases it
        takes 11 s against the full check's 19 s; the page HMACs (every page's authenticity)
        are checked either way. ``full`` runs the full check."""

        def integrity() -> CheckResult:
            pragma = "integrity_check" if full else "quick_check"
            progress.phase(
                "pages, records and indexes (full)" if full else "pages and records (quick)"
            )
            try:
                rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}").fetchall()]
            except DBAPIError:
                # The whole-file check stopped at the damage: check table by table instead,
                # to say which tables it is in.
                return CheckResult("integrity", False, _damaged_tables(conn))
            if rows == ["ok"]:
                return CheckResult("integrity", True, "ok")
            return CheckResult("integrity", False, _damage(conn, rows))

        def failing_pages() -> list[str]:
            # Every page whose HMAC fails is listed; no rows means all pass.
            return [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]

        def cipher() -> CheckResult:
            progress.phase("every page's authentication code")
            # The check reads the file's pages as they are on disk, outside the snapshot.
            # While colleagues write, a checkpoint first grows the file to the database's size
            # and then fills it: a page not yet filled is all zeros, its content still in the
            # write-ahead log, and is no fault (SQLCipher never writes a page of zeros).
            faults = _not_yet_checkpointed_removed(conn, failing_pages())
            # A page a checkpoint is writing at that moment can fail once. Damage fails every
            # time, so only pages that fail again are reported.
            for _ in range(5):
                if not faults:
                    break
                time.sleep(0.02)  # let a checkpoint under way finish its page
                again = set(failing_pages())
                faults = [fault for fault in faults if fault in again]
            detail = "every page authenticates" if not faults else "; ".join(faults[:5])
            if len(faults) > 5:
                detail += f" (and {len(faults) - 5} more)"
            return CheckResult("cipher integrity", not faults, detail)

        def foreign_keys() -> CheckResult:
            progress.phase("references between records")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            detail = "ok" if not fk else f"{len(fk)} rows point at records that do not exist"
            return CheckResult("foreign keys", not fk, detail)

        return [
            unreadable_as_failed(name, check)
            for name, check in (
                ("integrity", integrity),
                ("cipher integrity", cipher),
                ("foreign keys", foreign_keys),
            )
        ]

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

    def counts_every_equality_answer(self, conn: Connection) -> bool:
        """Always: the file is one trust boundary, and the desk keeps the figures to the
        roles the matrix gives the equality area."""
        return True

    def checkpoint(self, engine: Engine) -> None:
        """Fold the write-ahead log into the database file and empty it."""
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def analyze(self, conn: Connection) -> None:
        """``ANALYZE`` the whole database."""
        conn.exec_driver_sql("ANALYZE")

    def forget_removed(self, engine: Engine) -> None:
        """Merge the name search's segments (FTS5 keeps a deleted row's words in older
        segments, behind a tombstone, until they merge), then ``VACUUM``, which writes every
        live page afresh and leaves no freed page behind, and empty the write-ahead log."""
        with engine.connect() as conn:
            conn.exec_driver_sql(
                "INSERT INTO practitioner_search(practitioner_search) VALUES ('optimize')"
            )
            conn.commit()
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _not_yet_checkpointed_removed(conn: Connection, faults: list[str]) -> list[str]:
    """``faults`` without the pages that are all zeros on disk while the write-ahead log holds
    frames (the file grown by a checkpoint that has not written them yet)."""
    if not faults:
        return faults
    path = Path(str(conn.exec_driver_sql("PRAGMA database_list").fetchall()[0][2]))
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return faults
    page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
    kept = []
    with open(path, "rb") as handle:
        for fault in faults:
            number = fault.rsplit(" ", 1)[-1]
            if not number.isdigit():
                kept.append(fault)
                continue
            handle.seek((int(number) - 1) * page_size)
            page = handle.read(page_size)
            if not page or page.count(0) != len(page):
                kept.append(fault)
    return kept


def _damage(conn: Connection, rows: list[str]) -> str:
    """SQLite's integrity report in one line: how many faults, in which tables (its "Tree N"
    is the root page of a table or index), and the first of them."""
    faults = [
        line.strip()
        for row in rows
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    roots = sorted({int(m.group(1)) for f in faults if (m := re.match(r"Tree (\d+) ", f))})
    names: list[str] = []
    for root in roots:
        try:
            name = conn.exec_driver_sql(
                "SELECT tbl_name FROM sqlite_master WHERE rootpage = ?", (root,)
            ).scalar()
        except DBAPIError:
            name = None
        label = str(name) if name else f"tree {root}"
        if label not in names:
            names.append(label)
    where = f" in {', '.join(names)}" if names else ""
    first = f"; first: {faults[0]}" if faults else ""
    count = "100 or more" if len(faults) >= 100 else str(len(faults))  # SQLite stops at 100
    return f"{count} faults{where}{first}"


def _damaged_tables(conn: Connection) -> str:
    """Which tables fail SQLite's integrity check when each is checked on its own."""
    try:
        tables = [
            str(name)
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
        ]
    except DBAPIError:
        return "the file's own table of contents cannot be read"
    damaged = []
    for table in tables:
        try:
            rows = conn.exec_driver_sql(f'PRAGMA integrity_check("{table}")').fetchall()
        except DBAPIError:
            damaged.append(table)
            continue
        if [r[0] for r in rows] != ["ok"]:
            damaged.append(table)
    if not damaged:
        return "the check could not finish, though each table checks on its own"
    return f"damage in {', '.join(damaged)}"


def _file(where: Where) -> Path:
    if not isinstance(where, Path):
        raise StoreError(f"{where.display()} is a server: the SQLCipher backend needs a file.")
    return where


SQLCIPHER = register(SQLCipherBackend())
