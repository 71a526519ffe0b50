"""Record a risk assessment: likelihood and impact (1 to 5) in each of the four domains, and
when it is to be reviewed. A review starts from the latest assessment's scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, text_area, text_input
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import risk
from remedy_tui.services.case.risk import RiskRow

REVIEW_AFTER_DAYS = 90


@dataclass(frozen=True)
class RiskDraft:
    """An assessment as typed (named as ``risk.record_assessment`` names them)."""

    scores: Mapping[str, str]
    assessed_on: str
    review_on: str
    summary: str
    mitigations: str


class RiskForm(CaseForm[RiskDraft, int]):
    """The eight scores, the dates, a summary and the mitigations."""

    HEADING = "Risk assessment"
    AUTO_FOCUS = "#field-patients-likelihood"

    def __init__(self, latest: RiskRow | None, submit: Submit[RiskDraft, int]) -> None:
        super().__init__(submit)
        self.latest = latest

    def intro(self) -> str:
        if self.latest is None:
            return "Score each from 1 (rare, negligible) to 5 (almost certain, catastrophic)."
        return (
            f"Reviewing the assessment of {self.latest.assessed_on.isoformat()} "
            f"({self.latest.level}); its scores are filled in. 1 is low, 5 is high."
        )

    def fields(self) -> ComposeResult:
        earlier = {d.domain: d for d in self.latest.domains} if self.latest else {}
        for domain, label in risk.DOMAINS:
            before = earlier.get(domain)
            pair: list[Widget] = []
            for measure in ("likelihood", "impact"):
                value = str(getattr(before, measure)) if before else ""
                pair += [Label(measure), text_input(f"{domain}_{measure}", value, "1-5")]
            yield self.row(f"Risk to {label}", Horizontal(*pair, classes="score-pair"))
        today = clock.today()
        yield self.row("Assessed on (YYYY-MM-DD)", text_input("assessed_on", today.isoformat()))
        review = (today + timedelta(days=REVIEW_AFTER_DAYS)).isoformat()
        yield self.row("Review by (YYYY-MM-DD)", text_input("review_on", review))
        yield self.row("Summary", text_area("summary", limit=risk.TEXT_LIMIT))
        yield self.row("Mitigations", text_area("mitigations", limit=risk.TEXT_LIMIT))

    def action_save(self) -> None:
        scores = {name: self.value(name) for name in risk.SCORE_FIELDS}
        assessed, review = self.value("assessed_on"), self.value("review_on")
        summary, mitigations = self.value("summary"), self.value("mitigations")
        self.save(RiskDraft(scores, assessed, review, summary, mitigations))
