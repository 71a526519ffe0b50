"""Triage: a referral's summary for the meeting, and the decision with its reasons.

Seed 004: each referral gets a level (1 low impact, 2, 3 serious) and an outcome: keep on file
with no further action, refer back to the trust, request information, open a case with a case
manager, level 3 to a senior owner (the Deputy Postgraduate Dean), or escalate to the Dean.
Whether a referral joins the practitioner's open case is decided with the referral, not
when it comes in: two referrals for one doctor taken in one meeting can end in one case, and a
second open case for one practitioner needs an explicit choice and its reason.

The rules are the service's, not only the dialog's (seed 004): a referral is valid only with
Form 1 (or Form E) and Form 2 in, and until then it may only be kept on file, asked about or
deferred; referring back to the trust is for level 1 (low impact) concerns; a senior owner or
an escalation to the Dean is for level 3; and outside the weekly meeting a level 3 concern is
decided by the Deputy Postgraduate Dean (or the Dean).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.common.activity import mark_referral_active
from remedy_tui.services.common.decisions import check_rationale, record_decision
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.reference_data import concern_areas
from remedy_tui.services.common.validation import clean_text
from remedy_tui.services.triage.information_requests import (
    InformationRequestView,
    add_request,
    requests_for,
)
from remedy_tui.services.triage.intake import Completeness, completeness_of, referral_to_change
from remedy_tui.services.triage.levels import SuggestedLevel, suggest_level
from remedy_tui.services.triage.practitioner_lookup import (
    PractitionerMatch,
    open_case_of,
    practitioner_match,
)
from remedy_tui.store.models import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Form2Concern,
    Referral,
    ReferralStatus,
    Role,
    Severity,
    TimelineKind,
    TriageMeeting,
    TriageMeetingStatus,
    TriageOutcome,
    Trigger,
    User,
)
from remedy_tui.views.framework import CURRENT_EDITION

FOLLOW_UP_DAYS = {1: 56, 2: 28, 3: 14}
NEEDS_VALID_REFERRAL = {
    TriageOutcome.REFER_BACK_TO_TRUST,
    TriageOutcome.OPEN_CASE,
    TriageOutcome.SENIOR_OWNER,
    TriageOutcome.ESCALATE_TO_DEAN,
    TriageOutcome.LINK_TO_CASE,
}
# What an incomplete referral may still be given (seed 004: "level 1 concern kept on file, no
# further action, lack of information request, missing details").
INCOMPLETE_OUTCOMES = (
    TriageOutcome.NO_FURTHER_ACTION,
    TriageOutcome.REQUEST_INFORMATION,
    TriageOutcome.DEFER,
)
OPENS_A_CASE = (
    TriageOutcome.OPEN_CASE,
    TriageOutcome.SENIOR_OWNER,
    TriageOutcome.ESCALATE_TO_DEAN,
)
# Who may decide a level 3 concern outside the weekly meeting.
SENIOR_ROLES = (Role.DEPUTY_POSTGRADUATE_DEAN, Role.POSTGRADUATE_DEAN)
SECOND_CASE_REASON_LIMIT = 2000


@dataclass(frozen=True)
class ConcernView:
    """One Form 2 area as the meeting sees it."""

    area: str
    severity: Severity | None
    description: str


@dataclass(frozen=True)
class DecisionView:
    """A decision on the record."""

    id: int
    outcome: str
    level: int | None
    rationale: str
    decided_by: str
    decided_at: datetime
    meeting_id: int | None


@dataclass(frozen=True)
class ReferralDetail:
    """Everything the meeting needs to decide on one referral."""

    id: int
    reference: str
    version: int
    status: ReferralStatus
    practitioner: PractitionerMatch
    source: str
    referrer: str
    received_on: date
    days_waiting: int
    triggers: tuple[str, ...]
    trust: str
    programme: str
    form1_received_on: date | None
    form1_completed_by: str
    form1_incident_on: date | None
    form1_what_happened: str
    form2_received_on: date | None
    form2_completed_by: str
    concerns: tuple[ConcernView, ...]
    form_e_received_on: date | None
    form_e_exam: str
    form_e_attempt: int | None
    form_e_details: str
    completeness: Completeness
    suggestion: SuggestedLevel
    linked_case_id: int | None
    linked_case_reference: str | None
    requests: tuple[InformationRequestView, ...]
    decisions: tuple[DecisionView, ...]


def referral_detail(*, session: Session, referral_id: int, today: date) -> ReferralDetail:
    """The whole referral: forms, completeness, suggested level with reasons, requests, history."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFoundError(f"There is no referral {referral_id}.")
    practitioner = practitioner_match(session=session, practitioner_id=referral.practitioner_id)
    assert practitioner is not None
    stored = {
        c.area: c
        for c in session.exec(select(Form2Concern).where(Form2Concern.referral_id == referral_id))
    }
    concerns = tuple(
        ConcernView(
            area.label,
            stored[area.code].severity if area.code in stored else None,
            (stored[area.code].description or "") if area.code in stored else "",
        )
        for area in concern_areas().areas
    )
    triggers = list(referral.triggers or [])
    if referral.form2_received_on is not None:
        suggestion = suggest_level({c.area: c.severity for c in stored.values()}, triggers)
    else:
        suggestion = SuggestedLevel(None, ("Form 2 is not in, so no level can be suggested yet.",))
    linked_id: int | None = referral.case_id
    linked_reference = None
    if referral.status is not ReferralStatus.DECIDED:
        # Not decided yet: the practitioner's open case now, which the decision may join.
        open_now = open_case_of(session, referral.practitioner_id)
        linked_id = open_now[0] if open_now else None
    if linked_id is not None:
        case = session.get(Case, linked_id)
        linked_reference = case.reference if case else None
    decisions = session.execute(
        sa_select(Decision, col(User.full_name))
        .join(User, col(User.id) == col(Decision.decided_by_id))
        .where(col(Decision.referral_id) == referral_id)
        .order_by(col(Decision.decided_at))
    ).all()
    assert referral.id is not None
    return ReferralDetail(
        id=referral.id,
        reference=referral.reference,
        version=referral.version,
        status=referral.status,
        practitioner=practitioner,
        source=referral.source.label,
        referrer=", ".join(p for p in (referral.referrer_name, referral.referrer_contact) if p),
        received_on=referral.received_on,
        days_waiting=(_waited_until(referral, today) - referral.received_on).days,
        triggers=tuple(Trigger(t).label for t in triggers),
        trust=referral.trust or "",
        programme=referral.programme or "",
        form1_received_on=referral.form1_received_on,
        form1_completed_by=referral.form1_completed_by or "",
        form1_incident_on=referral.form1_incident_on,
        form1_what_happened=referral.form1_what_happened or "",
        form2_received_on=referral.form2_received_on,
        form2_completed_by=referral.form2_completed_by or "",
        concerns=concerns,
        form_e_received_on=referral.form_e_received_on,
        form_e_exam=referral.form_e_exam or "",
        form_e_attempt=referral.form_e_attempt,
        form_e_details=referral.form_e_details or "",
        completeness=completeness_of(referral),
        suggestion=suggestion,
        linked_case_id=linked_id,
        linked_case_reference=linked_reference,
        requests=tuple(requests_for(session=session, referral_id=referral_id, today=today)),
        decisions=tuple(
            DecisionView(
                d.id or 0,
                _outcome_label(d.outcome),
                d.level,
                d.rationale,
                name,
                d.decided_at,
                d.triage_meeting_id,
            )
            for d, name in decisions
        ),
    )


