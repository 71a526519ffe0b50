"""Scheduling a CSG meeting, or changing its time and place (local time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.csg import meetings
from remedy_tui.store import Store
from remedy_tui.views.csg import MeetingView, local


class CsgMeetingFormScreen(FormScreen[MeetingView]):
    """Date, time, length and place (a room, a video link or both); the chair comes with it."""

    AUTO_FOCUS = "#field-date"

    def __init__(self, store: Store, meeting: MeetingView | None = None) -> None:
        super().__init__()
        self.store = store
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        start = local(meeting.starts_at) if meeting else None
        title = "Change the meeting" if meeting else "Schedule a CSG meeting"
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static(title, classes="title")
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Date (YYYY-MM-DD)")
                    yield Input(
                        start.date().isoformat() if start else "",
                        id="field-date",
                        placeholder="YYYY-MM-DD",
                    )
                with Vertical():
                    yield Label("Time (HH:MM)")
                    yield Input(f"{start:%H:%M}" if start else "14:00", id="field-time")
                with Vertical():
                    yield Label("Length (minutes)")
                    yield Input(
                        str(meeting.duration_minutes) if meeting else "120",
                        id="field-duration-minutes",
                    )
            yield Label("Place")
            yield Input(meeting.location if meeting else "", id="field-location")
            yield Label("Video link")
            yield Input(meeting.video_link if meeting else "", id="field-video-link")
            yield self.message_line()
            yield Static(
                "The Deputy DME in post on the day chairs. ctrl+s saves · Escape cancels",
                classes="hint",
            )

    def action_save(self) -> None:
        """Schedule (or change) the meeting."""
        values = {
            name: self.query_one(f"#field-{name.replace('_', '-')}", Input).value
            for name in ("date", "time", "duration_minutes", "location", "video_link")
        }
        store, meeting = self.store, self.meeting

        def save() -> MeetingView:
            with store.session() as session:
                common = {
                    "day": values["date"],
                    "at": values["time"],
                    "duration_minutes": values["duration_minutes"],
                    "location": values["location"],
                    "video_link": values["video_link"],
                }
                if meeting is None:
                    return meetings.schedule_meeting(
                        session=session, actor_id=store.user.id, **common
                    )
                return meetings.update_meeting(
                    session=session,
                    meeting_id=meeting.id,
                    expected_version=meeting.version,
                    **common,
                )

        self.save_with(save)
