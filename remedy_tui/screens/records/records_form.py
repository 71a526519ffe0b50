"""The records area's short forms: a few labelled lines of text (a reason, a date, who asked,
where to write), saved with ctrl+s through the desk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from remedy_tui.screens.common.form import FormScreen, Submit, field_id
from remedy_tui.widgets import literal


@dataclass(frozen=True)
class Line:
    """One field: the service's name for it, its label, and what it starts with."""

    field: str
    label: str
    value: str = ""


@dataclass(frozen=True)
class Typed:
    """What was typed, by field name."""

    values: dict[str, str]

    def __getitem__(self, field: str) -> str:
        return self.values.get(field, "")


class RecordsForm(FormScreen[Any]):
    """A titled form of a few lines; ``submit`` writes what was typed."""

    def __init__(
        self, title: str, lines: tuple[Line, ...], submit: Submit[Typed, Any], *, about: str = ""
    ) -> None:
        super().__init__()
        self.form_title, self.lines, self.submit, self.about = title, lines, submit, about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(literal(self.form_title), classes="title")
            if self.about:
                yield Static(literal(self.about), classes="muted")
            for line in self.lines:
                yield Label(line.label)
                yield Input(line.value, id=field_id(line.field))
            yield self.message_line()
            yield Static("ctrl+s saves · Escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(f"#{field_id(self.lines[0].field)}", Input).focus()

    def action_save(self) -> None:
        """Hand what was typed to the desk."""
        typed = Typed(
            {
                line.field: self.query_one(f"#{field_id(line.field)}", Input).value
                for line in self.lines
            }
        )
        self.send(self.submit, typed)
