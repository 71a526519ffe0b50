"""The weekly triage meeting: set it up, then step through the queue deciding with one key.

Built for the chair at the keyboard with the screen shared: one referral at a time in large,
plain text; a key per outcome; the rationale typed in the form that follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, SelectionList, Static

from remedy_tui import clock
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.screens.triage.actions import TriageActions
from remedy_tui.screens.triage.minutes import MinutesScreen
from remedy_tui.screens.triage.small_forms import ActionDraft, MeetingActionScreen
from remedy_tui.services.desk import Desk
from remedy_tui.services.triage.decide import Person, ReferralDetail, people, referral_detail
from remedy_tui.services.triage.meetings import (
    MeetingView,
    add_action,
    decisions_in_meeting,
    end_meeting,
    meeting_agenda,
    meeting_view,
)
from remedy_tui.store.models import TriageOutcome
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.referral_summary import ReferralSummary

KEYS_HELP = (
    "1 2 3 level  ·  k keep on file  ·  b refer back to trust  ·  i request information  ·  "
    "o open case  ·  s senior owner  ·  e escalate to Dean  ·  l link to open case  ·  "
    "w defer to next week  ·  a action  ·  ← → previous/next  ·  ctrl+e end meeting"
)
# The same keys in fewer words, for a narrow terminal (two lines at 80 columns, not four).
KEYS_SHORT = (
    "1 2 3 level · k keep · b trust · i info · o open case · s senior owner · e Dean · "
    "l link · w defer · a action · ← → move · ctrl+e end"
)
NARROW = 100
OUTCOME_KEYS = {
    "keep": TriageOutcome.NO_FURTHER_ACTION,
    "trust": TriageOutcome.REFER_BACK_TO_TRUST,
    "info": TriageOutcome.REQUEST_INFORMATION,
    "open": TriageOutcome.OPEN_CASE,
    "senior": TriageOutcome.SENIOR_OWNER,
    "dean": TriageOutcome.ESCALATE_TO_DEAN,
    "link": TriageOutcome.LINK_TO_CASE,
    "defer": TriageOutcome.DEFER,
}


@dataclass(frozen=True)
class MeetingDraft:
    """The meeting as typed: its date, chair and who attends (by name)."""

    held_on: str
    chair_id: int | None
    attendees: tuple[str, ...]


class MeetingSetupScreen(FormScreen[MeetingView]):
    """Date, chair and attendees; dismisses with the meeting, now in progress."""

    AUTO_FOCUS = "#field-held-on"

    def __init__(
        self,
        team: list[Person],
        chair_id: int,
        submit: Submit[MeetingDraft, MeetingView],
        *,
        attending_id: int | None = None,
    ) -> None:
        super().__init__()
        self.team, self.chair_id, self.submit = team, chair_id, submit
        self.attending_id = attending_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static("Start the weekly triage meeting", classes="title")
            yield Label("Date")
            yield Input(clock.today().isoformat(), id="field-held-on")
            yield Label("Chair")
            yield Select(
                [(p.name, p.id) for p in self.team],
                id="field-chair-id",
                value=self.chair_id,
                allow_blank=False,
            )
            yield Label("Attending (space ticks)")
            yield SelectionList[int](
                *[
                    (f"{p.name} ({p.role.label})", p.id, p.id == self.attending_id)
                    for p in self.team
                ],
                id="field-attendees",
            )
            yield Label("Others attending (names, separated by commas)")
            yield Input(id="field-others")
            yield self.message_line()
            yield Static("ctrl+s starts the meeting · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Start the meeting."""
        chair = self.query_one("#field-chair-id", Select).value
        held_on = self.query_one("#field-held-on", Input).value
        chosen = set(self.query_one("#field-attendees", SelectionList).selected)
        names = [p.name for p in self.team if p.id in chosen]
        names += [n for n in self.query_one("#field-others", Input).value.split(",")]
        draft = MeetingDraft(
            held_on=held_on,
            chair_id=chair if isinstance(chair, int) else None,
            attendees=tuple(names),
        )
        self.send(self.submit, draft)


