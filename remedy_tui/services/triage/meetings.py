"""The weekly triage meeting: who was there, what was decided and agreed, and its minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.documents.triage_minutes import (
    MinutesAction,
    MinutesCarried,
    MinutesData,
    MinutesItem,
    minutes_markdown,
)
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import clean_text, parse_date, required_text
from remedy_tui.services.triage.queue import WAITING
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    Decision,
    DecisionOutcome,
    Practitioner,
    Referral,
    ReferralStatus,
    TriageMeeting,
    TriageMeetingStatus,
    User,
)


@dataclass(frozen=True)
class MeetingView:
    """A triage meeting as shown."""

    id: int
    held_on: date
    chair: str
    attendees: tuple[str, ...]
    status: TriageMeetingStatus
    started_at: datetime
    ended_at: datetime | None


def _view(session: Session, meeting: TriageMeeting) -> MeetingView:
    chair = session.get(User, meeting.chair_id)
    assert meeting.id is not None
    return MeetingView(
        meeting.id,
        meeting.held_on,
        chair.full_name if chair else "",
        tuple(meeting.attendees or []),
        meeting.status,
        meeting.started_at,
        meeting.ended_at,
    )


def meeting_view(*, session: Session, meeting_id: int) -> MeetingView:
    """One meeting."""
    meeting = session.get(TriageMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting no longer exists.")
    return _view(session, meeting)


def meeting_in_progress(*, session: Session) -> MeetingView | None:
    """The meeting started and not yet ended, if there is one."""
    meeting = session.exec(
        select(TriageMeeting)
        .where(col(TriageMeeting.status) == TriageMeetingStatus.IN_PROGRESS.value)
        .order_by(col(TriageMeeting.id).desc())
    ).first()
    return _view(session, meeting) if meeting else None


def start_meeting(
    *, session: Session, actor_id: int, held_on: str, chair_id: int | None, attendees: list[str]
) -> MeetingView:
    """Open a meeting: its date, chair and attendees (the chair is always among them)."""
    running = meeting_in_progress(session=session)
    if running is not None:
        raise ValidationError(
            "held_on",
            f"The meeting of {running.held_on.isoformat()} is still in progress: resume it, "
            "or end it, before starting another.",
        )
    day = parse_date(held_on, field="held_on", label="Meeting date", required=True)
    assert day is not None
    if day > clock.today():
        raise ValidationError("held_on", f"Meeting date: {day.isoformat()} is in the future.")
    chair = session.get(User, chair_id) if chair_id is not None else None
    if chair is None or not chair.active:
        raise ValidationError("chair_id", "Choose who chairs the meeting.")
    names: list[str] = [chair.full_name]
    for n, name in enumerate(attendees, start=1):
        cleaned = clean_text(name, field="attendees", label=f"Attendee {n}", max_length=200)
        if cleaned and cleaned not in names:
            names.append(cleaned)
    meeting = TriageMeeting(
        held_on=day,
        chair_id=chair.id or 0,
        attendees=names,
        status=TriageMeetingStatus.IN_PROGRESS,
        started_at=clock.now(),
    )
    session.add(meeting)
    session.commit()
    return _view(session, meeting)


def meeting_agenda(*, session: Session, meeting_id: int) -> list[int]:
    """The referrals the meeting steps through: those waiting, and those it has decided."""
    decided_here = sa_select(col(Decision.referral_id)).where(
        col(Decision.triage_meeting_id) == meeting_id, col(Decision.referral_id).is_not(None)
    )
    rows = session.execute(
        sa_select(col(Referral.id))
        .where(or_(col(Referral.status).in_(WAITING), col(Referral.id).in_(decided_here)))
        .order_by(col(Referral.received_on), col(Referral.id))
    ).all()
    return [row[0] for row in rows]


def decisions_in_meeting(*, session: Session, meeting_id: int) -> dict[int, str]:
    """The outcome recorded for each referral decided in this meeting (latest wins)."""
    rows = session.execute(
        sa_select(col(Decision.referral_id), col(Decision.outcome))
        .where(col(Decision.triage_meeting_id) == meeting_id)
        .order_by(col(Decision.id))
    ).all()
    # A triage decision's words are its outcome's label (coded apart, in ``code``).
    return {referral_id: outcome for referral_id, outcome in rows}


def add_action(
    *,
    session: Session,
    actor_id: int,
    meeting_id: int,
    description: str,
    owner_id: int | None,
    owner_name: str,
    due_on: str,
    referral_id: int | None = None,
) -> None:
    """An action agreed at the meeting, with an owner and a date."""
    meeting = session.get(TriageMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting no longer exists.")
    if meeting.status is not TriageMeetingStatus.IN_PROGRESS:
        raise ValidationError("description", "The meeting has ended; its minutes are final.")
    what = required_text(
        description, field="description", label="The action", max_length=2000, multiline=True
    )
    owner = session.get(User, owner_id) if owner_id is not None else None
    name = clean_text(owner_name, field="owner_name", label="Owner", max_length=200)
    if owner is None and name is None:
        raise ValidationError("owner_name", "Say who owns the action.")
    due = parse_date(due_on, field="due_on", label="Due date", required=True)
    assert due is not None
    if due < meeting.held_on:
        raise ValidationError("due_on", f"Due date {due.isoformat()} is before the meeting.")
    case_id = None
    if referral_id is not None:
        referral = session.get(Referral, referral_id)
        case_id = referral.case_id if referral else None
    session.add(
        Action(
            kind=ActionKind.ACTION,
            triage_meeting_id=meeting_id,
            referral_id=referral_id,
            case_id=case_id,
            description=what,
            owner_id=owner.id if owner else None,
            owner_name=None if owner else name,
            due_on=due,
            status=ActionStatus.OPEN,
            created_by_id=actor_id,
            created_at=clock.now(),
        )
    )
    session.commit()


def minutes_data(*, session: Session, meeting_id: int) -> MinutesData:
    """What the minutes of a meeting say, from the record."""
    meeting = session.get(TriageMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting no longer exists.")
    view = _view(session, meeting)
    decider = aliased(User)
    rows = session.execute(
        sa_select(
            Decision,
            col(Referral.reference),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
            col(decider.full_name),
            col(Case.reference),
        )
        .join(Referral, col(Referral.id) == col(Decision.referral_id))
        .join(Practitioner, col(Practitioner.id) == col(Referral.practitioner_id))
        .join(decider, col(decider.id) == col(Decision.decided_by_id))
        .outerjoin(Case, col(Case.id) == col(Decision.case_id))
        .where(col(Decision.triage_meeting_id) == meeting_id)
        .order_by(col(Decision.decided_at), col(Decision.id))
    ).all()
    owners = _case_owners(session, {d.case_id for d, *_ in rows if d.case_id is not None})
    items = tuple(
        MinutesItem(
            reference,
            " ".join(p for p in (title, given, family) if p),
            d.outcome,
            d.level,
            d.rationale,
            decided_by,
            case_ref,
            given_to=owners.get(d.case_id, "") if d.case_id is not None else "",
        )
        for d, reference, title, given, family, decided_by, case_ref in rows
    )
    owner = aliased(User)
    action_rows = session.execute(
        sa_select(Action, col(owner.full_name), col(Referral.reference))
        .outerjoin(owner, col(owner.id) == col(Action.owner_id))
        .outerjoin(Referral, col(Referral.id) == col(Action.referral_id))
        .where(
            col(Action.triage_meeting_id) == meeting_id, col(Action.kind) == ActionKind.ACTION.value
        )
        .order_by(col(Action.id))
    ).all()
    actions = tuple(
        MinutesAction(a.description, owner_name or a.owner_name or "", a.due_on, reference)
        for a, owner_name, reference in action_rows
    )
    return MinutesData(
        view.held_on,
        view.chair,
        view.attendees,
        view.started_at,
        view.ended_at,
        items,
        actions,
        carried=_carried_forward(session, meeting_id, rows),
    )


def _case_owners(session: Session, case_ids: set[int]) -> dict[int, str]:
    """Who each case was given to, in words: its case managers and senior owner."""
    if not case_ids:
        return {}
    cases = session.exec(select(Case).where(col(Case.id).in_(case_ids))).all()
    people = (
        {c.case_manager_id for c in cases if c.case_manager_id is not None}
        | {c.second_case_manager_id for c in cases if c.second_case_manager_id is not None}
        | {c.senior_owner_id for c in cases if c.senior_owner_id is not None}
    )
    names = (
        {u.id: u.full_name for u in session.exec(select(User).where(col(User.id).in_(people)))}
        if people
        else {}
    )
    given: dict[int, str] = {}
    for case in cases:
        parts = [
            f"{role} {names[person]}"
            for role, person in (
                ("case manager", case.case_manager_id),
                ("second case manager", case.second_case_manager_id),
                ("senior owner", case.senior_owner_id),
            )
            if person is not None and person in names
        ]
        assert case.id is not None
        given[case.id] = "; ".join(parts) or "no case manager or senior owner named"
    return given


def _carried_forward(
    session: Session, meeting_id: int, decided: Sequence[Any]
) -> tuple[MinutesCarried, ...]:
    """The referrals that come back next week: those deferred here, and those still waiting
    that the meeting did not decide."""
    deferred = {
        d.referral_id: d.rationale
        for d, *_ in decided
        if d.code is DecisionOutcome.DEFER and d.referral_id is not None
    }
    decided_here = {d.referral_id for d, *_ in decided}
    rows = session.execute(
        sa_select(
            col(Referral.id),
            col(Referral.reference),
            col(Referral.status),
            col(Practitioner.title),
            col(Practitioner.given_names),
            col(Practitioner.family_name),
        )
        .join(Practitioner, col(Practitioner.id) == col(Referral.practitioner_id))
        .where(or_(col(Referral.status).in_(WAITING), col(Referral.id).in_(list(deferred) or [-1])))
        .order_by(col(Referral.received_on), col(Referral.id))
    ).all()
    carried: list[MinutesCarried] = []
    for referral_id, reference, status, title, given, family in rows:
        name = " ".join(p for p in (title, given, family) if p)
        if referral_id in deferred:
            why = f"deferred: {deferred[referral_id]}"
        elif referral_id in decided_here:
            continue  # decided here, and waiting only for the information asked for
        elif ReferralStatus(status) is ReferralStatus.AWAITING_INFORMATION:
            why = "not discussed; waiting for information"
        else:
            why = "not discussed"
        carried.append(MinutesCarried(reference, name, why))
    return tuple(carried)


def end_meeting(*, session: Session, actor_id: int, meeting_id: int) -> MinutesData:
    """Close the meeting and keep its minutes in the store."""
    meeting = session.get(TriageMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting no longer exists.")
    if meeting.status is TriageMeetingStatus.ENDED:
        raise ValidationError("status", "That meeting has already ended.")
    meeting.status = TriageMeetingStatus.ENDED
    meeting.ended_at = clock.now()
    session.add(meeting)
    session.flush()
    data = minutes_data(session=session, meeting_id=meeting_id)
    meeting.minutes_markdown = minutes_markdown(data)
    session.add(meeting)
    session.commit()
    return data


def recent_meetings(*, session: Session, limit: int = 20) -> list[MeetingView]:
    """The latest meetings, newest first."""
    meetings = session.exec(
        select(TriageMeeting)
        .order_by(col(TriageMeeting.held_on).desc(), col(TriageMeeting.id).desc())
        .limit(limit)
    ).all()
    return [_view(session, m) for m in meetings]
