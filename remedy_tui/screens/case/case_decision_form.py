"""A decision on the case: level, quiet or active, case managers, escalation, closure or
reopening; each with its rationale and the evidence it rests on (the rationale is required)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, choice, text_area, text_input
from remedy_tui.services.case import cases
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.common.team import Colleague
from remedy_tui.services.common.validation import RATIONALE_LIMIT
from remedy_tui.store import Store
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


class CaseDecisionForm(CaseForm[int]):
    """One kind of decision; dismisses with the decision's id."""

    def __init__(
        self,
        store: Store,
        summary: CaseSummary,
        kind: str,
        team: tuple[Colleague, ...] = (),
    ) -> None:
        super().__init__(store, summary.id)
        self.summary = summary
        self.kind = kind
        self.team = team
        self.HEADING = f"{HEADINGS[kind]}: {summary.reference}"

    def intro(self) -> str:
        summary = self.summary
        if self.kind == "status":
            return (
                "Seed 004: there may be no formal closure; support can go quiet and wake. "
                f"Now: {summary.status.label}."
            )
        if self.kind == "escalate":
            return "Very serious issues are referred up to the Dean (seed 004)."
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
        yield self.row("Rationale (required)", text_area("rationale", limit=RATIONALE_LIMIT))
        yield self.row("Evidence it rests on", text_area("evidence", limit=RATIONALE_LIMIT))

    def on_mount(self) -> None:
        self.query(FieldRow).first().field.focus()

    def action_save(self) -> None:
        summary, kind = self.summary, self.kind
        rationale, evidence = self.value("rationale"), self.value("evidence")
        common: dict[str, Any] = {
            "case_id": summary.id,
            "expected_version": summary.version,
            "rationale": rationale,
            "evidence": evidence,
        }
        if kind == "level":
            level = self.chosen("level")
            self.save_in_session(
                lambda s, a: cases.change_level(session=s, actor_id=a, level=level, **common)
            )
        elif kind == "status":
            status = CaseStatus(self.chosen("status"))
            self.save_in_session(
                lambda s, a: cases.change_status(session=s, actor_id=a, status=status, **common)
            )
        elif kind == "reassign":
            first, second = self.chosen("case_manager_id"), self.chosen("second_case_manager_id")
            self.save_in_session(
                lambda s, a: cases.reassign(
                    session=s,
                    actor_id=a,
                    case_manager_id=first,
                    second_case_manager_id=second,
                    **common,
                )
            )
        elif kind == "escalate":
            self.save_in_session(lambda s, a: cases.escalate(session=s, actor_id=a, **common))
        elif kind == "close":
            reason = self.value("reason")
            self.save_in_session(
                lambda s, a: cases.close_case(session=s, actor_id=a, reason=reason, **common)
            )
        else:
            self.save_in_session(lambda s, a: cases.reopen_case(session=s, actor_id=a, **common))
