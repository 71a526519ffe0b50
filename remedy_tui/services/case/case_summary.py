"""Where a case stands at a glance: the header of the case screen, in a handful of queries."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import actions, risk
from remedy_tui.services.checklist import answers as checklist
from remedy_tui.services.common.errors import NotFoundError
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    ExternalReferral,
    ExternalReferralKind,
    ExternalReferralStatus,
    Practitioner,
    User,
)

ACTIVE_REFERRAL = (
    ExternalReferralStatus.PROPOSED.value,
    ExternalReferralStatus.MADE.value,
    ExternalReferralStatus.ACCEPTED.value,
    ExternalReferralStatus.IN_PROGRESS.value,
)


@dataclass(frozen=True)
class CaseFlags:
    """What is going on around the case, for the header."""

    escalated: bool = False
    with_oh: bool = False
    at_csg: bool = False
    in_mediation: bool = False
    regulator: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        """The flags that are set, as people say them."""
        named = (
            (self.escalated, "Escalated to the Dean"),
            (self.with_oh, "With OH"),
            (self.at_csg, "At CSG"),
            (self.in_mediation, "In mediation"),
            (self.regulator, "Regulator involved"),
        )
        return tuple(label for on, label in named if on)


@dataclass(frozen=True)
class CaseSummary:
    """Where a case stands: the header of the case screen."""

    id: int
    reference: str
    version: int
    practitioner_id: int
    practitioner: str
    registration: str
    grade: str
    programme: str
    trust: str
    summary: str
    level: int
    status: CaseStatus
    opened_on: date
    closed_on: date | None
    closure_reason: str
    days_open: int
    case_manager_id: int | None
    case_manager: str
    second_case_manager_id: int | None
    second_case_manager: str
    senior_owner: str
    escalated_on: date | None
    follow_up_interval_days: int | None
    next_follow_up_on: date | None
    follow_up_overdue: bool
    overdue_actions: int
    risk: str
    risk_overdue: bool
    fairness: str
    flags: CaseFlags

    @property
    def case_managers(self) -> str:
        """The case manager(s) and any senior owner, in one line."""
        names = [n for n in (self.case_manager, self.second_case_manager) if n]
        text = " and ".join(names) or "No case manager"
        return text + (f"; senior owner {self.senior_owner}" if self.senior_owner else "")

    @property
    def is_closed(self) -> bool:
        """True when the case is closed."""
        return self.status is CaseStatus.CLOSED


@functools.cache
def _header_statement() -> Any:
    """The case, its practitioner and the names around it, for a ``case_id`` parameter.
    Built once: building it (three aliases, a correlated follow-up) cost more than running it."""
    manager, second, senior = aliased(User), aliased(User), aliased(User)
    return (
        sa_select(
            Case,
            Practitioner,
            col(manager.full_name),
            col(second.full_name),
            col(senior.full_name),
            actions.next_follow_up(),
        )
        .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        .outerjoin(manager, col(manager.id) == col(Case.case_manager_id))
        .outerjoin(second, col(second.id) == col(Case.second_case_manager_id))
        .outerjoin(senior, col(senior.id) == col(Case.senior_owner_id))
        .where(col(Case.id) == bindparam("case_id"))
    )


def case_summary(*, session: Session, case_id: int, today: date | None = None) -> CaseSummary:
    """Everything the case header shows, in a handful of queries whatever the case's size."""
    today = today or clock.today()
    row = session.execute(_header_statement(), {"case_id": case_id}).first()
    if row is None:
        raise NotFoundError(f"There is no case {case_id}.")
    case, practitioner, manager_name, second_name, senior_name, follow_up = row
    assert case.id is not None
    current = risk.current_risk(session=session, case_id=case_id, today=today)
    body = practitioner.registration_body
    until = case.closed_on or today
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        version=case.version,
        practitioner_id=case.practitioner_id,
        practitioner=practitioner.display_name,
        registration=f"{body.value} {practitioner.registration_number}"
        if body is not None and practitioner.registration_number
        else "",
        grade=practitioner.grade.label,
        programme=practitioner.programme or "",
        trust=practitioner.employer or "",
        summary=case.summary or "",
        level=case.level,
        status=case.status,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        closure_reason=case.closure_reason or "",
        days_open=(until - case.opened_on).days,
        case_manager_id=case.case_manager_id,
        case_manager=manager_name or "",
        second_case_manager_id=case.second_case_manager_id,
        second_case_manager=second_name or "",
        senior_owner=senior_name or "",
        escalated_on=case.escalated_on,
        follow_up_interval_days=case.follow_up_interval_days,
        next_follow_up_on=follow_up,
        follow_up_overdue=bool(
            follow_up is not None and follow_up < today and case.status is not CaseStatus.CLOSED
        ),
        overdue_actions=actions.overdue_counts(
            session=session, case_ids=[case.id], today=today
        ).get(case.id, 0),
        risk=current.text if current else "Not assessed",
        risk_overdue=bool(current and current.review_overdue),
        fairness=checklist.summary(session=session, case_id=case.id).text,
        flags=_flags(session, case),
    )


def _flags(session: Session, case: Case) -> CaseFlags:
    kinds = set(
        session.execute(
            sa_select(col(ExternalReferral.kind))
            .where(
                col(ExternalReferral.case_id) == case.id,
                col(ExternalReferral.status).in_(ACTIVE_REFERRAL),
            )
            .distinct()
        ).scalars()
    )
    return CaseFlags(
        escalated=case.escalated_to_dean,
        with_oh=ExternalReferralKind.OCCUPATIONAL_HEALTH in kinds,
        at_csg=ExternalReferralKind.CSG in kinds,
        in_mediation=ExternalReferralKind.MEDIATION in kinds,
        regulator=ExternalReferralKind.REGULATOR in kinds,
    )
