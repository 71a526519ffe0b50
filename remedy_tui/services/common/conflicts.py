"""Refusing stale writes: if someone changed a record since it was read, say who and what."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import ConflictError
from remedy_tui.store.models import AuditEntry, User

# Bookkeeping columns that say nothing to a user about what changed.
_QUIET = {"version", "last_activity_at", "created_at"}


def describe_changes_since(
    *, session: Session, table: str, record_id: int, version: int, access: Access | None = None
) -> str:
    """Who changed the record after ``version``, when, and which fields (from the audit); "a
    colleague" for whoever may not read the audit trail (on a team server only those who see
    every case read it: its entries carry what changed)."""
    if access is not None and not access.sees_every_case:
        return "a colleague"
    entries = session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.table_name) == table,
            col(AuditEntry.record_id) == str(record_id),
            col(AuditEntry.action) == "update",
        )
        .order_by(col(AuditEntry.id))
    ).all()
    names = dict(session.exec(select(User.username, User.full_name)).all())
    parts: list[str] = []
    for entry in entries:
        changes: dict[str, Any] = json.loads(entry.changes)
        step = changes.get("version")
        if not isinstance(step, list) or not step or not isinstance(step[0], int):
            continue
        if step[0] < version:
            continue
        fields = sorted(
            k.replace("_", " ") for k in changes if k not in _QUIET and not k.startswith("__")
        )
        who = names.get(entry.actor, entry.actor)
        when = entry.at.astimezone().strftime("%d %b %H:%M")
        parts.append(f"{who} at {when}" + (f" ({', '.join(fields)})" if fields else ""))
    return "; ".join(parts) if parts else "another user"


def check_version(
    *,
    session: Session,
    record: Any,
    expected_version: int,
    what: str,
    access: Access | None = None,
) -> None:
    """Refuse to act on ``record`` if it is no longer the version the user was looking at
    (saying who changed it, to whoever may read the audit trail: ``access``)."""
    current = getattr(record, "version", None)
    if current == expected_version:
        return
    table = type(record).__tablename__
    changed = describe_changes_since(
        session=session,
        table=str(table),
        record_id=int(record.id),
        version=expected_version,
        access=access,
    )
    raise ConflictError(
        f"{what} was changed by {changed} since you opened it, so nothing was saved. "
        "Your entry is still on screen: review the changes, then save again."
    )
