"""One labelled field of a form, on one line: the label on the left, the field beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class FieldRow(Horizontal):
    """A label and its field; the label lights up while the field has the cursor.

    Styled in app.tcss (the app-wide rule that spaces out labels would otherwise win).
    """

    def __init__(self, label: str, field: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.field
