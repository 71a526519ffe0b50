"""Connections to the SQLCipher database, keyed with the raw data key."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from remedy_tui.store.errors import DamagedStoreError, StoreError
from remedy_tui.store.progress import SILENT, Progress, watching_size

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path, data_key: bytes, *, foreign_keys: bool = True) -> Any:
    """Open one keyed SQLCipher connection with the store's pragmas; raise if the key is wrong."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # SQLCipher logs to stderr, where Textual draws: silence it before anything can fail.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # A raw key ("x'..'") skips SQLCipher's own PBKDF2 on every connection.
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.DatabaseError:
            # The key came from the key slots, which opened: the file is what is wrong.
            raise DamagedStoreError(
                f"The store's database {path} does not open with its key: it is damaged, or "
                "it is not the database of this key file. Nothing was changed; restore a "
                "backup with `remedy restore`."
            ) from None
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, data_key: bytes, *, transactional_ddl: bool = False) -> Engine:
    """An SQLAlchemy engine whose every connection is keyed with ``data_key``.

    ``transactional_ddl`` makes every SQLAlchemy transaction a real SQLite transaction
    (DDL included), with foreign keys off, which is what migrations need.
    """
    if not path.exists():
        raise StoreError(f"There is no database at {path}.")
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect(path, data_key, foreign_keys=not transactional_ddl),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=False,
        # Parameters are case data: never put them in exception messages or logs.
        hide_parameters=True,
    )
    if transactional_ddl:

        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def opens_with(path: Path, data_key: bytes) -> bool:
    """True when the database at ``path`` opens with ``data_key`` (read only: nothing about
    the file, its journal mode included, is changed)."""
    try:
        conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()
    return True


def export_rekeyed(
    engine: Engine, dest: Path, data_key: bytes, progress: Progress = SILENT
) -> None:
    """Copy the whole database behind ``engine`` to a new file ``dest`` encrypted under
    ``data_key`` (SQLCipher's ``sqlcipher_export``: SQLCipher cannot change the key of a
    database in write-ahead-log mode in place), made owner-only and synced to disk."""
    from remedy_tui.store.private_files import OWNER_ONLY, create_owner_only

    os.close(create_owner_only(dest))  # owner-only from the start
    try:
        with engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
            progress.phase(
                "copying the store under its new key", total=int(pages) * int(size), unit="bytes"
            )
            conn.exec_driver_sql(
                f"ATTACH DATABASE ? AS rekeyed KEY \"x'{data_key.hex()}'\"", (str(dest),)
            )
            try:
                with watching_size(progress, dest):
                    conn.exec_driver_sql("SELECT sqlcipher_export('rekeyed')")
            finally:
                conn.exec_driver_sql("DETACH DATABASE rekeyed")
        os.chmod(dest, OWNER_ONLY)
        progress.phase("checking the copy opens under the new key")
        with open(dest, "rb") as handle:
            os.fsync(handle.fileno())
        if not opens_with(dest, data_key):
            raise StoreError(f"The copy of the store under its new key ({dest}) does not open.")
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
