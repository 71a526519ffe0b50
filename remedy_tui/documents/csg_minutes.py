"""The minutes of a CSG meeting; like the circulation agenda they name no practitioner."""

from __future__ import annotations

from remedy_tui.documents.blocks import Block, Bullets, Fields, Heading, Paragraph, Written
from remedy_tui.documents.csg_agenda import agenda_redactor
from remedy_tui.documents.csg_common import (
    GROUP,
    attending_text,
    meeting_fields,
    names_by_attendance,
    when,
)
from remedy_tui.documents.redact import Redactor
from remedy_tui.store.models import AgendaItemKind, Attendance, CsgMeetingStatus
from remedy_tui.views.csg import (
    ActionView,
    AgendaItemView,
    MeetingDetail,
    MeetingView,
    day_text,
    local,
)


def action_text(action: ActionView) -> str:
    """An action with its owner and due date."""
    extra = [action.owner, f"due {day_text(action.due_on)}" if action.due_on else ""]
    details = ", ".join(e for e in extra if e)
    return f"{action.description} ({details})" if details else action.description


def minutes(
    detail: MeetingDetail, *, next_meeting: MeetingView | None, redactor: Redactor | None = None
) -> Written:
    """The minutes: who came, and for each item who stepped out and what was decided; they
    circulate, so their free text goes through ``redactor`` (see :func:`agenda`)."""
    redact = redactor or agenda_redactor(detail)
    meeting = detail.meeting
    blocks: list[Block] = [Fields(meeting_fields(meeting, redactor=redact))]
    if meeting.status is not CsgMeetingStatus.HELD:
        blocks.append(
            Paragraph("Draft: the meeting is not yet recorded as held in Remedy.", italic=True)
        )
    blocks.append(
        Paragraph("Practitioners are shown by case reference and initials only.", italic=True)
    )
    blocks.append(Heading("Attendance"))
    for label, wanted in (
        ("Present", Attendance.PRESENT),
        ("Apologies", Attendance.APOLOGIES),
        ("Absent", Attendance.ABSENT),
        ("Not recorded", None),
    ):
        names = names_by_attendance(detail.attendance, wanted)
        if names or wanted is Attendance.PRESENT:
            blocks.append(Heading(label, 2))
            blocks.append(Bullets(names) if names else Paragraph("None recorded."))
    blocks.append(Heading("Items"))
    if not detail.items:
        blocks.append(Paragraph("The agenda had no items."))
    for item in detail.items:
        blocks += _item(item, redact, meeting)
    if next_meeting is not None:
        blocks.append(Heading("Next meeting"))
        blocks.append(Paragraph(when(next_meeting)))
    title = f"{GROUP}: minutes of {day_text(local(meeting.starts_at).date())}"
    draft = meeting.status is not CsgMeetingStatus.HELD
    return Written(f"DRAFT: {title}" if draft else title, tuple(blocks))


def _item(item: AgendaItemView, redact: Redactor, meeting: MeetingView) -> list[Block]:
    who = (
        f"{item.case_reference} ({item.practitioner.initials})"
        if item.practitioner is not None
        else item.case_reference
    )
    heading = f"{item.position}. " + (f"{who}: " if who else "") + item.kind.label
    fields: list[tuple[str, str]] = [("Item", redact(item.title))]
    if item.chaired_by or item.chair_steps_out(meeting.chair_member_id):
        fields.append(("Chaired by", item.chaired_text(meeting)))
    if item.case_id is not None:
        attended = attending_text(item, with_names=False, unknown="Not recorded")
        fields.append(("Practitioner attended", attended))
    fields.append(("Discussion", redact(item.discussion_summary) or "Not recorded."))
    fields.append(("Outcome", redact(item.outcome) or "No outcome recorded."))
    if item.chair_decision:
        label = (
            f"Decision of {item.chaired_by}, chairing this item (final)"
            if item.chaired_by
            else "Chair's decision (final)"
        )
        fields.append((label, redact(item.chair_decision)))
        if item.chair_reasons:
            fields.append(("Reasons", redact(item.chair_reasons)))
    if item.next_review_on is not None:
        fields.append(("Next review", day_text(item.next_review_on)))
    elif item.case_id is not None and item.kind is not AgendaItemKind.DISPUTE:
        fields.append(("Next review", "None set."))
    blocks: list[Block] = [Heading(heading, 2)]
    if item.conflicts:
        blocks.append(
            Paragraph(
                "Stepped out for this item (conflict of interest declared): "
                + "; ".join(f"{c.member_name} ({redact(c.details)})" for c in item.conflicts)
            )
        )
    blocks.append(Fields(tuple(fields)))
    if item.actions:
        blocks.append(Paragraph("Actions:"))
        blocks.append(Bullets(tuple(redact(action_text(a)) for a in item.actions)))
    return blocks
