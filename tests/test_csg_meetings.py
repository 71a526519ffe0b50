"""Scheduling CSG meetings: local time, never in the past, always with a chair; attendance."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from remedy_tui import clock
from remedy_tui.services.common.errors import ConflictError, ValidationError
from remedy_tui.services.csg import meetings, members
from remedy_tui.store import Store
from remedy_tui.store.models import Attendance, CsgMeeting, CsgMeetingStatus
from remedy_tui.views.csg import when_text
from tests.helpers.csg import add_group, local_timezone, schedule


def _meetings(store: Store) -> list[CsgMeeting]:
    with store.session() as session:
        return list(session.exec(select(CsgMeeting)).all())


def _schedule(store: Store, **changes: str) -> None:
    arguments = {
        "day": "2026-12-06",
        "at": "14:00",
        "duration_minutes": "120",
        "location": "Seminar room 2",
        "video_link": "",
    } | changes
    with store.session() as session:
        meetings.schedule_meeting(session=session, actor_id=store.user.id, **arguments)


def test_a_meeting_is_typed_in_local_time_kept_in_utc_and_chaired(
    store: Store, frozen_clock: object
) -> None:
    ids = add_group(store)
    with local_timezone("Europe/London"):
        view = schedule(store, day="2027-06-02", at="14:00")  # British Summer Time
        shown = when_text(view.starts_at)
    assert view.starts_at == datetime(2027, 6, 2, 13, 0, tzinfo=UTC)
    assert shown == "Wed 2 Jun 2027, 14:00"
    assert view.chair_member_id == ids["deputy_dme"] and view.chair_name == "Dr Chair Person"
    assert view.status is CsgMeetingStatus.PLANNED


def test_a_meeting_in_the_past_is_refused_and_nothing_is_stored(
    store: Store, frozen_clock: object
) -> None:
    add_group(store)
    with pytest.raises(ValidationError, match="is in the past") as refused:
        _schedule(store, day=clock.today().isoformat(), at="00:01")
    assert refused.value.field == "date" and "Nothing was saved" in str(refused.value)
    assert _meetings(store) == []


def test_a_meeting_without_a_chair_is_refused_with_a_clear_message(
    store: Store, frozen_clock: object
) -> None:
    with store.session() as session:
        members.add_member(
            session=session, name="Dr Senior", role="senior_doctor", joined_on="2026-01-01"
        )
    with pytest.raises(ValidationError) as refused:
        _schedule(store)
    assert "The CSG has no chair on Sun 6 Dec 2026" in str(refused.value)
    assert "add a member in the role Deputy DME (chair) first" in str(refused.value)
    assert _meetings(store) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"day": "2027-02-29"}, "date", "not a real date"),
        ({"day": "31/04/2027"}, "date", "not a real date"),
        ({"day": "soon"}, "date", "not a date"),
        ({"at": "25:00"}, "time", "not a real time"),
        ({"at": "14:60"}, "time", "not a real time"),
        ({"at": "2pm"}, "time", "not a time"),
        ({"at": ""}, "time", "required"),
        ({"duration_minutes": "two hours"}, "duration_minutes", "number of minutes"),
        ({"duration_minutes": "5"}, "duration_minutes", "between 15 and 480"),
        ({"location": "", "video_link": ""}, "location", "a place, a video link, or both"),
        ({"location": "Room \x1b]0;pwned\x07"}, "location", "control characters"),
        ({"location": "Room\n2"}, "location", "one line"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_stored(
    store: Store, frozen_clock: object, changes: dict[str, str], field: str, words: str
) -> None:
    add_group(store)
    with pytest.raises(ValidationError, match=words) as refused:
        _schedule(store, **changes)
    assert refused.value.field == field
    assert _meetings(store) == []


def test_markup_in_the_place_is_kept_as_typed(store: Store, frozen_clock: object) -> None:
    add_group(store)
    _schedule(store, location="[red]Room 1[/red]")
    assert _meetings(store)[0].location == "[red]Room 1[/red]"


def test_a_meeting_at_the_same_time_as_another_is_refused(
    store: Store, frozen_clock: object
) -> None:
    add_group(store)
    _schedule(store)
    with pytest.raises(ValidationError, match="Another CSG meeting is at that time"):
        _schedule(store, at="15:30")
    _schedule(store, at="16:00")  # straight after is fine
    assert len(_meetings(store)) == 2


def test_meetings_list_upcoming_soonest_first_then_past_latest_first(
    store: Store, frozen_clock: object
) -> None:
    add_group(store)
    for day in ("2027-01-10", "2026-12-06", "2027-02-07"):
        schedule(store, day=day)
    with store.session() as session:
        session.add(
            CsgMeeting(
                starts_at=datetime(2026, 10, 1, 14, tzinfo=UTC),
                status=CsgMeetingStatus.HELD,
                location="Old room",
                created_by_id=store.user.id,
            )
        )
        session.commit()
        page = meetings.meeting_page(session=session, offset=0, limit=10, today=clock.today())
    days = [m.starts_at.date() for m in page.rows]
    assert days == [date(2026, 12, 6), date(2027, 1, 10), date(2027, 2, 7), date(2026, 10, 1)]
    assert page.total == 4


def test_attendance_is_recorded_and_holding_needs_everyone_recorded(
    store: Store, frozen_clock: object
) -> None:
    ids = add_group(store)
    meeting = schedule(store)
    with store.session() as session:
        due = meetings.attendance(session=session, meeting_id=meeting.id)
        assert due[0].is_chair and len(due) == 9
        meetings.set_attendance(
            session=session,
            meeting_id=meeting.id,
            member_id=ids["academic"],
            attendance=Attendance.APOLOGIES,
        )
    clock.freeze(datetime(2026, 12, 6, 15, tzinfo=UTC))
    with store.session() as session:
        with pytest.raises(ValidationError, match="not yet recorded: .*Dr Senior Doc"):
            meetings.mark_held(session=session, meeting_id=meeting.id)
        for row in meetings.attendance(session=session, meeting_id=meeting.id):
            if row.attendance is None:
                meetings.set_attendance(
                    session=session,
                    meeting_id=meeting.id,
                    member_id=row.member_id,
                    attendance=Attendance.PRESENT,
                )
        held = meetings.mark_held(session=session, meeting_id=meeting.id)
    assert held.status is CsgMeetingStatus.HELD


def test_a_meeting_cannot_be_marked_held_before_it_starts(
    store: Store, frozen_clock: object
) -> None:
    add_group(store)
    meeting = schedule(store)
    with store.session() as session, pytest.raises(ValidationError, match="once it has begun"):
        meetings.mark_held(session=session, meeting_id=meeting.id)


def test_rescheduling_checks_the_version_and_cancelling_ends_the_plan(
    store: Store, frozen_clock: object
) -> None:
    add_group(store)
    meeting = schedule(store)
    with store.session() as session:
        moved = meetings.update_meeting(
            session=session,
            meeting_id=meeting.id,
            expected_version=meeting.version,
            day="2026-12-07",
            at="10:00",
            duration_minutes="90",
            location="Room 4",
        )
        assert moved.duration_minutes == 90 and moved.location == "Room 4"
        with pytest.raises(ConflictError, match="since you opened it"):
            meetings.update_meeting(
                session=session,
                meeting_id=meeting.id,
                expected_version=meeting.version,  # stale
                day="2026-12-08",
                at="10:00",
                duration_minutes="90",
                location="Room 5",
            )
        cancelled = meetings.cancel_meeting(
            session=session, meeting_id=meeting.id, expected_version=moved.version
        )
        assert cancelled.status is CsgMeetingStatus.CANCELLED
        with pytest.raises(ValidationError, match="was cancelled; it cannot be rescheduled"):
            meetings.update_meeting(
                session=session,
                meeting_id=meeting.id,
                expected_version=cancelled.version,
                day="2026-12-08",
                at="10:00",
                duration_minutes="90",
                location="Room 5",
            )
