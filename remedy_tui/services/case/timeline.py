"""Timeline entries: the dated record of everything that happens in a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case.case_dates import case_day
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.activity import mark_case_active
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.store.models import Case, TimelineEntry, TimelineKind, User

TITLE_LIMIT = 300
BODY_LIMIT = 50_000


def add_entry(
    *,
    session: Session,
    case_id: int,
    kind: TimelineKind,
    title: str,
    author_id: int,
    body: str | None = None,
    occurred_at: datetime | None = None,
    confidential: bool = False,
    document_id: int | None = None,
    decision_id: int | None = None,
) -> TimelineEntry:
    """Add an entry to a case's timeline and mark the case active; the caller commits."""
    if session.get(Case, case_id) is None:
        raise NotFoundError(f"There is no case {case_id}.")
    entry = TimelineEntry(
        case_id=case_id,
        kind=kind,
        occurred_at=occurred_at or clock.now(),
        title=required_text(title, field="title", label="The title", max_length=TITLE_LIMIT),
        body=clean_text(
            body, field="body", label="The text", max_length=BODY_LIMIT, multiline=True
        ),
        confidential=confidential,
        author_id=author_id,
        document_id=document_id,
        decision_id=decision_id,
    )
    session.add(entry)
    # The activity is not a change to the case: its version stays where a colleague read it.
    mark_case_active(session, case_id)
    return entry


# What a person records by hand; decisions, documents, referrals and the like are added by the
# commands that make them.
RECORDED_KINDS: tuple[TimelineKind, ...] = (
    TimelineKind.NOTE,
    TimelineKind.MEETING,
    TimelineKind.CALL,
    TimelineKind.LETTER,
    TimelineKind.EMAIL,
)
PREVIEW = 200


def headline(text: str, width: int = 80) -> str:
    """The first line of ``text``, cut with an ellipsis to ``width`` characters."""
    line = text.split("\n", 1)[0]
    return line if len(line) <= width else line[: width - 1] + "…"


def moment(day: date) -> datetime:
    """When something dated ``day`` happened: now if today, else midday (UTC) of that day."""
    if day == clock.today():
        return clock.now()
    return datetime.combine(day, time(12), tzinfo=UTC)


@dataclass(frozen=True)
class TimelineQuery:
    """Which entries to list: one kind or all, newest or oldest first."""

    kind: TimelineKind | None = None
    newest_first: bool = True


@dataclass(frozen=True)
class TimelineRow:
    """One entry as listed: its first lines only, so a page stays light."""

    id: int
    kind: TimelineKind
    occurred_at: datetime
    title: str
    preview: str
    author: str
    confidential: bool
    document_id: int | None
    decision_id: int | None


@dataclass(frozen=True)
class TimelineDetail:
    """One entry in full."""

    row: TimelineRow
    body: str


def _select(*extra: Any) -> Select[Any]:
    return sa_select(
        col(TimelineEntry.id),
        col(TimelineEntry.kind),
        col(TimelineEntry.occurred_at),
        col(TimelineEntry.title),
        func.substr(col(TimelineEntry.body), 1, PREVIEW),
        col(User.full_name),
        col(TimelineEntry.confidential),
        col(TimelineEntry.document_id),
        col(TimelineEntry.decision_id),
        *extra,
    ).outerjoin(User, col(User.id) == col(TimelineEntry.author_id))


def _row(r: Any) -> TimelineRow:
    return TimelineRow(
        id=r[0],
        kind=r[1],
        occurred_at=r[2],
        title=r[3],
        preview=(r[4] or "").split("\n", 1)[0],
        author=r[5] or "",
        confidential=bool(r[6]),
        document_id=r[7],
        decision_id=r[8],
    )


def _hidden_confidential(case_id: Any, access: Access | None) -> list[ColumnElement[bool]]:
    """The role matrix on the local file (the team server's policies do the same): a
    confidential entry is for the case's case managers and senior owner alone."""
    if access is None:
        return []
    # One condition in the page's own query (no read of its own on every page).
    on_case = exists().where(col(Case.id) == case_id, access.on_case())
    return [or_(col(TimelineEntry.confidential).is_(False), on_case)]


def timeline_page(
    *,
    session: Session,
    case_id: int,
    query: TimelineQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[TimelineRow]:
    """One page of a case's timeline in date order, filtered by kind, counted in the database;
    with ``access`` (the desk gives it), without the confidential entries the signed-in person
    may not read."""
    offset = max(0, offset)
    conditions = [
        col(TimelineEntry.case_id) == case_id,
        *_hidden_confidential(case_id, access),
    ]
    if query.kind is not None:
        conditions.append(col(TimelineEntry.kind) == query.kind.value)
    order = (
        (col(TimelineEntry.occurred_at).desc(), col(TimelineEntry.id).desc())
        if query.newest_first
        else (col(TimelineEntry.occurred_at), col(TimelineEntry.id))
    )
    rows = session.execute(
        _select().where(*conditions).order_by(*order).offset(offset).limit(limit)
    ).all()
    total = count_rows(session, TimelineEntry, *conditions)
    return Page(tuple(_row(r) for r in rows), int(total), offset, limit, query)


def kind_counts(
    *, session: Session, case_id: int, access: Access | None = None
) -> dict[TimelineKind, int]:
    """How many entries of each kind a case has that the signed-in person may read (kinds it
    has none of are left out)."""
    rows = session.execute(
        sa_select(col(TimelineEntry.kind), func.count())
        .where(
            col(TimelineEntry.case_id) == case_id,
            *_hidden_confidential(case_id, access),
        )
        .group_by(col(TimelineEntry.kind))
    ).all()
    return {TimelineKind(kind): int(n) for kind, n in rows}


def entry_detail(
    *, session: Session, entry_id: int, access: Access | None = None
) -> TimelineDetail:
    """One entry with its whole text (not a confidential one the signed-in person may not
    read: that is "no longer exists" to them, as on the team server)."""
    r = session.execute(
        _select(col(TimelineEntry.body)).where(
            col(TimelineEntry.id) == entry_id,
            *_hidden_confidential(col(TimelineEntry.case_id), access),
        )
    ).first()
    if r is None:
        raise NotFoundError("That timeline entry no longer exists.")
    return TimelineDetail(_row(r), r[9] or "")


def record_entry(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    kind: TimelineKind,
    title: str,
    body: str | None = None,
    occurred_on: date | str | None = None,
    confidential: bool = False,
) -> int:
    """Record a meeting, call, letter, email or note on a case's timeline; commits."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was saved.")
    if kind not in RECORDED_KINDS:
        raise ValueError(f"{kind} entries are added by the commands that make them")
    if confidential and actor_id not in (
        case.case_manager_id,
        case.second_case_manager_id,
        case.senior_owner_id,
    ):
        # The role matrix: a confidential note is for this case's case managers and senior
        # owner alone (the team server would not let its writer read it back).
        raise ValidationError(
            "confidential",
            "Only this case's case managers and senior owner may add a confidential note. "
            'Save it without "confidential", or ask them to add it.',
        )
    day = case_day(case, occurred_on, field="occurred_on", label="The date", default_today=True)
    entry = add_entry(
        session=session,
        case_id=case_id,
        kind=kind,
        title=title,
        body=body,
        author_id=actor_id,
        occurred_at=moment(day),
        confidential=confidential,
    )
    session.commit()
    assert entry.id is not None
    return entry.id
