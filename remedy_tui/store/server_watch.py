"""Colleagues' changes on a team server, as they happen (PostgreSQL's LISTEN/NOTIFY).

Every table of a team database has a statement trigger that announces, on the channel
``remedy_changes``, the name of a table a transaction changed (only the name: a notice is seen
by every desktop signed in to the database, whatever its role). A desktop listens on a
connection of its own, in a thread, and hands the names it heard to a callback, a moment
apart, so a burst of changes (one decision writes six tables) is one refresh, not six.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from psycopg import sql
from sqlalchemy import Connection, Engine, text

CHANNEL = "remedy_changes"
# Changes every write makes, which say nothing a screen shows.
QUIET = ("audit_entries", "store_meta", "key_slots", "alembic_version")
# How long to go on gathering names after the first, before calling back.
SETTLE_S = 0.15
# How often the listening thread looks up to see whether it should stop.
POLL_S = 0.5


def install_notices(conn: Connection) -> None:
    """The trigger function and a statement trigger on every table that a screen shows."""
    conn.exec_driver_sql(
        f"""CREATE OR REPLACE FUNCTION remedy_notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END $$"""
    )
    raw = conn.connection.driver_connection
    tables = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).scalars()
    for table in [str(t) for t in tables if t not in QUIET]:
        name = sql.Identifier(table)
        for statement in (
            sql.SQL("DROP TRIGGER IF EXISTS remedy_notify ON {}").format(name),
            sql.SQL(
                "CREATE TRIGGER remedy_notify AFTER INSERT OR UPDATE OR DELETE ON {} "
                "FOR EACH STATEMENT EXECUTE FUNCTION remedy_notify_change()"
            ).format(name),
        ):
            conn.exec_driver_sql(statement.as_string(raw))


class Watch:
    """Listens for colleagues' changes until :meth:`stop`; calls back from its own thread."""

    def __init__(self, engine: Engine, callback: Callable[[frozenset[str]], None]) -> None:
        from remedy_tui.store.server import own_backend_pids

        self._callback = callback
        # This desktop's own changes are on screen already: only colleagues' are news.
        self._own = own_backend_pids(engine)
        self._stopping = threading.Event()
        # A connection of its own, taken out of the pool: it stays in LISTEN for the session.
        self._raw: Any = engine.raw_connection()
        pg = self._raw.driver_connection
        assert pg is not None
        self._raw.detach()
        self._pg: Any = pg
        self._pg.autocommit = True
        self._pg.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
        self._thread = threading.Thread(target=self._run, name="remedy-watch", daemon=True)
        self._thread.start()

    def _heard(self, timeout: float) -> set[str]:
        return {
            str(n.payload) for n in self._pg.notifies(timeout=timeout) if n.pid not in self._own
        }

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                tables = self._heard(POLL_S)
                if not tables:
                    continue
                tables |= self._heard(SETTLE_S)
                if not self._stopping.is_set():
                    self._callback(frozenset(tables))
        except Exception:  # the connection went (the server, the network, a lock): stop
            # listening quietly; the screens still read afresh on every key that asks.
            return

    def stop(self) -> None:
        """Stop listening and close the connection."""
        self._stopping.set()
        self._thread.join(timeout=POLL_S * 4)
        with contextlib.suppress(Exception):
            self._raw.close()
