"""Optimistic concurrency for records that two people may edit at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


class Versioned(SQLModel):
    """A table whose rows carry a version; a stale update raises instead of overwriting."""

    version: int = Field(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
