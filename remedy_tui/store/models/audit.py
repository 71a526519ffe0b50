"""The audit trail and the store's own settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from remedy_tui.store.models.base import aware


class AuditEntry(SQLModel, table=True):
    """One write, chained to the one before by an HMAC so edits to history are detected."""

    __tablename__ = "audit_entries"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=aware(), index=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=20)
    table_name: str = Field(max_length=60)
    record_id: str | None = Field(default=None, max_length=60)
    changes: str = Field(sa_type=Text)
    prev_mac: str = Field(max_length=64)
    mac: str = Field(max_length=64)
    # The author's Ed25519 signature over ``mac`` (base64); None on entries written before
    # people had signing keys.
    signature: str | None = Field(default=None, sa_type=Text)


class StoreMeta(SQLModel, table=True):
    """Small facts about the store itself: its id, when it was made, the audit chain's head."""

    __tablename__ = "store_meta"

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(sa_type=Text)
