"""The hand-written SQL floors, run on the raw connection of either engine.

A floor is written once, in SQL both engines speak, with ``?`` placeholders (or ``:name`` ones,
which :func:`positional` turns into ``?``); :func:`for_engine` adapts it to the store's driver
(psycopg's ``%s``). Only where the dialects differ is each engine's SQL spelled out, here: the
practitioner name search (FTS5 on the file, full-text search on PostgreSQL, each as the
backend itself searches) and taking the write lock. On a team server the floors run as the
signed-in user's login role, like the service calls, so row-level security applies to both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from benchmarks.measure import summarise, time_calls
from remedy_tui.store import Store
from remedy_tui.store.postgres import PRACTITIONER_DOCUMENT, WRITE_LOCK, prefix_query

Query = tuple[str, tuple[Any, ...]]

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# A quoted literal (left as it is) or a placeholder.
_LITERAL_OR_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?")


def on_server(store: Store) -> bool:
    """True when ``store`` is a team database on PostgreSQL."""
    return store.backend.name == "postgresql"


def positional(statement: str, params: Mapping[str, Any]) -> Query:
    """A statement with ``:name`` parameters as ``?`` ones, with their values in order."""
    values: list[Any] = []

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        values.append(params[name])
        return "?"

    return _NAMED.sub(one, statement), tuple(values)


def for_engine(store: Store, statement: str) -> str:
    """``statement`` in the store's driver's placeholder style: ``?`` for SQLCipher, ``%s``
    (and ``%`` doubled) for psycopg."""
    if not on_server(store):
        return statement
    return _LITERAL_OR_PLACEHOLDER.sub(
        lambda m: "%s" if m.group(0) == "?" else m.group(0), statement.replace("%", "%%")
    )


def name_search(store: Store, typed: str) -> str:
    """A subquery of the ids of practitioners whose name matches ``typed`` (one word), as the
    store's backend finds them through its own index."""
    if on_server(store):
        query = prefix_query(typed)
        return (
            f"SELECT id FROM practitioners WHERE {PRACTITIONER_DOCUMENT} "
            f"@@ to_tsquery('simple'::regconfig, '{query}')"
        )
    return f"SELECT rowid FROM practitioner_search WHERE practitioner_search MATCH '\"{typed}\"*'"


def begin_write(store: Store) -> str:
    """The statement that takes the write lock at the start of a change, as the backend's
    ``begin_write`` does."""
    if on_server(store):
        return f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    return "BEGIN IMMEDIATE"


def raw_floor(store: Store, queries: list[Query], runs: int) -> float:
    """Median milliseconds to run ``queries`` by hand on the store's raw connection, each run
    one read transaction (as a service call's session is)."""
    adapted = [(for_engine(store, sql), params) for sql, params in queries]
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()

        def go(_: int) -> None:
            for sql, params in adapted:
                cursor.execute(sql, params)
                cursor.fetchall()
            raw.rollback()

        samples = time_calls(go, runs)
    finally:
        raw.close()
    return summarise("floor", "floor", 0, samples).median_ms