def _waited_until(referral: Referral, today: date) -> date:
    """A referral waits until it is decided (the day, in local time), else until today."""
    if referral.status is ReferralStatus.DECIDED and referral.decided_at is not None:
        return referral.decided_at.astimezone().date()
    return today


def _outcome_label(outcome: str) -> str:
    try:
        return TriageOutcome(outcome).label
    except ValueError:
        return outcome


@dataclass(frozen=True)
class TriageChoice:
    """What the meeting decided: a level, an outcome, its reasons and who takes it on."""

    outcome: TriageOutcome
    rationale: str
    level: int | None = None
    case_manager_id: int | None = None
    second_case_manager_id: int | None = None
    senior_owner_id: int | None = None
    request_what: str = ""
    request_of_whom: str = ""
    request_due_on: str = ""
    # Why the practitioner needs a second open case beside the one they have (else refused).
    second_case_reason: str = ""


@dataclass(frozen=True)
class TriageResult:
    """What a decision did."""

    referral_reference: str
    outcome: TriageOutcome
    case_id: int | None
    case_reference: str | None


def _user(session: Session, user_id: int | None, field: str, label: str) -> User:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        raise ValidationError(field, f"Choose the {label}.")
    return user


def _check_level(choice: TriageChoice) -> int | None:
    level = choice.level
    if level is not None and level not in (1, 2, 3):
        raise ValidationError("level", "The level is 1, 2 or 3.")
    needs_level = choice.outcome not in (TriageOutcome.DEFER, TriageOutcome.REQUEST_INFORMATION)
    if needs_level and level is None:
        raise ValidationError("level", "Give the referral a level: 1, 2 or 3.")
    if choice.outcome in (TriageOutcome.SENIOR_OWNER, TriageOutcome.ESCALATE_TO_DEAN) and (
        level != 3
    ):
        raise ValidationError(
            "level", "A senior owner or escalation to the Dean is for level 3 (serious) concerns."
        )
    if choice.outcome is TriageOutcome.REFER_BACK_TO_TRUST and level != 1:
        raise ValidationError(
            "level",
            "Referring back to the trust is for level 1 (low impact) concerns; levels 2 and 3 "
            "go to a case manager.",
        )
    return level


