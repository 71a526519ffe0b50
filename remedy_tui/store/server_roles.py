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


def _raw(conn: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's, for identifier quoting and SCRAM."""
    return conn.connection.driver_connection


def run_composed(conn: Connection, statement: sql.Composable) -> None:
    """Run a psycopg-composed statement (quoted identifiers and literals) on ``conn``."""
    conn.exec_driver_sql(statement.as_string(_raw(conn)))


def _scram_verifier(conn: Connection, login: str, passphrase: str) -> str:
    """The SCRAM-SHA-256 verifier of ``passphrase`` for ``login``, computed here by libpq."""
    verifier: bytes = _raw(conn).pgconn.encrypt_password(
        passphrase.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return verifier.decode("ascii")


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
            run_composed(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        run_composed(
            conn,
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(name)
            ),
        )
        run_composed(
            conn,
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(schema), sql.Identifier(name)
            ),
        )
    from remedy_tui.store.server_policies import apply_policies
    from remedy_tui.store.server_watch import install_notices

    apply_policies(conn, database)
    install_notices(conn)


def create_login(
    conn: Connection, database: str, username: str, passphrase: str, role: Role
) -> None:
    """A login for ``username`` (a SCRAM verifier of ``passphrase``) in ``role``'s group."""
    name = login_role(database, username)
    verifier = _scram_verifier(conn, name, passphrase)
    statement = (
        "ALTER ROLE {} LOGIN PASSWORD {}"
        if role_exists(conn, name)
        else ("CREATE ROLE {} LOGIN PASSWORD {}")
    )
    run_composed(
        conn,
        sql.SQL(statement).format(sql.Identifier(name), sql.Literal(verifier)),
    )
    set_group(conn, database, username, role)


def set_group(conn: Connection, database: str, username: str, role: Role) -> None:
    """Make ``username``'s login a member of ``role``'s group only."""
    name = sql.Identifier(login_role(database, username))
    for other in Role:
        group = group_role(database, other.value)
        if other is not role and role_exists(conn, group):
            run_composed(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), name))
    run_composed(
        conn,
        sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(database, role.value)), name),
    )


def change_own_password(conn: Connection, database: str, username: str, passphrase: str) -> None:
    """Set the signed-in person's own login password (PostgreSQL lets a role do this)."""
    name = login_role(database, username)
    verifier = _scram_verifier(conn, name, passphrase)
    run_composed(
        conn,
        sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier)),
    )


def drop_login(conn: Connection, database: str, username: str) -> None:
    """Remove ``username``'s login: they can no longer connect to the team database."""
    name = login_role(database, username)
    if role_exists(conn, name):
        run_composed(conn, sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
