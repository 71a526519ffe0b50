"""Decisions on a case: level, quiet or active, case managers, escalation, closure, reopening,
and the follow-up interval.

Every change here is a decision with its rationale (``decisions.record_decision``) and is
refused if the case changed since the user looked at it (``conflicts.check_version``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.case import actions, timeline
from remedy_tui.services.case.case_dates import case_day
from remedy_tui.services.case.closing import OpenActions, settle_open_items
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.decisions import check_rationale, record_decision
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import required_text, whole_number
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    DecisionKind,
    DecisionOutcome,
    TimelineKind,
    User,
)

REASON_LIMIT = 500
MAX_INTERVAL_DAYS = 365


# Decisions ----------------------------------------------------------------------------------


def _case_for_change(session: Session, case_id: int, expected_version: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}; nothing was saved.")
    check_version(
        session=session,
        record=case,
        expected_version=expected_version,
        what=f"Case {case.reference}",
    )
    return case


def _not_closed(case: Case, doing: str) -> None:
    if case.status is CaseStatus.CLOSED:
        raise ValidationError(
            "status", f"Case {case.reference} is closed; reopen it before {doing}."
        )


def _decide(
    session: Session,
    case: Case,
    actor_id: int,
    kind: DecisionKind,
    code: DecisionOutcome,
    outcome: str,
    rationale: str,
    evidence: str | None,
    changes: dict[str, object],
    *,
    from_value: str | None = None,
    to_value: str | None = None,
    level: int | None = None,
    factors: list[dict[str, str]] | None = None,
    timeline_title: str | None = None,
) -> int:
    """Record the decision, then change the case, and commit both together.

    The case is changed after the decision's own flush, so it is written once (one version
    step, one audit entry); the decision's timeline entry marks it active apart from the row.
    """
    decision = record_decision(
        session=session,
        actor_id=actor_id,
        kind=kind,
        code=code,
        outcome=outcome,
        rationale=rationale,
        evidence=evidence,
        case_id=case.id,
        from_value=from_value,
        to_value=to_value,
        level=level,
        factors=factors,
        timeline_title=timeline_title,
    )
    for name, value in changes.items():
        setattr(case, name, value)
    session.add(case)
    session.commit()
    assert decision.id is not None
    return decision.id


def change_level(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    level: int | str,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Move the case to another level (1 to 3), with the reasons; returns the decision's id."""
    reasons = check_rationale(rationale)
    new = whole_number(level, field="level", label="The level", minimum=1, maximum=3)
    case = _case_for_change(session, case_id, expected_version)
    _not_closed(case, "changing its level")
    old = case.level
    if new == old:
        raise ValidationError("level", f"The case is already at level {old}.")
    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.LEVEL_CHANGE,
        DecisionOutcome.LEVEL_RAISED if new > old else DecisionOutcome.LEVEL_LOWERED,
        f"Level {old} to {new}",
        reasons,
        evidence,
        {"level": new},
        from_value=str(old),
        to_value=str(new),
        level=new,
    )


def change_status(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    status: CaseStatus,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Let support go quiet, or wake it (seed 004); closing and reopening have their own."""
    reasons = check_rationale(rationale)
    if status is CaseStatus.CLOSED:
        raise ValidationError("status", "Close a case with its reason (close), not as a status.")
    case = _case_for_change(session, case_id, expected_version)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError("status", f"Case {case.reference} is closed; reopen it instead.")
    if case.status is status:
        raise ValidationError("status", f"The case is already {status.label.lower()}.")
    outcome = "Support gone quiet" if status is CaseStatus.QUIET else "Support active again"
    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.STATUS_CHANGE,
        DecisionOutcome.GONE_QUIET if status is CaseStatus.QUIET else DecisionOutcome.ACTIVE_AGAIN,
        outcome,
        reasons,
        evidence,
        {"status": status},
        from_value=case.status.value,
        to_value=status.value,
    )


def _active_user(session: Session, user_id: int | None, field: str, label: str) -> User | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise ValidationError(field, f"{label} must be an active member of the team.")
    return user


def reassign(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    case_manager_id: int | None,
    second_case_manager_id: int | None,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Give the case to another case manager (and optionally a second), with the reasons."""
    reasons = check_rationale(rationale)
    first = _active_user(session, case_manager_id, "case_manager_id", "The case manager")
    if first is None:
        raise ValidationError("case_manager_id", "Choose the case manager.")
    second = _active_user(
        session, second_case_manager_id, "second_case_manager_id", "The second case manager"
    )
    if second is not None and second.id == first.id:
        raise ValidationError(
            "second_case_manager_id", "The second case manager must be someone else."
        )
    case = _case_for_change(session, case_id, expected_version)
    _not_closed(case, "reassigning it")
    before = (case.case_manager_id, case.second_case_manager_id)
    after = (first.id, second.id if second else None)
    if before == after:
        raise ValidationError("case_manager_id", "That is who manages the case already.")
    names = {
        user_id: name
        for user_id, name in session.execute(sa_select(col(User.id), col(User.full_name)))
    }

    def describe(ids: tuple[int | None, int | None]) -> str:
        shown = [names.get(i, "?") for i in ids if i is not None]
        return " and ".join(shown) or "nobody"

    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.REASSIGNMENT,
        DecisionOutcome.REASSIGNED,
        f"Reassigned to {describe(after)}",
        reasons,
        evidence,
        {"case_manager_id": after[0], "second_case_manager_id": after[1]},
        from_value=describe(before)[:200],
        to_value=describe(after)[:200],
    )


