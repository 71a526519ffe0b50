"""The triage queue: referrals waiting for the weekly meeting, a page at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Date, String, and_, bindparam, cast, exists, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from remedy_tui.services.checklist.answers import summaries
from remedy_tui.services.common.paging import rows_in_order
from remedy_tui.store.backend import Backend, backend_of
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    Practitioner,
    Referral,
    ReferralActivity,
    ReferralSource,
    ReferralStatus,
    Trigger,
)

# Built once: making an alias (or a label) per call costs more than the query it serves.
_LINKED_CASE = aliased(Case)
_TRIGGER_LABELS = {trigger.value: trigger.label for trigger in Trigger}
_REFERENCE = re.compile(r"^\s*[rR]-?0*(\d{1,9})\s*$")
WAITING = (
    ReferralStatus.AWAITING_TRIAGE.value,
    ReferralStatus.AWAITING_INFORMATION.value,
    ReferralStatus.DEFERRED.value,
)


class QueueStatus(StrEnum):
    """Which referrals the queue shows."""

    WAITING = "waiting"
    AWAITING_TRIAGE = "awaiting_triage"
    AWAITING_INFORMATION = "awaiting_information"
    DEFERRED = "deferred"
    DECIDED = "decided"
    ALL = "all"

    @property
    def label(self) -> str:
        """How the filter is named on screen."""
        return {
            "waiting": "waiting (all undecided)",
            "awaiting_triage": "ready for triage",
            "awaiting_information": "waiting for information",
            "deferred": "deferred",
            "decided": "decided",
            "all": "all",
        }[self.value]


class Completeness(StrEnum):
    """Whether Forms 1 and 2 are both in."""

    ANY = "any"
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class QueueSort(StrEnum):
    """The orders the queue can be sorted in."""

    WAITING_LONGEST = "waiting_longest"
    SUGGESTED_LEVEL = "suggested_level"
    PRACTITIONER = "practitioner"
    LAST_ACTIVITY = "last_activity"
    TRUST = "trust"

    @property
    def label(self) -> str:
        """How the sort is named on screen."""
        return {
            "waiting_longest": "waiting longest",
            "suggested_level": "suggested level (highest first)",
            "practitioner": "practitioner",
            "last_activity": "last activity (latest first)",
            "trust": "trust",
        }[self.value]


@dataclass(frozen=True)
class QueueQuery:
    """What the user asked the queue for."""

    search: str = ""
    status: QueueStatus = QueueStatus.WAITING
    completeness: Completeness = Completeness.ANY
    trust: str | None = None
    programme: str | None = None
    source: ReferralSource | None = None
    sort: QueueSort = QueueSort.WAITING_LONGEST


@dataclass(frozen=True)
class QueueRow:
    """One referral as a queue row: plain values only."""

    id: int
    reference: str
    version: int
    status: ReferralStatus
    days_waiting: int
    practitioner: str
    grade: str
    programme: str
    trust: str
    source: str
    triggers: str
    complete: bool
    missing: str
    suggested_level: int | None
    last_activity: date
    linked_case: str | None
    request_overdue: bool
    linked_case_id: int | None = None
    fairness: str = ""
    """The linked open case's fairness summary, short ("31/41 3N 5U"); blank without one."""


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue and where it sits in the whole."""

    rows: tuple[QueueRow, ...]
    total: int
    offset: int
    limit: int
    query: QueueQuery
    overdue_requests: int


def _form1_in() -> ColumnElement[bool]:
    # Form E stands in for Form 1 after an exam failure (seed 004: "identical to Form 1").
    exam = cast(col(Referral.triggers), String).like(f'%"{Trigger.EXAM_FAILURE.value}"%')
    return or_(
        col(Referral.form1_received_on).is_not(None),
        and_(exam, col(Referral.form_e_received_on).is_not(None)),
    )


def _conditions(query: QueueQuery, backend: Backend) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.status is QueueStatus.WAITING:
        conditions.append(col(Referral.status).in_(WAITING))
    elif query.status is not QueueStatus.ALL:
        conditions.append(col(Referral.status) == query.status.value)
    complete = and_(_form1_in(), col(Referral.form2_received_on).is_not(None))
    if query.completeness is Completeness.COMPLETE:
        conditions.append(complete)
    elif query.completeness is Completeness.INCOMPLETE:
        conditions.append(~complete)
    if query.trust:
        conditions.append(col(Referral.trust) == query.trust)
    if query.programme:
        conditions.append(col(Referral.programme) == query.programme)
    if query.source is not None:
        conditions.append(col(Referral.source) == query.source.value)
    text = query.search.strip()
    if text:
        options: list[ColumnElement[bool]] = []
        reference = _REFERENCE.match(text)
        if reference:
            options.append(col(Referral.reference) == f"R-{int(reference.group(1)):06d}")
        by_name = backend.matches_practitioner(col(Referral.practitioner_id), text)
        if by_name is not None:
            options.append(by_name)
        conditions.append(or_(*options) if options else col(Referral.id) < 0)
    return conditions


def _order(query: QueueQuery) -> list[Any]:
    match query.sort:
        case QueueSort.WAITING_LONGEST:
            return [col(Referral.received_on), col(Referral.id)]
        case QueueSort.SUGGESTED_LEVEL:
            return [
                col(Referral.suggested_level).is_(None),
                col(Referral.suggested_level).desc(),
                col(Referral.received_on),
                col(Referral.id),
            ]
        case QueueSort.PRACTITIONER:
            return [col(Practitioner.family_name), col(Practitioner.given_names), col(Referral.id)]
        case QueueSort.LAST_ACTIVITY:
            return [
                col(ReferralActivity.last_activity_at).desc(),
                col(ReferralActivity.referral_id).desc(),
            ]
        case QueueSort.TRUST:
            return [col(Referral.trust), col(Referral.received_on), col(Referral.id)]


def _overdue_request(today: Any) -> ColumnElement[bool]:
    return exists().where(
        col(Action.referral_id) == col(Referral.id),
        col(Action.kind) == ActionKind.INFORMATION_REQUEST.value,
        col(Action.status) == ActionStatus.OPEN.value,
        col(Action.due_on) < today,
    )


def count_queue(*, session: Session, query: QueueQuery) -> int:
    """How many referrals match ``query``."""
    statement = sa_select(func.count()).select_from(Referral)
    conditions = _conditions(query, backend_of(session))
    if conditions:
        statement = statement.where(and_(*conditions))
    return int(session.execute(statement).scalar_one())


# The columns of a page's referrals, built once: building it per page cost more than running it.
_ROWS = (
    sa_select(
        col(Referral.id),
        col(Referral.reference),
        col(Referral.version),
        col(Referral.status),
        col(Referral.received_on),
        col(Referral.source),
        col(Referral.triggers),
        col(Referral.trust),
        col(Referral.programme),
        col(Referral.form1_received_on),
        col(Referral.form2_received_on),
        col(Referral.form_e_received_on),
        col(Referral.suggested_level),
        # A referral stored without its activity row (by hand) shows when it was stored.
        func.coalesce(col(ReferralActivity.last_activity_at), col(Referral.created_at)),
        col(Practitioner.title),
        col(Practitioner.given_names),
        col(Practitioner.family_name),
        col(Practitioner.grade),
        col(_LINKED_CASE.reference),
        _overdue_request(bindparam("today", type_=Date)),
        col(_LINKED_CASE.id),
        col(Referral.decided_at),
    )
    .join(Practitioner, col(Practitioner.id) == col(Referral.practitioner_id))
    .outerjoin(_LINKED_CASE, col(_LINKED_CASE.id) == col(Referral.case_id))
    .outerjoin(ReferralActivity, col(ReferralActivity.referral_id) == col(Referral.id))
    .where(col(Referral.id).in_(bindparam("ids", expanding=True)))
)


def _page_ids(session: Session, query: QueueQuery, offset: int, limit: int) -> list[int]:
    """The ids of one page, in order, read from the referrals (and names) alone, so SQLite
    sorts index entries rather than whole joined rows."""
    statement = sa_select(col(Referral.id))
    if query.sort is QueueSort.PRACTITIONER:
        statement = statement.join(
            Practitioner, col(Practitioner.id) == col(Referral.practitioner_id)
        )
    elif query.sort is QueueSort.LAST_ACTIVITY:
        # Every referral has its activity row; its index gives the order without a sort.
        statement = statement.join(
            ReferralActivity, col(ReferralActivity.referral_id) == col(Referral.id)
        )
    conditions = _conditions(query, backend_of(session))
    if conditions:
        statement = statement.where(and_(*conditions))
    statement = statement.order_by(*_order(query)).offset(offset).limit(limit)
    return [row[0] for row in session.execute(statement).all()]


def queue_page(
    *, session: Session, query: QueueQuery, offset: int, limit: int, today: date
) -> QueuePage:
    """One page of the queue, counted, filtered and sorted in the database."""
    ids = _page_ids(session, query, max(0, offset), limit)
    rows = tuple(_row(r, today) for r in rows_in_order(session, _ROWS, ids, today=today))
    linked_ids = {row.linked_case_id for row in rows if row.linked_case_id is not None}
    if linked_ids:
        fairness = summaries(session=session, case_ids=linked_ids)
        rows = tuple(
            replace(row, fairness=fairness[row.linked_case_id].short)
            if row.linked_case_id in fairness
            else row
            for row in rows
        )
    overdue = int(
        session.execute(
            sa_select(func.count())
            .select_from(Referral)
            .where(col(Referral.status).in_(WAITING), _overdue_request(today))
        ).scalar_one()
    )
    return QueuePage(
        rows=rows,
        total=count_queue(session=session, query=query),
        offset=max(0, offset),
        limit=limit,
        query=query,
        overdue_requests=overdue,
    )


def _row(r: Any, today: date) -> QueueRow:
    (
        referral_id,
        reference,
        version,
        status,
        received,
        source,
        triggers,
        trust,
        programme,
        form1,
        form2,
        form_e,
        suggested,
        last_activity,
        title,
        given,
        family,
        grade,
        case_ref,
        overdue,
        case_id,
        decided_at,
    ) = r
    trigger_values = list(triggers or [])
    exam = Trigger.EXAM_FAILURE.value in trigger_values
    form1_in = form1 is not None or (exam and form_e is not None)
    missing = []
    if not form1_in:
        missing.append("Form E" if exam else "Form 1")
    if form2 is None:
        missing.append("Form 2")
    return QueueRow(
        id=referral_id,
        reference=reference,
        version=version,
        status=status,
        # A decided referral waited until its decision, not until today.
        days_waiting=((decided_at.astimezone().date() if decided_at else today) - received).days,
        practitioner=" ".join(p for p in (title, given, family) if p),
        grade=grade.label if grade else "",
        programme=programme or "",
        trust=trust or "",
        source=source.label if source else "",
        triggers=", ".join(_TRIGGER_LABELS.get(t, t) for t in trigger_values),
        complete=not missing,
        missing=" and ".join(missing),
        suggested_level=suggested,
        last_activity=last_activity.date(),
        linked_case=case_ref if status is not ReferralStatus.DECIDED else None,
        request_overdue=bool(overdue),
        linked_case_id=case_id if status is not ReferralStatus.DECIDED else None,
    )


def filter_values(*, session: Session, column: str) -> list[str]:
    """The distinct trusts or programmes of waiting referrals, for a filter picker."""
    target = {"trust": col(Referral.trust), "programme": col(Referral.programme)}[column]
    rows = session.execute(
        sa_select(target)
        .where(col(Referral.status).in_(WAITING), target.is_not(None))
        .distinct()
        .order_by(target)
    ).all()
    return [row[0] for row in rows]
