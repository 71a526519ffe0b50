"""Alembic environment: migrations run on a connection Remedy has already keyed."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import remedy_tui.store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from remedy_tui.store.migrations.hooks import include_object, render_item

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run on the connection handed over in ``config.attributes['connection']``."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Remedy's migrations run only from remedy_tui.store.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
        render_item=render_item,
        include_object=include_object,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
