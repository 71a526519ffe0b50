"""Meeting mode: what the meeting recorded for each item (discussion, outcome, next review),
the actions it agreed, which land on the case, and the chair's final decision on a dispute."""

from __future__ import annotations

from sqlmodel import Session

from remedy_tui import clock
from remedy_tui.services.case import timeline
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.activity import mark_case_active
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.decisions import record_decision
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.validation import (
    RATIONALE_LIMIT,
    clean_text,
    parse_date,
    required_text,
)
from remedy_tui.services.csg.agenda import chair_steps_out
from remedy_tui.services.csg.allowed import csg_rights, refuse_unless, writes
from remedy_tui.services.csg.meetings import load_meeting
from remedy_tui.store.models import (
    Action,
    ActionKind,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    CsgMeeting,
    CsgMeetingStatus,
    CsgMember,
    DecisionKind,
    DecisionOutcome,
    ExternalReferral,
    ExternalReferralStatus,
    TimelineKind,
)
from remedy_tui.views.csg import ActionView, day_text, local

TEXT_LIMIT = RATIONALE_LIMIT


def _first_line(text: str, limit: int = 150) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _open_item(session: Session, item_id: int) -> tuple[AgendaItem, CsgMeeting]:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError("That agenda item is no longer in the store.")
    meeting = load_meeting(session, item.meeting_id)
    if meeting.status is CsgMeetingStatus.CANCELLED:
        raise ValidationError("outcome", "The meeting was cancelled; nothing can be recorded.")
    require_met(meeting)
    return item, meeting


def require_met(meeting: CsgMeeting) -> None:
    """Refuse what only a meeting that has taken place can give (outcomes, actions, the
    chair's letters) while its day is still ahead."""
    day = local(meeting.starts_at).date()
    if day > clock.today():
        raise ValidationError(
            "outcome",
            f"The meeting of {day_text(day)} has not taken place yet: outcomes, actions and "
            "the chair's feedback letters are recorded once it has met. Nothing was saved.",
        )


def _text(value: str, field: str, label: str) -> str | None:
    return clean_text(value, field=field, label=label, max_length=TEXT_LIMIT, multiline=True)


def record_item(
    *,
    session: Session,
    actor_id: int,
    item_id: int,
    expected_version: int,
    practitioner_attending: bool | None = None,
    representative: str = "",
    discussion_summary: str = "",
    outcome: str = "",
    next_review_on: str = "",
    chair_decision: str = "",
    chair_reasons: str = "",
    access: Access | None = None,
) -> None:
    """Save what the meeting recorded for one item; an outcome needs the discussion behind it.

    The item keeps the record (the minutes and letters are made from it). A case's item also
    goes on the case: its decisions, timeline and referral, for whoever the role matrix lets
    write them; for a CSG member (``access``) the case is only marked active, and the chair's
    decision on a dispute, which is one of the case's decisions, is left to a case manager.
    """
    on_the_case = csg_rights(access).records_on_the_case
    item, meeting = _open_item(session, item_id)
    meeting_day = local(meeting.starts_at).date()
    summary = _text(discussion_summary, "discussion_summary", "The discussion summary")
    result = _text(outcome, "outcome", "The outcome")
    decision = _text(chair_decision, "chair_decision", "The chair's decision")
    reasons = _text(chair_reasons, "chair_reasons", "The reasons")
    rep = clean_text(
        representative, field="representative", label="The representative", max_length=200
    )
    review = parse_date(next_review_on, field="next_review_on", label="The next review")
    if result and not summary:
        raise ValidationError(
            "discussion_summary",
            "Record what was discussed: it is the reason for the outcome, and every outcome "
            "carries its reasons. Nothing was saved.",
        )
    if review is not None and review <= meeting_day:
        raise ValidationError(
            "next_review_on",
            f"The next review must come after this meeting ({day_text(meeting_day)}).",
        )
    if item.case_id is None and (practitioner_attending is not None or rep):
        raise ValidationError("practitioner_attending", "This item is not about a practitioner.")
    _check_chair_decision(item, decision, reasons)
    if (result or (decision and not item.chair_decision)) and chair_steps_out(
        session, item, meeting
    ):
        chair = session.get(CsgMember, meeting.chair_member_id or 0)
        name = chair.name if chair is not None else "The chair"
        raise ValidationError(
            "chair",
            f"{name}, who chairs the meeting, declared a conflict of interest on this item and "
            "steps out of it: record who chairs it first (w on the agenda). Nothing was saved.",
        )
    if decision and not item.chair_decision and not on_the_case:
        raise ValidationError(
            "chair_decision",
            "The chair's decision on a dispute is one of the case's decisions, with its "
            "reasons, and the role matrix does not let your role write a case's decisions: a "
            "case manager records it in meeting mode. Nothing was saved.",
        )
    check_version(
        session=session,
        record=item,
        expected_version=expected_version,
        what="The agenda item",
        access=access,
    )
    outcome_changed = bool(result) and result != (item.outcome or "")
    review_changed = review != item.next_review_on
    new_decision = bool(decision) and not item.chair_decision
    item.practitioner_attending = practitioner_attending
    item.representative = rep
    item.discussion_summary = summary
    item.outcome = result
    item.next_review_on = review
    if new_decision:
        item.chair_decision = decision
    session.add(item)
    if item.case_id is not None and on_the_case:
        _on_the_case(
            session, actor_id, item, meeting, outcome_changed, review_changed, new_decision, reasons
        )
    elif (
        item.case_id is not None
        and (outcome_changed or review_changed)
        and writes(access, "case_activity")
    ):
        # The group's work shows on the case as its last activity, which the group may write.
        mark_case_active(session, item.case_id)
    session.commit()


