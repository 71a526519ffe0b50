"""Set how often the practitioner is followed up; the next review date follows from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, text_input
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import cases
from remedy_tui.services.case.case_summary import CaseSummary
from remedy_tui.services.common.errors import ValidationError
from remedy_tui.services.common.validation import parse_date
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class IntervalDraft:
    """The interval as typed (named as ``cases.set_follow_up_interval`` names them)."""

    interval_days: str
    from_day: str


class FollowUpIntervalForm(CaseForm[IntervalDraft, date]):
    """The interval in days, counted from a date (today unless said otherwise)."""

    HEADING = "Follow-up interval"
    AUTO_FOCUS = "#field-interval-days"

    def __init__(self, summary: CaseSummary, submit: Submit[IntervalDraft, date]) -> None:
        super().__init__(submit)
        self.summary = summary

    def intro(self) -> str:
        return (
            "As the deanery's case management guidance says, the case manager decides the "
            "interval, by the complexity and progress "
            "of the case. The next review date, and the open follow-up, move to match."
        )

    def fields(self) -> ComposeResult:
        current = self.summary.follow_up_interval_days
        yield self.row("Every (days)", text_input("interval_days", str(current or 28)))
        yield self.row(
            "Counted from (YYYY-MM-DD)", text_input("from_day", clock.today().isoformat())
        )
        yield Static("", id="next-review", classes="muted")

    def on_mount(self) -> None:
        self._preview()

    @on(Input.Changed)
    def _preview(self) -> None:
        """Say which date the next review will be, as the interval is typed."""
        line = self.query_one("#next-review", Static)
        try:
            days = int(self.value("interval_days"))
            start = parse_date(self.value("from_day"), field="from_day", label="date")
        except (ValueError, ValidationError):
            line.update("")
            return
        if start is not None and 0 < days <= cases.MAX_INTERVAL_DAYS:
            line.update(literal(f"Next review: {(start + timedelta(days=days)).isoformat()}"))
        else:
            line.update("")

    def action_save(self) -> None:
        self.save(IntervalDraft(self.value("interval_days"), self.value("from_day")))
