"""Add an action or follow-up: what, who owns it, when it is due, shared with the TPD or not."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, choice, text_input, tick
from remedy_tui.services.case import actions
from remedy_tui.services.common.team import Colleague
from remedy_tui.store import Store
from remedy_tui.store.models import ActionKind


class ActionForm(CaseForm[int]):
    """An action with its owner (someone in the team, or a name) and due date."""

    HEADING = "Add an action or follow-up"
    AUTO_FOCUS = "#field-description"

    def __init__(self, store: Store, case_id: int, team: tuple[Colleague, ...]) -> None:
        super().__init__(store, case_id)
        self.team = team

    def fields(self) -> ComposeResult:
        kinds = [(kind.label, kind.value) for kind in ActionKind]
        people = [(person.full_name, person.id) for person in self.team]
        due = (clock.today() + timedelta(days=14)).isoformat()
        yield self.row("Kind", choice("kind", kinds, ActionKind.ACTION.value))
        yield self.row("What is to be done", text_input("description"))
        yield self.row("Owner in the team", choice("owner_id", people, self.store.user.id))
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
        self.save_in_session(
            lambda session, actor: actions.add_action(
                session=session,
                actor_id=actor,
                case_id=self.case_id,
                kind=kind,
                description=description,
                due_on=due,
                owner_id=owner_id,
                owner_name=owner_name,
                shared_with_tpd=shared,
            )
        )
