"""One referral on one screen: everything the meeting needs, and what can be done with it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from remedy_tui import clock
from remedy_tui.messages import OpenCase
from remedy_tui.screens.triage.actions import TriageActions
from remedy_tui.services.triage.decide import ReferralDetail, referral_detail
from remedy_tui.store.models import ReferralStatus
from remedy_tui.widgets.key_footer import KeyFooter
from remedy_tui.widgets.referral_summary import ReferralSummary


class ReferralScreen(TriageActions, Screen[None]):
    """A referral in full; d decides, i asks for information, e completes the forms."""

    TITLE = "Referral"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("d", "decide", "Decide"),
        Binding("i", "request", "Request information"),
        Binding("a", "answer", "Record answer"),
        Binding("e", "edit", "Complete forms"),
        Binding("c", "open_case", "Open linked case"),
    ]

    def __init__(self, referral_id: int) -> None:
        super().__init__()
        self.referral_id = referral_id
        self.detail: ReferralDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="referral-scroll"):
            yield ReferralSummary("Loading...", id="referral-summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#referral-scroll").focus()
        self.load()

    def load(self) -> None:
        """Read the referral at the desk."""
        referral_id = self.referral_id
        self.ask(
            lambda desk: desk.read(referral_detail, referral_id=referral_id, today=clock.today()),
            self._show,
            group="referral",
        )

    def _show(self, detail: ReferralDetail) -> None:
        self.detail = detail
        self.sub_title = detail.reference
        self.query_one(ReferralSummary).show(detail)
        self.refresh_bindings()

    def triage_changed(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only offer what makes sense for this referral now."""
        detail = self.detail
        if detail is None:
            return None
        waiting = detail.status is not ReferralStatus.DECIDED
        if action in ("decide", "request", "edit"):
            return waiting
        if action == "answer":
            return any(r.answered_on is None for r in detail.requests)
        if action == "open_case":
            return detail.linked_case_id is not None
        return True

    def action_back(self) -> None:
        """Back to the list that opened it, which reads its rows again (a decision or forms
        completed here change them)."""
        self.dismiss(None)

    def action_decide(self) -> None:
        """Record the triage decision."""
        self.start_decision(self.referral_id)

    def action_request(self) -> None:
        """Ask for missing information."""
        self.start_request(self.referral_id)

    def action_answer(self) -> None:
        """Record what came back."""
        self.start_answer(self.referral_id)

    def action_edit(self) -> None:
        """Complete or correct the forms."""
        self.start_edit(self.referral_id)

    def action_open_case(self) -> None:
        """Show the case this referral belongs to."""
        if self.detail and self.detail.linked_case_id:
            self.post_message(
                OpenCase(self.detail.linked_case_id, self.detail.linked_case_reference or "")
            )
