"""The PostgreSQL backend: a team database on a server, reached by psycopg 3.

The schema is made and upgraded by the administrator's ``remedy server init`` (as the owning
role); a desktop connects as its user's own login role and never changes the schema. Writes
are serialised by a transaction-level advisory lock, as ``BEGIN IMMEDIATE`` serialises them on
the local file, so a change never fails half-way on what another desktop wrote meanwhile; the
audit chain's head is read under a row lock. Name search is PostgreSQL's own full-text search
over an expression index made in migration 0002.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, literal_column, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from remedy_tui.store.backend import CheckResult, Where, register
from remedy_tui.store.errors import StoreError
from remedy_tui.store.progress import SILENT, Progress
from remedy_tui.store.server import ServerAddress

# Every change on the team database takes this lock for its transaction (any constant would
# do; this one spells "remedy" in ASCII), so changes from every desktop happen one at a time.
WRITE_LOCK = 0x72656D656479
# PostgreSQL's SQLSTATE for a refusal by grants or row-level security.
INSUFFICIENT_PRIVILEGE = "42501"
_TOKEN = re.compile(r"\w+", re.UNICODE)
# The document the practitioner search index (migration 0002) is built over: the condition
# must repeat it exactly for PostgreSQL to use the index.
PRACTITIONER_DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(given_names, '') || ' ' || "
    "coalesce(family_name, '') || ' ' || coalesce(registration_number, ''))"
)


def prefix_query(typed: str) -> str | None:
    """What a user typed as a ``to_tsquery`` prefix query (every word, each as a prefix), or
    None if nothing in it is searchable. Only word characters survive, so it cannot carry
    tsquery syntax."""
    tokens = _TOKEN.findall(typed)
    if not tokens:
        return None
    return " & ".join(f"{token.lower()}:*" for token in tokens)


class PostgresBackend:
    """A team database on PostgreSQL 15 or newer."""

    name = "postgresql"
    dialect = "postgresql"
    seals_attachments = True  # a dump or the server's administrator sees no attachment
    # Row-level security shows no one person every row of a case (a colleague's confidential
    # note), and the audit trail is append-only to every login: a disposal needs rights of the
    # server's own, which Remedy does not grant yet.
    disposal_refusal: str | None = (
        "Records cannot yet be destroyed on the team server: no one person's login may see "
        "every row of a case or scrub the audit trail. Nothing was destroyed; the review "
        "stands, and the record stays listed as reviewed for destruction."
    )

    def create_database(self, where: Where, data_key: bytes) -> list[Path]:
        """Bring the (empty) team database to the head revision, as its owner."""
        from remedy_tui.store.migrate import upgrade_engine

        address = _address(where)
        engine = address.owner_engine()
        try:
            upgrade_engine(engine)
        finally:
            engine.dispose()
        return []

    def open_engine(self, where: Where, data_key: bytes) -> Engine:
        """An engine as the URL's own user (the administrator's commands)."""
        return _address(where).owner_engine()

    def upgrade(
        self, engine: Engine, where: Where, data_key: bytes, backup: Callable[[str], Path]
    ) -> Path | None:
        """A desktop never changes the schema: an older team database is refused with what
        the administrator must run."""
        from remedy_tui.store.migrate import check_not_newer, current_revision, head_revision

        with engine.connect() as conn:
            revision = current_revision(conn)
        check_not_newer(revision)
        if revision != head_revision():
            raise StoreError(
                f"The team database is at schema {revision or 'none'} and this Remedy needs "
                f"{head_revision()}: ask your administrator to run `remedy server upgrade` "
                "with this version."
            )
        return None

    def begin_write(self, session: Session) -> None:
        """Take the team database's write lock for this transaction."""
        session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))

    def lock_audit_head(self, conn: Connection) -> None:
        """Lock the head row (and the write lock, for writes outside a desk change)."""
        conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
        conn.execute(text("SELECT value FROM store_meta WHERE key = 'audit_head' FOR UPDATE"))

    def matches_practitioner(self, column: Any, typed: str) -> ColumnElement[bool] | None:
        """Practitioner ids whose name or registration number has every typed word as a
        prefix of one of its words, through the full-text index."""
        query = prefix_query(typed)
        if query is None:
            return None
        ids: Select[Any] = (
            select(literal_column("id"))
            .select_from(text("practitioners"))
            .where(
                text(f"{PRACTITIONER_DOCUMENT} @@ to_tsquery('simple'::regconfig, :q)").bindparams(
                    q=query
                )
            )
        )
        condition: ColumnElement[bool] = column.in_(ids)
        return condition

    def copy_database(self, engine: Engine, dest: Path, progress: Progress = SILENT) -> None:
        """A desktop cannot copy the team database: its backups are the server's."""
        raise StoreError(
            "The team database is backed up on the server (pg_dump or the server's own "
            "backups), not from a desktop: ask your administrator."
        )

    @contextlib.contextmanager
    def snapshot(self, engine: Engine) -> Iterator[Connection]:
        """A REPEATABLE READ transaction: every read sees the database as at the first."""
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    def integrity_checks(
        self, conn: Connection, *, full: bool = False, progress: Progress = SILENT
    ) -> list[CheckResult]:
        """The server's version, and that row-level security is forced on every table (the
        server keeps its own pages whole; ``full`` changes nothing here)."""
        progress.phase("server settings and row security")
        version = conn.execute(text("SHOW server_version")).scalar_one()
        major = int(str(version).split(".")[0])
        results = [
            CheckResult(
                "server",
                major >= 15,
                f"PostgreSQL {version}"
                + (
                    "; constraints and foreign keys are enforced by the server"
                    if major >= 15
                    else "; Remedy needs PostgreSQL 15 or newer"
                ),
            )
        ]
        unguarded = (
            conn.execute(
                text(
                    "SELECT c.relname FROM pg_class AS c "
                    "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                    "AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY c.relname"
                )
            )
            .scalars()
            .all()
        )
        results.append(
            CheckResult(
                "row security",
                not unguarded,
                "forced on every table"
                if not unguarded
                else f"not forced on {', '.join(map(str, unguarded))}: run `remedy server init`",
            )
        )
        return results

    def lost(self, error: BaseException) -> str | None:
        """A connection the server or the network ended, or one that cannot be made again
        (SQLSTATE classes 08 connection, 28 authorisation, 57P shutdown; none at all when the
        driver could not reach the server)."""
        if not isinstance(error, OperationalError):
            return None
        state = getattr(getattr(error, "orig", None), "sqlstate", None)
        invalidated = bool(getattr(error, "connection_invalidated", False))
        if not invalidated and state is not None and not state.startswith(("08", "28", "57P")):
            return None
        return (
            "The connection to the team server was lost, or your login was ended, so nothing "
            "was saved. Check the network and try again; if it goes on, lock (ctrl+l) and sign "
            "in again, or ask your administrator."
        )

    def refusal(self, error: BaseException) -> str | None:
        """The server's ``insufficient_privilege`` (a table, a column or a row the role matrix
        does not give this person), in words."""
        if getattr(getattr(error, "orig", None), "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            return None
        return (
            "Your role may not see or change this on the team server, so nothing was changed. "
            "If you need it, ask a case manager or the Deputy Postgraduate Dean."
        )

    def watch(
        self, engine: Engine, callback: Callable[[frozenset[str]], None]
    ) -> Callable[[], None] | None:
        """Listen for the tables' change notices on a connection of its own."""
        from remedy_tui.store.server_watch import Watch

        return Watch(engine, callback).stop

    def may_read_audit(self, conn: Connection) -> bool:
        """When the signed-in role has been granted the trail (those who see every case)."""
        return bool(
            conn.execute(text("SELECT has_table_privilege('audit_entries', 'SELECT')")).scalar()
        )

    def counts_every_equality_answer(self, conn: Connection) -> bool:
        """Not yet: row-level security gives each role only the answers of its own cases, so a
        count would silently leave the rest out. (The way there is a SECURITY DEFINER function
        returning only suppressed aggregates.)"""
        return False

    def checkpoint(self, engine: Engine) -> None:
        """Nothing to do: the server keeps its own files."""

    def forget_removed(self, engine: Engine) -> None:
        """Nothing a desktop can do: the server reclaims removed rows' space by its own
        vacuum, which its administrator schedules (``VACUUM`` needs the table's owner)."""

    def analyze(self, conn: Connection) -> None:
        """Move every id sequence past the rows a bulk load wrote with their own ids, then
        ``ANALYZE``."""
        tables = conn.execute(
            text(
                "SELECT c.table_name FROM information_schema.columns AS c "
                "WHERE c.table_schema = current_schema() AND c.column_name = 'id' "
                "AND c.column_default LIKE 'nextval(%'"
            )
        ).scalars()
        for table in list(tables):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
            )
        conn.execute(text("ANALYZE"))


def _address(where: Where) -> ServerAddress:
    if not isinstance(where, ServerAddress):
        raise StoreError(f"{where} is a file: the PostgreSQL backend needs a server address.")
    return where


POSTGRES = register(PostgresBackend())
