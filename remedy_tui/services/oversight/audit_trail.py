"""The audit trail, readable: who did what, when, to which record, and every export with where
it went; filtered by person, case and kind, and written out for an information-governance
review.

An entry carries the values a change wrote (a note's text, an equality answer). What is shown
and exported here is which fields changed, never their values: a confidential note's body must
not reach a colleague who may read the trail but not the note. Exports, backups and restores
show where the file went (a path is not case content, and saying where it went is the point).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, String, cast, false, func, or_, select, true
from sqlmodel import Session, col

from remedy_tui.services.common.access import Access, access_of
from remedy_tui.services.common.errors import PermissionDeniedError
from remedy_tui.services.common.exports import export_file
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.store import Store
from remedy_tui.store.models import (
    Action,
    AuditEntry,
    Case,
    Decision,
    Document,
    ExternalReferral,
    Referral,
    RiskAssessment,
    TimelineEntry,
    User,
)

# Actions that show where something went; their details are shown as they are.
OUTWARD = ("export", "backup", "restored")
# A case's own rows: an entry about one of them is about the case.
CASE_ROWS: tuple[Any, ...] = (
    Action,
    Decision,
    Document,
    ExternalReferral,
    Referral,
    RiskAssessment,
    TimelineEntry,
)


class AuditKind(StrEnum):
    """Which entries to show."""

    ALL = "all"
    CHANGES = "changes"
    SIGN_INS = "sign-ins"
    EXPORTS = "exports"
    PASSPHRASES = "passphrases"

    @property
    def label(self) -> str:
        """The kind in words."""
        return {
            AuditKind.ALL: "every entry",
            AuditKind.CHANGES: "changes to records",
            AuditKind.SIGN_INS: "sign-ins",
            AuditKind.EXPORTS: "exports, backups and restores",
            AuditKind.PASSPHRASES: "passphrases and recovery",
        }[self]

    def condition(self) -> ColumnElement[bool]:
        """SQL for this kind."""
        action = col(AuditEntry.action)
        if self is AuditKind.CHANGES:
            return action.in_(("insert", "update", "delete"))
        if self is AuditKind.SIGN_INS:
            return action.in_(("sign_in", "failed_sign_ins"))
        if self is AuditKind.EXPORTS:
            return action.in_(OUTWARD)
        if self is AuditKind.PASSPHRASES:
            return action.in_(("passphrase_changed", "passphrase_reset", "recovered"))
        return true()


@dataclass(frozen=True)
class AuditQuery:
    """What the trail is filtered by: a search (a case reference such as C-000123, or a
    person's user name or name), a person, a kind."""

    search: str = ""
    actor: str | None = None
    kind: AuditKind = AuditKind.ALL


@dataclass(frozen=True)
class AuditRow:
    """One entry as the trail shows it."""

    id: int
    at: datetime
    actor: str
    action: str
    record: str
    what: str


def _may_read(access: Access | None) -> None:
    if access is not None and not access.sees_every_case:
        raise PermissionDeniedError(
            "The audit trail is read by the case managers and the Dean's office."
        )


def _about_case(case_id: int) -> ColumnElement[bool]:
    """Entries about the case or about any of its rows."""
    as_text = cast(case_id, String)
    about = [(col(AuditEntry.table_name) == "cases") & (col(AuditEntry.record_id) == as_text)]
    for model in CASE_ROWS:
        ids = select(cast(col(model.id), String)).where(col(model.case_id) == case_id)
        about.append(
            (col(AuditEntry.table_name) == model.__tablename__) & col(AuditEntry.record_id).in_(ids)
        )
    return or_(*about)


def _conditions(session: Session, query: AuditQuery) -> list[ColumnElement[bool]]:
    conditions = [query.kind.condition()]
    if query.actor:
        conditions.append(col(AuditEntry.actor) == query.actor)
    text = query.search.strip()
    if text:
        case_id = session.execute(
            select(col(Case.id)).where(func.upper(col(Case.reference)) == text.upper())
        ).scalar()
        if case_id is not None:
            conditions.append(_about_case(int(case_id)))
        else:
            like = f"%{text.lower()}%"
            names = select(col(User.username)).where(func.lower(col(User.full_name)).like(like))
            conditions.append(
                or_(
                    func.lower(col(AuditEntry.actor)).like(like),
                    col(AuditEntry.actor).in_(names),
                    func.lower(col(AuditEntry.table_name)).like(like),
                )
                if len(text) > 1
                else false()
            )
    return conditions


def _what(action: str, changes: str) -> str:
    try:
        values = json.loads(changes) if changes else {}
    except ValueError:
        values = {}
    if not isinstance(values, dict):
        return ""
    if action in OUTWARD:
        parts = [str(values[k]) for k in ("what", "to", "from") if values.get(k)]
        return " · ".join(parts)
    if action == "sign_in":
        return f"from the {values.get('via', 'app')}"
    if action == "failed_sign_ins":
        return f"{values.get('count', '?')} failed attempts before this sign-in"
    fields = sorted(k for k in values if k != "version" and not k.startswith("__"))
    source = values.get("__source__")
    if isinstance(source, dict) and source.get("imported_from"):
        imported = f"imported from {source['imported_from']}, row {source.get('row', '?')}"
        return f"{imported}: {', '.join(fields)}"
    return ", ".join(fields)


def _row(entry: Any, references: dict[str, str], people: dict[str, str]) -> AuditRow:
    record = entry.table_name + (f" #{entry.record_id}" if entry.record_id else "")
    if entry.table_name == "cases" and entry.record_id in references:
        record = f"case {references[entry.record_id]}"
    elif entry.table_name == "users" and entry.record_id in people:
        record = f"user {people[entry.record_id]}"
    return AuditRow(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        record=record,
        what=_what(entry.action, entry.changes),
    )


def _rows(session: Session, entries: list[Any]) -> tuple[AuditRow, ...]:
    case_ids = {int(e.record_id) for e in entries if e.table_name == "cases" and e.record_id}
    references = {
        str(i): r
        for i, r in session.execute(
            select(col(Case.id), col(Case.reference)).where(col(Case.id).in_(case_ids))
        )
    }
    user_ids = {int(e.record_id) for e in entries if e.table_name == "users" and e.record_id}
    people = {
        str(i): str(u)
        for i, u in session.execute(
            select(col(User.id), col(User.username)).where(col(User.id).in_(user_ids))
        )
    }
    return tuple(_row(e, references, people) for e in entries)


_COLUMNS = (
    col(AuditEntry.id),
    col(AuditEntry.at),
    col(AuditEntry.actor),
    col(AuditEntry.action),
    col(AuditEntry.table_name),
    col(AuditEntry.record_id),
    col(AuditEntry.changes),
)


def audit_page(
    *,
    session: Session,
    query: AuditQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[AuditRow]:
    """A page of the trail, newest first."""
    _may_read(access)
    offset = max(0, offset)
    conditions = _conditions(session, query)
    entries = list(
        session.execute(
            select(*_COLUMNS)
            .where(*conditions)
            .order_by(col(AuditEntry.id).desc())
            .offset(offset)
            .limit(limit)
        )
    )
    total = count_rows(session, AuditEntry, *conditions)
    return Page(_rows(session, entries), total, offset, limit, query)


def audit_people(*, session: Session, access: Access | None = None) -> tuple[str, ...]:
    """Everyone the trail names, by user name."""
    _may_read(access)
    return tuple(
        str(a)
        for a in session.execute(
            select(col(AuditEntry.actor)).distinct().order_by(col(AuditEntry.actor))
        ).scalars()
    )


def _not_a_formula(text: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe, which spreadsheets show as the text itself."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_audit(
    *, store: Store, typed_path: str, query: AuditQuery = AuditQuery()
) -> tuple[int, str]:
    """Write the trail (as filtered) to a CSV file where the user asked, owner-only, and
    record the export in the trail itself; returns how many entries and where."""
    _may_read(access_of(store.user))
    with store.session() as session:
        conditions = _conditions(session, query)
        entries = list(
            session.execute(select(*_COLUMNS).where(*conditions).order_by(col(AuditEntry.id)))
        )
        rows = _rows(session, entries)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["entry", "when (UTC)", "who", "did", "record", "fields changed or where to"])
    for row in rows:
        cells = [row.at.isoformat(), row.actor, row.action, row.record, row.what]
        writer.writerow([row.id, *(_not_a_formula(cell) for cell in cells)])
    written = export_file(
        store=store,
        content=buffer.getvalue().encode("utf-8"),
        typed_path=typed_path,
        default_name=f"remedy-audit-{datetime.now():%Y-%m-%d}.csv",
        what="audit trail",
        subject="audit_entries",
        record_id=None,
    )
    return len(rows), str(written)
