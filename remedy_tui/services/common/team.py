"""The team: the people who can own actions, manage cases or be picked for a caseload."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from remedy_tui.store.models import User


@dataclass(frozen=True)
class Colleague:
    """A member of the team as a choice: id, name and role."""

    id: int
    full_name: str
    role: str


def colleagues(*, session: Session, include_inactive: bool = False) -> tuple[Colleague, ...]:
    """The team, by name; people who have left are left out unless asked for."""
    statement = select(User).order_by(col(User.full_name))
    if not include_inactive:
        statement = statement.where(col(User.active).is_(True))
    return tuple(
        Colleague(user.id, user.full_name, user.role.label)
        for user in session.exec(statement).all()
        if user.id is not None
    )
