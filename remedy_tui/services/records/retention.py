"""Retention: the team's classes of record with their periods, the records whose period has
run and are due for review, legal holds, and reviews that destroy or keep with a reason.

Nothing is destroyed by the clock (NHS Records Management Code of Practice 2021): a record due
for review waits until someone from the Dean's office reviews it, and a review that keeps it
says why and until when. A period is counted from the record's last activity: a trainee's case
may never formally close, and work on a closed case (a note, a document) starts it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError, PermissionDeniedError, ValidationError
from remedy_tui.services.records.sar import add_months
from remedy_tui.store.models import (
    Case,
    CaseActivity,
    LegalHold,
    Practitioner,
    Referral,
    ReferralActivity,
    RetentionClass,
    RetentionReview,
    ReviewOutcome,
)

CASE_FILE = "case_file"
TRIAGE_OUTCOME = "triage_outcome"
# The classes of record and the periods Remedy starts from; the store keeps only the periods
# the team has changed (a row of ``retention_classes``).
DEFAULT_CLASSES = (
    (CASE_FILE, "Case file (a case and everything in it)", 6, "the case's last activity"),
    (
        TRIAGE_OUTCOME,
        "A referral kept on file or closed at triage",
        6,
        "the referral's last activity",
    ),
    ("csg_minutes", "CSG minutes and papers", 6, "the meeting"),
    ("document", "Documents", 6, "the record they belong to"),
)


def may_decide(access: Access | None) -> None:
    """Refuse anyone but those the role matrix lets set retention, hold and dispose."""
    if access is not None and not access.writes("destruction_log"):
        raise PermissionDeniedError(
            "Retention, legal holds and disposal are decided by the Dean's office."
        )


def may_read(access: Access | None) -> None:
    """Refuse anyone the role matrix does not let read the retention records."""
    if access is not None and not access.reads("retention_classes"):
        raise PermissionDeniedError("Retention is read by the case managers and the Dean's office.")


@dataclass(frozen=True)
class ClassRow:
    """A class of record and its period."""

    code: str
    label: str
    years: int
    counted_from: str
    version: int


def _classes(session: Session) -> dict[str, ClassRow]:
    changed = {c.code: c for c in session.exec(select(RetentionClass))}
    classes = {}
    for code, label, years, counted_from in DEFAULT_CLASSES:
        row = changed.get(code)
        classes[code] = ClassRow(
            code,
            label,
            row.years if row else years,
            counted_from,
            row.version if row else 0,
        )
    return classes


def retention_classes(*, session: Session, access: Access | None = None) -> tuple[ClassRow, ...]:
    """The team's classes of record with their periods."""
    may_read(access)
    return tuple(_classes(session).values())


def set_period(
    *, session: Session, code: str, years: int, access: Access | None = None
) -> ClassRow:
    """Set how many years the team keeps a class of record (1 to 100)."""
    may_decide(access)
    known = _classes(session).get(code)
    if known is None:
        raise ValidationError(
            "code",
            f"There is no class {code!r}; the classes are "
            + ", ".join(c for c, *_ in DEFAULT_CLASSES)
            + ".",
        )
    if not 1 <= years <= 100:
        raise ValidationError("years", "A retention period is between 1 and 100 years.")
    found = session.get(RetentionClass, code)
    if found is None:
        found = RetentionClass(
            code=code, label=known.label, years=years, counted_from=known.counted_from
        )
    found.years = years
    session.add(found)
    session.flush()
    return ClassRow(found.code, found.label, found.years, found.counted_from, found.version)


@dataclass(frozen=True)
class DueRecord:
    """A case or referral whose retention period has run (or whose kept-until date has)."""

    retention_class: str
    case_id: int | None
    referral_id: int | None
    reference: str
    practitioner: str
    counted_from: date
    due_on: date
    on_hold: bool
    destroy_decided: bool

    @property
    def subject(self) -> str:
        """What the record is, in words."""
        return f"case {self.reference}" if self.case_id else f"referral {self.reference}"


def _years(session: Session, code: str) -> int:
    return _classes(session)[code].years


def _latest_reviews(session: Session) -> dict[tuple[str, int], RetentionReview]:
    latest: dict[tuple[str, int], RetentionReview] = {}
    for review in session.exec(select(RetentionReview).order_by(col(RetentionReview.id))):
        if review.case_id is not None:
            latest[("case", review.case_id)] = review
        elif review.referral_id is not None:
            latest[("referral", review.referral_id)] = review
    return latest


def _held(session: Session) -> set[tuple[str, int]]:
    held: set[tuple[str, int]] = set()
    for hold in session.exec(select(LegalHold).where(col(LegalHold.lifted_at).is_(None))):
        if hold.case_id is not None:
            held.add(("case", hold.case_id))
        if hold.referral_id is not None:
            held.add(("referral", hold.referral_id))
    return held


def _due(counted_from: date, years: int, review: RetentionReview | None) -> date:
    due = add_months(counted_from, 12 * years)
    if review is not None and review.outcome is ReviewOutcome.KEEP and review.keep_until:
        due = max(due, review.keep_until)
    return due


def retention_of(
    *, session: Session, case_id: int | None = None, referral_id: int | None = None
) -> DueRecord:
    """Where one case or referral stands against its retention period."""
    rows = _records(session, case_id=case_id, referral_id=referral_id)
    if not rows:
        raise NotFoundError("That record is no longer in the store.")
    return rows[0]


