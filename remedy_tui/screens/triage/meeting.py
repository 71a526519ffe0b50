"""The weekly triage meeting: set it up, then step through the queue deciding with one key.

Built for the chair at the keyboard with the screen shared: one referral at a time in large,
plain text; a key per outcome; the rationale typed in the form that follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, SelectionList, Static

from remedy_tui import clock
from remedy_tui.screens.common.confirm import ConfirmScreen
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.screens.triage.actions import TriageActions
from remedy_tui.screens.triage.minutes import MinutesScreen
from remedy_tui.screens.triage.small_forms import MeetingActionScreen
from remedy_tui.services.triage.decide import Person, ReferralDetail, people, referral_detail
from remedy_tui.services.triage.meetings import (
    MeetingView,
    decisions_in_meeting,
    end_meeting,
    meeting_agenda,
    meeting_view,
    start_meeting,
)
from remedy_tui.store import Store
from remedy_tui.store.models import TriageOutcome
from remedy_tui.widgets import literal
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.referral_summary import ReferralSummary

KEYS_HELP = (
    "1 2 3 level  ·  k keep on file  ·  b refer back to trust  ·  i request information  ·  "
    "o open case  ·  s senior owner  ·  e escalate to Dean  ·  l link to open case  ·  "
    "w defer to next week  ·  a action  ·  ← → previous/next  ·  ctrl+e end meeting"
)
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


class MeetingSetupScreen(FormScreen[MeetingView]):
    """Date, chair and attendees; dismisses with the meeting, now in progress."""

    AUTO_FOCUS = "#field-held-on"

    def __init__(self, store: Store, team: list[Person], chair_id: int) -> None:
        super().__init__()
        self.store, self.team, self.chair_id = store, team, chair_id

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
                    (f"{p.name} ({p.role.label})", p.id, p.id == self.store.user.id)
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
        actor = self.store.user.id

        def save() -> MeetingView:
            with self.store.session() as session:
                return start_meeting(
                    session=session,
                    actor_id=actor,
                    held_on=held_on,
                    chair_id=chair if isinstance(chair, int) else None,
                    attendees=names,
                )

        self.save_with(save)


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

    @dataclass
    class Agenda(Message):
        """The meeting's referrals, and what it has decided so far."""

        meeting: MeetingView
        referral_ids: list[int]
        decided: dict[int, str]

    @dataclass
    class Current(Message):
        """The referral now on screen."""

        detail: ReferralDetail

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store = store
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting-agenda")
    def load_agenda(self) -> None:
        """Read the meeting's referrals in a worker."""
        with self.store.session() as session:
            view = meeting_view(session=session, meeting_id=self.meeting_id)
            ids = meeting_agenda(session=session, meeting_id=self.meeting_id)
            decided = decisions_in_meeting(session=session, meeting_id=self.meeting_id)
        self.post_message(self.Agenda(view, ids, decided))

    @on(Agenda)
    def _agenda(self, event: Agenda) -> None:
        current = self.referral_ids[self.index] if self.referral_ids else None
        self.meeting, self.referral_ids, self.decided = (
            event.meeting,
            event.referral_ids,
            event.decided,
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting-detail")
    def load_detail(self, referral_id: int) -> None:
        """Read one referral in a worker."""
        with self.store.session() as session:
            detail = referral_detail(session=session, referral_id=referral_id, today=clock.today())
        self.post_message(self.Current(detail))

    @on(Current)
    def _current(self, event: Current) -> None:
        if not self.referral_ids or event.detail.id != self.referral_ids[self.index]:
            return
        self.detail = event.detail
        self.level = None
        self.query_one(ReferralSummary).show(event.detail)
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
        self._open_action()

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting-action")
    def _open_action(self) -> None:
        with self.store.session() as session:
            team = people(session=session)
        detail = self.detail
        about = detail.reference if detail else "the meeting"
        screen = MeetingActionScreen(
            self.store, self.meeting_id, team, detail.id if detail else None, about
        )
        self.app.call_from_thread(self.app.push_screen, screen, self._action_added)

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

    @work(thread=True, exclusive=True, exit_on_error=False, group="meeting-end")
    def _end(self) -> None:
        with self.store.session() as session:
            end_meeting(session=session, actor_id=self.store.user.id, meeting_id=self.meeting_id)
        self.app.call_from_thread(self._show_minutes)

    def _show_minutes(self) -> None:
        self.dismiss(None)
        self.app.push_screen(MinutesScreen(self.store, self.meeting_id))

    def action_leave(self) -> None:
        """Back to the queue; the meeting stays open (w resumes it)."""
        self.dismiss(None)
