"""Intake: a referral with its forms, checked, stored whole or not at all.

Seed 004: Form 1 captures what happened (TPD or educational supervisor), Form 2 breaks the
concern down into seven areas, Form E is the trainee's own form after an exam failure
("identical to Form 1"), and a referral is valid only when Forms 1 and 2 are both in;
otherwise it waits with a request for the missing details. Purely academic issues are out of
scope. A form counts as "in" once its date received is recorded, and it cannot be recorded
as received without its content.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.activity import mark_referral_active
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.reference_data import concern_areas
from remedy_tui.services.common.validation import clean_text, parse_date
from remedy_tui.services.triage.levels import suggest_level
from remedy_tui.services.triage.practitioner_lookup import open_case_of
from remedy_tui.store.models import (
    Form2Concern,
    Practitioner,
    Referral,
    ReferralSource,
    ReferralStatus,
    Severity,
    TimelineKind,
    Trigger,
)

EARLIEST = date(2000, 1, 1)
TEXT_LIMIT = 20_000
OUT_OF_SCOPE = (
    "Purely academic performance issues are out of scope for this process (they go to the "
    "programme's own academic route); nothing was saved."
)


@dataclass(frozen=True)
class Form2Entry:
    """One concern area as typed: its severity (blank if not rated) and description."""

    area: str
    severity: Severity | None = None
    description: str = ""


@dataclass(frozen=True)
class ReferralDraft:
    """A referral as typed on the intake form; dates are text, checked here."""

    practitioner_id: int
    source: ReferralSource | None
    received_on: str
    triggers: tuple[Trigger, ...] = ()
    academic_only: bool = False
    referrer_name: str = ""
    referrer_contact: str = ""
    trust: str = ""
    programme: str = ""
    form1_received_on: str = ""
    form1_completed_by: str = ""
    form1_incident_on: str = ""
    form1_what_happened: str = ""
    form2_received_on: str = ""
    form2_completed_by: str = ""
    form2: tuple[Form2Entry, ...] = field(default_factory=tuple)
    form_e_received_on: str = ""
    form_e_exam: str = ""
    form_e_attempt: str = ""
    form_e_sat_on: str = ""
    form_e_details: str = ""


@dataclass(frozen=True)
class Completeness:
    """Which forms are in and what is still missing."""

    form1: bool
    form2: bool
    form_e: bool
    exam_failure: bool

    @property
    def valid(self) -> bool:
        """Forms 1 and 2 are in (Form E stands in for Form 1 after an exam failure)."""
        return (self.form1 or (self.exam_failure and self.form_e)) and self.form2

    @property
    def missing(self) -> tuple[str, ...]:
        """What is still needed, in the words the team uses."""
        needed = []
        if not (self.form1 or (self.exam_failure and self.form_e)):
            needed.append("Form E" if self.exam_failure and not self.form1 else "Form 1")
        if not self.form2:
            needed.append("Form 2")
        return tuple(needed)


def completeness_of(referral: Referral) -> Completeness:
    """The completeness of a stored referral."""
    return Completeness(
        form1=referral.form1_received_on is not None,
        form2=referral.form2_received_on is not None,
        form_e=referral.form_e_received_on is not None,
        exam_failure=Trigger.EXAM_FAILURE.value in (referral.triggers or []),
    )


@dataclass(frozen=True)
class CheckedReferral:
    """A draft that passed every check, ready to store."""

    values: dict[str, object]
    concerns: tuple[Form2Entry, ...]
    completeness: Completeness
    suggested_level: int | None


def _date(
    value: str, field: str, label: str, today: date, *, required: bool = False
) -> date | None:
    day = parse_date(value, field=field, label=label, required=required)
    if day is None:
        return None
    if day > today:
        raise ValidationError(field, f"{label}: {day.isoformat()} is in the future.")
    if day < EARLIEST:
        raise ValidationError(field, f"{label}: {day.isoformat()} is too long ago to be right.")
    return day


def check_draft(draft: ReferralDraft, today: date) -> CheckedReferral:
    """Check every field of a draft; the first problem is raised as a ValidationError."""
    if draft.academic_only:
        raise ValidationError("academic_only", OUT_OF_SCOPE)
    if draft.source is None:
        raise ValidationError("source", "Say who sent the referral (the source).")
    received = _date(draft.received_on, "received_on", "Date received", today, required=True)
    assert received is not None
    if not draft.triggers:
        raise ValidationError("triggers", "Choose at least one trigger for the referral.")

    def text(
        value: str, name: str, label: str, limit: int = 200, multiline: bool = False
    ) -> str | None:
        return clean_text(value, field=name, label=label, max_length=limit, multiline=multiline)

    def not_after_received(day: date | None, name: str, label: str) -> None:
        if day is not None and day > received:
            raise ValidationError(
                name,
                f"{label} ({day.isoformat()}) is after the referral was "
                f"received ({received.isoformat()}).",
            )

    # Form 1: recorded as received only with its content.
    form1_on = _date(draft.form1_received_on, "form1_received_on", "Form 1 received", today)
    incident = _date(draft.form1_incident_on, "form1_incident_on", "Date of the incident", today)
    not_after_received(incident, "form1_incident_on", "The incident")
    what = text(
        draft.form1_what_happened,
        "form1_what_happened",
        "What happened",
        TEXT_LIMIT,
        multiline=True,
    )
    form1_by = text(draft.form1_completed_by, "form1_completed_by", "Form 1 completed by")
    if form1_on is not None:
        if what is None:
            raise ValidationError(
                "form1_what_happened", "Form 1 is marked received: say what happened."
            )
        if form1_by is None:
            raise ValidationError(
                "form1_completed_by", "Form 1 is marked received: say who completed it."
            )

    # Form 2: the seven areas, each with a severity once the form is in.
    areas = concern_areas()
    known = {area.code for area in areas.areas}
    entries = {entry.area: entry for entry in draft.form2}
    unknown = set(entries) - known
    if unknown:
        raise ValidationError("form2", f"Unknown concern areas: {', '.join(sorted(unknown))}.")
    form2_on = _date(draft.form2_received_on, "form2_received_on", "Form 2 received", today)
    form2_by = text(draft.form2_completed_by, "form2_completed_by", "Form 2 completed by")
    concerns: list[Form2Entry] = []
    for area in areas.areas:
        entry = entries.get(area.code, Form2Entry(area.code))
        description = text(
            entry.description, f"form2_{area.code}", area.label, TEXT_LIMIT, multiline=True
        )
        if entry.severity is None:
            if form2_on is not None:
                raise ValidationError(
                    f"form2_{area.code}_severity", f"Form 2 is marked received: rate {area.label}."
                )
            if description:
                raise ValidationError(
                    f"form2_{area.code}_severity",
                    f"{area.label} has a description but no severity.",
                )
            continue
        if entry.severity in (Severity.MODERATE, Severity.HIGH) and not description:
            raise ValidationError(
                f"form2_{area.code}",
                f"{area.label} is rated {entry.severity.label.lower()}: describe the concern.",
            )
        concerns.append(Form2Entry(area.code, entry.severity, description or ""))
    if form2_on is not None and form2_by is None:
        raise ValidationError(
            "form2_completed_by", "Form 2 is marked received: say who completed it."
        )

    # Form E: the trainee's own form after an exam failure.
    form_e_on = _date(draft.form_e_received_on, "form_e_received_on", "Form E received", today)
    exam = text(draft.form_e_exam, "form_e_exam", "Exam")
    sat_on = _date(draft.form_e_sat_on, "form_e_sat_on", "Date of the exam", today)
    not_after_received(sat_on, "form_e_sat_on", "The exam")
    attempt: int | None = None
    if draft.form_e_attempt.strip():
        try:
            attempt = int(draft.form_e_attempt.strip())
        except ValueError:
            raise ValidationError("form_e_attempt", "The attempt is a number, such as 2.") from None
        if not 1 <= attempt <= 20:
            raise ValidationError("form_e_attempt", "The attempt is between 1 and 20.")
    details = text(
        draft.form_e_details, "form_e_details", "Form E details", TEXT_LIMIT, multiline=True
    )
    if form_e_on is not None and (exam is None or details is None):
        raise ValidationError(
            "form_e_exam" if exam is None else "form_e_details",
            "Form E is marked received: give the exam and the trainee's account.",
        )

    triggers = tuple(dict.fromkeys(draft.triggers))
    severities = {entry.area: entry.severity for entry in concerns if entry.severity}
    suggestion = suggest_level(severities, [t.value for t in triggers]) if form2_on else None
    status = Completeness(
        form1_on is not None,
        form2_on is not None,
        form_e_on is not None,
        Trigger.EXAM_FAILURE in triggers,
    )
    values: dict[str, object] = {
        "source": draft.source,
        "referrer_name": text(draft.referrer_name, "referrer_name", "Referrer"),
        "referrer_contact": text(
            draft.referrer_contact, "referrer_contact", "Referrer contact", 320
        ),
        "received_on": received,
        "triggers": [t.value for t in triggers],
        "trust": text(draft.trust, "trust", "Trust"),
        "programme": text(draft.programme, "programme", "Programme"),
        "form1_received_on": form1_on,
        "form1_completed_by": form1_by,
        "form1_incident_on": incident,
        "form1_what_happened": what,
        "form2_received_on": form2_on,
        "form2_completed_by": form2_by,
        "form_e_received_on": form_e_on,
        "form_e_exam": exam,
        "form_e_attempt": attempt,
        "form_e_sat_on": sat_on,
        "form_e_details": details,
    }
    return CheckedReferral(
        values, tuple(concerns), status, suggestion.level if suggestion else None
    )


@dataclass(frozen=True)
class IntakeResult:
    """What intake stored."""

    referral_id: int
    reference: str
    complete: bool
    missing: tuple[str, ...]
    linked_case_reference: str | None
    # The practitioner's other referrals still waiting (references), for the meeting to take
    # together: a warning, not a refusal.
    waiting_referrals: tuple[str, ...] = ()


@dataclass(frozen=True)
class WaitingReferral:
    """A referral for the practitioner that is not decided yet."""

    id: int
    reference: str
    status: str
    received_on: date


@dataclass(frozen=True)
class PractitionerWork:
    """What is already open for a practitioner when a new referral comes in."""

    open_case_id: int | None
    open_case_reference: str | None
    waiting: tuple[WaitingReferral, ...]

    @property
    def warning(self) -> str:
        """What intake says before a second referral is taken (blank when nothing is open)."""
        parts = []
        if self.waiting:
            listed = ", ".join(
                f"{w.reference} ({w.status.lower()}, received {w.received_on.isoformat()})"
                for w in self.waiting
            )
            parts.append(f"a referral already waiting: {listed}")
        if self.open_case_reference:
            parts.append(f"an open case, {self.open_case_reference}")
        return ("The practitioner has " + " and ".join(parts) + ".") if parts else ""


def practitioner_work(*, session: Session, practitioner_id: int) -> PractitionerWork:
    """The practitioner's open case and the referrals of theirs still waiting for triage."""
    linked = open_case_of(session, practitioner_id)
    waiting = session.exec(
        select(Referral)
        .where(
            col(Referral.practitioner_id) == practitioner_id,
            col(Referral.status) != ReferralStatus.DECIDED.value,
        )
        .order_by(col(Referral.received_on), col(Referral.id))
    ).all()
    return PractitionerWork(
        linked[0] if linked else None,
        linked[1] if linked else None,
        tuple(
            WaitingReferral(r.id or 0, r.reference, r.status.label, r.received_on) for r in waiting
        ),
    )


