"""A page of any list, and where it sits in the whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of rows counted and cut in the database, with the query it answers."""

    rows: tuple[RowT, ...]
    total: int
    offset: int
    limit: int
    query: Any = None

    @property
    def first(self) -> int:
        """The 1-based position of the first row shown (0 when empty)."""
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The 1-based position of the last row shown."""
        return self.offset + len(self.rows)

    @property
    def has_previous(self) -> bool:
        """True when there are rows before this page."""
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        """True when there are rows after this page."""
        return self.last < self.total


def last_offset(total: int, limit: int) -> int:
    """Where the last page of ``total`` rows starts, ``limit`` to a page."""
    return max(0, ((total - 1) // max(1, limit)) * max(1, limit))


def rows_in_order(
    session: Session, statement: Any, ids: Sequence[int], **parameters: Any
) -> list[Any]:
    """The rows ``statement`` reads for a page's ``ids`` (its ``ids`` parameter, first column
    the id), in the order of the ids: a page sorted from an index, then read row by row."""
    if not ids:
        return []
    found = {r[0]: r for r in session.execute(statement, {"ids": list(ids), **parameters}).all()}
    return [found[i] for i in ids if i in found]


def count_rows(session: Session, table: Any, *conditions: ColumnElement[bool]) -> int:
    """How many rows of ``table`` meet ``conditions`` (a page's total)."""
    statement = select(func.count()).select_from(table).where(*conditions)
    return int(session.execute(statement).scalar_one())
