"""Make an onward referral. The CSG needs the practitioner's agreement (seed 000); assisted
mediation asks its six conditions (seed 003); the regulator asks about the matters that must
always go to it. Only the questions for the chosen kind are shown."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.widgets import Select, Static

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, choice, text_area, text_input, tick
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import onward
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.reference_data import mediation_conditions, regulator_prompts
from remedy_tui.store.models import ExternalReferralKind, ExternalReferralStatus
from remedy_tui.widgets.field_row import FieldRow

YES_NO = [("Yes", "yes"), ("No", "no")]
CSG_HANDOFF = 0
"""What the form gives back for a CSG referral: the CSG's own form takes it from there."""


class OnwardForm(CaseForm[onward.NewReferral, int]):
    """One onward referral, with the questions its kind asks; the draft is the service's own."""

    HEADING = "Onward referral"

    def __init__(self, submit: Submit[onward.NewReferral, int], regulator: str = "") -> None:
        super().__init__(submit)
        self.regulator = regulator

    def fields(self) -> ComposeResult:
        kinds = [(kind.label, kind.value) for kind in ExternalReferralKind]
        statuses = [
            ("Proposed", ExternalReferralStatus.PROPOSED.value),
            ("Made", ExternalReferralStatus.MADE.value),
        ]
        yield self.row(
            "Referral to", choice("kind", kinds, ExternalReferralKind.OCCUPATIONAL_HEALTH)
        )
        yield self.row("Status", choice("status", statuses, ExternalReferralStatus.PROPOSED))
        yield self.row("Date (YYYY-MM-DD)", text_input("on", clock.today().isoformat()))
        yield self.row("Provider or contact", text_input("provider"))
        yield self.row("Reason", text_area("reason", limit=onward.REASON_LIMIT))
        yield VerticalGroup(id="kind-questions")

    def questions(self, kind: str) -> list[FieldRow]:
        """The questions a kind of referral asks (mounted only when that kind is chosen)."""
        if kind == ExternalReferralKind.CSG:
            return [
                FieldRow(
                    "Practitioner's agreement",
                    tick("consent_given", "The practitioner agrees to be referred to the CSG"),
                ),
                FieldRow(
                    "",
                    Static(
                        "ctrl+s goes on to the CSG's referral form: the route, the expected "
                        "outcomes agreed with the practitioner and the signed agreement.",
                        classes="muted field-note",
                    ),
                ),
            ]
        if kind == ExternalReferralKind.MEDIATION:
            return [
                FieldRow(
                    f"{n}. {condition.label}",
                    choice(f"condition_{condition.code}", YES_NO, blank=True),
                )
                for n, condition in enumerate(mediation_conditions().conditions, start=1)
            ] + [FieldRow("If one is not met: why", text_input("mediation_reason"))]
        if kind == ExternalReferralKind.REGULATOR:
            prompts = regulator_prompts()
            regulators = [(r.label, r.code) for r in prompts.regulators]
            matters = [(m.label, m.code) for m in prompts.mandatory_matters]
            matters.append(("None of these", onward.NO_MANDATORY_MATTER))
            return [
                FieldRow("Regulator", choice("regulator", regulators, self.regulator or None)),
                FieldRow(
                    "Must always go to the regulator?",
                    choice("mandatory_matter", matters, blank=True),
                ),
            ]
        return []

    def on_mount(self) -> None:
        self.query_one("#field-kind").focus()

    @on(Select.Changed, "#field-kind")
    async def _show_questions(self) -> None:
        """Ask what the chosen kind of referral asks, and nothing else."""
        holder = self.query_one("#kind-questions", VerticalGroup)
        await holder.remove_children()
        await holder.mount_all(self.questions(str(self.chosen("kind"))))

    def answer(self, name: str) -> Any:
        """The answer to one of the kind's questions, or None if it is not asked."""
        return self.typed(name) if self.query(f"#field-{name.replace('_', '-')}") else None

    def action_save(self) -> None:
        kind = ExternalReferralKind(self.chosen("kind"))
        if kind is ExternalReferralKind.CSG:
            # The CSG's own form records the route, the outcomes and the signed agreement.
            if self.answer("consent_given") is not True:
                self.show_error(ValidationError("consent_given", onward.CSG_CONSENT_REFUSAL))
            else:
                self.dismiss(CSG_HANDOFF)
            return
        mediation = {
            c.code: {"yes": True, "no": False}.get(self.answer(f"condition_{c.code}") or "")
            for c in mediation_conditions().conditions
        }
        referral = onward.NewReferral(
            kind=kind,
            status=ExternalReferralStatus(self.chosen("status")),
            on=self.value("on"),
            reason=self.value("reason"),
            provider=self.value("provider"),
            consent_given=self.answer("consent_given") or None,
            mediation=mediation if kind is ExternalReferralKind.MEDIATION else None,
            mediation_reason=self.answer("mediation_reason") or None,
            regulator=self.answer("regulator") or None,
            mandatory_matter=self.answer("mandatory_matter") or None,
        )
        self.save(referral)