def create_referral(
    *, session: Session, actor_id: int, draft: ReferralDraft, access: Access | None = None
) -> IntakeResult:
    """Store a new referral whole; the practitioner's open case, if any, is noted on it for
    the queue, and the triage decision says whether it joins it.

    Submitted by someone who does not work the case (a TPD), the case's timeline is not
    theirs to write: the referral still joins the case, and the case managers meet it in the
    queue marked as joining it."""
    referral, checked, linked = add_referral(
        session=session, actor_id=actor_id, draft=draft, access=access
    )
    session.commit()
    assert referral.id is not None
    waiting = practitioner_work(session=session, practitioner_id=draft.practitioner_id).waiting
    return IntakeResult(
        referral.id,
        referral.reference,
        checked.completeness.valid,
        checked.completeness.missing,
        linked[1] if linked else None,
        tuple(w.reference for w in waiting if w.id != referral.id),
    )


def add_referral(
    *, session: Session, actor_id: int, draft: ReferralDraft, access: Access | None = None
) -> tuple[Referral, CheckedReferral, tuple[int, str] | None]:
    """:func:`create_referral` without its commit (the caller commits): the referral, its
    checked draft and the open case it joined, if any."""
    practitioner = session.get(Practitioner, draft.practitioner_id)
    if practitioner is None:
        raise NotFoundError("Choose the practitioner first (search, or add them).")
    checked = check_draft(draft, clock.today())
    linked = open_case_of(session, draft.practitioner_id)
    values = dict(checked.values)
    values["trust"] = values["trust"] or practitioner.employer
    values["programme"] = values["programme"] or practitioner.programme
    referral = Referral(
        # Unique until the id is known and fits the column's 20 characters (PostgreSQL
        # enforces the length, SQLite never did): replaced below, in the same transaction.
        reference=f"R-new-{secrets.token_hex(6)}",
        practitioner_id=draft.practitioner_id,
        status=(
            ReferralStatus.AWAITING_TRIAGE
            if checked.completeness.valid
            else ReferralStatus.AWAITING_INFORMATION
        ),
        suggested_level=checked.suggested_level,
        case_id=linked[0] if linked else None,
        created_by_id=actor_id,
        **values,  # type: ignore[arg-type]
    )
    session.add(referral)
    session.flush()
    assert referral.id is not None
    referral.reference = f"R-{referral.id:06d}"
    mark_referral_active(session, referral.id)
    _store_concerns(session, referral.id, checked.concerns)
    if linked and (access is None or access.reads("timeline_entries")):
        timeline.add_entry(
            session=session,
            case_id=linked[0],
            kind=TimelineKind.REFERRAL,
            title=(
                f"New referral {referral.reference} received for this practitioner (triage "
                "decides whether it joins this case)"
            ),
            body=referral.form1_what_happened,
            author_id=actor_id,
        )
    return referral, checked, linked


