"""Make an onward referral. The CSG needs the practitioner's agreement (seed 000); assisted
mediation asks its six conditions (seed 003); the regulator asks about the matters that must
always go to it. Only the questions for the chosen kind are shown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Select

from remedy_tui import clock
from remedy_tui.screens.case_form import CaseForm, choice, text_area, text_input, tick
from remedy_tui.services import onward
from remedy_tui.services.reference_data import mediation_conditions, regulator_prompts
from remedy_tui.store import Store
from remedy_tui.store.models import ExternalReferralKind, ExternalReferralStatus
from remedy_tui.widgets.field_row import FieldRow

YES_NO = [("Yes", "yes"), ("No", "no")]


class OnwardForm(CaseForm[int]):
    """One onward referral, with the questions its kind asks."""

    HEADING = "Onward referral"

    def __init__(self, store: Store, case_id: int, regulator: str = "") -> None:
        super().__init__(store, case_id)
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
        consent = FieldRow(
            "Practitioner's agreement",
            tick("consent_given", "The practitioner agrees to be referred to the CSG"),
        )
        consent.add_class("only-csg")
        yield consent
        for n, condition in enumerate(mediation_conditions().conditions, start=1):
            row = FieldRow(
                f"{n}. {condition.label}",
                choice(f"condition_{condition.code}", YES_NO, blank=True),
            )
            row.add_class("only-mediation", "tall-label")
            yield row
        prompts = regulator_prompts()
        regulators = [(r.label, r.code) for r in prompts.regulators]
        regulator = FieldRow("Regulator", choice("regulator", regulators, self.regulator or None))
        regulator.add_class("only-regulator")
        yield regulator
        matters = [(m.label, m.code) for m in prompts.mandatory_matters]
        matters.append(("None of these", onward.NO_MANDATORY_MATTER))
        matter = FieldRow(
            "Must always go to the regulator?", choice("mandatory_matter", matters, blank=True)
        )
        matter.add_class("only-regulator")
        yield matter

    def on_mount(self) -> None:
        self._show_questions()
        self.query_one("#field-kind").focus()

    @on(Select.Changed, "#field-kind")
    def _show_questions(self) -> None:
        kind = self.chosen("kind")
        for name in ("csg", "mediation", "regulator"):
            for row in self.query(f".only-{name}"):
                row.display = kind == name

    def action_save(self) -> None:
        kind = ExternalReferralKind(self.chosen("kind"))
        mediation = {
            c.code: {"yes": True, "no": False}.get(self.chosen(f"condition_{c.code}") or "")
            for c in mediation_conditions().conditions
        }
        referral = onward.NewReferral(
            kind=kind,
            status=ExternalReferralStatus(self.chosen("status")),
            on=self.value("on"),
            reason=self.value("reason"),
            provider=self.value("provider"),
            consent_given=self.ticked("consent_given") or None,
            mediation=mediation if kind is ExternalReferralKind.MEDIATION else None,
            regulator=self.chosen("regulator"),
            mandatory_matter=self.chosen("mandatory_matter"),
        )
        self.save_in_session(
            lambda session, actor: onward.make_referral(
                session=session, actor_id=actor, case_id=self.case_id, referral=referral
            )
        )
