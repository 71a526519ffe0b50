"""Recording the day a member leaves the group."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui import clock
from remedy_tui.screens.common.form import FormScreen
from remedy_tui.services.csg import members
from remedy_tui.store import Store
from remedy_tui.views.csg import MemberView
from remedy_tui.widgets import literal


class CsgLeavingScreen(FormScreen[MemberView]):
    """The member's last day in the group; their past meetings keep them."""

    AUTO_FOCUS = "#field-left-on"

    def __init__(self, store: Store, member: MemberView) -> None:
        super().__init__()
        self.store = store
        self.member = member

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
        left_on = self.query_one("#field-left-on", Input).value
        store, member = self.store, self.member

        def save() -> MemberView:
            with store.session() as session:
                return members.record_leaving(
                    session=session,
                    member_id=member.id,
                    left_on=left_on,
                    expected_version=member.version,
                )

        self.save_with(save)