def update_referral(
    *,
    session: Session,
    actor_id: int,
    referral_id: int,
    expected_version: int,
    draft: ReferralDraft,
) -> IntakeResult:
    """Replace a waiting referral's details and forms (e.g. when missing forms arrive)."""
    referral = referral_to_change(
        session=session, referral_id=referral_id, expected_version=expected_version
    )
    if referral.status is ReferralStatus.DECIDED:
        raise ValidationError(
            "status",
            f"{referral.reference} has been decided; its forms are "
            "part of the record and cannot be changed.",
        )
    checked = check_draft(draft, clock.today())
    for key, value in checked.values.items():
        setattr(referral, key, value)
    referral.suggested_level = checked.suggested_level
    if referral.status is ReferralStatus.AWAITING_INFORMATION and checked.completeness.valid:
        referral.status = ReferralStatus.AWAITING_TRIAGE
    elif referral.status is ReferralStatus.AWAITING_TRIAGE and not checked.completeness.valid:
        referral.status = ReferralStatus.AWAITING_INFORMATION
    mark_referral_active(session, referral_id)
    session.add(referral)
    for old in session.exec(select(Form2Concern).where(Form2Concern.referral_id == referral_id)):
        session.delete(old)
    session.flush()
    _store_concerns(session, referral_id, checked.concerns)
    session.commit()
    linked = None
    if referral.case_id is not None:
        linked = open_case_of(session, referral.practitioner_id)
    return IntakeResult(
        referral_id,
        referral.reference,
        checked.completeness.valid,
        checked.completeness.missing,
        linked[1] if linked else None,
    )


