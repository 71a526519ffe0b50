"""The PostgreSQL roles of a team database: a group role per Remedy role, a login per person.

``remedy server init`` makes the group roles and grants them what their Remedy role may do;
``remedy server users add`` makes a person's login role, a member of their group, with a
SCRAM verifier of their passphrase computed here (by libpq), so the passphrase itself never
travels in a statement the server could log. Disabling a person drops their login.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql
from sqlalchemy import Connection, text

from remedy_tui.store.models import Role
from remedy_tui.store.server import group_role, login_role

# Tables whose rows a desktop never writes directly once set up (the schema's own record).
_SCHEMA_TABLES = ("alembic_version",)
# What a desktop may do where it may not do everything: the audit trail is appended to and
# read, never changed or deleted from; the store's settings and the chain's head are never
# deleted.
_PRIVILEGES = {
    "audit_entries": "SELECT, INSERT",
    "store_meta": "SELECT, INSERT, UPDATE",
}


def _raw(conn: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's, for identifier quoting and SCRAM."""
    return conn.connection.driver_connection


def _run(conn: Connection, statement: sql.Composable) -> None:
    conn.exec_driver_sql(statement.as_string(_raw(conn)))


def role_exists(conn: Connection, name: str) -> bool:
    """True when the cluster has a role called ``name``."""
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def may_create_roles(conn: Connection) -> bool:
    """True when the connected role may make and drop logins (the administrator's)."""
    return bool(
        conn.execute(
            text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def create_group_roles(conn: Connection, database: str) -> None:
    """A NOLOGIN group role for every Remedy role, with access to the database and schema."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    for role in Role:
        name = group_role(database, role.value)
        if not role_exists(conn, name):
            _run(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        _run(
            conn,
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(name)
            ),
        )
        _run(
            conn,
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(schema), sql.Identifier(name)
            ),
        )
    from remedy_tui.store.server_policies import apply_policies
    from remedy_tui.store.server_watch import install_notices

    apply_policies(conn, database)
    install_notices(conn)


def grant_tables(conn: Connection, database: str) -> None:
    """What each group may do with each table."""
    tables = conn.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ).scalars()
    names = [str(t) for t in tables if t not in _SCHEMA_TABLES]
    for role in Role:
        group = sql.Identifier(group_role(database, role.value))
        for table in names:
            _run(
                conn,
                sql.SQL("GRANT " + _PRIVILEGES.get(table, "SELECT, INSERT, UPDATE, DELETE"))
                + sql.SQL(" ON {} TO {}").format(sql.Identifier(table), group),
            )
        _run(conn, sql.SQL("GRANT SELECT ON alembic_version TO {}").format(group))
        _run(
            conn,
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                sql.Identifier(conn.execute(text("SELECT current_schema()")).scalar_one()), group
            ),
        )


def create_login(
    conn: Connection, database: str, username: str, passphrase: str, role: Role
) -> None:
    """A login for ``username`` (a SCRAM verifier of ``passphrase``) in ``role``'s group."""
    name = login_role(database, username)
    verifier = _raw(conn).pgconn.encrypt_password(
        passphrase.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    )
    statement = (
        "ALTER ROLE {} LOGIN PASSWORD {}"
        if role_exists(conn, name)
        else ("CREATE ROLE {} LOGIN PASSWORD {}")
    )
    _run(
        conn,
        sql.SQL(statement).format(sql.Identifier(name), sql.Literal(verifier.decode("ascii"))),
    )
    set_group(conn, database, username, role)


def set_group(conn: Connection, database: str, username: str, role: Role) -> None:
    """Make ``username``'s login a member of ``role``'s group only."""
    name = sql.Identifier(login_role(database, username))
    for other in Role:
        group = group_role(database, other.value)
        if other is not role and role_exists(conn, group):
            _run(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), name))
    _run(
        conn,
        sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(database, role.value)), name),
    )


def change_own_password(conn: Connection, database: str, username: str, passphrase: str) -> None:
    """Set the signed-in person's own login password (PostgreSQL lets a role do this)."""
    name = login_role(database, username)
    verifier = _raw(conn).pgconn.encrypt_password(
        passphrase.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    )
    _run(
        conn,
        sql.SQL("ALTER ROLE {} PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(verifier.decode("ascii"))
        ),
    )


def drop_login(conn: Connection, database: str, username: str) -> None:
    """Remove ``username``'s login: they can no longer connect to the team database."""
    name = login_role(database, username)
    if role_exists(conn, name):
        _run(conn, sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
