"""Benchmark databases on a PostgreSQL server: the demo team database of N cases, built once
and reused, and throwaway copies of it for the scenarios that write.

The server is named by a superuser URL (``--server``, else ``$REMEDY_BENCH_POSTGRES``, else
``$REMEDY_TEST_POSTGRES`` as ``scripts/with-postgres`` sets it). The benchmark builds and copies
databases as that superuser, then signs in to them as the demo user's own login role, as a
desktop does, so row-level security is part of what is measured.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from benchmarks.stores import ANCHOR, GENERATOR_VERSION, PASSPHRASE, SEED, USER
from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.demo.generator import DEMO_TEAM
from remedy_tui.store.server import PLAIN_LOOPBACK, ServerAddress

ENV = "REMEDY_BENCH_POSTGRES"
TEST_ENV = "REMEDY_TEST_POSTGRES"
_scratch = itertools.count()


def admin_url(given: str | None = None) -> str | None:
    """The server's superuser URL: ``given``, else from the environment."""
    return given or os.environ.get(ENV) or os.environ.get(TEST_ENV) or None


def _admin() -> str:
    url = admin_url()
    if url is None:
        raise SystemExit(
            f"No PostgreSQL server to benchmark on: pass --server URL, or set {ENV} "
            f"(or run through scripts/with-postgres, which sets {TEST_ENV})."
        )
    return url


def _with_database(url: str, database: str) -> str:
    return urlsplit(url)._replace(path="/" + database).geturl()


def owner_address(database: str) -> ServerAddress:
    """The superuser's address of ``database``, for building and adopting it."""
    return ServerAddress(_with_database(_admin(), database), PLAIN_LOOPBACK)


def user_address(database: str) -> ServerAddress:
    """The address a desktop uses: no credentials, the demo user signs in as their own role."""
    parts = urlsplit(_admin())
    return ServerAddress(f"postgresql://{parts.hostname}:{parts.port}/{database}", PLAIN_LOOPBACK)


def _run(statement: sql.SQL | sql.Composed, database: str = "postgres") -> list[tuple[object, ...]]:
    """One statement as the superuser, outside a transaction; its rows, if any."""
    with psycopg.connect(_with_database(_admin(), database), autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def server_version() -> str:
    """The server's PostgreSQL version, for the results."""
    return str(_run(sql.SQL("SHOW server_version"))[0][0]).split()[0]  # not the packager's


def database_size(database: str) -> int:
    """Bytes the server keeps for ``database``."""
    rows = _run(sql.SQL("SELECT pg_database_size({})").format(sql.Literal(database)))
    return int(str(rows[0][0]))


def database_name(cases: int) -> str:
    """The benchmark database of ``cases`` cases, named like the file cache's stores."""
    return f"bench_demo_{cases}_s{SEED}_g{GENERATOR_VERSION}"


def _databases(prefix: str) -> list[str]:
    rows = _run(
        sql.SQL("SELECT datname FROM pg_database WHERE starts_with(datname, {}) ORDER BY 1").format(
            sql.Literal(prefix)
        )
    )
    return [str(row[0]) for row in rows]


def drop_database(database: str) -> None:
    """Remove a benchmark database and the roles named after it (its groups and logins)."""
    _run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
    roles = _run(
        sql.SQL("SELECT rolname FROM pg_roles WHERE starts_with(rolname, {})").format(
            sql.Literal(database + ".")
        )
    )
    for (role,) in roles:
        try:
            _run(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(str(role))))
        except psycopg.Error as exc:  # still granted something in another database
            print(f"  could not drop the role {role}: {exc}", file=sys.stderr)


def _ready(database: str, cases: int) -> str | None:
    """Why the existing ``database`` cannot be reused, or None when it can."""
    from remedy_tui.store.migrate import head_revision

    try:
        rows = _run(
            sql.SQL(
                "SELECT (SELECT value FROM store_meta WHERE key = 'demo_cases'), "
                "(SELECT version_num FROM alembic_version)"
            ),
            database,
        )
    except psycopg.Error:
        return "it is not a finished demo database"
    built_cases, revision = rows[0]
    if built_cases != str(cases):
        return "its build did not finish"
    if revision != head_revision():
        return f"its schema is {revision}, not this Remedy's {head_revision()}"
    return None


def cached_database(cases: int) -> ServerAddress:
    """The demo user's address of the benchmark database of ``cases`` cases, building it on
    the server if it is not there yet (or is stale: another generator version or seed, an
    older schema, an unfinished build)."""
    name = database_name(cases)
    existing = _databases(f"bench_demo_{cases}_")
    if name in existing:
        why = _ready(name, cases)
        if why is None:
            return user_address(name)
        print(f"  rebuilding {name}: {why}", file=sys.stderr)
    for stale in existing:
        drop_database(stale)
    _run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(
            f"\r  building {cases:,}-case database {name}: {done:,}/{total:,}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    try:
        store, counts = build_demo_store(
            owner_address(name), DemoSpec(cases=cases, seed=SEED, today=ANCHOR), progress=progress
        )
        store.close()
    except BaseException:
        drop_database(name)
        raise
    rows = sum(counts.rows.values())
    print(
        f"\r  built {cases:,}-case database {name} ({rows:,} rows) in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return user_address(name)


@contextlib.contextmanager
def scratch_database(source: str) -> Iterator[ServerAddress]:
    """A throwaway copy of the database ``source`` (which must have no connections open),
    with group roles and a demo login of its own; dropped afterwards with its roles."""
    from remedy_tui.store.server_roles import create_group_roles, create_login

    name = f"bench_scratch_{os.getpid()}_{next(_scratch)}"
    _run(
        sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(source)
        )
    )
    try:
        # Roles are named after their database, so the copy needs its own.
        engine = owner_address(name).owner_engine()
        try:
            with engine.begin() as conn:
                create_group_roles(conn, name)
                create_login(conn, name, USER, PASSPHRASE, DEMO_TEAM[0][2])
        finally:
            engine.dispose()
        yield user_address(name)
    finally:
        drop_database(name)