class MeetingModeScreen(TriageActions, Screen[None]):
    """One referral at a time; next and previous with one key, decide with one key."""

    TITLE = "Triage meeting"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "step(1)", "Next"),
        Binding("left,p", "step(-1)", "Previous"),
        Binding("1", "level(1)", "Level 1", show=False),
        Binding("2", "level(2)", "Level 2", show=False),
        Binding("3", "level(3)", "Level 3", show=False),
        Binding("k", "decide('keep')", "Keep on file", show=False),
        Binding("b", "decide('trust')", "Refer back to trust", show=False),
        Binding("i", "decide('info')", "Request information", show=False),
        Binding("o", "decide('open')", "Open case", show=False),
        Binding("s", "decide('senior')", "Senior owner", show=False),
        Binding("e", "decide('dean')", "Escalate to Dean", show=False),
        Binding("l", "decide('link')", "Link to open case", show=False),
        Binding("w", "decide('defer')", "Defer", show=False),
        Binding("a", "add_action", "Action"),
        Binding("ctrl+e", "end", "End meeting", priority=True),
        Binding("escape", "leave", "Leave (meeting stays open)"),
    ]

    @dataclass(frozen=True)
    class Agenda:
        """The meeting's referrals, and what it has decided so far."""

        meeting: MeetingView
        referral_ids: list[int]
        decided: dict[int, str]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: MeetingView | None = None
        self.referral_ids: list[int] = []
        self.decided: dict[int, str] = {}
        self.index = 0
        self.level: int | None = None
        self.detail: ReferralDetail | None = None
        self._advance_after_load = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="meeting-bar")
        with VerticalScroll(id="meeting-scroll"):
            yield ReferralSummary("Loading the queue...", id="meeting-summary")
        yield Static(KEYS_HELP, id="meeting-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#meeting-scroll").focus()
        self.load_agenda()

    def on_resize(self, event: events.Resize) -> None:
        # The keys in full on a wide screen; in fewer words on a narrow one, so the referral
        # keeps the room.
        full = event.size.width >= NARROW
        self.query_one("#meeting-keys", Static).update(KEYS_HELP if full else KEYS_SHORT)

    def load_agenda(self) -> None:
        """Read the meeting's referrals at the desk."""
        meeting_id = self.meeting_id

        def load(desk: Desk) -> MeetingModeScreen.Agenda:
            return self.Agenda(
                desk.read(meeting_view, meeting_id=meeting_id),
                desk.read(meeting_agenda, meeting_id=meeting_id),
                desk.read(decisions_in_meeting, meeting_id=meeting_id),
            )

        self.ask(load, self._agenda, group="meeting-agenda")

    def _agenda(self, agenda: Agenda) -> None:
        current = self.referral_ids[self.index] if self.referral_ids else None
        self.meeting, self.referral_ids, self.decided = (
            agenda.meeting,
            agenda.referral_ids,
            agenda.decided,
        )
        if current in self.referral_ids:
            self.index = self.referral_ids.index(current)
        if self._advance_after_load:
            self._advance_after_load = False
            self._next_undecided()
        self.index = max(0, min(self.index, len(self.referral_ids) - 1))
        self._load_current()

    def _next_undecided(self) -> None:
        for step in range(1, len(self.referral_ids) + 1):
            candidate = (self.index + step) % len(self.referral_ids)
            if self.referral_ids[candidate] not in self.decided:
                self.index = candidate
                return

    def _load_current(self) -> None:
        self._bar()
        if not self.referral_ids:
            self.query_one(ReferralSummary).update(
                "The queue is empty: nothing is waiting for triage. ctrl+e ends the meeting."
            )
            return
        self.load_detail(self.referral_ids[self.index])

    def load_detail(self, referral_id: int) -> None:
        """Read one referral at the desk."""
        self.ask(
            lambda desk: desk.read(referral_detail, referral_id=referral_id, today=clock.today()),
            self._current,
            group="meeting-detail",
        )

    def _current(self, detail: ReferralDetail) -> None:
        if not self.referral_ids or detail.id != self.referral_ids[self.index]:
            return
        self.detail = detail
        self.level = None
        self.query_one(ReferralSummary).show(detail)
        self.query_one("#meeting-scroll").scroll_home(animate=False)
        self._bar()

    def _bar(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        total = len(self.referral_ids)
        line = (
            f"Meeting {meeting.held_on.strftime('%d %b %Y')} · chair {meeting.chair} · "
            f"referral {self.index + 1 if total else 0} of {total} · "
            f"{len(self.decided)} decided"
        )
        if self.referral_ids and self.referral_ids[self.index] in self.decided:
            line += f" · THIS ONE: {self.decided[self.referral_ids[self.index]]}"
        if self.level:
            line += f" · level {self.level} chosen"
        self.query_one("#meeting-bar", Static).update(literal(line))

    def triage_changed(self) -> None:
        self._advance_after_load = True
        self.load_agenda()

    def action_step(self, step: int) -> None:
        """Next or previous referral."""
        if self.referral_ids:
            self.index = (self.index + step) % len(self.referral_ids)
            self._load_current()

    def action_level(self, level: int) -> None:
        """Choose the level before choosing the outcome."""
        self.level = level
        self._bar()

    def action_decide(self, key: str) -> None:
        """Decide the referral on screen with the outcome for ``key``; the rationale follows."""
        if self.detail is None:
            return
        if self.detail.id in self.decided:
            self.notify("Already decided in this meeting.", markup=False)
            return
        self.start_decision(
            self.detail.id, outcome=OUTCOME_KEYS[key], level=self.level, meeting_id=self.meeting_id
        )

    def action_add_action(self) -> None:
        """An action agreed for the referral on screen."""
        self.ask(lambda desk: desk.read(people), self._open_action, group="meeting-action")

    def _open_action(self, team: list[Person]) -> None:
        detail = self.detail
        about = detail.reference if detail else "the meeting"
        meeting_id, referral_id = self.meeting_id, detail.id if detail else None

        def record(desk: Desk, draft: ActionDraft) -> bool:
            desk.change(
                add_action,
                meeting_id=meeting_id,
                description=draft.description,
                owner_id=draft.owner_id,
                owner_name=draft.owner_name,
                due_on=draft.due_on,
                referral_id=referral_id,
            )
            return True

        self.app.push_screen(MeetingActionScreen(team, about, record), self._action_added)

    def _action_added(self, added: bool | None) -> None:
        if added:
            self.notify("Action added to the minutes.", markup=False)

    def action_end(self) -> None:
        """End the meeting and write its minutes."""
        waiting = len(self.referral_ids) - len(self.decided)
        detail = (
            f"{waiting} referral(s) not decided stay in the queue for next week."
            if waiting
            else "Every referral has a decision."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self._end()

        self.app.push_screen(
            ConfirmScreen("End the meeting and write the minutes?", detail), answer
        )

    def _end(self) -> None:
        meeting_id = self.meeting_id
        self.ask(
            lambda desk: desk.change(end_meeting, meeting_id=meeting_id),
            self._show_minutes,
            change=True,
        )

    def _show_minutes(self, _minutes: object) -> None:
        self.dismiss(None)
        self.app.push_screen(MinutesScreen(self.meeting_id))

    def action_leave(self) -> None:
        """Back to the queue; the meeting stays open (w resumes it)."""
        self.dismiss(None)