def escalate(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Refer a very serious case up to the Dean (seed 004), with the reasons."""
    reasons = check_rationale(rationale)
    case = _case_for_change(session, case_id, expected_version)
    _not_closed(case, "escalating it")
    if case.escalated_to_dean:
        raise ValidationError("status", "The case has already been escalated to the Dean.")
    if case.level != 3:
        # Seed 004: serious concerns are level 3; very serious ones go up to the Dean.
        raise ValidationError(
            "level",
            f"Escalation to the Dean is for level 3 (serious) concerns; case {case.reference} "
            f"is at level {case.level}: raise its level first, with the reasons. "
            "Nothing was saved.",
        )
    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.ESCALATION,
        DecisionOutcome.ESCALATED_TO_DEAN,
        "Escalated to the Dean",
        reasons,
        evidence,
        {"escalated_to_dean": True, "escalated_on": clock.today()},
    )


def close_case(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    reason: str | None,
    rationale: str | None,
    evidence: str | None = None,
    open_actions: OpenActions | str | None = None,
    confirmed: bool = False,
) -> int:
    """Close the case with its reason; scheduled follow-ups are cancelled with it.

    Whatever is still open (actions, onward referrals, an escalation, the fairness framework
    unanswered or answered No or Unknown) must be confirmed, the open actions closed with the
    case or carried, and the closure's record says what was still open
    (``services.case.closing``)."""
    why = required_text(
        reason, field="reason", label="The reason for closing", max_length=REASON_LIMIT
    )
    reasons = check_rationale(rationale)
    case = _case_for_change(session, case_id, expected_version)
    if case.status is CaseStatus.CLOSED:
        raise ValidationError("status", f"Case {case.reference} is already closed.")
    assert case.id is not None
    carried = settle_open_items(
        session=session, case_id=case.id, open_actions=open_actions, confirmed=confirmed
    )
    if carried:
        reasons = f"{reasons}\n\n{carried}"
    actions.cancel_follow_ups(session=session, case_id=case.id, reason="The case was closed.")
    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.CLOSURE,
        DecisionOutcome.CLOSED,
        f"Closed: {why}"[:200],
        reasons,
        evidence,
        {
            "status": CaseStatus.CLOSED,
            "closed_on": clock.today(),
            "closure_reason": why,
            "next_review_on": None,
        },
        from_value=case.status.value,
        to_value=CaseStatus.CLOSED.value,
    )


def reopen_case(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    rationale: str | None,
    evidence: str | None = None,
) -> int:
    """Reopen a closed case; follow-ups start again at its interval, if it has one."""
    reasons = check_rationale(rationale)
    case = _case_for_change(session, case_id, expected_version)
    if case.status is not CaseStatus.CLOSED:
        raise ValidationError("status", f"Case {case.reference} is not closed.")
    changes: dict[str, object] = {
        "status": CaseStatus.OPEN,
        "closed_on": None,
        "closure_reason": None,
    }
    if case.follow_up_interval_days:
        due = clock.today() + timedelta(days=case.follow_up_interval_days)
        changes["next_review_on"] = due
        actions.schedule_follow_up(session=session, case_row=case, due=due, actor_id=actor_id)
    closed = case.closed_on
    return _decide(
        session,
        case,
        actor_id,
        DecisionKind.REOPENING,
        DecisionOutcome.REOPENED,
        "Reopened",
        reasons,
        evidence,
        changes,
        from_value=f"closed {closed.isoformat()}" if closed else "closed",
        to_value=CaseStatus.OPEN.value,
    )


def set_follow_up_interval(
    *,
    session: Session,
    actor_id: int,
    case_id: int,
    expected_version: int,
    interval_days: int | str,
    from_day: date | str | None = None,
) -> date:
    """Set how often the practitioner is followed up; the next review follows from it."""
    days = whole_number(
        interval_days,
        field="interval_days",
        label="The follow-up interval (days)",
        minimum=1,
        maximum=MAX_INTERVAL_DAYS,
    )
    case = _case_for_change(session, case_id, expected_version)
    _not_closed(case, "setting its follow-up")
    start = case_day(case, from_day, field="from_day", label="The date", default_today=True)
    due = start + timedelta(days=days)
    assert case.id is not None
    actions.schedule_follow_up(session=session, case_row=case, due=due, actor_id=actor_id)
    timeline.add_entry(
        session=session,
        case_id=case.id,
        kind=TimelineKind.ACTION,
        title=f"Follow-up every {days} days; next review {due.isoformat()}",
        author_id=actor_id,
    )
    case.follow_up_interval_days = days
    case.next_review_on = due
    session.add(case)
    session.commit()
    return due


# Shared with the other decisions on a case (services.case.principle5).
case_for_change = _case_for_change
refuse_if_closed = _not_closed
decide = _decide
