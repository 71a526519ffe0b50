"""A calendar invitation (RFC 5545) for a CSG meeting; it names no practitioner."""

from __future__ import annotations

from datetime import UTC, datetime

from remedy_tui.documents.csg_common import GROUP
from remedy_tui.store.models import CsgMeetingStatus
from remedy_tui.views.csg import MeetingView

FOLD_AT = 75  # octets per line, CRLF not counted (RFC 5545, 3.1)


def escape_text(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545, 3.3.11)."""
    out = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    out = out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in out if ch == "\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)


def fold(line: str) -> str:
    """One content line folded to 75 octets, never splitting a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, FOLD_AT
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = ch, width, FOLD_AT - 1  # continuation lines start with a space
        else:
            current += ch
            size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(meeting: MeetingView, *, uid: str, stamp: datetime) -> str:
    """The meeting as an iCalendar file (published; a cancelled meeting says so)."""
    cancelled = meeting.status is CsgMeetingStatus.CANCELLED
    lines = [f"Chair: {meeting.chair_name or 'not set'}"]
    if meeting.video_link:
        lines.append(f"Video link: {meeting.video_link}")
    lines.append("The agenda is circulated separately.")
    properties = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", "-//Remedy//Clinical Support Group//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("BEGIN", "VEVENT"),
        ("UID", uid),
        ("DTSTAMP", _utc(stamp)),
        ("DTSTART", _utc(meeting.starts_at)),
        ("DTEND", _utc(meeting.ends_at)),
        ("SEQUENCE", str(max(0, meeting.version - 1))),
        ("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
        ("SUMMARY", escape_text(("Cancelled: " if cancelled else "") + GROUP)),
        ("LOCATION", escape_text(meeting.location or meeting.video_link)),
        ("DESCRIPTION", escape_text("\n".join(lines))),
    ]
    link = meeting.video_link
    if link.startswith(("https://", "http://")) and not any(ch.isspace() for ch in link):
        properties.append(("URL", meeting.video_link))
    properties += [("END", "VEVENT"), ("END", "VCALENDAR")]
    return "".join(fold(f"{name}:{value}") + "\r\n" for name, value in properties)
