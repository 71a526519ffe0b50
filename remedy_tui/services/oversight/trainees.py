"""What a TPD or head of school sees: the cases of trainees in their programmes, each with its
level, status and case manager and the actions shared with the TPD, and the referrals they
submitted with where each stands.

The deanery's guidance shares "actions and outcomes" with the TPD and no more: these
functions read named columns only (never a case's summary, its timeline or checklist, nor a
practitioner's equality-monitoring answers), which is also all the team server grants them.
On the team server its policies choose the rows; on a local file ``access`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, true
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError
from remedy_tui.services.common.paging import Page
from remedy_tui.store.models import (
    Action,
    ActionStatus,
    Case,
    CaseStatus,
    Grade,
    Practitioner,
    Referral,
    ReferralStatus,
    User,
)


@dataclass(frozen=True)
class TraineesQuery:
    """A search over the trainees' cases (name, registration number or case reference)."""

    search: str = ""


@dataclass(frozen=True)
class TraineeCase:
    """One trainee's case as shared with their TPD."""

    id: int
    reference: str
    practitioner: str
    programme: str
    grade: str
    level: int
    status: CaseStatus
    opened_on: date
    case_manager: str
    open_shared_actions: int
    next_shared_due: date | None


@dataclass(frozen=True)
class SharedAction:
    """An action on a trainee's case marked shared with the TPD."""

    description: str
    owner: str
    due_on: date | None
    status: ActionStatus
    completed_on: date | None
    outcome_note: str


@dataclass(frozen=True)
class TraineeCaseDetail:
    """A trainee's case and its shared actions: what the TPD follows up."""

    case: TraineeCase
    actions: tuple[SharedAction, ...]


@dataclass(frozen=True)
class SubmittedReferral:
    """A referral the signed-in person submitted, and where it stands."""

    id: int
    reference: str
    practitioner: str
    received_on: date
    status: ReferralStatus
    level: int | None
    case_reference: str | None


def _name(title: str | None, given: str, family: str) -> str:
    return " ".join(p for p in (title or "", given, family) if p)


def _visible(access: Access | None) -> Any:
    return true() if access is None else access.case_filter(Case.id)


def _search(text: str) -> Any:
    words = text.strip().lower()
    if not words:
        return true()
    like = f"%{words}%"
    return or_(
        func.lower(col(Practitioner.family_name)).like(like),
        func.lower(col(Practitioner.given_names)).like(like),
        func.lower(col(Case.reference)).like(like),
        func.lower(func.coalesce(col(Practitioner.registration_number), "")).like(like),
    )


def _shared_open() -> Any:
    return (
        sa_select(func.count())
        .where(
            col(Action.case_id) == col(Case.id),
            col(Action.shared_with_tpd).is_(True),
            col(Action.status) == ActionStatus.OPEN.value,
        )
        .scalar_subquery()
    )


def _next_due() -> Any:
    return (
        sa_select(func.min(col(Action.due_on)))
        .where(
            col(Action.case_id) == col(Case.id),
            col(Action.shared_with_tpd).is_(True),
            col(Action.status) == ActionStatus.OPEN.value,
        )
        .scalar_subquery()
    )


def _cases(access: Access | None) -> Any:
    manager = aliased(User)
    return (
        sa_select(
            col(Case.id),
            col(Case.reference),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
            col(Practitioner.programme),
            col(Practitioner.grade),
            col(Case.level),
            col(Case.status),
            col(Case.opened_on),
            col(manager.full_name),
            _shared_open(),
            _next_due(),
        )
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .outerjoin(manager, col(manager.id) == col(Case.case_manager_id))
        .where(_visible(access))
    )


def _row(r: Any) -> TraineeCase:
    return TraineeCase(
        id=r[0],
        reference=r[1],
        practitioner=_name(r[2], r[3], r[4]),
        programme=r[5] or "",
        grade=Grade(r[6]).label if r[6] else "",
        level=r[7],
        status=CaseStatus(r[8]),
        opened_on=r[9],
        case_manager=r[10] or "not yet given",
        open_shared_actions=int(r[11] or 0),
        next_shared_due=r[12],
    )


def trainee_cases_page(
    *,
    session: Session,
    query: TraineesQuery,
    offset: int,
    limit: int,
    access: Access | None = None,
) -> Page[TraineeCase]:
    """A page of the trainees' cases: open ones first, then the newest."""
    offset = max(0, offset)
    closed_last = col(Case.status) == CaseStatus.CLOSED.value
    statement = (
        _cases(access)
        .where(_search(query.search))
        .order_by(closed_last, col(Case.opened_on).desc(), col(Case.id).desc())
        .offset(offset)
        .limit(limit)
    )
    rows = tuple(_row(r) for r in session.execute(statement))
    total = session.execute(
        sa_select(func.count())
        .select_from(Case)
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .where(_visible(access), _search(query.search))
    ).scalar_one()
    return Page(rows, int(total), offset, limit, query)


def trainee_case(
    *, session: Session, case_id: int, access: Access | None = None
) -> TraineeCaseDetail:
    """One trainee's case with every action on it shared with the TPD."""
    found = session.execute(_cases(access).where(col(Case.id) == case_id)).first()
    if found is None:
        raise NotFoundError("That case is not one of your trainees' (or no longer exists).")
    owner = aliased(User)
    actions = session.execute(
        sa_select(
            col(Action.description),
            func.coalesce(col(owner.full_name), col(Action.owner_name)),
            col(Action.due_on),
            col(Action.status),
            col(Action.completed_on),
            col(Action.outcome_note),
        )
        .outerjoin(owner, col(owner.id) == col(Action.owner_id))
        .where(col(Action.case_id) == case_id, col(Action.shared_with_tpd).is_(True))
        .order_by(col(Action.status) != ActionStatus.OPEN.value, col(Action.due_on), col(Action.id))
    ).all()
    return TraineeCaseDetail(
        _row(found),
        tuple(
            SharedAction(
                description=a[0],
                owner=a[1] or "",
                due_on=a[2],
                status=ActionStatus(a[3]),
                completed_on=a[4],
                outcome_note=a[5] or "",
            )
            for a in actions
        ),
    )


def submitted_referrals(
    *, session: Session, actor_id: int, limit: int = 200
) -> tuple[SubmittedReferral, ...]:
    """The referrals the signed-in person submitted, newest first."""
    rows = session.execute(
        sa_select(
            col(Referral.id),
            col(Referral.reference),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
            col(Referral.received_on),
            col(Referral.status),
            col(Referral.level),
            col(Case.reference),
        )
        .join(Practitioner, col(Practitioner.id) == col(Referral.practitioner_id))
        .outerjoin(Case, col(Case.id) == col(Referral.case_id))
        .where(col(Referral.created_by_id) == actor_id)
        .order_by(col(Referral.received_on).desc(), col(Referral.id).desc())
        .limit(limit)
    ).all()
    return tuple(
        SubmittedReferral(
            id=r[0],
            reference=r[1],
            practitioner=_name(r[2], r[3], r[4]),
            received_on=r[5],
            status=ReferralStatus(r[6]),
            level=r[7],
            case_reference=r[8],
        )
        for r in rows
    )
