"""The chair's written feedback to the referring CoM or OH practitioner (seed 000, point 11)."""

from __future__ import annotations

from datetime import date

from remedy_tui.documents.blocks import Block, Bullets, Fields, Heading, Paragraph, Written
from remedy_tui.documents.csg_common import GROUP
from remedy_tui.documents.csg_minutes import action_text
from remedy_tui.store.models import AgendaItemKind, CsgMeetingStatus
from remedy_tui.views.csg import AgendaItemView, MeetingDetail, day_text, local


def feedback_letter(detail: MeetingDetail, case_id: int, *, written_on: date) -> Written:
    """The chair's letter to the referrer about one case's items at this meeting."""
    items = [i for i in detail.items if i.case_id == case_id and (i.outcome or i.chair_decision)]
    if not items:
        raise ValueError("the case has no outcome recorded at this meeting")
    first = items[0]
    practitioner = first.practitioner
    name = practitioner.name if practitioner is not None else first.case_reference
    referral = next((i.referral for i in items if i.referral is not None), None)
    referrer = referral.referrer_name if referral and referral.referrer_name else ""
    addressee = referrer or name
    to_line = addressee
    if referrer and referral is not None and referral.route is not None:
        to_line += f", referring {referral.route.label}"
    meeting_day = day_text(local(detail.meeting.starts_at).date())
    # A chair who stepped out of the case's items hands them, and this letter, to who chaired.
    deputy = next((i.chaired_by for i in items if i.chaired_by), "")
    chair = deputy or detail.meeting.chair_name or "The chair"
    chair_role = (
        f"chairing the {GROUP} for this case in place of {detail.meeting.chair_name or 'the chair'}"
        if deputy
        else f"Chair of the {GROUP}"
    )
    about = name
    if practitioner is not None and practitioner.registration:
        about += f" ({practitioner.registration})"
    draft = detail.meeting.status is not CsgMeetingStatus.HELD
    blocks: list[Block] = []
    if draft:
        blocks.append(
            Paragraph(
                "DRAFT: the meeting is not yet recorded as held in Remedy. Do not send this "
                "letter until it is.",
                italic=True,
            )
        )
    blocks += [
        Fields(
            (
                ("Date", day_text(written_on)),
                ("To", to_line),
                ("From", f"{chair}, {chair_role}"),
                ("About", f"{about}, case {first.case_reference}"),
            )
        ),
        Paragraph(f"Dear {addressee},"),
    ]
    if any(i.kind is AgendaItemKind.NEW_REFERRAL for i in items):
        how = f" ({referral.route_label})" if referral and referral.route_label else ""
        opening = (
            f"Thank you for referring {name} to the {GROUP}{how}. The group considered the "
            f"referral at its meeting on {meeting_day}."
        )
    else:
        opening = f"The {GROUP} reviewed {name}'s progress at its meeting on {meeting_day}."
    attended = _attendance_sentence(name, first)
    blocks.append(Paragraph(opening + (f" {attended}" if attended else "")))
    if referral is not None and referral.expected_outcomes:
        blocks += [
            Heading("The outcomes agreed at referral"),
            Paragraph(referral.expected_outcomes),
        ]
    for item in items:
        blocks += _item(item, len(items) > 1)
    reviews = [i.next_review_on for i in items if i.next_review_on]
    blocks.append(Heading("Next review"))
    blocks.append(
        Paragraph(
            f"The group will review progress again on or after {day_text(min(reviews))}."
            if reviews
            else "The group did not set a further review."
        )
    )
    blocks += [
        Paragraph(
            "This letter is the chair's written feedback to the referrer and will be held in "
            "the practitioner's personal file."
        ),
        Paragraph("Yours sincerely,"),
        Paragraph(f"{chair}\n" + (f"C{chair_role[1:]}" if deputy else f"Chair, {GROUP}")),
    ]
    title = f"{GROUP}: feedback on {first.case_reference}"
    return Written(f"DRAFT: {title}" if draft else title, tuple(blocks))


def _attendance_sentence(name: str, item: AgendaItemView) -> str:
    if item.practitioner_attending is None:
        return ""
    sentence = f"{name} {'attended' if item.practitioner_attending else 'did not attend'}"
    if item.representative:
        sentence += f", represented by {item.representative}"
    return sentence + "."


def _item(item: AgendaItemView, titled: bool) -> list[Block]:
    blocks: list[Block] = []
    if titled:
        blocks.append(Heading(f"{item.kind.label}: {item.title}"))
    blocks += [
        Heading("What the group discussed", 2 if titled else 1),
        Paragraph(item.discussion_summary or "Not recorded."),
    ]
    if item.outcome:
        blocks += [Heading("Outcome", 2 if titled else 1), Paragraph(item.outcome)]
    if item.chair_decision:
        blocks += [
            Heading(
                f"The decision of {item.chaired_by}, chairing, on the dispute (final)"
                if item.chaired_by
                else "The chair's decision on the dispute (final)",
                2 if titled else 1,
            ),
            Paragraph(item.chair_decision),
        ]
        if item.chair_reasons:
            blocks.append(Paragraph(f"Reasons: {item.chair_reasons}"))
    if item.actions:
        blocks += [
            Heading("Actions agreed", 2 if titled else 1),
            Bullets(tuple(action_text(a) for a in item.actions)),
        ]
    return blocks