def _records(
    session: Session, *, case_id: int | None = None, referral_id: int | None = None
) -> list[DueRecord]:
    reviews = _latest_reviews(session)
    held = _held(session)
    found: list[DueRecord] = []
    if referral_id is None:
        years = _years(session, CASE_FILE)
        query = (
            select(Case, CaseActivity.last_activity_at, Practitioner)
            .join(CaseActivity, col(CaseActivity.case_id) == col(Case.id))
            .join(Practitioner, col(Practitioner.id) == col(Case.practitioner_id))
        )
        if case_id is not None:
            query = query.where(col(Case.id) == case_id)
        for case, last, person in session.exec(query):
            assert case.id is not None
            start = max(last.date(), case.closed_on or last.date())
            review = reviews.get(("case", case.id))
            found.append(
                DueRecord(
                    CASE_FILE,
                    case.id,
                    None,
                    case.reference,
                    person.display_name,
                    start,
                    _due(start, years, review),
                    ("case", case.id) in held,
                    review is not None and review.outcome is ReviewOutcome.DESTROY,
                )
            )
    if case_id is None:
        years = _years(session, TRIAGE_OUTCOME)
        query2 = (
            select(Referral, ReferralActivity.last_activity_at, Practitioner)
            .join(ReferralActivity, col(ReferralActivity.referral_id) == col(Referral.id))
            .join(Practitioner, col(Practitioner.id) == col(Referral.practitioner_id))
            .where(col(Referral.case_id).is_(None), col(Referral.outcome).is_not(None))
        )
        if referral_id is not None:
            query2 = query2.where(col(Referral.id) == referral_id)
        for referral, last, person in session.exec(query2):
            assert referral.id is not None
            review = reviews.get(("referral", referral.id))
            start = last.date()
            found.append(
                DueRecord(
                    TRIAGE_OUTCOME,
                    None,
                    referral.id,
                    referral.reference,
                    person.display_name,
                    start,
                    _due(start, years, review),
                    ("referral", referral.id) in held,
                    review is not None and review.outcome is ReviewOutcome.DESTROY,
                )
            )
    return found


def due_for_review(*, session: Session, access: Access | None = None) -> tuple[DueRecord, ...]:
    """Every case and referral whose retention period has run, the longest overdue first."""
    may_read(access)
    today = clock.today()
    due = [r for r in _records(session) if r.due_on <= today]
    return tuple(sorted(due, key=lambda r: (r.due_on, r.reference)))


def _subject(case_id: int | None, referral_id: int | None) -> None:
    if (case_id is None) == (referral_id is None):
        raise ValidationError("record", "Choose one case or one referral.")


def place_hold(
    *,
    session: Session,
    reason: str,
    actor_id: int,
    case_id: int | None = None,
    referral_id: int | None = None,
    access: Access | None = None,
) -> LegalHold:
    """Put a case or referral on legal hold: no disposal while it stands."""
    may_decide(access)
    _subject(case_id, referral_id)
    if not reason.strip():
        raise ValidationError("reason", "Say why the record is held (litigation, an inquiry).")
    retention_of(session=session, case_id=case_id, referral_id=referral_id)
    hold = LegalHold(
        case_id=case_id,
        referral_id=referral_id,
        reason=reason.strip(),
        placed_by_id=actor_id,
        placed_at=clock.now(),
    )
    session.add(hold)
    session.flush()
    return hold


def lift_hold(
    *, session: Session, hold_id: int, actor_id: int, access: Access | None = None
) -> LegalHold:
    """Lift a legal hold; the record's retention runs as before."""
    may_decide(access)
    hold = session.get(LegalHold, hold_id)
    if hold is None or hold.lifted_at is not None:
        raise NotFoundError("That legal hold is no longer in place.")
    hold.lifted_at = clock.now()
    hold.lifted_by_id = actor_id
    session.add(hold)
    return hold


def review_record(
    *,
    session: Session,
    outcome: ReviewOutcome,
    reason: str,
    actor_id: int,
    case_id: int | None = None,
    referral_id: int | None = None,
    keep_until: date | None = None,
    access: Access | None = None,
) -> RetentionReview:
    """Review a record whose period has run: destroy it (the authority for its disposal), or
    keep it with a reason until a later date."""
    may_decide(access)
    _subject(case_id, referral_id)
    if not reason.strip():
        raise ValidationError("reason", "Say why: a review is recorded with its reason.")
    record = retention_of(session=session, case_id=case_id, referral_id=referral_id)
    today = clock.today()
    if record.due_on > today:
        raise ValidationError(
            "outcome",
            f"The {record.subject} is kept until {record.due_on:%d %b %Y}; it is not due for "
            "review yet.",
        )
    if outcome is ReviewOutcome.KEEP:
        if keep_until is None or keep_until <= today:
            raise ValidationError("keep_until", "Say until when it is kept (a later date).")
    else:
        keep_until = None
        if record.on_hold:
            raise ValidationError(
                "outcome", f"The {record.subject} is on legal hold: it cannot be destroyed."
            )
    review = RetentionReview(
        case_id=case_id,
        referral_id=referral_id,
        outcome=outcome,
        reason=reason.strip(),
        keep_until=keep_until,
        reviewed_by_id=actor_id,
        reviewed_at=clock.now(),
    )
    session.add(review)
    session.flush()
    return review


@dataclass(frozen=True)
class HoldRow:
    """A legal hold in place."""

    id: int
    case_id: int | None
    referral_id: int | None
    reason: str
    placed_at: datetime


def holds(*, session: Session, access: Access | None = None) -> tuple[HoldRow, ...]:
    """The legal holds in place."""
    may_read(access)
    return tuple(
        HoldRow(int(h.id or 0), h.case_id, h.referral_id, h.reason, h.placed_at)
        for h in session.exec(
            select(LegalHold).where(col(LegalHold.lifted_at).is_(None)).order_by(col(LegalHold.id))
        )
    )