def referral_to_change(*, session: Session, referral_id: int, expected_version: int) -> Referral:
    """The referral, if it is still the version the user was looking at; else a clear refusal."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFoundError(f"There is no referral {referral_id}.")
    check_version(
        session=session,
        record=referral,
        expected_version=expected_version,
        what=f"Referral {referral.reference}",
    )
    return referral


def _store_concerns(session: Session, referral_id: int, concerns: tuple[Form2Entry, ...]) -> None:
    for entry in concerns:
        assert entry.severity is not None
        session.add(
            Form2Concern(
                referral_id=referral_id,
                area=entry.area,
                severity=entry.severity,
                description=entry.description or None,
            )
        )


def draft_from(session: Session, referral: Referral) -> ReferralDraft:
    """The stored referral as a draft, to edit on the intake form."""
    assert referral.id is not None
    concerns = session.exec(
        select(Form2Concern).where(col(Form2Concern.referral_id) == referral.id)
    ).all()

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    return ReferralDraft(
        practitioner_id=referral.practitioner_id,
        source=referral.source,
        received_on=day(referral.received_on),
        triggers=tuple(Trigger(t) for t in referral.triggers or []),
        referrer_name=referral.referrer_name or "",
        referrer_contact=referral.referrer_contact or "",
        trust=referral.trust or "",
        programme=referral.programme or "",
        form1_received_on=day(referral.form1_received_on),
        form1_completed_by=referral.form1_completed_by or "",
        form1_incident_on=day(referral.form1_incident_on),
        form1_what_happened=referral.form1_what_happened or "",
        form2_received_on=day(referral.form2_received_on),
        form2_completed_by=referral.form2_completed_by or "",
        form2=tuple(Form2Entry(c.area, c.severity, c.description or "") for c in concerns),
        form_e_received_on=day(referral.form_e_received_on),
        form_e_exam=referral.form_e_exam or "",
        form_e_attempt=str(referral.form_e_attempt or ""),
        form_e_sat_on=day(referral.form_e_sat_on),
        form_e_details=referral.form_e_details or "",
    )


def referral_draft(*, session: Session, referral_id: int) -> ReferralDraft:
    """A stored referral as a draft for the intake form, read by id (for screens)."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFoundError(f"There is no referral {referral_id}.")
    return draft_from(session, referral)


__all__ = [
    "Completeness",
    "Form2Entry",
    "IntakeResult",
    "ReferralDraft",
    "add_referral",
    "check_draft",
    "completeness_of",
    "create_referral",
    "draft_from",
    "referral_draft",
    "update_referral",
]
