"""A decision on the case: level, quiet or active, case managers, escalation, closure or
reopening; each with its rationale and the evidence it rests on (the rationale is required)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, choice, text_area, text_input, tick
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.case.closing import OpenActions, StillOpen
from remedy_tui.services.common.team import Colleague
from remedy_tui.services.common.validation import RATIONALE_LIMIT
from remedy_tui.store.models import CaseStatus
from remedy_tui.widgets.field_row import FieldRow

HEADINGS = {
    "level": "Change the level",
    "status": "Support quiet or active",
    "reassign": "Case managers",
    "escalate": "Escalate to the Dean",
    "close": "Close the case",
    "reopen": "Reopen the case",
}


@dataclass(frozen=True)
class DecisionDraft:
    """A decision as typed: its kind, why, on what evidence, and what the kind asks."""

    kind: str
    rationale: str
    evidence: str
    level: int | None = None
    status: CaseStatus | None = None
    case_manager_id: int | None = None
    second_case_manager_id: int | None = None
    reason: str = ""
    open_actions: str | None = None
    confirmed: bool = False


class CaseDecisionForm(CaseForm[DecisionDraft, int]):
    """One kind of decision; dismisses with the decision's id."""

    def __init__(
        self,
        summary: CaseSummary,
        kind: str,
        submit: Submit[DecisionDraft, int],
        team: tuple[Colleague, ...] = (),
        still_open: StillOpen | None = None,
    ) -> None:
        super().__init__(submit)
        self.summary = summary
        self.kind = kind
        self.team = team
        self.still_open = still_open
        self.HEADING = f"{HEADINGS[kind]}: {summary.reference}"

    def intro(self) -> str:
        summary = self.summary
        if self.kind == "status":
            return (
                "As the deanery's case management guidance says, there may be no formal closure: "
                "support can go quiet and wake. "
                f"Now: {summary.status.label}."
            )
        if self.kind == "escalate":
            return (
                "Very serious issues are referred up to the Dean (as the deanery's case "
                "management guidance sets out)."
            )
        if self.kind == "close" and self.still_open and not self.still_open.empty:
            return "Still open on this case:\n" + "\n".join(
                f"  - {line}" for line in self.still_open.brief()
            )
        if self.kind == "reopen":
            closed = summary.closed_on.isoformat() if summary.closed_on else ""
            return f"Closed {closed}: {summary.closure_reason}"
        return f"Now: level {summary.level}; {summary.case_managers}."

    def fields(self) -> ComposeResult:
        summary = self.summary
        if self.kind == "level":
            levels = [(f"Level {n}", n) for n in (1, 2, 3) if n != summary.level]
            yield self.row("New level", choice("level", levels))
        elif self.kind == "status":
            other = CaseStatus.OPEN if summary.status is CaseStatus.QUIET else CaseStatus.QUIET
            options = [("Active (open)", CaseStatus.OPEN), ("Gone quiet", CaseStatus.QUIET)]
            yield self.row("Support is", choice("status", options, other))
        elif self.kind == "reassign":
            people = [(person.full_name, person.id) for person in self.team]
            yield self.row(
                "Case manager", choice("case_manager_id", people, summary.case_manager_id)
            )
            yield self.row(
                "Second case manager",
                choice(
                    "second_case_manager_id", people, summary.second_case_manager_id, blank=True
                ),
            )
        elif self.kind == "close":
            yield self.row("Reason for closing", text_input("reason"))
            found = self.still_open
            if found and found.actions:
                yield self.row(
                    "Open actions",
                    choice("open_actions", [(o.label, o.value) for o in OpenActions], blank=True),
                )
            if found and not found.empty:
                yield self.row("Confirm", tick("confirmed", "Each one handled or carried"))
        yield self.row("Rationale (required)", text_area("rationale", limit=RATIONALE_LIMIT))
        yield self.row("Evidence it rests on", text_area("evidence", limit=RATIONALE_LIMIT))

    def on_mount(self) -> None:
        self.query(FieldRow).first().field.focus()

    def _open_actions(self) -> str | None:
        if not (self.kind == "close" and self.still_open and self.still_open.actions):
            return None
        value = self.chosen("open_actions")
        return str(value) if value is not None else None

    def _confirmed(self) -> bool:
        if not (self.kind == "close" and self.still_open and not self.still_open.empty):
            return False
        return self.ticked("confirmed")

    def action_save(self) -> None:
        kind = self.kind
        status = self.chosen("status") if kind == "status" else None
        self.save(
            DecisionDraft(
                kind=kind,
                rationale=self.value("rationale"),
                evidence=self.value("evidence"),
                level=self.chosen("level") if kind == "level" else None,
                status=CaseStatus(status) if status is not None else None,
                case_manager_id=self.chosen("case_manager_id") if kind == "reassign" else None,
                second_case_manager_id=(
                    self.chosen("second_case_manager_id") if kind == "reassign" else None
                ),
                reason=self.value("reason") if kind == "close" else "",
                open_actions=self._open_actions(),
                confirmed=self._confirmed(),
            )
        )
