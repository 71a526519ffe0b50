"""Databases of their own for tests on the throwaway PostgreSQL cluster.

``scripts/with-postgres`` starts the cluster and sets ``REMEDY_TEST_POSTGRES`` to a superuser
URL. Each test gets a new database, copied from a migrated template that each test process
makes once, so a test costs a ``CREATE DATABASE`` and not a run of every migration.
"""

from __future__ import annotations

import itertools
import os
import uuid
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from remedy_tui.store.migrate import upgrade_engine
from remedy_tui.store.server import PLAIN_LOOPBACK, ServerAddress

ENV = "REMEDY_TEST_POSTGRES"
_counter = itertools.count()
_RUN = uuid.uuid4().hex[:6]


def admin_url() -> str | None:
    """The cluster's superuser URL, when tests run beside one."""
    return os.environ.get(ENV) or None


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path="/" + database).geturl()


def admin(sql_text: sql.Composable | str) -> None:
    """Run one statement as the cluster's superuser, outside a transaction."""
    url = admin_url()
    assert url is not None
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql_text)  # type: ignore[arg-type]


def owner_address(database: str) -> ServerAddress:
    """The superuser's address of ``database`` (the administrator's commands)."""
    url = admin_url()
    assert url is not None
    return ServerAddress(_with_database(url, database), PLAIN_LOOPBACK)


def user_address(database: str) -> ServerAddress:
    """The address a desktop uses: no credentials, they come from the signed-in user."""
    url = admin_url()
    assert url is not None
    parts = urlsplit(url)
    return ServerAddress(f"postgresql://{parts.hostname}:{parts.port}/{database}", PLAIN_LOOPBACK)


def new_database_name(prefix: str = "t") -> str:
    """A database name unique to this test process."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    return f"{prefix}_{_RUN}_{worker}_{next(_counter)}"


def make_template() -> str:
    """A database migrated to the head revision, to copy for each test."""
    name = new_database_name("schema")
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    engine = owner_address(name).owner_engine()
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
    return name


def copy_database(template: str, prefix: str = "t") -> str:
    """A new database copied from ``template`` (which must have no open connections)."""
    name = new_database_name(prefix)
    admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    )
    return name


def drop_database(name: str) -> None:
    """Remove a test's database, ending any connection left to it."""
    admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def adopt_demo(database: str) -> None:
    """Give a copy of the demo database its own group roles and the demo user's login (roles
    are named after the database, so a copy has none of the original's)."""
    from remedy_tui.config import DEMO_PASSPHRASE, DEMO_USER
    from remedy_tui.store.models import Role
    from remedy_tui.store.server_roles import create_group_roles, create_login

    engine = owner_address(database).owner_engine()
    try:
        with engine.begin() as conn:
            create_group_roles(conn, database)
            create_login(conn, database, DEMO_USER, DEMO_PASSPHRASE, Role.NON_CLINICAL_CASE_MANAGER)
    finally:
        engine.dispose()
