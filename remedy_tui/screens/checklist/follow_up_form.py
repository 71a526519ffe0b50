"""Turning a No or an Unknown into an action on the case: what, who and by when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from remedy_tui import clock
from remedy_tui.screens.checklist.answer_form import now_line
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.checklist.answers import AnswerView, ChecklistAction
from remedy_tui.services.common.team import Colleague
from remedy_tui.views.framework import Question
from remedy_tui.widgets.literal import literal, pieces

OUTSIDE_THE_TEAM = 0
DEFAULT_DUE = timedelta(days=14)


@dataclass(frozen=True)
class FollowUpDraft:
    """What is to be done, by whom (someone in the team, or a name) and by when, as typed."""

    description: str
    owner_id: int | None
    owner_name: str | None
    due_on: str


class FollowUpForm(FormScreen[ChecklistAction]):
    """An action linked back to its question, with an owner and a due date."""

    def __init__(
        self,
        *,
        question: Question,
        current: AnswerView,
        team: tuple[Colleague, ...],
        submit: Submit[FollowUpDraft, ChecklistAction],
    ) -> None:
        super().__init__()
        self.question = question
        self.current = current
        self.team = team
        self.submit = submit

    def compose(self) -> ComposeResult:
        people = [(person.full_name, person.id) for person in self.team]
        owners = [*people, ("Someone outside the team (type the name)", OUTSIDE_THE_TEAM)]
        user_id = self.desk.user.id
        me = user_id if any(person.id == user_id for person in self.team) else None
        with Vertical(classes="dialog follow-up-form"):
            yield Static(pieces((f"Action from {self.question.id}", "bold")), classes="title")
            yield Static(literal(self.question.text), classes="muted question-text")
            yield now_line(self.current)
            yield Label("What is to be done")
            yield Input(id="field-description", placeholder="e.g. Write to the practitioner")
            yield Label("Owner")
            yield Select(
                owners,
                value=me if me is not None else OUTSIDE_THE_TEAM,
                allow_blank=False,
                id="field-owner-id",
            )
            yield Label("Owner's name, if outside the team")
            yield Input(id="field-owner-name", placeholder="e.g. the TPD")
            yield Label("Due (YYYY-MM-DD)")
            yield Input(
                (clock.today() + DEFAULT_DUE).isoformat(),
                id="field-due-on",
                placeholder="YYYY-MM-DD",
            )
            yield Static("Enter moves on · ctrl+s saves · Escape cancels", classes="hint")
            yield self.message_line()

    def on_mount(self) -> None:
        self.query_one("#field-description", Input).focus()

    def action_save(self) -> None:
        """Add the action."""
        owner = self.query_one("#field-owner-id", Select).value
        owner_id = owner if isinstance(owner, int) and owner != OUTSIDE_THE_TEAM else None
        draft = FollowUpDraft(
            description=self.query_one("#field-description", Input).value,
            owner_id=owner_id,
            owner_name=self.query_one("#field-owner-name", Input).value
            if owner_id is None
            else None,
            due_on=self.query_one("#field-due-on", Input).value,
        )
        self.send(self.submit, draft)
