"""Alembic environment: migrations run on a connection Remedy has already keyed."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import String
from sqlmodel import SQLModel

import remedy_tui.store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from remedy_tui.store.models.base import StrEnumType, UTCDateTime

target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write Remedy's column types as plain SQL types, so migrations never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, StrEnumType):
        return f"sa.String(length={String(40).length})"
    return False


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
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