def _check_chair_decision(item: AgendaItem, decision: str | None, reasons: str | None) -> None:
    if item.chair_decision:
        if decision != item.chair_decision:
            raise ValidationError(
                "chair_decision",
                "The chair's decision on this dispute is recorded and is final (the Clinical "
                "Support Group paper, "
                "point 9); it cannot be changed. Nothing was saved.",
            )
        return
    if not decision:
        return
    if item.kind is not AgendaItemKind.DISPUTE:
        raise ValidationError(
            "chair_decision", "Only a dispute is decided by the chair. Nothing was saved."
        )
    if item.case_id is None:
        raise ValidationError("chair_decision", "A dispute is about a case: add it with one.")
    if not reasons:
        raise ValidationError(
            "chair_reasons",
            "The chair's decision needs its reasons: say why, so the record shows them. "
            "Nothing was saved.",
        )


def _on_the_case(
    session: Session,
    actor_id: int,
    item: AgendaItem,
    meeting: CsgMeeting,
    outcome_changed: bool,
    review_changed: bool,
    new_decision: bool,
    reasons: str | None,
) -> None:
    """Decisions, timeline entries and the referral's progress for a case's item."""
    assert item.case_id is not None
    day = day_text(local(meeting.starts_at).date())
    if outcome_changed and item.outcome:
        record_decision(
            session=session,
            actor_id=actor_id,
            kind=DecisionKind.CSG_OUTCOME,
            code=DecisionOutcome.CSG_OUTCOME_RECORDED,
            outcome=_first_line(item.outcome, 200),
            rationale=item.discussion_summary,
            case_id=item.case_id,
            csg_meeting_id=meeting.id,
            agenda_item_id=item.id,
            timeline_title=f"CSG meeting of {day}: {_first_line(item.outcome)}",
        )
        _referral_in_progress(session, item, meeting)
    if new_decision and item.chair_decision:
        chair_id = item.chaired_by_member_id or meeting.chair_member_id
        chair = session.get(CsgMember, chair_id) if chair_id else None
        by = f" ({chair.name})" if chair is not None else ""
        record_decision(
            session=session,
            actor_id=actor_id,
            kind=DecisionKind.CHAIR_DISPUTE,
            code=DecisionOutcome.CHAIR_DECIDED,
            outcome=f"Chair's decision: {_first_line(item.chair_decision, 170)}",
            rationale=reasons,
            case_id=item.case_id,
            csg_meeting_id=meeting.id,
            agenda_item_id=item.id,
            timeline_title=f"Dispute decided by the CSG chair{by}; the decision is final",
        )
    if review_changed:
        timeline.add_entry(
            session=session,
            case_id=item.case_id,
            kind=TimelineKind.CSG,
            title=(
                f"Next CSG review: {day_text(item.next_review_on)}"
                if item.next_review_on
                else "No further CSG review set"
            ),
            body=f"Set at the CSG meeting of {day}.",
            author_id=actor_id,
        )


def _referral_in_progress(session: Session, item: AgendaItem, meeting: CsgMeeting) -> None:
    """A referral the group has now considered is in progress."""
    if item.kind is not AgendaItemKind.NEW_REFERRAL or item.external_referral_id is None:
        return
    referral = session.get(ExternalReferral, item.external_referral_id)
    if referral is not None and referral.status in (
        ExternalReferralStatus.MADE,
        ExternalReferralStatus.ACCEPTED,
    ):
        referral.status = ExternalReferralStatus.IN_PROGRESS
        referral.status_changed_on = local(meeting.starts_at).date()
        session.add(referral)


def add_action(
    *,
    session: Session,
    actor_id: int,
    item_id: int,
    description: str,
    owner: str = "",
    due_on: str = "",
    access: Access | None = None,
) -> ActionView:
    """An action agreed at the meeting; it lands on the case (and its timeline)."""
    refuse_unless(
        csg_rights(access).adds_actions,
        access,
        "add actions to a case",
        "a case manager adds the actions the meeting agreed, from its minutes",
    )
    item, meeting = _open_item(session, item_id)
    text = required_text(
        description, field="description", label="The action", max_length=2000, multiline=True
    )
    owner_name = clean_text(owner, field="owner", label="The owner", max_length=200)
    due = parse_date(due_on, field="due_on", label="The due date")
    meeting_day = local(meeting.starts_at).date()
    if due is not None and due < meeting_day:
        raise ValidationError(
            "due_on", f"The due date is before the meeting ({day_text(meeting_day)})."
        )
    action = Action(
        kind=ActionKind.ACTION,
        case_id=item.case_id,
        csg_meeting_id=meeting.id,
        agenda_item_id=item.id,
        description=text,
        owner_name=owner_name,
        due_on=due,
        status=ActionStatus.OPEN,
        created_by_id=actor_id,
    )
    session.add(action)
    if item.case_id is not None:
        details = [
            f"Owner: {owner_name}" if owner_name else "",
            f"Due: {day_text(due)}" if due else "",
        ]
        timeline.add_entry(
            session=session,
            case_id=item.case_id,
            kind=TimelineKind.ACTION,
            title=f"CSG action: {_first_line(text)}",
            body="; ".join(d for d in details if d) or None,
            author_id=actor_id,
        )
    session.commit()
    assert action.id is not None
    return ActionView(id=action.id, description=text, owner=owner_name or "", due_on=due)
