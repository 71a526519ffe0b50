"""Migrations and models agree, and every migration runs up and back down."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from remedy_tui.store import Store
from remedy_tui.store.engine import make_engine
from remedy_tui.store.migrate import alembic_config, head_revision
from remedy_tui.store.migrations.hooks import include_object


def test_the_models_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], "a model changed without a migration: " + repr(differences)


def test_every_migration_goes_down_and_up_again(store: Store, store_path: Path) -> None:
    key = store.data_key()
    store.close()
    engine = make_engine(store_path, key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "base")
            tables = conn.execute(text("SELECT name FROM sqlite_schema WHERE type='table'"))
            assert {row[0] for row in tables} == {"alembic_version"}
            upgrade(config, "head")
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert revision == head_revision()
    finally:
        engine.dispose()
