"""Meetings of the group: scheduling, rescheduling, cancelling, holding, and attendance."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui import clock
from remedy_tui.services.common.access import Access
from remedy_tui.services.common.conflicts import check_version
from remedy_tui.services.common.errors import NotFoundError, ValidationError
from remedy_tui.services.common.reference_data import csg_roles
from remedy_tui.services.common.validation import clean_text, parse_date
from remedy_tui.services.csg.members import chair_on, members_on, role_label
from remedy_tui.store.models import (
    AgendaItem,
    Attendance,
    CsgAttendance,
    CsgMeeting,
    CsgMeetingStatus,
    CsgMember,
)
from remedy_tui.views.csg import (
    AttendanceView,
    MeetingPage,
    MeetingView,
    day_text,
    local,
    when_text,
)

_TIME = re.compile(r"^(\d{1,2})[:.h]?(\d{2})$")
MIN_DURATION = 15
MAX_DURATION = 480


def parse_time(value: str | None, *, field: str, label: str) -> time:
    """A time of day typed as 14:00 (or 14.00, 1400), with a clear error for impossible ones."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, f"{label} is required (HH:MM, 24-hour clock).")
    match = _TIME.match(text)
    if not match:
        raise ValidationError(field, f"{label}: {text!r} is not a time; use HH:MM, e.g. 14:00.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"{label}: {text} is not a real time of day.")
    return time(hour, minute)


def _duration(value: str | int) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise ValidationError("duration_minutes", "The length is a number of minutes, e.g. 120.")
    minutes = int(text)
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise ValidationError(
            "duration_minutes",
            f"A meeting lasts between {MIN_DURATION} and {MAX_DURATION} minutes.",
        )
    return minutes


def _starts_at(day_typed: str, time_typed: str) -> datetime:
    day = parse_date(day_typed, field="date", label="The date", required=True)
    assert day is not None
    at = parse_time(time_typed, field="time", label="The time")
    # Typed in local time; kept as UTC.
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def _place(location: str, video_link: str) -> tuple[str | None, str | None]:
    room = clean_text(location, field="location", label="The place", max_length=300)
    link = clean_text(video_link, field="video_link", label="The video link", max_length=500)
    if not room and not link:
        raise ValidationError(
            "location", "Say where the meeting is: a place, a video link, or both."
        )
    return room, link


def _check_no_overlap(
    session: Session, starts_at: datetime, minutes: int, ignore_id: int | None = None
) -> None:
    ends_at = starts_at + timedelta(minutes=minutes)
    nearby = session.exec(
        select(CsgMeeting).where(
            col(CsgMeeting.starts_at) < ends_at,
            col(CsgMeeting.starts_at) > starts_at - timedelta(minutes=MAX_DURATION),
            col(CsgMeeting.status) != CsgMeetingStatus.CANCELLED,
        )
    ).all()
    for other in nearby:
        if other.id == ignore_id:
            continue
        if other.starts_at + timedelta(minutes=other.duration_minutes) > starts_at:
            raise ValidationError(
                "time",
                f"Another CSG meeting is at that time ({when_text(other.starts_at)}). "
                "Nothing was saved.",
            )


def _chair_for(session: Session, starts_at: datetime) -> CsgMember:
    day = local(starts_at).date()
    chair = chair_on(session=session, day=day)
    if chair is None:
        raise ValidationError(
            "date",
            f"The CSG has no chair on {day_text(day)}: add a member in the role "
            f"{csg_roles().chair.label} first, then schedule the meeting. Nothing was saved.",
        )
    return chair


def schedule_meeting(
    *,
    session: Session,
    actor_id: int,
    day: str,
    at: str,
    duration_minutes: str | int = 120,
    location: str = "",
    video_link: str = "",
) -> MeetingView:
    """Schedule a meeting in local time; one in the past, or without a chair, is refused."""
    starts_at = _starts_at(day, at)
    if starts_at < clock.now():
        raise ValidationError(
            "date",
            f"{when_text(starts_at)} is in the past: a meeting can only be scheduled ahead. "
            "Nothing was saved.",
        )
    minutes = _duration(duration_minutes)
    room, link = _place(location, video_link)
    chair = _chair_for(session, starts_at)
    _check_no_overlap(session, starts_at, minutes)
    meeting = CsgMeeting(
        starts_at=starts_at,
        duration_minutes=minutes,
        location=room,
        video_link=link,
        status=CsgMeetingStatus.PLANNED,
        chair_member_id=chair.id,
        created_by_id=actor_id,
    )
    session.add(meeting)
    session.commit()
    return get_meeting(session=session, meeting_id=_id(meeting))


def update_meeting(
    *,
    session: Session,
    meeting_id: int,
    expected_version: int,
    day: str,
    at: str,
    duration_minutes: str | int,
    location: str = "",
    video_link: str = "",
    access: Access | None = None,
) -> MeetingView:
    """Change a planned meeting's time or place; moving it into the past is refused."""
    meeting = _planned(session, meeting_id, "rescheduled")
    starts_at = _starts_at(day, at)
    if starts_at != meeting.starts_at and starts_at < clock.now():
        raise ValidationError("date", f"{when_text(starts_at)} is in the past. Nothing was saved.")
    minutes = _duration(duration_minutes)
    room, link = _place(location, video_link)
    chair = _chair_for(session, starts_at)
    _check_no_overlap(session, starts_at, minutes, ignore_id=meeting_id)
    check_version(
        session=session,
        record=meeting,
        expected_version=expected_version,
        what="The meeting",
        access=access,
    )
    meeting.starts_at = starts_at
    meeting.duration_minutes = minutes
    meeting.location = room
    meeting.video_link = link
    meeting.chair_member_id = chair.id
    session.add(meeting)
    session.commit()
    return get_meeting(session=session, meeting_id=meeting_id)


def _id(meeting: CsgMeeting) -> int:
    assert meeting.id is not None
    return meeting.id


def load_meeting(session: Session, meeting_id: int) -> CsgMeeting:
    """The meeting row, or a clear error."""
    meeting = session.get(CsgMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting is no longer in the store.")
    return meeting


def _planned(session: Session, meeting_id: int, doing: str) -> CsgMeeting:
    meeting = load_meeting(session, meeting_id)
    if meeting.status is not CsgMeetingStatus.PLANNED:
        raise ValidationError(
            "meeting",
            f"The meeting of {when_text(meeting.starts_at)} was {meeting.status.label.lower()}; "
            f"it cannot be {doing}.",
        )
    return meeting


def require_planned(session: Session, meeting_id: int, doing: str) -> CsgMeeting:
    """The meeting, if it is still planned (its agenda can change); else a clear error."""
    return _planned(session, meeting_id, doing)


def cancel_meeting(
    *, session: Session, meeting_id: int, expected_version: int, access: Access | None = None
) -> MeetingView:
    """Cancel a planned meeting; its cases are proposed again for the next one."""
    meeting = _planned(session, meeting_id, "cancelled")
    check_version(
        session=session,
        record=meeting,
        expected_version=expected_version,
        what="The meeting",
        access=access,
    )
    meeting.status = CsgMeetingStatus.CANCELLED
    session.add(meeting)
    session.commit()
    return get_meeting(session=session, meeting_id=meeting_id)


def mark_held(*, session: Session, meeting_id: int) -> MeetingView:
    """Record that the meeting took place; everyone due must have their attendance recorded."""
    meeting = _planned(session, meeting_id, "marked as held")
    if meeting.starts_at > clock.now():
        raise ValidationError(
            "meeting",
            f"The meeting starts {when_text(meeting.starts_at)}; it can be marked as held once "
            "it has begun.",
        )
    missing = [
        a.name for a in attendance(session=session, meeting_id=meeting_id) if a.attendance is None
    ]
    if missing:
        raise ValidationError(
            "attendance",
            "Record attendance or apologies for everyone first (not yet recorded: "
            f"{', '.join(missing)}).",
        )
    meeting.status = CsgMeetingStatus.HELD
    session.add(meeting)
    session.commit()
    return get_meeting(session=session, meeting_id=meeting_id)


def _views(
    session: Session, where: Any, order: list[Any], offset: int, limit: int
) -> list[MeetingView]:
    items = (
        select(
            col(AgendaItem.meeting_id).label("meeting_id"),
            func.count().label("n"),
            func.sum(col(AgendaItem.minutes_allotted)).label("total"),
        )
        .group_by(col(AgendaItem.meeting_id))
        .subquery()
    )
    statement = (
        sa_select(
            CsgMeeting,
            col(CsgMember.name),
            col(CsgMember.left_on),
            items.c.n,
            items.c.total,
        )
        .outerjoin(CsgMember, col(CsgMember.id) == col(CsgMeeting.chair_member_id))
        .outerjoin(items, items.c.meeting_id == col(CsgMeeting.id))
    )
    if where is not None:
        statement = statement.where(where)
    rows = session.execute(statement.order_by(*order).offset(offset).limit(limit)).all()
    views = []
    for meeting, chair_name, chair_left, n, total in rows:
        chair_current = chair_left is None or chair_left > local(meeting.starts_at).date()
        views.append(
            MeetingView(
                id=_id(meeting),
                starts_at=meeting.starts_at,
                duration_minutes=meeting.duration_minutes,
                location=meeting.location or "",
                video_link=meeting.video_link or "",
                status=meeting.status,
                chair_member_id=meeting.chair_member_id,
                chair_name=(chair_name or "") if chair_current else "",
                item_count=int(n or 0),
                minutes_allotted=int(total or 0),
                version=meeting.version,
            )
        )
    return views


def get_meeting(*, session: Session, meeting_id: int) -> MeetingView:
    """One meeting as a view."""
    views = _views(session, col(CsgMeeting.id) == meeting_id, [col(CsgMeeting.id)], 0, 1)
    if not views:
        raise NotFoundError("That meeting is no longer in the store.")
    return views[0]


def meeting_page(*, session: Session, offset: int, limit: int, today: date) -> MeetingPage:
    """A page of meetings: from today onwards soonest first, then earlier ones latest first."""
    boundary = datetime.combine(today, time()).astimezone().astimezone(UTC)
    ahead = col(CsgMeeting.starts_at) >= boundary
    order = [
        case((ahead, 0), else_=1),
        case((ahead, col(CsgMeeting.starts_at)), else_=None),
        col(CsgMeeting.starts_at).desc(),
        col(CsgMeeting.id),
    ]
    offset = max(0, offset)
    rows = _views(session, None, order, offset, limit)
    total = int(session.exec(select(func.count()).select_from(CsgMeeting)).one())
    return MeetingPage(rows=tuple(rows), total=total, offset=offset, limit=limit)


def next_meeting(*, session: Session, after: datetime) -> MeetingView | None:
    """The first planned meeting starting after ``after``."""
    views = _views(
        session,
        (col(CsgMeeting.starts_at) > after) & (col(CsgMeeting.status) == CsgMeetingStatus.PLANNED),
        [col(CsgMeeting.starts_at)],
        0,
        1,
    )
    return views[0] if views else None


def attendance(*, session: Session, meeting_id: int) -> list[AttendanceView]:
    """Everyone due at the meeting (members on its day) and anyone recorded, chair first."""
    meeting = load_meeting(session, meeting_id)
    day = local(meeting.starts_at).date()
    due = {m.id: m for m in members_on(session=session, day=day)}
    recorded = {
        row.member_id: row.attendance
        for row in session.exec(
            select(CsgAttendance).where(col(CsgAttendance.meeting_id) == meeting_id)
        ).all()
    }
    missing_ids = [mid for mid in recorded if mid not in due]
    if missing_ids:
        for member in session.exec(select(CsgMember).where(col(CsgMember.id).in_(missing_ids))):
            due[member.id] = member
    views = [
        AttendanceView(
            member_id=mid,
            name=member.name,
            role_label=role_label(member.role),
            is_chair=mid == meeting.chair_member_id,
            attendance=recorded.get(mid),
        )
        for mid, member in due.items()
        if mid is not None
    ]
    views.sort(key=lambda a: (not a.is_chair, a.name.casefold()))
    return views


def set_attendance(
    *, session: Session, meeting_id: int, member_id: int, attendance: Attendance | None
) -> None:
    """Record a member as present, sending apologies or absent (None clears it)."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status is CsgMeetingStatus.CANCELLED:
        raise ValidationError("attendance", "The meeting was cancelled; nobody attends it.")
    member = session.get(CsgMember, member_id)
    if member is None:
        raise NotFoundError("That member is no longer in the store.")
    day = local(meeting.starts_at).date()
    row = session.exec(
        select(CsgAttendance).where(
            col(CsgAttendance.meeting_id) == meeting_id, col(CsgAttendance.member_id) == member_id
        )
    ).first()
    if row is None and not (
        member.joined_on <= day and (member.left_on is None or member.left_on > day)
    ):
        raise ValidationError("attendance", f"{member.name} was not a member on {day_text(day)}.")
    if attendance is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            CsgAttendance(meeting_id=meeting_id, member_id=member_id, attendance=attendance)
        )
    else:
        row.attendance = attendance
        session.add(row)
    session.commit()
