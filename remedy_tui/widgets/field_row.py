"""One labelled field of a form, on one line: the label on the left, the field beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class FieldRow(Horizontal):
    """A label and its field; the label lights up while the field has the cursor."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        margin-bottom: 1;
    }
    FieldRow > Label {
        width: 30;
        margin: 0 1 0 0;
        color: $text-muted;
    }
    FieldRow:focus-within > Label {
        color: $accent;
        text-style: bold;
    }
    FieldRow > Input, FieldRow > Select, FieldRow > Checkbox {
        width: 1fr;
    }
    FieldRow > TextArea {
        width: 1fr;
        height: 5;
    }
    FieldRow .-textual-compact:focus, FieldRow Input:focus {
        background-tint: $accent 20%;
    }
    """

    def __init__(self, label: str, field: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.field
