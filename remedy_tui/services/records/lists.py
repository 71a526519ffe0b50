"""The records area's lists as pages: the register of requests, one request's pack with each
record's treatment, and the records due for retention review."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.paging import Page
from remedy_tui.services.records.retention import DueRecord, due_for_review
from remedy_tui.services.records.sar import SarRow, _decided, may_handle, request_rows
from remedy_tui.services.records.sar_pack import pack_records


@dataclass(frozen=True)
class RecordsQuery:
    """A records list's filter: the search text (a reference or a name)."""

    search: str = ""
    request_id: int = 0


def _matches(search: str, *texts: str) -> bool:
    wanted = search.strip().casefold()
    return not wanted or any(wanted in t.casefold() for t in texts)


def requests_page(
    *,
    session: Session,
    query: RecordsQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[SarRow]:
    """A page of the register, open requests first by due date."""
    rows = [
        r
        for r in request_rows(session=session, access=access)
        if _matches(query.search, r.reference, r.practitioner, r.requested_by)
    ]
    return Page(tuple(rows[offset : offset + limit]), len(rows), offset, limit, query)


@dataclass(frozen=True)
class PackRow:
    """A record of a pack with what was decided for it."""

    table: str
    record_id: str
    section: str
    title: str
    treatment: str
    reason: str
    proposed: tuple[str, ...]
    redactions: tuple[str, ...]
    text: str


def pack_page(
    *,
    session: Session,
    query: RecordsQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[PackRow]:
    """A page of one request's pack."""
    may_handle(access)
    decided = _decided(session, query.request_id)
    rows = []
    for record in pack_records(session=session, request_id=query.request_id):
        item = decided.get(record.key)
        if not _matches(query.search, record.title, record.section):
            continue
        rows.append(
            PackRow(
                table=record.table,
                record_id=record.record_id,
                section=record.section,
                title=record.title,
                treatment=item.treatment.value if item else "undecided",
                reason=(item.reason or "") if item else "",
                proposed=record.proposed_redactions,
                redactions=tuple(item.redactions or ()) if item else (),
                text=record.text(),
            )
        )
    return Page(tuple(rows[offset : offset + limit]), len(rows), offset, limit, query)


def due_page(
    *,
    session: Session,
    query: RecordsQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[DueRecord]:
    """A page of the records due for retention review."""
    rows = [
        r
        for r in due_for_review(session=session, access=access)
        if _matches(query.search, r.reference, r.practitioner)
    ]
    return Page(tuple(rows[offset : offset + limit]), len(rows), offset, limit, query)
