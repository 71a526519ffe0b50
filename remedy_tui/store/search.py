"""Full-text search through the store's FTS5 index (SQLite-only, so it lives in the store)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, literal_column, select, text
from sqlalchemy.sql import Select

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(typed: str) -> str | None:
    """Turn what a user typed into a safe FTS5 prefix query, or None if nothing searchable."""
    tokens = _TOKEN.findall(typed)
    if not tokens:
        return None
    # Each token quoted (so FTS syntax in the input is inert) and matched as a prefix.
    return " ".join('"' + token.replace('"', "") + '"*' for token in tokens)


def practitioner_ids_matching(typed: str) -> Select[tuple[int]] | None:
    """A subquery of practitioner ids whose name or registration number matches ``typed``."""
    query = fts_query(typed)
    if query is None:
        return None
    return (
        select(literal_column("rowid", type_=None))
        .select_from(text("practitioner_search"))
        .where(text("practitioner_search MATCH :q").bindparams(q=query))
    )


def matches_practitioner(column: Any, typed: str) -> ColumnElement[bool] | None:
    """A condition: ``column`` (a practitioner id) belongs to someone matching ``typed``."""
    subquery = practitioner_ids_matching(typed)
    if subquery is None:
        return None
    condition: ColumnElement[bool] = column.in_(subquery)
    return condition
