"""Recording the day a member leaves the group."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.views.csg import MemberView
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class LeavingDraft:
    """The leaving date as typed."""

    left_on: str


class CsgLeavingScreen(FormScreen[MemberView]):
    """The member's last day in the group; their past meetings keep them."""

    AUTO_FOCUS = "#field-left-on"

    def __init__(self, member: MemberView, submit: Submit[LeavingDraft, MemberView]) -> None:
        super().__init__()
        self.member = member
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(
                literal(f"{self.member.name} leaves the CSG ({self.member.role_label})"),
                classes="title",
            )
            yield Label("Left on (YYYY-MM-DD)")
            yield Input(clock.today().isoformat(), id="field-left-on")
            yield self.message_line()
            yield Static("ctrl+s saves · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Record the leaving date."""
        draft = LeavingDraft(self.query_one("#field-left-on", Input).value)
        self.send(self.submit, draft)