def _check_who_decides(
    session: Session, actor_id: int, choice: TriageChoice, meeting_id: int | None
) -> None:
    """A decision in a meeting needs the meeting in progress; outside one, a level 3 concern
    is the Deputy Postgraduate Dean's (or the Dean's) to decide."""
    if meeting_id is not None:
        meeting = session.get(TriageMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError(f"There is no triage meeting {meeting_id}; nothing was saved.")
        if meeting.status is not TriageMeetingStatus.IN_PROGRESS:
            raise ValidationError(
                "outcome", "That meeting has ended: decide in this week's meeting instead."
            )
        return
    # Deferring or asking for information decides nothing, whatever the level.
    undecided = choice.outcome in (TriageOutcome.DEFER, TriageOutcome.REQUEST_INFORMATION)
    serious = not undecided and (
        choice.level == 3
        or choice.outcome in (TriageOutcome.SENIOR_OWNER, TriageOutcome.ESCALATE_TO_DEAN)
    )
    actor = session.get(User, actor_id)
    if serious and (actor is None or actor.role not in SENIOR_ROLES):
        raise ValidationError(
            "outcome",
            "A level 3 concern is decided at the weekly triage meeting, or by the Deputy "
            "Postgraduate Dean (or the Dean) outside it. Nothing was saved.",
        )


def decide(
    *,
    session: Session,
    actor_id: int,
    referral_id: int,
    expected_version: int,
    choice: TriageChoice,
    meeting_id: int | None = None,
) -> TriageResult:
    """Record the triage decision and do what it says, all in one transaction."""
    check_rationale(choice.rationale)
    referral = referral_to_change(
        session=session, referral_id=referral_id, expected_version=expected_version
    )
    _check_who_decides(session, actor_id, choice, meeting_id)
    result = apply_decision(
        session=session, actor_id=actor_id, referral=referral, choice=choice, meeting_id=meeting_id
    )
    session.commit()
    return result


def apply_decision(
    *,
    session: Session,
    actor_id: int,
    referral: Referral,
    choice: TriageChoice,
    meeting_id: int | None = None,
    decided_at: datetime | None = None,
) -> TriageResult:
    """:func:`decide` on a referral already read, without its commit (the caller commits);
    ``decided_at`` for a decision taken before it is recorded (an import of past work: the
    case then opens on that day)."""
    rationale = check_rationale(choice.rationale)
    if referral.status is ReferralStatus.DECIDED:
        raise ValidationError("outcome", f"{referral.reference} has already been decided.")
    level = _check_level(choice)
    outcome = choice.outcome
    complete = completeness_of(referral)
    if outcome in NEEDS_VALID_REFERRAL and not complete.valid:
        allowed = ", ".join(o.label.lower() for o in INCOMPLETE_OUTCOMES)
        raise ValidationError(
            "outcome",
            f"{referral.reference} is not a valid referral yet ({' and '.join(complete.missing)} "
            f"missing): it can only be given {allowed}. Nothing was saved.",
        )
    # The practitioner's open case as it is now: one opened earlier in this meeting counts.
    open_now = open_case_of(session, referral.practitioner_id)
    linked_case = session.get(Case, open_now[0]) if open_now else None
    second_reason = ""
    if outcome in OPENS_A_CASE and linked_case is not None:
        second_reason = (
            clean_text(
                choice.second_case_reason,
                field="second_case_reason",
                label="The reason for a second open case",
                max_length=SECOND_CASE_REASON_LIMIT,
                multiline=True,
            )
            or ""
        )
        if not second_reason:
            raise ValidationError(
                "second_case_reason",
                f"The practitioner already has an open case, {linked_case.reference}: join "
                "this referral to it (Link to open case), or say why a second open case is "
                "needed. Nothing was saved.",
            )
        rationale = (
            f"{rationale}\n\nA second open case beside {linked_case.reference}: {second_reason}"
        )
    if outcome is TriageOutcome.LINK_TO_CASE and linked_case is None:
        raise ValidationError("outcome", "There is no open case to link this referral to.")

    today = decided_at.date() if decided_at is not None else clock.today()
    case: Case | None = None
    status = ReferralStatus.DECIDED
    if outcome is TriageOutcome.OPEN_CASE:
        _user(session, choice.case_manager_id, "case_manager_id", "case manager")
        case = _open_case(
            session, referral, level, choice, actor_id=actor_id, senior_owner_id=None, today=today
        )
    elif outcome in (TriageOutcome.SENIOR_OWNER, TriageOutcome.ESCALATE_TO_DEAN):
        owner = _user(
            session,
            choice.senior_owner_id,
            "senior_owner_id",
            "senior owner (the Deputy Postgraduate Dean)",
        )
        case = _open_case(
            session,
            referral,
            level,
            choice,
            actor_id=actor_id,
            senior_owner_id=owner.id,
            today=today,
        )
        if outcome is TriageOutcome.ESCALATE_TO_DEAN:
            case.escalated_to_dean = True
            case.escalated_on = today
    elif outcome is TriageOutcome.LINK_TO_CASE:
        case = linked_case
    elif outcome is TriageOutcome.DEFER:
        status = ReferralStatus.DEFERRED
    elif outcome is TriageOutcome.REQUEST_INFORMATION:
        add_request(
            session=session,
            actor_id=actor_id,
            referral=referral,
            what=choice.request_what,
            of_whom=choice.request_of_whom,
            due_on=choice.request_due_on,
        )
        status = ReferralStatus.AWAITING_INFORMATION

    referral.status = status
    if status is ReferralStatus.DECIDED:
        referral.level = level
        referral.outcome = outcome
        referral.decided_at = decided_at or clock.now()
        # Joined to a case only by this decision: kept on file or referred back, it is not.
        referral.case_id = case.id if case is not None else None
    else:
        referral.case_id = linked_case.id if linked_case is not None else None
    session.add(referral)
    if case is not None and outcome in OPENS_A_CASE:
        _point_waiting_referrals(session, referral, case)
    assert referral.id is not None
    mark_referral_active(session, referral.id)
    record_decision(
        session=session,
        actor_id=actor_id,
        kind=DecisionKind.TRIAGE,
        code=DecisionOutcome(outcome.value),
        outcome=outcome.label,
        rationale=rationale,
        referral_id=referral.id,
        case_id=case.id if case is not None else None,
        triage_meeting_id=meeting_id,
        level=level,
        decided_at=decided_at,
        timeline_title=f"Triage of {referral.reference}: {outcome.label}"
        + (f" (level {level})" if level else ""),
    )
    return TriageResult(
        referral.reference, outcome, case.id if case else None, case.reference if case else None
    )


def _point_waiting_referrals(session: Session, decided: Referral, case: Case) -> None:
    """The practitioner's other waiting referrals show the case just opened, so the meeting
    sees that they can join it (their own decision still says whether they do)."""
    waiting = session.exec(
        select(Referral).where(
            col(Referral.practitioner_id) == decided.practitioner_id,
            col(Referral.id) != decided.id,
            col(Referral.status) != ReferralStatus.DECIDED.value,
            col(Referral.case_id).is_(None),
        )
    ).all()
    for other in waiting:
        other.case_id = case.id
        session.add(other)


def _open_case(
    session: Session,
    referral: Referral,
    level: int | None,
    choice: TriageChoice,
    *,
    actor_id: int,
    senior_owner_id: int | None,
    today: date,
) -> Case:
    assert level is not None
    if choice.case_manager_id is None and senior_owner_id is None:
        # Never in nobody's caseload: a case without a case manager is its senior owner's.
        raise ValidationError(
            "case_manager_id", "A case needs its case manager or its senior owner."
        )
    if choice.case_manager_id is not None:
        _user(session, choice.case_manager_id, "case_manager_id", "case manager")
    if choice.second_case_manager_id is not None:
        _user(
            session, choice.second_case_manager_id, "second_case_manager_id", "second case manager"
        )
    interval = FOLLOW_UP_DAYS[level]
    summary = (referral.form1_what_happened or referral.form_e_details or "").strip()
    case = Case(
        reference=f"C-pending-{referral.id}",
        practitioner_id=referral.practitioner_id,
        summary=summary.splitlines()[0][:500] if summary else None,
        level=level,
        status=CaseStatus.OPEN,
        opened_on=today,
        case_manager_id=choice.case_manager_id,
        second_case_manager_id=choice.second_case_manager_id,
        senior_owner_id=senior_owner_id,
        follow_up_interval_days=interval,
        next_review_on=today + timedelta(days=interval),
        checklist_edition=CURRENT_EDITION,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    case.reference = f"C-{case.id:06d}"
    session.add(case)
    timeline.add_entry(
        session=session,
        case_id=case.id,
        kind=TimelineKind.REFERRAL,
        title=f"Referral {referral.reference} received",
        body=referral.form1_what_happened or referral.form_e_details,
        author_id=actor_id,
        occurred_at=datetime.combine(
            referral.received_on, datetime.min.time(), tzinfo=clock.now().tzinfo
        ),
    )
    return case


@dataclass(frozen=True)
class Person:
    """A user who can take a case on."""

    id: int
    name: str
    role: Role


def people(*, session: Session) -> list[Person]:
    """The active users, for choosing case managers and owners."""
    users = session.exec(
        select(User).where(col(User.active).is_(True)).order_by(col(User.full_name))
    ).all()
    return [Person(u.id or 0, u.full_name, u.role) for u in users]


def default_senior_owner(*, session: Session) -> int | None:
    """The Deputy Postgraduate Dean, if the team has one."""
    user = session.exec(
        select(User)
        .where(col(User.role) == Role.DEPUTY_POSTGRADUATE_DEAN.value, col(User.active).is_(True))
        .order_by(col(User.id))
    ).first()
    return user.id if user else None
