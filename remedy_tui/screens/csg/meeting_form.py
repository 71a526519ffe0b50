"""Scheduling a CSG meeting, or changing its time and place (local time)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.csg import meetings
from remedy_tui.services.desk import Desk
from remedy_tui.views.csg import MeetingView, local


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting's day, time, length and place as typed."""

    day: str
    at: str
    duration_minutes: str
    location: str
    video_link: str


def schedule(desk: Desk, draft: MeetingDraft) -> MeetingView:
    """Schedule a meeting as typed."""
    return desk.change(meetings.schedule_meeting, **asdict(draft))


def rescheduling(meeting: MeetingView) -> Submit[MeetingDraft, MeetingView]:
    """What saves a change to ``meeting``'s time or place, as typed."""

    def reschedule(desk: Desk, draft: MeetingDraft) -> MeetingView:
        return desk.change(
            meetings.update_meeting,
            meeting_id=meeting.id,
            expected_version=meeting.version,
            **asdict(draft),
        )

    return reschedule


class CsgMeetingFormScreen(FormScreen[MeetingView]):
    """Date, time, length and place (a room, a video link or both); the chair comes with it."""

    AUTO_FOCUS = "#field-date"

    def __init__(
        self, submit: Submit[MeetingDraft, MeetingView], meeting: MeetingView | None = None
    ) -> None:
        super().__init__()
        self.submit = submit
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
        draft = MeetingDraft(
            *(
                self.query_one(f"#field-{name.replace('_', '-')}", Input).value
                for name in ("date", "time", "duration_minutes", "location", "video_link")
            )
        )
        self.send(self.submit, draft)
