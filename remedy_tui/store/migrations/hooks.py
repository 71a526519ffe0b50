"""Autogenerate hooks shared by env.py and the test that models match migrations."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import String

from remedy_tui.store.models.base import StrEnumType, UTCDateTime


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write Remedy's column types as plain SQL types, so migrations never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, StrEnumType):
        return f"sa.String(length={String(40).length})"
    return False


# Indexes made by hand on a team server only (0002, 0009): PostgreSQL's text search and
# partial indexes for the queue, which the models do not describe.
SERVER_ONLY_INDEXES = frozenset(
    {"ix_practitioners_search", "ix_referrals_waiting", "ix_actions_open_requests"}
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave out of autogenerate the tables made by hand, not from models: the full-text
    search tables and index (0002), the team server's key slots (0007) and its partial
    indexes (0009)."""
    if type_ == "index" and name in SERVER_ONLY_INDEXES:
        return False
    if type_ != "table" or name is None:
        return True
    return not (name.startswith("practitioner_search") or name == "key_slots")
