"""Move an onward referral on: its new status, the date, and a note."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from remedy_tui import clock
from remedy_tui.screens.case.case_form import CaseForm, choice, text_area, text_input
from remedy_tui.screens.common.form import Submit
from remedy_tui.services.case import onward
from remedy_tui.services.case.onward import OnwardRow
from remedy_tui.store.models import ExternalReferralStatus


@dataclass(frozen=True)
class StatusDraft:
    """The referral's new status as typed (named as ``onward.change_status`` names them)."""

    status: ExternalReferralStatus
    on: str
    note: str


class ReferralStatusForm(CaseForm[StatusDraft, int]):
    """The referral's next status, the day it changed, and what happened."""

    HEADING = "Referral status"
    AUTO_FOCUS = "#field-status"

    def __init__(self, referral: OnwardRow, submit: Submit[StatusDraft, int]) -> None:
        super().__init__(submit)
        self.referral = referral

    def intro(self) -> str:
        row = self.referral
        return f"{row.kind.label}: {row.status.label.lower()} since {row.status_changed_on}"

    def fields(self) -> ComposeResult:
        statuses = [
            (s.label, s.value) for s in ExternalReferralStatus if s is not self.referral.status
        ]
        yield self.row("New status", choice("status", statuses))
        yield self.row("Date (YYYY-MM-DD)", text_input("on", clock.today().isoformat()))
        yield self.row("Note", text_area("note", limit=onward.REASON_LIMIT))

    def action_save(self) -> None:
        status = ExternalReferralStatus(self.chosen("status"))
        self.save(StatusDraft(status, self.value("on"), self.value("note")))
