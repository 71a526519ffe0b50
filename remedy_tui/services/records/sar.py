"""Subject access requests: the register with its deadline clock, and each record of the pack
included, redacted or withheld with a reason, signed off by a second person.

UK GDPR gives one calendar month from receipt (to the same day of the next month, or that
month's last day when it has no such day), extendable by two further months for a complex
request if the person is told so within the first month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import (
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from remedy_tui.store.models import (
    Practitioner,
    SarItem,
    SarStatus,
    SarTreatment,
    SubjectAccessRequest,
    User,
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(received_on: date, *, extended: bool) -> date:
    """When the answer is due: a calendar month from receipt, three when extended."""
    return add_months(received_on, 3 if extended else 1)


def may_handle(access: Access | None) -> None:
    """Refuse anyone the role matrix does not let work subject access requests."""
    if access is not None and not access.writes("subject_access_requests"):
        raise PermissionDeniedError(
            "Subject access requests are answered by the case managers and the Dean's office."
        )


@dataclass(frozen=True)
class SarRow:
    """A request as the register shows it."""

    id: int
    reference: str
    practitioner: str
    requested_by: str
    received_on: date
    due_on: date
    extended: bool
    status: SarStatus
    clock: str
    overdue: bool


def clock_text(due_on: date, status: SarStatus, today: date) -> tuple[str, bool]:
    """The deadline clock in words, and whether the request is overdue."""
    if status is SarStatus.RELEASED:
        return "answered", False
    days = (due_on - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}", True
    if days == 0:
        return "due today", False
    return f"due in {days} day{'s' if days != 1 else ''}", False


def _get(session: Session, request_id: int) -> SubjectAccessRequest:
    request = session.get(SubjectAccessRequest, request_id)
    if request is None:
        raise NotFoundError("That subject access request is no longer in the register.")
    return request


def register_request(
    *,
    session: Session,
    practitioner_id: int,
    requested_by: str,
    received_on: date,
    actor_id: int,
    access: Access | None = None,
) -> SubjectAccessRequest:
    """Enter a request in the register, with its deadline a calendar month from receipt."""
    may_handle(access)
    who = requested_by.strip()
    if not who:
        raise ValidationError(
            "requested_by", "Say who made the request (the practitioner, or who for them)."
        )
    if len(who) > 200:
        raise ValidationError("requested_by", "Keep who made the request under 200 characters.")
    if received_on > clock.today():
        raise ValidationError("received_on", "A request cannot be received after today.")
    if session.get(Practitioner, practitioner_id) is None:
        raise NotFoundError("That practitioner is no longer in the store.")
    count = session.exec(select(func.count()).select_from(SubjectAccessRequest)).one()
    request = SubjectAccessRequest(
        reference=f"SAR-{int(count) + 1:06d}",
        practitioner_id=practitioner_id,
        requested_by=who,
        received_on=received_on,
        due_on=deadline(received_on, extended=False),
        status=SarStatus.OPEN,
        created_by_id=actor_id,
    )
    session.add(request)
    session.flush()
    return request


def extend_request(
    *,
    session: Session,
    request_id: int,
    reason: str,
    person_told_on: date,
    access: Access | None = None,
) -> SubjectAccessRequest:
    """Extend a complex request by two months, the person having been told within the first."""
    may_handle(access)
    request = _get(session, request_id)
    if request.extended:
        raise ValidationError("reason", f"{request.reference} is already extended.")
    if request.status is SarStatus.RELEASED:
        raise ValidationError("reason", f"{request.reference} has been answered already.")
    if not reason.strip():
        raise ValidationError("reason", "Say why the request is complex enough to extend.")
    first_month_ends = deadline(request.received_on, extended=False)
    if person_told_on > first_month_ends or person_told_on < request.received_on:
        raise ValidationError(
            "person_told_on",
            "The person must be told of the extension within the first month "
            f"(by {first_month_ends:%d %b %Y}); the request was not extended.",
        )
    if person_told_on > clock.today():
        raise ValidationError("person_told_on", "The person cannot be told after today.")
    request.extended = True
    request.extension_reason = reason.strip()
    request.person_told_on = person_told_on
    request.due_on = deadline(request.received_on, extended=True)
    session.add(request)
    return request


def request_rows(*, session: Session, access: Access | None = None) -> tuple[SarRow, ...]:
    """Every request, open ones first by due date, with its deadline clock."""
    may_handle(access)
    today = clock.today()
    rows = session.exec(
        select(SubjectAccessRequest, Practitioner)
        .join(
            Practitioner,
            col(Practitioner.id) == col(SubjectAccessRequest.practitioner_id),
            isouter=True,
        )
        .order_by(col(SubjectAccessRequest.due_on), col(SubjectAccessRequest.id))
    ).all()
    shown = []
    for request, person in rows:
        text, overdue = clock_text(request.due_on, request.status, today)
        assert request.id is not None
        shown.append(
            SarRow(
                id=request.id,
                reference=request.reference,
                practitioner=person.display_name if person else "(record disposed of)",
                requested_by=request.requested_by,
                received_on=request.received_on,
                due_on=request.due_on,
                extended=request.extended,
                status=request.status,
                clock=text,
                overdue=overdue,
            )
        )
    return tuple(sorted(shown, key=lambda r: (r.status is SarStatus.RELEASED, r.due_on)))


def decide_item(
    *,
    session: Session,
    request_id: int,
    record_table: str,
    record_id: str,
    treatment: SarTreatment,
    reason: str | None = None,
    redactions: tuple[str, ...] = (),
    actor_id: int,
    access: Access | None = None,
) -> SarItem:
    """Include, redact or withhold one record of the pack; a redaction or withholding needs a
    reason, and a redaction the words to black out."""
    from remedy_tui.services.records.sar_pack import pack_records

    may_handle(access)
    request = _get(session, request_id)
    if request.status is not SarStatus.OPEN:
        raise ValidationError(
            "treatment", f"{request.reference} is signed off; its pack can no longer change."
        )
    why = (reason or "").strip()
    if treatment is not SarTreatment.INCLUDE and not why:
        raise ValidationError(
            "reason",
            "Say why this record is "
            + ("redacted." if treatment is SarTreatment.REDACT else "withheld."),
        )
    words = tuple(w.strip() for w in redactions if w.strip())
    if treatment is SarTreatment.REDACT and not words:
        raise ValidationError("redactions", "Say which words to black out.")
    record = next(
        (
            r
            for r in pack_records(session=session, request_id=request_id)
            if r.table == record_table and r.record_id == record_id
        ),
        None,
    )
    if record is None:
        raise NotFoundError("That record is not part of this request's pack.")
    if treatment is SarTreatment.REDACT and record.document_id is not None:
        raise ValidationError(
            "treatment",
            "An attachment is released whole or withheld: redact a copy outside Remedy, attach "
            "it to the case, and withhold the original.",
        )
    item = session.exec(
        select(SarItem).where(
            col(SarItem.request_id) == request_id,
            col(SarItem.record_table) == record_table,
            col(SarItem.record_id) == record_id,
        )
    ).first()
    if item is None:
        item = SarItem(
            request_id=request_id,
            record_table=record_table,
            record_id=record_id,
            treatment=treatment,
            decided_by_id=actor_id,
        )
    item.treatment = treatment
    item.reason = why or None
    item.redactions = list(words) if treatment is SarTreatment.REDACT else []
    item.decided_by_id = actor_id
    item.decided_at = clock.now()
    session.add(item)
    session.flush()
    return item


def include_the_rest(
    *, session: Session, request_id: int, actor_id: int, access: Access | None = None
) -> int:
    """Include every record of the pack not yet decided, except the papers that speak of
    others too (a CSG meeting's agenda or minutes), which each need a decision of their own;
    returns how many."""
    from remedy_tui.services.records.sar_pack import pack_records

    may_handle(access)
    request = _get(session, request_id)
    if request.status is not SarStatus.OPEN:
        raise ValidationError("treatment", f"{request.reference} is signed off already.")
    decided = _decided(session, request_id)
    added = 0
    for record in pack_records(session=session, request_id=request_id):
        if (record.table, record.record_id) not in decided and not record.needs_decision:
            session.add(
                SarItem(
                    request_id=request_id,
                    record_table=record.table,
                    record_id=record.record_id,
                    treatment=SarTreatment.INCLUDE,
                    decided_by_id=actor_id,
                    decided_at=clock.now(),
                )
            )
            added += 1
    session.flush()
    return added


def _decided(session: Session, request_id: int) -> dict[tuple[str, str], SarItem]:
    return {
        (i.record_table, i.record_id): i
        for i in session.exec(select(SarItem).where(col(SarItem.request_id) == request_id))
    }


def sign_off(
    *, session: Session, request_id: int, actor_id: int, access: Access | None = None
) -> SubjectAccessRequest:
    """A second person's sign-off of the pack: every record decided, and by someone else."""
    from remedy_tui.services.records.sar_pack import pack_records

    may_handle(access)
    request = _get(session, request_id)
    if request.status is not SarStatus.OPEN:
        raise ValidationError("sign_off", f"{request.reference} is signed off already.")
    decided = _decided(session, request_id)
    undecided = [
        r
        for r in pack_records(session=session, request_id=request_id)
        if (r.table, r.record_id) not in decided
    ]
    if undecided:
        raise ValidationError(
            "sign_off",
            (
                "1 record of the pack still needs"
                if len(undecided) == 1
                else f"{len(undecided)} records of the pack still need"
            )
            + " a decision (include, redact or withhold).",
        )
    preparers = {i.decided_by_id for i in decided.values()} | {request.created_by_id}
    if actor_id in preparers:
        names = session.exec(select(User.full_name).where(col(User.id).in_(preparers))).all()
        raise PermissionDeniedError(
            "A pack is signed off by a second person, not by one who prepared it "
            f"({', '.join(sorted(names))})."
        )
    request.status = SarStatus.SIGNED_OFF
    request.signed_off_by_id = actor_id
    request.signed_off_at = clock.now()
    session.add(request)
    return request
