"""A calendar invitation (RFC 5545, iTIP) for a CSG meeting; it names no practitioner.

Written with the maintained ``icalendar`` library: the file is a real invitation, sent in the
chair's name (ORGANIZER) to every current member with an e-mail address (ATTENDEE), with
METHOD:REQUEST, times in Europe/London with their VTIMEZONE, and a SEQUENCE that rises with
every change to the meeting, so Outlook and other calendars update the event they already have
(same UID) instead of adding another. A cancelled meeting is METHOD:CANCEL for the same event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from remedy_tui.documents.csg_common import GROUP
from remedy_tui.store.models import CsgMeetingStatus
from remedy_tui.views.csg import MeetingView

LONDON = ZoneInfo("Europe/London")
PRODUCT = "-//Remedy//Clinical Support Group//EN"


@dataclass(frozen=True)
class Invitee:
    """Someone the invitation is from or to: their name and e-mail address."""

    name: str
    email: str


def _address(person: Invitee, *, organiser: bool = False) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    if not organiser:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def invitation(
    meeting: MeetingView,
    *,
    uid: str,
    stamp: datetime,
    organiser: Invitee,
    attendees: Sequence[Invitee],
) -> str:
    """The meeting as an invitation from ``organiser`` (the chair) to ``attendees`` (a
    cancellation, if the meeting was cancelled)."""
    cancelled = meeting.status is CsgMeetingStatus.CANCELLED
    lines = [f"Chair: {meeting.chair_name or organiser.name}"]
    if meeting.video_link:
        lines.append(f"Video link: {meeting.video_link}")
    lines.append("The agenda is circulated separately.")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    # Each change to the meeting raises its version; the calendar applies the higher one.
    event.add("sequence", max(0, meeting.version - 1))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", ("Cancelled: " if cancelled else "") + GROUP)
    place = meeting.location or meeting.video_link
    if place:
        event.add("location", place)
    event.add("description", "\n".join(lines))
    link = meeting.video_link
    if link.startswith(("https://", "http://")) and not any(ch.isspace() for ch in link):
        event.add("url", link)
    event.add("organizer", _address(organiser, organiser=True))
    for person in attendees:
        event.add("attendee", _address(person))
    calendar.add_component(event)
    # The zone's rules for the year around the meeting, not every year since 1970.
    day = meeting.starts_at.astimezone(LONDON).date()
    calendar.add_missing_timezones(day - timedelta(days=366), day + timedelta(days=366))
    text: str = calendar.to_ical().decode("utf-8")
    return text
