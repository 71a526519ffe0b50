"""Add an action or follow-up: what, who owns it, when it is due, shared with the TPD or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, choice, text_input, tick
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.common.team import Colleague
from remedy_tui.store.models import ActionKind


@dataclass(frozen=True)
class ActionDraft:
    """An action as typed (named as ``actions.add_action`` names them)."""

    kind: ActionKind
    description: str
    due_on: str
    owner_id: int | None
    owner_name: str
    shared_with_tpd: bool


class ActionForm(CaseForm[ActionDraft, int]):
    """An action with its owner (someone in the team, or a name) and due date."""

    HEADING = "Add an action or follow-up"
    AUTO_FOCUS = "#field-description"

    def __init__(self, team: tuple[Colleague, ...], submit: Submit[ActionDraft, int]) -> None:
        super().__init__(submit)
        self.team = team

    def fields(self) -> ComposeResult:
        kinds = [(kind.label, kind.value) for kind in ActionKind]
        people = [(person.full_name, person.id) for person in self.team]
        due = (clock.today() + timedelta(days=14)).isoformat()
        yield self.row("Kind", choice("kind", kinds, ActionKind.ACTION.value))
        yield self.row("What is to be done", text_input("description"))
        yield self.row("Owner in the team", choice("owner_id", people, self.desk.user.id))
        yield self.row(
            "...or someone else",
            text_input("owner_name", placeholder="a name, e.g. the TPD (leave empty for above)"),
        )
        yield self.row("Due (YYYY-MM-DD)", text_input("due_on", due))
        yield self.row("Shared with the TPD", tick("shared_with_tpd", "Shared with the TPD"))

    def action_save(self) -> None:
        kind = ActionKind(self.chosen("kind") or ActionKind.ACTION.value)
        description, due = self.value("description"), self.value("due_on")
        owner_id, owner_name = self.chosen("owner_id"), self.value("owner_name")
        shared = self.ticked("shared_with_tpd")
        self.save(ActionDraft(kind, description, due, owner_id, owner_name, shared))
