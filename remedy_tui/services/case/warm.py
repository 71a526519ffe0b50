"""A case to read once at sign-in, so the statements a case's screen runs are ready."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from remedy_tui.store.models import Case


def a_case_id(*, session: Session) -> int | None:
    """The newest case's id (any case would do), or None in a store with no cases. Read by the
    app at sign-in, with that case's screen and checklist read after it and thrown away: the
    first case a user opens then costs what every later one does (SQLAlchemy compiles each
    statement once per process, about half of the first case's read)."""
    found = session.execute(select(func.max(col(Case.id)))).scalar()
    return int(found) if found is not None else None
