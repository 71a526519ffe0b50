"""Decide a referral: level, outcome, who takes it on, and the rationale (always required)."""

from __future__ import annotations

from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.services.triage.decide import Person, ReferralDetail, TriageChoice, TriageResult
from remedy_tui.store.models import Role, TriageOutcome
from remedy_tui.widgets import literal
from remedy_tui.widgets.field_row import FieldRow

OUTCOMES = (
    TriageOutcome.NO_FURTHER_ACTION,
    TriageOutcome.REFER_BACK_TO_TRUST,
    TriageOutcome.REQUEST_INFORMATION,
    TriageOutcome.OPEN_CASE,
    TriageOutcome.SENIOR_OWNER,
    TriageOutcome.ESCALATE_TO_DEAN,
    TriageOutcome.LINK_TO_CASE,
    TriageOutcome.DEFER,
)
CASE_MANAGER_ROLES = (Role.NON_CLINICAL_CASE_MANAGER, Role.CLINICAL_CASE_MANAGER)


def default_outcome(detail: ReferralDetail, level: int | None) -> TriageOutcome:
    """The outcome the form starts at: joining the open case if there is one; for an
    incomplete referral, asking for what is missing; else what the level suggests (seed 004:
    level 1 could be referred back to the trust, levels 2 and 3 go to a case manager)."""
    if detail.linked_case_reference:
        return TriageOutcome.LINK_TO_CASE
    if not detail.completeness.valid:
        return TriageOutcome.REQUEST_INFORMATION
    if level == 1:
        return TriageOutcome.REFER_BACK_TO_TRUST
    if level == 3:
        return TriageOutcome.SENIOR_OWNER
    return TriageOutcome.OPEN_CASE


