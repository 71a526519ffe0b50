"""``remedy salvage``: copy whatever can still be read from a damaged store into a new one.

A page of an encrypted store that no longer authenticates (a flipped byte on a failing disk)
makes every query that reaches it fail, and a backup, which copies the whole file, fails with
it. Salvage reads each table in ranges of row ids, narrowing a range that fails down to the
single rows it can still read, and writes what it read into a new store under the same key
and key slots (the same people sign in as before), in one transaction. It says, per table,
what it copied and which rows it could not read.

Written by hand: SQLite's own recovery (the command-line shell's ``.recover``) is not exposed
to Python, and it could not decrypt SQLCipher pages anyway.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, literal_column, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from remedy_tui.store.engine import make_engine
from remedy_tui.store.errors import StoreError
from remedy_tui.store.filesystems import refuse_network_drive
from remedy_tui.store.keyslots import KeySlotFile
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.private_files import write_atomically
from remedy_tui.store.sqlcipher import SQLCIPHER

RANGE = 500  # row ids read at a time while nothing fails
GIVE_UP_AFTER = 20  # ranges in a row without a readable row, when the table's end is unknown


@dataclass(frozen=True)
class TableSalvage:
    """What salvage could read of one table."""

    table: str
    copied: int
    lost: tuple[tuple[int, int], ...]  # ranges of row ids that could not be read
    end_lost_after: int | None = None  # the table's end could not be read: rows after this

    @property
    def damaged(self) -> bool:
        """True when some rows could not be read."""
        return bool(self.lost) or self.end_lost_after is not None


def _rowid() -> Any:
    return literal_column("rowid")


def _read(src: Connection, table: Table, first: int, last: int) -> list[dict[str, Any]] | None:
    try:
        rows = src.execute(select(table).where(_rowid().between(first, last))).mappings().all()
    except DBAPIError:
        return None
    return [dict(row) for row in rows]


def _copy_range(
    src: Connection,
    out: Connection,
    table: Table,
    first: int,
    last: int,
    lost: list[tuple[int, int]],
) -> int:
    """Copy rows ``first``..``last``; a range that fails is halved until single rows."""
    rows = _read(src, table, first, last)
    if rows is not None:
        if rows:
            out.execute(table.insert(), rows)
        return len(rows)
    if first == last:
        if lost and lost[-1][1] == first - 1:
            lost[-1] = (lost[-1][0], first)
        else:
            lost.append((first, first))
        return 0
    middle = (first + last) // 2
    return _copy_range(src, out, table, first, middle, lost) + _copy_range(
        src, out, table, middle + 1, last, lost
    )


UNREADABLE = -1  # what _scalar gives for a query the damage stops


def _scalar(src: Connection, statement: Any) -> int | None:
    """The query's one value (None for an empty table), or UNREADABLE."""
    try:
        value = src.execute(statement).scalar()
    except DBAPIError:
        return UNREADABLE
    return None if value is None else int(value)


def _copy_table(src: Connection, out: Connection, table: Table) -> TableSalvage:
    """Copy one table's readable rows. Its last row id is read from the table's rightmost
    pages; when those are what is damaged, the ids are walked upwards from the first until
    a long run of ids yields nothing, and whatever lies beyond the last row read is reported
    as possibly lost."""
    low = _scalar(src, select(func.min(_rowid())).select_from(table))
    high = _scalar(src, select(func.max(_rowid())).select_from(table))
    copied, lost = 0, list[tuple[int, int]]()
    if high is None:
        return TableSalvage(table.name, 0, ())  # empty
    if high != UNREADABLE and low not in (None, UNREADABLE):
        assert low is not None
        for start in range(low, high + 1, RANGE):
            copied += _copy_range(src, out, table, start, min(start + RANGE - 1, high), lost)
        return TableSalvage(table.name, copied, tuple(lost))
    start = low if low not in (None, UNREADABLE) else 1
    assert start is not None
    last_read, barren = 0, 0
    while barren < GIVE_UP_AFTER:
        found = _copy_range(src, out, table, start, start + RANGE - 1, lost)
        copied += found
        if found:
            barren = 0
            last_read = start + RANGE - 1
        else:
            barren += 1
        start += RANGE
    # Ranges past the last row read are where the damage hides the table's end.
    kept = [(a, b) for a, b in lost if a <= last_read]
    return TableSalvage(table.name, copied, tuple(kept), end_lost_after=last_read)


def salvage(source: Path, username: str, passphrase: str, dest: Path) -> list[TableSalvage]:
    """Copy what can be read of the store at ``source`` into a new store at ``dest``.

    Signs in with the key slots alone (the damaged store's own tables may be what cannot be
    read), never writes to the source, and leaves nothing at ``dest`` if it fails.
    """
    paths, target = StorePaths(source), StorePaths(dest)
    if not paths.db.exists():
        raise StoreError(f"There is no store at {paths.db}.")
    if target.db.exists() or target.keys.exists():
        raise StoreError(f"{dest} already exists: give salvage the name of a new file.")
    refuse_network_drive(dest)
    keys = KeySlotFile.load(paths.keys)
    data_key = keys.unwrap_for_user(username, passphrase)
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    old_umask = os.umask(0o077)
    created: list[Path] = []
    try:
        created = SQLCIPHER.create_database(dest, data_key)
        src_engine = make_engine(paths.db, data_key)
        out_engine = make_engine(dest, data_key, transactional_ddl=True)
        try:
            with src_engine.connect() as src, out_engine.begin() as out:
                results = [
                    _copy_table(src, out, table)
                    for table in SQLModel.metadata.sorted_tables
                    if table.name != "alembic_version"
                ]
        finally:
            src_engine.dispose()
            out_engine.dispose()
        write_atomically(target.keys, paths.keys.read_bytes())
    except BaseException:
        for made in (*created, target.keys):
            made.unlink(missing_ok=True)
        raise
    finally:
        os.umask(old_umask)
    return results
