"""An action agreed at the meeting for one item: what, who, by when. It lands on the case."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit
from remedy_tui.views.csg import ActionView, AgendaItemView
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class ActionDraft:
    """An action as typed: what, who and by when."""

    description: str
    owner: str
    due_on: str


class CsgActionScreen(FormScreen[ActionView]):
    """Description, owner and due date."""

    AUTO_FOCUS = "#field-description"

    def __init__(self, item: AgendaItemView, submit: Submit[ActionDraft, ActionView]) -> None:
        super().__init__()
        self.item = item
        self.submit = submit

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog form"):
            yield Static(
                literal(f"Action for item {item.position}: {item.who or item.title}"),
                classes="title",
            )
            yield Label("The action")
            yield Input(id="field-description")
            yield Label("Who does it (optional)")
            yield Input(id="field-owner")
            yield Label("Due on (YYYY-MM-DD, optional)")
            yield Input(id="field-due-on")
            yield self.message_line()
            yield Static("ctrl+s adds · Escape cancels", classes="hint")

    def action_save(self) -> None:
        """Add the action."""
        draft = ActionDraft(
            *(
                self.query_one(f"#field-{name.replace('_', '-')}", Input).value
                for name in ("description", "owner", "due_on")
            )
        )
        self.send(self.submit, draft)
