"""Read a record or a document in full, inside the app: nothing is written anywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from remedy_tui.widgets import literal, visible


class TextViewer(ModalScreen[None]):
    """A title, a line about it, and the text, read-only and scrollable; Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, title: str, text: str, *, about: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog viewer"):
            yield Static(literal(self.title_text), classes="title", id="viewer-title")
            if self.about:
                yield Static(literal(self.about), classes="muted", id="viewer-about")
            # TextArea never interprets markup; control characters are made visible first.
            yield TextArea(visible(self.text), read_only=True, soft_wrap=True, id="viewer-text")
            yield Static("Escape closes · arrows and PgUp/PgDn scroll", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_close(self) -> None:
        """Close the viewer."""
        self.dismiss(None)
