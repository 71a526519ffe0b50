"""A modal that reports a failure in one plain sentence."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from remedy_tui.widgets import literal


class ErrorDialog(ModalScreen[None]):
    """Says what went wrong; Enter or Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static(literal(self.title_text), classes="title")
            yield Static(literal(self.message))
            yield Static("Enter or Escape to close", classes="hint")

    async def action_dismiss(self, result: None = None) -> None:
        """Close the dialog."""
        self.dismiss(None)
