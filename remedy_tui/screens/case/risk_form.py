"""Record a risk assessment: likelihood and impact (1 to 5) in each of the four domains, and
when it is to be reviewed. A review starts from the latest assessment's scores."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, text_area, text_input
from remedy_tui.services.case import risk
from remedy_tui.services.case.risk import RiskRow
from remedy_tui.store import Store

REVIEW_AFTER_DAYS = 90


class RiskForm(CaseForm[int]):
    """The eight scores, the dates, a summary and the mitigations."""

    HEADING = "Risk assessment"
    AUTO_FOCUS = "#field-patients-likelihood"

    def __init__(self, store: Store, case_id: int, latest: RiskRow | None) -> None:
        super().__init__(store, case_id)
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
        self.save_in_session(
            lambda session, actor: risk.record_assessment(
                session=session,
                actor_id=actor,
                case_id=self.case_id,
                scores=scores,
                assessed_on=assessed,
                review_on=review,
                summary=summary,
                mitigations=mitigations,
            )
        )
