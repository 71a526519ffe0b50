"""What the CSG's documents share: the meeting's particulars and how an item is named."""

from __future__ import annotations

from remedy_tui.documents.redact import Redactor
from remedy_tui.store.models import Attendance, CsgMeetingStatus
from remedy_tui.views.csg import (
    AgendaItemView,
    AttendanceView,
    MeetingView,
    day_text,
    local,
    when_text,
)

GROUP = "Clinical Support Group"


def meeting_fields(
    meeting: MeetingView, *, redactor: Redactor | None = None
) -> tuple[tuple[str, str], ...]:
    """Date, time, place, video link and chair, as labelled lines (the place and the link
    through ``redactor`` in a document that circulates)."""
    start, end = local(meeting.starts_at), local(meeting.ends_at)
    fields = [
        ("Date", day_text(start.date())),
        ("Time", f"{start:%H:%M} to {end:%H:%M} ({meeting.duration_minutes} minutes)"),
    ]
    if meeting.location:
        place = redactor(meeting.location) if redactor else meeting.location
        fields.append(("Place", place))
    if meeting.video_link:
        link = redactor(meeting.video_link, link=True) if redactor else meeting.video_link
        fields.append(("Video link", link))
    fields.append(("Chair", meeting.chair_name or "not set"))
    if meeting.status is CsgMeetingStatus.CANCELLED:
        fields.append(("Status", "CANCELLED"))
    return tuple(fields)


def attending_text(
    item: AgendaItemView, *, with_names: bool, unknown: str = "Not yet known"
) -> str:
    """Whether the practitioner attends their item, and with whom."""
    if item.case_id is None:
        return "-"
    if item.practitioner_attending is None:
        base = unknown
    else:
        base = "Yes" if item.practitioner_attending else "No"
    if item.representative:
        rep = f"representative: {item.representative}" if with_names else "with a representative"
        return f"{base} ({rep})"
    return base


def start_text(item: AgendaItemView) -> str:
    """The time the item is planned to start, local."""
    return f"{local(item.planned_start):%H:%M}"


def names_by_attendance(
    attendance: tuple[AttendanceView, ...], wanted: Attendance | None
) -> tuple[str, ...]:
    """The members with one attendance (None: not recorded), with their roles."""
    return tuple(f"{a.name} ({a.role_label})" for a in attendance if a.attendance is wanted)


def when(meeting: MeetingView) -> str:
    """``Sun 6 Dec 2026, 14:00``."""
    return when_text(meeting.starts_at)
