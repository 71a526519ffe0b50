"""Migrations and models agree, and every migration runs up and back down."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from remedy_tui.store import Store
from remedy_tui.store.engine import make_engine
from remedy_tui.store.migrate import alembic_config, head_revision
from remedy_tui.store.migrations.hooks import include_object
from tests.helpers.cases import make_case

# About the encrypted local file itself; the team server has tests/test_server.py.
pytestmark = pytest.mark.local_file


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


def test_0006_moves_each_last_activity_to_its_own_table_and_back(
    store: Store, store_path: Path
) -> None:
    case_id = make_case(store)
    key = store.data_key()
    store.close()
    engine = make_engine(store_path, key, transactional_ddl=True)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            downgrade(config, "0005")
            conn.execute(text("UPDATE cases SET last_activity_at = '2026-01-02 03:04:05.000000'"))
            upgrade(config, "head")
            moved = conn.execute(
                text("SELECT last_activity_at FROM case_activity WHERE case_id = :id"),
                {"id": case_id},
            ).scalar()
            assert moved == "2026-01-02 03:04:05.000000"
            columns = {row[1] for row in conn.execute(text("PRAGMA table_info(cases)"))}
            assert "last_activity_at" not in columns
            downgrade(config, "0005")
            back = conn.execute(text("SELECT last_activity_at FROM cases")).scalar()
            assert back == "2026-01-02 03:04:05.000000"
            upgrade(config, "head")
    finally:
        engine.dispose()
