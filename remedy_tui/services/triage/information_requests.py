"""Requests for missing information: what was asked, of whom and when, and when to chase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from remedy_tui import clock
from remedy_tui.services.common.activity import mark_referral_active
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import parse_date, required_text
from remedy_tui.services.triage.intake import referral_to_change
from remedy_tui.store.models import Action, ActionKind, ActionStatus, Referral, ReferralStatus, User


@dataclass(frozen=True)
class InformationRequestView:
    """One request as shown on the referral."""

    id: int
    what: str
    of_whom: str
    asked_on: date
    asked_by: str
    due_on: date | None
    answered_on: date | None
    answer: str | None
    overdue: bool


def add_request(
    *, session: Session, actor_id: int, referral: Referral, what: str, of_whom: str, due_on: str
) -> Action:
    """Add a request to a referral and set it waiting for information; the caller commits."""
    today = clock.today()
    asked = required_text(
        what, field="request_what", label="What is being asked", max_length=2000, multiline=True
    )
    whom = required_text(
        of_whom, field="request_of_whom", label="Who is being asked", max_length=200
    )
    due = parse_date(due_on, field="request_due_on", label="Chase by", required=True)
    assert due is not None
    if due < today:
        raise ValidationError("request_due_on", f"Chase by: {due.isoformat()} has passed already.")
    action = Action(
        kind=ActionKind.INFORMATION_REQUEST,
        referral_id=referral.id,
        description=asked,
        owner_name=whom,
        due_on=due,
        status=ActionStatus.OPEN,
        created_by_id=actor_id,
        created_at=clock.now(),
    )
    session.add(action)
    if referral.status is not ReferralStatus.DECIDED:
        referral.status = ReferralStatus.AWAITING_INFORMATION
    session.add(referral)
    assert referral.id is not None
    mark_referral_active(session, referral.id)
    return action


def request_information(
    *,
    session: Session,
    actor_id: int,
    referral_id: int,
    expected_version: int,
    what: str,
    of_whom: str,
    due_on: str,
) -> InformationRequestView:
    """Ask for missing details about a referral, with a date to chase by."""
    referral = referral_to_change(
        session=session, referral_id=referral_id, expected_version=expected_version
    )
    action = add_request(
        session=session,
        actor_id=actor_id,
        referral=referral,
        what=what,
        of_whom=of_whom,
        due_on=due_on,
    )
    session.commit()
    assert action.id is not None
    return requests_for(session=session, referral_id=referral_id, today=clock.today())[0]


def close_request(*, session: Session, actor_id: int, request_id: int, answer: str) -> None:
    """Record the answer to a request (the forms themselves are updated on the referral)."""
    action = session.get(Action, request_id)
    if action is None or action.kind is not ActionKind.INFORMATION_REQUEST:
        raise NotFoundError("That information request no longer exists.")
    if action.status is not ActionStatus.OPEN:
        raise ValidationError("answer", "That request has already been answered.")
    action.outcome_note = required_text(
        answer, field="answer", label="What came back", max_length=5000, multiline=True
    )
    action.status = ActionStatus.DONE
    action.completed_on = clock.today()
    session.add(action)
    if action.referral_id is not None:
        # Activity on the referral, not a change to it: its version stays as it was.
        mark_referral_active(session, action.referral_id)
    session.commit()


def requests_for(
    *, session: Session, referral_id: int, today: date
) -> list[InformationRequestView]:
    """Every request made about a referral, newest first."""
    rows = session.execute(
        sa_select(Action, col(User.full_name))
        .join(User, col(User.id) == col(Action.created_by_id))
        .where(
            col(Action.referral_id) == referral_id,
            col(Action.kind) == ActionKind.INFORMATION_REQUEST.value,
        )
        .order_by(col(Action.id).desc())
    ).all()
    views = []
    for action, asked_by in rows:
        assert action.id is not None
        open_ = action.status is ActionStatus.OPEN
        views.append(
            InformationRequestView(
                id=action.id,
                what=action.description,
                of_whom=action.owner_name or "",
                asked_on=action.created_at.date(),
                asked_by=asked_by,
                due_on=action.due_on,
                answered_on=action.completed_on,
                answer=action.outcome_note,
                overdue=bool(open_ and action.due_on and action.due_on < today),
            )
        )
    return views
