"""The chair's letter inviting a practitioner to the CSG meeting that considers their case:
in person if the group asks, with a representative if they wish (the Clinical Support Group
paper, point 7)."""

from __future__ import annotations

from datetime import date

from remedy_tui.documents.blocks import Block, Fields, Paragraph, Written
from remedy_tui.documents.csg_common import GROUP, start_text
from remedy_tui.store.models import AgendaItemKind
from remedy_tui.views.csg import AgendaItemView, MeetingDetail, day_text, local


def invitation_letter(detail: MeetingDetail, case_id: int, *, written_on: date) -> Written:
    """The letter to the practitioner of ``case_id`` about this meeting."""
    items = [i for i in detail.items if i.case_id == case_id]
    if not items or items[0].practitioner is None:
        raise ValueError("the case is not on this agenda")
    first = items[0]
    practitioner = first.practitioner
    assert practitioner is not None
    meeting = detail.meeting
    start = local(meeting.starts_at)
    chair = meeting.chair_name or "The chair"
    place = [meeting.location] if meeting.location else []
    if meeting.video_link:
        place.append(f"or by video: {meeting.video_link}")
    blocks: list[Block] = [
        Fields(
            (
                ("Date", day_text(written_on)),
                ("To", practitioner.name),
                ("From", f"{chair}, Chair of the {GROUP}"),
                ("About", f"Case {first.case_reference}"),
            )
        ),
        Paragraph(f"Dear {practitioner.name},"),
        Paragraph(
            f"The {GROUP} will consider {_what(items)} at its meeting on "
            f"{day_text(start.date())}, at about {start_text(first)} "
            f"(the meeting starts at {start:%H:%M})"
            + (f", at {' '.join(place)}" if place else "")
            + "."
        ),
        Paragraph(
            "The group expects you to attend in person if it asks you to. You are welcome to "
            "bring a representative (for example from your professional body, defence "
            "organisation or trade union), and their attendance will be arranged if you wish: "
            "please tell us their name before the meeting."
        ),
        Paragraph(
            "Please let us know whether you will attend, and whether a representative will "
            "come with you, by replying to this letter. If the date does not suit you, say so "
            "and we will look for another."
        ),
        Paragraph("Yours sincerely,"),
        Paragraph(f"{chair}\nChair, {GROUP}"),
    ]
    return Written(f"{GROUP}: invitation to the meeting of {day_text(start.date())}", tuple(blocks))


def _what(items: list[AgendaItemView]) -> str:
    kinds = {i.kind for i in items}
    parts = []
    if AgendaItemKind.NEW_REFERRAL in kinds:
        parts.append("your referral to the group")
    if AgendaItemKind.REVIEW in kinds:
        parts.append("your progress against the outcomes agreed")
    if AgendaItemKind.DISPUTE in kinds:
        parts.append("the matter you have disputed")
    return " and ".join(parts) or "your case"