class DecisionScreen(FormScreen[TriageResult]):
    """Records the triage decision for one referral, refusing an empty rationale."""

    AUTO_FOCUS = ""

    def __init__(
        self,
        detail: ReferralDetail,
        people: list[Person],
        submit: Submit[TriageChoice, TriageResult],
        *,
        outcome: TriageOutcome | None = None,
        level: int | None = None,
        senior_owner_id: int | None = None,
    ) -> None:
        super().__init__()
        self.submit = submit
        self.detail = detail
        self.people = people
        self.outcome = outcome
        undecided = outcome in (TriageOutcome.DEFER, TriageOutcome.REQUEST_INFORMATION)
        self.level = level if level is not None or undecided else detail.suggestion.level
        self.senior_owner_id = senior_owner_id

    def compose(self) -> ComposeResult:
        detail = self.detail
        managers = [(p.name, p.id) for p in self.people if p.role in CASE_MANAGER_ROLES] or [
            (p.name, p.id) for p in self.people
        ]
        everyone = [(p.name, p.id) for p in self.people]
        outcome = self.outcome or default_outcome(detail, self.level)
        with VerticalScroll(classes="dialog form"):
            yield Static(
                literal(f"Decide {detail.reference}: {detail.practitioner.name}"), classes="title"
            )
            reasons = "; ".join(detail.suggestion.reasons)
            suggested = (
                f"Suggested level {detail.suggestion.level}: {reasons}"
                if detail.suggestion.level
                else reasons
            )
            yield Static(literal(suggested), classes="muted")
            if detail.linked_case_reference:
                yield Static(
                    literal(
                        f"Open case {detail.linked_case_reference}: choose "
                        "'Link to open case' to add this referral to it."
                    )
                )
            if not detail.completeness.valid:
                yield Static(
                    literal(
                        "Incomplete ("
                        + " and ".join(detail.completeness.missing)
                        + " missing): only request information, keep on file or "
                        "defer are possible."
                    ),
                    classes="warning",
                )
            # One field to a line, the label beside it, so every field is on screen (or
            # scrolled to) at 80 columns as at 120; side by side, fields ran off the right.
            yield FieldRow(
                "Outcome",
                Select(
                    [(o.label, o) for o in OUTCOMES],
                    id="field-outcome",
                    value=outcome,
                    allow_blank=False,
                    compact=True,
                ),
            )
            yield FieldRow(
                "Level (3 = serious)",
                Select(
                    [("1", 1), ("2", 2), ("3", 3)],
                    id="field-level",
                    value=self.level if self.level else Select.NULL,
                    prompt="no level",
                    compact=True,
                ),
            )
            with Vertical(id="case-people"):
                yield FieldRow(
                    "Case manager",
                    Select(managers, id="field-case-manager-id", prompt="choose", compact=True),
                )
                yield FieldRow(
                    "Second case manager (optional)",
                    Select(
                        managers, id="field-second-case-manager-id", prompt="none", compact=True
                    ),
                )
                yield FieldRow(
                    "Senior owner (level 3)",
                    Select(
                        everyone,
                        id="field-senior-owner-id",
                        prompt="choose",
                        value=self.senior_owner_id or Select.NULL,
                        compact=True,
                    ),
                    id="senior-owner-column",
                )
            with Vertical(id="request-fields"):
                yield FieldRow(
                    "What is being asked",
                    Input(
                        id="field-request-what", placeholder="e.g. Form 2 from the ES", compact=True
                    ),
                )
                yield FieldRow(
                    "Of whom",
                    Input(
                        id="field-request-of-whom", placeholder="who is being asked", compact=True
                    ),
                )
                yield FieldRow(
                    "Chase by (YYYY-MM-DD)",
                    Input(
                        (clock.today() + timedelta(days=14)).isoformat(),
                        id="field-request-due-on",
                        compact=True,
                    ),
                )
            with Vertical(id="second-case-fields"):
                yield FieldRow(
                    # A case reference (C-000123): no markup in it.
                    f"Why a second open case beside {detail.linked_case_reference} "
                    "(required to open one)",
                    Input(id="field-second-case-reason", compact=True),
                )
            yield Label("Rationale (required: why this decision)")
            yield TextArea(id="field-rationale", classes="short-text")
            yield self.message_line()
            yield Static(
                "ctrl+s records the decision · Tab moves between fields · Escape cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        self._show_relevant()
        # Start where the user still has to choose: the outcome, else who takes the case on.
        outcome = self._chosen_outcome()
        if self.outcome is None:
            self.query_one("#field-outcome").focus()
        elif outcome is TriageOutcome.OPEN_CASE:
            self.query_one("#field-case-manager-id").focus()
        elif outcome is TriageOutcome.REQUEST_INFORMATION:
            self.query_one("#field-request-what").focus()
        else:
            self.query_one("#field-rationale").focus()

    @on(Select.Changed, "#field-outcome")
    def _outcome_changed(self) -> None:
        self._show_relevant()

    def _chosen_outcome(self) -> TriageOutcome:
        value = self.query_one("#field-outcome", Select).value
        return value if isinstance(value, TriageOutcome) else TriageOutcome.OPEN_CASE

    def _show_relevant(self) -> None:
        outcome = self._chosen_outcome()
        self.query_one("#request-fields").display = outcome is TriageOutcome.REQUEST_INFORMATION
        self.query_one("#case-people").display = outcome in (
            TriageOutcome.OPEN_CASE,
            TriageOutcome.SENIOR_OWNER,
            TriageOutcome.ESCALATE_TO_DEAN,
        )
        self.query_one("#senior-owner-column").display = outcome in (
            TriageOutcome.SENIOR_OWNER,
            TriageOutcome.ESCALATE_TO_DEAN,
        )
        self.query_one("#second-case-fields").display = bool(
            self.detail.linked_case_reference
        ) and outcome in (
            TriageOutcome.OPEN_CASE,
            TriageOutcome.SENIOR_OWNER,
            TriageOutcome.ESCALATE_TO_DEAN,
        )

    def _chosen_id(self, name: str) -> int | None:
        value = self.query_one(f"#field-{name}", Select).value
        return value if isinstance(value, int) else None

    def action_save(self) -> None:
        """Record the decision at the desk; a refusal says why and keeps what was typed."""
        level = self.query_one("#field-level", Select).value
        choice = TriageChoice(
            outcome=self._chosen_outcome(),
            rationale=self.query_one("#field-rationale", TextArea).text,
            level=level if isinstance(level, int) else None,
            case_manager_id=self._chosen_id("case-manager-id"),
            second_case_manager_id=self._chosen_id("second-case-manager-id"),
            senior_owner_id=self._chosen_id("senior-owner-id"),
            request_what=self.query_one("#field-request-what", Input).value,
            request_of_whom=self.query_one("#field-request-of-whom", Input).value,
            request_due_on=self.query_one("#field-request-due-on", Input).value,
            second_case_reason=self.query_one("#field-second-case-reason", Input).value,
        )
        self.send(self.submit, choice)
