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


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the full-text search tables (made by hand in 0002, not models) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("practitioner_search"))
