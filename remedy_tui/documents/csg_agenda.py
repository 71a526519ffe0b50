"""The CSG agenda: a circulation copy (case references and initials, no names) and a full one."""

from __future__ import annotations

from collections.abc import Callable

from remedy_tui.documents.blocks import Block, Bullets, Fields, Heading, Paragraph, Table, Written
from remedy_tui.documents.csg_common import GROUP, attending_text, meeting_fields, start_text
from remedy_tui.documents.redact import Redactor, identifiers
from remedy_tui.views.csg import AgendaItemView, MeetingDetail, MeetingView, day_text


def agenda(
    detail: MeetingDetail, *, circulation: bool, redactor: Redactor | None = None
) -> Written:
    """The agenda; the circulation copy names no practitioner anywhere in it: its free text
    goes through ``redactor`` (the services give it every practitioner in the store; without
    one, the agenda's own practitioners)."""
    redact = redactor or agenda_redactor(detail)
    show: Callable[[str], str] = redact if circulation else str
    blocks: list[Block] = [
        Fields(meeting_fields(detail.meeting, redactor=redact if circulation else None))
    ]
    if circulation:
        blocks.append(
            Paragraph(
                "Circulation copy: practitioners are shown by case reference and initials only. "
                "The full agenda is kept in Remedy's encrypted store.",
                italic=True,
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Full agenda, for the chair and the medical staffing officer. It names "
                "practitioners: do not circulate it.",
                italic=True,
            )
        )
    total = sum(i.minutes_allotted for i in detail.items)
    blocks.append(Heading("Items"))
    if not detail.items:
        blocks.append(Paragraph("No items yet."))
    else:
        blocks.append(
            Table(
                (
                    "#",
                    "Time",
                    "Case",
                    "Practitioner",
                    "Kind",
                    "Item",
                    "Min",
                    "Attending",
                    "Steps out",
                ),
                tuple(_row(item, circulation, show) for item in detail.items),
            )
        )
        blocks.append(Paragraph(time_summary(len(detail.items), total, detail.meeting)))
    if not circulation:
        for item in detail.items:
            blocks += _full_item(item)
    members = [a for a in detail.attendance]
    if members:
        blocks.append(Heading("Members"))
        blocks.append(Bullets(tuple(f"{a.name}, {a.role_label}" for a in members)))
    suffix = "circulation copy" if circulation else "full"
    return Written(
        f"{GROUP}: agenda for {day_text(detail.meeting.starts_at.astimezone().date())} ({suffix})",
        tuple(blocks),
    )


def agenda_redactor(detail: MeetingDetail) -> Redactor:
    """A redactor that knows only the practitioners on this agenda (for checks and tests)."""
    people = [i.practitioner for i in detail.items if i.practitioner is not None]
    return Redactor(identifiers((p.given_names, p.family_name, p.registration) for p in people))


def time_summary(count: int, total: int, meeting: MeetingView) -> str:
    """``5 items, 85 of 120 minutes`` (or how far over the meeting's length they run)."""
    length = meeting.duration_minutes
    text = f"{count} item{'s' if count != 1 else ''}, {total} of {length} minutes"
    return text + (f": {total - length} minutes over." if total > length else ".")


def _row(item: AgendaItemView, circulation: bool, show: Callable[[str], str]) -> tuple[str, ...]:
    if item.practitioner is None:
        who = "-"
    else:
        who = item.practitioner.initials if circulation else item.practitioner.name
    out = ", ".join(c.member_name for c in item.conflicts) or "-"
    return (
        str(item.position),
        start_text(item),
        item.case_reference or "-",
        who,
        item.kind.label,
        show(item.title),
        str(item.minutes_allotted),
        attending_text(item, with_names=not circulation),
        out,
    )


def _full_item(item: AgendaItemView) -> list[Block]:
    blocks: list[Block] = [Heading(f"{item.position}. {item.kind.label}: {item.title}", 2)]
    fields: list[tuple[str, str]] = []
    if item.practitioner is not None:
        p = item.practitioner
        fields += [
            ("Practitioner", p.name),
            ("Case", item.case_reference),
            ("Registration", p.registration or "not recorded"),
            ("Grade", p.grade),
        ]
        if p.employer:
            fields.append(("Employer", p.employer))
    if item.referral is not None:
        r = item.referral
        fields.append(("Referred", r.route_label or "-"))
        if r.referrer_name:
            fields.append(("Referrer", r.referrer_name))
        if r.made_on:
            fields.append(("Referred on", day_text(r.made_on)))
        if r.in_place_of_formal_action:
            fields.append(("In place of formal action", "yes; non-cooperation explained"))
    fields.append(("Attending", attending_text(item, with_names=True)))
    blocks.append(Fields(tuple(fields)))
    if item.referral is not None and item.referral.expected_outcomes:
        blocks.append(Paragraph("Expected outcomes agreed with the practitioner:"))
        blocks.append(Paragraph(item.referral.expected_outcomes))
    if item.conflicts:
        blocks.append(
            Bullets(tuple(f"{c.member_name} steps out: {c.details}" for c in item.conflicts))
        )
    return blocks
