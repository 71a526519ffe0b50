"""Mark an action done, with its outcome; a follow-up done schedules the next."""

from __future__ import annotations

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, text_area, text_input
from remedy_tui.services.case import actions
from remedy_tui.services.case.actions import ActionRow, Completed
from remedy_tui.store import Store


class CompleteActionForm(CaseForm[Completed]):
    """The outcome of an action and the day it was done."""

    HEADING = "Mark done"
    AUTO_FOCUS = "#field-outcome-note"

    def __init__(self, store: Store, case_id: int, action: ActionRow) -> None:
        super().__init__(store, case_id)
        self.action = action

    def intro(self) -> str:
        return self.action.description

    def fields(self) -> ComposeResult:
        yield self.row(
            "Outcome (optional)", text_area("outcome_note", limit=actions.DESCRIPTION_LIMIT)
        )
        yield self.row(
            "Done on (YYYY-MM-DD)", text_input("completed_on", clock.today().isoformat())
        )

    def action_save(self) -> None:
        note, done = self.value("outcome_note"), self.value("completed_on")
        action = self.action
        self.save_in_session(
            lambda session, actor: actions.complete_action(
                session=session,
                actor_id=actor,
                action_id=action.id,
                expected_version=action.version,
                outcome_note=note,
                completed_on=done,
            )
        )
