"""Mark an action done, with its outcome; a follow-up done schedules the next."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, text_area, text_input
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import actions
from remedy_tui.services.case.actions import ActionRow, Completed


@dataclass(frozen=True)
class CompletionDraft:
    """How the action ended and when (named as ``actions.complete_action`` names them)."""

    outcome_note: str
    completed_on: str


class CompleteActionForm(CaseForm[CompletionDraft, Completed]):
    """The outcome of an action and the day it was done."""

    HEADING = "Mark done"
    AUTO_FOCUS = "#field-outcome-note"

    def __init__(self, action: ActionRow, submit: Submit[CompletionDraft, Completed]) -> None:
        super().__init__(submit)
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
        self.save(CompletionDraft(note, done))
