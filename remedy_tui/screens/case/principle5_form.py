"""Principle 5 of the fairness framework from the Decisions tab: an immediate or interim action
(``i``) and the substantive disposal (``p``), each with reasons against every factor the
framework lists (its 5.1.1 and 5.2.3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.app import ComposeResult

from remedy_tui.screens.case.case_form import CaseForm, choice, text_area
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import principle5
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.case.principle5 import (
    DISPOSAL_CHOICES,
    DISPOSAL_FACTORS_QUESTION,
    IMMEDIATE_ACTION_CHOICES,
    IMMEDIATE_FACTORS_QUESTION,
    DisposalDraft,
    ImmediateActionDraft,
    factors_of,
)
from remedy_tui.services.common.validation import RATIONALE_LIMIT
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import DecisionOutcome
from remedy_tui.widgets.field_row import FieldRow

DraftT = TypeVar("DraftT")


class _FactorForm(CaseForm[DraftT, int], Generic[DraftT]):
    """A decision whose rationale is given factor by factor."""

    QUESTION = ""

    def __init__(self, summary: CaseSummary, submit: Submit[DraftT, int]) -> None:
        super().__init__(submit)
        self.summary = summary
        self.factors = factors_of(self.QUESTION)

    def factor_rows(self) -> ComposeResult:
        for number, factor in enumerate(self.factors, start=1):
            yield self.row(
                f"{number}. {factor}", text_area(f"factor-{number}", limit=RATIONALE_LIMIT)
            )

    def factor_reasons(self) -> tuple[str, ...]:
        return tuple(self.value(f"factor-{n}") for n in range(1, len(self.factors) + 1))

    def on_mount(self) -> None:
        self.query(FieldRow).first().field.focus()


class ImmediateActionForm(_FactorForm[ImmediateActionDraft]):
    """An immediate or interim action, or the decision that none is needed (5.1)."""

    QUESTION = IMMEDIATE_FACTORS_QUESTION

    def __init__(self, summary: CaseSummary, submit: Submit[ImmediateActionDraft, int]) -> None:
        super().__init__(summary, submit)
        self.HEADING = f"Immediate or interim action (5.1): {summary.reference}"

    def intro(self) -> str:
        return (
            "The fairness framework asks for the decision and its reasons against each factor "
            "below, both in favour and if no action is considered necessary; the options "
            "considered; and, for a suspension or exclusion, why the alternatives were "
            "discounted. Recording it opens part 5.1 of the checklist."
        )

    def fields(self) -> ComposeResult:
        yield self.row(
            "The action",
            choice(
                "action",
                [(label, code) for code, label in IMMEDIATE_ACTION_CHOICES.items()],
                blank=True,
            ),
        )
        yield self.row(
            "Its terms (what the practitioner may and may not do)",
            text_area("terms", limit=RATIONALE_LIMIT),
        )
        yield from self.factor_rows()
        yield self.row("Options considered (5.1.5)", text_area("options", limit=RATIONALE_LIMIT))
        yield self.row(
            "Why alternatives were discounted (5.1.6; for a suspension or exclusion)",
            text_area("alternatives", limit=RATIONALE_LIMIT),
        )
        yield self.row(
            "Rationale: the decision, and why it is the minimum necessary (required)",
            text_area("rationale", limit=RATIONALE_LIMIT),
        )
        yield self.row("Evidence it rests on", text_area("evidence", limit=RATIONALE_LIMIT))

    def action_save(self) -> None:
        action = self.chosen("action")
        if action is None:
            self.refused("Choose what the immediate or interim action is.", "action")
            return
        self.save(
            ImmediateActionDraft(
                action=DecisionOutcome(action),
                terms=self.value("terms"),
                factors=self.factor_reasons(),
                options=self.value("options"),
                alternatives=self.value("alternatives"),
                rationale=self.value("rationale"),
                evidence=self.value("evidence"),
            )
        )


class DisposalForm(_FactorForm[DisposalDraft]):
    """The case's substantive disposal (5.2)."""

    QUESTION = DISPOSAL_FACTORS_QUESTION

    def __init__(self, summary: CaseSummary, submit: Submit[DisposalDraft, int]) -> None:
        super().__init__(summary, submit)
        self.HEADING = f"Substantive disposal (5.2): {summary.reference}"

    def intro(self) -> str:
        return (
            "The outcome of the case, with the decision maker's reasons against each factor the "
            "fairness framework lists. Recording it opens part 5.2 of the checklist: answer it "
            "before closing the case, so the checklist kept with the closure holds it."
        )

    def fields(self) -> ComposeResult:
        yield self.row(
            "Disposal",
            choice(
                "outcome",
                [(label, code) for code, label in DISPOSAL_CHOICES.items()],
                blank=True,
            ),
        )
        yield from self.factor_rows()
        yield self.row(
            "Rationale: the decision and why (required)",
            text_area("rationale", limit=RATIONALE_LIMIT),
        )
        yield self.row("Evidence it rests on", text_area("evidence", limit=RATIONALE_LIMIT))

    def action_save(self) -> None:
        outcome = self.chosen("outcome")
        if outcome is None:
            self.refused("Choose the substantive disposal.", "outcome")
            return
        self.save(
            DisposalDraft(
                outcome=DecisionOutcome(outcome),
                factors=self.factor_reasons(),
                rationale=self.value("rationale"),
                evidence=self.value("evidence"),
            )
        )


def _recording(summary: CaseSummary, service: Callable[..., int]) -> Callable[[Desk, DraftT], int]:
    """Submit a draft to ``service`` for the case as it was when shown."""

    def submit(desk: Desk, draft: DraftT) -> int:
        return desk.change(
            service, case_id=summary.id, expected_version=summary.version, draft=draft
        )

    return submit


def record_immediate_action(summary: CaseSummary) -> Submit[ImmediateActionDraft, int]:
    """Record the immediate or interim action on the case."""
    return _recording(summary, principle5.record_immediate_action)


def record_disposal(summary: CaseSummary) -> Submit[DisposalDraft, int]:
    """Record the case's substantive disposal."""
    return _recording(summary, principle5.record_disposal)
