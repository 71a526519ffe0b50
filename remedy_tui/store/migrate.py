"""Schema migrations, run on open after an automatic encrypted backup."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from alembic.command import upgrade
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from remedy_tui.store.engine import make_engine
from remedy_tui.store.errors import DamagedStoreError, NewerStoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """The Alembic configuration for Remedy's migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _script() -> ScriptDirectory:
    # Loading the scripts compiles every migration file: do it once per process, not per open.
    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def head_revision() -> str:
    """The newest schema revision this version of Remedy knows."""
    head = _script().get_current_head()
    assert head is not None, "Remedy ships at least one migration"
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    return MigrationContext.configure(conn).get_current_revision()


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision this version of Remedy has a migration for."""
    return frozenset(rev.revision for rev in _script().walk_revisions())


def check_not_newer(revision: str | None) -> None:
    """Refuse a store written by a newer Remedy, before anything is changed."""
    if revision is not None and revision not in known_revisions():
        raise NewerStoreError(
            f"This store was written by a newer version of Remedy (schema {revision}); "
            f"this version knows up to {head_revision()}. Install the newer version to open it."
        )


def upgrade_to(path: Path, data_key: bytes, revision: str = "head") -> None:
    """Migrate the database at ``path`` to ``revision`` in real transactions."""
    engine: Engine = make_engine(path, data_key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            upgrade(config, revision)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left {len(problems)} foreign-key problems")
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Migrate a database whose engine already has transactional DDL (PostgreSQL's)."""
    with engine.connect() as conn:
        check_not_newer(current_revision(conn))
        config = alembic_config()
        config.attributes["connection"] = conn
        upgrade(config, revision)
        conn.commit()


def migrate_if_needed(
    engine: Engine, path: Path, data_key: bytes, backup: Callable[[str], Path]
) -> Path | None:
    """Bring an older store up to date after backing it up; return the backup's path."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    check_not_newer(revision)
    if revision is None:
        # Every store is made at a revision: one without any is a database lost, and
        # migrating it would make an empty store in its place.
        raise DamagedStoreError(
            f"The store's database {path} holds no Remedy tables: it is damaged or was "
            "replaced. Nothing was changed; restore a backup with `remedy restore`."
        )
    if revision == head_revision():
        return None
    backup_path = backup(revision)
    upgrade_to(path, data_key)
    return backup_path
