"""Changing a meeting's agenda: adding, removing, reordering and timing its items, members'
conflicts of interest, and the practitioner's attendance."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from remedy_tui.services.common.access import Access
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import clean_text, required_text
from remedy_tui.services.csg.allowed import seen_cases
from remedy_tui.services.csg.detail import latest_csg_referrals
from remedy_tui.services.csg.meetings import load_meeting, require_planned
from remedy_tui.store.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Case,
    ConflictDeclaration,
    CsgMeeting,
    CsgMeetingStatus,
    CsgMember,
    Decision,
)
from remedy_tui.views.csg import (
    Proposal,
    day_text,
    local,
)

_REFERENCE = re.compile(r"^\s*(?:[cC]-?)?0*(\d{1,9})\s*$")
DEFAULT_MINUTES = {
    AgendaItemKind.NEW_REFERRAL: 20,
    AgendaItemKind.REVIEW: 15,
    AgendaItemKind.DISPUTE: 10,
    AgendaItemKind.OTHER: 10,
}
MINUTES_STEP = 5
MAX_ITEM_MINUTES = 240


class CaseRef(NamedTuple):
    """A case as an agenda names it: its id and reference (read by name: a whole case row
    holds its summary, which not every role may read)."""

    id: int
    reference: str


def _case_ref(session: Session, access: Access | None, *where: Any) -> CaseRef | None:
    row = session.execute(
        sa_select(col(Case.id), col(Case.reference)).where(*where, *seen_cases(access, Case.id))
    ).first()
    return CaseRef(row[0], row[1]) if row is not None else None


def find_case(
    session: Session,
    reference: str,
    *,
    field: str = "case_reference",
    access: Access | None = None,
) -> CaseRef:
    """The case with a typed reference (C-000123, c123 or 123), or a clear error; with
    ``access``, only a case the signed-in person may see."""
    match = _REFERENCE.match(reference or "")
    if not match:
        raise ValidationError(field, "Type a case reference such as C-000123.")
    wanted = f"C-{int(match.group(1)):06d}"
    case = _case_ref(session, access, col(Case.reference) == wanted)
    if case is None:
        raise ValidationError(field, f"There is no case {wanted}.")
    return case


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(col(AgendaItem.meeting_id) == meeting_id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
    )


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            session.add(item)


def _check_not_on_agenda(
    items: list[AgendaItem], kind: AgendaItemKind, case: CaseRef | None
) -> None:
    if case is None:
        return
    for item in items:
        if item.case_id == case.id and item.kind is kind:
            raise ValidationError(
                "case_reference",
                f"{case.reference} is already on this agenda as a {kind.label.lower()} "
                f"(item {item.position}).",
            )


def _add(
    session: Session,
    meeting_id: int,
    kind: AgendaItemKind,
    case: CaseRef | None,
    title: str,
    minutes: int,
    external_referral_id: int | None,
) -> int:
    require_planned(session, meeting_id, "changed")
    items = _items(session, meeting_id)
    _check_not_on_agenda(items, kind, case)
    item = AgendaItem(
        meeting_id=meeting_id,
        position=len(items) + 1,
        kind=kind,
        case_id=case.id if case is not None else None,
        external_referral_id=external_referral_id,
        title=title,
        minutes_allotted=minutes,
    )
    session.add(item)
    _renumber(session, items)
    session.flush()
    _carry_conflicts(session, item)
    session.commit()
    assert item.id is not None
    return item.id


def add_proposal(
    *, session: Session, meeting_id: int, proposal: Proposal, access: Access | None = None
) -> int:
    """Put a proposed referral, review or dispute on the agenda, at the end; its new id."""
    case = _case_ref(session, access, col(Case.id) == proposal.case_id)
    if case is None:
        raise NotFoundError("That case is no longer in the store.")
    referral_id = proposal.external_referral_id
    if referral_id is None and proposal.kind is not AgendaItemKind.DISPUTE:
        latest = latest_csg_referrals(session, [case.id], access).get(case.id)
        referral_id = latest.id if latest is not None else None
    return _add(
        session,
        meeting_id,
        proposal.kind,
        case,
        proposal.title,
        DEFAULT_MINUTES[proposal.kind],
        referral_id,
    )


def _minutes(value: str | int) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_ITEM_MINUTES:
        raise ValidationError(
            "minutes_allotted", f"The time is a number of minutes from 1 to {MAX_ITEM_MINUTES}."
        )
    return int(text)


def add_item(
    *,
    session: Session,
    meeting_id: int,
    kind: AgendaItemKind,
    title: str,
    case_reference: str = "",
    minutes_allotted: str | int = "",
    access: Access | None = None,
) -> int:
    """Add an item by hand (a dispute, a review, any other business); its new id. With
    ``access``, only about a case the signed-in person may see."""
    clean_title = required_text(title, field="title", label="The title", max_length=300)
    reference = (case_reference or "").strip()
    case = find_case(session, reference, access=access) if reference else None
    if case is None and kind is not AgendaItemKind.OTHER:
        raise ValidationError(
            "case_reference", f"A {kind.label.lower()} is about a case: type its reference."
        )
    minutes = _minutes(minutes_allotted) if str(minutes_allotted).strip() else DEFAULT_MINUTES[kind]
    referral_id = None
    if case is not None and kind is not AgendaItemKind.DISPUTE:
        latest = latest_csg_referrals(session, [case.id], access).get(case.id)
        referral_id = latest.id if latest is not None else None
    return _add(session, meeting_id, kind, case, clean_title, minutes, referral_id)


def _load_item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError("That agenda item is no longer in the store.")
    return item


def remove_item(*, session: Session, item_id: int) -> None:
    """Take an item off a planned agenda; one with anything recorded against it stays."""
    item = _load_item(session, item_id)
    require_planned(session, item.meeting_id, "changed")
    recorded = bool(item.discussion_summary or item.outcome or item.chair_decision)
    for table, meeting, column in (
        (Action, Action.csg_meeting_id, Action.agenda_item_id),
        (Decision, Decision.csg_meeting_id, Decision.agenda_item_id),
    ):
        counted = (
            select(func.count())
            .select_from(table)
            .where(col(meeting) == item.meeting_id, col(column) == item_id)
        )
        recorded = recorded or bool(session.exec(counted).one())
    if recorded:
        raise ValidationError(
            "agenda",
            f"Item {item.position} has a record from the meeting (discussion, outcome or "
            "actions), so it stays on the agenda.",
        )
    for declaration in session.exec(
        select(ConflictDeclaration).where(col(ConflictDeclaration.agenda_item_id) == item_id)
    ).all():
        session.delete(declaration)
    meeting_id = item.meeting_id
    session.delete(item)
    session.flush()
    _renumber(session, _items(session, meeting_id))
    session.commit()


def move_item(*, session: Session, item_id: int, step: int) -> None:
    """Move an item up (step -1) or down (step 1) the agenda."""
    item = _load_item(session, item_id)
    require_planned(session, item.meeting_id, "changed")
    items = _items(session, item.meeting_id)
    index = next(i for i, other in enumerate(items) if other.id == item_id)
    target = index + step
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    _renumber(session, items)
    session.commit()


def change_minutes(*, session: Session, item_id: int, delta: int) -> int:
    """Give an item more or less time (in steps, never below the step); its new minutes."""
    item = _load_item(session, item_id)
    require_planned(session, item.meeting_id, "changed")
    minutes = min(MAX_ITEM_MINUTES, max(MINUTES_STEP, item.minutes_allotted + delta))
    if minutes != item.minutes_allotted:
        item.minutes_allotted = minutes
        session.add(item)
        session.commit()
    return minutes


# Conflicts of interest and the practitioner's attendance -----------------------------------


def _member_due(session: Session, item: AgendaItem, member_id: int) -> CsgMember:
    member = session.get(CsgMember, member_id)
    if member is None:
        raise NotFoundError("That member is no longer in the store.")
    day = local(load_meeting(session, item.meeting_id).starts_at).date()
    if member.joined_on > day or (member.left_on is not None and member.left_on <= day):
        raise ValidationError(
            "member_id", f"{member.name} is not a member on the meeting's day ({day_text(day)})."
        )
    return member


def _same_case(session: Session, item: AgendaItem) -> list[AgendaItem]:
    """The item and every other item of its meeting about the same case: a conflict of
    interest is about the case, so it holds for each of them."""
    if item.case_id is None:
        return [item]
    return [
        other
        for other in _items(session, item.meeting_id)
        if other.id == item.id or other.case_id == item.case_id
    ]


def _declaration(session: Session, item_id: int, member_id: int) -> ConflictDeclaration | None:
    return session.exec(
        select(ConflictDeclaration).where(
            col(ConflictDeclaration.agenda_item_id) == item_id,
            col(ConflictDeclaration.member_id) == member_id,
        )
    ).first()


def declare_conflict(*, session: Session, item_id: int, member_id: int, details: str) -> None:
    """Record a member's conflict of interest on an item: they step out of it, and of every
    other item of the meeting about the same case."""
    item = _load_item(session, item_id)
    text = clean_text(
        details, field="details", label="The conflict", max_length=2000, multiline=True
    )
    if not text:
        raise ValidationError(
            "details",
            "Say what the conflict of interest is, so the record shows why they "
            "stepped out. Nothing was saved.",
        )
    _member_due(session, item, member_id)
    for each in _same_case(session, item):
        assert each.id is not None
        existing = _declaration(session, each.id, member_id)
        if existing is None:
            session.add(
                ConflictDeclaration(agenda_item_id=each.id, member_id=member_id, details=text)
            )
        else:
            existing.details = text
            session.add(existing)
        if each.chaired_by_member_id == member_id:
            each.chaired_by_member_id = None  # they step out, so someone else chairs it
            session.add(each)
    session.commit()


def withdraw_conflict(*, session: Session, item_id: int, member_id: int) -> None:
    """Remove a conflict declared in error, from every item about the same case (the audit
    trail keeps that it was made)."""
    item = _load_item(session, item_id)
    for each in _same_case(session, item):
        assert each.id is not None
        existing = _declaration(session, each.id, member_id)
        if existing is not None:
            session.delete(existing)
    session.commit()


def chair_steps_out(session: Session, item: AgendaItem, meeting: CsgMeeting) -> bool:
    """True when the meeting's chair declared a conflict on ``item`` and no one else has been
    chosen to chair it."""
    if item.chaired_by_member_id is not None or meeting.chair_member_id is None:
        return False
    assert item.id is not None
    return _declaration(session, item.id, meeting.chair_member_id) is not None


def set_item_chair(*, session: Session, item_id: int, member_id: int | None) -> None:
    """Record who chairs an item, and every item of the meeting about the same case, in place
    of the meeting's chair (who has declared a conflict on it); None hands it back."""
    item = _load_item(session, item_id)
    meeting = load_meeting(session, item.meeting_id)
    if meeting.status is CsgMeetingStatus.CANCELLED:
        raise ValidationError("member_id", "The meeting was cancelled; nothing can be recorded.")
    items = _same_case(session, item)
    decided = next((i for i in items if i.chair_decision), None)
    if decided is not None:
        raise ValidationError(
            "member_id",
            f"The chair's decision on item {decided.position} is recorded and final: who "
            "chaired it stays on the record. Nothing was saved.",
        )
    if member_id is not None:
        member = _member_due(session, item, member_id)
        for each in items:
            assert each.id is not None
            if _declaration(session, each.id, member_id) is not None:
                raise ValidationError(
                    "member_id",
                    f"{member.name} declared a conflict of interest on item {each.position} "
                    "and steps out of it: choose another member. Nothing was saved.",
                )
        if member_id == meeting.chair_member_id:
            member_id = None  # the meeting's own chair: nothing to record
    for each in items:
        each.chaired_by_member_id = member_id
        session.add(each)
    session.commit()


def _carry_conflicts(session: Session, item: AgendaItem) -> None:
    """A new item about a case takes on the conflicts declared on the case's other items."""
    assert item.id is not None
    done: set[int] = set()
    for other in _same_case(session, item):
        if other.id == item.id:
            continue
        for declaration in session.exec(
            select(ConflictDeclaration).where(col(ConflictDeclaration.agenda_item_id) == other.id)
        ).all():
            if declaration.member_id not in done:
                done.add(declaration.member_id)
                session.add(
                    ConflictDeclaration(
                        agenda_item_id=item.id,
                        member_id=declaration.member_id,
                        details=declaration.details,
                    )
                )


def set_practitioner_attendance(
    *, session: Session, item_id: int, attending: bool | None, representative: str = ""
) -> None:
    """Whether the practitioner attends their item (seed 000, point 7), and who represents them."""
    item = _load_item(session, item_id)
    if item.case_id is None:
        raise ValidationError("practitioner_attending", "This item is not about a practitioner.")
    rep = clean_text(
        representative, field="representative", label="The representative", max_length=200
    )
    item.practitioner_attending = attending
    item.representative = rep
    session.add(item)
    session.commit()
