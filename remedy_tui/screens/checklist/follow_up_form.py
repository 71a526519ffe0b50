"""Turning a No or an Unknown into an action on the case: what, who and by when."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from remedy_tui import clock
from remedy_tui.screens.checklist.answer_form import now_line
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.checklist.actions import add_action
from remedy_tui.services.checklist.answers import AnswerView, ChecklistAction
from remedy_tui.store import Store
from remedy_tui.views.framework import Question
from remedy_tui.widgets.literal import literal, pieces

OUTSIDE_THE_TEAM = 0
DEFAULT_DUE = timedelta(days=14)


class FollowUpForm(FormScreen[ChecklistAction]):
    """An action linked back to its question, with an owner and a due date."""

    def __init__(
        self,
        store: Store,
        *,
        case_id: int,
        question: Question,
        current: AnswerView,
        team: list[tuple[str, int]],
    ) -> None:
        super().__init__()
        self.store = store
        self.case_id = case_id
        self.question = question
        self.current = current
        self.team = team

    def compose(self) -> ComposeResult:
        owners = [*self.team, ("Someone outside the team (type the name)", OUTSIDE_THE_TEAM)]
        me = self.store.user.id if any(v == self.store.user.id for _, v in self.team) else None
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
        self.save_with(
            partial(
                self._save,
                self.query_one("#field-description", Input).value,
                owner_id,
                self.query_one("#field-owner-name", Input).value if owner_id is None else None,
                self.query_one("#field-due-on", Input).value,
            )
        )

    def _save(
        self, description: str, owner_id: int | None, owner_name: str | None, due_on: str
    ) -> ChecklistAction:
        with self.store.session() as session:
            return add_action(
                session=session,
                actor_id=self.store.user.id,
                case_id=self.case_id,
                question_id=self.question.id,
                description=description,
                owner_id=owner_id,
                owner_name=owner_name,
                due_on=due_on,
            )
